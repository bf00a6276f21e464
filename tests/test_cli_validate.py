"""`guide validate`, `guide schema`, --help and --version as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from guide.cli import build_parser, main
from guide.dialog.schema import KINDS, schema
from guide.paths import REPO_ROOT


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guide", *args], capture_output=True, text=True,
                          cwd=cwd or REPO_ROOT, timeout=60)


def test_validate_bundled_guide_exits_zero() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("dialogs/attachment-anxiety: ok: 0 errors")


def test_validate_errors_exit_one_with_compiler_lines(make_guide, capsys) -> None:
    root = make_guide({"nodes/hello.yaml": "id: hello\ntitle: Hello\nexmaples: [hi]\nanswer:\n  - say: Hi.\n"})
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{root}/nodes/hello.yaml:3:1: error: unknown key 'exmaples' in node 'hello'\n" \
           "  hint: did you mean 'examples'? keys here:" in out
    assert ": FAILED: 1 error" in out.splitlines()[-1]


def test_validate_missing_path_exits_two(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["validate", "-"], ["lint", "-"], ["ask", "--guide", "-", "hi"]])
def test_a_guide_named_dash_says_guides_are_not_read_from_stdin(tmp_path: Path, command: list[str]) -> None:
    """`-` reads standard input for `guide eval -` and `review --log -`; given as a guide, it says what a guide
    is instead of "no such file" (a user who tried the one expects the other)."""
    result = run(*command, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "-: a guide is a folder (or its guide.yaml), not read from standard input" in result.stderr


def test_validate_json(make_guide, capsys) -> None:
    root = make_guide({"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n  - quote: not there\n"})
    assert main(["validate", "--format", "json", str(root)]) == 1
    [report] = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["errors"] >= 1
    problem = next(p for p in report["problems"] if p["code"] == "quote-not-found")
    assert (problem["line"], problem["col"], problem["severity"]) == (4, 12, "error")
    assert report["coverage"][0]["paragraphs"] == 3


@pytest.mark.parametrize("kind", list(KINDS))
def test_published_schemas_match_the_code(kind: str) -> None:
    filename = KINDS[kind][0]
    published = json.loads((REPO_ROOT / "schemas" / filename).read_text())
    assert published == schema(kind), f"run: guide schema {kind} > schemas/{filename}"


def test_bundled_files_point_editors_at_the_schema(bundled_guide: Path) -> None:
    files = [bundled_guide / "guide.yaml", *sorted((bundled_guide / "nodes").glob("*.yaml"))]
    for file in files:
        first = file.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), file
        target = (file.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{file}: schema path {target} does not exist"


def test_every_subcommand_has_help() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name in commands:
        result = run(name, "--help")
        assert result.returncode == 0 and "usage: guide " + name in result.stdout, name


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("guide ")
    assert "validate" in run("--help").stdout


def test_validate_names_a_renamed_node_the_tests_still_name(tmp_path: Path, capsys) -> None:
    """The tutorial's rename: id, file name and welcome choice changed, the test's `node:` forgotten.
    `guide validate` reports it where `guide test` would, before any test runs."""
    root = tmp_path / "my-guide"
    assert main(["new", str(root), "--source", str(REPO_ROOT / "dialogs/attachment-anxiety/sources"
                                                 / "zeroopposite-attachment-anxiety.md")]) == 0
    (root / "nodes/introduction.yaml").rename(root / "nodes/opening.yaml")
    node = root / "nodes/opening.yaml"
    node.write_text(node.read_text().replace("id: introduction", "id: opening"))
    welcome = root / "nodes/welcome.yaml"
    welcome.write_text(welcome.read_text().replace("  - introduction", "  - opening"))
    capsys.readouterr()
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    test_file = root / "tests/basics.yaml"
    line = test_file.read_text().splitlines().index("      node: introduction") + 1
    assert f"{test_file}:{line}:13: error: node 'introduction' does not exist\n" in out
    assert ": FAILED: 1 error" in out.splitlines()[-1]
    assert main(["test", str(root)]) == 2  # the same line stops `guide test`
    assert f"{test_file}:{line}:13: error: node 'introduction' does not exist\n" in capsys.readouterr().out


def test_validate_reports_test_file_mistakes(make_guide, capsys) -> None:
    root = make_guide({"tests/t.yaml": "- name: greet\n  turns:\n    - user: hi\n      nod: hello\n"
                                       "    - user: hi\n      node: helo\n"})
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{root}/tests/t.yaml:4:7: error: unknown key 'nod'" in out
    assert f"{root}/tests/t.yaml:6:13: error: node 'helo' does not exist\n  hint: did you mean 'hello'?" in out


def test_a_test_naming_a_node_of_a_file_that_did_not_load_follows_from_its_error(make_guide, capsys) -> None:
    """The node file's own error is the one to fix; the test's reference is checked once it loads."""
    root = make_guide({"nodes/dogs.yaml": "id: dogs\n\ttitle: Dogs\n",
                       "tests/t.yaml": "- name: dogs\n  turns:\n    - user: dogs\n      node: dogs\n"})
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert "tab character in indentation" in out
    assert "does not exist" not in out
