"""The bereavement reading: a death told as a loss is not a risk statement.

"my friend's brother killed himself last week, what do i say to her", "i lost my dad to
suicide", "should i say committed suicide", "is there a support group for suicide loss":
a death of someone else, in the past, told as a loss (the reader's or a friend's), or a
question about the words for it, support groups, funerals or how to talk about it. The
rules see "killed himself" or "suicide" and would answer with a crisis reply, to the wrong
person about the wrong time. ``BereavementReading.lowers`` tells the detector which hits
only NAME such a death; those are lowered (no crisis reply). Everything the bereaved reader
says about themselves ("i want to be with him", "i can't go on without her", "i want to die
too") is other rules' hits, never lowered here: a disclosure by a bereaved reader is a
disclosure like any other.

``footer``: the reader's own loss is told ("i lost my brother to suicide", "my dad died last
year ..."), or a request about the topic: a gentle resource line goes under the answer. Data:
bereavement.yaml; docs/safety-rules.md, "Bereavement".
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
from collections.abc import Collection, Sequence
from functools import cache
from pathlib import Path

from guide.records import NamedTuple
from guide.safety.normalize import BOUNDARIES, SENTENCE

DATA_PATH = Path(__file__).with_name("bereavement.yaml")
CATEGORY = "bereavement"
"""The category of a lowered hit (``RuleHit.category``): not a disclosure, so the session does not turn
careful and a later "ok" gets no check-in."""
NOT_A_LOSS = frozenset(("third_party", "sexual_assault", "domestic_violence", "coercion", "compliance",
                        "recurrence"))
"""Categories of a similarity-check guess that a loss told overrules ("my friend lost her baby" is near
"my friend said she was raped"); guesses of the reader's own risk (ideation, self-harm, hopelessness)
stand."""
_WINDOW = 4  # tokens before a hit searched for an attempt or an intent ("tried to", "wants to")


class Words(NamedTuple):
    death_verbs: frozenset[str]
    means_verbs: frozenset[str]
    not_a_death: frozenset[str]
    death_words: frozenset[str]
    lost_words: frozenset[str]
    people: frozenset[str]
    possessors: frozenset[str]
    person_adjectives: frozenset[str]
    wording: frozenset[str]
    topic_request: tuple[tuple[str, ...], ...]
    mention_not_a_death: frozenset[str]
    mention_intent: frozenset[str]
    support: frozenset[str]
    not_a_loss_signals: frozenset[str]
    naming_rules: frozenset[str]
    grief_return_rules: frozenset[str]
    first_person: frozenset[str]
    following: tuple[tuple[str, ...], ...]


FORMAT = 1
"""The compiled cache's format: change it when ``Words`` changes."""


@cache
def words() -> Words:
    """bereavement.yaml, read on first use; from the compiled cache (marshal, beside the rules' cache)
    when it is up to date, so that a start reads no YAML (every message is read for a loss)."""
    from guide.safety.rules import cached_marshal, source_digest

    raw = DATA_PATH.read_bytes()
    return cached_marshal("bereavement", source_digest(raw, FORMAT), lambda: _compiled(raw), Words._asdict,
                          lambda plain: Words(**{name: plain[name] for name in Words._fields}))


def _compiled(raw: bytes) -> Words:
    from guide.safety.rules import parse_yaml

    data = parse_yaml(raw)
    fields = {}
    for name in Words._fields:
        value = data[name]
        fields[name] = (tuple(tuple(v) for v in value) if name in ("topic_request", "following")
                        else frozenset(str(v) for v in value))
    return Words(**fields)


