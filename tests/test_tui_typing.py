"""Keys that arrive together are all kept: quick messages go one after another, in order."""

from __future__ import annotations

import threading
from pathlib import Path

from textual import events

from guide.tui.widgets.turns import GuideTurn, UserTurn
from tests.tui_guide import make_app, settle


def burst(app, text: str) -> None:
    """Put every key of ``text`` ("\\r" is enter) on the app's queue at once, as a fast typist or a
    paste into the terminal does: nothing is processed in between."""
    for char in text:
        key = events.Key("enter", "\r") if char == "\r" else events.Key("space" if char == " " else char, char)
        key.set_sender(app)
        app._driver.send_message(key)


async def test_two_messages_sent_within_a_tenth_of_a_second_stay_two(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        burst(app, "why do cats sleep\rmorning walk\r")
        await pilot.pause(0.2)
        await settle(pilot, app)
        said = [turn.text for turn in app.log_view.query(UserTurn)]
        assert said == ["why do cats sleep", "morning walk"]
        assert [t.reply.node for t in app.log_view.query(GuideTurn)] == ["welcome", "cats", "morning-walks"]
        assert app.chat_input.value == ""
        assert app.chat_input.history == ["why do cats sleep", "morning walk"]


async def test_messages_typed_during_a_slow_reply_are_sent_in_order(tmp_path: Path, monkeypatch) -> None:
    app = make_app(tmp_path)
    release = threading.Event()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        original = app.session.respond

        def slow(text: str):
            if text == "why do cats sleep":
                release.wait(5)
            return original(text)

        monkeypatch.setattr(app.session, "respond", slow)
        burst(app, "why do cats sleep\r")
        await pilot.pause(0.3)
        burst(app, "tell me more\r2\revening walk\r")  # the "2" waits too: it means the suggestions on
        await pilot.pause(0.2)  # screen when its turn comes
        assert app.busy and len(app._pending) == 3
        assert "3 more messages waiting" in str(app.log_view.query("Thinking").last().content)
        release.set()
        await settle(pilot, app)
        said = [str(turn.content) for turn in app.log_view.query(UserTurn)]
        assert said[0] == "You  why do cats sleep" and said[1] == "You  tell me more"
        assert said[2].startswith("You chose ") and said[3] == "You  evening walk"
        nodes = [t.reply.node for t in app.log_view.query(GuideTurn)]
        assert nodes[1] == "cats" and nodes[-1] == "evening-walks" and len(nodes) == 5


async def test_a_paste_with_line_breaks_is_one_message(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        app.chat_input.post_message(events.Paste("why do cats\nsleep so much"))
        await pilot.pause()
        assert app.chat_input.value == "why do cats sleep so much"


async def test_a_question_typed_while_the_focus_is_on_the_conversation_is_sent_with_its_newline(
        tmp_path: Path) -> None:
    """Keys typed while the app starts arrive before the input has the focus, and a line typed
    before the terminal was in raw mode ends with a newline (ctrl+j), not a carriage return: the
    question is sent, and the one after it too, in order."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        app.log_view.focus()
        await pilot.pause()
        for char in "why do cats sleep\nmorning walk\r":
            key = (events.Key("ctrl+j", "\n") if char == "\n" else events.Key("enter", "\r") if char == "\r"
                   else events.Key("space" if char == " " else char, char))
            key.set_sender(app)
            app._driver.send_message(key)
        await pilot.pause(0.2)
        await settle(pilot, app)
        assert [turn.text for turn in app.log_view.query(UserTurn)] == ["why do cats sleep", "morning walk"]
        assert app.chat_input.value == ""
