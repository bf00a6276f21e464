"""What readers type that once crashed or misled the chat: each test is a reproduction of a
failure found by feeding hostile input to `guide ask`, `guide chat --plain` and the app."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from guide.conversation import Engine, Session
from guide.dialog.loader import load_guide
from guide.paths import BUNDLED_GUIDE
from tests.conftest import engine_for


@pytest.fixture(scope="module")
def engine() -> Engine:
    return engine_for(BUNDLED_GUIDE)


@pytest.mark.parametrize("text", ["9" * 5000, "9" * 5000 + "th", "i took " + "9" * 5000 + " pills", "0" * 4999 + "7"],
                         ids=["digits", "ordinal", "pills", "zeros"])
def test_a_number_of_thousands_of_digits_gets_a_reply(engine: Engine, text: str) -> None:
    """Python's int() refuses strings of over 4,300 digits: the safety check's number reading and
    the matcher's spelling of numbers raised ValueError, a traceback instead of a reply."""
    reply = Session(engine).respond(text)
    assert reply.kind in ("fallback", "safety", "clarify", "answer")


def test_a_phrasing_with_thousands_of_digits_compiles(make_guide) -> None:
    folder: Path = make_guide({"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nexamples: [dogs, dog " + "9" * 5000 + "]\n"
                               "answer:\n  - quote: Dogs need a walk every morning and every evening.\n"})
    result = load_guide(folder)
    assert result.guide is not None and not [p for p in result.problems if p.is_error]
    reply = Session(Engine.build(result.guide)).respond("dogs")
    assert reply.node == "dogs"


def test_a_disclosure_after_a_long_paste_gets_the_safety_reply(engine: Engine) -> None:
    """The safety check read the first 20,000 characters only: a reader who pasted a long chat log
    and wrote "I want to kill myself" after it got the article's fallback."""
    log = "He texted me again last night and said we need to talk about where this is going. " * 400
    reply = Session(engine).respond(log + "I can't take it anymore, I want to kill myself.")
    assert reply.kind == "safety"
    assert Session(engine).respond(log).kind != "safety"


@pytest.mark.parametrize("digit, ascii_digit", [("٣", "3"), ("३", "3"), ("۲", "2"), ("৫", "5")])
def test_a_digit_of_another_script_reads_as_that_number(engine: Engine, digit: str, ascii_digit: str) -> None:
    """With no suggestions on screen, "3" and "３" named the article's point 3 but "٣" (Arabic-Indic)
    was not covered: NFKC folds fullwidth digits, not other scripts' digits."""
    for text in ("{}", "point {}", "what does point {} say"):
        typed, meant = Session(engine).respond(text.format(digit)), Session(engine).respond(text.format(ascii_digit))
        assert (typed.kind, typed.node) == (meant.kind, meant.node)


def _guide_sh(command: str) -> subprocess.CompletedProcess[str]:
    """A shell command line in which GUIDE is the `guide` command: for redirections a test cannot make
    otherwise."""
    guide = f"{shlex.quote(sys.executable)} -m guide"
    return subprocess.run(["sh", "-c", command.replace("GUIDE", guide)], capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.parametrize("command", ["GUIDE ask <&-", "GUIDE ask --json <&-", "GUIDE chat --plain <&-",
                                     "GUIDE ask hi >&-"])
def test_a_closed_standard_stream_is_no_traceback(command: str) -> None:
    """Started with stdin closed, `guide ask` and `guide chat --plain` met sys.stdin = None:
    TypeError and AttributeError tracebacks. A closed stream now reads as empty / writes nowhere."""
    result = _guide_sh(command)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["GUIDE ask hi > /dev/full", "echo hi | GUIDE chat --plain --json > /dev/full",
                                     "GUIDE validate > /dev/full"])
def test_a_full_disk_under_stdout_is_said_once(command: str) -> None:
    """`guide ask hi > file` on a full disk raised OSError (ENOSPC) from the write: a traceback."""
    result = _guide_sh(command)
    assert result.returncode == 2
    assert result.stderr == "guide: cannot write the output: No space left on device\n"


DEEP_JSON = "[" * 100_000 + "]" * 100_000  # json.loads raises RecursionError, not ValueError


