"""The compiled index of a guide's intents: ranking of candidates and the decision.

A question is scored against the intents in three lexical views, each in 0..1:

- words: BM25 coverage of the question's words and word pairs by the intent's examples
  (function words the guide never uses don't count: "did", "those", "honestly");
- characters: the same over character 4-grams (inflection, typos, word order);
- phrasing: rapidfuzz `ratio` to the intent's closest examples (mean of the best three);
  for the leading intents, an example shorter than the question also counts by how much of
  it the question contains (a long question is as close as the part of it that asks).

The confidence is their mean. The word view scores every intent through an inverted
index and shortlists the few worth the other two. Follow-ups count only in their node's
context, where they get a bonus. Each candidate also reports the question's topic words
its examples never use, which the decision weighs when the confidence alone is not
enough. Same inputs, same outputs: ties are broken by key.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from itertools import chain
from typing import Literal, NamedTuple

from rapidfuzz import fuzz, process

from .features import TermTable, char_features, char_ngrams, word_features
from .normalize import FUNCTION_WORDS, Normalized, Normalizer, tokenize

__all__ = [
    "Candidate",
    "Decision",
    "Index",
    "IntentSpec",
    "MatchSettings",
    "Ranking",
    "decide",
    "decide_ranking",
    "dominance_lead",
    "phrasing_similarity",
]

TOP_EXAMPLES = 3
"""Phrasing view: mean similarity of an intent's best this-many examples."""
SHORTLIST = 6
"""Intents scored in all three views: those leading in the word view (at least `limit`)."""
CONTAINMENT_CANDIDATES = 3
"""Intents whose examples are also compared by containment: the leading ones by the three
views without it (containment only raises a score; below the top few it changes nothing
a decision looks at, and it is the costliest comparison)."""
SCORE_DIGITS = 6
"""Confidences are rounded so that equal scores tie exactly and break by key."""
DOMINANCE_EXPLAINED = 3 / 4
"""A clear winner below the answer threshold (`MatchSettings.dominance`) is answered only if
its examples use at least this share of the input's topic words: a question that shares one
word with a node and brings others the node never uses ("is pepper a replacement for salt"
against "when will you mail me a replacement card") is a near miss, not a paraphrase."""
STEM_SLACK = 3
"""Topic words agree when they differ only in their last this-many letters (at most)..."""
STEM_MIN = 4
"""...and the stem they share has at least this many letters ("hold"/"holds", not "call"/"calm")."""


class IntentSpec(NamedTuple):
    """One intent as the author wrote it."""

    key: str
    examples: tuple[str, ...]
    context: str | None = None
    title: str = ""


class MatchSettings(NamedTuple):
    """Decision thresholds on the confidence (0..1); the guide's manifest can override each.

    The defaults favour never answering wrongly over always answering. Read off
    CLINC150 validation queries against a 40-intent x 15-phrasing stand-in for a
    hand-written guide (`python benchmarks/clinc.py` prints the figures), by a rule: no
    more out-of-scope questions answered or let past `clarify`, and no more wrong answers,
    than the settings before containment and dominance (4.1%, 33.6%, 0.4%). With `answer`
    0.48, `margin` 0.05 and `dominance` 1.0, 99.5% of the answers given are right and 47%
    of in-scope questions are answered outright (40% without `dominance`), 38% more get
    "did you mean" with the right topic among the options; below `clarify` 0.31 fall 69% of
    out-of-scope questions and 14% of in-scope ones, and 3.8% of out-of-scope ones are
    answered. A lower `answer` answers more and asks less, at more wrong answers (0.45: 53%
    answered, 5.3% of out-of-scope ones too). A guide whose nodes are close neighbours may
    want a larger `margin`; the bundled guide sets its own (see its guide.yaml).
    `context_bonus` is added to the confidence of the current node's follow-ups.
    """

    answer: float = 0.48
    clarify: float = 0.31
    margin: float = 0.05
    max_input_chars: int = 1000
    context_bonus: float = 0.1
    dominance: float | None = 1.0
    """Below `answer` (down to `clarify`) a clear winner is answered too: when its lead over
    the runner-up reaches `margin + dominance * (answer - score)` and its examples use at
    least DOMINANCE_EXPLAINED of the question's topic words. None: only `answer` and
    `margin` decide. (Not a manifest setting: the defaults apply to every guide.)"""


