"""Self-calibration of the thresholds, and `guide calibrate`."""

from __future__ import annotations

import json
from pathlib import Path

from guide.cli import main
from guide.conversation import Engine, intents_of
from guide.dialog.loader import load_guide
from guide.matching.calibrate import TARGET_WRONG, calibrate, leave_one_out, off_topic_questions
from guide.matching.index import MatchSettings
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
    assert main(["calibrate", "--format", "json", str(BUNDLED_GUIDE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["calibrated"] and data["in_use"] == data["settings"] and data["curve"]
