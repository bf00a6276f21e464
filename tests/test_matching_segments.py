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
