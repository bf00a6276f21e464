"""Self-calibration of the thresholds, and `guide calibrate`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import guide.matching.calibrate as calibrate_module
from guide import cache
from guide.cli import main
from guide.conversation import Engine, intents_of
from guide.dialog.loader import load_guide
from guide.matching.calibrate import (
    MARGIN_GRID,
    OFF_TOPIC_ANSWERED,
    TARGET_WRONG,
    calibrate,
    leave_one_out,
    off_topic_questions,
)
from guide.matching.index import IntentSpec, MatchSettings
from guide.paths import BUNDLED_GUIDE

GETTYSBURG = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "gettysburg"


def test_leave_one_out_never_matches_a_phrasing_against_itself() -> None:
    guide = load_guide(GETTYSBURG).guide
    intents = intents_of(guide)
    results = leave_one_out(intents, guide.synonyms, MatchSettings())
    assert len(results) >= 100
    written = {(spec.key, text) for spec in intents for text in spec.examples}
    for key, ranking in results:
        assert (key, ranking.input) in written
        assert all(c.example != ranking.input or c.key != key for c in ranking.candidates)


def test_leave_one_out_tests_at_most_about_max_phrasings_of_one_phrasing_intents(monkeypatch) -> None:
    """Each intent's every k-th phrasing was tested: with one phrasing per intent that is all of them,
    and a guide of 5,000 one-phrasing nodes spent minutes ranking 5,000 left-out phrasings at every build."""
    ranked: list[str] = []
    monkeypatch.setattr(calibrate_module.Index, "rank", lambda self, text, *a, **k: ranked.append(text))
    monkeypatch.setattr(calibrate_module.Index, "build", classmethod(lambda cls, *a, **k: cls.__new__(cls)))
    intents = [IntentSpec(f"n{i}", (f"topic number {i}",)) for i in range(500)]
    leave_one_out(intents, None, MatchSettings(), max_phrasings=100)
    assert len(ranked) == 100
    both = [IntentSpec(f"n{i}", (f"topic number {i}",)) for i in range(300)] + \
        [IntentSpec(f"m{i}", tuple(f"many {i} {j}" for j in range(20))) for i in range(10)]  # 500 phrasings
    ranked.clear()
    leave_one_out(both, None, MatchSettings(), max_phrasings=100)
    assert 90 <= len(ranked) <= 110 and sum(text.startswith("many") for text in ranked) == 10 * 4


def test_the_chosen_point_keeps_its_promises() -> None:
    guide = load_guide(GETTYSBURG).guide
    calibration = calibrate(intents_of(guide), guide.synonyms)
    chosen = calibration.chosen
    assert chosen is not None
    assert chosen.wrong <= TARGET_WRONG * calibration.phrasings
    assert calibration.settings.clarify <= calibration.settings.answer
    # no feasible point answers more
    assert all(p.right <= chosen.right for p in calibration.curve
               if p.wrong <= TARGET_WRONG * calibration.phrasings and p.off_topic_answered <= chosen.off_topic_answered)
    assert len(off_topic_questions()) > 100


def test_the_engine_uses_calibrated_thresholds_unless_the_manifest_sets_them(make_guide) -> None:
    guide = load_guide(GETTYSBURG).guide
    engine = Engine.build(guide)
    calibration = calibrate(intents_of(guide), guide.synonyms)
    assert engine.calibrated_on == calibration.phrasings > 0
    assert engine.settings.answer == calibration.settings.answer
    root = make_guide({"guide.yaml": (Path(make_guide().joinpath("guide.yaml")).read_text(encoding="utf-8")
                                      + "matching:\n  answer: 0.5\n  clarify: 0.3\n  margin: 0.1\n")})
    fixed = Engine.build(load_guide(root).guide)
    assert fixed.calibrated_on == 0 and fixed.settings[:3] == (0.5, 0.3, 0.1)


def test_a_tiny_guide_keeps_the_defaults(make_guide) -> None:
    engine = Engine.build(load_guide(make_guide()).guide)
    assert engine.calibrated_on == 0
    assert engine.settings[:3] == MatchSettings()[:3]


def test_calibrate_prints_the_curve_and_the_choice(capsys) -> None:
    assert main(["calibrate", str(GETTYSBURG)]) == 0
    out = capsys.readouterr().out
    assert "phrasings left out" in out and "← chosen" in out and out.count("\n   0.") >= 10
    assert "of margins 0.04 to 0.20)" in out  # the margins tried
    # what keeps the answer threshold from the next lower step
    assert "lower answer thresholds are not tried: below clarify" in out or "no margin there answers more" in out
    assert main(["calibrate", "--format", "json", str(BUNDLED_GUIDE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["calibrated"] and data["in_use"] == data["settings"] and data["curve"]


def test_calibrate_shows_the_everyday_questions_that_set_clarify(capsys) -> None:
    """An author whose clarify is high sees which off-topic questions hold it there: the row
    marked is the first that must stay below it, and as many as may reach it come before."""
    from guide.authoring.calibration import clarify_setters, run
    from guide.authoring.lint import shared_words

    engine = Engine.build(load_guide(BUNDLED_GUIDE).guide)
    calibration = run(engine)
    setters = clarify_setters(engine, calibration)
    clarify = calibration.settings.clarify
    allowed = sum(item.score >= clarify for item in setters)  # those that reach it
    assert len(setters) > allowed and setters == sorted(setters, key=lambda item: -item.score)
    assert setters[allowed].score < clarify  # the first below it is marked
    # about as many reach it as OFF_TOPIC_CLARIFIED allows: its smoothed score sits among theirs (calibrate.reached)
    assert abs(allowed - calibrate_module.OFF_TOPIC_CLARIFIED * calibration.off_topic) <= 2
    assert all(item.question in off_topic_questions() for item in setters)
    assert main(["calibrate", str(BUNDLED_GUIDE)]) == 0
    out = capsys.readouterr().out
    marked = [line for line in out.splitlines() if line.endswith("← sets clarify")]
    assert len(marked) == 1 and f"“{setters[allowed].question}”" in marked[0]
    # and why it matters, in one line: what clarify does to readers, and what pulls that question
    lines = out.splitlines()
    meaning = lines[lines.index(marked[0]) + 1]
    setter = setters[allowed]
    assert meaning.startswith(f"  (what it means: your readers' questions that score under {clarify:.2f} on every "
                              "node are told the guide does not cover them;")
    assert f"“{setter.question}” reaches '{setter.node}' " in meaning and f"“{setter.example}”" in meaning
    words = shared_words(engine, setter.question, setter.example)
    assert ("through " + ", ".join(words) if words else "by likeness in meaning") in meaning
    assert main(["calibrate", "--format", "json", str(BUNDLED_GUIDE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["clarify_set_by"][allowed]["question"] == setters[allowed].question


def test_the_row_marked_chosen_is_the_chosen_setting(make_guide) -> None:
    """The best row at a threshold can be over a limit (kinship 1.5x answers one off-topic question
    too many) while the same threshold is chosen with another kinship lead: the mark goes on the
    chosen setting's own row, never on a row whose numbers and kinship differ from the `chosen:` line."""
    from guide.authoring.calibration import report_lines
    from guide.matching.calibrate import Calibration, Point

    engine = Engine.build(load_guide(make_guide()).guide)
    best = Point(0.24, 0.04, 117, 14, 59, 5, 1.5)  # 5 of 142 off-topic answered: over 3 %
    chosen = Point(0.24, 0.04, 115, 14, 61, 4, 2.0)
    curve = (best, Point(0.26, 0.04, 116, 14, 60, 5, 1.5), Point(0.32, 0.04, 110, 10, 70, 4, 1.5))
    settings = MatchSettings()._replace(answer=0.24, clarify=0.24, margin=0.04, understood=2.0)
    lines = report_lines(engine, Calibration(settings, 190, 142, curve, chosen), "g")
    [marked] = [line for line in lines if line.endswith("← chosen")]
    assert marked.split()[:3] == ["0.24", "0.04", "115"] and " 2x " in marked
    [over] = [line for line in lines if line.split()[:3] == ["0.24", "0.04", "117"]]
    assert over.endswith("1.5x  over a limit")
    assert lines.index(marked) == lines.index(over) + 1  # the choice follows the row it was chosen over
    assert any(line.startswith("chosen: answer 0.24, clarify 0.24, margin 0.04, kinship 2x") for line in lines)
    assert next(line for line in lines if "0.32" in line).endswith("1.5x")  # within the limits: no mark


