"""Conversations kept only when the reader asks: private files, a list to reopen, delete all,
and nothing written without the opt-in (or with the app's disk switch off)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from textual.command import CommandPalette

from guide.reply import Citation, Reply, ReplyBlock, Suggestion
from guide.tui.kept import ConversationStore, keeping_on, reply_data, reply_from, set_keeping
from guide.tui.screens.dialogs import Confirm, SavePrompt
from guide.tui.screens.kept import KeptScreen
from guide.tui.widgets.turns import GuideTurn, UserTurn
from tests.tui_guide import last_turn, make_app, send, settle, text_of


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    return {"folder": tmp_path / "data" / "guide" / "conversations",
            "settings": tmp_path / "config" / "guide" / "chat-settings.json"}


def kept_app(tmp_path: Path, places: dict[str, Path], **kwargs: object):
    return make_app(tmp_path / "guide", kept_folder=places["folder"], settings_file=places["settings"], **kwargs)


async def opt_in(pilot, app) -> None:
    app.action_keep_conversations()
    await pilot.pause()
    assert isinstance(app.screen, Confirm)
    assert str(app.kept_folder) in text_of(app.screen)  # it says where, before anything is written
    await pilot.press("y")
    await pilot.pause()


async def test_without_opt_in_nothing_is_written(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "home"
    for name, folder in (("HOME", home), ("XDG_DATA_HOME", home / "data"), ("XDG_CONFIG_HOME", home / "config"),
                         ("XDG_STATE_HOME", home / "state")):
        monkeypatch.setenv(name, str(folder))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    app = make_app(tmp_path / "guide")
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await send(pilot, app, "i feel so alone tonight")
        await send(pilot, app, "1")
        assert not app.keeping
        await pilot.press("ctrl+q")
    assert not home.exists()
    assert not any(work.iterdir())


async def test_opting_in_keeps_each_conversation_readable_only_by_the_reader(tmp_path: Path, places) -> None:
    app = kept_app(tmp_path, places)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert not files_under(tmp_path / "data") and not places["settings"].exists()
        await opt_in(pilot, app)
        assert app.keeping and "kept" in str(app.query_one("#header-kept").content)
        assert keeping_on(places["settings"]) and mode(places["settings"]) == 0o600
        await send(pilot, app, "why do cats sleep")
        await send(pilot, app, "2")
        await app.workers.wait_for_complete()
    [kept] = files_under(tmp_path / "data")
    assert kept.parent == places["folder"]
    assert mode(kept) == 0o600
    assert mode(places["folder"]) == 0o700 and mode(places["folder"].parent) == 0o700
    data = json.loads(kept.read_text(encoding="utf-8"))
    said = [turn["reader"] for turn in data["turns"] if "reader" in turn]
    assert said == ["why do cats sleep", "Evening dog walks"]
    assert data["guide"] == "Pets guide"


async def test_the_setting_is_remembered_and_a_kept_conversation_reopens(tmp_path: Path, places) -> None:
    first = kept_app(tmp_path, places)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot, first)
        await opt_in(pilot, first)
        await send(pilot, first, "why do cats sleep")
        await first.workers.wait_for_complete()
    [kept] = files_under(places["folder"])

    second = kept_app(tmp_path, places)
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot, second)
        await pilot.pause()
        assert second.keeping  # remembered from last time
        second.action_kept_conversations()
        await pilot.pause()
        assert isinstance(second.screen, KeptScreen)
        assert "why do cats sleep" in str(second.screen.query_one("#kept-list").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot, second)
        await pilot.pause()
        said = [turn.text for turn in second.log_view.query(UserTurn)]
        assert said == ["why do cats sleep"]
        assert last_turn(second).reply.node == "cats"
        assert second.kept_path == kept
        await send(pilot, second, "1")  # carries on: 1 is the reopened reply's first suggestion
        assert last_turn(second).reply.node == "morning-walks"
        await second.workers.wait_for_complete()
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert [t["reader"] for t in data["turns"] if "reader" in t] == ["why do cats sleep", "Morning dog walks"]
    assert files_under(places["folder"]) == [kept]


async def test_delete_all_kept_conversations_asks_then_deletes(tmp_path: Path, places) -> None:
    store = ConversationStore(places["folder"])
    reply = Reply("hi", "answer", "cats")
    for number in range(3):
        store.save(store.new_path(), "Pets guide", "", store_started(), [(f"question {number}", False), reply])
    app = kept_app(tmp_path, places)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        app.action_delete_kept()
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and "3 kept conversations" in text_of(app.screen)
        await pilot.press("n")
        await pilot.pause()
        assert len(files_under(places["folder"])) == 3
        app.action_delete_kept()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert files_under(places["folder"]) == []
        assert any("Deleted 3" in str(n.message) for n in app._notifications)


async def test_stop_keeping_stops_writing(tmp_path: Path, places) -> None:
    app = kept_app(tmp_path, places)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await opt_in(pilot, app)
        await send(pilot, app, "why do cats sleep")
        await app.workers.wait_for_complete()
        [kept] = files_under(places["folder"])
        before = kept.read_text(encoding="utf-8")
        app.action_stop_keeping()
        await send(pilot, app, "morning walk")
        await app.workers.wait_for_complete()
        assert kept.read_text(encoding="utf-8") == before
        assert not keeping_on(places["settings"]) and not app.keeping


async def test_the_disk_switch_turns_off_everything_that_touches_the_disk(tmp_path: Path, places, monkeypatch) -> None:
    set_keeping(True, places["settings"])  # even a reader who opted in earlier
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    app = kept_app(tmp_path, places, local_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.pause()
        assert not app.keeping
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SavePrompt)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert not titles & {"Save transcript", "Keep conversations on this computer", "Kept conversations",
                             "Delete kept conversations", "Screenshot"}
        assert {"Find", "Article", "Copy reply"} <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
    assert files_under(places["folder"].parent) == [] and not any(work.iterdir())


def store_started():
    from datetime import datetime

    return datetime(2025, 6, 3, 14, 2)


def test_replies_survive_the_round_trip_through_json() -> None:
    citation = Citation("A small article", "Sleeping", 2, "1. Reduction of stress", "pets", 10, 32)
    reply = Reply("why", "answer", "cats", 0.75, (ReplyBlock("say", "[b]x[/b]"), ReplyBlock("quote", "q", citation),
                                                ReplyBlock("research", "r", cite="Example (2001)")),
                  (Suggestion("Next", "dogs"), Suggestion("Back", command="back")), footer="f", notice="n",
                  title="Cats")
    assert reply_from(json.loads(json.dumps(reply_data(reply)))) == reply
    data = reply_data(reply) | {"added_by_a_newer_core": 1}
    assert reply_from(data) == reply


def test_unreadable_kept_files_are_skipped(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    good = store.new_path()
    store.save(good, "Pets guide", "", store_started(), [("hello", False), Reply("hello", "answer", "welcome")])
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"format": 99}', encoding="utf-8")
    [listed] = store.list()
    assert listed.path == good and listed.first_message == "hello" and listed.messages == 1
    assert store.load(tmp_path / "broken.json") is None
    assert store.load(good).turns[0] == ("hello", False)


def test_turning_keeping_off_when_never_on_writes_nothing(tmp_path: Path) -> None:
    settings = tmp_path / "config" / "settings.json"
    set_keeping(False, settings)
    assert not settings.exists() and not (tmp_path / "config").exists()
    set_keeping(True, settings)
    assert keeping_on(settings)
    assert stat.S_IMODE(os.stat(settings.parent).st_mode) == 0o700


def test_settings_and_kept_conversations_write_through_a_symlink(tmp_path: Path) -> None:
    """Both stores replace the file a symbolic link leads to (dotfiles kept elsewhere), atomically;
    the link stays a link, as a saved transcript's does."""
    elsewhere = tmp_path / "dotfiles"
    elsewhere.mkdir()
    (elsewhere / "settings.json").write_text("{}", encoding="utf-8")
    config = tmp_path / "config"
    config.mkdir()
    settings = config / "settings.json"
    settings.symlink_to(elsewhere / "settings.json")
    set_keeping(True, settings)
    assert settings.is_symlink() and keeping_on(elsewhere / "settings.json")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["settings.json"]  # no temporary file left
    store = ConversationStore(tmp_path / "kept")
    path = store.new_path()
    (tmp_path / "kept").mkdir()
    path.symlink_to(elsewhere / "talk.json")  # dangling: the file it names is written
    store.save(path, "Pets guide", "", store_started(), [("hi", False), Reply("hi", "answer", "x")])
    assert path.is_symlink() and store.load(elsewhere / "talk.json").turns[0] == ("hi", False)
    assert stat.S_IMODE(os.stat(elsewhere / "talk.json").st_mode) == 0o600


