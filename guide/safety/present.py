"""Present danger recognised by its parts, not by phrases (round 9; docs/safety-rules.md).

A message is present danger when it names a *means* or a danger (a medicine, a household poison,
a weapon, a ligature, a height, water, a road or railway, fire or gas, a person who threatens) and
says that it is *here, now or begun* ("swallowed", "in my lap", "he's in the house") and/or what it
does to the *body* ("getting really sleepy", "throat is burning"). Which parts complete which means
is data (present.yaml ``means:``), as are the small word classes (``parts:``) and the medicine
names (medicines.txt, built once from a maintained drug dictionary by
scripts/build_medicine_names.py).

``find(tokens)`` reads the normalized tokens of one message (the rules' normalizer, so typos,
slang and contractions are repaired the same way) and returns a ``Present`` (or None) that says
which parts fired, for the detector's explanation. Questions and suppositions ("does quetiapine
make you sleepy", "if i took all of them"), negated cues ("he is not in the house"), a subject
other than the reader for the reader's own means ("my nan swallowed her tablets"), the reader's
past ("years ago"), and an everyday use of a means without any effect on the body ("the knife in
my hand is too blunt for these tomatoes") do not count.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
import marshal
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from guide.records import NamedTuple
from guide.safety.normalize import BOUNDARIES, SENTENCE
from guide.safety.rules import cached_marshal, parse_yaml, source_digest

PRESENT_PATH = Path(__file__).with_name("present.yaml")
MEDICINES_PATH = Path(__file__).with_name("medicines.txt")
WINDOW = 30
"""The means and the parts that complete it lie within this many tokens of each other."""

# a slot of a compiled phrase: (words, prefix, minimum number or -1, gap)
Slot = tuple[frozenset[str], str, int, bool]
Phrase = tuple[Slot, ...]


class Part(NamedTuple):
    """One part of the message: its word class, its kind (means, now, effect, guard), where it is."""

    name: str
    kind: str
    start: int
    end: int
    text: str


class Present(NamedTuple):
    """Present danger found by its parts."""

    category: str  # immediate_danger or immediate_danger_dv
    means: str  # the means class that fired (medicine, weapon, intimate, ...)
    parts: tuple[Part, ...]  # the means and the parts that completed it
    start: int
    end: int

    def describe(self) -> str:
        """"means: medicine 'phenobarbital'; now: taken 'swallowed', amount 'whole'; effect: 'sleepy'"."""
        out = []
        for kind in ("means", "now", "effect"):
            said = [f"{p.name} '{p.text}'" if kind != "effect" else f"'{p.text}'"
                    for p in self.parts if p.kind == kind]
            if said:
                out.append(f"{kind}: {', '.join(said)}")
        return "; ".join(out)


class Means(NamedTuple):
    category: str
    self_directed: bool
    needs: tuple[tuple[str, ...], ...]
    same_clause: frozenset[str]
    effect_over_ordinary: bool
    after: tuple[tuple[str, ...], ...] = ()
    """More parts that complete it in a follow-up to a disclosure (``detail``), the means named or not."""


FORMAT = 5
"""The compiled cache's format: change it when the compiled form changes."""


class MedicineNames:
    """The one-word medicine names (~7,600), kept as groups by their first two letters, each group
    made a set the first time a word with those letters is looked up: a start builds no set of every
    name for the few words of one message (~0.5 ms of a `guide ask`). ``word in names`` as for a set."""

    FIRST = 2

    def __init__(self, groups: dict[str, str]) -> None:
        self.groups = groups  # first letters -> the names that start with them, one a line
        self._sets: dict[str, frozenset[str]] = {}

    @classmethod
    def of(cls, names: Iterable[str]) -> "MedicineNames":
        groups: dict[str, list[str]] = {}
        for name in sorted(set(names)):
            groups.setdefault(name[:cls.FIRST], []).append(name)
        return cls({first: "\n".join(group) for first, group in groups.items()})

    def __contains__(self, word: str) -> bool:
        first = word[:self.FIRST]
        names = self._sets.get(first)
        if names is None:
            group = self.groups.get(first)
            if group is None:
                return False
            names = self._sets[first] = frozenset(group.split("\n"))
        return word in names


