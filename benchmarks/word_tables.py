"""Word-table variants side by side: every benchmark the meaning view touches, one row per table.

Run from the repo root, with tables built by scripts/build_word_table.py --out:

    python benchmarks/word_tables.py TABLE.bin [TABLE.bin ...] [--rounds 3] [--safety] [--only quality|speed]

Each table in turn is put in place of guide/matching/data/words.bin (the shipped file is put back
at the end, whatever happens), and each benchmark runs as its own process:

- reader_eval.py --heldout: per set, right / wrong (of the in-scope questions) and out of scope
  not answered; totals over every set, and the long personal messages of every set;
- reader_dev.py: the bundled guide's development questions (right, WRONG, fallback, out of scope
  falling back) and its conversation tests;
- clinc.py --no-baseline: validation in-scope accuracy / out-of-scope recall (threshold method),
  with 100 and with 10 phrasings per intent;
- with --safety (several minutes a table): the safety model (scripts/train_safety_model.py) trained
  again on the table, as it would be shipped with it (guide/safety/model.bin is put back at the end
  too), then safety.py: checks passed over every single-message set, the flow sets' conversations
  passed, false alarms on everyday requests and reader questions;
- latency.py (bundled guide and CLINC150, median ms per question) and cold_start.py (guide ask /
  `import yaml, rapidfuzz`, of the fastest runs), alternating the tables --rounds times, the
  best round kept: the machine is shared, and the least disturbed run is the truest;
- the table's size, and its size deflated (what it adds to the wheel).

Prints the rows as the numbers come (a table's latency columns once all its rounds are done).
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "guide" / "matching" / "data" / "words.bin"
SAFETY_MODEL = ROOT / "guide" / "safety" / "model.bin"
PERCENT = r"([\d.]+) %"


def run(*args: str) -> str:
    """The benchmark's output (run a second time if the first run fails: a busy machine can end one)."""
    for _ in range(2):
        done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=False)
        if not done.returncode:
            return done.stdout
    raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def reader_eval() -> dict[str, str]:
    out = run("benchmarks/reader_eval.py", "--heldout")
    right = wrong = total = oos = oos_ok = long_right = long_total = 0.0
    sets = []
    for line in out.splitlines():
        m = re.match(rf"(\S.*?)\s+(\d+)\s+{PERCENT}\s+{PERCENT}\s+{PERCENT}\s+{PERCENT}\s+(\d+)\s+{PERCENT}$", line)
        if m:
            n, r, w, o, o_ok = int(m[2]), float(m[3]), float(m[4]), int(m[7]), float(m[8])
            right += n * r / 100
            wrong += n * w / 100
            total += n
            oos += o
            oos_ok += o * o_ok / 100
            sets.append(f"{m[1].split(':')[-1].strip()[:12]} {r:.1f}/{w:.1f}/{o_ok:.0f}")
            continue
        m = re.match(rf"\s+kind: long\s+(\d+)\s+{PERCENT}$", line)
        if m:
            long_total += int(m[1])
            long_right += int(m[1]) * float(m[2]) / 100
    return {"eval right": f"{right:.0f}/{total:.0f}", "wrong": f"{wrong:.0f}",
            "long": f"{long_right:.0f}/{long_total:.0f}",
            "oos ok": f"{oos_ok:.0f}/{oos:.0f}", "_sets": "  ".join(sets)}


def reader_dev() -> dict[str, str]:
    out = run("benchmarks/reader_dev.py")
    count = dict((name, int(n)) for name, n in re.findall(r"^\s+(right|WRONG|fallback|offered)\s+(\d+)", out, re.M))
    tests = re.search(r"(\d+) of (\d+) turns pass", out)
    oos = re.search(r"out of scope \((\d+)\):\n\s+fallback\s+(\d+)", out)
    return {"dev right": str(count.get("right")), "dev wrong": str(count.get("WRONG")),
            "dev oos fb": f"{oos[2]}/{oos[1]}" if oos else "?", "turns": f"{tests[1]}/{tests[2]}" if tests else "?"}


def clinc() -> dict[str, str]:
    out = run("benchmarks/clinc.py", "--no-baseline")
    full = re.search(rf"guide matcher\s+{PERCENT}\s+{PERCENT}", out)
    ten = re.search(rf"in-scope {PERCENT}, OOS recall {PERCENT}", out)
    return {"clinc 100": f"{full[1]}/{full[2]}" if full else "?", "clinc 10": f"{ten[1]}/{ten[2]}" if ten else "?"}


