"""The conversation: answers, context, suggestions, commands, caveats, bad input, determinism."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guide.conversation import AGAIN_TEXT, EMPTY_TEXT, Engine, Session
from guide.dialog.loader import load_guide
from guide.paths import BUNDLED_GUIDE
from tests.conftest import engine_for

KINDS = {"answer", "clarify", "fallback", "safety", "command"}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return engine_for(BUNDLED_GUIDE)


@pytest.fixture
def session(engine: Engine) -> Session:
    return Session(engine)


def test_welcome_is_the_start_node_and_mentions_help(session: Session) -> None:
    reply = session.welcome()
    assert (reply.kind, reply.node) == ("answer", "welcome")
    assert any(b.type == "safety" for b in reply.blocks), "the welcome says where help is"
    assert [s.node for s in reply.suggestions] == [c.node for c in session.guide.nodes["welcome"].choices]


def test_a_greeting_right_after_the_welcome_does_not_repeat_it(session: Session) -> None:
    welcome = session.welcome()
    again = session.respond("hi")
    assert (again.kind, again.node) == ("answer", "welcome")
    assert [b.text for b in again.blocks] == [AGAIN_TEXT], "one line, not the welcome and its note again"
    assert again.suggestions == welcome.suggestions
    session.respond("why does touch calm me")
    later = session.respond("hello")
    assert later.node == "welcome" and later.blocks[0].text == welcome.blocks[0].text, "after a topic, in full"
    assert not any(b.type == "note" for b in later.blocks), "its editor's note was shown once already"


def test_answer_quotes_are_verbatim_with_citations(session: Session) -> None:
    reply = session.respond("why does touch calm me")
    assert (reply.kind, reply.node) == ("answer", "self-soothing")
    source = session.guide.sources["article"]
    assert reply.citations
    for citation in reply.citations:
        assert source.text[citation.start:citation.end] == citation.quote
        assert citation.quote in source.paragraph(citation.paragraph).text
        assert citation.section == source.paragraph(citation.paragraph).section
    assert [b.type for b in reply.blocks][:2] == ["say", "quote"]


def test_typos_are_tolerated(session: Session) -> None:
    reply = session.respond("atachment anxeity")
    assert (reply.kind, reply.node) == ("answer", "attachment-anxiety")


def test_no_did_you_mean_between_the_node_just_answered_and_its_own_follow_up(engine: Engine) -> None:
    """When every option of a "did you mean" is the node just read or one of its follow-ups, the
    best option is answered; with another node among the options, the reader is asked."""
    from guide.matching.index import Candidate, Decision

    node, followup = next((f.node, key) for key, f in engine.followups.items())
    other = next(n for n in engine.guide.nodes if n != node)
    session = Session(engine)
    tie = Decision("clarify", (Candidate(node, 0.49, "", False), Candidate(followup, 0.47, "", True)), 0.49, "")
    assert session._own_followup(tie, node) == node
    assert session._own_followup(tie._replace(candidates=tie.candidates[::-1]), node) == followup
    alone = tie._replace(candidates=(Candidate(node, 0.49, "", False),))
    assert session._own_followup(alone, node) is None  # no follow-up among them: nothing to settle
    assert session._own_followup(tie, None) is None  # no context: the node was not just answered
    assert session._own_followup(tie, other) is None
    mixed = tie._replace(candidates=(*tie.candidates, Candidate(other, 0.45, "", False)))
    assert session._own_followup(mixed, node) is None


def test_follow_up_in_context_and_not_outside_it(engine: Engine) -> None:
    session = Session(engine)
    session.respond("why does touch calm me")
    more = session.respond("tell me more")
    assert more.kind == "answer" and more.node != "self-soothing"
    assert any(c.paragraph == 12 for c in more.citations), "point 5's follow-up paragraph"
    fresh = Session(engine).respond("tell me more")
    assert not any(c.paragraph == 12 for c in fresh.citations)


def test_number_and_label_choose_a_suggestion(session: Session) -> None:
    first = session.respond("why does touch calm me")
    by_number = session.respond("2")
    assert by_number.node == first.suggestions[1].node and by_number.confidence == 1.0
    label = by_number.suggestions[0].label
    by_label = session.respond(label.upper())
    assert by_label.node == by_number.suggestions[0].node


def test_back_and_start_over(session: Session) -> None:
    session.respond("why does touch calm me")
    session.respond("which hormones are released during sex")
    back = session.respond("back")
    assert (back.kind, back.command, back.node) == ("command", "back", "self-soothing")
    restart = session.respond("Start over!")
    assert (restart.command, restart.node) == ("restart", "welcome")
    nothing = session.respond("/back")
    assert nothing.command == "back" and "nothing to go back to" in nothing.text


def test_commands_are_not_confused_with_questions(session: Session) -> None:
    assert session.respond("help").command == "help"
    assert session.respond("does sex help with anxiety").kind != "command"
    assert session.respond("sources").command == "sources"
    assert "ZeroOpposite" in session.respond("about").text
    assert session.respond("quit").command == "quit"
    assert session.respond("what is the source of attachment anxiety").kind != "command"


@pytest.mark.parametrize("text", ["what can u help me with", "hello, what can you help me with?",
                                  "how can you help", "ok so what do you help with", "where shoud i begin",
                                  "hello, total beginer here, where do i even start",
                                  "what can this thing help me with", "how can this guide help me"])
def test_a_question_about_the_guide_itself_gets_its_welcome(session: Session, text: str) -> None:
    """Not the support lines ("help" is in it) and not a node that happens to say "help"."""
    reply = session.respond(text)
    assert (reply.kind, reply.node) == ("answer", "welcome")
    assert not any(b.type == "safety" and "988" in b.text for b in reply.blocks)


@pytest.mark.parametrize("text", ["what can it help with", "how can this help my partner"])
def test_what_it_or_this_helps_with_is_a_question_about_the_topic(text: str) -> None:
    """"It" may be the topic just read, and "this" before another word is not the guide."""
    from guide.about_the_guide import asks_what_the_guide_does
    from guide.conversation import command_key
    assert not asks_what_the_guide_does(command_key(text))


def test_the_question_about_the_guide_is_read_as_its_whole_pattern_reads_it() -> None:
    """asks_what_the_guide_does looks for "help" or "where" before compiling its pattern: the
    same answers as the pattern alone, over every reader question of benchmarks/data."""
    import re

    import yaml

    from guide.about_the_guide import _WHOLE_QUESTION, asks_what_the_guide_does
    from guide.conversation import command_key
    from guide.paths import REPO_ROOT

    def questions(value: object) -> list[str]:
        if isinstance(value, dict) and isinstance(value.get("q"), str):
            return [value["q"]]
        values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
        return [q for v in values for q in questions(v)]

    texts = [q for path in sorted((REPO_ROOT / "benchmarks/data").rglob("*.yaml"))
             for q in questions(yaml.safe_load(path.read_text(encoding="utf-8")))]
    texts += ["what can u help me with", "hello, how can you help", "ok where do i start??", "where shoud i begin",
              "total beginner here, where do i even start", "so what could ya help us with here"]
    assert len(texts) > 1000
    asked = 0
    for text in texts:
        key = command_key(text)
        whole = re.fullmatch(_WHOLE_QUESTION, key.rstrip("? ")) is not None
        assert asks_what_the_guide_does(key) == whole, text
        asked += whole
    assert asked >= 6


@pytest.mark.parametrize("text", ["can you help me", "i need help", "where can i get help", "helpline"])
def test_asking_for_help_still_gets_the_support_lines(session: Session, text: str) -> None:
    assert "988" in session.respond(text).text


def test_help_lists_commands_and_resources(session: Session) -> None:
    reply = session.respond("help")
    assert "back" in reply.text and "start over" in reply.text
    assert "988" in reply.text and "findahelpline.com" in reply.text


def test_empty_and_whitespace_input(session: Session) -> None:
    session.respond("why does touch calm me")
    for text in ("", "   ", "\t\n", "\x00\x07"):
        reply = session.respond(text)
        assert reply.kind == "fallback" and EMPTY_TEXT in reply.text
    assert session.respond("2").kind == "answer", "empty lines keep the offered suggestions"


def test_control_characters_and_markup_are_harmless(session: Session) -> None:
    reply = session.respond("\x1b[31mwhy does [b]touch[/b] calm me\x1b[0m")
    assert reply.node == "self-soothing"
    assert reply.input.startswith("\x1b[31m"), "the reply keeps the input as typed"


def test_long_paste_is_matched_on_a_prefix_and_says_so(session: Session) -> None:
    reply = session.respond("why does touch calm me " + "blah " * 200_000)
    assert reply.notice.startswith("your message was long")
    assert reply.kind in KINDS


def test_off_topic_falls_back_with_nearest_topics(session: Session) -> None:
    reply = session.respond("what's the best pizza in naples")
    assert reply.kind == "fallback" and reply.node is None and not reply.citations
    assert reply.suggestions


def test_consent_caveat_when_the_conclusion_is_quoted(session: Session) -> None:
    reply = session.respond("what does the article conclude")
    assert any(c.paragraph == 15 for c in reply.citations)
    notes = [b.text for b in reply.blocks if b.type == "note"]
    assert any("never an obligation" in n for n in notes)


def test_consent_caveat_when_asked_about_using_sex_to_keep_a_partner(session: Session) -> None:
    reply = session.respond("should i have sex with him so he doesnt leave me")
    assert any("never an obligation" in b.text for b in reply.blocks if b.type == "note")


def test_same_inputs_same_replies(engine: Engine) -> None:
    script = ["hi", "why does touch calm me", "tell me more", "2", "hormones??", "back", "asdfgh", "help"]
    first = [Session(engine).respond(t) for t in script]
    second = [Session(engine).respond(t) for t in script]
    assert first == second


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_text_gets_a_well_formed_reply(engine: Engine, text: str) -> None:
    session = Session(engine)
    session.respond("why does touch calm me")
    reply = session.respond(text)
    assert reply.kind in KINDS
    assert 0.0 <= reply.confidence <= 1.0
    assert reply.node is None or reply.node in engine.guide.nodes
    for suggestion in reply.suggestions:
        assert suggestion.label and (suggestion.node or suggestion.command)
    source = engine.guide.sources["article"]
    for citation in reply.citations:
        assert source.text[citation.start:citation.end] == citation.quote


def test_after_a_disclosure_a_joke_gets_a_check_in_not_an_answer(engine: Engine) -> None:
    session = Session(engine)
    assert session.respond("i want to kill myself").kind == "safety"
    for text in ("jk", "lol", "yes", "nvm"):
        reply = session.respond(text)
        assert reply.kind == "safety" and not reply.citations
        assert "988" in reply.text
    later = session.respond("what does oxytocin do")
    assert later.kind == "answer" and later.footer, "answers come back, with the resource line under them"


def test_a_number_picks_a_suggestion_only_when_it_is_the_whole_message(bundled_guide):
    from guide.conversation import new_session
    from guide.dialog.loader import load_guide

    session = new_session(load_guide(bundled_guide).guide)
    welcome = session.welcome()
    second = welcome.suggestions[1]
    for pick in ("2", "2.", "#2", "option 2", "(2)"):
        session = new_session(load_guide(bundled_guide).guide)
        session.welcome()
        assert session.respond(pick).node == second.node, pick
    session = new_session(load_guide(bundled_guide).guide)
    session.welcome()
    reply = session.respond("2 weeks ago he said he needed space")
    assert reply.input == "2 weeks ago he said he needed space"
    assert reply.node != second.node


def test_plain_text_wraps_at_word_boundaries_and_keeps_quote_marks():
    from guide.plain import wrap

    text = "> “During sex, individuals receive physical touch, comfort, and support from their partner.”\n" \
           ">   — Avoid attachment anxiety with sexual closeness, “How it helps”, paragraph 11\nNext: 1) Oxytocin"
    wrapped = wrap(text, 40)
    lines = wrapped.split("\n")
    assert all(len(line) <= 40 for line in lines)
    assert all(line.startswith(">") for line in lines[:-1])
    assert " ".join(wrapped.replace(">   ", " ").replace("> ", " ").split()) == \
        " ".join(text.replace(">   ", " ").replace("> ", " ").split()), "no word broken or lost"


def test_terminal_escape_sequences_pasted_with_a_question_are_removed_whole() -> None:
    from guide.conversation import clean_input

    assert clean_input("\x1b[1;31mwhy does touch calm me\x1b[0m") == "why does touch calm me"
    assert clean_input("why\x1b]0;new title\x07 does touch calm me") == "why  does touch calm me"
    assert clean_input("why does touch\x9b2J calm me") == "why does touch  calm me"


@pytest.mark.parametrize(("typed", "read"), [
    ("why does\x00touch calm me", "why does touch calm me"),  # a NUL between words separates them
    ("why does\x0ctouch\x1fcalm me", "why does touch calm me"),  # so do a form feed and a unit separator
    ("why\r\ndoes touch\tcalm me", "why  does touch calm me"),
    ("why does to\u200buch calm\u202e me", "why does touch calm me"),  # zero-width and bidi: removed
])
def test_control_characters_separate_words_and_invisible_ones_are_removed(typed: str, read: str) -> None:
    from guide.conversation import clean_input

    assert clean_input(typed) == read


def test_a_tie_with_its_own_follow_up_is_answered() -> None:
    """Found by guide H's author: in the social-media context, "they left my daughter out of the
    whatsapp group" asked "did you mean" between the topic just read and its own follow-up."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "article-h-teen-phone"
    engine = Engine.build(load_guide(root).guide)
    session = Session(engine)
    assert session.respond("what does it say about social media").node == "social-media"
    reply = session.respond("they left my daughter out of the whatsapp group")
    assert reply.kind == "answer" and reply.node == "social-media"