class BereavementReading(NamedTuple):
    """What a message says about a death: ``death`` (one is told: "died", "her funeral", "lost her
    mum"), ``wording`` (a question about the words for it), ``topic`` (a request about the topic:
    "more about suicide"), ``own`` (the reader's own loss: "my brother died", "i lost my dad")."""

    death: bool
    wording: bool
    topic: bool
    own: bool

    @property
    def footer(self) -> bool:
        """A gentle resource line under the answer: the reader's own grief, or a request about the topic."""
        return self.own or self.topic

    def lowers(self, toks: Sequence[str], rule: str, category: str, start: int, end: int) -> bool:
        """Does the hit ``rule`` on tokens [start, end) (reported as ``category`` after the detector's
        decision on who it is about) only name a death, or a word for it?"""
        w = words()
        hit = toks[start:end]
        if w.first_person.intersection(hit) or (
                "my" in hit and not _names_someone(hit, w)):  # "took my own life": the reader's
            return False
        if rule in w.grief_return_rules:
            return self.death and category == "recurrence"
        if rule not in w.naming_rules:
            return False
        if rule == "si.mention":
            if _before(toks, start) & w.mention_intent:
                return False  # "thinking about suicide", "she tried suicide"
            if not {"suicide", "suicides"}.intersection(hit):
                return False  # "suicidal" says how someone is, not how someone died
            after = toks[end:end + 2]
            if w.mention_not_a_death.intersection(after):
                return False  # "her suicide attempt", "a suicide note"
            return self.death or self.wording or self.topic
        if category != "third_party":  # no one named in the hit: "should i say committed suicide"
            return (self.wording and bool(w.death_verbs.intersection(hit) or "suicide" in hit)
                    and not (_before(toks, start) | set(hit)) & (w.not_a_death - _WORDING_MODALS))
        if _before(toks, start) & w.not_a_death or w.not_a_death.intersection(hit):
            return False
        # a third party's: "her brother killed himself", "he took his own life"
        if w.death_verbs.intersection(hit) and not _only_means(hit):
            return True
        return self.death and bool(w.means_verbs.intersection(hit) | w.death_verbs.intersection(hit))


def read(toks: Sequence[str], question: bool, signals: Collection[str] = ()) -> BereavementReading | None:
    """The bereavement reading of a message (its normalized tokens), or None when it tells no
    death and asks nothing about one. ``question``: the message asks something; ``signals``: the
    rules.yaml signals it says (a figure known for its death, the reader's own means: no reading)."""
    w = words()
    if w.not_a_loss_signals.intersection(signals):
        return None  # "judas hanged himself ... and there's a beam in the garage": a figure, not a loss
    plain = [t for t in toks if t not in BOUNDARIES]
    if w.first_person.intersection(plain) and any(_has(plain, phrase) for phrase in w.following):
        return None  # "since my son killed himself i've been looking at the same bridge": the reader's risk
    death = _loss_told(plain, w) or _a_suicide(plain, w)
    mentions = "suicide" in plain or "suicides" in plain or bool(w.death_verbs.intersection(plain))
    said = set(plain)
    wording = mentions and bool(w.wording & said) and (
        question or _has(plain, ("i", "mean")) or _has(plain, ("i", "meant")))
    topic = mentions and (any(_has(plain, phrase) for phrase in w.topic_request)
                          or bool(w.support & said))
    if not (death or wording or topic or mentions):
        return None
    return BereavementReading(death, wording, topic, death and _own_loss(plain, w))


def loss_told(toks: Sequence[str]) -> bool:
    """Does the message tell of a death or the loss of a person ("my friend lost her baby")? A
    guess from likeness (similar.py) to worry about someone else does not overrule it."""
    return _loss_told([t for t in toks if t not in BOUNDARIES], words())


# -- helpers -----------------------------------------------------------------------------


def _loss_told(plain: Sequence[str], w: Words) -> bool:
    """A death word ("died", "funeral") or a person lost, in the message's words (no boundaries)."""
    return any(t in w.death_words for t in plain) or _lost_someone(plain, w)


def _before(toks: Sequence[str], start: int) -> set[str]:
    """The words in the few tokens before a hit, inside its sentence."""
    out: set[str] = set()
    j = start - 1
    while j >= 0 and j >= start - _WINDOW and toks[j] != SENTENCE:
        out.add(toks[j])
        j -= 1
    return out


