"""Safety-layer benchmark: recall, false alarms, misses, cost per message, rule load time.

Run from the repository root:

    .venv/bin/python benchmarks/safety.py            # the report
    .venv/bin/python benchmarks/safety.py --rounds 50
    .venv/bin/python benchmarks/safety.py --spelling-audit   # needs `pip install wordfreq`

Cases: the shared crisis cases (../shared/data/crisis_cases.yaml next to the repository;
override with GUIDE_CRISIS_CASES) and tests/data/safety_cases.yaml (together: "older"),
then, as separate rows, tests/data/safety_dev.yaml (fresh messages the rules are tuned
on) and tests/data/safety_holdout.yaml (fresh messages never tuned on: the honest
number for phrasings nobody wrote a rule for), then the round-3 sets:
tests/data/safety_round3_dev.yaml ("dev3", tuned on) and tests/data/safety_round3_blind.yaml
("blind3", scored once before the round-3 rules, never tuned on, never exemplars). Round 4:
tests/data/safety_round4_dev.yaml ("dev4": fresh messages for the round-4 word classes, each
batch scored before its rules, then tuned on; its known misses are listed in the generalization
test). Round 5: tests/data/safety_round5_dev.yaml ("dev5": fresh messages for the round-5
families, each batch scored before its rules, then tuned on; it must pass); rounds 6, 7 and 8
likewise: tests/data/safety_round6_dev.yaml ("dev6"), tests/data/safety_round7_dev.yaml ("dev7")
and tests/data/safety_round8_dev.yaml ("dev8"); round 9: tests/data/safety_round9_dev.yaml ("dev9": present
danger said plainly, for the compositional check of guide/safety/present.py) and
tests/data/safety_round9_probe.yaml ("probe9": written after the round-9 rules, scored once: 24/30
caught, 2/30 false alarms, both from older rules; never tuned on). The bereavement reading: tests/data/
safety_bereavement_dev.yaml ("bereave", tuned on) and tests/data/safety_bereavement_probe.yaml
("bprobe", written after its rules and scored once). Round 10:
tests/data/safety_round10_dev.yaml ("dev10": present danger in new wordings and everyday near-misses,
scored on main first: 24/60 caught, 7/60 false alarms) and tests/data/safety_round10_probe.yaml
("probe10": written after the round-10 word classes, scored once: 20/30 caught, 4/30 false alarms;
never tuned on). Round 11: tests/data/safety_round11_dev.yaml ("dev11": first disclosures told
indirectly and everyday near-misses, scored on main first: 5/54 caught, 2/51 false alarms) and
tests/data/safety_round11_probe.yaml ("probe11": written after the round-11 rules, scored once: 5/25
caught, 4 at the tier asked for, 1/25 false alarms from an older rule; never tuned on). Round 15:
tests/data/safety_round15_dev.yaml ("dev15": someone else's medical emergency and the ordinary
mentions that share its words, first disclosures in other languages, old false alarms; each batch
scored on the round-14 rules first, the scores in docs/safety-rules.md, "Round 15"). Round 19:
tests/data/safety_round19_fa.yaml ("fa19": everyday look-alikes of risk messages, cars, views from a
height, who gets what in a divorce, trash talk at a game, a pool's boards, and risk messages of the same
kinds; scored on main first: 28/30 caught, 12/60 false alarms).
Recall is over the cases that must
trigger (expect: safety), the false-alarm rate over the cases that must not (expect:
answer); "either" cases are reported with their preferred behaviour. A case "passes"
when every check of guide/safety/cases.py holds (tier, first resource, ...); for the dev
and held-out sets that is expect plus the tier the policy asks for.
When ../shared/data/clinc150/ is there, its 18,200 everyday requests (no crisis content)
give a second false-alarm rate and a larger timing sample.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guide.safety import assess  # noqa: E402
from guide.safety.cases import (  # noqa: E402
    Case,
    load_dev_cases,
    load_holdout_cases,
    load_own_cases,
    load_round3_blind_cases,
    load_round3_dev_cases,
    load_round4_dev_cases,
    load_round_dev_cases,
    load_set,
    load_shared_cases,
    problems,
)
from guide.safety.rules import RULES_PATH, load_rules  # noqa: E402

CLINC = ROOT.parent / "shared" / "data" / "clinc150" / "clinc150_train_val.json"


def rate(n: int, d: int) -> str:
    return f"{n}/{d} = {100 * n / d:.1f}%" if d else "n/a"


def accuracy_report(older: list[Case], dev: list[Case], holdout: list[Case],
                    blind: list[Case] = (), more: dict[str, list[Case]] | None = None) -> None:
    by_source: dict[str, list[Case]] = {"older": older}
    for c in older:
        by_source.setdefault(c.source, []).append(c)
    if dev:
        by_source["dev"] = dev
    if holdout:
        by_source["holdout"] = holdout
    if blind:
        by_source["blind"] = list(blind)
    for name, group in (more or {}).items():
        if group:
            by_source[name] = group
    print("== accuracy (assess: the rules, and the similarity check where no rule matched) ==")
    print(f"{'source':8} {'cases':>5}  {'recall (must trigger)':>24}  {'false alarms (must not)':>24}"
          f"  {'either: preferred':>18}  {'all checks pass':>18}")
    results: dict[int, object] = {}
    for source, group in by_source.items():
        trig = [c for c in group if c.must_trigger]
        quiet = [c for c in group if c.must_not_trigger]
        either = [c for c in group if c.expect == "either"]
        for c in group:
            if id(c) not in results:
                results[id(c)] = assess(c.text)
        caught = sum(1 for c in trig if results[id(c)].tier >= 1)
        alarms = sum(1 for c in quiet if results[id(c)].tier >= 1)
        preferred = sum(1 for c in either if not problems(c, results[id(c)]))
        passing = sum(1 for c in group if not problems(c, results[id(c)]))
        print(f"{source:8} {len(group):>5}  {rate(caught, len(trig)):>24}  {rate(alarms, len(quiet)):>24}"
              f"  {rate(preferred, len(either)):>18}  {rate(passing, len(group)):>18}")
    print()
    print("== older cases it gets wrong ==")
    wrong = [(c, problems(c, results[id(c)])) for c in older if problems(c, results[id(c)])]
    if not wrong:
        print("none")
    for c, found in wrong:
        print(f"[{c.source}/{c.expect}] {c.text!r}: {'; '.join(found)}")
    print()
    for name, group in (("dev", dev), ("holdout", holdout), ("blind", list(blind)),
                        *(more or {}).items()):
        if not group:
            continue
        print(f"== {name}: misses, false alarms, other tier ==")
        for c in group:
            a = results[id(c)]
            if c.must_trigger and a.tier == 0:
                print(f"  miss         [{c.kind}] {c.text!r}")
        for c in group:
            a = results[id(c)]
            if c.must_not_trigger and a.tier:
                print(f"  false alarm  [{c.kind}] {c.text!r} -> tier {a.tier} {a.category}")
        for c in group:
            a = results[id(c)]
            if a.tier and "tier" in c.checks and a.tier != c.checks["tier"]:
                print(f"  tier {a.tier} not {c.checks['tier']} [{c.kind}] {c.text!r} ({a.category})")
        print()


def clinc_report() -> list[str]:
    if not CLINC.is_file():
        print(f"(no CLINC150 at {CLINC}: skipped)\n")
        return []
    data = json.loads(CLINC.read_text())
    texts = [t for split in data.values() for t, _ in split]
    fired = [t for t in texts if assess(t).tier]
    print("== everyday requests (CLINC150 train+val+oos, no crisis content) ==")
    print(f"false alarms: {rate(len(fired), len(texts))}")
    for t in fired[:10]:
        print(f"  {t!r} -> {assess(t).category}")
    print()
    return texts


READER_QUESTIONS = ROOT / "benchmarks" / "data"


def reader_texts() -> list[str]:
    """On-topic reader questions (benchmarks/data/reader_*.yaml, written for the matching
    benchmark): the false alarms that would cost an answer on the article's own topics."""
    import yaml

    texts: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "q" and isinstance(value, str):
                    texts.append(value)
                else:
                    collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for path in sorted(READER_QUESTIONS.glob("reader_*.yaml")):
        collect(yaml.safe_load(path.read_text()))
    return texts


