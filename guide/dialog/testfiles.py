"""Conversation test files: reading and checking them against a guide, without running them.

A test file holds a list of tests; each test is a name and turns. A turn is what the reader
types (``user``) and what the reply must be: ``node`` (the node whose answer the reply carries:
an answer, a safety reply that also answers, or "back" to it, unless ``kind`` says which),
``kind``, ``says`` (text the reply contains), ``not_says`` (text it must not contain),
``starts_with`` (text its first line contains: "the emergency number first"), ``quotes`` (text
one of its quotes contains), ``not_node``. Files are checked like guide files: every problem
is a ``Problem`` with its file:line:col, and a test that names a missing node is a problem, not
a failure. `guide validate` reports them too; `guide.authoring.testing` plays the tests.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from guide.dialog.files import display_path
from guide.dialog.model import Guide
from guide.dialog.schema import REPLY_KINDS, TESTS, Checker, did_you_mean
from guide.dialog.yamltree import EMPTY_TEST_FILE, YList, YMap, YScalar, YValue, read_yaml
from guide.problems import Pos, Problem, sort_problems

EXPECTATIONS = ("node", "kind", "says", "not_says", "starts_with", "quotes", "not_node")
NODE_KINDS = ("answer", "safety", "command")


@dataclass(frozen=True)
class Turn:
    """One message of a test and what its reply must be (None: not checked)."""

    user: str
    pos: Pos
    node: str | None = None
    kind: tuple[str, ...] = ()  # one kind, or a band: `kind: [answer, clarify]`
    says: str | None = None
    not_says: str | None = None
    starts_with: str | None = None
    quotes: str | None = None
    not_node: str | None = None

    @property
    def expected_kinds(self) -> tuple[str, ...]:
        """The reply kinds that pass: ``kind`` (one, or a band), or with only ``node`` given, a reply
        carrying that node's answer (an answer, a safety reply that also answers, or "back" to it)."""
        if self.kind:
            return self.kind
        return NODE_KINDS if self.node else ()

    @property
    def kinds_said(self) -> str:
        """``kind`` in words: "answer", "answer or clarify"."""
        return " or ".join(self.kind)

    def describe(self) -> str:
        """What the turn expects, in words."""
        parts = []
        if self.node:
            said = " or ".join(f"{kind} offering" if kind == "clarify" else f"{kind} from"
                               for kind in self.kind or ("answer",))
            parts.append(f"{said} node '{self.node}'")
        elif self.kind:
            parts.append(self.kinds_said)
        if self.says:
            parts.append(f'text containing "{self.says}"')
        if self.not_says:
            parts.append(f'no "{self.not_says}"')
        if self.starts_with:
            parts.append(f'a first line containing "{self.starts_with}"')
        if self.quotes:
            parts.append(f'a quote containing "{self.quotes}"')
        if self.not_node:
            parts.append(f"not node '{self.not_node}'")
        return ", ".join(parts) or "any reply (no expectation)"


@dataclass(frozen=True)
class ConversationTest:
    name: str
    turns: tuple[Turn, ...]
    file: str  # as shown to the author
    pos: Pos


@dataclass(frozen=True)
class Suite:
    """The tests of a guide as read from its test files, and what was wrong with them."""

    tests: tuple[ConversationTest, ...]
    files: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def select(self, keyword: str | None) -> Suite:
        """The tests whose name contains ``keyword`` (any case), like pytest's ``-k``."""
        if not keyword:
            return self
        wanted = keyword.casefold()
        return Suite(tuple(t for t in self.tests if wanted in t.name.casefold()), self.files, self.problems)


# -- reading -----------------------------------------------------------------------------------

def load_tests(guide: Guide, files: Sequence[Path] | None = None, pending: Collection[str] = ()) -> Suite:
    """Read and check the guide's test files (or ``files``). ``pending``: the ids of nodes defined
    in files that did not load; a turn naming one is not reported (it is checked once they load)."""
    paths = list(guide.test_files if files is None else files)
    problems: list[Problem] = []
    tests: list[ConversationTest] = []
    for path in paths:
        tests.extend(_read_file(Path(path), guide, problems, pending))
    seen: dict[str, ConversationTest] = {}
    for test in tests:
        first = seen.setdefault(test.name, test)
        if first is not test:
            problems.append(Problem(test.pos.file, test.pos.line, test.pos.col, "warning",
                                    f"another test is named '{test.name}' ({first.pos.file}:{first.pos.line})",
                                    "give each test its own name, so that reports and -k tell them apart",
                                    "duplicate-test-name"))
    return Suite(tuple(tests), tuple(display_path(Path(p)) for p in paths), tuple(sort_problems(problems)))


