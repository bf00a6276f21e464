"""The conversation as Markdown, and saving it without ever leaving a half-written file."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from guide.reply import BLOCK_LABELS, Reply
from guide.tui.literal import truncated

DEFAULT_NAME = "guide-transcript.md"
MAX_TURN_CHARS = 20_000  # of a reader's message written to the transcript
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown would interpret, so any text renders as written."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)

    def block_start(match: re.Match[str]) -> str:  # "1." would start a list, "#" a heading...
        indent, mark = match.groups()
        return indent + (mark + "\\" if mark[0].isdigit() else "\\" + mark)

    return _LINE_START.sub(block_start, text)


@dataclass
class Transcript:
    """What was said, in order: the reader's messages and the guide's replies."""

    title: str
    turns: list[str | Reply] = field(default_factory=list)  # what the reader sent, or the guide's reply

    def add_reader(self, text: str) -> None:
        self.turns.append(text)

    def add_reply(self, reply: Reply) -> None:
        self.turns.append(reply)

    def to_markdown(self) -> str:
        lines = [f"# Conversation with the guide “{self.title}”", ""]
        for turn in self.turns:
            if isinstance(turn, Reply):
                lines += ["**Guide:**", "", *reply_markdown(turn), ""]
            else:
                shown, marker = truncated(turn, MAX_TURN_CHARS)
                body = escape_markdown(" ".join(shown.split()))
                lines += [f"**You:** {body}{' ' + marker if marker else ''}", ""]
        return "\n".join(lines).rstrip() + "\n"


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
            lines.append(escape_markdown(text))
        lines.append("")
    if reply.suggestions:
        options = "; ".join(f"{i}. {escape_markdown(s.label)}" for i, s in enumerate(reply.suggestions, 1))
        lines += [f"*Next:* {options}", ""]
    if reply.footer:
        lines += [f"*{escape_markdown(reply.footer)}*", ""]
    return lines[:-1] if lines and not lines[-1] else lines


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and ``os.replace``."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
