"""The parts of a long message: which sentences ask, and which point back into the story."""

from __future__ import annotations

import pytest

from guide.matching.segments import asks, inquires, refers_back, split_parts


@pytest.mark.parametrize("part", ["why does this happen??", "what should i do about that", "when should they start?",
                                  "is he going to leave", "what do i tell her"])
def test_a_part_with_a_pronoun_points_back_into_the_story(part: str) -> None:
    assert refers_back(part)


@pytest.mark.parametrize("part", ["what is attachment anxiety", "how long do hens lay", "does sex calm the body"])
def test_a_part_that_names_its_topic_does_not_point_back(part: str) -> None:
    assert not refers_back(part)


def test_a_question_word_anywhere_inquires_but_a_reply_does_not() -> None:
    assert inquires("that feeling when he pulls away, whats that called")
    assert asks("so what now") and inquires("so what now")
    assert not inquires("that's true") and not inquires("i dont think so tbh")


def test_a_long_message_is_split_into_its_sentences() -> None:
    text = "we got three hens last spring. they seem happy enough. when should they start laying?"
    assert split_parts(text) == ["we got three hens last spring.", "they seem happy enough.",
                                 "when should they start laying?"]
    assert split_parts("what is attachment anxiety") == []


@pytest.mark.parametrize(("sentence", "tail"), [
    ("my niece is five and her dad died last month, is it ok to tell her he went to sleep",
     "is it ok to tell her he went to sleep"),
    ("we have been fighting about chores for weeks and honestly i keep wondering what is attachment anxiety",
     "what is attachment anxiety"),
    ("my sourdough starter smells like nail polish remover after two days, what does that mean?",
     "what does that mean?"),
])
def test_the_asking_tail_of_a_long_sentence_is_a_part(sentence: str, tail: str) -> None:
    assert tail in split_parts(sentence)


def test_a_long_sentence_that_already_asks_gets_no_asking_tail() -> None:
    """'Does X help, or is that just ...' is one question: its tail ('is that just ...') carried wrong answers."""
    story = "we moved the jar to the airing cupboard last night."
    sentence = "does giving the starter a warmer spot actually help, or is that just something people say online?"
    assert split_parts(f"{story} {sentence}") == [story, sentence]
