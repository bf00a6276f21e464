"""In-scope questions not answered although the right node is ranked first, and what parts them from
out-of-scope questions and wrong answers (issue 14).

For every question of the sets of benchmarks/reader_eval.py and the bundled guide's development sets,
asked as a fresh conversation: its outcome (`guide eval`'s grading) and, for the matcher's first
candidate, its score against the clarify threshold, its lead over the next topic (a ratio, and the
margin as a share of its score), the four views, where the question's topic words are found (the
node's phrasings, only what the node says, neither), the share of topic words and of information the
node says, where the next topic stands in the dialog tree (a child of the first, its parent, a
sibling, none), and the question's length in words. Groups: R, in scope, right node first, "did you
mean" or declined; X, in scope, another node first, not answered; O, out of scope, not answered; W,
in scope, answered wrong; A, answered right. docs/meaning-view.md ("Right node first but not
answered") reads the tables.

Feature tables and --show's rows are the development sets only (reader_dev*.yaml, B, D, E, F, G,
J); with --heldout, the counts tables add every set's totals (no question of a held-out set shown).

Run: python benchmarks/declines.py [--heldout] [--show]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reader_eval import DATA, HELD_OUT, SETS

from guide.authoring.evaluate import grade, quoted_by
from guide.authoring.questions import Question, load_questions
from guide.conversation import Engine, Session, clean_input
from guide.dialog.loader import load_guide
from guide.dialog.model import Guide
from guide.matching.index import _lead_over, _runner_up
from guide.matching.normalize import tokenize
from guide.matching.stems import stem
from guide.paths import BUNDLED_GUIDE

DEVELOPMENT = [("bundled: reader_dev", BUNDLED_GUIDE, DATA / "reader_dev.yaml"),
               ("bundled: reader_dev2", BUNDLED_GUIDE, DATA / "reader_dev2.yaml"),
               ("bundled: reader_dev3", BUNDLED_GUIDE, DATA / "reader_dev3.yaml"),
               *(s for s in SETS if s[1] != BUNDLED_GUIDE), *(s for s in HELD_OUT if "parent-far-away" in str(s[1]))]
HELD = [s for s in SETS + HELD_OUT if s not in DEVELOPMENT]
TREE = ("child", "parent", "sibling", "none")


def place(guide: Guide, first: str, other: str) -> str:
    """Where node `other` stands to node `first` in the dialog tree (follow-ups as their node)."""
    a, b = first.split("#")[0], other.split("#")[0]
    parents: dict[str, set[str]] = {}
    for node in guide.nodes.values():
        for choice in node.choices:
            parents.setdefault(choice.node, set()).add(node.id)
    if a == b:
        return "child"  # a follow-up of the first
    if a in parents.get(b, set()):
        return "child"
    if b in parents.get(a, set()):
        return "parent"
    return "sibling" if (parents.get(a, set()) & parents.get(b, set())) - {guide.start} else "none"


def fields(engine: Engine, key: str, words: tuple[str, ...]) -> tuple[float, float, float]:
    """Shares of the topic words the node's phrasings say, only what it says says, and neither."""
    spec = next(i for i in engine.index.intents if i.key == key)
    said = {stem(w) for t in spec.examples for w in tokenize(t)}
    content = {stem(w) for t in spec.content for w in tokenize(t)} - said
    stems = [stem(w) for w in words]
    if not stems:
        return 0.0, 0.0, 0.0
    inside, only = sum(w in said for w in stems), sum(w in content for w in stems)
    return inside / len(stems), only / len(stems), (len(stems) - inside - only) / len(stems)


def record(engine: Engine, question: Question) -> dict | None:
    session = Session(engine)
    reply = session.respond(question.text)
    outcome = grade(engine.guide, question, reply)
    ranking = engine.index.rank(clean_input(question.text))
    if session.route != "matcher" or not ranking.candidates:
        return None
    top, s = ranking.candidates[0], engine.settings
    runner_up, _ = _runner_up(ranking.candidates)
    node = engine.node_of(top.key)
    if not question.in_scope:
        first = node in question.ok
    elif question.nodes:
        first = node in question.nodes or top.key in question.nodes
    else:
        first = bool(quoted_by(engine.guide, node) & question.paragraphs)
    if question.in_scope:
        group = {"right": "A", "wrong": "W"}.get(outcome) or ("R" if first else "X")
    else:
        group = "O" if outcome in ("right", "asked") and not first else "O answered" if outcome == "wrong" else ""
    second = runner_up.score if runner_up else 0.0
    shares = engine.index.word_shares(list(ranking.content_words))
    return dict(text=question.text, group=group, outcome=outcome, score=top.score / s.clarify,
                margin=(top.score - second) / top.score if top.score else 0.0, lead=_lead_over(top, ranking.candidates),
                views=top.views, fields=fields(engine, top.key, ranking.content_words), explained=top.explained,
                covered=1 - sum(shares.get(w, 0.0) for w in top.unexplained),
                tree=place(engine.guide, top.key, runner_up.key) if runner_up else "none",
                words=len(tokenize(question.text)), top=top.key, next=runner_up.key if runner_up else "")