def _text(value: YValue | None) -> str | None:
    if isinstance(value, YScalar) and (value.kind != "null" or value.quoted):
        return value.text
    return None


def _read_file(path: Path, guide: Guide, problems: list[Problem], pending: Collection[str] = ()
               ) -> list[ConversationTest]:
    shown = display_path(path)
    value, read_problems = read_yaml(path, shown, empty=EMPTY_TEST_FILE)
    problems.extend(read_problems)
    if value is None:
        return []
    if not isinstance(value, YList):
        problems.append(Problem(shown, value.pos.line, value.pos.col, "error",
                                "a test file holds a list of tests, not " +
                                ("a single mapping" if isinstance(value, YMap) else "plain text"),
                                "start each test with '- name: ...' and give it `turns:`", "wrong-type"))
        return []
    checker = Checker(problems)
    tests = []
    for number, item in enumerate(value.items, start=1):
        name_value = item.values.get("name") if isinstance(item, YMap) else None
        where = f"test '{name_value.text}'" if isinstance(name_value, YScalar) and name_value.text else \
            f"test {number}"
        checker.check(item, TESTS["items"], where)
        if not isinstance(item, YMap):
            continue
        turns = []
        turn_list = item.values.get("turns")
        for turn_value in turn_list.items if isinstance(turn_list, YList) else ():
            turn = _turn(turn_value, guide, problems, pending)
            if turn is not None:
                turns.append(turn)
        name = _text(name_value) or f"test {number}"
        tests.append(ConversationTest(name, tuple(turns), shown, item.pos))
    return tests


def _turn(value: YValue, guide: Guide, problems: list[Problem], pending: Collection[str] = ()) -> Turn | None:
    if not isinstance(value, YMap):
        return None
    fields = value.values
    user = _text(fields.get("user"))
    if user is None:
        return None
    expected: dict = {key: _text(fields.get(key)) for key in EXPECTATIONS}
    expected["kind"] = _kinds(fields.get("kind"))
    for key in ("node", "not_node"):
        target = expected[key]
        if target and target not in guide.nodes and target not in pending:
            pos = fields[key].pos
            hint = did_you_mean(target, list(guide.nodes)) or "no node has this id; "
            problems.append(Problem(pos.file, pos.line, pos.col, "error", f"node '{target}' does not exist",
                                    hint + "check the spelling, or add the node", "missing-node"))
            expected[key] = None
    if expected["node"] and expected["node"] == expected["not_node"]:
        pos = fields["not_node"].pos
        problems.append(Problem(pos.file, pos.line, pos.col, "error",
                                f"the turn expects node '{expected['node']}' and `not_node` '{expected['node']}': "
                                "this turn cannot pass", "keep one of the two", "node-and-not-node"))
    if expected["quotes"] and guide.sources and not _said_in_a_source(expected["quotes"], guide):
        pos = fields["quotes"].pos
        closest = next((found for source in guide.sources.values() if source.paragraphs
                        for found in [source.closest_passage(expected["quotes"])] if found), None)
        problems.append(Problem(pos.file, pos.line, pos.col, "error",
                                "no source says this: no quote in a reply can contain it, so this turn cannot pass",
                                closest.describe() if closest else "copy the words from the source",
                                "quotes-not-in-source"))
    if expected["node"] and "fallback" in expected["kind"]:
        pos = fields["kind"].pos
        problems.append(Problem(pos.file, pos.line, pos.col, "error",
                                "a fallback never comes from a node, so this turn cannot pass" if expected["kind"] ==
                                ("fallback",) else "a fallback never comes from a node: with `node:`, a band names "
                                "the kinds that reply from it or offer it",
                                "drop `node:` (or use `not_node:`), or expect another kind", "kind-and-node"))
    return Turn(user, value.pos, **expected)


def fold(text: str) -> str:
    """Text as `says`, `quotes` and the other expectations compare it: case, curly quotes and
    whitespace aside."""
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).casefold()


def _said_in_a_source(quotes: str, guide: Guide) -> bool:
    """Whether a source says ``quotes`` (a reply's quotes are spans of its paragraphs): a `quotes:`
    that none says was a test that could not pass, found only when `guide test` ran."""
    wanted = fold(quotes)
    return any(wanted in fold(paragraph.text) for source in guide.sources.values() for paragraph in source.paragraphs)


def _kinds(value: YValue | None) -> tuple[str, ...]:
    """A turn's `kind`: one reply kind, or a list of them (a band); what is not a kind is left out
    (the schema check reported it)."""
    values = value.items if isinstance(value, YList) else [value] if value is not None else []
    kinds = [_text(v) for v in values]
    return tuple(dict.fromkeys(k for k in kinds if k in REPLY_KINDS))
