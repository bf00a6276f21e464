"""Everyday English words: how common each is, and a small vector of what it means.

Read from data/words.bin (built by scripts/build_word_table.py: frequencies from
wordfreq, vectors distilled from the all-MiniLM-L6-v2 sentence model) through mmap: no
load time, a few microseconds a lookup, and nothing at all for a guide that never asks.
Words not in the table (rare words, names, typos) have no vector and count as rare.
"""

from __future__ import annotations

import mmap
import struct
import sys
import zlib
from collections.abc import Iterable, Sequence
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
        self._offsets = _offsets(self._data, self._slots)

    def _find(self, word: str) -> int:
        """The offset of the word's record after its text (-1 if it is not in the table)."""
        try:
            key = word.encode("ascii")
        except UnicodeEncodeError:
            return -1
        data, offsets, slots = self._data, self._offsets, self._slots
        size = len(key)
        slot = zlib.crc32(key) % slots
        while True:
            offset = offsets[slot]
            if not offset:
                return -1
            if data[offset] == size and data[offset + 1:offset + 1 + size] == key:  # (no slice of another length)
                return offset + 1 + size
            slot = (slot + 1) % slots

    def zipf(self, word: str) -> float:
        """How common the word is: wordfreq's Zipf value (0 for a word not in the table)."""
        at = self._find(word)
        return self._data[at] / 10 if at >= 0 else 0.0

    def zipfs(self, words: Iterable[str]) -> list[float]:
        """`zipf` of each of the words: `_find`'s probing written out in one loop (a spelling repair looks
        up some 150-400 edits of a word, and a call per edit was most of their time)."""
        data, offsets, slots, crc32 = self._data, self._offsets, self._slots, zlib.crc32
        found = []
        for word in words:
            try:
                key = word.encode("ascii")
            except UnicodeEncodeError:
                found.append(0.0)
                continue
            size = len(key)
            slot = crc32(key) % slots
            while True:
                offset = offsets[slot]
                if not offset:
                    found.append(0.0)
                    break
                if data[offset] == size and data[offset + 1:offset + 1 + size] == key:
                    found.append(data[offset + 1 + size] / 10)
                    break
                slot = (slot + 1) % slots
        return found

    def vector(self, word: str) -> Vector | None:
        """The word's unit vector (None for a word not in the table)."""
        at = self._find(word)
        if at < 0:
            return None
        return tuple(map(truediv, self._record.unpack_from(self._data, at + 1), repeat(127)))


def _offsets(data: mmap.mmap, slots: int) -> Sequence[int]:
    """The table's slots (little-endian 32-bit offsets after the header), read in place where the
    machine's own 32-bit numbers are little-endian (a copy elsewhere)."""
    view = memoryview(data)[HEADER.size:HEADER.size + 4 * slots]
    if sys.byteorder == "little" and struct.calcsize(SLOT) == 4:
        return view.cast(SLOT)
    return struct.unpack(f"<{slots}{SLOT}", view)


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


def zipfs(words: Iterable[str]) -> list[float]:
    """`zipf` of each of the words, none remembered: for the hundreds of candidate edits a spelling
    repair looks up once (normalize.py), which would push the words that come back out of memory."""
    found = table()
    return found.zipfs(words) if found else [0.0 for _ in words]


@lru_cache(maxsize=65536)
def vector(word: str) -> Vector | None:
    words = table()
    return words.vector(word) if words else None
