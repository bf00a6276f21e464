"""A labelled question set for `guide eval`: each reader question with what should answer it.

A question names the node that should answer it (`node: <id>`, a list of ids when several
are right, or `none` when the guide should say it does not cover it), or a `passage`: a
verbatim snippet of a source, right when an answer cites the paragraph holding it (or one
holding an `also` snippet). The file is a list of `{q: ..., node: ...}` items, or a mapping
of such lists (`in_scope:`, `out_of_scope:`, any group name); under `out_of_scope` a
question with no label (or a bare string) means `none`. Out-of-scope questions may list
`ok:` nodes whose answer counts as an honest decline too. `kind:` is a free category that
the report breaks the results down by. Mistakes are `file:line:col` problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from guide.dialog.files import display_path
from guide.dialog.model import NOWHERE, Guide
from guide.dialog.schema import did_you_mean
from guide.dialog.yamltree import EMPTY_QUESTION_FILE, YList, YMap, YScalar, YValue, parse_yaml, read_yaml
from guide.problems import Pos, Problem, sort_problems
from guide.sources import collapse_whitespace

NONE = "none"
KEYS = ("q", "node", "passage", "also", "ok", "kind")
_OUT_OF_SCOPE = re.compile(r"^(out[_ -]?(of[_ -]?)?scope|oos|none|off[_ -]?topic)$", re.I)


@dataclass(frozen=True)
class Question:
    """One reader question and what a right reply is."""

    text: str
    nodes: tuple[str, ...] = ()  # nodes whose answer is right
    passages: tuple[str, ...] = ()  # snippets: an answer citing a paragraph holding one is right
    paragraphs: frozenset[tuple[str, int]] = frozenset()  # (source id, number) holding the snippets
    ok: tuple[str, ...] = ()  # out of scope: nodes whose answer is an honest decline too
    kind: str = ""
    group: str = ""  # the key of the list it is in, if the file is a mapping
    pos: Pos = NOWHERE

    @property
    def in_scope(self) -> bool:
        return bool(self.nodes or self.passages)


@dataclass(frozen=True)
class QuestionSet:
    questions: tuple[Question, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def paragraphs_holding(guide: Guide, snippets: tuple[str, ...]) -> frozenset[tuple[str, int]]:
    """Every (source id, paragraph number) whose text holds one of ``snippets`` (whitespace aside)."""
    found = set()
    for snippet in snippets:
        needle = collapse_whitespace(snippet)
        if not needle:
            continue
        for source in guide.sources.values():
            found.update((source.id, p.number) for p in source.paragraphs if needle in collapse_whitespace(p.text))
    return frozenset(found)


def load_questions(path: Path, guide: Guide, *, raw: bytes | None = None, shown: str = "") -> QuestionSet:
    """Read and check the question file at ``path`` against ``guide``; or, given ``raw``, those
    bytes (questions piped to `guide eval -`), named ``shown`` in problems."""
    shown = shown or display_path(path)
    if raw is None:
        value, problems = read_yaml(path, shown, empty=EMPTY_QUESTION_FILE)
    else:
        value, problems = parse_yaml(raw, shown, EMPTY_QUESTION_FILE)
    problems = list(problems)
    questions: list[Question] = []
    reader = _Reader(guide, problems)
    if isinstance(value, YList):
        questions += reader.items(value, "", out_of_scope=False)
    elif isinstance(value, YMap) and "q" in value.values:  # one question, its `- ` forgotten
        reader.error(value.pos, "the file holds one question as a mapping, not a list of questions",
                     "write '- ' before `q:`, and indent `node:` by two spaces to line up with `q:`", "wrong-type")
    elif isinstance(value, YMap):
        for group, items in value.values.items():
            out = bool(_OUT_OF_SCOPE.match(group))
            if isinstance(items, YList):
                questions += reader.items(items, group, out)
            elif not (isinstance(items, YScalar) and items.kind == "null"):
                reader.error(items.pos, f"'{group}' should be a list of questions",
                             "one question per line: - {q: \"...\", node: some-node}", "wrong-type")
    elif value is not None:
        reader.error(value.pos, "a question file holds a list of questions (or lists under keys such as "
                     "in_scope and out_of_scope), not plain text", "start with: - {q: \"...\", node: some-node}",
                     "wrong-type")
    if value is not None and not questions and not any(p.is_error for p in problems):
        reader.error(value.pos, "the file holds no questions", "add items such as - {q: \"...\", node: some-node}",
                     "no-questions")
    return QuestionSet(tuple(questions), tuple(sort_problems(problems)))


class _Reader:
    def __init__(self, guide: Guide, problems: list[Problem]) -> None:
        self.guide = guide
        self.problems = problems

    def error(self, pos: Pos, message: str, hint: str, code: str) -> None:
        self.problems.append(Problem(pos.file, pos.line, pos.col, "error", message, hint, code))

    def warning(self, pos: Pos, message: str, hint: str, code: str) -> None:
        self.problems.append(Problem(pos.file, pos.line, pos.col, "warning", message, hint, code))

    def items(self, items: YList, group: str, out_of_scope: bool) -> list[Question]:
        questions = []
        for item in items.items:
            question = self.item(item, group, out_of_scope)
            if question is not None:
                questions.append(question)
        return questions

    def item(self, item: YValue, group: str, out_of_scope: bool) -> Question | None:
        if isinstance(item, YScalar) and item.text.strip():
            if out_of_scope:
                return Question(item.text, group=group, pos=item.pos)
            self.error(item.pos, f"question '{item.text}' says nothing about the right reply",
                       "write it as {q: \"...\", node: <the node that should answer>} (or node: none)",
                       "missing-label")
            return None
        if not isinstance(item, YMap):
            self.error(item.pos, "a question is a mapping with `q:`", "e.g. - {q: \"why does touch calm me\", "
                       "node: self-soothing}", "wrong-type")
            return None
        fields = item.values
        unknown = [key for key in item.keys if key not in KEYS]
        for key, pos in item.keys.items():
            if key not in KEYS:
                self.error(pos, f"unknown key '{key}' in a question", did_you_mean(key, list(KEYS)) +
                           "keys: " + ", ".join(KEYS), "unknown-key")
        text = _scalar(fields.get("q"))
        given = fields.get("q")
        if given is not None and not isinstance(given, YScalar):
            self.error(given.pos, "`q:` should be one text (what the reader types), not a list or a mapping",
                       "write it as q: \"...\"; a question with two wordings is two questions", "wrong-type")
            return None
        if not text or not text.strip():
            self.error(item.pos, "a question needs `q:` (what the reader types)", "add q: \"...\"", "missing-key")
            return None
        nodes = self.node_ids(fields.get("node"), "node")
        ok = self.node_ids(fields.get("ok"), "ok")
        passages = self.snippets(fields.get("passage")) + self.snippets(fields.get("also"))
        if "also" in fields and "passage" not in fields:
            self.error(item.keys["also"], "`also` lists further passages of a `passage:`", "add passage: first",
                       "misplaced-key")
        label = fields.get("node")
        says_none = label is not None and (_scalar(label) or "").casefold() in (NONE, "") and not nodes
        if (nodes or says_none) and passages:
            self.error(item.keys["node"], "a question names a node or a passage, not both",
                       "keep `node:` (grade by node) or `passage:` (grade by the paragraph cited)", "both-labels")
            return None
        if nodes and ok:
            self.error(item.keys["ok"], "`ok` is for questions the guide should decline (node: none)",
                       "list every node that should answer under `node:`", "misplaced-key")
        if not nodes and not passages and not says_none and not out_of_scope and label is None:
            if unknown:
                return None  # the unknown key is most likely the label, misspelled: said once, above
            self.error(item.pos, f"question '{text}' says nothing about the right reply",
                       "add node: <the node that should answer>, node: none, or passage: <a verbatim snippet>",
                       "missing-label")
            return None
        paragraphs = paragraphs_holding(self.guide, passages)
        for snippet_value in self.snippet_values(fields.get("passage")) + self.snippet_values(fields.get("also")):
            if not paragraphs_holding(self.guide, (snippet_value.text,)):
                # with other snippets found it is only ignored; with none, no reply could be right
                report = self.warning if paragraphs else self.error
                report(snippet_value.pos, "passage not found in any paragraph of the guide's sources"
                       + (": it is left out" if paragraphs else ""),
                       "copy a few words verbatim from one paragraph (titles and headings are never quoted)",
                       "passage-not-found")
        return Question(text, nodes, passages, paragraphs, ok, _scalar(fields.get("kind")) or "", group, item.pos)

    def node_ids(self, value: YValue | None, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        items = value.items if isinstance(value, YList) else (value,)
        ids = []
        for item in items:
            node_id = _scalar(item)
            if node_id is None:
                self.error(item.pos, f"`{key}` names node ids", "e.g. node: self-soothing, or a list", "wrong-type")
                continue
            if node_id.casefold() in (NONE, "") and key == "node" and not isinstance(value, YList):
                continue
            if node_id not in self.guide.nodes:
                self.error(item.pos, f"node '{node_id}' does not exist in this guide",
                           (did_you_mean(node_id, list(self.guide.nodes)) or "") +
                           ("use node: none for a question the guide should decline" if key == "node" else
                            "check the spelling"), "missing-node")
                continue
            ids.append(node_id)
        return tuple(dict.fromkeys(ids))

    def snippet_values(self, value: YValue | None) -> list[YScalar]:
        items = value.items if isinstance(value, YList) else (value,) if value is not None else ()
        return [item for item in items if isinstance(item, YScalar) and item.text.strip()]

    def snippets(self, value: YValue | None) -> tuple[str, ...]:
        return tuple(item.text for item in self.snippet_values(value))


def _scalar(value: YValue | None) -> str | None:
    if isinstance(value, YScalar):
        return "" if value.kind == "null" and not value.quoted else value.text
    return None
