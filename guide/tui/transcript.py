"""The conversation as Markdown, and saving it without ever leaving a half-written file."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from guide.reply import BLOCK_LABELS, Reply
from guide.terminal import has_control, safe_for_terminal
from guide.tui.literal import truncated

DEFAULT_NAME = "guide-transcript.md"
MAX_TURN_CHARS = 20_000  # of a reader's message written to the transcript
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def escape_markdown(text: str, line_start: bool = False) -> str:
    """Backslash-escape what Markdown would interpret, so any text renders as written.

    ``line_start``: the text begins a line, where "1." or "#" would start a list or a heading.
    """
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return text

    def block_start(match: re.Match[str]) -> str:  # "1." would start a list, "#" a heading...
        indent, mark = match.groups()
        return indent + (mark + "\\" if mark[0].isdigit() else "\\" + mark)

    return _LINE_START.sub(block_start, text)


class Transcript:
    """What was said, in order: the reader's messages and the guide's replies."""

    def __init__(self, title: str, turns: list[tuple[str, bool] | Reply] | None = None) -> None:
        self.title = title
        self.turns: list[tuple[str, bool] | Reply] = turns if turns is not None else []  # (sent, chosen?) or a reply

    def add_reader(self, text: str, chosen: bool = False) -> None:
        self.turns.append((text, chosen))

    def add_reply(self, reply: Reply) -> None:
        self.turns.append(reply)

    def readers(self) -> list[str]:
        """What the reader sent, in order."""
        return [turn[0] for turn in self.turns if not isinstance(turn, Reply)]

    def to_markdown(self) -> str:
        lines = [f"# Conversation with the guide “{self.title}”", ""]
        for turn in self.turns:
            if isinstance(turn, Reply):
                lines += ["**Guide:**", "", *reply_markdown(turn), ""]
            else:
                text, chosen = turn
                shown, marker = truncated(text, MAX_TURN_CHARS)
                body = escape_markdown(" ".join(shown.split()))
                who = "**You chose:**" if chosen else "**You:**"
                lines += [f"{who} {body}{' ' + marker if marker else ''}", ""]
        return safe_for_terminal("\n".join(lines).rstrip() + "\n")  # a saved transcript is read with `cat` too


def reply_markdown(reply: Reply) -> list[str]:
    """A reply's blocks as Markdown lines: quotes as block quotes with their citation."""
    lines: list[str] = []
    if reply.notice:
        lines += [f"*({escape_markdown(reply.notice)})*", ""]
    for block in reply.blocks:
        text = " ".join(block.text.split())
        if block.type == "quote":
            lines.append(f"> “{escape_markdown(text)}”")
            if block.citation:
                lines.append(f"> — {escape_markdown(block.citation.label())}")
        elif block.type in BLOCK_LABELS:
            cite = f" ({escape_markdown(block.cite)})" if block.cite else ""
            lines.append(f"**{BLOCK_LABELS[block.type]}:** {escape_markdown(text)}{cite}")
        else:
            lines.append(escape_markdown(text, line_start=True))
        lines.append("")
    if reply.suggestions:
        options = "; ".join(f"{i}. {escape_markdown(s.label)}" for i, s in enumerate(reply.suggestions, 1))
        lines += [f"*Next:* {options}", ""]
    if reply.footer:
        lines += [f"*{escape_markdown(reply.footer)}*", ""]
    return lines[:-1] if lines and not lines[-1] else lines


def working_folder() -> Path:
    """Where a transcript is offered to go: the working folder, or the home folder when that one
    is gone (deleted or moved while the app ran: Path.cwd() raises, and ctrl+s crashed the app)."""
    try:
        return Path.cwd()
    except OSError:
        return Path.home()


class CannotSave(Exception):
    """Why a transcript cannot be saved where the reader said (a message for the reader)."""


def save_target(typed: str | Path) -> tuple[Path, bool]:
    """Where a transcript goes when the reader types ``typed`` (a folder: DEFAULT_NAME in it), and
    whether a file is there already. Raises CannotSave for what cannot be a file to write: a
    ``~name`` of no user here, a NUL, a name too long, a folder that cannot be opened, a device, a
    folder that is not there (``notes/`` ending in a separator was saved as a file named notes)."""
    from guide.reading import kind_of, refusal

    text = str(typed)
    if "\0" in text:  # Path.is_dir() and exists() say False for it; opening raises ValueError
        raise CannotSave("a file name cannot hold a NUL character")
    control = has_control(text) or re.search(r"[\t\n]", text)
    if control:  # a pasted escape sequence or line: such a name would reach a terminal whenever it is listed
        raise CannotSave(f"a file name cannot hold a control character (U+{ord(control.group()[0]):04X}); "
                         "type the name again")
    as_folder = text.endswith((os.sep, "/"))  # Path() drops the separator that says "a folder"
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # Path.expanduser(): "Could not determine home directory"
        raise CannotSave(f"there is no user '{Path(text).parts[0][1:]}' on this computer") from None
    try:
        if path.is_dir():
            path = path / DEFAULT_NAME
        elif as_folder:
            raise CannotSave("it is a file, not a folder; give it without the final /" if path.exists()
                             else "there is no such folder; create it first, or give a file name")
        path = path.absolute()
        if not path.parent.is_dir():
            raise CannotSave(f"there is no folder {path.parent}; create it first")
        exists = path.exists()
        if exists and not path.is_file():
            raise CannotSave(f"it is {kind_of(path.stat().st_mode)}, not a file")
    except OSError as exc:
        raise CannotSave(refusal(exc)) from None
    return path, exists


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and ``os.replace``; over
    a symbolic link, to the file it leads to (the reader's link stays)."""
    from guide.authoring.files import file_mode, replaceable

    path = replaceable(Path(path))
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temp, file_mode(path))  # mkstemp makes 0600; a saved transcript is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