def reader_report() -> None:
    texts = reader_texts()
    if not texts:
        return
    fired = [t for t in texts if assess(t).tier]
    print("== reader questions (benchmarks/data/reader_*.yaml, on-topic, no crisis content) ==")
    print(f"false alarms: {rate(len(fired), len(texts))}")
    for t in fired[:10]:
        print(f"  {t!r} -> {assess(t).category}")
    print()


OTHER_GUIDES = ROOT / "benchmarks" / "data"


def other_guides_report() -> None:
    """False alarms on the questions of guides about other texts (history, civics): a
    crisis reply to "were they ready to die for independence" is the failure to avoid."""
    import yaml

    rows = []
    for pattern in ("*/questions.yaml", "*/long_dev.yaml"):
        for path in sorted(OTHER_GUIDES.glob(pattern)):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            items = [item for value in (data.values() if isinstance(data, dict) else [data])
                     for item in (value if isinstance(value, list) else [])]
            texts = [item["q"] for item in items if isinstance(item, dict) and "q" in item]
            fired = [t for t in texts if assess(t).tier]
            name = path.parent.name if path.name == "questions.yaml" else f"{path.parent.name} (long_dev)"
            rows.append((name, texts, fired))
    if not rows:
        return
    print("== other guides' reader questions (benchmarks/data/*/questions.yaml, and the long personal messages of "
          "*/long_dev.yaml, no crisis content) ==")
    for name, texts, fired in rows:
        print(f"{name:40s} false alarms: {rate(len(fired), len(texts))}")
        for t in fired[:5]:
            print(f"  {t!r} -> {assess(t).category}")
    print()


FLOW_SETS = {"dev": "safety_flow_dev.yaml", "blind": "safety_flow_blind.yaml",
             "blind2": "safety_flow_blind2.yaml", "blind3": "safety_flow_blind3.yaml",
             "dev5": "safety_flow_dev5.yaml", "blind4": "safety_flow_blind4.yaml",
             "blind5": "safety_flow_blind5.yaml", "blind6": "safety_flow_blind6.yaml",
             "dev8": "safety_flow_dev8.yaml", "blind7": "safety_flow_blind7.yaml",
             "blind8": "safety_flow_blind8.yaml", "blind9": "safety_flow_blind9.yaml",
             "blind10": "safety_flow_blind10.yaml", "blind11": "safety_flow_blind11.yaml",
             "blind12": "safety_flow_blind12.yaml", "blind13": "safety_flow_blind13.yaml",
             "dev14": "safety_flow_dev14.yaml", "blind14": "safety_flow_blind14.yaml",
             "dev15": "safety_flow_dev15.yaml", "blind15": "safety_flow_blind15.yaml",
             "blind16": "safety_flow_blind16.yaml",
             "blind17": "safety_flow_blind17.yaml",
             "blind18": "safety_flow_blind18.yaml",
             "blind19": "safety_flow_blind19.yaml",
             "blind20": "safety_flow_blind20.yaml",
             "blind21": "safety_flow_blind21.yaml",
             "blind22": "safety_flow_blind22.yaml"}

# blind sets scored but not yet read by any round: their totals are printed, their messages are not
MISSES_UNREAD = frozenset(("blind21", "blind22"))


