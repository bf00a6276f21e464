"""Anything typed or pasted is shown literally and handled in bounded time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events

from guide.tui.literal import DISPLAY_LIMIT, literal, truncated, visible
from guide.tui.widgets.turns import UserTurn
from tests.tui_guide import last_turn, make_app, send, settle

MARKUP_LOOKING = ["[b]x[/b]", "[/]", "[$accent]hi", "**bold**", "\x1b[31mred", "[link=http://x]y[/link]",
                  "# heading", "1. item", "`code`", "[@click=app.quit]quit[/]", "[", "]", "[[/]]", "$accent"]


@pytest.mark.parametrize("typed", MARKUP_LOOKING)
async def test_markup_looking_input_is_shown_as_typed(tmp_path: Path, typed: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, typed)
        turn = app.log_view.query(UserTurn).last()
        content = turn.content
        assert str(content) == "You  " + visible(typed)
        assert all(span.end <= len("You  ") for span in content.spans)  # only the label is styled
        assert app.is_running
        assert last_turn(app).reply.input == typed  # the Session got the raw text
        app.save_screenshot(str(tmp_path / "screen.svg"))  # rendering does not raise either


async def test_control_characters_become_visible_symbols(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "a\x1b[31mb\x00c\x07d\u202ee")
        shown = str(app.log_view.query(UserTurn).last().content)
        assert shown == "You  a␛[31mb␀c␇d<U+202E>e"
        assert "\x1b" not in shown


async def test_a_one_megabyte_paste_neither_freezes_nor_crashes(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        big = ("why do cats sleep so much [b] " * 40_000)[:1_048_576]
        started = time.perf_counter()
        app.chat_input.post_message(events.Paste(big))
        await pilot.pause()
        assert len(app.chat_input.value) == len(big)
        await pilot.press("enter")
        await settle(pilot, app)
        elapsed = time.perf_counter() - started
        turn = app.log_view.query(UserTurn).last()
        shown = str(turn.content)
        assert shown.endswith(f"… ({len(big):,} characters)")
        assert len(shown) < DISPLAY_LIMIT + 100
        reply = last_turn(app)
        assert reply.reply.kind in {"answer", "clarify", "fallback"}
        assert str(reply.query_one(".notice").content) == f"({reply.reply.notice})"  # "I read its first …"
        assert elapsed < 10, elapsed
        assert app.chat_input.value == ""


async def test_a_multi_line_paste_is_kept_whole(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        app.chat_input.post_message(events.Paste("my cat sleeps\nall day [/]\r\nwhy?"))
        await pilot.pause()
        assert app.chat_input.value == "my cat sleeps all day [/] why?"


def test_truncated_marks_what_was_cut() -> None:
    assert truncated("abc", 5) == ("abc", "")
    assert truncated("abcdefgh", 5) == ("abcde", "… (8 characters)")


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_literal_keeps_every_visible_character(text: str) -> None:
    content = literal(text)
    assert str(content) == visible(text)
    assert not content.spans
    assert not any(ord(c) < 0x20 and c != "\n" for c in str(content))
