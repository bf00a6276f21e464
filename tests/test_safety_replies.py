"""Fixed safety replies: verified resource wording, order, tone, the footer, the
consent note."""

from __future__ import annotations

import re

import pytest

from guide.safety import (
    CONSENT_NOTE,
    Assessment,
    assess,
    consent_note,
    help_reply,
    resource_footer,
    resource_keys,
    resources_text,
    safety_reply,
)
from guide.safety.cases import REPO_ROOT
from guide.safety.replies import _texts
from guide.safety.rules import default_rules

# safety.md section 2, verbatim
VERIFIED = {
    "emergency": "If you are in immediate danger, call your local emergency number (911 in the "
                 "US, 999 in the UK, 112 in the EU).",
    "helplines": "For a free, confidential helpline in your country, see findahelpline.com.",
    "crisis_line": "In the US you can call or text 988, or chat at 988lifeline.org.",
    "samaritans": "In the UK and Ireland, Samaritans answer on 116 123 (free).",
    "sexual_assault": "US sexual assault: RAINN, 800-656-4673.",
    "domestic_violence": "US domestic violence: 800-799-7233, or text START to 88788.",
}
POLICY = REPO_ROOT.parent / "shared" / "docs" / "safety.md"
ARTICLE = REPO_ROOT.parent / "shared" / "sources" / "zeroopposite-attachment-anxiety.txt"


def test_resources_are_the_verified_wording():
    assert dict(zip(resource_keys(), resources_text(), strict=True)) == VERIFIED


@pytest.mark.skipif(not POLICY.is_file(), reason="no shared safety.md")
def test_resources_match_the_policy_text():
    quote = " ".join(line.lstrip("> ").strip() for line in POLICY.read_text().splitlines()
                     if line.startswith(">"))
    for line in resources_text():
        assert line in quote


def test_resources_text_puts_chosen_lines_first():
    lines = resources_text(("domestic_violence", "emergency"))
    assert lines[:2] == (VERIFIED["domestic_violence"], VERIFIED["emergency"])
    assert sorted(lines) == sorted(VERIFIED.values())
    with pytest.raises(KeyError):
        resources_text(("nope",))


@pytest.mark.parametrize(("text", "first"), [
    ("I've written the note and I'm doing it tonight", ("emergency",)),
    ("He's banging on the door and I think he's going to hurt me",
     ("emergency", "domestic_violence")),
    ("he raped me", ("sexual_assault",)),
    ("my husband hits me", ("domestic_violence",)),
    ("I want to kill myself", ("crisis_line",)),
    ("I'm 15 and my boyfriend wants sex", ("helplines",)),
])
def test_specialist_or_emergency_line_first(text, first):
    reply = safety_reply(assess(text))
    assert reply.resources[:len(first)] == tuple(VERIFIED[k] for k in first)


def test_immediate_danger_replies_are_short():
    reply = safety_reply(assess("He's banging on the door and I think he's going to hurt me"))
    assert len(reply.resources) <= 3
    full = safety_reply(assess("I want to kill myself"))
    assert len(full.resources) == len(VERIFIED)


def _all_replies():
    return _texts()["replies"].items()


@pytest.mark.parametrize(("category", "spec"), list(_all_replies()))
def test_reply_tone(category, spec):
    ack, check = spec["acknowledgement"], spec["check_in"]
    assert len(re.findall(r"[.!?](?:\s|$)", ack)) == 1, "one sentence of acknowledgement"
    questions = re.findall(r"[^.!?]*\?", ack + " " + check)
    leading = re.compile(r"\bnot\b|n.t\b|,? right\?|\bsurely\b", re.I)
    assert not [q for q in questions if leading.search(q)], "no leading questions"
    for word in ("sex can", "oxytocin", "orgasm", "intercourse"):
        assert word not in (ack + check).lower()


@pytest.mark.skipif(not ARTICLE.is_file(), reason="no shared article")
def test_replies_never_quote_the_article():
    words = re.findall(r"[a-z']+", ARTICLE.read_text().lower())
    grams = {" ".join(words[i:i + 5]) for i in range(len(words) - 4)}
    texts = [t for _, spec in _all_replies() for t in (spec["acknowledgement"], spec["check_in"])]
    texts += [resource_footer(), consent_note()]
    for text in texts:
        mine = re.findall(r"[a-z']+", text.lower())
        assert not {" ".join(mine[i:i + 5]) for i in range(len(mine) - 4)} & grams, text


def test_every_category_has_its_reply():
    names = {name for name, _ in _all_replies()}
    assert set(default_rules().categories) <= names


def test_plain_text_order():
    reply = safety_reply(assess("I don't want to be here anymore"))
    text = reply.plain_text()
    assert text.index(reply.acknowledgement) < text.index(reply.resources[0]) \
        < text.index(reply.check_in)


def test_tier_zero_gets_a_safe_default():
    reply = safety_reply(Assessment(0, None, (), False, ()))
    assert reply.acknowledgement and len(reply.resources) == len(VERIFIED)


def test_footer_is_one_factual_line():
    footer = resource_footer()
    assert "\n" not in footer
    for fact in ("findahelpline.com", "988", "116 123", "emergency number"):
        assert fact in footer


def test_help_reply_lists_everything():
    assert help_reply().resources == resources_text()


def test_consent_note():
    note = consent_note()
    assert note == CONSENT_NOTE
    assert not note.startswith("Editor's note"), "views label the block; the text must not repeat it"
    for part in ("opinion, not evidence", "never an obligation", "saying no",
                 "changing your mind", "Impett & Peplau 2002", VERIFIED["domestic_violence"],
                 VERIFIED["sexual_assault"]):
        assert part in note
    assert "couples should prioritize regular sexual interactions" not in note


def test_minor_reply():
    reply = safety_reply(assess("i'm 14 and want to know about sex"))
    assert "adults" in reply.acknowledgement
    assert "trusted adult" in reply.check_in and "findahelpline.com" in reply.check_in


# The threat may come from a partner, a parent, a flatmate, a landlord, a carer, a boss or a stranger online:
# a reply that any of them can get does not name one of them. Only compliance (sex to keep a relationship)
# and the consent note, which are about a partner by definition, may.
WHO = re.compile(r"\b(partner|husband|wife|boyfriend|girlfriend|spouse|ex)\b", re.IGNORECASE)


def _reply_strings(node, path=""):
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _reply_strings(value, f"{path}.{key}" if path else str(key))


@pytest.mark.parametrize(("path", "text"), [
    (path, text) for path, text in _reply_strings({"replies": _texts()["replies"], "flow": _texts()["flow"]})
    if not path.startswith("replies.compliance")])
def test_no_reply_assumes_who_the_threat_comes_from(path, text):
    assert not WHO.search(text), (path, text)


@pytest.mark.parametrize("text", ["my landlord said he'll break my legs if i don't pay by friday",
                                  "my flatmate hits me when he's drunk", "my carer slaps me and takes my money",
                                  "my dad hits me", "my husband hits me"])
def test_the_violence_reply_fits_whoever_it_comes_from(text):
    reply = safety_reply(assess(text)).plain_text()
    assert not WHO.search(reply.split("US domestic violence")[0]), reply