def flow_report() -> None:
    """The safety flow in conversations (guide/safety/flow.py): per section, per set."""
    from collections import Counter

    from guide.conversation import Engine, Session
    from guide.dialog.loader import load_guide
    from guide.paths import BUNDLED_GUIDE
    from guide.safety.conversations import grade, load_flow_cases

    engine = Engine.build(load_guide(BUNDLED_GUIDE).guide)
    results: dict[str, tuple[Counter, Counter, list]] = {}
    for name, filename in FLOW_SETS.items():
        path = ROOT / "tests" / "data" / filename
        if not path.is_file():
            continue
        total, passed, misses = Counter(), Counter(), []
        for case in load_flow_cases(path):
            key = case.label if case.section != "out_of_domain" else \
                f"out_of_domain/{'first_person' if case.expect == 'safety' else 'no_safety'}"
            outcome = grade(case, lambda: Session(engine))
            total[key] += 1
            passed[key] += outcome.passed
            if not outcome.passed:
                misses.append((key, case.turns, outcome.why))
        results[name] = (total, passed, misses)
    if not results:
        return
    print("== the safety flow in conversations (tests/data/safety_flow_*.yaml) ==")
    print("all of these are development sets now: blind was scored once before any rule for it "
          "(191/256 = 74.6%), blind2 once after the rules were improved on dev and blind (163/284 = 57.4%), "
          "before round 4; blind3 once on the round-4 rules (246/310 = 79.4%), then became a development set "
          "for round 5 (its misses read, rules written for their families), so none of them measures "
          "generalization any more; dev5 holds fresh conversations written for round 5's families, each batch "
          "scored before its rules. blind4 was written blind to the rules while round 5 was being built and "
          "scored once on the round-5 rules: 225/320 = 70.3% (check-in 'no' 15/35, present danger 28/50, "
          "danger details 23/35, distress through a figure 9/30), then became the development set for "
          "round 6 (its misses read, rules written for their families, fresh single messages for each in "
          "tests/data/safety_round6_dev.yaml): it no longer measures generalization either. blind5 was "
          "written blind to the rules after round 6 and scored once on the round-6 rules: 140/200 = 70.0% "
          "(check-in 'no' 7/22, mostly first disclosures the rules miss; distress through a figure 5/20; "
          "present danger 25/30; other domains 48/50 quiet), then became the development set for round 7 (its "
          "misses read, families written for their kinds and checked first on fresh single messages in "
          "tests/data/safety_round7_dev.yaml): it no longer measures generalization either. blind6 was "
          "written blind to the rules during round 7 and scored once on the round-7 rules: 145/200 = 72.5% "
          "(check-in 'no' 8/22, 'not sure' 6/12, present danger 20/30, danger details 19/24, distress through "
          "a figure 7/20, mixed 11/15, other domains 50/50 quiet), then became the development set for "
          "round 8 (families for its kinds written and scored first on fresh messages, "
          "tests/data/safety_round8_dev.yaml and safety_flow_dev8.yaml): it no longer measures "
          "generalization either. blind7 was written blind to the rules during round 8 (its author saw one "
          "commit message naming six blind6 situations, none of whose wordings it uses) and scored once on "
          "the round-8 rules: 119/200 = 59.5% (present danger said plainly 4/30: an overdose begun, oven "
          "cleaner drunk, a revolver in the lap, someone in the house; check-in 'no' 10/22, mixed 8/15, "
          "danger details 15/24, distress through a figure 13/20, other domains 49/50 quiet): the honest "
          "measure of rounds 1-8. blind8 was written blind to the rules during round 9 (its author saw "
          "no git history) and scored once on the round-9 rules: 122/200 = 61.0% (119/200 on the round-8 "
          "rules; present danger said plainly 15/30, check-in 'no' 6/22, danger details 11/24, distress "
          "through a figure 14/20, mixed 8/15, other domains 46/50 quiet): the honest measure of rounds 1-9; it "
          "was the development set of round 10. blind9 was written blind to the rules during round 10 and "
          "scored once on the round-10 rules: 143/200 = 71.5% (136/200 on the round-9 rules; present danger "
          "said plainly 21/30, check-in 'no' 11/22, danger details 16/24, distress through a figure 12/20, "
          "mixed 7/15, other domains 49/50 quiet): the honest measure of rounds 1-10; it was a development "
          "set of round 11 (with blind8). blind10 was written blind to the rules during round 11 and scored "
          "once on the round-11 rules: 141/200 = 70.5% (136/200 on the round-10 rules; present danger said "
          "plainly 24/30, check-in 'no' 9/22, danger details 15/24, distress through a figure 10/20, mixed "
          "7/15, other domains 50/50 quiet): the honest measure of rounds 1-11. blind11 was written blind to "
          "the rules during round 12 (the learned second opinion) and scored once on the round-12 rules: "
          "144/200 = 72.0% (139/200 on the round-11 rules; present danger said plainly 24/30, check-in 'no' "
          "13/22, danger details 15/24, distress through a figure 14/20, mixed 4/15, other domains 48/50 "
          "quiet): the honest measure of rounds 1-12. blind12 was written blind to the rules after round 12 "
          "and scored once on the round-12 rules: 141/200 = 70.5% (present danger said plainly 20/30, "
          "check-in 'no' 11/22, 'not sure' 4/12, danger details 13/24, distress through a figure 16/20, mixed "
          "6/15, other domains 48/50 quiet): the honest measure of rounds 1-12 by a second writer; blind11 and "
          "blind12 were the development sets of round 13 (173/200 on blind12 after it, 153 with the rules "
          "alone). blind13 was written blind to the rules after round 13 and scored once on the round-13 "
          "rules and model: 150/200 = 75.0% (present danger said plainly 19/30, check-in 'no' 11/22, 'not "
          "sure' 10/12, danger details 18/24, distress through a figure 16/20, mixed 5/15, other domains "
          "49/50 quiet): the honest measure of rounds 1-13 by a third writer; trained on since round 15. blind12 and "
          "blind13 were the development sets of round 14 (188/200 on blind13 after it, 174 with the rules alone; "
          "192/200 on blind12, trained on since), with dev14: fresh conversations for round 14's details of "
          "danger told by a sign, and everyday follow-ups after a disclosure that must not get the emergency "
          "number first (followups/everyday). blind14 was written blind to the rules after round 14 and scored "
          "once on the round-14 rules and model: 129/200 = 64.5% (120 with the rules alone; present danger said "
          "plainly 13/30, check-in 'no' 12/22, 'not sure' 5/12, danger details 11/24, distress through a figure "
          "13/20, mixed 4/15, other domains 48/50 quiet): the honest measure of rounds 1-14 by a fourth writer; it "
          "is never trained on. blind13 and blind14 were the development sets of round 15 (192/200 on blind14 after "
          "it, 181 with the rules alone; 190/200 on blind13, trained on since), with dev15: fresh conversations for "
          "round 15's follow-ups about someone else in danger now, and everyday follow-ups about them that must not "
          "get the emergency number first. blind15 was written blind to the rules after round 15 and scored once on "
          "the round-15 rules and model: 135/200 = 67.5% (116 with the rules alone; present danger said plainly "
          "20/30, check-in 'no' 11/22, 'not sure' 6/12, something else 3/9, danger details 16/24, distress through a "
          "figure 9/20, mixed 5/15, other domains 50/50 quiet): the honest measure of rounds 1-15 by a fifth writer; "
          "it is never trained on. blind14 and blind15 were the development sets of round 16 (170/200 on blind15 "
          "after it, 146 with the rules alone; 193/200 on blind14, trained on since; blind15 trained on since round "
          "17). blind16 was written blind to the rules after round 16 and scored once on the round-16 rules and "
          "model: 111/200 = 55.5% (107 with the rules alone; present danger said plainly 14/30, check-in 'no' "
          "9/22, 'not sure' 2/12, 'safe' 6/12, danger details 8/24, careful follow-ups 3/6, distress through a "
          "figure 10/20, mixed 3/15, other domains 50/50 quiet): the honest measure of rounds 1-16 by a sixth "
          "writer; trained on since round 18. blind15 and blind16 were the development sets of round 17 (134/200 on "
          "blind16 after it). blind17 was written blind to the rules after round 17 and scored once on the round-17 "
          "rules and model: 100/200 = 50.0% (100 again on round 18's blind16 rules, before it was read); it is never "
          "trained on. blind16 and blind17 were the development sets of round 18. blind18 was written blind to the "
          "rules after round 19 and scored once on the round-19 rules and model: 114/200 = 57.0% (present danger "
          "said plainly 11/30, check-in 'no' 13/22, 'not sure' 4/12, 'safe' 5/12, danger details 13/24, careful "
          "follow-ups 6/6, a figure 7/20, mixed 4/15, other domains 48/50 quiet); the development set of round 20 "
          "(124/200 after it, other domains 49/50 quiet), trained on since. blind19 was written blind to the rules "
          "after round 20 and scored once on the round-20 rules and model: 126/200 = 63.0% (present danger said "
          "plainly 14/30, check-in 'no' 10/22, 'not sure' 7/12, 'safe' 8/12, danger details 12/24, careful "
          "follow-ups 4/6, a figure 10/20, mixed 7/15, other domains 48/50 quiet); never trained on. blind18 and "
          "blind19 were the development sets of round 21 (156/200 on blind18, 163/200 on blind19 after it; blind19 "
          "126 again on round 21's blind18 rules before it was read). blind20 was written blind to the rules after "
          "round 21 and scored once on the round-21 rules and model: 115/200 = 57.5% (present danger said plainly "
          "12/30, check-in 'no' 8/22, 'not sure' 6/12, 'safe' 7/12, something else 6/9, danger details 10/24, "
          "careful follow-ups 6/6, a figure 4/20, mixed 6/15, other domains 50/50 quiet); never trained on. "
          "blind21 was written blind to the rules after round 22 and scored once on the round-22 rules and model: "
          "131/200 = 65.5% (present danger said plainly 17/30, check-in 'no' 10/22, 'not sure' 3/12, 'safe' 7/12, "
          "something else 6/9, danger details 16/24, careful follow-ups 4/6, a figure 8/20, mixed 10/15, other "
          "domains 50/50 quiet); never trained on. blind22 was written blind to the rules after round 23 and "
          "scored once on the round-23 rules and model: 120/200 = 60.0% (present danger said plainly 23/30, check-in "
          "'no' 11/22, 'not sure' 3/12, 'safe' 6/12, something else 3/9, danger details 12/24, careful follow-ups "
          "5/6, a figure 6/20, mixed 3/15, other domains 48/50 quiet); never trained on")
    keys = list(dict.fromkeys(k for total, _, _ in results.values() for k in total))
    print(f"{'section':36s}" + "".join(f"{name:>18s}" for name in results))
    for key in [*keys, "all"]:
        cells = []
        for total, passed, _ in results.values():
            n, d = (sum(passed.values()), sum(total.values())) if key == "all" else (passed[key], total[key])
            cells.append(f"{n}/{d} = {100 * n / d:.0f}%" if d else "-")
        print(f"{key:36s}" + "".join(f"{c:>18s}" for c in cells))
    for name, (_, _, misses) in results.items():
        if misses and name in MISSES_UNREAD:
            print(f"\n{name}: {len(misses)} misses, not printed (a blind set nobody has read yet)")
        elif misses:
            print(f"\n{name}: misses")
            for key, turns, why in misses:
                print(f"  [{key}] {' / '.join(turns)!r} -> {why}")
    print()


