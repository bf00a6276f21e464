"""Round 13: the check-in answered in more of the readers' languages (docs/safety-rules.md, "Round 13")."""

from __future__ import annotations

import pytest

from guide.conversation import Engine, Session
from guide.safety.conversations import emergency_line, first_resource
from guide.safety.detector import ModelReading
from guide.safety.flow import SAFE, UNSAFE, UNSURE, _answer


@pytest.fixture(scope="module")
def engine() -> Engine:
    from guide.dialog.loader import load_guide
    from guide.paths import BUNDLED_GUIDE

    return Engine.build(load_guide(BUNDLED_GUIDE).guide)


@pytest.mark.parametrize("answer", [
    # Slavic, Romance, Germanic, Finnic, Greek, Indic, South-East and East Asian, African; own scripts too
    "nie", "нет", "ні", "nein, gar nicht", "nee", "nei", "non", "nu", "nem", "ei", "όχι", "oxi", "نه", "لا",
    "नहीं", "illai", "tidak", "nggak", "không", "mai", "不", "いいえ", "아니요", "rara", "mba", "maya",
    "non, pas du tout", "nu. deloc", "na. dim o gwbl",
    # not safe in a creole, a pidgin, Hinglish; "mm-mm"
    "i no dey safe o", "mi nuh feel safe", "safe nahi hoon", "mm-mm",
])
def test_no_in_more_languages_gets_the_not_safe_reply(engine, answer):
    assert _answer(answer) == UNSAFE
    session = Session(engine)
    session.respond("i want to die")
    reply = session.respond(answer)
    assert reply.kind == "safety" and first_resource(reply) == emergency_line()


@pytest.mark.parametrize("answer", [
    "nie wiem", "ne znam", "nu stiu", "nem tudom", "en tiedä", "weet ik niet", "vet inte", "non lo so", "boh",
    "не знаю", "δεν ξέρω", "bilmiyorum", "mish 3aref", "nemidoonam", "pata nahi", "maloom nahi", "gak tau",
    "ewan ko", "không biết", "不知道", "わからない", "모르겠어", "i no sabi", "angazi",
])
def test_i_dont_know_in_more_languages_is_unsure(engine, answer):
    assert _answer(answer) in (UNSAFE, UNSURE)
    session = Session(engine)
    session.respond("i want to die")
    reply = session.respond(answer)
    assert reply.kind == "safety" and first_resource(reply) == emergency_line()


@pytest.mark.parametrize("answer", [
    "oui, my sister is here with me", "ja. my flatmate took them away", "yebo, my gogo is sitting with me",
    "haan, main theek hoon", "sí, estoy con mi madre", "da, i'm at my brother's", "ab main safe hoon",
])
def test_yes_in_more_languages_is_safe(answer):
    assert _answer(answer) == SAFE


@pytest.mark.parametrize("answer", [
    # a word that means yes somewhere is not read as no; "no" opening an English sentence stays as it was
    "ne", "tak", "nice", "nothing much, just reading", "mai theek hoon", "mm-hmm",
])
def test_words_that_are_not_a_no_are_not_read_as_one(answer):
    assert _answer(answer) != UNSAFE


@pytest.mark.parametrize("answer", [
    # a short word of another language counts only as the whole answer: elsewhere it is a name or a word
    "ewan is here with me", "the file was 20 kb", "boh is my cat's name",
])
def test_short_words_count_only_as_the_whole_answer(answer):
    assert _answer(answer) != UNSURE


@pytest.mark.parametrize("answer", ["da pali lookout is right there", "si the bridge is close", "ja but he's outside"])
def test_a_yes_of_another_language_must_be_said_alone(answer):
    assert _answer(answer) != SAFE


# -- a statement the learned model scores near a disclosure is watched ------------------------------

STATEMENT = "spent the evening tidying the shed and sorting the garden tools"  # no rule, no signal of danger


@pytest.fixture
def scored(monkeypatch):
    """The learned model's scores for STATEMENT, set by the test (the mechanism, whatever the weights)."""
    from guide.safety import flow

    def use(risk: float, other: float = 0.1) -> None:
        monkeypatch.setattr(flow, "model_scores",
                            lambda text: ModelReading(risk if text == STATEMENT else 0.0, other, False, False))
    return use


def _steps(*messages: str) -> list:
    from guide.safety import assess
    from guide.safety.flow import SafetyFlow

    flow = SafetyFlow()
    return [flow.read(m, assess(m)) for m in messages]


def test_a_short_no_after_a_watched_statement_is_the_not_safe_answer(scored):
    from guide.safety.flow import WATCH_SCORE

    scored(WATCH_SCORE)
    first, second = _steps(STATEMENT, "nope")
    assert first.action == "carry_on" and not first.footer
    assert second.action == "not_safe" and second.missed


def test_a_statement_under_the_watch_score_is_not_read_again(scored):
    from guide.safety.flow import WATCH_SCORE

    scored(WATCH_SCORE - 0.05)
    assert _steps(STATEMENT, "nope")[1].action == "carry_on"


