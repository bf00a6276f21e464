"""Live reload for authors: an invalid edit keeps the last good guide; a fix clears the errors."""

from __future__ import annotations

from pathlib import Path

from guide.tui.app import GuideApp
from guide.tui.reload import GuideWatcher, load_engine
from guide.tui.widgets.problems import ProblemsPanel
from tests.tui_guide import WALKS, WELCOME, last_turn, make_app, send, settle, text_of, until, write_tui_guide

BROKEN_WELCOME = WELCOME.replace("  title: Why cats sleep so much\n", "  titel: Why cats sleep so much\n")


def messages(app: GuideApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def errors_shown(app: GuideApp) -> int:
    """How many errors the author's panel lists (it is made the first time there is something to show)."""
    panels = app.query(ProblemsPanel)
    return panels.first().errors_shown if panels else 0


async def test_invalid_edit_keeps_the_last_good_guide_then_a_fix_reloads(tmp_path: Path) -> None:
    app = make_app(tmp_path, watch=True, watch_interval=0.05)
    node_file = tmp_path / "nodes" / "welcome.yaml"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert not errors_shown(app)  # the guide's warnings only, folded (test_tui_problems.py)

        node_file.write_text(BROKEN_WELCOME, encoding="utf-8")
        await until(pilot, lambda: errors_shown(app))
        panel = app.query_one(ProblemsPanel)
        shown = text_of(panel)
        assert "welcome.yaml:10:3: error: unknown key 'titel'" in shown  # file:line:col message
        assert "did you mean 'title'?" in shown
        assert "last good version" in shown
        assert any("error" in m for m in messages(app))
        await send(pilot, app, "why do cats sleep")  # still answering
        assert last_turn(app).reply.node == "cats"

        fixed = WELCOME.replace("Why cats sleep so much", "Why cats nap all day")
        node_file.write_text(fixed, encoding="utf-8")
        await until(pilot, lambda: not panel.errors_shown)
        assert any("Reloaded the guide" in m for m in messages(app))
        await send(pilot, app, "why do cats sleep")
        assert last_turn(app).reply.title == "Why cats nap all day"


async def test_a_broken_source_is_reported_too(tmp_path: Path) -> None:
    app = make_app(tmp_path, watch=True, watch_interval=0.05)
    source = tmp_path / "pets.md"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        original = source.read_text(encoding="utf-8")
        source.write_text(original.replace("Cats sleep for most", "Cats nap for most"), encoding="utf-8")
        await until(pilot, lambda: errors_shown(app))
        assert "quote" in text_of(app.query_one(ProblemsPanel)).lower()
        source.write_text(original, encoding="utf-8")
        await until(pilot, lambda: not errors_shown(app))


async def test_a_new_node_file_is_picked_up(tmp_path: Path) -> None:
    app = make_app(tmp_path, watch=True, watch_interval=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        extra = WALKS.replace("morning-walks", "birds").replace("evening-walks", "owls")
        extra = "- id: birdsong\n  title: Birdsong\n  examples: [birds, why do birds sing, birdsong at dawn]\n" \
                "  answer:\n    - quote: Birds sing at dawn to mark their territory.\n      source: pets\n"
        (tmp_path / "nodes" / "birds.yaml").write_text(extra, encoding="utf-8")
        await until(pilot, lambda: "birdsong" in app.engine.guide.nodes)
        await send(pilot, app, "why do birds sing")
        assert last_turn(app).reply.node == "birdsong"


async def test_reload_keeps_the_readers_place(tmp_path: Path) -> None:
    app = make_app(tmp_path, watch=True, watch_interval=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        old_engine = app.engine
        manifest = tmp_path / "guide.yaml"
        manifest.write_text(manifest.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
        await until(pilot, lambda: app.engine is not old_engine)
        assert app.session.current == "cats"
        await send(pilot, app, "1")  # the suggestions of the last reply still work
        assert last_turn(app).reply.node == "morning-walks"


async def test_watch_starts_on_a_broken_guide_and_waits_for_a_fix(tmp_path: Path) -> None:
    root = write_tui_guide(tmp_path)
    node_file = root / "nodes" / "welcome.yaml"
    node_file.write_text(BROKEN_WELCOME, encoding="utf-8")
    loaded = load_engine(root)
    assert loaded.engine is None
    app = GuideApp(None, guide_path=root, watch=True, watch_interval=0.05, problems=loaded.errors)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        panel = app.query_one(ProblemsPanel)
        assert panel.display and "No version of this guide loads yet" in text_of(panel)
        await send(pilot, app, "hello")  # nothing to answer with: the app does not crash
        assert not app.log_view.turns()
        node_file.write_text(WELCOME, encoding="utf-8")
        await until(pilot, lambda: app.session is not None and bool(app.log_view.turns()))
        assert not panel.errors_shown
        assert "guide to a small article about pets" in text_of(last_turn(app))


def test_watcher_notices_changes_once(tmp_path: Path) -> None:
    root = write_tui_guide(tmp_path)
    loaded = load_engine(root)
    watcher = GuideWatcher(root)
    watcher.watch(loaded.guide)
    assert not watcher.changed()
    (root / "walking.md").write_text("changed", encoding="utf-8")
    assert watcher.changed()
    assert not watcher.changed()
    (root / "nodes" / "new.yaml").write_text("", encoding="utf-8")
    assert watcher.changed()  # the folder changed


async def test_a_test_file_naming_a_missing_node_is_shown_while_the_guide_answers(tmp_path: Path) -> None:
    """`guide validate` checks the conversation tests too; --watch shows it when a test file changes."""
    test_file = tmp_path / "tests" / "cats.yaml"
    test_file.parent.mkdir()
    passing = "- name: cats\n  turns:\n    - user: why do cats sleep\n      node: cats\n"
    test_file.write_text(passing, encoding="utf-8")
    app = make_app(tmp_path, watch=True, watch_interval=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert not errors_shown(app)
        test_file.write_text(passing.replace("node: cats", "node: kittens"), encoding="utf-8")
        await until(pilot, lambda: errors_shown(app))
        shown = text_of(app.query_one(ProblemsPanel))
        assert "cats.yaml:4:13: error: node 'kittens' does not exist" in shown
        assert "This version is answering" in shown
        await send(pilot, app, "why do cats sleep")
        assert last_turn(app).reply.node == "cats"
        test_file.write_text(passing, encoding="utf-8")
        await until(pilot, lambda: not errors_shown(app))
