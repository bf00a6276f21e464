"""The footer: Textual's Footer, showing only the keys that fit, the most useful first.

Textual's Footer cuts its last key in half on a narrow terminal ("^s" without "Save").
This one leaves out whole keys instead, least useful first (F1 always lists them all), and
lays itself out again when the terminal is resized.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

# Binding ids (or actions), most useful first; anything not named comes after, in its own order.
PRIORITY = ("find-next", "find-previous", "find-close", "back-to-chat", "help", "topics", "find", "choose",
            "go-to-quote", "scroll", "quit", "back", "article", "open-url", "history", "save", "restart", "theme")


@dataclass
class FooterItem:
    """One key (or a group of keys with one label) as the footer shows it."""

    rank: int
    width: int
    widgets: list[Widget] = field(default_factory=list)


def rank_of(binding: Binding) -> int:
    for name in (binding.id, binding.group.description.casefold() if binding.group else None, binding.action):
        if name in PRIORITY:
            return PRIORITY.index(name)
    return len(PRIORITY)


def fitting(items: list[FooterItem], width: int) -> list[FooterItem]:
    """The items to show in ``width`` cells, most useful first, while they fit."""
    kept = []
    used = 0
    for item in sorted(items, key=lambda item: item.rank):  # stable: equal ranks keep their order
        if used + item.width <= width:
            kept.append(item)
            used += item.width
    return kept


class GuideFooter(Footer):
    """A compact footer that never cuts a key in half."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(compact=True, show_command_palette=False, **kwargs)  # type: ignore[arg-type]
        self._laid_out_for = 0

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        self._laid_out_for = width
        for item in fitting(list(self._items()), width):
            yield from item.widgets

    def _items(self) -> Iterator[FooterItem]:
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        for group, entries in groupby(by_action.values(), lambda entries: entries[0][0].group):
            entries = list(entries)
            if group is not None and len(entries) > 1:
                keys = [self._key(binding, enabled, tooltip or binding.description, "", "-grouped")
                        for binding, enabled, tooltip in (e[0] for e in entries)]
                # compact: padding 1, the keys, margin 1; else a margin of 1 each side of every key;
                # then the label and its margin
                keys_width = sum(cell_len(k.key_display) + (0 if group.compact else 2) for k in keys)
                width = (2 if group.compact else 0) + keys_width + cell_len(group.description) + 1
                yield FooterItem(rank_of(entries[0][0][0]), width,
                                 [KeyGroup(*keys, classes="-compact" if group.compact else ""),
                                  FooterLabel(group.description)])
                continue
            for binding, enabled, tooltip in (e[0] for e in entries):
                key = self._key(binding, enabled, tooltip, binding.description)
                width = cell_len(key.key_display) + (1 + cell_len(binding.description) if binding.description else 0)
                yield FooterItem(rank_of(binding), width + 1, [key])

    def _key(self, binding: Binding, enabled: bool, tooltip: str, description: str, classes: str = "") -> FooterKey:
        # compact is FooterKey's default: setting it here would restyle each key before it is mounted
        return FooterKey(binding.key, self.app.get_key_display(binding), description, binding.action,
                         disabled=not enabled, tooltip=tooltip, classes=classes)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)
