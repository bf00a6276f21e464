"""Safety-layer benchmark: recall, false alarms, misses, cost per message, rule load time.

Run from the repository root:

    .venv/bin/python benchmarks/safety.py            # the report
    .venv/bin/python benchmarks/safety.py --rounds 50
    .venv/bin/python benchmarks/safety.py --spelling-audit   # needs `pip install wordfreq`

Cases: the shared crisis cases (../shared/data/crisis_cases.yaml next to the repository;
override with GUIDE_CRISIS_CASES) and tests/data/safety_cases.yaml (together: "older"),
then, as separate rows, tests/data/safety_dev.yaml (fresh messages the rules are tuned
on) and tests/data/safety_holdout.yaml (fresh messages never tuned on: the honest
number for phrasings nobody wrote a rule for). Recall is over the cases that must
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
    load_shared_cases,
    problems,
)
from guide.safety.rules import RULES_PATH, load_rules  # noqa: E402

CLINC = ROOT.parent / "shared" / "data" / "clinc150" / "clinc150_train_val.json"


def rate(n: int, d: int) -> str:
    return f"{n}/{d} = {100 * n / d:.1f}%" if d else "n/a"


def accuracy_report(older: list[Case], dev: list[Case], holdout: list[Case]) -> None:
    by_source: dict[str, list[Case]] = {"older": older}
    for c in older:
        by_source.setdefault(c.source, []).append(c)
    if dev:
        by_source["dev"] = dev
    if holdout:
        by_source["holdout"] = holdout
    print("== accuracy ==")
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
    for name, group in (("dev", dev), ("holdout", holdout)):
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


def reader_report() -> None:
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
    if not texts:
        return
    fired = [t for t in texts if assess(t).tier]
    print("== reader questions (benchmarks/data/reader_*.yaml, on-topic, no crisis content) ==")
    print(f"false alarms: {rate(len(fired), len(texts))}")
    for t in fired[:10]:
        print(f"  {t!r} -> {assess(t).category}")
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
    long_text = "I keep thinking about what he said and whether he still loves me. " * 60
    t0 = time.perf_counter_ns()
    assess(long_text)
    print(f"one long message ({len(long_text)} chars): {(time.perf_counter_ns() - t0) / 1000:.0f} us")
    print()


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
        code = ("import time; t=time.perf_counter(); from guide.safety.rules import load_rules; "
                "t1=time.perf_counter(); load_rules(); t2=time.perf_counter(); "
                "print(f'{(t1-t)*1000:.1f} {(t2-t1)*1000:.1f}')")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds over the test cases")
    parser.add_argument("--spelling-audit", action="store_true")
    args = parser.parse_args()
    if args.spelling_audit:
        spelling_audit()
        return 0
    shared = load_shared_cases()
    own = load_own_cases()
    if not shared:
        print("(no shared crisis cases found: set GUIDE_CRISIS_CASES)\n")
    load_report()
    dev, holdout = load_dev_cases(), load_holdout_cases()
    cases = shared + own
    accuracy_report(cases, dev, holdout)
    extra = clinc_report()
    reader_report()
    timing_report(cases + dev + holdout, extra, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