def safety() -> dict[str, str]:
    out = run("benchmarks/safety.py")
    passed = cases = 0
    for m in re.finditer(r"^(\w+)\s+(\d+)\s+.*\s(\d+)/(\d+) = [\d.]+%$", out, re.M):
        if m[1] not in ("older",):  # older = shared + own, counted in them
            passed, cases = passed + int(m[3]), cases + int(m[4])
    flow = re.search(r"^all\s+(.*)$", out, re.M)
    flow_passed = flow_total = 0
    if flow:
        for p, t in re.findall(r"(\d+)/(\d+) =", flow[1]):
            flow_passed, flow_total = flow_passed + int(p), flow_total + int(t)
    everyday = re.search(r"everyday requests.*\nfalse alarms: (\d+)/", out)
    readers = re.search(r"reader questions \(bench.*\nfalse alarms: (\d+)/", out)
    return {"safety cases": f"{passed}/{cases}", "flow": f"{flow_passed}/{flow_total}",
            "FA clinc/readers": f"{everyday[1] if everyday else '?'}/{readers[1] if readers else '?'}"}


def latency() -> tuple[float, float]:
    out = run("benchmarks/latency.py")
    bundled = re.search(r"bundled guide.*?ms\s+([\d.]+) / [\d.]+ ms\s+[\d.]+ / [\d.]+ ms", out)
    clinc150 = re.search(r"CLINC150: 150.*?s\s+([\d.]+) / [\d.]+ ms", out)
    return float(bundled[1]) if bundled else float("nan"), float(clinc150[1]) if clinc150 else float("nan")


def cold_start() -> float:
    out = run("benchmarks/cold_start.py")
    m = re.search(r"([\d.]+)x of the fastest runs", out)
    return float(m[1]) if m else float("nan")


def size(path: Path) -> str:
    data = path.read_bytes()
    return f"{len(data) / 1e6:.1f}/{len(zlib.compress(data, 9)) / 1e6:.1f} MB"


def show(name: str, row: dict[str, str]) -> None:
    print(f"{name:28s} " + "  ".join(f"{k}: {v}" for k, v in row.items() if not k.startswith("_")), flush=True)
    if row.get("_sets"):
        print(f"{'':28s} per set (right/wrong/oos ok %): {row['_sets']}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tables", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=3, help="latency and cold-start runs per table, alternating")
    parser.add_argument("--safety", action="store_true", help="train the safety model on each table and measure it")
    parser.add_argument("--only", choices=("quality", "speed"), help="only the quality columns, or only the speed ones")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # (the shipped files are put back)
    tables = [t.resolve() for t in args.tables]
    with tempfile.TemporaryDirectory() as keep:
        shipped_table, shipped_model = Path(keep) / "words.bin", Path(keep) / "model.bin"
        shutil.copy2(TABLE, shipped_table)
        shutil.copy2(SAFETY_MODEL, shipped_model)
        models: dict[Path, Path] = {}
        try:
            for table in tables:
                shutil.copyfile(table, TABLE)
                if args.safety:
                    run("scripts/train_safety_model.py")
                    models[table] = Path(keep) / f"model-{len(models)}.bin"
                    shutil.copyfile(SAFETY_MODEL, models[table])
                if args.only != "speed":
                    show(table.name, {"size": size(table), **reader_eval(), **reader_dev(), **clinc(),
                                      **(safety() if args.safety else {})})
            if args.only != "quality":
                best: dict[Path, list[float]] = {t: [float("inf")] * 3 for t in tables}
                for _ in range(args.rounds):
                    for table in tables:
                        shutil.copyfile(table, TABLE)
                        if table in models:
                            shutil.copyfile(models[table], SAFETY_MODEL)
                        found = (*latency(), cold_start())
                        best[table] = [min(a, b) for a, b in zip(best[table], found, strict=True)]
                for table in tables:
                    bundled, clinc150, ratio = best[table]
                    show(table.name, {"ms/question bundled": f"{bundled:.3f}", "CLINC": f"{clinc150:.3f}",
                                      "cold start": f"{ratio:.2f}x"})
        finally:
            shutil.copyfile(shipped_table, TABLE)
            shutil.copyfile(shipped_model, SAFETY_MODEL)


if __name__ == "__main__":
    main()
