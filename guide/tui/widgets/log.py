"""The conversation: a scrolling column of turns, centred at a readable width."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Static

from guide.tui.widgets.turns import EarlierTurns, GuideTurn, UserTurn

MAX_TURNS = 40  # reader and guide turns kept on screen


class LogEnd(Static):
    """Fills the view below a conversation shorter than the screen, so that it starts at the top.

    (An anchored scroll view otherwise pushes short content to the bottom.)
    """


class ChatLog(VerticalScroll):
    """The turns, newest last; anchored from the reader's first message, so it follows new replies
    until the reader scrolls up.

    Only the latest MAX_TURNS turns stay on screen (every widget here costs layout time on each
    reply); the transcript keeps them all.
    """

    can_focus = False

    def __init__(self, *children: Widget, earlier_note: str = "", **kwargs: object) -> None:
        super().__init__(*children, **kwargs)  # type: ignore[arg-type]
        self.earlier_note = earlier_note
        self.end = LogEnd()

    def compose(self) -> ComposeResult:
        yield self.end

    async def add(self, widgets: Sequence[Widget]) -> None:
        """Add turns at the end of the conversation."""
        await self.mount_all(widgets, before=self.end)

    def turns(self) -> list[Widget]:
        return [w for w in self.children if isinstance(w, (UserTurn, GuideTurn))]

    async def clear(self) -> None:
        """Remove every turn (a kept conversation is reopened in their place)."""
        await self.remove_children([w for w in self.children if not isinstance(w, LogEnd)])

    def on_key(self, event: events.Key) -> None:
        """Typing while a reply or link has focus goes to the input (keys bound and enabled here
        still work), and so does the enter that ends it: keys typed while the app started arrive
        here together, before the input has the focus, and the question must not stay unsent."""
        sends = event.key in ("enter", "ctrl+j")
        if not (sends or (event.is_printable and event.character)):
            return
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.enabled:
            return
        field = getattr(self.app, "chat_input", None)  # (a query would walk the whole conversation)
        if not isinstance(field, Input):
            field = self.app.query_one("#ask", Input)
        if sends and not field.value.strip():
            return
        event.stop()
        field.focus()
        if sends:
            submit = getattr(field, "submit_now", None)  # ChatInput's: at once, so that the keys
            if submit is not None:                       # after it start the next message
                submit()
            return
        field.cursor_position = len(field.value)  # carry on where the text ends
        field.insert_text_at_cursor(event.character)

    async def trim(self) -> None:
        turns = self.turns()
        if len(turns) <= MAX_TURNS:
            return
        await self.remove_children(turns[: len(turns) - MAX_TURNS])
        if not self.query(EarlierTurns):
            await self.mount(EarlierTurns(self.earlier_note), before=0)
