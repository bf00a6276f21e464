"""Train the safety layer's learned second opinion (guide/safety/model.py) and measure it across writers.

    .venv/bin/python scripts/train_safety_model.py            # write guide/safety/model.bin
    .venv/bin/python scripts/train_safety_model.py --cv       # leave-one-writer-out table, nothing written
    .venv/bin/python scripts/train_safety_model.py --check    # rebuild in memory, compare with the shipped file

Data (labelled messages only; the runtime never reads them):

- every ``cases:`` file tests/data/safety*.yaml, the shared crisis cases and tests/data/safety_cases.yaml:
  expect safety -> risk, expect answer -> not risk ("either" left out);
- the flow sets tests/data/safety_flow*.yaml: the first message of each conversation (a disclosure:
  check-in, mixed, follow-up sections), present danger said plainly, first-person figures -> risk;
  other domains' messages -> not risk. The follow-ups themselves are left out: their meaning is the
  disclosure's;
- the reader questions of benchmarks/data (reader_*.yaml, */questions.yaml) -> not risk.

tests/data/safety_flow_blind17.yaml is never read by this script (a blind set scored once for judging round 17, a
development set of round 18 whose rules are written for its kinds, never trained on), nor are
safety_flow_blind19.yaml (scored once for judging round 20), safety_flow_blind20.yaml (scored once for judging
round 21), safety_flow_blind21.yaml (written after round 22) and safety_flow_blind22.yaml (written after round 23),
both scored once. blind11 to blind16, kept out in
rounds 12 to 17, have been read as development sets since their first scores, and are trained on and
cross-validated each as its own writer's fold; so is blind18 (scored once for judging round 19, then round 20's
development set).

The second model (other person) learns, among risk messages, which are danger from someone else
(violence, coercion, assault), from the sets' categories (or the rules' category for flow disclosures).

Training: full-batch Adam on the logistic loss with L2, a fixed number of steps, no randomness at all;
numpy (the bench extra) does the sums, without matrix products (BLAS may sum across threads in a different
order each run). The weights are stored as int16 with one scale, so the file is the same bytes on every
rebuild with the same data, code and numpy (``--check``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # no threaded BLAS: sums in one fixed order
import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guide.matching import wordtable  # noqa: E402
from guide.safety import model as learned  # noqa: E402
from guide.safety.detector import _assess, model_inputs  # noqa: E402
from guide.safety.rules import default_rules  # noqa: E402
from guide.safety.similar import default_similar  # noqa: E402

DATA = ROOT / "tests" / "data"
SHARED_CASES = ROOT.parent / "shared" / "data" / "crisis_cases.yaml"
CLINC = ROOT.parent / "shared" / "data" / "clinc150" / "clinc150_train_val.json"
CLINC_PER_INTENT = 10  # the first ten training requests of each intent, as the similarity check's exemplars
# kept blind for judging the round: never read (blind16, read as a development set since its first score in round 17,
# is trained on and cross-validated as its writer's fold since round 18; blind18, scored once by the lead after
# round 19, since round 20); blind19, blind20 and blind21, scored once by the lead after rounds 20, 21 and 22, are
# never trained on
NEVER = frozenset((
    "safety_flow_blind17.yaml", "safety_flow_blind19.yaml", "safety_flow_blind20.yaml", "safety_flow_blind21.yaml",
    "safety_flow_blind22.yaml",
))
# not trained on: round 19's look-alike set checks the rules' exceptions; trained on, the model lost a blind17
# conversation (mixed 3 -> 2/15, a set never trained on) and a fa19 risk message it caught, for one blind10 case
# (docs/safety-rules.md, "Round 19: false alarms")
NOT_TRAINED = frozenset(("safety_round19_fa.yaml",))
BITS = 16
STEPS = 300
LEARNING_RATE = 0.05
L2 = 1e-4
# chosen by the leave-one-writer-out table (docs/safety-rules.md, "Round 12"): the threshold at which no held-out
# set and no reader-question fold gains a false alarm (0.95 did not in the reader folds, but made an everyday
# anxious statement, "I keep thinking about what he said and whether he still loves me.", a disclosure)
SETTINGS = learned.Settings(tier2=0.97, question=0.97, tier1=0.97, other=0.5)

OTHER_CATEGORIES = frozenset(("coercion", "dv", "domestic_violence", "immediate_dv", "immediate_danger_dv",
                              "sa_current", "sa_past", "sexual_assault", "sexual_assault_current",
                              "sexual_assault_past"))
OTHER_RULE_CATEGORIES = frozenset(("domestic_violence", "immediate_danger_dv", "coercion", "sexual_assault"))

# Each of these was written by its own writer, blind to the rules of its time: one fold each.
WRITER_SETS = tuple(
    [f"safety_flow_blind{n}.yaml" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18)]
    + ["safety_blind.yaml", "safety_holdout.yaml", "safety_round3_blind.yaml", "safety_round9_probe.yaml",
       "safety_round10_probe.yaml", "safety_round11_probe.yaml", "safety_bereavement_probe.yaml"])


class Example:
    __slots__ = ("asked", "asks", "dense", "group", "hashed", "other", "reached", "risk", "rules_tier", "text")

    def __init__(self, text: str, risk: int, other: int | None, group: str) -> None:
        self.text, self.risk, self.other, self.group = text, risk, other, group


def _q_texts(node: object, out: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "q" and isinstance(value, str):
                out.append(value)
            else:
                _q_texts(value, out)
    elif isinstance(node, list):
        for value in node:
            _q_texts(value, out)


def load_examples() -> list[Example]:
    rules, similar = default_rules(), default_similar()
    out: list[Example] = []
    files = sorted(p for p in DATA.glob("safety*.yaml") if p.name not in NEVER | NOT_TRAINED)
    sources = [(p, p.name) for p in files]
    if SHARED_CASES.is_file():
        sources.append((SHARED_CASES, "crisis_cases.yaml"))
    for path, name in sources:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "cases" in data:
            for raw in data["cases"]:
                if raw["expect"] not in ("safety", "answer"):
                    continue
                risk = int(raw["expect"] == "safety")
                kind = str(raw.get("category") or raw.get("kind") or "")
                other = int(kind in OTHER_CATEGORIES) if risk else None
                out.append(Example(raw["text"], risk, other, name))
            continue
        for section, items in data.items():
            for item in items or ():
                if section == "out_of_domain":
                    risk = int(item["expect"] != "no_safety")
                    out.append(Example(item["text"], risk, 0 if risk else None, name))
                elif section == "present_danger":
                    out.append(Example(item["text"], 1, int(item.get("category") == "immediate_dv"), name))
                elif "first" in item:
                    # the category the rules give (without the model: a label must not depend on the model it
                    # trains, or a rebuild would not give the same bytes)
                    cat = _assess(item["first"], rules, None, similar, None).category
                    other = int(cat in OTHER_RULE_CATEGORIES) if cat else None
                    out.append(Example(item["first"], 1, other, name))
    bench = ROOT / "benchmarks" / "data"
    for path in sorted(bench.glob("reader_*.yaml")) + sorted(bench.glob("*/questions.yaml")):
        texts: list[str] = []
        _q_texts(yaml.safe_load(path.read_text(encoding="utf-8")), texts)
        name = f"reader:{path.parent.name if path.name == 'questions.yaml' else path.stem}"
        out.extend(Example(t, 0, None, name) for t in texts)
    for text in clinc_training():
        out.append(Example(text, 0, None, "clinc:train"))
    return out


def clinc_training() -> list[str]:
    """The first CLINC_PER_INTENT training requests of each CLINC150 intent ([] without CLINC150)."""
    return clinc_split()[0]


def clinc_split() -> tuple[list[str], list[str]]:
    """CLINC150's requests: those used for training, and all the others (never trained on)."""
    if not CLINC.is_file():
        return [], []
    import json

    data = json.loads(CLINC.read_text(encoding="utf-8"))
    seen: dict[str, int] = defaultdict(int)
    used, rest = [], []
    for text, intent in data["train"]:
        seen[intent] += 1
        (used if seen[intent] <= CLINC_PER_INTENT else rest).append(text)
    rest += [text for split, items in data.items() if split != "train" for text, _ in items]
    return used, rest