def test_on_a_guide_whose_best_row_is_over_a_limit_mark_and_choice_agree(capsys) -> None:
    """Guide F: at its chosen threshold, kinship 1.5x answers the most but one off-topic question too many."""
    assert main(["calibrate", str(GETTYSBURG.parent / "article-f-backyard-chickens")]) == 0
    out = capsys.readouterr().out
    [marked] = [line for line in out.splitlines() if line.endswith("← chosen")]
    [chosen] = [line for line in out.splitlines() if line.startswith("chosen: ")]
    answer, margin, lead = marked.split()[0], marked.split()[1], marked.split()[-3]
    assert chosen.startswith(f"chosen: answer {answer}, clarify ") and f"margin {margin}, kinship {lead}:" in chosen


TOPICS = {
    "pasta": ["how long do i boil pasta", "when is spaghetti done", "how much salt goes in pasta water",
              "should i rinse cooked noodles", "how do i keep pasta from sticking", "what is al dente",
              "how much pasta per person", "can i cook pasta in the sauce", "fresh or dried pasta",
              "how do i drain spaghetti"],
    "bike": ["how do i fix a flat tyre on my bike", "my bicycle chain keeps slipping", "how to oil a bike chain",
             "what pressure for bicycle tyres", "how do i adjust my bike brakes", "my gears click when i pedal",
             "how to patch an inner tube", "how high should my saddle be", "how do i clean my bicycle",
             "why do my brakes squeal"],
    "plants": ["how often should i water my houseplants", "why are the leaves turning yellow",
               "how much light does a fern need", "when should i repot a plant", "what soil for succulents",
               "how do i get rid of gnats in soil", "can i use tap water on plants", "why is my plant drooping",
               "how do i propagate a cutting", "should i mist my plants"],
    "tax": ["when is the tax return due", "how do i file my taxes online", "what expenses can i deduct",
            "do i pay tax on savings interest", "how long should i keep receipts", "what is a tax code",
            "can i claim working from home", "how do i pay a tax bill", "what happens if i file late",
            "do i need an accountant for my return"],
    "sleep": ["how can i fall asleep faster", "why do i wake up at 3am", "is napping bad for sleep",
              "how many hours of sleep do adults need", "does coffee keep me awake", "what is a good bedtime routine",
              "why do i feel tired after sleeping", "should i use my phone in bed", "how dark should my bedroom be",
              "can exercise help me sleep"],
    "dogs": ["how do i stop my dog pulling on the lead", "how often should i walk my dog", "what should i feed a puppy",
             "how do i teach my dog to sit", "why does my dog bark at night", "how do i clip my dog's nails",
             "when should a puppy be vaccinated", "how do i crate train a dog", "is chocolate bad for dogs",
             "how do i stop my dog jumping up"],
    "moving": ["how do i plan a house move", "when should i book a removal van", "how do i pack fragile dishes",
               "who do i tell when i change address", "how do i set up utilities in a new home",
               "what should go in a first night box", "how far ahead should i give notice on my flat",
               "how do i move with a cat", "should i hire packers", "how do i label moving boxes"],
}


