"""Round 17: blind16's kinds of miss in conversation: the answer to the check-in as the Egyptian and Levantine
"no" and the Arabic no in Latin letters, and a yes with the means still right here said with a pronoun
(docs/safety-rules.md, "Round 17"). Single messages of the round: tests/test_safety_messages.py."""

from __future__ import annotations

import pytest

from guide.conversation import Engine, Session
from guide.dialog.loader import load_guide
from guide.safety.conversations import emergency_line, first_resource


@pytest.fixture(scope="module")
def engine() -> Engine:
    from guide.paths import BUNDLED_GUIDE

    return Engine.build(load_guide(BUNDLED_GUIDE).guide)


def _after(engine, first, answer):
    session = Session(engine)
    session.respond(first)
    return session.respond(answer)


@pytest.mark.parametrize("answer", [
    "لأ", "لأ، خالص", "لا والله", "la wallah", "la abadan", "laa wallahi mish kwayes",
    "yes for now, but they're still right here", "i'm ok i guess. it's still right here with me",
])
def test_no_in_arabic_speech_and_a_yes_beside_the_means_get_the_emergency_number_first(engine, answer):
    reply = _after(engine, "i want to kill myself", answer)
    assert reply.kind == "safety" and first_resource(reply) == emergency_line(), answer


@pytest.mark.parametrize("answer", ["la", "la la land is my favourite film"])
def test_la_alone_is_not_read_as_no(engine, answer):
    reply = _after(engine, "i want to kill myself", answer)
    assert not (reply.kind == "safety" and first_resource(reply) == emergency_line()), answer


@pytest.mark.parametrize("answer", ["nee hoor", "nee joh, echt niet", "nee, niet echt eigenlijk"])
def test_the_dutch_no_with_its_fillers_gets_the_emergency_number_first(engine, answer):
    reply = _after(engine, "i want to kill myself", answer)
    assert reply.kind == "safety" and first_resource(reply) == emergency_line(), answer


@pytest.mark.parametrize("answer", [
    "nee hoor, ik ben veilig", "nein, ich bin in sicherheit", "hayır, güvendeyim", "non, je suis en sécurité",
    "أيوه، أنا في البيت مع ماما", "ايوه كويسة دلوقتي",
])
def test_a_no_that_turns_the_question_down_in_other_languages_and_the_arabic_yes_read_as_safe(engine, answer):
    reply = _after(engine, "i want to kill myself", answer)
    assert not (reply.kind == "safety" and first_resource(reply) == emergency_line()), answer


@pytest.mark.parametrize("answer", [
    "no. nobody is here with me", "no one is with me", "nie. nobody is here with me", "i'm alone",
    "i am on my own tonight",
])
def test_nobody_with_the_reader_is_not_read_as_someone_here(engine, answer):
    reply = _after(engine, "i want to kill myself", answer)
    assert reply.kind == "safety" and first_resource(reply) == emergency_line(), answer


@pytest.mark.parametrize("answer", ["no, i'm safe", "no no, i'm fine", "yes my mum is here with me"])
def test_a_no_that_turns_the_question_down_still_reads_as_safe(engine, answer):
    reply = _after(engine, "i want to kill myself", answer)
    assert not (reply.kind == "safety" and first_resource(reply) == emergency_line()), answer
