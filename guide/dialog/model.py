"""The authored model of a guide: immutable, positioned, built once by the loader."""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
from collections.abc import Mapping
from pathlib import Path

from guide.frozen import FrozenMap, ReadOnly
from guide.problems import Pos
from guide.records import NamedTuple
from guide.source_noun import DEFAULT as DEFAULT_NOUN
from guide.sources import QuoteLocation, Source

NOWHERE = Pos("", 0, 0)


class Say(NamedTuple):
    """The guide's own words."""

    text: str
    pos: Pos = NOWHERE


class Quote(NamedTuple):
    """A verbatim passage of a source; ``location`` is set by the loader when found."""

    text: str
    source: str
    location: QuoteLocation | None = None
    pos: Pos = NOWHERE


class Note(NamedTuple):
    """Commentary that is not the article's: an editor's note or a research note."""

    text: str
    kind: str = "editor"  # "editor" | "research"
    cite: str = ""
    pos: Pos = NOWHERE


Block = Say | Quote | Note


class Example(NamedTuple):
    text: str
    pos: Pos = NOWHERE


class Choice(NamedTuple):
    node: str
    label: str = ""
    pos: Pos = NOWHERE


class Followup(NamedTuple):
    """A reply that only matches right after its node's answer."""

    key: str  # "<node id>#<n>", unique in the guide
    node: str
    examples: tuple[Example, ...]
    answer: tuple[Block, ...] = ()
    goto: str = ""
    title: str = ""
    pos: Pos = NOWHERE


class Node(NamedTuple):
    id: str
    title: str
    examples: tuple[Example, ...] = ()
    answer: tuple[Block, ...] = ()
    followups: tuple[Followup, ...] = ()
    choices: tuple[Choice, ...] = ()
    goto: str = ""
    end: bool = False
    pos: Pos = NOWHERE

    @property
    def file(self) -> str:
        return self.pos.file


class Caveat(NamedTuple):
    """An editor's note attached when certain paragraphs are quoted or questions asked."""

    id: str
    note: str
    paragraphs: frozenset[tuple[str, int]] = frozenset()  # (source id, paragraph number)
    when_asked: tuple[Example, ...] = ()
    pos: Pos = NOWHERE


class MatchingConfig(NamedTuple):
    """Thresholds from the manifest; None means the matcher's default."""

    answer: float | None = None
    clarify: float | None = None
    margin: float | None = None
    context_turns: int = 2


class SupportConfig(NamedTuple):
    """The manifest's `support:` section: the welcome notice and whose lines come first."""

    welcome: bool = True
    region: str = "us"


DEFAULT_FALLBACK = "The article doesn't cover that, as far as I can tell."


class Guide(ReadOnly):
    """A loaded guide. Nodes keep the order of their files."""

    root: Path
    title: str
    description: str
    start: str
    sources: Mapping[str, Source]
    nodes: Mapping[str, Node]
    synonyms: Mapping[str, tuple[str, ...]]
    matching: MatchingConfig
    support: SupportConfig
    fallback: str
    source_noun: str
    small_talk: Mapping[str, str]
    """The manifest's replies to small talk (`guide.smalltalk`), by kind: thanks, goodbye, acknowledgement."""
    caveats: tuple[Caveat, ...]
    files: tuple[Path, ...]
    test_files: tuple[Path, ...]

    def __init__(self, root: Path, title: str, description: str, start: str, sources: Mapping[str, Source],
                 nodes: Mapping[str, Node], synonyms: Mapping[str, tuple[str, ...]] | None = None,
                 matching: MatchingConfig | None = None, fallback: str = DEFAULT_FALLBACK,
                 caveats: tuple[Caveat, ...] = (), files: tuple[Path, ...] = (),
                 test_files: tuple[Path, ...] = (), support: SupportConfig | None = None,
                 source_noun: str = DEFAULT_NOUN, small_talk: Mapping[str, str] | None = None) -> None:
        self._set(root=root, title=title, description=description, start=start, sources=sources, nodes=nodes,
                  synonyms=synonyms if synonyms is not None else FrozenMap(),
                  matching=matching or MatchingConfig(), support=support or SupportConfig(), fallback=fallback,
                  caveats=caveats, files=files, test_files=test_files, source_noun=source_noun,
                  small_talk=small_talk if small_talk is not None else FrozenMap())

    def __repr__(self) -> str:
        return f"Guide({self.title!r}, {len(self.nodes)} nodes)"

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    @property
    def start_node(self) -> Node:
        return self.nodes[self.start]

    def followups(self) -> list[Followup]:
        return [f for node in self.nodes.values() for f in node.followups]
