"""The risk check that runs on every message before intent matching.

``assess(text)`` normalizes the message (guide.safety.normalize), finds every pattern
of rules.yaml that matches (guide.safety.rules), and then decides, in this order:

1. a hit inside an idiom exception ("dying to know", "to die for") is dropped;
2. a negated hit ("I'm *not* suicidal") only asks for the footer; negation is looked
   for in the few tokens before the hit, inside its clause: a comma, a full stop or a
   conjunction ("but", "and", "so") ends the search, so "I'm not suicidal but I don't
   see the point of anything" keeps its second clause;
3. tier-0 rules and mentions in a question about the topic ("does the article say
   anything about suicide?") only ask for the footer;
4. a distant-past marker in the same sentence segment ("used to", "years ago") turns
   ideation/self-harm into the footer, unless the message also says it is happening
   again ("again", "lately", "still", "coming back"): then it is a tier-2 recurrence.
   Past assault or violence stays tier 2 (see each category's ``past``);
5. a joke marker ("lol", "jk") or a minimiser after the hit ("...but I'd never do it")
   lowers tier-1 ideation to tier 2, never to 0; a game or accident frame in the same
   segment ("killed myself by accident in minecraft") turns ideation or self-harm into
   the footer;
6. a hit about someone else ("my friend says she wants to die") becomes tier-2
   ``third_party`` with resources the reader can share; method questions and
   immediate danger stay the reader's own risk ("asking for a friend: how many pills");
   inside a fiction or media frame ("the main character in my novel is suicidal") such a
   hit only asks for the footer;
7. combinations of categories and signals ("suicidal" + "tonight", "the note" +
   "doing it") raise to immediate danger;
8. the most severe remaining hit decides tier, category and which resources go first;
9. present danger recognised by its parts (present.py: a means, and that it is here, now or
   begun, and/or its effect on the body) raises the result to tier-1 immediate danger.

Nothing here keeps state between messages: see docs/safety-rules.md for how a
session uses the assessments (disclosures stick).
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
import re
from collections.abc import Collection, Iterator, Sequence

from guide.about_the_guide import asks_what_the_guide_does
from guide.records import NamedTuple
from guide.safety import bereavement, present
from guide.safety import model as learned
from guide.safety.normalize import BOUNDARIES, CLAUSE, SENTENCE
from guide.safety.rules import (
    ALTS,
    DIG,
    END,
    EXCEPTION,
    FIRST,
    GAP,
    KIND_NAMES,
    LAST,
    NOT_NEXT,
    NOT_NEXT_PFX,
    OPT,
    P_ANCHOR,
    P_KIND,
    P_LEFT,
    P_OWNER,
    P_RIGHT,
    P_SOURCE,
    P_VOCAB,
    PFX,
    PLAIN,
    PSEUDO,
    RULE,
    SIGNAL,
    START,
    Elem,
    Pattern,
    RuleSet,
    W,
    default_rules,
)
from guide.safety.similar import SimilarIndex, default_similar


class RuleHit(NamedTuple):
    """One rule that matched: which, what it counted as, and where.

    ``span`` indexes the normalized text (``normalized(text)``), ``text`` is the
    normalized words matched. ``tier`` is the tier the hit ended up with: 0 for a hit
    that only asks for the footer (negated, past, meta mention).

    A hit of the similarity check (similar.py) has the rule id ``similar:<exemplar id>``,
    a span over the whole message, and as ``text`` the exemplar it is closest to.
    """

    rule: str
    category: str
    tier: int
    span: tuple[int, int]
    text: str


class Assessment(NamedTuple):
    tier: int  # 0 none, 1 takeover, 2 resources first
    category: str | None
    resources_first: tuple[str, ...]
    footer: bool  # tier 0, but show the one-line resource footer
    hits: tuple[RuleHit, ...]
    consent_note: bool = False  # add the consent note (coercion, unwanted sex, sex as a fix)

    def __bool__(self) -> bool:
        return self.tier > 0


NO_RISK = Assessment(0, None, (), False, ())


# -- public API --------------------------------------------------------------------------


def assess(text: str) -> Assessment:
    """Risk assessment of one message, before any intent matching."""
    return _assess(text, default_rules(), None, default_similar(), learned.default_model())


def load() -> None:
    """Read now what every message is checked with (the rules, the exemplars' header, the bereavement
    and present-danger words; each from its cache), not at the first message: a start calls it while
    garbage collection is paused (guide/cli.py, `_starting_up`), as none of it is ever freed."""
    default_rules()
    default_similar()
    bereavement.words()
    present.default_lexicon()


def normalized(text: str) -> str:
    """The normalized text that ``RuleHit.span`` indexes."""
    return " ".join(normalized_tokens(text))


def normalized_tokens(text: str) -> list[str]:
    """The message's tokens as the rules see them (typos and slang repaired, clause marks kept)."""
    return default_rules().normalizer.tokens(text)


def explain(text: str) -> dict:
    """Everything the check saw, for ``guide explain`` and for rule authors."""
    rules = default_rules()
    trace: list[dict] = []
    result = _assess(text, rules, trace, default_similar(), learned.default_model())
    return {
        "normalized": " ".join(rules.normalizer.tokens(text)),
        "matches": trace,
        "assessment": result,
    }


def signals_in(text: str, names: frozenset[str] | set[str]) -> frozenset[str]:
    """Which of the signals *names* (rules.yaml ``signals:``) the message says, not negated.

    For the conversation's safety flow (flow.py): what an answer to the check-in says
    ("no", "not really", "yes i'm safe"), and the details of danger that a message adds to
    an earlier disclosure ("he has a gun"). Stateless, like ``assess``.
    """
    rules = default_rules()
    toks = rules.normalizer.tokens(text)
    signals, pseudo = _signal_matches(rules, toks, names)
    return _not_negated(rules, toks, signals, pseudo)


