"""`guide lint`: leave-one-out collisions between nodes and the typo/dropped-word self-test."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from guide.authoring.lint import PAIR_CODES, lint, shared_words, variants
from guide.cli import main
from guide.conversation import Engine
from guide.dialog.checks import validate
from guide.dialog.loader import load_guide
from tests.conftest import TINY_NODE

NODES = """\
- id: hello
  title: Hello
  examples: [hi, hello, hey there, good morning, start]
  answer:
    - quote: Cats sleep for most of the day
  choices: [cats, dogs]
- id: cats
  title: Cats sleeping
  examples:
    - why do cats sleep so much
    - cats sleeping in the sun
    - how long do cats sleep
    - sleepy cats
    - cat naps
  answer:
    - quote: Cats sleep for most of the day
  choices: [hello]
- id: dogs
  title: Dogs walking
  examples:
    - when do dogs walk
    - dog walks
    - walking the dog
    - morning walk
    - why do cats sleep so much at night
    - walk the dog daily
  answer:
    - quote: Dogs need a walk every morning and every evening.
  choices: [hello]
- id: daily
  title: Every day
  examples: [walk the daily, daily routine, every day, each day, routine]
  answer:
    - quote: Dogs need a walk every morning and every evening.
  choices: [hello]
- id: quokka
  title: Quokkas
  examples: [cats quokka dogs, quokka facts, tell me about quokkas, quokka, quokkas]
  answer:
    - quote: Birds sing at dawn
  choices: [hello]
