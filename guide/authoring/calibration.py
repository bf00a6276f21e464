"""`guide calibrate`: how the thresholds of a guide are read off its own phrasings."""

from __future__ import annotations

from guide.authoring.lint import followup_phrasings, greeting_phrasings
from guide.conversation import Engine, intents_of, manifest_thresholds
from guide.matching.calibrate import (
    ANSWER_GRID,
    CLARIFY_FLOOR,
    FOLDS,
    MARGIN_GRID,
    MAX_PHRASINGS,
    OFF_TOPIC_ANSWERED,
    OFF_TOPIC_CLARIFIED,
    RESAMPLES,
    TARGET_WRONG,
    Calibration,
    Point,
    calibrate,
    off_topic_questions,
    within,
)
from guide.records import NamedTuple


def run(engine: Engine) -> Calibration:
    """The calibration of the engine's guide, measured again (also when the manifest sets all
    three thresholds, so an author can compare)."""
    guide = engine.guide
    return calibrate(intents_of(guide), guide.synonyms, engine.index.settings._replace(**_defaults()),
                     engine.index)


def _defaults() -> dict[str, float]:
    from guide.matching.index import MatchSettings

    base = MatchSettings()
    return {"answer": base.answer, "clarify": base.clarify, "margin": base.margin}


def report_lines(engine: Engine, calibration: Calibration, shown: str) -> list[str]:
    """The curve and the choice, as printed."""
    guide = engine.guide
    lines = [f"{shown}: {len(guide.nodes)} nodes; {calibration.phrasings} phrasings left out in {FOLDS} folds, "
             f"{calibration.off_topic} everyday off-topic questions", "  " + counted(engine, calibration)]
    if not calibration.curve:
        lines.append("too few phrasings to calibrate: the matcher's defaults apply "
                     f"(answer {calibration.settings.answer:.2f}, clarify {calibration.settings.clarify:.2f}, "
                     f"margin {calibration.settings.margin:.2f})")
        return lines
    lines.append("")
    lines.append("  answer  margin   answered right   answered wrong   not answered   off-topic answered   kinship")
    chosen = calibration.chosen
    for point in calibration.curve:
        if point == chosen:
            lines.append(_row(point, calibration, "  ← chosen"))
            continue
        lines.append(_row(point, calibration, "" if within_limits(point, calibration) else "  over a limit"))
        if chosen and point.answer == chosen.answer:  # the best here is over a limit: what was chosen instead
            lines.append(_row(chosen, calibration, "  ← chosen"))
    if chosen and all(p.answer != chosen.answer for p in calibration.curve):
        lines.append(_row(chosen, calibration, "  ← chosen"))
    lines.append(f"  (each row: the margin and kinship that answer the most at that threshold, of margins "
                 f"{MARGIN_GRID[0]:.2f} to {MARGIN_GRID[-1]:.2f})")
    if not all(within_limits(p, calibration) for p in calibration.curve):
        lines.append(f"  (over a limit: more than {TARGET_WRONG:.0%} of the phrasings answered wrongly or "
                     f"{OFF_TOPIC_ANSWERED:.0%} of the off-topic questions answered; the setting chosen at that "
                     "threshold, if any, follows it)")
    lines.append("  (kinship: the lead over the next topic from which a node that explains a question's words, "
                 "its own or words close in meaning, is answered below the thresholds; off: never)")
    lines.append("")
    s = calibration.settings
    if chosen:
        lines.append(f"chosen: answer {s.answer:.2f}, clarify {s.clarify:.2f}, margin {s.margin:.2f}, kinship "
                     f"{_lead(s.understood)}: the most "
                     f"phrasings answered rightly with at most {TARGET_WRONG:.0%} answered wrongly and "
                     f"{OFF_TOPIC_ANSWERED:.0%} of the off-topic questions answered; clarify is the score at most "
                     f"{OFF_TOPIC_CLARIFIED:.0%} of them reach, averaged over {RESAMPLES} resamples of them")
        lines.extend(_why_not_lower(calibration))
        lines.extend(_what_sets_clarify(engine, calibration))
    else:
        lines.append("no threshold keeps wrong answers that low: the defaults apply; the curve shows the trade-off")
    overrides = manifest_thresholds(guide)
    if overrides:
        lines.append("guide.yaml sets " + ", ".join(f"{k} {v:g}" for k, v in overrides.items()) +
                     ": those override the calibrated values")
    return lines


