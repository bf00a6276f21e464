"""Messages the chat's widgets send up to the app: one place for all of them.

Plain classes rather than dataclasses: each dataclass costs about a millisecond to create at
import, and these are imported before the first frame.
"""

from __future__ import annotations

from textual.message import Message

from guide.reply import Citation, Suggestion


class SuggestionChosen(Message):
    """The reader clicked (or pressed) one of the places to go next."""

    def __init__(self, suggestion: Suggestion) -> None:
        super().__init__()
        self.suggestion = suggestion


class CitationOpened(Message):
    """The reader wants to see a quote in its source."""

    def __init__(self, citation: Citation) -> None:
        super().__init__()
        self.citation = citation


class SourceOpened(Message):
    """The reader wants to read a whole source."""

    def __init__(self, source_id: str) -> None:
        super().__init__()
        self.source_id = source_id
