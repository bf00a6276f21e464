"""Numbered list items for authors: validate warns where "point N" will not reach the node about
item N, and explain says how a reference by number was read."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.conversation import Engine, Session
from guide.dialog.checks import validate
from guide.dialog.loader import load_guide
from guide.explain import explain

LESSONS = """\
# Eight lessons, three here

## The lessons

Here is what I learned.

1. Turn up. Bring food and do not ask whether you should.

2. Say the name. Grieving people want to hear the person they lost named aloud.

3. Keep coming back. The casseroles stop after a fortnight; the grief does not.
"""

MANIFEST = "title: Lessons\nstart: welcome\nsources:\n  doc:\n    file: doc.md\n"
WELCOME = """\
id: welcome
title: Start
examples: [hello, hi, start, where do i begin, what can i ask]
answer:
  - quote: Here is what I learned.
choices: [tips]
"""
TIPS = """\
id: tips
title: All the lessons
examples: [the lessons, list the lessons, all the tips, what are the lessons, give me the list]
answer:
  - quote: 1. Turn up.
  - quote: 2. Say the name.
  - quote: 3. Keep coming back.
choices: [welcome]
"""


def lesson(number: int, node_id: str, words: str, quote: str) -> str:
    return (f"id: {node_id}\ntitle: Lesson {number}\nexamples: [{words}, {words} please, about {words}, "
            f"tell me {words}, {words}?]\nanswer:\n  - quote: \"{quote}\"\nchoices: [tips]\n")


def _guide(make_guide, tips_first: bool) -> Path:
    files = {"guide.yaml": MANIFEST, "doc.md": LESSONS, "nodes/welcome.yaml": WELCOME,
             "nodes/hello.yaml": None, "nodes/dogs.yaml": None,
             "nodes/a-tips.yaml" if tips_first else "nodes/z-tips.yaml": TIPS,
             "nodes/m-turn-up.yaml": lesson(1, "turn-up", "turning up",
                                            "1. Turn up. Bring food and do not ask whether you should."),
             "nodes/m-name.yaml": lesson(2, "say-name", "saying the name", "2. Say the name."),
             "nodes/m-back.yaml": lesson(3, "come-back", "coming back", "3. Keep coming back.")}
    root = make_guide(files, keep_defaults=False)
    return root


@pytest.fixture
def tips_first(make_guide) -> Path:
    return _guide(make_guide, tips_first=True)


def test_a_node_about_one_item_beats_the_node_about_the_list(tips_first: Path) -> None:
    """The list node quotes every item from its start and comes first in file order, yet each
    number reaches the node about that item alone, and validate has nothing to warn about."""
    engine = Engine.build(load_guide(tips_first).guide)
    assert Session(engine).respond("point 1").node == "turn-up"
    assert Session(engine).respond("point 2").node == "say-name"
    assert Session(engine).respond("the last one").node == "come-back"
    assert not [p for p in validate(tips_first).problems if p.code.startswith("list-item")]


def test_validate_says_which_node_point_n_reaches(make_guide) -> None:
    root = make_guide({"guide.yaml": MANIFEST, "doc.md": LESSONS, "nodes/welcome.yaml": WELCOME,
                       "nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/z-tips.yaml": TIPS,
                       "nodes/m-turn-up.yaml": lesson(1, "turn-up", "turning up", "1. Turn up."),
                       "nodes/m-name.yaml": lesson(2, "say-name", "saying the name", "2. Say the name."),
                       "nodes/n-name.yaml": lesson(2, "the-name", "the name aloud", "2. Say the name."),
                       "nodes/m-back.yaml": lesson(3, "come-back", "coming back", "3. Keep coming back.")},
                      keep_defaults=False)
    warnings = [p for p in validate(root).warnings if p.code.startswith("list-item")]
    messages = "\n".join(p.message for p in warnings)
    assert [p.code for p in warnings] == ["list-item-shared"], messages
    assert messages == ("item 2 of the numbered list (paragraph 3, “2. Say the name. Grieving people want to hear "
                        "the…”) is quoted from the same place by nodes 'say-name', 'the-name': “point 2” reaches "
                        "'say-name' (the first of them in file order)")
    assert warnings[0].file.endswith("n-name.yaml") and warnings[0].line == 5  # at the quote of the node that loses


def test_no_warning_when_each_item_has_its_own_node(make_guide) -> None:
    root = make_guide({"guide.yaml": MANIFEST, "doc.md": LESSONS, "nodes/welcome.yaml": WELCOME,
                       "nodes/hello.yaml": None, "nodes/dogs.yaml": None,
                       "nodes/z-tips.yaml": TIPS.replace("1. Turn up.", "Bring food").replace(
                           "2. Say the name.", "Grieving people want").replace("3. Keep coming back.",
                                                                               "the grief does not"),
                       "nodes/m-turn-up.yaml": lesson(1, "turn-up", "turning up", "1. Turn up."),
                       "nodes/m-name.yaml": lesson(2, "say-name", "saying the name", "2. Say the name."),
                       "nodes/m-back.yaml": lesson(3, "come-back", "coming back", "3. Keep coming back.")},
                      keep_defaults=False)
    assert not [p for p in validate(root).problems if p.code.startswith("list-item")]


def test_an_item_only_the_list_node_quotes(make_guide) -> None:
    root = make_guide({"guide.yaml": MANIFEST, "doc.md": LESSONS, "nodes/welcome.yaml": WELCOME,
                       "nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/z-tips.yaml": TIPS,
                       "nodes/m-turn-up.yaml": lesson(1, "turn-up", "turning up", "1. Turn up."),
                       "nodes/m-name.yaml": lesson(2, "say-name", "saying the name", "2. Say the name.")},
                      keep_defaults=False)
    warnings = [p for p in validate(root).problems if p.code.startswith("list-item")]
    assert [p.code for p in warnings] == ["list-item-in-list-node"]
    warning = warnings[-1]
    assert warning.message.startswith("item 3 of the numbered list (paragraph 4, “3. Keep coming back.")
    assert warning.message.endswith("is quoted only by node 'tips', which quotes 3 items of the list: “point 3” "
                                    "reaches 'tips'")


def test_explain_says_why_a_number_reaches_no_node(make_guide) -> None:
    """A node quoting two items from their starts is one item of the list (the last it holds):
    "point 1" reaches no node, and explain says why."""
    pair = ("id: first-two\ntitle: The first two\nexamples: [the first two, turning up and the name, "
            "first two lessons, lessons one and two, the first pair]\nanswer:\n  - quote: \"1. Turn up.\"\n"
            "  - quote: \"2. Say the name.\"\nchoices: [welcome]\n")
    root = make_guide({"guide.yaml": MANIFEST, "doc.md": LESSONS, "nodes/welcome.yaml": WELCOME,
                       "nodes/hello.yaml": None, "nodes/dogs.yaml": None, "nodes/a-pair.yaml": pair,
                       "nodes/m-back.yaml": lesson(3, "come-back", "coming back", "3. Keep coming back.")},
                      keep_defaults=False)
    engine = Engine.build(load_guide(root).guide)
    text = explain(engine, "point 1").format()
    line = next(line for line in text.splitlines() if line.startswith("list item"))
    assert line == ("list item   “point 1” → item 1 of the numbered list (paragraph 2 of 'doc': “1. Turn up. Bring "
                    "food and do not ask whether you…”): no node reached, item 1 (paragraph 2) is quoted nearest its "
                    "start by 'first-two', which quotes 2 numbered paragraphs and is taken as item 2: a node is one "
                    "item of the list; the message is matched like any other")
    last = explain(engine, "the last one")
    assert last.list_item is not None and last.list_item.node == "come-back"
    assert "→ node 'come-back'" in last.format()
    data = explain(engine, "point 1").to_json()["list_item"]
    assert data == {"read": "point 1", "how": None, "item": 1, "source": "doc", "paragraph": 2, "node": None,
                    "why": "item 1 (paragraph 2) is quoted nearest its start by 'first-two', which quotes 2 numbered "
                           "paragraphs and is taken as item 2: a node is one item of the list"}


def test_explain_without_a_list(make_guide) -> None:
    engine = Engine.build(load_guide(make_guide()).guide)
    reading = explain(engine, "point 2").list_item
    assert reading is not None and reading.node is None
    assert "the sources have no numbered list" in reading.why
    assert explain(engine, "when do dogs walk").list_item is None
