"""What readers ask the guide about itself: what it helps with, and where to begin; and greetings.

One recognizer, read in two places: the conversation answers such a question with the guide's
welcome, in every guide (not a node whose phrasing happens to say "help" or "start"), and the
safety layer does not take it for a request for the support lines, although it says "help".
It reads a message as words, lowercased and separated by spaces: `conversation.command_key`,
or the safety layer's normalized tokens (which spell "u" and "ya" as "you").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_ASKING = ("what", "how")
_YOU = ("you", "u", "ya")

_WHOLE_QUESTION = (
    r"(?:(?:hi|hello|hey|ok|okay|so)\s+)*(?:what|how)\s+(?:can|could|do|will|would)\s+"
    r"(?:you|u|ya|this(?:\s+(?:thing|guide|app|bot|tool))?|the\s+(?:guide|app|bot|tool))\s+"
    r"help(?:\s+me|\s+us)?(?:\s+with)?(?:\s+here)?"
    r"|(?:\w+\s+){0,4}where\s+(?:do|should|shoud|shall|can|could|would)\s+(?:i|we)\s+(?:even\s+)?(?:begin|start)")
"""The message as nothing but that question: what the guide helps with, said with the word "help"
("what can u help me with", "hello, how can you help", "what can this thing help me with": not
"it", which may be the topic just read), and where to begin ("ok where do i start", "total
beginner here, where do i even start"). ("what can you do" is left to the guide's own nodes, and
"how do i start" may be the guide's subject.)"""


def asks_what_the_guide_does(words: str, *, alone: bool = True) -> bool:
    """Does the message (``words``: lowercased, separated by spaces) ask what the guide does?

    ``alone``: the message is that question and nothing else (its trailing "?" aside); the
    conversation answers it with the guide's welcome. (Every such question says "help" or
    "where": the pattern is compiled, by re's own cache, when a message first does: ~0.3 ms.)

    Not ``alone``: the message asks, among other words, what the guide helps with: "what" or
    "how" before "you", before the first "help" ("so what exactly can you help me with", "what
    can you do to help"); the safety layer does not read it as a request for the support lines,
    and the matcher decides.
    """
    if not alone:
        return _among_other_words(words.split())
    words = words.rstrip("? ")
    return ("help" in words or "where" in words) and re.fullmatch(_WHOLE_QUESTION, words) is not None


def _among_other_words(words: Sequence[str]) -> bool:
    if "help" not in words:
        return False
    before_help = words[:words.index("help")]
    you = next((i for i, word in enumerate(before_help) if word in _YOU), None)
    return you is not None and any(word in _ASKING for word in before_help[:you])


_GREETING = re.compile(
    r"(?:(?:hi|hello|hey|hiya|heya|howdy|hallo|hullo|yo|greetings|(?:good\s+)?(?:morning|afternoon|evening)|good\s+day)"
    r"(?:\s+(?:there|all|everyone|guide))?[\s!.,]*)+")
"""A message of greetings only: "hello", "hi there!", "hey, good morning"."""


def is_greeting(text: str) -> bool:
    """Is ``text`` nothing but a greeting ("hello", "Hi there!", "good morning")? Such a phrasing is
    what readers type as written, not a question they put in other words: `guide lint` does not
    leave it out (another greeting is not "like" it, so it would always land elsewhere)."""
    return _GREETING.fullmatch(" ".join(text.casefold().split())) is not None
