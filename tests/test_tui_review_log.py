"""The opt-in log of unanswered questions in the app: a visible notice, fallbacks only, nothing without it."""

from __future__ import annotations

import json
from pathlib import Path

from guide.authoring.review import UnansweredLog
from guide.cache import load_engine
from guide.tui.app import GuideApp
from tests.tui_guide import send


async def test_opted_in_log_shows_its_notice_and_keeps_fallbacks(make_guide, tmp_path: Path) -> None:
    engine, _ = load_engine(make_guide())
    log_file = tmp_path / "unanswered.jsonl"
    app = GuideApp(engine, unanswered=UnansweredLog(engine.guide, log_file))
    async with app.run_test(size=(100, 30)) as pilot:
        notice = app.query_one("#log-notice")
        assert str(log_file) in str(notice.render())
        await send(pilot, app, "what is the capital of peru")
        await send(pilot, app, "walking the dog")
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert [entry["input"] for entry in lines] == ["what is the capital of peru"]


async def test_without_opt_in_nothing_is_written(make_guide, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    engine, _ = load_engine(make_guide())
    app = GuideApp(engine)
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.query("#log-notice")
        await send(pilot, app, "what is the capital of peru")
    assert not (tmp_path / "data").exists()
