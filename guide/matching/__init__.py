"""Matching: text -> normalized text -> ranked candidate intents -> a decision.

Rule-based and explainable: normalization (Unicode, markup, contractions, synonyms,
spelling repair against the guide's own words), lexical scoring with BM25 statistics
and rapidfuzz, compiled once per guide. No model, no training, no numpy.
"""

from .index import Candidate, Decision, Index, IntentSpec, MatchSettings, Ranking, decide, decide_ranking
from .normalize import Normalized, Normalizer

__all__ = [
    "Candidate",
    "Decision",
    "Index",
    "IntentSpec",
    "MatchSettings",
    "Normalized",
    "Normalizer",
    "Ranking",
    "decide",
    "decide_ranking",
]
