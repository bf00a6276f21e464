"""Ablation: what each understanding signal adds, measured on the frozen reader sets.

Each row turns one signal off (everything else as shipped), compiles the guides again
(thresholds calibrated again too, unless the row is the calibration's), and grades the
frozen sets of benchmarks/reader_eval.py with `guide eval`'s grading: answered right,
answered wrong, out-of-scope questions not answered. CLINC150 top-1 accuracy (150 x 100
phrasings, validation queries, no threshold) is printed with --clinc.

Run: python benchmarks/ablation.py [--clinc]   (a few minutes: every row compiles the guides)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

import guide.conversation as conversation
import guide.matching.calibrate as calibrate_module
import guide.matching.index as index_module
import guide.matching.normalize as normalize_module
import guide.matching.semantic as semantic_module
from guide.authoring.evaluate import evaluate
from guide.authoring.questions import load_questions
from guide.conversation import Engine
from guide.dialog.loader import load_guide
from guide.paths import BUNDLED_GUIDE

DATA = Path(__file__).resolve().parent / "data"
SETS = [
    ("reader_questions", BUNDLED_GUIDE, DATA / "reader_questions.yaml"),
    ("reader_blind", BUNDLED_GUIDE, DATA / "reader_blind.yaml"),
    ("gettysburg", DATA / "gettysburg", DATA / "gettysburg" / "questions.yaml"),
]


@contextmanager
def patched(*changes: tuple[object, str, object]) -> Iterator[None]:
    """The module attributes replaced for the duration (a signal turned off)."""
    with ExitStack() as stack:
        for target, name, value in changes:
            stack.enter_context(mock.patch.object(target, name, value))
        yield


def identity(word: str) -> str:
    return word


ROWS: list[tuple[str, Callable[[], object]]] = [
    ("everything on (as shipped)", lambda: patched()),
    ("without the node's own words (content)", lambda: patched((conversation, "content_of", lambda *_: ()))),
    ("without stems", lambda: patched((index_module, "stem", identity), (normalize_module, "stem", identity))),
    ("without English rarity", lambda: patched((index_module, "rarity", lambda _: 1.0),
                                                (semantic_module, "rarity", lambda _: 1.0))),
    ("without long-message parts", lambda: patched((index_module, "split_parts", lambda _: []))),
    ("without numbered list items", lambda: patched((conversation, "list_items", lambda _: {}))),
    ("without the meaning view", lambda: patched((index_module, "text_vector", lambda _: None))),
    ("without the unexplained-word penalties", lambda: patched((index_module, "NOVELTY_PENALTY", 0.0),
                                                                 (index_module, "UNKNOWN_PENALTY", 0.0))),
    ("without kinship", lambda: patched((calibrate_module, "UNDERSTOOD_GRID", (None,)))),
    ("without self-calibration (defaults)", lambda: patched((Engine, "build", _uncalibrated))),
]

_build = Engine.build.__func__  # type: ignore[attr-defined]


def _uncalibrated(guide):  # Engine.build with the matcher's default thresholds
    return _build(Engine, guide, calibrated=False)


def measure() -> list[str]:
    cells = []
    engines: dict[Path, Engine] = {}
    for _, guide_path, questions_path in SETS:
        if guide_path not in engines:
            engines[guide_path] = Engine.build(load_guide(guide_path).guide)
        engine = engines[guide_path]
        evaluation = evaluate(engine, load_questions(questions_path, engine.guide).questions)
        n_in, n_out = len(evaluation.in_scope), len(evaluation.out_of_scope)
        got = evaluation.outcomes(in_scope=True)
        declined = evaluation.outcomes(in_scope=False)["right"]
        cell = f"{100 * got['right'] / n_in:4.0f} {100 * got['wrong'] / n_in:4.1f} {100 * declined / n_out:4.0f}"
        kinds = evaluation.by_kind()
        if "long" in kinds and "numbered" in kinds:
            cell += " | {:3.0f} {:3.0f}".format(*(100 * kinds[k][0] / kinds[k][1] for k in ("long", "numbered")))
        cells.append(cell)
    return cells


def clinc_top1() -> str:
    from _clinc_data import clinc_data, clinc_intents

    from guide.matching.index import Index

    data = clinc_data()
    index = Index.build(clinc_intents(data))
    right = sum(1 for q, intent in data["val"] if (c := index.rank(q).candidates) and c[0].key == intent)
    return f"{100 * right / len(data['val']):5.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinc", action="store_true", help="also CLINC150 top-1 (slower)")
    args = parser.parse_args()
    header = "  right wrong oos-declined (%)"
    print(f"{'':42s} {'reader_questions':>18s}   {'reader_blind (long, numbered)':>30s}   {'gettysburg':>16s}"
          + ("   CLINC top-1" if args.clinc else ""))
    print(f"{'':42s}{header}{header}{header}")
    for label, make in ROWS:
        with make():
            cells = measure()
            clinc = f"   {clinc_top1()}" if args.clinc else ""
        print(f"{label:42s} " + "   ".join(f"{c:>18s}" for c in cells) + clinc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
