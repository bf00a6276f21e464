"""`guide explain` for authors: what a safety reply carries, and how a numbered reference was read."""

from __future__ import annotations

import pytest

from guide.conversation import Engine, Session
from guide.dialog.loader import load_guide
from guide.explain import explain
from guide.paths import BUNDLED_GUIDE


@pytest.fixture(scope="module")
def bundled() -> Engine:
    result = load_guide(BUNDLED_GUIDE)
    assert result.guide is not None
    return Engine.build(result.guide)


def _safety_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("safety"))


def test_a_tier_two_reply_that_also_answers_says_so(bundled: Engine) -> None:
    message = "my friend says she wants to die, why does touch calm me"
    reply = Session(bundled).respond(message)
    assert reply.kind == "safety" and reply.node == "self-soothing"  # the reply carries the node's answer
    line = _safety_line(explain(bundled, message).format())
    assert "tier 2" in line and "replaces matching" not in line
    assert "the support lines come first, then the answer of 'self-soothing'" in line


def test_a_tier_one_reply_quotes_nothing(bundled: Engine) -> None:
    message = "i want to kill myself"
    reply = Session(bundled).respond(message)
    assert reply.node is None and not any(block.type == "quote" for block in reply.blocks)
    line = _safety_line(explain(bundled, message).format())
    assert "tier 1" in line and "nothing of the article is quoted" in line


def test_a_tier_two_reply_without_an_answer_says_nothing_follows(bundled: Engine) -> None:
    message = "it's never going to get better"
    reply = Session(bundled).respond(message)
    assert reply.node is None
    line = _safety_line(explain(bundled, message).format())
    assert "no answer follows" in line
