"""The manifest's `support:` section and a source's `url` and `published`."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.conversation import new_session
from guide.dialog.loader import load_guide


@pytest.fixture
def tiny_guide(make_guide) -> Path:
    return make_guide()


def _with_manifest(guide_dir: Path, extra: str) -> Path:
    manifest = guide_dir / "guide.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return guide_dir


def test_the_welcome_has_the_support_notice_by_default(tiny_guide):
    reply = new_session(load_guide(tiny_guide).guide).welcome()
    assert any(b.type == "safety" and "findahelpline.com" in b.text for b in reply.blocks)


def test_support_welcome_false_drops_the_notice_but_not_the_risk_check(tiny_guide):
    result = load_guide(_with_manifest(tiny_guide, "support:\n  welcome: false\n"))
    assert result.ok, result.problems
    session = new_session(result.guide)
    assert not any(b.type == "safety" for b in session.welcome().blocks)
    assert session.respond("i want to kill myself").kind == "safety"


def test_support_region_orders_the_lines(tiny_guide):
    result = load_guide(_with_manifest(tiny_guide, "support:\n  region: uk\n"))
    assert result.ok, result.problems
    reply = new_session(result.guide).respond("help")
    lines = [b.text for b in reply.blocks if b.type == "safety"]
    assert lines[0].startswith("If you are in immediate danger")
    assert "Samaritans" in lines[1]


def test_an_unknown_region_is_a_problem_with_the_choices(tiny_guide):
    result = load_guide(_with_manifest(tiny_guide, "support:\n  region: mars\n"))
    (problem,) = [p for p in result.problems if p.is_error]
    assert problem.file.endswith("guide.yaml") and problem.line > 1
    assert "us" in problem.message + problem.hint


def test_sources_lists_url_and_date(tiny_guide):
    manifest = tiny_guide / "guide.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "file:" in text
    text = text.replace("file:", "url: https://example.org/doc\n    published: 2021-03-04\n    file:", 1)
    manifest.write_text(text, encoding="utf-8")
    result = load_guide(tiny_guide)
    assert result.ok, result.problems
    reply = new_session(result.guide).respond("sources")
    assert "https://example.org/doc" in reply.text and "2021-03-04" in reply.text


def test_sources_names_the_author(tiny_guide):
    manifest = tiny_guide / "guide.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("file:", "author: Ada Byron\n    file:", 1), encoding="utf-8")
    result = load_guide(tiny_guide)
    assert result.ok, result.problems
    assert next(iter(result.guide.sources.values())).author == "Ada Byron"
    reply = new_session(result.guide).respond("sources")
    assert "by Ada Byron" in reply.text
