"""Where an intent's phrasings were written, and where an intent leads: shared by the tools."""

from __future__ import annotations

from dataclasses import dataclass

from guide.dialog.model import Example, Guide
from guide.problems import Pos


@dataclass(frozen=True)
class IntentInfo:
    """One matchable intent: a node (key = node id) or a follow-up (key = "<node>#<n>")."""

    key: str
    node: str  # the node the intent belongs to
    destination: str  # the node whose answer a reader ends up with
    label: str  # "node 'x'" or "follow-up 'title' of node 'x'"
    examples: tuple[Example, ...]
    title: str
    context: str | None  # for a follow-up: the node it is active after
    pos: Pos


class Phrasebook:
    """The intents of a guide as authored, with the file:line of every phrasing."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        self.intents: dict[str, IntentInfo] = {}
        for node in guide.nodes.values():
            self.intents[node.id] = IntentInfo(node.id, node.id, node.id, f"node '{node.id}'", node.examples,
                                               node.title, None, node.pos)
            for followup in node.followups:
                name = f"'{followup.title}'" if followup.title else followup.key
                self.intents[followup.key] = IntentInfo(
                    followup.key, node.id, followup.goto or node.id, f"follow-up {name} of node '{node.id}'",
                    followup.examples, followup.title or node.title, node.id, followup.pos)

    def __getitem__(self, key: str) -> IntentInfo:
        return self.intents[key]

    def destination(self, key: str) -> str:
        info = self.intents.get(key)
        return info.destination if info else key

    def node_of(self, key: str) -> str:
        info = self.intents.get(key)
        return info.node if info else key

    def example(self, key: str, text: str) -> Example | None:
        """The authored phrasing ``text`` of intent ``key`` (None for the node's title)."""
        info = self.intents.get(key)
        if info is None:
            return None
        return next((e for e in info.examples if e.text == text), None)

    def where(self, key: str, text: str) -> str:
        """``file:line`` of phrasing ``text`` of ``key`` ("file:line (title)" for the title)."""
        example = self.example(key, text)
        if example is not None:
            return f"{example.pos.file}:{example.pos.line}"
        info = self.intents.get(key)
        if info is not None and text == info.title:
            return f"{info.pos.file}:{info.pos.line} (title)"
        return ""


def short(text: str, width: int = 60) -> str:
    """One line of ``text``, cut with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
