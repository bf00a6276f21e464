"""Silent mistakes get a warning: each check, with what it must not flag."""

from __future__ import annotations

from guide.cli import main
from guide.dialog.checks import validate
from tests.conftest import TINY_DOGS, TINY_MANIFEST, TINY_NODE

GOOD = "examples: [a1, b2, c3, d4, e5]\nanswer:\n  - say: Fine.\n"


def _codes(report, code: str) -> list:
    return [p for p in report.problems if p.code == code]


def test_a_list_item_folded_into_the_phrasing_above(make_guide) -> None:
    node = ("id: adopted\ntitle: Adoption\nexamples:\n  - when was it adopted\n    - who wrote it\n"
            "  - adoption date\n  - adopted when\n  - the year it was adopted\n  - date of adoption\n"
            "answer:\n  - say: In the spring.\nchoices: [hello]\n")
    report = validate(make_guide({"nodes/adopted.yaml": node}))
    [warning] = _codes(report, "folded-list-item")
    assert (warning.line, warning.col) == (5, 5)  # the folded `- who wrote it`
    assert warning.file.endswith("adopted.yaml") and warning.severity == "warning"
    assert "'- who wrote it' is indented under the item above it" in warning.message
    assert "'when was it adopted - who wrote it'" in warning.message
    assert "same column as the '-' on line 4" in warning.hint
    assert not report.errors


def test_folded_items_in_follow_ups_and_lists_at_the_key_column(make_guide) -> None:
    node = ("id: walks\ntitle: Walks\nexamples:\n- walks\n  - long walks\n- w2\n- w3\n- w4\n- w5\n"
            "answer:\n  - say: Fine.\nfollowups:\n  - examples:\n      - more\n        - go on\n"
            "    answer:\n      - say: More.\nchoices: [hello]\n")
    report = validate(make_guide({"nodes/walks.yaml": node}))
    assert [(p.line, p.col) for p in _codes(report, "folded-list-item")] == [(5, 3), (15, 9)]


def test_a_dash_inside_a_phrasing_is_not_a_fold(make_guide) -> None:
    node = ("id: dash\ntitle: Dash\nexamples:\n  - attachment - what is it\n  - \"quoted -\n    - on purpose\"\n"
            "  - d3\n  - d4\n  - d5\nanswer:\n  - say: Fine.\nchoices: [hello]\n")
    report = validate(make_guide({"nodes/dash.yaml": node}))
    assert not _codes(report, "folded-list-item")


def test_a_goto_to_its_own_node(make_guide) -> None:
    node = "id: loop\ntitle: Loop\n" + GOOD + "goto: loop\n"
    report = validate(make_guide({"nodes/loop.yaml": node}))
    [warning] = _codes(report, "goto-self")
    assert warning.message == "goto of node 'loop' leads back to 'loop' itself"
    assert not _codes(report, "goto-cycle")  # reported once, as what it is


def test_a_follow_up_that_goes_back_to_its_own_node(make_guide) -> None:
    node = ("id: back\ntitle: Back\n" + GOOD + "followups:\n  - title: more\n    examples: [more]\n"
            "    goto: back\n  - title: other\n    examples: [other]\n    goto: hop\nchoices: [hello]\n")
    hop = "id: hop\ntitle: Hop\n" + GOOD + "goto: back\n"
    report = validate(make_guide({"nodes/back.yaml": node, "nodes/hop.yaml": hop}))
    warnings = _codes(report, "followup-leads-back")
    assert [w.message.split(":")[0] for w in warnings] == [
        "follow-up 'more' of node 'back' goes back to 'back'",
        "follow-up 'other' of node 'back' goes back to 'back' (through hop)",
    ]
    assert [w.line for w in warnings] == [7, 10]  # each follow-up's `- title:` line


def test_goto_cycles_are_reported_once(make_guide) -> None:
    files = {
        "nodes/a.yaml": "id: a\ntitle: A\n" + GOOD + "goto: b\n",
        "nodes/b.yaml": "id: b\ntitle: B\n" + GOOD + "goto: c\n",
        "nodes/c.yaml": "id: c\ntitle: C\n" + GOOD + "goto: a\n",
        "nodes/d.yaml": "id: d\ntitle: D\n" + GOOD + "goto: b\n",  # leads into the cycle: not a cycle itself
        "nodes/e.yaml": "id: e\ntitle: E\n" + GOOD + "goto: hello\n",  # a chain that ends
    }
    report = validate(make_guide(files))
    [warning] = _codes(report, "goto-cycle")
    assert warning.message.startswith("goto cycle: a → b → c → a;")
    assert warning.file.endswith("a.yaml")


