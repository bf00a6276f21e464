"""`guide serve` over textual-serve's own protocol: a session per websocket, the cap, what stays off
the server's disk, and stopping. (The real-browser test is test_serve_browser.py.)"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time

import aiohttp
import pytest

from tests.serve_client import WELCOME, open_session, serving, shows

QUOTE = "It calms down their nervous system"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pgrep and signals")


async def _ask(http: aiohttp.ClientSession, url: str, question: str = "why does touch calm me"):
    session = await open_session(http, url)
    assert await session.wait_for(shows(WELCOME)), session.text
    await session.send(question + "\r")
    return session


async def test_a_session_answers_with_the_quote_on_its_screen() -> None:
    with serving() as served:
        async with aiohttp.ClientSession() as http:
            page = await http.get(served.url)
            assert page.status == 200
            html = await page.text()
            assert "Attachment anxiety" in html and "googleapis" not in html  # nothing asked of third parties
            session = await _ask(http, served.url)
            assert await session.wait_for(shows("Regulate Anxiety, 11")), session.text
            assert QUOTE in session.words
            assert len(served.session_pids()) == 1
            await session.websocket.close()


async def test_sessions_beyond_the_cap_get_a_busy_page_and_a_refused_websocket() -> None:
    with serving("--max-sessions", "1") as served:
        async with aiohttp.ClientSession() as http:
            first = await open_session(http, served.url)
            assert await first.wait_for(shows(WELCOME))
            busy = await http.get(served.url)
            assert busy.status == 503 and "places are taken" in await busy.text()
            assert busy.headers["Retry-After"] == "30"
            second = await http.ws_connect(f"{served.url}ws")
            message = await second.receive(timeout=10)
            assert message.type == aiohttp.WSMsgType.CLOSE and second.close_code == 1013
            assert len(served.session_pids()) == 1
            await first.websocket.close()
            deadline = time.monotonic() + 10
            while (await http.get(served.url)).status != 200 and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert (await http.get(served.url)).status == 200


async def test_ctrl_s_downloads_the_transcript_and_writes_nothing_on_the_server(tmp_path) -> None:
    with serving(cwd=tmp_path, env={"XDG_DATA_HOME": str(tmp_path / "data")}) as served:
        async with aiohttp.ClientSession() as http:
            session = await _ask(http, served.url)
            assert await session.wait_for(shows("Regulate Anxiety, 11"))
            await session.send("\x13")  # ctrl+s
            assert await session.wait_for(lambda s: any(m[0] == "deliver_file_start" for m in s.texts)), session.text
            key = next(m[1] for m in session.texts if m[0] == "deliver_file_start")
            download = await http.get(f"{served.url}download/{key}")
            assert download.status == 200
            assert "guide-transcript.md" in download.headers["Content-Disposition"]
            markdown = await download.text()
            assert "**You:** why does touch calm me" in markdown and QUOTE in markdown
            await session.websocket.close()
    assert list(tmp_path.iterdir()) == []  # no transcript, no log, nothing


async def test_unanswered_questions_are_logged_only_when_the_operator_opts_in(tmp_path) -> None:
    log = tmp_path / "data" / "guide" / "unanswered.jsonl"
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    for opt_in in (False, True):
        with serving(*(["--log-unanswered"] if opt_in else []), env=env) as served:
            async with aiohttp.ClientSession() as http:
                session = await _ask(http, served.url, "what is the capital of mongolia")
                assert await session.wait_for(shows("The article doesn't cover that")), session.text
                await asyncio.sleep(0.5)  # the log is written off the UI thread, after the reply
                notice = "This site keeps the questions this guide cannot answer"
                assert (notice in session.words) is opt_in
                assert str(tmp_path) not in session.words  # the server's paths are not the reader's business
                await session.websocket.close()
        assert log.exists() is opt_in
        if opt_in:
            assert served.wait_printed("unanswered questions are logged")
            assert "capital of mongolia" in log.read_text()


async def test_ctrl_c_closes_every_session_and_stops() -> None:
    with serving() as served:
        async with aiohttp.ClientSession() as http:
            sessions = [await open_session(http, served.url, 80, 24) for _ in range(3)]
            for session in sessions:
                assert await session.wait_for(shows(WELCOME))
            pids = served.session_pids()
            assert len(pids) == 3
            started = time.monotonic()
            assert served.stop(signal.SIGINT) == 0
            assert time.monotonic() - started < 15
            assert served.printed.rstrip().endswith("guide serve: stopped")
            for session in sessions:
                await session.wait_for(lambda s: False, timeout=5)
                assert session.closed
    assert not any(_alive(pid) for pid in pids)


async def test_sessions_end_when_the_server_is_killed() -> None:
    with serving() as served:
        async with aiohttp.ClientSession() as http:
            session = await open_session(http, served.url, 80, 24)
            assert await session.wait_for(shows(WELCOME))
            pids = served.session_pids()
            served.stop(signal.SIGKILL)
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


def test_a_port_in_use_and_a_missing_guide_are_clear_errors() -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "guide", "serve", "--port", str(port)], capture_output=True,
                                text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert f"cannot listen on 127.0.0.1:{port}: the port is in use (choose another with --port)" in result.stderr
    result = subprocess.run([sys.executable, "-m", "guide", "serve", "--guide", "no/such/guide"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "no/such/guide" in result.stderr and "Traceback" not in result.stderr


def test_serve_escapes_control_characters_from_the_command_line_and_the_guide(make_guide) -> None:
    """A path typed with an ESC sequence, or a broken guide quoting one, never reaches the terminal raw."""
    result = subprocess.run([sys.executable, "-m", "guide", "serve", "--guide", "no\x1b]0;PWNED\x07such"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "no\\x1b]0;PWNED\\x07such" in result.stderr and "\x1b" not in result.stderr
    root = make_guide({"nodes/hello.yaml": 'id: "hi\\e[2J"\ntitle: Hello\n'})
    result = subprocess.run([sys.executable, "-m", "guide", "serve", "--guide", str(root)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "\\x1b[2J" in result.stderr and "\x1b" not in result.stderr


def test_guide_ask_does_not_import_the_web_server_or_textual() -> None:
    code = ("import sys; from guide.cli import main; main(['ask', 'why does touch calm me']); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'aiohttp', 'textual_serve', 'textual', 'jinja2'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


async def test_an_idle_session_is_closed_and_gives_its_place_back() -> None:
    # 6 seconds: long enough for a session to start and answer on a loaded machine (3 seconds was not)
    with serving("--max-sessions", "1", "--idle-timeout", "0.1") as served:
        assert served.wait_printed("a tab idle for 0.1 minutes is closed")
        async with aiohttp.ClientSession() as http:
            session = await _ask(http, served.url)
            assert await session.wait_for(shows("Regulate Anxiety, 11"))
            assert (await http.get(served.url)).status == 503
            for _ in range(8):  # a reader who keeps typing keeps the session, past the timeout
                await session.send("x")
                await session.wait_for(lambda s: False, timeout=1)
            assert not session.closed
            assert await session.wait_for(lambda s: False, timeout=25) is False and session.closed
            assert session.websocket.close_code == 1001
            deadline = time.monotonic() + 10
            while served.session_pids() and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert served.session_pids() == []
            assert (await http.get(served.url)).status == 200


async def test_a_session_that_cannot_start_ends_its_page_and_the_server_says_why(tmp_path) -> None:
    import shutil

    from guide.paths import BUNDLED_GUIDE

    guide = tmp_path / "guide"
    shutil.copytree(BUNDLED_GUIDE, guide)
    with serving("--guide", str(guide), env={"XDG_CACHE_HOME": str(tmp_path / "cache")}) as served:
        manifest = guide / "guide.yaml"
        manifest.write_text(manifest.read_text(encoding="utf-8") + "\n  - [unclosed\n", encoding="utf-8")
        async with aiohttp.ClientSession() as http:
            session = await open_session(http, served.url)
            assert await session.wait_for(lambda s: False, timeout=20) is False and session.closed
        assert served.wait_printed("guide.yaml:")  # the session's problem, file:line, on the server's console
