"""Where standard YAML reads a guide file differently from guide (`guide validate`).

guide reads its files with libyaml, PyYAML's C loader. PyYAML's own loader, written in Python (the
`yaml.safe_load` of most scripts; yamllint and the editors' YAML support read files the same way),
differs from libyaml in a few places an author meets:

- a '?' inside an unquoted phrasing in [ ] or { } ends the phrasing there (in YAML 1.1 '?' marks a
  key inside brackets), so `examples: [what about the cold, and wind?]` cannot be read at all,
  while guide reads the phrasing "and wind?" as meant;
- a tab between a key and its value, or after a value: guide reads it as a space, PyYAML refuses it;
- a comment right after a block scalar's `|` or `>` (`|# note`): PyYAML wants a space before '#';
- a bare '!' before an empty value: text to libyaml, nothing to PyYAML.

Each '?' phrasing is reported where it is (libyaml's events find them all, in files that have a '?'
and a bracket: about 25 ms on the bundled guide, lost in the noise of its 0.18-0.21 s `guide
validate`; 15-20 ms, reading the files, on the 151 files of the CLINC150 guide of
benchmarks/load_validate.py, whose load takes 450-700 ms). A file with a tab,
such a header or a tag is also composed with the Python loader, with those phrasings quoted, and what
it first refuses or reads as another value is reported. Those four are what the two loaders read
apart in small generated files (tests/test_yaml_standard.py keeps comparing them); the Python
loader costs about 15 times libyaml's time, so it runs only then, and only in `guide validate`
(and the chat's reload check), never when a guide is loaded for a conversation. A file libyaml
cannot read is left to the loader's own error.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from guide.dialog.yamltree import quoted
from guide.problems import Problem
from guide.records import NamedTuple

_CLoader = getattr(yaml, "CSafeLoader", None)
CODE = "yaml-standard"
_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")


def _ask_python(text: str) -> bool:
    """Whether ``text`` has what only the Python loader can tell: a tab, a block scalar's header with a
    comment right after it (`|# note`), a tag ('!': a bare one before an empty value is text to libyaml,
    nothing to PyYAML). Substring tests first: a regular expression over a large guide's files cost as
    much as the loader."""
    if "\t" in text:
        return True
    if "#" in text and ("|" in text or ">" in text) and _HEADER_COMMENT.search(text):
        return True
    at = text.find("!")
    while at >= 0:
        if at == 0 or text[at - 1] in " \n\r[{,":
            return True
        at = text.find("!", at + 1)
    return False


_READERS = "standard YAML (PyYAML's safe_load, yamllint and the editors that follow them)"


def check_files(paths: list[tuple[Path, str]]) -> list[Problem]:
    """The differences in each (path, shown) file that can be read; unreadable ones are skipped (the
    loader reports them)."""
    problems: list[Problem] = []
    for path, shown in paths:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        problems.extend(differences(text, shown))
    return problems


def differences(text: str, shown: str) -> list[Problem]:
    """Where standard YAML reads ``text`` differently from guide, as warnings at file:line:col."""
    if _CLoader is None:  # guide reads with the Python loader too: nothing can differ
        return []
    try:
        marked = _questions_in_brackets(text) if "?" in text and ("[" in text or "{" in text) else []
    except (yaml.YAMLError, RecursionError):
        return []  # the loader reports it
    problems = [_question_problem(scalar, shown) for scalar in marked]
    if not _ask_python(text):
        return problems  # nothing else the two loaders are known to read apart: no need to ask the slow one
    try:
        ours = yaml.compose(text, Loader=_CLoader)
    except (yaml.YAMLError, RecursionError):  # an alias to no anchor: events read, nodes not
        return problems
    patched = _Patched(text, marked)
    try:
        theirs = yaml.compose(patched.text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        problems.append(_refused(exc, patched, text, shown))
        return problems
    except (yaml.YAMLError, RecursionError):
        return problems
    other = _first_difference(ours, theirs) if ours is not None and theirs is not None else None
    if other is not None:
        line, col = other.start_mark.line + 1, other.start_mark.column + 1
        problems.append(Problem(shown, line, col, "warning",
                                f"{_READERS} reads the value here differently from guide",
                                "quote the value, so that every reader of the file reads it the same", CODE))
    return problems


class _Scalar(NamedTuple):
    """A plain scalar as libyaml read it: its value, and where it is written (offsets and 1-based line:col)."""

    value: str
    start: int
    end: int
    line: int
    col: int


def _questions_in_brackets(text: str) -> list[_Scalar]:
    """The unquoted scalars with a '?' inside a [ ] or { } (what PyYAML ends at the '?'), read from
    libyaml's events (no nodes built: a third cheaper than composing)."""
    found: list[_Scalar] = []
    flow: list[bool] = []
    for event in yaml.parse(text, Loader=_CLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            flow.append(bool(event.flow_style) or bool(flow and flow[-1]))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            flow.pop()
        elif isinstance(event, yaml.ScalarEvent) and flow and flow[-1] and not event.style and "?" in event.value:
            start, end = event.start_mark, event.end_mark  # plain: style None, or "" from libyaml
            found.append(_Scalar(event.value, start.index, end.index, start.line + 1, start.column + 1))
    return found


def _question_problem(scalar: _Scalar, shown: str) -> Problem:
    value = scalar.value
    return Problem(shown, scalar.line, scalar.col, "warning",
                   f"“{value}” is read as one phrasing by guide, but {_READERS} end an unquoted phrasing inside "
                   "[ ] or { } at its '?' and cannot read the file",
                   f"quote the phrasing: {quoted(value)}", CODE)


class _Patched:
    """The text with the scalars standard YAML cuts at '?' quoted, so that a later difference shows;
    positions in it map back to the text."""

    def __init__(self, text: str, scalars: list[_Scalar]) -> None:
        parts: list[str] = []
        shifts: list[tuple[int, int]] = []
        at = added = 0
        for scalar in scalars:
            start, end = scalar.start, scalar.end
            written = text[start:end]
            replaced = '"' + written.replace("\\", "\\\\").replace('"', '\\"') + '"'
            parts.append(text[at:start] + replaced)
            added += len(replaced) - len(written)
            at = end
            shifts.append((len("".join(parts)), added))
        parts.append(text[at:])
        self.text = "".join(parts)
        self.shifts = shifts  # (index in the patched text from which, characters added before it)

    def original(self, index: int) -> int:
        """The index in the original text of ``index`` in the patched one."""
        added = 0
        for after, total in self.shifts:
            if index >= after:
                added = total
        return index - added


def _refused(exc: yaml.MarkedYAMLError, patched: _Patched, text: str, shown: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    index = patched.original(mark.index) if mark is not None else 0
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    char = text[index] if index < len(text) else ""
    if char == "\t":
        return Problem(shown, line, col, "warning",
                       f"guide reads this tab as a space, but {_READERS} refuse a tab here",
                       "replace the tab with a space", CODE)
    if char == "#" and text[max(0, index - 1):index] in ("|", ">", "-", "+"):
        return Problem(shown, line, col, "warning",
                       f"guide reads '#' here as a comment, but {_READERS} need a space before it",
                       "put a space before the '#'", CODE)
    said = " ".join(filter(None, [exc.context, exc.problem]))
    return Problem(shown, line, col, "warning", f"guide reads this file, but {_READERS} cannot: {said}",
                   "quote the value here, so that every reader of the file reads it the same", CODE)


def _first_difference(ours: yaml.Node, theirs: yaml.Node) -> yaml.Node | None:
    """The first node (of ``ours``) that the other reading composes differently; None: the same."""
    stack = [(ours, theirs)]
    seen: set[int] = set()
    while stack:
        a, b = stack.pop()
        if id(a) in seen:
            continue
        seen.add(id(a))
        if type(a) is not type(b) or a.tag != b.tag:
            return a
        if isinstance(a, yaml.ScalarNode):
            if a.value != b.value:
                return a
            continue
        if len(a.value) != len(b.value):
            return a
        if isinstance(a, yaml.MappingNode):
            pairs = [pair for (ka, va), (kb, vb) in zip(a.value, b.value, strict=True) for pair in ((ka, kb), (va, vb))]
        else:
            pairs = list(zip(a.value, b.value, strict=True))
        stack.extend(reversed(pairs))
    return None
