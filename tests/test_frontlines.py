"""A byline, date line or photo credit at the top of an article is not a paragraph to cover."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.cli import main
from guide.conversation import Engine, Session
from guide.dialog.checks import validate
from guide.dialog.loader import load_guide
from guide.frontlines import kind_of_line

BYLINED = """\
# When Someone You Love Is Grieving

*By Helen Ashworth* | March 3, 2024

Photo: Getty Images

When my friend's husband died, I did almost everything wrong.

By the time I went round, three weeks had passed.
"""


@pytest.mark.parametrize(("line", "kind"), [
    ("By Helen Ashworth", "byline"), ("*By Helen Ashworth*", "byline"), ("By Helen Ashworth, staff writer", "byline"),
    ("Written by Ana de la Cruz", "byline"), ("Author: Helen Ashworth", "byline"),
    ("March 3, 2024", "date line"), ("3 March 2024", "date line"), ("Updated: 2024-03-03", "date line"),
    ("Tuesday, 5 March 2024", "date line"), ("Published on March 3, 2024", "date line"),
    ("By Helen Ashworth | March 3, 2024", "byline and date line"), ("5 min read", "reading time"),
    ("Photo: Getty Images", "photo credit"), ("Photo by Jane Doe on Unsplash", "photo credit"),
    ("Illustration by Sam Lee", "photo credit"),
])
def test_lines_at_the_top_are_recognised(line: str, kind: str) -> None:
    assert kind_of_line(line) == kind


@pytest.mark.parametrize("line", [
    "By the time I arrived, she had gone.", "By March 2020 everything changed.", "By far the hardest part",
    "IN CONGRESS, July 4, 1776.", "March 3, 2024 was the day Tom died.", "Photography changed how we grieve.",
    "By Helen Ashworth. When my friend Maggie's husband Tom died, I did almost everything wrong.",
])
def test_text_is_not_taken_for_them(line: str) -> None:
    assert kind_of_line(line) == ""


def _bylined_guide(make_guide) -> Path:
    return make_guide({"doc.md": BYLINED, "nodes/hello.yaml": (
        "id: hello\ntitle: Hello\nexamples: [hi, hello, hey there, good morning, start]\n"
        "answer:\n  - quote: I did almost everything wrong.\nchoices: [dogs]\n"),
        "nodes/dogs.yaml": ("id: dogs\ntitle: Late\nexamples: [late, too late, three weeks, waited, went round]\n"
                            "answer:\n  - quote: three weeks had passed\nchoices: [hello]\n")})


def test_validate_does_not_count_them_and_says_so(make_guide, capsys) -> None:
    root = _bylined_guide(make_guide)
    report = validate(root)
    [coverage] = report.coverage
    assert (coverage.total, coverage.quoted, coverage.missing, coverage.ratio) == (2, (3, 4), (), 1.0)
    assert coverage.leading == ((1, "byline and date line"), (2, "photo credit"))
    assert not [p for p in report.problems if p.code == "uncovered-paragraph"]
    assert main(["validate", str(root)]) == 0
    assert ("doc coverage 2/2 paragraphs (100%) (not counted: paragraph 1, a byline and date line; "
            "paragraph 2, a photo credit)") in capsys.readouterr().out


def test_a_byline_further_down_is_a_paragraph(make_guide) -> None:
    text = BYLINED.replace("Photo: Getty Images\n\n", "").replace("*By Helen Ashworth* | March 3, 2024\n\n", "") \
        + "\nBy Helen Ashworth\n"
    root = _bylined_guide(make_guide)
    (root / "doc.md").write_text(text, encoding="utf-8")
    report = validate(root)
    [coverage] = report.coverage
    assert coverage.leading == () and coverage.missing == (3,)


def test_guide_new_quotes_the_first_real_paragraph(tmp_path: Path, capsys) -> None:
    source = tmp_path / "grief.md"
    source.write_text(BYLINED, encoding="utf-8")
    root = tmp_path / "g"
    assert main(["new", str(root), "--source", str(source)]) == 0
    out = capsys.readouterr().out
    assert "coverage 1/2 paragraphs (50%) (not counted: paragraph 1, a byline and date line; paragraph 2, a " \
           "photo credit)" in out
    intro = (root / "nodes" / "introduction.yaml").read_text(encoding="utf-8")
    assert "When my friend's husband died" in intro and "Ashworth" not in intro
    assert "quotes: When my friend's husband died" in (root / "tests" / "basics.yaml").read_text(encoding="utf-8")
    assert main(["test", str(root)]) == 0
    assert "grief paragraphs 1/2 (50%) quoted" in capsys.readouterr().out


def test_the_sources_command_names_them(make_guide) -> None:
    engine = Engine.build(load_guide(_bylined_guide(make_guide)).guide)
    reply = Session(engine).respond("sources")
    assert "4 paragraphs (paragraph 1 is its byline and date line; paragraph 2 is its photo credit)." in reply.text
