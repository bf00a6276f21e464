"""Small talk: a message that is nothing but a greeting, thanks, a goodbye or an "ok cool".

Such a message asks nothing of the article: matched, it got a decline or a "did you mean"
("thanks" -> "Did you mean: Thanks to ..."). The conversation answers it instead, after the safety
check ("thanks, i don't want to be here anymore" is never small talk), with a short reply of its
own (a greeting gets the guide's welcome) and the way on. A message that says anything more
("thanks, and what about the deposit") is not small talk: the matcher reads it.

`small_talk` reads a message as `conversation.command_key` gives it: lowercased, without
punctuation or apostrophes, words separated by single spaces.
"""

from __future__ import annotations

import re

from guide.about_the_guide import is_greeting

COMMAND = "small talk"
"""The `Reply.command` of a reply to small talk (kind "command": the guide's words, not the article's)."""
GREETING = "greeting"
THANKS = "thanks"
GOODBYE = "goodbye"
ACKNOWLEDGEMENT = "acknowledgement"
KINDS = (GREETING, THANKS, GOODBYE, ACKNOWLEDGEMENT)

DEFAULT_TEXTS = {
    THANKS: "You're welcome. Ask about the article in your own words whenever you like, or pick one of these:",
    GOODBYE: "Goodbye, and take care. You can come back and ask about the article any time.",
    ACKNOWLEDGEMENT: "Ask about the article in your own words, or pick one of these:",
}
"""The guide's own replies ("the article" in the manifest's `source_noun`); a manifest's
`small_talk:` overrides each (the greeting is answered with the guide's welcome)."""

_PHRASES = {
    THANKS: ("thanks", "thank you", "thankyou", "thank u", "thx", "thnx", "thanx", "ty", "tysm", "cheers", "ta",
             "many thanks", "much appreciated", "appreciate it", "i appreciate it", "that helps", "that helped",
             "that was helpful", "that was useful", "very helpful", "helpful"),
    GOODBYE: ("bye", "goodbye", "good bye", "byee", "see you", "see ya", "cya", "later", "good night", "goodnight",
              "take care", "thats all", "gotta go", "have a good day", "have a nice day"),
    ACKNOWLEDGEMENT: ("ok", "okay", "okey", "k", "kk", "cool", "great", "nice", "awesome", "perfect", "got it",
                      "gotcha", "alright", "all right", "i see", "makes sense", "that makes sense", "fair enough",
                      "interesting", "lol", "haha", "brilliant", "lovely", "sweet", "noted", "understood", "good"),
}
_FILLERS = ("so much", "very much", "a lot", "a bunch", "for now", "for that", "for this", "for the help",
            "for your help", "mate", "again", "guide", "then", "oh", "ah", "and", "so", "very", "really", "x", "xx")


def _alternation(phrases: tuple[str, ...]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


_ANY = _alternation(tuple(p for phrases in _PHRASES.values() for p in phrases) + _FILLERS)
_PATTERN = rf"(?:(?:{_ANY})(?: |$))+"
"""A message of small-talk phrases and fillers only (compiled, by re's own cache, when first used)."""


def small_talk(key: str) -> str | None:
    """The kind of small talk a message is (one of `KINDS`), or None when it says anything else.
    A goodbye wins over thanks ("thanks bye"), thanks over a greeting or an "ok"."""
    if not key or len(key) > 80:
        return None
    if is_greeting(key):
        return GREETING
    if re.fullmatch(_PATTERN, key) is None:
        return None
    words = f" {key} "
    for kind in (GOODBYE, THANKS, ACKNOWLEDGEMENT):
        if any(f" {phrase} " in words for phrase in _PHRASES[kind]):
            return kind
    return None  # (fillers only: "so", "and")