def test_review_skips_a_log_line_nested_thousands_deep(make_guide, tmp_path: Path) -> None:
    """`guide review --log FILE` ended in a RecursionError traceback on such a line."""
    from guide.authoring.review import read_log

    log = tmp_path / "unanswered.jsonl"
    log.write_text(DEEP_JSON + '\n{"input": "do dogs swim", "kind": "fallback"}\n', encoding="utf-8")
    contents = read_log(log)
    assert contents.bad_lines == [1] and [e.input for e in contents.entries] == ["do dogs swim"]


def test_the_app_reads_a_settings_or_kept_file_nested_thousands_deep_as_unreadable(tmp_path: Path) -> None:
    from guide.tui.kept import ConversationStore, keeping_on, set_keeping

    settings = tmp_path / "settings.json"
    settings.write_text(DEEP_JSON, encoding="utf-8")
    assert keeping_on(settings) is False
    set_keeping(True, settings)
    assert keeping_on(settings) is True
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "deep.json").write_text(DEEP_JSON, encoding="utf-8")
    store = ConversationStore(tmp_path / "kept")
    assert store.list() == [] and store.load(tmp_path / "kept" / "deep.json") is None


@pytest.mark.parametrize(("text", "question"), [
    ("so ok what is oxytocin", True), ("ok so, (why) does it help", True), ("so ok", False), ("() why", False),
    ("he left. so why did he go", True), ("i wonder what he meant", False), ("'why' not", True),
    ("what " + "touch " * 200_000, True), ("touch " * 200_000 + "what", False),
    ("ok " * 50_000 + "how does it work", True)])
def test_a_question_is_read_from_each_clauses_first_word(text: str, question: bool) -> None:
    """is_question split every clause into all its words to read the first: a 5 MB paste without
    punctuation (one clause) took half a second there, twice per message. It now reads each clause
    up to its first word that is not an opener; what it answers is the same."""
    from guide.safety.detector import is_question

    assert is_question(text) is question


