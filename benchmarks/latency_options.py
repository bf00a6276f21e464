"""Per-question time of matching options that change results, against main's, interleaved in one process.

Run from the repo root: python benchmarks/latency_options.py [ROUNDS]
The method of benchmarks/latency.py (the bundled guide with default settings, its reader questions'
texts), in thread time: every option's index answers every question once first, then ROUNDS rounds
each time every option's pass over the questions (in alternating order), each pass's median kept.
Prints per option the median and the least of its pass medians, and the Python calls a question
makes (cProfile), which the machine's load does not move. The options set module constants of
guide.matching.index (read at each call) or, for the prototypes, build an index of their own.
Their accuracy: reader_eval.py --heldout, clinc.py, typos.py, reader_context.py and
decisions_dump.py, with the constant changed in the source (docs/meaning-view.md, latency section).
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from latency import bundled_guide

from guide.matching import index as index_module
from guide.matching import semantic
from guide.matching.index import Index

OPTIONS: dict[str, tuple[dict[str, int], int]] = {  # name: (index constants, semantic.PROTOTYPES)
    "main": ({}, semantic.PROTOTYPES),
    "SHORTLIST 5": ({"SHORTLIST": 5}, semantic.PROTOTYPES),
    "MEANING_SHORTLIST 2": ({"MEANING_SHORTLIST": 2}, semantic.PROTOTYPES),
    "MEANING_COMPARED 3": ({"MEANING_COMPARED": 3}, semantic.PROTOTYPES),
    "the three above": ({"SHORTLIST": 5, "MEANING_SHORTLIST": 2, "MEANING_COMPARED": 3}, semantic.PROTOTYPES),
    "PROTOTYPES 2": ({}, 2),
}
DEFAULTS = {name: getattr(index_module, name) for name in ("SHORTLIST", "MEANING_SHORTLIST", "MEANING_COMPARED")}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    found = bundled_guide()
    if found is None:
        raise SystemExit("the bundled guide does not load")
    intents, synonyms, questions = found
    default_prototypes = semantic.PROTOTYPES
    indexes = {}
    for count in {prototypes for _, prototypes in OPTIONS.values()}:
        semantic.PROTOTYPES = count
        indexes[count] = Index.build(intents, synonyms)
    semantic.PROTOTYPES = default_prototypes

    def use(name: str) -> Index:
        constants, prototypes = OPTIONS[name]
        for constant, value in DEFAULTS.items():
            setattr(index_module, constant, constants.get(constant, value))
        return indexes[prototypes]

    for name in OPTIONS:
        answer_all(use(name), questions)
    medians: dict[str, list[float]] = {name: [] for name in OPTIONS}
    for turn in range(rounds):
        for name in OPTIONS if turn % 2 == 0 else reversed(OPTIONS):
            medians[name].append(statistics.median(timed_pass(use(name), questions)) * 1000)
    print(f"bundled guide, {len(questions)} questions, {rounds} alternating rounds; ms per question, thread time")
    print(f"{'option':22s} {'median':>7s} {'least':>7s} {'calls a question':>17s}")
    for name in OPTIONS:
        profile = cProfile.Profile()
        profile.runcall(answer_all, use(name), questions)
        calls = pstats.Stats(profile).total_calls / len(questions)
        print(f"{name:22s} {statistics.median(medians[name]):7.3f} {min(medians[name]):7.3f} {calls:17.0f}")
    use("main")


def answer_all(index: Index, questions: list[str]) -> None:
    for question in questions:
        index.decide(index.rank(question))


def timed_pass(index: Index, questions: list[str]) -> list[float]:
    """Thread seconds of rank + decide for each question, garbage collector off."""
    times = []
    gc.disable()
    try:
        for question in questions:
            start = time.thread_time()
            index.decide(index.rank(question))
            times.append(time.thread_time() - start)
    finally:
        gc.enable()
    return times


if __name__ == "__main__":
    main()
