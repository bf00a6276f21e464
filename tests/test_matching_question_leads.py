"""A long message's question that singles out a topic by two clear leads on its own carries the
message below the clarify threshold (`question_leads`), unless the story outweighs it; and the story
of a vague question that singles out its topic far ahead needs less score (`agreement_floor`)."""

from __future__ import annotations

import pytest

from guide.conversation import Engine
from guide.dialog.loader import load_guide
from guide.explain import explain
from guide.matching.index import (
    Candidate,
    MatchSettings,
    Ranking,
    Reading,
    agreement_floor,
    decide_ranking,
    question_leads,
)
from guide.matching.normalize import Normalized
from guide.paths import REPO_ROOT

GRIEVING = REPO_ROOT / "benchmarks" / "data" / "article-g-grieving-friend"
SETTINGS = MatchSettings(answer=0.28, clarify=0.27)
STORY = Reading("a few of us want to cook for a colleague whose wife died.", "first-days", 0.17, 1.4, False)
QUESTION = Reading("how do we organise the help better this time?", "practical-help", 0.22, 1.9, True)
CANDIDATES = (Candidate("practical-help", 0.22, "", False, part=QUESTION.sentence),
              Candidate("first-days", 0.17, "", False))


def _ranking(*readings: Reading, whole_lead: float = 1.1) -> Ranking:
    text = " ".join(r.sentence for r in readings)
    return Ranking(text, Normalized((), (), ""), CANDIDATES, False, whole_first="first-days",
                   whole_lead=whole_lead, readings=readings)


def test_a_question_leading_by_two_clear_leads_carries_the_message() -> None:
    decision = decide_ranking(_ranking(STORY, QUESTION), SETTINGS)
    assert (decision.kind, decision.candidates[0].key) == ("answer", "practical-help")
    assert decision.sentence == QUESTION.sentence and "on the question" in decision.reason


def test_one_clear_lead_or_a_faint_score_is_not_enough() -> None:
    assert question_leads(_ranking(STORY, QUESTION._replace(lead=1.7)), SETTINGS) is None
    assert question_leads(_ranking(STORY, QUESTION._replace(score=0.1)), SETTINGS) is None


def test_a_story_that_singles_out_the_whole_messages_topic_by_more_outweighs_it() -> None:
    assert question_leads(_ranking(STORY, QUESTION, whole_lead=1.4), SETTINGS) is None  # 1.4 x 1.4 >= 1.9


def test_a_vague_question_read_with_the_sentence_before_it_is_left_to_the_story() -> None:
    """ "we moved out 6 weeks ago. what can i do?" is not a question of its own: its lead is the story's."""
    before = "we moved out of the flat six weeks ago."
    read_with = Reading(f"{before} what can i do?", "practical-help", 0.22, 3.0, True)
    ranking = Ranking(f"{before} what can i do?", Normalized((), (), ""), CANDIDATES, False,
                      whole_first="practical-help", whole_lead=1.1, readings=(read_with,))
    assert question_leads(ranking, SETTINGS) is None


def test_a_question_that_names_nothing_of_its_topic_does_not_carry() -> None:
    assert question_leads(_ranking(STORY, QUESTION._replace(named=False)), SETTINGS) is None


def test_explain_shows_the_question_that_carried_it() -> None:
    engine = Engine.build(load_guide(GRIEVING).guide)
    message = ("A few of us at work want to cook for a colleague whose wife died last month. Everybody turned up "
               "with lasagne the first week and then it stopped. How do we organise the help better this time?")
    report = explain(engine, message)
    assert (report.decision.kind, report.decision.candidates[0].key) == ("answer", "practical-help")
    assert "on the question" in report.decision.reason
    carried = [line for line in report.format().splitlines() if "carried the answer" in line]
    assert len(carried) == 1 and "asks" in carried[0] and "organise the help" in carried[0]


CHICKENS = REPO_ROOT / "benchmarks" / "data" / "article-f-backyard-chickens"
PEELINGS = Reading("grandad always threw his hens the potato peelings.", "feeding", 0.08, 7.0, False)


def _vague_ranking(question: Reading, whole_lead: float = 3.0) -> Ranking:
    text = f"{PEELINGS.sentence} {question.sentence}"
    return Ranking(text, Normalized((), (), ""), (Candidate("feeding", 0.07, "", False),), False,
                   whole_first="feeding", whole_lead=whole_lead, readings=(PEELINGS, question))


def test_a_vague_questions_story_needs_less_score_the_further_it_leads() -> None:
    vague = Reading(f"{PEELINGS.sentence} is that still ok?", "tip-retirement", 0.09, 10.0, True)
    floor = SETTINGS.clarify * 0.5
    # the sentence's lead counted up to COUNTED_LEAD (3): its 7.0 as 3
    assert agreement_floor(_vague_ranking(vague), PEELINGS, SETTINGS) == pytest.approx(floor * (1.35 ** 2 / 9) ** 0.5)
    assert agreement_floor(_vague_ranking(vague, whole_lead=1.5), PEELINGS._replace(lead=2.0), SETTINGS) \
        == pytest.approx(floor * (1.35 ** 2 / 3) ** 0.5)
    assert agreement_floor(_vague_ranking(vague, whole_lead=1.0), PEELINGS._replace(lead=1.5), SETTINGS) == floor


def test_a_question_of_its_own_lowers_the_floor_only_when_the_whole_message_leads_twice() -> None:
    own = Reading("can hens eat potato peelings?", "feeding", 0.3, 2.0, True)
    floor = SETTINGS.clarify * 0.5
    assert agreement_floor(_vague_ranking(own, whole_lead=1.5), PEELINGS, SETTINGS) == floor
    assert agreement_floor(_vague_ranking(own, whole_lead=2.0), PEELINGS, SETTINGS) \
        == pytest.approx(floor * (1.35 ** 2 / 6) ** 0.5)


def test_a_sentence_leading_over_nothing_counts_as_a_clear_lead_and_a_whole_message_so_does_not_count() -> None:
    vague = Reading(f"{PEELINGS.sentence} is that still ok?", "tip-retirement", 0.09, 10.0, True)
    floor = SETTINGS.clarify * 0.5
    capped = agreement_floor(_vague_ranking(vague, whole_lead=2.0), PEELINGS._replace(lead=10.0), SETTINGS)
    assert capped == pytest.approx(floor * (1.35 ** 2 / 6) ** 0.5)
    assert agreement_floor(_vague_ranking(vague, whole_lead=10.0), PEELINGS, SETTINGS) == floor


def test_a_story_singling_out_its_topic_answers_a_vague_question() -> None:
    engine = Engine.build(load_guide(CHICKENS).guide)
    message = ("Grandad always threw his hens the potato peelings and the scraps from Sunday lunch. We live in "
               "England. Is that still ok?")
    ranking = engine.index.rank(message)
    assert ranking.whole is not None and ranking.whole.score < engine.settings.clarify * 0.5
    decision = engine.index.decide(ranking)
    assert (decision.kind, decision.candidates[0].key) == ("answer", "feeding")
    carried = [line for line in explain(engine, message).format().splitlines() if "carried the answer" in line]
    assert len(carried) == 1 and "potato peelings" in carried[0]
