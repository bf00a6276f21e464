"""A rare word that only follow-ups use cannot be found by a reader's first question: validate
warns at the follow-up phrasing, naming the node to add it to; a word a node uses, an everyday
word, and a guide without follow-ups get nothing."""

from __future__ import annotations

from guide.conversation import Engine, Session
from guide.dialog.checks import validate
from guide.dialog.loader import load_guide

FRUIT = ("id: fruit\ntitle: Fruit on pizza\nexamples: [is fruit ok on pizza, sweet toppings, what about fruit, "
         "can i put fruit on it, fruit toppings]\nanswer:\n  - say: Many people like it.\n"
         "followups:\n  - title: tropical\n    examples: [what about pineapple, and the tropical ones, tell me more]\n"
         "    answer:\n      - say: Pineapple is the best known.\nchoices: [hello]\n")


def _codes(report) -> list:
    return [p for p in report.problems if p.code == "followup-only-word"]


def test_a_word_only_a_follow_up_uses_is_warned_about(make_guide) -> None:
    path = make_guide({"nodes/fruit.yaml": FRUIT})
    warnings = _codes(validate(path))
    assert [w.message.split("'")[1] for w in warnings] == ["pineapple", "tropical"]
    first = warnings[0]
    assert first.file.endswith("fruit.yaml") and first.line == 8 and first.severity == "warning"
    assert "node 'fruit'" in first.hint
    # what the warning is about: asked fresh, the word finds no node
    engine = Engine.build(load_guide(path).guide)
    assert Session(engine).respond("what about pineapple").node != "fruit"


def test_a_word_a_node_uses_or_an_everyday_word_is_not(make_guide) -> None:
    fixed = FRUIT.replace("fruit toppings]", "fruit toppings, pineapple, tropical fruit]")
    assert not _codes(validate(make_guide({"nodes/fruit.yaml": fixed})))


def test_a_follow_up_that_goes_to_another_node_names_that_node(make_guide) -> None:
    goes = FRUIT.replace("    answer:\n      - say: Pineapple is the best known.\n", "    goto: hello\n")
    hints = [w.hint for w in _codes(validate(make_guide({"nodes/fruit.yaml": goes})))]
    assert hints and all("node 'hello'" in hint for hint in hints)
