"""Lexical features of normalized text and a BM25 table over intents, compiled once.

Each intent's example phrasings together form one document. `TermTable.coverage` tells,
for each intent, how much of a question's information (IDF-weighted features) that
intent's examples account for, in 0..1. No learning: only counts taken at build time.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import pairwise, repeat
from operator import add, mul, truediv

from .normalize import RECENT

__all__ = ["FieldTable", "TermTable", "char_features", "char_ngrams", "word_features"]

CHAR_NGRAM_SIZES = (4,)
"""4-grams alone since the phrasing view compares by containment too: against (3, 4), CLINC150
top-1 92.2% vs 92.4%, threshold method 91.8%/48% vs 91.9%/45%, reader_dev top-1 91.3% vs
90.8%, with half the features (a quarter of the query time, which containment needed)."""
DENSE_SHARE = 0.8
"""A feature in at least this share of a `FieldTable`'s documents is added as a whole row (`_by_rows`): on a
large guide, the words of every node's phrasings. (At 0.5 or 0.65, the bundled guide's questions took longer:
few of them share a sum of rows, and the documents the other features reach are most of them.)"""
SUMS_KEPT = 64
"""Combinations of dense features a `FieldTable` remembers: seen once, then the sum of their rows (one
float per document)."""
Posting = tuple[tuple[int, ...], tuple[float, ...], "tuple[float, ...] | None"]
"""A feature's documents, their weights, and its whole row if it is dense (`FieldTable._posting`)."""
BM25_K1 = 1.2
BM25_B = 0.75
"""The textbook BM25 parameters, not tuned (k1 2.0 or b 0.5 change CLINC accuracy by < 0.3 pt)."""


def word_features(tokens: Sequence[str]) -> list[str]:
    """Words and adjacent word pairs, each once, in order of appearance."""
    pairs = [f"{a} {b}" for a, b in pairwise(tokens)]
    return list(dict.fromkeys([*tokens, *pairs]))


def char_features(text: str) -> list[str]:
    """Character n-grams of the whole text (spaces included), each once, in order (those of the last
    RECENT texts kept: a message is ranked by the guide's index and by its caveats')."""
    return list(_char_features(text))


@lru_cache(maxsize=RECENT)
def _char_features(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(char_ngrams(text)))


def char_ngrams(text: str) -> list[str]:
    """Character n-grams of the whole text, spaces included, with repetition."""
    padded = f" {text} "
    return [
        padded[start : start + size]
        for size in CHAR_NGRAM_SIZES
        for start in range(len(padded) - size + 1)
    ]