def test_settings_over_a_link_to_a_device_are_refused(tmp_path: Path) -> None:
    settings = tmp_path / "settings.json"
    settings.symlink_to(os.devnull)
    with pytest.raises(OSError, match="not a file"):
        set_keeping(True, settings)
    assert settings.is_symlink()


async def test_a_conversation_with_another_guide_is_not_reopened_here(tmp_path: Path, places) -> None:
    store = ConversationStore(places["folder"])
    path = store.new_path()
    store.save(path, "Some other guide", "", store_started(), [("hi", False), Reply("hi", "answer", "x")])
    app = kept_app(tmp_path, places)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert not await app.reopen(path)
        await pilot.pause()
        assert [type(t) for t in app.log_view.turns()] == [GuideTurn]
        assert any("Some other guide" in str(n.message) for n in app._notifications)


async def test_help_says_what_is_kept(tmp_path: Path, places) -> None:
    app = kept_app(tmp_path, places)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert "Nothing you type is saved unless you ask" in text_of(app.screen)
        await pilot.press("escape")
        await opt_in(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert f"This conversation is kept in {places['folder']}" in text_of(app.screen)


async def test_a_reopened_conversation_after_a_disclosure_keeps_the_resource_line(tmp_path: Path, places) -> None:
    first = kept_app(tmp_path, places)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot, first)
        await opt_in(pilot, first)
        await send(pilot, first, "i want to kill myself")
        assert last_turn(first).reply.kind == "safety"
        await first.workers.wait_for_complete()
    [kept] = files_under(places["folder"])
    second = kept_app(tmp_path, places)
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot, second)
        assert await second.reopen(kept)
        await send(pilot, second, "why do cats sleep")
        assert last_turn(second).reply.footer  # still careful, as the conversation was


