"""`guide eval`: the report's structure, and counts that agree with asking each question directly.

The expected outcomes are computed here from `Session.respond` with the documented rule, not
copied from today's matcher: the matcher's scores will change, the bookkeeping must not.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from guide.cli import main
from guide.conversation import Engine, Session
from guide.dialog.loader import load_guide
from guide.paths import BUNDLED_GUIDE, REPO_ROOT

READER_QUESTIONS = REPO_ROOT / "benchmarks" / "data" / "reader_questions.yaml"

SMALL_SET = """\
# a labelled set for the tiny guide (tests/conftest.py)
in_scope:
  - {q: "hello there", node: hello}
  - {q: "when should i walk my dog", node: dogs, kind: plain}
  - {q: "morning walk", node: hello, kind: plain}          # labelled wrong on purpose
  - {q: "do birds sing at dawn", node: [dogs, hello]}
  - {q: "walking the dog", passage: "Dogs need a walk every morning", kind: plain}
  - {q: "cats in the sun", passage: "often in the sun", also: ["Birds sing at dawn"]}
out_of_scope:
  - {q: "what is the capital of france", node: none}
  - q: "dog walks"                                         # labelled out of scope on purpose
  - "how tall is the eiffel tower"
"""


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _eval_json(questions: Path, capsys, *extra: str) -> tuple[int, dict]:
    code, out, _ = _run(["eval", str(questions), "--format", "json", *extra], capsys)
    return code, json.loads(out)


# -- the direct computation: the rule of docs/authoring.md, applied to Session.respond ---------------

def _paragraphs(guide, snippets: list[str]) -> set[tuple[str, int]]:
    return {(s.id, p.number) for snippet in snippets for s in guide.sources.values() for p in s.paragraphs
            if " ".join(snippet.split()) in " ".join(p.text.split())}


def _node_paragraphs(guide, node_id: str) -> set[tuple[str, int]]:
    node = guide.nodes[node_id]
    quoted = {(b.location.source, b.location.paragraph) for b in node.answer if getattr(b, "location", None)}
    return quoted | (_node_paragraphs(guide, node.goto) if node.goto and node.goto != node_id else set())


def _direct(engine: Engine, item: dict, in_scope: bool) -> str:
    guide = engine.guide
    reply = Session(engine).respond(item["q"])
    node = reply.node if reply.kind == "answer" else None
    honest = node is not None and guide.nodes[node].title.endswith("(not covered)")
    options = [s.node for s in reply.suggestions] if reply.kind == "clarify" else []
    if not in_scope:
        if reply.kind == "fallback" or honest or node in item.get("ok", []):
            return "right"
        return "wrong" if node else ("asked" if reply.kind == "clarify" else "other")
    if "passage" in item:
        targets = _paragraphs(guide, [item["passage"], *item.get("also", [])])
        if node and {(c.source_id, c.paragraph) for c in reply.citations} & targets:
            return "right"
        if any(_node_paragraphs(guide, n) & targets for n in options if n in guide.nodes):
            return "offered"
    else:
        wanted = [item["node"]] if isinstance(item["node"], str) else item["node"]
        if node in wanted:
            return "right"
        if set(options) & set(wanted):
            return "offered"
    return "wrong" if node and not honest else "declined"


def _items(path: Path) -> list[tuple[dict, bool]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for item in data["in_scope"]:
        found.append((item, True))
    for item in data["out_of_scope"]:
        item = {"q": item} if isinstance(item, str) else item
        found.append((item, item.get("node", "none") != "none"))
    return found


def _check_structure(report: dict, total: int) -> None:
    assert report["questions"] == total == len(report["results"])
    inside, outside = report["in_scope"], report["out_of_scope"]
    assert inside["questions"] + outside["questions"] == total
    assert sum(inside[o] for o in ("right", "offered", "wrong", "declined")) == inside["questions"]
    assert sum(outside[o] for o in ("right", "asked", "wrong", "other")) == outside["questions"]
    assert report["right"] == inside["right"] + outside["right"] == sum(r["outcome"] == "right"
                                                                         for r in report["results"])
    assert report["accuracy"] == round(report["right"] / total, 4)
    labels = report["labels"]
    assert sum(label["support"] for label in labels) == total  # every question expects one label
    assert sum(label["answered"] for label in labels) == total  # and gets one
    assert sum(label["right"] for label in labels) == report["right"]
    for label in labels:
        expected = [r for r in report["results"] if r["expected"] == label["label"]]
        predicted = [r for r in report["results"] if r["predicted"] == label["label"]]
        right = [r for r in expected if r["outcome"] == "right"]
        assert (label["support"], label["answered"], label["right"]) == (len(expected), len(predicted), len(right))
        precision = len(right) / len(predicted) if predicted else 0.0
        recall = len(right) / len(expected) if expected else 0.0
        assert label["precision"] == round(precision, 4) and label["recall"] == round(recall, 4)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        assert label["f1"] == round(f1, 4)
    pairs = Counter((r["expected"], r["predicted"]) for r in report["results"] if r["expected"] != r["predicted"])
    assert {(c["expected"], c["got"]): c["count"] for c in report["confusions"]} == dict(pairs)
    counts = [c["count"] for c in report["confusions"]]
    assert counts == sorted(counts, reverse=True)
    for result in report["results"]:
        assert result["outcome"] == "right" or result["candidates"] or result["reply"]["kind"] != "answer"
        if result["outcome"] == "right":
            assert result["expected"] == result["predicted"]


# -- a small labelled set -------------------------------------------------------------------------

@pytest.fixture
def small_set(make_guide) -> Path:
    root = make_guide({"questions.yaml": SMALL_SET})
    return root / "questions.yaml"


def test_small_set_counts_agree_with_asking_directly(small_set: Path, capsys) -> None:
    code, report = _eval_json(small_set, capsys)  # the guide is found beside the question file
    assert code == 0
    _check_structure(report, 9)
    engine = Engine.build(load_guide(small_set.parent).guide)
    items = _items(small_set)
    direct = [_direct(engine, item, in_scope) for item, in_scope in items]
    assert [r["outcome"] for r in report["results"]] == direct
    assert [r["q"] for r in report["results"]] == [item["q"] for item, _ in items]
    assert [r["in_scope"] for r in report["results"]] == [True] * 6 + [False] * 3
    assert report["results"][3]["nodes"] == ["dogs", "hello"]
    assert report["results"][5]["paragraphs"] == [{"source": "doc", "paragraph": 1},
                                                  {"source": "doc", "paragraph": 3}]
    kinds = report["by_kind"]
    assert kinds["plain"]["questions"] == 3
    assert kinds["plain"]["right"] == sum(o == "right" for o, (item, _) in zip(direct, items, strict=True)
                                          if item.get("kind") == "plain")
    # where each question sits, for the author to go and fix
    assert [r["line"] for r in report["results"]][:2] == [3, 4]


def test_small_set_text_report(small_set: Path, capsys) -> None:
    code, out, _ = _run(["eval", str(small_set)], capsys)
    assert code == 0
    _, report = _eval_json(small_set, capsys)
    lines = out.splitlines()
    assert lines[0].endswith("(2 nodes): 9 questions, 6 in scope (by nodes and passages), 3 out of scope")
    assert f"accuracy {report['right']}/9 = " in out
    assert "  node                           precision  recall    F1  support  answered" in lines
    for label in report["labels"]:
        name = "(none)" if label["label"] == "none" else label["label"]
        assert any(line.split()[:1] == [name] and line.split()[-2:] == [str(label["support"]),
                                                                          str(label["answered"])]
                   for line in lines), name
    wrong = [r for r in report["results"] if r["outcome"] == "wrong"]
    if wrong:
        assert f"wrong answers ({len(wrong)}):" in lines
        for result in wrong:
            at = lines.index(next(line for line in lines if f"questions.yaml:{result['line']}  [wrong]" in line))
            assert lines[at + 1].strip().startswith("expected ")
            assert lines[at + 2].strip().startswith("candidates: ")
    if report["confusions"]:
        assert "confusion pairs (expected → got):" in lines


def test_min_accuracy(small_set: Path, capsys) -> None:
    _, report = _eval_json(small_set, capsys)
    accuracy = report["accuracy"]
    assert accuracy < 1  # two questions are labelled wrong on purpose
    code, below = _eval_json(small_set, capsys, "--min-accuracy", "100%")
    assert code == 1 and below["passed"] is False and below["min_accuracy"] == 1.0
    at_most = round(accuracy - 0.00005, 6)  # the report rounds to 4 places: the true value is no lower
    code, out, _ = _run(["eval", str(small_set), "--min-accuracy", str(at_most)], capsys)
    assert code == 0 and f"(ok: at least {100 * at_most:g} %)" in out, out
    code, out, _ = _run(["eval", str(small_set), "--min-accuracy", "1"], capsys)
    assert code == 1 and "(FAILED: below 100 %)" in out
    with pytest.raises(SystemExit):
        main(["eval", str(small_set), "--min-accuracy", "80"])
    assert "outside 0..1 (give 0.8 or 80%)" in capsys.readouterr().err


def test_a_plain_list_of_questions(make_guide, capsys) -> None:
    root = make_guide({"qs.yaml": '- {q: "hello there", node: hello}\n- {q: "the weather in paris", node: none}\n'})
    code, report = _eval_json(root / "qs.yaml", capsys)
    assert code == 0
    _check_structure(report, 2)
    assert [r["in_scope"] for r in report["results"]] == [True, False]


def test_one_question_is_counted_in_the_singular(make_guide, capsys) -> None:
    root = make_guide({"qs.yaml": '- {q: "hello there", node: hello}\n'})
    code, out, _ = _run(["eval", str(root / "qs.yaml")], capsys)
    assert code == 0
    assert ": 1 question, 1 in scope" in out.splitlines()[0]


@pytest.mark.parametrize(("text", "expected"), [
    ('- {q: "hi", nod: hello}\n', ["qs.yaml:1:13: error: unknown key 'nod' in a question",
                                     "did you mean 'node'?", "guide eval: 1 error in"]),
    ('- {q: "hi", node: helo}\n', ["qs.yaml:1:19: error: node 'helo' does not exist in this guide",
                                     "did you mean 'hello'?"]),
    ('- {node: hello}\n', ["qs.yaml:1:3: error: a question needs `q:`"]),
    ('- {q: [hi, hello], node: hello}\n', ["qs.yaml:1:7: error: `q:` should be one text", "is two questions"]),
    ('- {q: "hi"}\n', ["qs.yaml:1:3: error: question 'hi' says nothing about the right reply"]),
    ('- {q: "hi", passage: "not in the article at all"}\n',
     ["qs.yaml:1:22: error: passage not found in any paragraph of the guide's sources"]),
    ('- {q: "hi", node: hello, passage: "Cats sleep"}\n', ["error: a question names a node or a passage, not both"]),
    ("just text\n", ["qs.yaml:1:1: error: a question file holds a list of questions"]),
    ("in_scope:\n  - {q: \"hi\", node: [hello\n", ["qs.yaml:2:21: error: YAML syntax"]),
])
def test_mistakes_in_the_question_file(make_guide, capsys, text: str, expected: list[str]) -> None:
    root = make_guide({"qs.yaml": text})
    code, out, err = _run(["eval", str(root / "qs.yaml")], capsys)
    assert code == 2 and not out
    for part in expected:
        assert part in err, err
    assert "nothing was asked" in err


def test_no_such_question_file(tmp_path: Path, capsys) -> None:
    code, _, err = _run(["eval", str(tmp_path / "nope.yaml")], capsys)
    assert code == 2 and "no such file" in err


def test_questions_piped_to_eval_dash(make_guide, monkeypatch, capsys) -> None:
    """`guide eval -` reads the question file from stdin, as `guide ask` reads questions; problems
    are named <stdin>; without --guide it is the bundled guide (no file to find a guide near)."""
    import io
    import sys

    root = make_guide()
    text = '- {q: "hello there", node: hello}\r\n- {q: "the weather in paris", node: none}\r\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + text.encode())))
    code, out, _ = _run(["eval", "-", "--guide", str(root), "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 0 and report["questions_file"] == "<stdin>" and report["questions"] == 2
    assert [r["in_scope"] for r in report["results"]] == [True, False]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'- {q: "hi", node: helo}\n')))
    code, out, err = _run(["eval", "-", "--guide", str(root)], capsys)
    assert code == 2 and not out and "<stdin>:1:19: error: node 'helo' does not exist" in err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, _, err = _run(["eval", "-", "--guide", str(root)], capsys)
    assert code == 2 and "<stdin>:1:1: error: file is empty" in err
    with pytest.raises(SystemExit):
        main(["eval", "--help"])
    assert "or - to read it from stdin" in " ".join(capsys.readouterr().out.split())


# -- the bundled guide's held-out reader questions ------------------------------------------------

def test_reader_questions_counts_agree_with_asking_directly(capsys) -> None:
    code, report = _eval_json(READER_QUESTIONS, capsys, "--guide", str(BUNDLED_GUIDE))
    assert code == 0
    items = _items(READER_QUESTIONS)
    _check_structure(report, len(items))
    data = yaml.safe_load(READER_QUESTIONS.read_text(encoding="utf-8"))
    assert report["in_scope"]["questions"] == len(data["in_scope"])
    assert report["out_of_scope"]["questions"] == len(data["out_of_scope"])
    engine = Engine.build(load_guide(BUNDLED_GUIDE).guide)
    direct = [_direct(engine, item, in_scope) for item, in_scope in items]
    assert [r["outcome"] for r in report["results"]] == direct
    assert report["in_scope"]["right"] == sum(o == "right" for o, (_, inside) in zip(direct, items, strict=True)
                                              if inside)
    # a passage question that is missed expects the node quoting it that ranks best, or the paragraph
    nodes = set(engine.guide.nodes) | {"none"}
    for result in report["results"]:
        assert result["expected"] in nodes or result["expected"].startswith("¶")
        assert result["predicted"] in nodes


def test_reader_questions_text_report_starts_with_the_summary(capsys) -> None:
    code, out, err = _run(["eval", str(READER_QUESTIONS)], capsys)
    assert code == 0
    lines = out.splitlines()
    assert "on dialogs/attachment-anxiety (" in lines[0] or str(BUNDLED_GUIDE) in lines[0]
    assert lines[1].startswith("in scope (") and "answered right" in lines[2]
    assert any(line.startswith("accuracy ") and "macro F1" in line for line in lines[:12])
    # the `also` snippets that are titles, not paragraphs, are named and left out
    assert "warning: passage not found in any paragraph of the guide's sources: it is left out" in err


def test_reader_eval_benchmark_uses_the_same_grading() -> None:
    source = (REPO_ROOT / "benchmarks" / "reader_eval.py").read_text(encoding="utf-8")
    assert "from guide.authoring.evaluate import" in source and "evaluate(engine" in source
    assert "def grade" not in source and "def paragraphs_with" not in source
