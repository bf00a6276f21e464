"""The list of kept conversations: reopen one, or delete them all."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from guide.tui.kept import KeptConversation
from guide.tui.literal import visible
from guide.tui.screens.dialogs import DialogScreen
from guide.tui.widgets.footer import GuideFooter

DELETE_ALL = "delete-all"
PREVIEW = 70  # characters of the first message shown in the list


def when(moment: datetime, now: datetime | None = None) -> str:
    """'today 14:02', 'yesterday 09:15' or '3 Jun 2025 14:02'."""
    now = now or datetime.now()
    days = (now.date() - moment.date()).days
    clock = f"{moment:%H:%M}"
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"yesterday {clock}"
    return f"{moment.day} {moment:%b %Y} {clock}"


def describe(kept: KeptConversation, now: datetime | None = None) -> Content:
    first = " ".join(visible(kept.first_message).split()) or "(nothing typed yet)"
    if len(first) > PREVIEW:
        first = first[: PREVIEW - 1].rstrip() + "…"
    count = f"{kept.messages} message{'s' * (kept.messages != 1)}"
    return Content.assemble((f"{when(kept.started, now)}  ", "bold"), f"{count}  ", (kept.guide, "italic"),
                            "\n", f"“{first}”")


class KeptScreen(DialogScreen[Path | str | None]):
    """Pick a kept conversation to reopen (enter), or delete them all."""

    DEFAULT_CSS = """
    KeptScreen #kept {
        width: 90;
        padding: 0 1;
    }
    KeptScreen #kept > .kept-where, KeptScreen #kept > .kept-empty {
        color: $text-muted;
        margin: 0 0 1 0;
    }
    KeptScreen #kept-list {
        height: auto;
        max-height: 20;
        border: none;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Close", tooltip="Back to the chat"),
        Binding("ctrl+d", "delete_all", "Delete all", tooltip="Delete every kept conversation (asks first)"),
    ]

    def __init__(self, kept: Sequence[KeptConversation], folder: Path) -> None:
        super().__init__()
        self.kept = list(kept)
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="kept", classes="dialog") as box:
            box.border_title = "Kept conversations"
            box.border_subtitle = "enter to reopen · escape to close"
            yield Static(Content(f"Saved in {self.folder}, readable only by your user account."),
                         classes="kept-where")
            if self.kept:
                yield OptionList(*(Option(describe(k), id=str(i)) for i, k in enumerate(self.kept)),
                                 id="kept-list")
            else:
                yield Static(Content("No conversations are kept yet."), classes="kept-empty")
        yield GuideFooter()

    def on_mount(self) -> None:
        if self.kept:
            self.query_one("#kept-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#kept-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.kept[int(event.option.id or 0)].path)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.kept) if action == "delete_all" else True

    def action_delete_all(self) -> None:
        self.dismiss(DELETE_ALL)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
