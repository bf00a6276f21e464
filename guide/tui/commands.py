"""Command palette (ctrl+p): jump to any topic of the guide by its title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from guide.tui.app import GuideApp


class TopicProvider(Provider):
    """One hit per node of the guide; choosing it answers with that node."""

    @property
    def guide_app(self) -> GuideApp:
        return cast("GuideApp", self.app)

    def _topics(self) -> list[tuple[str, str]]:
        engine = self.guide_app.engine
        if engine is None:
            return []
        return [(node.id, node.title) for node in engine.guide.nodes.values()]

    async def discover(self) -> Hits:
        for node_id, title in self._topics():
            yield DiscoveryHit(Content(title), partial(self.guide_app.go_to, node_id), text=title,
                               help="Go to this topic")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for node_id, title in self._topics():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlight(matcher, title), partial(self.guide_app.go_to, node_id), text=title,
                          help="Go to this topic")


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
