"""A long message whose first node leads the next clearly is answered a little below the clarify
threshold (`long_lead`): the thresholds are calibrated on short questions, and a story lowers every
score but keeps the lead."""

from __future__ import annotations

import copy

from guide.conversation import Engine, Session
from guide.dialog.loader import load_guide
from guide.explain import explain
from guide.matching.index import LONG_FLOOR, LONG_LEAD, LONG_WORDS, Candidate, MatchSettings, Ranking, decide_ranking
from guide.matching.normalize import Normalized
from guide.paths import REPO_ROOT

SETTINGS = MatchSettings(answer=0.36, clarify=0.35, margin=0.06)
TWELVE = "my dad feels like a burden to us all, how do i make him feel useful"
assert len(TWELVE.split()) >= LONG_WORDS


def _ranking(text: str, first: float, second: float) -> Ranking:
    candidates = (Candidate("tip-let-them-help", first, "asking dad for his advice makes him happy", False),
                  Candidate("guilt", second, "is it normal to feel relieved when i leave her", False))
    return Ranking(text, Normalized(text, tuple(text.split())), candidates, False, ("dad",), ("dad",))


def test_a_long_message_leading_clearly_below_clarify_is_answered() -> None:
    decision = decide_ranking(_ranking(TWELVE, 0.30, 0.30 / LONG_LEAD), SETTINGS)
    assert (decision.kind, decision.candidates[0].key) == ("answer", "tip-let-them-help")
    assert "the message is long" in decision.reason and "below the clarify threshold 0.35" in decision.reason


def test_a_short_message_a_small_lead_or_a_faint_score_is_not_enough() -> None:
    short = " ".join(TWELVE.split()[:LONG_WORDS - 1])
    assert decide_ranking(_ranking(short, 0.30, 0.18), SETTINGS).kind == "fallback"
    assert decide_ranking(_ranking(TWELVE, 0.30, 0.30 / LONG_LEAD + 0.01), SETTINGS).kind == "fallback"
    faint = round(LONG_FLOOR * SETTINGS.clarify - 0.01, 2)
    assert decide_ranking(_ranking(TWELVE, faint, faint / 3), SETTINGS).kind == "fallback"


def test_a_guide_answers_it_and_explain_says_why() -> None:
    """Guide J (development set): declined before the rule, its node 1.73x the next at 0.32 (clarify 0.35,
    the thresholds J calibrated when the rule was made; pinned, as calibration may move them)."""
    built = Engine.build(load_guide(REPO_ROOT / "benchmarks" / "data" / "article-j-parent-far-away").guide)
    settings = built.settings._replace(answer=0.36, clarify=0.35, margin=0.06, understood=1.5)
    index = copy.copy(built.index)
    index.settings = settings
    engine = Engine(built.guide, index, settings, built.followups, built.caveat_index, built.calibrated_on)
    question = "my dad feels like a burden, how do i make him feel usefull"
    reply = Session(engine).respond(question)
    assert (reply.kind, reply.node) == ("answer", "tip-let-them-help")
    shown = explain(engine, question).decision.reason
    assert "the message is long (13 words" in shown
