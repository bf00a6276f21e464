"""Every shared crisis case and every case of tests/data/safety_cases.yaml behaves as
expected (see guide/safety/cases.py for what is checked)."""

from __future__ import annotations

from collections import Counter

import pytest

from guide.safety import assess
from guide.safety.cases import load_own_cases, load_shared_cases, problems, shared_cases_path

SHARED = load_shared_cases()
OWN = load_own_cases()


@pytest.mark.skipif(not SHARED, reason=f"no shared cases at {shared_cases_path()}")
@pytest.mark.parametrize("case", SHARED, ids=[c.text[:50] for c in SHARED])
def test_shared_case(case):
    a = assess(case.text)
    assert not problems(case, a), (problems(case, a), a)


@pytest.mark.parametrize("case", OWN, ids=[c.text[:50] for c in OWN])
def test_own_case(case):
    a = assess(case.text)
    assert not problems(case, a), (problems(case, a), a)


def test_own_cases_are_enough_and_balanced():
    assert len(OWN) >= 80
    triggers = [c for c in OWN if c.must_trigger]
    quiet = [c for c in OWN if c.must_not_trigger]
    assert len(triggers) >= len(OWN) // 2 - 10 and len(triggers) >= 40
    assert len(quiet) >= 40


def test_own_cases_cover_every_phrasing_and_category():
    kinds = Counter(c.kind for c in OWN if c.must_trigger)
    for kind in ("direct", "indirect", "coded", "misspelled", "third_party", "method",
                 "immediate", "self_harm", "sexual_assault_current", "sexual_assault_past",
                 "domestic_violence", "coercion", "hopelessness", "recurrence", "minor"):
        assert kinds[kind] >= 2, kind
    quiet = Counter(c.kind for c in OWN if c.must_not_trigger)
    for kind in ("idiom", "hyperbole", "gaming", "article", "anxiety", "research",
                 "keyword_trap", "negation", "past", "meta"):
        assert quiet[kind] >= 1, kind
    categories = {assess(c.text).category for c in OWN if c.must_trigger}
    assert {"suicidal_ideation", "immediate_danger", "immediate_danger_dv", "method_seeking",
            "self_harm", "sexual_assault", "domestic_violence", "coercion", "hopelessness",
            "recurrence", "third_party", "minor"} <= categories


def test_own_cases_do_not_repeat_the_shared_ones():
    shared = {c.text.casefold() for c in SHARED}
    assert not [c.text for c in OWN if c.text.casefold() in shared]
