"""Load and compile the safety rules (guide/safety/rules.yaml).

The YAML is the source of truth; docs/safety-rules.md explains the format. This
module turns it into a :class:`RuleSet`: word families expanded, every pattern
compiled to a short tuple of elements around one *anchor* element, and an index from
anchor words to patterns, so that a message only tries the few patterns whose anchor
word it contains.

Pattern syntax (one string, elements separated by spaces)::

    word        that exact token               kill*     any token starting with "kill"
    a|b*|@fam   any of these                   @fam      a word family from `words:`
    x?          optional element               ~ / ~N    0..3 / 0..N tokens (not across "."; not onto the time word that
                                               opens the clause after a ",": present.opens_own_time)
    #n          any number token               {a b|c}   alternative word sequences
    !a|b        the token after the previous element is not one of these (or is absent)
    $           the previous element ends a clause     ^   the next element starts one

Loading: parsing the YAML and compiling takes tens of milliseconds, too slow for every
start of the CLI, so the compiled form (plain tuples, sets and dicts) is cached with
``marshal`` in the user's cache directory, keyed by a hash of rules.yaml; a cache hit
loads in about a millisecond. The cache is used only if this user alone can have written
it (guide.cachefiles); its header and each word's patterns carry a CRC-32 and the file its
length, checked as they are read: a cut or damaged file is compiled again, never trusted.
Set ``GUIDE_SAFETY_CACHE=0`` to disable the cache, or to a directory to move it.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
import contextlib
import marshal
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from guide.cachefiles import open_private, write_private
from guide.paths import cache_dir
from guide.records import NamedTuple
from guide.safety.normalize import BOUNDARIES, Normalizer

RULES_PATH = Path(__file__).with_name("rules.yaml")
FORMAT = 15  # bump when the compiled layout changes

# pattern kinds
RULE, EXCEPTION, PSEUDO, SIGNAL, HELP = range(5)
KIND_NAMES = ("rule", "exception", "pseudo_negation", "signal", "help")
_KIND_SECTIONS = {"exceptions": EXCEPTION, "pseudo_negations": PSEUDO, "help_requests": HELP}

# An element is a tuple (fast to build, to index and to marshal):
W, PFX, DIG, OPT, GAP, NOT_NEXT, NOT_NEXT_PFX, END, START, ALTS, PLAIN, FIRST, LAST = range(13)
#  W        frozenset of words          PFX    tuple of prefixes     DIG  bool: #n
#  OPT      bool: optional              GAP    int: 0..N any tokens (0: not a gap)
#  NOT_NEXT frozenset | None (!a|b)     NOT_NEXT_PFX  prefixes for !
#  END      bool ($)                    START  bool (^)
#  ALTS     None, or a tuple of word sequences (tuples of elements) for {a b|c}
#  PLAIN    bool: a required word element without !, $ or ^ (the matcher's fast path)
#  FIRST    for ALTS: (word -> indices of the alternatives that can start with it,
#           indices of the alternatives that can start with any word), else None
#  LAST     the same for the word an alternative can end with (matching leftwards)
Elem = tuple
# A pattern is a tuple (kind, owner, source, left, anchor, right, vocab): left holds
# the elements before the anchor, nearest first; owner is a rule id, a signal name or
# a section name; vocab the negators that the pattern itself spells out.
P_KIND, P_OWNER, P_SOURCE, P_LEFT, P_ANCHOR, P_RIGHT, P_VOCAB = range(7)
Pattern = tuple

_PAST_CHOICES = ("footer", "tier2", "keep")
_DEMOTE_CHOICES = ("tier2", "keep")
_PERSON_CHOICES = ("auto", "any")
_FRAME_CHOICES = ("footer", "keep")


class RulesError(ValueError):
    """rules.yaml is malformed; the message names the rule and the pattern."""


class Category(NamedTuple):
    name: str
    tier: int
    resources: tuple[str, ...]
    priority: int
    past: str = "keep"  # footer | tier2 | keep: what a distant-past marker does
    joke: str = "keep"  # tier2 | footer | keep: what "lol", "jk" do to a hit
    minimiser: str = "keep"  # tier2 | keep: "...but I'd never do it" after the hit
    person: str = "any"  # auto: resolve who it is about; any: always the reader's risk
    third_party_resources: tuple[str, ...] = ()
    consent_note: bool = False
    accident: str = "keep"  # footer | keep: a game or accident frame in the same segment
    fiction: str = "keep"  # footer | keep: a third-party hit inside a fiction/media frame


class Rule(NamedTuple):
    id: str
    category: str
    tier: int  # 0: footer only
    negatable: bool = True
    meta: str = "keep"  # footer: a bare mention in a question about the topic
    person: str = "auto"


class Combo(NamedTuple):
    id: str
    when: tuple[frozenset[str], ...]  # every entry: any of these active categories/signals
    category: str
    tier: int
    own: bool = False  # only hits about the reader count (not third-party ones)
    unless: frozenset[str] = frozenset()  # signals that stop it (an everyday frame: a move, a will)


class RuleSet:
    """The compiled rules, with a per-token cache of the patterns worth trying."""

    __slots__ = ("_cands", "breakers", "categories", "combos", "exact", "first_person", "help_core",
                 "help_filler", "help_words", "negation_window", "negators", "normalizer", "pattern_count",
                 "person_objects", "person_window", "prefix_lengths", "prefixes", "rules", "source_hash",
                 "standalone_signals", "third_person")

    def __init__(self, categories: dict[str, Category], rules: dict[str, Rule], combos: tuple[Combo, ...],
                 normalizer: Normalizer,
                 exact: Mapping[str, tuple[Pattern, ...]],  # a dict, or _StoredPatterns from the cache
                 prefixes: dict[str, tuple[Pattern, ...]], prefix_lengths: tuple[int, ...],
                 negators: frozenset[str], breakers: frozenset[str], negation_window: int,
                 first_person: frozenset[str], third_person: frozenset[str], person_window: int,
                 person_objects: frozenset[str], help_words: frozenset[str], help_filler: frozenset[str],
                 help_core: frozenset[str], pattern_count: int,
                 standalone_signals: frozenset[str] = frozenset(),  # signals that matter without a rule hit
                 source_hash: str = "") -> None:
        self.categories, self.rules, self.combos, self.normalizer = categories, rules, combos, normalizer
        self.exact, self.prefixes, self.prefix_lengths = exact, prefixes, prefix_lengths
        self.negators, self.breakers, self.negation_window = negators, breakers, negation_window
        self.first_person, self.third_person, self.person_window = first_person, third_person, person_window
        self.person_objects = person_objects
        self.help_words, self.help_filler, self.help_core = help_words, help_filler, help_core
        self.pattern_count, self.standalone_signals, self.source_hash = pattern_count, standalone_signals, source_hash
        self._cands: dict[str, tuple[tuple[Pattern, ...], ...]] = {}

    def candidates(self, tok: str) -> tuple[tuple[Pattern, ...], ...]:
        """Patterns whose anchor element can match *tok*, cached per token, in three
        groups: (rules and signals that matter alone, the other patterns, help requests).
        A message with no match in the first group needs no look at the second."""
        groups = self._cands.get(tok)
        if groups is not None:
            return groups
        found = self.exact.get(tok, ())
        for n in self.prefix_lengths:
            if len(tok) >= n:
                more = self.prefixes.get(tok[:n])
                if more:
                    found = found + more
        alone = self.standalone_signals
        primary = tuple(p for p in found if p[P_KIND] == RULE
                        or (p[P_KIND] == SIGNAL and p[P_OWNER] in alone))
        helps = tuple(p for p in found if p[P_KIND] == HELP)
        rest = tuple(p for p in found if p not in primary and p[P_KIND] != HELP)
        groups = (primary, rest, helps)
        if len(self._cands) < 50_000:
            self._cands[tok] = groups
        return groups


# -- loading ---------------------------------------------------------------------------


@cache
def default_rules() -> RuleSet:
    """The bundled rules, loaded and compiled once per process."""
    return load_rules(RULES_PATH)


def load_rules(path: Path | str = RULES_PATH, *, use_cache: bool = True) -> RuleSet:
    """Load rules.yaml, from the compiled cache when it is up to date."""
    raw = Path(path).read_bytes()
    digest = source_digest(raw, FORMAT)
    cache_file = cache_path("rules", digest) if use_cache else None

    def compiled() -> dict:
        plain = compile_plain(parse_yaml(raw))
        plain["hash"] = digest
        if cache_file is not None:
            _write_cache(cache_file, plain)
        return plain

    if cache_file is not None:
        try:
            plain = _read_cache(cache_file, lambda: compiled()["exact"])
            if plain.get("hash") == digest:
                return _from_plain(plain)
        except (OSError, ValueError, EOFError, TypeError, KeyError, MemoryError):
            pass
    return _from_plain(compiled())


class _StoredPatterns:
    """The anchor words' patterns in the cache file, each word's read and decoded the first
    time a message contains it: a start reads only the file's small header (the patterns,
    several MB, would take milliseconds to read and decode, at every start). Each word's
    bytes are checked against their CRC-32; if anything is wrong with them, all the patterns
    are compiled from rules.yaml (``rebuild``, which also writes the cache again)."""

    def __init__(self, handle: BinaryIO, start: int, spans: dict[str, tuple[int, int, int]],
                 rebuild: Callable[[], Mapping[str, tuple[Pattern, ...]]]) -> None:
        self._handle, self._start, self._spans = handle, start, spans  # the handle is kept open: a
        self._decoded: dict[str, tuple[Pattern, ...]] = {}  # newer cache replacing the file is not read
        self._rebuild = rebuild
        self._compiled: Mapping[str, tuple[Pattern, ...]] | None = None

    def get(self, word: str, default: tuple[Pattern, ...] = ()) -> tuple[Pattern, ...]:
        if self._compiled is not None:
            return self._compiled.get(word, default)
        found = self._decoded.get(word)
        if found is None:
            span = self._spans.get(word)
            if span is None:
                return default
            try:
                self._handle.seek(self._start + span[0])
                blob = self._handle.read(span[1])
                if len(blob) != span[1] or zlib.crc32(blob) != span[2]:
                    raise ValueError("damaged")
                found = self._decoded[word] = marshal.loads(blob)
            except (OSError, ValueError, EOFError, TypeError):
                self._compiled = self._rebuild()
                self._handle.close()
                return self._compiled.get(word, default)
        return found

    def __len__(self) -> int:
        return len(self._spans)

    def keys(self):
        return self._spans.keys()


_MAGIC = b"guide-safety-rules\n"
_MAX_HEADER = 1 << 24  # a header is some hundred kilobytes: anything bigger is not ours


def _read_cache(cache_file: Path, rebuild: Callable[[], Mapping[str, tuple[Pattern, ...]]] = dict) -> dict:
    """The cache's header, its patterns read when first needed (see :class:`_StoredPatterns`).
    Raises ValueError for a file that is not this user's alone, or not whole."""
    handle = open_private(cache_file)
    if handle is None:
        raise ValueError("no rules cache that only this user can have written")
    try:
        if handle.read(len(_MAGIC)) != _MAGIC:
            raise ValueError("not a rules cache")
        size, crc = int.from_bytes(handle.read(8), "little"), int.from_bytes(handle.read(4), "little")
        header = handle.read(size) if size < _MAX_HEADER else b""
        if len(header) != size or zlib.crc32(header) != crc:
            raise ValueError("damaged header")
        plain = marshal.loads(header)
        start = len(_MAGIC) + 12 + size
        if os.fstat(handle.fileno()).st_size != start + plain.pop("body_size"):
            raise ValueError("cut short or grown")
        plain["exact"] = _StoredPatterns(handle, start, plain.pop("exact_spans"), rebuild)
    except BaseException:
        handle.close()
        raise
    return plain