def reread_report() -> None:
    """The flow's second look (guide/safety/flow.py): a calm statement that no rule matched but that
    names a means, a place or a time of danger, or that the learned model scores at flow.WATCH_SCORE or
    more, is read again when the next message is a short "no" or "not sure". Its false-alarm row: how
    many everyday or quiet messages would be read again (a bare "no" after them gets the not-safe reply,
    and the next reply carries the resource line)."""
    import yaml

    from guide.safety.conversations import load_flow_cases
    from guide.safety.detector import is_question
    from guide.safety.flow import watched

    def armed(text: str) -> bool:
        a = assess(text)
        return not a.tier and not a.footer and not is_question(text) and bool(watched(text)[0])

    quiet = [c.text for c in load_own_cases() if c.must_not_trigger]
    for path in sorted((ROOT / "tests" / "data").glob("safety_*.yaml")):
        if "flow" not in path.name and "cases" not in path.name:
            quiet += [c.text for c in load_set(path, path.stem) if c.must_not_trigger]
    ood = [case.turns[0] for filename in FLOW_SETS.values() if (ROOT / "tests" / "data" / filename).is_file()
           for case in load_flow_cases(ROOT / "tests" / "data" / filename)
           if case.section == "out_of_domain" and case.expect == "no_safety"]
    others = []
    for path in sorted(OTHER_GUIDES.glob("*/questions.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = [item for value in (data.values() if isinstance(data, dict) else [data])
                 for item in (value if isinstance(value, list) else [])]
        others += [item["q"] for item in items if isinstance(item, dict) and "q" in item]
    rows = {"quiet messages of the single-message sets": quiet, "flow sets' out_of_domain (no_safety)": ood,
            "reader questions": reader_texts(), "other guides' questions": others}
    if CLINC.is_file():
        rows["CLINC150"] = [t for split in json.loads(CLINC.read_text()).values() for t, _ in split]
    print("== the flow's second look: messages a bare 'no' after would read again (false alarms) ==")
    for name, texts in rows.items():
        hit = [t for t in texts if armed(t)]
        print(f"{name:44s} {rate(len(hit), len(texts))}")
        for t in hit[:5]:
            print(f"  {t!r} {sorted(watched(t)[0])}")
    print()


def clinc_split() -> tuple[list[str], list[str]]:
    """CLINC150 requests: (all 18,200; the 3,200 of val and oos, never exemplars)."""
    if not CLINC.is_file():
        return [], []
    data = json.loads(CLINC.read_text())
    every = [t for split in data.values() for t, _ in split]
    unseen = [t for name in ("val", "oos_val", "oos_train") for t, _ in data.get(name, [])]
    return every, unseen


SIM_MARGINS = (0.10, 0.12, 0.13, 0.15, 0.17, 0.20)


def _sim_view(texts: list[str]) -> list[tuple[int, tuple[float, float] | None, tuple[float, float] | None]]:
    """Per message: the rules' tier alone, the similarity scores (risk, margin) where the
    combined detector asks the similarity check (no rule pattern matched, prefilter passed),
    and the similarity scores whatever the rules say (the check alone)."""
    from guide.safety.detector import _assess
    from guide.safety.rules import default_rules
    from guide.safety.similar import default_similar

    rules, index = default_rules(), default_similar()
    out = []
    for t in texts:
        alone = _assess(t, rules, None, None).tier
        trace: list[dict] = []
        _assess(t, rules, trace, index)
        asked = next((m for m in trace if m["kind"] == "similar" and "risk" in m), None)
        combined = (asked["risk"][1], asked["margin"]) if asked and asked["risk"][0] else None
        sc = index.scores(rules.normalizer.tokens(t)) if index else None
        solo = (sc.risk, sc.margin) if sc is not None and sc.risk_group >= 0 else None
        out.append((alone, combined, solo))
    return out


def similarity_report(sets: dict[str, list[Case]]) -> None:
    """Operating points of the similarity check: rules alone, the check alone, both."""
    from guide.safety.similar import default_similar

    index = default_similar()
    if index is None:
        print("== similarity check: off (GUIDE_SAFETY_SIMILAR=0 or settings.enabled false) ==\n")
        return
    st = index.settings
    print("== similarity check (guide/safety/similar.py): operating points ==")
    if "blind*" in sets:
        print("blind*: tests/data/safety_blind.yaml, scored blind once before its messages became"
              " exemplars (rules 28.3%, rules + similarity 33.3% recall); now a self-check")
    print(f"shipped: tier 2 at score >= {st.tier2_score:.2f} and margin >= {st.tier2_margin:.2f}; "
          f"tier 1 (a tier-1 group) at score >= {st.tier1_score:.2f}, margin >= {st.tier1_margin:.2f}")
    _, unseen = clinc_split()
    extra = {"reader questions": reader_texts(), "CLINC val+oos (never exemplars)": unseen}
    extra = {name: texts for name, texts in extra.items() if texts}  # CLINC150 only beside the checkout
    views = {name: _sim_view([c.text for c in cases]) for name, cases in sets.items()}
    views.update({name: _sim_view(texts) for name, texts in extra.items() if texts})

    def flagged(v: tuple, margin: float | None, mode: str) -> bool:
        alone, combined, solo = v
        if mode == "rules":
            return alone >= 1
        pick = solo if mode == "similarity" else combined
        hit = pick is not None and pick[0] >= st.tier2_score and pick[1] >= margin
        return hit if mode == "similarity" else (alone >= 1 or hit)

    header = f"{'detector':28}"
    for name in sets:
        header += f" | {name + ' recall':>22} {name + ' FA':>16}"
    for name in extra:
        header += f" | {name.split(' (')[0] + ' FA':>18}"
    print(header)
    rows = [("rules alone", None, "rules")]
    rows += [(f"similarity alone m>={m:.2f}", m, "similarity") for m in SIM_MARGINS]
    rows += [(f"rules + similarity m>={m:.2f}", m, "both") for m in SIM_MARGINS]
    for label, margin, mode in rows:
        line = f"{label:28}"
        for name, cases in sets.items():
            v = views[name]
            trig = [x for c, x in zip(cases, v, strict=True) if c.must_trigger]
            quiet = [x for c, x in zip(cases, v, strict=True) if c.must_not_trigger]
            line += (f" | {rate(sum(flagged(x, margin, mode) for x in trig), len(trig)):>22}"
                     f" {rate(sum(flagged(x, margin, mode) for x in quiet), len(quiet)):>16}")
        for name in extra:
            v = views[name]
            line += f" | {rate(sum(flagged(x, margin, mode) for x in v), len(v)):>18}"
        print(line)
    print()
    for name, cases in sets.items():
        added = [(c, assess(c.text)) for c in cases]
        added = [(c, a) for c, a in added if a.hits and a.hits[0].rule.startswith("similar:")]
        if not added:
            continue
        print(f"== {name}: what the similarity check decided (shipped settings) ==")
        for c, a in added:
            h = a.hits[0]
            mark = "caught" if c.must_trigger else "FALSE ALARM" if c.must_not_trigger else c.expect
            want = f" (policy tier {c.checks['tier']})" if "tier" in c.checks else ""
            print(f"  {mark:11} tier {a.tier} {a.category}{want} [{c.kind}] {c.text!r}\n"
                  f"              nearest {h.rule}: {h.text!r}")
        print()


def timing_report(cases: list[Case], extra: list[str], rounds: int) -> None:
    texts = [c.text for c in cases]
    print("== cost per message (assess) ==")
    samples: list[float] = []
    for _ in range(rounds):
        for t in texts:
            t0 = time.perf_counter_ns()
            assess(t)
            samples.append((time.perf_counter_ns() - t0) / 1000)
    samples.sort()
    print(f"test cases ({len(texts)} messages x {rounds} rounds): "
          f"median {statistics.median(samples):.1f} us, p95 {samples[int(0.95 * len(samples))]:.1f} us,"
          f" max {samples[-1]:.1f} us")
    if extra:
        samples = []
        for t in extra:  # each once: mostly unseen sentences, as in real use
            t0 = time.perf_counter_ns()
            assess(t)
            samples.append((time.perf_counter_ns() - t0) / 1000)
        samples.sort()
        print(f"CLINC150 ({len(extra)} messages, once each): median {statistics.median(samples):.1f} us,"
              f" p95 {samples[int(0.95 * len(samples))]:.1f} us, max {samples[-1]:.1f} us")
    similarity_timing(texts, extra)
    model_timing(texts, extra)
    long_text = "I keep thinking about what he said and whether he still loves me. " * 60
    t0 = time.perf_counter_ns()
    assess(long_text)
    print(f"one long message ({len(long_text)} chars): {(time.perf_counter_ns() - t0) / 1000:.0f} us")
    print()


def model_timing(texts: list[str], extra: list[str]) -> None:
    """assess with and without the learned model (round 12), interleaved message by message in one process
    so that the shared machine's load falls on both alike; mean and median per message."""
    from guide.safety import model as learned
    from guide.safety.rules import default_rules

    shipped = learned.default_model()
    if shipped is None:
        return
    sample = texts + extra[:3000] + reader_texts()
    for t in sample:  # warm both paths: the word caches, the lazily decoded rule anchors
        assess(t)
    with_model: list[float] = []
    without: list[float] = []
    original = learned.default_model
    normalizer = default_rules().normalizer
    try:
        for t in sample:
            for chosen, out in ((shipped, with_model), (None, without)):
                learned.default_model = lambda chosen=chosen: chosen
                normalizer.forget_recent()  # (each call tokenizes the message, as the first did)
                t0 = time.perf_counter_ns()
                assess(t)
                out.append((time.perf_counter_ns() - t0) / 1000)
    finally:
        learned.default_model = original
    for name, values in (("with the learned model", with_model), ("rules and similarity only", without)):
        print(f"{name:26s} ({len(values)} messages: test cases, CLINC150, reader questions): "
              f"mean {statistics.fmean(values):.1f} us, median {statistics.median(values):.1f} us, "
              f"p95 {sorted(values)[int(0.95 * len(values))]:.1f} us")


def similarity_timing(texts: list[str], extra: list[str]) -> None:
    """The similarity check's own cost: assess() with and without it, and the check alone
    with and without its prefilter (on the messages the rules leave to it)."""
    from guide.safety.detector import _assess
    from guide.safety.rules import default_rules
    from guide.safety.similar import default_similar

    rules, index = default_rules(), default_similar()
    if index is None:
        return

    def stats(fn, sample: list) -> str:
        for item in sample:  # warm: each group's tables are decoded on first use
            fn(item)
        samples = []
        for item in sample:
            t0 = time.perf_counter_ns()
            fn(item)
            samples.append((time.perf_counter_ns() - t0) / 1000)
        samples.sort()
        return (f"median {statistics.median(samples):.1f} us, p95 {samples[int(0.95 * len(samples))]:.1f} us,"
                f" max {samples[-1]:.0f} us")

    for name, sample in (("test cases", texts), ("reader questions", reader_texts()),
                         ("CLINC150", extra)):
        if not sample:
            continue
        print(f"{name}: assess, rules alone: {stats(lambda t: _assess(t, rules, None, None), sample)}")
        print(f"{name}: assess, rules + similarity: {stats(lambda t: _assess(t, rules, None, index), sample)}")
        toks = [rules.normalizer.tokens(t) for t in sample]
        passing = sum(1 for tk in toks if index.scores(tk) is not None)
        print(f"{name}: similarity scoring alone, with the prefilter ({rate(passing, len(toks))} pass):"
              f" {stats(index.scores, toks)}")
        print(f"{name}: similarity scoring alone, without the prefilter:"
              f" {stats(lambda tk: index.scores(tk, prefilter=False), toks)}")


def load_report() -> None:
    print("== rule load time ==")
    cold, warm = [], []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GUIDE_SAFETY_CACHE"] = tmp
        for _ in range(5):
            t0 = time.perf_counter()
            rules = load_rules(RULES_PATH, use_cache=False)
            cold.append((time.perf_counter() - t0) * 1000)
        load_rules(RULES_PATH)  # writes the cache
        for _ in range(20):
            t0 = time.perf_counter()
            load_rules(RULES_PATH)
            warm.append((time.perf_counter() - t0) * 1000)
        from guide.safety.similar import load_similar

        load_similar()  # writes its cache
        code = ("import time; t=time.perf_counter(); from guide.safety.rules import load_rules; "
                "t1=time.perf_counter(); r=load_rules(); t2=time.perf_counter(); "
                "from guide.safety.similar import load_similar; t3=time.perf_counter(); "
                "s=load_similar(rules=r); t4=time.perf_counter(); "
                "s.scores(r.normalizer.tokens('i feel like a burden and the pills are right here')); "
                "t5=time.perf_counter(); "
                "print(f'{(t1-t)*1000:.1f} {(t2-t1)*1000:.1f} {(t3-t2)*1000:.1f} {(t4-t3)*1000:.1f} '"
                "f'{(t5-t4)*1000:.1f}')")
        env = dict(os.environ, GUIDE_SAFETY_CACHE=tmp)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=ROOT, env=env, check=True).stdout.split()
        del os.environ["GUIDE_SAFETY_CACHE"]
    print(f"{rules.pattern_count} compiled patterns, {len(rules.rules)} rules, "
          f"{len(rules.categories)} categories")
    print(f"from the compiled cache (every start after the first): median {statistics.median(warm):.2f} ms")
    print(f"from rules.yaml, no cache (first start, or after an edit): median {statistics.median(cold):.1f} ms")
    print(f"fresh process: import of guide.safety.rules {out[0]} ms, load {out[1]} ms"
          + ("  (PYTHONDONTWRITEBYTECODE is set: imports compile from source)"
             if sys.dont_write_bytecode else ""))
    print(f"similarity check, fresh process: import {out[2]} ms, header from its cache {out[3]} ms, "
          f"first message past the prefilter (reads and decodes the tables) {out[4]} ms")
    print()


