"""A whole source on screen: sections, numbered paragraphs, quoted passages highlighted.

Shared by the full-screen viewer and the side panel of wide terminals.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from guide.tui.widgets.links import byline

if TYPE_CHECKING:
    from guide.reply import Citation
    from guide.sources import Paragraph, Source

HIGHLIGHT = "bold reverse"
Span = tuple[int, int]


def quoted_span(source: Source, citation: Citation) -> Span | None:
    """The quote's character offsets in ``source.text``: the citation's own, or found again."""
    if citation.end > citation.start and source.text[citation.start:citation.end].split() == citation.quote.split():
        return citation.start, citation.end
    location = source.find_quote(citation.quote)
    return (location.start, location.end) if location else None


def cites(source: Source, citation: Citation) -> bool:
    """Whether ``citation`` quotes ``source`` (by id, or by title for citations without one)."""
    return citation.source_id == source.id if citation.source_id else citation.source == source.title


__all__ = ["HIGHLIGHT", "ArticlePanel", "ArticleView", "ParagraphView", "SourceHeading", "byline", "quoted_span"]


class ParagraphView(Horizontal):
    """One numbered paragraph, with the quoted spans (if any) highlighted."""

    DEFAULT_CSS = """
    ParagraphView {
        height: auto;
        margin: 1 0 0 0;
    }
    ParagraphView > .number {
        width: 5;
        color: $text-muted;
    }
    ParagraphView > .text {
        width: 1fr;
    }
    ParagraphView.-cited {
        background: $warning 15%;
    }
    ParagraphView.-cited > .number {
        color: $text-warning;
        text-style: bold;
    }
    """

    def __init__(self, paragraph: Paragraph, spans: Iterable[Span] = ()) -> None:
        self.paragraph = paragraph
        self.spans = self._inside(spans)
        super().__init__(classes="-cited" if self.spans else "")

    def _inside(self, spans: Iterable[Span]) -> tuple[Span, ...]:
        """The parts of ``spans`` (offsets in the source) in this paragraph, as offsets in its text."""
        para = self.paragraph
        inside = ((max(start, para.start) - para.start, min(end, para.end) - para.start)
                  for start, end in spans if start < para.end and para.start < end)
        return tuple((start, end) for start, end in inside if end > start)

    def _text(self) -> Content:
        text = Content(self.paragraph.text)
        for start, end in self.spans:
            text = text.stylize(HIGHLIGHT, start, end)
        return text

    def compose(self) -> ComposeResult:
        yield Static(Content(f"¶{self.paragraph.number}"), classes="number")
        yield Static(self._text(), classes="text")

    def mark(self, spans: Iterable[Span]) -> None:
        """Highlight ``spans`` (offsets in the source) where they fall in this paragraph, and nothing else."""
        inside = self._inside(spans)
        if inside == self.spans:
            return
        self.spans = inside
        self.set_class(bool(inside), "-cited")
        self.text_widget.update(self._text())

    @property
    def text_widget(self) -> Static:
        return self.query_one(".text", Static)


class ArticleView(VerticalScroll):
    """The source's sections and paragraphs; ``show`` highlights quotes and scrolls to the first."""

    DEFAULT_CSS = """
    ArticleView {
        align-horizontal: center;
    }
    ArticleView > ParagraphView, ArticleView > .section {
        max-width: 100;
    }
    ArticleView > .section {
        margin: 1 0 0 0;
        text-style: bold;
        color: $text-primary;
    }
    """

    def __init__(self, source: Source, citations: Iterable[Citation] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.source = source
        self.spans = self._spans(citations)

    def _spans(self, citations: Iterable[Citation]) -> tuple[Span, ...]:
        spans = (quoted_span(self.source, c) for c in citations if cites(self.source, c))
        return tuple(span for span in spans if span)

    def compose(self) -> ComposeResult:
        section = None
        for para in self.source.paragraphs:
            if para.section != section:
                section = para.section
                if section:
                    yield Static(Content(section), classes="section")
            yield ParagraphView(para, self.spans)

    def show(self, citations: Iterable[Citation]) -> bool:
        """Highlight the passages ``citations`` quote from this source; False if none is from it."""
        self.spans = self._spans(citations)
        for view in self.query(ParagraphView):
            view.mark(self.spans)
        return bool(self.spans)

    def scroll_to_quote(self, top: bool = False) -> None:
        """Bring the first highlighted paragraph into view: centred, or at the ``top``."""
        cited = self.query(".-cited")
        if not cited:
            return
        if top:
            self.scroll_to_widget(cited.first(), top=True, animate=False)
        else:
            self.scroll_to_center(cited.first(), animate=False)

    def searchable(self) -> list[Static]:
        """The texts ctrl+f looks in: section headings and paragraphs."""
        return [w for w in self.query(Static) if w.has_class("section") or w.has_class("text")]


class SourceHeading(Static):
    """The source's title and byline, and which passage is highlighted."""

    def __init__(self, source: Source, note: str = "", **kwargs: object) -> None:
        super().__init__(heading(source, note), **kwargs)  # type: ignore[arg-type]


def heading(source: Source, note: str = "") -> Content:
    """The title, then one line: publisher, date, address, and the ``note`` (which passage is lit)."""
    line = " · ".join(part for part in (byline(source), note) if part)
    return Content.assemble((source.title, "bold"), f"\n{line}" if line else "")


class ArticlePanel(Vertical):
    """The article beside the chat (wide terminals): follows the latest reply's quotes."""

    DEFAULT_CSS = """
    ArticlePanel {
        width: 42%;
        max-width: 96;
        height: 1fr;
        border-left: vkey $foreground 20%;
    }
    ArticlePanel:focus-within {
        border-left: vkey $accent;
    }
    ArticlePanel > #panel-heading {
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    ArticlePanel > #panel-article {
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    ArticlePanel > #panel-article:focus {
        background-tint: $foreground 3%;
    }
    """

    can_focus = False

    def __init__(self, source: Source, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.source = source
        self._following = asyncio.Lock()  # one change of article at a time

    def compose(self) -> ComposeResult:
        yield SourceHeading(self.source, id="panel-heading")
        yield ArticleView(self.source, id="panel-article")

    @property
    def view(self) -> ArticleView:
        return self.query_one("#panel-article", ArticleView)

    async def follow(self, source: Source, citations: Iterable[Citation]) -> None:
        """Show ``source`` with ``citations`` highlighted, the first of them at the top. Calls
        wait for each other: two replies in quick succession, or a reply while the panel comes
        in, once asked for the view between the old one's removal and the new one's mount."""
        citations = tuple(citations)
        async with self._following:
            views = self.query("#panel-article")
            if source is not self.source or not views:
                self.source = source
                await views.remove()
                self.query_one("#panel-heading", SourceHeading).update(heading(source))
                view = ArticleView(source, citations, id="panel-article")
                await self.mount(view)
            else:
                view = views.first(ArticleView)
                view.show(citations)
        self.call_after_refresh(view.scroll_to_quote, True)
