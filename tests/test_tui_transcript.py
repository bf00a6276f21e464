"""The transcript as Markdown: quotes as quotations with citations, anything typed kept literal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guide.reply import Citation, Reply, ReplyBlock, Suggestion
from guide.tui.transcript import MAX_TURN_CHARS, Transcript, escape_markdown, write_atomic

CITATION = Citation("A small article", "Sleeping", 2, "1. Reduction of stress", "pets", 10, 32)
REPLY = Reply("why", "answer", "cats", 1.0, (
    ReplyBlock("say", "1. This line would start a list"),
    ReplyBlock("quote", "1. Reduction of stress", CITATION),
    ReplyBlock("note", "Not the article's *words*."),
    ReplyBlock("research", "Purring is 25-150 Hz.", cite="Example (2001)"),
), (Suggestion("6. Risk-taking", "six"),), footer="Support: 988")


def test_escape_markdown_keeps_text_literal() -> None:
    assert escape_markdown("**bold** [b]x[/b] `c` <b> a|b ~x~") == (
        "\\*\\*bold\\*\\* \\[b\\]x\\[/b\\] \\`c\\` \\<b\\> a\\|b \\~x\\~")
    assert escape_markdown("1. item") == "1. item"
    assert escape_markdown("1. item", line_start=True) == "1\\. item"
    assert escape_markdown("# h", line_start=True) == "\\# h"
    assert escape_markdown("- x", line_start=True) == "\\- x"
    assert escape_markdown("Hello. (fine)!") == "Hello. (fine)!"


def test_reply_blocks_become_quotations_and_labelled_notes() -> None:
    transcript = Transcript("Pets")
    transcript.add_reader("why [b]", chosen=False)
    transcript.add_reply(REPLY)
    transcript.add_reader("6. Risk-taking", chosen=True)
    text = transcript.to_markdown()
    assert text.startswith("# Conversation with the guide “Pets”\n")
    assert "**You:** why \\[b\\]\n" in text
    assert "\n1\\. This line would start a list\n" in text
    assert "> “1. Reduction of stress”\n> — A small article, “Sleeping”, paragraph 2\n" in text
    assert "**Editor's note:** Not the article's \\*words\\*." in text
    assert "**Research note:** Purring is 25-150 Hz. (Example (2001))" in text
    assert "*Next:* 1. 6. Risk-taking" in text
    assert "*Support: 988*" in text
    assert "**You chose:** 6. Risk-taking" in text


def test_a_huge_message_is_cut_with_a_marker() -> None:
    transcript = Transcript("Pets")
    transcript.add_reader("x" * (MAX_TURN_CHARS + 5))
    assert f"… ({MAX_TURN_CHARS + 5:,} characters)" in transcript.to_markdown()


def test_write_atomic_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "t.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["t.md"]


def test_write_atomic_leaves_nothing_behind_on_failure(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "t.md"
    target.write_text("old", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.md"]