"""


@pytest.fixture
def confusable(make_guide) -> Path:
    return make_guide({"nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/all.yaml": NODES},
                      keep_defaults=True)


def _report(root: Path):
    return lint(Engine.build(load_guide(root).guide))


def _findings(report, code: str) -> list:
    return [f for f in report.findings if f.code == code]


def test_variants_are_deterministic_reader_slips() -> None:
    assert list(variants("why do cats sleep so much")) == [
        ("why do cats so much", "without the word 'sleep'"),
        ("why do cats selep so much", "'sleep' typed 'selep'"),
        ("why do cats slep so much", "'sleep' typed 'slep'"),
    ]
    assert list(variants("hi")) == []
    assert list(variants("dog walks")) == [("dog wlaks", "'walks' typed 'wlaks'"), ("dog waks", "'walks' typed 'waks'")]
    assert list(variants("hello")) == list(variants("hello"))


def test_a_phrasing_answered_by_another_node_without_itself_is_a_collision(make_guide) -> None:
    root = make_guide({"nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/all.yaml": NODES})
    report = _report(root)
    [collision] = [f for f in _findings(report, "collision") if f.key == "daily"]
    assert (collision.key, collision.example.text, collision.other) == ("daily", "walk the daily", "dogs")
    assert collision.other_example == "walk the dog daily"
    assert collision.other_where == f"{root}/nodes/all.yaml:26"
    problem = next(p for p in report.problems if p.code == "collision" and p.line == 32)
    assert (problem.file, problem.line, problem.col) == (f"{root}/nodes/all.yaml", 32, 14)
    assert problem.message.startswith("phrasing “walk the daily” of node 'daily' lands on node 'dogs' when left out")
    assert "readers asking like this get its answer" in problem.message
    assert f"closest phrasing of node 'dogs': “walk the dog daily” ({root}/nodes/all.yaml:26)" in problem.hint
    assert "both say “walk”, “daily”" in problem.hint, "the words that pull the two together"


def test_shared_words_are_read_as_the_matcher_reads_them(make_guide) -> None:
    synonyms = "synonyms:\n  argument: [fight, row, blows up]\n"
    root = make_guide()
    manifest = root / "guide.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + synonyms, encoding="utf-8")
    engine = Engine.build(load_guide(root).guide)
    assert shared_words(engine, "the same fight over and over", "why do we fight over nothing") == [
        "“fight” (= “argument”)"]
    assert shared_words(engine, "it always blows up", "we always have a row") == [
        "“always”", "“blows up” (= “argument”)"]
    assert shared_words(engine, "walking the dogs", "she walked her dog") == ["“walking”", "“dogs”"]
    assert shared_words(engine, "is it bad", "what does the research say") == []


def test_a_phrasing_with_another_node_first_is_reported_both_ways(make_guide) -> None:
    root = make_guide({"nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/all.yaml": NODES})
    found = {(f.key, f.example.text, f.other) for f in _report(root).findings if f.code in ("collision", "confusion")}
    assert ("cats", "why do cats sleep so much", "dogs") in found
    assert ("dogs", "why do cats sleep so much at night", "cats") in found


def test_pairs_group_the_findings(make_guide) -> None:
    root = make_guide({"nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/all.yaml": NODES})
    report = _report(root)
    pairs = dict(report.pairs)
    assert pairs[("cats", "dogs")] >= 2 and pairs[("daily", "dogs")] >= 2
    titles = [title for title, _ in report.sections]
    # pairs with wrong answers first; each title counts its phrasings by kind
    collisions = [int(re.search(r"(\d+) answered by the other", t)[1]) if "answered by the other" in t else 0
                  for t in titles[:-1]]
    assert collisions == sorted(collisions, reverse=True) and collisions[0] >= 1
    assert any(t.startswith("daily ↔ dogs: ") for t in titles)
    assert any(t.startswith("cats ↔ dogs: ") for t in titles)
    assert titles[-1].startswith("self-test: ")
    for title, problems in report.sections[:-1]:
        assert title.split(": ", 1)[1].startswith(f"{len(problems)} phrasing")


def test_self_test_finds_a_variant_that_goes_elsewhere(make_guide) -> None:
    """ "walk the dog daily" without its middle word is another node's phrasing, word for word.
    (Which variants are lost depends on the matcher's tuning; the classification is tested below.)"""
    root = make_guide({"nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/all.yaml": NODES})
    report = _report(root)
    elsewhere = [f for f in _findings(report, "variant-elsewhere") if f.key == "dogs"]
    assert [(f.variant, f.change, f.other) for f in elsewhere] == [
        ("walk the daily", "without the word 'dog'", "daily")]
    problem = next(p for p in report.problems if p.code == "variant-elsewhere" and "“walk the daily”" in p.message)
    assert problem.line == NODES.splitlines().index("    - walk the dog daily") + 1
    assert problem.message.startswith("node 'dogs' is not found through “walk the daily” (without the word 'dog'): "
                                      "node 'daily' answers instead")
    assert "node 'daily' matched through “walk the daily”" in problem.hint
    assert report.variants == sum(report.variant_results.values())


def test_a_match_through_a_list_reference_says_so_not_an_empty_place(make_guide) -> None:
    """A variant that reached another node by naming a list item ("first lesson") has no phrasing
    to point at: the hint says how it was read."""
    from guide.authoring.lint import Finding, _problem
    from guide.authoring.phrasings import Phrasebook

    root = make_guide({"nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/all.yaml": NODES})
    engine = Engine.build(load_guide(root).guide)
    book = Phrasebook(engine.guide)
    example = book.intents["dogs"].examples[0]
    finding = Finding("variant-elsewhere", "dogs", example, "daily", "first lesson", "", None, 0.9,
                      "the first lesson", "without the word 'dog'")
    hint = _problem(finding, book, engine).hint
    assert "“first lesson” (read as naming an item of the source's numbered list" in hint and "()" not in hint


def test_variant_outcomes_are_classified_by_the_decision(make_guide, monkeypatch) -> None:
    """found: answered by the node; asked: a "Did you mean" offering it; elsewhere: another
    node answers; lost: not covered, or a "Did you mean" without it."""
    import guide.authoring.lint as lint_module
    from guide.authoring.lint import LintReport, self_test
    from guide.authoring.phrasings import Phrasebook
    from guide.matching.index import Candidate, Decision, Ranking

    script = iter([("answer", ["dogs"]), ("clarify", ["hello", "dogs"]), ("answer", ["hello"]),
                   ("clarify", ["hello"]), ("fallback", [])])

    class ScriptedIndex:
        kind = ""

        def rank(self, text: str, context: str | None = None) -> Ranking:
            self.kind, keys = next(script)
            return Ranking(text, None, tuple(Candidate(k, 0.5, "hi", False) for k in keys), False)

        def decide(self, ranking: Ranking) -> Decision:
            return Decision(self.kind, ranking.candidates, 0.5, "scripted")

    class ScriptedEngine:
        index = ScriptedIndex()

    guide = load_guide(make_guide()).guide
    book = Phrasebook(guide)
    book.intents = {"dogs": book.intents["dogs"]}
    monkeypatch.setattr(lint_module, "variants",
                        lambda text, keep=frozenset(): iter([(f"v{i}", "c") for i in range(5)]))
    report = LintReport(guide)
    self_test(ScriptedEngine(), book, report, per_intent=1)
    assert dict(report.variant_results) == {"found": 1, "asked": 1, "elsewhere": 1, "lost": 2}
    assert [(f.code, f.variant) for f in report.findings] == [
        ("variant-elsewhere", "v2"), ("variant-lost", "v3"), ("variant-lost", "v4")]


def test_close_calls_are_reported(make_guide) -> None:
    nodes = NODES.replace("    - cat naps\n", "    - cat naps\n    - do cats nap in the morning\n")
    root = make_guide({"nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/all.yaml": nodes})
    report = _report(root)
    assert report.findings == _report(root).findings  # deterministic
    codes = {f.code for f in report.findings}
    assert codes <= {"collision", "confusion", "close-call", "variant-elsewhere", "variant-lost"}
    margin = Engine.build(load_guide(root).guide).settings.margin
    for f in _findings(report, "close-call"):
        assert f.own_score - f.other_score < margin


def test_followups_going_to_a_node_do_not_collide_with_it(make_guide) -> None:
    hello = """\
id: hello
title: Hello
examples: [hi, hello, hey there, good morning, start]
answer:
  - quote: Cats sleep for most of the day
followups:
  - title: dogs
    examples: [dogs, walking the dog]
    goto: dogs
choices: [dogs]
"""
    root = make_guide({"nodes/hello.yaml": hello})
    report = _report(root)
    assert not [f for f in report.findings if {f.key, f.other} == {"hello#1", "dogs"}]


def test_a_clean_guide_has_no_findings(make_guide, capsys) -> None:
    root = make_guide()
    assert main(["lint", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith(f"{root}: ok: 6 phrasings left out (6 of nodes, 0 of follow-ups in "
                                           "their node's context; titles are never left out but match as "
                                           "phrasings, nor 4 greetings (matched as readers type them); 5 folds)")


def test_cli_text_strict_and_json(confusable, capsys) -> None:
    assert main(["lint", str(confusable)]) == 0  # findings are warnings
    out = capsys.readouterr().out
    assert "── daily ↔ dogs: 2 phrasings" in out
    assert f"{confusable}/nodes/all.yaml:32:14: warning: phrasing “walk the daily”" in out
    assert "── self-test: " in out
    assert re.match(rf"{re.escape(str(confusable))}: \d+ findings: 22 phrasings left out \(.*; 6 folds\)",
                    out.splitlines()[-1])
    assert main(["lint", "--strict", str(confusable)]) == 1
    capsys.readouterr()
    assert main(["lint", "--format", "json", str(confusable)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["phrasings"] == 22 and data["greetings"] == 4  # ("hi", "hello", "hey there", "good morning")
    assert data["folds"] == 6 and data["phrasings_of_followups"] == 0
    assert {"nodes": ["daily", "dogs"], "phrasings": 2} in data["pairs"]
    finding = next(f for f in data["findings"] if f["code"] == "collision" and f["intent"] == "daily")
    assert finding["where"] == f"{confusable}/nodes/all.yaml:32"
    assert finding["other_where"] == f"{confusable}/nodes/all.yaml:26"


def test_no_selftest_and_folds(confusable, capsys) -> None:
    assert main(["lint", "--no-selftest", "--folds", "2", str(confusable)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert "; 2 folds)" in last and "self-test: 0 variants" in last
    assert main(["lint", "--no-selftest", "--folds", "1", str(confusable)]) == 0
    assert "; 2 folds)" in capsys.readouterr().out  # one fold would leave every phrasing out at once


def test_parallel_folds_and_self_test_give_the_same_report(confusable) -> None:
    engine = Engine.build(load_guide(confusable).guide)
    parallel, single = lint(engine, jobs=2), lint(engine, jobs=1)
    assert any(f.code.startswith("variant") for f in single.findings)  # the self-test's findings are compared too
    assert parallel.findings == single.findings and parallel.problems == single.problems
    assert list(parallel.variant_results.items()) == list(single.variant_results.items())
    assert parallel.variants == single.variants


def test_missing_and_broken_guides_exit_two(tmp_path: Path, make_guide, capsys) -> None:
    assert main(["lint", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    root = make_guide({"nodes/dogs.yaml": "id: dogs\ntitle: [Dogs\n"})
    assert main(["lint", str(root)]) == 2
    err = capsys.readouterr().err
    assert "YAML syntax" in err and "the guide has errors" in err


def test_bundled_guide_lints_and_validate_stays_fast(bundled_guide: Path) -> None:
    """Lint is not part of validate: it builds an index per fold (timed in docs/authoring.md; a wall-clock limit
    here failed on a loaded machine), so validate, in a fresh process, never imports the authoring tools."""
    import subprocess
    import sys

    script = ("import sys; from guide.dialog.checks import validate; validate(sys.argv[1]); "
              "print(sorted(m for m in sys.modules if m.startswith('guide.authoring')))")
    imported = subprocess.run([sys.executable, "-c", script, str(bundled_guide)], capture_output=True, text=True,
                              check=True).stdout.strip()
    assert imported == "[]"
    report = validate(bundled_guide)
    assert not [p for p in report.problems if p.code in ("collision", "confusion", "close-call")]
    lint_report = _report(bundled_guide)
    examples = sum(len(n.examples) + sum(len(f.examples) for f in n.followups) for n in report.guide.nodes.values())
    assert lint_report.greetings and lint_report.phrasings == examples - lint_report.greetings  # ("hello", "hi")
    for problem in lint_report.problems:
        assert problem.severity == "warning" and problem.file.endswith(".yaml") and problem.line > 0


def test_lint_and_calibrate_say_what_their_phrasing_counts_hold(make_guide, capsys) -> None:
    """lint leaves out the follow-ups' phrasings too, calibrate only the nodes': both say so."""
    root = make_guide({"nodes/hello.yaml": TINY_NODE_WITH_FOLLOWUP})
    assert main(["lint", "--no-selftest", str(root)]) == 0
    assert "9 phrasings left out (6 of nodes, 3 of follow-ups in their node's context; titles are never left " \
           "out but match as phrasings, nor 4 greetings (matched as readers type them);" in capsys.readouterr().out
    assert main(["calibrate", str(root)]) == 0
    out = capsys.readouterr().out
    assert "10 phrasings left out in 8 folds" in out
    assert "(the nodes' phrasings: 10 of 10; not the 3 of follow-ups, which answer only right after their node, " \
           "nor titles; guide lint leaves out 9, the follow-ups' too, not the 4 greetings)" in out
    assert main(["calibrate", "--format", "json", str(root)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["phrasings_of_nodes"], data["phrasings_of_followups"]) == (10, 3)
    root = make_guide({"nodes/hello.yaml": TINY_NODE_WITH_FOLLOWUP.replace("hey there, good morning, ", "")
                      .replace("[hi, hello", "[cats, sleeping cats")})
    assert main(["calibrate", str(root)]) == 0
    assert "guide lint leaves out all 11, the follow-ups' too)" in capsys.readouterr().out  # (no greeting)


TINY_NODE_WITH_FOLLOWUP = TINY_NODE.replace("choices: [dogs]\n", """\
followups:
  - examples: [and the cats, what about cats, cats too]
    answer:
      - quote: often in the sun
choices: [dogs]
""")


def test_variants_leave_the_words_of_a_synonym_phrase_alone() -> None:
    from guide.authoring.lint import synonym_words

    synonyms = {"cheer up": ["cheer him up", "cheer her up"], "snap at": ["snapped at me"], "touch": ["hug"]}
    keep = synonym_words("how do i cheer him up", synonyms)
    assert keep == {3, 4, 5}
    assert list(variants("how do i cheer him up", keep)) == [("how do cheer him up", "without the word 'i'")]
    keep = synonym_words("my friend snapped at me yesterday", synonyms)
    assert all("snapped at me" in variant for variant, _ in variants("my friend snapped at me yesterday", keep))
    assert synonym_words("why does touch calm me", synonyms) == frozenset()  # one-word synonyms: typos are fine


def test_the_self_test_does_not_alter_synonym_phrases(make_guide, monkeypatch) -> None:
    """A slip inside "cheer him up" tests the synonym list, not the node: it scored 0 and the hint
    said to add synonyms. The self-test leaves such phrases whole."""
    from guide.authoring.lint import self_test
    from guide.authoring.phrasings import Phrasebook

    manifest = "title: Tiny\nstart: hello\nsources:\n  doc:\n    file: doc.md\nsynonyms:\n  cheer up: [cheer him up]\n"
    node = ("id: hello\ntitle: Hello\nexamples: [how do i cheer him up, hi, hello, good morning, start]\n"
            "answer:\n  - quote: Cats sleep for most of the day\nchoices: [dogs]\n")
    engine = Engine.build(load_guide(make_guide({"guide.yaml": manifest, "nodes/hello.yaml": node})).guide)
    asked: list[str] = []
    rank = engine.index.rank
    monkeypatch.setattr(engine.index, "rank", lambda text, context=None: asked.append(text) or rank(text, context))
    from guide.authoring.lint import LintReport

    self_test(engine, Phrasebook(engine.guide), LintReport(engine.guide))
    from_phrase = [text for text in asked if text.startswith("how")]
    assert from_phrase and all("cheer him up" in text for text in from_phrase), from_phrase


def test_a_collision_says_when_its_own_node_has_no_score(make_guide) -> None:
    """'0.00' read as a score of zero; a node missing from the ranking is said in words."""
    from dataclasses import replace

    from guide.authoring.lint import _problem
    from guide.authoring.phrasings import Phrasebook

    root = make_guide({"nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/all.yaml": NODES})
    report = _report(root)
    [collision] = [f for f in _findings(report, "collision") if f.key == "daily"]
    engine = Engine.build(load_guide(root).guide)
    book = Phrasebook(engine.guide)
    scored = _problem(replace(collision, own_score=0.21), book, engine).message
    assert f"({collision.other_score:.2f} vs 0.21)" in scored
    unranked = _problem(replace(collision, own_score=None), book, engine).message
    assert (f"({collision.other_score:.2f} while node 'daily' itself is not among the first candidates ranked: "
            "its other phrasings share too little with this one)") in unranked


def test_a_lost_variant_says_why_it_is_not_answered(make_guide, capsys) -> None:
    """A variant that drops a phrasing's only topic word scores high on what is left ("let them
    you too"), yet no score answers a message without a topic word: the line says so, and the
    hint says what to do; every lost variant gives the matcher's reason."""
    helping = ("id: helping\ntitle: Letting them help\nexamples: [let them help you too, can they help me, "
               "accept help from them, their help, helping each other]\nanswer:\n  - say: Let them help.\n"
               "choices: [hello]\n")
    root = make_guide({"nodes/helping.yaml": helping})
    assert main(["lint", str(root)]) == 0
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if "“let them you too”" in line]
    assert "is lost through “let them you too” (without the word 'help'): the guide says it is not covered " \
           "(best 0." in line
    assert line.endswith(": the input has no topic word of its own; its best match, 'helping' "
                         "(“let them help you too”), is about 'help', which the input never says")
    hint = out.splitlines()[out.splitlines().index(line) + 1]
    assert hint.startswith("  hint: a message with no topic word of its own is not answered, whatever it scores")
    for lost in (line for line in out.splitlines() if "is lost through" in line):
        assert lost.count("): the guide says it is not covered") + lost.count("“Did you mean” does not offer it") == 1
        assert re.search(r"(not covered|does not offer it)( \(best \d\.\d\d\))?: \w", lost), lost


def test_a_lost_typo_says_how_the_matcher_read_it() -> None:
    """A slip repaired into another word of the guide ("writen" read as "write", not "written") or not
    repaired at all is why a variant is lost: the line says which (guide O's author saw "writen" lost, with
    the docs saying a dropped letter is repaired, and nothing saying why)."""
    from guide.authoring.lint import _read_as

    assert _read_as((("writen", "write"),), "'written' typed 'writen'") == ", read as “write”"
    assert _read_as((), "'wind?' typed 'wid?'") == ", not repaired: words under 4 letters are read as typed"
    assert _read_as((), "'written' typed 'wirtxn'") == ", not repaired: no word a likely slip away"
    assert _read_as((), "without the word 'help'") == ""  # a word left out: no slip to read


def test_a_slip_is_reported_without_the_punctuation_beside_its_word() -> None:
    from guide.authoring.lint import variants

    made = dict(variants("and the sizes?"))
    assert made["and the sies?"] == "'sizes' typed 'sies'"  # not "'sizes?' typed 'sies?'"


def test_a_slip_is_made_in_the_bare_word_not_its_punctuation() -> None:
    """"size?" is a word of 4 letters: one swap, as for "size", and no dropped letter (5 letters and
    more); the punctuation stays where it was typed (guide O's author saw 'size?' treated as 5)."""
    assert list(variants("and the size?")) == [("and size?", "without the word 'the'"),
                                                ("and the szie?", "'size' typed 'szie'")]
    assert list(variants("(size?) ok")) == [("(szie?) ok", "'size' typed 'szie'")]
    assert list(variants("walks!")) == [("wlaks!", "'walks' typed 'wlaks'"), ("waks!", "'walks' typed 'waks'")]
    assert list(variants("?!")) == []


def test_a_follow_up_phrasing_its_own_node_answers_is_said_so() -> None:
    """Left out, a phrasing of a follow-up that leads elsewhere can be answered by the node it follows
    (the follow-up wins over its node by its words, not by meaning alone). Lint says so in those
    terms, not "move this phrasing there", which would move it to the node it already follows."""
    from guide.paths import REPO_ROOT

    engine = Engine.build(load_guide(REPO_ROOT / "benchmarks" / "data" / "article-m-night-shifts").guide)
    report = lint(engine, selftest=False)
    own = [p for p in report.problems if "itself when left out" in p.message]
    assert own, "guide M's follow-up 'Daylight when you switch back' is answered by 'switching' when left out"
    for problem in own:
        assert "right after '" in problem.message and "instead of going on to '" in problem.message
        assert "move this phrasing there" not in problem.hint
        assert "words of where it leads" in problem.hint


STEP_TITLE = """\
- id: hello
  title: Hello
  examples: [hello, hi]
  answer:
    - say: Hi.
  choices: [plan, night]
- id: plan
  title: The day's plan
  examples: [what are the eight steps, the day plan, how should the first day go, what to do all day]
  answer:
    - quote: Cats sleep for most of the day, often in the sun.
  choices: [hello]
- id: night
  title: "Step 8: plan the first night"
  examples: [bedtime, crate, restless]
  answer:
    - quote: Dogs need a walk every morning and every evening.
  choices: [hello]
"""


def test_a_title_that_wins_is_named_as_a_title(make_guide, capsys) -> None:
    """Guide P's "what are the eight steps" was taken by the title "Step 8: plan the first night",
    while lint's count said "titles are not" (left out): a title stays in as a phrasing, and the
    finding says that it is a title, why it can win, and to reword the title or the phrasing."""
    root = make_guide({"nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/all.yaml": STEP_TITLE})
    report = _report(root)
    [finding] = [f for f in report.findings if f.key == "plan" and f.other == "night"]
    assert finding.code == "collision" and finding.other_example == "Step 8: plan the first night"
    [problem] = [p for p in report.problems if "“what are the eight steps”" in p.message]
    assert problem.hint.startswith("closest phrasing of node 'night': its title, “Step 8: plan the first night” "
                                   f"({root}/nodes/all.yaml:13): a title is matched as one of its node's phrasings, "
                                   "and never left out")
    assert "(title)" not in problem.hint and "reword that title or this phrasing" in problem.hint
    assert main(["lint", "--no-selftest", str(root)]) == 0
    assert "titles are never left out but match as phrasings" in capsys.readouterr().out.splitlines()[-1]


def test_a_greeting_is_not_left_out(make_guide, capsys) -> None:
    """Guide P's "hello", left out, landed on the node whose quote says a dog came up "to say hello":
    a greeting is what readers type as written (there is no other way to say "hello" that is like
    it), so leaving it out only tests whether the welcome has that very word. Lint keeps it in,
    and its count says how many it kept."""
    from guide.about_the_guide import is_greeting

    for text in ("hello", "Hi there!", "hey", "good morning", "hiya", "hello, good evening"):
        assert is_greeting(text), text
    for text in ("say hello", "hi how do i walk my dog", "what is this", "good dog", "hey what about dogs"):
        assert not is_greeting(text), text
    meeting = ("id: dogs\ntitle: Dogs\nexamples: [dogs, walking the dog, how often should a dog walk, "
               "morning walk, evening walk, hello to other dogs]\n"
               "answer:\n  - quote: Dogs need a walk every morning and every evening.\nchoices: [hello]\n")
    greeter = ("id: hello\ntitle: About this guide\nexamples: [hello, hi, hey, what is this, what can i ask]\n"
               "answer:\n  - say: Hello.\n  - quote: Cats sleep for most of the day\nchoices: [dogs]\n")
    root = make_guide({"nodes/hello.yaml": greeter, "nodes/dogs.yaml": meeting})
    report = _report(root)
    assert report.greetings == 3
    assert not [f for f in report.findings if f.code in PAIR_CODES and is_greeting(f.example.text)]
    assert report.phrasings == 11 - 3
    assert main(["lint", "--no-selftest", str(root)]) == 0
    assert ("8 phrasings left out (8 of nodes, 0 of follow-ups in their node's context; titles are never left out but "
            "match as phrasings, nor 3 greetings (matched as readers type them);") in capsys.readouterr().out
