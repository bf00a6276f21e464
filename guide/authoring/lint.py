"""`guide lint`: phrasings the matcher confuses, and nodes that typos lose.

Two checks, both run through the real matcher (`Index.rank` and `decide`):

**Leave-one-out collisions.** Each phrasing is matched against an index built *without
it*, as if a reader had typed it and the author had never written it down. If it then
lands on another node, or its own node wins by less than the guide's margin (readers get
"Did you mean"), the two nodes are confusable there. Building one index per phrasing
would take minutes on a large guide, so the phrasings are left out in folds: fold *k*
holds the *k*-th phrasing of every intent. With as many folds as the longest intent has
phrasings (up to :data:`MAX_FOLDS`), every intent loses exactly the phrasing under test;
beyond that an intent loses every :data:`MAX_FOLDS`-th phrasing at once (a slightly
harsher test).

**Self-test.** Up to :data:`SELFTEST_PHRASINGS` phrasings of every intent are altered
the way readers alter them (one word dropped, two adjacent letters swapped, one letter
dropped) and matched against the full index. A variant that falls back, or whose
"Did you mean" does not offer the node, is lost; one that answers with another node
goes elsewhere. The variants are deterministic: the same guide gives the same report.

Follow-ups are checked in their node's context; a follow-up that goes to a node is not
confused with that node. Findings are warnings at the phrasing's file:line, with the
other node's closest phrasing and where it is.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from guide.about_the_guide import is_greeting
from guide.authoring.phrasings import Phrasebook, short
from guide.conversation import Engine, intents_of
from guide.dialog.model import Example, Guide
from guide.matching.index import Candidate, Decision, Index, IntentSpec, Ranking
from guide.matching.normalize import FUNCTION_WORDS, MIN_REPAIR_LENGTH, tokenize
from guide.matching.stems import stem
from guide.problems import Problem, sort_problems

MAX_FOLDS = 20
"""Leave-one-out folds at most (one index build each)."""
FOLD_BUDGET = 150_000
"""Phrasings indexed over all folds, by default: a large guide gets fewer folds (at least 5)."""
PAIR_CODES = ("collision", "confusion", "close-call")
SELFTEST_PHRASINGS = 8
"""Phrasings per intent altered by the self-test (evenly spread over its list)."""


@dataclass(frozen=True)
class Finding:
    code: str  # collision | confusion | close-call | variant-lost | variant-elsewhere
    key: str  # the intent whose phrasing this is
    example: Example
    other: str  # the other intent ('' when none)
    other_example: str
    other_where: str
    own_score: float | None  # None: its own node is not among the ranking's candidates
    other_score: float
    variant: str = ""
    change: str = ""
    decision: str = ""
    reason: str = ""  # why the matcher decided as it did (`Decision.reason`), for a lost variant
    topicless: bool = False  # the variant has no topic word left: no score answers it
    repairs: tuple[tuple[str, str], ...] = ()  # how the matcher read the variant's words ("writen" as "write")


@dataclass
class LintReport:
    guide: Guide
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    phrasings: int = 0
    greetings: int = 0  # phrasings that are only a greeting: never left out (`is_greeting`)
    folds: int = 0
    variants: int = 0
    variant_results: Counter[str] = field(default_factory=Counter)  # found | asked | lost | elsewhere
    sections: list[tuple[str, list[Problem]]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def pairs(self) -> list[tuple[tuple[str, str], int]]:
        """Confused node pairs (by destination), most phrasings first."""
        book = Phrasebook(self.guide)
        counts: Counter[tuple[str, str]] = Counter()
        for f in self.findings:
            if f.code in PAIR_CODES and f.other:
                a, b = book.destination(f.key), book.destination(f.other)
                counts[(a, b) if a <= b else (b, a)] += 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def lint(engine: Engine, *, folds: int = 0, selftest: bool = True, jobs: int | None = None) -> LintReport:
    """Run both checks on the engine's guide. ``jobs``: processes for the folds (default: one
    per core for large guides, else one)."""
    start = time.perf_counter()
    guide = engine.guide
    report = LintReport(guide)
    book = Phrasebook(guide)
    leave_one_out(engine, book, report, folds, jobs)
    if selftest:
        phrasings = sum(len(info.examples) for info in book.intents.values())
        self_test(engine, book, report, jobs=_jobs(phrasings, os.cpu_count() or 1) if jobs is None else jobs)
    report.problems = sort_problems([_problem(f, book, engine) for f in report.findings])
    report.sections = _sections(report, book, engine)
    report.seconds = time.perf_counter() - start
    return report


_SEVERITY = {"collision": 0, "confusion": 1, "close-call": 2, "variant-elsewhere": 0, "variant-lost": 1}


def _sections(report: LintReport, book: Phrasebook, engine: Engine) -> list[tuple[str, list[Problem]]]:
    """Findings grouped for reading: one section per confused pair (worst first), then the self-test."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    misses: list[Finding] = []
    for f in report.findings:
        if f.code in PAIR_CODES and f.other:
            a, b = book.destination(f.key), book.destination(f.other)
            groups.setdefault((a, b) if a <= b else (b, a), []).append(f)
        else:
            misses.append(f)

    def order(f: Finding) -> tuple:
        return (_SEVERITY[f.code], f.example.pos.file, f.example.pos.line)

    sections = []
    for (a, b), found in sorted(groups.items(), key=lambda kv: (
            -sum(f.code == "collision" for f in kv[1]), -len(kv[1]), kv[0])):
        codes = Counter(f.code for f in found)
        parts = [f"{codes[c]} {name}" + ("s" * (c == "close-call" and codes[c] != 1))
                 for c, name in (("collision", "answered by the other"), ("confusion", "with the other first"),
                                 ("close-call", "close call")) if codes[c]]
        title = f"{a} ↔ {b}: {len(found)} phrasing{'s' * (len(found) != 1)} ({', '.join(parts)})"
        sections.append((title, [_problem(f, book, engine) for f in sorted(found, key=order)]))
    if misses:
        sections.append((f"self-test: {len(misses)} variant{'s miss their' if len(misses) != 1 else ' misses its'} "
                         "node",
                         [_problem(f, book, engine) for f in sorted(misses, key=order)]))
    return sections


