"""How the bundled guide does on reader questions it has never seen.

benchmarks/data/reader_questions.yaml was written from the article alone, independently of
the guide's example phrasings (never copy its questions into the guide). For each in-scope
question the right reply is an answer that quotes the paragraph holding `passage` (or one
holding an `also` snippet); for each out-of-scope question, a fallback, or an answer from
one of the guide's honest "not covered" nodes (a title ending in "(not covered)"), which
say that the article does not cover the topic and point to the nearest ones.

The grading is `guide eval`'s (guide/authoring/evaluate.py); `guide eval
benchmarks/data/reader_questions.yaml` gives the same counts with per-node scores.

Run: python benchmarks/reader_eval.py [--guide PATH] [--questions FILE] [--show-all]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from guide.authoring.evaluate import evaluate, not_covered
from guide.authoring.questions import load_questions
from guide.conversation import Engine
from guide.dialog.loader import load_guide
from guide.paths import BUNDLED_GUIDE

QUESTIONS = Path(__file__).resolve().parent / "data" / "reader_questions.yaml"
VERDICTS = {"right": "right", "offered": "offered", "wrong": "wrong answer", "declined": "declined"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guide", type=Path, default=BUNDLED_GUIDE)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--show-all", action="store_true", help="list every question, not only misses")
    args = parser.parse_args()
    result = load_guide(args.guide)
    if not result.ok:
        print("the guide has errors; run guide validate", file=sys.stderr)
        return 2
    questions = load_questions(args.questions, result.guide)
    if questions.errors:
        for problem in questions.errors:
            print(problem.format(), file=sys.stderr)
        return 2
    engine = Engine.build(result.guide)
    # One definition of a right reply, shared with `guide eval` (guide/authoring/evaluate.py).
    evaluation = evaluate(engine, questions.questions)

    grades = evaluation.outcomes(in_scope=True)
    misses = [(VERDICTS[r.outcome], r.question.text, r.reply.kind, r.reply.node, r.reply.confidence)
              for r in evaluation.in_scope if not r.right or args.show_all]
    outside: Counter[str] = Counter()
    wrongly_answered = []
    for r in evaluation.out_of_scope:
        reply = r.reply
        kind = "not covered node" if reply.kind == "answer" and not_covered(engine.guide, reply.node) else reply.kind
        outside[kind] += 1
        if kind == "answer":
            wrongly_answered.append((r.question.text, reply.node, reply.confidence))

    n_in, n_out = len(evaluation.in_scope), len(evaluation.out_of_scope)
    print(f"guide: {result.guide.title} ({len(result.guide.nodes)} nodes)")
    print(f"in-scope questions ({n_in}):")
    print(f"  answered with the right passage   {grades['right']:3d}  {100 * grades['right'] / n_in:5.1f} %")
    print(f"  'did you mean', right one offered {grades['offered']:3d}  {100 * grades['offered'] / n_in:5.1f} %")
    print(f"  answered with another passage     {grades['wrong']:3d}  {100 * grades['wrong'] / n_in:5.1f} %")
    print(f"  declined (fallback, or did-you-mean without it) {grades['declined']:3d}  "
          f"{100 * grades['declined'] / n_in:5.1f} %")
    print(f"out-of-scope questions ({n_out}):")
    for kind in ("fallback", "not covered node", "clarify", "answer", "safety", "command"):
        if outside[kind]:
            print(f"  {kind:32s}  {outside[kind]:3d}  {100 * outside[kind] / n_out:5.1f} %")
    rejected = outside["fallback"] + outside["not covered node"]
    print(f"  rejection (fallback or 'not covered' node)  {100 * rejected / n_out:5.1f} %")
    print("\nin-scope questions not answered with the right passage:")
    for verdict, q, kind, node, conf in misses:
        print(f"  [{verdict:12s}] {q!r} -> {kind} {node or ''} ({conf:.2f})")
    print("\nout-of-scope questions answered anyway:")
    for q, node, conf in wrongly_answered:
        print(f"  {q!r} -> {node} ({conf:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
