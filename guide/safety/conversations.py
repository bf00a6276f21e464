"""Safety cases in the flow of a conversation: loading and grading (tests/, benchmarks/safety.py).

The files (tests/data/safety_flow_dev.yaml; tests/data/safety_flow_blind.yaml,
safety_flow_blind2.yaml and safety_flow_blind3.yaml, each scored once before rules were written
for it, tuned on since; safety_flow_dev5.yaml, fresh conversations for round 5's families)
hold, per section:

- ``checkin_answers``: a disclosure, then the reader's answer to the check-in;
- ``mixed``: a disclosure, then "I'm safe" and a question about the article in one message;
- ``present_danger``: one message that states present danger plainly;
- ``followups``: a disclosure, then a message that continues the story (``everyday``: one that says
  nothing of danger, which gets a careful reply and not the emergency number first);
- ``out_of_domain``: one message from another guide's readers ("were they ready to die for
  independence"): no crisis reply, except those marked ``domain: first_person``.

Grading needs a conversation but this package must not import one: callers pass
``new_session``, a function that returns a fresh object with ``respond(text) -> Reply``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from guide.safety.detector import assess

REPO_ROOT = Path(__file__).resolve().parents[2]
FLOW_DEV = REPO_ROOT / "tests" / "data" / "safety_flow_dev.yaml"
FLOW_BLIND = REPO_ROOT / "tests" / "data" / "safety_flow_blind.yaml"
FLOW_BLIND2 = REPO_ROOT / "tests" / "data" / "safety_flow_blind2.yaml"
FLOW_BLIND3 = REPO_ROOT / "tests" / "data" / "safety_flow_blind3.yaml"
FLOW_DEV5 = REPO_ROOT / "tests" / "data" / "safety_flow_dev5.yaml"
FLOW_BLIND4 = REPO_ROOT / "tests" / "data" / "safety_flow_blind4.yaml"
FLOW_BLIND5 = REPO_ROOT / "tests" / "data" / "safety_flow_blind5.yaml"
FLOW_BLIND6 = REPO_ROOT / "tests" / "data" / "safety_flow_blind6.yaml"
FLOW_BLIND7 = REPO_ROOT / "tests" / "data" / "safety_flow_blind7.yaml"
FLOW_DEV8 = REPO_ROOT / "tests" / "data" / "safety_flow_dev8.yaml"
FLOW_BLIND8 = REPO_ROOT / "tests" / "data" / "safety_flow_blind8.yaml"
FLOW_BLIND9 = REPO_ROOT / "tests" / "data" / "safety_flow_blind9.yaml"
FLOW_BLIND10 = REPO_ROOT / "tests" / "data" / "safety_flow_blind10.yaml"
FLOW_BLIND11 = REPO_ROOT / "tests" / "data" / "safety_flow_blind11.yaml"
FLOW_BLIND12 = REPO_ROOT / "tests" / "data" / "safety_flow_blind12.yaml"
FLOW_BLIND13 = REPO_ROOT / "tests" / "data" / "safety_flow_blind13.yaml"
FLOW_DEV14 = REPO_ROOT / "tests" / "data" / "safety_flow_dev14.yaml"
FLOW_BLIND14 = REPO_ROOT / "tests" / "data" / "safety_flow_blind14.yaml"
FLOW_DEV15 = REPO_ROOT / "tests" / "data" / "safety_flow_dev15.yaml"
FLOW_BLIND15 = REPO_ROOT / "tests" / "data" / "safety_flow_blind15.yaml"
FLOW_BLIND16 = REPO_ROOT / "tests" / "data" / "safety_flow_blind16.yaml"
FLOW_BLIND17 = REPO_ROOT / "tests" / "data" / "safety_flow_blind17.yaml"
FLOW_BLIND18 = REPO_ROOT / "tests" / "data" / "safety_flow_blind18.yaml"
FLOW_BLIND19 = REPO_ROOT / "tests" / "data" / "safety_flow_blind19.yaml"
FLOW_BLIND20 = REPO_ROOT / "tests" / "data" / "safety_flow_blind20.yaml"
FLOW_BLIND21 = REPO_ROOT / "tests" / "data" / "safety_flow_blind21.yaml"
FLOW_BLIND22 = REPO_ROOT / "tests" / "data" / "safety_flow_blind22.yaml"

SECTIONS = ("checkin_answers", "mixed", "present_danger", "followups", "out_of_domain")


class _Session(Protocol):
    def respond(self, text: str) -> Any: ...


@dataclass(frozen=True)
class FlowCase:
    section: str
    expect: str
    turns: tuple[str, ...]  # one message, or a disclosure and the message graded
    info: str = ""  # category, topic or domain, as the file gives it

    @property
    def label(self) -> str:
        return f"{self.section}/{self.expect}"


@dataclass(frozen=True)
class Outcome:
    case: FlowCase
    passed: bool
    why: str  # what the reply did, when it failed


def load_flow_cases(path: Path) -> list[FlowCase]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for section in SECTIONS:
        for item in data.get(section) or ():
            turns = (item["first"], item["answer"]) if "first" in item else (item["text"],)
            info = str(item.get("category") or item.get("topic") or item.get("domain") or "")
            cases.append(FlowCase(section, str(item["expect"]), tuple(turns), info))
    return cases


def emergency_line() -> str:
    from guide.safety.replies import resources_text

    return resources_text(("emergency",))[0]


def first_resource(reply: Any) -> str:
    """The first resource line of a reply ("" if it lists none)."""
    from guide.safety.replies import resources_text

    lines = set(resources_text())
    return next((b.text for b in reply.blocks if b.type == "safety" and b.text in lines), "")


def grade(case: FlowCase, new_session: Callable[[], _Session]) -> Outcome:
    """Does the conversation do what the case asks for?"""
    if case.section in ("present_danger", "out_of_domain"):
        return _grade_single(case)
    session = new_session()
    session.respond(case.turns[0])
    reply = session.respond(case.turns[1])
    emergency_first = first_resource(reply) == emergency_line()
    quotes = any(b.type == "quote" for b in reply.blocks)
    described = f"{reply.kind} {reply.node or ''} first resource: {first_resource(reply)[:40]!r}".strip()
    if case.expect in ("not_safe", "unsure", "emergency_first"):
        return Outcome(case, reply.kind == "safety" and emergency_first and not quotes, described)
    if case.expect == "safe":
        ok = reply.kind == "safety" and not quotes and not emergency_first
        return Outcome(case, ok, described)
    if case.expect == "everyday":  # a careful reply that does not raise the session to present danger
        ok = not emergency_first and (reply.kind == "safety" or (
            reply.kind in ("answer", "command") and (bool(reply.footer) or bool(first_resource(reply)))))
        return Outcome(case, ok, described)
    if case.expect == "safe_and_question":
        acknowledged = bool(reply.blocks) and reply.blocks[0].type == "safety"
        ok = acknowledged and reply.kind == "answer" and bool(reply.node) and bool(reply.footer)
        return Outcome(case, ok, described)
    # "other" and "careful": never a cheerful reply: a safety reply, or an answer or command under the
    # resource line, or with the resources in it (the help list asked for by "can i talk to a human")
    ok = reply.kind == "safety" or (reply.kind in ("answer", "command")
                                    and (bool(reply.footer) or bool(first_resource(reply))))
    return Outcome(case, ok, described)


def _grade_single(case: FlowCase) -> Outcome:
    a = assess(case.turns[0])
    if case.expect == "no_safety":
        return Outcome(case, a.tier == 0, f"tier {a.tier} {a.category}")
    if case.section == "out_of_domain":  # first person, in distress
        return Outcome(case, a.tier >= 1, f"tier {a.tier} {a.category}")
    wanted = {"immediate": "immediate_danger", "immediate_dv": "immediate_danger_dv"}.get(case.info, case.info)
    ok = a.tier == 1 and a.resources_first[:1] == ("emergency",)
    why = f"tier {a.tier} {a.category} (wanted {wanted}) first: {a.resources_first[:1]}"
    return Outcome(case, ok, why)
