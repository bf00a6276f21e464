"""Fixed safety replies: reviewed text from replies.yaml, never generated.

The texts load lazily (on the first reply, not at import) and once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from guide.safety.detector import Assessment

REPLIES_PATH = Path(__file__).with_name("replies.yaml")

# categories whose reply lists only the assessment's first resources (kept short)
_MODES = ("all", "first")


class SafetyReply(NamedTuple):
    """A safety reply: one sentence of acknowledgement, the resources, a check-in."""

    acknowledgement: str
    resources: tuple[str, ...]
    check_in: str

    def plain_text(self) -> str:
        parts = [self.acknowledgement, "\n".join(self.resources), self.check_in]
        return "\n\n".join(p for p in parts if p)


@cache
def _texts() -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(REPLIES_PATH.read_text(encoding="utf-8"), Loader=loader)
    resources = data["resources"]
    for name, spec in data["replies"].items():
        if spec.get("resources", "all") not in _MODES:
            raise ValueError(f"replies.yaml: {name}: resources must be one of {_MODES}")
    data["consent_note"] = " ".join(data["consent_note"].split()).format(**resources)
    return data


def resource_keys() -> tuple[str, ...]:
    """All resource keys, in the order of the full list."""
    return tuple(_texts()["resources"])


def resources_text(first: Sequence[str] = ()) -> tuple[str, ...]:
    """The full resource list, with the lines of *first* (keys, in order) first."""
    lines: dict[str, str] = _texts()["resources"]
    unknown = [k for k in first if k not in lines]
    if unknown:
        raise KeyError(f"unknown resource keys: {unknown}")
    order = list(dict.fromkeys(first)) + [k for k in lines if k not in first]
    return tuple(lines[k] for k in order)


def resource_footer() -> str:
    """The one-line resource footer (negated, past or meta mentions; sticky sessions)."""
    return _texts()["footer"]


def help_reply() -> SafetyReply:
    """The reply to a request for help ("help", "hotline"): the full list."""
    return SafetyReply(_texts()["help_intro"], resources_text(), "")


def consent_note() -> str:
    """The editor's consent note of safety.md section 3 (Impett & Peplau 2002)."""
    return _texts()["consent_note"]


def safety_reply(assessment: Assessment) -> SafetyReply:
    """The fixed reply for a tier-1 or tier-2 assessment.

    A tier-0 assessment gets the default reply (callers normally show the footer
    instead); an unknown category gets the default texts with its resources.
    """
    replies = _texts()["replies"]
    spec = replies.get(assessment.category or "", replies["default"])
    first = assessment.resources_first
    if spec.get("resources", "all") == "first" and first:
        lines: dict[str, str] = _texts()["resources"]
        resources = tuple(lines[k] for k in dict.fromkeys(first))
    else:
        resources = resources_text(first)
    return SafetyReply(spec["acknowledgement"], resources, spec["check_in"])


def __getattr__(name: str) -> str:
    # CONSENT_NOTE as a module constant, loaded on first use
    if name == "CONSENT_NOTE":
        return consent_note()
    raise AttributeError(name)