def spelling_audit() -> None:
    """Frequent English words that fuzzy repair would turn into a risk word."""
    try:
        from wordfreq import top_n_list
    except ImportError:
        sys.exit("--spelling-audit needs wordfreq: pip install wordfreq")
    import yaml
    from rapidfuzz.distance import OSA

    from guide.safety.rules import compile_plain

    data = yaml.safe_load(RULES_PATH.read_text())
    plain = compile_plain(data)
    vocab, keep = plain["normalizer"]["vocab"], plain["normalizer"]["keep"]
    targets = plain["normalizer"]["fuzzy"]
    smap = plain["normalizer"]["map"]
    missing = []
    for word in top_n_list("en", 100_000):
        if len(word) < 5 or not word.isalpha() or word in vocab or word in keep or word in smap:
            continue
        for t in targets:
            allowed = 1 if len(t) < 9 else 2
            if t[0] == word[0] and abs(len(t) - len(word)) <= allowed \
                    and OSA.distance(word, t) <= allowed and word != t:
                missing.append((word, t))
                break
    print("words to review for spelling.keep (word -> the risk word it would become):")
    for word, t in missing:
        print(f"  {word} -> {t}")
    print(f"{len(missing)} found; add the real words to spelling.keep, leave the typos out.")


# -- exemplars for the similarity check (guide/safety/exemplars.yaml) -----------------------

