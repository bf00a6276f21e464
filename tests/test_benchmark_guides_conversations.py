"""Every guide in benchmarks/data keeps passing its author's own conversation tests.

These guides were written from docs/authoring.md by authors who checked them with `guide test`;
a matcher change that breaks a turn there breaks what an author was promised (guide D's
"i'm scared of failing so i never start" fell back for a while, and nothing ran its tests)."""

from __future__ import annotations

import pytest

from guide.authoring.testing import load_tests, run_suite
from guide.conversation import Engine
from guide.dialog.loader import load_guide
from guide.paths import REPO_ROOT

GUIDES = sorted(p.parent for p in (REPO_ROOT / "benchmarks" / "data").glob("*/guide.yaml"))
KNOWN_FAILING = {
    # since calibration's smallest margin is 0.04 (it picked 0.02 here): "my hens have stopped
    # laying" asks between eggs (0.52) and the retirement lesson (0.50, "after they stop laying"),
    # and "how do i stop a fox getting my chickens" between predators (0.43) and new hens (0.40).
    # That change alone took its reader questions from 72.8 to 77.2 % right, 5.4 to 3.3 % wrong.
    "article-f-backyard-chickens": 2,
    # since clarify is a bootstrap mean (calibrate.reached), guide J calibrates 0.32 / 0.32 / 0.04 with
    # a kinship lead of 2x (was 0.36 / 0.35 / 0.06, 1.5x): "she mixes up her pills, what can help"
    # (practical, 0.28, 1.57x the next) and one turn of the moving test fall back. Its reader
    # questions went 57 -> 62 right of 96, wrong 5 both, out of scope declined 29 -> 30 of 30.
    "article-j-parent-far-away": 2,
}
"""Conversation tests a guide may fail, each explained: a floor, so that one more fails CI."""


def test_the_benchmark_guides_are_found():
    assert len(GUIDES) >= 7


@pytest.mark.parametrize("root", GUIDES, ids=[p.name for p in GUIDES])
def test_a_benchmark_guides_conversation_tests_pass(root):
    result = load_guide(root)
    assert result.ok, result.problems
    suite = load_tests(result.guide)
    assert not suite.errors, suite.errors
    assert suite.tests, f"{root.name} has no conversation tests"
    run = run_suite(Engine.build(result.guide), suite)
    failed = [(r.test.name, [t.failures for t in r.turns if not t.passed]) for r in run.failed]
    assert len(failed) <= KNOWN_FAILING.get(root.name, 0), failed
