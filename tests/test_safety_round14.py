"""Round 14: blind13's kinds of miss, in fresh words (docs/safety-rules.md, "Round 14")."""

from __future__ import annotations

import pytest

from guide.conversation import Engine, Session
from guide.safety import assess
from guide.safety.conversations import emergency_line, first_resource


@pytest.fixture(scope="module")
def engine() -> Engine:
    from guide.dialog.loader import load_guide
    from guide.paths import BUNDLED_GUIDE

    return Engine.build(load_guide(BUNDLED_GUIDE).guide)


# -- the answer to the check-in -----------------------------------------------------------------

@pytest.mark.parametrize("answer", [
    "lmao nope", "haha no.", "lo",  # a no after a laugh; Hebrew no in Latin letters
    "fine for now, the blade's still in my bag",  # a yes with the means still on the reader
    "ok for now, saving them for tonight",  # ...or kept for later
    "technically yeah",  # a yes held at arm's length
    "safe for tonight. tomorrow is another story",  # a yes for today only
])
def test_a_no_or_a_yes_that_is_not_one_gets_the_emergency_number_first(engine, answer):
    session = Session(engine)
    session.respond("i want to die")
    reply = session.respond(answer)
    assert reply.kind == "safety" and first_resource(reply) == emergency_line(), answer


@pytest.mark.parametrize("answer", [
    "yeah i'm fine, saving some cake for later", "yes, i gave my pills to my mum, they're in her bag",
    "haha no worries, i'm ok now", "lol no way, i'm fine, my sister's here",
])
def test_everyday_words_around_a_safe_answer_do_not_make_it_unsafe(engine, answer):
    session = Session(engine)
    session.respond("i want to die")
    reply = session.respond(answer)
    assert first_resource(reply) != emergency_line(), answer


def test_a_question_mark_alone_does_not_make_the_short_answer_a_question(engine):
    session = Session(engine)
    session.respond("i found my dad's shotgun key")  # watched: a means named, no rule matched
    reply = session.respond("kinda? till they're all out")
    assert reply.kind == "safety" and first_resource(reply) == emergency_line()


@pytest.mark.parametrize("answer", [
    "handed the tablets to the pharmacist and my friend's sitting with me now",
    "the lifeguard talked me back in, my brother is on his way",
    "she's staying here with me tonight",
    "my neighbour cut it down, she's not leaving me alone",
    "in refuge with the kids now, the police know everything",
])
def test_safe_said_through_someone_staying_or_the_means_handed_over(engine, answer):
    from guide.safety.flow import SAFE, _answer

    assert _answer(answer) == SAFE
    session = Session(engine)
    session.respond("i want to kill myself tonight")
    reply = session.respond(answer)
    assert reply.kind == "safety" and first_resource(reply) != emergency_line(), answer


def test_safe_through_help_and_a_question_gets_the_acknowledgement_and_the_answer(engine):
    session = Session(engine)
    session.respond("i'm standing on the edge of the multistorey roof")
    reply = session.respond("my mate talked me down and drove me home. what does the article say about oxytocin?")
    assert reply.blocks[0].type == "safety" and reply.kind == "answer" and reply.node and reply.footer


# -- after a disclosure: danger told by a sign; everyday follow-ups ---------------------------

def _graded(engine, path):
    from guide.safety.conversations import grade, load_flow_cases

    return [(case, grade(case, lambda: Session(engine))) for case in load_flow_cases(path)]


def test_the_round14_development_set_passes(engine):
    """tests/data/safety_flow_dev14.yaml: details of danger told by a sign (a location, a photo or a stream
    from the place, a car parked there, a ligature taken to the woods, a ring left behind; 4/10 on the round-13
    tree) and everyday follow-ups that must not be raised to present danger (36/40 on the round-13 tree)."""
    from guide.safety.conversations import FLOW_DEV14

    failures = [(case.turns, out.why) for case, out in _graded(engine, FLOW_DEV14) if not out.passed]
    assert not failures, failures


def test_the_round14_development_set_is_no_copy_of_the_blind_sets():
    """Written from blind13's and blind12's kinds of miss, never by rewording their messages: no graded
    message of 20 characters or more is a near-copy (fuzz ratio >= 85) of one of theirs."""
    from rapidfuzz import fuzz, process

    from guide.safety.conversations import FLOW_BLIND12, FLOW_BLIND13, FLOW_DEV14, load_flow_cases

    older = [t.casefold() for path in (FLOW_BLIND12, FLOW_BLIND13) for case in load_flow_cases(path)
             for t in case.turns]
    near = [case.turns[-1] for case in load_flow_cases(FLOW_DEV14) if len(case.turns[-1]) >= 20
            and process.extractOne(case.turns[-1].casefold(), older, scorer=fuzz.ratio, score_cutoff=85)]
    assert not near, near


