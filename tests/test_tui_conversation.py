"""The conversation view: welcome, replies by block type, suggestions by click, number and tab."""

from __future__ import annotations

from pathlib import Path

from guide.tui.app import GuideApp
from guide.tui.widgets.blocks import NoteBlock, QuoteBlock, SayBlock, SupportPanel
from guide.tui.widgets.links import CitationLink, Link, SuggestionLink
from guide.tui.widgets.turns import GuideTurn, Thinking, UserTurn
from tests.tui_guide import last_turn, make_app, send, settle, text_of


async def test_welcome_says_what_the_guide_is_and_offers_topics(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        welcome = last_turn(app)
        text = text_of(welcome)
        assert "guide to a small article about pets" in text
        assert "not veterinary advice" in text
        assert [str(b.content) for b in welcome.query(SuggestionLink)] == [
            " 1  Why cats sleep so much ", " 2  Morning dog walks ", " 3  Evening dog walks "]
        assert app.chat_input.placeholder == "Ask in your own words, or type a suggestion's number"
        assert app.focused is app.chat_input


async def test_bundled_guide_welcome_points_to_help(bundled_guide: Path) -> None:
    app = GuideApp(guide_path=bundled_guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        text = text_of(last_turn(app))
        assert "not therapy" in text and '"help"' in text


async def test_answer_renders_each_block_type(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        turn = last_turn(app)
        assert turn.reply.node == "cats"
        assert str(turn.query_one(SayBlock).content) == "The article says cats sleep most of the day."
        quotes = list(turn.query(QuoteBlock))
        assert len(quotes) == 2
        assert str(quotes[0].content) == "“Cats sleep for most of the day, often in the sun.”"
        link = turn.query(CitationLink).first()
        # short: section and paragraph (and which source, as this guide quotes two); the rest in the tooltip
        assert str(link.content) == "— A small article about pets · Sleeping, ¶1 ↗"
        assert str(link.tooltip).splitlines()[:3] == [
            "A small article about pets", "Tests Inc. · https://example.org/pets", "section “Sleeping”, paragraph 1"]
        notes = {"-note" if n.has_class("-note") else "-research": str(n.content) for n in turn.query(NoteBlock)}
        assert notes["-note"].startswith("Editor's note: The article")
        assert notes["-research"].startswith("Research note: Purring")
        assert "Example & Sample (2001)" in notes["-research"]


async def test_quotes_are_verbatim_not_markdown(tmp_path: Path) -> None:
    """'1. Reduction…' stays a sentence of the article, not a Markdown list."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        second = list(last_turn(app).query(QuoteBlock))[1]
        assert str(second.content) == "“1. Reduction of stress: a purring cat lowers its owner's stress”"


async def test_reader_and_guide_turns_alternate(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        kinds = [type(w).__name__ for w in app.log_view.turns()]
        assert kinds == ["GuideTurn", "UserTurn", "GuideTurn"]
        assert not app.log_view.query(Thinking)


async def test_clicking_a_suggestion_follows_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        button = last_turn(app).query(SuggestionLink)[1]
        await pilot.click(button)
        await settle(pilot, app)
        assert last_turn(app).reply.node == "morning-walks"
        chosen = app.log_view.query(UserTurn).last()
        assert "You chose" in str(chosen.content) and "Morning dog walks" in str(chosen.content)


async def test_a_number_alone_and_enter_follows_a_suggestion(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("3")
        assert app.chat_input.value == "3"  # typed, not acted on: it may start a sentence
        assert last_turn(app).reply.node == "welcome"
        await pilot.press("enter")
        await settle(pilot, app)
        assert last_turn(app).reply.node == "evening-walks"
        assert "You chose" in str(app.log_view.query(UserTurn).last().content)
        assert app.chat_input.value == ""


async def test_a_message_that_starts_with_a_number_is_a_message(tmp_path: Path) -> None:
    """Typed key by key with suggestions on screen: nothing fires on "2", and all of it is sent."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert last_turn(app).reply.suggestions
        message = "2 weeks ago he said he needed space"
        await pilot.press(*("space" if c == " " else c for c in message))  # each key, as typed
        assert app.chat_input.value == message
        assert last_turn(app).reply.node == "welcome"  # nothing was chosen while typing
        await pilot.press("enter")
        await settle(pilot, app)
        asked = app.log_view.query(UserTurn).last()
        assert str(asked.content) == f"You  {message}" and not asked.chosen
        assert last_turn(app).reply.input == message
        assert app.transcript.turns[-2] == (message, False)


async def test_number_keys_on_a_reply_follow_a_suggestion_only_with_an_empty_input(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.press("tab")  # on the reply: "1-9 Choose" is in the footer
        assert app.focused is last_turn(app)
        assert app.screen.active_bindings["1"].enabled
        app.chat_input.value = "about "
        await pilot.pause()
        await pilot.press("2")  # the input holds text: the digit joins it
        assert app.chat_input.value == "about 2" and app.focused is app.chat_input
        assert last_turn(app).reply.node == "cats"
        app.chat_input.value = ""
        last_turn(app).focus()
        await pilot.press("2")
        await settle(pilot, app)
        assert last_turn(app).reply.node == "evening-walks"


async def test_number_keys_follow_only_while_there_are_suggestions(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "i want to kill myself")
        assert not last_turn(app).reply.suggestions
        assert "1" not in app.screen.active_bindings or not app.screen.active_bindings["1"].enabled
        assert "suggestion" not in app.chat_input.placeholder  # nothing to pick: the placeholder says so
        await pilot.press("1")
        assert app.chat_input.value == "1"


async def test_digits_inside_a_question_are_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("w", "h", "y", "space", "2")
        assert app.chat_input.value == "why 2"


async def test_typing_a_suggestion_number_and_enter(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await send(pilot, app, "2")
        assert last_turn(app).reply.node == "evening-walks"


async def test_tab_reaches_the_latest_reply_and_its_suggestions(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        latest = last_turn(app)
        await pilot.press("tab")
        assert app.focused is latest
        await pilot.press("tab")
        assert isinstance(app.focused, CitationLink)
        await pilot.press("tab", "tab")
        assert isinstance(app.focused, SuggestionLink)
        await pilot.press("enter")
        await settle(pilot, app)
        assert last_turn(app).reply.node == "morning-walks"


async def test_earlier_suggestions_are_dimmed_and_not_live(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await send(pilot, app, "why do cats sleep")
        welcome = app.log_view.query(GuideTurn).first()
        assert not welcome.can_focus
        assert not any(link.can_focus for link in welcome.query(Link))
        assert all(link.has_class("-retired") for link in welcome.query(SuggestionLink))
        assert not any(link.has_class("-retired") for link in last_turn(app).query(SuggestionLink))
        old = welcome.query(SuggestionLink)[2]  # "Evening dog walks", not among the latest suggestions
        assert old.styles.color != last_turn(app).query(SuggestionLink).first().styles.color
        await pilot.click(old)
        await settle(pilot, app)
        assert last_turn(app).reply.node == "cats"  # nothing happened
        assert len(app.log_view.query(GuideTurn)) == 2
        assert any("earlier reply" in str(n.message) for n in app._notifications)
        await send(pilot, app, "1")  # a number means the latest set: 1 is "Morning dog walks" now
        assert last_turn(app).reply.node == "morning-walks"


async def test_clarify_offers_choices(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "dog walk")
        turn = last_turn(app)
        assert turn.reply.kind == "clarify"
        assert "Did you mean" in text_of(turn)
        assert len(turn.query(SuggestionLink)) == 2
        await send(pilot, app, "2")
        assert last_turn(app).reply.node in {"morning-walks", "evening-walks"}


async def test_fallback_says_so_plainly(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "quantum physics of black holes")
        turn = last_turn(app)
        assert turn.reply.kind == "fallback"
        assert "doesn't cover that" in text_of(turn)
        assert turn.has_class("-fallback")


async def test_safety_reply_is_a_distinct_panel_without_article_quotes(bundled_guide: Path) -> None:
    app = GuideApp(guide_path=bundled_guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "i want to kill myself")
        turn = last_turn(app)
        assert turn.reply.kind == "safety"
        assert turn.has_class("-safety")
        panel = turn.query_one(SupportPanel)
        assert panel.border_title == "Support"
        assert "findahelpline.com" in text_of(panel)
        assert not turn.query(QuoteBlock) and not turn.query(SuggestionLink)


async def test_after_a_disclosure_answers_carry_the_footer_line(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "i want to kill myself")
        await send(pilot, app, "why do cats sleep")
        turn = last_turn(app)
        assert turn.reply.kind == "answer" and turn.reply.footer
        assert str(turn.query_one(".footer-line").content) == turn.reply.footer


async def test_back_and_start_over_by_key(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await send(pilot, app, "morning walk")
        await pilot.press("ctrl+b")
        await settle(pilot, app)
        assert last_turn(app).reply.command == "back"
        assert last_turn(app).reply.node == "cats"
        await pilot.press("ctrl+r")
        await settle(pilot, app)
        assert last_turn(app).reply.command == "restart"
        assert "guide to a small article about pets" in text_of(last_turn(app))


async def test_quit_command_exits(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "quit")
    assert app.return_code == 0


async def test_matching_runs_off_the_ui_thread_with_a_thinking_line(tmp_path: Path, monkeypatch) -> None:
    import threading

    app = make_app(tmp_path)
    seen: dict[str, object] = {}
    release = threading.Event()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        original = app.session.respond

        def slow(text: str):
            seen["thread"] = threading.current_thread() is not threading.main_thread()
            release.wait(5)
            return original(text)

        monkeypatch.setattr(app.session, "respond", slow)
        app.chat_input.value = "why do cats sleep"
        await pilot.press("enter")
        await pilot.pause(0.3)  # a slow reply: the question and "thinking…" show meanwhile
        assert app.busy and app.log_view.query(Thinking)
        assert "why do cats sleep" in str(app.log_view.query(UserTurn).last().content)
        app.chat_input.value = "morning walk"
        await pilot.press("enter")  # kept while thinking, and sent when its turn comes
        assert app.chat_input.value == ""
        await pilot.press("x")  # the app still takes keys
        assert app.chat_input.value == "x"
        release.set()
        await settle(pilot, app)
        assert seen["thread"] is True
        replies = [t.reply.node for t in app.log_view.query(GuideTurn)]
        assert replies == ["welcome", "cats", "morning-walks"] and not app.log_view.query(Thinking)


async def test_a_failing_core_gives_a_reply_not_a_crash(tmp_path: Path, monkeypatch) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)

        def broken(text: str):
            raise RuntimeError("boom")

        monkeypatch.setattr(app.session, "respond", broken)
        await send(pilot, app, "why do cats sleep")
        assert "went wrong on my side" in text_of(last_turn(app))
        assert app.is_running


async def test_log_follows_new_replies(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for question in ["why do cats sleep", "morning walk", "evening walk", "why do cats sleep"]:
            await send(pilot, app, question)
        log = app.log_view
        asked = log.query(UserTurn).last()
        assert log.scrollable_content_region.contains_region(asked.region) or log.scroll_y == log.max_scroll_y
        assert log.scroll_y > 0


async def test_reader_scrolling_up_is_not_undone_by_layout_changes(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for question in ["why do cats sleep", "morning walk", "evening walk"]:
            await send(pilot, app, question)
        log = app.log_view
        log.scroll_home(animate=False)
        await pilot.pause()
        log.release_anchor()
        await pilot.resize_terminal(90, 24)
        await pilot.pause()
        assert log.scroll_y == 0


async def test_a_tall_reply_is_shown_from_its_beginning(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 16)) as pilot:
        await send(pilot, app, "why do cats sleep")
        log, asked, turn = app.log_view, app.log_view.query(UserTurn).last(), last_turn(app)
        assert turn.outer_size.height > log.scrollable_content_region.height
        assert log.scrollable_content_region.contains_region(asked.region)  # the question, then the reply
        assert log.scroll_y < log.max_scroll_y


async def test_a_palette_jump_is_shown_from_its_beginning_too(tmp_path: Path) -> None:
    """The reply is mounted while the palette is still open: it is revealed once laid out."""
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 16)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.go_to("cats")
        await pilot.press("escape")
        await settle(pilot, app)
        log = app.log_view
        assert log.scrollable_content_region.contains_region(log.query(UserTurn).last().region)


async def test_typing_on_a_reply_goes_to_the_input(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.press("tab", "tab")
        assert isinstance(app.focused, CitationLink)
        await pilot.press("w", "h", "y")
        assert app.focused is app.chat_input and app.chat_input.value == "why"
        await pilot.press("tab")  # on the reply itself, its own keys still work
        await pilot.press("c")
        assert app.clipboard == last_turn(app).reply.text
        assert app.chat_input.value == "why"
