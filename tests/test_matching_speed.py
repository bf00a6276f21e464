"""Shortcuts taken for speed give the same results as the work they skip."""

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from guide.matching import ordinals
from guide.matching.ordinals import reference

# Every word the rules of `reference` compare with, and some they never do.
_RULE_WORDS = sorted(
    {*ordinals.NUMBERS, *ordinals.ORDINALS, *ordinals.NOUNS, *ordinals._LIST_WORDS, *ordinals._NUMBER_MARKS,
     *ordinals._NEAR, "next", "previous", "penultimate", "last", "final", "following", "prior", "after",
     "before", "to", "from", "the", "comes", "that", "this", "it", "and", "what", "about", "is", "whats", "so",
     "ok", "1", "2", "5", "12", "123", "#3", "tell", "me", "attachment", "anxiety", "rule"}
)
_WORDS = st.lists(st.sampled_from(_RULE_WORDS) | st.from_regex(r"[a-z0-9#]{1,7}", fullmatch=True), max_size=12)


class _NeverDisjoint:
    """Stands in for the words a reference needs: every message goes through all the rules."""

    def isdisjoint(self, words: object) -> bool:
        return False


@settings(max_examples=600, deadline=None)
@given(_WORDS)
def test_a_message_without_position_words_names_no_item_whatever_the_rules_say(words: list[str]) -> None:
    text = " ".join(words)
    with patch.object(ordinals, "_POSITION_WORDS", _NeverDisjoint()):
        walked = reference(text)
    assert reference(text) == walked


def test_position_words_cover_the_examples_of_each_rule() -> None:
    named = ["explain point 5", "the fourth way", "number 2", "the last one", "and the next one",
             "the one after validation", "penultimate tip", "second to last step", "#3", "previous one"]
    assert all(reference(text) is not None for text in named)
