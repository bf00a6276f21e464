"""The reader's input line: history with up/down, numbers for suggestions, pastes kept whole."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

from guide.tui.messages import NumberPressed

HISTORY = Binding.Group("History", compact=True)


class ChatInput(Input):
    """An Input that remembers what was sent."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Previous", tooltip="Previous message you sent", group=HISTORY),
        Binding("down", "history(1)", "Next", tooltip="Next message you sent", group=HISTORY),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self._position = 0  # len(history) means the draft being typed
        self._draft = ""
        self.choices = 0  # how many suggestions a number key can pick

    def remember(self, text: str) -> None:
        """Add a sent message to the history (no empty lines, no repeats in a row)."""
        if text.strip() and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._position = len(self.history)
        self._draft = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position == len(self.history):
            self._draft = self.value
        self._position = max(0, min(len(self.history), self._position + step))
        self.value = self.history[self._position] if self._position < len(self.history) else self._draft
        self.cursor_position = len(self.value)

    def is_choice(self, character: str | None) -> bool:
        """Whether ``character`` is the number of one of the current suggestions."""
        return (character is not None and len(character) == 1 and character.isdigit()
                and 1 <= int(character) <= self.choices)

    def picks(self, character: str | None) -> bool:
        """Whether typing ``character`` now follows a suggestion (a number, in the empty input)."""
        return not self.value and self.is_choice(character)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # Suggestion numbers stay visible as the app's "1-9 Choose" in the footer; typed inside a
        # question they are still typed (this widget handles the key before any app binding).
        return super().check_consume_key(key, character) and not self.is_choice(character)

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        if self.picks(character):
            assert character is not None
            event.stop()
            event.prevent_default()
            self.post_message(NumberPressed(int(character)))

    def _on_paste(self, event: events.Paste) -> None:
        """Keep the whole paste (lines joined with spaces), not just its first line."""
        event.stop()
        event.prevent_default()
        text = " ".join(event.text.splitlines()) if "\n" in event.text or "\r" in event.text else event.text
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)