def _synthetic() -> list[IntentSpec]:
    return [IntentSpec(key, tuple(texts), title=key.title()) for key, texts in TOPICS.items()]


def test_on_a_small_synthetic_guide_the_choice_is_the_best_feasible_point() -> None:
    calibration = calibrate(_synthetic())
    chosen = calibration.chosen
    assert calibration.phrasings == 70 and chosen is not None
    assert chosen.margin >= MARGIN_GRID[0] == 0.04 and all(p.margin in MARGIN_GRID for p in calibration.curve)
    assert chosen.wrong <= TARGET_WRONG * calibration.phrasings
    assert chosen.off_topic_answered <= OFF_TOPIC_ANSWERED * calibration.off_topic
    assert calibration.settings[:3] == (chosen.answer, min(calibration.settings.clarify, chosen.answer), chosen.margin)
    assert calibration.settings.clarify <= calibration.settings.answer
    # no other point of the curve keeps both promises and answers more
    assert all(p.right <= chosen.right for p in calibration.curve
               if p.wrong <= TARGET_WRONG * calibration.phrasings
               and p.off_topic_answered <= OFF_TOPIC_ANSWERED * calibration.off_topic)


def test_calibration_is_deterministic() -> None:
    assert calibrate(_synthetic()) == calibrate(_synthetic())
    guide = load_guide(GETTYSBURG).guide
    assert calibrate(intents_of(guide), guide.synonyms) == calibrate(intents_of(guide), guide.synonyms)


def test_the_calibrated_thresholds_are_cached_with_the_compiled_guide(tmp_path: Path, cache_home: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "gettysburg"
    shutil.copytree(GETTYSBURG, root)
    first, _ = cache.load_engine(root)
    assert first is not None and first.calibrated_on > 0

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("calibrated again although the compiled guide is cached")

    monkeypatch.setattr(calibrate_module, "calibrate", refuse)
    second, _ = cache.load_engine(root)
    assert second is not None and second is not first
    assert second.settings == first.settings and second.calibrated_on == first.calibrated_on