class TermTable:
    """BM25 weights of features over documents (one document per intent).

    Documents are given as feature counts. `neutral` tells which features carry no
    information when no document has them. With `inverted=True` the table keeps
    postings (feature -> documents) so that `coverage` scores every document at the
    cost of the features' posting lengths; `coverage_of` scores chosen documents and
    computes a document's weights the first time it is asked for.
    """

    def __init__(
        self,
        counts: Sequence[Counter[str]],
        inverted: bool = False,
        neutral: Callable[[str], bool] | None = None,
    ) -> None:
        self.size = len(counts)
        self._neutral = neutral
        self._counts = counts
        self._frequency: Counter[str] = Counter()
        for count in counts:
            self._frequency.update(count.keys())
        self.unknown_idf = _bm25_idf(0, self.size)
        self._idf = {f: _bm25_idf(df, self.size) for f, df in self._frequency.items()}
        lengths = [count.total() for count in counts]
        average = (sum(lengths) / len(lengths)) if lengths else 0.0
        self._length_norms = [
            BM25_K1 * (1 - BM25_B + BM25_B * length / average) if average else BM25_K1
            for length in lengths
        ]
        self._weights: list[dict[str, float] | None] = [None] * self.size
        # postings, packed: feature -> (start, end) into parallel arrays of documents and weights
        # (a few flat arrays unpickle much faster than tens of thousands of small tuples)
        self._spans: dict[str, tuple[int, int]] = {}
        self._docs = array("I")
        self._doc_weights = array("d")
        if inverted:
            self._invert()

    def _invert(self) -> None:
        """Compute every IDF and every posting now (one pass over the documents)."""
        idf = self._idf
        postings: dict[str, list[tuple[int, float]]] = {}
        for doc, (count, norm) in enumerate(zip(self._counts, self._length_norms, strict=True)):
            for feature, tf in count.items():
                entry = (doc, idf[feature] * tf / (tf + norm))
                if feature in postings:
                    postings[feature].append(entry)
                else:
                    postings[feature] = [entry]
        for feature, entries in postings.items():
            start = len(self._docs)
            self._docs.extend(doc for doc, _ in entries)
            self._doc_weights.extend(weight for _, weight in entries)
            self._spans[feature] = (start, len(self._docs))

    def __getstate__(self) -> dict[str, object]:
        """What queries need, for the engine cache. Document frequencies only served to build
        the IDFs, and an inverted table scores from its postings alone (`coverage`), so it
        leaves out its counts and weights: `weights` and `coverage_of` are for the others."""
        state = dict(self.__dict__, _frequency=None)
        if self._spans:
            state.update(_counts=None, _weights=[None] * self.size)
        else:  # packed (`_pack`), each feature the one string object `_idf` holds: written once
            same = {feature: feature for feature in self._idf}
            state["_counts"] = [_pack(count, same) for count in self._counts]
            state["_weights"] = [None] * self.size
        return state

    def idf(self, feature: str) -> float:
        """BM25 IDF of `feature` over the documents (the highest for an unseen feature)."""
        return self._idf.get(feature, self.unknown_idf)

    def weights(self, doc: int) -> dict[str, float]:
        """BM25 weight of each feature of document `doc`, never above the feature's IDF."""
        weights = self._weights[doc]
        if weights is None:
            norm, idf = self._length_norms[doc], self._idf
            weights = {f: idf[f] * tf / (tf + norm) for f, tf in _items(self._counts[doc])}
            self._weights[doc] = weights
        return weights

    def information(self, features: Iterable[str]) -> float:
        """Total IDF of `features`: what a document covering all of them would score.

        A feature no document has gets the highest IDF, unless the table's `neutral` says
        it carries no information (then it counts nothing)."""
        if self._neutral is None:
            return sum(map(self._idf.get, features, repeat(self.unknown_idf)))
        idf, unknown, neutral = self._idf, self.unknown_idf, self._neutral
        return sum(idf[f] if f in idf else (0.0 if neutral(f) else unknown) for f in features)

    def coverage(self, features: Sequence[str]) -> list[float]:
        """For every document, the IDF-weighted share of `features` it accounts for (0..1)."""
        scores = [0.0] * self.size
        spans, docs, weights = self._spans, self._docs, self._doc_weights
        for feature in features:
            span = spans.get(feature)
            if span is not None:
                start, end = span
                for doc, weight in zip(docs[start:end], weights[start:end], strict=True):
                    scores[doc] += weight
        total = self.information(features)
        return [score / total for score in scores] if total else scores

    def coverage_of(self, features: Sequence[str], docs: Iterable[int]) -> list[float]:
        """`coverage` for the documents `docs` only."""
        total = self.information(features)
        if not total:
            return [0.0 for _ in docs]
        absent = repeat(0.0)  # (x + 0.0 is x: the sums of the weights the documents have)
        return [sum(map(self.weights(doc).get, features, absent)) / total for doc in docs]


