"""What a file that is not UTF-8 probably is, for the hint that says how to convert it.

Guide files and sources are UTF-8. The files authors bring otherwise are, in practice, UTF-16
(Windows Notepad's "Unicode", Word's "Unicode text", with a byte-order mark) or Windows-1252
(Latin-1's superset: curly quotes and dashes of a document saved as "ANSI" or "Western").
"""

from __future__ import annotations

import codecs

_MARKS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
          (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def likely_encoding(raw: bytes, bad: int) -> tuple[str, str]:
    """``(encoding, what byte ``bad`` reads as in it)`` for bytes that are not UTF-8; ("", "") when
    there is no likely guess."""
    for mark, name in _MARKS:  # UTF-32 first: its little-endian mark starts with UTF-16's
        if raw.startswith(mark):
            return name, ""
    unmarked = _utf16_without_mark(raw)
    if unmarked:
        return unmarked, ""
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return "", ""
    return "WINDOWS-1252", bytes([raw[bad]]).decode("cp1252")


DOCUMENT_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP file, as a Word .docx, an OpenDocument .odt or an EPUB is"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office file, as an old Word .doc is"),
    (b"{\\rtf", "an RTF document, whose markup would be quoted as its words"),
)
"""Word processors' and readers' formats, by the bytes they start with: not text a guide can quote."""


def document_format(raw: bytes) -> str:
    """What the document ``raw`` is when it is one of DOCUMENT_FORMATS, else ''."""
    head = raw[:8].removeprefix(b"\xef\xbb\xbf")
    return next((what for magic, what in DOCUMENT_FORMATS if head.startswith(magic)), "")


def document_hint(what: str) -> str:
    """How to turn a document of another format into a source."""
    return (f"it is {what}, not text: save or export it as plain text (.txt) or Markdown (.md) "
            "and name that file instead")


def not_utf8_hint(raw: bytes, bad: int, name: str) -> str:
    """How to make the file ``name`` UTF-8, saying what it seems to be when that is clear (a PDF's
    binary bytes were told to be Windows-1252, with an iconv command to convert them)."""
    import shlex
    import unicodedata

    what = document_format(raw)
    if what:
        return document_hint(what)
    encoding, character = likely_encoding(raw, bad)
    if not encoding:
        return "save the file as UTF-8 (most editors: File > Save with encoding)"
    seems = f"it looks like {'Windows-1252' if encoding == 'WINDOWS-1252' else encoding}"
    if character:
        seems += f" (byte 0x{raw[bad]:02x} is {character}, {unicodedata.name(character, 'a character').lower()})"
    return (f"{seems}: save it as UTF-8 (most editors: File > Save with encoding), or convert it: "
            f"iconv -f {encoding} -t UTF-8 {shlex.quote(name)} > utf8.tmp, then put utf8.tmp in its place")


def decode_utf8(raw: bytes) -> str:
    """``raw`` as UTF-8 text (a byte-order mark dropped). Raises UnicodeDecodeError, also for UTF-16
    without a mark, which is valid UTF-8 when its letters are Latin: NUL after NUL, which were then
    reported one by one as control characters to delete."""
    text = raw.decode("utf-8-sig")
    if "\0" in text[:200] and _utf16_without_mark(raw):
        raise UnicodeDecodeError("utf-8", raw, raw.index(0), raw.index(0) + 1, "UTF-16 without a byte-order mark")
    return text


def _utf16_without_mark(raw: bytes) -> str:
    """UTF-16BE or UTF-16LE for text of Latin letters in UTF-16 without a byte-order mark (every
    other byte is NUL; iconv reads unmarked "UTF-16" as big-endian), else ''."""
    head = raw[:200]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 8:
        return ""
    if head[0::2].count(0) == len(head) // 2:
        return "UTF-16BE"
    if head[1::2].count(0) == len(head) // 2:
        return "UTF-16LE"
    return ""
