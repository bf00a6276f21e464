"""Command palette (ctrl+p): every topic of the guide, with the first words of its answer, then the app's commands.

One provider for both, so that topics come first: the palette keeps the order in which hits
arrive when their scores tie (as they all do before anything is typed), and hits from several
providers arrive in no fixed order.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from guide.dialog.model import Guide
    from guide.tui.app import GuideApp

SUMMARY_LENGTH = 64  # characters of an answer shown under its topic


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters (with "…")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut[limit // 2:]:  # not at a word's end: drop the cut word
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-—") + "…"


def topic_summary(guide: Guide, node_id: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first words of a topic's answer: the guide's own words, or a quote marked as one."""
    from guide.dialog.model import Quote, Say

    seen: set[str] = set()
    node = guide.nodes.get(node_id)
    while node is not None and not node.answer and node.goto and node.id not in seen:
        seen.add(node.id)
        node = guide.nodes.get(node.goto)
    for block in node.answer if node else ():
        if isinstance(block, Say):
            return shorten(block.text, limit)
        if isinstance(block, Quote):
            return f"“{shorten(block.text, limit - 2)}”"
    return ""


class Entry(NamedTuple):
    title: str
    help: str
    run: Callable[[], object]
    discover: bool = True


class GuideCommands(Provider):
    """Topics first (choosing one answers with it), then everything else the app can do."""

    @property
    def guide_app(self) -> GuideApp:
        return cast("GuideApp", self.app)

    def _entries(self) -> list[Entry]:
        app = self.guide_app
        entries = []
        if app.engine is not None:
            guide = app.engine.guide
            entries += [Entry(node.title, topic_summary(guide, node.id) or "Go to this topic",
                              partial(app.go_to, node.id)) for node in guide.nodes.values()]
        entries += [Entry(command.title, command.help, command.callback, command.discover)
                    for command in app.get_system_commands(self.screen)]
        return entries

    async def discover(self) -> Hits:
        for entry in self._entries():
            if not entry.discover:
                continue
            yield DiscoveryHit(Content(entry.title), entry.run, text=entry.title, help=_literal(entry.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(score, highlight(matcher, entry.title), entry.run, text=entry.title,
                          help=_literal(entry.help))


def _literal(text: str) -> str:
    """Help text that the palette shows as written (it parses plain strings as markup)."""
    return cast(str, Content(text))


def highlight(matcher: object, title: str) -> Content:
    """The title with the matched letters styled; unlike Matcher.highlight, never parsed as markup."""
    content = Content(title)
    fuzzy = getattr(matcher, "fuzzy_search", None)
    query = getattr(matcher, "query", "")
    if fuzzy is None:
        return content
    score, offsets = fuzzy.match(query, title)
    for offset in offsets if score else ():
        if not title[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content