def test_a_message_longer_than_any_command_has_no_command_key(engine: Engine) -> None:
    """command_key normalized a whole 5 MB paste (a third of a second) to compare it with commands,
    suggestions and "what can you help me with", which are never that long."""
    from guide.conversation import MAX_KEY_CHARS, command_key

    assert command_key("Start over!") == "start over"
    assert command_key("x " * (MAX_KEY_CHARS // 2)) == ("x " * (MAX_KEY_CHARS // 2)).strip()
    assert command_key("x" * (MAX_KEY_CHARS + 1)) == ""
    session = Session(engine)
    session.respond("hi")
    page = ("why does touch calm me\n" * 230_000)[:5_000_000]
    reply = session.respond(page)
    assert (reply.kind, reply.node) == ("answer", "self-soothing") and "first 1,000 characters" in reply.notice


@pytest.mark.parametrize(("typed", "reason"), [
    ("TMP/" + "x" * 300 + ".md", "the name is too long for the file system"),
    ("~no_such_user_here/notes.md", "there is no user 'no_such_user_here' on this computer"),
    ("notes\0.md", "a file name cannot hold a NUL character"),
    ("/dev/null", "it is a device, not a file"),
    ("TMP/notes/", "there is no such folder; create it first, or give a file name"),
    ("TMP/guide/guide.yaml/", "it is a file, not a folder; give it without the final /"),
    ("TMP/nowhere/notes.md", "there is no folder TMP/nowhere; create it first"),
    ("TMP/x\x1b]0;title\x07\x1b[2J.md", "a file name cannot hold a control character (U+001B); type the name again"),
    ("TMP/notes\t.md", "a file name cannot hold a control character (U+0009); type the name again")],
    ids=["long-name", "unknown-user", "nul", "device", "missing-folder/", "file/", "missing-parent", "escape", "tab"])
async def test_a_save_path_that_cannot_be_a_file_is_said_in_the_app(tmp_path: Path, typed: str, reason: str) -> None:
    """A reader typing (or pasting) such a path at ctrl+s crashed the app, and the conversation was
    lost: Path.is_dir() raised for a long name or a NUL, expanduser() for "~name" of no user; and
    /dev/null, once confirmed, was replaced by a file when the app ran as root. A folder that is not
    there, typed as one ("notes/"), was saved as a file named notes; an existing file typed as a
    folder was offered for replacing; a pasted escape sequence became part of a file's name."""
    from textual.widgets import Input

    from guide.tui.screens.dialogs import SavePrompt
    from tests.tui_guide import make_app, send

    app = make_app(tmp_path / "guide")
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SavePrompt)
        app.screen.query_one(Input).value = typed.replace("TMP", str(tmp_path))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.screen is app.screen_stack[0]  # no prompt, no "replace it?"
        [note] = [n for n in app._notifications if n.severity == "error"]
        reason = reason.replace("TMP", str(tmp_path))
        assert "Could not save to " in note.message and note.message.endswith(reason + (
            " (at most 255 bytes for a file or folder name)" if "too long" in reason else "")), note.message
    assert Path("/dev/null").is_char_device()
    assert not (tmp_path / "notes").exists() and (tmp_path / "guide" / "guide.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guide"]


_REPLY = {"input": "hi", "kind": "answer", "node": "welcome", "confidence": 1.0, "title": "Start here",
          "blocks": [{"type": "say", "text": "Hello."}],
          "suggestions": [{"label": "Why cats sleep so much", "node": "cats"}]}


@pytest.mark.parametrize("turns", [
    True, 5,
    [{"reader": "hi"}, {"reply": {**_REPLY, "blocks": [{"type": "say", "text": 5}]}}],
    [{"reader": "hi"}, {"reply": {**_REPLY, "title": 7}}],
    [{"reader": "hi"}, {"reply": {**_REPLY, "footer": ["x"]}}],
    [{"reader": "hi"}, {"reply": {**_REPLY, "suggestions": [{"label": None, "node": "cats"}]}}],
    [{"reader": "hi"}, {"reply": {**_REPLY, "kind": "weird", "confidence": "high"}}],
    [{"reader": "hi"}, {"reply": {**_REPLY, "blocks": [{"type": "quote", "text": "x", "citation": [1]}]}}]],
    ids=["turns-true", "turns-number", "text-number", "title-number", "footer-list", "label-null", "kind-unknown",
         "citation-list"])
async def test_a_kept_conversation_with_values_of_the_wrong_type_is_unreadable_not_a_crash(tmp_path: Path,
                                                                                         turns: object) -> None:
    """A kept file edited by hand, damaged, or from another version: "turns": true crashed the list of
    kept conversations (TypeError), and a reply whose text, title, footer or label was not text
    crashed the app when it reopened it (the conversation on screen was lost)."""
    import json

    from guide.tui.kept import ConversationStore
    from guide.tui.screens.kept import KeptScreen
    from tests.tui_guide import make_app, settle

    folder = tmp_path / "kept"
    folder.mkdir()
    path = folder / "20240101-000000-abcdef.json"
    for written, readable in (([{"reader": "hi"}, {"reply": _REPLY}], True), (turns, False)):
        path.write_text(json.dumps({"format": 1, "guide": "Pets guide", "started": "2024-01-01T00:00:00",
                                    "turns": written}), encoding="utf-8")
        assert (ConversationStore(folder).load(path) is not None) is readable
    app = make_app(tmp_path / "guide", kept_folder=folder, settings_file=tmp_path / "settings.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        app.action_kept_conversations()
        await pilot.pause()
        assert isinstance(app.screen, KeptScreen)
        await pilot.press("escape")
        assert not await app.reopen(path)
        await pilot.pause()
        assert app.is_running
        assert any("Could not read" in str(n.message) for n in app._notifications)


def test_ctrl_c_while_the_command_starts_exits_130_without_a_traceback(monkeypatch, capsys) -> None:
    """Ctrl-C pressed right after Enter, while `guide` was still importing guide.cli or reading its
    arguments, printed a KeyboardInterrupt traceback: the console script called guide.cli.main,
    whose own handler was not yet running. The script now calls guide.main, which covers both."""
    import tomllib
    import types

    import guide
    import guide.cli

    scripts = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert scripts["project"]["scripts"]["guide"] == "guide:main"

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys, "argv", ["guide", "validate"])
    monkeypatch.setattr(guide.cli, "build_parser", interrupted)  # Ctrl-C while argparse loads
    assert guide.main() == 130

    class Importing(types.ModuleType):  # Ctrl-C while guide.cli is being imported
        def __getattr__(self, name: str) -> object:
            raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "guide.cli", Importing("guide.cli"))
    assert guide.main() == 130
    assert "Traceback" not in capsys.readouterr().err


