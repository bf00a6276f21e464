"""Nearest-exemplar check: a second opinion for the messages the rules see nothing in.

The rules (rules.py, detector.py) only catch phrasings someone wrote a pattern for.
This module compares a message with *exemplars*, fresh messages whose verdict is
known (guide/safety/exemplars.yaml), grouped by what they are:

- risk groups, one per category and tier ("hopelessness/2", "self_harm/1"): the
  must-trigger messages of tests/data/safety_cases.yaml, tests/data/safety_dev.yaml
  and ../shared/data/crisis_cases.yaml, labelled with the tier and category the rules
  give them (never anything from tests/data/safety_holdout.yaml);
- benign groups: the traps of those files by kind ("idiom", "keyword_trap",
  "anxiety"...), the guide's own example phrasings, and ten everyday requests per
  CLINC150 intent.

Each group is one document. A message is scored against a group in two lexical views,
each in 0..1, and the score is their mean: the BM25-weighted share of the message's
words and word pairs that the group's exemplars use, and the same over character 3-
and 4-grams (inflections, typos, word order). Nothing is learned: building the index
counts words, as the intent matcher does (the scoring is the matcher's word and
character views, kept here so that tuning the matcher never moves the safety check).

The message is flagged when its best risk group is close enough (``score``) and
clearly closer than the best benign group (``margin``); settings.tier1 gives a
takeover only for a very clear match with a tier-1 group, settings.tier2 the
"resources first" reply otherwise. The detector asks this module only when no rule
pattern matched at all: a rule's own decision (negated, past, idiom, a question about
the topic) is never overruled.

Cost: a message is scored only if its words that occur in risk exemplars and are rare in
the benign ones (IDF over the benign exemplars >= ``prefilter_idf``) add up to an IDF
weight of ``prefilter_weight`` (one word no benign exemplar has, or two rare ones); other
messages cost a dictionary lookup per word.
The compiled index is cached with ``marshal`` next to the rules cache, keyed by hashes
of exemplars.yaml and rules.yaml (whose normalizer it uses); its tables are read the
first time a message passes the prefilter, and the entries of the two big ones decoded as
messages need them (`_StoredTable`).
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
import marshal
import math
import os
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any, BinaryIO

from guide.cachefiles import open_private, write_private
from guide.records import NamedTuple
from guide.safety.normalize import BOUNDARIES
from guide.safety.rules import RuleSet, cache_path, default_rules, parse_yaml, remove_older, source_digest

EXEMPLARS_PATH = Path(__file__).with_name("exemplars.yaml")
FORMAT = 6  # bump when the compiled layout changes (6: the header's and the body's CRC-32; 5: tables in
# buckets, groups' data read on demand)

BM25_K1 = 1.2
BM25_B = 0.75
CHAR_SIZES = (3, 4)
SHORTLIST = 3
"""Groups per side (risk, benign) scored in both views: the best by the word view."""
POSTING_IDF = 1.0
"""Word features rarer than this (in more than ~a third of the groups) are left out of
the postings that pick the shortlist; the shortlisted groups are scored on every feature."""
MAX_TOKENS = 150
"""Only the first this-many tokens are compared (bounded time for a pasted text)."""
MIN_TOKENS = 5
"""Shorter messages are left to the rules: a few words are no phrasing to compare, and a
short chat reply ("yes i am", "what's happening", "call my best friend") can share a word
or two with a risk exemplar and nothing else (CLINC150 false alarms at 3 or 4 tokens)."""
MIN_VOCAB_LETTERS = 3
"""Prefilter words are alphabetic and at least this long ("q", "15" say nothing alone)."""


class ExemplarsError(ValueError):
    """exemplars.yaml is malformed."""


class Settings(NamedTuple):
    enabled: bool
    prefilter_idf: float
    prefilter_weight: float
    tier2_score: float
    tier2_margin: float
    tier1_score: float
    tier1_margin: float


class Scores(NamedTuple):
    """The best risk and benign groups for a message (the shortlist's scores)."""

    risk: float
    risk_group: int  # -1: none
    benign: float
    benign_group: int  # -1: none

    @property
    def margin(self) -> float:
        return self.risk - self.benign


class Match(NamedTuple):
    """A message the similarity check flags: its tier, category and nearest exemplar."""

    tier: int
    category: str
    group: str
    exemplar_id: str
    exemplar: str
    score: float
    benign: float
    benign_group: str


class SimilarIndex:
    """The compiled exemplars. Build with :func:`load_similar` or :func:`compile_similar`."""

    def __init__(self, plain: dict, body: Callable[[], dict] | None = None) -> None:
        self.settings = Settings(**plain["settings"])
        self.groups: tuple[str, ...] = plain["groups"]
        self.risk: tuple[bool, ...] = plain["risk"]
        self.categories: tuple[str | None, ...] = plain["categories"]
        self.tiers: tuple[int, ...] = plain["tiers"]
        self.vocab: dict[str, float] = plain["vocab"]  # prefilter word -> IDF over benign
        self.source_hash: str = plain.get("hash", "")
        self._plain = plain
        self._body = body  # reads the tables from the cache on first use (None: in plain)
        self._ready = False

    def _load(self) -> None:
        """Decode the tables: on the first message that passes the prefilter."""
        body = self._body() if self._body is not None else self._plain
        n = len(self.groups)
        self._idf = [_idf(df, n) for df in range(n + 1)]
        self._word_post: Mapping[str, tuple[int, ...]] | _StoredTable
        self._char_df: Mapping[str, int] | _StoredTable
        if "postings" in body:  # from the cache: decoded as messages need them (`_StoredTable.values`)
            self._word_post, self._word_common, self._char_df = body["postings"], body["common"], body["chars"]
        else:
            self._word_post, self._word_common = body["word"]
            self._char_df = body["chars"]
        self._norms: tuple[float, ...] = body["norms"]
        self._wweights: Sequence[dict[str, float]]
        self._cweights: Sequence[dict[str, float]]
        self._exemplars: Sequence[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
        if "group_data" in body:  # from the cache: each group's data read when a message first needs it
            self._wweights, self._cweights, self._exemplars = (_Part(body["group_data"], k * n) for k in range(3))
        else:
            self._wweights, self._cweights = body["wweights"], body["cweights"]
            self._exemplars = body["exemplars"]
        self._ready = True

    def _weights(self, table: Sequence[Any], g: int) -> Any:
        return table[g]

    def passes_prefilter(self, tokens: Iterable[str]) -> bool:
        """Do the message's risk words weigh enough to be worth scoring?"""
        vocab = self.vocab
        found = {t for t in tokens if t in vocab}
        return bool(found) and sum(vocab[t] for t in found) >= self.settings.prefilter_weight

    def scores(self, tokens: Sequence[str], prefilter: bool = True) -> Scores | None:
        """Best risk and benign group scores of a token list (boundaries allowed), or None
        when no word passes the prefilter (``prefilter=False``: score anyway, for benchmarks)."""
        toks = [t for t in tokens[:MAX_TOKENS * 2] if t not in BOUNDARIES][:MAX_TOKENS]
        if len(toks) < MIN_TOKENS or (prefilter and not self.passes_prefilter(toks)):
            return None
        if not self._ready:
            self._load()
        idf, common, norms = self._idf, self._word_common, self._norms
        unknown = idf[0]
        words = _word_features(toks)
        wtotal = 0.0
        acc: dict[int, float] = {}
        get = acc.get
        for f, entry in zip(words, _values(self._word_post, words, None), strict=True):
            if entry is None:  # a common feature (no postings) or one no exemplar has
                wtotal += idf[common[f]] if f in common else unknown
                continue
            x = idf[len(entry) >> 1]
            wtotal += x
            for k in range(0, len(entry), 2):  # (group, count) pairs
                g, tf = entry[k], entry[k + 1]
                acc[g] = get(g, 0.0) + x * tf / (tf + norms[g])
        risk = self.risk
        ranked = sorted(acc, key=acc.__getitem__, reverse=True)
        rs = [g for g in ranked if risk[g]][:SHORTLIST]
        if not rs:
            return Scores(0.0, -1, 0.0, -1)
        bs = [g for g in ranked if not risk[g]][:SHORTLIST]
        chars = _char_features(" ".join(toks))
        ctotal = sum(map(idf.__getitem__, _values(self._char_df, chars, 0)))

        def score(g: int) -> float:
            ww = self._weights(self._wweights, g)
            cw = self._weights(self._cweights, g)
            w = sum(filter(None, map(ww.get, words))) / wtotal if wtotal else 0.0
            c = sum(filter(None, map(cw.get, chars))) / ctotal if ctotal else 0.0
            return round((w + c) / 2, 6)

        best_r = max((score(g), -g) for g in rs)
        best_b = max(((score(g), -g) for g in bs), default=(0.0, 1))
        return Scores(best_r[0], -best_r[1], best_b[0], -best_b[1])

    def check(self, tokens: Sequence[str]) -> Match | None:
        """The similarity verdict for a message's tokens: a Match, or None."""
        sc = self.scores(tokens)
        return self.decide(sc, tokens) if sc is not None else None

    def decide(self, sc: Scores, tokens: Sequence[str]) -> Match | None:
        """The verdict for the scores *sc* of the message *tokens*: a Match, or None."""
        s = self.settings
        if not s.enabled or sc.risk_group < 0:
            return None
        if sc.risk < s.tier2_score or sc.margin < s.tier2_margin:
            return None
        g = sc.risk_group
        tier = 1 if (self.tiers[g] == 1 and sc.risk >= s.tier1_score
                     and sc.margin >= s.tier1_margin) else 2
        ex_id, ex_text = self.nearest(g, tokens)
        return Match(tier, self.categories[g] or "", self.groups[g], ex_id, ex_text,
                     sc.risk, sc.benign, self.groups[sc.benign_group] if sc.benign_group >= 0 else "")

    def nearest(self, group: int, tokens: Sequence[str]) -> tuple[str, str]:
        """The exemplar of *group* closest to the message (for explanations)."""
        from rapidfuzz import fuzz, process

        if not self._ready:
            self._load()
        ids, texts, normalized = self._weights(self._exemplars, group)
        query = " ".join(t for t in tokens if t not in BOUNDARIES)
        best = process.extractOne(query, normalized, scorer=fuzz.token_set_ratio)
        i = best[2] if best else 0
        return ids[i], texts[i]


# -- loading ---------------------------------------------------------------------------


@cache
def default_similar() -> SimilarIndex | None:
    """The bundled exemplars compiled against the bundled rules (None if disabled or absent).

    ``GUIDE_SAFETY_SIMILAR=0`` turns the similarity check off (the rules alone)."""
    if os.environ.get("GUIDE_SAFETY_SIMILAR", "") in ("0", "off", "no", "false"):
        return None
    if not EXEMPLARS_PATH.is_file():
        return None
    index = load_similar(EXEMPLARS_PATH, default_rules())
    return index if index.settings.enabled else None


def load_similar(path: Path | str = EXEMPLARS_PATH, rules: RuleSet | None = None, *,
                 use_cache: bool = True) -> SimilarIndex:
    """Load exemplars.yaml, from the compiled cache when it is up to date.

    The cache file holds a small header (settings, group names, the prefilter's words),
    read at once, and the tables, read when a message first passes the prefilter (each
    group's data when a message first needs it)."""
    rules = rules or default_rules()
    raw = Path(path).read_bytes()
    digest = source_digest(raw, FORMAT, rules.source_hash)
    cache_file = cache_path("similar", digest) if use_cache and rules.source_hash else None
    if cache_file is not None:
        try:
            handle = open_private(cache_file)  # only a file this user alone can have written
            if handle is None:
                raise ValueError("no trusted cache")
            with handle as fh:
                data = _checked(fh)
                header = marshal.loads(data)
            if isinstance(header, dict) and header.get("hash") == digest:
                return SimilarIndex(header, _body_reader(cache_file, _FRAME + len(data), digest, raw, rules))
        except (OSError, ValueError, EOFError, TypeError, KeyError, MemoryError):
            pass
    plain = compile_plain(parse_yaml(raw), rules)
    plain["hash"] = digest
    if cache_file is not None:
        _write_cache(cache_file, plain)
    return SimilarIndex(plain)


def _body_reader(cache_file: Path, offset: int, digest: str, raw: bytes,
                 rules: RuleSet) -> Callable[[], dict]:
    @cache
    def compiled() -> dict:
        return compile_plain(parse_yaml(raw), rules)

    def groups_compiled() -> tuple[Any, ...]:  # (in `_StoredGroups` order)
        plain = compiled()
        return (*plain["wweights"], *plain["cweights"], *plain["exemplars"])

    def read() -> dict:
        handle = None
        try:
            handle = open_private(cache_file)
            if handle is None:
                raise ValueError("no trusted cache")
            handle.seek(offset)
            data = _checked(handle)
            body = marshal.loads(data)
            if not (isinstance(body, dict) and body.get("hash") == digest):
                raise ValueError("another cache")
            spans, crcs = array("Q"), array("I")
            spans.frombytes(body.pop("group_spans"))
            crcs.frombytes(body.pop("group_crcs"))
            start = offset + _FRAME + len(data)
            if os.fstat(handle.fileno()).st_size != start + spans[-1] or len(crcs) != len(spans) - 1:
                raise ValueError("cut short or grown")
            body["group_data"] = _StoredGroups(handle, start, spans, crcs, groups_compiled)
            body["postings"] = _StoredTable(*body["postings"], lambda: compiled()["word"][0])
            body["chars"] = _StoredTable(*body["chars"], lambda: compiled()["chars"])
            return body
        except (OSError, ValueError, EOFError, TypeError, KeyError, MemoryError):
            if handle is not None:
                handle.close()
        return compiled()  # the cache changed under us: compile
    return read


def compile_similar(data: Mapping, rules: RuleSet | None = None) -> SimilarIndex:
    """Compile already-parsed exemplars data (tests use this with small sets)."""
    return SimilarIndex(compile_plain(data, rules or default_rules()))


_MAX_HEADER = 1 << 24  # a header is tens of kilobytes: anything bigger is not ours
_FRAME = 12  # before the header and before the body: their length (8 bytes) and CRC-32 (4)


def _framed(data: bytes) -> tuple[bytes, bytes, bytes]:
    return len(data).to_bytes(8, "little"), zlib.crc32(data).to_bytes(4, "little"), data


def _checked(handle: BinaryIO) -> bytes:
    """The header or the body at the handle's position, whole and as written, else ValueError: a
    damaged byte would otherwise change a word the check looks for, or its weight, and still load."""
    size, crc = int.from_bytes(handle.read(8), "little"), int.from_bytes(handle.read(4), "little")
    data = handle.read(size) if size < _MAX_HEADER else b""
    if len(data) != size or zlib.crc32(data) != crc:
        raise ValueError("damaged or cut")
    return data
_HEADER_KEYS = ("format", "settings", "groups", "risk", "categories", "tiers", "vocab", "hash")


def _write_cache(cache_file: Path, plain: dict) -> None:
    header = marshal.dumps({k: plain[k] for k in _HEADER_KEYS})
    # The big tables are kept in buckets (`_StoredTable`), and each group's weights and exemplars
    # after the body (`_StoredGroups`): a message reads and decodes only what it needs.
    groups, spans, crcs = bytearray(), array("Q", [0]), array("I")
    for value in (*plain["wweights"], *plain["cweights"], *plain["exemplars"]):
        blob = marshal.dumps(value)
        groups += blob
        spans.append(len(groups))
        crcs.append(zlib.crc32(blob))
    postings, common = plain["word"]
    body = marshal.dumps({
        "hash": plain["hash"],
        "postings": _StoredTable.pack(postings),
        "common": common,
        "chars": _StoredTable.pack(plain["chars"]),
        "norms": plain["norms"],
        "group_spans": spans.tobytes(),
        "group_crcs": crcs.tobytes(),
    })
    chunks = (*_framed(header), *_framed(body), bytes(groups))
    if write_private(cache_file, chunks):  # else: only costs speed
        remove_older(cache_file, "safety-similar-*.marshal")


# -- compiling -------------------------------------------------------------------------


_SETTINGS_DEFAULTS = {"enabled": True, "prefilter_idf": 5.0, "prefilter_weight": 8.0}


def compile_plain(data: Any, rules: RuleSet) -> dict:
    """exemplars.yaml data -> the plain compiled form (what the cache stores)."""
    if not isinstance(data, Mapping):
        raise ExemplarsError("exemplars.yaml must be a mapping")
    raw_settings = dict(_SETTINGS_DEFAULTS, **(data.get("settings") or {}))
    try:
        settings = {
            "enabled": bool(raw_settings["enabled"]),
            "prefilter_idf": float(raw_settings["prefilter_idf"]),
            "prefilter_weight": float(raw_settings["prefilter_weight"]),
            "tier2_score": float(raw_settings["tier2"]["score"]),
            "tier2_margin": float(raw_settings["tier2"]["margin"]),
            "tier1_score": float(raw_settings["tier1"]["score"]),
            "tier1_margin": float(raw_settings["tier1"]["margin"]),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ExemplarsError(f"settings: tier1 and tier2 need a score and a margin ({exc})") from exc

    names: list[str] = []
    risk: list[bool] = []
    categories: list[str | None] = []
    tiers: list[int] = []
    texts: list[list[tuple[str, str, str]]] = []  # (id, original, normalized)
    tokens_of = rules.normalizer.tokens
    for side in ("risk", "benign"):
        for entry in data.get(side) or ():
            if not isinstance(entry, Mapping) or "group" not in entry:
                raise ExemplarsError(f"{side}: every entry needs a group and exemplars")
            name = str(entry["group"])
            if name in names:
                raise ExemplarsError(f"{side}: group {name!r} appears twice")
            category = entry.get("category") if side == "risk" else None
            tier = int(entry.get("tier", 0)) if side == "risk" else 0
            if side == "risk" and (category not in rules.categories or tier not in (1, 2)):
                raise ExemplarsError(f"risk group {name!r}: category must be one of rules.yaml's "
                                     f"and tier 1 or 2 (got {category!r}, {tier!r})")
            rows: list[tuple[str, str, str]] = []
            seen: set[str] = set()
            for k, item in enumerate(entry.get("exemplars") or ()):
                if isinstance(item, Mapping):
                    ex_id, text = str(item.get("id", f"{name}#{k}")), str(item["text"])
                else:
                    ex_id, text = f"{name}#{k}", str(item)
                norm = " ".join(t for t in tokens_of(text) if t not in BOUNDARIES)
                if norm and norm not in seen:
                    seen.add(norm)
                    rows.append((ex_id, text, norm))
            if not rows:
                raise ExemplarsError(f"group {name!r} has no exemplars")
            names.append(name)
            risk.append(side == "risk")
            categories.append(category)
            tiers.append(tier)
            texts.append(rows)
    if not any(risk) or all(risk):
        raise ExemplarsError("exemplars.yaml needs both risk and benign groups")

    word_counts = [Counter(f for _, _, n in rows for f in _word_features(n.split())) for rows in texts]
    char_counts = [Counter(f for _, _, n in rows for f in _char_features(n)) for rows in texts]
    word_df, norms, wweights = _bm25(word_counts)
    char_df, _, cweights = _bm25(char_counts)
    n = len(names)
    # postings (group, count, group, count...) for the features rare enough to pick the
    # shortlist; the document frequency of the others
    postings: dict[str, list[int]] = {}
    common: dict[str, int] = {}
    for f, df in word_df.items():
        if _idf(df, n) < POSTING_IDF:
            common[f] = df
    for g, count in enumerate(word_counts):
        for f, tf in count.items():
            if f not in common:
                postings.setdefault(f, []).extend((g, tf))

    # prefilter: words of the risk exemplars that are rare among the benign exemplars
    benign_docs = [set(n.split()) for rows, r in zip(texts, risk, strict=True) if not r
                   for _, _, n in rows]
    df = Counter(w for doc in benign_docs for w in doc)
    bound = settings["prefilter_idf"]
    risk_words = {w for rows, r in zip(texts, risk, strict=True) if r for _, _, n in rows
                  for w in n.split()}
    vocab = {w: round(math.log(len(benign_docs) / (1 + df[w])), 4) for w in sorted(risk_words)
             if len(w) >= MIN_VOCAB_LETTERS and w.isalpha()}
    vocab = {w: x for w, x in vocab.items() if x >= bound}

    return {
        "format": FORMAT,
        "settings": settings,
        "groups": tuple(names),
        "risk": tuple(risk),
        "categories": tuple(categories),
        "tiers": tuple(tiers),
        "vocab": vocab,
        "word": ({f: tuple(p) for f, p in postings.items()}, common),
        "chars": char_df,
        "norms": norms,
        "wweights": tuple(wweights),
        "cweights": tuple(cweights),
        "exemplars": tuple((tuple(i for i, _, _ in rows), tuple(t for _, t, _ in rows),
                            tuple(n for _, _, n in rows)) for rows in texts),
    }


class _StoredTable:
    """One of the big tables (the word postings, the characters' document frequencies: ~15,000
    entries each) as the cache keeps it: its entries in BUCKETS marshal blobs, by the CRC-32 of
    their keys, each checked (its own CRC-32) and decoded the first time a message has a key in it.
    A message's few dozen features decode some of them (~0.1 ms), not the whole tables (~4 ms, at
    the first message that passes the prefilter: part of every `guide ask` asking such a question).
    A damaged bucket: the table compiled from exemplars.yaml (``compiled``)."""

    BUCKETS = 2048

    __slots__ = ("_compiled", "_crcs", "_data", "_decoded", "_entries", "_offsets")

    def __init__(self, data: bytes, offsets: bytes, crcs: bytes, compiled: Callable[[], Mapping[str, Any]]) -> None:
        self._data, self._compiled = data, compiled
        self._offsets, self._crcs = array("I"), array("I")
        self._offsets.frombytes(offsets)
        self._crcs.frombytes(crcs)
        if len(self._crcs) != len(self._offsets) - 1 or self._offsets[-1] != len(data):
            raise ValueError("not a stored table")
        self._decoded = bytearray(len(self._crcs))  # 1: that bucket's entries are in _entries
        self._entries: dict[str, Any] = {}

    @classmethod
    def pack(cls, table: Mapping[str, Any], count: int = BUCKETS) -> tuple[bytes, bytes, bytes]:
        """``table`` as (its ``count`` buckets' marshal data one after the other, their offsets,
        their CRC-32s)."""
        buckets: list[dict] = [{} for _ in range(count)]
        for key, value in table.items():
            buckets[_bucket(key, count)][key] = value
        data, offsets, crcs = bytearray(), array("I", [0]), array("I")
        for bucket in buckets:
            blob = marshal.dumps(bucket)
            data += blob
            offsets.append(len(data))
            crcs.append(zlib.crc32(blob))
        return bytes(data), offsets.tobytes(), crcs.tobytes()

    def values(self, keys: Sequence[str], missing: Any) -> list[Any]:
        """The value of each of ``keys`` (``missing`` for a key the table does not have)."""
        entries = self._entries  # the entries decoded so far, and the keys seen that the table lacks
        found = list(map(entries.get, keys, repeat(_UNREAD, len(keys))))
        if _UNREAD not in found:  # (most words of most messages, once a few were read)
            return found
        decoded = self._decoded
        for key in keys:
            if key not in entries:
                number = _bucket(key, len(decoded))
                if not decoded[number]:
                    decoded[number] = 1
                    blob = self._data[self._offsets[number]:self._offsets[number + 1]]
                    try:
                        if zlib.crc32(blob) != self._crcs[number]:
                            raise ValueError("damaged")
                        entries.update(marshal.loads(blob))
                    except (ValueError, EOFError, TypeError):
                        entries.update(self._compiled())
                        decoded[:] = b"\x01" * len(decoded)
                if key not in entries:
                    entries[key] = missing
        return list(map(entries.__getitem__, keys))


_UNREAD = object()


class _StoredGroups:
    """Each group's word weights, character weights and exemplars (three tables of a value per
    group, one after the other) in the cache file, after its body: each read, checked against its
    CRC-32 and decoded the first time a message needs it (a message scores a few groups; reading
    all of them, ~2.4 MB, cost ~2.5 ms). The file is kept open meanwhile (a newer cache replacing
    it is not read). Anything wrong with them: compiled from exemplars.yaml (``compiled``)."""

    __slots__ = ("_compiled", "_crcs", "_decoded", "_handle", "_plain", "_spans", "_start")

    def __init__(self, handle: BinaryIO, start: int, spans: array, crcs: array,
                 plain: Callable[[], Sequence[Any]]) -> None:
        self._handle, self._start, self._spans, self._crcs = handle, start, spans, crcs
        self._plain = plain
        self._decoded: dict[int, Any] = {}
        self._compiled: Sequence[Any] | None = None

    def __getitem__(self, number: int) -> Any:
        found = self._decoded.get(number)
        if found is not None:
            return found
        if self._compiled is None:
            try:
                begin, end = self._spans[number], self._spans[number + 1]
                self._handle.seek(self._start + begin)
                blob = self._handle.read(end - begin)
                if len(blob) != end - begin or zlib.crc32(blob) != self._crcs[number]:
                    raise ValueError("damaged")
                found = self._decoded[number] = marshal.loads(blob)
                return found
            except (OSError, ValueError, EOFError, TypeError, IndexError):
                pass
        return self.compiled(number)

    def compiled(self, number: int) -> Any:
        """The value ``number`` compiled from exemplars.yaml (the cache is not read again)."""
        if self._compiled is None:
            self._compiled = self._plain()
            self._handle.close()
        return self._compiled[number]


class _Part:
    """One table of `_StoredGroups`: its value for each group."""

    __slots__ = ("_first", "_groups")

    def __init__(self, groups: _StoredGroups, first: int) -> None:
        self._groups, self._first = groups, first

    def __getitem__(self, g: int) -> Any:
        return self._groups[self._first + g]


def _bucket(key: str, buckets: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % buckets


def _values(table: Mapping[str, Any] | _StoredTable, keys: Sequence[str], missing: Any) -> list[Any]:
    """The value of each of ``keys`` in a compiled table (a dict) or one from the cache (`_StoredTable`),
    ``missing`` for those it does not have."""
    if isinstance(table, _StoredTable):
        return table.values(keys, missing)
    return list(map(table.get, keys, repeat(missing, len(keys))))


def _bm25(counts: Sequence[Counter[str]]) -> tuple[dict[str, int], tuple[float, ...],
                                                   list[dict[str, float]]]:
    """The document frequency of every feature, each document's BM25 length norm, and each
    document's feature weights (never above the feature's IDF)."""
    n = len(counts)
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    idf = [_idf(d, n) for d in range(n + 1)]
    lengths = [c.total() for c in counts]
    average = sum(lengths) / n
    norms = tuple(BM25_K1 * (1 - BM25_B + BM25_B * length / average) for length in lengths)
    weights = [{f: idf[df[f]] * tf / (tf + norm) for f, tf in c.items()}
               for c, norm in zip(counts, norms, strict=True)]
    return dict(df), norms, weights


def _idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _word_features(tokens: Sequence[str]) -> list[str]:
    """Words and adjacent word pairs, each once."""
    return list(dict.fromkeys([*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))]))


def _char_features(text: str) -> list[str]:
    """Character 3- and 4-grams of the text with a space on each side, each once."""
    padded = f" {text} "
    return list(dict.fromkeys([padded[i:i + n] for n in CHAR_SIZES
                               for i in range(len(padded) - n + 1)]))
