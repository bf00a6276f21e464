"""How `guide lint` and `guide calibrate` scale with the number of nodes: a generated guide of
1,000 / 5,000 / 10,000 nodes (five phrasings each, one quoted paragraph each), timed.

Run: GUIDE_NO_CACHE=1 python benchmarks/authoring_scale.py [--nodes 1000 5000 10000] [--only lint|calibrate]
     [--jobs N]  (lint's processes; default 1, so that the numbers compare across machines)
Prints seconds per step; it is a measurement, not a test (timings on a shared machine are noisy).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _clinc_guide import clinc_data

TEMPLATES = ("what about {a} and {b}", "tell me about {a} {b}", "how does {a} affect {b}", "{a} {b}",
             "why does {b} matter for {a}")


def vocabulary() -> list[str]:
    """Content words of the CLINC150 questions (everyday English), longest-lived first."""
    words: dict[str, None] = {}
    for text, _ in clinc_data()["train"]:
        for word in re.findall(r"[a-z]{5,12}", text.lower()):
            words.setdefault(word)
    return list(words)


def write_guide(root: Path, nodes: int, seed: int = 7) -> Path:
    """A guide of ``nodes`` nodes at ``root``: node i is about two words, asked five ways, and
    quotes paragraph i of its source."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible guide, not a secret
    words = vocabulary()
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < nodes:
        a, b = rng.sample(words, 2)
        pairs.add((a, b))
    topics = sorted(pairs)
    rng.shuffle(topics)
    (root / "nodes").mkdir(parents=True, exist_ok=True)
    paragraphs = [f"The {a} of a {b} is paragraph number {i} of this long generated text."
                  for i, (a, b) in enumerate(topics)]
    (root / "doc.md").write_text("# Generated\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (root / "guide.yaml").write_text("title: Generated\nstart: n0\nsources:\n  doc:\n    file: doc.md\n",
                                     encoding="utf-8")
    per_file = 200
    for start in range(0, nodes, per_file):
        chunk = []
        for i in range(start, min(nodes, start + per_file)):
            a, b = topics[i]
            examples = "".join(f"    - {t.format(a=a, b=b)}\n" for t in TEMPLATES)
            chunk.append(f"  - id: n{i}\n    title: {a.capitalize()} and {b}\n    examples:\n{examples}"
                         f"    answer:\n      - quote: \"{paragraphs[i]}\"\n")
        (root / "nodes" / f"part-{start // per_file:03d}.yaml").write_text(_as_list(chunk), encoding="utf-8")
    return root


def _as_list(chunk: list[str]) -> str:
    """Node entries (indented by two) as a top-level YAML list."""
    return "".join(entry[2:].replace("\n  ", "\n").rstrip(" ") for entry in chunk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--only", choices=["lint", "calibrate"])
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    from guide.authoring import calibration, lint
    from guide.conversation import Engine
    from guide.dialog.loader import load_guide

    for nodes in args.nodes:
        with tempfile.TemporaryDirectory() as tmp:
            root = write_guide(Path(tmp), nodes)
            start = time.perf_counter()
            loaded = load_guide(root)
            assert loaded.guide is not None, [str(p) for p in loaded.problems[:3]]
            engine = Engine.build(loaded.guide, calibrated=False)
            built = time.perf_counter() - start
            line = f"{nodes:>6} nodes: build {built:7.1f}s"
            if args.only in (None, "lint"):
                start = time.perf_counter()
                report = lint.lint(engine, jobs=args.jobs)
                line += f"   lint {time.perf_counter() - start:7.1f}s ({report.phrasings} left out, {report.folds} " \
                        f"folds, {len(report.findings)} findings)"
            if args.only in (None, "calibrate"):
                start = time.perf_counter()
                result = calibration.run(engine)
                line += f"   calibrate {time.perf_counter() - start:7.1f}s ({result.phrasings} phrasings)"
            print(line, flush=True)


if __name__ == "__main__":
    main()
