"""References to a numbered list by position: "point 5", "the fourth way", "number 2",
"the last one", "the one after validation", "and the next one?".

The list is the source's own: a guide's nodes that quote numbered paragraphs ("5. Self-
soothing: ...") are its items (`guide.dialog.listitems.list_items`). `reference` reads the
position a message names, word by word (no regular expressions: this runs on every
message of a guide with a list, and its first call is part of `guide ask`'s start-up);
the index then ranks that item first.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
from guide.records import NamedTuple

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
    "lesson", "lessons", "rule", "rules", "habit", "habits", "stage", "stages", "strategy", "strategies",
    "technique", "techniques", "method", "methods", "principle", "principles", "mistake", "mistakes",
    "trick", "tricks", "suggestion", "suggestions", "recommendation", "recommendations", "myth", "myths",
])
"""Words that name an item of a list by themselves ("point 5", "the fourth way")."""
VAGUE_NOUNS = frozenset(["one", "thing", "things", "part", "bit", "idea"])
"""Words that name an item only in a short message or next to "list" ("the last one"). Not
"section": "the last section" is the article's, not its list's."""
_WHOLE = frozenset(["article", "post", "text", "piece", "essay", "guide", "page", "blog", "story", "speech"])
"""After a vague noun and "of", the whole text ("the last part of the article"): no item."""
NOUNS = ITEM_NOUNS | VAGUE_NOUNS
SHORT = 7
"""A message of at most this many words may name an item with a vague noun..."""
OPENING = 2
"""...and so may a longer one that opens with "one" at most this many words in ("7th one, the
letter thing, what do i put in it"), unless a clause goes on from it ("the first one i tried
was..."; `_GOES_ON`); "thing", "part" and "bit" open too many stories ("first thing in the
morning...")."""
_GOES_ON = frozenset(["i", "you", "we", "he", "she", "they", "it", "was", "is", "that", "who", "which", "of",
                      "my", "had", "did"])
_LIST_WORDS = frozenset(["list", "listed", "lists", "numbered"])
_GOAL_MARKS = frozenset(["to", "for", "towards", "toward", "when", "in", "if"])
"""After a position and its noun, what opens the reader's own goal: "the first step to buying a
car", "the second tip for new owners", "the first step in getting fit"..."""
_NOT_A_GOAL = frozenset(["me", "us", "u", "you", "it", "this", "that", "the", "this", "your", "its", "there",
                         *_LIST_WORDS])
"""...unless what follows is the reader or the text ("explain the fifth way to me", "the first step in
the list": `_WHOLE` after "the" too)."""
_OWNERS = frozenset(["my", "his", "her", "our", "their"])
"""Before a position, the reader's own ("my first lesson", "her last visit"): not the list's."""
_NUMBER_MARKS = frozenset(["number", "no", "nr", "#"])
_NEAR = frozenset(["right", "just", "directly", "immediately"])
_POSITION_WORDS = frozenset([
    "next", "previous", "penultimate", "second", "2nd", "last", "final", "following", "prior", "after", "before",
    *ORDINALS, *NOUNS, *_NUMBER_MARKS,
])
"""Every reference has one of these words (`reference` looks for nothing else): a message without
any is not read further."""


class Reference(NamedTuple):
    """A position in a list: ``number`` (1-based), or ``last`` counted from the end (1 = last),
    or ``step`` from an ``anchor`` (an item named by its own words, or the item in context)."""

    text: str
    number: int = 0
    last: int = 0
    step: int = 0
    anchor: tuple[str, ...] = ()


def _value(word: str) -> int:
    if word.isdecimal() and len(word) <= 2:  # (isdigit takes "❶", which int() cannot read)
        return int(word)
    return NUMBERS.get(word) or ORDINALS.get(word, 0)


def reference(text: str, nouns: frozenset[str] = frozenset(),
              taken: frozenset[str] = frozenset()) -> Reference | None:
    """The list position a normalized message names, if any ("explain point 5" -> 5); `nouns`
    are the guide's own words for its list's items (`list_nouns`: "move 7", "the first move"),
    `taken` everyday ones the guide uses for another topic (`taken_nouns`: "the first lesson" in a
    guide with a node on lessons), which name an item only beside "list". A position after "my",
    "her"... is the reader's own ("my third lesson"), and a vague noun before "to" ("the first thing
    to learn") names no item; nor does any noun before the reader's own goal ("the first step to
    buying a car", "the last tip for new owners": `_GOAL_MARKS`) unless the message names the list or
    the text ("the first step in the list", "the fourth way the article gives")."""
    words = text.replace("#", " # ").split()
    if _POSITION_WORDS.isdisjoint(words) and nouns.isdisjoint(words):
        return None
    listed = not _LIST_WORDS.isdisjoint(words)
    short = len(words) <= SHORT or listed

    def noun(i: int) -> bool:  # an item noun at i (a vague one only in a short message, or "one" opening it)
        if i >= len(words):
            return False
        word, after = words[i], words[i + 1] if i + 1 < len(words) else ""
        if (word in ITEM_NOUNS and (listed or word not in taken)) or word in nouns:
            return True
        if short and word in VAGUE_NOUNS:
            whole = after == "of" and not _WHOLE.isdisjoint(words[i + 2:i + 4])
            return after != "to" and not whole  # ("the first thing to learn" is a goal)
        return word == "one" and i <= OPENING and (i + 1 == len(words) or after not in _GOES_ON)

    textual = listed or not _WHOLE.isdisjoint(words)  # ("the fourth way the article gives")

    def goal(i: int) -> bool:  # the words from i open the reader's own goal, not the list's item
        mark, following = words[i] if i < len(words) else "", words[i + 1] if i + 1 < len(words) else ""
        return not textual and mark in _GOAL_MARKS and bool(following) and following not in _NOT_A_GOAL

    bare = [w for w in words if w not in ("and", "the", "what", "about", "is", "whats", "so", "ok")]
    if bare in (["next"], ["next", "one"]):
        return Reference(" ".join(words), step=1)
    if bare in (["previous"], ["previous", "one"]):
        return Reference(" ".join(words), step=-1)
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if i and words[i - 1] in _OWNERS:
            continue  # "my first lesson", "her last visit", "their next step"
        if word in ("penultimate",) and noun(i + 1):
            return Reference(f"{word} {after}", last=2)
        if word in ("second", "2nd") and after in ("to", "from") and i + 2 < len(words) \
                and words[i + 2] in ("last", "the") and (noun(i + 3 + (words[i + 2] == "the")) or short):
            return Reference(" ".join(words[i:i + 4]), last=2)  # ("second to last one", "second to last?")
        if word in ("before",) and short and i > 0 and words[i - 1] in ("one", "comes") \
                and [w for w in words[i + 1:i + 3] if w != "the"][:1] in (["last"], ["final"]):
            return Reference(" ".join(words[i - 1:i + 3]), last=2)  # "the one before the last"
        if word in ("last", "final") and noun(i + 1) and not goal(i + 2):  # (not "the last step in a sale")
            return Reference(f"{word} {after}", last=1)
        if word in ("next", "following") and noun(i + 1):
            return Reference(f"{word} {after}", step=1)
        if word in ("previous", "prior") and noun(i + 1):
            return Reference(f"{word} {after}", step=-1)
        if word in ("after", "before") and i > 0 and (words[i - 1] in ("one", "comes") or noun(i - 1)
                                                      or (words[i - 1] in _NEAR and i > 1)):
            anchor = tuple(w for w in words[i + 1:i + 5] if w != "the")
            if anchor and anchor[0] not in ("that", "this", "it"):
                return Reference(" ".join(words[max(0, i - 2):i + 5]), step=1 if word == "after" else -1,
                                 anchor=anchor)
            if anchor:
                return Reference(" ".join(words[i - 1:i + 2]), step=1 if word == "after" else -1)
        if word in ORDINALS and noun(i + 1) and not (word == "second" and i and _value(words[i - 1])) \
                and not goal(i + 2):  # (not "the 5 second rule", nor "the first step to buying a car")
            return Reference(f"{word} {after}", number=ORDINALS[word])
        if noun(i) and word != "one":  # "point 5", "way number 2", "number four"
            j = i + 1 + (after in _NUMBER_MARKS and word != "number")
            if j < len(words) and _value(words[j]):
                return Reference(" ".join(words[i:j + 1]), number=_value(words[j]))
        if word in _NUMBER_MARKS and _value(after):
            return Reference(f"{word} {after}", number=_value(after))
    return None


VAGUE_COUNTS = frozenset(["several", "these", "following"])
"""Words that announce a list without its length ("there are several ways in which ...")."""
_NOUN_PHRASE = 4
"""The most words after a count word that are read for its noun ("several ways", "eight small
repair moves")."""


def announced_noun(text: str, length: int, function_words: frozenset[str]) -> str:
    """The noun a heading or lead-in counts a list of `length` items by: the last word before a
    function word or a stop in the few words after the count ("Eight small repair moves that
    work" -> "moves", "There are several ways in which ..." -> "ways"); "" if it counts nothing,
    or counts something else ("up to two weeks" before a list of eight)."""
    words = text.lower().split()
    for i, word in enumerate(words):
        bare = word.strip("(\"'")
        if not (bare in VAGUE_COUNTS or _value(bare) == length):
            continue
        phrase: list[str] = []
        for following in words[i + 1:i + 1 + _NOUN_PHRASE]:
            stripped = following.rstrip(".,:;!?)\"'")
            if not stripped.isalpha() or stripped in function_words:
                break
            phrase.append(stripped)
            if stripped != following:
                break  # a stop ends the phrase
        if phrase:
            return phrase[-1]
    return ""


def noun_forms(noun: str) -> frozenset[str]:
    """A noun in the singular and the plural ("moves" -> {"move", "moves"}); none for the vague
    nouns, which name an item only in a short message (`VAGUE_NOUNS`)."""
    singular = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    forms = frozenset([singular, singular + "s"])
    return frozenset() if forms & VAGUE_NOUNS or len(singular) < 3 else forms
