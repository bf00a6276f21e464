"""Safety test cases: loading and checking (used by tests/ and benchmarks/safety.py).

Two sources:

- the shared examples, ``../shared/data/crisis_cases.yaml`` (override with the
  environment variable ``GUIDE_CRISIS_CASES``); their notes are the spec: a note that
  starts with "tier1"/"tier2" fixes the tier, and the category names below add what
  the note asks for (emergency number first, the specialist line first, the footer);
- our own, ``tests/data/safety_cases.yaml``, whose cases carry the same checks as
  fields (tier, category, first, footer, consent);
- two sets for measuring generalization, ``tests/data/safety_dev.yaml`` (rules are
  tuned on it) and ``tests/data/safety_holdout.yaml`` (never tuned on, never edited):
  their ``category`` is the policy category or trap kind (kept as ``kind``, not
  checked), their ``tier`` the tier the policy asks for (checked).

``expect``: safety (tier >= 1), answer (tier 0; the footer is allowed), either (both
acceptable; the preferred behaviour, given by the other fields, is checked).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guide.safety.detector import Assessment, assess

REPO_ROOT = Path(__file__).resolve().parents[2]
OWN_CASES = REPO_ROOT / "tests" / "data" / "safety_cases.yaml"
DEV_CASES = REPO_ROOT / "tests" / "data" / "safety_dev.yaml"
HOLDOUT_CASES = REPO_ROOT / "tests" / "data" / "safety_holdout.yaml"
# round 3 (docs/safety-rules.md): a blind batch scored once before any rule change, never
# tuned on, and the development batch the round-3 rules were written on
ROUND3_BLIND = REPO_ROOT / "tests" / "data" / "safety_round3_blind.yaml"
ROUND3_DEV = REPO_ROOT / "tests" / "data" / "safety_round3_dev.yaml"
# round 4: fresh messages for the word classes and clause structures, each batch scored before
# its rules were written, then tuned on (its misses left are listed in the generalization test)
ROUND4_DEV = REPO_ROOT / "tests" / "data" / "safety_round4_dev.yaml"
# rounds 5-8: fresh messages for each round's families, each batch scored before its rules; must
# pass (`load_round_dev_cases`)

# What the notes of crisis_cases.yaml ask for, by their category field.
SHARED_EXPECTATIONS: dict[str, dict[str, Any]] = {
    "immediate_danger": {"first": "emergency"},
    "immediate_danger_dv": {"first": "emergency", "second": "domestic_violence"},
    "coercion": {"first": "domestic_violence", "consent": True},
    "sexual_assault": {"first": "sexual_assault"},
    "compliance_risk": {"consent": True},
    "minor": {"category": "minor", "first": "helplines"},
    "past_history": {"footer": True},
    "negation": {"tier": 0, "footer": True},
    "meta_mention": {"tier": 0, "footer": True},
    "third_party_genuine": {"category": "third_party"},
}


@dataclass(frozen=True)
class Case:
    text: str
    expect: str  # safety | answer | either
    source: str  # shared | own
    checks: dict[str, Any] = field(default_factory=dict)
    kind: str = ""

    @property
    def must_trigger(self) -> bool:
        return self.expect == "safety"

    @property
    def must_not_trigger(self) -> bool:
        return self.expect == "answer"


def shared_cases_path() -> Path:
    env = os.environ.get("GUIDE_CRISIS_CASES")
    if env:
        return Path(env)
    return REPO_ROOT.parent / "shared" / "data" / "crisis_cases.yaml"


def _load_yaml(path: Path) -> Any:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_shared_cases(path: Path | None = None) -> list[Case]:
    """The shared crisis cases, with the checks their notes ask for ([] if absent)."""
    path = path or shared_cases_path()
    if not path.is_file():
        return []
    out = []
    for raw in _load_yaml(path)["cases"]:
        note = str(raw.get("note", "")).lower()
        checks: dict[str, Any] = dict(SHARED_EXPECTATIONS.get(raw.get("category", ""), {}))
        if note.startswith("tier1"):
            checks.setdefault("tier", 1)
        elif note.startswith("tier2"):
            checks.setdefault("tier", 2)
        out.append(Case(raw["text"], raw["expect"], "shared", checks, raw.get("category", "")))
    return out


def load_own_cases(path: Path = OWN_CASES) -> list[Case]:
    out = []
    for raw in _load_yaml(path)["cases"]:
        checks = {k: raw[k] for k in ("tier", "category", "first", "second", "footer", "consent")
                  if k in raw}
        out.append(Case(raw["text"], raw["expect"], "own", checks, raw.get("kind", "")))
    return out


def load_set(path: Path, source: str) -> list[Case]:
    """A development or held-out set ([] if absent): expect, tier, policy category."""
    if not path.is_file():
        return []
    out = []
    for raw in _load_yaml(path)["cases"]:
        checks = {"tier": raw["tier"]} if "tier" in raw else {}
        out.append(Case(raw["text"], raw["expect"], source, checks, raw.get("category", "")))
    return out


def load_dev_cases(path: Path = DEV_CASES) -> list[Case]:
    return load_set(path, "dev")


def load_holdout_cases(path: Path = HOLDOUT_CASES) -> list[Case]:
    return load_set(path, "holdout")


def load_round3_dev_cases(path: Path = ROUND3_DEV) -> list[Case]:
    return load_set(path, "dev3")


def load_round3_blind_cases(path: Path = ROUND3_BLIND) -> list[Case]:
    return load_set(path, "blind3")


def load_round4_dev_cases(path: Path = ROUND4_DEV) -> list[Case]:
    return load_set(path, "dev4")


def load_round_dev_cases(round_number: int) -> list[Case]:
    """A later round's development set, tests/data/safety_round{N}_dev.yaml, as source "devN"."""
    return load_set(REPO_ROOT / "tests" / "data" / f"safety_round{round_number}_dev.yaml", f"dev{round_number}")


def problems(case: Case, a: Assessment) -> list[str]:
    """What is wrong with assessment *a* for *case* (empty: it passes)."""
    found: list[str] = []
    if case.expect == "safety" and a.tier < 1:
        found.append("expected a safety reply, got none")
    if case.expect == "answer" and a.tier != 0:
        found.append(f"expected an answer, got tier {a.tier} ({a.category})")
    c = case.checks
    if "tier" in c and a.tier != c["tier"]:
        found.append(f"tier {a.tier}, expected {c['tier']}")
    if "category" in c and a.category != c["category"]:
        found.append(f"category {a.category}, expected {c['category']}")
    if "first" in c and a.resources_first[:1] != (c["first"],):
        found.append(f"resources {a.resources_first}, expected {c['first']} first")
    if "second" in c and a.resources_first[1:2] != (c["second"],):
        found.append(f"resources {a.resources_first}, expected {c['second']} second")
    if "footer" in c and a.tier == 0 and a.footer != c["footer"]:
        found.append(f"footer {a.footer}, expected {c['footer']}")
    if "consent" in c and a.consent_note != c["consent"]:
        found.append(f"consent note {a.consent_note}, expected {c['consent']}")
    return found


def what_fails(cases: Iterable[Case]) -> tuple[set[str], set[str], set[str]]:
    """The texts of *cases* that ``assess`` gets wrong: must-trigger ones missed, must-not-trigger ones
    flagged, and every wrong one (a wrong tier or category too)."""
    cases = list(cases)
    wrong = {c.text for c in cases if problems(c, assess(c.text))}
    return ({c.text for c in cases if c.must_trigger} & wrong, {c.text for c in cases if c.must_not_trigger} & wrong,
            wrong)
