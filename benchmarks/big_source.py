"""Validate time and peak memory on the biggest sources a guide may have (2 MB, the limit).

Run: python benchmarks/big_source.py [--runs N]   (target: validate of a 2 MB source under 1 s)

Three sources of about 2 MB: prose (paragraphs of about 600 characters); the most paragraphs a
source may have (50,000 one-line paragraphs, each reported as not quoted); and one-character
paragraphs (666,000 of them), which validate rejects as too many. Times are wall clock of the
console script a person runs, best and median of the runs; memory is the child's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("guide")
GUIDE = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "guide"]
LIMIT = 2_000_000
HEAD = "# Big\n\n## Part\n\nCats sleep for most of the day, often in the sun.\n\n"
SENTENCE = "The guide quotes the article in its own words, and every quote is checked against it. "


def _fill(unit: str) -> str:
    count = (LIMIT - len(HEAD.encode()) - 1) // len(unit.encode())
    return HEAD + unit * count


SOURCES = {
    "prose (600-char paragraphs)": _fill(SENTENCE * 7 + "\n\n"),
    "50,000 one-line paragraphs": HEAD + "A one-line paragraph of the source.\n\n" * 49_998,
    "one-char paragraphs (rejected)": _fill("x\n\n"),
}


def _guide(folder: Path, source: str) -> Path:
    (folder / "nodes").mkdir(parents=True)
    (folder / "guide.yaml").write_text("title: Big\nstart: hello\nsources:\n  doc:\n    file: doc.md\n")
    (folder / "doc.md").write_text(source)
    (folder / "nodes" / "hello.yaml").write_text(
        "id: hello\ntitle: Hello\nexamples: [hi, hello, hey there, good morning, start]\n"
        "answer:\n  - quote: Cats sleep for most of the day\n")
    return folder


def _run(folder: Path) -> tuple[float, float]:
    start = time.perf_counter()
    child = subprocess.Popen([*GUIDE, "validate", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"guide validate failed on {folder}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for number, (name, source) in enumerate(SOURCES.items()):
            folder = _guide(Path(tmp) / str(number), source)
            paragraphs = source.count("\n\n")
            _run(folder)  # warm-up: bytecode, disk cache
            runs = [_run(folder) for _ in range(args.runs)]
            times = [t for t, _ in runs]
            print(f"{name:30s} {len(source.encode()):,} bytes, {paragraphs:,} paragraphs: "
                  f"best {min(times):.2f} s, median {statistics.median(times):.2f} s, "
                  f"peak {max(m for _, m in runs):.0f} MB")


if __name__ == "__main__":
    main()
