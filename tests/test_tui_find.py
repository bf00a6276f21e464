"""ctrl+f: find in the conversation, in the article viewer and in the side panel; next and previous."""

from __future__ import annotations

from pathlib import Path

from guide.tui.screens.source import SourceScreen
from guide.tui.widgets.article import ParagraphView
from guide.tui.widgets.find import CURRENT_STYLE, MATCH_STYLE, FindBar, find_spans
from guide.tui.widgets.turns import UserTurn
from tests.tui_guide import last_turn, make_app, send, settle


def styled(widget, style: str) -> list[str]:
    content = widget.content
    return [content.plain[span.start:span.end] for span in content.spans if span.style == style]


def test_find_spans_ignores_case_and_spacing() -> None:
    assert find_spans("Cats sleep; CATS nap.", "cats") == [(0, 4), (12, 16)]
    assert find_spans("a tired\n  dog", "tired dog") == [(2, 13)]
    assert find_spans("[b]x[/b]", "[b]") == [(0, 3)]  # a query is text, never a pattern
    assert find_spans("anything", "   ") == []


async def test_ctrl_f_finds_in_the_conversation_with_next_and_previous(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for question in ["why do cats sleep", "morning walk", "evening walk"]:
            await send(pilot, app, question)
        await pilot.press("ctrl+f")
        bar = app.screen.query_one(FindBar)
        assert bar.display and app.focused is bar.input
        await pilot.press(*"cats")
        status = bar.query_one("#find-status")
        count = len(bar.matches)
        assert count >= 3
        # it starts where the reader is looking (the end of the conversation), not at the top
        start = bar.current
        assert app.log_view.region.overlaps(bar.matches[start].widget.region)
        assert not app.log_view.region.overlaps(bar.matches[0].widget.region)
        assert str(status.content) == f"{start + 1} of {count}"
        match = bar.matches[start]
        assert styled(match.widget, CURRENT_STYLE) == [match.widget.content.plain[match.start:match.end]]
        await pilot.press("enter")  # next, wrapping around to the first
        assert bar.current == (start + 1) % count
        assert str(status.content) == f"{bar.current + 1} of {count}"
        assert app.log_view.region.overlaps(bar.matches[bar.current].widget.region)  # scrolled to it
        await pilot.press("down")
        assert bar.current == (start + 2) % count
        await pilot.press("up", "up", "up")  # previous
        assert bar.current == (start - 1) % count
        first_widget = bar.matches[0].widget
        while bar.current != 0:
            await pilot.press("up")
        assert app.log_view.region.overlaps(first_widget.region)  # the top of the conversation
        assert app.log_view.scroll_y < app.log_view.max_scroll_y
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display and app.focused is app.chat_input
        assert not any(styled(m.widget, MATCH_STYLE) or styled(m.widget, CURRENT_STYLE) for m in bar.matches)


async def test_find_says_when_nothing_matches_and_takes_markup_literally(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "[b]odd[/] message")
        await pilot.press("ctrl+f")
        bar = app.screen.query_one(FindBar)
        bar.input.value = "[/]"
        await pilot.pause()
        assert len(bar.matches) == 1 and isinstance(bar.matches[0].widget, UserTurn)
        bar.input.value = "zebra"
        await pilot.pause()
        assert str(bar.query_one("#find-status").content) == "no matches"
        await pilot.press("enter")  # nothing to go to: a bell, no crash
        assert app.is_running


async def test_a_new_reply_while_finding_is_searched_too(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.press("ctrl+f", *"dog")
        bar = app.screen.query_one(FindBar)
        before = len(bar.matches)
        app.ask("morning walk")
        await settle(pilot, app)
        assert len(bar.matches) > before
        assert any(m.widget in last_turn(app).query("*") for m in bar.matches)


async def test_find_in_the_article_viewer(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        app.open_citation(last_turn(app).reply.citations[0])
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        await pilot.press("ctrl+f", *"dog")
        bar = app.screen.query_one(FindBar)
        # "Dogs need a walk ... A tired dog is a calm dog."
        assert [m.widget.parent.paragraph.number for m in bar.matches] == [3, 3, 3]
        assert str(bar.query_one("#find-status").content) == "1 of 3"
        await pilot.press("enter")
        assert str(bar.query_one("#find-status").content) == "2 of 3"
        await pilot.press("escape")  # closes find first...
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen) and not bar.display
        await pilot.press("escape")  # ...then the viewer
        await pilot.pause()
        assert not isinstance(app.screen, SourceScreen)


async def test_find_in_the_side_panel_when_it_has_focus(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.pause()
        app.article_panel.view.focus()
        await pilot.press("ctrl+f", *"territory")
        bar = app.screen.query_one(FindBar)
        assert bar.input.placeholder == "Find in the article"
        assert [type(m.widget.parent) for m in bar.matches] == [ParagraphView]


async def test_typing_the_query_does_not_drift_from_where_the_reader_started(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        for question in ["why do cats sleep", "morning walk"]:
            await send(pilot, app, question)
        await settle(pilot, app)
        await pilot.press("ctrl+f", *"dog")
        await pilot.pause()
        bar = app.screen.query_one(FindBar)
        # "d", "do", "dog": each a step of incremental search from the match on screen, never
        # a jump to the welcome's suggestions at the top
        assert bar.current >= 2, f"{bar.current + 1} of {len(bar.matches)}"
        assert app.log_view.region.overlaps(bar.matches[bar.current].widget.region)


async def test_the_side_panel_follows_replies_that_come_at_once(tmp_path: Path) -> None:
    """Two changes of article at the same moment (a reply while the panel comes in, or two quick
    replies) wait for each other: the second asked for the view while the first had removed it."""
    import asyncio

    app = make_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot, app)
        await send(pilot, app, "why do cats sleep")
        await settle(pilot, app)
        panel = app.article_panel
        assert panel is not None
        sources = list(app.engine.guide.sources.values())
        assert len(sources) == 2
        await asyncio.gather(panel.follow(sources[1], ()), panel.follow(sources[0], ()),
                             panel.follow(sources[1], ()))
        await pilot.pause()
        assert panel.source is sources[1] and len(panel.query("#panel-article")) == 1
        assert panel.view.source is sources[1]