def compile_rules(data: Mapping) -> RuleSet:
    """Compile already-parsed rules data (tests use this with small rule sets)."""
    return _from_plain(compile_plain(data))


def parse_yaml(raw: bytes) -> Any:
    """Rules or exemplars data, with a safe loader (only on a cache miss: YAML is slow to import)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw, Loader=loader)  # noqa: S506 - loader is CSafeLoader or SafeLoader


def cache_path(kind: str, digest: str) -> Path | None:
    """The compiled cache of ``kind`` ("rules", "similar", "present",
    "bereavement"): $GUIDE_SAFETY_CACHE if set (0 turns
    caching off), else the user's cache folder."""
    setting = os.environ.get("GUIDE_SAFETY_CACHE", "")
    if setting in ("0", "off", "no", "false"):
        return None
    base = Path(setting) if setting else cache_dir()
    return base / f"safety-{kind}-{digest}.marshal"


def source_digest(raw: bytes, *key: object) -> str:
    """The key of a compiled cache: a source's bytes, what else its compiled form depends on (``key``:
    the format, another source's digest) and the Python version (marshal's format). crc32 and adler32
    of them plus the source's length: cheap to import and compute at every start."""
    keyed = raw + "".join(f"|{part}" for part in (*key, sys.version_info[:2])).encode()
    return f"{zlib.crc32(keyed):08x}{zlib.adler32(keyed):08x}{len(raw):x}"


