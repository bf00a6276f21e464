"""Snapshots of the chat (pytest-textual-snapshot): fixed sizes, no clocks, no randomness.

Update after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and review the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from tests.tui_guide import make_app, send, settle

SIZE = (100, 30)


def asking(*questions: str) -> Callable[..., Awaitable[None]]:
    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(pilot, app)
        for question in questions:
            await send(pilot, app, question)
        app.chat_input.cursor_blink = False

    return run_before


@pytest.fixture
def app(tmp_path: Path):
    return make_app(tmp_path)


def test_welcome(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=asking())


def test_answer_with_quotes_and_notes(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=asking("why do cats sleep"))


def test_clarify(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=asking("dog walk"))


def test_fallback(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=asking("quantum physics of black holes"))


def test_safety_reply(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=asking("i want to kill myself"))


def test_markup_looking_input(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=asking("[b]x[/b] [/] [$accent]hi **bold** \x1b[31m"))


def test_source_viewer(snap_compare, app) -> None:
    async def run_before(pilot) -> None:
        await asking("why do cats sleep")(pilot)
        await pilot.press("tab", "o")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare, app) -> None:
    async def run_before(pilot) -> None:
        await asking()(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_answer_at_80x24(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=asking("why do cats sleep"))


def test_light_theme(snap_compare, app) -> None:
    async def run_before(pilot) -> None:
        await asking("why do cats sleep")(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
