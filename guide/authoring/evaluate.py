"""`guide eval`: how a guide replies to a labelled question set, and what a right reply is.

Each question is asked as a fresh conversation (``Session(engine).respond``) and graded by
one definition, shared with benchmarks/reader_eval.py:

- in scope: **right** when the reply answers from a node the question names, or (for a
  `passage` question) answers citing a paragraph that holds the passage or an `also`
  snippet; **offered** when the guide asks "Did you mean …?" with a right node among the
  options; **wrong** when it answers from another node; otherwise **declined** (not
  covered, a "did you mean" without a right node, a "not covered" node, a command or
  safety reply);
- out of scope: **right** when the guide says it does not cover the question, or answers
  from an honest "not covered" node (a title ending in "(not covered)", or one the
  question lists under `ok`); **asked** when it asks "Did you mean …?"; **wrong** when it
  answers from another node; **other** for a command or safety reply.

For precision, recall and F1 every question has an expected label and a predicted one: a
node id, or "none" (no answer). A passage question expects, when missed, the node that
quotes the passage and that the matcher ranks best for it (``engine.index.rank``), or
the paragraph itself when no node quotes it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from guide.authoring.questions import NONE, Question
from guide.conversation import Engine, Session
from guide.dialog.model import Guide, Quote
from guide.reply import Reply
from guide.smalltalk import COMMAND as SMALL_TALK

NOT_COVERED_SUFFIX = "(not covered)"
IN_SCOPE_OUTCOMES = ("right", "offered", "wrong", "declined")
OUT_OF_SCOPE_OUTCOMES = ("right", "asked", "wrong", "other")
CANDIDATES = 3


def not_covered(guide: Guide, node_id: str | None) -> bool:
    """A node that tells readers the source does not cover their question."""
    node = guide.nodes.get(node_id or "")
    return node is not None and node.title.rstrip().endswith(NOT_COVERED_SUFFIX)


def answered_by(reply: Reply) -> str | None:
    """The node whose answer the reply gives, if it answers."""
    return reply.node if reply.kind == "answer" and reply.node else None


def cited(reply: Reply) -> frozenset[tuple[str, int]]:
    return frozenset((c.source_id, c.paragraph) for c in reply.citations)


def quoted_by(guide: Guide, node_id: str) -> frozenset[tuple[str, int]]:
    """The paragraphs a node's answer cites: its own quotes and those of its goto chain."""
    found: set[tuple[str, int]] = set()
    seen: set[str] = set()
    while node_id in guide.nodes and node_id not in seen:
        seen.add(node_id)
        node = guide.nodes[node_id]
        found.update((b.location.source, b.location.paragraph) for b in node.answer
                     if isinstance(b, Quote) and b.location)
        node_id = node.goto
    return frozenset(found)


def _suggested_nodes(reply: Reply) -> list[str]:
    return [s.node.split("#")[0] for s in reply.suggestions if s.node]


def grade(guide: Guide, question: Question, reply: Reply) -> str:
    """The outcome of ``reply`` to ``question`` (see the module's docstring)."""
    node = answered_by(reply)
    if not question.in_scope:
        if reply.kind == "fallback" or reply.command == SMALL_TALK \
                or (node and (not_covered(guide, node) or node in question.ok)):  # (small talk quotes nothing)
            return "right"
        if node:
            return "wrong"
        return "asked" if reply.kind == "clarify" else "other"
    if question.passages:
        if node and cited(reply) & question.paragraphs:
            return "right"
        if reply.kind == "clarify" and any(quoted_by(guide, n) & question.paragraphs for n in _suggested_nodes(reply)):
            return "offered"
    else:
        if node in question.nodes:
            return "right"
        if reply.kind == "clarify" and set(_suggested_nodes(reply)) & set(question.nodes):
            return "offered"
    if node and not not_covered(guide, node):
        return "wrong"
    return "declined"


@dataclass(frozen=True)
class Candidate:
    node: str
    score: float
    example: str


@dataclass(frozen=True)
class Result:
    """One question, the reply it got, and how it is graded."""

    question: Question
    reply: Reply
    outcome: str
    expected: str  # a node id, NONE, or a paragraph ("¶7") no node quotes
    predicted: str  # the node that answered, or NONE
    candidates: tuple[Candidate, ...]

    @property
    def right(self) -> bool:
        return self.outcome == "right"


