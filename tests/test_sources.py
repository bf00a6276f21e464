"""Sources: the bundled article is verbatim; quotes are located exactly or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.paths import BUNDLED_GUIDE, REPO_ROOT
from guide.sources import parse_markdown, parse_plain, read_source

ARTICLE = BUNDLED_GUIDE / "sources" / "zeroopposite-attachment-anxiety.md"
PUBLISHED = REPO_ROOT.parent / "shared" / "sources" / "zeroopposite-attachment-anxiety.txt"
CHROME = {"Logo", "ZeroOpposite", "Contact Us\nSearch"}


@pytest.fixture(scope="module")
def article():
    return read_source("article", ARTICLE)


def test_article_structure(article) -> None:
    assert article.title.startswith("Avoid attachment anxiety with sexual closeness")
    assert article.publisher == "ZeroOpposite"
    assert [s.title for s in article.sections] == [
        "Sexual Closeness as an Attachment Anxiety Regulator",
        "How Sexual Closeness Helps Regulate Anxiety",
        "In what ways does sexual closeness help regulate attachment anxiety?",
    ]
    assert len(article.paragraphs) == 16
    assert article.paragraph(11).text.startswith("5. Self-soothing:")
    assert article.paragraph(11).section == "How Sexual Closeness Helps Regulate Anxiety"


@pytest.mark.skipif(not PUBLISHED.exists(), reason="../shared/sources is not beside the repo")
def test_bundled_article_is_the_published_text_verbatim(article) -> None:
    published = PUBLISHED.read_text(encoding="utf-8")
    blocks = [b.strip("\n") for b in published.split("\n\n") if b.strip()]
    body = [b for b in blocks if b not in CHROME and not b.startswith("#")]
    headings = {s.title for s in article.sections}
    published_paragraphs = [b for b in body if b not in headings and not b.startswith("AVOID ATTACHMENT")]
    assert [p.text for p in article.paragraphs] == published_paragraphs


def test_find_quote_is_whitespace_insensitive_and_exact(article) -> None:
    found = article.find_quote("calms down their\n     nervous   system")
    assert found is not None
    assert (found.paragraph, found.text) == (11, "calms down their nervous system")
    assert article.text[found.start:found.end] == found.text
    assert article.find_quote("calms down their nervous systems.") is None
    assert article.find_quote("Calms down their nervous system") is None  # case matters
    assert article.find_quote("   ") is None


def test_quote_across_two_paragraphs_is_not_found(article) -> None:
    quote = "reduce anxiety symptoms. 6. Risk-taking behavior reduction"
    assert article.find_quote(quote) is None
    assert article.spans_paragraphs(quote) == (12, 13)


def test_closest_passage_names_the_first_difference(article) -> None:
    closest = article.closest_passage("During sex individuals receive physical touch")
    assert closest is not None and closest.paragraph == 11
    assert closest.difference == 'first difference after "…During": the quote has "sex", the source "sex,"'
    assert article.closest_passage("quantum chromodynamics of neutron stars") is None


def test_a_short_paragraph_is_not_the_closest_passage_of_a_long_quote(tmp_path: Path) -> None:
    """A paragraph of one word found inside a quote of eighty was "75% alike" (its source swapped for
    another); a third of the quote's length is the least a closest passage has."""
    source = parse_markdown("s", tmp_path / "s.md", "# T\n\nmore\n\nThe cat sat on the mat all day long.\n")
    assert source.closest_passage("The term attachment refers to the bond " * 10 + "and more") is None
    closest = source.closest_passage("The cat sat on the mat all day long, and then some more.")
    assert closest is not None and closest.paragraph == 2  # longer than its paragraph, not three times


def test_a_difference_shows_a_dozen_words_not_the_whole_quote() -> None:
    """A quote that differs from its first word on (a source swapped for another) printed the whole quote in
    its hint, hundreds of characters; a dozen words say where it departs."""
    from guide.sources import first_difference

    quote = " ".join(f"word{i}" for i in range(40))
    said = first_difference(quote, "more")
    assert said == ('first difference at the start: the quote has "word0 word1 word2 word3 word4 word5 word6 '
                    'word7 word8 word9 word10 word11 …", the source "more"')
    assert first_difference("a b c", "a b c d") == 'first difference after "…a b c": the source has "d" here'


