"""The bundled guide on its development questions and its conversation tests.

Run from the repo root: python benchmarks/reader_dev.py [--dev PATH] [--show] [--set answer=0.4 ...]

benchmarks/data/reader_dev.yaml (the default) holds reader questions written from the article
and the node titles (not from the guide's phrasings), each labelled with the node that should
answer, and out-of-scope questions that should fall back; benchmarks/data/reader_dev2.yaml
(--dev) is a second set written the same way, each question with its kind (plain, long
personal message, numbered point), reported per kind. Each question is asked as a fresh
conversation. Reported:

- in scope: answered with the right node, "did you mean" listing the right node, answered
  with a WRONG node, "did you mean" without it, fallback (and safety replies, if any);
- out of scope: fallback rate, and answers (wrong unless the node is listed as `ok`);
- the guide's conversation tests (dialogs/.../tests/*.yaml): turns passing, out of all;
- with --leave-one-out, each of the guide's own phrasings asked with it left out.

This is the set to tune on. benchmarks/data/reader_questions.yaml is the held-out set
(benchmarks/reader_eval.py): don't read it while tuning.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from guide.conversation import Engine, Session
from guide.dialog.loader import load_guide
from guide.paths import BUNDLED_GUIDE
from guide.reply import Reply

DEV = Path(__file__).resolve().parent / "data" / "reader_dev.yaml"
IN_KINDS = ("right", "offered", "WRONG", "clarify-miss", "fallback", "safety")


def grade_in_scope(reply: Reply, wanted: set[str]) -> str:
    if reply.kind == "answer":
        return "right" if reply.node in wanted else "WRONG"
    if reply.kind == "clarify":
        return "offered" if any(s.node.split("#")[0] in wanted for s in reply.suggestions) else "clarify-miss"
    if reply.kind == "safety":
        return "safety"
    return "fallback"


def run_dev(engine: Engine, show: bool, dev: Path = DEV) -> dict[str, float]:
    data = yaml.safe_load(dev.read_text(encoding="utf-8"))
    nodes = engine.guide.nodes
    grades: Counter[str] = Counter()
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # kind -> [not right, right]
    misses = []
    for item in data["in_scope"]:
        wanted = {item["node"]} if isinstance(item["node"], str) else set(item["node"])
        unknown = wanted - set(nodes)
        if unknown:
            raise SystemExit(f"{dev.name}: unknown node {sorted(unknown)} for {item['q']!r}")
        reply = Session(engine).respond(item["q"])
        verdict = grade_in_scope(reply, wanted)
        grades[verdict] += 1
        by_kind[item.get("kind", "plain")][verdict == "right"] += 1
        if verdict != "right":
            misses.append((verdict, item["q"], "/".join(sorted(wanted)), _shown(reply)))
    outside: Counter[str] = Counter()
    wrong_out = []
    for item in data["out_of_scope"]:
        reply = Session(engine).respond(item["q"])
        kind = reply.kind
        if kind == "answer" and reply.node in item.get("ok", ()):
            kind = "fallback"  # a "not covered" node is an honest answer too
        outside[kind] += 1
        if kind != "fallback":
            wrong_out.append((kind, item["q"], _shown(reply)))

    n_in, n_out = len(data["in_scope"]), len(data["out_of_scope"])
    print(f"dev questions, in scope ({n_in}):")
    for kind in IN_KINDS:
        if grades[kind] or kind in ("right", "offered", "WRONG"):
            print(f"  {kind:14s} {grades[kind]:4d}  {100 * grades[kind] / n_in:5.1f} %")
    if len(by_kind) > 1:
        for kind, (missed, right) in sorted(by_kind.items()):
            print(f"  kind: {kind:8s} {right:4d} of {right + missed:3d} right  {100 * right / (right + missed):5.1f} %")
    print(f"dev questions, out of scope ({n_out}):")
    for kind in ("fallback", "clarify", "answer", "safety"):
        if outside[kind] or kind in ("fallback", "answer"):
            print(f"  {kind:14s} {outside[kind]:4d}  {100 * outside[kind] / n_out:5.1f} %")
    if show:
        print("\nin-scope questions not answered right:")
        for verdict, q, wanted, got in misses:
            print(f"  [{verdict:12s}] {q!r}\n      want {wanted}; got {got}")
        print("\nout-of-scope questions not declined:")
        for kind, q, got in wrong_out:
            print(f"  [{kind:7s}] {q!r}; got {got}")
    return {
        "right": 100 * grades["right"] / n_in, "offered": 100 * grades["offered"] / n_in,
        "wrong": grades["WRONG"], "oos_fallback": 100 * outside["fallback"] / n_out,
        "oos_answer": outside["answer"],
    }


def _shown(reply: Reply) -> str:
    if reply.kind == "answer":
        return f"answer {reply.node} ({reply.confidence:.2f})"
    if reply.kind == "clarify":
        return f"clarify [{', '.join(s.node for s in reply.suggestions)}] ({reply.confidence:.2f})"
    return f"{reply.kind} ({reply.confidence:.2f})"


def turn_passes(reply: Reply, turn: dict) -> bool:
    if "node" in turn and reply.node != turn["node"]:
        return False
    if "kind" in turn and reply.kind != turn["kind"]:
        return False
    if "node" in turn and "kind" not in turn and reply.kind not in ("answer", "safety", "command"):
        return False
    if "not_node" in turn and reply.node == turn["not_node"]:
        return False
    texts = [*(b.text for b in reply.blocks), *(b.cite for b in reply.blocks),
             *(s.label for s in reply.suggestions), reply.footer]
    if "says" in turn and not any(turn["says"].casefold() in t.casefold() for t in texts):
        return False
    quotes = [b.text for b in reply.blocks if b.type == "quote"]
    return not ("quotes" in turn and not any(turn["quotes"].casefold() in q.casefold() for q in quotes))


def run_tests(engine: Engine, show: bool) -> tuple[int, int]:
    passed = total = 0
    failures = []
    for path in engine.guide.test_files:
        for test in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            session = Session(engine)
            for turn in test["turns"]:
                reply = session.respond(str(turn["user"]))
                total += 1
                if turn_passes(reply, turn):
                    passed += 1
                else:
                    expected = {k: v for k, v in turn.items() if k != "user"}
                    failures.append((path.name, test["name"], turn["user"], expected, _shown(reply)))
    print(f"conversation tests: {passed} of {total} turns pass")
    if show and failures:
        for file, name, user, expected, got in failures:
            print(f"  {file} / {name}: {user!r}\n      want {expected}; got {got}")
    return passed, total


def leave_one_out(engine: Engine) -> Counter[str]:
    """Each phrasing of the guide asked against the guide without it: how it is decided.

    An estimate, independent of reader_dev.yaml, of how the thresholds treat a way of asking
    the guide doesn't have. Pessimistic: a phrasing is often the only one carrying its node's
    distinction ("what is attachment" left out, "what is attachment anxiety" wins)."""
    from guide.conversation import intents_of
    from guide.matching.index import Index, IntentSpec

    intents = [i for i in intents_of(engine.guide) if i.context is None]
    grades: Counter[str] = Counter()
    for intent in intents:
        if len(intent.examples) < 3:
            continue
        for j, example in enumerate(intent.examples):
            held_out = IntentSpec(intent.key, intent.examples[:j] + intent.examples[j + 1:], None, intent.title)
            index = Index.build([held_out if i is intent else i for i in intents], engine.guide.synonyms,
                                engine.settings)
            decision = index.decide(index.rank(example))
            keys = [c.key for c in decision.candidates]
            if decision.kind == "answer":
                grades["right" if keys[0] == intent.key else "WRONG"] += 1
            elif decision.kind == "clarify":
                grades["offered" if intent.key in keys else "clarify-miss"] += 1
            else:
                grades["fallback"] += 1
    total = sum(grades.values())
    print(f"leave-one-out over the guide's own phrasings ({total}):")
    for kind in IN_KINDS[:-1]:
        print(f"  {kind:14s} {grades[kind]:4d}  {100 * grades[kind] / total:5.1f} %")
    return grades


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guide", type=Path, default=BUNDLED_GUIDE)
    parser.add_argument("--dev", type=Path, default=DEV,
                        help="the development questions (default benchmarks/data/reader_dev.yaml)")
    parser.add_argument("--show", action="store_true", help="list the misses")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a matching setting (answer, clarify, margin, ...)")
    parser.add_argument("--leave-one-out", action="store_true",
                        help="also ask each of the guide's phrasings with it left out (about a minute)")
    args = parser.parse_args()
    result = load_guide(args.guide)
    if not result.ok:
        print("the guide has errors; run guide validate", file=sys.stderr)
        return 2
    engine = Engine.build(result.guide)
    if args.set:
        overrides = {name: float(value) for name, value in (s.split("=", 1) for s in args.set)}
        settings = dataclasses.replace(engine.settings, **overrides)
        engine.index.settings = settings
        engine = dataclasses.replace(engine, settings=settings)
        print("settings:", settings)
    run_dev(engine, args.show, args.dev)
    run_tests(engine, args.show)
    if args.leave_one_out:
        leave_one_out(engine)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
