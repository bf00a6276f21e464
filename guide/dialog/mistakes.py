"""Silent mistakes: files that load and run, but not as their author meant.

Each check returns warnings: a list item YAML folded into the phrasing above it, text cut
short by a ` #` that YAML reads as a comment, a goto or follow-up that leads back to its own
node, goto cycles, placeholder text left from `guide new`, a start node readers cannot
ask for, a choice offered twice or to its own node, and two nodes with one title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from guide.dialog.files import display_path
from guide.dialog.model import Block, Example, Guide, Node, Say
from guide.problems import Pos, Problem

PLACEHOLDER = re.compile(r"\b(?:TODO|FIXME|XXX)\b")


def check_mistakes(guide: Guide) -> list[Problem]:
    return [
        *check_folded_items(guide),
        *check_comment_cuts(guide),
        *check_leads_back(guide),
        *check_goto_cycles(guide),
        *check_placeholders(guide),
        *check_scaffold_phrasings(guide),
        *check_start_examples(guide),
        *check_repeated_choices(guide),
        *check_same_titles(guide),
    ]


def _warning(pos: Pos, message: str, hint: str, code: str) -> Problem:
    return Problem(pos.file, pos.line, pos.col, "warning", message, hint, code)


# -- a list item indented under the one above ----------------------------------------------

def _all_examples(guide: Guide) -> Iterator[tuple[Node, Example]]:
    for node in guide.nodes.values():
        for example in node.examples:
            yield node, example
        for followup in node.followups:
            for example in followup.examples:
                yield node, example


class _Lines:
    """The lines of the guide's files, by the name positions give them, each file read once."""

    def __init__(self, guide: Guide) -> None:
        self.files = {display_path(path): path for path in guide.files}
        self.read: dict[str, list[str]] = {}

    def __call__(self, shown: str) -> list[str]:
        if shown not in self.read:
            path = self.files.get(shown)
            try:
                self.read[shown] = path.read_text(encoding="utf-8-sig").splitlines() if path else []
            except (OSError, UnicodeDecodeError):
                self.read[shown] = []
        return self.read[shown]


def check_folded_items(guide: Guide) -> list[Problem]:
    """A `- item` indented deeper than the item above it continues that item's text: YAML
    reads "when was it adopted - who wrote it" as one phrasing."""
    lines_of = _Lines(guide)
    problems = []
    for node, example in _all_examples(guide):
        if " - " not in example.text and not example.text.endswith(" -"):
            continue
        folded = _folded_item(lines_of(example.pos.file), example)
        if folded is None:
            continue
        number, column, item = folded
        problems.append(_warning(
            Pos(example.pos.file, number, column),
            f"'- {item}' is indented under the item above it, so YAML reads it as part of that phrasing: "
            f"node '{node.id}' has the phrasing '{example.text}'",
            f"start it in the same column as the '-' on line {example.pos.line} to make it a phrasing of its own",
            "folded-list-item"))
    return problems


def _folded_item(lines: list[str], example: Example) -> tuple[int, int, str] | None:
    """(line, column, text) of the first `- ` line folded into ``example``, if any."""
    first = example.pos.line
    if not 0 < first <= len(lines):
        return None
    prefix = lines[first - 1][: example.pos.col - 1]
    if not prefix.rstrip().endswith("-"):
        return None  # not a block list item: a flow list or a mapping value
    dash = len(prefix.rstrip()) - 1
    for number in range(first + 1, len(lines) + 1):
        line = lines[number - 1]
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if not stripped.strip() or indent <= dash or stripped.startswith("#"):
            return None
        if (stripped.startswith("- ") or stripped.rstrip() == "-") and " " + stripped.rstrip() in " " + example.text:
            return number, indent + 1, stripped[1:].strip()
    return None


# -- a ` #` that YAML reads as a comment -----------------------------------------------------

_COMMENT_AFTER = re.compile(r"[ \t]+#(\S.*)")
_TITLE_LINE = re.compile(r"(\s*(?:- +)?title:[ \t]+)([^'\"\s].*)")


