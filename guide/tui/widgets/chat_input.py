"""The reader's input line: history with up/down, the conversation scrolled from here, pastes kept whole.

Every key typed here is text: a suggestion's number is a choice only when it is the whole
message sent ("2" and enter), so "2 weeks ago he said…" is never cut short.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

HISTORY = Binding.Group("History", compact=True)
SCROLL = Binding.Group("Scroll", compact=False)

WITH_SUGGESTIONS = "Ask in your own words, or type a suggestion's number"
WITHOUT_SUGGESTIONS = "Ask in your own words"
AFTER_SAFETY = "Type a message"


class ChatInput(Input):
    """An Input that remembers what was sent, and scrolls the conversation above it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Previous", tooltip="Previous message you sent", group=HISTORY, id="history"),
        Binding("down", "history(1)", "Next", tooltip="Next message you sent", group=HISTORY),
        Binding("pageup", "app.scroll_log('page_up')", "Page up", key_display="PgUp",
                tooltip="Scroll the conversation up a page (the cursor stays here)", group=SCROLL, id="scroll"),
        Binding("pagedown", "app.scroll_log('page_down')", "Page down", key_display="PgDn",
                tooltip="Scroll the conversation down a page", group=SCROLL),
        Binding("ctrl+home", "app.scroll_log('home')", "Top", show=False,
                tooltip="Scroll to the start of the conversation"),
        Binding("ctrl+end", "app.scroll_log('end')", "Latest", show=False,
                tooltip="Scroll to the latest reply"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self._position = 0  # len(history) means the draft being typed
        self._draft = ""

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

    async def _on_key(self, event: events.Key) -> None:
        """Enter is handled here, in turn with the keys around it. As a binding it would run only
        once the key had bubbled up to the app, after the keys typed next were already in the
        line: "tell me more", enter, "why", enter arriving together came out as "tell me morewhy".
        A newline (ctrl+j) sends too: a question typed while the guide was still loading, before the
        terminal was in raw mode, arrives with the line's newline instead of a carriage return."""
        if event.key in ("enter", "ctrl+j"):
            event.stop()
            event.prevent_default()
            await self.action_submit()

    async def action_submit(self) -> None:
        self.submit_now()

    def submit_now(self) -> None:
        """Send the text and empty the line at once, here, so the next keys start the next message."""
        text = self.value
        if not text.strip():
            return  # nothing to send; the placeholder says what to type
        self.remember(text)
        self.value = ""
        self.post_message(self.Submitted(self, text))

    def give_back(self, text: str) -> None:
        """The app could not take ``text``: put it back, unless something new was typed meanwhile."""
        if not self.value:
            self.value = text
            self.cursor_position = len(text)

    def hint(self, suggestions: int, safety: bool = False) -> None:
        """Say in the placeholder what can be typed now: a number only when there are suggestions."""
        self.placeholder = WITH_SUGGESTIONS if suggestions else AFTER_SAFETY if safety else WITHOUT_SUGGESTIONS

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
