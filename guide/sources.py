"""Source documents: sections, numbered paragraphs and exact-span lookup of quotes.

A source is read from Markdown (``#`` headings, optional ``---`` front matter with
title, publisher, url) or plain text (a short line standing alone is a heading).
Paragraphs are numbered from 1 across the document. A quote is found by exact match,
insensitive only to whitespace, and never across paragraphs.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
import re
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path

from guide.encodings import decode_utf8, document_format, document_hint, not_utf8_hint
from guide.frozen import ReadOnly
from guide.problems import Problem
from guide.records import NamedTuple

MAX_SOURCE_BYTES = 2_000_000
MAX_PARAGRAPHS = 50_000  # a long book; beyond it, every paragraph's warning would drown the rest
# The patterns of reading a source are compiled when a guide is loaded (by re's own cache), not
# at import: a cached start never reads a source.
_HEADING = r"^(#{1,6})[ \t]+(.+?)[ \t#]*$"
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


def _whole_words(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` neither starts nor ends inside a word of ``text``."""
    cuts_in = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    cuts_out = end < len(text) and text[end].isalnum() and text[end - 1].isalnum()
    return not (cuts_in or cuts_out)


def _word_at(text: str, at: int) -> str:
    start, end = at, at + 1
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


class _Flat(NamedTuple):
    """Whitespace-collapsed text of all paragraphs (words joined by one space, paragraphs by a
    newline); offsets in the source are worked out for the one paragraph a quote is found in."""

    text: str
    starts: tuple[int, ...]  # index in ``text`` where each paragraph begins


_WORD = r"\S+"


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
    author: str
    """Who wrote it, as the manifest names them ("": not named)."""

    def __init__(self, id: str, path: Path, title: str, publisher: str, url: str, text: str,
                 paragraphs: tuple[Paragraph, ...], sections: tuple[Section, ...],
                 problems: tuple[Problem, ...] = (), published: str = "", author: str = "") -> None:
        self._set(id=id, path=path, title=title, publisher=publisher, url=url, text=text, paragraphs=paragraphs,
                  sections=sections, problems=problems, published=published, author=author)

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
        collapsed = [" ".join(para.text.split()) for para in self.paragraphs]
        starts, at = [], 0
        for text in collapsed:
            starts.append(at)
            at += len(text) + 1
        return _Flat("\n".join(collapsed), tuple(starts))

    def find_quote(self, quote: str) -> QuoteLocation | None:
        """The exact span of ``quote`` (whitespace-insensitive) that starts and ends where the source's
        words do, or None: "ats sleep" is not a quote of "Cats sleep", nor "possible" of "impossible"."""
        needle = collapse_whitespace(quote)
        if not needle:
            return None
        flat = self._flat
        at = flat.text.find(needle)
        while at >= 0 and not _whole_words(flat.text, at, at + len(needle)):
            at = flat.text.find(needle, at + 1)
        if at < 0:
            return None
        from bisect import bisect_right  # here: a cached start never locates a quote

        index = bisect_right(flat.starts, at) - 1
        para = self.paragraphs[index]
        local = at - flat.starts[index]
        start = _source_offset(para, local)
        end = _source_offset(para, local + len(needle) - 1) + 1
        return QuoteLocation(self.id, para.section, para.number, start, end, self.text[start:end])

    def paragraphs_with(self, quote: str) -> tuple[int, ...]:
        """The numbers of the paragraphs that hold ``quote`` as `find_quote` finds it (whole words,
        whitespace-insensitive): more than one when the source says it again elsewhere."""
        from bisect import bisect_right

        needle = collapse_whitespace(quote)
        flat = self._flat
        found: list[int] = []
        at = flat.text.find(needle) if needle else -1
        while at >= 0:
            if _whole_words(flat.text, at, at + len(needle)):
                number = bisect_right(flat.starts, at)
                if number not in found:
                    found.append(number)
            at = flat.text.find(needle, at + 1)
        return tuple(found)

    def cut_word(self, quote: str) -> str | None:
        """Where ``quote``, not found as a quote, is in the source inside words: "starts inside the
        word “Cats”", or None when it is not in the source at all."""
        needle = collapse_whitespace(quote)
        text = self._flat.text
        at = text.find(needle) if needle else -1
        if at < 0:
            return None
        end = at + len(needle)
        if at > 0 and text[at - 1].isalnum() and text[at].isalnum():
            return f"starts inside the word “{_word_at(text, at)}”"
        return f"ends inside the word “{_word_at(text, end - 1)}”"

    def spans_paragraphs(self, quote: str) -> tuple[int, int] | None:
        """If ``quote`` only matches when paragraphs run together, the first and last."""
        needle = collapse_whitespace(quote)
        flat = self._flat
        joined = flat.text.replace("\n", " ")
        at = joined.find(needle) if needle else -1
        if at < 0:
            return None
        from bisect import bisect_right

        first = bisect_right(flat.starts, at) - 1
        last = bisect_right(flat.starts, at + len(needle) - 1) - 1
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
            if 3 * len(text) < len(needle):  # a short paragraph is "alike" wherever its words occur in the quote
                continue
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


