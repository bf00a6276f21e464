"""The one-line header: the guide's title, the current topic, and whether the conversation is kept.

One line at every size (Textual's Header is three cells of icon and padding and cuts the
title at 60 columns); the title gives way first, with an ellipsis, never the indicator.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class HeaderBar(Horizontal):
    """Title and current topic on the left; "kept" on the right when the reader opted in."""

    def compose(self) -> ComposeResult:
        yield Static(id="header-title", markup=False)
        yield Static(id="header-kept", markup=False)

    def show(self, title: str, topic: str = "", kept: bool = False) -> None:
        """Show the guide's ``title``, the current ``topic`` (if any) and the "kept" indicator."""
        # spaces end a styled run rather than start the next (SVG screenshots drop leading spaces)
        parts: list[Content | tuple[str, str]] = [(f"{title} " if topic else title, "bold")]
        if topic and topic != title:
            parts += [Content("· "), (topic, "italic")]
        shown = Content.assemble(*parts)
        title = self.query_one("#header-title", Static)
        if title.content != shown:
            title.update(shown, layout=False)  # one line whatever it says: no new layout
        indicator = self.query_one("#header-kept", Static)
        if indicator.display != kept:
            indicator.update(Content("● kept on this computer") if kept else Content(""))
            indicator.tooltip = ("This conversation is saved in your user data folder; "
                                 "the command palette (ctrl+p) lists, reopens and deletes kept conversations"
                                 if kept else None)
            indicator.display = kept
