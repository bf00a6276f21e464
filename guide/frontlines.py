"""Lines at the top of an article that are not its text: a byline, a date line, a photo credit.

"By Helen Ashworth" is a paragraph of the source like any other (it is numbered, and it can
be quoted), but it is not something a guide should have to quote for its coverage to reach
100 %, nor the first paragraph `guide new` quotes. A paragraph is such a line when it is
one of the document's first paragraphs (before the first one that is not such a line), one
short line, and every part of it (parts separated by " | ", " · ", " • ", " — ") reads as:

- a **byline**: "By" (or "Written by", "Words by", "Story by", "Text by") and a name,
  every word of it capitalized ("By Helen Ashworth", "By Helen Ashworth, staff writer"),
  or "Author: ...";
- a **date line**: a date, alone or after "Published", "Updated", "Posted on"...
  ("March 3, 2024", "3 March 2024", "Updated: 2024-03-03", "Tuesday, 5 March 2024");
- a **photo credit**: "Photo: ...", "Photo by ...", "Image: ...", "Illustration by ...",
  "Credit: ...";
- a **reading time**: "5 min read".

Emphasis marks around it (`*By Helen Ashworth*`) are ignored. Anything else, and any such
line after the article's text has begun, is a paragraph to cover.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guide.sources import Source

MAX_LENGTH = 120
"""A longer paragraph is text, whatever it starts with."""
MAX_LEADING = 4
"""At most this many of the first paragraphs are read as such lines."""

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DATE = re.compile(
    r"(?:(?:first\s+)?(?:published|updated|last\s+updated|posted|written|date)(?:\s+on)?\s*:?\s*)?" + _DAY +
    r"(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"  # March 3, 2024
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+\d{4}"  # 3 March 2024
    r"|" + _MONTH + r"\s+\d{4}"  # March 2024
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"  # 2024-03-03, 3/3/2024
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?",  # , 10:30 am GMT
    re.IGNORECASE)
_BYLINE = re.compile(r"(?:(?:written|words|story|text|reporting)\s+)?by\s+(?P<name>[^,]+)(?:,.*)?", re.IGNORECASE)
_AUTHOR = re.compile(r"(?:authors?|writers?|words)\s*:\s*\S.*", re.IGNORECASE)
_PHOTO = re.compile(r"(?:(?:cover|header|top|main)\s+)?(?:photo(?:graph)?s?|images?|illustrations?|pictures?|"
                    r"photography|credits?)\s*(?::|by\b|credit\b|©).*", re.IGNORECASE)
_READING = re.compile(r"\d{1,3}\s*-?\s*min(?:ute)?s?\.?\s+read", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s+[|·•—–]\s+")
_NAME_LINKS = frozenset(["and", "&", "de", "van", "von", "der", "den", "la", "le", "di", "da", "del", "du", "y",
                         "bin", "ibn", "al", "st", "st."])
_EMPHASIS = "*_ "


def kind_of_line(text: str) -> str:
    """What a paragraph is when it is a byline, date line, photo credit or reading time ("" otherwise)."""
    line = text.strip().strip(_EMPHASIS).strip()
    if not line or "\n" in line or len(line) > MAX_LENGTH:
        return ""
    kinds = [_kind_of_part(part.strip(_EMPHASIS).strip().rstrip(".")) for part in _SEPARATORS.split(line)]
    if not all(kinds):
        return ""
    return " and ".join(dict.fromkeys(kinds))


def _kind_of_part(part: str) -> str:
    if not part:
        return ""
    if _DATE.fullmatch(part):
        return "date line"
    if _READING.fullmatch(part):
        return "reading time"
    byline = _BYLINE.fullmatch(part)
    if byline and _is_name(byline["name"]):
        return "byline"
    if _AUTHOR.fullmatch(part):
        return "byline"
    if _PHOTO.fullmatch(part):
        return "photo credit"
    return ""


def _is_name(text: str) -> bool:
    """One to six words, each capitalized or a particle of a name ("Helen Ashworth", "Vincent van Gogh")."""
    words = text.split()
    return 0 < len(words) <= 6 and words[0][:1].isupper() and all(
        word[:1].isupper() or word.lower() in _NAME_LINKS for word in words)


def leading_lines(source: Source) -> dict[int, str]:
    """Paragraph number -> kind, for the source's first paragraphs that are bylines, date lines,
    photo credits or reading times (up to the first one that is not)."""
    found: dict[int, str] = {}
    for paragraph in source.paragraphs[:MAX_LEADING]:
        kind = kind_of_line(paragraph.text)
        if not kind:
            break
        found[paragraph.number] = kind
    if len(found) == len(source.paragraphs):  # a document of nothing but such lines: they are its text
        return {}
    return found