_Compiled = TypeVar("_Compiled")


def cached_marshal(kind: str, digest: str, build: Callable[[], _Compiled],
                   to_plain: Callable[[_Compiled], dict], from_plain: Callable[[dict], _Compiled]) -> _Compiled:
    """A compiled source, from its private marshal cache of ``kind`` (one file, checked by ``digest``)
    when it is up to date, else ``build()`` and write the cache (a cache that cannot be written only
    costs speed). For a cache read whole at once; the rules' and the exemplars' are read in parts.
    The file starts with the CRC-32 of the rest, checked before it is read: a damaged byte would
    otherwise change a word the check looks for and still load."""
    cache_file = cache_path(kind, digest)
    if cache_file is not None:
        try:
            handle = open_private(cache_file)  # only a file this user alone can have written
            if handle is None:
                raise ValueError("no trusted cache")
            with handle as fh:
                crc, data = int.from_bytes(fh.read(4), "little"), fh.read()
            if zlib.crc32(data) != crc:
                raise ValueError("damaged")
            plain = marshal.loads(data)
            if isinstance(plain, dict) and plain.get("hash") == digest:
                return from_plain(plain)
        except (OSError, ValueError, EOFError, TypeError, KeyError, MemoryError):
            pass
    compiled = build()
    data = marshal.dumps({**to_plain(compiled), "hash": digest})
    if cache_file is not None and write_private(cache_file, (zlib.crc32(data).to_bytes(4, "little"), data)):
        remove_older(cache_file, f"safety-{kind}-*.marshal")
    return compiled


