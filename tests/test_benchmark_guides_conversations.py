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
    assert not run.failed, [(r.test.name, [t.failures for t in r.turns if not t.passed]) for r in run.failed]
