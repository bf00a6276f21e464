"""References to a numbered list by position: "point 5", "the fourth way", "number 2",
"the last one", "the one after validation", "and the next one?".

The list is the source's own: a guide's nodes that quote numbered paragraphs ("5. Self-
soothing: ...") are its items (`conversation.list_items`). `reference` reads the
position a message names; the index then ranks that item first.
"""

from __future__ import annotations

import re
from typing import NamedTuple

NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10,
    # the misspellings readers type most
    "thrid": 3, "forth": 4, "fith": 5, "fifht": 5, "sixt": 6, "secnd": 2, "frist": 1,
}
ITEM_NOUNS = frozenset([
    "point", "points", "way", "ways", "reason", "reasons", "item", "items", "mechanism", "mechanisms", "benefit",
    "benefits", "step", "steps", "tip", "tips", "number", "bullet", "factor", "factors", "effect", "effects",
])
"""Words that name an item of a list by themselves ("point 5", "the fourth way")."""
VAGUE_NOUNS = frozenset(["one", "thing", "things", "part", "section", "bit", "idea"])
"""Words that name an item only in a short message or next to "list" ("the last one")."""
SHORT = 7
"""A message of at most this many words may name an item with a vague noun."""
_LIST_WORDS = frozenset(["list", "listed", "lists", "numbered"])


class Reference(NamedTuple):
    """A position in a list: ``number`` (1-based), or ``last`` counted from the end (1 = last),
    or ``step`` from an ``anchor`` (an item named by its own words, or the item in context)."""

    text: str
    number: int = 0
    last: int = 0
    step: int = 0
    anchor: tuple[str, ...] = ()


_NUMBER = r"(\d{1,2}|" + "|".join(NUMBERS) + r")"
_ORDINAL = r"(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"
_NOUN = r"(" + "|".join(sorted(ITEM_NOUNS | VAGUE_NOUNS, key=len, reverse=True)) + r")"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), kind) for p, kind in (
    (rf"\b(?:second|2nd) (?:to|from) (?:the )?last {_NOUN}\b|\bpenultimate {_NOUN}\b", "penultimate"),
    (rf"\b(?:last|final) {_NOUN}\b", "last"),
    (rf"\b(?:next|following) {_NOUN}\b|^(?:and )?(?:the )?next(?: one)?$|\bwhat comes next\b", "next"),
    (rf"\b(?:previous|prior) {_NOUN}\b|\b{_NOUN} before (?:that|this|it)\b|^(?:and )?(?:the )?previous(?: one)?$",
     "previous"),
    (rf"\b(?:one|{_NOUN}|what comes|comes|what is|whats) (?:right |just |directly )?(after|before) (?:the )?"
     r"((?:\w+ ?){1,4})", "relative"),
    (rf"\b{_ORDINAL} {_NOUN}\b", "ordinal"),
    (rf"\b{_NOUN} (?:number |no |nr |#)?{_NUMBER}\b", "numbered"),
    (rf"\b(?:number|no|#) {_NUMBER}\b", "numbered_bare"),
))


def _value(word: str) -> int:
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word) or ORDINALS.get(word, 0)


def reference(text: str) -> Reference | None:
    """The list position a normalized message names, if any ("explain point 5" -> 5)."""
    words = text.split()
    short = len(words) <= SHORT or not _LIST_WORDS.isdisjoint(words)
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(text):
            found = _read(match, kind, short)
            if found is not None:
                return found
    return None


def _read(match: re.Match[str], kind: str, short: bool) -> Reference | None:
    groups = [g for g in match.groups() if g]
    nouns = [g for g in groups if g in ITEM_NOUNS or g in VAGUE_NOUNS]
    if any(g in VAGUE_NOUNS for g in nouns) and not short:
        return None
    whole = match.group(0)
    if kind == "penultimate":
        return Reference(whole, last=2)
    if kind == "last":
        return Reference(whole, last=1)
    if kind == "next":
        return Reference(whole, step=1)
    if kind == "previous":
        return Reference(whole, step=-1)
    if kind == "relative":
        direction, anchor = match.group(match.lastindex - 1), match.group(match.lastindex)
        return Reference(whole, step=1 if direction == "after" else -1, anchor=tuple(anchor.split()))
    if kind == "ordinal":
        number = _value(match.group(1))
        return Reference(whole, number=number) if number else None
    if kind in ("numbered", "numbered_bare"):
        if kind == "numbered" and match.group(1) in VAGUE_NOUNS and match.group(1) != "one":
            return None
        number = _value(groups[-1])
        if kind == "numbered" and match.group(1) == "one":  # "one 2" is not a reference
            return None
        return Reference(whole, number=number) if number else None
    return None
