"""Shortcuts taken for speed give the same results as the work they skip."""

import pickle
from collections import Counter
from operator import mul
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from guide.matching import features as features_module
from guide.matching import index as index_module
from guide.matching import kinship as kinship_module
from guide.matching import ordinals, semantic
from guide.matching.features import FieldTable
from guide.matching.index import Index, IntentSpec
from guide.matching.kinship import NodeWords
from guide.matching.ordinals import reference
from guide.matching.wordtable import vector

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


# -- the matcher's shortcuts ------------------------------------------------------------------

_INTENTS = (
    IntentSpec("attachment", ("what is attachment anxiety", "explain attachment anxiety",
                              "why am i so afraid my partner will leave", "fear of abandonment"),
               content=("Attachment anxiety is a fear of being left by the people we love.",)),
    IntentSpec("touch", ("why does touch calm me", "does physical contact reduce anxiety", "is touch soothing")),
    IntentSpec("hormones", ("which hormones are released during sex", "what does oxytocin do")),
    IntentSpec("single", ("oxytocin",)),
    IntentSpec("hormones#1", ("tell me more", "what else"), context="hormones"),
)
_QUESTIONS = ["what is attachment anxiety", "atachment anxeity and fear of abandonment", "why does a hug calm me",
              "which hormones do we release", "tell me more about oxytocin please", "the weather in paris",
              "my partner left and i keep wondering what is attachment anxiety really. does touch help?"]


def test_the_words_an_index_remembers_weigh_as_they_do_afresh() -> None:
    index = Index.build(_INTENTS)
    with patch.object(index_module, "WORD_MEMORY", 3):  # forgets as it goes
        remembered = [index.rank(question) for question in _QUESTIONS]
        assert len(index._known) <= 3
    assert [Index.build(_INTENTS).rank(question) for question in _QUESTIONS] == remembered
    word = index._word("anxiety")
    assert word.weight == index._words.idf(word.stem) * word.prior and word.known and not word.unseen


def test_an_index_is_cached_without_what_it_made_for_its_questions() -> None:
    index = Index.build(_INTENTS)
    before = [index.rank(question) for question in _QUESTIONS]
    assert index._known and index._as_tuples and index._words._postings
    state = index.__getstate__()
    assert not state["_known"] and not state["_as_tuples"] and not index._words.__getstate__()["_postings"]
    assert not index._words.__getstate__()["_sums"]
    copy = pickle.loads(pickle.dumps(index))
    assert [copy.rank(question) for question in _QUESTIONS] == before


def test_postings_read_as_tuples_are_the_packed_arrays() -> None:
    table = Index.build(_INTENTS)._words
    for slot in table._slots.values():
        start, end = table._bounds[slot], table._bounds[slot + 1]
        docs, weights, row = table._posting(slot)
        assert (docs, weights) == (tuple(table._docs[start:end]), tuple(table._doc_weights[start:end]))
        if row is not None:  # (a feature in most documents: its whole row too)
            assert [row[doc] for doc in docs] == list(weights) and row.count(0.0) == table.size - len(docs)


def _added_feature_by_feature(table: FieldTable, features: list[str], priors: list[float]) -> list[float]:
    """`FieldTable.coverage` as first written: each feature's postings added in turn, then the shares."""
    scores = [0.0] * table.size
    for feature, prior in zip(features, priors, strict=True):
        slot = table._slots.get(feature)
        if slot is not None:
            start, end = table._bounds[slot], table._bounds[slot + 1]
            for doc, weight in zip(table._docs[start:end], table._doc_weights[start:end], strict=True):
                scores[doc] += weight if prior == 1.0 else prior * weight
    total = table.information(features, priors)
    return [score / total for score in scores] if total else scores


_WORDS = ["what", "about", "and", "why", "tea", "milk", "sugar", "cup", "pot", "leaf"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8), min_size=1, max_size=12),
       st.lists(st.tuples(st.lists(st.sampled_from([*_WORDS, "nowhere"]), min_size=1, max_size=6),
                          st.sampled_from([1.0, 0.3, 0.75])), min_size=1, max_size=6),
       st.sampled_from([0.0, 0.5, 0.8, 1.1]))
