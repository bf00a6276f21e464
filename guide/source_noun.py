"""What the guide calls its source in its own built-in words: "the article", or the manifest's noun.

A guide's source is not always an article: a blog post, a chapter, a speech, a leaflet. The
manifest's ``source_noun`` (default "article") names it, and every built-in text that names the
source (the "not covered" reply, help, the safety replies, the TUI's labels) is worded with it by
``worded``: "the article's" becomes "the post's", "an article" becomes "a post", "Article" becomes
"Post". Authored text (answers, the author's own fallback) is never rewritten.
"""

from __future__ import annotations

import re

DEFAULT = "article"
MAX_LENGTH = 30
PATTERN = r"^[a-z]+(?:[ -][a-z]+){0,2}$"
"""A short noun in lowercase: one to three words ("post", "blog post", "op-ed")."""

_ARTICLE = re.compile(r"\b(?:(an?|An?) )?(article|Article)(s?)\b")


def problem(noun: str) -> str:
    """Why ``noun`` cannot name a guide's source ("" when it can)."""
    if len(noun) > MAX_LENGTH:
        return f"is {len(noun):,} characters long; a source noun is a short noun, at most {MAX_LENGTH}"
    if not re.match(PATTERN, noun):
        lower = " ".join(noun.split()).lower()
        if lower != noun and re.match(PATTERN, lower):
            return f"is written in lowercase: '{lower}' (a sentence that starts with it capitalizes it)"
        return "is not a short noun: one to three words of letters a-z, e.g. `post`, `chapter`, `blog post`"
    return ""


def plural(noun: str) -> str:
    """The plural of ``noun`` (its last word): post -> posts, speech -> speeches, story -> stories."""
    if re.search(r"(?:s|x|z|ch|sh)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


def indefinite(noun: str) -> str:
    """The indefinite article before ``noun``: "an essay", "a post", "a user guide"."""
    vowel = noun[:1] in "aeio" or (noun[:1] == "u" and not re.match(r"u(?:ni|s[eu]|ti|r)", noun))
    return "an" if vowel else "a"


def worded(text: str, noun: str = DEFAULT) -> str:
    """A built-in ``text`` with its word for the source ("article", "articles", "an article",
    "Article") in ``noun``'s words."""
    if noun == DEFAULT or "rticle" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        determiner, word, many = match.groups()
        said = plural(noun) if many else noun
        if word[0].isupper():
            said = said[:1].upper() + said[1:]
        if determiner:
            a = indefinite(noun)
            said = f"{a.capitalize() if determiner[0].isupper() else a} {said}"
        return said

    return _ARTICLE.sub(replace, text)