async def test_requests_that_are_not_the_page_get_400_and_leave_no_trace_in_the_servers_log() -> None:
    """`guide serve` on a public address gets what scanners send anywhere: a plain GET of the
    websocket's address made aiohttp fail with "Unhandled exception" (no reply) and a traceback in
    the server's log, and a URL or a header over 8 KB a traceback naming the sender's address; the
    server promises no access log of readers' addresses."""
    import aiohttp

    from tests.serve_client import serving

    with serving() as served:
        async with aiohttp.ClientSession() as http:
            plain = await http.get(f"{served.url}ws")
            assert plain.status == 400 and "open the page at / in a browser" in await plain.text()
            assert (await http.get(served.url + "a" * 10_000)).status == 400
            assert (await http.get(served.url, headers={"X-Big": "a" * 100_000})).status == 400
            assert (await http.get(served.url)).status == 200
        assert not served.session_pids()
        printed = served.printed
    assert "Traceback" not in printed and "Error handling request" not in printed and "ERROR" not in printed, printed


async def test_a_websocket_message_outside_the_pages_protocol_is_ignored() -> None:
    """textual-serve read every message as the page's: one that was not JSON, or of another shape
    (["stdin", 5]), ended the session with a traceback in the server's log; and a resize to
    30,000 x 30,000 was passed on, after which the session's process grew by half a gigabyte in ten
    seconds, and on (20 such tabs would take a server down)."""
    from aiohttp import WSMsgType

    from guide.serve import MAX_COLUMNS, MAX_ROWS, GuideServer

    class Message:
        def __init__(self, data: str, type: WSMsgType = WSMsgType.TEXT) -> None:
            self.data, self.type = data, type

    class Socket:
        def __init__(self, messages: list[Message]) -> None:
            self.messages, self.sent = messages, []

        def __aiter__(self):
            return self

        async def __anext__(self) -> Message:
            if not self.messages:
                raise StopAsyncIteration
            return self.messages.pop(0)

        async def send_json(self, data: object) -> None:
            self.sent.append(data)

    class Session:
        def __init__(self) -> None:
            self.calls: list[tuple] = []

        async def send_bytes(self, data: bytes) -> None:
            self.calls.append(("stdin", data))

        async def set_terminal_size(self, width: int, height: int) -> None:
            self.calls.append(("size", width, height))

    hostile = ["my diary {", "[", "5", '"stdin"', "[]", '{"stdin": "x"}', '["stdin", 5]', '["stdin"]',
               '["resize", {"width": "wide"}]', '["resize", [80, 24]]', '["resize", {"width": true, "height": 2}]',
               "[" * 100_000 + "]" * 100_000]
    socket = Socket([Message(text) for text in hostile] + [
        Message(b"\xff", WSMsgType.BINARY), Message('["resize", {"width": 30000, "height": 30000}]'),
        Message('["resize", {"width": -5, "height": 0}]'), Message('["stdin", "hi\\r"]'), Message('["ping", "7"]')])
    session = Session()
    server = GuideServer("true", host="127.0.0.1", port=0, title="t", max_sessions=1)
    await server._process_messages(socket, session)  # type: ignore[arg-type]
    assert session.calls == [("size", MAX_COLUMNS, MAX_ROWS), ("size", 1, 1), ("stdin", b"hi\r")]
    assert socket.sent == [["pong", "7"]]


def test_a_recording_of_typed_escape_sequences_passes_guide_test(make_guide, monkeypatch, capsys) -> None:
    """In a terminal without line editing, arrow keys type ESC [ D and backspace DEL into the line:
    `guide chat --plain --record` wrote them into the test file, and `guide test` then refused the
    whole file ("text contains a control character"): no test ran. They are recorded as the
    conversation reads them, without them, and the recording passes as written."""
    import io

    from guide.cli import main

    root = make_guide()
    target = root / "tests" / "recorded.yaml"
    target.parent.mkdir()
    typed = "hello\n\x1b[31mwalking the dog\x1b[0m\nwhen do dogs \x1b[D\x1b[Cwalk\x1b[A\ndgo\x7fgs\n\x1b]0;x\x07hi\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    assert main(["chat", "--plain", "--guide", str(root), "--record", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\\e" not in text and "\x7f" not in text
    assert "  - user: dgogs\n" in text and "  - user: hi\n" in text  # (DEL is left out, as the chat does)
    capsys.readouterr()
    assert main(["test", str(target)]) == 0, capsys.readouterr().out