def _only_means(hit: Sequence[str]) -> bool:
    """"took an overdose": "took" names a means here, not a death (the death verbs of ``took his
    own life`` need "life")."""
    return ("took" in hit or "taken" in hit) and "life" not in hit and "lives" not in hit


def _names_someone(hit: Sequence[str], w: Words) -> bool:
    """Is every "my" in the hit followed by a person ("my brother killed himself")?"""
    for j, tok in enumerate(hit):
        if tok == "my":
            k = j + 1
            while k < len(hit) and hit[k] in w.person_adjectives:
                k += 1
            if k >= len(hit) or hit[k] not in w.people:
                return False
    return True


def _a_suicide(plain: Sequence[str], w: Words) -> bool:
    """"her mum's suicide", "after a suicide", "since my sister's suicide", "if it was suicide": a
    suicide that happened."""
    for i, tok in enumerate(plain):
        if tok in ("suicide", "suicides") and i > 0:
            prev = plain[i - 1]
            if prev in w.people or prev in _TOLD or (prev in ("a", "the", "his", "her", "their")
                                                    and i > 1 and plain[i - 2] in _AFTER | _TOLD):
                return True
    return False


_WORDING_MODALS = frozenset(("should", "would", "could", "can", "may", "might", "must"))
"""Modals of a question about words ("should i say", "can you say"), not of an intent."""
_AFTER = frozenset(("after", "since", "following", "by", "from", "to", "of"))
_TOLD = frozenset(("s", "was", "were"))
"""Before "suicide", a death told: "her mum's suicide", "it was suicide", "was ruled a suicide"."""


def _has(plain: Sequence[str], phrase: Sequence[str]) -> bool:
    """Does ``phrase`` occur in ``plain``? (Only where its first word is: on every message, for each
    phrase of ``following``.)"""
    n = len(phrase)
    if not n:
        return True
    phrase, first = tuple(phrase), phrase[0]
    return any(plain[i] == first and tuple(plain[i:i + n]) == phrase for i in range(len(plain) - n + 1))


def _lost_someone(plain: Sequence[str], w: Words) -> bool:
    """"lost her mum", "losing my brother", "lost him": a person lost, not keys or a job."""
    for i, tok in enumerate(plain):
        if tok in w.lost_words:
            after = plain[i + 1:i + 5]
            if after and after[0] in ("him", "her", "them"):
                return True
            if any(t in w.people for t in after[:4]) and (not after or after[0] in w.possessors | {"a", "the"}):
                return True
    return False


def _own_loss(plain: Sequence[str], w: Words) -> bool:
    """Is the loss the reader's: "i lost my dad", "we lost him", "my brother died", "since my sister's
    suicide"; not "my friend's brother" (two people: the friend's loss) nor "her husband"."""
    for i, tok in enumerate(plain):
        if tok in ("i", "we") and i + 1 < len(plain):
            rest = plain[i + 1:i + 3]
            if rest and (rest[0] in w.lost_words or (rest[0] in ("have", "had") and len(rest) > 1
                         and rest[1] in w.lost_words)):
                return True
        if tok in ("my", "our"):
            k = i + 1
            while k < len(plain) and plain[k] in w.person_adjectives:
                k += 1
            if k < len(plain) and plain[k] in w.people and plain[k] not in ("someone", "somebody", "one", "ones"):
                # the person's own death follows ("my brother died", "my son overdosed", "my husband was
                # killed", "my sister's suicide"); not "my friend's brother" (the friend's loss) nor
                # "my friend lost her mum"
                nxt = [t for t in plain[k + 1:k + 4] if t not in _LINKS][:1]
                if nxt and (nxt[0] in w.death_verbs or nxt[0] in w.means_verbs or nxt[0] in _DEATH_NOUNS):
                    return True
    return False


_LINKS = frozenset(("was", "is", "has", "had", "just", "recently", "suddenly", "tragically", "sadly", "s"))
_DEATH_NOUNS = frozenset(("suicide", "death", "funeral", "passing", "passed", "overdose", "accident", "crash",
                          "grave", "inquest", "anniversary", "memorial"))
