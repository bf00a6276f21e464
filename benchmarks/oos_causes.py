"""Out-of-scope questions of the development sets that a guide does not decline, and why.

For each development set (the bundled guide's reader_dev*.yaml, guides B, D, E, F, G and J of
benchmarks/reader_eval.py), every out-of-scope question that is answered or gets "did you mean" is
listed with what carried its confidence: the node, each view's part of the confidence (its
weight times its score, before the words the node never says are taken off), the question's words
that node never says, and for every topic word how many of the guide's nodes say it, its IDF in
the guide, its English rarity, and whether the guide never says it at all. Then, over all of
them, each view's median part. The held-out sets are not offered: their questions are never read.
docs/meaning-view.md ("Out-of-scope questions that share a guide's words") sorts them by cause.

For a question whose frame asks for a kind of answer (`answer_type.asked_for`: "how long", "how much
... cost", "how often"), whether its first node's words give one. Guide J is read as a development
set here too.

Run: python benchmarks/oos_causes.py [--set NAME]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reader_eval import DATA, HELD_OUT, SETS, run

from guide.matching.answer_type import DESCRIBED, asked_for, gives
from guide.matching.index import VIEWS, view_weights
from guide.matching.normalize import tokenize
from guide.matching.rarity import rarity
from guide.matching.stems import stem
from guide.paths import BUNDLED_GUIDE

DEVELOPMENT = [
    ("bundled: reader_dev", BUNDLED_GUIDE, DATA / "reader_dev.yaml"),
    ("bundled: reader_dev2", BUNDLED_GUIDE, DATA / "reader_dev2.yaml"),
    ("bundled: reader_dev3", BUNDLED_GUIDE, DATA / "reader_dev3.yaml"),
    *(entry for entry in SETS if entry[1] != BUNDLED_GUIDE),
    *(entry for entry in HELD_OUT if "parent-far-away" in str(entry[1])),  # guide J: read as a development set
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", help="only the sets whose label contains this")
    args = parser.parse_args()
    engines: dict = {}
    parts: list[list[float]] = []
    missed = asked = 0
    for label, guide_path, questions_path in DEVELOPMENT:
        if args.set and args.set not in label:
            continue
        evaluation = run(label, guide_path, questions_path, engines)
        if evaluation is None:
            return 2
        engine = engines[guide_path]
        index, settings = engine.index, engine.settings
        said = [index._intents[position].stems for position in index._context_free]  # (phrasings and content)
        print(f"\n{label}: answer {settings.answer:.2f}, clarify {settings.clarify:.2f}, margin {settings.margin:.2f}; "
              f"{len(said)} nodes")
        for result in evaluation.out_of_scope:
            if result.right:
                continue
            missed += 1
            asked += result.outcome == "asked"
            ranking = index.rank(result.question.text)
            reply = result.reply
            print(f"  [{result.outcome}] {result.question.text!r} -> {reply.kind} {reply.node or ''} "
                  f"({reply.confidence:.2f})")
            if not ranking.candidates:
                continue
            top = ranking.candidates[0]
            if len(top.views) == len(VIEWS):
                weights = view_weights(top.sighted)
                shares = [w * v for w, v in zip(weights, top.views, strict=True)]
                parts.append(shares)
                shown = ", ".join(f"{view} {share:.2f}" for view, share in zip(VIEWS, shares, strict=True))
                print(f"      first {top.key} {top.score:.2f}: {shown}")
            if top.unexplained:
                print(f"      the node never says: {', '.join(top.unexplained)}")
            frame = asked_for(tokenize(result.question.text))
            if frame is not None:
                content = index._intents[index._positions[top.key]].spec.content
                print(f"      asks “{frame.frame}” ({DESCRIBED[frame.kind]}); {top.key} "
                      f"{'gives one' if gives(frame, content) else 'gives none'}")
            if ranking.strangers:
                print(f"      strangers (never said, rare, no kin in the node): {', '.join(ranking.strangers)}")
            words = []
            for word in ranking.content_words:
                stemmed = stem(word)
                count = sum(stemmed in stems for stems in said)
                unknown = "" if index._words.knows(stemmed) else ", never said"
                words.append(f"{word} ({count}/{len(said)} nodes, idf {index._words.idf(stemmed):.2f}, "
                             f"rarity {rarity(word):.2f}{unknown})")
            print(f"      words: {'; '.join(words)}")
    print(f"\n{missed} out-of-scope questions not declined ({asked} 'did you mean')")
    if parts:
        for i, view in enumerate(VIEWS):
            values = [shares[i] for shares in parts]
            print(f"  {view:10s} part of the confidence: median {statistics.median(values):.3f} "
                  f"({min(values):.3f}-{max(values):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
