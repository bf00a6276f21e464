"""Helpers for the `guide serve` tests: start the server on a free port, and talk to a session
over textual-serve's websocket protocol, reading its screen with a terminal emulator (pyte)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pyte

URL_LINE = re.compile(r"guide serve: .* at (http://\S+)")
START_TIMEOUT = 30.0


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    output: list[str] = field(default_factory=list)  # every line it printed, read as it comes
    reader: threading.Thread | None = None

    @property
    def printed(self) -> str:
        return "".join(self.output)

    def wait_printed(self, text: str, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while text not in self.printed and time.monotonic() < deadline:
            time.sleep(0.05)
        return text in self.printed

    def session_pids(self) -> list[int]:
        """The server's child processes: one per open session."""
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in found.stdout.split()]

    def stop(self, sig: int = signal.SIGINT, timeout: float = 20.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.reader is not None:
            self.reader.join(timeout=5)
        return self.process.returncode


@contextmanager
def serving(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Iterator[Served]:
    """`guide serve --port 0 ARGS`, until the block ends; the URL is read from what it prints."""
    command = [sys.executable, "-m", "guide", "serve", "--port", "0", *args]
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    deadline = time.monotonic() + START_TIMEOUT
    url = None
    while url is None and time.monotonic() < deadline and (process.poll() is None or reader.is_alive()):
        match = next((m for m in map(URL_LINE.search, list(lines)) if m), None)
        url = match.group(1) if match else None
        time.sleep(0.05)
    if url is None:
        process.kill()
        reader.join(timeout=5)
        raise AssertionError("guide serve did not print its address:\n" + "".join(lines))
    served = Served(process, url, lines, reader)
    try:
        yield served
    finally:
        if process.poll() is None:
            served.stop()


class Session:
    """One browser tab, without the browser: textual-serve's websocket messages, and a pyte screen."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse, width: int, height: int) -> None:
        self.websocket = websocket
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)
        self.texts: list[list[object]] = []  # JSON messages: downloads, open_url...
        self.closed = False

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    @property
    def words(self) -> str:
        """The screen's words in one line, with the app's borders and margins dropped."""
        return " ".join(re.sub(r"[^\w'’“”\".,:;?!()-]+", " ", self.text).split())

    async def send(self, keys: str) -> None:
        await self.websocket.send_str(json.dumps(["stdin", keys]))

    async def wait_for(self, done: Callable[[Session], bool], timeout: float = 20.0) -> bool:
        """Read the session's output until ``done(self)`` or the deadline; False at the deadline or close."""
        deadline = time.monotonic() + timeout
        while not done(self):
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                return False
            try:
                message = await self.websocket.receive(timeout=min(left, 0.5))
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(message.data)
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(json.loads(message.data))
            else:
                self.closed = True
        return True


async def open_session(http: aiohttp.ClientSession, url: str, width: int = 120, height: int = 40) -> Session:
    websocket = await http.ws_connect(f"{url}ws?width={width}&height={height}")
    return Session(websocket, width, height)


WELCOME = "Ask in your own words"


def shows(text: str) -> Callable[[Session], bool]:
    return lambda session: text in session.words