@dataclass(frozen=True)
class LabelScore:
    label: str
    support: int  # questions expecting it
    predicted: int  # replies giving it
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Evaluation:
    results: tuple[Result, ...]
    labels: tuple[LabelScore, ...] = field(default=())

    @property
    def in_scope(self) -> list[Result]:
        return [r for r in self.results if r.question.in_scope]

    @property
    def out_of_scope(self) -> list[Result]:
        return [r for r in self.results if not r.question.in_scope]

    @property
    def right(self) -> int:
        return sum(r.right for r in self.results)

    @property
    def accuracy(self) -> float:
        return self.right / len(self.results) if self.results else 0.0

    @property
    def macro_f1(self) -> float:
        """The mean F1 of the labels some question expects."""
        scored = [s for s in self.labels if s.support]
        return sum(s.f1 for s in scored) / len(scored) if scored else 0.0

    def outcomes(self, in_scope: bool) -> Counter[str]:
        return Counter(r.outcome for r in (self.in_scope if in_scope else self.out_of_scope))

    @property
    def misses(self) -> list[Result]:
        return [r for r in self.results if not r.right]

    def confusions(self) -> list[tuple[str, str, list[Result]]]:
        """(expected, predicted, results) for every pair that differs, most frequent first."""
        pairs: dict[tuple[str, str], list[Result]] = {}
        for result in self.results:
            if result.expected != result.predicted:
                pairs.setdefault((result.expected, result.predicted), []).append(result)
        return [(e, p, rs) for (e, p), rs in sorted(pairs.items(), key=lambda kv: (-len(kv[1]), kv[0]))]

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """kind -> (right, questions), for question files that give a `kind`."""
        counts: dict[str, list[int]] = {}
        for result in self.results:
            if result.question.kind:
                entry = counts.setdefault(result.question.kind, [0, 0])
                entry[0] += result.right
                entry[1] += 1
        return {kind: (right, total) for kind, (right, total) in counts.items()}


def evaluate(engine: Engine, questions: tuple[Question, ...] | list[Question]) -> Evaluation:
    """Ask every question as a fresh conversation and grade the replies."""
    guide = engine.guide
    results = []
    for question in questions:
        reply = Session(engine).respond(question.text)
        outcome = grade(guide, question, reply)
        candidates = tuple(Candidate(c.key, c.score, c.example)
                           for c in engine.index.rank(question.text, limit=CANDIDATES).candidates)
        results.append(_result(guide, question, reply, outcome, candidates))
    return Evaluation(tuple(results), _scores(results))


def _result(guide: Guide, question: Question, reply: Reply, outcome: str,
            candidates: tuple[Candidate, ...]) -> Result:
    node = answered_by(reply)
    honest = node is not None and not_covered(guide, node) and node not in question.nodes
    predicted = node if node and not honest and not (not question.in_scope and node in question.ok) else NONE
    if outcome == "right":
        expected = predicted
    elif not question.in_scope:
        expected = NONE
    elif question.nodes:
        expected = question.nodes[0]
    else:
        expected = _expected_for_passage(guide, question, candidates)
    return Result(question, reply, outcome, expected, predicted, candidates)


def _expected_for_passage(guide: Guide, question: Question, candidates: tuple[Candidate, ...]) -> str:
    """The node that quotes the passage and that the matcher ranks best, or the paragraph itself."""
    quoting = [n for n in guide.nodes if quoted_by(guide, n) & question.paragraphs and not not_covered(guide, n)]
    if not quoting:
        return paragraph_label(guide, question.paragraphs)
    ranked = [c.node for c in candidates if c.node in quoting]
    return ranked[0] if ranked else quoting[0]


def paragraph_label(guide: Guide, paragraphs: frozenset[tuple[str, int]]) -> str:
    several = len(guide.sources) > 1
    return "+".join(f"{source} ¶{number}" if several else f"¶{number}" for source, number in sorted(paragraphs))


def _scores(results: list[Result]) -> tuple[LabelScore, ...]:
    support = Counter(r.expected for r in results)
    predicted = Counter(r.predicted for r in results)
    right = Counter(r.expected for r in results if r.right)
    labels = sorted(set(support) | set(predicted), key=lambda label: (label == NONE, label))
    return tuple(LabelScore(label, support[label], predicted[label], right[label]) for label in labels)