def _write_cache(cache_file: Path, plain: dict) -> None:
    """Write the cache privately and atomically (a failure only costs speed), then drop older ones."""
    body, spans = bytearray(), {}
    for word, patterns in plain["exact"].items():
        blob = marshal.dumps(patterns)
        spans[word] = (len(body), len(blob), zlib.crc32(blob))
        body += blob
    header = marshal.dumps({**{k: v for k, v in plain.items() if k != "exact"}, "exact_spans": spans,
                            "body_size": len(body)})
    prefix = len(header).to_bytes(8, "little") + zlib.crc32(header).to_bytes(4, "little")
    if write_private(cache_file, (_MAGIC, prefix, header, bytes(body))):
        remove_older(cache_file, "safety-rules-*.marshal")


def remove_older(cache_file: Path, pattern: str) -> None:
    """Other versions of ``cache_file`` (``pattern`` in its folder), left by older rules."""
    for old in cache_file.parent.glob(pattern):
        if old != cache_file:
            with contextlib.suppress(OSError):
                old.unlink()


def _from_plain(plain: dict) -> RuleSet:
    categories = {name: Category(name=name, **spec) for name, spec in plain["categories"].items()}
    rules = {rid: Rule(id=rid, **spec) for rid, spec in plain["rules"].items()}
    combos = tuple(Combo(id=c[0], when=c[1], category=c[2], tier=c[3], own=c[4], unless=c[5])
                   for c in plain["combos"])
    n = plain["normalizer"]
    normalizer = Normalizer(spelling_map=n["map"], raw_map=n["raw"], vocab=n["vocab"],
                            fuzzy_targets=n["fuzzy"], keep=n["keep"], phrases=n["phrases"],
                            fuzzy_short=n["fuzzy_short"], rivals=n["rivals"],
                            phrase_blockers=n["phrase_blockers"])
    return RuleSet(
        categories=categories,
        rules=rules,
        combos=combos,
        normalizer=normalizer,
        exact=plain["exact"],
        prefixes=plain["prefixes"],
        prefix_lengths=plain["prefix_lengths"],
        negators=plain["negators"],
        breakers=plain["breakers"],
        negation_window=plain["negation_window"],
        first_person=plain["first_person"],
        third_person=plain["third_person"],
        person_window=plain["person_window"],
        person_objects=plain["person_objects"],
        help_words=plain["help_words"],
        help_filler=plain["help_filler"],
        help_core=plain["help_core"],
        pattern_count=plain["pattern_count"],
        standalone_signals=_standalone_signals(combos, categories),
        source_hash=plain.get("hash", ""),
    )


def _standalone_signals(combos: tuple[Combo, ...], categories: Mapping[str, Category]) -> frozenset[str]:
    """The signals looked for before any rule matched (the rest only once something did).

    A combo fires only when every entry is present, so one entry per combo is enough to
    notice it: none when an entry is made of categories (rule hits are always looked
    for), else the signals of its first entry (rules.yaml lists the rarest first). The
    consent topic matters alone."""
    hit_names = set(categories) | {f"negated:{c}" for c in categories}
    found = {"consent_topic"}
    for combo in combos:
        if any(entry <= hit_names for entry in combo.when):
            continue
        found.update(combo.when[0] - hit_names)
    return frozenset(found)


# -- compiling -------------------------------------------------------------------------


