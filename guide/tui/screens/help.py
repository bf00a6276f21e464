"""F1 help: the keys, the words the guide understands as commands, and where to find support."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from guide.source_noun import DEFAULT as DEFAULT_NOUN
from guide.source_noun import worded
from guide.tui.screens.dialogs import DialogScreen
from guide.tui.widgets.footer import GuideFooter
from guide.tui.wording import word_bindings


class HelpRow(Horizontal):
    """A key (or typed words) and what it does."""

    DEFAULT_CSS = """
    HelpRow {
        height: auto;
    }
    HelpRow > .help-key {
        width: 35%;
        max-width: 26;
        text-style: bold;
        color: $text-accent;
    }
    HelpRow > .help-text {
        width: 1fr;
    }
    """

    def __init__(self, key: str, text: str) -> None:
        super().__init__()
        self.key, self.text = key, text

    def compose(self) -> ComposeResult:
        yield Static(Content(self.key), classes="help-key")
        yield Static(Content(self.text), classes="help-text")


class HelpScreen(DialogScreen[None]):
    """Everything a reader can press or type, on one page."""

    DEFAULT_CSS = """
    HelpScreen #help {
        width: 90;
    }
    HelpScreen #help > .help-heading {
        margin-top: 1;
        text-style: bold;
        color: $text-primary;
    }
    HelpScreen #help > .help-where {
        margin-top: 1;
        color: $text-muted;
        text-style: italic;
    }
    HelpScreen #help > .help-support {
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close help", tooltip="Back to the chat"),
    ]

    def __init__(self, keys: Sequence[tuple[str, Sequence[tuple[str, str]]]], commands: Sequence[tuple[str, str]],
                 support: Sequence[str], privacy: str = "", noun: str = DEFAULT_NOUN) -> None:
        super().__init__()
        self.keys, self.commands, self.support, self.privacy = keys, commands, support, privacy
        self.noun = noun  # what the guide calls its source
        word_bindings(self, noun)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog") as body:
            body.border_title = "Help"
            body.border_subtitle = "escape to close"
            yield Static(Content(worded("Ask about the article in your own words; answers quote it word for word, "
                                        "with section and paragraph. Editor's and research notes are not the "
                                        "article's.", self.noun)))
            yield Static(Content("Keys"), classes="help-heading")
            for where, rows in self.keys:
                yield Static(Content(where), classes="help-where")
                for key, text in rows:
                    yield HelpRow(key, text)
            yield Static(Content("Type"), classes="help-heading")
            for words, text in self.commands:
                yield HelpRow(words, text)
            if self.privacy:
                yield Static(Content("What is kept"), classes="help-heading")
                yield Static(Content(self.privacy))
            yield Static(Content("Support"), classes="help-heading")
            for line in self.support:
                yield Static(Content(line), classes="help-support")
        yield GuideFooter()

    def on_mount(self) -> None:
        self.query_one("#help").focus()
