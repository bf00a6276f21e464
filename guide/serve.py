"""`guide serve`: the same chat in a browser, through textual-serve.

Every browser tab gets its own process (``python -m guide.serve_session``) running the Textual
app with the web driver; textual-serve's AppService starts it and relays its screen and the
reader's keys over a websocket to xterm.js in the page. This module adds what a public server
needs on top of textual-serve's Server: a cap on concurrent sessions (a "busy" page and a
refused websocket beyond it); idle sessions closed, so that forgotten tabs give their place
back; a page that asks nothing of third parties (the bundled fonts, not Google's) and finds its
websocket from its own address (so it works behind a reverse proxy, under any host name or
path); sessions closed and their processes ended on Ctrl-C, and the page told when a session's
process ends of itself; and no access log of readers' addresses.

Imported only by `guide serve`: aiohttp and textual-serve stay out of every other command.
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import shlex
import signal
import socket
import sys
import time
from pathlib import Path
from typing import TextIO

from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from guide.terminal import safe_for_terminal

STOP_TIMEOUT = 5.0  # seconds a session's process gets to quit before it is killed
MAX_COLUMNS, MAX_ROWS = 1000, 500  # a terminal size a client may ask of its session (a 4K screen is ~550 x 150)
TEMPLATES = Path(__file__).parent / "serve_templates"
BUSY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="30">
<title>{title}: busy</title></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 4em auto; line-height: 1.5">
<h1>{title}</h1>
<p>All {count} places are taken: the guide runs one conversation per browser tab, and that many are open
right now. This page tries again every 30 seconds.</p></body></html>
"""

log = logging.getLogger("guide.serve")


class ReaderSession(AppService):
    """textual-serve's AppService, noting when the reader last typed or clicked, and closing the
    websocket when the app's process ends however it ends (textual-serve closes it only when the
    app says goodbye, so a session that crashed or could not start left the page waiting)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.last_input = time.monotonic()

    async def send_bytes(self, data: bytes) -> bool:
        self.last_input = time.monotonic()
        return await super().send_bytes(data)

    async def run(self) -> None:
        await super().run()
        await self.remote_close()


class GuideServer(Server):
    """textual-serve's Server with a session cap, clean shutdown and a self-contained page."""

    def __init__(self, command: str, *, host: str, port: int, title: str, max_sessions: int,
                 idle_timeout: float | None = None, notes: tuple[str, ...] = ()) -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.max_sessions = max_sessions
        self.idle_timeout = idle_timeout  # seconds without the reader's input; None: never
        self._idle_check: asyncio.Task[None] | None = None
        self.notes = notes
        self.sessions: dict[web.WebSocketResponse, ReaderSession] = {}
        self.stopping = False

    def serve(self, debug: bool = False) -> None:
        """textual-serve's serve, on a socket bound first: a port in use is reported before
        anything is printed, and port 0 picks a free port that the printed address shows."""
        self.debug = debug
        family = socket.getaddrinfo(self.host, self.port, type=socket.SOCK_STREAM)[0][0]
        listening = socket.create_server((self.host, self.port), family=family)
        self.port = listening.getsockname()[1]
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, self.request_exit)
        web.run_app(self._make_app(), sock=listening, handle_signals=False, loop=loop, print=None)

    def request_exit(self) -> None:
        """Ctrl-C or SIGTERM: stop once; a second Ctrl-C while sessions close changes nothing."""
        if self.stopping:
            return
        self.stopping = True
        raise GracefulExit()

    @property
    def full(self) -> bool:
        return len(self.sessions) >= self.max_sessions

    def initialize_logging(self) -> None:
        """textual-serve's logging, minus what would tell on readers: no access log, no variables of a
        failing frame (textual-serve shows them: a request's headers, what a reader typed), and no
        report of a request that is not HTTP the server speaks (a URL or header over 8 KB, bytes that
        are not HTTP): scanners send those to any public server, and aiohttp logged each with the
        sender's address and a traceback."""
        super().initialize_logging()
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # no log of who read what
        for handler in logging.getLogger().handlers:
            if hasattr(handler, "tracebacks_show_locals"):  # rich's RichHandler
                handler.tracebacks_show_locals = False
        logging.getLogger("aiohttp.server").addFilter(_not_http)

    async def on_startup(self, app: web.Application) -> None:
        if self.idle_timeout:
            self._idle_check = asyncio.create_task(self._close_idle_sessions())
        _say(f"guide serve: {self.title} at {browser_url(self.host, self.port)}", flush=True)
        for note in self.notes:
            _say(f"  {note}", flush=True)
        _say("  Ctrl-C stops the server", flush=True)

    async def _close_idle_sessions(self) -> None:
        assert self.idle_timeout
        while True:
            await asyncio.sleep(min(30.0, self.idle_timeout / 4))
            now = time.monotonic()
            idle = [ws for ws, session in self.sessions.items() if now - session.last_input > self.idle_timeout]
            for websocket in idle:  # the page then offers to start again
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"closed after a long pause")

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every session so that its process quits (aiohttp would otherwise wait a minute)."""
        if self._idle_check is not None:
            self._idle_check.cancel()
        if self.sessions:
            _say(f"guide serve: closing {len(self.sessions)} session{'s' * (len(self.sessions) != 1)}", flush=True)
        await asyncio.gather(*(ws.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")
                               for ws in list(self.sessions)), return_exceptions=True)
        # Wait for each session's handler to end its process, so that no process (nor its pipes)
        # outlives the event loop: one that did would be cleaned up after the loop closed, and
        # print "Event loop is closed" over the server's last line.
        deadline = time.monotonic() + STOP_TIMEOUT + 2
        while self.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for service in list(self.sessions.values()):
            process = service._process
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """textual-serve's, for a client that may not be the page: a message that is not the page's
        protocol (not JSON, or of other shapes) is ignored, where it ended the session with a
        traceback in the server's log, and a terminal size is kept within ``terminal_size``."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except (ValueError, RecursionError):
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict) and all(_whole(data.get(k)) for k in ("width", "height")):
                await app_service.set_terminal_size(*terminal_size(data["width"], data["height"]))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.full:
            return web.Response(status=503, content_type="text/html", headers={"Retry-After": "30"},
                                text=BUSY_PAGE.format(title=_html(self.title), count=self.max_sessions))
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One session: a process for as long as the websocket is open (textual-serve's own
        handler, with the cap, and a process that does not quit when asked is killed)."""
        websocket = web.WebSocketResponse(heartbeat=15)
        if not websocket.can_prepare(request).ok:  # a plain request (a crawler, curl): no session, no traceback
            return web.Response(status=400, text="This address is the guide's websocket: open the page at / in a "
                                                 "browser.\n")
        if self.full:  # the page was served before the last place was taken
            await websocket.prepare(request)
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"all places are taken")
            return websocket
        service = ReaderSession(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                             close=websocket.close, download_manager=self.download_manager, debug=self.debug)
        self.sessions[websocket] = service  # taken before the first await: the cap holds under a rush
        try:
            await websocket.prepare(request)
            width, height = terminal_size(to_int(request.query.get("width", "80"), 80),
                                          to_int(request.query.get("height", "24"), 24))
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            await _stop(service)
            del self.sessions[websocket]
        return websocket


def _say(text: str, *, file: TextIO | None = None, flush: bool = False) -> None:
    """Print with control characters escaped: a guide's title, a path or host from the command
    line and a problem's quoted text can hold ESC sequences (guide.terminal)."""
    print(safe_for_terminal(text), file=file or sys.stdout, flush=flush)