class FieldTable:
    """BM25F weights of features over documents made of several fields (one document per
    intent: its phrasings, and what its node says), inverted for scoring every document.

    A feature's pseudo-frequency in a document is the sum over fields of ``weight * tf /
    length norm``, saturated once (BM25F), so a word the node's quotes use often counts,
    but never more than a word of its phrasings. Queries weigh their own features
    (``priors``: how rare the word is in English) on top of the IDF.
    """

    def __init__(
        self,
        fields: Sequence[Sequence[Counter[str]]],
        weights: Sequence[float],
        neutral: Callable[[str], bool] | None = None,
    ) -> None:
        self.size = len(fields[0]) if fields else 0
        self._neutral = neutral
        frequency: Counter[str] = Counter()
        for doc in range(self.size):
            frequency.update(set().union(*(field[doc].keys() for field in fields)))
        self.unknown_idf = _bm25_idf(0, self.size)
        norms = []
        for field in fields:
            lengths = [count.total() for count in field]
            average = (sum(lengths) / len(lengths)) if lengths else 0.0
            norms.append([(1 - BM25_B + BM25_B * length / average) if average else 1.0 for length in lengths])
        pseudo: dict[str, dict[int, float]] = {}
        for field, weight, field_norms in zip(fields, weights, norms, strict=True):
            for doc, count in enumerate(field):
                for feature, tf in count.items():
                    docs = pseudo.setdefault(feature, {})
                    docs[doc] = docs.get(doc, 0.0) + weight * tf / field_norms[doc]
        # Each feature has a slot: its IDF, and its postings, documents and weights[bounds[slot]:
        # bounds[slot + 1]]. One dict of small ints and flat arrays: the engine cache unpickles them
        # much faster than a dict of IDFs and one of (start, end) tuples, thousands each.
        self._slots: dict[str, int] = {}
        self._idfs = array("d")
        self._bounds = array("I", [0])
        self._docs = array("I")
        self._doc_weights = array("d")
        for feature, docs in pseudo.items():
            idf = _bm25_idf(frequency[feature], self.size)
            self._slots[feature] = len(self._idfs)
            self._idfs.append(idf)
            self._docs.extend(docs)
            self._doc_weights.extend(idf * tf / (tf + BM25_K1) for tf in docs.values())
            self._bounds.append(len(self._docs))
        self._postings: dict[int, Posting] = {}  # (`_posting`)
        self._sums: dict[tuple[tuple[int, float], ...], tuple[float, ...] | None] = {}  # (`_by_rows`; None: seen once)

    def __getstate__(self) -> dict[str, object]:
        """For the engine cache: the postings as flat arrays only (`_posting` makes the tuples again)."""
        return dict(self.__dict__, _postings={}, _sums={})

    def _posting(self, slot: int) -> Posting:
        """The documents and weights of a feature's postings, as tuples: the same values as the
        arrays kept (compact in the engine cache), read faster (no number made at each read); and,
        for a feature in at least DENSE_SHARE of the documents, its whole row (0.0 where absent).
        Made on first use, once per process."""
        found = self._postings.get(slot)
        if found is None:
            start, end = self._bounds[slot], self._bounds[slot + 1]
            docs, weights = tuple(self._docs[start:end]), tuple(self._doc_weights[start:end])
            row = None
            if end - start >= DENSE_SHARE * self.size:
                whole = [0.0] * self.size
                for doc, weight in zip(docs, weights, strict=True):
                    whole[doc] = weight
                row = tuple(whole)
            found = self._postings[slot] = (docs, weights, row)
        return found

    def idf(self, feature: str) -> float:
        slot = self._slots.get(feature)
        return self.unknown_idf if slot is None else self._idfs[slot]

    def knows(self, feature: str) -> bool:
        return feature in self._slots

    def information(self, features: Sequence[str], priors: Sequence[float]) -> float:
        """What a document covering every feature would score (unseen function words: nothing)."""
        slots, idfs, unknown, neutral = self._slots, self._idfs, self.unknown_idf, self._neutral
        total = 0.0
        for feature, prior in zip(features, priors, strict=True):
            slot = slots.get(feature)
            if slot is not None:
                total += prior * idfs[slot]
            elif neutral is None or not neutral(feature):
                total += prior * unknown
        return total

    def coverage(self, features: Sequence[str], priors: Sequence[float]) -> list[float]:
        """For every document, the weighted share of `features` it accounts for (0..1): their
        postings' weights over `information` (added up in the same pass, in the same order)."""
        slots, postings, idfs = self._slots, self._postings, self._idfs
        unknown, neutral = self.unknown_idf, self._neutral
        total = 0.0
        found: list[tuple[int, float, Posting]] = []  # the features the table knows, in order
        dense = False
        for feature, prior in zip(features, priors, strict=True):
            slot = slots.get(feature)
            if slot is None:
                if neutral is None or not neutral(feature):
                    total += prior * unknown
                continue
            total += prior * idfs[slot]
            posting = postings.get(slot) or self._posting(slot)
            found.append((slot, prior, posting))
            dense = dense or posting[2] is not None
        scores = self._by_rows(found) if dense else None
        if scores is None:
            scores = _by_postings(found, self.size)
        return list(map(truediv, scores, repeat(total))) if total else scores

    def _by_rows(self, found: Sequence[tuple[int, float, Posting]]) -> list[float] | None:
        """`_by_postings`, the same floats, with the dense features' rows added up once for every
        query that has them (`_sum_of_rows`): only the documents the other features reach are added
        up one by one, each over all the features in their order (0.0 for a feature a document lacks:
        x + 0.0 is x). On a large guide, the words every node uses ("what", "about") cost nothing.
        None where it would not pay: the first time a combination of dense features is seen (most
        questions to a guide of everyday phrasings, CLINC150's, have their own), or when the other
        features reach so many documents that adding up theirs costs as much as the rows save."""
        dense = tuple((slot, prior) for slot, prior, posting in found if posting[2] is not None)
        sums = self._sums.get(dense)
        if sums is None and dense not in self._sums:  # (seen once: remembered as seen)
            if len(self._sums) >= SUMS_KEPT:
                self._sums.clear()
            self._sums[dense] = None
            return None
        reached = set().union(*(docs for _, _, (docs, _, row) in found if row is None))
        if len(reached) * len(dense) >= sum(len(posting[0]) for _, _, posting in found if posting[2] is not None):
            return None
        if sums is None:
            sums = self._sums[dense] = self._sum_of_rows(dense)
        scores = list(sums)
        if not reached:
            return scores
        own = [0.0] * self.size  # (the reached documents' sums, in the order of the features)
        docs_reached = sorted(reached)
        for _, prior, (docs, weights, row) in found:
            if row is not None:
                if prior == 1.0:
                    for doc in docs_reached:
                        own[doc] += row[doc]
                else:
                    for doc in docs_reached:
                        own[doc] += prior * row[doc]
            elif prior == 1.0:
                for doc, weight in zip(docs, weights, strict=True):
                    own[doc] += weight
            else:
                for doc, weight in zip(docs, weights, strict=True):
                    own[doc] += prior * weight
        for doc in docs_reached:
            scores[doc] = own[doc]
        return scores

    def _sum_of_rows(self, dense: tuple[tuple[int, float], ...]) -> tuple[float, ...]:
        """The dense features' rows (`dense`: their slots and priors, in order) added up from 0.0."""
        total: list[float] = [0.0] * self.size
        for slot, prior in dense:
            row = self._postings[slot][2]
            total = list(map(add, total, row if prior == 1.0 else map(mul, repeat(prior), row)))
        return tuple(total)


