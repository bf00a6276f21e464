"""Conversation tests: YAML files of turns, played against a guide like a reader would.

A test file holds a list of tests; each test is a name and turns, played as one fresh
conversation. A turn is what the reader types (``user``) and what the reply must be:
``node`` (the node whose answer the reply carries: an answer, a safety reply that also
answers, or "back" to it, unless ``kind`` says which), ``kind``, ``says`` (text the reply
contains), ``not_says`` (text it must not contain), ``starts_with`` (text its first line
contains: "the emergency number first"), ``quotes`` (text one of its quotes contains),
``not_node``. Files are checked like guide
files: every problem is a ``Problem`` with its file:line:col, and a test that names a
missing node is a problem, not a failure.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from guide.conversation import Engine, Session, clean_input
from guide.dialog.files import display_path
from guide.dialog.model import Guide
from guide.dialog.schema import TESTS, Checker, did_you_mean
from guide.dialog.yamltree import YList, YMap, YScalar, YValue, read_yaml
from guide.matching.index import Candidate, Decision, Ranking
from guide.problems import Pos, Problem, sort_problems
from guide.reply import Reply

EXPECTATIONS = ("node", "kind", "says", "not_says", "starts_with", "quotes", "not_node")
REPLY_KINDS = ("answer", "clarify", "fallback", "safety", "command")
NODE_KINDS = ("answer", "safety", "command")


@dataclass(frozen=True)
class Turn:
    """One message of a test and what its reply must be (None: not checked)."""

    user: str
    pos: Pos
    node: str | None = None
    kind: str | None = None
    says: str | None = None
    not_says: str | None = None
    starts_with: str | None = None
    quotes: str | None = None
    not_node: str | None = None

    @property
    def expected_kinds(self) -> tuple[str, ...]:
        """The reply kinds that pass: ``kind``, or with only ``node`` given, a reply carrying that
        node's answer (an answer, a safety reply that also answers, or "back" to it)."""
        if self.kind:
            return (self.kind,)
        return NODE_KINDS if self.node else ()

    def describe(self) -> str:
        """What the turn expects, in words."""
        parts = []
        if self.node:
            parts.append(f"{self.kind or 'answer'} from node '{self.node}'")
        elif self.kind:
            parts.append(self.kind)
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

def load_tests(guide: Guide, files: Sequence[Path] | None = None) -> Suite:
    """Read and check the guide's test files (or ``files``)."""
    paths = list(guide.test_files if files is None else files)
    problems: list[Problem] = []
    tests: list[ConversationTest] = []
    for path in paths:
        tests.extend(_read_file(Path(path), guide, problems))
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


def _read_file(path: Path, guide: Guide, problems: list[Problem]) -> list[ConversationTest]:
    shown = display_path(path)
    value, read_problems = read_yaml(path, shown)
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
            turn = _turn(turn_value, guide, problems)
            if turn is not None:
                turns.append(turn)
        name = _text(name_value) or f"test {number}"
        tests.append(ConversationTest(name, tuple(turns), shown, item.pos))
    return tests


def _turn(value: YValue, guide: Guide, problems: list[Problem]) -> Turn | None:
    if not isinstance(value, YMap):
        return None
    fields = value.values
    user = _text(fields.get("user"))
    if user is None:
        return None
    expected = {key: _text(fields.get(key)) for key in EXPECTATIONS}
    for key in ("node", "not_node"):
        target = expected[key]
        if target and target not in guide.nodes:
            pos = fields[key].pos
            hint = did_you_mean(target, list(guide.nodes)) or "no node has this id; "
            problems.append(Problem(pos.file, pos.line, pos.col, "error", f"node '{target}' does not exist",
                                    hint + "check the spelling, or add the node", "missing-node"))
            expected[key] = None
    if expected["kind"] not in (None, *REPLY_KINDS):
        expected["kind"] = None  # the schema check reported it
    if expected["node"] and expected["kind"] == "fallback":
        pos = fields["kind"].pos
        problems.append(Problem(pos.file, pos.line, pos.col, "error",
                                "a fallback never comes from a node, so this turn cannot pass",
                                "drop `node:` (or use `not_node:`), or expect another kind", "kind-and-node"))
    return Turn(user, value.pos, **expected)


