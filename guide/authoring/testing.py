"""Conversation tests: played against a guide like a reader would.

The files are read and checked by `guide.dialog.testfiles` (what a turn expects is described
there); this module plays each test as one fresh conversation and says, for every turn, what
came back and why it passed or failed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from guide.conversation import Engine, Session, clean_input
from guide.dialog.testfiles import (
    EXPECTATIONS,
    NODE_KINDS,
    REPLY_KINDS,
    ConversationTest,
    Suite,
    Turn,
    fold,
    load_tests,
)
from guide.matching.index import Candidate, Decision, Ranking
from guide.reply import Reply

__all__ = ["EXPECTATIONS", "NODE_KINDS", "REPLY_KINDS", "ConversationTest", "PlayedTest", "Suite", "SuiteRun",
           "Turn", "TurnResult", "check_turn", "load_tests", "play", "run_suite"]

MATCHED_ROUTES = ("matcher", "help request", "safety")
"""The steps whose reply can carry the matcher's answer (a request for help, and a safety reply
that also answers, consult it too); the others never ask it."""


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
    route: str = "matcher"  # the step of the conversation that made the reply (`conversation.ROUTES`)

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


def check_turn(turn: Turn, reply: Reply) -> tuple[str, ...]:
    """What in ``reply`` does not meet the turn's expectations, in words."""
    failures = []
    got = f"{'an' if reply.kind[0] in 'aeiou' else 'a'} {reply.kind}"
    offers = [s.node for s in reply.suggestions if s.node]
    if turn.node and reply.kind == "clarify" and "clarify" in turn.kind:  # "Did you mean" must offer the node
        if turn.node not in offers and reply.node != turn.node:
            shown = ", ".join(f"'{node}'" for node in offers) or "nothing"
            failures.append(f"node '{turn.node}' is not offered: the reply asks “Did you mean” with {shown}")
    elif turn.node and reply.node != turn.node:
        by = f"from node '{reply.node}'" if reply.node else "(no node)"
        failures.append(f"node '{turn.node}' did not answer: the reply is {got} {by}")
    elif turn.node and reply.kind not in turn.expected_kinds:
        failures.append(f"node '{turn.node}' replied with {got}, not " +
                        (turn.kinds_said if turn.kind else "its answer"))
    elif not turn.node and turn.kind and reply.kind not in turn.kind:
        said = turn.kinds_said
        failures.append(f"the reply is {got}, not {'an' if said[0] in 'aeiou' else 'a'} {said}")
    if turn.not_node and reply.node == turn.not_node:
        failures.append(f"node is '{turn.not_node}', which this turn must not reach")
    if turn.says and fold(turn.says) not in fold(reply.text):
        failures.append(f'the reply does not contain "{turn.says}"')
    if turn.not_says and fold(turn.not_says) in fold(reply.text):
        failures.append(f'the reply contains "{turn.not_says}"')
    if turn.starts_with:
        first = reply.text.split("\n", 1)[0]
        if fold(turn.starts_with) not in fold(first):
            failures.append(f'the reply\'s first line does not contain "{turn.starts_with}": "{first[:80]}"')
    if turn.quotes and not any(fold(turn.quotes) in fold(c.quote) for c in reply.citations):
        quoted = len(reply.citations)
        failures.append(f'no quote contains "{turn.quotes}" ({quoted} quote{"s" * (quoted != 1)} in the reply)')
    return tuple(failures)


def context_of(session: Session) -> str | None:
    """The node whose follow-ups the next message is matched with (as `Session.rank` does)."""
    return session.current if session.context_left > 0 else None


def reply_source(engine: Engine, reply: Reply, decision: Decision, route: str = "matcher") -> Candidate | None:
    """The candidate a reply came from, if the matcher chose it (not a command or a suggestion)."""
    if route not in MATCHED_ROUTES or decision.kind != "answer" or reply.kind not in ("answer", "safety") \
            or reply.node is None:
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
        results.append(TurnResult(turn, reply, context, ranking, decision,
                                  reply_source(engine, reply, decision, session.route), check_turn(turn, reply),
                                  session.route))
    return PlayedTest(test, tuple(results))


def run_suite(engine: Engine, suite: Suite) -> SuiteRun:
    start = time.perf_counter()
    run = SuiteRun([play(engine, test) for test in suite.tests])
    run.seconds = time.perf_counter() - start
    return run
