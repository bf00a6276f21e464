"""How rare a word is in everyday English, as a weight: rare words say more about a question.

From the word table's frequencies (wordtable.py: wordfreq's Zipf scale), so "boyfriend",
"years" and "honestly" in a long story count for less than "oxytocin" or "rejection".
"""

from __future__ import annotations

from functools import lru_cache

from .wordtable import zipf

RARE = 3.5
"""At or below this Zipf value (about 3 uses per million words) a word weighs fully."""
COMMON = 6.0
"""At or above this one ("years", "feel", "know") it weighs FLOOR."""
FLOOR = 0.25


@lru_cache(maxsize=65536)
def rarity(word: str) -> float:
    """A weight in FLOOR..1: 1 for rare words (and words the table does not know), falling
    linearly to FLOOR for the most common."""
    value = zipf(word)
    if value <= RARE:
        return 1.0
    return max(FLOOR, 1.0 - (1.0 - FLOOR) * (value - RARE) / (COMMON - RARE))
