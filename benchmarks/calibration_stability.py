"""How still the calibrated thresholds hold under changes that should not matter.

For each guide of benchmarks/reader_eval.py (held-out ones with --heldout, totals only), the
calibration (guide/matching/calibrate.py) is run again on perturbed inputs:

- "drop k": the k-th written phrasing of every node that has two or more is removed (k = 0, 1, 2);
- "pool s": a random 5 % of the everyday off-topic pool is removed (seeds s = 0 .. POOL_SEEDS-1).

Each perturbed calibration's thresholds are then used with the whole guide on its reader questions,
so that the rows show what the threshold's wobble alone does to right / wrong / out of scope
not answered. Printed per guide: the base thresholds, each variant's answer threshold, and the
spread (min-max) of answer, right, wrong and out-of-scope not answered over the variants.

Run: GUIDE_NO_CACHE=1 python benchmarks/calibration_stability.py [--heldout] [--only LETTER ...]
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reader_eval import HELD_OUT, SETS

from guide.authoring.evaluate import evaluate
from guide.authoring.questions import load_questions
from guide.conversation import Engine, intents_of, match_settings
from guide.dialog.listitems import list_items, list_nouns, taken_nouns
from guide.dialog.loader import load_guide
from guide.dialog.model import Guide
from guide.matching.calibrate import calibrate, off_topic_questions
from guide.matching.index import Index, IntentSpec, MatchSettings

DROPS = (0, 1, 2)
POOL_SEEDS = 5
POOL_DROP = 0.05


def drop_phrasing(intents: list[IntentSpec], k: int) -> list[IntentSpec]:
    """Each context-free intent without its k-th written phrasing (when it has two or more)."""
    out = []
    for spec in intents:
        written = [i for i, text in enumerate(spec.examples) if text != spec.title]
        if spec.context is None and len(written) >= 2:
            gone = written[k % len(written)]
            spec = spec._replace(examples=tuple(e for i, e in enumerate(spec.examples) if i != gone))
        out.append(spec)
    return out


def recalibrate(guide: Guide, specs: list[IntentSpec], everyday: list[str] | None = None) -> MatchSettings:
    """The thresholds calibration chooses for the guide with these intents and everyday questions."""
    items = list_items(guide)
    nouns = list_nouns(guide, items)
    index = Index.build(specs, guide.synonyms, match_settings(guide), nouns, taken_nouns(guide, items, nouns))
    return match_settings(guide, calibrate(specs, guide.synonyms, index.settings, index, everyday).settings)


def guides(heldout: bool, only: list[str]) -> dict[tuple[str, Path], list[Path]]:
    """(letter, guide path) -> its question files, in reader_eval's order."""
    found: dict[tuple[str, Path], list[Path]] = {}
    for label, guide_path, questions in SETS + (HELD_OUT if heldout else []):
        letter = label.split(":")[0].split()[-1]
        if only and letter not in only:
            continue
        found.setdefault((letter, guide_path), []).append(questions)
    return found


def score(engine: Engine, settings: MatchSettings, questions: list) -> tuple[int, int, int, int, int]:
    """(right, wrong, in scope, out of scope not answered, out of scope) with these thresholds."""
    index = copy.copy(engine.index)
    index.settings = settings
    variant = Engine(engine.guide, index, settings, engine.followups, engine.caveat_index, engine.calibrated_on)
    right = wrong = n_in = oos = n_out = 0
    for qs in questions:
        ev = evaluate(variant, qs)
        got = ev.outcomes(in_scope=True)
        right, wrong, n_in = right + got["right"], wrong + got["wrong"], n_in + len(ev.in_scope)
        oos, n_out = oos + ev.outcomes(in_scope=False)["right"], n_out + len(ev.out_of_scope)
    return right, wrong, n_in, oos, n_out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="also the held-out guides (totals only)")
    parser.add_argument("--only", nargs="*", default=[], help="guide letters (bundled: 'bundled')")
    args = parser.parse_args()
    pool = off_topic_questions()
    print(f"{'guide':10s} {'base a/m/k':>16s} {'variants: answer threshold':40s} {'answer':>11s} "
          f"{'right':>9s} {'wrong':>7s} {'oos':>7s}")
    totals = [0, 0, 0]
    for (letter, guide_path), question_paths in guides(args.heldout, args.only).items():
        guide = load_guide(guide_path).guide
        engine = Engine.build(guide)
        questions = [load_questions(p, guide).questions for p in question_paths]
        intents = intents_of(guide)
        variants = [recalibrate(guide, drop_phrasing(intents, k)) for k in DROPS]
        for seed in range(POOL_SEEDS):
            rng = random.Random(seed)  # noqa: S311 (a benchmark's sample, not a secret)
            variants.append(recalibrate(guide, intents, [q for q in pool if rng.random() >= POOL_DROP]))
        s = engine.settings
        scores = [score(engine, v, questions) for v in variants]
        answers = [v.answer for v in variants]
        rights, wrongs, ooss = ([x[i] for x in scores] for i in (0, 1, 3))
        kin = f"{s.understood:g}" if s.understood is not None else "-"
        name = letter
        spread = [max(answers) - min(answers), max(rights) - min(rights), max(wrongs) - min(wrongs)]
        totals = [t + x for t, x in zip(totals, spread, strict=True)]
        print(f"{name:10s} {s.answer:.2f}/{s.margin:.2f}/{kin:>3s}   "
              f"{' '.join(f'{a:.2f}' for a in answers):40s} {min(answers):.2f}-{max(answers):.2f} "
              f"{min(rights):4d}-{max(rights):<4d} {min(wrongs):3d}-{max(wrongs):<3d} {min(ooss):3d}-{max(ooss):<3d}"
              f" (of {scores[0][2]} / {scores[0][4]})", flush=True)
    print(f"sum of spreads: answer {totals[0]:.2f}, right {totals[1]}, wrong {totals[2]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
