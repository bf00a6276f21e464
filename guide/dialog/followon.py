"""Follow-on problems: when a file fails to load, what it would have defined.

A node file with a tab or a syntax error loads nothing, so every reference to its nodes
would look dangling. The file's own error is the one to fix; the references are checked
again once it loads. This module reads the ids such a file names (line by line, without
YAML) so that those references are left out, and words the note that goes on the root error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from guide.problems import Problem

MAX_SCAN_BYTES = 4_000_000
_ID_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?id[ \t]*:[ \t]*(["']?)([a-z0-9][a-z0-9_-]*)\1[ \t]*(?:#.*)?\r?$""", re.M)
_ID_FLOW = re.compile(r"""[{,][ \t]*id[ \t]*:[ \t]*(["']?)([a-z0-9][a-z0-9_-]*)\1[ \t]*[,}]""")


def ids_written_in(path: Path) -> tuple[str, ...]:
    """The node ids a file that YAML could not read names on its `id:` lines, in order."""
    try:
        if path.stat().st_size > MAX_SCAN_BYTES:
            return ()
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ()
    found = [(m.start(), m.group(2)) for pattern in (_ID_LINE, _ID_FLOW) for m in pattern.finditer(text)]
    return tuple(dict.fromkeys(node_id for _, node_id in sorted(found)))


@dataclass
class FailedFile:
    """A node file that did not load, the ids it names, and the references to them left unchecked."""

    shown: str
    ids: tuple[str, ...]
    unchecked: list[str] = field(default_factory=list)

    def note(self) -> str:
        """A line for the root error's hint: what is missing because of it."""
        if not self.ids:
            return "this file did not load: nothing it defines is in the guide until it does"
        names = ", ".join(f"'{i}'" for i in self.ids[:4]) + (", …" if len(self.ids) > 4 else "")
        several = len(self.ids) != 1
        note = f"this file did not load, so its node{'s' * several} {names} {'are' if several else 'is'} missing"
        count = len(self.unchecked)
        if count:
            note += (f": the {count} reference{'s' * (count != 1)} to {'them' if several else 'it'} "
                     "will be checked once it loads")
        return note


def with_notes(problems: list[Problem], failed: dict[str, FailedFile]) -> list[Problem]:
    """``problems`` with each failed file's note added to the hint of its (first) error."""
    noted: set[str] = set()
    out = []
    for problem in problems:
        entry = failed.get(problem.file)
        if entry is not None and problem.is_error and problem.file not in noted:
            noted.add(problem.file)
            hint = f"{problem.hint}\n{entry.note()}" if problem.hint else entry.note()
            problem = problem._replace(hint=hint)
        out.append(problem)
    return out
