"""Safe YAML reading that keeps the line and column of every value.

PyYAML is used only to compose the node graph (no object construction, so no
``!!python`` tags run). This module then turns the graph into plain values that
carry their positions, and reports, as problems rather than exceptions: syntax
errors (with a hint for the usual causes), tabs, duplicate keys, unknown tags,
recursive or explosive aliases, non-UTF-8 bytes, empty and oversized files.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from guide.encodings import decode_utf8, not_utf8_hint
from guide.problems import Pos, Problem
from guide.terminal import has_control

MAX_FILE_BYTES = 1_000_000
MAX_VALUES = 200_000  # values after alias expansion: a "billion laughs" file stops here
MAX_DEPTH = 32  # lists and mappings inside each other: guide files need about 6

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Embedding, override and isolate controls: invisible, they reorder the text around them (Trojan Source)."""
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "binary", "timestamp")}
_NON_SPECIFIC = {"!", "?"}


@dataclass(frozen=True)
class YScalar:
    """A scalar as written. ``text`` is the raw value; ``tag`` how YAML resolved it."""

    text: str
    tag: str
    quoted: bool
    pos: Pos

    @property
    def kind(self) -> str:
        """``str``, ``int``, ``float``, ``bool`` or ``null``."""
        if self.quoted:
            return "str"
        return self.tag.removeprefix(_TAG)


@dataclass(frozen=True)
class YList:
    items: tuple[YValue, ...]
    pos: Pos


@dataclass(frozen=True)
class YMap:
    """A mapping with string keys; ``keys`` keeps each key's own position."""

    values: dict[str, YValue]
    keys: dict[str, Pos]
    pos: Pos


YValue = YScalar | YList | YMap


class _TooBig(Exception):
    pass


# A number as people write it: 2, -1, 0.7, .45, 1_000, 1.5e-3. YAML 1.1 also reads 0x2A, 0o17,
# 010 (octal), 1:30 (base 60), .inf and .nan as numbers: guides are not the place for them.
_DECIMAL = re.compile(r"[-+]?(?:(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?")


def decimal(value: YScalar) -> float | None:
    """The value of a number written in plain decimal, or None (not a number, another
    notation, or not finite)."""
    if value.kind not in ("int", "float") or not _DECIMAL.fullmatch(value.text):
        return None
    number = float(value.text.replace("_", ""))
    return number if math.isfinite(number) else None


EMPTY_NODE_FILE = "write a node (a mapping with `id:` and `title:`) or delete the file"
"""What to do about an empty file, by the kind of file: a node file's (the default of `read_yaml`)."""
EMPTY_MANIFEST = ("write the guide's `title:`, its `start:` node and its `sources:` "
                  "(docs/authoring.md, \"The manifest\")")
EMPTY_TEST_FILE = "write a list of tests (`- name: ...` with its `turns:`) or delete the file"
EMPTY_QUESTION_FILE = "write a list of questions (`- {q: what a reader asks, node: the node that answers}`)"


def read_yaml(path: Path, shown: str | None = None,
              on_read: Callable[[Path, bytes], None] | None = None,
              empty: str = EMPTY_NODE_FILE) -> tuple[YValue | None, list[Problem]]:
    """Read a YAML file from disk (``on_read`` sees the bytes read; ``empty`` is the hint for a file
    with nothing in it); see :func:`parse_yaml`."""
    from guide.reading import NotRegularFile, TooLarge, kind_of, read_limited, refusal

    shown = shown or str(path)
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except TooLarge as exc:
        return None, [Problem(shown, 1, 1, "error", f"file is too large ({exc.size:,} bytes)",
                              f"guide files are limited to {MAX_FILE_BYTES:,} bytes; split it into several files",
                              "file-too-large")]
    except NotRegularFile:
        kind = kind_of(path.stat().st_mode) if path.exists() else "not a regular file"
        return None, [Problem(shown, 1, 1, "error", f"cannot read file: it is {kind}, not a regular file",
                              "guide files are text files", "unreadable")]
    except OSError as exc:
        return None, [Problem(shown, 1, 1, "error", f"cannot read file: {refusal(exc)}", "", "unreadable")]
    if on_read is not None:
        on_read(path, raw)
    return parse_yaml(raw, shown, empty)


