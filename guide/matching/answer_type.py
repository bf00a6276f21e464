"""What kind of answer a question asks for, and whether a node's words could give it.

A reader's near miss often asks, in the guide's own words, for a fact of a kind the article does
not give: "how long do i bake a sourdough loaf" of a guide that keeps a starter, "how much does a
vet charge to look at a chicken" of one that says when to see a vet. The question's frame names
the kind (a duration, a price, a frequency); a node whose words hold nothing of that kind cannot
answer it, whatever else they share with the question.

`asked_for(words)` reads the frame from a question's words (as `normalize.tokenize` gives them);
`gives(asked, texts)` says whether any of a node's texts holds an answer of that kind. Only three
frames are read, those whose answer a text shows on its face: "how long" (a duration: "three
days", "overnight", "for weeks"), "how much ... cost/charge/pay" (a price: "£5", "costs", "a fee",
"for free"; not the word "money") and "how often" / "how many times" (a frequency: "twice a day",
"every week", "regular").
Counts and amounts ("how many eggs", "how much flour") were measured and left out: the article's
number for them is as often a few words away from the thing ("about 120g of layers pellets") or
a list's length ("eight habits"), and the check declined readers' own questions
(docs/meaning-view.md, "What a question asks for").
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
import re
from collections.abc import Sequence

from guide.records import NamedTuple

DURATION = "duration"
MONEY = "money"
FREQUENCY = "frequency"


DESCRIBED = {DURATION: "a length of time", MONEY: "a price or cost", FREQUENCY: "a frequency"}
"""How `guide explain` names each kind."""


class Asked(NamedTuple):
    """The kind of answer a question's frame asks for (`DURATION`, `MONEY`, `FREQUENCY`) and the
    words that ask it ("how long")."""

    kind: str
    frame: str


_NUMBER = (r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
           r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
           r"hundreds?|thousands?|dozens?|few|several|couple|half|many|some|each|every|per)")
_TIME_UNIT = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|years?|decades?)"
_GIVEN = {
    DURATION: re.compile(rf"\b(?:{_NUMBER}|an?)(?:[\s-]+\S+)?[\s-]+{_TIME_UNIT}\b|\bovernight\b|"
                         r"\b(?:for|after|within|over|takes?|took|lasts?|until|till)\s+(?:\S+\s+)?"
                         r"(?:hours|days|weeks|months|years|ages|long)\b", re.IGNORECASE),
    MONEY: re.compile(r"[£$€¥]\s?\d|\b\d+\s?(?:p|pounds|dollars|euros|pence|cents|quid|bucks)\b|"
                      r"\b(?:costs?|costing|price[sd]?|fees?|charges?|charged|cheap\w*|expensive|afford\w*|"
                      r"free of charge|for free|pays?|paid|paying)\b", re.IGNORECASE),
    FREQUENCY: re.compile(rf"\b(?:once|twice|thrice|daily|weekly|fortnightly|monthly|yearly|annually|nightly|"
                          rf"hourly|regular\w*|frequen\w*|(?:every|each|per|a)\s+(?:\S+\s+)?{_TIME_UNIT}|"
                          r"mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|"
                          rf"{_NUMBER}\s+times)\b", re.IGNORECASE),
}
_MONEY_WORDS = frozenset({"cost", "costs", "charge", "charges", "pay", "price", "spend", "fee", "fees"})
_LENGTH_OF = frozenset({"it", "this", "that"})
""""how long is it": the length of a text, not a time."""


def asked_for(words: Sequence[str]) -> Asked | None:
    """The kind of answer the question whose `words` these are (lower case, in order) asks for,
    or None when its frame names none that `gives` reads."""
    for i, word in enumerate(words[:-1]):
        if word != "how":
            continue
        following, rest = words[i + 1], words[i + 2:]
        if following == "long" and not (rest[:1] in (["is"], ["was"]) and rest[1:2] and rest[1] in _LENGTH_OF):
            return Asked(DURATION, "how long")
        if following == "often" or (following == "many" and rest[:1] == ["times"]):
            return Asked(FREQUENCY, f"how {following}" + (" times" if following == "many" else ""))
        if following == "much":
            spent = next((w for w in rest if w in _MONEY_WORDS), None)
            if spent:
                return Asked(MONEY, f"how much ... {spent}")
        if following == "expensive":
            return Asked(MONEY, "how expensive")
    return None


def gives(question: Asked, texts: Sequence[str]) -> bool:
    """Does any of `texts` (what a node says) hold an answer of the kind `question` asks for?"""
    pattern = _GIVEN[question.kind]
    return any(pattern.search(text) for text in texts)