def _help_engine(make_guide, title: str, start: str, source: str, nodes: dict[str, str]) -> Engine:
    """A two-node guide around `source` for the tests of what follows a request for help."""
    manifest = f"title: {title}\nstart: {start}\nsources:\n  doc:\n    file: doc.md\n"
    root = make_guide({"guide.yaml": manifest, "doc.md": source, **nodes}, keep_defaults=False)
    return Engine.build(load_guide(root).guide)


def test_a_helpline_the_article_names_follows_the_support_lines(make_guide) -> None:
    """Asked for a helpline, a guide whose source names one answers with it after the support
    lines; a confident answer that names no helpline is not added."""
    source = ("# Teens\n\n## Where to get help\n\nIn the UK, the Family Lives helpline answers parents "
              "on weekdays. Your GP can help too.\n\n## Sleep\n\nPhones stay out of bedrooms at night.\n")
    nodes = {"nodes/help.yaml": "id: where-help\ntitle: Where to get help\nexamples: [where can parents get help, "
                                "helpline for parents, who can parents call, support for parents]\nanswer:\n"
                                "  - quote: the Family Lives helpline answers parents on weekdays\n",
             "nodes/sleep.yaml": "id: sleep\ntitle: Sleep\nexamples: [phones in bedrooms, phone at night, "
                                 "bedtime phones, helpline for sleep]\nanswer:\n"
                                 "  - quote: Phones stay out of bedrooms at night.\n"}
    engine = _help_engine(make_guide, "Teens", "where-help", source, nodes)
    reply = Session(engine).respond("is there a helpline for parents")
    assert (reply.kind, reply.node) == ("answer", "where-help")
    assert [b.type for b in reply.blocks][:2] == ["safety", "safety"] and "Family Lives" in reply.text
    assert Session(engine).respond("helpline for sleep").kind == "command"  # its answer names no helpline
    assert Session(engine).respond("i need help").kind == "command"