@pytest.mark.parametrize(("first", "detail"), [
    ("my cousin says she's going to kill herself", "her location is pinging at the reservoir"),
    ("my best mate keeps saying he wants to die", "he's messaging me from the top of the viaduct"),
    ("i've been thinking about hanging myself", "drove out to the forest with the rope in the boot"),
    ("i want to hurt myself", "got the blade out again"),
])
def test_a_detail_told_by_a_sign_gets_the_emergency_number_first(engine, first, detail):
    session = Session(engine)
    session.respond(first)
    reply = session.respond(detail)
    assert reply.kind == "safety" and first_resource(reply) == emergency_line(), detail


@pytest.mark.parametrize(("first", "detail"), [
    ("i want to die", "i'm on the tram into town now"),
    ("i don't want to be here anymore", "sat on the coach to leeds"),
    ("my friend wants to kill herself", "she sent me a photo of her new puppy"),
    ("i keep thinking about ending it", "parked in the car park at the supermarket"),
    ("i've been cutting", "my mum is driving me to the shops now"),
])
def test_an_everyday_detail_after_a_disclosure_is_not_present_danger(engine, first, detail):
    session = Session(engine)
    session.respond(first)
    reply = session.respond(detail)
    assert first_resource(reply) != emergency_line(), detail


# -- first disclosures in words no family had --------------------------------------------------


@pytest.mark.parametrize("text", [
    "i can't see a future with him anymore, should i end it",  # a breakup (the similarity check may answer)
    "cut the hedge again, deeper this time",
    "thinking about putting my bike off the road for winter",
    "would love to not wake up early tomorrow",
    "there are two birthdays this week i won't be at because of work",
    "my husband said he'll make sure i never wake up late again",
    "my friend posted a goodbye to the team on her last day at work",
    "i dived in and didn't come back up for ages, held my breath for a minute",
    "bought milk, bread and eggs, last thing on the list",
    "cleaned the car, paid the gas bill, last thing on the list",
    "the kids are going off the end of the pier on the pedalos",
    "took the car off the ferry at dover",
])
def test_the_same_shapes_in_everyday_sentences_get_no_crisis_reply(text):
    a = assess(text)
    new_rules = ("hope.no_future", "sh.again", "si.going_over", "si.not_there", "si.picture", "si.secret",
                 "si.goodbye_posted", "dv.threat_never", "dv.rough", "method.stop", "danger.unknown")
    assert a.tier != 1 and not any(hit.rule.startswith(new_rules) for hit in a.hits), (text, a)


@pytest.mark.parametrize(("first", "answer"), [
    ("gave my fishing rods to my nephew and my neighbour can have the shed keys after sunday", "nope"),
    ("bought three litres of weedkiller today. supposed to be quick", "no"),
    ("been sitting at the top of the quarry for hours now", "not really"),
])
def test_an_affair_settled_a_poison_bought_or_a_long_wait_at_a_drop_then_no_is_not_safe(engine, first, answer):
    session = Session(engine)
    session.respond(first)
    reply = session.respond(answer)
    assert reply.kind == "safety" and first_resource(reply) == emergency_line(), first


# -- mixed replies: safe and a question in one message ------------------------------------------

@pytest.mark.parametrize(("first", "answer"), [
    # the question's words are the article's topic, not the reader's state ("fear of" is no "scared")
    ("i want to jump off the car park roof", "i'm back at my flat with my brother now. what does the article say "
                                             "about fear of rejection"),
    # the help reached is said with the act's words ("stomach pumped"), not a new attempt
    ("i took all my tablets", "they pumped my stomach at a and e, my mum's with me now. why does cuddling help"),
    # "q" opens the question; "they're still here" is the crisis team, after a disclosure of the reader's own
    ("i've got the rope ready", "the crisis team came and they're still here. q does the article say anything "
                                "about oxytocin"),
    # "he's beside me" is the person, not the knife
    ("the blade's been in my hand all night", "blade's in the bin outside and my husband is next to me. is "
                                              "sexual closeness good for anxiety?"),
])
def test_safe_and_a_question_gets_the_acknowledgement_and_the_answer(engine, first, answer):
    session = Session(engine)
    session.respond(first)
    reply = session.respond(answer)
    assert reply.blocks[0].type == "safety" and reply.kind == "answer" and reply.node and reply.footer, \
        (answer, reply.kind)


@pytest.mark.parametrize("answer", [
    "yes, how do i stop being scared of him",  # a question about the reader's own fear is not about the article
    "no. what does the article say about fear of abandonment",
])
def test_a_question_about_the_readers_own_state_still_counts(engine, answer):
    session = Session(engine)
    session.respond("my boyfriend hits me")
    reply = session.respond(answer)
    assert reply.kind == "safety" and first_resource(reply) == emergency_line(), answer


# -- reader questions of the bundled guide's second development set ---------------------------


def test_feeling_unsafe_at_home_with_someone_still_counts():
    assert assess("i feel unsafe at home with him").tier in (1, 2)
