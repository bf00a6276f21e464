"""The remembered opening screen: drawn before the guide loads, valid only while nothing changed."""

from __future__ import annotations

import gc
from pathlib import Path

from guide.reply import ReplyBlock
from guide.tui.app import GuideApp
from guide.tui.opening import read_opening
from guide.tui.widgets.turns import GuideTurn, UserTurn
from tests.tui_guide import last_turn, make_app, settle, text_of, write_tui_guide


async def remember_opening(root: Path) -> None:
    """Start once the ordinary way: the app keeps the opening for the next start."""
    app = make_app(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await app.workers.wait_for_complete()


async def test_a_second_start_draws_the_welcome_before_loading_the_guide(tmp_path: Path, monkeypatch) -> None:
    import threading

    import guide.tui.reload

    root = write_tui_guide(tmp_path)
    assert read_opening(root.resolve()) is None
    await remember_opening(root)
    opening = read_opening(root.resolve())
    assert opening is not None and opening.title == "Pets guide"
    app = GuideApp(guide_path=root, opening=opening)
    assert app.engine is None and app.loading  # nothing of the core loaded yet
    first_frame: list[tuple[bool, str]] = []
    display = app._display

    def record(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and not first_frame:
            first_frame.append((app.loading, text_of(app.log_view)))

    app._display = record  # type: ignore[method-assign]
    release = threading.Event()
    load = guide.tui.reload.load_engine

    def slow_load(path):
        release.wait(5)
        return load(path)

    monkeypatch.setattr(guide.tui.reload, "load_engine", slow_load)
    async with app.run_test(size=(100, 30)) as pilot:
        app.chat_input.value = "why do cats sleep"  # sent before the guide is loaded: it waits
        assert str(app.query_one("#header-title").content) == "Pets guide"  # the welcome is not a topic
        await pilot.press("enter")
        assert app.loading and len(app._pending) == 1 and app.busy
        release.set()
        await settle(pilot, app)
        loading, shown = first_frame[0]
        assert loading and "guide to a small article about pets" in shown
        assert str(app.query_one("#header-title").content) == "Pets guide · Why cats sleep so much"
        assert not app.loading and app.engine is not None
        assert [t.text for t in app.log_view.query(UserTurn)] == ["why do cats sleep"]
        assert last_turn(app).reply.node == "cats"
        assert len(app.log_view.query(GuideTurn)) == 2  # the welcome was not drawn twice


async def test_an_edited_guide_is_not_opened_from_memory(tmp_path: Path) -> None:
    root = write_tui_guide(tmp_path)
    await remember_opening(root)
    welcome = root / "nodes" / "welcome.yaml"
    welcome.write_text(welcome.read_text(encoding="utf-8").replace("Hello.", "Hi there."), encoding="utf-8")
    assert read_opening(root.resolve()) is None


async def test_a_remembered_welcome_that_is_not_the_guides_is_replaced(tmp_path: Path) -> None:
    root = write_tui_guide(tmp_path)
    await remember_opening(root)
    opening = read_opening(root.resolve())
    assert opening is not None
    wrong = opening._replace(welcome=opening.welcome._replace(blocks=(ReplyBlock("say", "An old welcome."),)))
    app = GuideApp(guide_path=root, opening=wrong)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.pause()
        turns = list(app.log_view.query(GuideTurn))
        assert len(turns) == 1 and "guide to a small article about pets" in text_of(turns[0])
        assert app.transcript.turns == [turns[0].reply]


def test_run_app_leaves_the_garbage_collector_on(tmp_path: Path, capsys) -> None:
    from guide.tui.app import run_app

    assert run_app(str(tmp_path / "nowhere")) == 2
    assert gc.isenabled()
