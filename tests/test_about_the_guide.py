"""The one recognizer of questions about the guide itself, as its two readers use it: the
conversation answers the whole question with the welcome, and the safety layer never reads a
question about what the guide helps with as a request for the support lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.about_the_guide import asks_what_the_guide_does
from guide.conversation import Engine, Session, command_key
from guide.dialog.loader import load_guide
from guide.safety import is_help_request
from guide.safety.detector import default_rules

WHOLE = ["what can u help me with", "hello, how can you help", "What could you help us with?",
         "ok where do i start??", "where shoud i begin", "so what could ya help us with here",
         "total beginner here, where do i even start"]
AMONG_OTHER_WORDS = ["what can you do to help", "what do you have to help me", "what can you help me with please",
                     "so what exactly can you help me with", "what, can you help me now"]
HELP_REQUESTS = ["help", "i need help", "can you help me", "helpline", "what help do you have",
                 "can you give me the hotline numbers", "help me please"]


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> list[Engine]:
    """The bundled guide, which has a node about itself, and the tiny one, which has not."""
    from guide.paths import BUNDLED_GUIDE
    from tests.conftest import TINY_DOGS, TINY_MANIFEST, TINY_NODE, TINY_SOURCE

    root = tmp_path_factory.mktemp("tiny")
    for name, text in {"guide.yaml": TINY_MANIFEST, "doc.md": TINY_SOURCE, "nodes/hello.yaml": TINY_NODE,
                       "nodes/dogs.yaml": TINY_DOGS}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return [Engine.build(load_guide(Path(path)).guide) for path in (BUNDLED_GUIDE, root)]


def _support_lines(reply) -> bool:
    return any(block.type == "safety" and "988" in block.text for block in reply.blocks)


@pytest.mark.parametrize("text", WHOLE)
def test_the_whole_question_gets_the_welcome_not_the_support_lines(engines: list[Engine], text: str) -> None:
    assert asks_what_the_guide_does(command_key(text))
    for engine in engines:
        session = Session(engine)
        reply = session.respond(text)
        assert session.route == "welcome question", (engine.guide.title, text)
        assert (reply.kind, reply.node) == ("answer", engine.guide.start)
        assert not _support_lines(reply)


@pytest.mark.parametrize("text", AMONG_OTHER_WORDS)
def test_the_question_among_other_words_is_left_to_the_matcher(engines: list[Engine], text: str) -> None:
    """Not the whole question, so no welcome by rule; and not a request for the support lines."""
    assert not asks_what_the_guide_does(command_key(text))
    assert asks_what_the_guide_does(" ".join(default_rules().normalizer.tokens(text)), alone=False)
    assert not is_help_request(text)
    for engine in engines:
        session = Session(engine)
        session.respond(text)
        assert session.route == "matcher", (engine.guide.title, text)


@pytest.mark.parametrize("text", HELP_REQUESTS)
def test_requests_for_help_still_get_the_support_lines(engines: list[Engine], text: str) -> None:
    assert not asks_what_the_guide_does(command_key(text))
    assert is_help_request(text)
    for engine in engines:
        session = Session(engine)
        reply = session.respond(text)
        assert session.route in ("help request", "command"), (engine.guide.title, text)
        assert _support_lines(reply) or "988" in reply.text


@pytest.mark.parametrize(("words", "among"), [
    ("what can you help me with", True), ("how r you , help", True), ("help me what can you do", False),
    ("you know what help is", False), ("can you help me", False), ("what you want help", True),
    ("how can u help", True), ("where do i start", False)])
def test_among_other_words_is_what_or_how_then_you_then_the_first_help(words: str, among: bool) -> None:
    assert asks_what_the_guide_does(words, alone=False) is among