class Lexicon:
    """present.yaml and medicines.txt, compiled for matching.

    Most messages name no means (`_names_a_means`), so a lexicon read from the cache decodes only
    the fields that question needs (`GATE`); the others are kept as marshal bytes and decoded
    together the first time one of them is used (~0.6 ms that most `guide ask` runs skip)."""

    FIELDS = ("kinds", "by_word", "by_pair", "by_prefix", "by_number", "medicines", "means", "units",
              "not_statements", "openers", "self_words", "negators", "conjunctions", "means_heads", "means_pairs",
              "number_means", "mild", "auxiliaries", "subjects", "shift_times", "shift_intents")
    GATE = ("medicines", "means_heads", "means_pairs", "number_means")

    def to_plain(self) -> dict:
        """The compiled form, made of what marshal stores."""
        plain = {name: getattr(self, name) for name in self.FIELDS}
        plain["medicines"] = self.medicines.groups
        plain["means"] = {name: tuple(m) for name, m in self.means.items()}
        return plain

    @classmethod
    def from_plain(cls, plain: dict) -> "Lexicon":
        lexicon = cls.__new__(cls)
        lexicon._take(plain)
        return lexicon

    def to_cache(self) -> dict:
        """`to_plain`, the fields outside `GATE` marshalled once more, as one bytes value (``later``)."""
        plain = self.to_plain()
        plain["later"] = marshal.dumps({name: plain.pop(name) for name in self.FIELDS if name not in self.GATE})
        return plain

    @classmethod
    def from_cache(cls, plain: dict) -> "Lexicon":
        lexicon = cls.__new__(cls)
        lexicon._later = plain.pop("later")
        lexicon._take(plain)
        return lexicon

    def __getattr__(self, name: str) -> object:
        """A field outside `GATE` of a lexicon from the cache, on first use: all of them decoded."""
        later = self.__dict__.pop("_later", None)
        if later is None or name not in self.FIELDS:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        try:
            plain = marshal.loads(later)
        except (ValueError, EOFError, TypeError):
            plain = None
        if not isinstance(plain, dict) or not all(field in plain for field in self.FIELDS if field not in self.GATE):
            plain = _compiled_lexicon().to_plain()  # a damaged cache: compiled from the sources again
        self._take(plain)
        return getattr(self, name)

    def _take(self, plain: dict) -> None:
        for name in self.FIELDS:
            if name in plain:
                setattr(self, name, plain[name])
        if "medicines" in plain:
            self.medicines = MedicineNames(plain["medicines"])
        if "means" in plain:
            self.means = {name: Means(*m) for name, m in plain["means"].items()}

    def __init__(self, data: dict, medicines: Sequence[str]) -> None:
        self.kinds: dict[str, str] = {}
        self.by_word: dict[str, list[tuple[str, Phrase]]] = {}
        self.by_pair: dict[tuple[str, str], list[tuple[str, Phrase]]] = {}  # phrases whose 2nd slot is words
        self.by_prefix: list[tuple[str, str, Phrase]] = []
        self.by_number: list[tuple[str, Phrase]] = []
        singles = {name: [str(p) for p in spec["phrases"] if " " not in str(p) and "*" not in str(p)]
                   for name, spec in data["parts"].items()}
        for name, spec in data["parts"].items():
            self.kinds[name] = spec["kind"]
            for phrase in spec["phrases"]:
                self._add(name, _compile(_expand(str(phrase), singles)))
            if spec["kind"] == "means":  # "the shotguns loaded": "shotgun's" typed without its apostrophe
                for word in singles[name]:
                    if not word.endswith("s") and f"{word}s" not in singles[name]:
                        self._add(name, _compile(f"{word}s"))
        self.medicines = MedicineNames.of(m for m in medicines if " " not in m)
        for m in medicines:
            if " " in m:
                self._add("medicine", _compile(m))
        self.means = {name: Means(spec["category"], bool(spec["self"]), tuple(tuple(n) for n in spec["needs"]),
                                  frozenset(spec.get("same_clause", ())), bool(spec.get("effect_over_ordinary")),
                                  tuple(tuple(n) for n in spec.get("after", ())))
                      for name, spec in data["means"].items()}
        self.conjunctions = frozenset(data["conjunctions"])
        means_heads = {w for name, phrases in self.by_word.items() for part, _ in phrases
                       if self.kinds[part] == "means" for w in (name,)}
        self.means_heads = frozenset(means_heads)
        self.means_pairs = frozenset(pair for pair, phrases in self.by_pair.items()
                                     if any(self.kinds[part] == "means" for part, _ in phrases))
        self.number_means = any(self.kinds[part] == "means" for part, _ in self.by_number)
        """Tokens that can start a means: a message with none of them (and no medicine) has no danger."""
        self.units = frozenset(data["units"])
        self.not_statements = frozenset(data["not_statements"])
        self.openers = frozenset(data["openers"])
        self.self_words = frozenset(data["self_words"])
        self.negators = frozenset(data["negators"])
        self.mild = frozenset(data.get("mild", ()))
        self.auxiliaries = frozenset(data.get("auxiliaries", ()))
        self.subjects = frozenset(data.get("subjects", ()))
        self.shift_times = frozenset(data.get("shift_times", ()))
        self.shift_intents = frozenset(data.get("shift_intents", ()))

    def _add(self, name: str, phrase: Phrase) -> None:
        words, prefix, number, _ = phrase[0]
        second = phrase[1] if len(phrase) > 1 else None
        if second is not None and second[0] and not second[1] and second[2] < 0 and not second[3]:
            for w in words:  # "in my lap" is tried only where "in" is followed by "my"
                for w2 in second[0]:
                    self.by_pair.setdefault((w, w2), []).append((name, phrase))
        else:
            for w in words:
                self.by_word.setdefault(w, []).append((name, phrase))
        if prefix:
            self.by_prefix.append((prefix, name, phrase))
        if number >= 0:
            self.by_number.append((name, phrase))


