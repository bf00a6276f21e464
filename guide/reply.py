"""What the guide says in one turn: a structured Reply, and its plain-text and JSON forms.

The TUI, the plain mode and the JSON output are three views of the same Reply. Block
types never mix: the article's words (``quote``), the guide's own words (``say``),
editor's notes (``note``), research notes (``research``) and safety text (``safety``).
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
from typing import Literal

from guide.records import NamedTuple

ReplyKind = Literal["answer", "clarify", "fallback", "safety", "command"]
BlockType = Literal["say", "quote", "note", "research", "safety"]

BLOCK_LABELS: dict[str, str] = {"note": "Editor's note", "research": "Research note", "safety": "Support"}


class Citation(NamedTuple):
    """Where a quote comes from. ``quote`` is the verbatim text of the source."""

    source: str  # the source's title
    section: str
    paragraph: int
    quote: str
    source_id: str = ""
    start: int = 0
    end: int = 0

    def label(self) -> str:
        section = f", “{self.section}”" if self.section else ""
        return f"{self.source}{section}, paragraph {self.paragraph}"

    def to_json(self) -> dict[str, object]:
        return {"source": self.source, "section": self.section, "paragraph": self.paragraph, "quote": self.quote}


class ReplyBlock(NamedTuple):
    type: BlockType
    text: str
    citation: Citation | None = None
    cite: str = ""  # reference of a research note

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"type": self.type, "text": self.text}
        if self.citation:
            data["citation"] = self.citation.to_json()
        if self.cite:
            data["cite"] = self.cite
        return data


class Suggestion(NamedTuple):
    """Somewhere to go next: typed or clicked, it leads to ``node`` (or runs ``command``)."""

    label: str
    node: str = ""
    command: str = ""


class Reply(NamedTuple):
    input: str
    kind: ReplyKind
    node: str | None = None
    confidence: float = 0.0
    blocks: tuple[ReplyBlock, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    footer: str = ""  # a short resource line kept under replies after a disclosure
    notice: str = ""  # about the input itself, e.g. that only its start was read
    command: str = ""  # for kind "command": help, back, restart, sources, quit
    title: str = ""  # the node's title, for views
    category: str = ""  # for kind "safety": what the safety check saw

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(b.citation for b in self.blocks if b.citation)

    @property
    def text(self) -> str:
        return plain_text(self)

    def to_json(self) -> dict[str, object]:
        """The stable JSON Lines object of the scripting interface (plus ``blocks``)."""
        return {
            "input": self.input,
            "kind": self.kind,
            "node": self.node,
            "confidence": round(self.confidence, 4),
            "text": self.text,
            "citations": [c.to_json() for c in self.citations],
            "suggestions": [s.label for s in self.suggestions],
            "options": [{"node": s.node, "title": s.label} for s in self.suggestions if s.node],
            "blocks": [b.to_json() for b in self.blocks],
            "footer": self.footer,
            "notice": self.notice,
        }


def plain_text(reply: Reply) -> str:
    """The reply as plain lines: quotes marked as quotations, notes labelled."""
    lines: list[str] = []
    if reply.notice:
        lines.append(f"({reply.notice})")
    for block in reply.blocks:
        if block.type == "quote":
            lines.append(f"> “{' '.join(block.text.split())}”")
            if block.citation:
                lines.append(f">   — {block.citation.label()}")
        elif block.type in BLOCK_LABELS:
            text = block.text + (f" ({block.cite})" if block.cite else "")
            lines.append(f"[{BLOCK_LABELS[block.type]}] {text}")
        else:
            lines.append(block.text)
    if reply.suggestions:
        options = "  ".join(f"{i}) {s.label}" for i, s in enumerate(reply.suggestions, start=1))
        lines.append(f"Next: {options}")
    if reply.footer:
        lines.append(reply.footer)
    return "\n".join(lines)
