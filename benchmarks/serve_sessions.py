"""`guide serve` under N concurrent readers: memory of all session processes, start and Enter-to-reply.

Run from the repo root: python benchmarks/serve_sessions.py [--sessions 20] [--rounds 3]

Starts `guide serve --port 0` and opens N websocket sessions the way the page does
(textual-serve's protocol: ["stdin", keys] and ["resize", ...] messages in, the terminal's bytes
out), each with its screen kept by a terminal emulator (pyte), as xterm.js keeps it in a browser.

1. Start: connect -> the welcome on that session's screen, all N connecting at once.
2. Memory: RSS and PSS (proportional set size: shared pages divided among the processes that
   share them, so the sum is what the machine really spends) of every session process and of the
   server, after the sessions have answered.
3. Enter -> reply on screen, all N pressing Enter at the same moment, --rounds times (a different
   question each round); then one reader at a time, for the uncontended figure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from tests.serve_client import WELCOME, Session, open_session, serving  # noqa: E402

QUESTIONS = ["why does touch calm me", "what does oxytocin do", "what is attachment anxiety",
             "how does sex relieve stress", "what does the article conclude"]
WIDTH, HEIGHT = 120, 40
TIMEOUT = 120.0


def flat(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def expected_replies() -> dict[str, str]:
    """For each question, the first words of the guide's reply (its opening 'say', else its quote)."""
    from guide.cache import load_engine
    from guide.conversation import Session as Conversation
    from guide.paths import BUNDLED_GUIDE

    engine, _ = load_engine(BUNDLED_GUIDE)
    assert engine is not None
    marks = {}
    for question in QUESTIONS:
        reply = Conversation(engine).respond(question)
        block = next(b for b in reply.blocks if b.type in ("quote", "say"))
        marks[question] = " ".join(flat(block.text).split()[:8])
    return marks


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB, from /proc."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            parts = line.split()
            if parts[0] in ("Rss:", "Pss:"):
                values[parts[0]] = int(parts[1])
    return values["Rss:"], values["Pss:"]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by the processes ``pids``."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(") ", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


async def timed_reply(session: Session, question: str, mark: str) -> float:
    started = time.perf_counter()
    await session.send(question + "\r")
    ok = await session.wait_for(lambda s: mark in flat(s.text), TIMEOUT)
    if not ok:
        raise RuntimeError(f"no reply to {question!r} within {TIMEOUT} s:\n{session.text}")
    return time.perf_counter() - started


async def start(http: aiohttp.ClientSession, url: str) -> tuple[Session, float]:
    started = time.perf_counter()
    session = await open_session(http, url, WIDTH, HEIGHT)
    await session.websocket.send_str('["focus"]')  # as the page does when the terminal has focus
    if not await session.wait_for(lambda s: WELCOME in s.words, TIMEOUT):
        raise RuntimeError(f"no welcome within {TIMEOUT} s:\n{session.text}")
    return session, time.perf_counter() - started


def summary(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    return f"median {statistics.median(ms):7.1f} ms   p90 {p90:7.1f} ms   max {ms[-1]:7.1f} ms   (n={len(ms)})"


async def run(count: int, rounds: int) -> None:
    marks = expected_replies()
    with serving("--max-sessions", str(count)) as served:
        server_before = memory_kb(served.process.pid)
        async with aiohttp.ClientSession() as http:
            started = await asyncio.gather(*(start(http, served.url) for _ in range(count)))
            sessions = [session for session, _ in started]
            pids = served.session_pids()
            assert len(pids) == count, f"{len(pids)} session processes for {count} sessions"
            print(f"{count} sessions on {os.cpu_count()} cores, guide serve {served.url}")
            print(f"start (connect -> welcome), all at once:  {summary([t for _, t in started])}")
            print(f"CPU per session start (import, load, first paint): {cpu_seconds(pids) / count * 1000:.0f} ms")

            together: list[float] = []
            client_cpu = time.process_time()
            wall = time.perf_counter()
            for number in range(rounds):
                question = QUESTIONS[number % len(QUESTIONS)]
                together += await asyncio.gather(*(timed_reply(s, question, marks[question]) for s in sessions))
                await asyncio.sleep(0.5)
            client_cpu, wall = time.process_time() - client_cpu, time.perf_counter() - wall
            print(f"Enter -> reply, {count} at the same moment: {summary(together)}")
            print(f"  (this client's own terminal emulation used {client_cpu:.1f} s of CPU in those {wall:.1f} s, "
                  "on the same cores)")
            everything = [*pids, served.process.pid]
            idle = 10.0
            before = cpu_seconds(everything)
            await asyncio.gather(*(s.wait_for(lambda _: False, idle) for s in sessions))
            idle_cpu = (cpu_seconds(everything) - before) / idle / count
            alone = []
            before, wall = cpu_seconds(everything), time.perf_counter()
            for session in sessions:
                question = QUESTIONS[(rounds + len(alone)) % len(QUESTIONS)]
                alone.append(await timed_reply(session, question, marks[question]))
                await asyncio.sleep(0.2)
            busy = cpu_seconds(everything) - before - idle_cpu * count * (time.perf_counter() - wall)
            reply_cpu = busy / len(alone)  # without what the idle sessions spent meanwhile
            print(f"Enter -> reply, one reader at a time:    {summary(alone)}")
            print(f"CPU per reply (session + server):        {reply_cpu * 1000:7.1f} ms")
            print(f"CPU of an idle session (focused, its cursor blinking): {idle_cpu * 1000:.1f} ms per second")

            sizes = [memory_kb(pid) for pid in pids]
            server = memory_kb(served.process.pid)
            rss, pss = sum(r for r, _ in sizes), sum(p for _, p in sizes)
            print(f"memory of the {count} session processes:   RSS {rss / 1024:6.0f} MiB   PSS {pss / 1024:6.0f} MiB"
                  f"   (per session: RSS {statistics.mean(r for r, _ in sizes) / 1024:.1f} MiB, "
                  f"PSS {statistics.mean(p for _, p in sizes) / 1024:.1f} MiB)")
            print(f"memory of the server process:           RSS {server[0] / 1024:6.0f} MiB   PSS "
                  f"{server[1] / 1024:6.0f} MiB   (at start: RSS {server_before[0] / 1024:.0f} MiB)")
            print(f"total (sessions + server):              RSS {(rss + server[0]) / 1024:6.0f} MiB   PSS "
                  f"{(pss + server[1]) / 1024:6.0f} MiB")
            for session in sessions:
                await session.websocket.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all sessions asking at once")
    args = parser.parse_args()
    asyncio.run(run(args.sessions, args.rounds))


if __name__ == "__main__":
    main()
