"""ctrl+f: find text in the conversation or in the article, with next and previous.

The bar looks in the Statics its owner names (``targets``), highlights every match, and
scrolls the current one into view. Matching ignores case, and a space in the query matches
any run of whitespace. Highlights are styles added to a copy of each text; closing the bar
puts the original texts back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

MATCH_STYLE = "underline on $warning 30%"
CURRENT_STYLE = "bold black on $warning"
MAX_QUERY = 200  # characters: a find query is a phrase, not a paste


def find_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where ``query`` occurs in ``text`` (any case; spaces match any whitespace), as (start, end)."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]


@dataclass(frozen=True)
class Match:
    widget: Static
    start: int
    end: int


class FindInput(Input):
    """The query; enter or ↓ goes to the next match, ↑ to the previous one, escape closes."""

    DEFAULT_CSS = """
    FindInput, FindInput:focus {
        width: 1fr;
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,f3", "step(1)", "Next", key_display="↓", tooltip="Next match (enter and F3 too)",
                id="find-next"),
        Binding("up,shift+f3", "step(-1)", "Previous", key_display="↑", tooltip="Previous match (shift+F3 too)",
                id="find-previous"),
        Binding("escape", "close", "Close find", key_display="esc", tooltip="Close find and go back",
                id="find-close"),
    ]

    def action_step(self, delta: int) -> None:
        bar = self.parent
        if isinstance(bar, FindBar):
            bar.step(delta)

    def action_close(self) -> None:
        bar = self.parent
        if isinstance(bar, FindBar):
            bar.close()


class FindBar(Horizontal):
    """A find line: query, "3 of 12", and highlights in the texts ``targets()`` returns."""

    DEFAULT_CSS = """
    FindBar {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    FindBar > .find-label {
        width: auto;
        padding: 0 1 0 0;
        text-style: bold;
        color: $text-accent;
    }
    FindBar > #find-status {
        width: auto;
        min-width: 12;
        padding: 0 1;
        color: $text-muted;
    }
    FindBar > #find-status.-none {
        color: $text-warning;
    }
    """

    class Closed(Message):
        """The reader closed the find bar (focus goes back where it makes sense)."""

    def __init__(self, targets: Callable[[], list[Static]], scroller: Callable[[], Widget], what: str,
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.targets = targets
        self.scroller = scroller
        self.what = what
        self.matches: list[Match] = []
        self.current = -1
        self._originals: dict[Static, Content] = {}

    def compose(self) -> ComposeResult:
        yield Static(Content("Find"), classes="find-label")
        yield FindInput(placeholder=f"Find in {self.what}", id="find-input", max_length=MAX_QUERY,
                        select_on_focus=True)
        yield Static(Content(""), id="find-status")

    @property
    def input(self) -> FindInput:
        return self.query_one("#find-input", FindInput)

    @property
    def is_open(self) -> bool:
        return self.display

    def open(self, what: str | None = None, targets: Callable[[], list[Static]] | None = None,
             scroller: Callable[[], Widget] | None = None) -> None:
        """Show the bar (optionally on other texts) and put the cursor in the query."""
        if targets is not None and (targets is not self.targets or what != self.what):
            self._restore()
            self.matches, self.current = [], -1
            self.targets = targets
            self.scroller = scroller or self.scroller
        if what is not None:
            self.what = what
            self.input.placeholder = f"Find in {what}"
        self.display = True
        self.input.focus()
        if self.input.value:
            self.search(keep_position=True)

    def close(self) -> None:
        self._restore()
        self.matches, self.current = [], -1
        self.display = False
        self.post_message(self.Closed())

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.search(from_current=True)

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.step(1)

    def suspend(self) -> None:
        """Take the highlights off (the texts are about to change); ``refresh_matches`` puts them back."""
        self._restore()

    def refresh_matches(self) -> None:
        """Search again (the texts changed, e.g. a new reply), staying on the same match if it is still there."""
        if self.is_open and self.input.value.strip():
            self.search(keep_position=True)

    def search(self, keep_position: bool = False, from_current: bool = False) -> None:
        """Find the query in the targets and go to the first match on screen; or stay on the
        current one (`keep_position`); or, as the query is typed (`from_current`), go to the
        first match at or after the current one, as incremental search does: "d", "do", "dog"
        stay where the reader started instead of drifting with each re-centred view."""
        current = self.matches[self.current] if 0 <= self.current < len(self.matches) else None
        self._restore()
        query = self.input.value
        targets = self.targets()
        self.matches = [Match(widget, start, end) for widget in targets
                        for start, end in find_spans(str(widget.content), query)]
        if keep_position and current in self.matches:
            self.current = self.matches.index(current)
        elif from_current and current is not None and current.widget in targets:
            order = {widget: i for i, widget in enumerate(targets)}
            here = (order[current.widget], current.start)
            self.current = next((i for i, m in enumerate(self.matches) if (order[m.widget], m.start) >= here),
                                self._first_in_view())
        else:
            self.current = self._first_in_view()
        self._paint(scroll=True)

    def _first_in_view(self) -> int:
        """Start where the reader is looking: the first match on screen, else the first one."""
        if not self.matches:
            return -1
        view = self.scroller().region
        return next((i for i, m in enumerate(self.matches) if m.widget.region.overlaps(view)), 0)

    def step(self, delta: int) -> None:
        """Go to the next (``delta`` 1) or previous (-1) match, wrapping around."""
        if not self.matches:
            self.app.bell()
            return
        self.current = (self.current + delta) % len(self.matches)
        self._paint(scroll=True)

    def _paint(self, scroll: bool) -> None:
        by_widget: dict[Static, list[tuple[int, Match]]] = {}
        for index, match in enumerate(self.matches):
            by_widget.setdefault(match.widget, []).append((index, match))
        for widget, found in by_widget.items():
            original = self._originals.setdefault(widget, _content_of(widget))
            content = original
            for index, match in found:
                content = content.stylize(CURRENT_STYLE if index == self.current else MATCH_STYLE,
                                          match.start, match.end)
            widget.update(content)
        self._status()
        if scroll and 0 <= self.current < len(self.matches):
            widget = self.matches[self.current].widget
            if widget.is_attached:
                self.scroller().scroll_to_center(widget, animate=False)

    def _status(self) -> None:
        status = self.query_one("#find-status", Static)
        if not self.input.value.strip():
            text = ""
        elif not self.matches:
            text = "no matches"
        else:
            text = f"{self.current + 1} of {len(self.matches)}"
        status.update(Content(text))
        status.set_class(bool(self.input.value.strip()) and not self.matches, "-none")

    def _restore(self) -> None:
        for widget, original in self._originals.items():
            if widget.is_attached:
                widget.update(original)
        self._originals.clear()


def _content_of(widget: Static) -> Content:
    content = widget.content
    return content if isinstance(content, Content) else Content(str(content))