def collect(sets: list[tuple[str, Path, Path]], engines: dict[Path, Engine]) -> dict[str, list[dict]]:
    found = {}
    for label, guide_path, questions_path in sets:
        if guide_path not in engines:
            engines[guide_path] = Engine.build(load_guide(guide_path).guide)
        engine = engines[guide_path]
        questions = load_questions(questions_path, engine.guide).questions
        found[label] = [r for r in (record(engine, q) for q in questions) if r is not None]
    return found


def median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}" if values else "-"


def features(rows: list[dict]) -> None:
    groups = {"R, did you mean (at clarify or more)": [r for r in rows if r["group"] == "R" and r["score"] >= 1],
              "R, declined (0.7-1x clarify)": [r for r in rows if r["group"] == "R" and 0.7 <= r["score"] < 1],
              "X, another node first (0.7x clarify or more)":
                  [r for r in rows if r["group"] == "X" and r["score"] >= 0.7],
              "O, not answered (0.7x clarify or more)": [r for r in rows if r["group"] == "O" and r["score"] >= 0.7],
              "O, answered": [r for r in rows if r["group"] == "O answered"],
              "W, answered wrong": [r for r in rows if r["group"] == "W"],
              "A, answered right": [r for r in rows if r["group"] == "A"]}
    print("| group | n | score / clarify | margin / score | lead | words / characters / phrasing / meaning "
          "| topic words in phrasings / only in what it says / neither (means) | explained | covered "
          "| next topic: child / parent / sibling / none | words | 12 words or more |")
    print("|---" * 12 + "|")
    for name, rs in groups.items():
        tree = Counter(r["tree"] for r in rs)
        views = " / ".join(median([r["views"][i] for r in rs if r["views"]]) for i in range(4))
        where = " / ".join(f"{statistics.mean(r['fields'][i] for r in rs):.2f}" if rs else "-" for i in range(3))
        print(f"| {name} | {len(rs)} | {median([r['score'] for r in rs])} | {median([r['margin'] for r in rs])} | "
              f"{median([r['lead'] for r in rs])} | {views} | {where} | {median([r['explained'] for r in rs])} | "
              f"{median([r['covered'] for r in rs])} | {' / '.join(str(tree[t]) for t in TREE)} | "
              f"{median([r['words'] for r in rs])} | {sum(r['words'] >= 12 for r in rs)} |")


def counts(title: str, rows: list[dict]) -> None:
    """R / X / O of the questions not answered, by band: the counts only."""
    unanswered = [r for r in rows if r["group"] in ("R", "X", "O")]
    print(f"\n{title}: did-you-mean band (clarify or more), by where the next topic stands to the first (R / X / O)")
    for tree in TREE:
        c = Counter(r["group"] for r in unanswered if r["score"] >= 1 and r["tree"] == tree)
        print(f"  {tree:8s} {c['R']:3d} / {c['X']:3d} / {c['O']:3d}")
    for long, name in ((True, "12 words or more"), (False, "fewer than 12 words")):
        print(f"{title}: 0.8-1x clarify, {name}, by lead (R / X / O)")
        for low, high in ((1.0, 1.2), (1.2, 1.5), (1.5, 2.0), (2.0, 99.0)):
            c = Counter(r["group"] for r in unanswered if 0.8 <= r["score"] < 1 and (r["words"] >= 12) == long
                        and low <= r["lead"] < high)
            print(f"  {low:.1f}-{high:.1f}x {c['R']:3d} / {c['X']:3d} / {c['O']:3d}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="add the held-out sets' counts (totals only)")
    parser.add_argument("--show", action="store_true", help="list the development sets' R, X and O rows")
    args = parser.parse_args()
    engines: dict[Path, Engine] = {}
    dev = collect(DEVELOPMENT, engines)
    held = collect(HELD, engines) if args.heldout else {}
    print(f"{'set':38s} {'R dym':>6s} {'R declined':>10s} {'X':>4s}")
    for label, rows in (dev | held).items():
        c = Counter((r["group"], r["outcome"]) for r in rows)
        others = c["X", "offered"] + c["X", "declined"]
        print(f"{label:38s} {c['R', 'offered']:6d} {c['R', 'declined']:10d} {others:4d}")
    dev_rows = [r for rows in dev.values() for r in rows]
    print("\ndevelopment sets:")
    features(dev_rows)
    counts("development sets", dev_rows)
    if held:
        counts("all sets", dev_rows + [r for rows in held.values() for r in rows])
    if args.show:
        for r in sorted((r for r in dev_rows if r["group"] in ("R", "X", "O") and r["score"] >= 0.7),
                        key=lambda r: (r["group"], -r["score"])):
            print(f"{r['group']} {r['outcome']:8s} {r['score']:.2f}x lead {r['lead']:.2f} {r['tree']:7s} "
                  f"{r['words']:2d}w {r['text'][:70]!r} -> {r['top']} / {r['next']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