def _expand(phrase: str, singles: dict[str, list[str]]) -> str:
    """`@weapon` in a phrase: any one-word phrase of the class `weapon` ("has|got ~ @weapon"), so that
    a word added to a class reaches the phrases built on it."""
    out = []
    for element in phrase.split():
        words = []
        for alternative in element.split("|"):
            words.extend(singles[alternative[1:]] if alternative.startswith("@") else [alternative])
        out.append("|".join(words))
    return " ".join(out)


def _compile(phrase: str) -> Phrase:
    return tuple(_slot(element) for element in phrase.split())


_GAP: Slot = (frozenset(), "", -1, True)
_slots: dict[str, Slot] = {}


def _slot(element: str) -> Slot:
    """One element of a phrase: words and a prefix (`a|b|c*`), a number (`#`, `#10`) or a gap (`~`)."""
    slot = _slots.get(element)
    if slot is None:
        if element == "~":
            slot = _GAP
        elif element.startswith("#"):
            slot = (frozenset(), "", int(element[1:] or 0), False)
        else:
            alternatives = element.split("|")
            words = frozenset(w for w in alternatives if not w.endswith("*"))
            prefix = next((w[:-1] for w in alternatives if w.endswith("*")), "")
            slot = (words, prefix, -1, False)
        _slots[element] = slot
    return slot


@cache
def default_lexicon() -> Lexicon:
    """present.yaml and medicines.txt, compiled; from the compiled cache (marshal, beside the rules'
    cache, keyed by both files) when it is up to date, so that a start reads no YAML."""
    raw = PRESENT_PATH.read_bytes() + b"\0" + MEDICINES_PATH.read_bytes()
    return cached_marshal("present", source_digest(raw, FORMAT), _compiled_lexicon, Lexicon.to_cache,
                          Lexicon.from_cache)


def _compiled_lexicon() -> Lexicon:
    return Lexicon(parse_yaml(PRESENT_PATH.read_bytes()), _medicines(MEDICINES_PATH.read_text(encoding="utf-8")))


def _medicines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


_MAX_DIGITS = 18  # more is read as "a huge number": int() refuses strings of over 4,300 digits


def _number(tok: str) -> int:
    digits = ""
    for ch in tok:
        if not ch.isdecimal():  # (not isdigit: "❶" and "²" are digits int() cannot read)
            break
        digits += ch
    if not digits:
        return -1
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS


