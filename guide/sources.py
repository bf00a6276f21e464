"""Source documents: sections, numbered paragraphs and exact-span lookup of quotes.

A source is read from Markdown (``#`` headings, optional ``---`` front matter with
title, publisher, url) or plain text (a short line standing alone is a heading).
Paragraphs are numbered from 1 across the document. A quote is found by exact match,
insensitive only to whitespace, and never across paragraphs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from guide.frozen import ReadOnly
from guide.problems import Problem

MAX_SOURCE_BYTES = 2_000_000
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_PLAIN_HEADING_MAX = 100


class Paragraph(NamedTuple):
    """One paragraph, verbatim, with where it sits."""

    number: int
    section: str
    text: str
    start: int
    end: int
    line: int


class Section(NamedTuple):
    title: str
    line: int
    paragraphs: tuple[int, ...]


class QuoteLocation(NamedTuple):
    """Where a quote sits in its source: the verbatim span and its citation."""

    source: str
    section: str
    paragraph: int
    start: int
    end: int
    text: str


class ClosestPassage(NamedTuple):
    """The passage most like a quote that was not found, to show as a hint."""

    paragraph: int
    text: str
    similarity: float
    difference: str

    def describe(self, width: int = 110) -> str:
        shown = self.text if len(self.text) <= width else self.text[: width - 1] + "…"
        lines = [f'closest passage (paragraph {self.paragraph}, {self.similarity:.0%} alike): "{shown}"']
        if self.difference:
            lines.append(self.difference)
        return "\n".join(lines)


class _Flat(NamedTuple):
    """Whitespace-collapsed text of all paragraphs, with a map back to offsets."""

    text: str
    offsets: tuple[int, ...]
    starts: tuple[int, ...]  # index in ``text`` where each paragraph begins


class Source(ReadOnly):
    """A document a guide quotes from."""

    id: str
    path: Path
    title: str
    publisher: str
    url: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    problems: tuple[Problem, ...]
    published: str

    def __init__(self, id: str, path: Path, title: str, publisher: str, url: str, text: str,
                 paragraphs: tuple[Paragraph, ...], sections: tuple[Section, ...],
                 problems: tuple[Problem, ...] = (), published: str = "") -> None:
        self._set(id=id, path=path, title=title, publisher=publisher, url=url, text=text, paragraphs=paragraphs,
                  sections=sections, problems=problems, published=published)

    def __repr__(self) -> str:
        return f"Source({self.id!r}, {str(self.path)!r}, {len(self.paragraphs)} paragraphs)"

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the quote-lookup table, which is rebuilt when first needed."""
        state = dict(self.__dict__)
        state.pop("_flat", None)
        return state

    @cached_property
    def _flat(self) -> _Flat:
        chars: list[str] = []
        offsets: list[int] = []
        starts: list[int] = []
        for para in self.paragraphs:
            if chars:
                chars.append("\n")
                offsets.append(-1)
            starts.append(len(chars))
            pending_space = False
            for i, ch in enumerate(para.text, start=para.start):
                if ch.isspace():
                    pending_space = len(chars) > starts[-1]
                    continue
                if pending_space:
                    chars.append(" ")
                    offsets.append(i - 1)
                    pending_space = False
                chars.append(ch)
                offsets.append(i)
        return _Flat("".join(chars), tuple(offsets), tuple(starts))

    def find_quote(self, quote: str) -> QuoteLocation | None:
        """The exact span of ``quote`` (whitespace-insensitive), or None."""
        needle = collapse_whitespace(quote)
        if not needle:
            return None
        flat = self._flat
        at = flat.text.find(needle)
        if at < 0:
            return None
        start = flat.offsets[at]
        end = flat.offsets[at + len(needle) - 1] + 1
        para = self.paragraphs[bisect.bisect_right(flat.starts, at) - 1]
        return QuoteLocation(self.id, para.section, para.number, start, end, self.text[start:end])

    def spans_paragraphs(self, quote: str) -> tuple[int, int] | None:
        """If ``quote`` only matches when paragraphs run together, the first and last."""
        needle = collapse_whitespace(quote)
        flat = self._flat
        joined = flat.text.replace("\n", " ")
        at = joined.find(needle) if needle else -1
        if at < 0:
            return None
        first = bisect.bisect_right(flat.starts, at) - 1
        last = bisect.bisect_right(flat.starts, at + len(needle) - 1) - 1
        return (first + 1, last + 1) if last > first else None

    def closest_passage(self, quote: str) -> ClosestPassage | None:
        """The paragraph span most like ``quote``, and the first difference."""
        from rapidfuzz import fuzz

        needle = collapse_whitespace(quote)
        if not needle or not self.paragraphs:
            return None
        best: tuple[float, int, str] | None = None
        for para in self.paragraphs:
            text = collapse_whitespace(para.text)
            found = fuzz.partial_ratio_alignment(needle, text)
            if found is None:
                continue
            if best is None or found.score > best[0]:
                start, end = _word_span(text, found.dest_start, max(found.dest_end, found.dest_start + len(needle)))
                best = (found.score, para.number, text[start:end])
        if best is None or best[0] < 65:
            return None
        score, number, passage = best
        return ClosestPassage(number, passage, score / 100, first_difference(needle, passage))


