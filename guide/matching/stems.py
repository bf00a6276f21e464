"""Word stems from the Snowball English stemmer (PyStemmer), applied to both sides.

"touched", "touching" and "touches" meet at "touch"; "calming" and "calms" at "calm";
"relationships" at "relationship". The author never lists inflections as synonyms.
PyStemmer is the Snowball project's own C implementation: about half a microsecond a
word, and each distinct word is stemmed once per process.

Snowball strips regular endings only; a word it leaves apart from another spelling of itself ("color"
and "colour", "summarize" and "summarise") is first taken as that spelling, from data/base_forms.txt
(built by scripts/build_base_forms.py from breame's American and British spellings; irregular forms,
"fought" and "fight", were measured there and not kept).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import Stemmer

_STEMMER = Stemmer.Stemmer("english")
MIN_STEM_LENGTH = 3
"""Words this short are their own stem ("is", "sex", "him")."""


BASE_FORMS = Path(__file__).with_name("data") / "base_forms.txt"


@cache
def _base_forms() -> dict[str, str]:
    """data/base_forms.txt: word -> the word it is stemmed as (none if the file is missing)."""
    try:
        text = BASE_FORMS.read_text(encoding="utf-8")
    except OSError:
        return {}
    return dict(line.split(" ", 1) for line in text.splitlines() if line and not line.startswith("#"))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word's stem: Snowball's (`snowball`) of its base form ("colours": color, "criticised": criticized)."""
    return snowball(_base_forms().get(word, word))


def snowball(word: str) -> str:
    """The word's Snowball stem (digits and short words unchanged)."""
    if len(word) <= MIN_STEM_LENGTH or not word.isalpha():
        return word
    stemmed = _STEMMER.stemWord(word)
    if word.endswith("ses") and stemmed == word[:-1]:
        return _plural_of_s(word, stemmed)
    return stemmed


def _plural_of_s(word: str, stemmed: str) -> str:
    """Snowball takes only the "s" of "buses" and "gases" ("buse", "gase"), so they never meet "bus" and
    "gas": when what it leaves is no English word and the word less "es" is a common one (`PLURAL_BASE_ZIPF`),
    that is the stem ("cases" stays "case", a word; "crises" is not the name "cris")."""
    from guide.matching.wordtable import zipf

    base = word[:-2]
    return base if not zipf(stemmed) and zipf(base) >= PLURAL_BASE_ZIPF else stemmed


PLURAL_BASE_ZIPF = 3.5
"""How common (Zipf: 3.5 is about three uses per million words) a word must be for "...es" to be its plural."""