class Candidate(NamedTuple):
    """An intent with its confidence and the example that matched it best."""

    key: str
    score: float
    example: str
    in_context: bool
    unexplained: tuple[str, ...] = ()
    """The input's topic words (`Ranking.content_words`) that none of the intent's examples
    use, not even with another ending ("holds" for "hold")."""
    explained: float = 1.0
    """The share of the input's topic words that the intent's examples use (1 if it has none)."""


class Ranking(NamedTuple):
    """The candidates for one input, best first."""

    input: str
    normalized: Normalized
    candidates: tuple[Candidate, ...]
    truncated: bool
    content_words: tuple[str, ...] = ()
    """The input's words other than function words ("what", "the", "does"...)."""
    topic_words: tuple[str, ...] = ()
    """Those of `content_words` that occur in the guide (after repair and synonyms)."""

    @property
    def off_topic(self) -> bool:
        """The input has content words and the guide knows none of them."""
        return bool(self.content_words) and not self.topic_words


class Decision(NamedTuple):
    """What to do with a ranking: answer, ask "did you mean", or say it is not covered."""

    kind: Literal["answer", "clarify", "fallback"]
    candidates: tuple[Candidate, ...]
    confidence: float
    reason: str


class _Intent(NamedTuple):
    """An intent compiled for scoring: its normalized examples, aligned with the originals
    and with their lengths in words; which examples use each topic word (`postings`), and
    the stems of all the words they use."""

    spec: IntentSpec
    texts: tuple[str, ...]
    originals: tuple[str, ...]
    lengths: tuple[int, ...]
    postings: dict[str, tuple[int, ...]]
    stems: frozenset[str]