# -- running -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class TurnResult:
    turn: Turn
    reply: Reply
    context: str | None  # the node whose follow-ups were active
    ranking: Ranking
    decision: Decision
    matched: Candidate | None  # the candidate the reply came from, when it came from the matcher
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class PlayedTest:
    """One test played: its turns' results."""

    test: ConversationTest
    turns: tuple[TurnResult, ...]

    @property
    def passed(self) -> bool:
        return all(t.passed for t in self.turns)


@dataclass
class SuiteRun:
    runs: list[PlayedTest] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> list[PlayedTest]:
        return [r for r in self.runs if r.passed]

    @property
    def failed(self) -> list[PlayedTest]:
        return [r for r in self.runs if not r.passed]


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).casefold()


def check_turn(turn: Turn, reply: Reply) -> tuple[str, ...]:
    """What in ``reply`` does not meet the turn's expectations, in words."""
    failures = []
    got = f"{'an' if reply.kind[0] in 'aeiou' else 'a'} {reply.kind}"
    if turn.node and reply.node != turn.node:
        by = f"from node '{reply.node}'" if reply.node else "(no node)"
        failures.append(f"node '{turn.node}' did not answer: the reply is {got} {by}")
    elif turn.node and reply.kind not in turn.expected_kinds:
        failures.append(f"node '{turn.node}' replied with {got}, not " +
                        (turn.kind if turn.kind else "its answer"))
    elif not turn.node and turn.kind and reply.kind != turn.kind:
        failures.append(f"the reply is {got}, not {'an' if turn.kind[0] in 'aeiou' else 'a'} {turn.kind}")
    if turn.not_node and reply.node == turn.not_node:
        failures.append(f"node is '{turn.not_node}', which this turn must not reach")
    if turn.says and _fold(turn.says) not in _fold(reply.text):
        failures.append(f'the reply does not contain "{turn.says}"')
    if turn.not_says and _fold(turn.not_says) in _fold(reply.text):
        failures.append(f'the reply contains "{turn.not_says}"')
    if turn.starts_with:
        first = reply.text.split("\n", 1)[0]
        if _fold(turn.starts_with) not in _fold(first):
            failures.append(f'the reply\'s first line does not contain "{turn.starts_with}": "{first[:80]}"')
    if turn.quotes and not any(_fold(turn.quotes) in _fold(c.quote) for c in reply.citations):
        quoted = len(reply.citations)
        failures.append(f'no quote contains "{turn.quotes}" ({quoted} quote{"s" * (quoted != 1)} in the reply)')
    return tuple(failures)


def context_of(session: Session) -> str | None:
    """The node whose follow-ups the next message is matched with (as `Session.rank` does)."""
    return session.current if session.context_left > 0 else None


def reply_source(engine: Engine, reply: Reply, decision: Decision) -> Candidate | None:
    """The candidate a reply came from, if the matcher chose it (not a command or a suggestion)."""
    if decision.kind != "answer" or reply.kind not in ("answer", "safety") or reply.node is None:
        return None
    top = decision.candidates[0]
    followup = engine.followups.get(top.key)
    expected = (followup.goto or followup.node) if followup else top.key
    return top if reply.node == expected else None


def play(engine: Engine, test: ConversationTest) -> PlayedTest:
    """Play one test as a fresh conversation."""
    session = Session(engine)
    results = []
    for turn in test.turns:
        context = context_of(session)
        ranking = session.rank(clean_input(turn.user))
        decision = engine.index.decide(ranking)
        reply = session.respond(turn.user)
        results.append(TurnResult(turn, reply, context, ranking, decision, reply_source(engine, reply, decision),
                                  check_turn(turn, reply)))
    return PlayedTest(test, tuple(results))


def run_suite(engine: Engine, suite: Suite) -> SuiteRun:
    start = time.perf_counter()
    run = SuiteRun([play(engine, test) for test in suite.tests])
    run.seconds = time.perf_counter() - start
    return run