def parse_yaml(raw: bytes | str, shown: str, empty: str = EMPTY_NODE_FILE) -> tuple[YValue | None, list[Problem]]:
    """Parse one YAML document into positioned values, collecting every problem (``empty``: the hint
    for a file with nothing in it but comments and blank lines)."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_FILE_BYTES:
            return None, [Problem(shown, 1, 1, "error", f"file is too large ({len(raw):,} bytes)",
                                  f"guide files are limited to {MAX_FILE_BYTES:,} bytes; split it into several files",
                                  "file-too-large")]
        try:
            text = raw.decode("utf-8-sig") if b"\0" not in raw[:200] else decode_utf8(raw)
        except UnicodeDecodeError as exc:

            prefix = raw[: exc.start].decode("utf-8", "replace")
            line, col = _line_col(prefix, len(prefix))
            return None, [Problem(shown, line, col, "error",
                                  f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                                  not_utf8_hint(raw, exc.start, Path(shown).name),
                                  "not-utf8")]
    else:
        text = raw
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(shown, 1, 1, "error", "file is empty", empty, "empty-file")]
    problems: list[Problem] = []
    if "\u0085" in text or "\u2028" in text or "\u2029" in text:
        text = _without_unicode_breaks(text, shown, problems)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, shown)]
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        return None, [_reader_problem(exc, text, shown)]
    except RecursionError:  # the pure-Python composer (no libyaml) on a very deep file
        return None, [_too_deep(shown, Pos(shown, 1, 1))]
    if node is None:
        return None, [Problem(shown, 1, 1, "error", "file is empty", empty, "empty-file")]
    converter = _Converter(shown, problems)
    try:
        if expanded_size(node, MAX_VALUES) > MAX_VALUES:
            raise _TooBig
        value = converter.convert(node)
    except _TooBig:
        return None, [Problem(shown, 1, 1, "error",
                              f"file expands to more than {MAX_VALUES:,} values through anchors and aliases",
                              "anchors (&name) and aliases (*name) must not multiply the file; write values out",
                              "alias-bomb")]
    return value, problems


_UNICODE_BREAKS = {"\u0085": "a next-line character (U+0085)", "\u2028": "a Unicode line separator (U+2028)",
                   "\u2029": "a Unicode paragraph separator (U+2029)"}


def _without_unicode_breaks(text: str, shown: str, problems: list[Problem]) -> str:
    """``text`` with U+0085, U+2028 and U+2029 as spaces, and an error at the first. YAML breaks lines
    at them and editors do not show them (they come with text pasted from word processors and web
    pages): the file failed with "a line inside a mapping is not `key: value`" at a line the editor
    does not have, or a quote was cut in two."""
    at = min(text.find(char) for char in _UNICODE_BREAKS if char in text)
    count = sum(text.count(char) for char in _UNICODE_BREAKS)
    line, col = _line_col(text, at)
    more = f" ({count} in the file)" if count > 1 else ""
    problems.append(Problem(shown, line, col, "error", f"text holds {_UNICODE_BREAKS[text[at]]}, which YAML reads as "
                            f"a line break{more}", "replace it with a space: most editors do not show it",
                            "unicode-line-break"))
    return text.translate({ord(char): " " for char in _UNICODE_BREAKS})


def _too_deep(shown: str, pos: Pos) -> Problem:
    return Problem(shown, pos.line, pos.col, "error",
                   f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
                   "guide files need a few levels (a node, its answer, a block); check the brackets and indentation",
                   "too-deep")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_SYNTAX_HINTS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"mapping values are not allowed"),
     "a value contains ': ' (colon and space)",
     "put the whole value in quotes, e.g. title: \"Point 6: risk-taking\""),
    (re.compile(r"could not find expected ':'"),
     "a line inside a mapping is not `key: value`",
     "check the indentation and that every key ends with a colon"),
    (re.compile(r"did not find expected key"),
     "a line is indented differently from the keys around it",
     "align keys of the same mapping in one column; list items start with '- '"),
    (re.compile(r"did not find expected '-' indicator"),
     "a list item does not start with '- ' at the list's indentation",
     "start every item of the list with '- ' in the same column"),
    (re.compile(r"expected <block end>"),
     "unexpected indentation",
     "align keys of the same mapping in one column; list items start with '- '"),
    (re.compile(r"found undefined alias"),
     "an alias (*name) refers to an anchor (&name) that is not defined above it",
     "define the anchor first, or write the value out"),
    (re.compile(r"while scanning a quoted scalar"),
     "a quoted value is never closed",
     "close the quote; inside double quotes write \\\" for a quote character"),
    (re.compile(r"while parsing a flow (sequence|mapping)"),
     "a '[' or '{' is never closed",
     "close it on the same value, e.g. `examples: [hi, hello]`, or write one item per line with '- '"),
    (re.compile(r"found unexpected end of stream|found unexpected end of the stream"),
     "the file ends inside a quoted value or bracket",
     "close the quote or bracket that starts at the position shown"),
    (re.compile(r"expected a single document"),
     "the file holds more than one YAML document ('---')",
     "keep one document per file, or split the file"),
    (re.compile(r"found unknown escape character"),
     "unknown escape sequence inside a double-quoted value",
     "use single quotes, or write a backslash as \\\\"),
    (re.compile(r"found duplicate anchor"),
     "the same anchor name is defined twice",
     "give each anchor (&name) its own name"),
    (re.compile(r"found character '\\t' that cannot start any token|found a tab character"),
     "tab character in indentation",
     "YAML indents with spaces only: replace the tab with spaces (two per level is usual)"),
]


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, shown: str) -> Problem:
    raw = " ".join(filter(None, [exc.context, exc.problem]))
    if "\ufeff" in text:  # a file made by joining two (cat a.yaml b.yaml): the second's byte order mark
        line, col = _line_col(text, text.index("\ufeff"))
        return Problem(shown, line, col, "error", "YAML syntax: a byte order mark (U+FEFF, invisible) inside the file",
                       "delete it: it is left at the start of a file joined onto another; editors show it as "
                       "nothing, or as <feff>", "yaml-syntax")
    if exc.problem_mark:
        runaway = _runaway_quote(text, exc.problem_mark.line + 1, shown)
        if runaway is not None:
            return runaway
    glued = None
    if exc.context_mark and "simple key" in (exc.context or "") and "expected ':'" in (exc.problem or ""):
        glued = _key_without_space(text, exc.context_mark.line + 1, shown)
    elif exc.problem_mark and "mapping values are not allowed" in (exc.problem or ""):
        glued = _key_without_space(text, exc.problem_mark.line, shown)  # the line above, where the text began
    if glued is not None:
        return glued
    if exc.problem_mark and _AFTER_VALUE.search(raw) and not _tab_before(text, exc.problem_mark.line + 1):
        then_text = _quoted_then_text(text, exc.problem_mark.line + 1, exc.problem_mark.column + 1, shown) \
            or _bracketed_then_text(text, exc.problem_mark.line + 1, exc.problem_mark.column + 1, shown)
        if then_text is not None:
            return then_text
    mark = exc.problem_mark or exc.context_mark
    if exc.context and exc.context_mark and ("quoted scalar" in exc.context or "flow" in exc.context):
        mark = exc.context_mark  # point at the opening quote or bracket, not where the file ends
    if exc.context and "flow" in exc.context and exc.context_mark:
        comment = _comment_in_brackets(text, exc.context_mark.line + 1, exc.context_mark.column + 1, shown)
        if comment is not None:
            return comment
    if exc.problem_mark and "plain scalar" in (exc.context or "") and "unexpected ':'" in (exc.problem or ""):
        colon = _colon_in_brackets(text, exc.problem_mark.line + 1, exc.problem_mark.column + 1, shown)
        if colon is not None:
            return colon
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    tab_line = _tab_before(text, line)
    if tab_line:
        line, col = tab_line
        return Problem(shown, line, col, "error", "tab character in indentation",
                       "YAML indents with spaces only: replace the tab with spaces (two per level is usual)",
                       "tab")
    curly = _curly_quoted(text, line) if "mapping values are not allowed" in raw else None
    if curly is not None:
        return Problem(shown, line, col, "error", "YAML syntax: a value contains ': ' (colon and space)", curly,
                       "yaml-syntax")
    for pattern, message, hint in _SYNTAX_HINTS:
        if pattern.search(raw):
            return Problem(shown, line, col, "error", f"YAML syntax: {message}", hint, "yaml-syntax")
    return Problem(shown, line, col, "error", f"YAML syntax: {raw}", "check the line shown and the one above it",
                   "yaml-syntax")


_CURLY_VALUE = re.compile(r"^(\s*(?:- )?(?:[^\s:#][^:#]*:\s+)?)([“‘„«])(.*?)([”’“»]?)\s*$")


def _curly_quoted(text: str, line: int) -> str | None:
    """The hint for a value in typographic quotes (`title: “Tip 2: rest”`, as a word processor or
    a Mac types them) that holds ': ': YAML reads “ ” as letters, not quotes, so the value is not
    quoted at all, and it said to "put the whole value in quotes". None for any other line."""
    lines = text.splitlines()
    match = _CURLY_VALUE.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if match is None:
        return None
    lead, opening, inner, closing = match.groups()
    inner = inner.replace("\\", "\\\\").replace('"', '\\"')
    return (f"{opening} and {closing or '”'} are typographic quotes, which YAML reads as letters: put the value in "
            f'straight quotes, e.g. {lead.strip()} "{inner}"'.replace("  ", " ").strip())


_GLUED_KEY = re.compile(r"^(\s*(?:- )?)([A-Za-z_][\w-]*)(?:(:)(?=[^\s:/])|\s*(=|：)\s*)(.*?)\s*$")


def _key_without_space(text: str, line: int, shown: str) -> Problem | None:
    """The error when a key on ``line`` is joined to its value without ': ' (`title:Black tea`,
    `title = Black tea`, a full-width `title：`): YAML reads the line as text that goes on to the
    next line, and fails there (on the line below, or at its ': ', told to "put the whole value in
    quotes"). None when the line is not one."""
    lines = text.splitlines()
    match = _GLUED_KEY.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if match is None or not match.group(5):
        return None
    lead, key, colon, other, value = match.groups()
    col = len(lead) + len(key) + 1
    if colon:
        what = "has no space after its colon"
    elif other == "=":
        what = "is followed by '=', not ':'"
    else:
        what = "is followed by a full-width colon '：', which YAML reads as a letter"
    return Problem(shown, line, col, "error", f"YAML syntax: the key '{key}' {what}: YAML reads the line as text, "
                   "not as a key and its value", f"write `{key}: {value}` (a colon, then a space)", "yaml-syntax")


_STRUCTURE_LINE = re.compile(r"^\s*(?:- |-$|[A-Za-z_][\w-]*:(?:\s|$))")
"""A line that reads as YAML structure (a key, a list item), not as the words of a value."""


def _runaway_quote(text: str, error_line: int, shown: str) -> Problem | None:
    """The error when a quote is left open (`title: "Black tea`) and a later quote on another line
    closes it: YAML reads every line between as the value's words, and fails further on, where the
    lines no longer fit (it said "a line is indented differently" at the later quote). Found as a
    quoted value, ending before the error, whose lines between read as keys or list items. None
    when there is none (a value quoted over several lines on purpose holds words, not keys)."""
    lines = text.splitlines()
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line + 1 >= error_line:
                break
            if not (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')):
                continue
            start, end = token.start_mark, token.end_mark
            inside = lines[start.line + 1:end.line]
            if end.line > start.line and any(_STRUCTURE_LINE.match(line) for line in inside):
                quote = token.style
                return Problem(shown, start.line + 1, start.column + 1, "error",
                               f"YAML syntax: a quoted value is not closed on its line: YAML reads on to the next "
                               f"{quote} (line {end.line + 1}), and takes the lines between as part of the value",
                               f"close the quote on line {start.line + 1}"
                               + (" (inside double quotes, write \\\" for a quote character)" if quote == '"'
                                  else " (inside single quotes, write '' for a single quote)"),
                               "yaml-syntax")
    except yaml.YAMLError:
        return None
    return None


_AFTER_VALUE = re.compile(r"did not find expected (key|'-' indicator|',' or '\]'|',' or '\}')|expected <block end>"
                          r"|expected ',' or '[\]}]'")
"""The errors YAML gives when a value is followed by something it cannot place."""
def _quoted_then_text(text: str, line: int, col: int, shown: str) -> Problem | None:
    """The error when a quoted value is followed by more text on its line (`name: "hi", there`):
    YAML ends the value at its closing quote and cannot place what follows, and says only that
    a key, a '-', a ',' or the end of the block was expected there. None when that is not what
    happened."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    content = lines[line - 1]
    before = content[: col - 1].rstrip()
    if not before or before[-1] not in "\"'" or col - 1 >= len(content.rstrip()):
        return None
    quote, closing = before[-1], len(before) - 1
    opening = next((j for j in range(closing) if content[j] == quote and _starts_value(content[:j])
                    and _closing_quote(content, j, quote) == closing), -1)
    if opening < 0:
        return None
    lead = content[:opening].rstrip()
    in_flow = lead.endswith(("[", ",", "{"))
    value = content[opening:].rstrip()
    if in_flow:
        value = re.split(r"\s*[,\]}]\s*(?=[^\"']*$)", value)[0] if "#" not in value else ""
    doubled = False
    if value and "#" not in value:
        doubled = "'" in value and '"' not in value and "\\" not in value
        quoted = f'"{value}"' if doubled else "'" + value.replace("'", "''") + "'"
        example = quoted if in_flow else f"{lead.strip()} {quoted}"
        fix = f"put the whole {'item' if in_flow else 'value'} in quotes, e.g. {example}"
    else:
        fix = "put the whole value in quotes"
    rest = content[col - 1:].strip()
    rest = rest if len(rest) <= 30 else rest[:29] + "…"
    return Problem(shown, line, col, "error",
                   f"YAML syntax: a quoted value is followed by more text on the same line (“{rest}”): YAML ends "
                   "the value at its closing quote and cannot read what follows",
                   fix + (" (inside single quotes, write '' for a single quote)" if "'" in value and not doubled
                          else ""),
                   "yaml-syntax")


_BRACKETED_VALUE = re.compile(r"^(\s*(?:- )?(?:[^\s:#\[{\"'][^:#]*:\s+)?)([\[{])")


def _bracketed_then_text(text: str, line: int, col: int, shown: str) -> Problem | None:
    """The error when a value starting with '[' or '{' has more text after its closing bracket (a
    Markdown link, `title: [Guide](https://…)`, or `[Draft] Why touch calms`): YAML reads the
    bracket as a list or a mapping and says only that the block should end there."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    content = lines[line - 1]
    before = content[: col - 1].rstrip()
    start = _BRACKETED_VALUE.match(content)
    if not before or start is None or before[-1] != {"[": "]", "{": "}"}[start.group(2)] \
            or content[col - 1:].lstrip().startswith(","):  # `[a, b], c`: an item left out of a list
        return None
    lead, value = start.group(1).strip(), content[start.end(1):].rstrip()
    kind = "a list" if start.group(2) == "[" else "a mapping"
    rest = content[col - 1:].strip()
    rest = rest if len(rest) <= 30 else rest[:29] + "…"
    if "#" in value:
        fix = "put the whole value in quotes"
    else:
        fix = f"put the whole value in quotes, e.g. {lead + ' ' if lead else ''}'{value.replace(chr(39), chr(39) * 2)}'"
    return Problem(shown, line, col, "error",
                   f"YAML syntax: a value that starts with '{start.group(2)}' is read as {kind}, and more text "
                   f"follows its closing bracket (“{rest}”)", fix, "yaml-syntax")


def _comment_in_brackets(text: str, line: int, col: int, shown: str) -> Problem | None:
    """The error when ' #' inside a [ ] or { } opened at line:col starts a comment (`[how far, route #2]`):
    YAML drops the rest of the line, closing bracket included, and says only that the bracket is never
    closed. None when no ' #' outside quotes follows the bracket on its line."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    content = lines[line - 1]
    quote = ""
    for i in range(col, len(content)):
        char = content[i]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'" and content[i - 1] in "[{, ":
            quote = char
        elif char == "#" and content[i - 1] in " \t":
            start = max(content.rfind(",", 0, i), content.rfind("[", 0, i), content.rfind("{", 0, i),
                        content.rfind(": ", 0, i) + 1) + 1  # after a ',', a bracket or a key's colon
            ends = [j for j in (content.find(",", i), content.find("]", i), content.find("}", i)) if j >= 0]
            item = content[start:min(ends) if ends else len(content)].strip()
            return Problem(shown, line, i + 1, "error",
                           "YAML syntax: ' #' (space and hash) starts a comment, even inside [ ] or { }: the rest "
                           "of the line is dropped, and the bracket is never closed",
                           f"quote the phrasing: {quoted(item)}" if item else "quote the phrasing that holds ' #'",
                           "yaml-syntax")
    return None


def _colon_in_brackets(text: str, line: int, col: int, shown: str) -> Problem | None:
    """The error when an unquoted phrasing inside [ ] or { } ends with ':' (`[a, ratio:]`): guide's YAML
    reads it as a key with no value and refuses it. None when line:col is not such a ':'."""
    lines = text.splitlines()
    if not 0 < line <= len(lines) or col > len(lines[line - 1]) or lines[line - 1][col - 1] != ":":
        return None
    content = lines[line - 1]
    start = max(content.rfind(",", 0, col - 1), content.rfind("[", 0, col - 1), content.rfind("{", 0, col - 1)) + 1
    item = content[start:col].strip()
    return Problem(shown, line, col, "error",
                   "YAML syntax: a phrasing inside [ ] or { } ends with ':', which YAML reads as a key without a value",
                   f"quote the phrasing: {quoted(item)}", "yaml-syntax")


def quoted(value: str) -> str:
    """``value`` as a quoted YAML scalar, for a hint: double quotes (JSON's, which YAML reads) unless it holds
    one and no single quote."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


def _starts_value(prefix: str) -> bool:
    """Can a value start after ``prefix`` (the start of the line, `key: `, `- `, `[`, `,`, `{`)?"""
    stripped = prefix.rstrip()
    if not stripped:
        return True
    if stripped[-1] in "[,{":
        return True
    return stripped[-1] in ":-" and prefix != stripped  # "key: " and "- " need their space


def _closing_quote(content: str, opening: int, quote: str) -> int:
    """The index of the quote that closes the quoted scalar opening at ``opening`` (-1: none)."""
    i = opening + 1
    while i < len(content):
        char = content[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and content[i + 1: i + 2] == "'":  # '' is a quote inside single quotes
                i += 2
                continue
            return i
        i += 1
    return -1


def _tab_before(text: str, line: int) -> tuple[int, int] | None:
    """The first tab used as indentation at or before ``line``, if any."""
    for number, content in enumerate(text.splitlines()[:line], start=1):
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent and content.strip():
            return number, indent.index("\t") + 1
    return None


def _reader_problem(exc: yaml.YAMLError, text: str, shown: str) -> Problem:
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    line, col = _line_col(text, position) if isinstance(position, int) else (1, 1)
    what = f"U+{ord(character):04X}" if isinstance(character, str) else "a character"
    if isinstance(character, int):
        what = f"U+{character:04X}"
    return Problem(shown, line, col, "error", f"file contains a control character ({what}) that YAML does not allow",
                   "delete it; it is often left by copy and paste", "control-character")


def expanded_size(root: yaml.Node, limit: int) -> int:
    """How many values ``root`` holds once every alias is written out (keys not counted), counted
    on the composed graph: each node once, its size remembered, so that a "billion laughs" file is
    measured in as many steps as it has lines, not converted value by value up to the limit (that
    took seconds). Stops counting above ``limit``; an alias to a value that contains it counts 1
    (the converter reports it)."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if isinstance(node, yaml.ScalarNode) or key in active or depth > MAX_DEPTH:
            return 1
        active.add(key)
        children = node.value if isinstance(node, yaml.SequenceNode) else [value for _, value in node.value]
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > limit:
                break
        active.discard(key)
        sizes[key] = total
        return total

    return size(root, 0)


class _Converter:
    """Composed YAML nodes -> positioned values, bounding alias expansion."""

    def __init__(self, shown: str, problems: list[Problem]) -> None:
        self.shown = shown
        self.problems = problems
        self.count = 0
        self.active: set[int] = set()
        self.too_deep = False  # said once per file

    def pos(self, node: yaml.Node) -> Pos:
        return Pos(self.shown, node.start_mark.line + 1, node.start_mark.column + 1)

    def convert(self, node: yaml.Node) -> YValue:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooBig
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if len(self.active) >= MAX_DEPTH:
            pos = self.pos(node)
            if not self.too_deep:
                self.too_deep = True
                self.problems.append(_too_deep(self.shown, pos))
            return YScalar("", f"{_TAG}null", False, pos)
        if id(node) in self.active:
            pos = self.pos(node)
            self.problems.append(Problem(self.shown, pos.line, pos.col, "error",
                                         "an alias refers to the value that contains it (recursive alias)",
                                         "aliases cannot point at their own parent; write the value out",
                                         "recursive-alias"))
            return YScalar("", f"{_TAG}null", False, pos)
        self.active.add(id(node))
        try:
            self._check_collection_tag(node)
            if isinstance(node, yaml.SequenceNode):
                return YList(tuple(self.convert(item) for item in node.value), self.pos(node))
            return self._mapping(node)
        finally:
            self.active.discard(id(node))

    def _unknown_tag(self, node: yaml.Node) -> None:
        pos = self.pos(node)
        tag = node.tag.replace(_TAG, "!!")
        self.problems.append(Problem(self.shown, pos.line, pos.col, "error", f"unknown tag '{tag}'",
                                     "guide files hold plain text, numbers, lists and mappings only; remove the tag",
                                     "unknown-tag"))

    def _check_collection_tag(self, node: yaml.Node) -> None:
        expected = f"{_TAG}seq" if isinstance(node, yaml.SequenceNode) else f"{_TAG}map"
        if node.tag != expected and node.tag not in _NON_SPECIFIC:
            self._unknown_tag(node)

    def _control(self, node: yaml.Node, text: str) -> None:
        """A control character in a value (escapes like \\e or \\x1b in double quotes make
        them): printed, it could take over a terminal."""
        found = has_control(text)
        if found:
            pos = self.pos(node)
            self.problems.append(Problem(self.shown, pos.line, pos.col, "error",
                                         f"text contains a control character (U+{ord(found[0]):04X})",
                                         "delete it: escape sequences (\\e, \\x1b, \\a…) could take over a "
                                         "reader's terminal", "control-character"))

        bidi = _BIDI_CONTROL.search(text)
        if bidi and not found:
            pos = self.pos(node)
            self.problems.append(Problem(self.shown, pos.line, pos.col, "warning",
                                         f"text contains a bidirectional control character (U+{ord(bidi[0]):04X}, "
                                         f"{unicodedata.name(bidi[0])})",
                                         "delete it unless you put it there on purpose: it changes the order in "
                                         "which the text reads on screen (right-to-left words need none)",
                                         "bidi-control"))

    def _scalar(self, node: yaml.ScalarNode) -> YScalar:
        self._control(node, node.value)
        tag = node.tag
        if tag not in _SCALAR_TAGS and tag not in _NON_SPECIFIC:
            self._unknown_tag(node)
            tag = f"{_TAG}str"
        if tag in _NON_SPECIFIC or tag in {f"{_TAG}binary", f"{_TAG}timestamp"}:
            tag = f"{_TAG}str"
        return YScalar(node.value, tag, node.style in ("'", '"', "|", ">"), self.pos(node))

    def _mapping(self, node: yaml.MappingNode) -> YMap:
        values: dict[str, YValue] = {}
        keys: dict[str, Pos] = {}
        merged: list[YMap] = []
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                merged.extend(self._merge_sources(value_node))
                continue
            key_pos = self.pos(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.shown, key_pos.line, key_pos.col, "error",
                                             "a key must be plain text, not a list or mapping",
                                             "write `name: value`", "bad-key"))
                continue
            key = key_node.value
            self._control(key_node, key)
            if key in keys:
                first = keys[key]
                self.problems.append(Problem(self.shown, key_pos.line, key_pos.col, "error",
                                             f"duplicate key '{key}' (first defined at line {first.line})",
                                             "YAML keeps only one of them; merge the two or delete one",
                                             "duplicate-key"))
                continue
            keys[key] = key_pos
            values[key] = self.convert(value_node)
        for source in merged:
            for key, value in source.values.items():
                if key not in values:
                    values[key] = value
                    keys[key] = source.keys[key]
        return YMap(values, keys, self.pos(node))

    def _merge_sources(self, node: yaml.Node) -> list[YMap]:
        value = self.convert(node)
        items = value.items if isinstance(value, YList) else (value,)
        maps = [item for item in items if isinstance(item, YMap)]
        if len(maps) != len(items):
            pos = self.pos(node)
            self.problems.append(Problem(self.shown, pos.line, pos.col, "error",
                                         "'<<' merges mappings only", "point '<<' at an anchored mapping",
                                         "bad-merge"))
        return maps


def plain(value: YValue | None) -> object:
    """The value without positions (for tests and JSON)."""
    if value is None:
        return None
    if isinstance(value, YScalar):
        return value.text
    if isinstance(value, YList):
        return [plain(v) for v in value.items]
    return {k: plain(v) for k, v in value.values.items()}
