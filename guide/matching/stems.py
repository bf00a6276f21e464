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
    return _STEMMER.stemWord(word)
