"""One widget per kind of reply block: the guide's words, quotes, notes and support.

Nothing here interprets markup or Markdown: authored text and article text are shown
as plain Content, so a quote such as "1. Reduction of stress…" stays verbatim.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from textual.content import Content
from textual.widgets import Static

from guide.reply import BLOCK_LABELS, ReplyBlock
from guide.source_noun import DEFAULT as DEFAULT_NOUN
from guide.tui.widgets.links import CitationLink, SourceLike


class GuideFacts(NamedTuple):
    """What reply widgets need to know of the guide: its sources (for short citations and their
    details, and the "sources" command) and which support lines are resource lines (a list)."""

    sources: Mapping[str, SourceLike] = {}
    resource_lines: frozenset[str] = frozenset()
    source_noun: str = DEFAULT_NOUN  # what the guide calls its source (manifest `source_noun`)


def flat(text: str) -> str:
    """Whitespace collapsed to single spaces (the words themselves untouched)."""
    return " ".join(text.split())


class SayBlock(Static):
    """The guide's own words."""

    def __init__(self, text: str) -> None:
        super().__init__(Content(flat(text)))


class QuoteBlock(Static):
    """The article's own words, as a quotation; its CitationLink follows it."""

    def __init__(self, block: ReplyBlock) -> None:
        super().__init__(Content(f"“{flat(block.text)}”"))
        self.block = block


class NoteBlock(Static):
    """An editor's note or a research note: labelled, never mistaken for the article."""

    def __init__(self, block: ReplyBlock) -> None:
        label = BLOCK_LABELS.get(block.type, "Note")
        text = flat(block.text)
        if text.casefold().startswith(label.casefold() + ":"):
            text = text[len(label) + 1:].lstrip()  # the label is shown once, not twice
        # "Editor's note: " with its space inside the label's run: the text never runs into it, even in
        # SVG screenshots, which drop a run's leading spaces
        parts: list[Content | tuple[str, str]] = [(f"{label}: ", "bold"), Content(text)]
        if block.cite:
            parts.append((f"\n{flat(block.cite)}", "italic"))
        super().__init__(Content.assemble(*parts), classes=f"-{block.type}")


class SupportPanel(Static):
    """Safety text in one distinct panel: resource lines together, other sentences apart."""

    BORDER_TITLE = "Support"

    def __init__(self, blocks: Iterable[ReplyBlock], resources: frozenset[str] = frozenset()) -> None:
        self.lines = [flat(b.text) for b in blocks]
        super().__init__(Content(support_text(self.lines, resources)))


def support_text(lines: list[str], resources: frozenset[str]) -> str:
    """Resource lines (phone numbers, sites) as a bulleted list; a blank line around the rest."""
    paragraphs: list[list[str]] = []
    for line in lines:
        if paragraphs and line in resources and paragraphs[-1][-1] in resources:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    bullet = "• " if sum(line in resources for line in lines) > 1 else ""
    return "\n\n".join("\n".join(bullet + line if line in resources else line for line in paragraph)
                       for paragraph in paragraphs)


def block_widgets(blocks: Iterable[ReplyBlock], facts: GuideFacts | None = None) -> list[Static]:
    """Widgets for a reply's blocks, in order; consecutive safety blocks share one panel.

    Flat on purpose (no containers): every widget in the log costs layout time on each reply.
    """
    facts = facts or GuideFacts()
    widgets: list[Static] = []
    run: list[ReplyBlock] = []
    for block in blocks:
        if block.type == "safety":
            run.append(block)
            continue
        if run:
            widgets.append(SupportPanel(run, facts.resource_lines))
            run = []
        if block.type == "quote":
            widgets.append(QuoteBlock(block))
            if block.citation:
                widgets.append(CitationLink(block.citation, facts.sources, facts.source_noun))
        elif block.type in ("note", "research"):
            widgets.append(NoteBlock(block))
        else:
            widgets.append(SayBlock(block.text))
    if run:
        widgets.append(SupportPanel(run, facts.resource_lines))
    return widgets
