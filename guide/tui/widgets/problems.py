"""The author's panel: what is wrong with the guide on disk while the last good one keeps running."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from guide.problems import Problem

MAX_SHOWN = 50


class ProblemsPanel(VerticalScroll):
    """Hidden while the guide is fine; lists ``file:line:col: message`` (and hints) when it is not."""

    BORDER_TITLE = "Guide has errors"
    can_focus = False

    def show_problems(self, problems: Sequence[Problem], running: bool) -> None:
        """Show ``problems``; ``running`` says whether a last good guide is still answering."""
        self.remove_children()
        errors = [p for p in problems if p.is_error] or list(problems)
        note = ("The last good version keeps answering; save a fix to reload."
                if running else "No version of this guide loads yet; save a fix to start.")
        self.border_subtitle = f"{len(errors)} error{'s' * (len(errors) != 1)}"
        lines = [Static(Content(note), classes="problems-note")]
        lines += [Static(Content(problem.format()), classes="problem") for problem in errors[:MAX_SHOWN]]
        if len(errors) > MAX_SHOWN:
            lines.append(Static(Content(f"… and {len(errors) - MAX_SHOWN} more (guide validate lists all)")))
        self.mount_all(lines)
        self.display = True

    def clear(self) -> None:
        self.remove_children()
        self.display = False
