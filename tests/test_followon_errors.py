"""A file that does not load is the root error: it comes first, and what follows from it
(references to its nodes, warnings about what it would have linked or quoted) is left out."""

from __future__ import annotations

import shutil
from pathlib import Path

from guide.cli import main
from guide.dialog.checks import validate
from guide.dialog.followon import ids_written_in
from guide.paths import BUNDLED_GUIDE
from tests.conftest import TINY_DOGS, TINY_NODE


def _with_tab(text: str, line: int) -> str:
    lines = text.splitlines(keepends=True)
    lines[line - 1] = "\t" + lines[line - 1].lstrip(" ")
    return "".join(lines)


def test_a_tab_in_one_file_gives_exactly_one_error_and_it_comes_first(make_guide) -> None:
    # hello.yaml defines the start node, which dogs.yaml offers as a choice
    root = make_guide({"nodes/hello.yaml": _with_tab(TINY_NODE, 4)})
    report = validate(root)
    assert [p.code for p in report.errors] == ["tab"]
    first = report.problems[0]
    assert first.code == "tab" and first.file.endswith("hello.yaml") and (first.line, first.col) == (4, 1)
    assert "this file did not load, so its node 'hello' is missing" in first.hint
    assert "the 2 references to it will be checked once it loads" in first.hint  # start: and dogs' choice


def test_the_bundled_guide_with_a_tab_in_one_file(tmp_path: Path, capsys) -> None:
    root = tmp_path / "g"
    shutil.copytree(BUNDLED_GUIDE, root)
    node_file = root / "nodes" / "attachment.yaml"
    text = node_file.read_text(encoding="utf-8")
    line = next(n for n, content in enumerate(text.splitlines(), 1) if content.startswith("    - ") and n > 5)
    node_file.write_text(_with_tab(text, line), encoding="utf-8")
    report = validate(root)
    assert len(report.errors) == 1
    assert report.problems[0].code == "tab" and report.problems[0].file.endswith("attachment.yaml")
    assert not report.warnings  # no 'cannot be reached' or 'not quoted' that only the tab causes
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(f"attachment.yaml:{line}:1: error: tab character in indentation")
    assert "did not load, so its nodes 'attachment', " in out[2]
    assert ": FAILED: 1 error, 0 warnings, " in out[-1]
    assert len(out) == 4  # the error, its hint (two lines), the summary


def test_root_errors_come_before_earlier_files_and_real_errors_stay(make_guide) -> None:
    root = make_guide({
        "nodes/aaa.yaml": "id: aaa\ntitle: A\nexamples: [a1, a2, a3, a4, a5]\nanswer:\n  - say: A.\n"
                          "choices: [dogs, nowhere]\n",
        "nodes/dogs.yaml": TINY_DOGS.replace("title: Dogs", "title: Dogs: the walks"),  # ': ' in a plain value
    })
    report = validate(root)
    codes = [p.code for p in report.errors]
    assert codes == ["yaml-syntax", "missing-node"], codes
    assert report.errors[0].file.endswith("dogs.yaml")
    dangling = report.errors[1]
    assert dangling.message == "choice 'nowhere' does not exist"  # not in dogs.yaml: a real mistake
    assert "dogs.yaml, which did not load, fix that first" in dangling.hint
    assert "the 2 references to it will be checked once it loads" in report.errors[0].hint  # aaa's and hello's


def test_follow_on_warnings_are_left_out_while_a_file_does_not_load(make_guide) -> None:
    # dogs.yaml quotes paragraphs 2 and 3 and leads back to hello: without it they would
    # look unquoted, and nothing would be wrong with them
    root = make_guide({"nodes/dogs.yaml": "id: dogs\ntitle: [Dogs\n"})
    report = validate(root)
    assert [p.code for p in report.problems] == ["yaml-syntax"]


def test_a_missing_source_is_reported_once(make_guide) -> None:
    manifest = "title: Tiny\nstart: hello\nsources:\n  doc:\n    file: doc.md\n  extra:\n    file: extra.md\n"
    node = ("id: more\ntitle: More\nexamples: [m1, m2, m3, m4, m5]\nanswer:\n  - quote: Anything at all\n"
            "    source: extra\nchoices: [hello]\n")
    quoted = TINY_NODE.replace("  - quote: Cats sleep for most of the day\n",
                               "  - quote: Cats sleep for most of the day\n    source: doc\n")
    dogs = TINY_DOGS.replace("every evening.\n", "every evening.\n    source: doc\n").replace(
        "  - quote: Birds sing at dawn\n", "  - quote: Birds sing at dawn\n    source: doc\n")
    report = validate(make_guide({"guide.yaml": manifest, "nodes/more.yaml": node, "nodes/hello.yaml": quoted,
                                  "nodes/dogs.yaml": dogs}))
    assert [p.code for p in report.errors] == ["missing-source"]


def test_ids_are_read_from_a_file_yaml_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "n.yaml"
    path.write_text("- id: one\n  title: One\n\t- broken\n-   id:   'two'   # the second\n"
                    "- {id: three, title: Three}\n  followups:\n    - title: not an id\n", encoding="utf-8")
    assert ids_written_in(path) == ("one", "two", "three")
    assert ids_written_in(tmp_path / "missing.yaml") == ()
