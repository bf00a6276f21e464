"""Present danger recognised by its parts (guide/safety/present.py, present.yaml; round 9)."""

import marshal

import pytest

from guide.safety import assess, explain, load, present
from guide.safety import model as learned
from guide.safety.detector import normalized_tokens
from guide.safety.flow import SafetyFlow


def after(*messages: str):
    """The flow's step for the last of ``messages``, read one after the other as a conversation."""
    flow = SafetyFlow()
    for text in messages:
        step = flow.read(text, assess(text))
    return step


def found(text: str) -> present.Present | None:
    return present.find(normalized_tokens(text))


# ---- the lexicon is well-formed ---------------------------------------------------------------


def test_every_need_names_a_part_and_every_part_has_a_known_kind():
    lex = present.default_lexicon()
    assert set(lex.kinds.values()) <= {"means", "now", "effect", "guard"}
    for name, means in lex.means.items():
        assert lex.kinds[name] == "means", name
        assert means.category in ("immediate_danger", "immediate_danger_dv")
        for need in means.needs:
            assert need and all(part in lex.kinds for part in need), (name, need)


def test_medicine_names_come_from_the_built_list_as_the_normalizer_reads_them():
    lex = present.default_lexicon()
    names = [line for line in present.MEDICINES_PATH.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert len(names) > 5000
    for name in ("phenobarbital", "quetiapine", "metoprolol", "cocodamol", "tylenol", "lithium"):
        assert name in lex.medicines, name
    assert "kendrick" not in lex.medicines and "colgate" not in lex.medicines  # brands that are English words
    for name in names[::97]:  # a sample: each reads as itself
        assert " ".join(normalized_tokens(name)) == name, name


# ---- each part, and what it takes to fire -------------------------------------------------------


@pytest.mark.parametrize("text", [
    "i have a bottle of phenobarbital",          # a means alone
    "i swallowed my lunch too fast",            # begun, no means
    "getting really sleepy",                    # an effect alone
    "swallowed 2 paracetamol",                  # a means taken, a dose and no effect
])
def test_one_part_alone_is_not_present_danger(text):
    assert found(text) is None
    assert assess(text).category not in ("immediate_danger", "immediate_danger_dv")


@pytest.mark.parametrize(("text", "means", "parts"), [
    ("ive swallowed the whole bottle of the dogs phenobarbital. getting really sleepy", "medicine",
     {"medicine", "taken"}),
    ("took 30 of my quetiapine", "medicine", {"medicine", "taken", "amount"}),
    ("had a load of co-codamol, cant keep my eyes open", "medicine", {"medicine", "taken"}),
    ("drank the oven cleaner, throat is burning so bad", "poison", {"poison", "taken"}),
    ("i have the revolver from the glovebox in my lap right now", "weapon", {"weapon", "held"}),
    ("the cut on my leg wont stop bleeding", "wound", {"wound", "effect"}),
    ("the cable is tied to the banister", "ligature", {"ligature", "tied"}),
    ("the noose is round my neck", "noose", {"noose", "neck"}),
    ("sat on the ledge of the car park roof", "height", {"height", "at_edge"}),
    ("the river is up to my chest", "water", {"water", "in_water"}),
    ("lying on the tracks near the station", "traffic", {"traffic", "in_traffic"}),
    ("charcoal burning in the bedroom and the door taped shut", "fire_gas", {"fire_gas", "lit", "sealed"}),
    ("my ex broke the back window and hes in the house, im in the wardrobe with the baby", "intimate",
     {"intimate", "here", "threat"}),
    ("the taxi driver locked the doors and is driving the wrong way and wont answer me", "stranger",
     {"stranger", "here", "threat"}),
])
def test_a_means_with_what_completes_it_is_present_danger(text, means, parts):
    result = found(text)
    assert result is not None and result.means == means, result
    assert parts <= {p.name for p in result.parts}, result.parts


def test_partner_or_family_is_domestic_violence_and_a_stranger_is_not():
    assert found("my husband is at the door with a knife").category == "immediate_danger_dv"
    assert found("a man is at the door with a knife").category == "immediate_danger"
    assert assess("my husband is at the door with a knife").resources_first[:2] == ("emergency",
                                                                                    "domestic_violence")


# ---- what does not count ----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "does quetiapine make you sleepy, my sister just started on it",      # a question
    "if i took all my pills would i get dizzy",                            # a supposition
    "i have not swallowed any of the pills, i feel dizzy from the heat",   # negated
    "my nan swallowed all her tablets wrong and was sick, shes fine now",  # someone else's act
    "years ago i swallowed a whole bottle of pills",                       # the reader's past
    "the knife in my hand is too blunt for these tomatoes",                # an everyday use
    "the sea was up to my chest, best swim of the year",                   # a swim
    "my boyfriend is in the house, he just got home from work",            # a person here, no threat
    "he's waiting at the bottom of the stairs to walk me to the car",
    "my mouth is on fire from this curry",                                 # an effect that names fire
])
def test_what_does_not_count(text):
    assert found(text) is None, found(text)