def _word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = min(end, len(text))
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def first_difference(quote: str, passage: str) -> str:
    """Describe, word by word, where ``quote`` first departs from ``passage``."""
    import difflib

    typed_words, source_words = quote.split(), passage.split()
    matcher = difflib.SequenceMatcher(None, typed_words, source_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(typed_words[max(0, i1 - 4) : i1])
        where = f'after "…{before}"' if before else "at the start"
        typed, source = " ".join(typed_words[i1:i2]), " ".join(source_words[j1:j2])
        if tag == "replace":
            return f'first difference {where}: the quote has "{typed}", the source "{source}"'
        if tag == "delete":
            return f'first difference {where}: the quote adds "{typed}"'
        return f'first difference {where}: the source has "{source}" here'
    return ""


def read_source(source_id: str, path: Path, *, title: str = "", publisher: str = "", url: str = "",
                published: str = "", on_read: Callable[[Path, bytes], None] | None = None) -> Source:
    """Read a source file; problems (unreadable, not UTF-8, too big) come back on it.
    ``on_read`` sees the bytes read."""
    source = _read_source(source_id, path, title=title, publisher=publisher, url=url, on_read=on_read)
    if not published:
        return source
    return Source(source.id, source.path, source.title, source.publisher, source.url, source.text,
                  source.paragraphs, source.sections, source.problems, published)


def _read_source(source_id: str, path: Path, *, title: str, publisher: str, url: str,
                 on_read: Callable[[Path, bytes], None] | None) -> Source:
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            problem = Problem(shown, 1, 1, "error", f"source file is too large ({size:,} bytes)",
                              f"sources are limited to {MAX_SOURCE_BYTES:,} bytes; split the document")
            return _empty(source_id, path, title, publisher, url, problem)
        raw = path.read_bytes()
    except OSError as exc:
        problem = Problem(shown, 1, 1, "error", f"cannot read source file: {exc.strerror or exc}",
                          "check the `file:` path; it is relative to the guide folder")
        return _empty(source_id, path, title, publisher, url, problem)
    if on_read is not None:
        on_read(path, raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, col = position_of(prefix, len(prefix))
        problem = Problem(shown, line, col, "error", f"source is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                          "save the file as UTF-8")
        return _empty(source_id, path, title, publisher, url, problem)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix.lower() in {".md", ".markdown"}:
        source = parse_markdown(source_id, path, text, title=title, publisher=publisher, url=url)
    else:
        source = parse_plain(source_id, path, text, title=title, publisher=publisher, url=url)
    control = _control_problem(text, shown)
    if control is None:
        return source
    return Source(source.id, source.path, source.title, source.publisher, source.url, source.text,
                  source.paragraphs, source.sections, (*source.problems, control))


def _control_problem(text: str, shown: str) -> Problem | None:
    """Control characters (ESC, BEL, NUL…) are not text: quoted and printed, they could take
    over a reader's terminal."""
    from guide.terminal import control_count, has_control

    found = has_control(text)
    if found is None:
        return None
    line, col = position_of(text, found.start())
    count = control_count(text)
    more = f" ({count} in the file)" if count > 1 else ""
    return Problem(shown, line, col, "error", f"source contains a control character (U+{ord(found[0]):04X}){more}",
                   "delete it: escape sequences and other control characters are not text, and printed they "
                   "could take over a reader's terminal", "control-character")


def _empty(source_id: str, path: Path, title: str, publisher: str, url: str, problem: Problem) -> Source:
    return Source(source_id, path, title or source_id, publisher, url, "", (), (), (problem,))


def position_of(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


class _Builder:
    """Collects paragraphs and sections while a document is read."""

    def __init__(self, source_id: str, text: str) -> None:
        self.source_id = source_id
        self.text = text
        self.paragraphs: list[Paragraph] = []
        self.sections: list[tuple[str, int, list[int]]] = []
        self.heading = ""

    def add_heading(self, title: str, line: int) -> None:
        self.heading = title
        self.sections.append((title, line, []))

    def add_paragraph(self, start: int, end: int) -> None:
        number = len(self.paragraphs) + 1
        line = self.text.count("\n", 0, start) + 1
        self.paragraphs.append(Paragraph(number, self.heading, self.text[start:end], start, end, line))
        if self.sections:
            self.sections[-1][2].append(number)

    def sections_tuple(self) -> tuple[Section, ...]:
        return tuple(Section(t, line, tuple(p)) for t, line, p in self.sections)


def _lines(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) offsets of each line from ``start``, without the newline."""
    spans = []
    pos = start
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        spans.append((pos, end))
        if nl < 0:
            break
        pos = nl + 1
    return spans


def parse_markdown(
    source_id: str, path: Path, text: str, *, title: str = "", publisher: str = "", url: str = ""
) -> Source:
    """Markdown: front matter, ``#`` headings, blank-line separated paragraphs."""
    problems: list[Problem] = []
    meta, body_start = _front_matter(text, str(path), problems)
    title = title or str(meta.get("title", "") or "")
    publisher = publisher or str(meta.get("publisher", "") or "")
    url = url or str(meta.get("url", "") or "")
    builder = _Builder(source_id, text)
    para_start: int | None = None
    para_end = 0
    for start, end in _lines(text, body_start):
        line_text = text[start:end]
        heading = _HEADING.match(line_text)
        if not line_text.strip() or heading:
            if para_start is not None:
                builder.add_paragraph(para_start, para_end)
                para_start = None
            if heading:
                level, heading_text = len(heading.group(1)), heading.group(2).strip()
                if level == 1 and not title:
                    title = heading_text
                elif level > 1 or builder.sections:
                    builder.add_heading(heading_text, text.count("\n", 0, start) + 1)
            continue
        if para_start is None:
            para_start = start + (len(line_text) - len(line_text.lstrip()))
        para_end = start + len(line_text.rstrip())
    if para_start is not None:
        builder.add_paragraph(para_start, para_end)
    return Source(source_id, path, title or source_id, publisher, url, text,
                  tuple(builder.paragraphs), builder.sections_tuple(), tuple(problems))


def _front_matter(text: str, shown: str, problems: list[Problem]) -> tuple[dict[str, object], int]:
    if not text.startswith("---\n"):
        return {}, 0
    close = text.find("\n---", 3)
    if close < 0:
        problems.append(Problem(shown, 1, 1, "error", "front matter opened with '---' is never closed",
                                "end it with a line of three dashes"))
        return {}, 0
    import yaml

    block = text[4:close + 1]
    body_start = text.find("\n", close + 1)
    body_start = len(text) if body_start < 0 else body_start + 1
    try:
        meta = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 2
        col = (mark.column + 1) if mark else 1
        reason = getattr(exc, "problem", exc)
        problems.append(Problem(shown, line, col, "error", f"front matter is not valid YAML: {reason}",
                                "write one `key: value` per line (title, publisher, url)"))
        return {}, body_start
    if meta is None:
        return {}, body_start
    if not isinstance(meta, dict):
        problems.append(Problem(shown, 2, 1, "error", "front matter must be `key: value` lines",
                                "for example `title: ...` and `publisher: ...`"))
        return {}, body_start
    return meta, body_start


def parse_plain(
    source_id: str, path: Path, text: str, *, title: str = "", publisher: str = "", url: str = ""
) -> Source:
    """Plain text: blocks separated by blank lines; a short line standing alone that
    does not end like a sentence is a heading (the first one is the title unless given)."""
    builder = _Builder(source_id, text)
    block: list[tuple[int, int]] = []

    def flush() -> None:
        nonlocal title
        if not block:
            return
        start, end = block[0][0], block[-1][1]
        chunk = text[start:end].strip()
        if len(block) == 1 and _looks_like_heading(chunk):
            if not title:
                title = chunk
            else:
                builder.add_heading(chunk, text.count("\n", 0, start) + 1)
        else:
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            builder.add_paragraph(start + lead, start + len(text[start:end].rstrip()))
        block.clear()

    for start, end in _lines(text):
        if text[start:end].strip():
            block.append((start, end))
        else:
            flush()
    flush()
    return Source(source_id, path, title or source_id, publisher, url, text,
                  tuple(builder.paragraphs), builder.sections_tuple(), ())


def _looks_like_heading(line: str) -> bool:
    return len(line) <= _PLAIN_HEADING_MAX and not line.endswith((".", ",", ";", ":", "!")) and line[:1].isupper()
