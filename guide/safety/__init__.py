"""Safety layer: a risk check on every message, before intent matching.

Policy: ../shared/docs/safety.md. Rules are data (rules.yaml, documented in
docs/safety-rules.md); where no rule pattern matches, a nearest-exemplar check
(similar.py, over the labelled messages of exemplars.yaml) gives a second opinion;
replies are fixed, reviewed text (replies.yaml).

Typical use by the conversation layer::

    a = assess(text)               # every message, before matching
    if a.tier == 1:                # takeover: the fixed reply only, no article content
        reply = safety_reply(a)
    elif a.tier == 2:              # resources first, then a short, careful answer
        reply = safety_reply(a)    # ... followed by the answer, if any
    elif a.footer:                 # answer, plus resource_footer() under it
        ...
    if a.consent_note:             # coercion, unwanted sex, sex as a fix for anxiety
        ...                        # add consent_note() as an editor's note (not on tier 1)

Sessions: after any tier-1 or tier-2 assessment the session stays careful (see
docs/safety-rules.md, "Sessions").
"""

from guide.safety.detector import (
    Assessment,
    RuleHit,
    assess,
    explain,
    is_help_request,
    load,
    names_a_help_line,
    normalized,
)

# The replies are imported on first use (most messages need none): faster `guide ask` starts.
_REPLIES = frozenset(["REGIONS", "SafetyReply", "consent_note", "continuation_reply", "help_reply",
                      "not_safe_reply", "regional", "resource_footer", "resource_keys", "resources_text",
                      "safe_texts", "safety_reply"])

__all__ = [
    "CONSENT_NOTE",
    "REGIONS",
    "Assessment",
    "RuleHit",
    "SafetyReply",
    "assess",
    "consent_note",
    "continuation_reply",
    "explain",
    "help_reply",
    "is_help_request",
    "load",
    "names_a_help_line",
    "normalized",
    "not_safe_reply",
    "regional",
    "resource_footer",
    "resource_keys",
    "resources_text",
    "safe_texts",
    "safety_reply",
]


def __getattr__(name: str) -> object:
    if name in _REPLIES:
        from guide.safety import replies

        return getattr(replies, name)
    if name == "CONSENT_NOTE":  # read from replies.yaml on first use, not at import
        from guide.safety.replies import consent_note

        return consent_note()
    raise AttributeError(f"module 'guide.safety' has no attribute {name!r}")
