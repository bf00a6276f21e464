"""The grieving-friend guide's conversation tests, in pytest: readers there talk about deaths,
by suicide too (docs/safety-rules.md, "Bereavement"). A death told as a loss, or a question about
its words, is answered from the post; a bereaved reader at risk gets the check-in; a "no, i'm fine,
i mean the wording" to the check-in is not read as danger; a UK guide names Samaritans first."""

from __future__ import annotations

from guide.authoring.testing import load_tests, run_suite
from guide.conversation import Engine
from guide.dialog.loader import load_guide
from guide.paths import REPO_ROOT

GRIEVING = REPO_ROOT / "benchmarks" / "data" / "article-g-grieving-friend"


def test_the_grieving_friend_guides_conversation_tests_pass():
    result = load_guide(GRIEVING)
    assert result.ok, result.problems
    suite = load_tests(result.guide)
    assert not suite.errors, suite.errors
    run = run_suite(Engine.build(result.guide), suite)
    safety = [r for r in run.runs if "safety.yaml" in str(r.test.file)]
    assert len(safety) >= 12
    assert not run.failed, [(r.test.name, [t.failures for t in r.turns if not t.passed]) for r in run.failed]
