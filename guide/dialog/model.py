"""The authored model of a guide: frozen, positioned, built once by the loader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from guide.problems import Pos
from guide.sources import QuoteLocation, Source

NOWHERE = Pos("", 0, 0)


class FrozenMap(dict):  # type: ignore[type-arg]
    """A read-only dict: immutable like the rest of the model, and picklable (the engine cache)."""

    def _read_only(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a loaded guide is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]
    __ior__ = _read_only  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type, tuple[dict]]:  # type: ignore[type-arg]
        return (FrozenMap, (dict(self),))


@dataclass(frozen=True)
class Say:
    """The guide's own words."""

    text: str
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Quote:
    """A verbatim passage of a source; ``location`` is set by the loader when found."""

    text: str
    source: str
    location: QuoteLocation | None = None
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Note:
    """Commentary that is not the article's: an editor's note or a research note."""

    text: str
    kind: str = "editor"  # "editor" | "research"
    cite: str = ""
    pos: Pos = NOWHERE


Block = Say | Quote | Note


@dataclass(frozen=True)
class Example:
    text: str
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Choice:
    node: str
    label: str = ""
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Followup:
    """A reply that only matches right after its node's answer."""

    key: str  # "<node id>#<n>", unique in the guide
    node: str
    examples: tuple[Example, ...]
    answer: tuple[Block, ...] = ()
    goto: str = ""
    title: str = ""
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Node:
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


@dataclass(frozen=True)
class Caveat:
    """An editor's note attached when certain paragraphs are quoted or questions asked."""

    id: str
    note: str
    paragraphs: frozenset[tuple[str, int]] = frozenset()  # (source id, paragraph number)
    when_asked: tuple[Example, ...] = ()
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class MatchingConfig:
    """Thresholds from the manifest; None means the matcher's default."""

    answer: float | None = None
    clarify: float | None = None
    margin: float | None = None
    context_turns: int = 2


DEFAULT_FALLBACK = "The article doesn't cover that, as far as I can tell."


@dataclass(frozen=True, eq=False)
class Guide:
    """A loaded guide. Nodes keep the order of their files."""

    root: Path
    title: str
    description: str
    start: str
    sources: Mapping[str, Source]
    nodes: Mapping[str, Node]
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=FrozenMap)
    matching: MatchingConfig = MatchingConfig()
    fallback: str = DEFAULT_FALLBACK
    caveats: tuple[Caveat, ...] = ()
    files: tuple[Path, ...] = ()
    test_files: tuple[Path, ...] = ()

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    @property
    def start_node(self) -> Node:
        return self.nodes[self.start]

    def followups(self) -> list[Followup]:
        return [f for node in self.nodes.values() for f in node.followups]
