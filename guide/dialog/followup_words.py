"""Words only follow-ups use: a reader who types them with no node in context finds nothing.

A follow-up matches only right after its node's answer (`conversation.intents_of`), so its
phrasings and quotes teach the matcher nothing about a question asked fresh. An author who
moves a node's "pineapple" phrasing into a follow-up of it, or writes the word only there,
leaves "pineapple" asked fresh unmatched, though the guide "says" it. (Letting follow-ups'
phrasings count for their node out of context was measured and declined: over
benchmarks/reader_eval.py's dev guides it answered fewer questions right and more wrongly.)
`check_followup_words` warns at the follow-up phrasing, naming the word and the node to add
it to.
"""

from __future__ import annotations

from guide.dialog.model import Guide, Quote, Say
from guide.problems import Problem

RARITY = 0.7
"""Only a word at least this rare in everyday English (`matching.rarity`: "pineapple", "casserole",
not "dates" or "more") is worth the warning: an everyday word in "tell me more about the dates"
is what a follow-up is for."""


def check_followup_words(guide: Guide) -> list[Problem]:
    """A warning for each rare topic word of a node's follow-up phrasings (once per node) that no
    node's phrasings, title or answer (quotes, their paragraphs, say text) use, nor the guide's
    synonyms, by stem."""
    if not any(node.followups for node in guide.nodes.values()):
        return []
    from guide.matching.normalize import FUNCTION_WORDS, tokenize
    from guide.matching.numbers import spell_numbers
    from guide.matching.rarity import rarity
    from guide.matching.stems import stem

    def stems(text: str) -> set[str]:
        return {stem(word) for word in spell_numbers(tokenize(text))}

    known: set[str] = set()
    for canonical, variants in guide.synonyms.items():
        for text in (canonical, *variants):
            known |= stems(text)
    for node in guide.nodes.values():
        known |= stems(node.title)
        for example in node.examples:
            known |= stems(example.text)
        for block in node.answer:
            if isinstance(block, Quote):
                known |= stems(block.text)
                location = block.location
                if location is not None and location.source in guide.sources:
                    known |= stems(guide.sources[location.source].paragraph(location.paragraph).text)
            elif isinstance(block, Say):
                known |= stems(block.text)
    problems = []
    for node in guide.nodes.values():
        warned: set[str] = set()
        for followup in node.followups:
            target = followup.goto or node.id  # the node a reader asking fresh should reach
            for example in followup.examples:
                for word in dict.fromkeys(spell_numbers(tokenize(example.text))):
                    if word in FUNCTION_WORDS or not word.isalpha() or stem(word) in known or word in warned \
                            or rarity(word) < RARITY:
                        continue
                    warned.add(word)
                    pos = example.pos
                    problems.append(Problem(
                        pos.file, pos.line, pos.col, "warning",
                        f"'{word}' is only in follow-ups of node '{node.id}': asked with no node in context "
                        f"(a reader's first question), no node is found by it",
                        f"a follow-up matches only right after its node's answer: add a phrasing with "
                        f"'{word}' to node '{target}', or a synonym that maps '{word}' to a word it uses",
                        "followup-only-word"))
    return problems
