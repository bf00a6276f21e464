"""Consensus: a long message whose question and another of its sentences rank the same topic
first, each on its own, is about that topic, even when the whole block (diluted by the story)
ranks another or none clearly."""

from __future__ import annotations

import pytest

from guide.conversation import Engine
from guide.dialog.loader import load_guide
from guide.explain import explain
from guide.matching.index import Candidate, MatchSettings, Ranking, Reading, consensus, decide_ranking
from guide.matching.normalize import Normalized
from guide.paths import REPO_ROOT

GRIEVING = REPO_ROOT / "benchmarks" / "data" / "article-g-grieving-friend"
SETTINGS = MatchSettings(answer=0.28, clarify=0.27)


def _ranking(*readings: Reading, candidates: tuple[Candidate, ...] = ()) -> Ranking:
    text = " ".join(r.sentence for r in readings)
    return Ranking(text, Normalized((), (), ""), candidates, False, readings=readings)


STORY = Reading("i keep telling her to call me if she needs anything and she never does.", "practical-help",
                0.38, 1.4, False)
QUESTION = Reading("what am i supposed to do about it?", "practical-help", 0.05, 1.5, True, False)


def test_a_question_and_a_story_sentence_ranking_one_topic_first_answer_it() -> None:
    ranking = _ranking(STORY, QUESTION, candidates=(Candidate("different-grief", 0.18, "", False),
                                                    Candidate("practical-help", 0.17, "", False)))
    found = consensus(ranking, SETTINGS)
    assert found is not None
    candidate, supporting = found
    assert candidate.key == "practical-help" and candidate.score == 0.38
    assert supporting == [QUESTION, STORY]
    decision = decide_ranking(ranking, SETTINGS)
    assert decision.kind == "answer" and decision.candidates[0].key == "practical-help"
    assert decision.reason.startswith("Sentences of the message")


def test_a_question_alone_or_two_weak_leads_are_no_consensus() -> None:
    assert consensus(_ranking(QUESTION), SETTINGS) is None
    weak = STORY._replace(lead=1.1)
    assert consensus(_ranking(weak, QUESTION._replace(lead=1.1)), SETTINGS) is None  # 1.21x < 1.35 squared


def test_a_question_that_singles_out_another_topic_wins_over_the_story() -> None:
    other = Reading("should i just send a text instead?", "tip-no-reply", 0.37, 4.8, True)
    assert consensus(_ranking(STORY, QUESTION, other), SETTINGS) is None


def test_a_sentence_inside_the_question_read_with_it_does_not_count_twice() -> None:
    before = Reading("i felt awful all night.", "tip-never-too-late", 0.22, 1.6, False)
    question = Reading("i felt awful all night. was that a bad thing to say?", "tip-never-too-late", 0.21, 1.6, True)
    assert consensus(_ranking(before, question), SETTINGS) is None


def test_a_story_sentence_that_names_nothing_of_its_topic_does_not_count() -> None:
    assert consensus(_ranking(STORY._replace(named=False), QUESTION), SETTINGS) is None


def test_scores_near_nothing_are_no_consensus() -> None:
    faint = STORY._replace(score=0.05)
    assert consensus(_ranking(faint, QUESTION), SETTINGS) is None


@pytest.mark.parametrize(("message", "node"), [
    ("i have been holding my cousin up ever since her dad died in the autumn. i'm worn out and i feel guilty "
     "even admitting that. it is also stirring up stuff from when my own nan died. how do i look after myself "
     "without abandoning her?", "self-care"),
    ("so my flatmate's brother died three weeks ago. i keep telling her to call me if she needs anything but "
     "she never does. i want to help but she won't ask. what am i supposed to do?", "practical-help"),
])
def test_a_long_message_on_a_new_authors_guide_is_carried_by_its_sentences(message: str, node: str) -> None:
    engine = Engine.build(load_guide(GRIEVING).guide)
    ranking = engine.index.rank(message)
    decision = engine.index.decide(ranking)
    assert (decision.kind, decision.candidates[0].key) == ("answer", node)
    assert decision.reason.startswith("Sentences of the message")
    shown = explain(engine, message).format()
    assert "Sentences of the message" in shown and "← carried the answer" in shown
