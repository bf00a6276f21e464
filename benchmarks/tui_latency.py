"""How fast the chat feels: Enter to reply on screen, and process start to first paint.

Run from the repo root: python benchmarks/tui_latency.py [--questions 50] [--runs 5]

1. Enter -> reply on screen: the app under Pilot (headless, 100x30) on the bundled guide;
   for each reader question (benchmarks/data/reader_questions.yaml) the time from the Enter
   key event until the first frame rendered with the new reply laid out, 0.3 s apart (the app
   does its housekeeping, such as garbage collection, while the reader reads). Median and p95.
2. First paint: the installed ``guide`` started in a pseudo-terminal (100x30), timed until the
   welcome's text arrives on the terminal; next to ``python -c "import textual.app"`` and
   ``python -c "import guide.tui.app"`` measured in the same run (medians of --runs, the runs
   interleaved). One start comes first, unmeasured: the runs are a reader's later starts, with
   bytecode compiled and the opening screen remembered (guide.tui.opening), which is what lets
   the welcome be drawn before the guide is loaded. So that this cannot hide a slow start, the
   time until the reply to a question typed as soon as the welcome shows is reported too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS_FILE = ROOT / "benchmarks" / "data" / "reader_questions.yaml"
FALLBACK_QUESTIONS = ["why does touch calm me", "what is attachment anxiety", "which hormones", "tell me more",
                      "is sex an obligation", "what does the article conclude", "oxytocin", "self soothing"]
SIZE = (100, 30)
PAINT_MARKER = b"Hello"  # the first word of the bundled guide's welcome
PAINT_TIMEOUT = 20.0
READING_TIME = 0.3  # seconds between a reply and the next question
FIRST_QUESTION = "why does touch calm me"


def reader_questions(count: int) -> list[str]:
    try:
        import yaml

        data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
        questions = [item["q"] for item in data.get("in_scope", [])] + [
            item["q"] if isinstance(item, dict) else item for item in data.get("out_of_scope", [])]
    except (OSError, KeyError, TypeError, AttributeError):
        questions = []
    questions = questions or FALLBACK_QUESTIONS
    return [questions[i % len(questions)] for i in range(count)]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# -- 1. Enter to reply ----------------------------------------------------------------------

async def enter_to_reply(questions: list[str]) -> list[float]:
    """Seconds from the Enter key event to the first frame rendered with the new reply laid out.

    The key goes in the way a terminal's would (the driver's message queue) rather than through
    ``pilot.press``, whose waits for the CPU to go idle would dominate the measurement.
    """
    from textual import events

    from guide.paths import default_guide
    from guide.tui.app import GuideApp
    from guide.tui.widgets.turns import GuideTurn

    app = GuideApp(guide_path=default_guide())
    times: list[float] = []
    painted: list[float] = []
    target: list[GuideTurn] = []
    display = app._display

    def timed_display(screen, renderable) -> None:  # every frame the compositor renders
        display(screen, renderable)
        if renderable is not None and target and target[0].region.height and not painted:
            painted.append(time.perf_counter())

    app._display = timed_display  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for question in questions:
            before = len(app.log_view.query(GuideTurn))
            app.chat_input.value = question
            await pilot.pause()
            target.clear()
            painted.clear()
            key = events.Key("enter", "\r")
            key.set_sender(app)
            started = time.perf_counter()
            app._driver.send_message(key)
            while not painted:
                await asyncio.sleep(0.0005)
                if not target:
                    turns = app.log_view.query(GuideTurn)
                    if len(turns) > before:
                        target.append(turns.last())
                if time.perf_counter() - started > 10:
                    raise RuntimeError(f"no reply on screen for {question!r}")
            times.append(painted[0] - started)
            await asyncio.sleep(READING_TIME)  # nobody types the next question within this
    return times


# -- 2. First paint ---------------------------------------------------------------------------

def command_time(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def guide_command() -> list[str]:
    """The installed console script, as a reader starts it (else ``python -m guide``)."""
    script = Path(sys.executable).with_name("guide")
    return [str(script)] if script.exists() else [sys.executable, "-m", "guide"]


def expected_reply(question: str) -> bytes:
    """The first words of the bundled guide's reply to ``question`` (to spot it on the terminal)."""
    from guide.cache import load_engine
    from guide.conversation import Session
    from guide.paths import default_guide

    engine, _ = load_engine(default_guide())
    reply = Session(engine).respond(question)
    first = next(block.text for block in reply.blocks if block.type == "say")
    return " ".join(first.split()[:3]).encode()


