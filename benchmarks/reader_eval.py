"""How the bundled guide does on reader questions it has never seen.

benchmarks/data/reader_questions.yaml was written from the article alone, independently of
the guide's example phrasings (never copy its questions into the guide). For each in-scope
question the right reply is an answer that quotes the paragraph holding `passage` (or one
holding an `also` snippet); for each out-of-scope question, a fallback, or an answer from
one of the guide's honest "not covered" nodes (a title ending in "(not covered)"), which
say that the article does not cover the topic and point to the nearest ones.

Run: python benchmarks/reader_eval.py [--guide PATH] [--show-all]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

from guide.conversation import Engine, Session
from guide.dialog.loader import load_guide
from guide.paths import BUNDLED_GUIDE

QUESTIONS = Path(__file__).resolve().parent / "data" / "reader_questions.yaml"


def paragraphs_with(source, snippets: list[str]) -> set[int]:
    wanted = set()
    for snippet in snippets:
        norm = " ".join(snippet.split())
        wanted |= {p.number for p in source.paragraphs if norm in " ".join(p.text.split())}
    return wanted


def not_covered(engine: Engine, node: str | None) -> bool:
    return bool(node) and engine.guide.nodes[node].title.endswith("(not covered)")


def grade(engine: Engine, item: dict) -> tuple[str, object]:
    """'right'; 'offered' (a clarify listing a node that quotes it); 'wrong answer' (an
    answer quoting other paragraphs); 'declined' (fallback, or a clarify without it)."""
    source = next(iter(engine.guide.sources.values()))
    targets = paragraphs_with(source, [item["passage"], *item.get("also", [])])
    reply = Session(engine).respond(item["q"])
    cited = {c.paragraph for c in reply.citations}
    if reply.kind == "answer" and cited & targets:
        return "right", reply
    if reply.kind == "clarify":
        for suggestion in reply.suggestions:
            node = engine.guide.nodes.get(suggestion.node)
            quoted = {b.location.paragraph for b in (node.answer if node else ()) if getattr(b, "location", None)}
            if quoted & targets:
                return "offered", reply
    if reply.kind == "answer" and not not_covered(engine, reply.node):
        return "wrong answer", reply
    return "declined", reply


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guide", type=Path, default=BUNDLED_GUIDE)
    parser.add_argument("--show-all", action="store_true", help="list every question, not only misses")
    args = parser.parse_args()
    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    result = load_guide(args.guide)
    if not result.ok:
        print("the guide has errors; run guide validate", file=sys.stderr)
        return 2
    engine = Engine.build(result.guide)

    grades: Counter[str] = Counter()
    misses = []
    for item in data["in_scope"]:
        verdict, reply = grade(engine, item)
        grades[verdict] += 1
        if verdict != "right" or args.show_all:
            misses.append((verdict, item["q"], reply.kind, reply.node, reply.confidence))
    outside: Counter[str] = Counter()
    wrongly_answered = []
    for item in data["out_of_scope"]:
        reply = Session(engine).respond(item["q"])
        kind = "not covered node" if reply.kind == "answer" and not_covered(engine, reply.node) else reply.kind
        outside[kind] += 1
        if kind == "answer":
            wrongly_answered.append((item["q"], reply.node, reply.confidence))

    n_in, n_out = len(data["in_scope"]), len(data["out_of_scope"])
    print(f"guide: {result.guide.title} ({len(result.guide.nodes)} nodes)")
    print(f"in-scope questions ({n_in}):")
    print(f"  answered with the right passage   {grades['right']:3d}  {100 * grades['right'] / n_in:5.1f} %")
    print(f"  'did you mean', right one offered {grades['offered']:3d}  {100 * grades['offered'] / n_in:5.1f} %")
    print(f"  answered with another passage     {grades['wrong answer']:3d}  "
          f"{100 * grades['wrong answer'] / n_in:5.1f} %")
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
