"""The --watch problems panel: root errors first, warnings folded under their count, scrolling."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Collapsible, Static

from guide.tui.app import GuideApp
from guide.tui.reload import load_engine
from guide.tui.widgets.problems import ProblemsPanel
from tests.test_tui_reload import until
from tests.tui_guide import WALKS, make_app, settle, text_of, write_tui_guide


def _lines(panel: ProblemsPanel, classes: str) -> list[str]:
    return [str(s.content) for s in panel.query(f"Static.{classes}").results(Static)]


async def test_a_guide_that_loads_shows_its_warnings_folded(tmp_path: Path) -> None:
    app = make_app(tmp_path, watch=True, watch_interval=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        panel = app.query_one(ProblemsPanel)
        assert panel.display and panel.errors_shown == 0
        assert panel.has_class("-warnings-only")
        folded = panel.query_one(Collapsible)
        assert folded.collapsed
        assert str(folded.title).startswith("3 warnings")  # what `guide validate` reports for this guide
        assert len(_lines(panel, "problem-warning")) == 3
        warnings = list(panel.query("Static.problem-warning").results(Static))
        assert not any(line.region.height for line in warnings)  # folded: not on screen
        assert panel.outer_size.height <= 4  # one line and the border
        folded.collapsed = False
        await pilot.pause()
        assert all(line.region.height for line in warnings)
        assert "example phrasings" in str(warnings[0].content)


async def test_errors_first_then_warnings_folded(tmp_path: Path) -> None:
    app = make_app(tmp_path, watch=True, watch_interval=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        panel = app.query_one(ProblemsPanel)
        (tmp_path / "nodes" / "walks.yaml").write_text(WALKS.replace("choices: [morning-walks, cats]",
                                                                     "choices: [morning-walk, cats]"))
        await until(pilot, lambda: panel.errors_shown)
        assert panel.border_subtitle == "1 error · 3 warnings"
        children = list(panel.children)
        assert "last good version" in str(children[0].content)
        assert "choice 'morning-walk' does not exist" in str(children[1].content)
        assert isinstance(children[2], Collapsible) and children[2].collapsed


async def test_a_tab_in_one_file_is_the_one_error_shown(tmp_path: Path) -> None:
    app = make_app(tmp_path, watch=True, watch_interval=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        panel = app.query_one(ProblemsPanel)
        walks = tmp_path / "nodes" / "walks.yaml"  # its nodes are offered by the welcome and by cats
        walks.write_text(WALKS.replace("  answer:\n", "\tanswer:\n", 1), encoding="utf-8")
        await until(pilot, lambda: panel.errors_shown)
        errors = _lines(panel, "problem")
        assert len(errors) == 1
        assert "walks.yaml:4:1: error: tab character in indentation" in errors[0]
        assert "the 4 references to them will be checked once it loads" in errors[0]
        assert not panel.query(Collapsible)  # no warnings that only the tab causes


async def test_the_panel_scrolls(tmp_path: Path) -> None:
    root = write_tui_guide(tmp_path)
    many = "".join(f"    - nowhere-{n}\n" for n in range(40))
    (root / "nodes" / "walks.yaml").write_text(
        WALKS.replace("  choices: [evening-walks, cats]\n", "  choices:\n" + many), encoding="utf-8")
    loaded = load_engine(root, checked=True)
    assert loaded.engine is None and len(loaded.errors) == 40
    app = GuideApp(None, guide_path=root, watch=True, watch_interval=0.05, problems=loaded.problems)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        panel = app.query_one(ProblemsPanel)
        assert "No version of this guide loads yet" in text_of(panel)
        assert panel.max_scroll_y > 0 and panel.scroll_y == 0
        panel.focus()  # keys scroll it too
        await pilot.press("end")
        await pilot.pause()
        assert panel.scroll_y == panel.max_scroll_y > 0
        assert "nowhere-39" in text_of(panel)


async def test_a_file_name_that_is_not_utf8_is_shown_readably(tmp_path: Path) -> None:
    """A Latin-1 é in a node file's name reads caf\\xe9.yaml in the panel, as in `guide validate`;
    raw, the lone surrogate could not even be written out (a screenshot raised UnicodeEncodeError)."""
    import os

    app = make_app(tmp_path, watch=True, watch_interval=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        panel = app.query_one(ProblemsPanel)
        (tmp_path / "nodes" / os.fsdecode(b"caf\xe9.yaml")).write_text("id: cafe\ntitle: x\n", encoding="utf-8")
        await until(pilot, lambda: panel.errors_shown)
        shown = _lines(panel, "problem")
        assert any("caf\\xe9.yaml:1:1: error" in line for line in shown), shown
        assert not any("\udce9" in line for line in shown)
        app.save_screenshot(str(tmp_path / "screen.svg"))
