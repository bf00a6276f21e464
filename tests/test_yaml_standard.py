"""`guide validate` warns where standard YAML (PyYAML's Python loader, which yamllint and editors follow)
reads a guide file differently from guide's own loader (libyaml): guide O's author wrote
`examples: [what about the cold, "and wind?", "and frost?"]` after an editor refused the unquoted form."""

from __future__ import annotations

import pytest
import yaml

from guide.dialog.checks import validate
from guide.dialog.yamlstandard import differences

# (file text, the warnings' line:col and hint); PyYAML's Python loader is asked too, below, so that each
# row says what is true of the two loaders installed, not what this test believes of them.
DIFFERENT = [
    ("examples: [what about the cold, and wind?, and frost?]\n",
     [(1, 33, 'quote the phrasing: "and wind?"'), (1, 44, 'quote the phrasing: "and frost?"')]),
    ("examples: [and wind?]\n", [(1, 12, 'quote the phrasing: "and wind?"')]),
    ("examples: [what? really, b]\n", [(1, 12, 'quote the phrasing: "what? really"')]),
    ("examples: [why ? because]\n", [(1, 12, 'quote the phrasing: "why ? because"')]),
    ("examples: [what ?, really]\n", [(1, 12, 'quote the phrasing: "what ?"')]),
    ('examples: [a, say "hi"?]\n', [(1, 15, "quote the phrasing: 'say \"hi\"?'")]),
    ("examples: [and\n  wind?, b]\n", [(1, 12, 'quote the phrasing: "and wind?"')]),  # over two lines
    ("x: {a?: b}\n", [(1, 5, 'quote the phrasing: "a?"')]),
    ("title:\tHello\n", [(1, 7, "replace the tab with a space")]),
    ("title: Hello\t\n", [(1, 13, "replace the tab with a space")]),
    ('examples: [b?]\ntitle: "x"\t\n', [(1, 12, 'quote the phrasing: "b?"'), (2, 11, "replace the tab with a space")]),
    ("answer:\n  - say: |# a note\n      Hello.\n", [(2, 11, "put a space before the '#'")]),
]
SAME = [
    'examples: [what about the cold, "and wind?", "and frost?"]\n',
    "examples:\n  - why? because\n  - and wind?\n",
    "title: why? because\n",
    "examples: [a, b: c]\n",  # a mapping to both (the schema check says to quote it)
    "examples: [a, b #c\n  , d]\n",
    "examples: [what:now]\n",
    "examples: [a, b, ]\n",
]
REFUSED_BY_GUIDE = ["examples: [a #b, c]\n", "examples: [a, b:]\n", 'examples: [a, "b" c]\n',
                    "x: *nowhere\ny:\t1\n"]


def _pure_reads_the_same(text: str) -> bool:
    try:
        return yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return False


@pytest.mark.parametrize(("text", "expected"), DIFFERENT)
def test_a_file_standard_yaml_reads_otherwise_is_warned_where_and_how_to_fix(text: str, expected: list) -> None:
    assert not _pure_reads_the_same(text)
    found = differences(text, "nodes/x.yaml")
    assert [(p.line, p.col, p.hint) for p in found] == expected
    assert all(p.severity == "warning" and p.code == "yaml-standard" and p.file == "nodes/x.yaml" for p in found)


@pytest.mark.parametrize("text", SAME)
def test_a_file_both_read_alike_is_not_warned(text: str) -> None:
    assert _pure_reads_the_same(text)
    assert differences(text, "x.yaml") == []


@pytest.mark.parametrize("text", REFUSED_BY_GUIDE)
def test_a_file_guide_cannot_read_is_left_to_the_loaders_error(text: str) -> None:
    with pytest.raises(yaml.YAMLError):
        yaml.compose(text, Loader=yaml.CSafeLoader)
    assert differences(text, "x.yaml") == []


def test_validate_says_it_with_the_file_line_and_column(make_guide) -> None:
    root = make_guide({"nodes/dogs.yaml": """\
id: dogs
title: Dogs
examples: [dogs, walking the dog, when do dogs walk?, dog walks, morning walk]
answer:
  - quote: Dogs need a walk every morning and every evening.
  - quote: Birds sing at dawn
choices: [hello]
"""})
    problems = [p for p in validate(root).problems if p.code == "yaml-standard"]
    assert [(p.file.endswith("nodes/dogs.yaml"), p.line, p.col, p.hint) for p in problems] == [
        (True, 3, 35, 'quote the phrasing: "when do dogs walk?"')]
    assert "“when do dogs walk?” is read as one phrasing by guide" in problems[0].message


def test_every_small_file_the_loaders_read_apart_is_warned_and_no_other() -> None:
    """Generated files of YAML's troublesome characters: whenever guide reads one, the warning is there
    exactly when PyYAML's Python loader fails on it or reads it otherwise (the check asks that loader
    only of files with a tab or a block header's comment, and finds the '?' phrasings from libyaml's
    reading: this keeps that shortcut honest)."""
    import random

    rng = random.Random(14)  # noqa: S311 (generated test files, not secrets)
    alphabet = ["a", "b", " ", "?", ":", "#", "-", "[", "]", "{", "}", ",", '"', "'", "\n", "  ", "&", "*", "|",
                ">", ".", "\t", "!"]
    checked = apart = 0
    for prefix, suffix in [("x: ", ""), ("x: [", "]"), ("- ", ""), ("x:\n  - ", ""), ("", ""), ("x: {", "}")]:
        for _ in range(1000):
            text = prefix + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) + suffix + "\n"
            try:
                ours = _shape(yaml.compose(text, Loader=yaml.CSafeLoader))
            except yaml.YAMLError:
                continue
            try:
                same = _shape(yaml.compose(text, Loader=yaml.SafeLoader)) == ours
            except yaml.YAMLError:
                same = False
            assert bool(differences(text, "x.yaml")) == (not same), repr(text)
            checked += 1
            apart += not same
    assert checked > 1500 and apart > 100


def _shape(node: yaml.Node | None) -> object:
    """A composed file as guide reads it (guide builds its values from the composed nodes)."""
    if node is None or isinstance(node, yaml.ScalarNode):
        return node and (node.tag, node.value)
    if isinstance(node, yaml.MappingNode):
        return node.tag, [(_shape(k), _shape(v)) for k, v in node.value]
    return node.tag, [_shape(item) for item in node.value]
