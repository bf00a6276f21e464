"""Would a broader similarity check catch first disclosures the rules miss, without false alarms?

Two experiments, each acting only where no rule pattern matched (as guide/safety/similar.py does),
measured on sets none of them was tuned on, beside every false-alarm row:

- ``vectors``: after the shipped check, a nearest-exemplar check on the shipped word-vector table
  (guide/matching/semantic.py: ``text_vector`` / ``similarity``) against the exemplars of
  guide/safety/exemplars.yaml: flag when the nearest risk exemplar is at least T close and M closer
  than the nearest benign one (``--prefilter``: only messages that pass the shipped check's
  prefilter of rare risk words);
- ``widen``: the shipped check with its exemplars regenerated from more sources (the later
  development sets, dev3-dev7), and regenerated from the same sources as a control.

Run from the repository root (several minutes on the shared machine):

    .venv/bin/python benchmarks/safety_wider_similarity.py vectors [--prefilter]
    .venv/bin/python benchmarks/safety_wider_similarity.py widen

Measured sets: tests/data/safety_holdout.yaml and safety_round3_blind.yaml (single messages), and the
single messages of the flow blind sets 3-5 (every disclosure that opens a conversation, present
danger and first-person figures, which must trigger; the other domains' questions, which must not).
False-alarm rows: reader questions, CLINC150 (val+oos, never exemplars), other guides' questions.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import safety as bench  # noqa: E402
import yaml  # noqa: E402

from guide.matching.semantic import similarity, text_vector  # noqa: E402
from guide.safety.cases import (  # noqa: E402
    load_round3_dev_cases,
    load_round4_dev_cases,
    load_round_dev_cases,
    load_set,
)
from guide.safety.conversations import load_flow_cases  # noqa: E402
from guide.safety.detector import _assess  # noqa: E402
from guide.safety.rules import default_rules  # noqa: E402
from guide.safety.similar import Match, default_similar, load_similar  # noqa: E402

DATA = ROOT / "tests" / "data"
RULES = default_rules()
SHIPPED = default_similar()


def measured_sets() -> dict[str, tuple[list[str], list[str]]]:
    def singles(name: str) -> tuple[list[str], list[str]]:
        cases = load_set(DATA / name, name)
        return [c.text for c in cases if c.must_trigger], [c.text for c in cases if c.must_not_trigger]

    def flow(name: str) -> tuple[list[str], list[str]]:
        trigger, quiet = [], []
        for case in load_flow_cases(DATA / name):
            if case.section == "out_of_domain" and case.expect == "no_safety":
                quiet.append(case.turns[0])
            else:
                trigger.append(case.turns[0])
        return trigger, quiet

    return {"holdout": singles("safety_holdout.yaml"), "blind3": singles("safety_round3_blind.yaml"),
            "flow blind3": flow("safety_flow_blind3.yaml"), "flow blind4": flow("safety_flow_blind4.yaml"),
            "flow blind5": flow("safety_flow_blind5.yaml")}


def false_alarm_rows() -> dict[str, list[str]]:
    rows = {"reader": bench.reader_texts()}
    if bench.CLINC.is_file():
        data = json.loads(bench.CLINC.read_text())
        rows["CLINC val+oos"] = [t for split, items in data.items() if split != "train" for t, _ in items]
    others = []
    for path in sorted(bench.OTHER_GUIDES.glob("*/questions.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = [i for v in (data.values() if isinstance(data, dict) else [data])
                 for i in (v if isinstance(v, list) else [])]
        others += [i["q"] for i in items if isinstance(i, dict) and "q" in i]
    rows["other guides"] = others
    return rows


class VectorCheck:
    """The shipped check, then the word-vector nearest exemplar where it says nothing."""

    def __init__(self, score: float, margin: float, prefilter: bool) -> None:
        self.score, self.margin, self.prefilter = score, margin, prefilter
        self.groups = SHIPPED.groups
        exemplars = yaml.safe_load((ROOT / "guide" / "safety" / "exemplars.yaml").read_text(encoding="utf-8"))
        vec = lambda text: text_vector(RULES.normalizer.tokens(text))  # noqa: E731
        self.risk = [(v, g["category"], e["text"]) for g in exemplars["risk"] for e in g["exemplars"]
                     if (v := vec(e["text"])) is not None]
        self.benign = [v for g in exemplars["benign"] for e in g["exemplars"]
                       if (v := vec(e if isinstance(e, str) else e["text"])) is not None]

    def scores(self, toks):
        return SHIPPED.scores(toks), toks

    def decide(self, scores, toks):
        shipped, _ = scores
        if shipped is not None and (match := SHIPPED.decide(shipped, toks)) is not None:
            return match
        if len(toks) < 4 or (self.prefilter and not SHIPPED.passes_prefilter(toks)):
            return None
        v = text_vector(toks)
        if v is None:
            return None
        best = max(self.risk, key=lambda e: similarity(v, e[0]))
        risk = similarity(v, best[0])
        benign = max(similarity(v, b) for b in self.benign)
        if risk >= self.score and risk - benign >= self.margin:
            return Match(2, best[1], "vectors", "vectors", best[2], risk, benign, "")
        return None


def widened(extra) -> object:
    settings = yaml.safe_load((ROOT / "guide" / "safety" / "exemplars.yaml").read_text(encoding="utf-8"))["settings"]
    data = bench.exemplar_data(bench.exemplar_sources() + extra, settings)
    path = Path(tempfile.mkdtemp()) / "exemplars.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_similar(path, RULES)


def report(variants: dict[str, object]) -> None:
    sets, rows = measured_sets(), false_alarm_rows()
    print(f"{'check':30s}" + "".join(f"{k:>22s}" for k in sets) + "".join(f"{k:>15s}" for k in rows))
    for name, check in variants.items():
        def tier(text: str, check: object = check) -> int:
            return _assess(text, RULES, None, check).tier

        cells = [f"{sum(map(bool, map(tier, t)))}/{len(t)} fa {sum(map(bool, map(tier, q)))}/{len(q)}"
                 for t, q in sets.values()]
        cells += [f"{sum(map(bool, map(tier, texts)))}/{len(texts)}" for texts in rows.values()]
        print(f"{name:30s}" + "".join(f"{c:>22s}" for c in cells[:len(sets)])
              + "".join(f"{c:>15s}" for c in cells[len(sets):]), flush=True)


def main() -> int:
    what = sys.argv[1] if len(sys.argv) > 1 else "vectors"
    if what == "widen":
        later = (load_round3_dev_cases() + load_round4_dev_cases() + load_round_dev_cases(5)
                 + load_round_dev_cases(6) + load_round_dev_cases(7))
        report({"shipped": SHIPPED, "regenerated, same sources": widened([]), "widened: + dev3-dev7": widened(later)})
    else:
        prefilter = "--prefilter" in sys.argv
        points = {"shipped": SHIPPED}
        for score, margin in ((0.6, 0.1), (0.7, 0.1), (0.75, 0.15), (0.75, 0.2), (0.8, 0.1), (0.8, 0.2), (0.85, 0.2)):
            points[f"+ vectors T{score} M{margin}"] = VectorCheck(score, margin, prefilter)
        report(points)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
