"""One browser session of `guide serve`: the chat app, run by textual-serve with Textual's web driver.

textual-serve starts this once per browser tab (``python -m guide.serve_session``; see
guide.serve). The reader in the browser is not the person whose machine runs it, so nothing
here writes to or opens anything on that machine for them: Ctrl+S hands the transcript to the
browser as a download (the app does that whenever it runs on the web driver), no conversation
is kept, and questions the guide cannot answer are logged only when the operator started the
server with ``--log-unanswered``, with a notice to the reader first.

This process imports Textual and the guide, never the web server (aiohttp): it is the one
that is multiplied by the number of readers.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

from guide.authoring.review import UnansweredLog

PARENT_CHECK_INTERVAL = 2.0  # seconds between checks that the server is still there


class ServedUnansweredLog(UnansweredLog):
    """The operator's opt-in log, with a notice written for the reader in the browser: the file
    is on the server, so its path means nothing to them and is not shown."""

    @property
    def notice(self) -> str:
        return ("This site keeps the questions this guide cannot answer (and “did you mean” questions) so that "
                "its author can improve the guide. Nothing else you type is kept, and nothing that follows a "
                "message about your safety. Please leave out names and other details about yourself.")


def _exit_with_parent() -> None:
    """End this session if the server goes away without saying so (killed, crashed): the web
    driver does not exit when its input closes, and an orphaned app would live forever."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_INTERVAL)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="exit-with-server", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guide.serve_session",
                                     description="One browser session of `guide serve` (started by the server).")
    parser.add_argument("--guide", required=True, metavar="PATH", help="the guide folder")
    parser.add_argument("--log-unanswered", action="store_true", help="the operator opted in to the log")
    args = parser.parse_args(argv)
    _exit_with_parent()

    from guide.terminal import safe_for_terminal
    from guide.tui.app import GuideApp
    from guide.tui.reload import load_engine

    path = Path(args.guide)
    loaded = load_engine(path)
    if loaded.engine is None:  # the server checked the guide at start; it broke since
        for problem in loaded.errors[:20]:
            print(safe_for_terminal(problem.format()), file=sys.stderr)
        return 2
    unanswered = ServedUnansweredLog(loaded.engine.guide) if args.log_unanswered else None
    app = GuideApp(loaded.engine, guide_path=path, unanswered=unanswered, local_files=False)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
