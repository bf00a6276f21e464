"""Every decision the matcher makes on the benchmark questions, to tell that a change altered none.

For a change meant to leave every reply as it was (speed, refactoring), dump before and after and
compare: each question of benchmarks/reader_eval.py's sets (the held-out ones too) and of the bundled
guide's reader_dev*.yaml, asked as a first message and, for an in-scope question, right after the
answer of the node it is about (its follow-ups in context, as benchmarks/reader_context.py asks it);
and each CLINC150 validation query (in and out of scope) against the 150-intent index with default
settings. A record holds the reply's kind, node and confidence, and the index's ranking (every
candidate's key, score and views, exact floats, the long-message readings, kinship, strangers) and
decision (kind, candidates, confidence, reason). Each guide's calibrated settings are dumped too.

Held-out sets (guide/authoring: their misses are not to be read) are written as one digest per
question: a diff counts how many changed, never shows which.

Run: python benchmarks/decisions_dump.py OUT.jsonl   then   python benchmarks/decisions_dump.py --diff A B
(set GUIDE_NO_CACHE=1: worktrees share one compiled-guide cache)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _clinc_data import clinc_data, clinc_intents
from reader_eval import DATA, HELD_OUT, SETS, run

from guide.authoring.evaluate import quoted_by
from guide.conversation import Engine, Session, clean_input
from guide.matching.index import Candidate, Decision, Index, Ranking
from guide.paths import BUNDLED_GUIDE

DEV_FILES = sorted(DATA.glob("reader_dev*.yaml"))
HELD_OUT_LABELS = frozenset(label for label, _, _ in HELD_OUT) | {
    "bundled: reader_questions (frozen)", "bundled: reader_blind (frozen)"}


def candidate(c: Candidate) -> list[object]:
    """A candidate's fields as exact values (its passages, a frozenset, left out: set order varies)."""
    return [c.key, repr(c.score), c.example, c.in_context, list(c.unexplained), repr(c.explained), c.part,
            [repr(v) for v in c.views], repr(c.sighted), c.held_back, c.follows]


def ranking(r: Ranking) -> dict[str, object]:
    return {
        "normalized": r.normalized.text, "candidates": [candidate(c) for c in r.candidates],
        "truncated": r.truncated, "content": list(r.content_words), "topic": list(r.topic_words),
        "reference": r.reference, "whole_first": r.whole_first, "vague": r.vague, "whole_lead": repr(r.whole_lead),
        "readings": [[x.sentence, x.first, repr(x.score), repr(x.lead), x.asked, x.named] for x in r.readings],
        "kinship": None if r.kinship is None else [r.kinship.key, repr(r.kinship.share),
                                                   [list(k) for k in r.kinship.kin], list(r.kinship.orphans)],
        "whole": None if r.whole is None else candidate(r.whole),
        "unreached": None if r.unreached is None else repr(r.unreached), "strangers": list(r.strangers),
    }


def decision(d: Decision) -> dict[str, object]:
    return {"kind": d.kind, "candidates": [c.key for c in d.candidates], "confidence": repr(d.confidence),
            "reason": d.reason, "sentence": d.sentence}


def asked(engine: Engine, text: str, context: str | None) -> dict[str, object]:
    """The reply to `text` (a first message, or right after `context`'s answer) and the index's view of it."""
    session = Session(engine)
    if context is not None:
        session.resume_at(context)
    reply = session.respond(text)
    found = engine.index.rank(clean_input(text), context=context)
    return {"reply": [reply.kind, reply.node, repr(reply.confidence)], "ranking": ranking(found),
            "decision": decision(engine.index.decide(found))}


