"""The conversation's turns: the reader's messages and the guide's replies."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from guide.reply import Reply
from guide.tui.literal import DISPLAY_LIMIT, literal
from guide.tui.messages import CitationOpened
from guide.tui.widgets.blocks import GuideFacts, block_widgets
from guide.tui.widgets.links import CitationLink, Link, SourceLink, SuggestionLink
from guide.tui.wording import word_bindings


class UserTurn(Static):
    """What the reader typed, shown literally (never as markup), cut to a readable length."""

    def __init__(self, text: str, *, chosen: bool = False) -> None:
        self.text = text
        self.chosen = chosen
        body = literal(text, DISPLAY_LIMIT)
        prefix = "You chose " if chosen else "You  "
        super().__init__(Content.assemble((prefix, "bold"), body), classes="-chosen" if chosen else "")


class EarlierTurns(Static):
    """Stands in for turns no longer shown."""

    def __init__(self, note: str = "") -> None:
        super().__init__(Content(f"Earlier turns are not shown here{'; ' + note if note else ''}."))


class Thinking(Static):
    """Shown while the guide looks for an answer (and how many more messages wait for theirs)."""

    def __init__(self, waiting: int = 0) -> None:
        super().__init__(self._text(waiting))

    @staticmethod
    def _text(waiting: int) -> Content:
        more = f" ({waiting} more message{'s' * (waiting != 1)} waiting)" if waiting else ""
        return Content(f"thinking…{more}")

    def waiting(self, count: int) -> None:
        self.update(self._text(count))


class GuideTurn(Vertical):
    """One reply, its blocks rendered by type, then its notice, suggestions and footer.

    Focus it (tab) to open its first citation or copy it.
    """

    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open_citation", "Source", tooltip="Open the article at this reply's first quote"),
        Binding("c", "copy", "Copy", tooltip="Copy this reply as plain text"),
    ]

    def __init__(self, reply: Reply, facts: GuideFacts | None = None, classes: str = "") -> None:
        super().__init__(classes=f"-{reply.kind} {classes}".strip())
        word_bindings(self, (facts or GuideFacts()).source_noun)
        self.latest = True
        self.shown = False  # laid out at least once (then the log can bring it into view)
        self.reply = reply
        self.facts = facts or GuideFacts()

    def compose(self) -> ComposeResult:
        reply = self.reply
        if reply.notice:
            yield Static(Content(f"({reply.notice})"), classes="notice")
        yield from block_widgets(reply.blocks, self.facts)
        if reply.command == "sources":
            for source_id, source in self.facts.sources.items():
                yield SourceLink(source_id, source.title)
        for number, suggestion in enumerate(reply.suggestions, start=1):
            yield SuggestionLink(number, suggestion)
        if reply.footer:
            yield Static(Content(reply.footer), classes="footer-line")

    def on_resize(self, event: events.Resize) -> None:
        if not self.shown and event.size.height:
            self.shown = True
            self.post_message(self.LaidOut(self))

    class LaidOut(Message):
        """The reply has its size: now it can be scrolled into view."""

        def __init__(self, turn: GuideTurn) -> None:
            super().__init__()
            self.turn = turn

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_citation", "copy") and self.screen.focused is not self:
            return False  # on one of its links, enter is the key (and the footer stays within 80 columns)
        if action == "open_citation":
            return bool(self.reply.citations)
        return True

    def action_open_citation(self) -> None:
        if self.reply.citations:
            self.post_message(CitationOpened(self.reply.citations[0]))

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.reply.text)
        self.notify("Reply copied to the clipboard.", markup=False)

    def retire(self) -> None:
        """A newer reply arrived: leave the tab order, and dim the suggestions, which are no longer live.

        Citations still open with the mouse. Only the suggestions are restyled (a class on the
        reply would restyle every widget in it), so a reply costs the same however long the
        conversation.
        """
        self.can_focus = False
        self.latest = False
        for link in self.query(Link):
            if isinstance(link, SuggestionLink):
                link.retire()
            link.can_focus = False

    def dim(self) -> None:
        """Show the retired suggestions as such (a restyle: done once the newer reply is on screen)."""
        for link in self.query(SuggestionLink):
            link.add_class("-retired")

    @property
    def citation_links(self) -> list[CitationLink]:
        return list(self.query(CitationLink))
