"""Small talk ("hiya", "thanks", "bye", "ok cool") gets the guide's own short reply and the way on,
after the safety check, and never when the message asks something too."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.conversation import Engine, Session, command_key, new_session
from guide.dialog.loader import load_guide
from guide.paths import REPO_ROOT
from guide.smalltalk import ACKNOWLEDGEMENT, COMMAND, DEFAULT_TEXTS, GOODBYE, GREETING, THANKS, small_talk
from tests.conftest import engine_for

USED_CAR = REPO_ROOT / "benchmarks" / "data" / "article-q-used-car"  # (its guide only: its questions are held out)


@pytest.mark.parametrize(("text", "kind"), [
    ("hiya", GREETING), ("Good morning!", GREETING), ("thanks", THANKS), ("Cheers", THANKS),
    ("thank you so much", THANKS), ("ok thanks", THANKS), ("bye", GOODBYE), ("thanks, bye!", GOODBYE),
    ("ok cool", ACKNOWLEDGEMENT), ("got it", ACKNOWLEDGEMENT),
])
def test_small_talk_is_read_by_its_kind(text: str, kind: str) -> None:
    assert small_talk(command_key(text)) == kind


@pytest.mark.parametrize("text", [
    "thanks, and what about the deposit", "ok so how do i haggle", "thanks, i don't want to be here anymore",
    "good luck with the test drive", "night shifts", "so", "",
    "im done", "i'm done.",  # can be the end of what someone can carry: never answered with a goodbye
])
def test_a_message_that_says_more_is_not_small_talk(text: str) -> None:
    assert small_talk(command_key(text)) is None


@pytest.fixture(scope="module")
def engine() -> Engine:
    return engine_for(USED_CAR)


@pytest.mark.parametrize("text", ["thanks", "cheers", "thank you so much", "bye", "ok cool"])
def test_small_talk_gets_the_guide_s_own_reply_and_the_way_on(engine: Engine, text: str) -> None:
    session = Session(engine)
    reply = session.respond(text)
    assert session.route == "small talk" and (reply.kind, reply.command) == ("command", COMMAND)
    assert [b.type for b in reply.blocks] == ["say"] and not reply.citations, "ours, not the article's"
    assert engine.guide.source_noun in reply.blocks[0].text  # in the guide's words for its source ("post")
    assert reply.suggestions


@pytest.mark.parametrize("text", ["hiya", "good morning"])
def test_a_greeting_gets_the_welcome_in_a_guide_with_no_greeting_phrasing(text: str) -> None:
    engine = engine_for(REPO_ROOT / "benchmarks" / "data" / "gettysburg")  # (declined "hiya" before)
    session = Session(engine)
    reply = session.respond(text)
    assert (reply.kind, reply.node) == ("answer", engine.guide.start) and reply.suggestions


def test_after_an_answer_the_way_on_is_that_answer_s(engine: Engine) -> None:
    session = Session(engine)
    answer = session.respond("how do i haggle on the price")
    assert answer.kind == "answer"
    assert session.respond("thanks").suggestions == answer.suggestions


def test_safety_comes_first_and_a_question_is_answered(engine: Engine) -> None:
    assert Session(engine).respond("thanks, i don't want to be here anymore").kind == "safety"
    session = Session(engine)
    session.respond("thanks, and how do i haggle on the price")
    assert session.route == "matcher"


def test_the_manifest_may_word_the_replies(make_guide) -> None:
    root: Path = make_guide()
    manifest = root / "guide.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8")
                        + "small_talk:\n  thanks: Glad it helped.\n", encoding="utf-8")
    result = load_guide(root)
    assert result.ok, result.problems
    session = new_session(result.guide)
    assert session.respond("thanks").blocks[0].text == "Glad it helped."
    assert session.respond("bye").blocks[0].text == DEFAULT_TEXTS[GOODBYE]  # ("the article": the default noun)


def test_validate_warns_of_a_phrasing_small_talk_takes_before_the_matcher(make_guide) -> None:
    """A node phrased "thanks" (a guide written before small talk was read) is never reached by it: the
    guide answers it itself. A greeting under the welcome is no such phrasing: it gets the welcome."""
    from guide.dialog.checks import check_guide
    from tests.conftest import TINY_DOGS

    dogs = TINY_DOGS.replace("examples: [", "examples: [thanks a lot, hiya, ")
    result = load_guide(make_guide({"nodes/dogs.yaml": dogs}))
    assert result.ok, result.problems
    warned = [p for p in check_guide(result).problems if p.code == "small-talk-example"]
    assert [p.message.split("'")[1] for p in warned] == ["thanks a lot", "hiya"]
    assert "small_talk" in warned[0].hint and "welcome" in warned[1].message
    assert Session(Engine.build(result.guide)).respond("thanks a lot").command == COMMAND  # (what it warns of)
    assert not [p for p in check_guide(load_guide(make_guide())).problems if p.code == "small-talk-example"]
