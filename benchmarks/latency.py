"""Per-query matching time and index build time, next to a rapidfuzz floor measured in the same run.

Run from the repo root: python benchmarks/latency.py
Targets: under 1 ms per query with 15,000 phrasings, at most 0.3 ms for a guide the size
of the bundled one (issue 14), index build under 1 s. The last line times the whole reply a reader
waits for (`Session.respond`: safety check, match, decision, caveats, reply). Single thread. The floor is
`rapidfuzz.process.cdist([query], phrasings, scorer=fuzz.ratio)`: one C++ pass comparing
the query with every phrasing, nothing else.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _clinc_data import clinc_data, clinc_intents, standin_intents

from guide.matching.index import Index, IntentSpec

BUILD_RUNS = 5


def main() -> None:
    data = clinc_data()
    queries = [q for q, _ in data["val"]] + [q for q, _ in data["oos_val"]]
    print("queries: CLINC150 validation (in- and out-of-scope); for the bundled guide, the reader")
    print("questions of benchmarks/data. Times per query: median / p95, single thread.\n")
    print(f"{'guide':44s} {'queries':>7s} {'build':>9s} {'match + decide':>18s} {'cdist floor':>18s}")
    report("CLINC150: 150 intents x 100 phrasings", clinc_intents(data), {}, queries)
    report("stand-in: 40 CLINC intents x 15 phrasings", standin_intents(data), {}, queries)
    bundled = bundled_guide()
    if bundled is not None:
        intents, synonyms, bundled_queries = bundled
        phrasings = sum(len(i.examples) for i in intents)
        report(f"bundled guide: {len(intents)} intents, {phrasings} phrasings",
               intents, synonyms, bundled_queries or queries)
        respond(bundled_queries or queries)


def report(name: str, intents: Sequence[IntentSpec], synonyms: dict, queries: Sequence[str]) -> None:
    """Print build time, then per-query time of rank + decide and of the cdist floor."""
    builds = []
    for _ in range(BUILD_RUNS):
        start = time.perf_counter()
        index = Index.build(intents, synonyms)
        builds.append(time.perf_counter() - start)
    phrasings = [example for intent in intents for example in intent.examples]
    ours = per_query(lambda q: index.decide(index.rank(q)), queries)
    floor = per_query(cdist_floor(phrasings), queries)
    build = statistics.median(builds)
    build_text = f"{build * 1000:.1f} ms" if build < 1 else f"{build:.2f} s"
    print(f"{name:44s} {len(queries):7,d} {build_text:>9s} {_ms(ours):>18s} {_ms(floor):>18s}")


def respond(queries: Sequence[str]) -> None:
    """Print the time of the whole reply a reader waits for, each question a first message to the bundled
    guide as `guide` compiles it (calibrated): `Session.respond`, the safety check, the match and its
    decision, the caveats asked for, and the reply."""
    from guide.conversation import Engine, Session
    from guide.dialog.loader import load_guide
    from guide.paths import BUNDLED_GUIDE

    engine = Engine.build(load_guide(BUNDLED_GUIDE).guide)
    times = per_query(lambda q: Session(engine).respond(q), queries)
    print("\nwhole reply to a first message (Session.respond: safety, match, decide, caveats, reply),")
    print(f"{'the bundled guide as compiled (calibrated)':44s} {len(queries):7,d} {'':>9s} {_ms(times):>18s}")


def per_query(run: Callable[[str], object], queries: Sequence[str]) -> list[float]:
    """Seconds taken by `run` on each query (after one warm-up pass), garbage collector off."""
    for query in queries[:50]:
        run(query)
    times = []
    gc.disable()
    try:
        for query in queries:
            start = time.perf_counter()
            run(query)
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    return times


def cdist_floor(phrasings: list[str]) -> Callable[[str], object]:
    import numpy as np  # cdist needs numpy: benchmark only, never the runtime
    from rapidfuzz import fuzz, process

    def run(query: str) -> np.ndarray:
        return process.cdist([query], phrasings, scorer=fuzz.ratio, workers=1)

    return run


def bundled_guide() -> tuple[list[IntentSpec], dict, list[str]] | None:
    """The bundled guide's intents, synonyms and reader questions, if the guide loads here."""
    try:
        import yaml

        from guide.conversation import intents_of
        from guide.dialog.loader import load_guide
        from guide.paths import BUNDLED_GUIDE
    except ImportError:
        return None
    result = load_guide(BUNDLED_GUIDE)
    if not result.ok:
        return None
    questions_file = Path(__file__).resolve().parent / "data" / "reader_questions.yaml"
    questions = []
    if questions_file.is_file():
        sets = yaml.safe_load(questions_file.read_text(encoding="utf-8"))
        questions = [item["q"] for items in sets.values() for item in items]
    return intents_of(result.guide), dict(result.guide.synonyms), questions


def _ms(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"{statistics.median(ordered) * 1000:.3f} / {p95 * 1000:.3f} ms"


if __name__ == "__main__":
    main()
