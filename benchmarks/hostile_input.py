"""The worst a reader can type: time per reply for hostile messages, long sessions, and the app's sizes.

Run from the repo root: python benchmarks/hostile_input.py [--turns 1000] [--app-turns 200] [--resizes 60]

1. Session API (bundled guide, no screen): each hostile message (a 5 MB paste, a line of
   200,000 characters without spaces, escape sequences inside words, text that looks like a
   command or a path...) in a fresh conversation; then one conversation of --turns turns,
   everyday messages with a hostile one in ten. The worst reply is what counts: over a second is
   too slow.
2. The app under Pilot (headless): Enter -> the reply's first painted frame for the hostile
   messages, typed or pasted, at 100x30; a conversation of --app-turns turns; the same question
   at 20x8 and 300x100; and the time each of --resizes random terminal sizes takes to lay out.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVERYDAY = ["why does touch calm me", "what is oxytocin", "tell me more", "1", "2", "back", "point 5", "the next one",
            "sources", "what can you help me with", "hmm", "ok", "i dont know", "is that true", "thanks", "no",
            "my boyfriend never texts back", "what about polyamory", "start over", "help"]


def hostile() -> dict[str, str]:
    rng = random.Random(7)  # noqa: S311 - the same test text every run, not a secret
    return {
        "a 5 MB paste": ("why does touch calm me\n" * 230_000)[:5_000_000],
        "200,000 characters, no spaces": "a" * 200_000,
        "200,000 random letters": "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(200_000)),
        "200,000 emoji": "\U0001F600" * 200_000,
        "10,000 random words": " ".join("".join(rng.choice("abcdefghij") for _ in range(rng.randint(1, 12)))
                                        for _ in range(10_000)),
        "20,000 numbers": " ".join(str(i) for i in range(20_000)),
        "a disclosure, 20,000 times": "i want to die " * 20_000,
        "escape sequences inside words": "oxy\x1b[31mtoc\x1b[0min and to\x1b]0;title\x07uch",
        "looks like a command": "/quit; rm -rf / && sudo reboot",
        "looks like a path": "../../etc/passwd C:\\Windows\\system32 ~/.ssh/id_rsa",
        "markup": "[bold red]why[/] does [link=http://x]touch[/link] calm [/]",
        "5,000 digits": "point " + "9" * 5000,
    }


def session_api(turns: int) -> None:
    from guide.cache import load_engine
    from guide.conversation import Session
    from guide.paths import default_guide
    from guide.safety import load as load_safety

    engine, _ = load_engine(default_guide())
    load_safety()
    messages = hostile()
    timed = []
    for name, text in messages.items():
        session = Session(engine)
        session.respond("hi")
        start = time.perf_counter()
        session.respond(text)
        timed.append((time.perf_counter() - start, name))
    print("Session API, one hostile message in a fresh conversation (bundled guide), slowest first:")
    for seconds, name in sorted(timed, reverse=True):
        print(f"  {seconds * 1000:8.1f} ms  {name}")
    rng = random.Random(3)  # noqa: S311 - (as above)
    session = Session(engine)
    times = []
    for _ in range(turns):
        text = rng.choice(list(messages.values())) if rng.random() < 0.1 else rng.choice(EVERYDAY)
        start = time.perf_counter()
        session.respond(text)
        times.append(time.perf_counter() - start)
    print(f"  one conversation of {turns} turns (one in ten hostile): median {statistics.median(times) * 1000:.1f} ms, "
          f"worst {max(times) * 1000:.1f} ms")


async def _reply_painted(app, pilot, text: str, paste: bool) -> float:
    """Seconds from Enter to the first frame painted with the reply (as benchmarks/tui_latency.py)."""
    from textual import events

    from guide.tui.widgets.turns import GuideTurn

    if paste:
        app.chat_input.value = ""
        app.chat_input.post_message(events.Paste(text))
    else:
        app.chat_input.value = text
    await pilot.pause()
    shown = app.log_view.query(GuideTurn)
    before = shown.last() if shown else None  # (the log keeps the latest turns only: not a count)
    painted: list[float] = []
    display = app._display

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        turns = app.log_view.query(GuideTurn)
        if renderable is not None and turns and turns.last() is not before and turns.last().region.height \
                and not painted:
            painted.append(time.perf_counter())

    app._display = timed_display
    key = events.Key("enter", "\r")
    key.set_sender(app)
    start = time.perf_counter()
    app._driver.send_message(key)
    try:
        while not painted:
            await asyncio.sleep(0.001)
            if time.perf_counter() - start > 30:
                raise RuntimeError(f"no reply on screen within 30 s for {text[:40]!r}")
    finally:
        app._display = display
    while app.busy:
        await pilot.pause()
    await asyncio.sleep(0.2)  # (a reader reads; the app does its housekeeping)
    return painted[0] - start


async def app_under_pilot(turns: int, resizes: int) -> None:
    from guide.paths import default_guide
    from guide.tui.app import GuideApp

    app = GuideApp(guide_path=default_guide())
    async with app.run_test(size=(100, 30)) as pilot:
        while app.loading or app.busy:
            await pilot.pause()
        print("\nThe app (Pilot, 100x30): Enter -> the reply's first painted frame, slowest first:")
        timed = []
        for name, text in hostile().items():
            paste = len(text) > 10_000
            timed.append((await _reply_painted(app, pilot, text, paste), name + (" (pasted)" if paste else "")))
        for seconds, name in sorted(timed, reverse=True):
            print(f"  {seconds * 1000:8.1f} ms  {name}")
        rng = random.Random(5)  # noqa: S311 - (as above)
        times = [await _reply_painted(app, pilot, rng.choice(EVERYDAY), False) for _ in range(turns)]
        print(f"  one conversation of {turns} turns: median {statistics.median(times) * 1000:.1f} ms, "
              f"worst {max(times) * 1000:.1f} ms")
        for width, height in ((20, 8), (300, 100)):
            await pilot.resize_terminal(width, height)
            worst = max([await _reply_painted(app, pilot, text, False) for text in EVERYDAY[:5]])
            print(f"  at {width}x{height}: worst of five replies {worst * 1000:.1f} ms")
        layouts = []
        for _ in range(resizes):
            start = time.perf_counter()
            await pilot.resize_terminal(rng.randint(1, 320), rng.randint(1, 110))  # (waits for the layout)
            layouts.append(time.perf_counter() - start)
        print(f"  {resizes} random sizes, one after another: median {statistics.median(layouts) * 1000:.1f} ms, "
              f"worst {max(layouts) * 1000:.1f} ms per size; still running: {app.is_running}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=1000, help="turns of the Session API conversation")
    parser.add_argument("--app-turns", type=int, default=200, help="turns of the app's conversation")
    parser.add_argument("--resizes", type=int, default=60)
    args = parser.parse_args()
    session_api(args.turns)
    asyncio.run(app_under_pilot(args.app_turns, args.resizes))


if __name__ == "__main__":
    main()