def compile_plain(data: Any) -> dict:
    """rules.yaml data -> the plain compiled form (what the cache stores)."""
    if not isinstance(data, Mapping):
        raise RulesError("rules.yaml must be a mapping")
    families = _families(data.get("words") or {})
    common = frozenset(_strings(data.get("common_words"), "common_words"))
    stop = frozenset(_strings(data.get("stop_words"), "stop_words"))
    negators = frozenset(_strings((data.get("negation") or {}).get("negators"), "negators"))
    compiler = _Compiler(families, common | stop, stop, negators)

    categories: dict[str, dict] = {}
    for prio, (name, spec) in enumerate((data.get("categories") or {}).items()):
        spec = dict(spec or {})
        try:
            cat = {
                "tier": int(spec.pop("tier")),
                "resources": tuple(spec.pop("resources", ())),
                "priority": prio,
                "past": spec.pop("past", "keep"),
                "joke": spec.pop("joke", "keep"),
                "minimiser": spec.pop("minimiser", "keep"),
                "person": spec.pop("person", "any"),
                "third_party_resources": tuple(spec.pop("third_party_resources", ())),
                "consent_note": bool(spec.pop("consent_note", False)),
                "accident": spec.pop("accident", "keep"),
                "fiction": spec.pop("fiction", "keep"),
            }
        except KeyError as exc:
            raise RulesError(f"category {name}: missing {exc}") from None
        if spec:
            raise RulesError(f"category {name}: unknown keys {sorted(spec)}")
        if (cat["past"] not in _PAST_CHOICES or cat["joke"] not in (*_DEMOTE_CHOICES, "footer")
                or cat["minimiser"] not in _DEMOTE_CHOICES
                or cat["person"] not in _PERSON_CHOICES or cat["tier"] not in (1, 2)
                or cat["accident"] not in _FRAME_CHOICES or cat["fiction"] not in _FRAME_CHOICES):
            raise RulesError(f"category {name}: bad tier/past/joke/minimiser/person/accident/"
                             "fiction value")
        categories[name] = cat
    for needed in ("third_party", "recurrence"):
        if needed not in categories:
            raise RulesError(f"category {needed} is required")

    rules: dict[str, dict] = {}
    for spec in data.get("rules") or ():
        spec = dict(spec)
        rid = spec.pop("id", None)
        if not rid or rid in rules:
            raise RulesError(f"rule without id or duplicate id: {rid!r}")
        cat_name = spec.pop("category", None)
        if cat_name not in categories:
            raise RulesError(f"rule {rid}: unknown category {cat_name!r}")
        cat = categories[cat_name]
        rule = {
            "category": cat_name,
            "tier": int(spec.pop("tier", cat["tier"])),
            "negatable": bool(spec.pop("negatable", True)),
            "meta": spec.pop("meta", "keep"),
            "person": spec.pop("person", cat["person"]),
        }
        patterns = spec.pop("patterns", None)
        if spec:
            raise RulesError(f"rule {rid}: unknown keys {sorted(spec)}")
        if not patterns:
            raise RulesError(f"rule {rid}: no patterns")
        if rule["meta"] not in ("footer", "keep") or rule["person"] not in _PERSON_CHOICES \
                or rule["tier"] not in (0, 1, 2):
            raise RulesError(f"rule {rid}: bad tier/meta/person value")
        rules[rid] = rule
        for src in _strings(patterns, f"rule {rid}: patterns"):
            compiler.add(RULE, rid, src)

    for section, kind in _KIND_SECTIONS.items():
        for src in _strings(data.get(section), section):
            compiler.add(kind, section, src)
    signals = data.get("signals") or {}
    for name, patterns in signals.items():
        for src in _strings(patterns, f"signals: {name}"):
            compiler.add(SIGNAL, name, src)

    known = set(categories) | set(signals)
    combos = []
    for spec in data.get("combos") or ():
        cid = spec.get("id")
        cat_name = spec.get("category")
        if not cid or cat_name not in categories:
            raise RulesError(f"combo {cid!r}: needs an id and a known category")
        when = tuple(frozenset(str(entry).split("|")) for entry in spec.get("when") or ())
        if not when:
            raise RulesError(f"combo {cid}: empty when")
        for entry in when:
            entry = frozenset(e[len("negated:"):] if e.startswith("negated:") else e
                              for e in entry)
            if entry - known:
                raise RulesError(f"combo {cid}: unknown names {sorted(entry - known)}")
        unless = frozenset(str(spec.get("unless") or "").split("|")) - {""}
        if unless - set(signals):
            raise RulesError(f"combo {cid}: unknown signals in unless {sorted(unless - set(signals))}")
        combos.append((cid, when, cat_name, int(spec.get("tier", categories[cat_name]["tier"])),
                       bool(spec.get("own", False)), unless))

    neg = data.get("negation") or {}
    person = data.get("person") or {}
    helpd = data.get("help") or {}
    spelling = data.get("spelling") or {}
    normalize_raw = data.get("normalize") or {}
    smap = {str(k): str(v) for k, v in (spelling.get("map") or {}).items()}
    vocab = set(compiler.vocab)
    for value in smap.values():
        vocab.update(value.split())
    fuzzy = _strings(spelling.get("fuzzy_targets"), "spelling: fuzzy_targets")
    for word in fuzzy:
        if len(word) < 5 or not word.isalpha():
            raise RulesError(f"fuzzy target {word!r}: needs 5+ letters")
    fuzzy_short = _strings(spelling.get("fuzzy_short"), "spelling: fuzzy_short")
    for word in fuzzy_short:
        if len(word) != 4 or not word.isalpha():
            raise RulesError(f"short fuzzy target {word!r}: needs exactly 4 letters")

    return {
        "format": FORMAT,
        "categories": categories,
        "rules": rules,
        "combos": tuple(combos),
        "normalizer": {
            "map": smap,
            "raw": {str(k): str(v) for k, v in (normalize_raw.get("raw") or {}).items()},
            "phrases": {str(k): str(v) for k, v in (normalize_raw.get("phrases") or {}).items()},
            "phrase_blockers": frozenset(_strings(normalize_raw.get("phrase_blockers"),
                                                  "normalize: phrase_blockers")),
            "vocab": frozenset(vocab),
            "fuzzy": fuzzy,
            "fuzzy_short": fuzzy_short,
            "rivals": _strings(spelling.get("rivals"), "spelling: rivals"),
            "keep": frozenset(_strings(spelling.get("keep"), "spelling: keep")),
        },
        "exact": {k: tuple(v) for k, v in compiler.exact_index.items()},
        "prefixes": {k: tuple(v) for k, v in compiler.prefix_index.items()},
        "prefix_lengths": tuple(sorted({len(p) for p in compiler.prefix_index})),
        "negators": frozenset(_strings(neg.get("negators"), "negation: negators")),
        "breakers": frozenset(_strings(neg.get("breakers"), "negation: breakers")),
        "negation_window": int(neg.get("window", 3)),
        "first_person": frozenset(_strings(person.get("first"), "person: first")),
        "third_person": frozenset(_strings(person.get("third"), "person: third")),
        "person_window": int(person.get("window", 8)),
        "person_objects": frozenset(_strings(person.get("objects_after"), "person: objects_after")),
        "help_words": frozenset(_strings(helpd.get("words"), "help: words")),
        "help_filler": frozenset(_strings(helpd.get("filler"), "help: filler")),
        "help_core": frozenset(_strings(helpd.get("core"), "help: core")),
        "pattern_count": compiler.count,
    }


