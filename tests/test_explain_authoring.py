"""`guide explain` for authors: what a safety reply carries, and how a numbered reference was read."""

from __future__ import annotations

import pytest

from guide.conversation import Engine, Session
from guide.dialog.loader import load_guide
from guide.explain import explain
from guide.paths import BUNDLED_GUIDE
from tests.conftest import engine_for


@pytest.fixture(scope="module")
def bundled() -> Engine:
    return engine_for(BUNDLED_GUIDE)


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
    assert "tier 1" in line and "nothing of the source is quoted" in line


def test_a_tier_two_reply_without_an_answer_says_nothing_follows(bundled: Engine) -> None:
    message = "it's never going to get better"
    reply = Session(bundled).respond(message)
    assert reply.node is None
    line = _safety_line(explain(bundled, message).format())
    assert "no answer follows" in line


HELP_SOURCE = ("# Teens\n\n## Where to get help\n\nIn the UK, the Family Lives helpline answers parents "
               "on weekdays. Your GP can help too.\n\n## Sleep\n\nPhones stay out of bedrooms at night.\n")
HELP_NODES = {"nodes/help.yaml": "id: where-help\ntitle: Where to get help\nexamples: [where can parents get help, "
                                 "helpline for parents, who can parents call, support for parents]\nanswer:\n"
                                 "  - quote: the Family Lives helpline answers parents on weekdays\n",
              "nodes/sleep.yaml": "id: sleep\ntitle: Sleep\nexamples: [phones in bedrooms, phone at night, "
                                  "bedtime phones, helpline for sleep]\nanswer:\n"
                                  "  - quote: Phones stay out of bedrooms at night.\n"}


def _help_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("help request"))


def test_a_request_for_help_says_what_ask_replies_and_why(make_guide) -> None:
    """The support lines first, and the guide's answer after them only when the request asks for
    a helpline and the answer quotes one: explain says which, and why, as `guide ask` replies."""
    manifest = "title: Teens\nstart: where-help\nsources:\n  doc:\n    file: doc.md\n"
    root = make_guide({"guide.yaml": manifest, "doc.md": HELP_SOURCE, **HELP_NODES}, keep_defaults=False)
    engine = Engine.build(load_guide(root).guide)
    answered = explain(engine, "is there a helpline for parents")
    assert answered.help_request is not None and answered.help_request.key == "where-help"
    line = _help_line(answered.format())
    assert line.startswith("help request the support lines first; then the guide's answer, 'where-help'")
    assert "with a passage that names one" in line
    assert answered.to_json()["help_request"]["answer"] == "where-help"
    line = _help_line(explain(engine, "helpline for sleep").format())
    assert line.startswith("help request only the support lines, because the answer of 'sleep'")
    assert "quotes no helpline, hotline or advice service" in line
    assert "the decision below is not shown to the reader" in line
    line = _help_line(explain(engine, "i need help").format())
    assert "only the support lines, because the request does not ask for a helpline or hotline" in line
    for message in ("help", "what can you help me with", "why do phones stay out of bedrooms"):  # not requests
        assert explain(engine, message).help_request is None


@pytest.fixture(scope="module")
def guide_j() -> Engine:
    from guide.paths import REPO_ROOT

    return Engine.build(load_guide(REPO_ROOT / "benchmarks/data/article-j-parent-far-away").guide)


@pytest.mark.parametrize("message", [
    "helpline numbers for older people", "is there a helpline for my mum", "i need help", "who can i call for help",
    "hotline for scams", "any helpline for carers", "help me find a hotline for cooking", "help",
])
def test_explain_and_ask_agree_on_requests_for_help(guide_j: Engine, message: str) -> None:
    """On guide J (whose source names helplines): explain shows the help-request step exactly when
    `guide ask` takes it, and what follows the lines is the answer it names (nothing for "only")."""
    session = Session(guide_j)
    reply = session.respond(message)
    found = explain(guide_j, message).help_request
    assert (found is not None) == (session.route == "help request")
    if found is not None:
        assert reply.node == (guide_j.node_of(found.key) if found.key else None)


def test_the_helplines_question_of_guide_j_shows_the_lines_then_its_answer(guide_j: Engine) -> None:
    line = _help_line(explain(guide_j, "helpline numbers for older people").format())
    assert line.startswith("help request the support lines first; then the guide's answer, 'act-fast'")
