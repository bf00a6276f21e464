"""What a person typed, made safe to show: never markup, control characters visible, length bounded.

Everything here returns :class:`Content` built from plain text, so ``[b]``, ``[/]``,
``[$accent]`` and Markdown syntax are shown exactly as typed and never interpreted.
"""

from __future__ import annotations

import re

from textual.content import Content

DISPLAY_LIMIT = 2_000  # characters of a reader's message shown in the conversation
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␀ for NUL, ...
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with line endings unified, tabs as spaces and control characters as visible symbols."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub(_picture, text)


def truncated(text: str, limit: int = DISPLAY_LIMIT) -> tuple[str, str]:
    """The part of ``text`` to show and a marker such as ``… (1,048,576 characters)`` (or "")."""
    if len(text) <= limit:
        return text, ""
    return text[:limit], f"… ({len(text):,} characters)"


def literal(text: str, limit: int | None = None) -> Content:
    """``text`` as Content that shows every character as typed, cut to ``limit`` with a marker."""
    shown, marker = truncated(text, limit) if limit else (text, "")
    content = Content(visible(shown))
    if marker:
        content = content.append(Content.styled(f" {marker}", "italic"))
    return content