def _slot_ok(slot: Slot, toks: Sequence[str], j: int, n: int, units: frozenset[str]) -> bool:
    words, prefix, number, _ = slot
    tok = toks[j]
    if tok in words or (prefix and tok.startswith(prefix)):
        return True
    if number < 0:
        return False
    value = _number(tok)
    if value < 0:
        return False
    if number == 0:
        return True
    return value >= number and tok.isdecimal() and not (j + 1 < n and toks[j + 1] in units)


def _match(phrase: Phrase, k: int, toks: Sequence[str], j: int, n: int, units: frozenset[str]) -> int:
    """Match phrase[k:] from token j; the end index, or -1."""
    if k == len(phrase):
        return j
    slot = phrase[k]
    if slot[3]:  # a gap of up to three tokens inside the clause
        for g in range(4):
            if g and (j + g > n or toks[j + g - 1] in BOUNDARIES):
                break
            end = _match(phrase, k + 1, toks, j + g, n, units)
            if end >= 0:
                return end
        return -1
    if j < n and _slot_ok(slot, toks, j, n, units):
        return _match(phrase, k + 1, toks, j + 1, n, units)
    return -1


def parts_in(lex: Lexicon, toks: Sequence[str]) -> list[Part]:
    """Every part of the lexicon the tokens say (longest match per part and start)."""
    n = len(toks)
    units = lex.units
    found: dict[tuple[str, int], int] = {}
    by_word, by_pair, by_prefix = lex.by_word, lex.by_pair, lex.by_prefix
    for i, tok in enumerate(toks):
        if tok in BOUNDARIES:
            continue
        candidates = by_word.get(tok, [])
        if i + 1 < n:
            pair = by_pair.get((tok, toks[i + 1]))
            if pair:
                candidates = candidates + pair
        for prefix, name, ph in by_prefix:
            if tok.startswith(prefix):
                candidates = [*candidates, (name, ph)]
        if tok[0].isdecimal():
            candidates = candidates + lex.by_number
        if tok in lex.medicines:
            found[("medicine", i)] = max(found.get(("medicine", i), 0), i + 1)
        for name, phrase in candidates:
            end = _match(phrase, 0, toks, i, n, units)
            if end > i and end > found.get((name, i), 0):
                found[(name, i)] = end
    return [Part(name, lex.kinds[name], i, end, " ".join(toks[i:end])) for (name, i), end in found.items()]


def _clauses(lex: Lexicon, toks: Sequence[str]) -> tuple[list[int], set[int]]:
    """Each token's clause number, and the clauses that ask or suppose ("does it ...", "if i ...")."""
    clause = [0] * len(toks)
    asking: set[int] = set()
    k = 0
    start = True
    for j, tok in enumerate(toks):
        if tok in BOUNDARIES:
            k += 1
            start = True
            clause[j] = k
            continue
        clause[j] = k
        if start and tok not in lex.openers:
            start = False
            nxt = toks[j + 1] if j + 1 < len(toks) else ""
            if tok in lex.not_statements and nxt not in lex.negators \
                    and (tok not in lex.auxiliaries or nxt in lex.subjects):
                asking.add(k)
    return clause, asking


def _negated(lex: Lexicon, toks: Sequence[str], part: Part) -> bool:
    spelled = set(toks[part.start:part.end]) & lex.negators
    if spelled:
        return False
    j = part.start - 1
    while j >= 0 and j >= part.start - 3 and toks[j] not in BOUNDARIES:
        if toks[j] in lex.negators:
            return True
        j -= 1
    return False


def _softened(lex: Lexicon, toks: Sequence[str], part: Part) -> bool:
    """Is the effect said mildly ("a bit drowsy", "slightly dizzy") in the two tokens before it?"""
    return any(toks[j] in lex.mild for j in range(max(0, part.start - 2), part.start))