EXEMPLARS_HEADER = """\
# Exemplars of the similarity check (guide/safety/similar.py; docs/safety-rules.md,
# "The similarity check"). GENERATED by `python benchmarks/safety.py --write-exemplars`
# from, and only from:
#   risk:   the must-trigger messages of tests/data/safety_cases.yaml,
#           tests/data/safety_dev.yaml, tests/data/safety_blind.yaml (added after it was
#           scored blind) and ../shared/data/crisis_cases.yaml, grouped by the category and
#           tier the rules give them (the set's own label when the rules miss one);
#   benign: the must-not-trigger messages of the same files, by kind of trap; the guide's
#           own example phrasings (dialogs/attachment-anxiety); the first ten training
#           requests of each CLINC150 intent (Larson et al. 2019, CC BY 3.0).
# NEVER from tests/data/safety_holdout.yaml: the generator refuses its messages and near-copies.
# Edit `settings` by hand (the generator keeps them); regenerate for the rest.
"""

# dev/blind set categories -> the rules category, for a must-trigger message the rules miss
SET_CATEGORIES = {
    "si_direct": "suicidal_ideation", "si_indirect": "suicidal_ideation",
    "si_passive": "suicidal_ideation", "si_coded": "suicidal_ideation", "self_harm": "self_harm",
    "method": "method_seeking", "method_disguised": "method_seeking",
    "immediate": "immediate_danger", "immediate_dv": "immediate_danger_dv",
    "sa_current": "sexual_assault", "sa_past": "sexual_assault", "dv": "domestic_violence",
    "coercion": "coercion", "hopelessness": "hopelessness", "third_party": "third_party",
    "recurrence": "recurrence", "minor": "minor", "long": "hopelessness",
}
# the shared cases' trap categories -> the kinds of trap our sets use
SHARED_TRAPS = {"benign_keyword_trap": "keyword_trap", "benign_distress_on_topic": "anxiety",
                "benign_research_question": "research", "past_history": "past"}
