"""The meaning view: texts as averages of word vectors (wordtable.py), compared by cosine.

"will he ditch me if i'm needy" and "fear of being left" share no word; their vectors are
close. A text's vector is the mean of its topic words' vectors, each weighted by how rare
the word is; an intent is a few such vectors (prototypes): the mean of its phrasings and
the phrasings farthest from it, and its node's own sentences. Pure Python: a prototype is a
tuple of DIMS floats, a comparison the sum of their products (`similarities`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from itertools import repeat
from operator import add, mul, truediv

from .normalize import FUNCTION_WORDS, RECENT
from .numbers import CARDINALS
from .rarity import rarity
from .wordtable import Vector, vector

PROTOTYPES = 3
"""Phrasing prototypes kept per intent: their mean and the phrasings farthest from it."""
KMEANS_ROUNDS = 3
COARSE = 16
CONTENT_PROTOTYPES = 2
CONTENT_DISCOUNT = 0.9
"""A node's own sentences count this much against its phrasings."""
"""Sentences of what the node says kept per intent, the longest first."""


def text_vector(words: Iterable[str]) -> Vector | None:
    """The rarity-weighted mean of the words' vectors, at unit length (None: no known word)."""
    weighted = [found for found in map(weighted_vector, words) if found is not None]
    if not weighted:
        return None
    total = weighted[0]  # added up word by word: what summing each dimension gives, with no -0.0 to tell apart
    for found in weighted[1:]:
        total = list(map(add, total, found))
    return _unit(list(total))


@lru_cache(maxsize=RECENT)
def query_vector(words: tuple[str, ...]) -> Vector | None:
    """`text_vector` of a question's words, those of the last RECENT questions kept: a message is ranked
    by the guide's index and by its caveats', and both read it alike."""
    return text_vector(words)


@lru_cache(maxsize=65536)
def weighted_vector(word: str) -> Vector | None:
    """The word's vector times its rarity (None for a function word or a word without a vector)."""
    if word in FUNCTION_WORDS or word in CARDINALS:
        return None
    found = vector(word)
    if found is None or rarity(word) == 1.0:
        return found
    return tuple(map(rarity(word).__mul__, found))


def similarity(a: Vector, b: Vector) -> float:
    return sum(map(mul, a, b))


def coarse(v: Vector) -> Vector:
    """The vector's first COARSE dimensions (the table's largest components): a quick first
    comparison for choosing which intents to compare in full."""
    return v[:COARSE]


def prototypes(texts: Sequence[Sequence[str]]) -> tuple[Vector, ...]:
    """An intent's phrasings (as word lists) as a few vectors: the means of up to PROTOTYPES
    groups of similar phrasings (a short k-means), the mean of them all first."""
    vectors = [v for v in (text_vector(words) for words in texts) if v is not None]
    if not vectors:
        return ()
    mean = _unit([sum(column) for column in zip(*vectors, strict=True)])
    if len(vectors) <= PROTOTYPES:
        return tuple(v for v in (mean, *vectors) if v is not None)
    centres = [vectors[0]]
    while len(centres) < PROTOTYPES:  # seeds: each the phrasing farthest from the others
        centres.append(min(vectors, key=lambda v: max(similarity(v, c) for c in centres)))
    for _ in range(KMEANS_ROUNDS):
        groups: list[list[Vector]] = [[] for _ in centres]
        for v in vectors:
            groups[max(range(len(centres)), key=lambda i: similarity(v, centres[i]))].append(v)
        centres = [_unit([sum(column) for column in zip(*group, strict=True)]) or centre if group else centre
                   for group, centre in zip(groups, centres, strict=True)]
    return tuple(v for v in (mean, *centres) if v is not None)


def similarities(query: Vector, vectors: Iterable[Vector]) -> list[float]:
    """`similarity` of the query with each of the vectors (each as long as it), the same numbers as
    `sum(map(mul, query, v))`. Tuples of floats are read faster than arrays, which box each value."""
    if SUM_ADDS_ONE_BY_ONE and query:
        dims = len(query)
        written = _WRITTEN.get(dims)
        if written is not None:
            return written(query, vectors)
        _CALLS[dims] = calls = _CALLS.get(dims, 0) + 1
        if calls >= WRITE_OUT_AFTER:
            _WRITTEN[dims] = _written_out(dims)
    return [sum(map(mul, query, v)) for v in vectors]


SUM_ADDS_ONE_BY_ONE = sum([1e16, 1.0, -1e16]) == 0.0
"""`sum` adds floats one by one, each addition rounded (CPython before 3.12). From 3.12 on it carries
the rounding errors along and adds them at the end, and `similarities` keeps to `sum` there."""
WRITE_OUT_AFTER = 64
"""Calls with vectors of one length after which `similarities` writes out its function for them
(`_written_out`): compiling one takes some 0.3 ms, what a few questions' products save, so a
one-question `guide ask` never pays it (a question makes some 10 calls)."""
_WRITTEN: dict[int, Callable[[Vector, Iterable[Vector]], list[float]]] = {}
_CALLS: dict[int, int] = {}


@cache
def _written_out(dims: int) -> Callable[[Vector, Iterable[Vector]], list[float]]:
    """`similarities` for vectors of `dims` numbers, written out as Python: the query's numbers
    unpacked into local variables once, each vector's in turn, and the products added in one
    expression, left to right from 0.0, which is what `sum(map(mul, query, v))` computes where `sum`
    adds one by one: from its start 0 (0 + x is 0.0 + x), each product rounded, each sum rounded.
    No call per number: a third less time at 64 dimensions than `sum` and `map`, half at 16 (COARSE)."""
    query = ", ".join(f"q{i}" for i in range(dims))
    vector = ", ".join(f"v{i}" for i in range(dims))
    total = " + ".join(["0.0", *(f"q{i} * v{i}" for i in range(dims))])
    source = (
        "def similarities(query, vectors):\n"
        f"    {query}, = query\n"
        "    found = []\n"
        "    for " + vector + ", in vectors:\n"
        f"        found.append({total})\n"
        "    return found\n"
    )
    made: dict[str, Callable[[Vector, Iterable[Vector]], list[float]]] = {}
    exec(source, made)  # noqa: S102 (our own text: names and numbers, nothing read from outside)
    return made["similarities"]


def _unit(values: list[float] | None) -> Vector | None:
    if not values:
        return None
    norm = math.sqrt(sum(map(mul, values, values)))
    return tuple(map(truediv, values, repeat(norm))) if norm else None
