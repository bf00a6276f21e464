"""Generalization: the development set (rules are tuned on it) must pass fully; the
held-out set (never tuned on, never edited) is only held to the recall it was measured
at, minus a small margin, and to few false alarms: it is not expected to pass fully.
See docs/safety-rules.md, "Measuring generalization"."""

from __future__ import annotations

import pytest

from guide.safety import assess
from guide.safety.cases import load_dev_cases, load_holdout_cases, problems

DEV = load_dev_cases()
HOLDOUT = load_holdout_cases()


@pytest.mark.parametrize("case", DEV, ids=[c.text[:50] for c in DEV])
def test_dev_case(case):
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
