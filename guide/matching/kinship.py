"""Kinship: how much of a question a node explains, by its own words or by words close in meaning.

A reader says "vanished" where the node says "gone", "xmas" where it says "christmas", "killed"
where it says "died": the word views see a word the node never uses, and the meaning view
averages it in with the rest of the question. Kinship looks at each topic word of the question
that the node does not use (`Candidate.unexplained`) and finds the node's word closest to it in
meaning (wordtable.py's static vectors, by cosine): at KIN or closer, the node explains it.

A question near a guide's topic but not answered by it usually brings a rare word of its own that
no word of the node comes close to ("cremation", "probate"; "ducks" is 0.58 from a chicken guide's
"birds"): an orphan. A question that leads one node clearly, with every rare word explained by it,
is about that node even when its raw score is low (`index.decide_ranking`).

Pure Python and only for the one leading candidate of a ranking that the rule could answer
(`Index._kinship`), and only its rare words (RARE, at most COMPARED): one dot product of 64
dimensions per word of the node, some 50-100 per word compared, each word's closest remembered by the
node (`NodeWords`).
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.

from collections.abc import Iterable, Mapping, Sequence

from guide.records import NamedTuple

from .normalize import FUNCTION_WORDS
from .rarity import rarity
from .semantic import similarities
from .wordtable import Vector, vector

KIN = 0.65
"""A node word this close in meaning (cosine) to a question word explains it. Synonyms and other
forms of a word sit above it ("xmas"/"christmas" 0.80, "killed"/"died" 0.78, "vanished"/"gone"
0.78); a wider kind of thing mostly below ("cats"/"animal" 0.63, "pizza"/"food" 0.64, "oven"/
"kitchen" 0.65, "siege"/"battle" 0.65). At 0.6, everyday off-topic questions found kin in guides
written in everyday words, and over benchmarks/reader_eval.py's dev guides one more out-of-scope
question of guide B was answered; at 0.7, two fewer reader questions were answered right."""
RARE = 0.5
"""A question word at least this rare in everyday English (`rarity`: about Zipf 4.8 and below,
"funeral", "garage", "vanished") names what the question is about: each must be explained."""

COMPARED = 4
"""At most this many rare words of a question are compared (a long message's story can have dozens):
more unexplained rare words than that are not a question the node explains, whatever their kin."""
MEMORY = 4096
"""Question words whose closest word a node remembers (`NodeWords.closest`; then its memory starts over)."""


class Kinship(NamedTuple):
    """How one candidate explains the question's topic words."""

    key: str
    """The candidate's intent key."""
    share: float
    """The share (0..1) of the question's information (its topic words' weights) that the node
    explains: by the same stem (fully) or by a kin word (by their cosine, at least KIN)."""
    kin: tuple[tuple[str, str, float], ...]
    """For each topic word the node never uses: the node's closest word and their cosine ("" and
    0.0 for an everyday word, below RARE, which is not compared, and for a word the meaning view
    has no vector for)."""
    orphans: tuple[str, ...]
    """The rare ones (RARE) among them with no kin (closer than KIN) in the node."""


def node_words(texts: Iterable[str]) -> tuple[str, ...]:
    """The words of a node's normalized texts (phrasings, title, what it says) that kinship can
    compare: topic words the word table has a vector for, each once."""
    words = dict.fromkeys(word for text in texts for word in text.split())
    return tuple(word for word in words if word not in FUNCTION_WORDS and vector(word) is not None)


class NodeWords:
    """A node's words that kinship compares (`node_words`), with their vectors; and for each question
    word compared with them, the closest of them, remembered (readers' words come back, and each
    comparison is one dot product per word of the node)."""

    __slots__ = ("_closest", "vectors", "words")

    def __init__(self, words: Iterable[str]) -> None:
        found = [(word, vector(word)) for word in words]
        self.words = tuple(word for word, v in found if v is not None)
        self.vectors = tuple(v for _, v in found if v is not None)
        self._closest: dict[str, tuple[float, str]] = {}

    def closest(self, word: str, found: Vector) -> tuple[float, str]:
        """The cosine of `word` (its vector `found`) with the node's closest word, and that word (of
        two as close, the later in alphabetical order). The node has words (`vectors`)."""
        known = self._closest.get(word)
        if known is None:
            if len(self._closest) >= MEMORY:
                self._closest.clear()
            cosines = similarities(found, self.vectors)
            cosine = max(cosines)
            known = (cosine, max(w for w, c in zip(self.words, cosines, strict=True) if c == cosine))
            self._closest[word] = known
        return known


def kinship(key: str, weights: Mapping[str, float], unexplained: Sequence[str], node: NodeWords) -> Kinship:
    """How the node of `key`, whose comparable words are `node`'s, explains a question whose topic
    words weigh `weights`, of which it never uses `unexplained`."""
    total = sum(weights.values())
    missing = 0.0
    kin = []
    orphans = []
    compared = 0
    for word in unexplained:
        rare = rarity(word) >= RARE
        compared += rare
        # (an everyday word is not worth the comparisons; past COMPARED rare ones, the rule fails anyway)
        found = vector(word) if rare and compared <= COMPARED else None
        closest, cosine = "", 0.0
        if found is not None and node.vectors:
            cosine, closest = node.closest(word, found)
        cosine = round(max(0.0, cosine), 4)
        kin.append((word, closest, cosine))
        missing += weights.get(word, 0.0) * (1 - cosine if cosine >= KIN else 1.0)
        if cosine < KIN and rare:
            orphans.append(word)
    share = round(1 - missing / total, 4) if total else 1.0
    return Kinship(key, share, tuple(kin), tuple(orphans))