def test_where_the_article_says_to_get_advice_follows_the_support_lines(make_guide) -> None:
    """A source that names where to get advice without the word "helpline" ("free debt advice from
    Citizens Advice", "she rang a debt charity") answers a request for a helpline after the support
    lines; a passage that gives the writer's own advice does not."""
    source = ("# Money\n\n## Debt advice\n\nFree, independent debt advice is available from Citizens Advice. "
              "Sam rang a debt charity and made a plan.\n\n## Saving\n\nMy advice is to save a little every "
              "week.\n")
    nodes = {"nodes/advice.yaml": "id: debt-advice\ntitle: Debt advice\nexamples: [where can i get debt advice, "
                                  "debt helpline, who can help with my debts, is there a helpline for debt]\n"
                                  "answer:\n  - quote: Free, independent debt advice is available from Citizens "
                                  "Advice.\n  - quote: Sam rang a debt charity and made a plan.\n",
             "nodes/saving.yaml": "id: saving\ntitle: Saving\nexamples: [how do i save, saving tips, "
                                  "a helpline for saving, saving a little every week]\nanswer:\n"
                                  "  - quote: My advice is to save a little every week.\n"}
    engine = _help_engine(make_guide, "Money", "saving", source, nodes)
    reply = Session(engine).respond("is there a helpline for debt")
    assert (reply.kind, reply.node) == ("answer", "debt-advice")
    assert reply.blocks[0].type == "safety" and "Citizens Advice" in reply.text
    assert Session(engine).respond("a helpline for saving").kind == "command"  # the writer's advice is no service