def test_placeholder_text_left_from_guide_new(make_guide, capsys) -> None:
    root = make_guide()
    assert main(["new", "node", "touch", "--guide", str(root)]) == 0
    capsys.readouterr()
    report = validate(root)
    [warning] = _codes(report, "placeholder")
    assert warning.message == "`say` block of node 'touch' is still a placeholder: “TODO: a lead-in in your own words”"
    lines = (root / "nodes" / "touch.yaml").read_text(encoding="utf-8").splitlines()
    assert warning.file.endswith("touch.yaml") and "TODO" in lines[warning.line - 1]


def test_phrasings_written_from_the_id_are_to_be_replaced(make_guide, capsys) -> None:
    """`guide new node` writes "what about X"-style phrasings so the node validates at once; left,
    they teach the matcher a template and sway the calibrated thresholds."""
    root = make_guide()
    assert main(["new", "node", "touch-and-calm", "--guide", str(root)]) == 0
    capsys.readouterr()
    [warning] = _codes(validate(root), "scaffold-phrasings")
    assert warning.message.startswith("node 'touch-and-calm' still has 4 phrasings `guide new node` wrote from its id "
                                      "(“what about touch and calm”")
    path = root / "nodes" / "touch-and-calm.yaml"
    text = path.read_text(encoding="utf-8")
    for phrase in ("what about touch and calm", "tell me about touch and calm", "touch and calm explained"):
        text = text.replace(f"  - {phrase}\n", "")
    path.write_text(text, encoding="utf-8")  # one left ("more on ..."): the author has written the rest
    assert not _codes(validate(root), "scaffold-phrasings")


def test_placeholders_in_titles_and_follow_ups_but_not_in_comments(make_guide) -> None:
    node = ("# TODO: more phrasings (a comment: readers never see it)\nid: wip\ntitle: FIXME better title\n"
            + GOOD + "followups:\n  - examples: [more]\n    answer:\n      - note: TODO\nchoices: [hello]\n")
    report = validate(make_guide({"nodes/wip.yaml": node}))
    assert [p.message.split(" of node")[0] for p in _codes(report, "placeholder")] == [
        "title", "follow-up `note` block"]
    report = validate(make_guide({"nodes/wip.yaml": node.replace("FIXME", "A").replace("note: TODO", "note: To do")}))
    assert not _codes(report, "placeholder")


def test_the_start_node_with_no_examples(make_guide) -> None:
    report = validate(make_guide({"nodes/hello.yaml": TINY_NODE.replace(
        "examples: [hi, hello, hey there, good morning, start]", "examples: []")}))
    [warning] = _codes(report, "start-without-examples")
    assert warning.message.startswith("start node 'hello' has no example phrasings")
    import re

    from guide.conversation import new_session
    from guide.dialog.loader import load_guide

    named = re.findall(r"'([^']+)'", warning.message.split("who type ")[1])
    guide = load_guide(make_guide({"nodes/hello.yaml": TINY_NODE.replace(
        "examples: [hi, hello, hey there, good morning, start]", "examples: []")})).guide
    assert named and all(new_session(guide).respond(text).kind == "fallback" for text in named), named  # (as it says)
    assert not _codes(report, "few-examples")  # the start node is not asked for five
    dogs = TINY_DOGS.replace("examples: [dogs, walking the dog, when do dogs walk, dog walks, morning walk]",
                             "examples: []")
    report = validate(make_guide({"nodes/hello.yaml": TINY_NODE, "nodes/dogs.yaml": dogs}))
    assert not _codes(report, "start-without-examples")  # another node: few-examples says it


def test_the_tiny_and_bundled_guides_have_none_of_them(make_guide, bundled_guide) -> None:
    codes = {"folded-list-item", "goto-self", "followup-leads-back", "goto-cycle", "placeholder",
             "start-without-examples", "comment-cut"}
    assert not [p for p in validate(make_guide()).problems if p.code in codes]
    assert not [p for p in validate(bundled_guide).problems if p.code in codes]


def test_a_choice_label_with_its_own_number(make_guide) -> None:
    node = ("id: lessons\ntitle: Lessons\nexamples: [l1, l2, l3, l4, l5]\nanswer:\n  - say: Fine.\n"
            "choices:\n  - {node: hello, label: \"1. Start with three hens\"}\n"
            "  - {node: hello, label: 2020 in review}\n  - {node: hello, label: Three hens}\n")
    report = validate(make_guide({"nodes/lessons.yaml": node}))
    [warning] = _codes(report, "numbered-label")
    assert warning.line == 7 and "'1. Start with three hens' starts with a number" in warning.message
    assert 'readers see "1) 1. Start with three hens"' in warning.message  # the author's own label
    assert warning.hint == 'write `label: "Start with three hens"`: readers see "1) Start with three hens"'
    assert not report.errors


