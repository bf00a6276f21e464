"""Hostile guide files: YAML 1.1 numbers, deep nesting, absolute globs, paths that leave the guide.

Each is reported as a problem at its file and line; nothing raises, nothing outside the guide
folder is read (unless allowed on the command line) or written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from guide import cache
from guide.authoring.scaffold import ScaffoldError, new_node
from guide.authoring.testing import load_tests
from guide.cli import main
from guide.dialog.checks import validate
from guide.dialog.loader import load_guide
from tests.conftest import TINY_MANIFEST


def _errors(root: Path, code: str) -> list:
    return [p for p in validate(root).errors if p.code == code]


# -- YAML 1.1 numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize("key, value", [
    ("answer", ".nan"), ("answer", ".inf"), ("clarify", "-.inf"), ("answer", "0x2A"), ("margin", "017"),
    ("answer", "1:30"), ("context_turns", "0x7fffffff"), ("context_turns", "010"), ("answer", "1.0e+999"),
])
def test_yaml_11_numbers_are_typed_problems(make_guide, key: str, value: str) -> None:
    root = make_guide({"guide.yaml": TINY_MANIFEST + f"matching:\n  {key}: {value}\n"})
    found = _errors(root, "bad-number")
    assert [(Path(p.file).name, p.line, p.col) for p in found] == [("guide.yaml", 7, 5 + len(key))]
    assert value in found[0].message
    engine, result = cache.load_engine(root)  # the cached loading path does not raise either
    assert engine is None and result is not None and not result.ok


def test_plain_decimal_numbers_still_work(make_guide) -> None:
    root = make_guide({"guide.yaml": TINY_MANIFEST + "matching:\n  answer: 0.7\n  clarify: .45\n  context_turns: 2\n"})
    result = load_guide(root)
    assert result.ok, result.problems
    assert (result.guide.matching.answer, result.guide.matching.clarify) == (0.7, 0.45)
    assert result.guide.matching.context_turns == 2


# -- nesting ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [60, 500, 999])
def test_deeply_nested_lists_are_a_problem(make_guide, depth: int) -> None:
    root = make_guide({"nodes/deep.yaml": "id: deep\ntitle: Deep\nanswer: " + "[" * depth + "]" * depth + "\n"})
    found = _errors(root, "too-deep")
    assert [(Path(p.file).name, p.line) for p in found] == [("deep.yaml", 3)]


def test_deeply_nested_mappings_are_a_problem(make_guide) -> None:
    text = "id: deep\ntitle: Deep\nanswer:\n" + "".join(" " * i + f"k{i}:\n" for i in range(600)) + " " * 600 + "v\n"
    root = make_guide({"nodes/deep.yaml": text})
    found = _errors(root, "too-deep")
    assert len(found) == 1 and Path(found[0].file).name == "deep.yaml" and found[0].line > 3


def test_deeply_nested_test_files_are_a_problem(make_guide) -> None:
    root = make_guide({"tests/deep.yaml": "- name: deep\n  turns: " + "[" * 700 + "]" * 700 + "\n"})
    suite = load_tests(load_guide(root).guide)
    assert ("deep.yaml", 2, "too-deep") in [(Path(p.file).name, p.line, p.code) for p in suite.errors]


def test_ordinary_nesting_is_fine(make_guide) -> None:
    assert load_guide(make_guide()).ok


# -- globs ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["nodes", "tests"])
def test_absolute_globs_are_a_problem(make_guide, key: str) -> None:
    root = make_guide()
    manifest = root / "guide.yaml"
    manifest.write_text(TINY_MANIFEST + f'{key}: ["{root}/nodes/*.yaml"]\n')
    found = _errors(root, "absolute-path")
    assert [(Path(p.file).name, p.line) for p in found] == [("guide.yaml", 6)]
    assert "relative to the guide folder" in found[0].hint


def test_node_globs_leaving_the_guide_are_a_problem(make_guide, tmp_path: Path) -> None:
    root = make_guide()
    outside = tmp_path.parent / f"{tmp_path.name}-x"
    outside.mkdir()
    (outside / "cats.yaml").write_text("id: cats\ntitle: Cats\nanswer:\n  - say: Meow.\n")
    (root / "guide.yaml").write_text(TINY_MANIFEST + f'nodes: ["nodes/*.yaml", "../{outside.name}/*.yaml"]\n')
    result = load_guide(root)
    found = [p for p in result.problems if p.code == "outside-guide"]
    assert [(Path(p.file).name, p.line) for p in found] == [("guide.yaml", 6)]
    assert "--allow-path" in found[0].hint
    assert "cats" not in result.guide.nodes
    allowed = load_guide(root, allow=(outside,))
    assert "cats" in allowed.guide.nodes and not [p for p in allowed.problems if p.code == "outside-guide"]


def test_new_node_never_writes_outside_the_guide(make_guide, tmp_path: Path) -> None:
    guide_root = make_guide()
    outside = tmp_path.parent / f"{tmp_path.name}-x"
    outside.mkdir()
    for name in ("hello.yaml", "dogs.yaml"):
        (guide_root / "nodes" / name).rename(outside / name)
    (guide_root / "guide.yaml").write_text(TINY_MANIFEST + f'nodes: ["../{outside.name}/*.yaml"]\n')
    with pytest.raises(ScaffoldError):
        new_node(guide_root, "outside")
    with pytest.raises(ScaffoldError, match="outside the guide folder"):
        new_node(guide_root, "outside", allow=(outside,))
    assert sorted(p.name for p in outside.iterdir()) == ["dogs.yaml", "hello.yaml"]


# -- sources ----------------------------------------------------------------------------------------

def test_a_source_leaving_the_guide_is_a_problem_and_not_read(make_guide) -> None:
    root = make_guide()
    up = "../" * len(root.resolve().parts)
    (root / "guide.yaml").write_text(TINY_MANIFEST.replace("file: doc.md", f"file: {up}etc/passwd"))
    result = load_guide(root)
    found = [p for p in result.problems if p.code == "outside-guide"]
    assert [(Path(p.file).name, p.line, p.col) for p in found] == [("guide.yaml", 5, 11)]
    assert not any("root:" in p.message + p.hint for p in result.problems)
    assert not any(p.file.startswith("/etc") for p in result.problems)


def test_an_absolute_source_is_not_leaked_into_json(make_guide, tmp_path: Path, capsys) -> None:
    root = make_guide()
    secret = tmp_path.parent / f"{tmp_path.name}-secret.env"
    secret.write_text("password: hunter2-s3cr3t\n")
    (root / "guide.yaml").write_text(TINY_MANIFEST.replace("file: doc.md", f"file: {secret}"))
    assert main(["validate", "--format", "json", str(root)]) == 1
    out = capsys.readouterr().out
    assert "s3cr3t" not in out
    assert any(p["code"] == "outside-guide" for p in json.loads(out)[0]["problems"])


def test_a_symlinked_source_pointing_outside_needs_allow_path(make_guide, tmp_path: Path, capsys) -> None:
    root = make_guide()
    shared = tmp_path.parent / f"{tmp_path.name}-shared"
    shared.mkdir()
    (root / "doc.md").rename(shared / "doc.md")
    os.symlink(shared / "doc.md", root / "doc.md")
    assert [p.line for p in load_guide(root).problems if p.code == "outside-guide"] == [5]
    assert main(["validate", str(root)]) == 1
    capsys.readouterr()
    assert main(["validate", "--allow-path", str(shared), str(root)]) == 0
    assert main(["ask", "--allow-path", str(shared), "--guide", str(root), "walking the dog"]) == 0
    assert "Dogs need a walk" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["validate", "ask", "graph", "lint"])
def test_allow_path_that_is_not_there_is_refused(make_guide, tmp_path: Path, capsys, command: str) -> None:
    """A typo in --allow-path let nothing more be read, in silence; the shared source then failed."""
    root = make_guide()
    words = ["--guide", str(root), "hi"] if command == "ask" else [str(root)]
    with pytest.raises(SystemExit) as exit_:
        main([command, "--allow-path", str(tmp_path / "no-such-folder"), *words])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--allow-path" in err and "no-such-folder" in err and "there is no file or folder" in err
    assert main([command, "--allow-path", str(tmp_path), *words]) == 0


def test_symlinks_inside_the_guide_are_fine(make_guide) -> None:
    root = make_guide()
    (root / "nodes").rename(root / "v1")
    os.symlink("v1", root / "nodes")
    assert load_guide(root).ok


def test_a_symlink_loop_under_a_recursive_glob_reads_each_file_once(make_guide) -> None:
    root = make_guide()
    (root / "nodes" / "loop").symlink_to(".")
    (root / "guide.yaml").write_text(TINY_MANIFEST + 'nodes: ["nodes/*.yaml", "nodes/loop/**/*.yaml"]\n')
    result = load_guide(root)
    assert result.ok, result.problems
    assert sorted(Path(f.path).name for f in result.files_read if f.path.suffix == ".yaml") == [
        "dogs.yaml", "guide.yaml", "hello.yaml"]


# -- ids that are not names ----------------------------------------------------------------------------

def test_a_100000_letter_id_is_one_short_problem_where_it_is_written(make_guide) -> None:
    """A huge id (pasted by mistake) was echoed whole in every message: a 100 KB report. It is refused
    where it is written, shown cut short, and nothing else quotes it."""
    long_id = "a" * 100_000
    root = make_guide({"nodes/long.yaml": f"id: {long_id}\ntitle: Long\nexamples: [long, longer]\nanswer:\n"
                                          "  - say: Long.\n",
                       "nodes/hello.yaml": "id: hello\ntitle: Hello\nexamples: [hi, hello]\nanswer:\n"
                                           f"  - say: Hello.\nchoices:\n  - node: {long_id}\n"})
    problems = validate(root).problems
    found = [p for p in problems if p.code == "long-id"]
    assert [(Path(p.file).name, p.line) for p in found] == [("hello.yaml", 7), ("long.yaml", 1)]
    assert "100,000 characters long" in found[0].message and "at most 64" in found[0].hint
    assert sum(len(p.format()) for p in problems) < 2_000
    assert "a" * 41 not in "".join(p.format() for p in problems)