# -- leave-one-out ----------------------------------------------------------------------------------

def _authored(guide: Guide, specs: list[IntentSpec]) -> list[int]:
    """How many of each intent's examples were written as phrasings (a node's title comes last)."""
    book = Phrasebook(guide)
    return [len(book[spec.key].examples) for spec in specs]


def leave_one_out(engine: Engine, book: Phrasebook, report: LintReport, max_folds: int = 0,
                  jobs: int | None = None) -> None:
    specs = intents_of(engine.guide)
    authored = _authored(engine.guide, specs)
    if max_folds <= 0:  # the default: exact up to MAX_FOLDS phrasings, within the budget
        max_folds = min(MAX_FOLDS, max(5, FOLD_BUDGET // max(1, sum(authored))))
    folds = min(max(authored, default=0), max(2, max_folds))  # one fold would leave everything out
    report.folds = folds
    jobs = _jobs(sum(authored), folds) if jobs is None else max(1, min(jobs, folds))
    if jobs > 1:
        import multiprocessing

        global _WORK
        _WORK = (engine, book, specs, authored, folds)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = pool.map(_fold_in_worker, range(folds))
        finally:
            _WORK = None
    else:
        results = [_run_fold(engine, book, specs, authored, folds, fold) for fold in range(folds)]
    for count, findings in results:
        report.phrasings += count
        report.findings.extend(findings)
    report.greetings = sum(is_greeting(text) for spec, count in zip(specs, authored, strict=True)
                           for text in spec.examples[:count])


PARALLEL_PHRASINGS = 3000
"""From this many phrasings, folds run in parallel processes (where `fork` exists)."""
_WORK: tuple | None = None


def _jobs(phrasings: int, folds: int) -> int:
    import os
    import sys

    if phrasings < PARALLEL_PHRASINGS or not sys.platform.startswith("linux"):
        return 1
    return max(1, min(os.cpu_count() or 1, folds, 8))


def _fold_in_worker(fold: int) -> tuple[int, list[Finding]]:
    assert _WORK is not None
    return _run_fold(*_WORK, fold)


def _run_fold(engine: Engine, book: Phrasebook, specs: list[IntentSpec], authored: list[int], folds: int,
              fold: int) -> tuple[int, list[Finding]]:
    """Build the index without fold ``fold`` and match each left-out phrasing against it."""
    kept: list[IntentSpec] = []
    held: list[tuple[IntentSpec, int]] = []
    for spec, count in zip(specs, authored, strict=True):
        examples = []
        for i, text in enumerate(spec.examples):
            if i < count and i % folds == fold and not is_greeting(text):
                held.append((spec, i))
            else:
                examples.append(text)
        if examples:
            kept.append(spec._replace(examples=tuple(examples)))
    if not held:
        return 0, []
    index = Index.build(kept, engine.guide.synonyms, engine.settings, *engine.index.list_nouns)
    findings = []
    for spec, i in held:
        example = book[spec.key].examples[i]
        ranking = index.rank(example.text, context=spec.context)
        finding = _judge_left_out(spec.key, example, ranking, index.decide(ranking), book, engine)
        if finding:
            findings.append(finding)
    return len(held), findings


def _rival(candidates: tuple[Candidate, ...], own: str, book: Phrasebook) -> Candidate | None:
    return next((c for c in candidates if book.destination(c.key) != own), None)


def _judge_left_out(key: str, example: Example, ranking: Ranking, decision: Decision, book: Phrasebook,
                    engine: Engine) -> Finding | None:
    if decision.kind == "fallback" or not ranking.candidates:
        return None  # nothing else is like it: unique, not confused
    own = book.destination(key)
    top = ranking.candidates[0]
    own_score = next((c.score for c in ranking.candidates if book.destination(c.key) == own), None)
    if book.destination(top.key) != own:
        code = "collision" if decision.kind == "answer" else "confusion"
        return Finding(code, key, example, top.key, top.example, book.where(top.key, top.example),
                       own_score, top.score, decision=decision.kind)
    rival = _rival(ranking.candidates, own, book)
    if rival is not None and top.score - rival.score < engine.settings.margin:
        return Finding("close-call", key, example, rival.key, rival.example, book.where(rival.key, rival.example),
                       top.score, rival.score, decision=decision.kind)
    return None


# -- self-test ---------------------------------------------------------------------------------------

def variants(text: str, keep: frozenset[int] = frozenset()) -> Iterator[tuple[str, str]]:
    """Deterministic reader-like variants of a phrasing: (variant, how it was made). The words at
    the positions in ``keep`` (those of a synonym phrase, `synonym_words`) are left as they are."""
    words = text.split()
    free = [i for i in range(len(words)) if i not in keep]
    if len(words) >= 3 and free:
        middle = min(free, key=lambda i: (abs(i - len(words) // 2), i))  # the middle word, or the nearest free one
        yield " ".join(words[:middle] + words[middle + 1:]), f"without the word '{words[middle]}'"
    candidates = [i for i in free if sum(ch.isalpha() for ch in words[i]) >= 4]
    if not candidates:
        return
    position = max(candidates, key=lambda i: (len(_bare(words[i])), -i))  # the first of the longest words
    lead, longest, trail = _split_punctuation(words[position])  # the slips are made in the bare word
    mid = len(longest) // 2
    for a in (mid - 1, mid, mid - 2):
        if 0 <= a < len(longest) - 1 and longest[a] != longest[a + 1] and longest[a].isalpha() \
                and longest[a + 1].isalpha():
            swapped = longest[:a] + longest[a + 1] + longest[a] + longest[a + 2:]
            yield _replace_word(words, position, lead + swapped + trail), f"'{longest}' typed '{swapped}'"
            break
    if len(longest) >= 5:
        dropped = longest[:mid] + longest[mid + 1:]
        yield _replace_word(words, position, lead + dropped + trail), f"'{longest}' typed '{dropped}'"


_PUNCTUATION = "?!.,;:\"'()[]"


def _bare(word: str) -> str:
    """A word without the punctuation typed beside it ("size?" is 'size')."""
    return _split_punctuation(word)[1]


def _split_punctuation(word: str) -> tuple[str, str, str]:
    """(punctuation before, the bare word, punctuation after): "(size?)" is ("(", "size", "?)"); a word of
    punctuation only is its own bare word."""
    bare = word.strip(_PUNCTUATION)
    if not bare:
        return "", word, ""
    start = len(word) - len(word.lstrip(_PUNCTUATION))
    return word[:start], bare, word[start + len(bare):]


def synonym_words(text: str, synonyms: Mapping[str, Sequence[str]]) -> frozenset[int]:
    """The positions of the words of ``text`` (split on spaces) that are part of a phrase of several
    words in a synonym group ("cheer him up", "snapped at me"): the matcher reads the phrase as a
    whole, so a slip inside it tests the synonym list, not the node."""
    phrases = {tuple(stem(word) for word in tokenize(phrase))
               for key, group in synonyms.items() for phrase in (key, *group)}
    phrases = {phrase for phrase in phrases if len(phrase) >= 2}
    if not phrases:
        return frozenset()
    words = [tuple(stem(token) for token in tokenize(word)) for word in text.split()]
    flat = [(position, token) for position, tokens in enumerate(words) for token in tokens]
    kept: set[int] = set()
    for phrase in phrases:
        for start in range(len(flat) - len(phrase) + 1):
            if tuple(token for _, token in flat[start:start + len(phrase)]) == phrase:
                kept.update(position for position, _ in flat[start:start + len(phrase)])
    return frozenset(kept)


def _replace_word(words: list[str], position: int, word: str) -> str:
    return " ".join([*words[:position], word, *words[position + 1:]])


def _spread(examples: tuple[Example, ...], limit: int) -> list[Example]:
    if len(examples) <= limit:
        return list(examples)
    step = len(examples) / limit
    return [examples[int(i * step)] for i in range(limit)]


def self_test(engine: Engine, book: Phrasebook, report: LintReport, per_intent: int = SELFTEST_PHRASINGS,
              jobs: int = 1) -> None:
    """Match reader-like variants of each intent's phrasings against the full index. With ``jobs``
    above 1, runs of intents go to as many processes; their results are put together in the
    intents' order, so the report is the same as with one."""
    keys = [key for key, info in book.intents.items() if info.examples]
    if jobs > 1 and len(keys) > 1:
        import multiprocessing

        size = -(-len(keys) // (jobs * 4))  # a few runs per process: one slow run does not hold the rest
        runs = [keys[start:start + size] for start in range(0, len(keys), size)]
        global _WORK
        _WORK = (engine, book, report.guide, per_intent)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = pool.map(_variants_in_worker, runs)
        finally:
            _WORK = None
    else:
        results = [_test_variants(engine, book, report.guide, keys, per_intent)]
    for count, outcomes, findings in results:
        report.variants += count
        report.variant_results.update(outcomes)
        report.findings.extend(findings)


def _variants_in_worker(keys: list[str]) -> tuple[int, Counter[str], list[Finding]]:
    assert _WORK is not None
    return _test_variants(*_WORK[:3], keys, _WORK[3])


def _test_variants(engine: Engine, book: Phrasebook, guide: Guide, keys: Sequence[str],
                   per_intent: int) -> tuple[int, Counter[str], list[Finding]]:
    """The self-test of the intents ``keys``: (variants tried, their outcomes, the findings)."""
    index = engine.index
    count, outcomes, findings = 0, Counter[str](), []
    for key in keys:
        info = book[key]
        own = info.destination
        for example in _spread(info.examples, per_intent):
            for variant, change in variants(example.text, synonym_words(example.text, guide.synonyms)):
                count += 1
                ranking = index.rank(variant, context=info.context)
                decision = index.decide(ranking)
                dests = [book.destination(c.key) for c in decision.candidates]
                if decision.kind == "answer" and dests[0] == own:
                    outcomes["found"] += 1
                    continue
                if decision.kind == "clarify" and own in dests:
                    outcomes["asked"] += 1
                    continue
                if decision.kind == "answer":
                    outcomes["elsewhere"] += 1
                    top = decision.candidates[0]
                    findings.append(Finding(
                        "variant-elsewhere", info.key, example, top.key, top.example,
                        book.where(top.key, top.example), _score_of(ranking, own, book), top.score,
                        variant, change, decision.kind))
                    continue
                outcomes["lost"] += 1
                top = ranking.candidates[0] if ranking.candidates else None
                findings.append(Finding(
                    "variant-lost", info.key, example, top.key if top else "", top.example if top else "",
                    book.where(top.key, top.example) if top else "", _score_of(ranking, own, book),
                    top.score if top else 0.0, variant, change, decision.kind, decision.reason,
                    not ranking.content_words, ranking.normalized.repairs if ranking.normalized else ()))
    return count, outcomes, findings


def _score_of(ranking: Ranking, destination: str, book: Phrasebook) -> float:
    return next((c.score for c in ranking.candidates if book.destination(c.key) == destination), 0.0)


# -- reporting -------------------------------------------------------------------------------------

def _name(key: str, book: Phrasebook) -> str:
    return book[key].label if key in book.intents else f"'{key}'"


def _problem(f: Finding, book: Phrasebook, engine: Engine) -> Problem:
    pos = f.example.pos
    mine, other = _name(f.key, book), _name(f.other, book) if f.other else ""
    closest = ""
    titled = f.other_where.endswith(TITLE_MARK)  # the other node's title won: it is never left out
    if f.other_example:  # no place: not a phrasing, but the words that named a list item ("first lesson")
        closest = f"“{short(f.other_example, 50)}” " + (
            f"({f.other_where.removesuffix(TITLE_MARK)}): {TITLE_WON}" if titled else
            f"({f.other_where})" if f.other_where else
            "(read as naming an item of the source's numbered list: guide explain shows how)")
    closest_of = f"its title, {closest}" if titled else closest
    reword = "reword that title or this phrasing" if titled else "reword one of the two"
    follows = (book[f.key].context or "") if f.key in book.intents else ""
    if f.code in ("collision", "confusion") and follows and book.destination(f.other) == follows:
        leads = book.destination(f.key)
        message = (f"phrasing “{short(f.example.text, 50)}” of {mine} is answered by node '{follows}' itself "
                   f"when left out ({f.other_score:.2f}): right after '{follows}', readers asking like this "
                   f"stay on it instead of going on to '{leads}'")
        hint = ("a follow-up that leads to another node ranks above the node it follows only when its words "
                "match better, or when the node it leads to scores as high, not by likeness in meaning alone "
                "(docs/authoring.md, follow-ups): give it phrasings with words of where it leads "
                f"('{leads}'), or more phrasings like this one")
    elif f.code in ("collision", "confusion"):
        outcome = ("readers asking like this get its answer" if f.code == "collision"
                   else "readers asking like this get “Did you mean” with it first")
        own = (f"vs {f.own_score:.2f}" if f.own_score is not None
               else f"while {mine} itself is not among the first candidates ranked: its other phrasings "
                    "share too little with this one")
        message = (f"phrasing “{short(f.example.text, 50)}” of {mine} lands on {other} when left out "
                   f"({f.other_score:.2f} {own}): {outcome}")
        hint = (f"closest phrasing of {other}: {closest_of}{_pull(f, engine)}\n"
                f"{reword} with words only its own node uses, or move this phrasing there")
    elif f.code == "close-call":
        message = (f"phrasing “{short(f.example.text, 50)}” of {mine} barely beats {other} when left out "
                   f"({f.own_score:.2f} vs {f.other_score:.2f}, margin {engine.settings.margin:.2f}): "
                   "readers asking like this get “Did you mean”")
        hint = (f"closest phrasing of {other}: {closest_of}{_pull(f, engine)}\n"
                + ("make this phrasing and that title differ more" if titled else "make the two phrasings differ more")
                + ", or add phrasings that say what sets this node apart")
    elif f.code == "variant-elsewhere":
        message = (f"{mine} is not found through “{short(f.variant, 50)}” ({f.change}): "
                   f"{other} answers instead ({f.other_score:.2f})")
        hint = (f"{other} matched through {closest}\n"
                "add phrasings in the words readers use for this node, or reword the other phrasing")
    else:
        got = {"fallback": "the guide says it is not covered", "clarify": "“Did you mean” does not offer it"}
        message = (f"{mine} is lost through “{short(f.variant, 50)}” ({f.change}{_read_as(f.repairs, f.change)}): "
                   f"{got.get(f.decision, f.decision)}" + ("" if f"{f.other_score:.2f}" in f.reason
                                                           else f" (best {f.other_score:.2f})") + _because(f.reason))
        if f.topicless:
            hint = ("a message with no topic word of its own is not answered, whatever it scores (“what should i "
                    "do?”): give the node phrasings that name its topic in other words too, so that a reader "
                    "who leaves one out still names it")
        else:
            hint = ("add more phrasings like this one, so that one slip does not lose the node; "
                    "or a synonym in guide.yaml for a word readers misspell")
    return Problem(pos.file, pos.line, pos.col, "warning", message, hint, f.code)


TITLE_MARK = " (title)"
"""How `Phrasebook.where` marks a node's title."""
TITLE_WON = "a title is matched as one of its node's phrasings, and never left out"


def _read_as(repairs: tuple[tuple[str, str], ...], change: str) -> str:
    """How the matcher read a variant's slip, for a lost variant's message: a typo repaired into another word of
    the guide than the one meant ("writen" read as "write") is why it is lost; none repaired, why not (a short
    word is read as typed; a longer one had no word of the guide or of everyday English a likely slip away)."""
    if " typed " not in change:
        return ""  # a word left out, not a slip
    if not repairs:
        typed = change.rsplit(" typed ", 1)[-1].strip("'").strip("?!.,")
        if len(typed) < MIN_REPAIR_LENGTH:
            return f", not repaired: words under {MIN_REPAIR_LENGTH} letters are read as typed"
        return ", not repaired: no word a likely slip away"
    return ", " + ", ".join(f"read as “{new}”" if len(repairs) == 1 else f"“{old}” read as “{new}”"
                            for old, new in repairs)


def _because(reason: str) -> str:
    """A decision's reason as the end of a lint message ("" when there is none)."""
    reason = reason.strip().rstrip(".")
    return f": {reason[:1].lower()}{reason[1:]}" if reason else ""


def _pull(f: Finding, engine: Engine) -> str:
    """What draws the two phrasings together: the words they share, read as the matcher reads them
    (synonyms applied, inflections folded), or where else to look when they share none."""
    if not f.other_example:
        return ""
    shared = shared_words(engine, f.example.text, f.other_example)
    if shared:
        return "\nboth say " + ", ".join(shared)
    return (f"\nno word in common with it: `guide explain` on “{short(f.example.text, 40)}” shows what pulls "
            "(the node's other phrasings, its quotes, or likeness in meaning)")


def shared_words(engine: Engine, text: str, other: str) -> list[str]:
    """The content words of ``text`` that ``other`` says too, quoted as ``text`` spells them, in order; a
    word that meets through a synonym is shown with it: “fight” (= “argument”)."""
    normalizer = engine.index.normalizer

    def read(phrase: str) -> tuple[dict[str, str], dict[str, str]]:
        """Each content word's stem -> its first token (in order), and token -> the words typed for it."""
        normalized = normalizer.normalize(phrase)
        first: dict[str, str] = {}
        for token in normalized.tokens:
            if token not in FUNCTION_WORDS:
                first.setdefault(stem(token), token)
        return first, {new: old for old, new in normalized.synonyms}

    (mine, spelled), (theirs, _) = read(text), read(other)
    return [f"“{spelled[token]}” (= “{token}”)" if token in spelled else f"“{token}”"
            for key, token in mine.items() if key in theirs]


def followup_phrasings(guide: Guide) -> int:
    """The phrasings written under follow-ups (left out in their node's context)."""
    return sum(len(f.examples) for node in guide.nodes.values() for f in node.followups)


def greeting_phrasings(guide: Guide) -> int:
    """The phrasings (of nodes and follow-ups) that are only a greeting, which lint does not leave out."""
    return sum(is_greeting(e.text) for node in guide.nodes.values()
               for examples in (node.examples, *(f.examples for f in node.followups)) for e in examples)


def summary(report: LintReport) -> str:
    counts = Counter(f.code for f in report.findings)
    results = report.variant_results
    followups = sum(not is_greeting(e.text) for node in report.guide.nodes.values() for f in node.followups
                    for e in f.examples)  # (those left out)
    greetings = (f", nor {report.greetings} greeting{'s' * (report.greetings != 1)} (matched as readers type "
                 "them)") if report.greetings else ""
    return (f"{report.phrasings} phrasings left out ({report.phrasings - followups} of nodes, {followups} of "
            f"follow-ups in their node's context; titles are never left out but match as phrasings{greetings}; "
            f"{report.folds} folds): "
            f"{counts['collision']} answered by another node, {counts['confusion']} with another node first, "
            f"{counts['close-call']} close calls; "
            f"self-test: {report.variants} variants: {results['found']} answered, {results['asked']} asked "
            f"“Did you mean” with the node, {results['lost']} lost, {results['elsewhere']} went elsewhere; "
            f"in {report.seconds:.2f}s")


def to_json(shown: str, report: LintReport) -> dict[str, object]:
    return {
        "guide": shown,
        "phrasings": report.phrasings,
        "phrasings_of_followups": followup_phrasings(report.guide),
        "greetings": report.greetings,
        "folds": report.folds,
        "variants": report.variants,
        "variant_results": dict(report.variant_results),
        "pairs": [{"nodes": list(pair), "phrasings": n} for pair, n in report.pairs],
        "findings": [
            {"code": f.code, "intent": f.key, "phrasing": f.example.text,
             "where": f"{f.example.pos.file}:{f.example.pos.line}", "other": f.other or None,
             "other_phrasing": f.other_example or None, "other_where": f.other_where or None,
             "own_score": None if f.own_score is None else round(f.own_score, 4),
             "other_score": round(f.other_score, 4),
             "variant": f.variant or None, "change": f.change or None,
             "read_as": [list(pair) for pair in f.repairs] or None}
            for f in report.findings
        ],
        "problems": [p.to_dict() for p in report.problems],
        "seconds": round(report.seconds, 3),
    }
