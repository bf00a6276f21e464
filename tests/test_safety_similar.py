"""The nearest-exemplar check (guide/safety/similar.py) and how the detector uses it."""

from __future__ import annotations

import marshal

import pytest
import yaml

from guide.safety import assess, explain, normalized
from guide.safety.cases import load_holdout_cases
from guide.safety.detector import _assess
from guide.safety.rules import default_rules
from guide.safety.similar import (
    EXEMPLARS_PATH,
    ExemplarsError,
    _StoredTable,
    compile_similar,
    default_similar,
    load_similar,
)

SMALL = {
    "settings": {"enabled": True, "prefilter_idf": 0.5, "prefilter_weight": 0.5,
                 "tier2": {"score": 0.2, "margin": 0.15},
                 "tier1": {"score": 0.3, "margin": 0.2}},
    "risk": [
        {"group": "hopelessness/2", "category": "hopelessness", "tier": 2, "exemplars": [
            {"id": "h-1", "text": "nothing will ever get better for me"},
            {"id": "h-2", "text": "i have stopped hoping things will change"},
            {"id": "h-3", "text": "there is no way out of this hole"},
        ]},
        {"group": "self_harm/1", "category": "self_harm", "tier": 1, "exemplars": [
            {"id": "s-1", "text": "i burn my arm with a lighter to feel something"},
            {"id": "s-2", "text": "the blade in my drawer is for the bad nights"},
        ]},
    ],
    "benign": [
        {"group": "trap:anxiety", "exemplars": [
            "why do i panic when he does not text back",
            "how do i stop checking his location",
            "is it normal to feel anxious after sex",
        ]},
        {"group": "everyday", "exemplars": [
            "set a timer for ten minutes", "what is the weather tomorrow", "book a table for two",
        ]},
    ],
}


def tokens(text: str) -> list[str]:
    return default_rules().normalizer.tokens(text)


@pytest.fixture(scope="module")
def small():
    return compile_similar(SMALL)


def test_close_to_a_risk_group_and_clearly_closer_than_benign(small):
    m = small.check(tokens("nothing is ever going to get better for me"))
    assert m is not None and m.category == "hopelessness" and m.tier == 2
    assert m.exemplar_id == "h-1" and m.exemplar == "nothing will ever get better for me"
    assert small.check(tokens("why do i panic when she does not text back")) is None


def test_a_takeover_needs_a_very_clear_match_with_a_tier_1_group(small):
    m = small.check(tokens("i burn my arm with a lighter"))
    assert m is not None and m.tier == 1 and m.category == "self_harm"
    sc = small.scores(tokens("i burn my arm with a lighter"))
    assert sc.risk >= 0.3 and sc.margin >= 0.2


def test_short_messages_and_prefilter(small):
    assert small.scores(tokens("no way out")) is None  # fewer than five words
    assert small.scores(tokens("yes i am")) is None
    assert small.scores(tokens("please book a table tonight")) is None  # no risk word
    assert small.scores(tokens("please book a table tonight"), prefilter=False) is not None


def test_settings_and_structure_are_checked():
    with pytest.raises(ExemplarsError, match="tier1 and tier2"):
        compile_similar({**SMALL, "settings": {"tier2": {"score": 0.2}}})
    with pytest.raises(ExemplarsError, match="category must be"):
        compile_similar({**SMALL, "risk": [{"group": "x", "category": "nope", "tier": 1,
                                            "exemplars": ["a b c"]}]})
    with pytest.raises(ExemplarsError, match="both risk and benign"):
        compile_similar({**SMALL, "benign": []})
    with pytest.raises(ExemplarsError, match="twice"):
        compile_similar({**SMALL, "benign": SMALL["benign"] + SMALL["benign"][:1]})


def test_disabled_settings_flag_nothing():
    index = compile_similar({**SMALL, "settings": {**SMALL["settings"], "enabled": False}})
    assert index.check(tokens("nothing is ever going to get better for me")) is None


# -- the bundled exemplars, through assess() -------------------------------------------------

INDEX = default_similar()
needs_index = pytest.mark.skipif(INDEX is None, reason="similarity check off")


@needs_index
def test_a_hit_names_the_exemplar_and_spans_the_message():
    text = "he sulks for days unless i sleep with him"
    a = assess(text)
    assert a.tier >= 1 and _assess(text, default_rules(), None, None).tier == 0  # rules miss it
    (hit,) = a.hits
    assert hit.rule.startswith("similar:") and hit.text
    assert hit.span == (0, len(normalized(text)))
    assert a.resources_first  # the category's resources


@needs_index
def test_the_rules_decision_is_never_overruled():
    # a rule matched and decided (negated, past, a question about the topic): no second opinion
    for text in ("i'm not suicidal, i just want to know about oxytocin",
                 "i used to self harm years ago, does attachment style change",
                 "does the article say anything about suicide?"):
        trace = explain(text)["matches"]
        assert not any(m["kind"] == "similar" for m in trace), text
        assert assess(text).tier == 0


