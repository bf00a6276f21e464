"""Problems found in a guide: errors are values, collected and reported like a compiler."""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
from typing import Literal

from guide.records import NamedTuple

Severity = Literal["error", "warning"]


class Pos(NamedTuple):
    """A place in a file: 1-based line and column."""

    file: str
    line: int
    col: int


class Problem(NamedTuple):
    """One thing wrong (or worth a look) at a place in a file."""

    file: str
    line: int
    col: int
    severity: Severity
    message: str
    hint: str = ""
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        """``file:line:col: severity: message`` and, indented below, the hint. A line break or tab in
        the file's name is written as ``\\n`` or ``\\t``: the location stays on one line, as editors
        and CI read it; a byte of it that is not UTF-8 as ``\\xNN`` (the chat's problems panel too)."""
        from guide.terminal import readable_bytes

        head = f"{self.file.translate(_ONE_LINE)}:{self.line}:{self.col}: {self.severity}: {self.message}"
        if not self.hint:
            return readable_bytes(head)
        hint_lines = self.hint.splitlines()
        return readable_bytes(head + "\n  hint: " + "\n        ".join(hint_lines))

    def to_dict(self) -> dict[str, object]:
        return self._asdict()


_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


class ProblemList(list[Problem]):
    """A list of problems with shortcuts for adding them."""

    def error(self, file: str, line: int, col: int, message: str, hint: str = "", code: str = "") -> None:
        self.append(Problem(file, line, col, "error", message, hint, code))

    def warning(
        self, file: str, line: int, col: int, message: str, hint: str = "", code: str = ""
    ) -> None:
        self.append(Problem(file, line, col, "warning", message, hint, code))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if not p.is_error]


FILE_NOT_LOADED = frozenset({
    "unreadable", "file-too-large", "not-utf8", "empty-file", "control-character", "tab", "yaml-syntax",
    "alias-bomb", "not-a-node-file",
})
"""Codes of the errors that stop a whole file from loading: everything it defines is missing, so
other problems may follow from them (a reference to one of its nodes, say). They are the root."""


def stops_a_file(problem: Problem) -> bool:
    return problem.is_error and problem.code in FILE_NOT_LOADED


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Errors that stop a file from loading first (fix them first: others may follow from
    them), then by file and position; errors before warnings at the same place."""
    return sorted(problems, key=lambda p: (not stops_a_file(p), p.file, p.line, p.col, p.severity != "error",
                                           p.message))
