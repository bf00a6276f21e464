"""Everyday English words: how common each is, and a small vector of what it means.

Read from data/words.bin (built by scripts/build_word_table.py: frequencies from
wordfreq, vectors distilled from the all-MiniLM-L6-v2 sentence model) through mmap: no
load time, a few microseconds a lookup, and nothing at all for a guide that never asks.
Words not in the table (rare words, names, typos) have no vector and count as rare.
"""

from __future__ import annotations

import mmap
import struct
import zlib
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import repeat
from operator import truediv
from pathlib import Path

TABLE = Path(__file__).with_name("data") / "words.bin"
MAGIC = b"guidewt1"
DIMS = 64
HEADER = struct.Struct("<8sII")  # magic, slots, dimensions
SLOT = "I"
Vector = Sequence[float]  # a tuple, or an array("f") where many are kept


class WordTable:
    """The table in data/words.bin, opened read-only."""

    def __init__(self, path: Path = TABLE) -> None:
        with open(path, "rb") as handle:
            self._data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        magic, self._slots, self.dims = HEADER.unpack_from(self._data, 0)
        if magic != MAGIC:
            raise ValueError(f"{path}: not a word table")
        self._record = struct.Struct(f"<{self.dims}b")

    def _find(self, word: str) -> int:
        """The offset of the word's record after its text (-1 if it is not in the table)."""
        try:
            key = word.encode("ascii")
        except UnicodeEncodeError:
            return -1
        data, slots = self._data, self._slots
        slot = zlib.crc32(key) % slots
        while True:
            (offset,) = struct.unpack_from("<I", data, HEADER.size + 4 * slot)
            if not offset:
                return -1
            size = data[offset]
            if data[offset + 1:offset + 1 + size] == key:
                return offset + 1 + size
            slot = (slot + 1) % slots

    def zipf(self, word: str) -> float:
        """How common the word is: wordfreq's Zipf value (0 for a word not in the table)."""
        at = self._find(word)
        return self._data[at] / 10 if at >= 0 else 0.0

    def vector(self, word: str) -> Vector | None:
        """The word's unit vector (None for a word not in the table)."""
        at = self._find(word)
        if at < 0:
            return None
        return tuple(map(truediv, self._record.unpack_from(self._data, at + 1), repeat(127)))


@cache
def table() -> WordTable | None:
    """The shipped table, or None if it is missing or unreadable (the matcher then does without)."""
    try:
        return WordTable()
    except (OSError, ValueError, struct.error):
        return None


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    words = table()
    return words.zipf(word) if words else 0.0


@lru_cache(maxsize=65536)
def vector(word: str) -> Vector | None:
    words = table()
    return words.vector(word) if words else None
