"""The learned second opinion (guide/safety/model.py) and how the detector uses it (round 12)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from guide.safety import assess, explain, present
from guide.safety import model as learned
from guide.safety.detector import model_inputs
from guide.safety.rules import default_rules

ROOT = Path(__file__).resolve().parents[1]


def shipped() -> learned.Model:
    model = learned.default_model()
    assert model is not None, "guide/safety/model.bin is missing or unreadable"
    return model


def test_the_shipped_model_loads_with_the_settings_chosen_by_cross_validation():
    model = shipped()
    assert model.bits == 16 and model.dims == 64 and len(model.weights) == 2
    s = model.settings
    assert 0.5 < s.tier2 <= s.question < 1 and s.tier1 >= s.tier2 and 0 < s.other < 1
    assert learned.MODEL_PATH.stat().st_size < 300_000  # small package data


def test_the_file_round_trips_and_a_wrong_file_is_refused():
    model = shipped()
    again = learned.Model.from_bytes(model.to_bytes())
    assert again.settings == model.settings and list(again.weights[0][:50]) == list(model.weights[0][:50])
    with pytest.raises(ValueError):
        learned.Model.from_bytes(b"notamodel" + bytes(100))
    with pytest.raises(ValueError):
        learned.Model.from_bytes(model.to_bytes()[:1000])


@pytest.mark.parametrize("text", [
    "cleopatra chose how she went. im choosing too, emptying my dads insulin pens into me now",
    "what does the article say about oxytocin?",
    "my herbs die every winter on the windowsill",
    "",
    "i'm saying goodbye now",
])
def test_the_fast_path_scores_what_the_features_score(text):
    """Run time sums word by word with caches; training uses the feature vector: the same number."""
    model, rules = shipped(), default_rules()
    toks = rules.normalizer.tokens(text)
    signals, parts, question = model_inputs(rules, toks, text)
    fast = model.probabilities_of(toks, signals, parts, question)
    slow = model.probabilities(learned.features(toks, signals, parts, question, model.bits, model.dims))
    assert fast == pytest.approx(slow, abs=1e-9)


@pytest.mark.parametrize(("text", "category"), [
    # a figure, then the reader's own means and time (the rules' figure families miss both)
    ("cleopatra chose how she went. im choosing too, emptying my dads insulin pens into me now", "immediate_danger"),
    ("a dying star goes out in one last flash. ill go tonight off the car park roof, gave my telescope to my "
     "nephew already", "immediate_danger"),
    # present danger from family in words no class has
    ("my dad has locked us all in and says nobody leaves this house alive tonight", "immediate_danger_dv"),
])
def test_the_model_catches_what_no_rule_matched(text, category):
    a = assess(text)
    assert a.tier == 1 and a.category == category and a.resources_first[0] == "emergency"
    assert len(a.hits) == 1 and a.hits[0].rule.startswith("model:") and "most weight" in a.hits[0].text


@pytest.mark.parametrize("text", [
    "what does oxytocin do",
    "how do i make sourdough starter",
    "my herbs die every winter on the windowsill",
    "i'm saying goodbye now",
    "why does the article say sex reduces stress?",
    "were they ready to die for independence",
])
def test_everyday_messages_and_questions_stay_quiet(text):
    assert assess(text).tier == 0


@pytest.mark.parametrize(("text", "footer"), [
    ("I'm not suicidal, I just want to know about oxytocin", True),  # negated: the rules' footer stays
    ("this article is killing me lol", False),  # an idiom exception: the rules' call
    ("my friend lost her baby last month, how do i support her", False),  # a loss told
    ("i used to cut when i was 15, does the article talk about that", True),  # the past: footer
])
def test_the_model_never_overrules_a_decision_of_the_rules(text, footer):
    a = assess(text)
    assert a.tier == 0 and a.footer is footer
    assert not any(h.rule.startswith("model:") for h in a.hits)


def test_a_reader_saying_they_are_safe_is_not_asked():
    trace = explain("yes i'm safe now, my mum is here with me")["matches"]
    assert any(m["kind"] == "model" and m["status"].startswith("not asked") for m in trace)


def test_explain_shows_the_score_and_the_features_that_weighed_most():
    trace = explain("cleopatra chose how she went. im choosing too, emptying my dads insulin pens into me now")
    model = [m for m in trace["matches"] if m["kind"] == "model"]
    assert model and model[0]["status"] == "tier 1" and model[0]["risk"] >= shipped().settings.tier1
    names = [name for name, _ in model[0]["top"]]
    assert names and all(weight > 0 for _, weight in model[0]["top"])
    quiet = [m for m in explain("how do i make sourdough starter")["matches"] if m["kind"] == "model"]
    assert quiet and quiet[0]["status"] == "below the thresholds" and quiet[0]["risk"] < 0.5


def test_the_model_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("GUIDE_SAFETY_MODEL", "0")
    learned.default_model.cache_clear()
    try:
        assert learned.default_model() is None
        assert assess("my dad has locked us all in and says nobody leaves this house alive tonight").tier == 0
    finally:
        monkeypatch.delenv("GUIDE_SAFETY_MODEL")
        learned.default_model.cache_clear()
    assert learned.default_model() is not None


def _script_constant(name: str) -> ast.expr:
    """A top-level constant of the training script, read from its source: the script needs numpy
    (the bench extra), which the test install does not have."""
    tree = ast.parse((ROOT / "scripts" / "train_safety_model.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return node.value
    raise AssertionError(f"no {name} in the training script")


def test_the_training_script_never_reads_the_blind_set_kept_for_judging():
    never = _script_constant("NEVER")
    assert "safety_flow_blind17.yaml" in ast.literal_eval(never.args[0])
    # the settings the script writes are the shipped ones (stored as float32)
    settings = {k.arg: ast.literal_eval(k.value) for k in _script_constant("SETTINGS").keywords}
    assert all(abs(settings[name] - value) < 1e-6 for name, value in shipped().settings._asdict().items())


def test_a_few_words_are_left_to_the_rules_and_the_flow():
    """'not from myself' answers the check-in after 'i should just go'; alone it is not a disclosure."""
    assert assess("not from myself").tier == 0
    trace = explain("not from myself")["matches"]
    assert any(m["kind"] == "model" and "under" in m["status"] for m in trace)


@pytest.mark.parametrize("text", [
    "how do i make sourdough starter",  # no rule pattern at all
    "sorry for everything i said last night, i was drunk and grumpy",  # signals only (recent, settle_affairs)
    "i'm scared of myself tonight",
    "my husband held my hand under the hot tap and he's running it again",  # present.py's parts, no danger found
    "no. i don't trust myself",
])
def test_the_assessment_gives_the_model_what_it_read_already(text):
    """_learned reuses the signal matches and present.py's parts the assessment found: the same inputs, the
    same score, as reading them again (model_inputs, what training reads)."""
    model, rules = shipped(), default_rules()
    toks = rules.normalizer.tokens(text)
    trace = [m for m in explain(text)["matches"] if m["kind"] == "model"]
    assert trace and "risk" in trace[0]
    assert trace[0]["risk"] == round(model.probabilities_of(toks, *model_inputs(rules, toks, text))[0], 4)


def test_part_features_only_for_a_message_that_names_a_means(monkeypatch):
    """A message the model scores but that names no means leaves present.py's lexicon undecoded (its
    cached fields outside the gate): a `guide ask` pays for the gate alone."""
    lazy = present.Lexicon.from_cache(present.default_lexicon().to_cache())
    monkeypatch.setattr(present, "default_lexicon", lambda: lazy)
    rules = default_rules()
    text = "why does touch calm me"
    assert next(m for m in explain(text)["matches"] if m["kind"] == "model")["status"] == "below the thresholds"
    assert model_inputs(rules, rules.normalizer.tokens(text), text)[1] == ()
    assert "_later" in vars(lazy) and "by_word" not in vars(lazy)
    text = "my husband held my hand under the hot tap and he's running it again"
    parts = model_inputs(rules, rules.normalizer.tokens(text), text)[1]
    assert {"held", "threat"} <= set(parts) and "_later" not in vars(lazy)