def _source_offset(para: Paragraph, index: int) -> int:
    """The source offset of the character at ``index`` in the paragraph's collapsed text (a
    character of a word: quotes never start or end with a space)."""
    position = 0
    for word in re.finditer(_WORD, para.text):
        length = word.end() - word.start()
        if index < position + length:
            return para.start + word.start() + max(index - position, 0)
        position += length + 1
    return para.end - 1


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
            alike = _look_alike(typed, source)
            shorter = min(i2 - i1, j2 - j1)
            if not alike and i2 - i1 != j2 - j1:  # "firmly." against "ﬁrmly. Keep": the words side by side
                pair = " ".join(typed_words[i1 : i1 + shorter]), " ".join(source_words[j1 : j1 + shorter])
                alike = _look_alike(*pair)
                typed, source = pair if alike else (typed, source)
            typed, source = _clipped(typed), _clipped(source)
            if alike:
                typed, source = marked_invisible(typed), marked_invisible(source)
                return f'first difference {where}: the quote has "{typed}", the source "{source}": {alike}'
            return f'first difference {where}: the quote has "{typed}", the source "{source}"'
        if tag == "delete":
            return f'first difference {where}: the quote adds "{_clipped(typed)}"'
        return f'first difference {where}: the source has "{_clipped(source)}" here'
    return ""


_SHOWN_WORDS = 12
"""The words of a difference a hint shows: a quote that differs from its first word on is not printed whole."""


def _clipped(text: str) -> str:
    words = text.split(" ")
    return " ".join(words[:_SHOWN_WORDS]) + (" …" if len(words) > _SHOWN_WORDS else "")


def _invisible(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char) == "Cf"  # soft hyphen, zero-width space and joiners, BOM, bidi marks


def _look_alike(typed: str, source: str) -> str:
    """Why two words that look the same on screen are not: an invisible character in one of them
    (text copied from a web page keeps soft hyphens and zero-width spaces), or the same letters in
    another Unicode form ("é" as one character, or as "e" and a combining accent). "" if they differ
    visibly."""
    import unicodedata

    def seen(text: str) -> str:
        return unicodedata.normalize("NFC", "".join(char for char in text if not _invisible(char)))

    if seen(typed) != seen(source):
        return _typography(typed, source)
    for side, text in (("source", source), ("quote", typed)):
        hidden = next((char for char in text if _invisible(char)), None)
        if hidden is not None:
            name = unicodedata.name(hidden, "format character").lower()
            return (f"they look the same, but the {side} has an invisible {name} (U+{ord(hidden):04X}) in it; "
                    "copy the words from the source file itself")
    return ("they look the same, but the same letters are written with other Unicode characters (such as é as one "
            "character, or as e and a combining accent); copy the words from the source file itself")


_PLAIN_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                              "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                              "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                              "\u2015": "-", "\u2212": "-"})
_BROKEN_AT_HYPHEN = re.compile(r"(?<=\w)[-\u00ad\u2010] (?=\w)")


