"""Focusable, clickable lines: citations, suggestions and sources.

Plain Statics rather than Buttons: a conversation holds many of them, and each costs
style and layout time on every reply.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from guide.reply import Citation, Suggestion
from guide.tui.messages import CitationOpened, SourceOpened, SuggestionChosen


class Link(Static):
    """A line that does something when clicked or when enter is pressed on it."""

    can_focus = True

    def message(self) -> Message:
        raise NotImplementedError

    def on_click(self) -> None:
        self.activate()

    def activate(self) -> None:
        self.post_message(self.message())

    def action_activate(self) -> None:
        self.activate()


class CitationLink(Link):
    """Where a quote comes from; opens the source at the quote."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "activate", "Open", tooltip="Show this quote in the article"),
    ]

    def __init__(self, citation: Citation) -> None:
        self.citation = citation
        super().__init__(Content(f"— {citation.label()}  ↗"))
        self.tooltip = "Open the article at this passage"

    def message(self) -> Message:
        return CitationOpened(self.citation)


class SuggestionLink(Link):
    """One numbered place to go next."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "activate", "Follow", tooltip="Follow this suggestion")]

    def __init__(self, number: int, suggestion: Suggestion) -> None:
        self.number = number
        self.suggestion = suggestion
        super().__init__(Content.assemble((f" {number} ", "bold"), f" {suggestion.label} "))
        self.tooltip = f"Press {number}, click, or enter to follow"

    def message(self) -> Message:
        return SuggestionChosen(self.suggestion)


class SourceLink(Link):
    """Opens one of the guide's sources in the viewer."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "activate", "Open", tooltip="Read this source")]

    def __init__(self, source_id: str, title: str) -> None:
        self.source_id = source_id
        super().__init__(Content(f"Open “{title}”  ↗"))

    def message(self) -> Message:
        return SourceOpened(self.source_id)
