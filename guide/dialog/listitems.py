"""The source's numbered list and the nodes that are its items ("point 5" reaches item 5).

`list_items` is what the engine uses (`conversation.intents_of` gives each node its
position). `numbered_items` lays out how it got there, item by item, for the authoring
tools: `check_list_items` warns when a reference by number will not reach the node an author
expects, and `guide explain` says how a reference was read.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
from collections.abc import Mapping
from itertools import pairwise

from guide.dialog.model import Guide, Quote
from guide.matching.normalize import FUNCTION_WORDS
from guide.matching.ordinals import ITEM_NOUNS, announced_noun, noun_forms
from guide.problems import Pos, Problem
from guide.records import NamedTuple
from guide.sources import list_number

LIST_NODE_ITEMS = 3
"""A node that quotes this many numbered paragraphs or more is about the list, not one item."""


def list_items(guide: Guide) -> dict[str, int]:
    """Node id -> its position in the source's numbered list ("5. Self-soothing: ..." is item 5).

    A numbered paragraph's item is the node about it: a node that quotes few of the list's
    items before one that quotes the list as a whole (`LIST_NODE_ITEMS` or more), then the
    node that quotes it from nearest its start (the point itself, not a detail of it), then
    the first in file order. Nodes without phrasings are never items.
    """
    return _items_of(_numbered_quotes(guide))


def list_nouns(guide: Guide, items: Mapping[str, int] | None = None) -> frozenset[str]:
    """The guide's own words for its list's items, beside "point", "tip", "step" and the other
    everyday ones (`ordinals.ITEM_NOUNS`): the word its item nodes' titles put before their
    number ("Move 4: find your part" -> "move"), and the noun the list's section heading or
    the paragraph before its first item counts them by ("Eight small repair moves that work").
    Each in the singular and the plural, so "whats move seven" and "the first move" reach it.
    ``items``: the guide's `list_items`, when the caller has them already."""
    items = list_items(guide) if items is None else items
    nouns: set[str] = set()
    titled: list[set[str]] = []  # per item: the words its title puts before its own number
    for node_id, number in items.items():
        words = guide.nodes[node_id].title.replace(":", " ").replace(",", " ").lower().split()
        titled.append({before for before, word in pairwise(words)
                       if word == str(number) and before.isalpha() and before not in FUNCTION_WORDS})
    if titled:  # every item's ("Step 5, days 6 and 7": "step" numbers the list, "day" does not)
        for noun in set.intersection(*titled):
            nouns.update(noun_forms(noun))
    for source in guide.sources.values():
        paragraphs = source.paragraphs
        for position, paragraph in enumerate(paragraphs):
            if list_number(paragraph.text) != 1:
                continue
            length = 1
            while position + length < len(paragraphs) \
                    and list_number(paragraphs[position + length].text) == length + 1:
                length += 1
            lead_in = [paragraph.section, paragraphs[position - 1].text if position else ""]
            for text in lead_in:
                noun = announced_noun(text, length, FUNCTION_WORDS)
                if noun:
                    nouns.update(noun_forms(noun))
    return frozenset(nouns)


def taken_nouns(guide: Guide, items: Mapping[str, int] | None = None,
                nouns: frozenset[str] | None = None) -> frozenset[str]:
    """Everyday words for a list's items that this guide uses for another topic: a part of the id
    of a node that is neither an item nor the list's own node (one offering `LIST_NODE_ITEMS` of
    its items or more), and not the guide's own word for its items (`list_nouns`). In a guide on
    swimming with a node `lessons` and a list of habits, "the first lesson" is a lesson, not habit 1:
    such a word names an item only beside "list" ("the first lesson on the list"). ``items``, ``nouns``:
    the guide's `list_items` and `list_nouns`, when the caller has them already."""
    items = list_items(guide) if items is None else items
    if not items:
        return frozenset()
    taken: set[str] = set()
    for node_id, node in guide.nodes.items():
        if node_id in items or sum(choice.node in items for choice in node.choices) >= LIST_NODE_ITEMS:
            continue
        for part in node_id.lower().replace("_", "-").split("-"):
            if part in ITEM_NOUNS:
                taken.update(noun_forms(part) & ITEM_NOUNS)
    return frozenset(taken - (list_nouns(guide, items) if nouns is None else nouns))


