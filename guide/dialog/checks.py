"""Semantic checks of a loaded guide: reachability, dead ends, phrasings, coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from guide.dialog.followon import ids_written_in
from guide.dialog.followup_words import check_followup_words
from guide.dialog.listitems import check_list_items
from guide.dialog.loader import LoadResult, display_path, load_guide
from guide.dialog.mistakes import check_mistakes
from guide.dialog.model import Example, Guide, Node, Quote
from guide.dialog.synonym_stems import check_synonym_stems
from guide.dialog.testfiles import load_tests
from guide.dialog.yamlstandard import check_files
from guide.frontlines import leading_lines
from guide.problems import Problem, sort_problems, stops_a_file

MIN_EXAMPLES = 5
_PUNCT = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class SourceCoverage:
    """Which paragraphs of a source are quoted. A byline, date line or photo credit at the top
    (`guide.frontlines`) is not a paragraph to cover: it is in ``leading``, not in ``total``."""

    source: str
    paragraphs: int  # all of them, numbered 1..paragraphs
    quoted: tuple[int, ...]  # the quoted paragraphs to cover
    leading: tuple[tuple[int, str], ...] = ()  # (paragraph, kind) of the lines at the top not to cover

    @property
    def total(self) -> int:
        """The paragraphs to cover."""
        return self.paragraphs - len(self.leading)

    @property
    def missing(self) -> tuple[int, ...]:
        skip = set(self.quoted) | {number for number, _ in self.leading}
        return tuple(n for n in range(1, self.paragraphs + 1) if n not in skip)

    def leading_text(self) -> str:
        """"paragraph 1, a byline" (and the others), for summaries ("" when there are none)."""
        return "; ".join(f"paragraph {number}, a {kind}" for number, kind in self.leading)

    @property
    def ratio(self) -> float:
        return len(self.quoted) / self.total if self.total else 1.0


@dataclass(frozen=True)
class Report:
    """What ``guide validate`` found."""

    guide: Guide | None
    problems: list[Problem]
    coverage: tuple[SourceCoverage, ...] = field(default=())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def validate(path: Path) -> Report:
    """Load the guide at ``path`` and run every check, its conversation test files included."""
    return check_all(load_guide(path))


def check_all(result: LoadResult) -> Report:
    """Every check of `guide validate` on a loaded guide: ``check_guide``, then its test files, then
    where standard YAML reads its files otherwise (`guide.dialog.yamlstandard`)."""
    report = check_guide(result)
    if report.guide is None:
        return report
    guide = report.guide
    read_otherwise = check_files([(path, display_path(path)) for path in (*guide.files, *guide.test_files)])
    return Report(guide, sort_problems([*report.problems, *check_test_files(guide, result.problems), *read_otherwise]),
                  report.coverage)


def check_test_files(guide: Guide, load_problems: list[Problem]) -> list[Problem]:
    """What `guide test` would refuse to run: the test files' YAML and keys, and the nodes their
    turns name. A node defined in a node file that did not load is not reported missing (that
    file's error comes first; the reference is checked once it loads)."""
    pending = {node_id for p in load_problems if stops_a_file(p) for node_id in ids_written_in(Path(p.file))}
    return list(load_tests(guide, pending=pending).problems)


def check_guide(result: LoadResult) -> Report:
    guide = result.guide
    if guide is None:
        return Report(None, result.problems)
    problems = list(result.problems)
    # With a node file that did not load, what leads to a node and what quotes a paragraph is
    # not known: those warnings would follow from its error, not from the guide.
    complete = not any(stops_a_file(p) for p in problems)
    if complete:
        problems += check_reachability(guide)
    problems += check_dead_ends(guide)
    problems += check_examples(guide)
    problems += check_small_talk_examples(guide)
    problems += check_mistakes(guide)
    problems += check_followup_words(guide)
    problems += check_synonym_stems(guide, result.variants)
    coverage = coverage_of(guide)
    if complete:
        problems += check_coverage(guide, coverage)
        problems += check_list_items(guide)  # (which node is which item depends on every node)
    return Report(guide, sort_problems(problems), coverage)


def _warning(node: Node, message: str, hint: str, code: str) -> Problem:
    return Problem(node.pos.file, node.pos.line, node.pos.col, "warning", message, hint, code)


def linked_nodes(guide: Guide) -> set[str]:
    """Nodes some choice, goto or follow-up leads to."""
    targets = {guide.start}
    for node in guide.nodes.values():
        targets.update(c.node for c in node.choices)
        if node.goto:
            targets.add(node.goto)
        targets.update(f.goto for f in node.followups if f.goto)
    return targets


def check_reachability(guide: Guide) -> list[Problem]:
    linked = linked_nodes(guide)
    return [
        _warning(n, f"node '{n.id}' cannot be reached: it has no examples and nothing leads to it",
                 "add example phrasings, or offer it under another node's `choices:`", "unreachable")
        for n in guide.nodes.values()
        if n.id not in linked and not n.examples
    ]


def check_dead_ends(guide: Guide) -> list[Problem]:
    return [
        _warning(n, f"node '{n.id}' is a dead end: no choices, follow-ups or goto",
                 "offer where to go next under `choices:`, or mark it `end: true`", "dead-end")
        for n in guide.nodes.values()
        if not (n.choices or n.followups or n.goto or n.end)
    ]


def normalize_example(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def _no_words(example: Example, node: Node) -> Problem:
    from guide.sources import marked_invisible

    return Problem(example.pos.file, example.pos.line, example.pos.col, "warning",
                   f"example '{marked_invisible(example.text.strip())}' of node '{node.id}' has no word the matcher "
                   "reads (it reads letters and digits): nothing a reader types is matched by it",
                   "write how readers ask, in words; an emoji or punctuation alone cannot be matched",
                   "example-no-words")


def _reads_words(text: str) -> bool:
    """Whether the matcher reads any word in ``text`` (letters, digits; an emoji or "?" is none)."""
    from guide.matching.normalize import tokenize

    return bool(tokenize(text))


def check_examples(guide: Guide) -> list[Problem]:
    problems = []
    seen: dict[str, tuple[str, Problem | None, str]] = {}
    for node in guide.nodes.values():
        count = len(node.examples)
        if count < MIN_EXAMPLES and node.id != guide.start:
            problems.append(_warning(
                node, f"node '{node.id}' has {count} example phrasing{'s' * (count != 1)}; "
                f"{MIN_EXAMPLES} or more help readers find it",
                "add varied ways to ask: questions, fragments, everyday words, common typos", "few-examples"))
        problems += [_no_words(example, node) for followup in node.followups for example in followup.examples
                     if not _reads_words(example.text)]
        for example in node.examples:
            key = normalize_example(example.text)
            if not _reads_words(example.text):
                problems.append(_no_words(example, node))
                continue
            if not key:
                continue
            if key in seen:
                other, _, where = seen[key]
                same = other == node.id
                message = (f"example '{example.text}' appears twice in node '{node.id}'" if same
                           else f"example '{example.text}' is also under node '{other}' ({where})")
                hint = ("delete one" if same else
                        "readers typing it get whichever scores higher; keep it under one node")
                problems.append(Problem(example.pos.file, example.pos.line, example.pos.col, "warning",
                                        message, hint, "duplicate-example"))
            else:
                seen[key] = (node.id, None, f"{example.pos.file}:{example.pos.line}")
    return problems


def check_small_talk_examples(guide: Guide) -> list[Problem]:
    """A warning at each phrasing that is only small talk ("thanks", "ok cool", "hiya"): the conversation
    answers such a message itself before matching (`guide.smalltalk`), so readers typing it never reach
    the node. A greeting under the welcome is none: it gets the welcome."""
    from guide.conversation import command_key
    from guide.smalltalk import GREETING, small_talk

    problems = []
    for node in guide.nodes.values():
        for example in (*node.examples, *(e for followup in node.followups for e in followup.examples)):
            kind = small_talk(command_key(example.text))
            if kind is None or (kind == GREETING and node.id == guide.start):
                continue
            gets = "the welcome" if kind == GREETING else f"the guide's own reply to {kind}"
            problems.append(Problem(
                example.pos.file, example.pos.line, example.pos.col, "warning",
                f"example '{example.text}' of node '{node.id}' is small talk: readers who type it get {gets}, "
                "never this node",
                "delete it: a greeting always gets the welcome" if kind == GREETING else
                "delete it, or word the guide's reply under `small_talk:` in guide.yaml (thanks, goodbye, "
                "acknowledgement)", "small-talk-example"))
    return problems


def _quotes(guide: Guide) -> list[Quote]:
    quotes = []
    for node in guide.nodes.values():
        blocks = list(node.answer)
        for followup in node.followups:
            blocks.extend(followup.answer)
        quotes.extend(b for b in blocks if isinstance(b, Quote))
    return quotes


def coverage_of(guide: Guide) -> tuple[SourceCoverage, ...]:
    """Which paragraphs of each source some quote covers."""
    quoted: dict[str, set[int]] = {source_id: set() for source_id in guide.sources}
    for quote in _quotes(guide):
        if quote.location and quote.location.source in quoted:
            quoted[quote.location.source].add(quote.location.paragraph)
    coverage = []
    for source_id, source in guide.sources.items():
        leading = leading_lines(source)
        coverage.append(SourceCoverage(source_id, len(source.paragraphs),
                                       tuple(sorted(quoted[source_id] - set(leading))), tuple(leading.items())))
    return tuple(coverage)


def check_coverage(guide: Guide, coverage: tuple[SourceCoverage, ...]) -> list[Problem]:
    problems = []
    for cov in coverage:
        source = guide.sources[cov.source]
        shown = display_path(source.path)
        for number in cov.missing:
            para = source.paragraph(number)
            preview = " ".join(para.text.split())
            preview = preview if len(preview) <= 60 else preview[:59] + "…"
            problems.append(Problem(shown, para.line, 1, "warning",
                                    f"paragraph {number} is not quoted by any node: \"{preview}\"",
                                    "quote it from the node that covers its topic", "uncovered-paragraph"))
    return problems