def check_comment_cuts(guide: Guide) -> list[Problem]:
    """In a plain (unquoted) value, ` #` starts a comment: `title: Point #2 of six` is the title
    "Point". A comment written right after its `#` ("#2", "#metoo") is taken for text cut short;
    one written as `# words` is taken for a comment, as meant."""
    lines_of = _Lines(guide)
    problems = []
    for node in guide.nodes.values():
        places: list[tuple[str, str, Pos]] = [("phrasing", e.text, e.pos) for e in node.examples]
        places += [(f"`{kind}` block", text, pos) for kind, text, pos in _block_texts(node.answer)]
        for followup in node.followups:
            places += [("follow-up phrasing", e.text, e.pos) for e in followup.examples]
            places += [(f"follow-up `{kind}` block", text, pos) for kind, text, pos in _block_texts(followup.answer)]
        for what, text, pos in places:
            lines = lines_of(pos.file)
            if not 0 < pos.line <= len(lines):
                continue
            line, start = lines[pos.line - 1], pos.col - 1
            cut = _COMMENT_AFTER.match(line, start + len(text)) if line[start:start + len(text)] == text else None
            if cut:
                problems.append(_comment_warning(Pos(pos.file, pos.line, line.index("#", start + len(text)) + 1),
                                                 f"this {what} of node '{node.id}'", text, cut[1]))
    for shown in dict.fromkeys([display_path(path) for path in guide.files]):
        for number, line in enumerate(lines_of(shown), 1):
            title = _TITLE_LINE.fullmatch(line)
            cut = title and re.fullmatch(r"(.*?)[ \t]+#(\S.*)", title[2])
            if cut and "#" not in cut[1]:
                problems.append(_comment_warning(Pos(shown, number, len(title[1]) + len(cut[1]) + 2), "this title",
                                                 cut[1], cut[2]))
    return problems


def _comment_warning(pos: Pos, what: str, text: str, dropped: str) -> Problem:
    whole = f"{text} #{dropped}".replace('"', '\\"')
    return _warning(pos, f"' #' starts a YAML comment, so {what} is “{text}”: “#{dropped}” is left out",
                    f'put the whole value in quotes ("{whole}"); if it is a comment, write a space after the #',
                    "comment-cut")


# -- goto and follow-ups that come back --------------------------------------------------------

def _goto_chain(guide: Guide, start: str) -> list[str]:
    """``start`` and the nodes its goto leads through, until the chain ends or repeats."""
    chain: list[str] = []
    node_id = start
    while node_id in guide.nodes and node_id not in chain:
        chain.append(node_id)
        node_id = guide.nodes[node_id].goto
    return chain


def check_leads_back(guide: Guide) -> list[Problem]:
    """A node whose goto is itself, or a follow-up that goes back to its own node."""
    problems = []
    for node in guide.nodes.values():
        if node.goto == node.id:
            problems.append(_warning(
                node.pos, f"goto of node '{node.id}' leads back to '{node.id}' itself",
                "goto continues with another node's answer after this one; point it at another node, or remove it",
                "goto-self"))
        for number, followup in enumerate(node.followups, start=1):
            if not followup.goto:
                continue
            chain = _goto_chain(guide, followup.goto)
            if node.id not in chain:
                continue
            name = f"'{followup.title}'" if followup.title else str(number)
            through = "" if followup.goto == node.id else f" (through {' → '.join(chain[: chain.index(node.id)])})"
            problems.append(_warning(
                followup.pos,
                f"follow-up {name} of node '{node.id}' goes back to '{node.id}'{through}: readers who ask it "
                "get the answer they have just read",
                "give the follow-up answer blocks of its own (what the node did not say yet), or a goto to another "
                "node", "followup-leads-back"))
    return problems


def check_goto_cycles(guide: Guide) -> list[Problem]:
    """Nodes whose gotos lead round in a circle (a → b → a): the answer stops where it closes."""
    problems = []
    reported: set[str] = set()
    for node in guide.nodes.values():
        chain = _goto_chain(guide, node.id)
        last = guide.nodes[chain[-1]].goto
        if last not in chain:
            continue
        cycle = chain[chain.index(last):]
        if len(cycle) < 2 or reported & set(cycle):
            continue  # a goto to itself is reported on its own
        reported |= set(cycle)
        first = min((guide.nodes[n] for n in cycle), key=lambda n: (n.pos.file, n.pos.line))
        start = cycle.index(first.id)
        ordered = cycle[start:] + cycle[:start]
        problems.append(_warning(
            first.pos, f"goto cycle: {' → '.join([*ordered, ordered[0]])}; the guide stops it where it closes, "
            "so what readers get depends on the node they come in by",
            "goto continues with another node's answer; end the chain at a node without goto", "goto-cycle"))
    return problems


# -- placeholder text ---------------------------------------------------------------------------

def _block_texts(blocks: tuple[Block, ...]) -> Iterator[tuple[str, str, Pos]]:
    for block in blocks:
        kind = "say" if isinstance(block, Say) else type(block).__name__.lower()
        yield kind, block.text, block.pos


