"""Cold start: wall time of `guide ask "why does touch calm me"` against `python -c "import yaml, rapidfuzz"`.

Both run in the same loop, interleaved, so a busy machine slows both alike.
Run: python benchmarks/cold_start.py [--runs N]   (target: ask within 1.5x of the imports)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUESTION = "why does touch calm me"
SCRIPT = Path(sys.executable).with_name("guide")  # the console script a person runs
GUIDE = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "guide"]
COMMANDS = {
    "guide ask": [*GUIDE, "ask", QUESTION],
    # the same without the safety layer's learned model (round 12: read on the first message it scores)
    "guide ask, no model": [*GUIDE, "ask", QUESTION],
    "import yaml, rapidfuzz": [sys.executable, "-c", "import yaml, rapidfuzz"],
    "python (empty)": [sys.executable, "-c", "pass"],
}


ENV = {"guide ask, no model": {"GUIDE_SAFETY_MODEL": "0"}}  # what a command runs with besides the user's


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine: bytecode is cached
    for name, command in COMMANDS.items():  # warm-up: bytecode, caches, disk
        wall(command, {**env, **ENV.get(name, {})})
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            times[name].append(wall(command, {**env, **ENV.get(name, {})}))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"{name:24s} median {medians[name] * 1000:6.1f} ms   min {min(values) * 1000:6.1f} ms")
    ratio = medians["guide ask"] / medians["import yaml, rapidfuzz"]
    best = min(times["guide ask"]) / min(times["import yaml, rapidfuzz"])
    print(f"guide ask / imports: {ratio:.2f}x of the medians, {best:.2f}x of the fastest runs (target <= 1.5x)")
    print("(on a shared machine the fastest runs are the least disturbed; the medians carry its noise)")


if __name__ == "__main__":
    main()