def _strings(value: Any, where: str) -> tuple[str, ...]:
    """A list of words from the YAML; YAML turns bare no/yes/on/off into booleans."""
    items = tuple(value or ())
    bad = [v for v in items if not isinstance(v, str)]
    if bad:
        raise RulesError(f"{where}: {bad!r} are not words (quote them: YAML reads a bare "
                         f"no/yes/on/off as true/false)")
    return items


def _families(spec: Mapping) -> dict[str, tuple[str, ...]]:
    resolved: dict[str, tuple[str, ...]] = {}

    def resolve(name: str, seen: tuple[str, ...]) -> tuple[str, ...]:
        if name in resolved:
            return resolved[name]
        if name not in spec:
            raise RulesError(f"unknown word family @{name}")
        if name in seen:
            raise RulesError(f"word family @{name} refers to itself")
        items: list[str] = []
        for item in _strings(spec[name], f"words: {name}"):
            if item.startswith("@"):
                items.extend(resolve(item[1:], (*seen, name)))
            else:
                items.append(item)
        resolved[name] = tuple(items)
        return resolved[name]

    for name in spec:
        resolve(name, ())
    return resolved


def _elem(words: frozenset[str] = frozenset(), prefixes: tuple[str, ...] = (),
          digits: bool = False, optional: bool = False, gap: int = 0,
          not_next: frozenset[str] | None = None, not_next_prefixes: tuple[str, ...] = (),
          end: bool = False, start: bool = False, alts: tuple | None = None) -> Elem:
    plain = (not optional and not gap and alts is None and not_next is None and not end
             and not start)
    first = last = None
    if alts is not None:
        first = _alt_index([alt[0] for alt in alts])
        last = _alt_index([alt[-1] for alt in alts])
    return (words, prefixes, digits, optional, gap, not_next, not_next_prefixes, end, start,
            alts, plain, first, last)