def check_placeholders(guide: Guide) -> list[Problem]:
    """TODO (or FIXME, XXX) in text readers see: `guide new node` leaves one in every answer."""
    problems = []
    for node in guide.nodes.values():
        places: list[tuple[str, str, Pos]] = [("title", node.title, node.pos)]
        places += [("phrasing", e.text, e.pos) for e in node.examples]
        places += [(f"`{kind}` block", text, pos) for kind, text, pos in _block_texts(node.answer)]
        places += [("choice label", c.label, c.pos) for c in node.choices]
        for followup in node.followups:
            places += [("follow-up phrasing", e.text, e.pos) for e in followup.examples]
            places += [(f"follow-up `{kind}` block", text, pos) for kind, text, pos in _block_texts(followup.answer)]
        for what, text, pos in places:
            if PLACEHOLDER.search(text):
                shown = text if len(text) <= 60 else text[:59] + "…"
                problems.append(_warning(
                    pos if pos.file else node.pos, f"{what} of node '{node.id}' is still a placeholder: “{shown}”",
                    "readers would see it; write it, or delete it", "placeholder"))
    return problems


SCAFFOLD_PHRASINGS = ("{}", "what about {}", "tell me about {}", "{} explained", "more on {}")
"""The phrasings `guide new node ID` writes from the node's id ("tip-log": "what about tip log")."""


def scaffold_phrasings(node_id: str) -> list[str]:
    words = node_id.replace("-", " ").replace("_", " ")
    return list(dict.fromkeys(template.format(words) for template in SCAFFOLD_PHRASINGS))


def check_scaffold_phrasings(guide: Guide) -> list[Problem]:
    """Phrasings `guide new node` wrote from the id and the author has not replaced: they teach the
    matcher a template ("what about X", "more on X"), not readers' words, and sway the thresholds
    calibrated on the guide's phrasings."""
    problems = []
    for node in guide.nodes.values():
        left = set(scaffold_phrasings(node.id)[1:])  # (the id's words alone may well be a phrasing)
        kept = [e for e in node.examples if e.text in left]
        if len(kept) >= 2:
            shown = ", ".join(f"“{e.text}”" for e in kept[:3]) + (", …" if len(kept) > 3 else "")
            problems.append(_warning(
                kept[0].pos if kept[0].pos.file else node.pos,
                f"node '{node.id}' still has {len(kept)} phrasings `guide new node` wrote from its id ({shown})",
                "replace them with how readers ask about it; until then they count in the calibrated "
                "thresholds like written ones", "scaffold-phrasings"))
    return problems


# -- the start node ------------------------------------------------------------------------------

def check_start_examples(guide: Guide) -> list[Problem]:
    """The start node needs no examples to open the conversation, but without them a reader who
    types 'what can I ask' or 'start' later is told it is not covered (a greeting is small talk, which
    gets the welcome whatever its phrasings)."""
    node = guide.nodes.get(guide.start)
    if node is None or node.examples:
        return []
    return [_warning(
        node.pos, f"start node '{node.id}' has no example phrasings: readers who type 'what can I ask' or 'start' "
        "are told the guide does not cover it",
        "add a few, e.g. examples: [hello, hi, where do i start, what can i ask, start]", "start-without-examples")]


# -- choices ---------------------------------------------------------------------------------------

def check_repeated_choices(guide: Guide) -> list[Problem]:
    """A node offered twice under one answer: readers see the same offer twice ("1) About this guide
    2) About this guide"); a node offering itself: readers are offered what they have just read."""
    problems = []
    for node in guide.nodes.values():
        seen: set[str] = set()
        for choice in node.choices:
            if choice.node == node.id:
                problems.append(_warning(
                    choice.pos, f"node '{node.id}' offers itself as a choice: readers would be offered the answer "
                    "they have just read", "offer another topic, or delete this choice", "choice-to-itself"))
            elif choice.node in seen:
                problems.append(_warning(
                    choice.pos, f"choice '{choice.node}' is offered twice under node '{node.id}'",
                    "readers would see the same offer twice; delete one", "repeated-choice"))
            seen.add(choice.node)
    return problems


def check_same_titles(guide: Guide) -> list[Problem]:
    """Two nodes with one title (a node file copied and its id changed, its title not): readers see
    "Did you mean: 1) Tips  2) Tips" and cannot tell the offers apart."""
    problems = []
    first: dict[str, Node] = {}
    for node in guide.nodes.values():
        title = " ".join(node.title.casefold().split())
        if not title:
            continue
        if title in first:
            other = first[title]
            problems.append(_warning(
                node.pos, f"node '{node.id}' has the same title as node '{other.id}' "
                f"({other.pos.file}:{other.pos.line}): “{node.title}”",
                "readers would see two offers alike under an answer or in “Did you mean”; give each node "
                "its own title", "same-title"))
        else:
            first[title] = node
    return problems