class Index:
    """Intents compiled for matching. Build once with `Index.build`, then `rank` and `decide`."""

    def __init__(
        self,
        intents: Sequence[_Intent],
        normalizer: Normalizer,
        settings: MatchSettings,
    ) -> None:
        self._intents = tuple(intents)
        self.normalizer = normalizer
        self.settings = settings
        self._words = TermTable([_count(i.texts, _words_of) for i in intents], inverted=True,
                                neutral=_is_function_feature)
        self._chars = TermTable([_count(i.texts, char_ngrams) for i in intents])
        self._context_free: list[int] = []
        self._follow_ups: dict[str, list[int]] = {}
        for position, intent in enumerate(intents):
            if intent.spec.context is None:
                self._context_free.append(position)
            else:
                self._follow_ups.setdefault(intent.spec.context, []).append(position)

    @classmethod
    def build(
        cls,
        intents: Sequence[IntentSpec],
        synonyms: Mapping[str, Sequence[str]] | None = None,
        settings: MatchSettings | None = None,
    ) -> Index:
        """Compile `intents`: normalized examples, vocabulary, synonym map, feature tables."""
        keys = Counter(intent.key for intent in intents)
        duplicates = sorted(key for key, count in keys.items() if count > 1)
        if duplicates:
            raise ValueError(f"duplicate intent keys: {', '.join(duplicates)}")
        words = [[tokenize(example) for example in intent.examples] for intent in intents]
        vocabulary = chain.from_iterable(chain.from_iterable(words))
        normalizer = Normalizer(synonyms or {}, vocabulary)
        compiled = [
            _compile_intent(intent, example_words, normalizer)
            for intent, example_words in zip(intents, words, strict=True)
        ]
        return cls(compiled, normalizer, settings or MatchSettings())

    @property
    def intents(self) -> tuple[IntentSpec, ...]:
        """The intents as given to `build`."""
        return tuple(intent.spec for intent in self._intents)

    def rank(self, text: str, context: str | None = None, limit: int = 5) -> Ranking:
        """The best `limit` candidates for `text`; follow-ups of node `context` are eligible.

        `decide` judges the margin on these candidates, so keep `limit` at 2 or more.
        """
        bound = self.settings.max_input_chars
        truncated = len(text) > bound
        normalized = self.normalizer.normalize(text[:bound] if truncated else text)
        content = tuple(dict.fromkeys(t for t in normalized.tokens if t not in FUNCTION_WORDS))
        candidates = self._score(normalized, context, limit, content) if normalized.tokens else []
        candidates.sort(key=lambda candidate: (-candidate.score, candidate.key))
        known = tuple(t for t in content if t in self.normalizer.vocabulary)
        return Ranking(text, normalized, tuple(candidates[: max(limit, 0)]), truncated, content, known)

    def decide(self, ranking: Ranking) -> Decision:
        """Answer, clarify or fall back, by the thresholds and margin of the settings."""
        return decide_ranking(ranking, self.settings)

    def _score(
        self, normalized: Normalized, context: str | None, limit: int, content: Sequence[str] = ()
    ) -> list[Candidate]:
        """Score the shortlisted intents and the context's follow-ups in all three views."""
        words = self._words.coverage(word_features(normalized.tokens))
        chars = char_features(normalized.text)
        size = max(SHORTLIST, limit)
        shortlist = self._shortlist(words, size)
        if not any(words):  # no word in common with any intent: let the characters choose
            everything = self._chars.coverage_of(chars, range(len(words)))
            shortlist = self._shortlist(everything, size)
        shortlist += self._follow_ups.get(context, []) if context is not None else []
        char_scores = self._chars.coverage_of(chars, shortlist)
        intents = [self._intents[position] for position in shortlist]
        text = normalized.text
        bests = [process.extract(text, intent.texts, scorer=fuzz.ratio, limit=TOP_EXAMPLES) for intent in intents]
        bonus = self.settings.context_bonus
        others = [(words[position] + char_score) / 3 + (bonus if intent.spec.context is not None else 0.0)
                  for position, char_score, intent in zip(shortlist, char_scores, intents, strict=True)]
        means = [_mean(best) for best in bests]
        provisional = [other + mean / 3 for other, mean in zip(others, means, strict=True)]
        leading = heapq.nlargest(CONTAINMENT_CANDIDATES, range(len(intents)), key=provisional.__getitem__)
        phrasings = _phrasings(text, len(normalized.tokens), content, intents, bests, means, leading)
        content_stems = [(word, _stems(word)) for word in content]
        candidates = []
        for other, intent, (phrasing, best) in zip(others, intents, phrasings, strict=True):
            in_context = intent.spec.context is not None
            confidence = min(1.0, other + phrasing / 3)
            example = intent.originals[best] if best >= 0 else ""
            unexplained = tuple(word for word, stems in content_stems if stems.isdisjoint(intent.stems))
            explained = round(1 - len(unexplained) / len(content), SCORE_DIGITS) if content else 1.0
            candidates.append(Candidate(intent.spec.key, round(confidence, SCORE_DIGITS), example,
                                        in_context, unexplained, explained))
        return candidates

    def _shortlist(self, scores: list[float], size: int) -> list[int]:
        """The context-free intents with the highest positive `scores`, at most `size`."""
        best = heapq.nlargest(size, self._context_free, key=scores.__getitem__)
        return [position for position in best if scores[position] > 0]


def decide_ranking(ranking: Ranking, settings: MatchSettings) -> Decision:
    """`decide`, with one more rule: an input whose content words the guide never uses is
    not worth a "did you mean" (its function words, "what is the ...", matched something).
    Only a confident answer (typos the repair missed, character-level matches) survives."""
    top = ranking.candidates[0].score if ranking.candidates else 0.0
    if ranking.off_topic and top < settings.answer:
        words = ", ".join(f"'{w}'" for w in ranking.content_words[:4])
        reason = (f"None of the input's topic words ({words}) occur in the guide, and the best match "
                  f"scored {top:.2f}, below the answer threshold {settings.answer:.2f}.")
        return Decision("fallback", (), top, reason)
    return decide(ranking.candidates, settings)