def test_a_numbered_label_is_quoted_where_the_chat_offers_it(make_guide) -> None:
    """The example is the author's label at its own place in the offers, and the hint says what to write."""
    node = ("id: habits\ntitle: Habits\nexamples: [h1, h2, h3, h4, h5]\nanswer:\n  - say: Fine.\n"
            "choices:\n  - hello\n  - node: hello\n    label: '2) Call at a \"regular\" time'\n"
            "  - {node: hello, label: '3. '}\n")
    report = validate(make_guide({"nodes/habits.yaml": node}))
    first, second = _codes(report, "numbered-label")
    assert (first.line, first.col) == (9, 12)
    assert first.message.endswith('readers see "2) 2) Call at a "regular" time"')
    assert first.hint == 'write `label: "Call at a \\"regular\\" time"`: readers see "2) Call at a "regular" time"'
    assert second.message.endswith('readers see "3) 3. "')
    assert "leave `label:` out to offer the node's title" in second.hint


def test_a_choice_offered_twice(make_guide) -> None:
    """`choices: [dogs, dogs]` loaded silently and readers saw "1) Dogs  2) Dogs"."""
    report = validate(make_guide({"nodes/hello.yaml": TINY_NODE.replace("choices: [dogs]", "choices: [dogs, dogs]")}))
    found = _codes(report, "repeated-choice")
    assert [(p.line, p.col, p.message) for p in found] == [(7, 17, "choice 'dogs' is offered twice under node 'hello'")]
    assert not _codes(validate(make_guide({"nodes/hello.yaml": TINY_NODE})), "repeated-choice")


def test_a_node_offering_itself(make_guide) -> None:
    """`choices: [hello, dogs]` under node hello loaded silently: readers saw "Next: 1) Hello" right
    under the answer they had just read."""
    report = validate(make_guide({"nodes/hello.yaml": TINY_NODE.replace("choices: [dogs]", "choices: [hello, dogs]")}))
    [found] = _codes(report, "choice-to-itself")
    assert (found.line, found.col, found.severity) == (7, 11, "warning")
    assert found.message.startswith("node 'hello' offers itself as a choice")
    assert not _codes(validate(make_guide({"nodes/hello.yaml": TINY_NODE})), "choice-to-itself")


def test_synonyms_in_a_chain_or_of_themselves(make_guide) -> None:
    """`tea: [cuppa]` with `cuppa: [tea]` loaded silently, and no question with either word found its
    node: the guide's "tea" was read as "cuppa", a reader's "cuppa" as "tea"."""
    manifest = TINY_MANIFEST + "synonyms:\n  tea: [cuppa]\n  cuppa: [tea]\n  mug: [beaker, Mug]\n  cat: [kitty]\n"
    report = validate(make_guide({"guide.yaml": manifest}))
    chain = _codes(report, "synonym-chain")
    assert [(p.line, p.col) for p in chain] == [(7, 9), (8, 11)]
    assert chain[0].message == ("'cuppa' is a synonym of 'tea' and has synonyms of its own (line 8): synonyms are "
                                "replaced once, not in chains, so the guide's 'cuppa' is read as 'tea' but a "
                                "reader's 'tea' as 'cuppa', and the two never meet")
    assert chain[0].hint.startswith("keep one of the two entries: with `tea: [cuppa]` alone")
    [itself] = _codes(report, "synonym-of-itself")
    assert (itself.line, itself.col) == (9, 17)
    ordinary = validate(make_guide({"guide.yaml": TINY_MANIFEST + "synonyms:\n  tea: [cuppa, mug]\n  cat: [kitty]\n"}))
    assert not _codes(ordinary, "synonym-chain") and not _codes(ordinary, "synonym-of-itself")


def test_two_nodes_with_one_title(make_guide) -> None:
    """A node file copied and its id changed, not its title: "Did you mean: 1) Dogs  2) Dogs"."""
    report = validate(make_guide({"nodes/hello.yaml": TINY_NODE.replace("title: Hello", "title: dogs ")}))
    [found] = _codes(report, "same-title")
    assert found.severity == "warning" and found.file.endswith(("hello.yaml", "dogs.yaml"))
    assert "has the same title as node" in found.message
    assert not _codes(validate(make_guide({"nodes/hello.yaml": TINY_NODE})), "same-title")
