"""Focusable, clickable lines: citations, suggestions and sources.

Plain Statics rather than Buttons: a conversation holds many of them, and each costs
style and layout time on every reply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Protocol

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from guide.reply import Citation, Suggestion
from guide.source_noun import DEFAULT as DEFAULT_NOUN
from guide.source_noun import worded
from guide.tui.messages import CitationOpened, SourceOpened, SuggestionChosen
from guide.tui.wording import word_bindings

ARROW = "↗"
SOURCE_TITLE_LENGTH = 28  # of a source's title in a short citation, when a guide quotes several


class SourceLike(Protocol):
    """A guide's Source, or what the opening screen remembers of one (guide.tui.opening.SourceInfo)."""

    id: str
    title: str
    publisher: str
    url: str


def byline(source: SourceLike) -> str:
    """Author, publisher, date and address, as far as the guide names them ("" when it names none)."""
    published = getattr(source, "published", "")  # a newer core's Source has it
    author = getattr(source, "author", "")  # (and `author`)
    return " · ".join(part for part in (f"by {author}" if author else "", source.publisher,
                                        f"published {published}" if published else "", source.url) if part)


class Link(Static):
    """A line that does something when clicked or when enter is pressed on it."""

    can_focus = True

    def message(self) -> Message | None:
        raise NotImplementedError

    def on_click(self) -> None:
        self.activate()

    def activate(self) -> None:
        message = self.message()
        if message is not None:
            self.post_message(message)

    def action_activate(self) -> None:
        self.activate()


def short_citation(citation: Citation, sources: Mapping[str, SourceLike] | None = None) -> str:
    """Section and paragraph ("How Sex Helps, ¶11"), with the source's title only when a guide has several."""
    where = f"{citation.section}, ¶{citation.paragraph}" if citation.section else f"¶{citation.paragraph}"
    if sources and len(sources) > 1:
        source = sources.get(citation.source_id)
        title = source.title if source else citation.source
        if len(title) > SOURCE_TITLE_LENGTH:
            title = title[: SOURCE_TITLE_LENGTH - 1].rstrip() + "…"
        where = f"{title} · {where}"
    return where


def citation_details(citation: Citation, source: SourceLike | None, noun: str = DEFAULT_NOUN) -> str:
    """Everything about where a quote comes from: for the tooltip (``noun``: what the guide calls its source)."""
    lines = [source.title if source else citation.source]
    if source is not None and byline(source):
        lines.append(byline(source))
    section = f"section “{citation.section}”, " if citation.section else ""
    lines += [f"{section}paragraph {citation.paragraph}",
              worded("Click or press enter to read it in the article", noun)]
    return "\n".join(lines)


def glued(text: str, width: int) -> Content:
    """``text`` ending in the arrow, with a line break placed so the arrow never sits alone on a line.

    (Textual breaks lines at any space, non-breaking ones included.)
    """
    content = Content(text)
    if width <= 0:
        return content
    lines = content.wrap(width)
    if len(lines) < 2 or lines[-1].plain.strip() != ARROW:
        return content
    head, _, last_word = text[: -len(ARROW)].rstrip().rpartition(" ")
    return Content(f"{head}\n{last_word} {ARROW}") if head else content


class CitationLink(Link):
    """Where a quote comes from, in short; opens the article at the quote. The tooltip says it all."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "activate", "Open", tooltip="Show this quote in the article"),
    ]

    def __init__(self, citation: Citation, sources: Mapping[str, SourceLike] | None = None,
                 noun: str = DEFAULT_NOUN) -> None:
        self.citation = citation
        self.text = f"— {short_citation(citation, sources)} {ARROW}"
        super().__init__(Content(self.text))
        source = (sources or {}).get(citation.source_id)
        self.tooltip = Content(citation_details(citation, source, noun))
        word_bindings(self, noun)

    def on_resize(self, event: events.Resize) -> None:
        content = glued(self.text, self.content_region.width)
        if content.plain != str(self.content):  # only when the break moves (a layout pass each time)
            self.update(content)

    def message(self) -> Message:
        return CitationOpened(self.citation)


class SuggestionLink(Link):
    """One numbered place to go next; only the latest reply's suggestions are live."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "activate", "Follow", tooltip="Follow this suggestion")]

    def __init__(self, number: int, suggestion: Suggestion) -> None:
        self.number = number
        self.suggestion = suggestion
        self.live = True
        super().__init__(Content.assemble((f" {number}  ", "bold"), f"{suggestion.label} "))
        self.tooltip = f"Type {number} and enter, click, or press enter here to follow"

    def retire(self) -> None:
        """A newer reply came: this suggestion no longer does anything."""
        self.live = False
        self.can_focus = False
        self.tooltip = "From an earlier reply: the latest suggestions are at the end of the conversation"

    def message(self) -> Message | None:
        if not self.live:
            self.notify("That suggestion is from an earlier reply; the latest ones are at the end.",
                        title="Not live any more", markup=False)
            return None
        return SuggestionChosen(self.suggestion)


class SourceLink(Link):
    """Opens one of the guide's sources in the viewer."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "activate", "Open", tooltip="Read this source")]

    def __init__(self, source_id: str, title: str) -> None:
        self.source_id = source_id
        super().__init__(Content(f"Open “{title}”  {ARROW}"))

    def message(self) -> Message:
        return SourceOpened(self.source_id)
