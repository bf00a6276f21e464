"""Small modal dialogs: where to save the transcript, and yes/no before overwriting; the base of every dialog.

The screens over the chat carry their own CSS (DEFAULT_CSS): Textual parses it when a screen is
first shown, so the chat's first frame does not pay for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, ScreenResultType
from textual.widgets import Button, Input, Static

from guide.tui.widgets.footer import GuideFooter


class DialogScreen(ModalScreen[ScreenResultType]):
    """A box in the middle of the screen, over the chat."""

    DEFAULT_CSS = """
    DialogScreen {
        align: center middle;
    }
    DialogScreen .dialog {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        padding: 1 2;
        border: round $primary;
        background: $surface;
    }
    DialogScreen .dialog-buttons {
        height: auto;
        margin-top: 1;
    }
    DialogScreen .dialog-buttons > Button {
        margin-right: 2;
    }
    """


class SavePrompt(DialogScreen[str | None]):
    """Ask where to save the transcript; the default is a file in the working directory."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", tooltip="Close without saving")]

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Save the conversation as Markdown to:"))
            yield Input(value=str(self.default), id="save-path", select_on_focus=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Save"), id="save", variant="primary", compact=True)
                yield Button(Content("Cancel"), id="cancel", compact=True)
        yield GuideFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._finish(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self._finish(self.query_one("#save-path", Input).value)
        else:
            self.dismiss(None)

    def _finish(self, value: str) -> None:
        value = value.strip()
        self.dismiss(value or None)  # as typed, a final "/" too: the app says why one cannot be written

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(DialogScreen[bool]):
    """A yes/no question; no is the default."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question))
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(f"{self.yes} (y)"), id="yes", variant="warning", compact=True)
                yield Button(Content(f"{self.no} (n)"), id="no", compact=True)
        yield GuideFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