def test_danger_from_someone_else_gets_the_domestic_violence_line(scored, engine):
    from guide.safety.replies import resources_text

    scored(0.95, other=0.9)
    session = Session(engine)
    session.respond(STATEMENT)
    reply = session.respond("no")
    lines = [b.text for b in reply.blocks if b.type == "safety"]
    assert first_resource(reply) == emergency_line() and resources_text(("domestic_violence",))[0] in lines


def test_a_safe_answer_after_a_watched_statement_is_acknowledged_and_its_question_answered(scored, engine):
    scored(0.95)
    session = Session(engine)
    session.respond(STATEMENT)
    reply = session.respond("im ok now, my sister is here with me. what does the article say about oxytocin")
    assert reply.blocks[0].type == "safety" and reply.kind == "answer" and reply.node == "oxytocin"
    assert reply.footer


def test_anything_else_after_a_watched_statement_carries_the_resource_line(scored, engine):
    scored(0.95)
    session = Session(engine)
    session.respond(STATEMENT)
    reply = session.respond("what does the article say about oxytocin")
    assert reply.kind == "answer" and reply.footer
    assert not session.respond("what does the article say about dopamine").footer  # one reply only


def test_a_bare_yes_after_a_watched_statement_is_no_answer(scored):
    scored(0.95)
    assert _steps(STATEMENT, "yes")[1].action == "carry_on"


# -- a follow-up the model scores near a disclosure, with a time, an act begun or someone here ------------

FOLLOW_UP = "spent an hour in the garden shed sorting the tools"


@pytest.fixture
def follow_up(monkeypatch):
    from guide.safety import flow

    def use(risk: float, urgent: bool = False, near: bool = False) -> None:
        monkeypatch.setattr(flow, "model_scores",
                            lambda text: ModelReading(risk if FOLLOW_UP in text else 0.0, 0.1, urgent, near))
    return use


@pytest.mark.parametrize(("risk", "urgent", "near", "raised"), [
    (0.95, True, False, True),  # an act begun, a time, a means at hand
    (0.95, False, True, True),  # someone here, or the reader at the place
    (0.95, False, False, False),  # a score alone is not present danger
    (0.85, True, True, False),  # under the watch score
])
def test_a_follow_up_the_model_reads_as_present_danger_is_raised(follow_up, risk, urgent, near, raised):
    follow_up(risk, urgent, near)
    step = _steps("i want to die", FOLLOW_UP)[1]
    assert (step.action == "disclosure" and step.assessment.category == "immediate_danger") == raised


def test_questions_and_answers_are_not_scored_as_present_danger(follow_up):
    follow_up(0.99, urgent=True, near=True)
    assert _steps("i want to die", FOLLOW_UP + "?")[1].action != "disclosure"
    assert _steps("i want to die", "yes, " + FOLLOW_UP)[1].action == "safe"


# -- check-in answers: safe said through help reached, the means put away, someone here; a yes with a catch ---

@pytest.mark.parametrize("answer", [
    "got my stomach pumped last night, back home with my sister now",
    "been checked over at the hospital and discharged",
    "the paramedics came and they're still with me",
    "flushed them all down the toilet, my flatmate's sitting with me",
    "i gave the pills to the pharmacist this morning",
    "my auntie is staying over tonight",
    "i'm at my cousin's flat now",
    "i'm at the refuge now",
    "ok i'm home now",
])
def test_safe_said_through_help_reached_the_means_put_away_or_someone_here(answer):
    assert _answer(answer) == SAFE


@pytest.mark.parametrize("answer", [
    "he threw me out", "he took the kids away", "i'm on my mum's roof", "i'm fighting with my boyfriend",
])
def test_everyday_or_dangerous_words_of_the_same_shape_are_not_safe_answers(answer):
    assert _answer(answer) != SAFE


@pytest.mark.parametrize("answer", [
    "yes until i'm alone tonight",
    "ok for now, it's all set for friday",
    "it's ready whenever i decide",
    "fine, haven't taken them yet",
])
def test_a_yes_with_the_act_still_to_come_is_not_safe(answer):
    assert _answer(answer) == UNSAFE


@pytest.mark.parametrize("answer", ["yeah fine, it's still bleeding", "ok, bleeding through the bandage a bit"])
def test_a_yes_with_a_wound_still_open_is_present_danger(answer):
    step = _steps("i've been cutting myself", answer)[1]
    assert step.action == "disclosure" and step.assessment.category == "immediate_danger"


@pytest.mark.parametrize("answer", ["yes, the party is planned for saturday", "yes, haven't read the article yet",
                                    "both of us are fine", "a bit of both"])
def test_plans_of_everyday_life_are_not_a_catch(answer):
    assert _answer(answer) != UNSAFE


# -- first disclosures told indirectly ------------------------------------------------------------------


@pytest.mark.parametrize("first", [
    "the car park on the top deck has no barriers, i went up to look",
    "left the cat with my neighbour and the letter on my pillow",
])
def test_a_place_scouted_or_a_note_left_is_read_again_after_a_short_no(first):
    steps = _steps(first, "nope")
    assert steps[1].action == "not_safe" and steps[1].missed


# -- bereavement with a means; a topic named in a question about a faith, a song, a drill ----------------


def test_a_faith_question_does_not_hide_the_readers_own_wish():
    from guide.safety import assess

    assert assess("is it a sin that i want to kill myself").tier == 1
