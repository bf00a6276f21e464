"""The bundled guide as shipped: clean, fully covered, and every conversation test passes."""

from __future__ import annotations

import pytest

from guide.authoring.testing import load_tests, run_suite
from guide.conversation import Engine
from guide.dialog.checks import validate
from guide.paths import BUNDLED_GUIDE


@pytest.fixture(scope="module")
def report():
    return validate(BUNDLED_GUIDE)


def test_validate_is_clean_with_full_coverage(report) -> None:
    assert [p.format() for p in report.problems] == []
    assert [c.ratio for c in report.coverage] == [1.0]
    assert len(report.guide.nodes) >= 30
    thin = [n.id for n in report.guide.nodes.values() if len(n.examples) < 12]
    assert thin == [], "every node has at least 12 example phrasings"


def test_every_conversation_test_passes(report) -> None:
    suite = load_tests(report.guide)
    assert not suite.problems, [p.format() for p in suite.problems]
    assert sum(len(t.turns) for t in suite.tests) >= 100
    run = run_suite(Engine.build(report.guide), suite)
    failures = [
        f"{t.test.name}: {r.turn.user!r} -> {r.reply.kind} {r.reply.node}: {'; '.join(r.failures)}"
        for t in run.failed for r in t.turns if not r.passed
    ]
    assert failures == []


def test_conversation_tests_reach_every_node(report) -> None:
    suite = load_tests(report.guide)
    run = run_suite(Engine.build(report.guide), suite)
    reached = {r.reply.node for t in run.runs for r in t.turns}
    assert set(report.guide.nodes) <= reached
