"""`guide explain` on a long message: each sentence scored on its own, and the one that carried it."""

from __future__ import annotations

from pathlib import Path

from guide.conversation import Engine
from guide.dialog.loader import load_guide
from guide.explain import explain

CHICKENS = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "article-f-backyard-chickens"
STORY = ("One of my hens has been standing in the corner all hunched up with her tail down. "
         "The others are fine. Should I be worried?")


def test_explain_shows_the_sentence_that_carried_a_long_message() -> None:
    result = load_guide(CHICKENS)
    assert result.ok
    report = explain(Engine.build(result.guide), STORY)
    assert (report.decision.kind, report.decision.candidates[0].key) == ("answer", "health")
    text = report.format()
    carried = [line for line in text.splitlines() if "carried the answer" in line]
    assert len(carried) == 1 and "story health" in carried[0] and "hunched up" in carried[0]
    assert "the whole message ranks health first" in text
    data = report.to_json()
    assert data["whole"]["first"] == "health"
    assert [s["carried"] for s in data["sentences"]] == [True, False, False]
    assert [s["asks"] for s in data["sentences"]] == [False, False, True]


def test_an_asking_tail_is_read_with_the_sentence_that_holds_it_not_twice() -> None:
    """A long sentence's vague asking tail ("what should i do about it") is read with the sentence it
    ends, as that sentence: never the sentence and the tail again, which counted its words twice."""
    result = load_guide(CHICKENS)
    assert result.ok
    index = Engine.build(result.guide).index
    sentence = "one of my hens has been hunched up in the corner of the run since monday, what should i do about it"
    tail = "what should i do about it"
    read = index._part_to_read([sentence, tail], tail)
    assert read is not None and read[0] == sentence


def test_explain_says_when_the_whole_message_carried_the_answer() -> None:
    parent = CHICKENS.parent / "article-j-parent-far-away"
    result = load_guide(parent)
    assert result.ok
    story = ("my dad keeps falling and the carers come four times a day now. he refuses to talk about "
             "moving into a care home. is it my call or his?")
    report = explain(Engine.build(result.guide), story)
    assert (report.decision.kind, report.decision.candidates[0].key) == ("answer", "moving")
    text = report.format()
    assert "the whole message carried the answer" in text and "carried the answer" not in text.replace(
        "the whole message carried the answer", "")
    assert "The whole message ranks 'moving' first at" in text
    data = report.to_json()
    assert data["whole"]["carried"] is True and data["whole"]["first"] == "moving"
    assert not any(s["carried"] for s in data["sentences"])
