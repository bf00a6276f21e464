"""Generalization: the development set (rules are tuned on it) must pass fully; the
held-out set (never tuned on, never edited) is only held to the recall it was measured
at, minus a small margin, and to few false alarms: it is not expected to pass fully.
See docs/safety-rules.md, "Measuring generalization"."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.safety import assess
from guide.safety.cases import (
    load_dev_cases,
    load_holdout_cases,
    load_round3_blind_cases,
    load_round3_dev_cases,
    load_round4_dev_cases,
    load_round_dev_cases,
    load_set,
    problems,
    what_fails,
)

DEV = load_dev_cases()
HOLDOUT = load_holdout_cases()
DEV3 = load_round3_dev_cases()
BLIND3 = load_round3_blind_cases()
DEV4 = load_round4_dev_cases()
DEV5 = load_round_dev_cases(5)
DEV6 = load_round_dev_cases(6)
DEV7 = load_round_dev_cases(7)
DEV8 = load_round_dev_cases(8)
DEV9 = load_round_dev_cases(9)


def _near_copies(cases, pool: list[str], cutoff: int) -> list[str]:
    """The cases whose text is at least `cutoff` alike (rapidfuzz ratio) to a text of `pool`."""
    from rapidfuzz import fuzz, process

    return [c.text for c in cases if process.extractOne(c.text.casefold(), pool, scorer=fuzz.ratio,
                                                        score_cutoff=cutoff)]


@pytest.mark.parametrize("case", DEV, ids=[c.text[:50] for c in DEV])
def test_dev_case(case):
    a = assess(case.text)
    assert not problems(case, a), (problems(case, a), a)


@pytest.mark.parametrize("case", DEV3, ids=[c.text[:50] for c in DEV3])
def test_round3_dev_case(case):
    a = assess(case.text)
    assert not problems(case, a), (problems(case, a), a)


def test_dev_and_holdout_are_separate_and_fresh():
    from guide.safety.cases import load_own_cases, load_shared_cases

    dev = {c.text.casefold() for c in DEV}
    holdout = {c.text.casefold() for c in HOLDOUT}
    older = {c.text.casefold() for c in load_own_cases() + load_shared_cases()}
    assert len(DEV) >= 200 and len(HOLDOUT) >= 200
    assert not dev & holdout
    assert not (dev | holdout) & older
    from guide.safety.cases import REPO_ROOT, load_set

    blind = {c.text.casefold() for c in load_set(REPO_ROOT / "tests/data/safety_blind.yaml", "blind")}
    assert len(blind) == 100 and not blind & (dev | holdout | older)


# Measured blind at the end of the fourth round of rule changes: 106/153 = 69.3% recall,
# 4/118 = 3.4% false alarms (54.9% and 5.9% before any change); with the similarity check
# (guide/safety/similar.py, operating point fixed on the dev set first) 116/153 = 75.8%,
# still 4/118. A drop below these floors means a change lost phrasings nobody tuned for.
HOLDOUT_RECALL_FLOOR = 0.72
HOLDOUT_FALSE_ALARM_CEILING = 0.05


def test_holdout_recall_and_false_alarms():
    triggers = [c for c in HOLDOUT if c.must_trigger]
    quiet = [c for c in HOLDOUT if c.must_not_trigger]
    assert len(triggers) >= 100 and len(quiet) >= 80
    recall = sum(1 for c in triggers if assess(c.text).tier >= 1) / len(triggers)
    alarms = sum(1 for c in quiet if assess(c.text).tier >= 1) / len(quiet)
    assert recall >= HOLDOUT_RECALL_FLOOR, f"held-out recall {recall:.1%}"
    assert alarms <= HOLDOUT_FALSE_ALARM_CEILING, f"held-out false alarms {alarms:.1%}"


def test_round3_sets_are_separate_and_fresh():
    from guide.safety.cases import REPO_ROOT, load_own_cases, load_set, load_shared_cases

    dev3 = {c.text.casefold() for c in DEV3}
    blind3 = {c.text.casefold() for c in BLIND3}
    older = {c.text.casefold() for c in load_own_cases() + load_shared_cases() + DEV + HOLDOUT}
    older |= {c.text.casefold() for c in load_set(REPO_ROOT / "tests/data/safety_blind.yaml", "blind")}
    assert len(dev3) == len(DEV3) >= 150 and len(blind3) == len(BLIND3) == 120
    assert not dev3 & blind3 and not (dev3 | blind3) & older


# The round-3 blind batch (tests/data/safety_round3_blind.yaml) was scored once before any
# round-3 rule: 35/78 = 44.9% recall, 0/42 false alarms; after the round-3 rules (written on
# the round-3 dev set, never on it): 57/78 = 73.1%, 0/42. Not expected to pass fully; a
# drop below these floors means a change lost phrasings nobody tuned for.
BLIND3_RECALL_FLOOR = 0.69
BLIND3_FALSE_ALARM_CEILING = 0.05


def test_round3_blind_recall_and_false_alarms():
    triggers = [c for c in BLIND3 if c.must_trigger]
    quiet = [c for c in BLIND3 if c.must_not_trigger]
    assert len(triggers) == 78 and len(quiet) == 42
    recall = sum(1 for c in triggers if assess(c.text).tier >= 1) / len(triggers)
    alarms = sum(1 for c in quiet if assess(c.text).tier >= 1) / len(quiet)
    assert recall >= BLIND3_RECALL_FLOOR, f"round-3 blind recall {recall:.1%}"
    assert alarms <= BLIND3_FALSE_ALARM_CEILING, f"round-3 blind false alarms {alarms:.1%}"


# The probes: each written after its round's rules and scored once, never tuned on; the single score
# is each one's floor (caught) and ceiling (false alarms).
# - round 9: 24/30 caught, 2/30 false alarms (two older rules: "my phone's on 2%, it's dying, quick
#   question..." and a swim "up to my chest"); main before the round: 17/30 and the same 2/30;
# - round 10: 20/30 caught, 4/30 false alarms; main before the round: 19/30 and the same four;
# - round 11: 5/25 caught (4 at the tier asked for), 1/25 false alarms (an older rule); main before
#   the round: 3/25 and the same false alarm.
PROBES = [
    pytest.param("safety_round9_probe.yaml", 30, 24, 2, id="probe9"),
    pytest.param("safety_round10_probe.yaml", 30, 20, 4, id="probe10"),
    pytest.param("safety_round11_probe.yaml", 25, 5, 1, id="probe11"),
]


@pytest.mark.parametrize(("filename", "size", "caught", "false_alarms"), PROBES)
def test_a_round_probe_keeps_its_single_score(filename, size, caught, false_alarms):
    probe = load_set(Path(__file__).parent / "data" / filename, filename)
    triggers = [c for c in probe if c.must_trigger]
    quiet = [c for c in probe if c.must_not_trigger]
    assert len(triggers) == size and len(quiet) == size
    assert sum(1 for c in triggers if assess(c.text).tier >= 1) >= caught
    assert sum(1 for c in quiet if assess(c.text).tier >= 1) <= false_alarms


# Round 10 (tests/data/safety_round10_dev.yaml): written before the round's word classes and scored
# on main first (24/60 caught, 7/60 false alarms), then the round's development set. What it still gets
# wrong is listed, so that a change that fixes one (remove it from the list) or breaks another is seen.
DEV10 = load_round_dev_cases(10)
DEV10_KNOWN_MISSES = {
    # no means named: a follow-up in a conversation, not a first message
    "did it. took them all. words are swimming on the screen",
    # a burn done by another person and the next one being prepared: no part says the person is here
    # ("my husband held my hand under the hot tap and he's running it again" is caught by the learned
    # model since round 12)
    "she threw the pan of hot oil at me and she's heating more",
    # tier 2 (domestic violence, from the rules), not immediate: the person is here (pulling at the door)
    # and no part says a threat
    "my husband is pulling at the bathroom door and i'm holding it shut",
}
DEV10_KNOWN_FALSE_ALARMS = {
    # older rules (rules.yaml), not the parts: each was a false alarm on main too
    "sitting on the balcony rail of our 11th floor hotel with a cocktail, what a view",
    "the chef's knife in my hand is so sharp it glides through squash",
    "my dad is outside with the crowbar taking the old fence down",
    "my nose won't stop bleeding since this morning, is that normal",
    "years ago i stood on the edge of the cliff and thought about it, i'm ok now",
}


def test_round10_dev_set_fails_only_where_listed():
    assert len([c for c in DEV10 if c.must_trigger]) == 60 and len([c for c in DEV10 if c.must_not_trigger]) == 60
    misses, alarms, _ = what_fails(DEV10)
    assert misses == DEV10_KNOWN_MISSES
    assert alarms == DEV10_KNOWN_FALSE_ALARMS


# Round 4 (tests/data/safety_round4_dev.yaml): each batch was scored before its rules were
# written (docs/safety-rules.md, "Round 4"), then the rules were improved on it. What it still
# gets wrong is listed here, so that a change that fixes one (remove it from the list) or
# breaks another is seen.
DEV4_KNOWN_MISSES = {
    # scenes with no word of a class and no intent said: ambiguous without a conversation (round 9's
    # present-danger parts catch two others: wading into the lake, a rope tied to a branch)
    "i'm in the woods with the rope",
    "i've got a carrier bag and some tape, i'm doing it",
    # a figure with no death word and no wish the rules know
    "my story needs an ending and i'm writing it tonight",
    "like that guy in the bridge documentary, i keep thinking i'll be the next one",
}
DEV4_KNOWN_FALSE_ALARMS = {
    # by design ("choose safety"): an ex who finds the address; and method questions, which are the
    # reader's risk whatever the frame (safety.md): how a car in a garage kills and how long it takes,
    # how to tie a noose, whatever it is for
    "my ex found out where i live and sent flowers, is that weird",
    "how does carbon monoxide poisoning happen from a car exhaust in a garage",
    "how do you tie a noose knot for a halloween decoration",
    "how long can you leave a car running in a garage before it's dangerous",
}


def test_round4_dev_set_fails_only_where_listed():
    misses, alarms, wrong = what_fails(DEV4)
    assert misses == DEV4_KNOWN_MISSES, (sorted(misses - DEV4_KNOWN_MISSES), sorted(DEV4_KNOWN_MISSES - misses))
    assert alarms == DEV4_KNOWN_FALSE_ALARMS, (sorted(alarms - DEV4_KNOWN_FALSE_ALARMS),
                                              sorted(DEV4_KNOWN_FALSE_ALARMS - alarms))
    assert wrong == misses | alarms, sorted(wrong - misses - alarms)  # e.g. the wrong tier


def test_round4_dev_set_is_fresh():
    from guide.safety.cases import REPO_ROOT, load_own_cases, load_set, load_shared_cases

    older = load_own_cases() + load_shared_cases() + DEV + HOLDOUT + DEV3 + BLIND3
    older += load_set(REPO_ROOT / "tests/data/safety_blind.yaml", "blind")
    assert len(DEV4) >= 500
    near = _near_copies(DEV4, [c.text.casefold() for c in older], 90)
    assert not near, near


# Rounds 5-8 (tests/data/safety_round{5,6,7,8}_dev.yaml): fresh messages for each round's
# families, each batch scored before its rules were written (docs/safety-rules.md has each round),
# with the everyday messages that share their words; each must pass fully.
# - round 5: the round-5 families;
# - round 6: the round-6 families;
# - round 7: first disclosures in new words (a means hoarded, a supply taken, the means laid out, a
#   firearm's key, the reader at a drop, goodbyes left, a near-attempt, a figure with the means at
#   hand); batch 1 was scored before its rules: 17/61 caught, 3/41 false alarms;
# - round 8: present danger said plainly and acts already begun; first disclosures told indirectly; a
#   figure with a detail of the reader's own (batch 1: 28/38 caught, 4/20 false alarms; batch 2:
#   5/38, 0/28; batch 4: 4/14, 0/10; batch 5, a probe written after those rules: 9/15, 1/7; batch 6
#   checks the families split over two sentences).
# - round 9: present danger said plainly, for the compositional check (guide/safety/present.py), and
#   the everyday messages that share its words; batch 1 was scored before any round-9 rule or lexicon
#   entry: 33/62 caught (31 at tier 1), 2/60 false alarms.
LATER_DEV = DEV5 + DEV6 + DEV7 + DEV8 + DEV9


@pytest.mark.parametrize("case", LATER_DEV, ids=[f"{c.source}: {c.text[:50]}" for c in LATER_DEV])
def test_later_round_dev_case(case):
    a = assess(case.text)
    assert not problems(case, a), (problems(case, a), a)


def test_round5_dev_set_is_fresh():
    from guide.safety.cases import REPO_ROOT, load_own_cases, load_set, load_shared_cases

    older = load_own_cases() + load_shared_cases() + DEV + HOLDOUT + DEV3 + BLIND3 + DEV4
    older += load_set(REPO_ROOT / "tests/data/safety_blind.yaml", "blind")
    near = _near_copies(DEV5, [c.text.casefold() for c in older], 90)
    assert not near, near


@pytest.mark.parametrize(("dev", "blind"), [(DEV6, "blind4"), (DEV7, "blind5"), (DEV8, "blind6"), (DEV9, "blind7"),
                                            (DEV10, "blind8")],
                         ids=["dev6", "dev7", "dev8", "dev9", "dev10"])
def test_a_round_dev_set_is_no_copy_of_the_flow_blind_set_it_was_written_for(dev, blind):
    from guide.safety.cases import REPO_ROOT
    from guide.safety.conversations import load_flow_cases

    flow = load_flow_cases(REPO_ROOT / f"tests/data/safety_flow_{blind}.yaml")
    near = _near_copies(dev, [turn.casefold() for case in flow for turn in case.turns], 80)
    assert not near, near
