"""Citations open the source viewer at the quoted passage; `sources` lists and opens sources."""

from __future__ import annotations

from pathlib import Path

from guide.tui.app import GuideApp
from guide.tui.screens.source import HIGHLIGHT, ParagraphView, SourceScreen
from guide.tui.widgets.links import CitationLink, SourceLink
from tests.tui_guide import last_turn, make_app, send, text_of


def highlighted(screen: SourceScreen) -> list[tuple[int, str]]:
    """(paragraph number, highlighted text) for every highlighted span on the screen."""
    found = []
    for view in screen.query(ParagraphView):
        content = view.query_one(".text").content
        for span in content.spans:
            if span.style == HIGHLIGHT:
                found.append((view.paragraph.number, str(content)[span.start:span.end]))
    return found


async def test_clicking_a_citation_shows_the_passage_highlighted_and_in_view(bundled_guide: Path) -> None:
    app = GuideApp(guide_path=bundled_guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why does touch calm me")
        link = last_turn(app).query(CitationLink).first()
        citation = link.citation
        await pilot.click(link)
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        assert highlighted(screen) == [(citation.paragraph, citation.quote)]
        cited = screen.query_one(".-cited", ParagraphView)
        body = screen.query_one("#source-body")
        assert body.scroll_y > 0
        assert body.region.overlaps(cited.region)
        numbers = [v.query_one(".number").content for v in screen.query(ParagraphView)]
        assert [str(n) for n in numbers[:3]] == ["¶1", "¶2", "¶3"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SourceScreen)


async def test_o_on_the_focused_reply_opens_its_first_citation(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        await pilot.press("tab")
        assert app.focused is last_turn(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert highlighted(app.screen) == [(1, "Cats sleep for most of the day, often in the sun.")]


async def test_enter_on_a_citation_opens_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        second = last_turn(app).query(CitationLink)[1]
        second.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert highlighted(app.screen) == [(2, "1. Reduction of stress: a purring cat lowers its owner's stress")]
        # the article's own brackets are text, not markup
        assert "[citation needed]" in str(app.screen.query(ParagraphView)[1].query_one(".text").content)


async def test_a_quote_from_the_second_source_opens_that_source(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "morning walk")
        link = last_turn(app).query(CitationLink)[1]
        link.activate()
        await pilot.pause()
        assert app.screen.source.title == "Notes on walking"
        assert highlighted(app.screen) == [(1, "Walking in the morning light helps people sleep at night.")]


async def test_sources_command_lists_publisher_and_title_and_opens_each(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "sources")
        turn = last_turn(app)
        assert turn.reply.command == "sources"
        text = text_of(turn)
        assert "A small article about pets" in text and "Tests Inc." in text
        assert "Notes on walking" in text and "Walkers' Club" in text
        buttons = list(turn.query(SourceLink))
        assert [b.source_id for b in buttons] == ["pets", "walking"]
        await pilot.click(buttons[1])
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.source.id == "walking" and not highlighted(app.screen)


async def test_viewer_shows_publisher_and_address_and_opens_the_address(tmp_path: Path, monkeypatch) -> None:
    app = make_app(tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kwargs: opened.append(url))
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, app, "why do cats sleep")
        app.open_citation(last_turn(app).reply.citations[0])
        await pilot.pause()
        heading = str(app.screen.query_one("#source-heading").content)
        assert "A small article about pets\nTests Inc. · https://example.org/pets" in heading
        assert "u" in app.screen.active_bindings
        await pilot.press("u")
        assert opened == ["https://example.org/pets"]
        await pilot.press("escape")
        await send(pilot, app, "morning walk")
        app.open_citation(last_turn(app).reply.citations[1])  # "Notes on walking" names no address
        await pilot.pause()
        assert not app.screen.check_action("open_url", ())
        await pilot.press("u")
        assert opened == ["https://example.org/pets"]


def test_byline_names_the_date_when_the_guide_gives_one() -> None:
    from types import SimpleNamespace

    from guide.tui.widgets.article import byline

    source = SimpleNamespace(publisher="ZeroOpposite", url="", published="2023-05-01")
    assert byline(source) == "ZeroOpposite · published 2023-05-01"  # type: ignore[arg-type]
    assert byline(SimpleNamespace(publisher="ZeroOpposite", url="")) == "ZeroOpposite"  # type: ignore[arg-type]
    source = SimpleNamespace(publisher="ZeroOpposite", url="", published="", author="Ada Byron")
    assert byline(source) == "by Ada Byron · ZeroOpposite"  # type: ignore[arg-type]
