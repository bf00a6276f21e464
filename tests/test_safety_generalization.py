"""Generalization: the development set (rules are tuned on it) must pass fully; the
held-out set (never tuned on, never edited) is only held to the recall it was measured
at, minus a small margin, and to few false alarms: it is not expected to pass fully.
See docs/safety-rules.md, "Measuring generalization"."""

from __future__ import annotations

import pytest

from guide.safety import assess
from guide.safety.cases import (
    load_dev_cases,
    load_holdout_cases,
    load_round3_blind_cases,
    load_round3_dev_cases,
    problems,
)

DEV = load_dev_cases()
HOLDOUT = load_holdout_cases()
DEV3 = load_round3_dev_cases()
BLIND3 = load_round3_blind_cases()


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