async def test_in_a_browser_nothing_is_kept_on_the_server_and_ctrl_s_downloads(tmp_path: Path, places,
                                                                              monkeypatch) -> None:
    from guide.tui.app import GuideApp

    set_keeping(True, places["settings"])  # the server's own account opted in, for its own chats
    monkeypatch.setattr(GuideApp, "is_web", property(lambda self: True))  # as under guide serve
    delivered: list[str] = []
    app = kept_app(tmp_path, places)
    monkeypatch.setattr(app, "deliver_text", lambda text, **kwargs: delivered.append(text.getvalue()))
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.pause()
        assert not app.keeping
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Save transcript" in titles and "Keep conversations on this computer" not in titles
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert delivered and "why do cats sleep" in delivered[0]
        await app.workers.wait_for_complete()
    assert files_under(places["folder"].parent) == []


def test_delete_all_removes_what_it_wrote_and_nothing_else(tmp_path: Path) -> None:
    """The store a symbolic link to a folder elsewhere; a kept file written through a link; a
    temporary file an interrupted write left; the reader's own files beside them."""
    real, dotfiles = tmp_path / "real-store", tmp_path / "dotfiles"
    real.mkdir()
    dotfiles.mkdir()
    (tmp_path / "store").symlink_to(real)
    store = ConversationStore(tmp_path / "store")
    turns: list = [("hi", False), Reply("hi", "answer", "x")]
    plain = store.new_path()
    store.save(plain, "Pets guide", "", store_started(), turns)
    linked = plain.with_name(plain.name.replace(plain.name[-11:-5], "abcdef"))
    linked.symlink_to(dotfiles / "talk.json")
    store.save(linked, "Pets guide", "", store_started(), turns)
    (real / f".{plain.name}.x1y2z3.tmp").write_text('{"format": 1', encoding="utf-8")
    (real / "notes.json").write_text('{"format": 1, "turns": []}', encoding="utf-8")  # the reader's own
    (dotfiles / "bashrc").write_text("mine", encoding="utf-8")
    planted = plain.with_name(plain.name.replace(plain.name[-11:-5], "fedcba"))
    planted.symlink_to(dotfiles / "bashrc")  # named like a kept file, but leads to no conversation
    assert len(store.list()) == 2
    assert store.delete_all() == 2
    assert sorted(p.name for p in real.iterdir()) == sorted(["notes.json", planted.name])
    assert sorted(p.name for p in dotfiles.iterdir()) == ["bashrc"]  # talk.json, written by the app, is gone
    assert (dotfiles / "bashrc").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "store").is_symlink() and store.list() == []
