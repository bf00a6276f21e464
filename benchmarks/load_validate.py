"""How long `guide validate` takes on a large guide: 150 nodes x 100 phrasings from CLINC150.

Run: python benchmarks/load_validate.py  (target: load + validate under 1 s on 2 cores)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _clinc_guide import write_clinc_guide

from guide.dialog.checks import check_all
from guide.dialog.loader import load_guide
from guide.paths import BUNDLED_GUIDE


def measure(root: Path, runs: int) -> tuple[list[float], list[float], object]:
    loads, totals = [], []
    report = None
    for _ in range(runs):
        start = time.perf_counter()
        result = load_guide(root)
        loaded = time.perf_counter()
        report = check_all(result)  # as `guide validate`: the test files too
        done = time.perf_counter()
        loads.append(loaded - start)
        totals.append(done - start)
    return loads, totals, report


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_clinc_guide(Path(tmp))
        for name, path, runs in (("CLINC150 150 nodes x 100 phrasings", root, 7),
                                 ("bundled guide", BUNDLED_GUIDE, 20)):
            loads, totals, report = measure(path, runs)
            guide = report.guide
            examples = sum(len(n.examples) for n in guide.nodes.values())
            print(f"{name}: {len(guide.nodes)} nodes, {examples} phrasings, {len(guide.files)} files, "
                  f"{len(report.errors)} errors, {len(report.warnings)} warnings")
            print(f"  load      median {statistics.median(loads) * 1000:7.1f} ms   min {min(loads) * 1000:7.1f} ms")
            print(f"  load+validate median {statistics.median(totals) * 1000:7.1f} ms   "
                  f"min {min(totals) * 1000:7.1f} ms   (target < 1000 ms)")


if __name__ == "__main__":
    main()
