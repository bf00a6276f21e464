"""A learned second opinion: a small linear model over words, subwords, word vectors and the rules' signals.

The rules and the similarity check catch the phrasings someone wrote down or labelled; every new
writer's set showed them missing about a third of first disclosures. This module scores a message
that neither of them flagged with two logistic models trained offline on the labelled messages of
tests/data/ (``scripts/train_safety_model.py``, fixed seed, bit-identical rebuild):

- ``risk``: is this message a disclosure of risk (any category) rather than an everyday message,
  a trap or a reader's question?
- ``other``: among risk messages, is the danger from someone else (violence, coercion, assault)
  rather than to the reader from themself?

Features (``features``), each hashed into ``2**bits`` buckets with CRC-32 (stable across
processes and machines): the normalized words and word pairs, character 3- and 4-grams of each
word (typos, inflections, slang), the signals of rules.yaml that fired, the parts of present.py that
fired in a message that names a means (a means, that it is here or begun, an effect, a guard: none read for a
message that names none, so its lexicon stays undecoded), whether it asks, whether the reader
speaks in the first person; and, unhashed, the mean of the words' vectors from the matcher's word
table (guide/matching/wordtable.py), so that a word nobody labelled still lands near the labelled
words that mean the same.

The detector asks the model only where it would have asked the similarity check and that check
said nothing: no rule pattern matched, or only signals did, and no death told as a loss is in the message.
An idiom or keyword-trap exception excuses its own words: the model reads the words no exception covers
(round 20), when there are enough of them. It can only raise a decision, never lower one.
Thresholds and the tier mapping (``Settings``) are stored with the weights; they were chosen by
leave-one-writer-out cross-validation (docs/safety-rules.md, "Round 12").

The weights file (``model.bin``, package data) is read on the first message that reaches the model:
a ``guide ask`` whose question a rule decides never reads it.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
import math
import os
import struct
import zlib
from array import array
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path

from guide.matching import wordtable
from guide.records import NamedTuple
from guide.safety.normalize import BOUNDARIES

MODEL_PATH = Path(__file__).with_name("model.bin")
MAGIC = b"guidesm1"
HEADER = struct.Struct("<8sIII5f")  # magic, bits, dense dims, models, tier2, question, tier1, other, scale
CHAR_SIZES = (3, 4)
FIRST_PERSON = frozenset(("i", "me", "my", "myself", "mine", "im"))


class Settings(NamedTuple):
    tier2: float  # risk probability for "resources first"
    question: float  # the same for a message that asks (reader questions are the most common false alarm)
    tier1: float  # risk probability for a takeover when a present-danger part or a time signal is there too
    other: float  # probability that the danger is from someone else (domestic violence, not self-harm)


class Verdict(NamedTuple):
    tier: int  # 0, 1 or 2
    category: str | None
    risk: float  # the risk model's probability
    other: float  # the other-person model's probability
    top: tuple[tuple[str, float], ...]  # the features that pushed the risk score up most


class Features(NamedTuple):
    hashed: dict[int, float]  # bucket -> value (L2-normalized per family)
    dense: tuple[float, ...]  # the mean word vector (DIMS values, or zeros)
    names: dict[int, str]  # bucket -> a readable name (for explain; filled only when asked)


def _bucket(text: str, mask: int) -> int:
    return zlib.crc32(text.encode("utf-8")) & mask


def _word_keys(word: str) -> tuple[str, list[str]]:
    """A word's own keys: its unigram, and its character 3- and 4-grams (with < > at the edges)."""
    padded = f"<{word}>"
    grams = [f"c|{padded[i:i + size]}" for size in CHAR_SIZES for i in range(len(padded) - size + 1)]
    return f"w|{word}", grams


def _flags(signals: Iterable[str], parts: Iterable[str], question: bool, words: Sequence[str]) -> list[str]:
    flags = [f"s|{s}" for s in signals] + [f"p|{p}" for p in parts]
    if question:
        flags.append("f|question")
    if FIRST_PERSON.intersection(words):
        flags.append("f|first_person")
    flags.append("f|bias")
    return flags