class _Subjects:
    """Where someone other than the reader is the subject: the tokens of ``others`` (a person's part),
    and, for each token, whether the nearest subject before it in its sentence is such a person."""

    __slots__ = ("_before", "lex", "others", "toks")

    def __init__(self, lex: Lexicon, toks: Sequence[str], others: set[int]) -> None:
        self.lex, self.toks, self.others = lex, toks, others
        self._before: list[bool] | None = None

    def other_before(self, start: int) -> bool:
        """Is the nearest subject before token ``start``, inside its sentence, someone else? Read in one
        pass on first use: walking back from each cue was quadratic (a long message of numbers or
        times, each a cue, took seconds)."""
        if self._before is None:
            before, other = [], False
            self_words, others = self.lex.self_words, self.others
            for j, tok in enumerate(self.toks):
                before.append(other)
                if tok == SENTENCE or tok in self_words:
                    other = False
                elif j in others:
                    other = True
            self._before = before
        return self._before[start]


def _subject_is_other(lex: Lexicon, toks: Sequence[str], part: Part, subjects: _Subjects) -> bool:
    """Is the nearest subject before the cue, inside its sentence, someone other than the reader? (A cue
    that names the reader as its owner, "in my lap", is the reader's; one that names the reader as a place,
    "beside me", says where its subject is: "he's beside me" is the person, not the knife.)"""
    if lex.self_words.difference(("me",)).intersection(toks[part.start:part.end]):
        return False
    return subjects.other_before(part.start)


UNTIL = frozenset(("till", "until", "til", "before", "unless"))
"""Words after a refusal to come down that make it wait on something: an everyday condition."""


def _live(lex: Lexicon, toks: Sequence[str], parts: list[Part] | None = None
          ) -> tuple[dict[str, list[Part]], set[str], _Subjects] | None:
    """The parts that count, by name; the guards said; the subjects other than the reader. None when
    the message tells the reader's past. *parts*: ``parts_in`` of the tokens, when known."""
    if parts is None:
        parts = parts_in(lex, toks)
    if not parts:
        return {}, set(), _Subjects(lex, toks, set())
    clause, asking = _clauses(lex, toks)
    means = [(p.start, p.end) for p in parts if p.kind == "means" and p.end - p.start > 1]
    # a guard word inside a means' own name is no everyday use: "walk" in "walk in freezer" (round 15); nor inside a
    # refusal to come down ("climbing" in "not climbing down", round 17), unless it waits on something ("not
    # climbing down till the signal is fixed")
    refusals = [(p.start, p.end) for p in parts if p.kind == "now" and lex.negators & set(toks[p.start:p.end])
                and (p.end >= len(toks) or toks[p.end] not in UNTIL)]
    guards = {p.name for p in parts if p.kind == "guard" and p.name != "others"
              and not any(s <= p.start and p.end <= e for s, e in means + refusals)}
    if "past" in guards:
        return None
    # a person's word right before a means is its owner, not a subject: "dad's shotgun" (the normalizer drops the
    # possessive) is on the reader's passenger seat (round 15)
    starts = {p.start for p in parts if p.kind == "means"}
    others = {j for p in parts if p.name == "others" and not starts.intersection((p.end, p.end + 1))
              for j in range(p.start, p.end)}
    effects = [(p.start, p.end) for p in parts if p.kind == "effect"]
    by_name: dict[str, list[Part]] = {}
    for p in parts:
        if p.kind == "guard" or clause[p.start] in asking:
            continue
        if p.kind == "means" and any(s <= p.start and p.end <= e for s, e in effects):
            continue  # "my mouth is on fire": the fire is an effect, not a means
        if p.kind != "means" and _negated(lex, toks, p):
            continue
        if p.kind == "effect" and _softened(lex, toks, p):
            continue  # "feeling a bit drowsy": a side effect, not an overdose
        by_name.setdefault(p.name, []).append(p)
    return by_name, guards, _Subjects(lex, toks, others)


def _segments(lex: Lexicon, toks: Sequence[str]) -> list[int]:
    """Each token's segment: clauses split again at conjunctions ("...water and cleaned with bleach")."""
    seg = [0] * len(toks)
    k = 0
    for j, tok in enumerate(toks):
        if tok in BOUNDARIES or tok in lex.conjunctions:
            k += 1
        seg[j] = k
    return seg


