"""Word stems from the Snowball English stemmer (PyStemmer), applied to both sides.

"touched", "touching" and "touches" meet at "touch"; "calming" and "calms" at "calm";
"relationships" at "relationship". The author never lists inflections as synonyms.
PyStemmer is the Snowball project's own C implementation: about half a microsecond a
word, and each distinct word is stemmed once per process.
"""

from __future__ import annotations

from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("english")
MIN_STEM_LENGTH = 3
"""Words this short are their own stem ("is", "sex", "him")."""


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
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
