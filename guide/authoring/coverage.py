"""What a run of conversation tests exercised: nodes, follow-ups, phrasings, source paragraphs.

- A node is covered when a reply of a test turn came from it (or from a node it jumps to
  with ``goto``).
- A follow-up is covered when the matcher chose it for a test input.
- A phrasing is exercised when the matcher chose its intent for a test input *through it*:
  it was the intent's best-matching example (``Candidate.example``).
- A source paragraph is covered when a reply in the tests quoted it.
"""

from __future__ import annotations

from dataclasses import dataclass

from guide.authoring.phrasings import Phrasebook
from guide.authoring.testing import SuiteRun
from guide.dialog.files import display_path
from guide.dialog.model import Guide
from guide.frontlines import leading_lines

LIST_LIMIT = 12
"""Uncovered nodes and follow-ups listed in the text report (JSON lists all)."""


@dataclass(frozen=True)
class Part:
    """One kind of thing covered: how many there are and which were exercised."""

    name: str
    total: tuple[str, ...]
    covered: frozenset[str]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(item for item in self.total if item not in self.covered)

    @property
    def count(self) -> int:
        return sum(1 for item in self.total if item in self.covered)

    @property
    def ratio(self) -> float:
        return self.count / len(self.total) if self.total else 1.0

    def summary(self) -> str:
        if not self.total:
            return f"{self.name} 0/0"
        return f"{self.name} {self.count}/{len(self.total)} ({self.ratio:.0%})"


@dataclass(frozen=True)
class RunCoverage:
    nodes: Part
    followups: Part
    phrasings: Part  # items are "key\ttext"
    paragraphs: tuple[Part, ...]  # one per source; items are paragraph numbers as text
    where: dict[str, str]  # item -> file:line, for reports
    titles: dict[str, str]  # follow-up key -> its title

    def summary(self) -> str:
        parts = [self.nodes.summary(), self.followups.summary(), self.phrasings.summary()]
        parts += [p.summary() for p in self.paragraphs]
        return "coverage: " + ", ".join(parts)

    def to_json(self) -> dict[str, object]:
        def part(p: Part, split: bool = False) -> dict[str, object]:
            def item(x: str) -> object:
                if split:
                    key, text = x.split("\t", 1)
                    return {"intent": key, "text": text, "where": self.where.get(x, "")}
                return {"id": x, "where": self.where.get(x, "")}

            return {"total": len(p.total), "covered": p.count, "ratio": round(p.ratio, 4),
                    "missing": [item(x) for x in p.missing]}

        return {
            "nodes": part(self.nodes),
            "followups": part(self.followups),
            "phrasings": part(self.phrasings, split=True),
            "paragraphs": [{"source": p.name.split(" ", 1)[0], "total": len(p.total), "covered": p.count,
                            "ratio": round(p.ratio, 4), "missing": [int(x) for x in p.missing]}
                           for p in self.paragraphs],
        }

    def format(self) -> str:
        lines = [f"  {self.nodes.summary()}", f"  {self.followups.summary()}",
                 f"  {self.phrasings.summary()} exercised"]
        lines += [f"  {p.summary()} quoted" for p in self.paragraphs]
        for title, part in (("nodes no test reaches", self.nodes), ("follow-ups no test uses", self.followups)):
            if part.missing:
                lines.append(f"  {title}:")
                lines += [f"    {self.where.get(n, '')}: {n}" + (f" ({self.titles[n]})" if n in self.titles else "")
                          for n in part.missing[:LIST_LIMIT]]
                if len(part.missing) > LIST_LIMIT:
                    lines.append(f"    … and {len(part.missing) - LIST_LIMIT} more (--format json lists all)")
        for p in self.paragraphs:
            if p.missing and p.total:
                lines.append(f"  {p.name.split(' ', 1)[0]} paragraphs no test quotes: {_ranges(p.missing)}")
        return "\n".join(lines)


def _ranges(numbers: tuple[str, ...]) -> str:
    values = sorted(int(n) for n in numbers)
    spans: list[list[int]] = []
    for n in values:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def coverage_of_run(guide: Guide, run: SuiteRun) -> RunCoverage:
    """The coverage of ``guide`` by the tests played in ``run``."""
    book = Phrasebook(guide)
    reached: set[str] = set()
    chosen: set[str] = set()
    exercised: set[str] = set()
    quoted: dict[str, set[int]] = {source_id: set() for source_id in guide.sources}
    for test_run in run.runs:
        for result in test_run.turns:
            reply = result.reply
            node = reply.node
            while node and node in guide.nodes and node not in reached:
                reached.add(node)
                node = guide.nodes[node].goto
            if result.matched is not None:
                chosen.add(result.matched.key)
                if book.example(result.matched.key, result.matched.example) is not None:
                    exercised.add(f"{result.matched.key}\t{result.matched.example}")
            for citation in reply.citations:
                if citation.source_id in quoted:
                    quoted[citation.source_id].add(citation.paragraph)
    where: dict[str, str] = {}
    titles: dict[str, str] = {}
    phrasings = []
    followups = []
    for info in book.intents.values():
        where[info.key] = f"{info.pos.file}:{info.pos.line}"
        if info.context is not None:
            followups.append(info.key)
            if info.title:
                titles[info.key] = info.title
        for example in info.examples:
            item = f"{info.key}\t{example.text}"
            phrasings.append(item)
            where.setdefault(item, f"{example.pos.file}:{example.pos.line}")
    paragraphs = []
    for source_id, source in guide.sources.items():
        leading = leading_lines(source)  # a byline or date line at the top is not a paragraph to cover
        paragraphs.append(Part(f"{source_id} paragraphs",
                               tuple(str(p.number) for p in source.paragraphs if p.number not in leading),
                               frozenset(str(n) for n in quoted[source_id])))
        where[source_id] = display_path(source.path)
    return RunCoverage(
        nodes=Part("nodes", tuple(guide.nodes), frozenset(reached)),
        followups=Part("follow-ups", tuple(followups), frozenset(chosen & set(followups))),
        phrasings=Part("phrasings", tuple(dict.fromkeys(phrasings)), frozenset(exercised)),
        paragraphs=tuple(paragraphs),
        where=where,
        titles=titles,
    )

