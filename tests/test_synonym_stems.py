"""A synonym's variant is read by its stem: warn when that stem is another word's ("conned" and
"cons": `scam: [conned]` read "pros and cons" as "pros and scam"), naming where the variant is."""

from __future__ import annotations

from guide.dialog.checks import check_guide
from guide.dialog.loader import load_guide
from guide.dialog.synonym_stems import guide_words, stem_clashes
from tests.conftest import TINY_MANIFEST


def _warnings(make_guide, synonyms: str) -> list:
    root = make_guide({"guide.yaml": TINY_MANIFEST + "synonyms:\n" + synonyms})
    result = load_guide(root)
    assert result.ok, result.problems
    assert not [p for p in result.problems if p.code == "synonym-stem-clash"]  # (validate's, not every load's)
    return [p for p in check_guide(result).problems if p.code == "synonym-stem-clash"]


def test_a_variant_that_stems_like_an_everyday_word_of_another_meaning_is_named_where_it_is(make_guide) -> None:
    (warning,) = _warnings(make_guide, "  scam: [fraud, conned]\n")
    assert warning.file.endswith("guide.yaml") and (warning.line, warning.col) == (7, 17)  # "conned"
    assert "'cons'" in warning.message and "'scam'" in warning.message
    assert "phrasings" in warning.hint


def test_the_guide_s_own_words_are_read_too() -> None:
    words = guide_words(["He weighed the pros and cons of the apartment."])
    assert stem_clashes("flat", "apartment", words) == (["apart"], [])  # an everyday word
    assert stem_clashes("call", "rang", guide_words(["They ranged far."]))[1] == []  # (everyday already)
    assert "cons" in stem_clashes("scam", "conned", words)[0]


def test_harmless_synonyms_are_not_flagged(make_guide) -> None:
    synonyms = ("  hug: [cuddle, cuddles, hugging]\n  friend: [mate]\n  hoovering: [vacuuming]\n"
                "  children: [child, toddlers]\n  stolen: [nicked, pinched]\n  walk: [stroll, to walk]\n")
    assert _warnings(make_guide, synonyms) == []