def within_limits(point: Point, calibration: Calibration) -> bool:
    """Whether calibration could choose ``point``: few enough wrong answers and off-topic questions
    answered (`guide.matching.calibrate`)."""
    return within(point, calibration.phrasings, calibration.off_topic)


def _row(point: Point, calibration: Calibration, mark: str) -> str:
    """A row of the curve as printed."""
    n = max(1, calibration.phrasings)
    return (f"   {point.answer:.2f}    {point.margin:.2f}   {point.right:5d} {100 * point.right / n:5.1f} %"
            f"   {point.wrong:5d} {100 * point.wrong / n:5.1f} %   {point.declined:5d} "
            f"{100 * point.declined / n:5.1f} %   {point.off_topic_answered:5d}"
            f"              {_lead(point.understood):>7s}{mark}")


class Counts(NamedTuple):
    """The phrasings a guide has, as the left-out checks count them."""

    nodes: int  # written under the nodes' `examples:` (titles are matched like phrasings, never left out)
    followups: int  # written under the follow-ups' `examples:`


def phrasing_counts(engine: Engine) -> Counts:
    guide = engine.guide
    return Counts(sum(len(node.examples) for node in guide.nodes.values()), followup_phrasings(guide))


def counted(engine: Engine, calibration: Calibration) -> str:
    """What the calibration's phrasing count is made of, next to `guide lint`'s."""
    counts = phrasing_counts(engine)
    greetings = greeting_phrasings(engine.guide)
    every = -(-counts.nodes // MAX_PHRASINGS)
    sample = f", every {_ordinal(every)} one" if every > 1 else ""
    return (f"(the nodes' phrasings: {calibration.phrasings} of {counts.nodes}{sample}; not the "
            f"{counts.followups} of follow-ups, which answer only right after their node, nor titles; "
            + (f"guide lint leaves out all {counts.nodes + counts.followups}, the follow-ups' too)" if not greetings
               else f"guide lint leaves out {counts.nodes + counts.followups - greetings}, the follow-ups' too, "
                    f"not the {greetings} greeting{'s' * (greetings != 1)})"))


def _lead(understood: float | None) -> str:
    """A kinship lead as printed (`MatchSettings.understood`)."""
    return f"{understood:g}x" if understood is not None else "off"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _why_not_lower(calibration: Calibration) -> list[str]:
    """What keeps the answer threshold from the next lower step of the grid."""
    chosen, s = calibration.chosen, calibration.settings
    lower = [a for a in ANSWER_GRID if chosen and a < chosen.answer]
    if not lower:
        return []
    below = [p for p in calibration.curve if p.answer == lower[-1]]
    if not below:
        same = ["answer and clarify are the same: a question scoring above them is answered when its topic "
                "leads by the margin, and gets “Did you mean” only when two topics are that close"] \
            if round(s.answer, 2) == round(s.clarify, 2) else []
        return [f"lower answer thresholds are not tried: below clarify ({s.clarify:.2f}) a question is not "
                "covered, whatever it scores", *same]
    n, off = max(1, calibration.phrasings), max(1, calibration.off_topic)
    point = below[0]
    return [f"at {point.answer:.2f}, the margin that answers the most ({point.margin:.2f}) answers "
            f"{point.wrong / n:.1%} of the phrasings wrongly and {point.off_topic_answered / off:.1%} of the "
            f"off-topic questions (at most {TARGET_WRONG:.0%} and {OFF_TOPIC_ANSWERED:.0%}); no margin there "
            "answers more rightly within both"]


class OffTopicScore(NamedTuple):
    """An everyday off-topic question and how far the guide takes it (`clarify_setters`)."""

    question: str
    node: str
    score: float
    example: str = ""  # the node's phrasing that scored best


SETTERS_SHOWN = 5


def clarify_setters(engine: Engine, calibration: Calibration) -> list[OffTopicScore]:
    """The everyday off-topic questions that score highest in the guide, best first: those at
    and above the calibrated `clarify` set it (it is the score at most OFF_TOPIC_CLARIFIED of
    them reach), and the rest show how close the next ones come. Empty when `clarify` sits at
    its floor or was not calibrated."""
    if calibration.chosen is None or calibration.settings.clarify <= CLARIFY_FLOOR:
        return []
    found = []
    for question in off_topic_questions():
        ranking = engine.index.rank(question)
        if ranking.candidates and not ranking.off_topic:
            top = ranking.candidates[0]
            found.append(OffTopicScore(question, top.key, top.score, top.example))
    found.sort(key=lambda item: (-item.score, item.question))
    return found[:max(SETTERS_SHOWN, first_below(found, calibration.settings.clarify) + 1)]


def first_below(setters: list[OffTopicScore], clarify: float) -> int:
    """The index of the highest-scoring off-topic question below `clarify` (those before it reach it)."""
    return sum(item.score >= clarify for item in setters)


def _what_sets_clarify(engine: Engine, calibration: Calibration) -> list[str]:
    """Which everyday questions hold `clarify` where it is, and what an author can do about it."""
    setters = clarify_setters(engine, calibration)
    if not setters:
        return []
    clarify = calibration.settings.clarify
    below = first_below(setters, clarify)
    width = max(len(item.node) for item in setters)
    lines = [f"clarify {clarify:.2f} is set by the everyday off-topic questions that score highest here: a hair above "
             f"the score {OFF_TOPIC_CLARIFIED:.0%} of them reach ({OFF_TOPIC_CLARIFIED * calibration.off_topic:.1f} "
             f"of {calibration.off_topic}), averaged over {RESAMPLES} resamples of them, so that one question more "
             "or less moves it a hair, not to the next question's score:"]
    lines.extend(f"   {item.score:.2f}  {item.node:<{width}}  “{item.question}”"
                 + ("  ← sets clarify" if n == below else "") for n, item in enumerate(setters))
    lines.append(_what_it_means(engine, setters[below], clarify))
    lines.append("  (clarify holds for every node: `guide explain PATH \"QUESTION\"` shows what such a question "
                 "matched;")
    lines.append("  `matching: clarify` in guide.yaml answers more of your readers and more off-topic questions "
                 "too: measure it with `guide eval` first)")
    return lines


def _what_it_means(engine: Engine, setter: OffTopicScore, clarify: float) -> str:
    """One line on why the question that sets `clarify` matters, and what the author can do."""
    from guide.authoring.lint import shared_words

    words = shared_words(engine, setter.question, setter.example) if setter.example else []
    through = (f"through {', '.join(words)} (its phrasing “{setter.example}”)" if words
               else f"by likeness in meaning (its phrasing “{setter.example}”)")
    return (f"  (what it means: your readers' questions that score under {clarify:.2f} on every node are told "
            f"the guide does not cover them; “{setter.question}” reaches '{setter.node}' {through}: phrasings of "
            "that node that name your article's own subject beside such everyday words take less of it, and "
            "clarify falls)")


def to_json(engine: Engine, calibration: Calibration, shown: str) -> dict[str, object]:
    s = calibration.settings
    counts = phrasing_counts(engine)
    return {
        "guide": shown,
        "phrasings": calibration.phrasings,
        "phrasings_of_nodes": counts.nodes,
        "phrasings_of_followups": counts.followups,
        "off_topic": calibration.off_topic,
        "calibrated": calibration.chosen is not None,
        "settings": {"answer": s.answer, "clarify": s.clarify, "margin": s.margin, "understood": s.understood},
        "manifest": manifest_thresholds(engine.guide),
        "in_use": {"answer": engine.settings.answer, "clarify": engine.settings.clarify,
                   "margin": engine.settings.margin, "understood": engine.settings.understood},
        "curve": [p._asdict() for p in calibration.curve],
        "clarify_set_by": [item._asdict() for item in clarify_setters(engine, calibration)],
    }