def decide(candidates: Sequence[Candidate], settings: MatchSettings) -> Decision:
    """The decision for ranked `candidates` (best first) under `settings`."""
    if not candidates:
        return Decision("fallback", (), 0.0, "Nothing in the input matches any topic.")
    top = candidates[0]
    if top.score < settings.clarify:
        reason = (
            f"The best match, {top.key!r}, scored {top.score:.2f}: "
            f"below the clarify threshold {settings.clarify:.2f}."
        )
        return Decision("fallback", tuple(candidates[:3]), top.score, reason)
    runner_up = candidates[1] if len(candidates) > 1 else None
    lead = round(top.score - (runner_up.score if runner_up else 0.0), SCORE_DIGITS)
    if top.score >= settings.answer and lead >= settings.margin:
        reason = (
            f"{top.key!r} scored {top.score:.2f} (answer threshold {settings.answer:.2f}) "
            f"and leads the next topic by {lead:.2f} (margin {settings.margin:.2f})."
        )
        return Decision("answer", (top,), top.score, reason)
    needed = dominance_lead(top.score, settings)
    if top.score < settings.answer and lead >= needed and top.explained >= DOMINANCE_EXPLAINED:
        reason = (
            f"{top.key!r} scored {top.score:.2f}, below the answer threshold {settings.answer:.2f}, "
            f"but leads the next topic by {lead:.2f} (at least {needed:.2f} needed at that score) "
            f"and its examples use {top.explained:.0%} of the input's topic words."
        )
        return Decision("answer", (top,), top.score, reason)
    if top.score >= settings.answer:
        rival = f"{runner_up.key!r} ({runner_up.score:.2f})" if runner_up else "no other topic"
        reason = (
            f"{top.key!r} ({top.score:.2f}) leads {rival} by {lead:.2f}, "
            f"less than the margin {settings.margin:.2f}."
        )
    else:
        reason = (
            f"{top.key!r} scored {top.score:.2f}: above the clarify threshold "
            f"{settings.clarify:.2f} but below the answer threshold {settings.answer:.2f}"
        )
        if lead < needed < math.inf:
            reason += f", and it leads the next topic by {lead:.2f}, not the {needed:.2f} that would answer it"
        elif top.explained < DOMINANCE_EXPLAINED:
            reason += f", and its examples never use {', '.join(repr(w) for w in top.unexplained[:4])}"
        reason += "."
    return Decision("clarify", _clarify_options(candidates, settings), top.score, reason)


def dominance_lead(score: float, settings: MatchSettings) -> float:
    """The lead over the runner-up that answers a candidate scoring `score`, below `answer`.

    `margin` at the answer threshold, rising by `dominance` per point the score falls short:
    the weaker the match, the clearer its win must be. Infinite when dominance is off.
    """
    if settings.dominance is None:
        return math.inf
    return round(settings.margin + settings.dominance * max(0.0, settings.answer - score), SCORE_DIGITS)


def _clarify_options(
    candidates: Sequence[Candidate], settings: MatchSettings
) -> tuple[Candidate, ...]:
    """The top candidates reaching the clarify threshold: at least two (if any), at most three."""
    reaching = [c for c in candidates[:3] if c.score >= settings.clarify]
    return tuple(candidates[:2]) if len(reaching) < 2 else tuple(reaching)


def phrasing_similarity(text: str, examples: Sequence[str]) -> tuple[float, int]:
    """Mean rapidfuzz `ratio` (0..1) of the best TOP_EXAMPLES `examples`, and the best's index.

    An intent with fewer examples is averaged over those it has. (The index raises this by
    containment for its leading intents: `_phrasings`.)
    """
    best = process.extract(text, examples, scorer=fuzz.ratio, limit=TOP_EXAMPLES)
    if not best:
        return 0.0, -1
    return _mean(best), best[0][2]


def _mean(best: Sequence[tuple[str, float, int]]) -> float:
    """Mean score (0..1) of rapidfuzz `extract` results; 0 for none."""
    return sum(score for _, score, _ in best) / (100 * len(best)) if best else 0.0


