"""`guide test`: conversation tests read like guide files, played like a reader, reported like pytest;
coverage; and `guide chat --plain --record` writing a test file that passes as written."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from guide.authoring.coverage import coverage_of_run
from guide.authoring.testing import load_tests, run_suite
from guide.cli import main
from guide.conversation import Engine
from guide.dialog.loader import load_guide
from guide.paths import REPO_ROOT

PASSING = """\
# yaml-language-server: $schema=../../schemas/tests.schema.json
- name: greets and walks
  turns:
    - user: hello
      node: hello
      quotes: Cats sleep
    - user: when do dogs walk
      node: dogs
      says: every morning
- name: not covered
  turns:
    - user: tell me about horses
      kind: fallback
      not_node: dogs
    - user: help
      kind: command
"""

FAILING = """\
- name: dogs are not hello
  turns:
    - user: hello
      node: hello
    - user: when do dogs walk
      node: hello
"""


def run(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "guide", *args], input=stdin, capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=60, env={**os.environ, **(env or {})})


# -- running ---------------------------------------------------------------------------------------

def test_passing_tests_print_dots_and_a_summary(make_guide, capsys) -> None:
    root = make_guide({"tests/basics.yaml": PASSING})
    assert main(["test", str(root)]) == 0
    out = capsys.readouterr().out
    assert "2 tests (4 turns) in 1 file" in out
    assert f"{root}/tests/basics.yaml ....\n" in out
    last = out.splitlines()[-1]
    assert "2 passed in " in last and last.startswith("=") and "failed" not in last


def test_one_turn_is_said_in_the_singular(make_guide, capsys) -> None:
    root = make_guide({"tests/one.yaml": "- name: one\n  turns:\n    - user: hi\n      node: hello\n"})
    assert main(["test", str(root)]) == 0
    assert "1 test (1 turn) in 1 file" in capsys.readouterr().out  # not "(1 turns)"


def test_a_failing_turn_shows_where_what_was_expected_what_came_and_the_candidates(make_guide, capsys) -> None:
    root = make_guide({"tests/walk.yaml": FAILING})
    assert main(["test", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{root}/tests/walk.yaml .F" in out
    assert "FAILURES" in out
    assert f"{root}/tests/walk.yaml::dogs are not hello" in out
    assert f"{root}/tests/walk.yaml:5: turn 2: 'when do dogs walk'" in out
    assert "expected: answer from node 'hello'" in out
    assert re.search(r"got:      answer \(node 'dogs'\), confidence 0\.\d\d\n", out)
    assert "✗ node 'hello' did not answer: the reply is an answer from node 'dogs'" in out
    assert "context:  hello (its follow-ups were candidates)" in out
    assert "decision: answer: 'dogs' scored" in out
    # the matcher's candidates, with the phrasing that matched best and where it is written
    assert re.search(rf"1\. dogs +0\.\d+  “[^”]+”  {re.escape(str(root))}/nodes/dogs.yaml:\d\n", out)
    assert out.splitlines()[-1].strip("= ").startswith("0 passed, 1 failed in ")


def test_a_turn_answered_before_matching_shows_what_made_the_reply_not_a_decision(make_guide, capsys) -> None:
    """A command, a pick of a suggestion, a question about the guide, a request for help: the
    matcher's decision for those words was never used, so the report shows what made the reply."""
    failing = """\
- name: replies made before matching
  turns:
    - user: when do dogs walk
      node: dogs
    - user: help
      node: dogs
    - user: "1"
      node: dogs
    - user: what can you help me with
      node: dogs
    - user: i need someone to talk to
      node: dogs
"""
    root = make_guide({"tests/routes.yaml": failing})
    assert main(["test", str(root)]) == 1
    out = capsys.readouterr().out
    reports = re.split(rf"{re.escape(str(root))}/tests/routes.yaml:\d+: ", out)[1:]
    assert [r.split(":")[0] for r in reports] == ["turn 2", "turn 3", "turn 4", "turn 5"]
    command, pick, welcome, resources = reports
    assert "got:      command 'help' (no node)\n" in command
    assert "made by:  the built-in command 'help' (read before matching: the matcher was not asked)" in command
    assert "context:  dogs (its follow-ups were active)" in command
    assert "got:      answer (node 'hello')\n" in pick
    assert "made by:  a pick of the last reply's suggestions" in pick
    assert "made by:  a question about the guide itself, which its welcome answers" in welcome
    assert "made by:  a request for help: the support lines only, because the request does not ask for a helpline" \
           in resources
    for report in reports:  # no matcher decision that was never used, nor its candidates
        assert "decision:" not in report and "scores:" not in report and "candidates:" not in report
        assert "confidence" not in report.split("✗")[0]
        assert "reply:    " in report
    [played] = run_suite(Engine.build(load_guide(root).guide), load_tests(load_guide(root).guide)).runs
    assert [t.route for t in played.turns] == ["matcher", "command", "suggestion", "welcome question",
                                               "help request"]
    assert played.turns[2].matched is None  # a pick exercises no phrasing


