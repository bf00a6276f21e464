"""Text on its way to a terminal or a JSON reader: control characters made harmless.

Guide files, sources, logs of what readers typed and command-line arguments can all hold
control characters; printed raw, ESC sequences retitle the window, clear the screen or
write the clipboard. Every printer passes text through :func:`safe_for_terminal`, and
every JSON writer uses :func:`json_text`, which also escapes what JSON readers trip on.
"""

from __future__ import annotations

import re
from functools import cache

# C0 controls except tab and newline, DEL, and the C1 controls (U+0080-U+009F: U+009B is CSI)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@cache
def _color() -> re.Pattern[str]:
    """The colors this program paints with (SGR: they cannot move the cursor, retitle or write
    anything). Compiled when first needed, like the next one: `guide ask` starts without them."""
    return re.compile("\x1b\\[[0-9;]{0,12}m")


@cache
def _json_unsafe() -> re.Pattern[str]:
    """C1 controls, DEL and the line and paragraph separators, which JSON allows raw but
    JavaScript and line-based readers do not (lone surrogates are `readable_bytes`' own)."""
    return re.compile("[\x7f-\x9f\u2028\u2029]")


@cache
def _surrogate() -> re.Pattern[str]:
    """A byte that was not UTF-8 in a file name or argument: Python reads it as U+DC80-U+DCFF
    (surrogateescape); other lone surrogates cannot come from the system but are escaped too."""
    return re.compile("[\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\x{ord(match[0]):02x}"


def _undecodable(match: re.Match[str]) -> str:
    """A lone surrogate written readably: the byte it stands for as ``\\xNN`` (a Latin-1 é in a
    file name is ``\\xe9``, as Python's backslashreplace writes it), any other as ``\\uXXXX``."""
    code = ord(match[0])
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def readable_bytes(text: str) -> str:
    """``text`` with each byte that was not UTF-8 (a file name in Latin-1) written as ``\\xNN``:
    the same in text and JSON output, where a raw surrogate would print as '?' or ``\\udce9``."""
    return _surrogate().sub(_undecodable, text)


def safe_for_terminal(text: str, *, keep_colors: bool = False) -> str:
    """``text`` with every control character but tab and newline shown as ``\\xNN``.

    ``keep_colors`` keeps SGR color sequences (``ESC [ … m``), like ``less -R``: for output
    this program painted itself. Bytes that were not UTF-8 are shown as ``\\xNN`` (readable_bytes)."""
    text = readable_bytes(text)
    if not _CONTROL.search(text):
        return text
    if not keep_colors:
        return _CONTROL.sub(_escaped, text)
    parts = []
    last = 0
    for color in _color().finditer(text):
        parts.append(_CONTROL.sub(_escaped, text[last:color.start()]))
        parts.append(color[0])
        last = color.end()
    parts.append(_CONTROL.sub(_escaped, text[last:]))
    return "".join(parts)


def json_text(value: object, *, indent: int | None = None) -> str:
    """``value`` as JSON, readable UTF-8, with C1 controls, DEL, U+2028 and U+2029 written as
    ``\\uXXXX`` escapes (json.dumps leaves them raw), and lone surrogates as text output
    shows (readable_bytes: ``caf\\xe9.yaml``; a ``\\udce9`` escape is invalid for strict readers)."""
    import json  # imported where used: `guide ask` without --json starts without it

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    text = _surrogate().sub(lambda m: "\\" + _undecodable(m), text)  # only inside strings: "\\" escapes it for JSON
    return _json_unsafe().sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def has_control(text: str) -> re.Match[str] | None:
    """The first control character in ``text`` (tab and newline are not), if any."""
    return _CONTROL.search(text)


def control_count(text: str) -> int:
    return len(_CONTROL.findall(text))
