"""The source viewer: the whole article, paragraphs numbered, the quoted passage highlighted."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from guide.reply import Citation
from guide.source_noun import DEFAULT as DEFAULT_NOUN
from guide.source_noun import worded
from guide.sources import Source
from guide.tui.widgets.article import HIGHLIGHT, ArticleView, ParagraphView, SourceHeading, quoted_span
from guide.tui.widgets.find import FindBar
from guide.tui.widgets.footer import GuideFooter
from guide.tui.wording import word_bindings

__all__ = ["HIGHLIGHT", "ParagraphView", "SourceScreen", "quoted_span"]


class SourceScreen(Screen[None]):
    """Read a source; opened from a citation it scrolls to the quote."""

    DEFAULT_CSS = """
    SourceScreen #source-heading {
        padding: 0 2;
        background: $panel;
        color: $text;
    }
    SourceScreen #source-body {
        padding: 0 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back to chat", tooltip="Close the article and return to the chat",
                id="back-to-chat"),
        Binding("n", "jump_to_quote", "Go to quote", tooltip="Scroll back to the quoted passage", id="go-to-quote"),
        Binding("ctrl+f", "find", "Find", tooltip="Find text in the article", id="find"),
        Binding("u", "open_url", "Open web page", tooltip="Open the article's web address in your browser",
                id="open-url"),
    ]

    def __init__(self, source: Source, citation: Citation | None = None, noun: str = DEFAULT_NOUN) -> None:
        super().__init__()
        self.noun = noun  # what the guide calls its source
        word_bindings(self, noun)
        self.source = source
        self.citation = citation
        self.span = quoted_span(source, citation) if citation else None

    def compose(self) -> ComposeResult:
        note = f"the quote is in ¶{self.citation.paragraph}" if self.citation else ""
        yield SourceHeading(self.source, note, id="source-heading")
        yield ArticleView(self.source, (self.citation,) if self.citation else (), id="source-body")
        yield FindBar(lambda: self.body.searchable(), lambda: self.body, worded("the article", self.noun),
                      id="source-find")
        yield GuideFooter()

    @property
    def body(self) -> ArticleView:
        return self.query_one("#source-body", ArticleView)

    def on_mount(self) -> None:
        self.query_one(FindBar).display = False
        self.body.focus()
        self.call_after_refresh(self.action_jump_to_quote)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "jump_to_quote":
            return self.span is not None
        if action == "open_url":
            return bool(self.source.url)
        return True

    def action_jump_to_quote(self) -> None:
        self.body.scroll_to_quote()

    def action_find(self) -> None:
        self.query_one(FindBar).open()

    def action_open_url(self) -> None:
        if self.source.url:
            self.app.open_url(self.source.url)
            self.notify(f"Opening {self.source.url}", markup=False)

    def action_close(self) -> None:
        bar = self.query_one(FindBar)
        if bar.is_open:
            bar.close()
        else:
            self.dismiss()

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        self.body.focus()