def _pairs(toks: Sequence[str]) -> list[str]:
    seq = ["<s>", *toks, "</s>"]
    return [f"b|{a}|{b}" for a, b in pairwise(seq)]


def features(toks: Sequence[str], signals: Iterable[str], parts: Iterable[str], question: bool,
             bits: int, dims: int, readable: bool = False) -> Features:
    """The message's features: *toks* are the safety normalizer's tokens (clause marks kept),
    *signals* the rules.yaml signals that fired, *parts* the present.py part names that fired.

    Words and word pairs are one family, character n-grams another. Each bucket a family uses counts once
    (a word said 200 times weighs as much as said once), valued 1 over the square root of the family's number
    of buckets, so a long message does not weigh more; flags count 1. ``Model.probabilities_of`` computes the
    same sum with per-word caches."""
    mask = (1 << bits) - 1
    names: dict[int, str] = {}
    words = [t for t in toks if t not in BOUNDARIES]
    out: dict[int, float] = {}

    def add(keys: Sequence[str], scaled: bool) -> None:
        buckets: dict[int, str] = {}
        for key in keys:
            buckets.setdefault(_bucket(key, mask), key)
        value = 1.0 / math.sqrt(len(buckets)) if scaled and buckets else 1.0
        for b, key in buckets.items():
            out[b] = out.get(b, 0.0) + value
            if readable:
                names.setdefault(b, key)

    word_keys, grams = [], []
    for w in words:
        unigram, chars = _word_keys(w)
        word_keys.append(unigram)
        grams.extend(chars)
    word_keys.extend(_pairs(toks))
    add(word_keys, True)
    add(grams, True)
    add(_flags(signals, parts, question, words), False)
    total = [0.0] * dims
    found = 0
    for w in words:
        vec = wordtable.vector(w)
        if vec is not None and len(vec) == dims:
            found += 1
            for k in range(dims):
                total[k] += vec[k]
    dense = tuple(x / found for x in total) if found else tuple(total)
    return Features(out, dense, names)


