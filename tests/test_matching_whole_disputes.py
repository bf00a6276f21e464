"""A long message's part that the whole message does not back gets a "did you mean" with both topics,
not an answer: an asking tail cut out of a story sentence (`_tail_disputed`), and
an item of the numbered list named in it."""

from __future__ import annotations

from guide.matching.index import Candidate, MatchSettings, Ranking, Reading, decide_ranking
from guide.matching.normalize import Normalized
from guide.matching.segments import is_tail, split_parts

SETTINGS = MatchSettings(answer=0.28, clarify=0.27, margin=0.04)
STORY = ("Every time I talk to my cousin since her husband died, I finish with 'just shout if there's anything "
         "I can do' and she always says thanks and never asks for anything.")
TAIL = "can do' and she always says thanks and never asks for anything."
MESSAGE = f"{STORY} Three months of that. what should I be doing instead"
WHOLE = Candidate("never-too-late", 0.16, "", False)


def _ranking(text: str, first: Candidate, second: Candidate, whole: Candidate = WHOLE) -> Ranking:
    readings = (Reading(first.part, first.key, first.score, first.score / second.score, True),)
    return Ranking(text, Normalized((), (), ""), (first, second, whole), False, whole_first=whole.key,
                   whole_lead=1.05, readings=readings, whole=whole)


def test_a_tail_is_told_from_a_sentence_of_its_own() -> None:
    assert TAIL in split_parts(MESSAGE)
    assert is_tail(MESSAGE, TAIL)
    assert not is_tail(MESSAGE, "what should I be doing instead")
    assert not is_tail(MESSAGE, STORY)


def test_an_answer_carried_by_a_tail_the_whole_does_not_back_is_offered_with_the_wholes_topic() -> None:
    carried = Candidate("keep-inviting", 0.42, "", False, part=TAIL)
    decision = decide_ranking(_ranking(MESSAGE, carried, Candidate("practical-help", 0.30, "", False)), SETTINGS)
    assert decision.kind == "clarify"
    assert [c.key for c in decision.candidates] == ["keep-inviting", "never-too-late"]
    assert "tail of a longer sentence" in decision.reason


def test_a_tail_the_whole_ranks_first_is_answered() -> None:
    carried = Candidate("never-too-late", 0.42, "", False, part=TAIL)
    ranking = _ranking(MESSAGE, carried, Candidate("practical-help", 0.30, "", False),
                       whole=WHOLE._replace(key="never-too-late"))
    assert decide_ranking(ranking, SETTINGS).kind == "answer"


def test_a_list_item_named_in_a_long_message_the_whole_does_not_back_is_offered_with_the_wholes_topic() -> None:
    """ "...I got to about the fourth trick on the list and stopped. Am I supposed to do all of them
    together?": the story names an item, the message asks about something else."""
    text = "I got to about the fourth trick on the list and stopped. Am I supposed to do all of them together?"
    item = Candidate("tip-friction", 0.9, "", False)
    ranking = Ranking(text, Normalized((), (), ""), (item, WHOLE), False, reference="fourth trick",
                      whole_first=WHOLE.key, whole_lead=1.05, whole=WHOLE)
    decision = decide_ranking(ranking, SETTINGS)
    assert decision.kind == "clarify" and [c.key for c in decision.candidates] == ["tip-friction", "never-too-late"]
    backed = ranking._replace(whole_first="tip-friction", whole=item)
    assert decide_ranking(backed, SETTINGS).kind == "answer"
    short = ranking._replace(whole_first="", whole=None)  # one sentence: no whole to dispute it
    assert decide_ranking(short, SETTINGS).kind == "answer"