def test_a_dumb_terminal_gets_the_plain_chat_and_no_colors(make_guide, monkeypatch, capsys) -> None:
    """TERM=dumb (Emacs' M-x shell, some consoles) says the terminal cannot move the cursor or show
    colors: `guide` started the full-screen app there anyway, a screenful of escape codes, and
    validate painted its lines."""
    import io

    import guide.cli
    import guide.tui.app

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def full_screen(*args: object, **kwargs: object) -> int:
        raise AssertionError("the full-screen app in a dumb terminal")

    root = make_guide()
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(guide.tui.app, "run_app", full_screen)
    monkeypatch.setattr(sys, "stdin", Terminal("walking the dog\nquit\n"))
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert guide.cli.main(["chat", "--guide", str(root)]) == 0
    out = sys.stdout.getvalue()
    assert "you> " in out and "Dogs need a walk" in out and "\x1b" not in out
    assert not guide.cli._use_color(Terminal())
    monkeypatch.setenv("TERM", "xterm-256color")
    assert guide.cli._use_color(Terminal())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_an_unanswered_log_that_is_a_fifo_stops_logging_instead_of_the_chat(make_guide, tmp_path: Path) -> None:
    """With --log-unanswered, the log was opened to append without O_NONBLOCK: a FIFO there (made to
    stream the log to another program, which was not running) held the chat for ever at the first
    question the guide could not answer."""
    import threading

    from guide.authoring.review import UnansweredLog
    from guide.reply import Reply

    result = load_guide(make_guide())
    assert result.guide is not None
    fifo = tmp_path / "unanswered.jsonl"
    os.mkfifo(fifo)
    log = UnansweredLog(result.guide, fifo)
    done: list[bool] = []
    writer = threading.Thread(target=lambda: done.append(log.record(Reply("why are bananas yellow", "fallback"))),
                              daemon=True)
    writer.start()
    writer.join(timeout=20)
    assert done == [False], "the chat waited for a reader of the FIFO"
    assert log.error == f"cannot write {fifo}: it is a FIFO (named pipe), not a regular file; logging stopped"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_the_chat_settings_or_a_kept_conversation_is_unreadable_not_a_hang(tmp_path: Path) -> None:
    """The app read its settings file at start, and every kept conversation for the list, with
    read_text(): a FIFO there (nothing writing to it) held the app for ever."""
    import threading

    from guide.tui.kept import ConversationStore, keeping_on

    os.mkfifo(tmp_path / "settings.json")
    (tmp_path / "kept").mkdir()
    kept = tmp_path / "kept" / "20240101-000000-abcdef.json"
    os.mkfifo(kept)
    store = ConversationStore(tmp_path / "kept")
    results: list[object] = []
    reader = threading.Thread(target=lambda: results.extend([keeping_on(tmp_path / "settings.json"), store.list(),
                                                             store.load(kept)]), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert results == [False, [], None], "the app waited for a writer of the FIFO"


async def test_a_deleted_working_folder_is_said_not_a_traceback(make_guide, tmp_path: Path, monkeypatch,
                                                                 capsys) -> None:
    """A shell left in a folder that was then deleted (a removed checkout, a build folder): every
    command crashed in os.path.relpath() (os.getcwd() raises), and the app at ctrl+s. Guides given by
    absolute paths are read as usual, relative ones cannot be, and the app offers the home folder."""
    from textual.widgets import Input

    from guide.cli import main
    from guide.tui.screens.dialogs import SavePrompt
    from tests.tui_guide import make_app, send

    root = make_guide()
    source = root / "doc.md"
    app = make_app(tmp_path / "app")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert main(["ask", "--guide", str(root), "walking the dog"]) == 0
    assert "Dogs need a walk" in capsys.readouterr().out
    assert main(["validate", str(root)]) == 0
    capsys.readouterr()
    assert main(["new", "g", "--source", str(source)]) == 2
    assert capsys.readouterr().err == ("guide new: the current folder no longer exists (deleted or moved since this "
                                       "shell went into it): cd to a folder that exists and try again\n")
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SavePrompt)
        assert app.screen.query_one(Input).value == str(tmp_path / "home" / "guide-transcript.md")