def first_paint(question: str = "", answer: bytes = b"", linger: float = 0.0) -> tuple[float | None, float | None]:
    """Seconds from starting ``guide`` in a pseudo-terminal until the welcome is written to it, and
    (with ``question``) until the reply to that question, typed as soon as the welcome shows, is."""
    import fcntl
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: become the app
        os.environ.update(TERM="xterm-256color", COLUMNS=str(SIZE[0]), LINES=str(SIZE[1]))
        command = guide_command()
        os.execv(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    started = time.perf_counter()
    seen = b""
    painted: float | None = None
    answered: float | None = None
    try:
        while time.perf_counter() - started < PAINT_TIMEOUT:
            ready, _, _ = select.select([fd], [], [], 0.005)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if painted is None and PAINT_MARKER in seen:
                painted = time.perf_counter() - started
                if not question:
                    break
                os.write(fd, question.encode() + b"\r")
                seen = b""
            elif painted is not None and answer in seen:
                answered = time.perf_counter() - started
                break
        time.sleep(linger)  # (the unmeasured first start: time to remember the opening screen)
        os.write(fd, b"\x11")  # ctrl+q
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    os.read(fd, 65536)
                except OSError:
                    break
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
    finally:
        os.close(fd)
    return painted, answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    questions = reader_questions(args.questions)
    times = asyncio.run(enter_to_reply(questions))
    ms = [t * 1000 for t in times]
    print(f"Enter -> reply on screen ({len(ms)} reader questions, bundled guide, Pilot {SIZE[0]}x{SIZE[1]}):")
    print(f"  median {statistics.median(ms):7.1f} ms   p95 {percentile(ms, 0.95):7.1f} ms   max {max(ms):7.1f} ms")

    python = sys.executable
    first_paint(linger=2.0)  # as a reader's second start: bytecode compiled, the opening screen remembered
    answer = expected_reply(FIRST_QUESTION)
    textual_import, app_import, paints, answers = [], [], [], []
    for _ in range(args.runs):  # interleaved, so that the shared machine's load falls on all alike
        textual_import.append(command_time([python, "-c", "import textual.app"]))
        app_import.append(command_time([python, "-c", "import guide.tui.app"]))
        painted, _ = first_paint()
        if painted is not None:
            paints.append(painted)
        _, answered = first_paint(FIRST_QUESTION, answer)
        if answered is not None:
            answers.append(answered)
    print(f"\nStartup (medians of {args.runs} runs, each a new process; {' '.join(guide_command())}):")
    base = statistics.median(textual_import)
    print(f"  python -c 'import textual.app'      {base * 1000:7.1f} ms")
    print(f"  python -c 'import guide.tui.app'    {statistics.median(app_import) * 1000:7.1f} ms")
    if paints:
        paint = statistics.median(paints)
        print(f"  guide: start -> welcome painted    {paint * 1000:7.1f} ms   = {paint / base:.2f}x import textual.app"
              f"   (pseudo-terminal {SIZE[0]}x{SIZE[1]}, {len(paints)}/{args.runs} runs)")
        print(f"    fastest runs: {min(paints) * 1000:.1f} ms vs {min(textual_import) * 1000:.1f} ms"
              f" = {min(paints) / min(textual_import):.2f}x")
    else:
        print("  guide: start -> welcome painted    (not measured: the welcome never reached the terminal)")
    if answers:
        print(f"  guide: start -> first reply        {statistics.median(answers) * 1000:7.1f} ms"
              f"   ({FIRST_QUESTION!r} typed as soon as the welcome shows; {len(answers)}/{args.runs} runs)")


if __name__ == "__main__":
    main()