def test_the_run_says_which_thresholds_it_used_and_a_failing_turn_its_score_against_them(make_guide,
                                                                                         capsys) -> None:
    declined = """\
- name: horses are dogs
  turns:
    - user: tell me about walking horses at dawn
      node: dogs
"""
    root = make_guide({"tests/walk.yaml": FAILING, "tests/horses.yaml": declined})
    assert main(["test", str(root)]) == 1
    out = capsys.readouterr().out
    assert "thresholds: answer 0.48, clarify 0.31, margin 0.05 (the defaults: too few phrasings to calibrate)" in out
    assert re.search(r"scores:   'dogs' 0\.\d\d ≥ answer 0\.48; leads 'hello' by 0\.\d\d \(margin 0\.0\d at that "
                     r"score\) \(not calibrated\)\n", out), out
    assert re.search(r"scores:   '\w+' 0\.\d\d < answer 0\.48 \(0\.\d\d short\), [<≥] clarify 0\.31", out), out
    assert main(["test", "--format", "json", str(root)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["thresholds"] == {"answer": 0.48, "clarify": 0.31, "margin": 0.05, "calibrated_on": 0,
                                  "from": "the defaults: too few phrasings to calibrate"}


def test_a_calibrated_guide_says_its_thresholds_move(capsys) -> None:
    assert main(["test", "-k", "touch", str(REPO_ROOT / "dialogs/attachment-anxiety")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"thresholds: answer 0\.\d\d, clarify 0\.\d\d, margin 0\.\d\d \(calibrated on \d+ left-out "
                     r"phrasings; guide calibrate shows how\)\n  calibrated thresholds move when phrasings change", out)


def test_a_quoted_name_followed_by_more_text_is_named_as_such(make_guide, capsys) -> None:
    broken = """\
- name: "let me know if you need anything", then the rota
  turns:
    - user: hello
      node: hello
"""
    root = make_guide({"tests/broken.yaml": broken})
    assert main(["test", str(root)]) == 2
    out = capsys.readouterr().out
    assert (f"{root}/tests/broken.yaml:1:43: error: YAML syntax: a quoted value is followed by more text on the same "
            "line (“, then the rota”)") in out
    assert """hint: put the whole value in quotes, e.g. - name: '"let me know if you need anything", then the rota'""" \
        in out
    assert "indented differently" not in out


def test_verbose_prints_a_line_per_test(make_guide, capsys) -> None:
    root = make_guide({"tests/basics.yaml": PASSING, "tests/walk.yaml": FAILING})
    assert main(["test", "-v", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{root}/tests/basics.yaml::greets and walks PASSED" in out
    assert f"{root}/tests/walk.yaml::dogs are not hello FAILED" in out


def test_k_selects_tests_by_name(make_guide, capsys) -> None:
    root = make_guide({"tests/basics.yaml": PASSING, "tests/walk.yaml": FAILING})
    assert main(["test", str(root), "-k", "GREETS"]) == 0
    assert "1 passed" in capsys.readouterr().out.splitlines()[-1]
    assert main(["test", str(root), "-k", "nothing like it"]) == 2
    assert "no tests match -k 'nothing like it'" in capsys.readouterr().err


def test_a_test_file_as_path_runs_only_that_file(make_guide, capsys) -> None:
    root = make_guide({"tests/basics.yaml": PASSING, "tests/walk.yaml": FAILING})
    assert main(["test", str(root / "tests" / "basics.yaml")]) == 0
    out = capsys.readouterr().out
    assert "walk.yaml" not in out and "2 passed" in out


def test_json_report(make_guide, capsys) -> None:
    root = make_guide({"tests/walk.yaml": FAILING})
    assert main(["test", "--format", "json", str(root)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["passed"], report["failed"]) == (0, 1)
    first, second = report["tests"][0]["turns"]
    # a greeting is small talk, answered with the welcome: no matcher decision to report
    assert first["passed"] and (first["made_by"], first["matched"]) == ("small talk", None)
    assert second["passed"] is False and (second["got"]["kind"], second["got"]["node"]) == ("answer", "dogs")
    assert second["failures"] == ["node 'hello' did not answer: the reply is an answer from node 'dogs'"]
    assert second["line"] == 5 and second["candidates"][0]["intent"] == "dogs"
    matched = second["matched"]
    assert matched["intent"] == "dogs" and matched["where"] == f"{root}/nodes/dogs.yaml:3"
    assert matched["example"] in ("dogs", "walking the dog", "when do dogs walk", "dog walks", "morning walk")
    assert report["coverage"]["nodes"]["covered"] == 2  # both replies came from a node


def test_expectations_each_checked(make_guide) -> None:
    tests = """\
- name: wrong on every count
  turns:
    - user: hello
      kind: fallback
    - user: hello
      node: dogs
    - user: hello
      not_node: hello
    - user: hello
      says: no such words
- name: a quote that is not there
  turns:
    - user: hello
      quotes: Birds sing
"""
    root = make_guide({"tests/t.yaml": tests})
    guide = load_guide(root).guide
    engine = Engine.build(guide)
    suite = load_tests(guide)
    assert not suite.problems
    played, quoted = run_suite(engine, suite).runs
    failures = [t.failures for t in played.turns + quoted.turns]
    assert failures[0] == ("the reply is an answer, not a fallback",)
    assert failures[1] == ("node 'dogs' did not answer: the reply is an answer from node 'hello'",)
    assert failures[2] == ("node is 'hello', which this turn must not reach",)
    assert failures[3] == ('the reply does not contain "no such words"',)
    assert failures[4] == ('no quote contains "Birds sing" (1 quote in the reply)',)


def test_says_and_quotes_ignore_case_and_spacing(make_guide) -> None:
    tests = "- name: t\n  turns:\n    - user: hello\n      says: 'HELLO.'\n      quotes: \"cats   SLEEP\\nfor most\"\n"
    root = make_guide({"tests/t.yaml": tests})
    guide = load_guide(root).guide
    [played] = run_suite(Engine.build(guide), load_tests(guide)).runs
    assert played.passed


# -- test files are checked like guide files ----------------------------------------------------------

@pytest.mark.parametrize(("content", "where", "message"), [
    ("- name: t\n  turns:\n    - user: hi\n      node: [dogs\n", ":4:13:", "YAML syntax"),
    ("- name: t\n  turns:\n    - user: hi\n      nod: dogs\n", ":4:7:", "unknown key 'nod' in turn 1"),
    ("- name: t\n  turns:\n    - user: hi\n      node: dgos\n", ":4:13:", "node 'dgos' does not exist"),
    ("- name: t\n  turns:\n    - user: hi\n      not_node: cats\n", ":4:17:", "node 'cats' does not exist"),
    ("- name: t\n  turns:\n    - user: hi\n      kind: answr\n", ":4:13:", "'kind' should be one of answer"),
    ("- name: t\n  turns: []\n", ":2:10:", "'turns' needs at least 1 item"),
    ("- name: t\n", ":1:3:", "test 't' is missing 'turns'"),
    ("name: t\nturns: []\n", ":1:1:", "a test file holds a list of tests"),
    ("\t- name: t\n", ":1:1:", "tab character"),
    (b"- name: t\xff\n", ":1:10:", "not UTF-8"),
    ("", ":1:1:", "file is empty"),
    ("- name: t\n  turns:\n    - user: hi\n      node: dogs\n      kind: fallback\n", ":5:13:",
     "a fallback never comes from a node"),
    ("- name: t\n  turns:\n    - user: hi\n      node: dogs\n      not_node: dogs\n", ":5:17:",
     "the turn expects node 'dogs' and `not_node` 'dogs': this turn cannot pass"),
    ("- name: t\n  turns:\n    - user: hi\n      quotes: Cats sleep all night\n", ":4:15:",
     "no source says this: no quote in a reply can contain it, so this turn cannot pass"),
])
def test_broken_test_files_exit_two_with_file_line_col(make_guide, capsys, content, where, message) -> None:
    root = make_guide({"tests/broken.yaml": content, "tests/ok.yaml": PASSING})
    assert main(["test", str(root)]) == 2
    out = capsys.readouterr().out
    line = next((ln for ln in out.splitlines() if f"tests/broken.yaml{where}" in ln), None)
    assert line is not None, out
    assert "error:" in line and message in line, line
    assert "no tests were run" in out.splitlines()[-1]


def test_missing_node_has_a_did_you_mean_hint(make_guide, capsys) -> None:
    root = make_guide({"tests/t.yaml": "- name: t\n  turns:\n    - user: hi\n      node: dgos\n"})
    assert main(["test", str(root)]) == 2
    assert "hint: did you mean 'dogs'?" in capsys.readouterr().out


def test_unknown_test_key_suggests_the_right_one(make_guide, capsys) -> None:
    root = make_guide({"tests/t.yaml": "- nme: t\n  turns:\n    - user: hi\n"})
    assert main(["test", str(root)]) == 2
    out = capsys.readouterr().out
    assert "unknown key 'nme'" in out and "did you mean 'name'?" in out


def test_manifest_test_globs_are_used(make_guide, capsys) -> None:
    from tests.conftest import TINY_MANIFEST

    root = make_guide({"guide.yaml": TINY_MANIFEST + "tests: [checks/*.yaml]\n", "checks/a.yaml": PASSING,
                       "tests/walk.yaml": FAILING})
    assert main(["test", str(root)]) == 0
    assert "checks/a.yaml" in capsys.readouterr().out


def test_no_tests_exits_two(make_guide, capsys) -> None:
    root = make_guide()
    assert main(["test", str(root)]) == 2
    assert "has no conversation tests" in capsys.readouterr().err


def test_missing_guide_exits_two(tmp_path: Path) -> None:
    result = run("test", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr and "Traceback" not in result.stderr


def test_guide_with_errors_exits_two(make_guide, capsys) -> None:
    root = make_guide({"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nanswer:\n  - quote: not in the source\n",
                       "tests/t.yaml": PASSING})
    assert main(["test", str(root)]) == 2
    err = capsys.readouterr().err
    assert "quote not found" in err and "the guide has errors" in err


def test_a_test_file_outside_a_guide_is_explained(tmp_path: Path, capsys) -> None:
    stray = tmp_path / "stray.yaml"
    stray.write_text(PASSING)
    assert main(["test", str(stray)]) == 2
    assert "looks like a test file, but no folder above it has a guide.yaml" in capsys.readouterr().err


def test_duplicate_test_names_warn(make_guide, capsys) -> None:
    root = make_guide({"tests/a.yaml": PASSING, "tests/b.yaml": PASSING})
    assert main(["test", str(root)]) == 0
    assert "warning: another test is named 'greets and walks'" in capsys.readouterr().out


# -- coverage ----------------------------------------------------------------------------------------

FOLLOWUP_NODE = """\
id: dogs
title: Dogs
examples: [dogs, walking the dog, when do dogs walk, dog walks, morning walk]
answer:
  - quote: Dogs need a walk every morning and every evening.
followups:
  - title: birds
    examples: [and birds, what about birds]
    answer:
      - quote: Birds sing at dawn
  - title: back to cats
    examples: [and cats]
    goto: hello
choices: [hello]
"""


def test_coverage_counts_nodes_followups_phrasings_and_paragraphs(make_guide) -> None:
    tests = """\
- name: dogs then birds
  turns:
    - user: when do dogs walk
      node: dogs
    - user: what about birds
      node: dogs
      quotes: Birds sing
"""
    root = make_guide({"nodes/dogs.yaml": FOLLOWUP_NODE, "tests/t.yaml": tests})
    guide = load_guide(root).guide
    engine = Engine.build(guide)
    run = run_suite(engine, load_tests(guide))
    assert not run.failed
    coverage = coverage_of_run(guide, run)
    assert coverage.nodes.covered == {"dogs"} and coverage.nodes.missing == ("hello",)
    assert coverage.followups.covered == {"dogs#1"} and coverage.followups.missing == ("dogs#2",)
    # a phrasing is exercised when a test input matched its node through it (Candidate.example)
    exercised = sorted(item.split("\t") for item in coverage.phrasings.covered)
    assert [key for key, _ in exercised] == ["dogs", "dogs#1"]
    assert exercised[0][1] in ("dogs", "walking the dog", "when do dogs walk", "dog walks", "morning walk")
    assert exercised[1][1] in ("and birds", "what about birds")
    assert len(coverage.phrasings.total) == 5 + 5 + 2 + 1
    [paragraphs] = coverage.paragraphs
    assert paragraphs.covered == {"2", "3"} and paragraphs.missing == ("1",)
    text = coverage.format()
    assert "nodes 1/2 (50%)" in text and "follow-ups 1/2 (50%)" in text and "phrasings 2/13 (15%)" in text
    assert "doc paragraphs 2/3 (67%) quoted" in text
    assert f"{root}/nodes/hello.yaml:1: hello" in text
    assert f"{root}/nodes/dogs.yaml:11: dogs#2 (back to cats)" in text
    assert "doc paragraphs no test quotes: 1" in text


def test_goto_follows_count_as_reached(make_guide) -> None:
    tests = "- name: t\n  turns:\n    - user: dogs\n    - user: and cats\n      node: hello\n"
    root = make_guide({"nodes/dogs.yaml": FOLLOWUP_NODE, "tests/t.yaml": tests})
    guide = load_guide(root).guide
    run = run_suite(Engine.build(guide), load_tests(guide))
    assert not run.failed
    coverage = coverage_of_run(guide, run)
    assert coverage.followups.covered == {"dogs#2"}
    assert coverage.nodes.covered == {"dogs", "hello"}


def test_coverage_summary_and_json_in_the_report(make_guide, capsys) -> None:
    root = make_guide({"tests/basics.yaml": PASSING})
    assert main(["test", str(root)]) == 0
    out = capsys.readouterr().out
    assert "- coverage -" in out
    assert "nodes 2/2 (100%)" in out and "doc paragraphs 3/3 (100%) quoted" in out
    assert main(["test", "--format", "json", str(root)]) == 0
    coverage = json.loads(capsys.readouterr().out)["coverage"]
    assert coverage["nodes"] == {"total": 2, "covered": 2, "ratio": 1.0, "missing": []}
    assert coverage["paragraphs"][0]["missing"] == []
    assert {"intent": "hello", "text": "hi", "where": f"{root}/nodes/hello.yaml:3"} in \
        coverage["phrasings"]["missing"]


# -- recording ----------------------------------------------------------------------------------------

def _chat(monkeypatch, capsys, args: list[str], lines: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    code = main(["chat", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_record_writes_a_test_file_that_passes(make_guide, monkeypatch, capsys) -> None:
    root = make_guide()
    target = root / "tests" / "recorded.yaml"
    target.parent.mkdir()
    code, _, err = _chat(monkeypatch, capsys, ["--plain", "--guide", str(root), "--record", str(target)],
                         "hello\nwalkies\ndgos\n2\nquit\n")
    assert code == 0 and "recorded 5 turns" in err
    text = target.read_text()
    assert text.startswith("# Recorded with `guide chat --record`")  # no schemas/ near: no schema line
    assert "name: 'recorded: hello'" in text
    assert "  - user: hello\n    node: hello\n    kind: answer\n" in text
    assert "  - user: walkies\n    kind: fallback\n" in text
    assert "  - user: quit\n    kind: command\n" in text
    assert main(["test", str(root)]) == 0
    assert "1 passed" in capsys.readouterr().out


def test_record_refuses_to_overwrite_unless_forced(make_guide, monkeypatch, capsys) -> None:
    root = make_guide()
    target = root / "mine.yaml"
    target.write_text("keep me")
    code, out, err = _chat(monkeypatch, capsys, ["--guide", str(root), "--record", str(target)], "hello\n")
    assert code == 2 and "exists" in err and "--force" in err
    assert out == "" and target.read_text() == "keep me"
    code, _, err = _chat(monkeypatch, capsys, ["--guide", str(root), "--record", str(target), "--force"],
                         "hello\n")
    assert code == 0 and "user: hello" in target.read_text()


def test_record_into_a_missing_folder_is_refused_before_chatting(make_guide, monkeypatch, capsys) -> None:
    root = make_guide()
    code, out, err = _chat(monkeypatch, capsys, ["--guide", str(root), "--record", str(root / "no" / "x.yaml")],
                           "hello\n")
    assert code == 2 and "does not exist" in err and out == ""


def test_record_nothing_said_writes_nothing(make_guide, monkeypatch, capsys) -> None:
    root = make_guide()
    target = root / "x.yaml"
    code, _, err = _chat(monkeypatch, capsys, ["--guide", str(root), "--record", str(target)], "")
    assert code == 0 and not target.exists() and "nothing was recorded" in err


def test_record_leaves_no_temporary_files(make_guide, monkeypatch, capsys) -> None:
    root = make_guide()
    target = root / "x.yaml"
    _chat(monkeypatch, capsys, ["--guide", str(root), "--record", str(target)], "hello\n")
    assert sorted(p.name for p in root.iterdir() if p.is_file()) == ["doc.md", "guide.yaml", "x.yaml"]


def test_record_end_to_end(make_guide) -> None:
    root = make_guide()
    target = root / "tests" / "r.yaml"
    target.parent.mkdir()
    result = run("chat", "--plain", "--guide", str(root), "--record", str(target), stdin="dgos\nhello\n")
    assert result.returncode == 0, result.stderr
    assert run("test", str(root)).returncode == 0


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_record_is_saved_when_the_chat_is_killed_or_its_terminal_closed(make_guide, name: str) -> None:
    """Only Ctrl-C saved the recording: `kill`, a shutdown (SIGTERM) or closing the terminal window
    (SIGHUP) ended the process at once, and every turn recorded so far was lost."""
    import signal

    signum = getattr(signal, name)
    root = make_guide()
    target = root / "tests" / "r.yaml"
    target.parent.mkdir()
    chat = subprocess.Popen([sys.executable, "-m", "guide", "chat", "--plain", "--guide", str(root), "--record",
                             str(target)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=REPO_ROOT)
    assert chat.stdin is not None and chat.stdout is not None
    chat.stdin.write("walking the dog\nhello\n")
    chat.stdin.flush()  # (stdin stays open: the chat waits for the next line)
    offers = 0
    while offers < 3:  # the welcome's, then each reply's
        line = chat.stdout.readline()
        assert line, chat.stderr.read() if chat.stderr else ""
        offers += line.startswith("Next:")
    chat.send_signal(signum)
    _, err = chat.communicate(timeout=60)
    assert chat.returncode == 128 + signum, err
    assert "recorded 2 turns" in err
    assert run("test", str(root)).returncode == 0


def test_guide_coverage_says_where_coverage_is(make_guide, capsys) -> None:
    """Guide P's authors read of coverage and typed `guide coverage`: argparse's "invalid choice"
    named no place. The message names `guide test`, whose output has the coverage it promises."""
    from guide.cli import main

    root = make_guide({"tests/t.yaml": "- name: hi\n  turns:\n    - user: hello\n      node: hello\n"})
    assert main(["coverage", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("guide: there is no `guide coverage`: coverage is part of `guide test [PATH]`")
    assert "`guide validate [PATH]` gives the paragraphs any node quotes" in err
    assert main(["test", str(root)]) == 0
    assert "- coverage -" in capsys.readouterr().out
    main(["validate", str(root)])
    assert re.search(r"coverage \d+/\d+ paragraphs", capsys.readouterr().out)


# -- a band of kinds: answered or offered ---------------------------------------------------------

def _turn(yaml_turn: str, make_guide):
    """The one turn of a test file holding ``yaml_turn``, read against the tiny guide, and its problems."""
    root = make_guide({"tests/t.yaml": "- name: band\n  turns:\n" + yaml_turn})
    guide = load_guide(root).guide
    suite = load_tests(guide)
    return (suite.tests[0].turns[0] if suite.tests and suite.tests[0].turns else None), suite.problems


def test_a_band_passes_an_answer_or_a_did_you_mean_that_offers_the_node(make_guide) -> None:
    """Calibrated thresholds move with unrelated phrasings, and a turn near them flips between an
    answer and "Did you mean" (guide P's authors had no way to say either will do): `kind: [answer,
    clarify]` with `node:` passes both, as long as the "Did you mean" offers that node."""
    from guide.authoring.testing import check_turn
    from guide.reply import Reply, Suggestion

    turn, problems = _turn("    - user: walkies\n      node: dogs\n      kind: [answer, clarify]\n", make_guide)
    assert not problems and turn.kind == ("answer", "clarify")
    assert turn.describe() == "answer from or clarify offering node 'dogs'"
    answered = Reply("walkies", "answer", "dogs", 0.5)
    offered = Reply("walkies", "clarify", None, 0.3, (), (Suggestion("Hello", "hello"), Suggestion("Dogs", "dogs")))
    not_offered = Reply("walkies", "clarify", None, 0.3, (), (Suggestion("Hello", "hello"),))
    assert check_turn(turn, answered) == () and check_turn(turn, offered) == ()
    assert check_turn(turn, not_offered) == ("node 'dogs' is not offered: the reply asks “Did you mean” with 'hello'",)
    assert check_turn(turn, Reply("walkies", "fallback")) == ("node 'dogs' did not answer: the reply is a fallback "
                                                              "(no node)",)
    assert check_turn(turn, Reply("walkies", "answer", "hello", 0.5))  # another node's answer never passes
    single, _ = _turn("    - user: walkies\n      node: dogs\n      kind: clarify\n", make_guide)
    assert check_turn(single, offered) == () and check_turn(single, answered)  # only the "Did you mean"
    unbound, _ = _turn("    - user: walkies\n      kind: [clarify, fallback]\n", make_guide)
    assert check_turn(unbound, not_offered) == () and check_turn(unbound, Reply("walkies", "fallback")) == ()
    assert check_turn(unbound, answered) == ("the reply is an answer, not a clarify or fallback",)


@pytest.mark.parametrize(("kind", "message"), [
    ("[answer, maybe]", 'kind 2 should be one of answer, clarify, fallback, safety, command, not the text "maybe"'),
    ("[answer, fallback]", "a fallback never comes from a node: with `node:`, a band names the kinds"),
    ("[]", "needs at least 1 item"),
])
def test_a_band_is_checked_like_a_kind(make_guide, kind, message) -> None:
    _, problems = _turn(f"    - user: walkies\n      node: dogs\n      kind: {kind}\n", make_guide)
    assert [p for p in problems if p.is_error and message in p.message], [p.message for p in problems]


def test_a_band_plays_in_a_run(make_guide, capsys) -> None:
    root = make_guide({"tests/t.yaml": "- name: band\n  turns:\n    - user: when do dogs walk\n      node: dogs\n"
                                       "      kind: [answer, clarify]\n    - user: hello\n      node: dogs\n"
                                       "      kind: [answer, clarify]\n"})
    assert main(["test", str(root)]) == 1
    out = capsys.readouterr().out
    assert "expected: answer from or clarify offering node 'dogs'" in out and "1 failed" in out