class _NumberedQuote(NamedTuple):
    """A quote of a numbered paragraph by a node with phrasings."""

    place: tuple[str, int]  # source id and paragraph number
    number: int  # the paragraph's item number
    offset: int  # characters from the paragraph's start to the quote's
    pos: Pos  # the quote block


_NodeQuotes = dict[str, tuple[int, list[_NumberedQuote]]]
"""Node id -> (file order, its quotes of numbered paragraphs, in answer order)."""


def _items_of(quotes: _NodeQuotes) -> dict[str, int]:
    """`list_items` from the guide's `_numbered_quotes`."""
    best: dict[int, tuple[bool, int, int, str]] = {}  # number -> (list node, offset, file order, node id)
    for node_id, (order, found) in quotes.items():
        list_node = len({quote.place for quote in found}) >= LIST_NODE_ITEMS
        for quote in found:
            entry = (list_node, quote.offset, order, node_id)
            if quote.number not in best or entry < best[quote.number]:
                best[quote.number] = entry
    return {node_id: number for number, (_, _, _, node_id) in best.items()}


def _numbered_quotes(guide: Guide) -> _NodeQuotes:
    """The quotes of numbered paragraphs by nodes with phrasings, node by node in file order."""
    quotes: _NodeQuotes = {}
    for order, node in enumerate(guide.nodes.values()):
        if not node.examples:
            continue
        for block in node.answer:
            location = block.location if isinstance(block, Quote) else None
            if location is None or location.source not in guide.sources:
                continue
            paragraph = guide.sources[location.source].paragraph(location.paragraph)
            number = list_number(paragraph.text)
            if number:
                quotes.setdefault(node.id, (order, []))[1].append(_NumberedQuote(
                    (location.source, location.paragraph), number, location.start - paragraph.start, block.pos))
    return quotes


class Quoter(NamedTuple):
    """A node (with phrasings) that quotes a numbered paragraph, and from where."""

    node: str
    offset: int  # characters from the paragraph's start to the quote's
    pos: Pos  # the quote block
    items: int  # how many numbered paragraphs the node quotes in all