class Model:
    """Two logistic models (risk, other person) over shared features, with their settings."""

    def __init__(self, bits: int, dims: int, weights: Sequence[Sequence[float]], settings: Settings,
                 scale: float = 1.0) -> None:
        self.bits, self.dims, self.settings = bits, dims, settings
        self.weights = weights  # per model: 2**bits hashed weights, then dims dense weights (times scale)
        self.scale = scale
        self._words: dict[str, tuple[int, tuple[int, ...], tuple[float, ...]]] = {}

    def probabilities(self, f: Features) -> tuple[float, float]:
        return self._p(0, f), self._p(1, f)

    def _p(self, m: int, f: Features) -> float:
        w = self.weights[m]
        size = 1 << self.bits
        z = sum(w[b] * v for b, v in f.hashed.items())
        z += sum(w[size + k] * x for k, x in enumerate(f.dense))
        return _sigmoid(z * self.scale)

    def _word(self, word: str) -> tuple[int, tuple[int, ...], tuple[float, ...]]:
        """Per word, cached: its unigram's bucket, its n-grams' buckets, and per model its vector's projection
        on the dense weights (0 for a word the table lacks; the last value says whether it has one)."""
        known = self._words.get(word)
        if known is not None:
            return known
        mask = (1 << self.bits) - 1
        size = 1 << self.bits
        unigram, grams = _word_keys(word)
        vec = wordtable.vector(word)
        has_vec = vec is not None and len(vec) == self.dims
        proj = tuple(sum(w[size + k] * x for k, x in enumerate(vec)) if has_vec else 0.0 for w in self.weights)
        if len(self._words) > 100_000:
            self._words.clear()
        known = self._words[word] = (_bucket(unigram, mask), tuple(_bucket(g, mask) for g in grams),
                                     (*proj, 1.0 if has_vec else 0.0))
        return known

    def probabilities_of(self, toks: Sequence[str], signals: Iterable[str], parts: Iterable[str],
                         question: bool) -> tuple[float, ...]:
        """What ``probabilities(features(...))`` gives, computed with per-word caches (the run-time path)."""
        mask = (1 << self.bits) - 1
        words = [t for t in toks if t not in BOUNDARIES]
        word_buckets: set[int] = set()
        gram_buckets: set[int] = set()
        models = len(self.weights)
        dense = [0.0] * models
        n_vec = 0.0
        for word in words:
            unigram, grams, proj = self._word(word)
            word_buckets.add(unigram)
            gram_buckets.update(grams)
            for m in range(models):
                dense[m] += proj[m]
            n_vec += proj[-1]
        word_buckets.update(_bucket(key, mask) for key in _pairs(toks))
        flags = {_bucket(key, mask) for key in _flags(signals, parts, question, words)}
        scale_words = 1.0 / math.sqrt(len(word_buckets)) if word_buckets else 0.0
        scale_grams = 1.0 / math.sqrt(len(gram_buckets)) if gram_buckets else 0.0
        out = []
        for m, w in enumerate(self.weights):
            z = sum(w[b] for b in flags)
            z += scale_words * sum(w[b] for b in word_buckets)
            z += scale_grams * sum(w[b] for b in gram_buckets)
            if n_vec:
                z += dense[m] / n_vec
            out.append(_sigmoid(z * self.scale))
        return tuple(out)

    def top(self, f: Features, n: int = 5) -> tuple[tuple[str, float], ...]:
        """The features that pushed the risk score up most (readable names; the word vectors as one)."""
        w = self.weights[0]
        size = 1 << self.bits
        k = self.scale
        contrib = [(f.names.get(b, f"#{b}"), k * w[b] * v) for b, v in f.hashed.items()]
        contrib.append(("word vectors", k * sum(w[size + i] * x for i, x in enumerate(f.dense))))
        contrib.sort(key=lambda c: -c[1])
        return tuple((name, round(c, 3)) for name, c in contrib[:n] if c > 0)

    def to_bytes(self) -> bytes:
        """The file: header, then each model's weights as int16 scaled by one shared factor (deterministic)."""
        biggest = max((abs(x) * self.scale for w in self.weights for x in w), default=1.0) or 1.0
        scale = biggest / 32767.0
        s = self.settings
        out = bytearray(HEADER.pack(MAGIC, self.bits, self.dims, len(self.weights), s.tier2, s.question, s.tier1,
                                    s.other, scale))
        for w in self.weights:
            out += array("h", (round(x * self.scale / scale) for x in w)).tobytes()
        return bytes(out)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Model":
        magic, bits, dims, models, tier2, question, tier1, other, scale = HEADER.unpack_from(data, 0)
        if magic != MAGIC or bits > 24 or dims > 1024:
            raise ValueError("not a safety model")
        size = (1 << bits) + dims
        weights = []
        at = HEADER.size
        for _ in range(models):
            q = array("h")
            q.frombytes(data[at:at + 2 * size])
            if len(q) != size:
                raise ValueError("safety model truncated")
            weights.append(q)
            at += 2 * size
        return cls(bits, dims, weights, Settings(tier2, question, tier1, other), scale)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def decide(model: Model, risk: float, other: float, question: bool, urgent: bool, person_near: bool = False) -> Verdict:
    """The tier the model gives: 2 from ``tier2`` (``question`` for a message that asks); 1 instead from ``tier1``
    when *urgent* (a time signal, an act begun, an effect on the body) or, for danger from someone else, when
    *person_near* (the person here, armed, acting). The category by the other-person model."""
    s = model.settings
    floor = s.question if question else s.tier2
    if risk < floor:
        return Verdict(0, None, risk, other, ())
    from_someone = other >= s.other
    if (urgent or (from_someone and person_near)) and risk >= s.tier1:
        return Verdict(1, "immediate_danger_dv" if from_someone else "immediate_danger", risk, other, ())
    return Verdict(2, "domestic_violence" if from_someone else "suicidal_ideation", risk, other, ())


def load_model(path: Path = MODEL_PATH) -> Model:
    return Model.from_bytes(path.read_bytes())


@cache
def default_model() -> Model | None:
    """The shipped model (None when absent, unreadable, or turned off with ``GUIDE_SAFETY_MODEL=0``)."""
    if os.environ.get("GUIDE_SAFETY_MODEL", "") in ("0", "off", "no", "false"):
        return None
    try:
        return load_model()
    except (OSError, ValueError, struct.error):
        return None