@needs_index
def test_explain_shows_the_scores():
    trace = explain("he sulks for days unless i sleep with him")["matches"]
    (sim,) = [m for m in trace if m["kind"] == "similar"]
    assert sim["status"].startswith("tier") and sim["margin"] >= INDEX.settings.tier2_margin
    assert sim["risk"][0] and sim["benign"][0] and sim["exemplar"][0]
    quiet = explain("how long should i wait before texting him back after a date")["matches"]
    assert all(m["status"] != "tier 1" for m in quiet if m["kind"] == "similar")


@needs_index
def test_everyday_and_on_topic_messages_stay_quiet():
    for text in ("set an alarm for six tomorrow morning", "what does point 5 say about self soothing",
                 "why do i feel so needy after sex with my boyfriend",
                 "I'm dying to know what point 5 means", "my anxiety is killing my relationship",
                 "this article is killing me lol"):
        assert assess(text).tier == 0, text


def test_off_switch(monkeypatch):
    text = "he sulks for days unless i sleep with him"
    monkeypatch.setenv("GUIDE_SAFETY_SIMILAR", "0")
    default_similar.cache_clear()
    try:
        assert default_similar() is None
        assert _assess(text, default_rules(), None, default_similar()).tier == 0
    finally:
        monkeypatch.delenv("GUIDE_SAFETY_SIMILAR")
        default_similar.cache_clear()


# -- data hygiene and the cache ----------------------------------------------------------------


def test_exemplars_never_come_from_the_holdout_set():
    from rapidfuzz import fuzz, process

    data = yaml.safe_load(EXEMPLARS_PATH.read_text())
    texts = [e["text"] if isinstance(e, dict) else e
             for side in ("risk", "benign") for g in data[side] for e in g["exemplars"]]
    holdout = [c.text.casefold() for c in load_holdout_cases()]
    assert holdout and texts
    assert not {t.casefold() for t in texts} & set(holdout)
    near = [t for t in texts if process.extractOne(t.casefold(), holdout, scorer=fuzz.ratio,
                                                   score_cutoff=90)]
    assert not near


def test_cache_round_trip_and_corruption(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_SAFETY_CACHE", str(tmp_path))
    text = tokens("he sulks for days unless i sleep with him")
    fresh = load_similar(use_cache=False).scores(text)
    load_similar()  # writes the cache
    (cached,) = tmp_path.glob("safety-similar-*.marshal")
    again = load_similar()
    assert again._body is not None and not again._ready  # only the header was read
    assert again.scores(text) == fresh
    body = cached.read_bytes()
    cached.write_bytes(body[:8] + b"garbage")  # a broken cache recompiles
    assert load_similar().scores(text) == fresh
    cached.write_bytes((1 << 62).to_bytes(8, "little") + marshal.dumps({}))
    assert load_similar().scores(text) == fresh


def test_the_cached_tables_decode_what_a_message_needs_and_score_as_compiled(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_SAFETY_CACHE", str(tmp_path))
    fresh = load_similar(use_cache=False)
    load_similar()  # writes the cache
    cached = load_similar()
    first = tokens("he says nobody would even notice if i just disappeared")
    assert cached.scores(first) == fresh.scores(first)
    for table in (cached._word_post, cached._char_df):  # a few of the buckets only
        assert 0 < sum(table._decoded) < len(table._decoded) / 10
    messages = [tokens(case.text) for case in load_holdout_cases()]
    assert len(messages) > 100
    for message in messages:  # (scored whether or not they pass the prefilter)
        assert cached.scores(message, prefilter=False) == fresh.scores(message, prefilter=False)


def test_a_damaged_part_of_the_cache_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_SAFETY_CACHE", str(tmp_path))
    text = tokens("he says nobody would even notice if i just disappeared")
    fresh = load_similar(use_cache=False).scores(text)
    load_similar()  # writes the cache
    (cached,) = tmp_path.glob("safety-similar-*.marshal")
    data = bytearray(cached.read_bytes())
    header = int.from_bytes(data[:8], "little")  # (the header and the body: length, CRC-32, data)
    groups = 24 + header + int.from_bytes(data[12 + header:20 + header], "little")  # each group's data: after the body
    data[groups:] = bytes(b ^ 0xFF for b in data[groups:])  # damaged, the same length
    cached.write_bytes(bytes(data))
    index = load_similar()
    assert index.scores(text) == fresh
    assert index._wweights._groups._compiled is not None  # (compiled again)
    table = {f"feature {n}": n for n in range(3000)}
    packed, offsets, crcs = _StoredTable.pack(table)
    damaged = bytearray(packed)
    damaged[len(damaged) // 2] ^= 0xFF
    stored = _StoredTable(bytes(damaged), offsets, crcs, lambda: table)
    assert stored.values(list(table), None) == list(table.values())


def test_load_reads_only_the_header(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_SAFETY_CACHE", str(tmp_path))
    load_similar()
    index = load_similar()
    assert index.vocab and index.groups and not index._ready
    index.scores(tokens("what does the article say about oxytocin"))  # no risk word: not read
    assert not index._ready
