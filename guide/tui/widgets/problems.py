"""The author's panel (with --watch): what `guide validate` says about the guide on disk.

Errors are listed, root errors first, while the last good guide keeps answering; warnings
are folded under their count, so a guide that loads with warnings takes one line.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Collapsible, Static

from guide.problems import Problem

MAX_SHOWN = 50


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' * (number != 1)}"


class ProblemsPanel(VerticalScroll):
    """Hidden while the guide has no problems; scrolls (mouse, or keys once focused) when long."""

    DEFAULT_CSS = """
    ProblemsPanel {
        height: auto;
        max-height: 40%;
        border: round $error;
        padding: 0 1;
        background: $surface;
    }
    ProblemsPanel > .problems-note {
        color: $text-muted;
        text-style: italic;
    }
    ProblemsPanel > .problem {
        color: $text-error;
    }
    ProblemsPanel.-warnings-only {
        border: round $warning;
    }
    ProblemsPanel .problem-warning {
        color: $text-warning;
    }
    ProblemsPanel > Collapsible {
        background: $surface;
        padding: 0;
        border-top: none;
    }
    """
    BORDER_TITLE = "Guide has errors"
    errors_shown: int = 0

    def show_problems(self, problems: Sequence[Problem], running: bool, loaded: bool = False) -> None:
        """Show ``problems``: ``running`` says whether a guide is answering; ``loaded``, that it is
        this version (it loaded, with these problems) rather than the last good one."""
        self.remove_children()
        errors = [p for p in problems if p.is_error]
        warnings = [p for p in problems if not p.is_error]
        if not errors and not warnings:
            self.clear()
            return
        self.errors_shown = len(errors)
        self.set_class(not errors, "-warnings-only")
        self.border_title = "Guide has errors" if errors else "Guide warnings"
        self.border_subtitle = " · ".join(
            part for part in (_count(len(errors), "error") if errors else "",
                              _count(len(warnings), "warning") if warnings else "") if part)
        lines: list[Static | Collapsible] = []
        if errors:
            if loaded:
                note = "This version is answering, but guide validate finds errors in it."
            elif running:
                note = "The last good version keeps answering; save a fix to reload."
            else:
                note = "No version of this guide loads yet; save a fix to start."
            lines.append(Static(Content(note), classes="problems-note"))
            lines += self._lines(errors, "problem")
        if warnings:
            lines.append(Collapsible(*self._lines(warnings, "problem-warning"), title=Content(
                _count(len(warnings), "warning") + " (they do not stop the guide)"), collapsed=True))
        self.mount_all(lines)
        self.display = True

    @staticmethod
    def _lines(problems: Sequence[Problem], classes: str) -> list[Static]:
        lines = [Static(Content(problem.format()), classes=classes) for problem in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            lines.append(Static(Content(f"… and {len(problems) - MAX_SHOWN} more (guide validate lists all)")))
        return lines

    def clear(self) -> None:
        self.remove_children()
        self.errors_shown = 0
        self.display = False