def _names_a_means(lex: Lexicon, toks: Sequence[str]) -> bool:
    """Does a token (or a token and the next, for "my ex") start a means?"""
    heads, pairs, medicines = lex.means_heads, lex.means_pairs, lex.medicines
    for i, tok in enumerate(toks):
        if tok in heads or tok in medicines or (lex.number_means and tok[:1].isdecimal()):
            return True
        if i + 1 < len(toks) and (tok, toks[i + 1]) in pairs:
            return True
    return False


def means_parts(toks: Sequence[str], lex: Lexicon | None = None) -> list[Part]:
    """``parts_in`` for a message that names a means (the cheap first test of ``find``), else none: a message
    that names no means never decodes the rest of the lexicon. What ``find`` reads, and the learned model's
    part features (detector.py), computed once per message."""
    lex = lex or default_lexicon()
    return parts_in(lex, toks) if _names_a_means(lex, toks) else []


def time_shift(lex: Lexicon, toks: Sequence[str]) -> int:
    """Where a clause with its own time and the reader's intent begins after a frame ("used to watch the trains
    with my little brother, | tomorrow i am going back ... to lie across the rails"); 0 when none does. The time
    word opens its clause (after a comma, a full stop, a conjunction or an opener) and the reader's intent or
    doing follows it ("i am", "i will", "gonna")."""
    times, intents = lex.shift_times, lex.shift_intents
    for j in range(2, len(toks) - 1):
        if toks[j] not in times:
            continue
        before = toks[j - 1]
        if before not in BOUNDARIES and before not in lex.conjunctions and before not in lex.openers:
            continue
        nxt = toks[j + 1]
        if nxt in intents or (nxt == "i" and j + 2 < len(toks) and toks[j + 2] in intents):
            return j
    return 0


def opens_own_time(toks: Sequence[str], k: int, lex: Lexicon | None = None) -> bool:
    """Does the clause that starts at token *k* (after a comma) open with its own time and the reader's intent
    ("..., | tonight i am going back to the lake")? A rule's gap does not end on that time word (round 22): "went
    swimming in the lake this morning, tonight i'm going back to watch the fireworks" joins no swim to "tonight"."""
    lex = lex or default_lexicon()
    n = len(toks)
    while k < n and toks[k] in lex.openers:
        k += 1
    if k + 1 >= n or toks[k] not in lex.shift_times:
        return False
    nxt = toks[k + 1]
    return nxt in lex.shift_intents or (nxt == "i" and k + 2 < n and toks[k + 2] in lex.shift_intents)


def find(toks: Sequence[str], lex: Lexicon | None = None, parts: list[Part] | None = None) -> Present | None:
    """Present danger in the message's normalized tokens, by its parts (None if not); else in the clauses after a
    time shift (``time_shift``), read without the frame before it. *parts*: ``means_parts`` of the tokens, when
    the caller has it already."""
    lex = lex or default_lexicon()
    if parts is None:
        parts = means_parts(toks, lex)
    best = _find(toks, lex, parts)
    if best is None and parts:
        shift = time_shift(lex, toks)
        later = _find(toks[shift:], lex) if shift else None
        if later is not None:
            moved = tuple(p._replace(start=p.start + shift, end=p.end + shift) for p in later.parts)
            best = later._replace(parts=moved, start=later.start + shift, end=later.end + shift)
    return best


def _find(toks: Sequence[str], lex: Lexicon, parts: list[Part] | None = None) -> Present | None:
    """``find`` on the whole of *toks*."""
    if parts is None:
        parts = means_parts(toks, lex)
    if not parts:
        return None  # no means, no danger: most messages stop here
    live = _live(lex, toks, parts)
    if not live or not live[0]:
        return None
    by_name, guards, others = live
    has_effect = "effect" in by_name
    seg = _segments(lex, toks)
    best: Present | None = None
    for name, means in lex.means.items():
        if name not in by_name:
            continue
        if "ordinary" in guards and not (means.effect_over_ordinary and has_effect):
            continue
        for mp in by_name[name]:
            for need in means.needs:
                chosen = _complete(lex, toks, mp, need, by_name, means, others, seg)
                if chosen is None:
                    continue
                named = {p.name for p in chosen}  # the other parts its needs know, for the explanation
                for extra in dict.fromkeys(n for alt in means.needs for n in alt if n not in named):
                    more = _complete(lex, toks, mp, (extra,), by_name, means, others, seg)
                    if more and not any(more[0].start < q.end and q.start < more[0].end for q in chosen):
                        chosen = [*chosen, *more]
                used = (mp, *chosen)
                start, end = min(p.start for p in used), max(p.end for p in used)
                found = Present(means.category, name, tuple(sorted(used, key=lambda p: p.start)), start, end)
                if best is None or (found.category == "immediate_danger_dv" and best.category != found.category):
                    best = found
                break
    return best