def _by_postings(found: Sequence[tuple[int, float, Posting]], size: int) -> list[float]:
    """Each document's sum of the features' weights (times their priors), in the features' order."""
    scores = [0.0] * size
    for _, prior, (docs, weights, _) in found:
        if prior == 1.0:  # the weight itself (1.0 * weight is weight): every word the guide knows
            for doc, weight in zip(docs, weights, strict=True):
                scores[doc] += weight
        else:
            for doc, weight in zip(docs, weights, strict=True):
                scores[doc] += prior * weight
    return scores


Packed = tuple[tuple[str, ...], array]
"""A document's feature counts as the engine cache keeps them: its features, in order, and their
counts (an array). Only the few documents a question shortlists are ever read, and a tuple and an
array unpickle faster than a dict of hundreds of entries (~1.2 ms of every `guide ask`)."""


def _pack(count: Mapping[str, int] | Packed, same: Mapping[str, str]) -> Packed:
    """`count` packed, its features taken from `same` (already packed: as it is)."""
    if isinstance(count, tuple):  # a table that came from the cache, pickled again
        return count
    return tuple(map(same.__getitem__, count)), array("I", count.values())


def _items(count: Mapping[str, int] | Packed) -> Iterable[tuple[str, int]]:
    """The (feature, count) pairs of a document, in order, from a dict or a `Packed`."""
    if isinstance(count, tuple):
        features, counts = count
        return zip(features, counts, strict=True)
    return count.items()


def _bm25_idf(document_frequency: int, size: int) -> float:
    """Robertson-Sparck Jones IDF as in BM25 (the +1 keeps it positive)."""
    return math.log(1 + (size - document_frequency + 0.5) / (document_frequency + 0.5))
