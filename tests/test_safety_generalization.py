"""Generalization: the development set (rules are tuned on it) must pass fully; the
held-out set (never tuned on, never edited) is measured in test_safety_holdout below.
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
