"""Numbers as words: "the 5 to 1 ratio" and "the five to one ratio", "20 minutes" and "twenty
minutes", "day 3" and "day three", "the 3rd day" and "the third day" meet.

Applied by the `Normalizer` to both sides (phrasings, what a node says, synonyms, the reader's
words): a number in digits becomes the words for it, which every view reads (the meaning view has
vectors for "five", none for "5"). Only numbers people say as words are spelled: 0 to 99, whole
hundreds and thousands, and ordinals to 99th ("3rd"). A year ("1863"), a price or a code stays as
typed. A reference to a numbered list ("point 5", "the 4th way") is read from the words as typed
(ordinals.py), before this.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
from collections.abc import Sequence

_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_UNITS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth",
)
_ORDINAL_TENS = (
    "_", "_", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth",
)
_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")


def _cardinal(value: int) -> tuple[str, ...]:
    if value < 20:
        return (_UNITS[value],)
    tens, units = divmod(value, 10)
    return (_TENS[tens],) if not units else (_TENS[tens], _UNITS[units])


def _ordinal(value: int) -> tuple[str, ...]:
    if value < 20:
        return (_ORDINAL_UNITS[value],)
    tens, units = divmod(value, 10)
    return (_ORDINAL_TENS[tens],) if not units else (_TENS[tens], _ORDINAL_UNITS[units])


def spelled(word: str) -> tuple[str, ...] | None:
    """The words for a number typed in digits ("20" -> twenty, "24" -> twenty four, "300" -> three
    hundred, "3rd" -> third), or None for any other word and for numbers not said as words."""
    if not word[:1].isdigit() or not word.isascii():
        return None
    if word.isdigit():
        if len(word) > 1 and word[0] == "0":
            return None  # "007", "05": a code, not a number said aloud
        if len(word) > 5:
            return None  # none is said as words below; int() refuses over 4,300 digits
        value = int(word)
        if value < 100:
            return _cardinal(value)
        if value < 1000 and value % 100 == 0:
            return (*_cardinal(value // 100), "hundred")
        if value < 100_000 and value % 1000 == 0:
            return (*_cardinal(value // 1000), "thousand")
        return None
    digits, suffix = word[:-2], word[-2:]
    if suffix in _ORDINAL_SUFFIXES and digits.isdigit() and digits[0] != "0" and len(digits) <= 2:
        return _ordinal(int(digits))
    return None


def spell_numbers(words: Sequence[str]) -> Sequence[str]:
    """`words` with each number in digits spelled (`spelled`); the same sequence if it has none."""
    if not any(word[:1].isdigit() for word in words):
        return words
    out: list[str] = []
    for word in words:
        found = spelled(word)
        if found is None:
            out.append(word)
        else:
            out.extend(found)
    return out


CARDINALS = frozenset(_UNITS[2:]) | frozenset(_TENS[2:]) | {"hundred", "thousand"}
"""The words of cardinal numbers ("one" and "zero" aside): a count says which passage by its exact
words ("the five to one ratio", "twenty minutes"), not by what it means (every number is near every
other in the meaning view, and "a 7 year old" is not about "day seven")."""