def test_an_effect_on_the_body_outweighs_an_everyday_frame_for_what_is_swallowed():
    assert found("took the whole box of paracetamol for my headache and cant stop shaking") is not None
    assert found("took two paracetamol for my headache") is None


# A false-alarm set: everyday messages that share the check's words (none is in a data file).
EVERYDAY = [
    "my phone battery is dead, charging it now",
    "kill the process and restart the server",
    "the hero dies at the end of the film",
    "took the dog to the vet, he ate a sock",
    "cleaned the bathroom with bleach this morning",
    "can my dad take ibuprofen with his blood pressure pills",
    "we got destroyed in the final, 5-0",
    "caesar was stabbed in the senate",
    "the train is late again, standing on the platform",
    "driving on the motorway, be home in an hour",
    "he is on his way over with pizza tonight",
    "sharpening the kitchen knives before dinner",
    "my nephew keeps hitting the door with his toy hammer",
    "had all my meds with breakfast as usual",
    "the lake is freezing, we went for a swim anyway",
    "on the roof fixing the aerial",
    "lit the bbq in the garden, burgers in 20",
    "tied the washing line to the tree",
    "i feel dizzy after the roller coaster",
    "my hands are numb from holding the cold drinks",
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_messages_with_the_same_words_stay_quiet(text):
    assert found(text) is None, found(text)
    assert assess(text).category not in ("immediate_danger", "immediate_danger_dv")


@pytest.mark.parametrize(("question", "told"), [
    # a reader of a cycling guide asks about the road; a reader in danger says who is there
    ("and cars coming out of side roads?", "im in the road and cars are coming out of the side road?"),
    ("and lorries coming at junctions?", "im lying in the road at the junction and lorries coming?"),
])
def test_a_question_that_names_no_one_is_not_present_danger_to_the_reader(question, told):
    assert found(question) is not None  # the parts are there: the question decides
    assert assess(question).category not in ("immediate_danger", "immediate_danger_dv")
    assert assess(told).category == "immediate_danger"


# ---- the detector's answer and its explanation ------------------------------------------------


def test_assess_gives_tier_1_emergency_first_and_names_the_parts():
    a = assess("ive swallowed the whole bottle of the dogs phenobarbital. getting really sleepy")
    assert a.tier == 1 and a.category == "immediate_danger"
    assert a.resources_first[0] == "emergency"
    hit = next(h for h in a.hits if h.rule.startswith("present:"))
    assert hit.rule == "present:medicine"
    assert "means: medicine 'phenobarbital'" in hit.text
    assert "now: taken 'swallowed'" in hit.text
    assert "effect: 'sleepy'" in hit.text


def test_it_raises_what_the_rules_decided_and_keeps_their_hits():
    a = assess("the cut on my thigh is deep and open and its still pouring, soaked two towels")
    assert a.tier == 1 and a.category == "immediate_danger"
    assert any(h.rule.startswith("present:") for h in a.hits)
    assert any(not h.rule.startswith("present:") for h in a.hits)  # the self-harm rule is still shown


def test_explain_traces_the_parts():
    trace = explain("drank the drain unblocker, cant swallow and my lips are burning")["matches"]
    step = next(m for m in trace if m["kind"] == "present")
    assert step["owner"] == "present:poison"
    assert step["category"] == "immediate_danger"
    assert "means: poison 'drain unblocker'" in step["parts"] and "taken 'drank'" in step["parts"]


# ---- the flow reads a follow-up's parts in the light of a disclosure ---------------------------


def test_a_follow_up_with_the_means_left_out_raises_a_disclosure_to_immediate_danger():
    step = after("i want to die", "i swallowed all of them, feeling so sleepy")
    assert step.action == "disclosure"
    assert step.assessment.category == "immediate_danger"
    assert step.assessment.resources_first[0] == "emergency"


def test_a_person_at_the_door_counts_only_after_a_disclosure_of_violence():
    parts = normalized_tokens("he is at the door shouting my name")
    assert present.detail(parts, violence=True)
    assert not present.detail(parts, violence=False)
    assert not present.detail(normalized_tokens("yes i'm safe, he is at work"), violence=True)


# ---- the compiled cache ------------------------------------------------------------------------


def test_the_lexicon_is_cached_and_a_damaged_cache_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_SAFETY_CACHE", str(tmp_path))
    present.default_lexicon.cache_clear()
    try:
        compiled = present.default_lexicon()
        (cache_file,) = tmp_path.glob("safety-present-*.marshal")
        present.default_lexicon.cache_clear()
        cached = present.default_lexicon()
        assert cached.to_plain() == compiled.to_plain()
        text = normalized_tokens("ive swallowed the whole bottle of the dogs phenobarbital. getting really sleepy")
        assert present.find(text, cached) == present.find(text, compiled)
        cache_file.write_bytes(b"not marshal at all")
        present.default_lexicon.cache_clear()
        assert present.default_lexicon().to_plain() == compiled.to_plain()
    finally:
        present.default_lexicon.cache_clear()


def test_a_cached_lexicon_decodes_its_other_fields_on_first_use():
    compiled = present.default_lexicon()
    cached = present.Lexicon.from_cache(compiled.to_cache())
    assert "by_word" not in vars(cached) and "phenobarbital" in cached.medicines  # the gate alone
    text = normalized_tokens("ive swallowed the whole bottle of the dogs phenobarbital. getting really sleepy")
    assert present.find(text, cached) == present.find(text, compiled) is not None
    assert cached.to_plain() == compiled.to_plain()
    damaged = compiled.to_cache()
    for later in (b"not marshal", b"\xff", marshal.dumps({"kinds": {}})):
        damaged["later"] = later
        assert present.Lexicon.from_cache(damaged).to_plain() == compiled.to_plain()  # compiled again


def test_loading_the_safety_check_reads_the_lexicon_before_any_message():
    present.default_lexicon.cache_clear()
    try:
        load()
        assert present.default_lexicon.cache_info().currsize == 1
    finally:
        present.default_lexicon.cache_clear()


def test_medicine_names_answer_as_a_set():
    names = present.MedicineNames.of(["quetiapine", "quinine", "q", "lithium"])
    assert all(name in names for name in ("quetiapine", "quinine", "q", "lithium"))
    assert not any(word in names for word in ("", "qu", "quiet", "lit", "lithiums", "x"))


# ---- round 10: the wider classes --------------------------------------------------------------
# Messages written for these tests (none is in a data file), one per new class or part.


@pytest.mark.parametrize(("text", "means"), [
    ("lying on the sleepers of the goods line, i can hear it coming", "traffic"),
    ("kneeling between the rails at the crossing", "traffic"),
    ("both legs over the parapet of the multi storey", "height"),
    ("i'm on the outside of the balcony railing on the 9th floor", "height"),
    ("walked out on the ice of the reservoir and it's cracking", "ice"),
    ("stirred the celphos into a glass of water and drank it", "poison"),
    ("swallowed some methanol from the garage, my vision is going", "poison"),
    ("sliced my forearm open with a scalpel and it will not stop bleeding", "weapon"),  # the blade names it first
    ("gouged my leg with the compass point, it's gushing", "wound"),
    ("held the hot iron on my arm, the skin is peeling off", "burn"),
    ("the strap is on my lap, one in the chamber", "firearm_slang"),
    ("got the glock on the bed beside me", "weapon"),
    ("my brother in law is outside with a hurley saying he'll split my skull", "intimate"),
    ("my boyfriend smashed a bottle and is blocking the door with it", "intimate"),
    ("a guy is dragging me into the back of a van", "stranger"),
    ("my husband is kicking me in the stomach", "intimate"),
])
def test_round10_classes_complete_a_means(text, means):
    result = found(text)
    assert result is not None and result.means == means, result


@pytest.mark.parametrize("text", [
    "took the tablets an hour ago, cant keep my eyes open",      # an effect that spells its negation
    "finished every one of my sertraline, everything's spinning",
    "drank the whole bottle of methadone, i can barely breathe",
])
def test_bodily_effects_and_acts_begun(text):
    assert found(text) is not None and assess(text).category == "immediate_danger"


@pytest.mark.parametrize("text", [
    "took the tablets the gp prescribed, feeling a bit drowsy",     # a mild effect
    "the strap on my bag is in my lap",                            # slang with no ready gun
    "skating on the frozen pond, the ice is so thick",             # skating
    "standing at the level crossing waiting for the barrier to lift",
    "my dad is in the garden with the hurley, practising his puck outs",
    "my brother is beating my high score right now",
    "he's dragging me to his mum's for sunday lunch",
    "my sister is in the kitchen pouring boiling water on the pasta",
    "can you see the rails from the bridge",                        # a question
])
def test_round10_everyday_messages_stay_quiet(text):
    assert found(text) is None, found(text)


def test_phrases_can_name_a_class():
    lex = present.default_lexicon()
    armed = {phrase for phrases in lex.by_word.values() for name, phrase in phrases if name == "armed"}
    words = set().union(*(slot[0] for phrase in armed for slot in phrase))
    assert {"hurley", "scalpel", "sledgehammer"} <= words  # one-word weapons reach `has|got ~ @weapon`


def test_an_auxiliary_asks_only_with_a_subject():
    assert found("cut deep, can see fat and it will not stop bleeding") is not None
    assert found("can you see fat when a cut will not stop bleeding") is None


# ---- round 10: follow-ups ---------------------------------------------------------------------


def test_a_follow_up_that_puts_the_person_here_raises_a_violence_disclosure():
    step = after("my husband hits me", "his car just pulled into the drive")
    assert step.action == "disclosure" and step.assessment.category == "immediate_danger_dv"
    assert step.assessment.resources_first[0] == "emergency"


def test_a_follow_up_at_a_height_now_raises_a_suicidal_disclosure_but_not_a_safe_answer():
    step = after("i want to die", "on the roof of the car park now")
    assert step.action == "disclosure" and step.assessment.category == "immediate_danger"
    assert after("i want to die", "yes, i'm home now, away from the bridge").action == "safe"


def test_a_threat_the_rules_miss_and_the_person_here_next_are_present_danger_together(monkeypatch):
    monkeypatch.setattr(learned, "default_model", lambda: None)  # the learned model catches the threat alone
    first = "my stepdad said he'll make me pay when he finds me"
    assert after(first).action == "carry_on"
    step = after(first, "he's on the stairs now")
    assert step.action == "disclosure" and step.assessment.category == "immediate_danger_dv"
    assert after("my stepdad is making pancakes", "he's on the stairs now").action == "carry_on"


def test_an_act_begun_is_caught_even_when_the_message_before_was_missed():
    step = after("finished my playlist for the funeral", "took the tablets an hour ago, cant keep my eyes open")
    assert step.action == "disclosure" and step.assessment.category == "immediate_danger"


@pytest.mark.parametrize(("text", "other"), [
    ("he is here now", True), ("he is here. i am fine now", False), ("he said i am on the bridge now", False),
    ("my brother is on the roof now", True), ("now", False)])
def test_whose_cue_it_is_is_read_in_one_pass(text, other):
    """Whether the nearest subject before a cue ("now", "here") is someone else was read by walking
    back from each cue: after a disclosure, a pasted list of 20,000 numbers (each a cue) took 1.7 s
    in the safety flow. The subjects are now read once per message, the same way."""
    lex = present.default_lexicon()
    toks = normalized_tokens(text)
    by_name, _, subjects = present._live(lex, toks)
    cue = max((p for parts in by_name.values() for p in parts if lex.kinds.get(p.name) == "now"),
              key=lambda p: p.start, default=None)
    assert cue is not None
    assert present._subject_is_other(lex, toks, cue, subjects) is other

