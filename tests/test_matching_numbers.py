"""Numbers in digits and in words meet: "the 5 to 1 ratio" is "the five to one ratio", "20
minutes" is "twenty minutes"; references to a numbered list and the words "one", "no one",
"someone" read as before."""

from __future__ import annotations

import pytest

from guide.conversation import Engine
from guide.dialog.loader import load_guide
from guide.matching.index import Index, IntentSpec
from guide.matching.normalize import Normalizer
from guide.matching.numbers import spell_numbers, spelled
from guide.paths import BUNDLED_GUIDE, REPO_ROOT

SOURDOUGH = REPO_ROOT / "benchmarks" / "data" / "article-e-sourdough-starter"


@pytest.mark.parametrize(("typed", "words"), [
    ("5", ("five",)), ("20", ("twenty",)), ("24", ("twenty", "four")), ("0", ("zero",)), ("1", ("one",)),
    ("300", ("three", "hundred")), ("2000", ("two", "thousand")), ("3rd", ("third",)), ("21st", ("twenty", "first")),
    ("12th", ("twelfth",)),
])
def test_a_number_said_as_words_is_spelled(typed: str, words: tuple[str, ...]) -> None:
    assert spelled(typed) == words


@pytest.mark.parametrize("typed", ["1863", "007", "150", "4pm", "3am", "b4", "five", "one", "x2"])
def test_years_codes_and_words_stay_as_typed(typed: str) -> None:
    assert spelled(typed) is None


def test_words_without_digits_are_the_same_sequence() -> None:
    words = ["no", "one", "told", "someone"]
    assert spell_numbers(words) is words


@pytest.mark.parametrize(("digits", "words"), [
    ("what is the 5 to 1 ratio", "what is the five to one ratio"),
    ("is 20 minutes enough", "is twenty minutes enough"),
    ("what happens on the 3rd day", "what happens on the third day"),
    ("feed it every 24 hours", "feed it every twenty-four hours"),
])
def test_digits_and_words_normalize_alike(digits: str, words: str) -> None:
    normalizer = Normalizer()
    assert normalizer.normalize(digits).text == normalizer.normalize(words).text


def test_a_question_in_digits_finds_the_phrasing_in_words_and_back() -> None:
    index = Index.build([
        IntentSpec("ratio", ("what is the five to one ratio", "how much more flour than water")),
        IntentSpec("timer", ("how long should a work sprint be", "set a timer for twenty minutes")),
    ])
    assert index.rank("the 5 to 1 ratio").candidates[0].key == "ratio"
    assert index.rank("is 20 minutes too long").candidates[0].key == "timer"
    digits = Index.build([IntentSpec("ratio", ("what is the 5 to 1 ratio",)), IntentSpec("timer", ("20 minutes",))])
    typed_as_written = digits.rank("what is the 5 to 1 ratio").candidates[0]
    assert digits.rank("what is the five to one ratio").candidates[0] == typed_as_written
    assert digits.rank("twenty minutes").candidates[0].key == "timer"


def test_a_guide_that_writes_a_number_in_digits_answers_it_in_words() -> None:
    engine = Engine.build(load_guide(SOURDOUGH).guide)
    ranking = engine.index.rank("why did my starter rise so much on day three")
    assert ranking.candidates[0].key == "day-3-false-rise"
    assert "three" not in ranking.candidates[0].unexplained


@pytest.mark.parametrize(("message", "item"), [("point 5", 5), ("tell me about the 5th way", 5),
                                              ("number 2", 2), ("the last one", 0)])
def test_references_to_a_numbered_list_still_reach_their_item(message: str, item: int) -> None:
    engine = Engine.build(load_guide(BUNDLED_GUIDE).guide)
    ranking = engine.index.rank(message)
    assert ranking.reference
    items = {spec.item: spec.key for spec in engine.index.intents if spec.item}
    expected = items[item] if item else items[max(items)]
    assert ranking.candidates[0].key == expected


@pytest.mark.parametrize("text", ["no one touches me anymore", "someone told me it helps", "the one thing i want"])
def test_one_stays_a_word(text: str) -> None:
    assert Normalizer().normalize(text).text == text
