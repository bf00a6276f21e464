"""Reader questions asked in the middle of a conversation: right after an answer.

reader_eval.py asks every question as a conversation's first message. Readers also ask right after
an answer, while that node's follow-ups are candidates and preferred. This asks every in-scope
question of every guide's set (benchmarks/reader_eval.py's, with the held-out ones) twice: right
after the answer of the node it is about (a second question on the same topic), and right after
the answer of the node listed before that one in the guide (a change of topic); a question graded
by a passage is about the first node in the guide that quotes it. Graded as
reader_eval grades (guide/authoring/evaluate.py); the held-out sets print figures only.

Run: python benchmarks/reader_context.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reader_eval import HELD_OUT, SETS, pct, run

from guide.authoring.evaluate import grade, quoted_by
from guide.conversation import Engine, Session


def after(engine: Engine, node: str, text: str):
    """The reply to ``text`` right after ``node``'s answer (its follow-ups active)."""
    session = Session(engine)
    session.resume_at(node)
    return session.respond(text)


def main() -> int:
    engines: dict[Path, Engine] = {}
    print(f"{'set':38s} {'asked':>6s}   {'after its own node':>22s}   {'after another node':>22s}")
    print(f"{'':38s} {'':6s}   {'right':>10s} {'wrong':>10s}   {'right':>10s} {'wrong':>10s}")
    totals = [0, 0, 0, 0, 0]
    for label, guide_path, questions_path in SETS + HELD_OUT:
        evaluation = run(label, guide_path, questions_path, engines)
        if evaluation is None:
            return 1
        engine = engines[guide_path]
        answering = [key for key, node in engine.guide.nodes.items() if node.answer]
        counts = [0, 0, 0, 0, 0]
        for result in evaluation.in_scope:
            question = result.question
            own = next((n for n in question.nodes if n in engine.guide.nodes), None) \
                or next((n for n in answering if quoted_by(engine.guide, n) & question.paragraphs), None)
            if own is None:  # (a question graded by a passage no node quotes)
                continue
            other = answering[answering.index(own) - 1] if own in answering else answering[0]
            same, changed = (grade(engine.guide, question, after(engine, node, question.text)) for node in (own, other))
            counts = [counts[0] + 1, counts[1] + (same == "right"), counts[2] + (same == "wrong"),
                      counts[3] + (changed == "right"), counts[4] + (changed == "wrong")]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        if counts[0]:
            n = counts[0]
            print(f"{label:38s} {n:6d}   {pct(counts[1], n):>10s} {pct(counts[2], n):>10s}"
                  f"   {pct(counts[3], n):>10s} {pct(counts[4], n):>10s}")
    n = totals[0]
    print(f"{'all sets':38s} {n:6d}   {pct(totals[1], n):>10s} {pct(totals[2], n):>10s}"
          f"   {pct(totals[3], n):>10s} {pct(totals[4], n):>10s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
