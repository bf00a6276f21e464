"""The grieving-friend guide's conversation tests, in pytest: readers there talk about deaths,
by suicide too (docs/safety-rules.md, "Bereavement"). A death told as a loss, or a question about
its words, is answered from the post; a bereaved reader at risk gets the check-in; a "no, i'm fine,
i mean the wording" to the check-in is not read as danger; a UK guide names Samaritans first."""

from __future__ import annotations

from guide.authoring.testing import load_tests
from guide.dialog.loader import load_guide
from guide.paths import REPO_ROOT

GRIEVING = REPO_ROOT / "benchmarks" / "data" / "article-g-grieving-friend"


def test_the_grieving_friend_guide_keeps_its_bereavement_conversations():
    """They are run with every benchmark guide's tests (tests/test_benchmark_guides_conversations.py,
    which allows this guide no failure); here, that the bereavement ones are there to run."""
    result = load_guide(GRIEVING)
    assert result.ok, result.problems
    suite = load_tests(result.guide)
    assert not suite.errors, suite.errors
    safety = [test for test in suite.tests if "safety.yaml" in str(test.file)]
    assert len(safety) >= 12
