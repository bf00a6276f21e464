"""Fixed safety replies: reviewed text from replies.yaml, never generated.

The texts load lazily (on the first reply, not at import) and once per process.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from guide.records import NamedTuple
from guide.safety.detector import Assessment

REPLIES_PATH = Path(__file__).with_name("replies.yaml")

# categories whose reply lists only the assessment's first resources (kept short)
_MODES = ("all", "first")


REGIONS = ("us", "uk", "ie", "eu", "other")
"""Support regions a guide can name (manifest ``support: region``); "us" is the default."""


class SafetyReply(NamedTuple):
    """A safety reply: one sentence of acknowledgement, the resources, a check-in; ``lead`` is a
    resource line that comes before everything (the emergency number, when it must be first)."""

    acknowledgement: str
    resources: tuple[str, ...]
    check_in: str
    lead: str = ""

    def plain_text(self) -> str:
        parts = [self.lead, self.acknowledgement, "\n".join(self.resources), self.check_in]
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
    for key, by_region in data.get("equivalents", {}).items():
        for region, names in (by_region or {}).items():
            unknown = [n for n in [key, *names] if n not in resources]
            if region not in REGIONS or unknown:
                raise ValueError(f"replies.yaml: equivalents: {key}: {region}: unknown {unknown or region}")
    data.setdefault("equivalents", {})
    return data


def resource_keys() -> tuple[str, ...]:
    """All resource keys, in the order of the full list."""
    return tuple(_texts()["resources"])


def resources_text(first: Sequence[str] = (), region: str = "us") -> tuple[str, ...]:
    """The full resource list, with the lines of *first* (keys, in order) first, as seen from
    *region*."""
    lines: dict[str, str] = _texts()["resources"]
    unknown = [k for k in first if k not in lines]
    if unknown:
        raise KeyError(f"unknown resource keys: {unknown}")
    order = list(dict.fromkeys(first)) + [k for k in lines if k not in first]
    return tuple(lines[k] for k in regional(order, region))


def regional(keys: Sequence[str], region: str = "us") -> list[str]:
    """Resource keys in the order that suits a reader in *region*.

    The lines are verified and the same everywhere; only their order changes. The emergency
    line keeps its place when it leads. Outside the US, the region's own lines and the
    international directory (findahelpline) come before US-only lines, which stay listed.
    """
    keys = list(dict.fromkeys(keys))
    if region == "us" or not keys:
        return keys
    texts = _texts()
    local = texts["regions"].get(region, [])
    lead = keys[:1] if keys[0] == "emergency" else []
    rest: list[str] = []
    for key in keys[len(lead):]:
        if key in _US_ONLY:  # its region's verified equivalents, or the international directory, before it
            rest += [k for k in texts["equivalents"].get(key, {}).get(region) or ["helplines"]
                     if k not in rest and k not in lead]
        if key not in rest:
            rest.append(key)

    def rank(key: str) -> int:
        return 0 if key in local else 1 if key == "helplines" else 2 if key not in _US_ONLY else 3

    return lead + sorted(rest, key=rank)


_US_ONLY = frozenset(("crisis_line", "sexual_assault", "domestic_violence"))


def resource_footer(region: str = "us") -> str:
    """The one-line resource footer (negated, past or meta mentions; sticky sessions; the support
    notice under the welcome), its lines in the order that suits *region*; emergency stays last."""
    footer = _texts()["footer"]
    parts: dict[str, str] = footer["parts"]
    order = [k for k in regional([k for k in parts if k != "emergency"], region) if k in parts]
    order += [k for k in parts if k not in order]
    return f"{footer['intro']} {'; '.join(parts[k] for k in order)}."


def help_reply() -> SafetyReply:
    """The reply to a request for help ("help", "hotline"): the full list."""
    return SafetyReply(_texts()["help_intro"], resources_text(), "")


def consent_note() -> str:
    """The editor's consent note of safety.md section 3 (Impett & Peplau 2002)."""
    return _texts()["consent_note"]


SHORT_LIST = 3
"""Resource lines in a short reply (immediate danger, minors)."""


def safety_reply(assessment: Assessment, region: str = "us") -> SafetyReply:
    """The fixed reply for a tier-1 or tier-2 assessment.

    A tier-0 assessment gets the default reply (callers normally show the footer
    instead); an unknown category gets the default texts with its resources.
    """
    replies = _texts()["replies"]
    spec = replies.get(assessment.category or "", replies["default"])
    first = assessment.resources_first
    lines: dict[str, str] = _texts()["resources"]
    if spec.get("resources", "all") == "first" and first:
        # at most three: the emergency number and the lines that fit, nothing to scroll past; a
        # region's own lines are among them ("uk": Samaritans)
        keys = [*first, *(_texts()["regions"].get(region, []) if region != "us" else [])]
        resources = tuple(lines[k] for k in regional(keys, region)[:SHORT_LIST])
    else:
        resources = resources_text(first, region)
    lead = lines[spec["lead"]] if spec.get("lead") else ""  # before everything: someone else's emergency
    return SafetyReply(spec["acknowledgement"], tuple(r for r in resources if r != lead), spec["check_in"], lead)


def not_safe_reply(violence: bool, region: str = "us", missed: bool = False) -> SafetyReply:
    """To a reader who answers the check-in with "no" or "not sure": the emergency number
    first, then direct, warm words. *violence*: the disclosure was of harm from someone else.
    *missed*: the guide did not ask (the message before was read as a disclosure only now, in the
    light of this "no"): the acknowledgement says so."""
    flow = _texts()["flow"]
    spec = flow["not_safe_dv" if violence else "not_safe"]
    lines: dict[str, str] = _texts()["resources"]
    resources = tuple(lines[k] for k in regional(spec["resources"], region))
    acknowledgement = flow["missed"]["acknowledgement"] if missed else spec["acknowledgement"]
    return SafetyReply(acknowledgement, resources, spec["check_in"], lines[spec["lead"]])


def safe_texts() -> tuple[str, str]:
    """To a reader who answers the check-in with "yes, I'm safe": (acknowledgement, the way back)."""
    spec = _texts()["flow"]["safe"]
    return spec["acknowledgement"], spec["back"]


def continuation_reply(assessment: Assessment, region: str = "us") -> SafetyReply:
    """To a message that goes on with the reader's story after a disclosure: the disclosure's
    resources again, and the check-in."""
    spec = _texts()["flow"]["continuation"]
    return SafetyReply(spec["acknowledgement"], resources_text(assessment.resources_first, region),
                       spec["check_in"])


def __getattr__(name: str) -> str:
    # CONSENT_NOTE as a module constant, loaded on first use
    if name == "CONSENT_NOTE":
        return consent_note()
    raise AttributeError(name)
