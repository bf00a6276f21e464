"""Warnings of `guide validate`: reachability, dead ends, phrasings, coverage."""

from __future__ import annotations

from guide.dialog.checks import validate


def _lines(report) -> list[str]:
    return [f"{p.severity}: {p.message}" for p in report.problems]


def test_tiny_guide_is_clean(make_guide) -> None:
    report = validate(make_guide())
    assert _lines(report) == []
    assert report.coverage[0].quoted == (1, 2, 3)


def test_unreachable_node(make_guide) -> None:
    report = validate(make_guide({"nodes/lost.yaml": "id: lost\ntitle: Lost\nanswer:\n  - say: Nobody comes.\n"
                                                     "choices: [hello]\n"}))
    assert "warning: node 'lost' cannot be reached: it has no examples and nothing leads to it" in _lines(report)
    assert not report.errors


def test_dead_end_and_end_marker(make_guide) -> None:
    dead = "id: dead\ntitle: Dead\nexamples: [a1, b2, c3, d4, e5]\nanswer:\n  - say: Stop.\n"
    report = validate(make_guide({"nodes/dead.yaml": dead}))
    assert "warning: node 'dead' is a dead end: no choices, follow-ups or goto" in _lines(report)
    report = validate(make_guide({"nodes/dead.yaml": dead + "end: true\n"}))
    assert not any("dead end" in line for line in _lines(report))


def test_few_examples(make_guide) -> None:
    node = "id: thin\ntitle: Thin\nexamples: [one, two]\nanswer:\n  - say: Hi.\nchoices: [hello]\n"
    report = validate(make_guide({"nodes/thin.yaml": node}))
    assert "warning: node 'thin' has 2 example phrasings; 5 or more help readers find it" in _lines(report)


def test_same_phrasing_under_two_nodes(make_guide) -> None:
    node = "id: twin\ntitle: Twin\nexamples: [Walking the dog!, x1, x2, x3, x4]\nanswer:\n  - say: Hi.\n" \
           "choices: [hello]\n"
    report = validate(make_guide({"nodes/twin.yaml": node}))
    dupes = [p for p in report.problems if p.code == "duplicate-example"]
    assert len(dupes) == 1
    assert dupes[0].message.startswith("example 'Walking the dog!' is also under node 'dogs' (")
    assert dupes[0].file.endswith("twin.yaml") and dupes[0].line == 3


def test_uncovered_paragraph_is_reported_at_the_source(make_guide) -> None:
    dogs = "id: dogs\ntitle: Dogs\nexamples: [dogs, walk, w2, w3, w4]\nanswer:\n  - say: Woof.\nchoices: [hello]\n"
    report = validate(make_guide({"nodes/dogs.yaml": dogs}))
    uncovered = [p for p in report.problems if p.code == "uncovered-paragraph"]
    assert [(p.line, p.message) for p in uncovered] == [
        (11, 'paragraph 2 is not quoted by any node: "Dogs need a walk every morning and every evening."'),
        (15, 'paragraph 3 is not quoted by any node: "Birds sing at dawn to mark their territory."'),
    ]
    assert report.coverage[0].missing == (2, 3)


def test_bundled_guide_has_no_errors(bundled_guide) -> None:
    report = validate(bundled_guide)
    assert report.errors == []
    assert len(report.guide.nodes) >= 5
