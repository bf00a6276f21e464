"""The guide format as JSON Schema: one definition for editors, docs and the loader.

``schema(kind)`` is what ``guide schema`` prints and what editors use through the
``# yaml-language-server: $schema=...`` line. ``check(value, kind)`` validates
positioned YAML against the same definition with messages written for authors:
unknown keys get "did you mean", wrong types say what was expected and how to write it.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from typing import Any

from guide.dialog.yamltree import YList, YMap, YScalar, YValue, decimal
from guide.problems import Pos, Problem
from guide.source_noun import MAX_LENGTH as NOUN_MAX_LENGTH
from guide.source_noun import PATTERN as NOUN_PATTERN

SCHEMA_BASE = "https://guide.invalid/schema"
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
MAX_ID_LENGTH = 64
"""Ids are short names: a longer one is refused (a 100,000-letter id was echoed whole in every message)."""

_TEXT = {"type": "string", "minLength": 1}
_ID = {"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_LENGTH}
_TEXT_LIST = {"type": "array", "items": _TEXT}

_BLOCK = {
    "type": "object",
    "description": "One block of an answer: exactly one of say, quote, note, research.",
    "properties": {
        "say": {**_TEXT, "description": "The guide's own words: a short lead-in or link between quotes."},
        "quote": {**_TEXT, "description": "Verbatim text from a source. The loader finds it (whitespace may differ) "
                  "and records section and paragraph; no ellipses, no edits."},
        "source": {**_TEXT, "description": "Which source a quote is from (a key of `sources` in guide.yaml). "
                   "Optional when the guide has one source."},
        "note": {**_TEXT, "description": "An editor's note: commentary that is visibly not the article's "
                 "(caveats, contradictions, consent)."},
        "research": {**_TEXT, "description": "A research note: what a published study found. Needs `cite`."},
        "cite": {**_TEXT, "description": "The reference for a research note, e.g. "
                 "'Ditzen et al. (2007), Psychoneuroendocrinology 32:565-574'."},
    },
    "additionalProperties": False,
    "x-one-of-keys": ["say", "quote", "note", "research"],
}

_CHOICE = {
    "description": "A node to offer next: its id, or {node, label} to word the offer yourself.",
    "oneOf": [
        {**_ID},
        {
            "type": "object",
            "properties": {
                "node": {**_ID, "description": "The node id to offer."},
                "label": {**_TEXT, "description": "The words on the offer (default: the node's title)."},
            },
            "required": ["node"],
            "additionalProperties": False,
        },
    ],
}

_FOLLOWUP = {
    "type": "object",
    "description": "A reply that only matches right after this node's answer "
                   "(\"which hormones?\", \"tell me more\").",
    "properties": {
        "examples": {**_TEXT_LIST, "minItems": 1,
                     "description": "How a reader asks this follow-up, in context."},
        "answer": {"type": "array", "items": {"$ref": "#/definitions/block"},
                   "description": "The follow-up's answer blocks."},
        "goto": {**_ID,
                 "description": "Go to this node instead of (or after) answering here."},
        "title": {**_TEXT, "description": "A short name for the follow-up (reports, coverage)."},
    },
    "required": ["examples"],
    "x-needs-any": ["answer", "goto"],
    "additionalProperties": False,
}

NODE = {
    "type": "object",
    "description": "A topic of the guide: how readers ask for it and what the guide answers.",
    "properties": {
        "id": {**_ID,
               "description": "Unique name, lowercase with dashes: used by choices, goto and tests."},
        "title": {**_TEXT, "description": "A short title, shown in menus and 'Did you mean ...?'."},
        "examples": {**_TEXT_LIST, "description": "Ways a reader might ask for this topic (five or more, varied)."},
        "answer": {"type": "array", "items": {"$ref": "#/definitions/block"},
                   "description": "What the guide replies: a list of say / quote / note / research blocks."},
        "followups": {"type": "array", "items": {"$ref": "#/definitions/followup"},
                      "description": "Replies that only match right after this answer."},
        "choices": {"type": "array", "items": {"$ref": "#/definitions/choice"},
                    "description": "Topics to offer next, as suggestions under the answer."},
        "goto": {**_ID,
                 "description": "After answering, continue with this node."},
        "end": {"type": "boolean",
                "description": "This node deliberately ends a path (no dead-end warning)."},
    },
    "required": ["id", "title"],
    "additionalProperties": False,
}

_SOURCE = {
    "type": "object",
    "description": "A document the guide quotes from.",
    "properties": {
        "file": {**_TEXT, "description": "Path relative to the guide folder (Markdown or plain text)."},
        "title": {**_TEXT, "description": "Title for citations (default: the document's own title)."},
        "author": {**_TEXT, "description": "Who wrote it (shown by `sources` and in the viewer)."},
        "publisher": {**_TEXT, "description": "Who published it, credited in citations and 'about'."},
        "url": {**_TEXT, "description": "Where it was published (shown by `sources` and in the viewer)."},
        "published": {**_TEXT, "description": "When it was published, as you want it shown (e.g. 2021-03-04)."},
    },
    "required": ["file"],
    "additionalProperties": False,
}

_MATCHING = {
    "type": "object",
    "description": "How sure the matcher must be. Defaults suit most guides.",
    "properties": {
        "answer": {"type": "number", "minimum": 0, "maximum": 1,
                   "description": "Confidence needed to answer outright."},
        "clarify": {"type": "number", "minimum": 0, "maximum": 1,
                    "description": "Confidence needed to ask 'Did you mean ...?'; below it the guide says "
                                   "the article does not cover the question."},
        "margin": {"type": "number", "minimum": 0, "maximum": 1,
                   "description": "How far the best topic must lead the next to answer without asking."},
        "context_turns": {"type": "integer", "minimum": 0, "maximum": 20,
                          "description": "For how many turns a node's follow-ups stay active."},
    },
    "additionalProperties": False,
}

_SUPPORT = {
    "type": "object",
    "description": "Support lines for readers in distress. The risk check itself is always on.",
    "properties": {
        "welcome": {"type": "boolean",
                    "description": "Show the one-line support notice under the welcome (default: true)."},
        "region": {"enum": ["us", "uk", "ie", "eu", "other"],
                   "description": "Whose support lines come first: us (default), uk, ie, eu, or other "
                                  "(the international directory before US-only lines)."},
    },
    "additionalProperties": False,
}

_CAVEAT = {
    "type": "object",
    "description": "An editor's note attached automatically whenever certain passages are quoted "
                   "or a reader asks certain things.",
    "properties": {
        "id": {**_ID, "description": "A name for the caveat."},
        "note": {**_TEXT, "description": "The editor's note to attach."},
        "when_quoting": {**_TEXT_LIST, "description": "Verbatim passages: quoting any paragraph that contains "
                         "one of them attaches the note."},
        "when_asked": {**_TEXT_LIST, "description": "Phrasings: a question like one of these attaches the note."},
    },
    "required": ["id", "note"],
    "additionalProperties": False,
}

MANIFEST = {
    "type": "object",
    "description": "guide.yaml: what the guide is, its sources and settings.",
    "properties": {
        "title": {**_TEXT, "description": "The guide's name, shown in the welcome and title bar."},
        "description": {**_TEXT, "description": "One or two sentences on what the guide covers."},
        "start": {**_ID,
                  "description": "The node the conversation starts with (the welcome)."},
        "sources": {"type": "object", "minProperties": 1,
                    "additionalProperties": {"$ref": "#/definitions/source"},
                    "description": "Documents the guide quotes, by a short name of your choice."},
        "nodes": {**_TEXT_LIST, "description": "Node files, as paths or globs relative to the guide folder "
                  "(default: nodes/*.yaml)."},
        "tests": {**_TEXT_LIST, "description": "Conversation test files (default: tests/*.yaml)."},
        "synonyms": {"type": "object", "additionalProperties": _TEXT_LIST,
                     "description": "word: [other ways readers say it]. Both sides may be several words."},
        "matching": {"$ref": "#/definitions/matching"},
        "support": {"$ref": "#/definitions/support"},
        "fallback": {**_TEXT, "description": "What the guide says when the article does not cover a question."},
        "source_noun": {"type": "string", "pattern": NOUN_PATTERN, "maxLength": NOUN_MAX_LENGTH,
                        "x-loader-checks": True,
                        "description": "What the source is, as the guide's own words name it: a short noun in "
                                       "lowercase, e.g. post, chapter, speech, leaflet (default: article)."},
        "caveats": {"type": "array", "items": {"$ref": "#/definitions/caveat"},
                    "description": "Editor's notes attached automatically (e.g. a consent note)."},
        "small_talk": {"type": "object", "additionalProperties": False,
                       "description": "The guide's own replies to a message that is only thanks, a goodbye or "
                                      "an 'ok' (a greeting gets the welcome); each replaces the default.",
                       "properties": {
                           "thanks": {**_TEXT, "description": "Reply to 'thanks', 'cheers', 'thank you so much'."},
                           "goodbye": {**_TEXT, "description": "Reply to 'bye', 'see you', 'take care'."},
                           "acknowledgement": {**_TEXT, "description": "Reply to 'ok', 'ok cool', 'got it'."},
                       }},
    },
    "required": ["title", "start", "sources"],
    "additionalProperties": False,
}

REPLY_KINDS = ("answer", "clarify", "fallback", "safety", "command")
"""What a turn's `kind` may name (`Reply.kind`)."""
_KIND = {"type": "string", "enum": list(REPLY_KINDS)}