def test_rows_added_at_once_give_the_same_floats_as_postings_one_by_one(
        documents: list[list[str]], queries: list[tuple[list[str], float]], share: float) -> None:
    table = FieldTable([[Counter(words) for words in documents]], (1.0,))
    with patch.object(features_module, "DENSE_SHARE", share), patch.object(features_module, "SUMS_KEPT", 2):
        for words, prior in queries:  # (the same query thrice: seen, then its sum of rows made and remembered)
            priors = [prior if i % 2 else 1.0 for i in range(len(words))]
            for _ in range(3):
                expected = _added_feature_by_feature(table, words, priors)
                assert list(map(repr, table.coverage(words, priors))) == list(map(repr, expected))
        assert len(table._sums) <= 2


def test_a_text_vector_adds_its_words_as_summing_each_dimension() -> None:
    for text in [*_QUESTIONS, "anxiety", "oxytocin hormones", "zzz qqq"]:
        weighted = [v for v in map(semantic.weighted_vector, text.split()) if v is not None]
        expected = semantic._unit(list(map(sum, zip(*weighted, strict=True)))) if weighted else None
        assert semantic.text_vector(text.split()) == expected


def test_an_intent_compares_each_of_its_meaning_vectors_once() -> None:
    index = Index.build(_INTENTS)
    for position, intent in enumerate(index._intents):
        vectors = [tuple(vector) for vector in intent.vectors]
        assert list(index._readable(position)) == list(dict.fromkeys(vectors))
    single = next(p for p, intent in enumerate(index._intents) if intent.spec.key == "single")
    assert len(index._readable(single)) < len(index._intents[single].vectors)  # its mean is its one phrasing


_COMPONENT = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False, width=32) | st.sampled_from([0.0, -0.0])


def _one_by_one(query: tuple[float, ...], vector: tuple[float, ...]) -> float:
    """The sum of the products as `sum` adds floats before Python 3.12: from 0, each addition rounded."""
    total = 0.0
    for a, b in zip(query, vector, strict=True):
        total += a * b
    return total


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=64).flatmap(
    lambda dims: st.tuples(st.tuples(*[_COMPONENT] * dims), st.lists(st.tuples(*[_COMPONENT] * dims), max_size=5))))
def test_similarities_are_the_sums_of_products_and_written_out_they_add_one_by_one(case: tuple) -> None:
    query, vectors = case
    expected = [sum(map(mul, query, vector)) for vector in vectors]
    assert list(map(repr, semantic.similarities(query, vectors))) == list(map(repr, expected))  # -0.0 too
    written_out = semantic._written_out(len(query))(query, vectors)
    assert list(map(repr, written_out)) == [repr(_one_by_one(query, vector)) for vector in vectors]


def test_sums_whose_rounding_errors_cancel_tell_how_sum_adds() -> None:
    query, vector = (1e16, 1.0, -1e16), (1.0, 1.0, 1.0)
    assert semantic._written_out(3)(query, [vector]) == [0.0]  # 1e16 + 1.0 rounds to 1e16
    adds_one_by_one = sum(map(mul, query, vector)) == 0.0
    assert semantic.SUM_ADDS_ONE_BY_ONE is adds_one_by_one
    assert semantic.similarities(query, [vector]) == [sum(map(mul, query, vector))]


def test_a_node_remembers_the_closest_of_its_words_as_it_finds_them_afresh() -> None:
    node = NodeWords(("gone", "normal", "listen", "grief", "funeral"))
    for word in ("vanished", "burial", "hear", "gone", "vanished"):
        found = vector(word)
        cosines = [sum(map(mul, found, v)) for v in node.vectors]
        assert node.closest(word, found) == max(zip(cosines, node.words, strict=True))
    with patch.object(kinship_module, "MEMORY", 2):  # forgets as it goes
        node.closest("xmas", vector("xmas"))
        assert len(node._closest) <= 2
