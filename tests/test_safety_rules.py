"""The safety rules: normalization, the pattern language, the decision steps, the
rules data and its cache. Behaviour on whole messages is in test_safety_cases.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guide.safety import assess, explain, is_help_request, normalized
from guide.safety.rules import RULES_PATH, RulesError, _read_cache, compile_rules, default_rules, load_rules


def norm(text: str) -> str:
    return normalized(text)


# -- normalization ----------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("I don't want to", "i do not want to"),
    ("I won't, I can't", "i will not , i can not"),
    ("im sure its fine", "i am sure its fine"),
    ("dont wanna", "do not want to"),
    ("He’s here", "he is here"),
    ("my partner's phone", "my partner phone"),
    ("k1ll mys3lf", "kill myself"),
    ("k*ll myself", "kill myself"),
    ("su1c1de", "suicide"),
    ("sooooo tired", "so tired"),
    ("ｋｉｌｌ ｍｙｓｅｌｆ", "kill myself"),
    ("su\u200bicide", "suicide"),
    ("self-harm", "self harm"),
    ("kms", "kill myself"),
    ("sucidal", "suicidal"),
    ("myslf", "myself"),
    ("hopless", "hopeless"),
    ("self harmin", "self harming"),
    ("I'm 16", "i am 16"),
    ("suicidl", "suicidal"),  # a tie in fuzzy repair goes to the same last letter
    ("klil myself", "kill myself"),  # four-letter words: only towards spelling.fuzzy_short
    ("relased", "relased"),  # as close to "released" (a rival) as to "relapsed": left alone
    ("no. more", "no . more"),
])
def test_normalization(raw, expected):
    assert norm(raw) == expected


@pytest.mark.parametrize("word", ["homeless", "loving", "shared", "content", "tables",
                                  "related", "strange", "rapid", "overdone", "pressed"])
def test_fuzzy_repair_leaves_common_words_alone(word):
    assert norm(word) == word


def test_long_input_is_bounded():
    middle = "I am fine. " * 5_000 + "I want to kill myself. " + "I am fine. " * 5_000
    assert assess(middle).tier == 0  # only the first and the last 20,000 characters are read
    assert assess("I want to kill myself. " + "ok " * 50_000).tier == 1
    assert assess("I am fine. " * 20_000 + "I want to kill myself").tier == 1  # said after a long paste


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_assess_never_fails(text):
    a = assess(text)
    assert a.tier in (0, 1, 2)
    assert bool(a) == (a.tier > 0)
    for hit in a.hits:
        s, e = hit.span
        if hit.rule.startswith("similar:"):  # the whole message; text is the exemplar
            assert (s, e) == (0, len(normalized(text))) and hit.text
        else:
            assert normalized(text)[s:e] == hit.text
    is_help_request(text)


@pytest.mark.parametrize("text", ["", "   ", "[/]", "[b]kill[/b]", "😂😂😂", "\x00\x1b[31m",
                                  "...", "?!", "'", "-", "i'", "'m"])
def test_odd_input(text):
    assert assess(text).tier == 0


# -- decision steps -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "tier", "footer"), [
    ("I'm not suicidal", 0, True),
    ("i am no longer suicidal", 0, True),
    ("I don't want to die", 0, True),
    ("I would never hurt myself", 0, True),
    ("I'm not suicidal, I just want to know about oxytocin", 0, True),
    ("I'm not suicidal but I don't see the point of anything anymore", 2, False),
    ("I'm not sad and I want to die", 1, False),
    ("I can't stop thinking about killing myself", 1, False),
    ("I don't know how to kill myself", 1, False),
    ("I'm not going to kill myself, I just think about it constantly", 2, False),
    # a negator inside a long hit only counts when no clause ends after it
    ("he's outside my house and won't leave, I'm terrified", 1, False),
])
def test_negation_is_clause_aware(text, tier, footer):
    a = assess(text)
    assert (a.tier, a.footer) == (tier, footer), a


@pytest.mark.parametrize(("text", "tier", "category"), [
    ("I used to self-harm in high school", 0, None),
    ("years ago I was suicidal", 0, None),
    ("I used to self harm and lately I've started again", 2, "recurrence"),
    ("I used to feel suicidal and I feel that way again", 2, "recurrence"),
    ("I used to feel suicidal years ago, and I want to die", 1, "suicidal_ideation"),
    ("my ex used to hit me", 2, "domestic_violence"),
    ("I was raped years ago", 2, "sexual_assault"),
])
def test_past_history(text, tier, category):
    a = assess(text)
    assert (a.tier, a.category) == (tier, category), a


def test_jokes_lower_but_never_silence_ideation():
    assert assess("kms lol").tier == 2
    assert assess("i want to die lmao").tier == 2
    a = assess("this relationship is hopeless lol")
    assert (a.tier, a.footer) == (0, True)
    assert assess("I'm not kidding, I want to die").tier == 1


def test_minimiser_lowers_ideation_to_tier_2():
    assert assess("I want to die but I would never actually do it").tier == 2
    assert assess("I want to die").tier == 1


def test_third_party():
    a = assess("my friend wants to kill herself")
    assert (a.tier, a.category) == (2, "third_party")
    a = assess("my friend wants to kill herself tonight")
    assert (a.tier, a.category, a.resources_first[0]) == (1, "immediate_danger", "emergency")
    a = assess("asking for a friend, what's a lethal dose of tylenol")
    assert (a.tier, a.category) == (1, "method_seeking")
    a = assess("my sister's husband hits her")
    assert (a.tier, a.category, a.resources_first[0]) == (2, "third_party", "domestic_violence")


def test_objects_are_not_who_it_is_about():
    # "everyone" after "to" is not the subject: the burden is the reader's
    a = assess("I'm a burden to everyone")
    assert (a.tier, a.category) == (2, "hopelessness")
    assert assess("my sister says she is a burden to everyone").category == "third_party"
    assert assess("i want to be with my mom in heaven").category == "suicidal_ideation"


def test_fiction_and_game_frames():
    a = assess("the main character in my novel is suicidal, how do I write her?")
    assert (a.tier, a.footer) == (0, True)
    assert assess("my friend is suicidal").category == "third_party"
    a = assess("i keep killing myself by accident in minecraft")
    assert (a.tier, a.footer) == (0, True)
    assert assess("i keep thinking about killing myself").tier == 1
    # a frame does not lower the reader's own method question
    assert assess("for a story, how many pills would be a lethal dose").tier == 1


def test_own_combos_count_only_the_readers_hits():
    a = assess("I was raped last night")
    assert (a.tier, a.category) == (1, "sexual_assault")
    a = assess("my friend was raped last night, what do I do")
    assert (a.tier, a.category, a.resources_first[0]) == (2, "third_party", "sexual_assault")


def test_meta_mentions_only_earn_the_footer():
    a = assess("what does the article say about self-harm?")
    assert (a.tier, a.footer) == (0, True)
    assert assess("I self-harm. What does the article say?").tier == 1
    assert assess("suicide").tier == 1
    assert assess("can sex help with suicidal thoughts?").tier == 1  # "with suicidal thoughts"
    a = assess("is suicide common among anxious people?")
    assert (a.tier, a.footer) == (0, True)
    assert assess("can sex help with suicide").tier == 2  # a bare mention, no research words


def test_combos_raise_to_immediate_danger():
    a = assess("I wrote the note. tonight is the night")
    assert (a.tier, a.category) == (1, "immediate_danger")
    a = assess("he hit me again and he's coming home soon")
    assert (a.tier, a.category, a.resources_first[:2]) == (
        1, "immediate_danger_dv", ("emergency", "domestic_violence"))
    assert assess("we're doing it tonight, any tips?").tier == 0


def test_consent_note_flag():
    assert assess("can sex fix my anxiety?").consent_note
    assert assess("should we prioritize regular sex like the article says?").consent_note
    assert not assess("what does oxytocin do?").consent_note
    coercion = assess("he won't let me sleep until I have sex")
    assert coercion.consent_note and coercion.tier == 2
    assert not assess("he won't let me sleep until I have sex and I want to die").consent_note


def test_hits_explain_what_matched():
    a = assess("honestly I want to kms")
    assert a.hits and all(h.rule and h.category for h in a.hits)
    info = explain("honestly I want to kms")
    assert info["normalized"] == "honestly i want to kill myself"
    assert any(m["kind"] == "rule" for m in info["matches"])
    assert info["assessment"] == a


@pytest.mark.parametrize("text", ["help", "Help!", "i need help", "I need support",
                                  "hotline", "crisis line please", "is there a hotline?",
                                  "support", "can you give me the hotline numbers",
                                  "who can I talk to", "someone to talk to", "helpline",
                                  "resources", "HELP ME"])
def test_help_requests(text):
    assert is_help_request(text)


@pytest.mark.parametrize("text", ["how does sex help anxiety", "help me understand point 3",
                                  "what does the article say about partner support",
                                  "I need help understanding this", "does support help",
                                  "my partner is very supportive", "can you help me with point 5"])
def test_not_help_requests(text):
    assert not is_help_request(text)


# -- the pattern language -------------------------------------------------------------------

BASE = {
    "categories": {
        "danger": {"tier": 1, "resources": ["emergency"]},
        "low": {"tier": 2, "resources": ["helplines"]},
        "third_party": {"tier": 2, "resources": ["helplines"]},
        "recurrence": {"tier": 2, "resources": ["helplines"]},
    },
    "words": {"die": ["die", "dying"], "sad": ["sad*"]},
    "negation": {"negators": ["not"], "window": 3, "breakers": ["but"]},
}


def tiny(*patterns: str, **rule) -> object:
    data = dict(BASE, rules=[{"id": "r", "category": "danger", "patterns": list(patterns), **rule}])
    return compile_rules(data)


def run(rules, text: str) -> int:
    from guide.safety.detector import _assess

    return _assess(text, rules, None).tier


@pytest.mark.parametrize(("pattern", "yes", "no"), [
    ("want to @die", "i want to die", "i want to live"),
    ("want ~2 @die", "i want to just die", "i want to go home and then die"),
    ("really? @die", "die", "dies"),
    ("so @sad", "so saddened", "so happy"),
    ("@die !of", "i die", "i die of shame"),
    ("help $", "please help.", "help me"),
    ("^ help", "ok, help me", "please help me"),
    ("{go away|leave} now", "leave now", "go now"),
    ("{very much}? alone", "very much alone", "very much"),
    ("took #n pills", "took 30 pills", "took some pills"),
    # "$" after an optional element: the clause ends after it, or, when it is not there, after the one before
    ("^ want {to}? $", "want", "want a coffee"),
    ("^ want {to}? $", "want to", "want to go"),
    ("^ want {so much|badly}? $", "want so much", "want it so much"),
])
def test_pattern_language(pattern, yes, no):
    rules = tiny(pattern)
    assert run(rules, yes) == 1
    assert run(rules, no) == 0


def test_punctuation_elements_never_anchor():
    # "." is the rarest element here, but boundary tokens are never index keys
    rules = tiny("end {.|,} {my life|me}")
    assert run(rules, "i want to end it. me") == 0
    assert run(rules, "end. me") == 1


def test_gaps_do_not_cross_sentences():
    rules = tiny("want ~3 @die")
    assert run(rules, "want to die") == 1
    assert run(rules, "i want it. die") == 0


@pytest.mark.parametrize(("rules", "message"), [
    ({"rules": [{"id": "r", "category": "nope", "patterns": ["x"]}]}, "unknown category"),
    ({"rules": [{"id": "r", "category": "danger", "patterns": ["@nope"]}]}, "unknown word family"),
    ({"rules": [{"id": "r", "category": "danger", "patterns": ["~2 x"]}]}, "gap"),
    ({"rules": [{"id": "r", "category": "danger", "patterns": ["x?"]}]}, "anchor"),
    ({"rules": [{"id": "r", "category": "danger", "patterns": ["!x"]}]}, "must follow"),
    ({"rules": [{"id": "r", "category": "danger", "patterns": ["x"], "tier": 5}]}, "bad tier"),
    ({"rules": [{"id": "r", "category": "danger", "patterns": ["x"], "colour": 1}]}, "unknown keys"),
    ({"rules": [{"id": "r", "category": "danger", "patterns": ["x"]}] * 2}, "duplicate"),
    ({"combos": [{"id": "c", "category": "danger", "when": ["nope"]}]}, "unknown names"),
    ({"combos": [{"id": "c", "category": "danger", "when": ["danger"], "unless": "nope"}]}, "unless"),
])
def test_rules_errors_name_the_problem(rules, message):
    with pytest.raises(RulesError, match=message):
        compile_rules(dict(BASE, **rules))


# -- the bundled rules and their cache -------------------------------------------------------


def test_bundled_rules_are_consistent():
    import yaml

    rules = default_rules()
    replies = yaml.safe_load((RULES_PATH.parent / "replies.yaml").read_text())
    for name, cat in rules.categories.items():
        assert name in replies["replies"], f"no reply for category {name}"
        for key in cat.resources + cat.third_party_resources:
            assert key in replies["resources"], key
    used = {r.category for r in rules.rules.values()}
    assert used | {"third_party", "immediate_danger"} >= set(rules.categories)


def test_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_SAFETY_CACHE", str(tmp_path))
    fresh = load_rules(RULES_PATH)
    files = list(tmp_path.glob("safety-rules-*.marshal"))
    assert len(files) == 1
    cached = load_rules(RULES_PATH)
    assert cached.pattern_count == fresh.pattern_count
    assert cached.exact.keys() == fresh.exact.keys()
    assert all(cached.exact.get(word) == fresh.exact.get(word) for word in fresh.exact)
    files[0].write_bytes(b"garbage")
    assert load_rules(RULES_PATH).pattern_count == fresh.pattern_count
    assert _read_cache(files[0])["hash"] == fresh.source_hash


def test_cache_can_be_disabled(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_SAFETY_CACHE", "0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_rules(RULES_PATH)
    assert not list(tmp_path.rglob("*.marshal"))


@pytest.mark.parametrize(("text", "takeover_or_resources"), [
    ("i'm going to kill myself after the holidays", True),  # a plan with a time, not an idiom
    ("gonna kill myself when everyone's asleep", True),
    ("i'll kill myself for forgetting her birthday lol", False),  # the idiom, with a joke marker
    ("suicidal again today. the article made it worse", True),  # the article named in a statement
    ("does the article say anything about suicide", False),  # a question about the article: footer only
])
def test_idioms_and_article_mentions_do_not_hide_a_statement(text, takeover_or_resources):
    assert (assess(text).tier in (1, 2)) is takeover_or_resources


# -- round 4: structures, literal speech, questions about others ---------------------------


@pytest.mark.parametrize("text", [
    "i'd rather die than go back to him, and i mean it literally",
    "i should fall on my sword, and i don't mean resign",
])
def test_a_figure_of_speech_meant_literally_is_not_an_idiom(text):
    assert assess(text).tier >= 1


@pytest.mark.parametrize("text", ["i'd rather die than text him first", "i'm literally dying to see him"])
def test_literally_as_an_intensifier_keeps_the_idiom(text):
    assert assess(text).tier == 0


@pytest.mark.parametrize("text", [
    "do lemmings really jump off cliffs or is that a myth",
    "why are so many farmers taking their own lives",
    "why did the roman generals fall on their swords",
    "did the samurai throw themselves off the cliffs at saipan",
])
def test_a_question_about_a_named_subject_is_about_others(text):
    assert assess(text).tier == 0


@pytest.mark.parametrize("text", [
    "why do i keep wanting to jump off cliffs",
    "what's the point of living like this",
    "does anyone else want to jump off a bridge every day",
])
def test_a_question_that_brings_in_the_reader_is_still_theirs(text):
    assert assess(text).tier >= 1


@pytest.mark.parametrize(("text", "first"), [
    ("just swallowed a whole packet of nurofen", "emergency"),  # a means and what was done with it
    ("i've drunk some weedkiller", "emergency"),
    ("standing on the wrong side of the railing at the top of the car park", "emergency"),
    ("on the level crossing and i'm not moving", "emergency"),
    ("my ex is kicking the back door in", "emergency"),  # someone, a menace, now
    ("he's poured petrol all over the hallway", "emergency"),
    ("i've wedged a chair under the handle, he's trying to get in", "emergency"),
    ("my boyfriend said he'll cave my head in", "domestic_violence"),  # someone, a harm to come
])
def test_scenes_are_recognised_by_their_structure(text, first):
    a = assess(text)
    assert a.tier >= 1 and a.resources_first[0] == first, a


@pytest.mark.parametrize("text", [
    "my husband poured petrol into the lawnmower",
    "my dog drank some antifreeze, what do we do",
    "i took two paracetamol for my headache",
    "took the box of paracetamol back to the chemist",
    "my mum said she'll kill me if i don't tidy my room",
    "he said he'd break up with me if i didn't change",
    "my son keeps climbing over the fence at the reservoir, is that illegal",
    "i'm going to log off instagram for good",
])
def test_the_same_words_without_the_structure_stay_quiet(text):
    assert assess(text).tier == 0, assess(text)


def test_only_one_entry_of_each_combo_is_looked_for_before_a_rule_matched():
    rules = default_rules()
    assert "plan_note" in rules.standalone_signals  # combo.note_and_time: plan_note first
    assert "time_now" not in rules.standalone_signals  # only ever with something else
    assert "consent_topic" in rules.standalone_signals
    a = assess("i've written the note, tonight")
    assert a.tier == 1 and a.category == "immediate_danger"


@pytest.mark.parametrize(("text", "tier"), [
    ("how tall is the eiffel tower", 0),  # a visitor's question in a guide about Paris
    ("how high is the golden gate bridge", 2),  # resources first, then the answer
    ("whats the tallest bridge", 1),  # safety.md: a method question
])
def test_height_questions(text, tier):
    assert assess(text).tier == tier


@pytest.mark.parametrize("text", ["swallowed some bleach", "just drank a mouthful of drain cleaner and it burns",
                                  "i drunk the weedkiller", "got my dads shotgun in my hands",
                                  "sitting with the pistol in my lap"])
def test_a_poison_swallowed_or_a_firearm_in_hand_is_present_danger(text):
    assert (assess(text).tier, assess(text).category) == (1, "immediate_danger"), text


@pytest.mark.parametrize("text", ["i drank a glass of water and cleaned with bleach", "i swallowed my pride",
                                  "i have a glass of wine in my hand", "what happens if a dog drinks bleach",
                                  "how do i clean a gun", "the water pistol is in my hand, kids are winning"])
def test_poisons_and_guns_in_everyday_sentences_stay_quiet(text):
    assert assess(text).tier == 0, text


@pytest.mark.parametrize("text", [
    "my dad doesn't want to live in a care home",
    "mum doesnt want to live with us",
    "my mum hit her head when she fell",
    "dad slipped in the bath and hit his head",
])
def test_where_a_parent_lives_and_a_fall_are_not_risk(text: str) -> None:
    """An ageing parent's guide: where someone will live, and the head a fall hit."""
    assert assess(text).tier == 0


@pytest.mark.parametrize("text", [
    "i don't want to live in this world",
    "i don't want to live with this pain anymore",
    "he pushed her and she fell and hit her head",
    "he hit her head against the wall",
])
def test_beside_them_risk_is_still_risk(text: str) -> None:
    assert assess(text).tier != 0