def _alt_index(edges: list[Elem]) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Which alternatives of a group can start (or end) at a given word: a big group
    after a gap is then only tried where one of its alternatives can match."""
    anywhere = tuple(i for i, e in enumerate(edges) if e[OPT] or e[PFX] or e[DIG] or not e[W])
    by_word: dict[str, list[int]] = {}
    for i, e in enumerate(edges):
        if i not in anywhere:
            for w in e[W]:
                by_word.setdefault(w, []).append(i)
    return ({w: tuple(sorted({*found, *anywhere})) for w, found in by_word.items()}, anywhere)


def _with(e: Elem, **changes: Any) -> Elem:
    fields = dict(zip(("words", "prefixes", "digits", "optional", "gap", "not_next",
                       "not_next_prefixes", "end", "start", "alts"), e[:PLAIN], strict=True))
    fields.update(changes)
    return _elem(**fields)


def _optional_ends(elems: list[Elem]) -> list[list[Elem]]:
    """A pattern whose ``$`` follows an optional element, as two shapes: the element there and ending
    the clause, or left out and the element before it ending the clause ("^ i wish {lol}? $" is "i
    wish" or "i wish lol", not "i wish i could"). The matcher reads an element's end only where the
    element matched, so a skipped optional element used to drop the ``$``."""
    for i, e in enumerate(elems):
        if e[OPT] and e[END] and i > 0 and not elems[i - 1][GAP]:
            kept = [*elems[:i], _with(e, optional=False), *elems[i + 1:]]
            dropped = [*elems[:i - 1], _with(elems[i - 1], end=True), *elems[i + 1:]]
            return _optional_ends(kept) + _optional_ends(dropped)
    return [elems]


_PIECE_RE = r"\{[^{}]*\}\??|\S+"  # compiled when the rules are (re's cache), not at import
_MAX_VARIANTS = 24


class _Compiler:
    def __init__(self, families: dict[str, tuple[str, ...]], common: frozenset[str],
                 stop: frozenset[str] = frozenset(), negators: frozenset[str] = frozenset()
                 ) -> None:
        self.negators = negators
        self.families = families
        self.common = common
        self.stop = stop
        self.exact_index: dict[str, list[Pattern]] = {}
        self.prefix_index: dict[str, list[Pattern]] = {}
        self.vocab: set[str] = set()
        self.count = 0
        self._words: dict[str, Elem] = {}
        self._sets: dict[str, tuple[frozenset[str], tuple[str, ...], bool]] = {}
        self._frozen: dict[frozenset[str], frozenset[str]] = {}
        self._common_score: dict[tuple, int] = {}

    def add(self, kind: int, owner: str, source: str) -> None:
        source = str(source)
        pieces = re.findall(_PIECE_RE, source) if "{" in source else source.split()
        elems = self._parse(pieces, source, allow_groups=True)
        if not elems or elems[0][GAP] or elems[-1][GAP]:
            raise RulesError(f"pattern {source!r}: cannot be empty or start/end with a gap")
        vocab: set[str] = set()
        for e in elems:
            vocab.update(e[W])
            for alt in e[ALTS] or ():
                for a in alt:
                    vocab.update(a[W])
        self.vocab.update(vocab)
        frozen = frozenset(vocab & self.negators)  # negators the pattern spells out
        for variant in (v for shape in _optional_ends(elems) for v in self._variants(shape, source, 0)):
            k = self._anchor(variant, source)
            pattern = (kind, owner, source, tuple(reversed(variant[:k])), variant[k],
                       tuple(variant[k + 1:]), frozen)
            self.count += 1
            for w in variant[k][W]:
                self.exact_index.setdefault(w, []).append(pattern)
            for p in variant[k][PFX]:
                self.prefix_index.setdefault(p, []).append(pattern)

    # -- parsing -------------------------------------------------------------------------

    def _parse(self, pieces: list[str], source: str, allow_groups: bool) -> list[Elem]:
        elems: list[Elem] = []
        pending_start = False
        for tok in pieces:
            if tok == "^":
                pending_start = True
                continue
            if tok == "$" or (tok.startswith("!") and len(tok) > 1):
                if not elems or elems[-1][GAP]:
                    raise RulesError(f"pattern {source!r}: {tok} must follow a word or group")
                if tok == "$":
                    elems[-1] = _with(elems[-1], end=True)
                else:
                    words, prefixes, _ = self._set(tok[1:], source)
                    self.vocab.update(words)
                    elems[-1] = _with(elems[-1], not_next=words, not_next_prefixes=prefixes)
                continue
            if tok.startswith("~"):
                try:
                    gap = int(tok[1:]) if len(tok) > 1 else 3
                except ValueError:
                    raise RulesError(f"pattern {source!r}: bad gap {tok}") from None
                if gap < 1 or pending_start or not allow_groups:
                    raise RulesError(f"pattern {source!r}: bad gap {tok}")
                elems.append(_elem(gap=gap))
                continue
            if tok.startswith("{"):
                if not allow_groups or not tok.endswith(("}", "}?")):
                    raise RulesError(f"pattern {source!r}: bad group {tok}")
                optional = tok.endswith("?")
                body = tok[1:-2] if optional else tok[1:-1]
                alts = [alt.split() for alt in body.split("|")]
                if any(not alt for alt in alts):
                    raise RulesError(f"pattern {source!r}: empty alternative in {tok}")
                if all(len(alt) == 1 and alt[0][0] not in "~!$^?" for alt in alts):
                    tok = "|".join(a[0] for a in alts) + ("?" if optional else "")
                else:
                    seqs = tuple(tuple(self._parse(alt, source, allow_groups=False))
                                 for alt in alts)
                    elems.append(_elem(optional=optional, start=pending_start, alts=seqs))
                    pending_start = False
                    continue
            elems.append(self._word(tok, pending_start, source))
            pending_start = False
        if pending_start:
            raise RulesError(f"pattern {source!r}: ^ must come before a word or group")
        return elems

    def _word(self, tok: str, start: bool, source: str) -> Elem:
        key = tok + ("^" if start else "")
        elem = self._words.get(key)
        if elem is None:
            spec, optional = (tok[:-1], True) if tok.endswith("?") and len(tok) > 1 else (tok, False)
            words, prefixes, digits = self._set(spec, source)
            elem = _elem(words, prefixes, digits, optional, start=start)
            self._words[key] = elem
        return elem

    def _set(self, spec: str, source: str) -> tuple[frozenset[str], tuple[str, ...], bool]:
        found = self._sets.get(spec)
        if found is not None:
            return found
        words: set[str] = set()
        prefixes: list[str] = []
        digits = False
        for item in spec.split("|"):
            if item == "#n":
                digits = True
                continue
            expanded: Iterable[str]
            if item.startswith("@"):
                if item[1:] not in self.families:
                    raise RulesError(f"pattern {source!r}: unknown word family {item}")
                expanded = self.families[item[1:]]
            else:
                expanded = (item,)
            for word in expanded:
                if not word or word[0] in "~!$^{}?":
                    raise RulesError(f"pattern {source!r}: bad word {word!r} in {spec!r}")
                if word.endswith("*"):
                    if len(word) < 4:
                        raise RulesError(f"pattern {source!r}: prefix {word} shorter than 3")
                    prefixes.append(word[:-1])
                else:
                    words.add(word)
        frozen = frozenset(words)
        frozen = self._frozen.setdefault(frozen, frozen)  # equal sets: one object in the cache
        found = (frozen, tuple(prefixes), digits)
        self._sets[spec] = found
        return found

    # -- anchoring -----------------------------------------------------------------------

    def _common(self, elem: Elem) -> int:
        """0 for an element that makes a good index key, higher for worse ones."""
        key = (elem[W], elem[PFX], elem[DIG])
        score = self._common_score.get(key)
        if score is None:
            words, prefixes = elem[W], elem[PFX]
            score = (sum(1 for w in words if w in self.common)
                     + sum(10 for w in words if w in self.stop)
                     + sum(1 for p in prefixes if len(p) < 4)
                     + 100 * elem[DIG] + 1000 * (not words and not prefixes)
                     # the matcher never anchors on "." or ",": such an index key never fires
                     + 10_000 * (not words.isdisjoint(BOUNDARIES)))
            self._common_score[key] = score
        return score

    @staticmethod
    def _simple_required(elems: list[Elem]) -> list[int]:
        return [i for i, e in enumerate(elems)
                if not e[GAP] and not e[OPT] and e[ALTS] is None]

    def _anchor(self, elems: list[Elem], source: str) -> int:
        required = self._simple_required(elems)
        if not required:
            raise RulesError(f"pattern {source!r}: needs a required word to anchor on")
        return min(required,
                   key=lambda i: (self._common(elems[i]), len(elems[i][W]) + 4 * len(elems[i][PFX])))

    def _variants(self, elems: list[Elem], source: str, depth: int) -> list[list[Elem]]:
        """The pattern itself, or, when it has no uncommon required word, one variant per
        alternative of its best required group (inlined), so that every variant can be
        indexed by an uncommon word."""
        required = self._simple_required(elems)
        best = min((self._common(elems[i]) for i in required), default=10_000)
        if best == 0 or depth >= 2:
            return [elems]
        groups = [i for i, e in enumerate(elems) if e[ALTS] is not None and not e[OPT]]
        if not groups:
            return [elems]

        def score(i: int) -> tuple[int, int]:
            worst = max(min((self._common(a) for a in alt if not a[OPT]), default=10_000)
                        for alt in elems[i][ALTS])
            return (worst, len(elems[i][ALTS]))

        g = min(groups, key=score)
        if score(g)[0] >= best:
            return [elems]
        group = elems[g]
        alts: list[tuple[Elem, ...]] = []
        singles = [alt[0] for alt in group[ALTS] if len(alt) == 1 and not alt[0][OPT]]
        if singles and len({a[END] for a in singles}) == 1:  # one-word alternatives merge
            merged = _elem(frozenset().union(*(a[W] for a in singles)),
                           tuple(p for a in singles for p in a[PFX]),
                           any(a[DIG] for a in singles), end=singles[0][END])
            alts.append((merged,))
        else:
            singles = []
        alts.extend(alt for alt in group[ALTS] if not (len(alt) == 1 and alt[0] in singles))
        out: list[list[Elem]] = []
        for alt in alts:
            inlined = list(alt)
            if group[START]:
                inlined[0] = _with(inlined[0], start=True)
            if group[END] or group[NOT_NEXT] is not None:
                last = inlined[-1]
                inlined[-1] = _with(last, end=last[END] or group[END],
                                    not_next=group[NOT_NEXT] if group[NOT_NEXT] is not None
                                    else last[NOT_NEXT],
                                    not_next_prefixes=group[NOT_NEXT_PFX] or last[NOT_NEXT_PFX])
            out.extend(self._variants(elems[:g] + inlined + elems[g + 1:], source, depth + 1))
        if len(out) > _MAX_VARIANTS:
            raise RulesError(f"pattern {source!r}: too many variants ({len(out)})")
        return out