def signal_spans(text: str, names: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    """Where the signals *names* match, not negated, as spans of ``normalized(text)`` (as ``RuleHit.span``)."""
    rules = default_rules()
    toks = rules.normalizer.tokens(text)
    signals, pseudo = _signal_matches(rules, toks, names)
    offsets = _offsets(toks)
    return [(offsets[s], offsets[e] - 1) for spans in signals.values() for s, e, vocab in spans
            if not _negated(rules, toks, s, e, vocab, pseudo)]


def is_help_request(text: str) -> bool:
    """True when the message asks for the support resources ("help", "hotline", ...)."""
    rules = default_rules()
    toks = rules.normalizer.tokens(text)
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok in BOUNDARIES:
            continue
        for p in rules.candidates(tok)[2]:
            if _match(p, toks, i, n) is not None:
                return True
    words = [t for t in toks if t not in BOUNDARIES and t not in rules.help_filler]
    return (
        0 < len(words) <= 6
        and all(w in rules.help_words for w in words)
        and any(w in rules.help_core for w in words)
        and not asks_what_the_guide_does(" ".join(toks), alone=False)  # "what can you help me with"
    )


HELP_LINE_WORDS = frozenset(["helpline", "helplines", "hotline", "hotlines"])


def names_a_help_line(text: str) -> bool:
    """Does the message ask for a helpline or hotline by that word (a guide whose source names one
    may answer as well as the support lines)?"""
    return not HELP_LINE_WORDS.isdisjoint(default_rules().normalizer.tokens(text))


# -- matching ----------------------------------------------------------------------------


def _ok(e: Elem, toks: Sequence[str], j: int, n: int) -> bool:
    """Does word element *e* match token j (with its lookahead and clause checks)?"""
    tok = toks[j]
    if tok not in e[W] and not (e[PFX] and tok.startswith(e[PFX])) \
            and not (e[DIG] and tok.isdigit()):
        return False
    if j + 1 < n:
        nn = e[NOT_NEXT]
        if nn is not None:
            nxt = toks[j + 1]
            if nxt in nn or (e[NOT_NEXT_PFX] and nxt.startswith(e[NOT_NEXT_PFX])):
                return False
        if e[END] and toks[j + 1] not in BOUNDARIES:
            return False
    return not (e[START] and j > 0 and toks[j - 1] not in BOUNDARIES)


def _around_ok(e: Elem, toks: Sequence[str], start: int, end: int, n: int) -> bool:
    """The checks of a group element around the tokens [start, end) it matched."""
    if end < n:
        nxt = toks[end]
        nn = e[NOT_NEXT]
        if nn is not None and (nxt in nn or (e[NOT_NEXT_PFX] and nxt.startswith(e[NOT_NEXT_PFX]))):
            return False
        if e[END] and nxt not in BOUNDARIES:
            return False
    return not (e[START] and start > 0 and toks[start - 1] not in BOUNDARIES)


def _right(elems: tuple[Elem, ...], k: int, toks: Sequence[str], j: int, n: int) -> int:
    """Match elems[k:] from token j forwards; the end index, or -1."""
    count = len(elems)
    while k < count:  # fast path: plain word elements, no backtracking needed
        e = elems[k]
        if not e[PLAIN]:
            break
        if j >= n:
            return -1
        tok = toks[j]
        if tok not in e[W] and not (e[PFX] and tok.startswith(e[PFX])) \
                and not (e[DIG] and tok.isdigit()):
            return -1
        j += 1
        k += 1
    else:
        return j
    e = elems[k]
    gap = e[GAP]
    if gap:
        for g in range(gap + 1):
            if g and (j + g > n or toks[j + g - 1] == SENTENCE):
                break
            if g and toks[j + g - 1] == CLAUSE and present.opens_own_time(toks, j + g):
                continue  # the time word that opens the next clause is its own, not the act's before the comma
            r = _right(elems, k + 1, toks, j + g, n)
            if r >= 0:
                return r
        return -1
    alts = e[ALTS]
    if alts is not None:
        index = e[FIRST]
        for ai in (index[0].get(toks[j], index[1]) if j < n else ()):
            alt = alts[ai]
            jj = j
            for a in alt:
                if jj < n and _ok(a, toks, jj, n):
                    jj += 1
                elif not a[OPT]:
                    break
            else:
                if jj > j and _around_ok(e, toks, j, jj, n):
                    r = _right(elems, k + 1, toks, jj, n)
                    if r >= 0:
                        return r
    elif j < n and _ok(e, toks, j, n):
        r = _right(elems, k + 1, toks, j + 1, n)
        if r >= 0:
            return r
    if e[OPT]:
        return _right(elems, k + 1, toks, j, n)
    return -1


def _left(elems: tuple[Elem, ...], k: int, toks: Sequence[str], j: int, n: int) -> int:
    """Match elems[k:] (nearest first) from token j backwards; the start index, or -1."""
    count = len(elems)
    while k < count:  # fast path, as in _right
        e = elems[k]
        if not e[PLAIN]:
            break
        if j < 0:
            return -1
        tok = toks[j]
        if tok not in e[W] and not (e[PFX] and tok.startswith(e[PFX])) \
                and not (e[DIG] and tok.isdigit()):
            return -1
        j -= 1
        k += 1
    else:
        return j + 1
    e = elems[k]
    gap = e[GAP]
    if gap:
        for g in range(gap + 1):
            if g and (j - g + 1 < 0 or toks[j - g + 1] == SENTENCE
                      or (toks[j] == CLAUSE and present.opens_own_time(toks, j + 1))):
                break
            r = _left(elems, k + 1, toks, j - g, n)
            if r >= 0:
                return r
        return -1
    alts = e[ALTS]
    if alts is not None:
        index = e[LAST]
        for ai in (index[0].get(toks[j], index[1]) if j >= 0 else ()):
            alt = alts[ai]
            jj = j
            for a in reversed(alt):
                if jj >= 0 and _ok(a, toks, jj, n):
                    jj -= 1
                elif not a[OPT]:
                    break
            else:
                if jj < j and _around_ok(e, toks, jj + 1, j + 1, n):
                    r = _left(elems, k + 1, toks, jj, n)
                    if r >= 0:
                        return r
    elif j >= 0 and _ok(e, toks, j, n):
        r = _left(elems, k + 1, toks, j - 1, n)
        if r >= 0:
            return r
    if e[OPT]:
        return _left(elems, k + 1, toks, j, n)
    return -1


def _match(p: Pattern, toks: Sequence[str], i: int, n: int) -> tuple[int, int] | None:
    if not _ok(p[P_ANCHOR], toks, i, n):
        return None
    right = p[P_RIGHT]
    end = _right(right, 0, toks, i + 1, n) if right else i + 1
    if end < 0:
        return None
    left = p[P_LEFT]
    start = _left(left, 0, toks, i - 1, n) if left else i
    if start < 0:
        return None
    return start, end


# -- deciding ----------------------------------------------------------------------------


class _Hit:
    __slots__ = ("base", "category", "end", "resources", "rule", "start", "tier")

    def __init__(self, rule: str, base: str, category: str, tier: int, start: int, end: int,
                 resources: tuple[str, ...]) -> None:
        self.rule = rule
        self.base = base
        self.category = category
        self.tier = tier
        self.start = start
        self.end = end
        self.resources = resources


def _negated(rules: RuleSet, toks: Sequence[str], start: int, end: int,
             vocab: frozenset[str], pseudo: set[int]) -> bool:
    negators = rules.negators
    breakers = rules.breakers
    for j in range(start, end):  # a negator the pattern does not spell out ("not" in a gap)
        # ...unless a clause ends after it inside the hit: "he's outside and won't
        # leave, I'm terrified" negates the leaving, not the fear
        if (toks[j] in negators and toks[j] not in vocab and j not in pseudo
                and not any(t in BOUNDARIES or t in breakers for t in toks[j + 1:end])):
            return True
    j = start - 1
    stop = start - rules.negation_window
    while j >= 0 and j >= stop:
        tok = toks[j]
        if tok in BOUNDARIES or tok in breakers:
            return False
        if tok in negators and j not in pseudo:
            return True
        j -= 1
    return False


def _person(rules: RuleSet, toks: Sequence[str], start: int, end: int) -> bool:
    """True when the hit is about someone else than the reader."""
    first, third, objects = rules.first_person, rules.third_person, rules.person_objects
    other = False
    for j in range(start, end):
        tok = toks[j]
        if tok in first:
            return False
        if tok == "my" and j + 1 < end and toks[j + 1] not in third:
            return False  # "my neck", "my drink": the reader's (but "my friend" is not)
        if tok in third and not _after_object(toks, j, start, objects):
            other = True  # ...but "a burden to everyone" is still about the reader
    if other:
        return True
    j = start - 1
    stop = start - rules.person_window
    while j >= 0 and j >= stop:
        tok = toks[j]
        if tok == SENTENCE:
            break
        if tok in first:
            return False
        if tok in third:
            return True
        j -= 1
    return False


_POSSESSIVES = frozenset(("my", "his", "her", "their", "our", "your"))
_WH_WORDS = frozenset(("why", "how", "when", "where", "what", "which", "who"))
_SUBJECT_AUX = frozenset(("do", "does", "did", "are", "were", "have", "has", "had"))
_NOT_A_SUBJECT = frozenset(("you", "your", "yourself", "it", "there", "that", "this", "these", "those", "one",
                            "anyone", "anybody", "someone", "somebody", "u", "ya", "ye"))


def _asks_about_a_subject(toks: Sequence[str], start: int) -> bool:
    """Does the clause of the hit ask about a named subject: "do lemmings really jump off
    cliffs", "why did the generals fall on their swords"? (Only for a question that never
    brings in the reader; "is", "was" and pronoun subjects are left alone: "is life worth
    living", "does it get better".)"""
    j = start - 1
    while j >= 0 and toks[j] not in BOUNDARIES:
        j -= 1
    words = [t for t in toks[j + 1:start] if t not in _CLAUSE_OPENERS]
    if words and words[0] in _WH_WORDS:
        words = words[1:]
    return len(words) >= 2 and words[0] in _SUBJECT_AUX and words[1] not in _NOT_A_SUBJECT
_SELF_WORDS = frozenset(("i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"))


def _after_object(toks: Sequence[str], j: int, start: int, objects: frozenset[str]) -> bool:
    """Is toks[j] the object of a preposition ("to everyone", "with my mom")?"""
    k = j - 1
    if k > start and toks[k] in _POSSESSIVES:
        k -= 1
    return k >= start and toks[k] in objects


def _similar(rules: RuleSet, similar: SimilarIndex | None, toks: Sequence[str],
             trace: list[dict] | None, ctx: "_Context | None" = None) -> Assessment:
    """The nearest-exemplar check (similar.py), for a message no rule pattern matched; when it says
    nothing, the learned model's (model.py)."""
    if similar is None:
        return _learned(rules, toks, trace, ctx)
    scores = similar.scores(toks)
    if scores is None:
        if trace is not None:
            trace.append({"kind": "similar", "status": "no word of the risk exemplars' vocabulary"})
        return _learned(rules, toks, trace, ctx)
    match = similar.decide(scores, toks)
    if match is not None and match.category in bereavement.NOT_A_LOSS and bereavement.loss_told(toks):
        # "my friend lost her baby" is not "my friend said she was raped": a loss told is grief
        if trace is not None:
            trace.append({"kind": "similar", "status": "a loss told (bereavement)",
                          "exemplar": (match.exemplar_id, match.exemplar)})
        return NO_RISK
    if match is not None and _has_exception(rules, toks):
        # a keyword trap ("took loads of pictures at the wedding") overrules a guess from likeness, as it does a rule
        if trace is not None:
            trace.append({"kind": "similar", "status": "an idiom or keyword-trap exception matched"})
        return NO_RISK
    if trace is not None:
        groups = similar.groups
        trace.append({
            "kind": "similar",
            "status": f"tier {match.tier}" if match else "below the thresholds",
            "risk": (groups[scores.risk_group] if scores.risk_group >= 0 else None, scores.risk),
            "benign": (groups[scores.benign_group] if scores.benign_group >= 0 else None,
                       scores.benign),
            "margin": round(scores.margin, 6),
            "exemplar": (match.exemplar_id, match.exemplar) if match else None,
        })
    if match is None:
        return _learned(rules, toks, trace, ctx)
    cat = rules.categories[match.category]
    length = len(" ".join(toks))
    hit = RuleHit(f"similar:{match.exemplar_id}", match.category, match.tier, (0, length),
                  match.exemplar)
    return Assessment(match.tier, match.category, cat.resources, False, (hit,),
                      cat.consent_note and match.tier != 1)


class _Context(NamedTuple):
    """What the learned model needs besides the tokens: the raw text (is it a question?), the model, what the
    assessment read already (present.py's parts of a message that names a means; the signal and pseudo
    matches, when the rules' second group was read), so that it is not read again."""

    text: str
    model: learned.Model | None
    parts: Sequence[present.Part] = ()
    signals: dict[str, list[tuple[int, int, frozenset[str]]]] | None = None
    pseudo: set[int] | None = None
    first_group: int = 0
    """1 when the rules' first group of candidates (`RuleSet.candidates`) matched at no word: its signals
    need no second look (`_signal_matches`)."""


URGENT_SIGNALS = frozenset(("time_now", "intent", "decided", "act_begun", "take_it_soon", "go_soon", "near",
                            "jump_intent", "heading_place", "means_held", "place_near", "threat_me", "armed"))
"""Signals that, beside a learned risk score, make it a takeover: a time, an act begun, a means at hand."""
MODEL_MIN_WORDS = 4
"""Shorter messages are left to the rules and the flow: "not from myself" answers a question, it does not
disclose (no held-out catch of the cross-validation had fewer words)."""
NOT_FOR_THE_MODEL = frozenset(("answer_safe", "loss_told"))
"""Signals that keep the model quiet: a reader saying they are safe, a death told as a loss."""


def model_inputs(rules: RuleSet, toks: Sequence[str], text: str) -> tuple[frozenset[str], tuple[str, ...], bool]:
    """The signals of rules.yaml that fired (not negated), the present.py parts that fired in a message that
    names a means (``present.means_parts``), and whether the message asks: the model's inputs besides the
    words (scripts/train_safety_model.py reads them too; ``_learned`` reuses what the assessment read)."""
    return _model_signals(rules, toks), _part_names(present.means_parts(toks)), is_question(text)


def _model_signals(rules: RuleSet, toks: Sequence[str],
                   signals: dict[str, list[tuple[int, int, frozenset[str]]]] | None = None,
                   pseudo: set[int] | None = None, first_group: int = 0) -> frozenset[str]:
    """The signals that fired, not negated: from the matches the rules found (*signals*, *pseudo*), or read
    (from the candidates' *first_group* on: 1 when the first matched at no word)."""
    if signals is None or pseudo is None:
        signals, pseudo = _signal_matches(rules, toks, first_group=first_group)
    return _not_negated(rules, toks, signals, pseudo)


def _signal_matches(rules: RuleSet, toks: Sequence[str], names: Collection[str] | None = None,
                    first_group: int = 0) -> tuple[dict[str, list[tuple[int, int, frozenset[str]]]], set[int]]:
    """Where the signals (only *names*, if given) match, by name, and the tokens pseudo-negations cover; from
    the candidates' *first_group* on (1: the first is known to match nowhere in *toks*, as `_assess_rules`
    found, so reading it again finds nothing)."""
    n = len(toks)
    signals: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
    pseudo: set[int] = set()
    for i, tok in enumerate(toks):
        if tok in BOUNDARIES:
            continue
        for group in rules.candidates(tok)[first_group:2]:
            for p in group:
                kind = p[P_KIND]
                if kind == PSEUDO or (kind == SIGNAL and (names is None or p[P_OWNER] in names)):
                    span = _match(p, toks, i, n)
                    if span is None:
                        continue
                    if kind == PSEUDO:
                        pseudo.update(range(*span))
                    else:
                        signals.setdefault(p[P_OWNER], []).append((span[0], span[1], p[P_VOCAB]))
    return signals, pseudo


def _not_negated(rules: RuleSet, toks: Sequence[str], signals: dict[str, list[tuple[int, int, frozenset[str]]]],
                 pseudo: set[int]) -> frozenset[str]:
    """The names among *signals* with a match no negator reaches."""
    return frozenset(name for name, spans in signals.items()
                     if any(not _negated(rules, toks, s, e, vocab, pseudo) for s, e, vocab in spans))


def _part_names(parts: Sequence[present.Part]) -> tuple[str, ...]:
    return tuple(sorted({p.name for p in parts}))


PERSON_PARTS = frozenset(("here", "there", "threat", "armed", "attack", "gun_ready"))
"""Parts of present.py that say another person is here or acting: urgent only for danger from someone else."""


def urgency(signals: frozenset[str], parts: Sequence[str]) -> tuple[bool, bool]:
    """Does the message say a time, an act begun or a means at hand (a signal of rules.yaml) or an effect on
    the body (urgent for anyone); does it say another person is here or acting (urgent when the danger is
    from someone)? Present.py's other parts (taken, an amount, held...) are too common alone to make a
    takeover of a learned guess: "i was drunk" is taken."""
    urgent = bool(signals & URGENT_SIGNALS)
    if not urgent and parts:  # (parts come from a lexicon decoded already)
        kinds = present.default_lexicon().kinds
        urgent = any(kinds.get(p) == "effect" for p in parts)
    return urgent, any(p in PERSON_PARTS for p in parts)


def _learned(rules: RuleSet, toks: Sequence[str], trace: list[dict] | None, ctx: "_Context | None") -> Assessment:
    """The learned model's opinion (model.py), for a message the rules and the similarity check left quiet."""
    if ctx is None or ctx.model is None:
        return NO_RISK
    model = ctx.model
    rest = _outside_exceptions(rules, toks)
    if sum(1 for t in rest if t not in BOUNDARIES) < MODEL_MIN_WORDS:
        if trace is not None:
            status = "what no exception covers is" if len(rest) < len(toks) else "not asked"
            trace.append({"kind": "model", "status": f"{status} (under {MODEL_MIN_WORDS} words)"})
        return NO_RISK
    if len(rest) < len(toks):  # the words an exception covers are its own ("jumping off the diving board")
        signals = _model_signals(rules, rest)
        parts = _part_names(present.means_parts(rest))
        if trace is not None:
            trace.append({"kind": "model", "status": "reads what no exception covers", "text": " ".join(rest)})
        toks = rest
    else:
        signals = _model_signals(rules, toks, ctx.signals, ctx.pseudo, ctx.first_group)
        parts = _part_names(ctx.parts)
    question = is_question(ctx.text)
    guard = signals & NOT_FOR_THE_MODEL
    if guard:
        if trace is not None:
            trace.append({"kind": "model", "status": f"not asked ({', '.join(sorted(guard))})"})
        return NO_RISK
    urgent, person_near = urgency(signals, parts)
    risk, other = model.probabilities_of(toks, signals, parts, question)
    verdict = learned.decide(model, risk, other, question, urgent, person_near)
    if verdict.tier or trace is not None:  # name what it saw (guide explain, the hit's text): not paid on every message
        f = learned.features(toks, signals, parts, question, model.bits, model.dims, readable=True)
        verdict = verdict._replace(top=model.top(f))
    if trace is not None:
        trace.append({"kind": "model", "status": f"tier {verdict.tier}" if verdict.tier else "below the thresholds",
                      "risk": round(verdict.risk, 4), "other": round(verdict.other, 4), "urgent": urgent,
                      "top": verdict.top})
    if not verdict.tier or verdict.category not in rules.categories:
        return NO_RISK
    cat = rules.categories[verdict.category]
    top = ", ".join(f"{name} {weight:+.2f}" for name, weight in verdict.top[:4])
    hit = RuleHit(f"model:{verdict.risk:.2f}", verdict.category, verdict.tier, (0, len(" ".join(toks))),
                  f"risk {verdict.risk:.2f}; most weight: {top}" if top else f"risk {verdict.risk:.2f}")
    return Assessment(verdict.tier, verdict.category, cat.resources, False, (hit,),
                      cat.consent_note and verdict.tier != 1)


class ModelReading(NamedTuple):
    """What the learned model reads in a message (``model_scores``)."""

    risk: float  # the risk model's probability
    other: float  # the other-person model's probability
    urgent: bool  # a time, an act begun, a means at hand, an effect on the body (``urgency``)
    near: bool  # another person here or acting, or the reader at the place (present.py's PERSON_PARTS)


def model_scores(text: str) -> ModelReading | None:
    """The learned model's reading of a message, under the guards of ``_learned`` (at least MODEL_MIN_WORDS
    words no exception pattern covers, no NOT_FOR_THE_MODEL signal in them); None when it would not be asked, or
    when it is off. ``assess`` asks it only where the rules decided nothing; the flow asks it about a calm statement
    that got no safety reply (to watch the next message) and about a follow-up after a disclosure (flow.py)."""
    model = learned.default_model()
    rules = default_rules()
    toks = _outside_exceptions(rules, rules.normalizer.tokens(text))
    if model is None or sum(1 for t in toks if t not in BOUNDARIES) < MODEL_MIN_WORDS:
        return None
    signals, parts, question = model_inputs(rules, toks, text)
    if signals & NOT_FOR_THE_MODEL:
        return None
    risk, other = model.probabilities_of(toks, signals, parts, question)
    return ModelReading(risk, other, *urgency(signals, parts))


def has_exception(text: str) -> bool:
    """Does an exception pattern of the rules (an idiom, a keyword trap: "a knife out to carve the turkey")
    match anywhere in the message? (The flow's second look stands down then, as the model does.)"""
    rules = default_rules()
    return _has_exception(rules, rules.normalizer.tokens(text))


def _outside_exceptions(rules: RuleSet, toks: list[str]) -> list[str]:
    """The tokens no exception pattern covers (all of *toks*, the same list, when none matches): an exception
    excuses its own words, not risk told beside them ("jumping off the top of the diving board at the quarry
    tonight to end it": the model reads "at the quarry tonight to end it"; round 20)."""
    covered = {j for span in _exception_spans(rules, toks) for j in range(*span)}
    return [t for j, t in enumerate(toks) if j not in covered] if covered else toks


def _has_exception(rules: RuleSet, toks: Sequence[str]) -> bool:
    """Does an exception pattern (an idiom, a keyword trap) match anywhere in the message?"""
    return next(_exception_spans(rules, toks), None) is not None


def _exception_spans(rules: RuleSet, toks: Sequence[str]) -> Iterator[tuple[int, int]]:
    """The token spans the rules' exception patterns match, in the order of the tokens they start at."""
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok in BOUNDARIES:
            continue
        for p in rules.candidates(tok)[1]:
            if p[P_KIND] == EXCEPTION:
                span = _match(p, toks, i, n)
                if span is not None:
                    yield span


_QUESTION_STARTS = frozenset([
    "what", "whats", "does", "do", "did", "is", "are", "was", "were", "how", "why", "can", "could", "would",
    "should", "which", "where", "who", "when", "any", "tell", "explain",
])


_CLAUSE_OPENERS = frozenset(["and", "so", "but", "also", "ok", "okay", "well", "anyway", "anyways", "then", "oh",
                             "um", "uh", "hmm", "btw", "plus", "now", "like", "honestly", "quick", "question", "q",
                             "qq"])


def is_question(text: str) -> bool:
    """A question (in any clause), not a statement that happens to name the article. Each clause
    is read up to its first word that is not a clause opener ("so", "ok"): a pasted page without
    punctuation is one clause, and splitting all of it into words took half a second."""
    if "?" in text:
        return True
    for clause in re.split(r"[,.;:!\n]+", text.lower().replace("’", "'")):
        for match in re.finditer(r"\S+", clause):
            word = match[0].strip("\"'()")
            if word not in _CLAUSE_OPENERS:
                if word.split("'")[0] in _QUESTION_STARTS and not _WE_ARE.match(clause, match.start()):
                    return True
                break
    return False


_WE_ARE = re.compile(r"were\s+(?:at|in|home|safe|ok|okay|fine|alright|going|gonna|staying|back|out|off|all|both|just|"
                     r"still|not|now|together|with|leaving|done|good|headed|heading|on\s+our)\b")
"""Round 22: "were at my grans now" is "we're" without its apostrophe, a statement, not "were ...?"."""


def _assess(text: str, rules: RuleSet, trace: list[dict] | None,
            similar: SimilarIndex | None = None, model: "learned.Model | None" = None) -> Assessment:
    """The rules' assessment (or the similarity check's, or the learned model's), and present danger found
    by its parts."""
    toks = rules.normalizer.tokens(text)
    parts = present.means_parts(toks)
    result = _assess_rules(text, toks, rules, trace, similar, _Context(text, model, parts))
    found = present.find(toks, parts=parts)
    if found is None or found.category not in rules.categories:  # (a rule set of a test may lack it)
        return result
    if _asks_about_the_world(text, toks, found, parts):
        if trace is not None:
            trace.append({"kind": "present", "owner": f"present:{found.means}", "category": found.category,
                          "tokens": (found.start, found.end), "parts": found.describe(),
                          "status": "dropped: the world, naming no one"})
        return result
    if _excepted(rules, toks, found):
        if trace is not None:
            trace.append({"kind": "present", "owner": f"present:{found.means}", "category": found.category,
                          "tokens": (found.start, found.end), "parts": found.describe(),
                          "status": "dropped: inside an exception"})
        return result
    return _with_present(rules, toks, result, found, trace)


def _asks_about_the_world(text: str, toks: Sequence[str], found: present.Present,
                          parts: Sequence[present.Part]) -> bool:
    """Is a danger to the reader from their own hands (a means that is `self_directed`) found in a question that
    names no one, the reader nor anyone else ("and cars coming out of side roads?", asked of a guide to cycling),
    or told only by traffic coming (present.yaml's `oncoming`), which places no one, in a message that names no
    one ("and cars coming out of side roads", round 21)? A reader in danger says who is there ("i'm on the road and
    cars are coming"); the world names no one. A follow-up to a disclosure is read in its light by the flow, not
    here."""
    lex = present.default_lexicon()
    if not lex.means[found.means].self_directed:
        return False
    said = {p.name for p in found.parts if p.kind != "means"}
    if not text.rstrip().endswith("?") and (said != {"oncoming"} or _placed(toks, parts)):
        return False
    if any(tok in lex.self_words or tok in _PERSONS for tok in toks):
        return False
    return not any(part.name == "others" for part in parts)  # (`present.means_parts`: a means is named)


def _placed(toks: Sequence[str], parts: Sequence[present.Part]) -> bool:
    """Does the message put someone on the way the traffic comes along ("on the motorway, lorries coming")?"""
    return any(part.kind == "means" and _PLACING.intersection(toks[max(0, part.start - 2):part.start])
               for part in parts)


_PLACING = frozenset(("on", "in", "across", "along", "onto", "between", "into"))
"""Words before a road or a line that put someone on it."""

_PERSONS = frozenset(("you", "u", "ya", "he", "she", "they", "we", "him", "her", "them", "us", "his", "their", "our",
                      "someone", "somebody", "anyone", "anybody", "everyone", "nobody"))
"""Who a message may name besides the reader's own words (present.yaml's self_words) and its people ("others")."""


def _excepted(rules: RuleSet, toks: Sequence[str], found: present.Present) -> bool:
    """Does a part that completes the means (the threat, the act, the place: not the means itself) lie inside
    an exception of the rules? "she fell and hit her head on the stairs" is a fall (the exception a fall and the
    head it hit), not a blow from "she", as it is for the rules' own hits."""
    said = [(p.start, p.end) for p in found.parts if p.kind != "means"]
    return any(s < end and start < e for start, end in _exception_spans(rules, toks) for s, e in said)


def _with_present(rules: RuleSet, toks: Sequence[str], result: Assessment, found: present.Present,
                  trace: list[dict] | None) -> Assessment:
    """Present danger found by its parts (present.py) is tier 1, emergency number first: it raises what
    the rules decided (the rules' immediate-danger category, when they found one, is kept)."""
    offsets = _offsets(toks)
    hit = RuleHit(f"present:{found.means}", found.category, 1,
                  (offsets[found.start], offsets[found.end] - 1), found.describe())
    if trace is not None:
        trace.append({"kind": "present", "owner": f"present:{found.means}", "category": found.category,
                      "tokens": (found.start, found.end), "parts": found.describe()})
    if result.tier == 1 and result.category in _IMMEDIATE:
        return result._replace(hits=(*result.hits, hit))
    ordered = list(rules.categories[found.category].resources)
    ordered += [r for r in result.resources_first if r not in ordered]
    return Assessment(1, found.category, tuple(ordered), False, (*result.hits, hit), False)


_IMMEDIATE = frozenset(("immediate_danger", "immediate_danger_dv", "medical_emergency"))


def _assess_rules(text: str, toks: list[str], rules: RuleSet, trace: list[dict] | None,
                  similar: SimilarIndex | None = None, ctx: _Context | None = None) -> Assessment:
    """The rules' assessment; when no rule pattern matches at all, the similarity check's."""
    n = len(toks)
    found: list[tuple[Pattern, int, int]] = []
    candidates = rules.candidates
    for group in (0, 1):  # rules first; exceptions and modifiers only if something matched
        for i, tok in enumerate(toks):
            if tok in BOUNDARIES:
                continue
            for p in candidates(tok)[group]:
                span = _match(p, toks, i, n)
                if span is not None:
                    found.append((p, span[0], span[1]))
        if not found:  # (after the first group: its signals matched nowhere either)
            return _similar(rules, similar, toks, trace, ctx._replace(first_group=1) if ctx is not None else None)

    exceptions: list[tuple[int, int]] = []
    pseudo: set[int] = set()
    signals: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
    rule_matches: list[tuple[Pattern, int, int]] = []
    for p, s, e in found:
        kind = p[P_KIND]
        if kind == RULE:
            rule_matches.append((p, s, e))
        elif kind == EXCEPTION:
            exceptions.append((s, e))
        elif kind == PSEUDO:
            pseudo.update(range(s, e))
        elif kind == SIGNAL:
            signals.setdefault(p[P_OWNER], []).append((s, e, p[P_VOCAB]))
        if trace is not None:
            trace.append({"kind": KIND_NAMES[kind], "owner": p[P_OWNER], "pattern": p[P_SOURCE],
                          "tokens": (s, e), "text": " ".join(toks[s:e])})
    if not rule_matches and not signals.keys() & rules.standalone_signals:
        # the similarity check gets a message no rule matched, unless an idiom exception
        # did: "this article is killing me" is the rules' call
        return NO_RISK if exceptions else _similar(rules, similar, toks, trace, _read(ctx, signals, pseudo))

    # signals that are themselves negated ("I'm not kidding") do not count
    live: dict[str, list[tuple[int, int]]] = {}
    for name, spans in signals.items():
        kept = [(s, e) for s, e, vocab in spans if not _negated(rules, toks, s, e, vocab, pseudo)]
        if kept:
            live[name] = kept

    # sentence segments: split at "." and at conjunctions ("and", "but", "so" ...)
    seg = [0] * n
    k = 0
    breakers = rules.breakers
    for j, tok in enumerate(toks):
        if tok == SENTENCE or tok in breakers:
            k += 1
        seg[j] = k

    past_segs = {seg[s] for s, _ in live.get("past_distant", ())}
    accident_segs = {seg[s] for s, _ in live.get("game_or_accident", ())}
    fiction = "fiction" in live
    present = "present" in live
    joke = "joke" in live
    question = is_question(text)
    meta = "meta" in live or ("meta_article" in live and question)
    self_frame = "self_frame" in live
    minimiser_starts = [s for s, _ in live.get("minimiser", ())]
    # a question that never brings in the reader or anyone of theirs ("my friend") asks about
    # others: history, fiction, the news; a third-party hit in it only earns the footer
    # ("does anyone *else* ..." brings the reader in)
    asked_about_others = _SELF_WORDS.isdisjoint(toks) and "else" not in toks and question
    # "...and I mean it literally": a figure of speech said to be meant, so the idiom
    # exceptions ("I'd rather die than...", "fall on my sword") no longer excuse a hit
    literal = "literal" in live
    # a death told as a loss, or a question about the words for it (bereavement.py)
    loss = bereavement.read(toks, question, live)

    cats = rules.categories
    hits: list[_Hit] = []
    negated: list[tuple[str, int, int]] = []
    footer = False
    seen: set[tuple[str, int, int]] = set()
    for p, s, e in rule_matches:
        rule = rules.rules[p[P_OWNER]]
        key = (rule.id, s, e)
        if key in seen:
            continue
        seen.add(key)
        status = ""
        if not literal and any(s < xe and xs < e for xs, xe in exceptions):
            status = "idiom exception"
        elif rule.negatable and _negated(rules, toks, s, e, p[P_VOCAB], pseudo):
            status = "negated"
        elif rule.tier == 0:
            status = "footer rule"
        elif rule.meta == "footer" and meta:
            status = "mention in a question about the topic"
        cat = cats[rule.category]
        tier, category, resources = rule.tier, rule.category, cat.resources
        if not status and cat.past != "keep" and seg[s] in past_segs:
            if cat.past == "tier2" or present:
                tier = 2
                if cat.past == "footer":
                    category, resources = "recurrence", cats["recurrence"].resources
            else:
                status = "past"
        if not status and joke and cat.joke == "footer":
            status = "joke"
        if not status and cat.accident == "footer" and seg[s] in accident_segs:
            status = "game or accident"
        if status:
            if trace is not None:
                trace.append({"kind": "decision", "owner": rule.id, "tokens": (s, e),
                              "status": status})
            if status != "idiom exception":
                footer = True
                hits.append(_Hit(rule.id, rule.category, rule.category, 0, s, e, ()))
                if status == "negated":
                    negated.append((f"negated:{rule.category}", s, e))
            continue
        if tier == 1 and joke and cat.joke == "tier2":
            tier = 2
        if tier == 1 and cat.minimiser == "tier2" and any(m >= e for m in minimiser_starts):
            tier = 2
        if (rule.person == "auto" and cat.person == "auto" and not self_frame
                and (_person(rules, toks, s, e)
                     or (asked_about_others and _asks_about_a_subject(toks, s)))):
            frame = ("someone in a story" if fiction and cat.fiction == "footer"  # "the main character is suicidal"
                     else "a question about others" if asked_about_others else "")
            if frame:  # "were they ready to die for independence": history, the news, people in general
                if trace is not None:
                    trace.append({"kind": "decision", "owner": rule.id, "tokens": (s, e), "status": frame})
                footer = True
                hits.append(_Hit(rule.id, rule.category, rule.category, 0, s, e, ()))
                continue
            category = "third_party"
            tier = 2
            resources = cat.third_party_resources or cats["third_party"].resources
        if loss is not None and loss.lowers(toks, rule.id, category, s, e):
            # "her brother killed himself last week", "should i say committed suicide": it names a death
            if trace is not None:
                trace.append({"kind": "decision", "owner": rule.id, "tokens": (s, e),
                              "status": "a death told as a loss (bereavement)"})
            footer = footer or loss.footer
            hits.append(_Hit(rule.id, rule.category, bereavement.CATEGORY, 0, s, e, ()))
            continue
        hits.append(_Hit(rule.id, rule.category, category, tier, s, e, resources))

    active = [h for h in hits if h.tier]
    present_names = ({h.base for h in active} | {h.category for h in active} | set(live)
                     | {name for name, _, _ in negated})
    own_names = ({h.base for h in active if h.category != "third_party"} | set(live)
                 | {name for name, _, _ in negated})
    for combo in rules.combos:
        names = own_names if combo.own else present_names
        if all(entry & names for entry in combo.when) and not combo.unless & live.keys():
            first = combo.when[0]
            spans = [(h.start, h.end) for h in active if (h.base in first or h.category in first)
                     and not (combo.own and h.category == "third_party")]
            spans += [(a, b) for name, a, b in negated if name in first]
            spans += [sp for name in first if name in live for sp in live[name]]
            s = min(sp[0] for sp in spans)
            e = max(sp[1] for sp in spans)
            cat = cats[combo.category]
            hit = _Hit(combo.id, combo.category, combo.category, combo.tier, s, e, cat.resources)
            hits.append(hit)
            active.append(hit)

    consent = "consent_topic" in live or any(
        cats[h.base].consent_note or cats[h.category].consent_note for h in active)

    offsets = _offsets(toks)
    rule_hits = tuple(
        RuleHit(h.rule, h.category, h.tier, (offsets[h.start], offsets[h.end] - 1),
                " ".join(toks[h.start:h.end]))
        for h in hits
    )
    if not active:
        if not rule_matches and not exceptions and not footer and not consent:
            return _similar(rules, similar, toks, trace, _read(ctx, signals, pseudo))
        return Assessment(0, None, (), footer, rule_hits, consent)
    active.sort(key=lambda h: (h.tier, cats[h.category].priority))
    best = active[0]
    ordered: list[str] = []
    for h in active:
        for r in h.resources:
            if r not in ordered:
                ordered.append(r)
    return Assessment(best.tier, best.category, tuple(ordered), False, rule_hits,
                      consent and best.tier != 1)


def _read(ctx: _Context | None, signals: dict[str, list[tuple[int, int, frozenset[str]]]],
          pseudo: set[int]) -> _Context | None:
    """The context with the signal and pseudo matches the rules found (both groups were read)."""
    return ctx._replace(signals=signals, pseudo=pseudo) if ctx is not None else None


def _offsets(toks: Sequence[str]) -> list[int]:
    """Character offset of each token in " ".join(toks), plus the end."""
    out = [0] * (len(toks) + 1)
    pos = 0
    for j, tok in enumerate(toks):
        out[j] = pos
        pos += len(tok) + 1
    out[len(toks)] = pos
    return out
