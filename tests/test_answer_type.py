"""What a question asks for: a short question whose frame asks for a duration, a price or a
frequency is declined when no node it would get says anything of that kind."""

from __future__ import annotations

import pytest

from guide.conversation import Engine, Session
from guide.explain import explain
from guide.matching.answer_type import DURATION, FREQUENCY, MONEY, asked_for, gives
from guide.matching.index import STRANGER_WORDS, Index, IntentSpec, _decide_ranking, decide_ranking
from guide.matching.normalize import tokenize
from guide.paths import REPO_ROOT
from tests.conftest import engine_for


@pytest.mark.parametrize(("question", "kind"), [
    ("how long do i bake a sourdough loaf", DURATION),
    ("how long does discard last in the fridge", DURATION),
    ("so how long should i wait", DURATION),
    ("how much does a vet charge to look at a chicken", MONEY),
    ("roughly how much does a care home cost", MONEY),
    ("how often should i ring my mum", FREQUENCY),
    ("how many times a week is healthy", FREQUENCY),
])
def test_a_frame_names_the_kind_of_answer(question: str, kind: str) -> None:
    found = asked_for(tokenize(question))
    assert found is not None and found.kind == kind


@pytest.mark.parametrize("question", [
    "how much flour do i add",  # an amount: read too loosely to check (see answer_type)
    "how many eggs does a hen lay",
    "how long is it",  # the length of a text, not a time
    "how do i feed my starter",
    "who won the battle",
    "what is a long break",  # "long" without "how"
])
def test_no_kind_read(question: str) -> None:
    assert asked_for(tokenize(question)) is None


@pytest.mark.parametrize(("kind_of", "text", "given"), [
    ("how long", "Discard keeps for about a week in the fridge.", True),
    ("how long", "Leave it overnight on the counter.", True),
    ("how long", "Feed it flour and water and keep it warm.", False),
    ("how long", "The day you start, mix flour and water.", False),  # a day named, no time taken
    ("how much does it cost", "A small bag of pellets costs about £12.", True),
    ("how much does it cost", "Find a vet who treats poultry before you need one.", False),
    ("how much does it cost", "There are two kinds: one for money and property, one for health.", False),  # no price
    ("how much does it cost", "Hens are a daily commitment, not free eggs.", False),
    ("how often", "Feed it twice a day once it is lively.", True),
    ("how often", "Mum knows I ring at six on Sundays and Wednesdays.", True),
    ("how often", "Feed it flour and water.", False),
])
def test_what_a_node_gives(kind_of: str, text: str, given: bool) -> None:
    question = asked_for(tokenize(kind_of))
    assert question is not None
    assert gives(question, [text]) is given


SPECS = [
    IntentSpec("health", ("when should i take a hen to the vet", "what does a sick hen look like"),
               content=("Find a vet who treats poultry before you need one.",
                        "A hen that is ill hides it; learn what normal looks like.")),
    IntentSpec("feeding", ("what do i feed my hens", "how much food does a hen eat"),
               content=("Give layers pellets, about 120g a hen a day, and grit.",)),
]


def test_an_answer_whose_node_gives_nothing_of_the_kind_is_declined() -> None:
    index = Index.build(SPECS)
    question = "how much does a vet charge for a sick hen"
    ranking = index.rank(question)
    assert ranking.candidates[0].key == "health" and ranking.ungiven[:1] == ("health",)
    assert _decide_ranking(ranking, index.settings).kind != "fallback"  # without the rule
    decision = index.decide(ranking)
    assert decision.kind == "fallback" and "how much ... charge" in decision.reason


def test_a_node_that_gives_it_is_kept() -> None:
    specs = [SPECS[0]._replace(content=(*SPECS[0].content, "A visit costs about £40."))]
    ranking = Index.build(specs + SPECS[1:]).rank("how much does a vet charge for a sick hen")
    assert ranking.asked is not None and "health" not in ranking.ungiven


def test_a_node_whose_own_phrasing_asks_it_gives_it() -> None:
    """The author's phrasing says the node answers the question, in words the check may not read."""
    asking = [SPECS[0]._replace(examples=(*SPECS[0].examples, "how much will the vet charge me"))]
    ranking = Index.build(asking + SPECS[1:]).rank("how much does a vet charge for a sick hen")
    assert ranking.asked is not None and "health" not in ranking.ungiven


def test_phrasings_alone_and_long_messages_are_not_read() -> None:
    bare = [spec._replace(content=()) for spec in SPECS]
    question = "how much does a vet charge for a sick hen"
    assert Index.build(bare).rank(question).ungiven == ()  # a node of phrasings says too little to judge
    long = "my hen has been sneezing all week and my partner says we should call someone, " + question
    assert len(long.split()) > STRANGER_WORDS
    assert Index.build(SPECS).rank(long).asked is None


CHICKENS = REPO_ROOT / "benchmarks" / "data" / "article-f-backyard-chickens"


@pytest.fixture(scope="module")
def chickens() -> Engine:
    return engine_for(CHICKENS)


def test_a_guide_declines_a_price_its_node_never_gives_and_explain_says_why(chickens: Engine) -> None:
    question = "how much does a vet charge to look at a chicken"
    ranking = Session(chickens).rank(question)
    assert ranking.candidates[0].key == "health"
    assert _decide_ranking(ranking, chickens.settings).kind == "answer"  # without the rule
    assert Session(chickens).respond(question).kind == "fallback"
    reason = explain(chickens, question).decision.reason
    assert "“how much ... charge” (a price or cost)" in reason and "'health'" in reason


def test_a_question_its_node_gives_the_kind_of_is_still_answered(chickens: Engine) -> None:
    reply = Session(chickens).respond("how long do fresh eggs last out of the fridge")
    assert reply.kind == "answer" and reply.node == "eggs"


CHORES = [
    IntentSpec("coop", ("how do i clean the coop", "cleaning out the hen house", "what bedding for the coop"),
               content=("Scrape out the droppings and add fresh bedding.",)),
    IntentSpec("routine", ("what chores do hens need", "daily routine with chickens",
                           "how do i clean the coop and water"),
               content=("Collect the eggs daily, change the water, and clean the coop once a week.",)),
    *SPECS[1:],
]


def test_a_runner_up_that_gives_it_answers_instead_of_a_decline() -> None:
    """The first node gives no frequency; the second does and scores at the answer threshold."""
    index = Index.build(CHORES)
    ranking = index.rank("how often should i clean the coop")
    first, second = ranking.candidates[:2]
    assert (first.key, second.key) == ("coop", "routine") and "coop" in ranking.ungiven
    settings = index.settings._replace(answer=second.score, clarify=second.score / 2)
    assert _decide_ranking(ranking, settings).candidates[0].key == "coop"  # without the rule
    decision = decide_ranking(ranking, settings)
    assert (decision.kind, decision.candidates[0].key) == ("answer", "routine") and "how often" in decision.reason
    below = settings._replace(answer=second.score + 0.01)  # a runner-up under the threshold: declined as before
    assert decide_ranking(ranking, below).kind == "fallback"