BLIND_CASES = ROOT / "tests" / "data" / "safety_blind.yaml"
BLIND_SCORED = True  # the blind batch becomes exemplars only after it has been scored once (51f83fe)
GUIDE_DIR = ROOT / "dialogs" / "attachment-anxiety"


def exemplar_sources(include_blind: bool = BLIND_SCORED) -> list[Case]:
    """The labelled messages exemplars are taken from (never the held-out set)."""
    sources = load_own_cases() + load_shared_cases() + load_dev_cases()
    if include_blind:
        sources += load_set(BLIND_CASES, "blind")
    return sources


def exemplar_data(sources: list[Case], settings: dict | None = None) -> dict:
    """The exemplars.yaml structure built from *sources*, the guide's phrasings and CLINC150."""
    from rapidfuzz import fuzz, process

    from guide.dialog.loader import load_guide
    from guide.safety.detector import _assess
    from guide.safety.rules import default_rules

    rules = default_rules()
    # never the held-out set nor the round-3 blind batch
    holdout = [c.text.casefold() for c in load_holdout_cases() + load_round3_blind_cases()]
    holdout_set = set(holdout)

    def fresh(text: str) -> str:
        key = text.casefold()
        near = process.extractOne(key, holdout, scorer=fuzz.ratio, score_cutoff=90) if holdout else None
        if key in holdout_set or near:
            raise SystemExit(f"refusing a held-out message or near-copy as an exemplar: {text!r}")
        return text

    risk: dict[tuple[str, int], list[str]] = {}
    benign: dict[str, list[str]] = {}
    for c in sources:
        if c.must_trigger:
            a = _assess(c.text, rules, None, None)  # the rules alone
            if a.tier:
                key = (a.category, a.tier)
            else:
                category = SET_CATEGORIES.get(c.kind) or c.checks.get("category")
                if category not in rules.categories:
                    raise SystemExit(f"no category for a missed risk message: {c.text!r} ({c.kind})")
                key = (category, int(c.checks.get("tier", rules.categories[category].tier)))
            risk.setdefault(key, []).append(fresh(c.text))
        elif c.must_not_trigger:
            kind = SHARED_TRAPS.get(c.kind, c.kind) or "other"
            benign.setdefault(f"trap:{kind}", []).append(fresh(c.text))
    guide = load_guide(GUIDE_DIR).guide
    benign["guide"] = [e.text for node in guide.nodes.values() for e in node.examples]
    if CLINC.is_file():
        per_intent: dict[str, list[str]] = {}
        for text, intent in json.loads(CLINC.read_text())["train"]:
            if len(per_intent.setdefault(intent, [])) < 10:
                per_intent[intent].append(text)
        for intent, texts in sorted(per_intent.items()):
            benign[f"everyday:{intent}"] = texts

    order = list(rules.categories)
    risk_groups = []
    for (category, tier), texts in sorted(risk.items(), key=lambda kv: (kv[0][1], order.index(kv[0][0]))):
        unique = list({t.casefold(): t for t in reversed(texts)}.values())[::-1]
        risk_groups.append({"group": f"{category}/{tier}", "category": category, "tier": tier,
                            "exemplars": [{"id": f"{category}-{tier}-{n:03d}", "text": t}
                                          for n, t in enumerate(unique, 1)]})
    return {
        "settings": settings or {"enabled": True, "prefilter_idf": 5.0, "prefilter_weight": 8.0,
                                 "tier2": {"score": 0.2, "margin": 0.15},
                                 "tier1": {"score": 0.3, "margin": 0.2}},
        "risk": risk_groups,
        "benign": [{"group": g, "exemplars": list(dict.fromkeys(texts))} for g, texts in benign.items()],
    }