def test_whom_to_call_in_an_emergency_follows_the_support_lines(make_guide) -> None:
    """A request for help that the guide answers with confidence from a passage saying whom to call
    in an emergency gets that passage after the support lines (the emergency line first); an answer
    that says nothing of it does not follow them."""
    source = ("# Swimming\n\n## Open water\n\nIf someone is in trouble in the water, call 999 and ask for the "
              "Coastguard, and throw them something that floats.\n\n## Kit\n\nGoggles help you see under "
              "water.\n")
    nodes = {"nodes/water.yaml": "id: open-water\ntitle: Open water\nexamples: [someone in trouble in the water, "
                                 "who do i call if someone is drowning, a swimmer in trouble in the sea, "
                                 "what to do if someone is drowning]\nanswer:\n"
                                 "  - quote: call 999 and ask for the Coastguard\n",
             "nodes/kit.yaml": "id: kit\ntitle: Kit\nexamples: [what goggles do i need, goggles, kit for the pool, "
                               "what do i wear swimming]\nanswer:\n  - quote: Goggles help you see under water.\n"}
    engine = _help_engine(make_guide, "Swimming", "kit", source, nodes)
    for asked in ("who do i call if someone is drowning", "what do i do if someone is drowning"):
        reply = Session(engine).respond(asked)  # (a request for help)
        assert (reply.kind, reply.node) == ("answer", "open-water")
        assert reply.blocks[0].type == "safety" and "emergency" in reply.blocks[0].text.casefold()
        assert "Coastguard" in reply.text
    assert Session(engine).respond("i need help").kind == "command"  # the lines only
    # told, not asked: someone's emergency now is a takeover (round 15), the emergency number first and no quote
    reply = Session(engine).respond("someone is drowning, who do i call")
    assert (reply.kind, reply.category) == ("safety", "medical_emergency")
    assert "emergency number" in reply.blocks[0].text and not any(b.type == "quote" for b in reply.blocks)


def test_a_resumed_session_counts_on_from_its_topic(engine: Engine) -> None:
    """`resume_at` puts a session at a topic with its follow-ups active, as a reopened conversation
    and the reader_context benchmark need: "and the next one?" counts from it."""
    from guide.tui.app import resumed

    fresh = Session(engine)
    assert fresh.respond("and the next one?").node is None  # no topic yet: nothing to count from
    first = Session(engine)
    replies = [first.respond("what is the second way")]
    assert replies[0].node == "validation"
    reopened = resumed(engine, replies)
    assert reopened.respond("and the next one?").node == "self-esteem"
    placed = Session(engine)
    placed.resume_at("emotional-intimacy")
    assert placed.history == []
    assert placed.respond("and the next one?").node == "self-soothing"
