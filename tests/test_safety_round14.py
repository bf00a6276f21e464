"""Round 14: blind13's kinds of miss, in fresh words (docs/safety-rules.md, "Round 14")."""

from __future__ import annotations

import pytest

from guide.conversation import Engine, Session
from guide.safety import assess
from guide.safety.conversations import emergency_line, first_resource


@pytest.fixture(scope="module")
def engine() -> Engine:
    from guide.dialog.loader import load_guide
    from guide.paths import BUNDLED_GUIDE

    return Engine.build(load_guide(BUNDLED_GUIDE).guide)


# -- present danger said plainly: words and shapes the parts lacked -----------------------------

@pytest.mark.parametrize("text", [
    "perched on the headland with both feet over the edge",  # a headland is a height
    "some guy has been following me since i left the station and he's speeding up",  # followed from a place
    "the man i met online won't let me leave his apartment, he's blocking the hallway",  # held in his place
    "walked intae the sea, it's up tae ma neck",  # Scots spellings
    "texting one-handed, the knife is in my other hand",  # the means in the other hand
    "two men with machete dey chase me, i dey hide under the stall",  # hiding, in pidgin
    "lol 25 paracetamol down already",  # a count of pills "down"; a joke marker does not guard it
    "a lad on the bus just took out a blade and he's staring at me",  # a weapon drawn, on the bus
    "my husband keeps revving the car at me in the driveway, i'm hiding behind the wall",  # a car driven at me
    "my ex's outside with a hammer and he's already smashed the window",  # "outside" with a weapon after it
    "the shotguns on my lap and it's loaded",  # "shotgun's" typed without its apostrophe
])
def test_present_danger_in_new_words_is_a_takeover_with_the_emergency_number_first(text):
    a = assess(text)
    assert a.tier == 1 and a.resources_first[:1] == ("emergency",), (text, a)


@pytest.mark.parametrize("text", [
    "my legs are numb after leg day lol",
    "we walked out to the headland to watch the sunset",
    "the lads are outside with a football",
    "took 20 minutes down the road to collect my tablets",
    "my dad is revving the car in the drive to warm it up",
    "i'm hiding the presents under the bed from my husband",
    "counted 40 sheep and still can't sleep lol",
    "40 minutes down, 20 to go on this run",
    "she was on the train with her bike",
])
def test_the_same_words_in_everyday_sentences_stay_quiet(text):
    assert assess(text).tier == 0, text
