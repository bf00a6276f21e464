"""A reader's word for the text itself ("this post", "this blog") reads as "this article" in every
guide; "this guide" and "the post" do not (guide/matching/self_reference.py)."""

from __future__ import annotations

import pytest

from guide.cli import main
from guide.conversation import Engine, Session
from guide.dialog.loader import load_guide
from guide.paths import BUNDLED_GUIDE

ARTICLE = BUNDLED_GUIDE / "sources" / "zeroopposite-attachment-anxiety.md"

OVERVIEW = """\
id: overview
title: The main message
examples:
  - what is this article about
  - summarise the article for me
  - what's the main message
  - who is this article for
  - the article in a few words
answer:
  - quote: >-
      Sexual closeness is an effective way of managing attachment anxiety because it reduces
      stress levels
choices:
  - welcome
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A new guide with an overview whose phrasings say "article" and never "post", "blog" or "page"."""
    root = tmp_path_factory.mktemp("self") / "g"
    assert main(["new", str(root), "--source", str(ARTICLE)]) == 0
    (root / "nodes" / "overview.yaml").write_text(OVERVIEW)
    welcome = root / "nodes" / "welcome.yaml"
    welcome.write_text(welcome.read_text() + "  - overview\n")
    from guide.dialog.checks import validate

    assert not validate(root).errors
    return Engine.build(load_guide(root).guide)


@pytest.mark.parametrize("question", ["what is this post about", "what's this blog post about",
                                      "whats this blog about", "who is this piece for", "is this essay for me"])
def test_the_readers_word_for_the_text_meets_the_guides(engine: Engine, question: str) -> None:
    """Guide P's authors: "post" fell to 0.15 (a word the guide never says: declined) where "article" got 0.38."""
    reply = Session(engine).respond(question)
    assert (reply.kind, reply.node) == ("answer", "overview"), (question, reply.kind, reply.node)


def test_this_guide_is_the_welcome_and_the_post_is_not_the_text(engine: Engine) -> None:
    reply = Session(engine).respond("what is this guide about")
    assert (reply.kind, reply.node) == ("answer", "welcome")
    normalizer = engine.index.normalizer
    assert normalizer.normalize("what is this post about").text == "what is this article about"
    assert normalizer.normalize("the post piling up").text == "the post piling up"
    assert normalizer.normalize("what is this page about").text == "what is this page about"
    assert normalizer.normalize("post it to me").text == "post it to me"


def test_the_reading_is_shown_as_a_synonym(engine: Engine) -> None:
    normalized = engine.index.normalizer.normalize("is this blog post any good")
    assert normalized.text == "is this article any good"
    assert normalized.synonyms == (("this blog post", "this article"),)
