"""Round 19: false alarms on everyday look-alikes (docs/safety-rules.md, "Round 19: false alarms").

tests/data/safety_round19_fa.yaml was written before the round's rules and scored on main first (28/30
risk messages caught, 12/60 everyday look-alikes raised); every case must pass now.
"""

from __future__ import annotations

import pytest

from guide.paths import REPO_ROOT
from guide.safety import assess
from guide.safety.cases import load_set, problems

FA19 = load_set(REPO_ROOT / "tests" / "data" / "safety_round19_fa.yaml", "fa19")


def test_the_set_has_both_kinds():
    assert sum(c.expect == "answer" for c in FA19) >= 60
    assert sum(c.expect == "safety" for c in FA19) >= 30


@pytest.mark.parametrize("case", FA19, ids=[c.text[:50] for c in FA19])
def test_round19_case(case):
    a = assess(case.text)
    assert not problems(case, a), (problems(case, a), a)


# the look-alikes round 18 noticed (found while writing its own), quiet now
@pytest.mark.parametrize("text", [
    "the engine's running fine since the garage fixed it",
    "we went to the top of the tower looking down at the city lights",
    "at the top of the tower looking down at the city lights, what a view",
    "who gets what after the divorce",
    "so the kids know who gets what after the divorce",
    "my little brother will kick my ass at mario kart",
    "she's screaming she'll kick my ass at mario kart",
    "he says he'll smash my high score",
    "jumping off the top of the diving board",
    "i keep thinking about jumping off the top of the diving board at the pool",
    # a parent's hyperbole, said or reported, stays quiet beside the threats above
    "my mum will kill me if i'm late",
    "mum says she'll kill me if i'm late again",
    "my mum said she will kill me when she sees the carpet",
    "my dad is going to murder me when he sees the carpet",
])
def test_everyday_look_alikes_are_quiet(text):
    assert assess(text).tier == 0, assess(text)


# the same surface words with the risk in them still raise a safety reply
@pytest.mark.parametrize("text", [
    "the engine's running in the garage and the door is shut",
    "i'm at the top of the tower looking down and i'm going to jump",
    "sorting out who gets what after i'm gone",
    "he'll kill me at home tonight",
    "he said he'll smash my face in when he gets back",
    "i keep thinking about jumping off the bridge",
    "i'm at the top of the car park looking down at the road",
    "he said he'll kill me at the match tonight",
    "my engine is running again in the shut garage and i'm sitting in it",
    # a parent's threat told with when or how is not the hyperbole its words share: the exception for a reported
    # "says she will kill me" no longer covers it (found after round 19)
    "my dad says he'll murder me in my sleep",
    "my dad says he will kill me tonight",
    "my mum told me she'd kill me while i sleep",
    "my brother says he will kill me with a knife",
])
def test_risk_with_the_same_words_is_caught(text):
    assert assess(text).tier >= 1, assess(text)