def _typography(typed: str, source: str) -> str:
    """Why two words that differ only in typography do (text copied from a PDF or a word processor):
    curly quotes or dashes for straight ones, a ligature (ﬁ as one character), a word broken across a
    line at a hyphen (in the PDF, or by a line break inside YAML text, which YAML reads as a space).
    "" if it is not that."""
    import unicodedata

    if typed.translate(_PLAIN_MARKS) == source.translate(_PLAIN_MARKS):
        theirs, ours = next((s, t) for t, s in zip(typed, source, strict=True) if t != s)
        return (f"the source has {theirs} ({unicodedata.name(theirs, 'a mark').lower()}) where the quote has {ours}; "
                "copy the words from the source file itself")
    if unicodedata.normalize("NFKC", typed) == unicodedata.normalize("NFKC", source):
        for side, text in (("source", source), ("quote", typed)):
            odd = next((char for char in text if unicodedata.normalize("NFKC", char) != char), None)
            if odd is not None:
                name = unicodedata.name(odd, "compatibility character").lower()
                return (f"they look alike, but the {side} writes “{unicodedata.normalize('NFKC', odd)}” as one "
                        f"character, {odd} ({name}, U+{ord(odd):04X}), as text copied from a PDF often does; "
                        "copy the words from the source file itself")
    if _BROKEN_AT_HYPHEN.sub("", typed) == source:
        return (f"the quote breaks “{source}” at a hyphen, as the end of a line in a PDF does; write the word whole")
    if _BROKEN_AT_HYPHEN.sub("-", typed) == source:
        return (f"the quote has a space after the hyphen of “{source}”: a line break inside YAML text is read as a "
                "space, so keep the word on one line")
    return ""


def marked_invisible(text: str) -> str:
    """``text`` with its invisible characters shown as <U+00AD>."""
    return "".join(f"<U+{ord(char):04X}>" if _invisible(char) else char for char in text)


def read_source(source_id: str, path: Path, *, title: str = "", publisher: str = "", url: str = "",
                published: str = "", author: str = "",
                on_read: Callable[[Path, bytes], None] | None = None) -> Source:
    """Read a source file; problems (unreadable, not a regular file, too big, not UTF-8) come
    back on it. ``on_read`` sees the bytes read."""
    source = _read_source(source_id, path, title=title, publisher=publisher, url=url, on_read=on_read)
    if not published and not author:
        return source
    return Source(source.id, source.path, source.title, source.publisher, source.url, source.text,
                  source.paragraphs, source.sections, source.problems, published, author)


def _read_source(source_id: str, path: Path, *, title: str, publisher: str, url: str,
                 on_read: Callable[[Path, bytes], None] | None) -> Source:
    from guide.reading import NotRegularFile, TooLarge, kind_of, read_limited, refusal

    shown = str(path)
    try:
        raw = read_limited(path, MAX_SOURCE_BYTES)
    except TooLarge as exc:
        problem = Problem(shown, 1, 1, "error", f"source file is too large ({exc.size:,} bytes)",
                          f"sources are limited to {MAX_SOURCE_BYTES:,} bytes; split the document")
        return _empty(source_id, path, title, publisher, url, problem)
    except NotRegularFile:
        kind = kind_of(path.stat().st_mode) if path.exists() else "not a regular file"
        problem = Problem(shown, 1, 1, "error", f"cannot read source file: it is {kind}, not a regular file",
                          "a source is a text file: Markdown or plain text")
        return _empty(source_id, path, title, publisher, url, problem)
    except OSError as exc:
        hint = (f"the file is there, but you may not read it: chmod u+r {shown}" if isinstance(exc, PermissionError)
                else "check the `file:` path; it is relative to the guide folder")
        problem = Problem(shown, 1, 1, "error", f"cannot read source file: {refusal(exc)}", hint)
        return _empty(source_id, path, title, publisher, url, problem)
    if on_read is not None:
        on_read(path, raw)
    return source_from_bytes(source_id, path, raw, title=title, publisher=publisher, url=url)