def test_markdown_front_matter_headings_and_paragraphs(tmp_path: Path) -> None:
    text = "---\ntitle: T\npublisher: P\n---\n# Ignored H1\n\n## One\n\nFirst\nline two.\n\n## Two\nSecond.\n"
    source = parse_markdown("s", tmp_path / "s.md", text)
    assert (source.title, source.publisher) == ("T", "P")
    assert [(p.number, p.section, p.text, p.line) for p in source.paragraphs] == [
        (1, "One", "First\nline two.", 9), (2, "Two", "Second.", 13)]


def test_plain_text_headings_are_short_lines_that_are_not_sentences(tmp_path: Path) -> None:
    text = "My Title\n\nIntro paragraph here.\n\nA Section\n\nBody text, with a comma.\nAnd a second line.\n"
    source = parse_plain("s", tmp_path / "s.txt", text)
    assert source.title == "My Title"
    assert [s.title for s in source.sections] == ["A Section"]
    assert [(p.number, p.section) for p in source.paragraphs] == [(1, ""), (2, "A Section")]


def test_unreadable_sources_are_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"# T\n\nok\n\nna\xefve\n")
    source = read_source("bad", bad)
    assert [(p.line, p.col, p.message) for p in source.problems] == [
        (5, 3, "source is not UTF-8 text (byte 0xef)")]
    missing = read_source("gone", tmp_path / "gone.md")
    assert missing.problems[0].message.startswith("cannot read source file")


@pytest.mark.parametrize("head, what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xdf\xa4", "a ZIP file, as a Word .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an Office file"),
    (b"{\\rtf1\\ansi\\deff0 Cats sleep.\\par\n}\n", "an RTF document"),
])
def test_a_document_in_another_format_is_named_as_one(tmp_path: Path, head: bytes, what: str) -> None:
    """A PDF or a .docx named as the source got "not UTF-8: it looks like Windows-1252", with an
    iconv command that would have made its binary bytes into letters; an RTF file was read as text,
    and `guide new` quoted its markup ("{\\rtf1\\ansi ...")."""
    document = tmp_path / "article.md"
    document.write_bytes(head)
    [problem] = read_source("doc", document).problems
    assert (problem.line, problem.col, problem.message) == (1, 1, "source is not a text document")
    assert problem.hint.startswith(f"it is {what}") and "plain text (.txt) or Markdown (.md)" in problem.hint


# -- big sources: parsed in linear time (CPU-limited child processes, not timed asserts) ------------

def _big_guide(root: Path, body: str) -> Path:
    from tests.conftest import TINY_DOGS, TINY_MANIFEST, TINY_NODE, TINY_SOURCE

    for name, text in {"guide.yaml": TINY_MANIFEST, "doc.md": TINY_SOURCE + body, "nodes/hello.yaml": TINY_NODE,
                       "nodes/dogs.yaml": TINY_DOGS}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


SENTENCE = "The guide quotes the article in its own words, and every quote is checked against it. "


@pytest.mark.parametrize("body, status", [
    ("\n" + (SENTENCE * 7 + "\n\n") * 3_300, 0),  # 2 MB of prose: was quadratic, 325 s in all
    ("\n" + "A one-line paragraph of the source.\n\n" * 49_990, 0),  # the most paragraphs a source may have
    ("\n" + "x\n\n" * 100_000, 1),  # 100,000 paragraphs in 300 KB: 8.5 s, now refused as too many
], ids=["2MB-prose", "50k-paragraphs", "100k-paragraphs"])
def test_big_sources_validate_within_limits(tmp_path: Path, body: str, status: int) -> None:
    from tests.limits import run_guide

    root = _big_guide(tmp_path, body)
    result = run_guide("validate", str(root))
    assert not result.over_limit(), f"validate used {result.over_limit()}"
    assert result.returncode == status, result.stderr
    if status:
        assert "doc.md:" in result.stdout and "more than 50,000 paragraphs" in result.stdout


def test_paragraph_lines_are_counted_once(tmp_path: Path) -> None:
    text = "# T\n\n## A\n\n  first\n  still first\n\n\n\nsecond\n# not a heading? yes it is\nthird\n"
    source = parse_markdown("d", tmp_path / "d.md", text)
    assert [(p.text, p.line) for p in source.paragraphs] == [("first\n  still first", 5), ("second", 10),
                                                              ("third", 12)]
    assert [(s.title, s.line) for s in source.sections] == [("A", 3), ("not a heading? yes it is", 11)]