_TURN = {
    "type": "object",
    "description": "One thing the reader types and what the reply must be.",
    "properties": {
        "user": {"type": "string", "description": "What the reader types."},
        "node": {**_ID, "description": "The node that must answer."},
        "kind": {"oneOf": [
            _KIND, {"type": "array", "minItems": 1, "uniqueItems": True, "items": _KIND},
        ], "description": "The kind of reply expected, or a list of the kinds that pass (a band: `[answer, clarify]`, "
                          "answered or offered in “Did you mean”, for a turn near the thresholds)."},
        "says": {**_TEXT, "description": "Text the reply must contain."},
        "not_says": {**_TEXT, "description": "Text the reply must not contain."},
        "starts_with": {**_TEXT, "description": "Text the reply's first line must contain (e.g. the emergency "
                                                "number, when it must come first)."},
        "quotes": {**_TEXT, "description": "Text a cited quote must contain."},
        "not_node": {**_ID, "description": "A node that must not answer."},
    },
    "required": ["user"],
    "additionalProperties": False,
}

TESTS = {
    "type": "array",
    "description": "Conversation tests: each is a named list of turns played as one conversation.",
    "items": {
        "type": "object",
        "properties": {
            "name": {**_TEXT, "description": "What the test checks."},
            "turns": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/turn"}},
        },
        "required": ["name", "turns"],
        "additionalProperties": False,
    },
}

