"""The bereavement reading (guide/safety/bereavement.py; docs/safety-rules.md, "Bereavement")."""

from __future__ import annotations

import pytest

from guide.safety import assess
from guide.safety.cases import REPO_ROOT, load_set, problems

DEV = load_set(REPO_ROOT / "tests" / "data" / "safety_bereavement_dev.yaml", "bereave")
PROBE = load_set(REPO_ROOT / "tests" / "data" / "safety_bereavement_probe.yaml", "bprobe")


@pytest.mark.parametrize("case", DEV, ids=[c.text[:60] for c in DEV])
def test_bereavement_dev_case(case):
    a = assess(case.text)
    assert not problems(case, a), (problems(case, a), a)


def test_the_probe_keeps_its_measured_score():
    # scored once after the rules: 22/30 caught, 2/30 false alarms; a change may only do better
    # (26/30 and 2/30 since its misses were mended: a development set now, docs/safety-rules.md)
    caught = sum(1 for c in PROBE if c.must_trigger and assess(c.text).tier)
    alarms = sum(1 for c in PROBE if c.must_not_trigger and assess(c.text).tier)
    assert len(PROBE) == 60
    assert caught >= 26 and alarms <= 2, (caught, alarms)


@pytest.mark.parametrize("text", [
    "my best friend's brother killed himself last week, what do i say to her",
    "my friend's son took his own life, how can i support her",
    "my colleague's husband committed suicide, what should i avoid saying",
    "how do i talk to someone whose dad killed himself",
    "my friend lost her mum to suicide",
    "her husband hanged himself",
    "is there a grief support group for suicide loss",
    "more about suicide",
    "the death was a suicide, should i ask how he did it",
    "should i say committed suicide",
    "i lost my brother to suicide",
    "my friend lost her baby",
    "my grandad died last year and supporting my friend is bringing it all back",
    "is it ok to ask how it happend if it was suicide",  # "was suicide": a death told, no one named
    "was it suicide or an accident, the coroner hasnt said",
])
def test_a_death_told_as_a_loss_gets_no_crisis_reply(text):
    assert assess(text).tier == 0


@pytest.mark.parametrize(("text", "footer"), [
    ("i lost my brother to suicide", True),  # the reader's own loss: a gentle resource line
    ("my grandad died last year and supporting my friend is bringing it all back", True),
    ("more about suicide", True),  # a request about the topic, as "does the article say anything about suicide"
    ("my friend lost her mum to suicide", False),
    ("my best friend's brother killed himself last week, what do i say to her", False),
])
def test_the_readers_own_grief_keeps_the_footer(text, footer):
    assert assess(text).footer is footer


@pytest.mark.parametrize("text", [
    "my husband died and i just want to be with him",
    "i can't go on without her",
    "since my wife died i don't see the point anymore",
    "i want to die too, i miss him so much",
    "my brother killed himself and i want to kill myself too",
    "i'm thinking about suicide since my dad died",
    "since my husband killed himself i want to go the same way",
    "i want to commit suicide, should i say that to my therapist",
    "my mum said it was suicide and i want to die too",
    "they said it was suicide. i want to go the same way",
    "my wife passed last year, i will be joining her soon",
    "my son died in june. i want to go where my son is",
    "my sister died and i could do the same",
])
def test_a_bereaved_reader_at_risk_is_still_caught(text):
    assert assess(text).tier in (1, 2)


@pytest.mark.parametrize("text", [
    "my friend tried to kill herself last week",
    "my friend took an overdose last night",
    "my friend's brother killed himself and now she says she wants to die too",
    "my friend attempted suicide on friday",
])
def test_someone_in_danger_now_is_not_a_loss(text):
    a = assess(text)
    assert a.tier == 2 and a.category == "third_party"


def test_a_figure_known_for_its_death_with_the_readers_means_is_not_a_loss():
    text = ("judas went and hanged himself after he betrayed everyone. "
            "i let my whole family down and theres a beam in the garage")
    assert assess(text).tier


def test_a_bereaved_reader_following_the_dead_keeps_the_risk() -> None:
    """A loss told beside the reader's own imitation of it ("the same bridge", "do what he did")
    is no bereavement reading: the rules' risk stands (the bereavement probe's two regressions)."""
    from guide.safety import assess

    for text in ("since my son killed himself i've been looking at the same bridge",
                 "my brother took his life and i think i'll do what he did",
                 "my wife died of an overdose last year and i've been saving the same pills"):
        assert assess(text).tier > 0, text
    for text in ("my best friend's brother killed himself last week, what do i say to her",
                 "her husband hanged himself, i go to the same gym as her, what do i say"):
        assert assess(text).tier == 0, text


@pytest.mark.parametrize(("text", "tier"), [
    ("i'm going to be with my son soon, i've made up my mind", 2),  # a mind made up: a check-in (it may be a visit)
    ("my dad died and i will be with my mum tonight", 0),  # the living, not the dead
    ("my son is at uni in leeds, i want to go where my son is for christmas", 0),
    ("my friend ran a marathon, i could do the same", 0),
])
def test_a_reunion_or_the_same_way_needs_a_death_or_a_mind_made_up(text, tier):
    assert assess(text).tier == tier