class NumberedItem(NamedTuple):
    """One numbered paragraph ("3. Don't wait to be asked: ..."), who quotes it, who it reaches."""

    number: int
    source: str
    paragraph: int
    text: str
    quoters: tuple[Quoter, ...]  # as `list_items` ranks them: nodes about few items, nearest its start, file order
    reaches: str | None  # the node "point N" reaches (None: no node is item N)
    label: int = 0  # characters of its number ("3. "): a quote from up to here quotes it from its start

    @property
    def preview(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 50 else text[:49] + "…"

    @property
    def nearest(self) -> Quoter | None:
        return self.quoters[0] if self.quoters else None


def numbered_items(guide: Guide) -> list[NumberedItem]:
    """Every numbered paragraph of the guide's sources, in order, with its quoters (nodes with
    phrasings, as `list_items` counts them) and the node a reference by its number reaches."""
    quotes = _numbered_quotes(guide)
    reaches = {number: node for node, number in _items_of(quotes).items()}
    quoted: dict[tuple[str, int], list[tuple[int, int, str, Pos]]] = {}
    counts: dict[str, set[tuple[str, int]]] = {}
    for node_id, (order, found) in quotes.items():
        counts[node_id] = {quote.place for quote in found}
        for quote in found:
            quoted.setdefault(quote.place, []).append((quote.offset, order, node_id, quote.pos))
    found = []
    for source_id, source in guide.sources.items():
        for paragraph in source.paragraphs:
            number = list_number(paragraph.text)
            if not number:
                continue
            entries = sorted(quoted.get((source_id, paragraph.number), []),
                             key=lambda e: (len(counts[e[2]]) >= LIST_NODE_ITEMS, e[0], e[1]))
            seen: set[str] = set()
            quoters = []
            for offset, _, node_id, pos in entries:
                if node_id not in seen:
                    seen.add(node_id)
                    quoters.append(Quoter(node_id, offset, pos, len(counts[node_id])))
            label = len(paragraph.text) - len(paragraph.text.lstrip()[len(str(number)) + 1:].lstrip())
            found.append(NumberedItem(number, source_id, paragraph.number, paragraph.text, tuple(quoters),
                                      reaches.get(number), label))
    return found


def why_unreached(item: NumberedItem, items: dict[str, int]) -> str:
    """Why "point N" reaches no node, in words."""
    nearest = item.nearest
    if nearest is None:
        return f"no node with phrasings quotes item {item.number} (paragraph {item.paragraph})"
    taken = items.get(nearest.node)
    if taken is not None and taken != item.number:
        return (f"item {item.number} (paragraph {item.paragraph}) is quoted nearest its start by '{nearest.node}', "
                f"which quotes {nearest.items} numbered paragraphs and is taken as item {taken}: a node is one item "
                "of the list")
    return f"item {item.number} (paragraph {item.paragraph}) goes to another paragraph numbered {item.number}"


def check_list_items(guide: Guide) -> list[Problem]:
    """Warnings where a reference by number ("point 3", "the last one") may not reach the node
    about that item: two nodes quote the item from its start (its number, or right after it),
    only a node that quotes the whole list quotes it, or the node nearest its start is taken as
    another item."""
    found = numbered_items(guide)
    if not any(item.quoters for item in found):
        return []
    items = list_items(guide)
    problems = []
    for item in found:
        if not item.quoters:
            continue  # (a paragraph no quote covers is warned about on its own)
        reach = f"'{item.reaches}'" if item.reaches else "no node (it is matched like any other question)"
        where = f"item {item.number} of the numbered list (paragraph {item.paragraph}, “{item.preview}”)"
        whole = [q for q in item.quoters if q.items >= LIST_NODE_ITEMS]
        # a node about the list gives way to a node about the item; a tie is between nodes of one kind
        first_kind = item.quoters[0].items >= LIST_NODE_ITEMS
        from_start = [q for q in item.quoters if q.offset <= item.label and (q.items >= LIST_NODE_ITEMS) == first_kind]
        if len(item.quoters) == 1 and whole:
            quoter = whole[0]
            problems.append(_warning(
                quoter.pos, f"{where} is quoted only by node '{quoter.node}', which quotes {quoter.items} items of "
                f"the list: “point {item.number}” reaches {reach}",
                f"give item {item.number} a node of its own that quotes it from its start; '{quoter.node}' can keep "
                "its quote (a node is one item of the list at most)", "list-item-in-list-node"))
        elif len(from_start) >= 2:
            names = ", ".join(f"'{q.node}'" + (f" (which quotes {q.items} items of the list)"
                                               if q.items >= LIST_NODE_ITEMS else "")
                              for q in from_start)
            later = from_start[1]
            why = f": {why_unreached(item, items)}" if item.reaches is None else \
                " (the first of them in file order)" if item.reaches in {q.node for q in from_start} else ""
            problems.append(_warning(
                later.pos, f"{where} is quoted from the same place by nodes {names}: “point {item.number}” reaches "
                f"{reach}{why}",
                "a reference by number goes to a node about the item rather than one about the whole list, then to "
                "the one that quotes it from nearest its start (the first in file order on a tie); let the node "
                f"about item {item.number} quote it from its start and the others "
                "quote a later sentence of it, or quote it in one of them only", "list-item-shared"))
        elif item.reaches is None:
            nearest = item.quoters[0]
            problems.append(_warning(
                nearest.pos, f"“point {item.number}” reaches no node: {why_unreached(item, items)}",
                f"quote item {item.number} from its start in the node about it, and let '{nearest.node}' quote it "
                "from later in the paragraph", "list-item-unreached"))
    return problems


def _warning(pos: Pos, message: str, hint: str, code: str) -> Problem:
    return Problem(pos.file, pos.line, pos.col, "warning", message, hint, code)
