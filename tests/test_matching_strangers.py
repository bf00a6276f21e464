"""Strangers: a short question that names a thing the guide never mentions, with no word of its node
close to it, is not offered a "did you mean" for that node; the article does not answer it."""

from __future__ import annotations

import pytest

from guide.conversation import Engine, Session
from guide.matching.index import STRANGER_WORDS, STRANGER_ZIPF, Index, IntentSpec, _decide_ranking
from guide.matching.wordtable import zipf
from guide.paths import REPO_ROOT
from tests.conftest import engine_for

SOURDOUGH = REPO_ROOT / "benchmarks" / "data" / "article-e-sourdough-starter"


@pytest.fixture(scope="module")
def sourdough() -> Engine:
    return engine_for(SOURDOUGH)


@pytest.mark.parametrize(("question", "stranger"), [
    ("recipe for sourdough pizza dough", "pizza"),
])
def test_a_near_miss_naming_a_thing_the_guide_never_says_is_declined_not_offered(
        sourdough: Engine, question: str, stranger: str) -> None:
    ranking = Session(sourdough).rank(question)
    assert ranking.strangers == (stranger,)
    assert _decide_ranking(ranking, sourdough.settings).kind == "clarify"  # without the rule: "did you mean"
    decision = sourdough.index.decide(ranking)
    assert decision.kind == "fallback" and repr(stranger) in decision.reason
    assert Session(sourdough).respond(question).kind == "fallback"


def test_a_word_the_guide_says_or_an_everyday_one_is_no_stranger(sourdough: Engine) -> None:
    assert Session(sourdough).rank("how do i feed my starter").strangers == ()
    assert zipf("today") > STRANGER_ZIPF
    assert "today" not in Session(sourdough).rank("can i feed my starter today").strangers


def test_a_long_message_has_no_strangers(sourdough: Engine) -> None:
    short = "recipe for sourdough pizza dough"
    long = short + " because my kids asked for it at the weekend and we always make it together"
    assert len(long.split()) > STRANGER_WORDS
    assert Session(sourdough).rank(short).strangers
    assert Session(sourdough).rank(long).strangers == ()


def test_a_node_of_phrasings_only_names_no_strangers() -> None:
    said = [IntentSpec("feed", ("how do i feed my starter", "how much flour do i add"),
                       content=("Feed the starter flour and water every day.",)),
            IntentSpec("store", ("where do i keep my starter", "can i put it in the fridge"),
                       content=("Keep the jar in the fridge between bakes.",))]
    bare = [spec._replace(content=()) for spec in said]
    question = "can i feed my starter pizza"
    assert Index.build(said).rank(question).strangers == ("pizza",)
    assert Index.build(bare).rank(question).strangers == ()  # phrasings alone are too thin a description
