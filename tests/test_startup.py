"""What `guide ask` pays for when it starts: structural checks (benchmarks/cold_start.py times it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guide.paths import REPO_ROOT


@pytest.fixture(scope="module")
def cached_ask(tmp_path_factory: pytest.TempPathFactory):
    """Run `guide ask QUESTION` in a fresh process, as on a user's machine: with the compiled
    guide and safety rules already cached (a first run keeps them). Returns what ``report``, an
    expression, evaluates to afterwards."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path_factory.mktemp("cache")))
    env.pop("GUIDE_NO_CACHE", None)
    env.pop("GUIDE_SAFETY_CACHE", None)

    def run(question: str, report: str = "None") -> object:
        code = ("import io, json, sys, contextlib; from guide.cli import main\n"
                "with contextlib.redirect_stdout(io.StringIO()):\n"
                f"    main(['ask', {question!r}])\n"
                f"print(json.dumps({report}))")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT,
                                env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.splitlines()[-1])

    run("hello")  # compiles and keeps the guide and the rules
    assert any(Path(env["XDG_CACHE_HOME"], "guide").glob("engine-*.pickle"))
    return run


QUESTIONS = ("why does touch calm me", "i want to kill myself", "what is the capital of france")


@pytest.mark.parametrize("question", QUESTIONS)
def test_named_tuples_of_a_conversation_are_made_by_guide_records(cached_ask, question: str) -> None:
    # typing.NamedTuple's classes cost six times as much to create (guide/records.py); a class made
    # by it keeps the `__orig_bases__` of its class statement
    report = ("sorted(f'{m.__name__}.{c.__name__}' for m in list(sys.modules.values()) "
              "if m.__name__.startswith('guide') for c in vars(m).values() "
              "if isinstance(c, type) and c.__module__ == m.__name__ and hasattr(c, '_fields') "
              "and '__orig_bases__' in vars(c))")
    assert cached_ask(question, report) == []


@pytest.mark.parametrize("question", ["why does touch calm me", "what is the capital of france"])
def test_a_cached_answer_imports_nothing_only_building_or_the_app_needs(cached_ask, question: str) -> None:
    # Textual (the app), YAML (reading a guide), pickle (writing the cache: reading it takes the C
    # Unpickler alone), bisect (locating quotes in a source), argparse (a question's words are read
    # without it: cli._asked_in_words) and guide.dialog.listitems (the numbered list's nodes, found
    # when the index is built) cost every start that imports them.
    never = {"textual", "yaml", "pickle", "bisect", "argparse", "guide.dialog.listitems"}
    report = f"sorted(({{m.split('.')[0] for m in sys.modules}} | set(sys.modules)) & {never!r})"
    assert cached_ask(question, report) == []
