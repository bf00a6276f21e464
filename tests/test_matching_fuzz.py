"""Whatever is typed or pasted, ranking and deciding return well-formed values and never raise."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from guide.matching.index import Decision, Index, IntentSpec, MatchSettings, Ranking
from guide.matching.normalize import Normalized

INDEX = Index.build(
    [
        IntentSpec("touch", ("why does touch calm me", "is a hug soothing", "שלום touch")),
        IntentSpec("hormones", ("which hormones", "what does oxytocin do", "hormones [b]bold[/b]")),
        IntentSpec("hormones#1", ("tell me more", "why?"), context="hormones"),
        IntentSpec("empty", ("?!",)),
    ],
    {"touch": ["holding hands", "hug"], "hormones": ["chemicals"]},
    MatchSettings(answer=0.5, clarify=0.3, margin=0.05, max_input_chars=200),
)
KEYS = {intent.key for intent in INDEX.intents}

PIECES = [
    "", " ", "\t", "\n", "\r\n", "\x00", "\x1b[31m", "\x1b]8;;x\x07", "\x7f", "\u200b", "\u200d",
    "\u202e", "\u2066", "\ufeff", "[/]", "[b]", "[/b]", "[$accent]", "[link=x]", "<i>", "</i>",
    "**", "__", "`", "&amp;", "&#0;", "'", "’", "?", "!!!", "...", "😀", "👩\u200d💻", "🇫🇷",
    "שלום", "مرحبا", "日本語", "ℌ", "ﬁ", "Ｔｏｕｃｈ", "é", "e\u0301", "touch", "hormones", "hug",
    "holding hands", "tell me more", "dont", "i'm", "atachment", "a" * 300, "\U0010ffff",
    "❶", "²", "٣", "point", "number", "#", "pills", "took",
]
texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=8).map(" ".join),
)
contexts = st.sampled_from([None, "hormones", "touch", "no-such-node", ""])


@settings(max_examples=400, deadline=None)
@given(text=texts, context=contexts, limit=st.integers(0, 6))
@example(text="1 A:00 ? 0 0 TOUC", context=None, limit=0)  # a tie at nothing once "ranked" a topic
@example(text="0 touch 1\n1 1 1", context=None, limit=0)  # the whole message once answered from a left-out topic
def test_any_text_gives_a_well_formed_ranking_and_decision(
    text: str, context: str | None, limit: int
) -> None:
    ranking = INDEX.rank(text, context=context, limit=limit)
    assert isinstance(ranking, Ranking)
    assert ranking.input == text
    assert ranking.truncated == (len(text) > 200)
    check_normalized(ranking.normalized)
    assert len(ranking.candidates) <= limit
    order = [(-c.score, c.key) for c in ranking.candidates]
    assert order == sorted(order)
    for candidate in ranking.candidates:
        assert candidate.key in KEYS
        assert 0.0 <= candidate.score <= 1.0
        assert candidate.in_context == (candidate.key == "hormones#1")
        if candidate.key == "hormones#1":
            assert context == "hormones"
    check_decision(INDEX.decide(ranking), ranking)


def check_normalized(normalized: Normalized) -> None:
    assert normalized.text == " ".join(normalized.tokens)
    for token in normalized.tokens:
        assert token and token == token.strip() and " " not in token
        assert token.isprintable()
        assert token.casefold() == token


def check_decision(decision: Decision, ranking: Ranking) -> None:
    assert decision.kind in ("answer", "clarify", "fallback")
    assert isinstance(decision.reason, str) and decision.reason
    assert 0.0 <= decision.confidence <= 1.0
    assert set(decision.candidates) <= set(ranking.candidates)
    if decision.kind == "answer":
        assert decision.candidates == ranking.candidates[:1]
    elif decision.kind == "clarify":
        assert 1 <= len(decision.candidates) <= 3
        assert len(decision.candidates) >= min(2, len(ranking.candidates))
    else:
        assert len(decision.candidates) <= 3


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_normalizer_handles_any_text(text: str) -> None:
    check_normalized(INDEX.normalizer.normalize(text))


def test_digits_int_cannot_read_are_no_numbers() -> None:
    """"❶" and "²" are digits to str.isdigit but not to int(): a point, a choice or a dose
    written with them must not raise (the safety check and the list reference did)."""
    from guide.conversation import Engine, Session
    from guide.dialog.loader import load_guide
    from guide.matching.ordinals import reference
    from guide.paths import BUNDLED_GUIDE
    from guide.safety import assess
    from guide.tui.app import whole_number

    session = Session(Engine.build(load_guide(BUNDLED_GUIDE).guide))
    for text in ("❶", "point ❶", "way number ⁴", "option ❷", "#❸", "took ❸❹ tablets", "5²", "²"):
        assess(text)
        reference(text)
        assert session.respond(text).kind in ("answer", "clarify", "fallback", "safety", "command")
        assert whole_number(text) is None
    assert reference("point ٣") is not None and reference("point ٣").number == 3  # Arabic-Indic 3
    assert whole_number(" ٣ ") == 3