ALONE_AFTER_DISCLOSURE = frozenset(("tied", "on_me", "in_water", "sealed"))
"""Parts that, alone, complete a means the session's disclosure already named ("it's round my neck
now"); the others need a second part ("swallowed the lot": taken and an amount)."""


def detail(toks: Sequence[str], violence: bool, lex: Lexicon | None = None, safe: bool = False) -> tuple[Part, ...]:
    """After a disclosure: the parts of present danger a follow-up says without naming the means again
    ("swallowed them all", "up to my chest now"; "he is at the door and says he will hurt me" only after a
    disclosure of harm from someone else, ``violence``), or, with the means' ``after`` needs, a short
    detail that the means or the person is here now ("im on the overpass now", "he's standing by my
    bunk"). ``safe``: the follow-up answers the check-in with a yes, so where the reader is now is not a
    danger by itself ("yes, home now, away from the bridge"): only the means' own needs count. Empty when
    it says none."""
    lex = lex or default_lexicon()
    live = _live(lex, toks)
    if not live or not live[0]:
        return ()
    by_name, guards, others = live
    if "ordinary" in guards:
        return ()
    for means in lex.means.values():
        if not means.self_directed and not violence:
            continue
        needs = [need for need in means.needs if len(need) > 1 or need[0] in ALONE_AFTER_DISCLOSURE]
        if not safe:
            needs += means.after
        for need in needs:
            chosen = []
            for name in need:
                near = by_name.get(name, [])
                if means.self_directed and lex.kinds.get(name) == "now":
                    near = [p for p in near if not _subject_is_other(lex, toks, p, others)]
                if not near:
                    break
                chosen.append(near[0])
            else:
                return tuple(chosen)
    return ()


def _spells(part: Part, other: Part, means_part: Part) -> bool:
    """Does *part* spell the means inside it ("standing in the fast lane", "mixed the gramoxone with juice")?"""
    return other is means_part and part.start <= other.start and other.end <= part.end and part.kind != "means"


def threatened(toks: Sequence[str], lex: Lexicon | None = None) -> bool:
    """Does a message name a person and a threat or an attack of theirs ("ma husband say he go kill me
    tonight"), with no everyday use said? A follow-up that puts that person here is then present danger
    (flow.py), even when the rules read nothing in the threat itself."""
    lex = lex or default_lexicon()
    if not _names_a_means(lex, toks):
        return False
    live = _live(lex, toks)
    if not live or not live[0] or "ordinary" in live[1]:
        return False
    by_name = live[0]
    people = any(not means.self_directed and name in by_name for name, means in lex.means.items())
    return people and bool(by_name.keys() & {"threat", "attack", "armed"})


def _complete(lex: Lexicon, toks: Sequence[str], means_part: Part, need: tuple[str, ...],
              by_name: dict[str, list[Part]], means: Means, others: _Subjects, seg: list[int]) -> list[Part] | None:
    """The parts that complete *means_part* for one of its ``needs`` (None if one is missing): the
    nearest of each, none overlapping the means or another chosen part."""
    chosen: list[Part] = []
    for name in need:
        taken = [means_part, *chosen]
        near = [p for p in by_name.get(name, ())
                if abs(p.start - means_part.start) <= WINDOW
                and not any(p.start < q.end and q.start < p.end and not _spells(p, q, means_part) for q in taken)]
        if name in means.same_clause:
            near = [p for p in near if seg[p.start] == seg[means_part.start]]
        if means.self_directed and lex.kinds.get(name) == "now":
            near = [p for p in near if not _subject_is_other(lex, toks, p, others)]
        if not near:
            return None
        chosen.append(min(near, key=lambda p: abs(p.start - means_part.start)))
    return chosen