DEFINITIONS: dict[str, dict[str, Any]] = {
    "block": _BLOCK, "choice": _CHOICE, "followup": _FOLLOWUP, "node": NODE, "source": _SOURCE,
    "matching": _MATCHING, "support": _SUPPORT, "caveat": _CAVEAT, "turn": _TURN,
}

KINDS = {
    "manifest": ("guide.schema.json", "Guide manifest (guide.yaml)", MANIFEST),
    "node": ("node.schema.json", "Guide node file (one node or a list of nodes)",
             {"oneOf": [{"$ref": "#/definitions/node"},
                        {"type": "array", "items": {"$ref": "#/definitions/node"}}]}),
    "tests": ("tests.schema.json", "Guide conversation tests", TESTS),
}


def _public(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _public(v) for k, v in value.items() if not k.startswith("x-")}
    if isinstance(value, list):
        return [_public(v) for v in value]
    return value


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft-07) for ``manifest``, ``node`` or ``tests`` files."""
    filename, title, root = KINDS[kind]
    doc = {"$schema": "http://json-schema.org/draft-07/schema#", "$id": f"{SCHEMA_BASE}/{filename}",
           "title": title, **copy.deepcopy(root), "definitions": DEFINITIONS}
    return _public(doc)


# --- validation ---------------------------------------------------------------------------

_TYPE_NAMES = {"string": "text", "array": "a list", "object": "a mapping (key: value lines)",
               "integer": "a whole number", "number": "a number", "boolean": "true or false"}
_TYPE_EXAMPLES = {"string": "write it after the colon, e.g. `title: Why touch calms`",
                  "array": "write one item per line, each starting with '- '",
                  "object": "write `key: value` lines indented under it",
                  "integer": "for example 2", "number": "for example 0.7", "boolean": "true or false"}


_KEY_EXAMPLES = {"title": "Why touch calms", "description": "A guide to one article, in its own words.",
                 "user": "why does touch calm me", "says": "calms the nervous system", "not_says": "oxytocin",
                 "starts_with": "Point 5", "quotes": "During sex, individuals receive", "name": "touch, then hormones",
                 "say": "Point 5 of the article says:", "quote": "During sex, individuals receive physical touch",
                 "note": "The article calls this self-soothing.", "file": "sources/article.md"}


def _text_hint(where: str, value: YValue) -> str:
    """How to write the text a key takes, with that key (`says` got "e.g. `title: Why touch calms`")."""
    key = where[1:-1] if where.startswith("'") and where.endswith("'") else ""
    if not key:
        if isinstance(value, YList):  # `- [my hips sink, hips sinking]`
            return "'[' starts a list inside the list: write each item on its own '- ' line, or put it in quotes"
        if isinstance(value, YMap) and len(value.values) == 1:  # `- my hips: why do they sink`
            [(name, rest)] = value.values.items()
            if isinstance(rest, YScalar) and rest.kind == "str":
                whole = f"{name}: {rest.text}".replace('"', '\\"')
                return f"': ' (a colon and a space) makes YAML read it as `key: value`; put it in quotes: - \"{whole}\""
        return _TYPE_EXAMPLES["string"]
    example = f"write it after the colon, e.g. `{key}: {_KEY_EXAMPLES.get(key, 'some words')}`"
    if isinstance(value, YList):
        return f"`{key}` takes one text, not a list: {example}"
    if isinstance(value, YMap):
        return f"`{key}` takes text, not `key: value` lines (quote it if it holds ': '): {example}"
    return example


def _list_hint(where: str, value: YValue) -> str:
    """How to write the list a key takes, from the text written instead (`choices: crawl, floating`)."""
    key = where[1:-1] if where.startswith("'") and where.endswith("'") else ""
    if key and isinstance(value, YScalar) and value.kind == "str" and ", " in value.text and "[" not in value.text:
        return (f"if these are several items, put them in brackets: `{key}: [{_short(value.text)}]`, or write "
                "one item per line, each starting with '- '")
    return _TYPE_EXAMPLES["array"]


def _empty_hint(expected: str, where: str) -> str:
    """What to write in an empty value: a list item (`example 6`, from a `- ` left on its own line, or
    `- null`) is not a key to write after the colon."""
    if re.search(r" \d+$", where):
        return "write it after the '- ' on its line, or delete the line"
    return _text_hint(where, None) if expected == "string" else _TYPE_EXAMPLES[expected]


def _describe(value: YValue) -> str:
    if isinstance(value, YList):
        return "a list"
    if isinstance(value, YMap):
        return "a mapping"
    return {"str": f'the text "{_short(value.text)}"', "null": "nothing", "int": f"the number {value.text}",
            "float": f"the number {value.text}", "bool": f"'{value.text}' (true/false)"}.get(value.kind, "text")


def _invisible(character: str) -> bool:
    """A character that shows as nothing or as a plain space: a no-break or zero-width space, a
    soft hyphen, a byte order mark (categories Zs but ' ', Cf, Cc)."""
    return character != " " and unicodedata.category(character) in ("Zs", "Cf", "Cc")


def _visible(text: str) -> str:
    """``text`` with its invisible characters written as <U+XXXX>."""
    return "".join(f"<U+{ord(c):04X}>" if _invisible(c) else c for c in text)


def id_as_meant(text: str) -> str:
    """The id an author meant by ``text``: in lowercase, without invisible characters."""
    return "".join(c for c in text if not _invisible(c)).strip().lower()


def _bad_id_hint(text: str, pattern: str) -> str:
    """What is wrong with an id: capitals (the lowercase id), else the first character an id
    cannot hold, named when it is invisible ('black' and a no-break space was told "ids are
    written in lowercase: 'black'", a zero-width space inside one nothing at all)."""
    lower = text.lower()
    if lower != text and re.match(pattern, lower):
        return f"ids are written in lowercase: '{lower}'"
    odd = next((c for c in text if _invisible(c)), None)
    if odd is not None:
        name = unicodedata.name(odd, "a control character")
        meant = id_as_meant(text)
        fix = f": write '{meant}'" if meant and re.match(pattern, meant) else ""
        return f"it holds an invisible character, U+{ord(odd):04X} {name} (left by copy and paste){fix}"
    return "ids use lowercase letters, digits, '-' and '_', e.g. `self-soothing`"


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _resolve(definition: dict[str, Any]) -> dict[str, Any]:
    ref = definition.get("$ref")
    return DEFINITIONS[ref.rsplit("/", 1)[1]] if ref else definition


def did_you_mean(word: str, options: list[str]) -> str:
    """'did you mean X?' for the closest option, or ''."""
    best = closest(word, options)
    return f"did you mean '{best}'? " if best else ""


def closest(word: str, options: list[str]) -> str | None:
    """The option ``word`` is most likely a misspelling of, or None."""
    from rapidfuzz import fuzz, process

    best = process.extractOne(word.lower(), options, scorer=fuzz.ratio, score_cutoff=60)
    return best[0] if best else None


def misspelt(value: YMap, key: str, known: list[str] | tuple[str, ...]) -> str | None:
    """The key of ``value`` that stands for ``key``, missing from it (`Title:`, `example:`, `answers:`):
    its unknown-key error says "did you mean", so that "missing 'title'" would say it twice."""
    if key in value.values:
        return None
    return next((written for written in value.values if written not in known and closest(written, [*known]) == key),
                None)


class Checker:
    """Validates positioned YAML against a definition, collecting problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def error(self, pos: Pos, message: str, hint: str, code: str) -> None:
        self.problems.append(Problem(pos.file, pos.line, pos.col, "error", message, hint, code))

    def check(self, value: YValue, definition: dict[str, Any], where: str) -> bool:
        """True if ``value`` fits; otherwise problems were added."""
        definition = _resolve(definition)
        if "oneOf" in definition:
            return self._one_of(value, definition, where)
        if "enum" in definition:
            return self._enum(value, definition, where)
        expected = definition.get("type")
        if expected == "object":
            return self._object(value, definition, where)
        if expected == "array":
            return self._array(value, definition, where)
        return self._scalar(value, definition, where)

    def _wrong_type(self, value: YValue, expected: str, where: str) -> bool:
        hint = _text_hint(where, value) if expected == "string" else _list_hint(where, value) \
            if expected == "array" else _TYPE_EXAMPLES[expected]
        self.error(value.pos, f"{where} should be {_TYPE_NAMES[expected]}, not {_describe(value)}", hint, "wrong-type")
        return False

    def _one_of(self, value: YValue, definition: dict[str, Any], where: str) -> bool:
        options = [_resolve(d) for d in definition["oneOf"]]
        for option in options:
            if _shape_fits(value, option.get("type")):
                return self.check(value, option, where)
        names = " or ".join(_TYPE_NAMES[o["type"]] for o in options if "type" in o)
        self.error(value.pos, f"{where} should be {names}, not {_describe(value)}",
                   definition.get("description", ""), "wrong-type")
        return False

    def _enum(self, value: YValue, definition: dict[str, Any], where: str) -> bool:
        options = definition["enum"]
        if isinstance(value, YScalar) and value.text in options:
            return True
        shown = _describe(value)
        hint = did_you_mean(value.text, options) if isinstance(value, YScalar) else ""
        self.error(value.pos, f"{where} should be one of {', '.join(options)}, not {shown}",
                   hint + f"choose one of: {', '.join(options)}", "bad-value")
        return False

    def _scalar(self, value: YValue, definition: dict[str, Any], where: str) -> bool:
        expected = definition.get("type", "string")
        if not isinstance(value, YScalar):
            return self._wrong_type(value, expected, where)
        if value.kind == "null" and not value.quoted:
            self.error(value.pos, f"{where} is empty", _empty_hint(expected, where), "empty-value")
            return False
        if expected == "string":
            if definition.get("minLength") and not value.text.strip():
                self.error(value.pos, f"{where} is empty", _empty_hint(expected, where), "empty-value")
                return False
            if definition.get("x-loader-checks"):  # the loader says what is wrong, in its own words
                return True
            longest = definition.get("maxLength")
            if longest and len(value.text) > longest:
                self.error(value.pos, f"{where} '{_short(value.text)}' is {len(value.text):,} characters long",
                           f"ids are short names, at most {longest} characters, e.g. `self-soothing`", "long-id")
                return False
            pattern = definition.get("pattern")
            if pattern and not re.match(pattern, value.text):
                self.error(value.pos, f"{where} '{_short(_visible(value.text))}' is not a valid id",
                           _bad_id_hint(value.text, pattern), "bad-id")
                return False
            return True
        kind = value.kind
        fits = (
            (expected == "boolean" and kind == "bool")
            or (expected == "integer" and kind == "int")
            or (expected == "number" and kind in ("int", "float"))
        )
        if not fits:
            return self._wrong_type(value, expected, where)
        if expected in ("integer", "number"):
            number = decimal(value)
            if number is None:
                self.error(value.pos, f"{where} is '{_short(value.text)}', not a number written in decimal",
                           f"{_TYPE_EXAMPLES[expected]} (YAML also reads 0x2A, 010, 1:30, .inf and .nan as "
                           "numbers; guides take plain decimals only)", "bad-number")
                return False
            low, high = definition.get("minimum"), definition.get("maximum")
            if (low is not None and number < low) or (high is not None and number > high):
                self.error(value.pos, f"{where} is {value.text}, outside {low}..{high}",
                           f"use a value from {low} to {high}", "out-of-range")
                return False
        return True

    def _array(self, value: YValue, definition: dict[str, Any], where: str) -> bool:
        if not isinstance(value, YList):
            return self._wrong_type(value, "array", where)
        ok = True
        minimum = definition.get("minItems", 0)
        if len(value.items) < minimum:
            self.error(value.pos, f"{where} needs at least {minimum} item{'s' * (minimum > 1)}",
                       _TYPE_EXAMPLES["array"], "too-few")
            ok = False
        items = definition.get("items")
        if items:
            strays = stray_items(value.items, _resolve(items))
            for number, item in enumerate(value.items, start=1):
                if number in strays:
                    ok = self._stray(value.items[number - 2], item, number, _singular(where), items) and ok
                elif number + 1 in strays:
                    continue  # checked with the stray item that completes it
                else:
                    before = len(self.problems)
                    ok = self.check(item, items, f"{_singular(where)} {number}") and ok
                    if number > 1 and len(self.problems) > before:
                        self._maybe_stray(value.items[number - 2], item, number, _singular(where), before)
        return ok

    def _maybe_stray(self, previous: YValue, item: YValue, number: int, name: str, since: int) -> None:
        """An item missing a required key, holding only a key or two the complete item above does
        not have (`- node: x` under `- user: hi`): its 'missing' error says it may belong above."""
        if not isinstance(previous, YMap) or not isinstance(item, YMap) or not item.values \
                or len(item.values) > 2 or set(item.values) & set(previous.values):
            return
        keys = " and ".join(f"'{k}'" for k in item.values)
        note = (f"; or, if {keys} belong{'s' * (len(item.values) == 1)} to {name} {number - 1} above, delete the "
                f"'- ' before {next(iter(item.values))!r}: it starts a {name} of its own")
        for i in range(since, len(self.problems)):
            problem = self.problems[i]
            if problem.code == "missing-key" and (problem.line, problem.col) == (item.pos.line, item.pos.col):
                self.problems[i] = problem._replace(hint=problem.hint.rstrip(".") + note)

    def _stray(self, previous: YValue, item: YValue, number: int, name: str, definition: dict[str, Any]) -> bool:
        """A list item holding only keys the item above it lacks (`- examples:` under a follow-up
        that has no examples): one item cut in two by a '- '. Said once, at the stray line; the
        two are checked as the one item they were meant to be."""
        if not isinstance(previous, YMap) or not isinstance(item, YMap):  # (stray_items found two mappings)
            return self.check(item, definition, f"{name} {number}")
        keys = " and ".join(f"'{k}'" for k in item.values)
        first = next(iter(item.values))
        self.error(item.keys[first], f"{name} {number} holds only {keys}, which {name} {number - 1} above it "
                                     f"lacks: the '- ' before {first!r} starts a {name} of its own",
                   f"delete that '- ' and indent {keys} like the other keys of {name} {number - 1} (line "
                   f"{previous.pos.line}), so that they are one {name}", "stray-list-item")
        self.check(merged_item(previous, item), definition, f"{name} {number - 1}")
        return False

    def _object(self, value: YValue, definition: dict[str, Any], where: str) -> bool:
        if not isinstance(value, YMap):
            return self._wrong_type(value, "object", where)
        ok = True
        properties: dict[str, Any] = definition.get("properties", {})
        extra = definition.get("additionalProperties", True)
        for key, item in value.values.items():
            if key in properties:
                ok = self.check(item, properties[key], f"'{key}'") and ok
            elif isinstance(extra, dict):
                ok = self.check(item, extra, f"'{key}'") and ok
            elif extra is False:
                known = list(properties)
                self.error(value.keys[key], f"unknown key '{key}' in {where}",
                           did_you_mean(key, known) + "keys here: " + ", ".join(known), "unknown-key")
                ok = False
        for key in definition.get("required", []):
            if key not in value.values and not (extra is False and misspelt(value, key, list(properties))):
                description = properties.get(key, {}).get("description", "")
                hint = f"add `{key}:`: {description[0].lower()}{description[1:]}" if description else f"add `{key}:`"
                self.error(value.pos, f"{where} is missing '{key}'", hint, "missing-key")
                ok = False
        if definition.get("minProperties") and not value.values:
            self.error(value.pos, f"{where} is empty", _TYPE_EXAMPLES["object"], "empty-value")
            ok = False
        one_of = definition.get("x-one-of-keys")
        if one_of:
            present = [k for k in one_of if k in value.values]
            if len(present) != 1:
                found = ", ".join(present) if present else "none of them"
                self.error(value.pos, f"{where} needs exactly one of {', '.join(one_of)} (found {found})",
                           "split it into one block per item: `- say: ...` then `- quote: ...`", "block-kind")
                ok = False
        return ok


def stray_items(items: tuple[YValue, ...] | list[YValue], definition: dict[str, Any]) -> set[int]:
    """The numbers (1-based) of list items that hold only a key or two the item above lacks, when
    each of the two is incomplete alone and together they are one complete item: the author
    wrote a '- ' before a key of the item above (`- examples:` under a follow-up)."""
    if definition.get("type") != "object" or "x-one-of-keys" in definition:
        return set()
    required = definition.get("required", [])
    needs_any = definition.get("x-needs-any", [])

    def lacking(value: YMap) -> bool:
        return any(k not in value.values for k in required) or \
            (bool(needs_any) and not any(k in value.values for k in needs_any))

    strays: set[int] = set()
    for number in range(2, len(items) + 1):
        previous, item = items[number - 2], items[number - 1]
        if number - 1 in strays or not isinstance(previous, YMap) or not isinstance(item, YMap):
            continue
        if not item.values or len(item.values) > 2 or set(item.values) & set(previous.values):
            continue
        if lacking(previous) and lacking(item) and not lacking(merged_item(previous, item)):
            strays.add(number)
    return strays


def merged_item(previous: YMap, item: YMap) -> YMap:
    """Two list items read as the one they were meant to be."""
    return YMap({**previous.values, **item.values}, {**previous.keys, **item.keys}, previous.pos)


def _shape_fits(value: YValue, expected: str | None) -> bool:
    if expected == "object":
        return isinstance(value, YMap)
    if expected == "array":
        return isinstance(value, YList)
    return isinstance(value, YScalar)


def _singular(where: str) -> str:
    names = {"'examples'": "example", "'answer'": "block", "'followups'": "follow-up", "'choices'": "choice",
             "'nodes'": "path", "'tests'": "path", "'caveats'": "caveat", "'turns'": "turn",
             "'when_quoting'": "passage", "'when_asked'": "phrasing", "'kind'": "kind"}
    return names.get(where, "item")
