"""The parts of a long message: a reader's story with the question somewhere in it.

Scored as one block, "we've been together three years and he still goes quiet for days,
and i keep thinking he's about to leave. does sex actually help with that?" dilutes its
question in its story. The index scores each sentence too, and the part that asks
carries the message (`Index.rank`).
"""

from __future__ import annotations

import re
from functools import cache

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@cache
def _question_start() -> re.Pattern[str]:  # compiled on first use: most messages are one sentence
    return re.compile(
        r"^(?:(?:so|and|but|ok|okay|well|anyway|also|like|honestly|basically|question|q)[,:]?\s+)*"
        r"(?:what|whats|why|how|hows|is|are|am|does|do|did|can|could|would|will|should|shall|which|who|when|"
        r"where|any|tell|explain|help|please|pls|plz|wondering|curious|i wonder|i want to know|"
        r"i was wondering)\b",
        re.IGNORECASE,
    )
MIN_WORDS = 3
"""A sentence shorter than this is not a part of its own ("ok.", "lol.")."""
MAX_PARTS = 8
"""Parts scored at most (the last ones: a message ends with its question more often)."""


LONG = 14
"""A sentence of more words than this may hold its question in its middle ("...and honestly
i keep wondering what is attachment anxiety"): its tail from the last question word is a
part of its own."""
@cache
def _asking_word() -> re.Pattern[str]:
    return re.compile(r"\b(?:what|whats|why|how|does|do|is|are|can|could|would|should|will|which|who|when)\b",
                      re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` of MIN_WORDS words or more (a long message's story and question)."""
    return [p.strip() for p in _SENTENCE_END.split(text) if p and len(p.split()) >= MIN_WORDS]


def split_parts(text: str) -> list[str]:
    """The sentences of ``text`` worth scoring on their own, and the asking tail of a long one
    (none when it is one short sentence)."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    found = []
    for part in parts:
        found.append(part)
        words = part.split()
        if len(words) > LONG and not asks(part.rstrip("?")):
            tail = _asking_tail(part)
            if len(tail.split()) >= MIN_WORDS and tail != part:
                found.append(tail)
    found = [p for p in found if len(p.split()) >= MIN_WORDS]
    return found[-MAX_PARTS:] if len(found) > 1 else []


def _asking_tail(sentence: str) -> str:
    """The sentence from its last run of question words on ("...i keep wondering what is
    attachment anxiety" -> "what is attachment anxiety"); empty if it has none after its start."""
    matches = [m for m in _asking_word().finditer(sentence) if m.start() > 0]
    if not matches:
        return ""
    start = matches[-1]
    for earlier in reversed(matches[:-1]):  # "what is", "how does": a run starts at its first word
        if sentence[earlier.end():start.start()].strip():
            break
        start = earlier
    return sentence[start.start():]


def is_tail(text: str, part: str) -> bool:
    """Is `part` the asking tail of a longer sentence of `text` (`_asking_tail`), not a sentence
    of its own? A tail is a guess at where a question starts inside a sentence of the story."""
    return any(sentence.strip() != part and sentence.strip().endswith(part)
               for sentence in _SENTENCE_END.split(text) if sentence)


def asking(parts: list[str]) -> list[str]:
    """The parts that ask: those ending in a question mark if any do (a reader's own "?"
    outweighs a clause that merely starts like a question: "...changed what the war was
    about."), else those that start like a question, else all of them."""
    marked = [part for part in parts if part.rstrip().endswith("?")]
    return marked or [part for part in parts if asks(part)] or parts


@cache
def _back_reference() -> re.Pattern[str]:
    return re.compile(r"\b(?:this|that|it|these|those|they|them|he|him|she|her)\b", re.IGNORECASE)


def refers_back(part: str) -> bool:
    """Does this part point back into the message ("why does this happen", "about that", "when
    should they start")?"""
    return bool(_back_reference().search(part))


def asks(part: str) -> bool:
    """Does this part ask something (a question mark, or a question's first words)?"""
    return part.rstrip().endswith("?") or bool(_question_start().match(part.strip()))


@cache
def _wh_word() -> re.Pattern[str]:
    return re.compile(r"\b(?:what|whats|why|how|hows|which|who|whos|when|where|wheres)\b", re.IGNORECASE)


def inquires(text: str) -> bool:
    """Does the text ask anything anywhere: `asks`, or a question word in its middle ("that
    feeling when he pulls away, whats that called")?"""
    return asks(text) or bool(_wh_word().search(text))