class _Probe(learned.Model):
    """A model that records what the detector would give it, and says nothing."""

    def __init__(self, bits: int, dims: int) -> None:
        super().__init__(bits, dims, [], SETTINGS)
        self.seen = False
        self.inputs: tuple = ()

    def probabilities_of(self, toks, signals, parts, question) -> tuple[float, float]:
        self.seen = True
        self.inputs = (list(toks), frozenset(signals), tuple(parts), question)
        return 0.0, 0.0


def featurize(examples: list[Example]) -> None:
    """Features of every example, and what the rules alone decide (and whether the model is asked)."""
    rules, similar = default_rules(), default_similar()
    words = wordtable.table()
    dims = words.dims if words else 64  # the word vectors' length, whatever the table's (none: zeros)
    for ex in examples:
        probe = _Probe(BITS, dims)
        a = _assess(ex.text, rules, None, similar, probe)
        ex.rules_tier = a.tier
        ex.reached = probe.seen
        toks = rules.normalizer.tokens(ex.text)
        signals, parts, question = model_inputs(rules, toks, ex.text)
        f = learned.features(toks, signals, parts, question, BITS, dims)
        ex.hashed, ex.dense = f.hashed, f.dense
        ex.asks = question
        # what the detector asks the model about: the message, or the words no exception covers (round 20)
        ex.asked = f if not probe.seen or probe.inputs[0] == toks else learned.features(*probe.inputs, BITS, dims)


