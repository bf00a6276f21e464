"""A synonym whose stem is another word's: `scam: [conned]` also read "pros and cons" as "pros and scam".

The matcher reads a synonym's variant by its stem (`normalize._compile_synonyms`: "hug" reads "hugs"
too), so every word that stems like the variant is read as the synonym's word. That is the point for
the variant's own forms ("hugging"), and a mistake for a word that only shares its letters: "cons"
stems like "conned", "apart" like "apartment", "range" like "rang", "kidding" like "kids".

`stem_clashes` finds, for each one-word variant, the everyday words (common in English: `EVERYDAY_ZIPF`)
and the guide's own words (in its phrasings and sources) that stem like it and mean something else:
their meaning vector is far from the synonym word's (`CLOSE`) and not close to the variant's (`SAME`). The variant's
own plural or singular ("mate" and "mates") and the word it is inflected from ("vacuum" of
"vacuuming") are never a clash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from guide.dialog.model import Guide
from guide.matching.normalize import tokenize
from guide.matching.semantic import similarity
from guide.matching.stems import stem
from guide.matching.wordtable import vector, zipf
from guide.problems import Pos, Problem

CODE = "synonym-stem-clash"
EVERYDAY_ZIPF = 3.6
"""How common (Zipf) an English word must be for readers to type it often enough to matter (about four
uses per million words: "cons", "apart", "kidding"; not the names "locke" and "rowe")."""
CLOSE = 0.4
"""The cosine of two word vectors (`wordtable.vector`) at or above which they mean the same here
("frightened" and "frightening" 0.85, "relieved" and "relieve" 0.47); below it, something else
("kids" and "kidding" 0.06, "apartment" and "apart" 0.05). Measured on the synonyms of every guide
in the repository."""
SAME = 0.5
"""Beside the variant itself, a word of its stem must be closer still: forms of one word lie close in
the table whatever they mean ("cons" and "conned" 0.45, "kid" and "kidding" 0.41; "declined" and
"decline", read as "say no", 0.54)."""
_ENDINGS = ("", "s", "es", "ed", "d", "ing", "er", "ers", "e", "y", "ies", "ied", "ly", "ment", "ments", "ness",
            "ion", "ions", "al", "ity", "ive", "able", "ful")
"""Endings added to a stem (and to its last letter doubled) to find the everyday words that share it."""


def _forms(stemmed: str) -> set[str]:
    bases = {stemmed, stemmed + stemmed[-1:]}
    if stemmed.endswith("i"):
        bases.add(stemmed[:-1] + "y")
    return {base + ending for base in bases for ending in _ENDINGS}


def _own_number(word: str, variant: str) -> bool:
    """Is one the other's plural ("mate" and "mates", "ally" and "allies")?"""
    longer, shorter = (word, variant) if len(word) > len(variant) else (variant, word)
    return longer in (shorter + "s", shorter + "es") or (shorter.endswith("y") and longer == shorter[:-1] + "ies")


def _base_of(word: str, variant: str) -> bool:
    """Is `word` what the variant is made from by an inflection ("vacuum" of "vacuuming", "con" of
    "conned")? Readers who type it mean the same thing; its other forms ("cons") may not."""
    stems = (word, word + word[-1:], word[:-1] if word.endswith("e") else word)
    return any(variant == base + ending for base in stems for ending in ("s", "es", "d", "ed", "ing"))


def _close(word: str, others: Sequence[str], floor: float) -> bool | None:
    """Does `word` mean what one of `others` means, at cosine `floor` (None: it has no meaning vector)?"""
    meaning = vector(word)
    if meaning is None:
        return None
    for other in others:
        their = vector(other)
        if their is not None and similarity(meaning, their) >= floor:
            return True
    return False


def stem_clashes(canonical: str, variant: str, guide_words: Mapping[str, frozenset[str]]) -> tuple[list[str],
                                                                                                   list[str]]:
    """The everyday words, then the guide's own words (`guide_words`: stem -> the words of the guide with
    it), that stem like the one-word `variant` and mean something else than it and `canonical`."""
    words = tokenize(variant)
    if len(words) != 1 or not words[0].isalpha():
        return [], []
    word = words[0]
    stemmed = stem(word)
    meant = [word, *tokenize(canonical)]

    def clashes(candidates: Iterable[str], everyday: bool) -> list[str]:
        found = []
        for other in sorted(set(candidates)):
            if other == word or other in meant or _own_number(other, word) or _base_of(other, word) \
                    or stem(other) != stemmed:
                continue
            if everyday and zipf(other) < EVERYDAY_ZIPF:
                continue
            if _close(other, meant[1:], CLOSE) is False and _close(other, meant[:1], SAME) is False:
                found.append(other)
        return found

    everyday = clashes(_forms(stemmed), everyday=True)
    own = [w for w in clashes(guide_words.get(stemmed, frozenset()), everyday=False) if w not in everyday]
    return everyday, own


def guide_words(texts: Iterable[str]) -> dict[str, frozenset[str]]:
    """The words of `texts` by their stem."""
    found: dict[str, set[str]] = {}
    for text in texts:
        for word in tokenize(text):
            if word.isalpha():
                found.setdefault(stem(word), set()).add(word)
    return {stemmed: frozenset(words) for stemmed, words in found.items()}


def check_synonym_stems(guide: Guide, variants: Sequence[tuple[str, str, Pos]]) -> list[Problem]:
    """A warning at each variant (its word, the variant, where it is: `LoadResult.variants`) whose stem
    is also that of words meaning something else (`stem_clashes`). Read by `guide validate` and
    `guide lint`, not at every load (about 50 ms on the bundled guide: its source's words are stemmed)."""
    if not variants:
        return []
    texts = [e.text for node in guide.nodes.values() for e in node.examples]
    texts += [e.text for node in guide.nodes.values() for f in node.followups for e in f.examples]
    texts += [paragraph.text for source in guide.sources.values() for paragraph in source.paragraphs]
    words = guide_words(texts)
    problems = []
    for canonical, variant, pos in variants:
        everyday, own = stem_clashes(canonical, variant, words)
        if not everyday and not own:
            continue
        named = ", ".join(f"'{w}'" for w in [*own, *everyday][:4])
        where = "the guide's own " if own and not everyday else ""
        meaning = "they mean" if len(own) + len(everyday) > 1 else "it means"
        problems.append(Problem(
            pos.file, pos.line, pos.col, "warning",
            f"'{variant}' is read by its stem, so {where}{named} would be read as '{canonical}' too, and {meaning} "
            "something else",
            f"a synonym reads every word with its stem: leave '{variant}' out and write it in the phrasings of the "
            "nodes it belongs to, or make it a phrase readers say with it (a phrase is read only whole)",
            CODE))
    return problems
