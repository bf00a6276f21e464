"""The source viewer: the whole article, paragraphs numbered, the quoted passage highlighted."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from guide.reply import Citation
from guide.sources import Paragraph, Source

HIGHLIGHT = "bold reverse"


def quoted_span(source: Source, citation: Citation) -> tuple[int, int] | None:
    """The quote's character offsets in ``source.text``: the citation's own, or found again."""
    if citation.end > citation.start and source.text[citation.start:citation.end].split() == citation.quote.split():
        return citation.start, citation.end
    location = source.find_quote(citation.quote)
    return (location.start, location.end) if location else None


class ParagraphView(Horizontal):
    """One numbered paragraph, with the quoted span (if any) highlighted."""

    def __init__(self, paragraph: Paragraph, span: tuple[int, int] | None = None) -> None:
        super().__init__(classes="-cited" if span else "")
        self.paragraph = paragraph
        self.span = span

    def compose(self) -> ComposeResult:
        para = self.paragraph
        text = Content(para.text)
        if self.span:
            start = max(self.span[0], para.start) - para.start
            end = min(self.span[1], para.end) - para.start
            if end > start:
                text = text.stylize(HIGHLIGHT, start, end)
        yield Static(Content(f"¶{para.number}"), classes="number")
        yield Static(text, classes="text")


class SourceScreen(Screen[None]):
    """Read a source; opened from a citation it scrolls to the quote."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back to chat", tooltip="Close the article and return to the chat"),
        Binding("n", "jump_to_quote", "Go to quote", tooltip="Scroll back to the quoted passage"),
    ]

    def __init__(self, source: Source, citation: Citation | None = None) -> None:
        super().__init__()
        self.source = source
        self.citation = citation
        self.span = quoted_span(source, citation) if citation else None

    def compose(self) -> ComposeResult:
        source = self.source
        byline = " · ".join(part for part in (source.publisher, source.url) if part)
        heading = Content.assemble((source.title, "bold"), f"\n{byline}" if byline else "")
        if self.citation:
            heading = heading.append(Content(f"\nHighlighted: {self.citation.label()}"))
        yield Static(heading, id="source-heading")
        with VerticalScroll(id="source-body"):
            section = None
            for para in source.paragraphs:
                if para.section != section:
                    section = para.section
                    if section:
                        yield Static(Content(section), classes="section")
                span = self.span if self.span and para.start < self.span[1] and self.span[0] < para.end else None
                yield ParagraphView(para, span)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#source-body").focus()
        self.call_after_refresh(self.action_jump_to_quote)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.span is not None if action == "jump_to_quote" else True

    def action_jump_to_quote(self) -> None:
        cited = self.query(".-cited")
        if cited:
            self.query_one("#source-body", VerticalScroll).scroll_to_center(cited.first(), animate=False)