@pytest.mark.parametrize("force", [False, True], ids=["asked", "forced"])
def test_a_recording_never_replaces_a_pipe(make_guide, tmp_path: Path, monkeypatch, capsys, force: bool) -> None:
    """`guide chat --record /dev/full --force` put a regular file in place of the device (and of a FIFO
    another program reads): the rename that writes a recording atomically replaces whatever the name
    is. It is refused before the conversation starts, like a folder, with or without --force."""
    import io
    import stat

    from guide.cli import main

    root = make_guide()
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    monkeypatch.setattr(sys, "stdin", io.StringIO("hello\n"))
    assert main(["chat", "--plain", "--guide", str(root), "--record", str(fifo), *(["--force"] * force)]) == 2
    err = capsys.readouterr().err
    assert f"guide chat: {fifo}: it is a FIFO (named pipe), not a file; give the name of a file" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_recording_forced_over_a_symlink_writes_the_file_it_leads_to(make_guide, tmp_path: Path, monkeypatch,
                                                                        capsys) -> None:
    """--force over a link (a test file kept in another folder, linked into tests/) replaced the link with
    a file: the link was gone and the file it led to kept the old test."""
    import io

    from guide.cli import main

    root = make_guide()
    (tmp_path / "kept").mkdir()
    target = tmp_path / "kept" / "recorded.yaml"
    target.write_text("- name: old\n  turns: []\n", encoding="utf-8")
    (root / "tests").mkdir()
    link = root / "tests" / "recorded.yaml"
    link.symlink_to(target)
    monkeypatch.setattr(sys, "stdin", io.StringIO("hello\n"))
    assert main(["chat", "--plain", "--guide", str(root), "--record", str(link), "--force"]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "  - user: hello\n" in target.read_text(encoding="utf-8")
    assert not [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("dangling", [False, True], ids=["link", "dangling-link"])
def test_a_transcript_saved_over_a_symlink_writes_the_file_it_leads_to(tmp_path: Path, dangling: bool) -> None:
    """ctrl+s onto notes.md, a link into a synced folder, asked "Replace it?" and then replaced the link
    itself: the synced file never got the transcript."""
    from guide.tui.transcript import save_target, write_atomic

    (tmp_path / "synced").mkdir()
    target = tmp_path / "synced" / "notes.md"
    if not dangling:
        target.write_text("old\n", encoding="utf-8")
        target.chmod(0o640)
    link = tmp_path / "notes.md"
    link.symlink_to(target)
    path, exists = save_target(link)
    assert exists is not dangling
    write_atomic(path, "# the conversation\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "# the conversation\n"
    if not dangling:
        assert target.stat().st_mode & 0o777 == 0o640  # the replaced file's permissions stay


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["windows", "classic-mac"])
@pytest.mark.parametrize("command", [["ask", "--json"], ["chat", "--plain", "--json"]], ids=["ask", "chat"])
def test_lines_of_stdin_end_at_a_carriage_return_too(make_guide, monkeypatch, capsys, ending: str,
                                                       command: list[str]) -> None:
    """Questions saved on Windows came back with "\\r" in `input` (what a script compares with what it
    sent), and a file with classic Mac line ends was read as one long question."""
    import io
    import json

    from guide.cli import main

    root = make_guide()
    stdin = io.TextIOWrapper(io.BytesIO(ending.join(["hello", "walking the dog", ""]).encode()), newline="\n")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main([*command, "--guide", str(root)]) == 0
    replies = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [reply["input"] for reply in replies] == ["hello", "walking the dog"]
    assert replies[1]["node"] == "dogs"


@pytest.mark.parametrize("argv", [["test", ""], ["validate", ""], ["graph", ""], ["lint", ""], ["calibrate", ""],
                                  ["ask", "--guide", "", "hi"], ["chat", "--plain", "--guide", ""],
                                  ["explain", "--guide", "", "hi"], ["eval", ""], ["review", "--log", ""],
                                  ["new", "g", "--source", ""], ["validate", "--allow-path", "", "."]],
                         ids=lambda argv: "-".join(a for a in argv if a) or "empty")
def test_an_empty_path_on_the_command_line_is_refused(argv: list[str], capsys) -> None:
    """`guide test "$GUIDE"` with the variable unset tested the bundled guide and passed (84 tests), and
    `guide ask --guide "$GUIDE"` answered from it; `guide validate ""` read the current folder."""
    from guide.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "the path is empty (a shell variable that is not set?)" in capsys.readouterr().err