def terminal_size(width: int, height: int) -> tuple[int, int]:
    """A size a client asks of its session's terminal, within 1..MAX_COLUMNS x 1..MAX_ROWS: the app
    draws every cell, and 30,000 x 30,000 asked once made a session's process grow by half a
    gigabyte in ten seconds, and on."""
    return max(1, min(width, MAX_COLUMNS)), max(1, min(height, MAX_ROWS))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _not_http(record: logging.LogRecord) -> bool:
    """False for aiohttp's report of a request it could not parse as HTTP (the client's doing)."""
    from aiohttp.http_exceptions import HttpProcessingError

    return not (record.exc_info and isinstance(record.exc_info[1], HttpProcessingError))


async def _stop(service: AppService) -> None:
    """Ask the session's app to quit; kill its process if it has not within STOP_TIMEOUT."""
    try:
        await asyncio.wait_for(asyncio.shield(service.stop()), STOP_TIMEOUT)
    except (TimeoutError, asyncio.CancelledError, ConnectionError):
        process = service._process  # textual-serve keeps it private; nothing else can end it
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()


def _html(text: str) -> str:
    import html

    return html.escape(text)


def browser_url(host: str, port: int) -> str:
    """The address to open: the host as given, this machine's name when bound to every address."""
    shown = socket.gethostname() if host in ("", "0.0.0.0", "::") else host
    if ":" in shown:  # an IPv6 address
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def session_command(guide: Path, log_unanswered: bool) -> str:
    """The shell command textual-serve runs for each session (`exec`: the app is the server's
    own child, so it sees the server go, and its memory is counted without a shell's)."""
    command = [sys.executable, "-m", "guide.serve_session", "--guide", str(guide)]
    if log_unanswered:
        command.append("--log-unanswered")
    return "exec " + shlex.join(command)


def serve(guide: Path, *, host: str, port: int, max_sessions: int, idle_minutes: float, log_unanswered: bool) -> int:
    """Serve the guide at ``guide`` until Ctrl-C (the defaults are the CLI's). Returns the exit status."""
    from guide.cache import load_engine
    from guide.dialog.files import GuideNotFound, find_manifest

    try:
        root = find_manifest(guide).parent.resolve()
        engine, result = load_engine(root)  # checked once here; the sessions then start from the cache
    except GuideNotFound as exc:
        _say(f"guide serve: {exc}", file=sys.stderr)
        return 2
    if engine is None:
        errors = [p for p in result.problems if p.is_error]
        for problem in errors[:20]:
            _say(problem.format(), file=sys.stderr)
        _say("guide serve: the guide has errors; fix them (guide validate) and try again", file=sys.stderr)
        return 2
    notes = [f"up to {max_sessions} reader{'s' * (max_sessions != 1)} at once, one process each"
             + (f"; a tab idle for {idle_minutes:g} minutes is closed" if idle_minutes else "")]
    if log_unanswered:
        from guide.authoring.review import default_log_path

        notes.append(f"unanswered questions are logged to {default_log_path()} (readers are told)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        notes.append("reachable from other machines: put it behind HTTPS (docs/serve.md)")
    server = GuideServer(session_command(root, log_unanswered), host=host, port=port, title=engine.guide.title,
                         max_sessions=max_sessions, idle_timeout=idle_minutes * 60 or None, notes=tuple(notes))
    del engine, result
    try:
        server.serve()
    except OSError as exc:  # from binding: nothing was printed yet
        reason = {errno.EADDRINUSE: "the port is in use (choose another with --port)",
                  errno.EACCES: "not allowed to use this port (ports below 1024 need privileges)",
                            errno.EADDRNOTAVAIL: "this machine has no such address (see --host)"}.get(exc.errno or 0)
        _say(f"guide serve: cannot listen on {host}:{port}: {reason or exc.strerror or exc}", file=sys.stderr)
        return 2
    _say("guide serve: stopped", flush=True)
    return 0

