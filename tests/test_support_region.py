"""A guide's support region orders the support lines everywhere they are listed: the welcome
notice, the one-line footer, every safety reply, the flow's replies and `help`; the lines that
serve one country only come after the region's own lines and their verified equivalents, and
stay listed; the emergency line is never dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.conversation import new_session
from guide.dialog.loader import load_guide
from guide.safety import assess, not_safe_reply, regional, resource_footer, safety_reply

SAMARITANS = "Samaritans answer on 116 123"
US_CRISIS = "988"
EMERGENCY = "emergency number"
RAINN = "RAINN"
US_DV = "US domestic violence"

DEFAULT_FOOTER = ("If you ever need support: findahelpline.com lists free, confidential helplines; in the US call "
                  "or text 988; in the UK and Ireland, Samaritans answer on 116 123; in immediate danger, call your "
                  "local emergency number.")


def _guide(make_guide, region: str | None) -> Path:
    root = make_guide()
    if region:
        manifest = root / "guide.yaml"
        manifest.write_text(manifest.read_text(encoding="utf-8") + f"support:\n  region: {region}\n", encoding="utf-8")
    return root


def _session(make_guide, region: str | None):
    result = load_guide(_guide(make_guide, region))
    assert result.ok, result.problems
    return new_session(result.guide)


def _before(text: str, first: str, second: str) -> bool:
    return first in text and second in text and text.index(first) < text.index(second)


def test_the_default_footer_reads_as_the_verified_line():
    assert resource_footer() == DEFAULT_FOOTER
    assert resource_footer("us") == DEFAULT_FOOTER


@pytest.mark.parametrize("region", ["uk", "ie"])
def test_a_uk_or_irish_welcome_notice_names_samaritans_before_988(make_guide, region):
    welcome = _session(make_guide, region).welcome()
    (notice,) = [b.text for b in welcome.blocks if b.type == "safety"]
    assert _before(notice, SAMARITANS, US_CRISIS)
    assert notice.rstrip(".").endswith("call your local emergency number"), "the emergency part is never dropped"


def test_the_us_welcome_notice_is_unchanged(make_guide):
    (notice,) = [b.text for b in _session(make_guide, None).welcome().blocks if b.type == "safety"]
    assert notice == DEFAULT_FOOTER


def test_a_uk_footer_under_an_answer_names_samaritans_first(make_guide):
    session = _session(make_guide, "uk")
    reply = session.respond("i'm not suicidal, tell me about dogs")
    assert reply.footer and _before(reply.footer, SAMARITANS, US_CRISIS)


def test_a_uk_footer_after_a_loss_told(make_guide):
    reply = _session(make_guide, "uk").respond("i lost my brother to suicide")
    assert reply.kind != "safety"
    assert reply.footer and _before(reply.footer, SAMARITANS, US_CRISIS)


def _lines(reply) -> list[str]:
    return list(reply.resources)


def test_a_uk_suicidal_reply_lists_samaritans_first_and_us_only_lines_last():
    lines = _lines(safety_reply(assess("i want to kill myself"), "uk"))
    assert SAMARITANS.split(" answer")[0] in lines[0]
    us_only = [i for i, line in enumerate(lines) if RAINN in line or US_DV in line or US_CRISIS in line]
    others = [i for i, line in enumerate(lines) if i not in us_only]
    assert us_only and max(others) < min(us_only), lines
    assert any(EMERGENCY in line for line in lines)


def test_a_uk_sexual_assault_reply_puts_the_directory_before_rainn_and_keeps_rainn():
    lines = _lines(safety_reply(assess("i was raped last year"), "uk"))
    rainn = next(i for i, line in enumerate(lines) if RAINN in line)
    directory = next(i for i, line in enumerate(lines) if "findahelpline.com" in line)
    assert directory < rainn


def test_a_uk_domestic_violence_reply_keeps_the_us_line_after_the_uk_ones():
    lines = _lines(safety_reply(assess("my boyfriend hits me"), "uk"))
    dv = next(i for i, line in enumerate(lines) if US_DV in line)
    assert any(SAMARITANS.split(" answer")[0] in line for line in lines[:dv])
    assert any("findahelpline.com" in line for line in lines[:dv])


def test_a_uk_immediate_danger_reply_keeps_the_emergency_number_first_and_names_samaritans():
    lines = _lines(safety_reply(assess("i have taken 40 pills"), "uk"))
    assert EMERGENCY in lines[0]
    assert any("Samaritans" in line for line in lines), lines
    assert len(lines) <= 3


def test_a_us_immediate_danger_reply_is_unchanged():
    lines = _lines(safety_reply(assess("i have taken 40 pills")))
    assert EMERGENCY in lines[0] and US_CRISIS in lines[1] and "findahelpline" in lines[2]


def test_the_not_safe_reply_in_a_uk_guide():
    reply = not_safe_reply(False, "uk")
    assert EMERGENCY in reply.lead
    assert "Samaritans" in reply.resources[0]
    assert any(US_CRISIS in line for line in reply.resources), "the US line stays, after"


def test_help_in_a_uk_guide_lists_every_line_samaritans_before_the_us_ones(make_guide):
    reply = _session(make_guide, "uk").respond("help")
    text = "\n".join(b.text for b in reply.blocks if b.type == "safety")
    assert _before(text, SAMARITANS, US_CRISIS) and _before(text, SAMARITANS, RAINN)
    assert EMERGENCY in text and RAINN in text and US_DV in text


def test_regional_puts_verified_equivalents_before_a_one_country_line():
    assert regional(["crisis_line"], "uk") == ["samaritans", "crisis_line"]
    assert regional(["sexual_assault"], "eu") == ["helplines", "sexual_assault"]
    assert regional(["emergency", "domestic_violence"], "uk") == ["emergency", "helplines", "domestic_violence"]
    assert regional(["crisis_line", "sexual_assault"], "us") == ["crisis_line", "sexual_assault"]


@pytest.mark.parametrize("region", ["us", "uk", "ie", "eu"])
@pytest.mark.parametrize("message", ["i was raped last night", "my husband hits me and i am scared"])
def test_the_words_after_the_lines_name_no_one_countrys_service(message, region):
    """The lines are ordered by region; the sentence after them must suit every reader, so it
    speaks of "these lines", never of one service a reader abroad cannot call."""
    reply = safety_reply(assess(message), region)
    assert assess(message).tier in (1, 2)
    assert RAINN not in reply.check_in and "hotline" not in reply.check_in
    assert "these lines" in reply.check_in
