"""The parts of a long message: a reader's story with the question somewhere in it.

Scored as one block, "we've been together three years and he still goes quiet for days,
and i keep thinking he's about to leave. does sex actually help with that?" dilutes its
question in its story. The index scores each sentence too, and the part that asks
carries the message (`Index.rank`).
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_QUESTION_START = re.compile(
    r"^(?:(?:so|and|but|ok|okay|well|anyway|also|like|honestly|basically|question|q)[,:]?\s+)*"
    r"(?:what|whats|why|how|hows|is|are|am|does|do|did|can|could|would|will|should|shall|which|who|when|where|"
    r"any|tell|explain|help|please|pls|plz|wondering|curious|i wonder|i want to know|i was wondering)\b",
    re.IGNORECASE,
)
MIN_WORDS = 3
"""A sentence shorter than this is not a part of its own ("ok.", "lol.")."""
MAX_PARTS = 8
"""Parts scored at most (the last ones: a message ends with its question more often)."""


def split_parts(text: str) -> list[str]:
    """The sentences of ``text`` worth scoring on their own (none when it is one sentence)."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    parts = [p for p in parts if len(p.split()) >= MIN_WORDS]
    return parts[-MAX_PARTS:] if len(parts) > 1 else []


def asks(part: str) -> bool:
    """Does this part ask something (a question mark, or a question's first words)?"""
    return part.rstrip().endswith("?") or bool(_QUESTION_START.match(part.strip()))
