"""CLINC150 as matcher intents: the full 150 x 100 guide and a 40 x 15 stand-in for a hand-written one.

The data is located by `_clinc_guide` (../shared/data/clinc150/ beside the repo, or the
CLINC150_PATH environment variable).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _clinc_guide import clinc_data

from guide.matching.index import IntentSpec

__all__ = ["STANDIN_INTENTS", "STANDIN_PHRASINGS", "clinc_data", "clinc_intents", "standin_intents"]

STANDIN_INTENTS = 40
STANDIN_PHRASINGS = 15


def clinc_intents(data: dict[str, list[list[str]]], per_intent: int | None = None) -> list[IntentSpec]:
    """One intent per CLINC intent (sorted by name), its train queries as phrasings."""
    phrasings: dict[str, list[str]] = defaultdict(list)
    for text, intent in data["train"]:
        phrasings[intent].append(text)
    return [
        IntentSpec(name, tuple(texts[:per_intent]), title=name.replace("_", " "))
        for name, texts in sorted(phrasings.items())
    ]


def standin_intents(data: dict[str, list[list[str]]]) -> list[IntentSpec]:
    """40 CLINC intents evenly spread over the sorted names, each with its first 15 phrasings.

    About the size of the bundled guide: the stand-in for a hand-written guide.
    """
    intents = clinc_intents(data, STANDIN_PHRASINGS)
    return [intents[i * len(intents) // STANDIN_INTENTS] for i in range(STANDIN_INTENTS)]