def _matrix(examples: list[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rows, cols, vals = [], [], []
    for r, ex in enumerate(examples):
        for b, v in sorted(ex.hashed.items()):
            rows.append(r)
            cols.append(b)
            vals.append(v)
    dense = np.array([ex.dense for ex in examples], dtype=np.float64)
    return np.array(rows), np.array(cols), np.array(vals, dtype=np.float64), dense


def train_one(examples: list[Example], labels: list[int]) -> np.ndarray:
    """Logistic regression, full-batch Adam, L2; deterministic."""
    size = 1 << BITS
    rows, cols, vals, dense = _matrix(examples)
    y = np.array(labels, dtype=np.float64)
    n = len(examples)
    pos = y.sum()
    weight = np.where(y == 1, n / (2 * max(pos, 1)), n / (2 * max(n - pos, 1)))  # balanced classes
    w = np.zeros(size + dense.shape[1])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, STEPS + 1):
        # element-wise products and numpy's own sums, never a matrix product: BLAS may split a sum across
        # threads in a different order from run to run, and the file must come out the same bytes
        z = np.bincount(rows, weights=vals * w[cols], minlength=n) + (dense * w[size:]).sum(axis=1)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g_row = (p - y) * weight / n
        grad = np.empty_like(w)
        grad[:size] = np.bincount(cols, weights=vals * g_row[rows], minlength=size)
        grad[size:] = (dense * g_row[:, None]).sum(axis=0)
        grad += L2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= LEARNING_RATE * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    return w


def train(examples: list[Example], settings: learned.Settings = SETTINGS) -> learned.Model:
    risk_w = train_one(examples, [ex.risk for ex in examples])
    others = [ex for ex in examples if ex.risk and ex.other is not None]
    other_w = train_one(others, [ex.other for ex in others])
    return learned.Model(BITS, 64, [risk_w.tolist(), other_w.tolist()], settings)


def _dedupe_key(text: str) -> str:
    return " ".join(text.lower().split())


DUMP: list[dict] = []  # filled by --dump: every held-out message's score, for reading the misses
THRESHOLDS = (0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97)
VARIANTS = ("one threshold", f"questions at {SETTINGS.question}")


def _fires(ex: Example, score: float, t: float, variant: str) -> bool:
    if variant == VARIANTS[1] and ex.asks:
        return score >= max(t, SETTINGS.question)
    return score >= t


def cross_validate(examples: list[Example]) -> dict[str, learned.Model]:
    """Leave one writer's set out, train on the rest, score it: rules alone, and rules + model per threshold."""
    folds = [g for g in WRITER_SETS if any(ex.group == g for ex in examples)]
    folds += sorted({ex.group for ex in examples if ex.group.startswith("reader:")})
    totals = {v: defaultdict(lambda: [0, 0]) for v in VARIANTS}  # variant -> threshold -> caught, alarms
    rules_total = [0, 0, 0, 0]
    models: dict[str, learned.Model] = {}
    head = " ".join(f"{t:>5}" for t in THRESHOLDS)
    print(f"\nrecall of risk / false alarms on the quiet, rules alone and rules + model at each threshold "
          f"(variant: {VARIANTS[1]})")
    print(f"{'held-out set':34s} {'risk':>5s} {'rules':>5s} {head} | {'quiet':>5s} {'rules':>5s} {head}")
    for fold in folds:
        held = [ex for ex in examples if ex.group == fold]
        held_keys = {_dedupe_key(ex.text) for ex in held}
        train_set = [ex for ex in examples if ex.group != fold and _dedupe_key(ex.text) not in held_keys]
        model = models[fold] = train(train_set)
        risk = [ex for ex in held if ex.risk]
        quiet = [ex for ex in held if not ex.risk]
        scores = {id(ex): model.probabilities(ex.asked)[0]
                  for ex in held if ex.reached and not ex.rules_tier}
        if DUMP:
            DUMP.extend({"group": fold, "text": ex.text, "risk": ex.risk, "rules_tier": ex.rules_tier,
                         "score": scores.get(id(ex)), "asks": ex.asks} for ex in held)
        caught_rules = sum(1 for ex in risk if ex.rules_tier)
        fa_rules = sum(1 for ex in quiet if ex.rules_tier)
        row: dict[str, tuple[list[int], list[int]]] = {}
        for variant in VARIANTS:
            caught, alarms = [], []
            for t in THRESHOLDS:
                c = caught_rules + sum(1 for ex in risk if id(ex) in scores and _fires(ex, scores[id(ex)], t, variant))
                a = fa_rules + sum(1 for ex in quiet if id(ex) in scores and _fires(ex, scores[id(ex)], t, variant))
                caught.append(c)
                alarms.append(a)
                totals[variant][t][0] += c
                totals[variant][t][1] += a
            row[variant] = (caught, alarms)
        rules_total = [rules_total[0] + caught_rules, rules_total[1] + len(risk), rules_total[2] + fa_rules,
                       rules_total[3] + len(quiet)]
        caught, alarms = row[VARIANTS[1]]
        print(f"{fold:34s} {len(risk):5d} {caught_rules:5d} " + " ".join(f"{c:5d}" for c in caught)
              + f" | {len(quiet):5d} {fa_rules:5d} " + " ".join(f"{a:5d}" for a in alarms), flush=True)
    r = rules_total
    for variant in VARIANTS:
        t = totals[variant]
        print(f"{'all (' + variant + ')':34s} {r[1]:5d} {r[0]:5d} " + " ".join(f"{t[x][0]:5d}" for x in THRESHOLDS)
              + f" | {r[3]:5d} {r[2]:5d} " + " ".join(f"{t[x][1]:5d}" for x in THRESHOLDS))
    return models


def clinc_report(model: learned.Model) -> None:
    """False alarms on the CLINC150 requests never trained on (the model trained on every set)."""

    _, rest = clinc_split()
    if not rest:
        return
    rules, similar = default_rules(), default_similar()
    fired_rules = 0
    by = {v: defaultdict(int) for v in VARIANTS}
    for text in rest:
        probe = _Probe(BITS, 64)
        a = _assess(text, rules, None, similar, probe)
        if a.tier:
            fired_rules += 1
            continue
        if not probe.seen:
            continue
        toks = rules.normalizer.tokens(text)
        if probe.inputs[0] == toks:
            signals, parts, question = model_inputs(rules, toks, text)
        else:  # the words no exception covers, as the detector asks (round 20)
            toks, signals, parts, question = probe.inputs
        score = model.probabilities_of(toks, signals, parts, question)[0]
        for variant in VARIANTS:
            for t in THRESHOLDS:
                if score >= (max(t, SETTINGS.question) if variant == VARIANTS[1] and question else t):
                    by[variant][t] += 1
        if score >= 0.9:
            print(f"  CLINC150 {score:.3f} {text!r}")
    print(f"\nCLINC150 requests never trained on ({len(rest)}): rules alone {fired_rules} false alarms; + model:")
    for variant in VARIANTS:
        print(f"  {variant:28s} " + " ".join(f"@{t}: {fired_rules + by[variant][t]}" for t in THRESHOLDS))


def flow_report(examples: list[Example], models: dict[str, learned.Model], settings: learned.Settings) -> None:
    """Each flow set graded as conversations, with the model trained without it (at *settings*)."""
    from guide.conversation import Engine, Session
    from guide.dialog.loader import load_guide
    from guide.paths import BUNDLED_GUIDE
    from guide.safety.conversations import grade, load_flow_cases

    engine = Engine.build(load_guide(BUNDLED_GUIDE).guide)
    original = learned.default_model
    print(f"\nflow sets as conversations (passed), model trained without the set, settings {tuple(settings)}")
    try:
        for fold, model in models.items():
            if not fold.startswith("safety_flow_"):
                continue
            cases = load_flow_cases(DATA / fold)
            row = []
            for with_model in (False, True):
                chosen = learned.Model(model.bits, model.dims, model.weights, settings) if with_model else None
                learned.default_model = lambda chosen=chosen: chosen
                passed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
                for case in cases:
                    key = case.section if case.section != "out_of_domain" else f"out_of_domain/{case.expect}"
                    out = grade(case, lambda: Session(engine))
                    passed[key][0] += out.passed
                    passed[key][1] += 1
                row.append(passed)
            keys = sorted(row[0])
            print(f"{fold:28s} rules {sum(v[0] for v in row[0].values()):3d} -> with model "
                  f"{sum(v[0] for v in row[1].values()):3d} of {len(cases)}; "
                  + ", ".join(f"{k} {row[0][k][0]}->{row[1][k][0]}/{row[0][k][1]}" for k in keys), flush=True)
    finally:
        learned.default_model = original


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cv", action="store_true", help="leave-one-writer-out cross-validation; writes nothing")
    parser.add_argument("--dump", type=Path, help="with --cv: write every held-out message's score (JSON)")
    parser.add_argument("--no-flow", action="store_true", help="with --cv: skip grading the flow sets")
    parser.add_argument("--flow-only", action="store_true",
                        help="train without each flow set in turn and grade it as conversations (no table)")
    parser.add_argument("--check", action="store_true", help="rebuild in memory and compare with the shipped file")
    args = parser.parse_args()
    examples = load_examples()
    featurize(examples)
    print(f"{len(examples)} messages: {sum(ex.risk for ex in examples)} risk, "
          f"{sum(1 - ex.risk for ex in examples)} not", flush=True)
    if args.flow_only:
        models = {}
        for fold in WRITER_SETS:
            if fold.startswith("safety_flow_") and any(ex.group == fold for ex in examples):
                keys = {_dedupe_key(ex.text) for ex in examples if ex.group == fold}
                models[fold] = train([ex for ex in examples if ex.group != fold and _dedupe_key(ex.text) not in keys])
        flow_report(examples, models, SETTINGS)
        return 0
    if args.cv:
        if args.dump:
            DUMP.append({"group": "", "text": "", "risk": 0, "rules_tier": 0, "score": None, "asks": False})
        models = cross_validate(examples)
        clinc_report(train(examples))
        if args.dump:
            import json

            args.dump.write_text(json.dumps(DUMP[1:], indent=0), encoding="utf-8")
        if not args.no_flow:
            flow_report(examples, models, SETTINGS)
        return 0
    data = train(examples).to_bytes()
    if args.check:
        same = learned.MODEL_PATH.is_file() and learned.MODEL_PATH.read_bytes() == data
        print("the shipped model is " + ("identical" if same else "DIFFERENT"))
        return 0 if same else 1
    from guide.authoring.files import write_atomic

    write_atomic(learned.MODEL_PATH, data, overwrite=True)
    print(f"wrote {learned.MODEL_PATH} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