def _phrasings(
    text: str,
    size: int,
    content: Sequence[str],
    intents: Sequence[_Intent],
    bests: Sequence[Sequence[tuple[str, float, int]]],
    means: Sequence[float],
    rows: Sequence[int],
) -> list[tuple[float, int]]:
    """The phrasing view of `text` (`size` words, topic words `content`) for each intent,
    given its best examples by `ratio` (`bests`, and their `means`), as (score, best example).

    For the intents in `rows`, an example with fewer words than `text` scores at least its
    `token_set_ratio`, which is 100 when `text` has every word of it: a long question is as
    close to an example as the part of it that says the same thing ("my bf ignores me for
    hours, what triggers attachment anxiety" contains "what triggers attachment anxiety").
    Never the other way round: a short question isn't close to every longer example that has
    its words. Only the TOP_EXAMPLES shorter examples sharing the most topic words with
    `text` are compared so, all intents' in one rapidfuzz call.
    """
    picked: list[tuple[int, int]] = []  # (row, example)
    for row in rows:
        intent = intents[row]
        shared: dict[int, int] = {}
        lengths, postings = intent.lengths, intent.postings
        for word in content:
            for i in postings.get(word, ()):
                if lengths[i] < size:
                    shared[i] = shared.get(i, 0) + 1
        if shared:
            picked.extend((row, i) for i in heapq.nsmallest(TOP_EXAMPLES, shared, key=lambda i: (-shared[i], i)))
    raised: dict[int, dict[int, float]] = {}
    if picked:
        choices = [intents[row].texts[i] for row, i in picked]
        for _, contained, j in process.extract(text, choices, scorer=fuzz.token_set_ratio, limit=None):
            row, i = picked[j]
            scores = raised.get(row)
            if scores is None:
                scores = raised[row] = {i: score for _, score, i in bests[row]}
            # An example outside the best three by ratio has a ratio no higher than theirs:
            # where its containment doesn't beat them, it doesn't count either way.
            if contained > scores.get(i, 0.0):
                scores[i] = contained
    results = []
    for row, best in enumerate(bests):
        if row in raised:
            top = sorted(raised[row].items(), key=lambda item: (-item[1], item[0]))[:TOP_EXAMPLES]
            results.append((sum(score for _, score in top) / (100 * len(top)), top[0][0]))
        else:
            results.append((means[row], best[0][2] if best else -1))
    return results


def _is_function_feature(feature: str) -> bool:
    """A word feature made of function words only ("what", "do i"): one the guide has never
    seen says nothing against a match (`TermTable` neutral features)."""
    return all(word in FUNCTION_WORDS for word in feature.split(" "))


@lru_cache(maxsize=4096)
def _stems(word: str) -> frozenset[str]:
    """The word and its stems: itself without up to STEM_SLACK final letters, if STEM_MIN long."""
    shortest = max(STEM_MIN, len(word) - STEM_SLACK)
    return frozenset((word, *(word[:end] for end in range(shortest, len(word)))))


def _words_of(text: str) -> list[str]:
    """Word features of a normalized text."""
    return word_features(text.split())


def _count(texts: Sequence[str], features: Callable[[str], list[str]]) -> Counter[str]:
    """How often each feature occurs in `texts` (an intent's document)."""
    return Counter(chain.from_iterable(map(features, texts)))


def _compile_intent(
    spec: IntentSpec, example_words: Sequence[Sequence[str]], normalizer: Normalizer
) -> _Intent:
    """Normalize the (tokenized) examples; drop those with no words left."""
    pairs = [
        (normalizer.normalize_words(words, repair=False).text, original)
        for words, original in zip(example_words, spec.examples, strict=True)
    ]
    kept = [(text, original) for text, original in pairs if text]
    texts = tuple(t for t, _ in kept)
    stems = frozenset(chain.from_iterable(_stems(word) for text in texts for word in text.split()))
    lengths = tuple(t.count(" ") + 1 for t in texts)
    postings: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        for word in dict.fromkeys(text.split()):
            if word not in FUNCTION_WORDS:
                postings.setdefault(word, []).append(i)
    return _Intent(spec, texts, tuple(o for _, o in kept), lengths,
                   {word: tuple(ids) for word, ids in postings.items()}, stems)