def write_exemplars(path: Path | None = None) -> Path:
    """Regenerate guide/safety/exemplars.yaml from the sources its header lists."""
    import yaml

    from guide.safety.similar import EXEMPLARS_PATH

    path = path or EXEMPLARS_PATH
    settings = None
    if path.is_file():
        settings = (yaml.safe_load(path.read_text()) or {}).get("settings")
    data = exemplar_data(exemplar_sources(), settings)
    q = lambda t: json.dumps(t, ensure_ascii=False)  # noqa: E731 (a JSON string is YAML)
    out = [EXEMPLARS_HEADER, "settings:"]
    out += ["  " + line for line in yaml.safe_dump(data["settings"], sort_keys=False).splitlines()]
    out.append("risk:")
    for g in data["risk"]:
        out += [f"- group: {g['group']}", f"  category: {g['category']}", f"  tier: {g['tier']}",
                "  exemplars:"]
        out += [f"  - {{id: {e['id']}, text: {q(e['text'])}}}" for e in g["exemplars"]]
    out.append("benign:")
    for g in data["benign"]:
        out += [f"- group: {q(g['group'])}", "  exemplars:"]
        out += [f"  - {q(t)}" for t in g["exemplars"]]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds over the test cases")
    parser.add_argument("--spelling-audit", action="store_true")
    parser.add_argument("--write-exemplars", action="store_true",
                        help="regenerate guide/safety/exemplars.yaml from its sources")
    args = parser.parse_args()
    if args.spelling_audit:
        spelling_audit()
        return 0
    if args.write_exemplars:
        print(f"wrote {write_exemplars()}")
        return 0
    shared = load_shared_cases()
    own = load_own_cases()
    if not shared:
        print("(no shared crisis cases found: set GUIDE_CRISIS_CASES)\n")
    load_report()
    dev, holdout = load_dev_cases(), load_holdout_cases()
    cases = shared + own
    sets = {"holdout": holdout}
    # the blind batch: scored blind once (51f83fe), then made exemplars: now a self-check
    blind = load_set(BLIND_CASES, "blind") if BLIND_SCORED else []
    if blind:
        sets["blind*"] = blind
    # round 3: the dev batch the round-3 rules were written on, and the blind batch scored
    # before them (35/78 = 44.9% recall, 0/42 false alarms; never tuned on, never exemplars)
    round3 = {"dev3": load_round3_dev_cases(), "blind3": load_round3_blind_cases(),
              "dev4": load_round4_dev_cases(), "dev5": load_round_dev_cases(5),
              "dev6": load_round_dev_cases(6), "dev7": load_round_dev_cases(7),
              "dev8": load_round_dev_cases(8), "dev9": load_round_dev_cases(9),
              "probe9": load_set(ROOT / "tests" / "data" / "safety_round9_probe.yaml", "probe9"),
              # the bereavement reading (docs/safety-rules.md, "Bereavement"): its dev set, scored
              # before its rules (28/40 caught, 29/52 false alarms), and its probe, written after them
              "bereave": load_set(ROOT / "tests" / "data" / "safety_bereavement_dev.yaml", "bereave"),
              "bprobe": load_set(ROOT / "tests" / "data" / "safety_bereavement_probe.yaml", "bprobe"),
              "dev10": load_round_dev_cases(10),
              "probe10": load_set(ROOT / "tests" / "data" / "safety_round10_probe.yaml", "probe10"),
              "dev11": load_round_dev_cases(11),
              "probe11": load_set(ROOT / "tests" / "data" / "safety_round11_probe.yaml", "probe11"),
              "dev15": load_round_dev_cases(15),
              # round 19: everyday look-alikes of risk messages and risk messages of the same surface
              # kinds, scored on main first (docs/safety-rules.md, "Round 19: false alarms")
              "fa19": load_set(ROOT / "tests" / "data" / "safety_round19_fa.yaml", "fa19")}
    if round3["blind3"]:
        sets["blind3"] = round3["blind3"]
    accuracy_report(cases, dev, holdout, blind, round3)
    extra = clinc_report()
    reader_report()
    other_guides_report()
    flow_report()
    reread_report()
    similarity_report({k: v for k, v in sets.items() if v})
    timing_report(cases + dev + holdout + round3["dev3"] + round3["blind3"], extra, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
