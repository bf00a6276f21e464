"""Everyday things: history, palette, help, save, copy, themes, 80x24."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Footer, Input

from guide.tui.app import GuideApp
from guide.tui.screens.dialogs import Confirm, SavePrompt
from guide.tui.screens.help import HelpScreen
from guide.tui.transcript import DEFAULT_NAME
from guide.tui.widgets.links import CitationLink, SuggestionLink
from guide.tui.widgets.turns import UserTurn
from tests.tui_guide import last_turn, make_app, send, settle, text_of


async def test_up_and_down_walk_the_input_history(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await send(pilot, app, "morning walk")
        await pilot.press("d", "r", "a")
        await pilot.press("up")
        assert app.chat_input.value == "morning walk"
        await pilot.press("up")
        assert app.chat_input.value == "why do cats sleep"
        await pilot.press("up")
        assert app.chat_input.value == "why do cats sleep"
        await pilot.press("down", "down")
        assert app.chat_input.value == "dra"  # the draft comes back
        await pilot.press("up", "enter")
        await settle(pilot, app)
        assert last_turn(app).reply.node == "morning-walks"


async def test_palette_jumps_to_a_topic_by_title(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"evening dog")
        for _ in range(20):  # the palette searches in the background
            await asyncio.sleep(0.05)
            await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        assert last_turn(app).reply.node == "evening-walks"
        assert "Evening dog walks" in str(app.log_view.query(UserTurn).last().content)


async def test_go_to_ignores_unknown_topics(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert app.go_to("no-such-node") is False


async def test_f1_lists_keys_commands_and_support(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = text_of(app.screen)
        for key in ("ctrl+s", "ctrl+b", "ctrl+r", "ctrl+t", "ctrl+q", "ctrl+p", "1-9"):
            assert key in text
        for word in ("back", "start over", "sources", "quit"):
            assert word in text
        assert "findahelpline.com" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_every_binding_has_a_description() -> None:
    from guide.tui.screens.source import SourceScreen
    from guide.tui.widgets.chat_input import ChatInput
    from guide.tui.widgets.links import SourceLink
    from guide.tui.widgets.turns import GuideTurn

    owners = (GuideApp, ChatInput, GuideTurn, CitationLink, SuggestionLink, SourceLink, SourceScreen, HelpScreen,
              SavePrompt, Confirm)
    for owner in owners:
        for binding in owner.BINDINGS:
            assert binding.description, (owner.__name__, binding.key)


async def test_footer_fits_80_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await send(pilot, app, "why do cats sleep")
        turn = last_turn(app)
        for focus in (app.chat_input, turn, turn.query(CitationLink).first(), turn.query(SuggestionLink).first()):
            focus.focus()
            await pilot.pause()
            footer = app.screen.query_one(Footer)
            assert footer.virtual_size.width <= 80, footer.virtual_size


async def test_save_writes_markdown_in_the_working_directory(tmp_path: Path, monkeypatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    app = make_app(tmp_path / "guide")
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep [b]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SavePrompt)
        assert app.screen.query_one(Input).value == str(work / DEFAULT_NAME)
        await pilot.press("enter")
        await pilot.pause()
        saved = (work / DEFAULT_NAME).read_text(encoding="utf-8")
        assert "**You:** why do cats sleep \\[b\\]" in saved
        assert "> “Cats sleep for most of the day, often in the sun.”" in saved
        assert "> — A small article about pets, “Sleeping”, paragraph 1" in saved
        assert "**Editor's note:**" in saved and "**Research note:**" in saved
        assert [p.name for p in work.iterdir()] == [DEFAULT_NAME]  # no temporary file left behind
        assert (work / DEFAULT_NAME).stat().st_mode & 0o644 == 0o644  # an ordinary file, not mkstemp's 0600
        messages = [n.message for n in app._notifications]
        assert any(str(work / DEFAULT_NAME) in str(m) for m in messages)


async def test_save_never_overwrites_without_asking(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "mine.md"
    target.write_text("keep me", encoding="utf-8")
    app = make_app(tmp_path / "guide")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        for answer, expected in (("n", "keep me"), ("y", None)):
            await pilot.press("ctrl+s")
            await pilot.pause()
            app.screen.query_one(Input).value = str(target)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, Confirm)
            await pilot.press(answer)
            await pilot.pause()
            text = target.read_text(encoding="utf-8")
            assert text == expected if expected else text.startswith("# Conversation")


async def test_default_save_name_does_not_clash(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / DEFAULT_NAME).write_text("old", encoding="utf-8")
    app = make_app(tmp_path / "guide")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query_one(Input).value == str(tmp_path / "guide-transcript-2.md")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SavePrompt)
        assert (tmp_path / DEFAULT_NAME).read_text(encoding="utf-8") == "old"


async def test_save_reports_errors_instead_of_crashing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(tmp_path / "guide")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "missing-folder" / "x.md")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert any(n.severity == "error" for n in app._notifications)


async def test_c_copies_the_focused_reply(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.press("tab", "c")
        assert app.clipboard == last_turn(app).reply.text
        assert "> “Cats sleep for most of the day, often in the sun.”" in app.clipboard


async def test_ctrl_t_toggles_light_and_dark(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert app.current_theme.dark
        await pilot.press("ctrl+t")
        assert not app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark


async def test_ctrl_q_quits(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_chat_keys_do_nothing_under_the_source_viewer(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        app.open_citation(last_turn(app).reply.citations[0])
        await pilot.pause()
        turns = len(app.log_view.children)
        await pilot.press("1", "ctrl+b")
        await settle(pilot, app)
        assert len(app.log_view.children) == turns


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_small_terminals_work(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await send(pilot, app, "why do cats sleep")
        await send(pilot, app, "1")
        assert last_turn(app).reply.node == "morning-walks"
        assert app.chat_input.region.bottom <= size[1]


def test_run_app_reports_a_missing_guide(tmp_path: Path, capsys) -> None:
    from guide.tui.app import run_app

    assert run_app(str(tmp_path / "nowhere")) == 2
    assert "nowhere" in capsys.readouterr().err


def test_run_app_reports_a_broken_guide_without_watch(make_guide, capsys) -> None:
    from guide.tui.app import run_app

    root = make_guide({"nodes/hello.yaml": "id: hello\ntitle: [unclosed\n"})
    assert run_app(str(root)) == 2
    assert "hello.yaml:" in capsys.readouterr().err


def test_palette_highlight_never_parses_titles_as_markup() -> None:
    from textual.fuzzy import Matcher

    from guide.tui.commands import highlight

    content = highlight(Matcher("evdog"), "Evening [b]dog[/] walks")
    assert content.plain == "Evening [b]dog[/] walks"
    assert {span.style for span in content.spans} == {"bold underline"}


async def test_palette_lists_topics_first_each_with_the_first_words_of_its_answer(tmp_path: Path) -> None:
    from textual.command import CommandList

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        for _ in range(20):  # the palette gathers hits in the background
            await asyncio.sleep(0.05)
            await pilot.pause()
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        titles = [prompt.splitlines()[0] for prompt in prompts]
        topics = {"Start here", "Why cats sleep so much", "Morning dog walks", "Evening dog walks"}
        assert set(titles[:4]) == topics  # in the guide's order, before any command
        help_of = {prompt.splitlines()[0]: prompt.splitlines()[1] for prompt in prompts}
        assert help_of["Why cats sleep so much"] == "The article says cats sleep most of the day."
        assert help_of["Morning dog walks"] == "“Dogs need a walk every morning and every evening.”"  # a quote
        assert titles[4] == "Find"  # then the guide's own commands, then Textual's
        assert "Go to this topic" not in "\n".join(prompts)
        assert {"Save transcript", "Find", "Quit"} <= set(titles[4:])


def test_topic_summaries_are_short_and_mark_quotes() -> None:
    from guide.tui.commands import shorten

    assert shorten("one two three four five six", 14) == "one two three…"
    assert shorten("short", 14) == "short"
    assert len(shorten("x" * 100, 20)) == 20
