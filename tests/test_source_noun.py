"""`source_noun`: a guide whose source is a post, a chapter or a speech says so in every built-in text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from guide.cli import main
from guide.conversation import HELP_LINES, new_session
from guide.dialog.loader import load_guide
from guide.safety.replies import REPLIES_PATH
from guide.source_noun import worded
from tests.conftest import TINY_MANIFEST, TINY_SOURCE

ARTICLE = re.compile(r"\barticles?\b", re.IGNORECASE)


@pytest.mark.parametrize(("text", "noun", "expected"), [
    ("The article's numbered list", "post", "The post's numbered list"),
    ("pressured into, by anyone, or by an article.", "post", "pressured into, by anyone, or by a post."),
    ("An article says", "essay", "An essay says"),
    ("Article", "blog post", "Blog post"),
    ("two articles", "speech", "two speeches"),
    ("the articles", "story", "the stories"),
    ("an article", "user guide", "a user guide"),
    ("the article's", "article", "the article's"),
    ("particle physics and articled clerks", "post", "particle physics and articled clerks"),
])
def test_built_in_words_name_the_source_by_its_noun(text: str, noun: str, expected: str) -> None:
    assert worded(text, noun) == expected


def test_every_built_in_text_is_worded_without_article() -> None:
    """Every text of replies.yaml, and the help lines, once worded for a post."""
    def texts(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [t for v in value.values() for t in texts(v)]
        if isinstance(value, list):
            return [t for v in value for t in texts(v)]
        return []

    every = texts(yaml.safe_load(REPLIES_PATH.read_text(encoding="utf-8"))) + list(HELP_LINES)
    assert any(ARTICLE.search(t) for t in every)  # (the check below has something to check)
    assert [t for t in every if ARTICLE.search(worded(t, "post"))] == []


def post_guide(make_guide, noun: str = "post") -> Path:
    """The tiny guide, its source titled without the word "article" (an authored title keeps it)."""
    return make_guide({"guide.yaml": TINY_MANIFEST + f"source_noun: {noun}\n",
                       "doc.md": TINY_SOURCE.replace("A tiny article", f"A tiny {noun}")})


def test_a_post_guide_says_post_in_its_own_words_and_leaves_the_authors_alone(make_guide) -> None:
    guide = load_guide(post_guide(make_guide, "blog post")).guide
    assert guide.source_noun == "blog post"
    assert guide.fallback == "The blog post doesn't cover that, as far as I can tell."
    said = []
    for messages in (["", "help", "what about quantum physics", "tell me more about dogs"],
                     ["i want to kill myself", "ok", "yes i'm safe"],
                     ["my partner hits me", "no"]):
        session = new_session(guide)
        said += [b.text for m in messages for b in session.respond(m).blocks]
    assert any("blog post" in t for t in said)
    assert [t for t in said if ARTICLE.search(t)] == []
    default = new_session(load_guide(make_guide()).guide).respond("help")
    assert any("the article" in b.text for b in default.blocks)  # the default is unchanged


def test_authored_text_is_never_reworded(make_guide) -> None:
    root = make_guide({"guide.yaml": TINY_MANIFEST + "source_noun: post\nfallback: The article is silent on that.\n",
                       "nodes/hello.yaml": "id: hello\ntitle: Hello\nexamples: [hi, hello, hey there]\n"
                                           "answer:\n  - say: This article is short.\nchoices: [dogs]\n"})
    session = new_session(load_guide(root).guide)
    assert session.welcome().blocks[0].text == "This article is short."
    assert session.respond("what about quantum physics").blocks[0].text == "The article is silent on that."


@pytest.mark.parametrize(("value", "message"), [
    ("Post", "'Post' is written in lowercase: 'post'"),
    ("post 2", "'post 2' is not a short noun"),
    ("a" * 31, "is 31 characters long"),
    ("posts, chapters and more", "is not a short noun"),
])
def test_a_source_noun_that_is_not_a_short_noun_is_an_error_at_its_place(make_guide, capsys, value, message) -> None:
    root = make_guide({"guide.yaml": TINY_MANIFEST + f"source_noun: {value}\n"})
    assert main(["validate", str(root)]) != 0
    err = capsys.readouterr().out
    line = TINY_MANIFEST.count("\n") + 1
    assert re.search(rf"guide\.yaml:{line}:14: error: `source_noun` .*{re.escape(message)}", err), err


def test_a_list_as_source_noun_is_a_type_error(make_guide, capsys) -> None:
    root = make_guide({"guide.yaml": TINY_MANIFEST + "source_noun: [post]\n"})
    assert main(["validate", str(root)]) != 0
    assert "'source_noun' should be text" in capsys.readouterr().out


def test_guide_ask_says_the_noun(make_guide, capsys) -> None:
    root = post_guide(make_guide, "speech")
    assert main(["ask", "--guide", str(root), "what about quantum physics"]) == 0
    out = capsys.readouterr().out
    assert "The speech doesn't cover that" in out and not ARTICLE.search(out)


async def test_the_tui_names_the_source_by_its_noun(make_guide) -> None:
    from guide.tui.app import GuideApp
    from guide.tui.screens.help import HelpScreen
    from guide.tui.widgets.links import CitationLink
    from guide.tui.widgets.turns import GuideTurn
    from tests.tui_guide import send, settle, text_of

    app = GuideApp(guide_path=post_guide(make_guide, "leaflet"), local_files=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        bindings = [b for items in app._bindings.key_to_bindings.values() for b in items]
        labels = " ".join(f"{b.description} {b.tooltip}" for b in bindings)
        assert "Leaflet" in labels and not ARTICLE.search(labels)
        await send(pilot, app, "dogs")
        turn = app.query(GuideTurn).last()
        turn_labels = " ".join(b.tooltip for items in turn._bindings.key_to_bindings.values() for b in items)
        assert "leaflet" in turn_labels and not ARTICLE.search(turn_labels)
        link = app.query(CitationLink).last()
        assert "in the leaflet" in str(link.tooltip) and not ARTICLE.search(str(link.tooltip))
        assert app.article_panel is not None and app.article_panel.border_title == "Leaflet"
        app.action_help()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = text_of(app.screen)
        assert "leaflet" in shown and not ARTICLE.search(shown)
