"""Layout at every size: reading width, the article beside the chat, scrolling from the input,
the first frame, small terminals, header and footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import Footer

from guide.tui.app import GuideApp
from guide.tui.screens.help import HelpScreen
from guide.tui.screens.source import SourceScreen
from guide.tui.widgets.article import ArticlePanel, ParagraphView
from guide.tui.widgets.header import HeaderBar
from guide.tui.widgets.links import SuggestionLink
from guide.tui.widgets.turns import GuideTurn, UserTurn
from tests.tui_guide import last_turn, make_app, send, settle, text_of, until

SIZES = [(60, 18), (80, 24), (100, 30), (160, 50)]


# -- 1. reading width, and a short conversation starts at the top ---------------------------------

async def test_text_is_at_most_100_columns_and_centred_on_a_wide_terminal(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(200, 40)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.press("f2")  # hide the article: the chat has the whole width
        await pilot.pause()
        assert not app.article_shown
        log, turn = app.log_view, last_turn(app)
        assert turn.outer_size.width == 100
        left = turn.region.x - log.region.x
        right = log.region.right - turn.region.right
        assert abs(left - right) <= 2, (left, right)


async def test_a_short_conversation_starts_at_the_top(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await send(pilot, app, "why do cats sleep")
        log = app.log_view
        welcome = log.query(GuideTurn).first()
        assert log.scroll_y == 0
        assert welcome.region.y == log.region.y  # right under the header, not 30 rows down
        assert log.max_scroll_y == 0


# -- 5. the first frame shows the top of the greeting ---------------------------------------------

async def test_first_frame_shows_the_top_of_the_greeting(bundled_guide: Path) -> None:
    app = GuideApp(guide_path=bundled_guide)
    frames: list[float] = []
    display = app._display

    def record(screen, renderable) -> None:  # the scroll position of every frame, from the first
        display(screen, renderable)
        if renderable is not None and app.is_running and screen is app.screen:
            frames.append(app.log_view.scroll_y)

    app._display = record  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        welcome = app.log_view.query(GuideTurn).first()
        assert welcome.outer_size.height > app.log_view.size.height  # taller than the view...
        assert frames and set(frames) == {0}  # ...and shown from its first line in every frame
        assert str(welcome.query("SayBlock").first().content).startswith("Hello.")
        assert welcome.region.y == app.log_view.region.y


# -- 2. the article beside the chat ---------------------------------------------------------------

async def test_wide_terminal_shows_the_article_beside_the_chat_following_quotes(bundled_guide: Path) -> None:
    app = GuideApp(guide_path=bundled_guide)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot, app)
        await pilot.pause()
        panel = app.query_one(ArticlePanel)
        assert panel.display and panel.region.width > 40
        assert app.log_view.region.right <= panel.region.x  # beside, not over
        await send(pilot, app, "why does touch calm me")
        await pilot.pause()
        await pilot.pause()
        cited = [view for view in panel.query(ParagraphView) if view.has_class("-cited")]
        quoted = sorted({c.paragraph for c in last_turn(app).reply.citations})
        assert [view.paragraph.number for view in cited] == quoted
        assert panel.view.region.overlaps(cited[0].region)  # scrolled to it
        await send(pilot, app, "oxytocin")
        await pilot.pause()
        await pilot.pause()
        now = [view.paragraph.number for view in panel.query(ParagraphView) if view.has_class("-cited")]
        assert now == sorted({c.paragraph for c in last_turn(app).reply.citations}) and now != [11]


async def test_f2_hides_and_shows_the_panel_and_narrow_terminals_use_the_viewer(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await until(pilot, lambda: app.article_shown)
        await pilot.press("f2")
        await until(pilot, lambda: not app.article_shown)
        await pilot.press("f2")
        await until(pilot, lambda: app.article_shown)
        link = last_turn(app).citation_links[1]  # a citation opens in the panel, not over the chat
        link.activate()

        def cited() -> list[int]:
            return [v.paragraph.number for v in app.article_panel.query(ParagraphView) if v.has_class("-cited")]

        await until(pilot, lambda: cited() == [2])
        assert not isinstance(app.screen, SourceScreen)
        await pilot.resize_terminal(100, 30)  # narrower than 140: no panel...
        await until(pilot, lambda: not app.article_shown)
        await pilot.press("escape", "f2")  # ...and F2 opens the viewer, at the latest quote
        await until(pilot, lambda: isinstance(app.screen, SourceScreen))
        assert app.screen.citation == last_turn(app).reply.citations[0]


# -- 4. scrolling the conversation while typing ----------------------------------------------------

async def test_page_keys_scroll_the_conversation_from_the_input(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for question in ["why do cats sleep", "morning walk", "evening walk"]:
            await send(pilot, app, question)
        log = app.log_view
        await pilot.press("ctrl+end")
        bottom = log.scroll_y
        assert bottom == log.max_scroll_y > 0
        await pilot.press("pageup")
        assert log.scroll_y < bottom and app.focused is app.chat_input
        await pilot.press("pagedown")
        assert log.scroll_y == bottom
        await pilot.press("ctrl+home")
        assert log.scroll_y == 0 and app.focused is app.chat_input
        await pilot.press("ctrl+end")
        assert log.scroll_y == log.max_scroll_y
        footer = app.screen.query_one(Footer)
        assert {key.key for key in footer.query("FooterKey")} >= {"pageup", "pagedown"}
        await pilot.press("f1")
        await pilot.pause()
        help_text = text_of(app.screen)
        assert "ctrl+home" in help_text and "Scroll to the start of the conversation" in help_text


# -- 6. small terminals: header and footer fit -------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
async def test_header_footer_and_input_fit(tmp_path: Path, size: tuple[int, int]) -> None:
    width, height = size
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.pause()
        header = app.query_one(HeaderBar)
        assert header.region.height == 1
        title = app.query_one("#header-title")
        assert title.region.right <= width
        footer = app.screen.query_one(Footer)
        keys = list(footer.query("FooterKey"))
        assert keys and all(key.region.right <= width for key in keys), [(k.key, k.region) for k in keys]
        assert footer.virtual_size.width <= width
        shown = {key.key for key in keys}
        assert {"f1", "ctrl+p"} <= shown  # help and topics fit even at 60 columns
        assert app.chat_input.region.bottom <= height - 1
        assert app.log_view.region.height >= height - 7


async def test_short_terminals_get_a_one_line_input(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot, app)
        assert app.chat_input.outer_size.height == 1
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.chat_input.outer_size.height == 3


# -- 7. polish -------------------------------------------------------------------------------------

async def test_header_names_the_guide_and_the_topic_with_spaces_around_the_dot(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        title = app.query_one("#header-title")
        assert str(title.content) == "Pets guide"  # the welcome is not a topic
        await send(pilot, app, "why do cats sleep")
        assert str(title.content) == "Pets guide · Why cats sleep so much"
        await send(pilot, app, "i want to kill myself")
        assert str(title.content) == "Pets guide"


def _distance(a: Color, b: Color) -> float:
    return sum(abs(x - y) for x, y in zip(a.rgb, b.rgb, strict=True)) / (3 * 255)


async def test_suggestions_stand_out_in_the_light_theme(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        link = last_turn(app).query(SuggestionLink).first()
        behind, own = link.background_colors
        assert _distance(behind, own) > 0.08  # Textual's $boost, used before, is about 0.03


async def test_footer_shows_ctrl_p(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        keys = {key.key: key.description for key in app.screen.query_one(Footer).query("FooterKey")}
        assert keys.get("ctrl+p") == "Topics"


async def test_reader_turn_is_shown_literally_at_every_width(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 18)) as pilot:
        await send(pilot, app, "[b]hi[/b] [/]")
        assert "[b]hi[/b] [/]" in str(app.log_view.query(UserTurn).last().content)


async def test_help_lists_find_article_and_scroll_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = text_of(app.screen)
        for key in ("ctrl+f", "f2", "PgUp", "ctrl+end", "2, then enter"):
            assert key in text, key