def source_from_bytes(source_id: str, path: Path, raw: bytes, *, title: str = "", publisher: str = "",
                      url: str = "") -> Source:
    """A source from the bytes of its file (``path`` says where they come from, and by its
    suffix whether they are Markdown)."""
    shown = str(path)
    if document_format(raw):  # a PDF was "not UTF-8 (it looks like Windows-1252)"; an RTF's markup was quoted
        problem = Problem(shown, 1, 1, "error", "source is not a text document", document_hint(document_format(raw)))
        return _empty(source_id, path, title, publisher, url, problem)
    try:
        text = raw.decode("utf-8-sig") if b"\0" not in raw[:200] else decode_utf8(raw)
    except UnicodeDecodeError as exc:

        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, col = position_of(prefix, len(prefix))
        problem = Problem(shown, line, col, "error", f"source is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                          not_utf8_hint(raw, exc.start, Path(shown).name))
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


class _TooManyParagraphs(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _too_many(source_id: str, path: Path, title: str, publisher: str, url: str, line: int) -> Source:
    problem = Problem(str(path), line, 1, "error", f"source has more than {MAX_PARAGRAPHS:,} paragraphs",
                      "sources are articles or chapters: split the document, and check that paragraphs are "
                      "separated by one blank line, not every line", "too-many-paragraphs")
    return _empty(source_id, path, title, publisher, url, problem)


class _Builder:
    """Collects paragraphs and sections while a document is read."""

    def __init__(self, source_id: str, text: str) -> None:
        self.source_id = source_id
        self.text = text
        self.paragraphs: list[Paragraph] = []
        self.sections: list[tuple[str, int, list[int]]] = []
        self.heading = ""
        self.title = ""

    def add_heading(self, title: str, line: int) -> None:
        self.heading = title
        self.sections.append((title, line, []))

    def add_paragraph(self, start: int, end: int, line: int) -> None:
        number = len(self.paragraphs) + 1
        if number > MAX_PARAGRAPHS:
            raise _TooManyParagraphs(line)
        self.paragraphs.append(Paragraph(number, self.heading, self.text[start:end], start, end, line))
        if self.sections:
            self.sections[-1][2].append(number)

    def sections_tuple(self) -> tuple[Section, ...]:
        return tuple(Section(t, line, tuple(p)) for t, line, p in self.sections)


def _lines(text: str, start: int, end: int, number: int) -> list[tuple[int, int, int]]:
    """(start, end, line number) of each line of ``text[start:end]``, without the newline;
    ``number`` is the first line's."""
    spans = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        spans.append((pos, stop, number))
        if nl < 0:
            break
        pos = nl + 1
        number += 1
    return spans


# A run of non-blank lines, from its first non-space character to the end of its last line.
_BLOCK = r"\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*"


def _blocks(text: str, start: int = 0) -> Iterator[tuple[int, int, int, int]]:
    """(line start, first non-space, end, line number) of each run of non-blank lines from offset
    ``start``; ``end`` is the end of its last line, newline excluded. Linear in the text, with
    the Python work per block, not per line or character."""
    line = text.count("\n", 0, start) + 1
    counted = start
    for block in re.compile(_BLOCK).finditer(text, start):
        lead = block.start()
        line += text.count("\n", counted, lead)
        counted = lead
        yield text.rfind("\n", 0, lead) + 1, lead, block.end(), line


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
    try:
        _markdown_blocks(builder, text, body_start, title)
    except _TooManyParagraphs as exc:
        return _too_many(source_id, path, title, publisher, url, exc.line)
    title = title or builder.title
    return Source(source_id, path, title or source_id, publisher, url, text,
                  tuple(builder.paragraphs), builder.sections_tuple(), tuple(problems))


def _markdown_blocks(builder: _Builder, text: str, body_start: int, title: str) -> None:
    """Paragraphs and headings of a Markdown body into ``builder`` (the first ``#`` heading
    becomes ``builder.title`` unless ``title`` is given)."""
    for block_start, lead, block_end, block_line in _blocks(text, body_start):
        if text.find("#", block_start, block_end) < 0 or not (
                text.startswith("#", block_start) or text.find("\n#", block_start, block_end) >= 0):
            builder.add_paragraph(lead, lead + len(text[lead:block_end].rstrip()), block_line)  # the usual case
            continue
        para_start: int | None = None
        para_end = para_line = 0
        for start, end, line in _lines(text, block_start, block_end, block_line):
            line_text = text[start:end]
            heading = re.match(_HEADING, line_text)
            if not line_text.strip() or heading:
                if para_start is not None:
                    builder.add_paragraph(para_start, para_end, para_line)
                    para_start = None
                if heading:
                    level, heading_text = len(heading.group(1)), heading.group(2).strip()
                    if level == 1 and not (title or builder.title):
                        builder.title = heading_text
                    elif level > 1 or builder.sections:
                        builder.add_heading(heading_text, line)
                continue
            if para_start is None:
                para_start, para_line = start + (len(line_text) - len(line_text.lstrip())), line
            para_end = start + len(line_text.rstrip())
        if para_start is not None:
            builder.add_paragraph(para_start, para_end, para_line)


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
        meta = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders
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
    return _shown_fields(meta, block, shown, problems), body_start


_SHOWN_KEYS = ("title", "publisher", "url")  # what readers see of the front matter, in every citation


def _shown_fields(meta: dict, block: str, shown: str, problems: list[Problem]) -> dict[str, object]:
    """The front matter with its title, publisher and url checked: each is text (a list or a mapping
    would be shown to readers as Python writes it, "['a', 'b']") without control characters (YAML
    escapes such as "\\e" make them, where the source's own text has none). A bad one is reported
    at its line and left out."""
    from guide.terminal import has_control

    meta = dict(meta)
    for key in _SHOWN_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        kind = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else ""
        control = None if kind else has_control(str(value))
        if not kind and control is None:
            continue
        written = re.search(rf"^{key}[ \t]*:[ \t]*", block, re.MULTILINE)
        line = block.count("\n", 0, written.start()) + 2 if written else 2
        col = written.end() - block.rfind("\n", 0, written.start()) if written else 1
        if kind:
            problems.append(Problem(shown, line, col, "error", f"front matter `{key}` should be text, not {kind}",
                                    f"write it after the colon, e.g. `{key}: {_EXAMPLES[key]}`", "wrong-type"))
        else:
            problems.append(Problem(shown, line, col, "error", f"front matter `{key}` contains a control character "
                                    f"(U+{ord(control[0]):04X})", "delete it: escape sequences (\\e, \\x1b, \\a…) "
                                    "could take over a reader's terminal", "control-character"))
        del meta[key]
    return meta


_EXAMPLES = {"title": "How sleep works", "publisher": "The Daily Example", "url": "https://example.org/sleep"}


def parse_plain(
    source_id: str, path: Path, text: str, *, title: str = "", publisher: str = "", url: str = ""
) -> Source:
    """Plain text: blocks separated by blank lines; a short line standing alone that
    does not end like a sentence is a heading (the first one is the title unless given)."""
    builder = _Builder(source_id, text)
    try:
        for _, lead, end, line in _blocks(text):
            chunk = text[lead:end].rstrip()
            if text.find("\n", lead, end) < 0 and _looks_like_heading(chunk):
                if not title:
                    title = chunk
                else:
                    builder.add_heading(chunk, line)
                continue
            builder.add_paragraph(lead, lead + len(chunk), line)
    except _TooManyParagraphs as exc:
        return _too_many(source_id, path, title, publisher, url, exc.line)
    return Source(source_id, path, title or source_id, publisher, url, text,
                  tuple(builder.paragraphs), builder.sections_tuple(), ())


def _looks_like_heading(line: str) -> bool:
    return len(line) <= _PLAIN_HEADING_MAX and not line.endswith((".", ",", ";", ":", "!")) and line[:1].isupper()


_LIST_NUMBER = r"\s*(\d{1,2})[.)]\s"  # compiled on first use (re's cache): most runs never ask


def list_number(text: str) -> int:
    """The number a text starts with as an item of a numbered list ("5. Self-soothing: ..." is
    5, "2) ..." is 2; 0 when it does not start like one)."""
    numbered = re.match(_LIST_NUMBER, text)
    return int(numbered[1]) if numbered else 0