def guide_records() -> Iterator[tuple[str, str, dict[str, object]]]:
    """(set, question, record) for every question of the reader sets, and each guide's settings."""
    engines: dict[Path, Engine] = {}
    sets = SETS + HELD_OUT + [(f"bundled: {path.stem}", BUNDLED_GUIDE, path) for path in DEV_FILES]
    for label, guide_path, questions_path in sets:
        evaluation = run(label, guide_path, questions_path, engines)
        if evaluation is None:
            raise SystemExit(f"{label}: could not be evaluated")
        engine = engines[guide_path]
        yield label, "(settings)", {"settings": [repr(v) for v in engine.settings]}
        for result in (*evaluation.in_scope, *evaluation.out_of_scope):
            question = result.question
            record = {"first": asked(engine, question.text, None)}
            own = next((n for n in question.nodes if n in engine.guide.nodes), None) or next(
                (n for n, node in engine.guide.nodes.items() if node.answer
                 and quoted_by(engine.guide, n) & question.paragraphs), None) if question.in_scope else None
            if own is not None:
                record["after its node"] = asked(engine, question.text, own)
            yield label, question.text, record


def clinc_records() -> Iterator[tuple[str, str, dict[str, object]]]:
    data = clinc_data()
    index = Index.build(clinc_intents(data))
    for split in ("val", "oos_val"):
        for text, _ in data[split]:
            found = index.rank(text)
            yield f"CLINC150 {split}", text, {"ranking": ranking(found), "decision": decision(index.decide(found))}


def replies(record: dict[str, object]) -> list[object]:
    """What a reader is given in a record: each reply's kind and node, each decision's kind and
    candidates (the options of a clarification), without their confidences."""
    seen: list[object] = []
    for value in (record, *record.values()):
        if isinstance(value, dict):
            if "reply" in value:
                seen.append(value["reply"][:2])
            if "decision" in value:
                seen.append([value["decision"]["kind"], value["decision"]["candidates"]])
    return seen


def dump(out: Path) -> None:
    with out.open("w", encoding="utf-8") as handle:
        for label, text, record in (*guide_records(), *clinc_records()):
            line = json.dumps(record, sort_keys=True, ensure_ascii=False)
            reply = json.dumps(replies(record), sort_keys=True, ensure_ascii=False)
            if label in HELD_OUT_LABELS:  # a digest only: never a held-out question or its reply
                text = hashlib.sha256(text.encode()).hexdigest()[:16]
                line = hashlib.sha256(line.encode()).hexdigest()
                reply = hashlib.sha256(reply.encode()).hexdigest()
            handle.write(json.dumps([label, text, line, reply], ensure_ascii=False) + "\n")


def diff(before: Path, after: Path) -> int:
    """Print how many records differ per set, and in how many the replies or decisions differ (for a
    development set, which); 1 if any record does."""
    old = [json.loads(line) for line in before.read_text(encoding="utf-8").splitlines()]
    new = [json.loads(line) for line in after.read_text(encoding="utf-8").splitlines()]
    if [r[:2] for r in old] != [r[:2] for r in new]:
        print("the two dumps hold different questions")
        return 1
    counts: Counter[str] = Counter(record[0] for record in old)
    changed: Counter[str] = Counter()
    answered: Counter[str] = Counter()  # records whose replies or decisions changed
    for (label, text, a, a_reply), (_, _, b, b_reply) in zip(old, new, strict=True):
        if a != b:
            changed[label] += 1
            answered[label] += a_reply != b_reply
            if label not in HELD_OUT_LABELS and a_reply != b_reply:
                print(f"{label}: {text!r}\n  before {a_reply}\n  after  {b_reply}")
    for label, total in counts.items():
        print(f"{label:40s} {total:6d} records, {changed[label]:4d} changed, {answered[label]:4d} in their replies")
    print(f"all: {sum(counts.values())} records, {sum(changed.values())} changed, "
          f"{sum(answered.values())} in their replies or decisions")
    return 1 if changed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="OUT, or with --diff the dumps BEFORE AFTER")
    parser.add_argument("--diff", action="store_true", help="compare two dumps")
    args = parser.parse_args()
    if args.diff:
        if len(args.files) != 2:
            parser.error("--diff takes two dumps")
        return diff(*args.files)
    dump(args.files[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
