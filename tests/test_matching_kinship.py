"""Kinship: a node that explains a question's words, its own or words close in meaning, answers
it below the thresholds when it leads clearly; a rare word no word of the node comes near keeps
the question from being answered so. The lead comes from the guide's own calibration."""

from __future__ import annotations

import pytest

import guide.matching.calibrate as calibrate_module
from guide.conversation import Engine, Session
from guide.dialog.loader import load_guide
from guide.explain import explain
from guide.matching.index import answer_understood
from guide.matching.kinship import KIN, NodeWords, kinship, node_words
from guide.paths import REPO_ROOT
from tests.conftest import engine_for

GRIEVING = REPO_ROOT / "benchmarks" / "data" / "article-g-grieving-friend"


def test_a_word_close_in_meaning_explains_a_question_word() -> None:
    found = kinship("long-haul", {"vanished": 2.0, "funeral": 1.0}, ("vanished",), NodeWords(("gone", "normal")))
    (word, closest, cosine), = found.kin
    assert (word, closest) == ("vanished", "gone") and cosine >= KIN
    assert found.orphans == ()
    assert found.share == pytest.approx(1 - 2.0 * (1 - cosine) / 3.0, abs=1e-3)


def test_a_rare_word_with_no_kin_in_the_node_is_an_orphan() -> None:
    found = kinship("tip", {"fence": 1.0, "broken": 1.0}, ("fence",), NodeWords(("gone", "normal", "listen")))
    assert found.orphans == ("fence",)
    assert found.share == pytest.approx(0.5)  # a word without kin explains nothing of it


def test_a_word_without_a_vector_is_an_orphan_and_function_words_are_never_compared() -> None:
    assert kinship("n", {"zxqvw": 1.0}, ("zxqvw",), NodeWords(("gone",))).orphans == ("zxqvw",)
    assert node_words(["what is the point", "gone zxqvw"]) == ("point", "gone")


@pytest.fixture(scope="module")
def grieving() -> Engine:
    return engine_for(GRIEVING)


def test_calibration_turns_kinship_on_for_a_guide_it_helps(grieving: Engine) -> None:
    assert grieving.settings.understood is not None


@pytest.mark.parametrize(("question", "node", "kin"), [
    ("it's her first xmas without him, what can i do", "long-haul", "'xmas' as 'christmas'"),
])
def test_a_question_the_node_explains_by_kin_is_answered_below_the_thresholds(
        grieving: Engine, question: str, node: str, kin: str) -> None:
    ranking = Session(grieving).rank(question)
    decision = grieving.index.decide(ranking)
    assert ranking.candidates[0].score < grieving.settings.clarify  # the thresholds alone decline it
    assert decision.kind == "answer" and grieving.node_of(decision.candidates[0].key) == node
    assert kin in decision.reason
    assert Session(grieving).respond(question).node == node


@pytest.mark.parametrize(("question", "orphans"), [
    ("how do i fix a broken garden fence", {"garden", "fence"}),
    ("how do i cancel his phone contract", {"contract"}),
])
def test_a_rare_word_the_node_has_no_kin_for_keeps_the_question_unanswered(
        grieving: Engine, question: str, orphans: set[str]) -> None:
    ranking = Session(grieving).rank(question)
    assert ranking.kinship is not None and orphans <= set(ranking.kinship.orphans)
    assert grieving.index.decide(ranking).kind == "fallback"
    assert Session(grieving).respond(question).kind == "fallback"


def test_without_the_calibrated_lead_the_rule_never_answers(grieving: Engine) -> None:
    ranking = Session(grieving).rank("it's her first xmas without him, what can i do")
    assert answer_understood(ranking, grieving.settings) is not None
    assert answer_understood(ranking, grieving.settings._replace(understood=None)) is None


def test_calibration_can_leave_kinship_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calibrate_module, "UNDERSTOOD_GRID", (None,))
    engine = Engine.build(load_guide(GRIEVING).guide)
    assert engine.settings.understood is None
    question = "it's her first xmas without him, what can i do"
    assert engine.index.decide(Session(engine).rank(question)).kind != "answer"


def test_explain_shows_the_kin_words_and_the_orphans(grieving: Engine) -> None:
    shown = explain(grieving, "how do i fix a broken garden fence").format()
    assert "kinship" in shown and "rare and without kin: 'garden', 'fence'" in shown
    answered = explain(grieving, "it's her first xmas without him, what can i do")
    assert "'xmas' ~ 'christmas'" in answered.format()
    data = answered.to_json()
    assert data["kinship"]["orphans"] == [] and data["settings"]["understood"] == grieving.settings.understood
