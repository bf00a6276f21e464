"""Messages the chat's widgets send up to the app: one place for all of them."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from guide.reply import Citation, Suggestion


@dataclass
class SuggestionChosen(Message):
    """The reader clicked (or pressed) one of the places to go next."""

    suggestion: Suggestion


@dataclass
class CitationOpened(Message):
    """The reader wants to see a quote in its source."""

    citation: Citation


@dataclass
class SourceOpened(Message):
    """The reader wants to read a whole source."""

    source_id: str

