"""Snapshots of the chat (pytest-textual-snapshot): fixed sizes, no clocks, no randomness.

Every scene at the four sizes readers use (60x18, 80x24, 100x30, 160x50): the welcome, an
answer, the article (beside the chat at 160 columns, the viewer below 140), find, and the
light theme; a few more scenes at 100x30.

Update after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and review the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from tests.tui_guide import make_app, send, settle

SIZE = (100, 30)
SIZES = {"60x18": (60, 18), "80x24": (80, 24), "100x30": (100, 30), "160x50": (160, 50)}
Steps = Callable[..., Awaitable[None]]


async def steady(pilot) -> None:
    """No blinking cursors, every scroll animation finished, and every layout pass done (find
    scrolls to its match with an animation that a loaded machine may not have finished)."""
    for field in pilot.app.screen.query("Input"):
        field.cursor_blink = False
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    await pilot.pause()


def asking(*questions: str) -> Steps:
    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(pilot, app)
        for question in questions:
            await send(pilot, app, question)
        await steady(pilot)

    return run_before


def then(first: Steps, *keys: str) -> Steps:
    async def run_before(pilot) -> None:
        await first(pilot)
        await pilot.press(*keys)
        await pilot.pause()
        await steady(pilot)

    return run_before


async def article(pilot) -> None:
    """The answer's second quote in the article: in the side panel when wide, else in the viewer."""
    app = pilot.app
    await asking("why do cats sleep")(pilot)
    if app.size.width >= 140:
        app.open_citation(app.log_view.query("GuideTurn").last().reply.citations[1])
    else:
        await pilot.press("f2")
    await pilot.pause()
    await steady(pilot)


SCENES: dict[str, Steps] = {
    "welcome": asking(),
    "answer": asking("why do cats sleep"),
    "article": article,
    "find": then(asking("why do cats sleep", "morning walk"), "ctrl+f", *"dog"),
    "light": then(asking("why do cats sleep"), "ctrl+t"),
}


@pytest.fixture
def app(tmp_path: Path):
    return make_app(tmp_path)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scene", SCENES)
def test_scene(snap_compare, app, scene: str, size: str) -> None:
    assert snap_compare(app, terminal_size=SIZES[size], run_before=SCENES[scene])


def test_clarify(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=asking("dog walk"))


def test_fallback(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=asking("quantum physics of black holes"))


def test_safety_reply(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=asking("i want to kill myself"))


def test_markup_looking_input(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=asking("[b]x[/b] [/] [$accent]hi **bold** \x1b[31m"))


def test_help(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=then(asking(), "f1"))


def test_earlier_suggestions_dimmed_in_the_light_theme(snap_compare, app) -> None:
    assert snap_compare(app, terminal_size=(80, 40), run_before=then(asking("why do cats sleep"), "ctrl+t"))


def test_kept_conversations_list(snap_compare, tmp_path: Path) -> None:
    import shutil
    import tempfile
    from datetime import datetime

    from guide.reply import Reply
    from guide.tui.kept import ConversationStore

    folder = Path(tempfile.gettempdir()) / "guide-snapshot-kept"  # the list names its folder: a fixed one
    shutil.rmtree(folder, ignore_errors=True)
    store = ConversationStore(folder)
    for number, question in enumerate(["why do cats sleep", "[b]not markup[/b] and a long message " * 3]):
        started = datetime(2025, 6, 3 + number, 14, 2)
        store.save(folder / f"2025060{3 + number}-140200-00000{number}.json", "Pets guide", "", started,
                   [(question, False), Reply(question, "answer", "cats")])
    app = make_app(tmp_path / "guide", kept_folder=folder, settings_file=tmp_path / "settings.json")

    async def run_before(pilot) -> None:
        await asking()(pilot)
        pilot.app.action_kept_conversations()
        await pilot.pause()
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
