"""A corpus of broken guides: each must be reported at the exact place, with a clear message."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from guide.dialog.checks import validate
from guide.dialog.loader import GuideNotFound
from tests.conftest import TINY_SOURCE

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)

TINY = "title: Tiny\nstart: hello\nsources:\n  doc:\n    file: doc.md\n"

# name -> (files to write over the tiny guide, expected "file:line:col: severity: message", hint part)
CASES: dict[str, tuple[dict[str, str | bytes], str, str]] = {
    "colon in a plain value": (
        {"nodes/hello.yaml": "id: hello\ntitle: Point 6: risk\n"},
        "nodes/hello.yaml:2:15: error: YAML syntax: a value contains ': ' (colon and space)",
        "put the whole value in quotes",
    ),
    "quoted value followed by more text": (
        {"nodes/hello.yaml": 'id: hello\ntitle: "Hello" and welcome\nanswer:\n  - say: Hi.\n'},
        "nodes/hello.yaml:2:16: error: YAML syntax: a quoted value is followed by more text on the same line "
        "(“and welcome”)",
        "put the whole value in quotes, e.g. title: '\"Hello\" and welcome'",
    ),
    "quoted list item followed by more text": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nexamples:\n  - 'hi' there\n  - hello\n"},
        "nodes/hello.yaml:4:10: error: YAML syntax: a quoted value is followed by more text on the same line",
        "put the whole value in quotes, e.g. - \"'hi' there\"",
    ),
    "quoted flow item followed by more text": (
        {"nodes/hello.yaml": 'id: hello\ntitle: Hello\nexamples: ["hi" there, hello]\n'},
        "nodes/hello.yaml:3:17: error: YAML syntax: a quoted value is followed by more text on the same line",
        "put the whole item in quotes, e.g. '\"hi\" there'",
    ),
    "tab indentation": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n\t- say: hi\n"},
        "nodes/hello.yaml:4:1: error: tab character in indentation",
        "YAML indents with spaces only",
    ),
    "duplicate key": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n  - say: Hi.\ntitle: Again\nchoices: [dogs]\n"},
        "nodes/hello.yaml:5:1: error: duplicate key 'title' (first defined at line 2)",
        "YAML keeps only one of them",
    ),
    "duplicate node id across files": (
        {"nodes/zzz.yaml": "id: dogs\ntitle: More dogs\nanswer:\n  - say: Woof.\n"},
        "nodes/zzz.yaml:1:5: error: duplicate node id 'dogs' (first defined at ",
        "node ids must be unique across all files",
    ),
    "unknown key": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nexmaples: [hi]\nanswer:\n  - say: Hi.\n"},
        "nodes/hello.yaml:3:1: error: unknown key 'exmaples' in node 'hello'",
        "did you mean 'examples'?",
    ),
    "examples written as text": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nexamples: hi there\nanswer:\n  - say: Hi.\n"},
        "nodes/hello.yaml:3:11: error: 'examples' should be a list, not the text \"hi there\"",
        "one item per line",
    ),
    "answer written as a mapping": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n  say: Hi.\n"},
        "nodes/hello.yaml:4:3: error: 'answer' should be a list, not a mapping",
        "one item per line",
    ),
    "empty file": (
        {"nodes/empty.yaml": ""},
        "nodes/empty.yaml:1:1: error: file is empty",
        "write a node",
    ),
    "whitespace and comments only": (
        {"nodes/empty.yaml": "   \n\n# nothing here yet\n  \n"},
        "nodes/empty.yaml:1:1: error: file is empty",
        "write a node",
    ),
    "not UTF-8": (
        {"nodes/latin1.yaml": b"id: caf\ntitle: Caf" + b"\xe9\n"},
        "nodes/latin1.yaml:2:11: error: file is not UTF-8 text (byte 0xe9 cannot be decoded)",
        "it looks like Windows-1252 (byte 0xe9 is é, latin small letter e with acute): save it as UTF-8",
    ),
    # Saved as "Unicode" by Windows Notepad or Word: UTF-16, with a byte-order mark or without one
    # (then valid UTF-8 when its letters are Latin, and it was "a control character (U+0000)" to delete).
    "UTF-16 node file": (
        {"nodes/u16.yaml": "id: u16\ntitle: U16\n".encode("utf-16")},
        "nodes/u16.yaml:1:1: error: file is not UTF-8 text (byte 0xff cannot be decoded)",
        "it looks like UTF-16: save it as UTF-8 (most editors: File > Save with encoding), or convert it: "
        "iconv -f UTF-16 -t UTF-8 u16.yaml > utf8.tmp, then put utf8.tmp in its place",
    ),
    "UTF-16 node file without a byte-order mark": (
        {"nodes/u16.yaml": "id: u16\ntitle: U16\n".encode("utf-16-le")},
        "nodes/u16.yaml:1:2: error: file is not UTF-8 text (byte 0x00 cannot be decoded)",
        "it looks like UTF-16LE: save it as UTF-8",
    ),
    # A `- ` left on its own line (a half-finished edit) or `- null`: the hint said "write it after the
    # colon, e.g. `title: Why touch calms`", of a list item.
    "empty list item": (
        {"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nexamples:\n  - dogs\n  -\n  - walks\nanswer:\n  - say: Woof.\n"
                            "choices: [hello]\n"},
        "nodes/dogs.yaml:5:4: error: example 2 is empty",
        "write it after the '- ' on its line, or delete the line",
    ),
    # A phrasing holding ': ' is a mapping in YAML; its hint was "write it after the colon, e.g.
    # `title: Why touch calms`", and a test's `says:` given a list got the same words about `title`.
    "colon and space in a phrasing": (
        {"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nexamples:\n  - dogs\n  - walks: how often\nanswer:\n"
                            "  - say: Woof.\nchoices: [hello]\n"},
        "nodes/dogs.yaml:5:5: error: example 2 should be text, not a mapping",
        "': ' (a colon and a space) makes YAML read it as `key: value`; put it in quotes: - \"walks: how often\"",
    ),
    "a list where a test takes one text": (
        {"tests/t.yaml": "- name: t\n  turns:\n    - user: hi\n      says: [Hello, Hi]\n"},
        "tests/t.yaml:4:13: error: 'says' should be text, not a list",
        "`says` takes one text, not a list: write it after the colon, e.g. `says: calms the nervous system`",
    ),
    # A value that starts with a bracket and goes on (a Markdown link pasted as a title, a "[Draft]"
    # tag): YAML reads a list or a mapping, and said "a line is indented differently from the keys
    # around it" on a line whose indentation is right.
    "markdown link as a title": (
        {"nodes/dogs.yaml": "id: dogs\ntitle: [Dogs](https://example.org/dogs)\nanswer:\n  - say: Woof.\n"},
        "nodes/dogs.yaml:2:14: error: YAML syntax: a value that starts with '[' is read as a list, and more text "
        "follows its closing bracket (“(https://example.org/dogs)”)",
        "put the whole value in quotes, e.g. title: '[Dogs](https://example.org/dogs)'",
    ),
    "bracketed tag before a phrasing": (
        {"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nexamples:\n  - {draft} dog walks\nanswer:\n  - say: Woof.\n"},
        "nodes/dogs.yaml:4:13: error: YAML syntax: a value that starts with '{' is read as a mapping",
        "put the whole value in quotes, e.g. - '{draft} dog walks'",
    ),
    # Items written as one line of text with commas, and a bracketed list inside a list: the hints said
    # "one item per line" and "write it after the colon, e.g. `title: ...`".
    "choices as text with commas": (
        {"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nanswer:\n  - say: Woof.\nchoices: hello, dogs\n"},
        "nodes/dogs.yaml:5:10: error: 'choices' should be a list, not the text \"hello, dogs\"",
        "if these are several items, put them in brackets: `choices: [hello, dogs]`",
    ),
    "a list inside the phrasings": (
        {"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nexamples:\n  - dogs\n  - [walks, walking]\nanswer:\n"
                            "  - say: Woof.\n"},
        "nodes/dogs.yaml:5:5: error: example 2 should be text, not a list",
        "'[' starts a list inside the list: write each item on its own '- ' line, or put it in quotes",
    ),
    "file too large": (
        {"nodes/huge.yaml": "id: huge\ntitle: Huge\nexamples:\n" + "  - a phrasing that repeats\n" * 40_000},
        "nodes/huge.yaml:1:1: error: file is too large (1,120,031 bytes)",
        "split it into several files",
    ),
    "python tag": (
        {"nodes/evil.yaml": "id: evil\ntitle: !!python/object/apply:os.system ['echo pwned']\n"},
        "nodes/evil.yaml:2:8: error: unknown tag '!!python/object/apply:os.system'",
        "remove the tag",
    ),
    "custom tag": (
        {"nodes/tagged.yaml": "id: tagged\ntitle: !secret Hello\nanswer:\n  - say: Hi.\n"},
        "nodes/tagged.yaml:2:8: error: unknown tag '!secret'",
        "remove the tag",
    ),
    "billion laughs": (
        {"nodes/bomb.yaml": BOMB},
        "nodes/bomb.yaml:1:1: error: file expands to more than 200,000 values through anchors and aliases",
        "must not multiply the file",
    ),
    "recursive alias": (
        {"nodes/loop.yaml": "id: loop\ntitle: Loop\nexamples: &x [a, *x]\nanswer:\n  - say: Hi.\n"},
        "nodes/loop.yaml:3:11: error: an alias refers to the value that contains it (recursive alias)",
        "write the value out",
    ),
    "undefined alias": (
        {"nodes/alias.yaml": "id: alias\ntitle: *missing\n"},
        "nodes/alias.yaml:2:8: error: YAML syntax: an alias (*name) refers to an anchor (&name) "
        "that is not defined above it",
        "define the anchor first",
    ),
    "choice to a missing node": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n  - say: Hi.\nchoices: [dgos]\n"},
        "nodes/hello.yaml:5:11: error: choice 'dgos' does not exist",
        "did you mean 'dogs'?",
    ),
    "goto a missing node": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\ngoto: cats\n"},
        "nodes/hello.yaml:1:1: error: goto of node 'hello': node 'cats' does not exist",
        "check the spelling or add the node",
    ),
    "missing start node": (
        {"guide.yaml": "title: Tiny\nstart: welcome\nsources:\n  doc:\n    file: doc.md\n"},
        "guide.yaml:2:8: error: start node 'welcome' does not exist",
        "check the spelling or add the node",
    ),
    "missing source file": (
        {"guide.yaml": "title: Tiny\nstart: hello\nsources:\n  doc:\n    file: docs.md\n"},
        "guide.yaml:5:11: error: source file 'docs.md' not found",
        "did you mean 'doc.md'?",
    ),
    "quote not in the source": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n  - quote: Cats sleep for most of the night\n"},
        "nodes/hello.yaml:4:12: error: quote not found in source 'doc'",
        'closest passage (paragraph 1, 92% alike): "Cats sleep for most of the day, often"\n'
        'first difference after "…for most of the": the quote has "night", the source "day, often"',
    ),
    "quote across paragraphs": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n"
                             "  - quote: often in the sun. Dogs need a walk\n"},
        "nodes/hello.yaml:4:12: error: quote runs across paragraphs 1 and 2 of 'doc'",
        "split it into one quote per paragraph",
    ),
    "quote with an ellipsis": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n  - quote: Cats sleep ... in the sun\n"},
        "nodes/hello.yaml:4:12: error: quote not found in source 'doc'",
        "instead of an ellipsis, use two quotes",
    ),
    "quote from an unknown source": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n  - quote: Cats sleep\n    source: dco\n"},
        "nodes/hello.yaml:5:13: error: unknown source 'dco'",
        "did you mean 'doc'?",
    ),
    "block with two kinds": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n  - say: Hi.\n    quote: Cats sleep\n"},
        "nodes/hello.yaml:4:5: error: block 1 needs exactly one of say, quote, note, research (found say, quote)",
        "one block per item",
    ),
    "research without cite": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n  - research: Cats nap a lot.\n"},
        "nodes/hello.yaml:4:15: error: a research note needs `cite:` (the study it reports)",
        "add e.g. `cite:",
    ),
    "missing title": (
        {"nodes/hello.yaml": "id: hello\nanswer:\n  - say: Hi.\n"},
        "nodes/hello.yaml:1:1: error: node 'hello' is missing 'title'",
        "add `title:`",
    ),
    "id with spaces and capitals": (
        {"nodes/extra.yaml": "id: My Topic\ntitle: Mine\nanswer:\n  - say: Hi.\n"},
        "nodes/extra.yaml:1:5: error: 'id' 'My Topic' is not a valid id",
        "lowercase letters, digits",
    ),
    "start node in capitals": (
        {"guide.yaml": TINY.replace("start: hello", "start: Hello")},
        "guide.yaml:2:8: error: 'start' 'Hello' is not a valid id",
        "ids are written in lowercase: 'hello'",
    ),
    "control character": (
        {"nodes/ctrl.yaml": "id: ctrl\ntitle: Bell\x07\n"},
        "nodes/ctrl.yaml:2:12: error: file contains a control character (U+0007) that YAML does not allow",
        "copy and paste",
    ),
    "unclosed quote": (
        {"nodes/open.yaml": 'id: open\ntitle: "Hello\nanswer:\n  - say: Hi.\n'},
        "nodes/open.yaml:2:8: error: YAML syntax: a quoted value is never closed",
        "close the quote",
    ),
    "quote left open until a later quote": (  # it said "a line is indented differently" at line 5
        {"nodes/open.yaml": 'id: open\ntitle: "Hello\nexamples:\n  - hi\nanswer:\n  - say: "Hi."\n'},
        "nodes/open.yaml:2:8: error: YAML syntax: a quoted value is not closed on its line: YAML reads on to the "
        "next \" (line 6)",
        "close the quote on line 2",
    ),
    "id with a no-break space": (  # the hint said "ids are written in lowercase: 'hello'"
        {"nodes/hello.yaml": "id: hello\u00a0\ntitle: Hello\nanswer:\n  - say: Hi.\nend: true\n"},
        "nodes/hello.yaml:1:5: error: 'id' 'hello<U+00A0>' is not a valid id",
        "it holds an invisible character, U+00A0 NO-BREAK SPACE (left by copy and paste): write 'hello'",
    ),
    "choice with a zero-width space": (  # the message showed 'he\u200bllo' as 'hello', the hint nothing about it
        {"nodes/pick.yaml": "id: pick\ntitle: Pick\nanswer:\n  - say: Hi.\nchoices: [he\u200bllo]\n"},
        "nodes/pick.yaml:5:11: error: choice 1 'he<U+200B>llo' is not a valid id",
        "U+200B ZERO WIDTH SPACE (left by copy and paste): write 'hello'",
    ),
    "typographic quotes around a value with ': '": (  # the hint said "put the whole value in quotes"
        {"nodes/hello.yaml": "id: hello\ntitle: \u201cTip 2: rest\u201d\n"},
        "nodes/hello.yaml:2:14: error: YAML syntax: a value contains ': ' (colon and space)",
        '“ and ” are typographic quotes, which YAML reads as letters: put the value in straight quotes, '
        'e.g. title: "Tip 2: rest"',
    ),
    "byte order mark inside the file": (  # two files joined: it said "a line is indented differently"
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\n\ufeffanswer:\n  - say: Hi.\n"},
        "nodes/hello.yaml:3:1: error: YAML syntax: a byte order mark (U+FEFF, invisible) inside the file",
        "delete it",
    ),
    "no space after a key's colon": (  # it said "a line inside a mapping is not `key: value`" at line 3
        {"nodes/hello.yaml": "id: hello\ntitle:Hello there\nanswer:\n  - say: Hi.\n"},
        "nodes/hello.yaml:2:6: error: YAML syntax: the key 'title' has no space after its colon",
        "write `title: Hello there` (a colon, then a space)",
    ),
    "no space after the first key's colon": (  # it said "a value contains ': '" at 2:6, "put it in quotes"
        {"nodes/hello.yaml": "id:hello\ntitle: Hello\n"},
        "nodes/hello.yaml:1:3: error: YAML syntax: the key 'id' has no space after its colon",
        "write `id: hello`",
    ),
    "'=' or a full-width colon for ':'": (
        {"nodes/hello.yaml": "id: hello\ntitle \uff1a Hello\nanswer:\n  - say: Hi.\n"},
        "nodes/hello.yaml:2:6: error: YAML syntax: the key 'title' is followed by a full-width colon",
        "write `title: Hello`",
    ),
    "' #' inside brackets": (  # YAML drops the rest of the line: it said only "a '[' is never closed"
        {"nodes/hash.yaml": "id: hash\ntitle: Hash\nexamples: [how far, route #2, the map]\n"},
        "nodes/hash.yaml:3:27: error: YAML syntax: ' #' (space and hash) starts a comment, even inside [ ] or { }",
        'quote the phrasing: "route #2"',
    ),
    "':' ending a phrasing inside brackets": (
        {"nodes/colon.yaml": "id: colon\ntitle: Colon\nexamples: [a, the ratio:, c]\n"},
        "nodes/colon.yaml:3:24: error: YAML syntax: a phrasing inside [ ] or { } ends with ':'",
        'quote the phrasing: "the ratio:"',
    ),
    "unknown manifest key": (
        {"guide.yaml": "title: Tiny\nstart: hello\nsoruces:\n  doc:\n    file: doc.md\n"},
        "guide.yaml:3:1: error: unknown key 'soruces' in guide.yaml",
        "did you mean 'sources'?",
    ),
    "threshold out of range": (
        {"guide.yaml": TINY + "matching:\n  answer: 80\n"},
        "guide.yaml:7:11: error: 'answer' is 80, outside 0..1",
        "use a value from 0 to 1",
    ),
    "clarify above answer": (
        {"guide.yaml": TINY + "matching:\n  answer: 0.5\n  clarify: 0.7\n"},
        "guide.yaml:8:12: error: `clarify` (0.7) is above `answer` (0.5)",
        "clarify is the lower bar",
    ),
    "node file holding plain text": (
        {"nodes/text.yaml": "just some words\n"},
        "nodes/text.yaml:1:1: error: a node file holds a node (a mapping) or a list of nodes, not plain text",
        "start with `id: my-topic`",
    ),
    "follow-up with nothing to do": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n  - say: Hi.\nfollowups:\n"
                             "  - examples: [more]\n"},
        "nodes/hello.yaml:6:5: error: follow-up 1 of node 'hello' has neither `answer` nor `goto`",
        "give it answer blocks",
    ),
    "two documents in one file": (
        {"nodes/two.yaml": "id: one\ntitle: One\n---\nid: two\ntitle: Two\n"},
        "nodes/two.yaml:3:1: error: YAML syntax: the file holds more than one YAML document ('---')",
        "keep one document per file",
    ),
    "end is not true or false": (
        {"nodes/hello.yaml": "id: hello\ntitle: Hello\nanswer:\n  - say: Hi.\nend: maybe\n"},
        "nodes/hello.yaml:5:6: error: 'end' should be true or false, not the text \"maybe\"",
        "true or false",
    ),
    "synonyms not a list": (
        {"guide.yaml": TINY + "synonyms:\n  dog: puppy\n"},
        "guide.yaml:7:8: error: 'dog' should be a list, not the text \"puppy\"",
        "one item per line",
    ),
    "node with nothing to say": (
        {"nodes/mute.yaml": "id: mute\ntitle: Mute\nexamples: [a, b, c, d, e]\nchoices: [hello]\n"},
        "nodes/mute.yaml:1:1: error: node 'mute' has nothing to say",
        "give it `answer:` blocks",
    ),
    "source that is not UTF-8": (
        {"doc.md": b"# Doc\n\nCaf\xe9 au lait.\n"},
        "doc.md:3:4: error: source is not UTF-8 text (byte 0xe9)",
        "it looks like Windows-1252 (byte 0xe9 is é, latin small letter e with acute): save it as UTF-8",
    ),
    # `file:` pointing at the manifest (or a node file) read it as plain text: every quote was "not found".
    "source that is the manifest": (
        {"guide.yaml": "title: Tiny guide\nstart: hello\nsources:\n  doc:\n    file: guide.yaml\n"},
        "guide.yaml:5:11: error: source 'doc' is the guide's own guide.yaml, not a document to quote",
        "a source is the document the guide quotes (Markdown or plain text)",
    ),
    "source that is a node file": (
        {"guide.yaml": "title: Tiny guide\nstart: hello\nsources:\n  doc:\n    file: nodes/dogs.yaml\n"},
        "guide.yaml:5:11: warning: source file 'nodes/dogs.yaml' is a YAML file (a node or test file?), read as "
        "plain text",
        "a source is the document the guide quotes",
    ),
    # `file:` written as a web address, a Windows path, or a folder in the wrong case: "folder
    # .../https:/example.org does not exist".
    "source given as a web address": (
        {"guide.yaml": "title: Tiny guide\nstart: hello\nsources:\n  doc:\n    file: https://example.org/doc.html\n"},
        "guide.yaml:5:11: error: source file 'https://example.org/doc.html' not found",
        "`file:` is a file in the guide folder, not a web address: save the page there as Markdown or plain text",
    ),
    "source path with backslashes": (
        {"guide.yaml": "title: Tiny guide\nstart: hello\nsources:\n  doc:\n    file: texts\\doc.md\n",
         "texts/doc.md": TINY_SOURCE},
        "guide.yaml:5:11: error: source file 'texts\\doc.md' not found",
        "write the path with '/', not '\\': `file: texts/doc.md`",
    ),
    "source folder in another case": (
        {"guide.yaml": "title: Tiny guide\nstart: hello\nsources:\n  doc:\n    file: Texts/doc.md\n",
         "texts/doc.md": TINY_SOURCE},
        "guide.yaml:5:11: error: source file 'Texts/doc.md' not found",
        "did you mean 'texts'? folder",
    ),
    "source in Windows-1252": (
        {"doc.md": "# Doc\n\n\u201cDogs\u201d need a walk \u2013 twice.\n".encode("cp1252")},
        "doc.md:3:1: error: source is not UTF-8 text (byte 0x93)",
        "it looks like Windows-1252 (byte 0x93 is \u201c, left double quotation mark): save it as UTF-8 (most editors: "
        "File > Save with encoding), or convert it: iconv -f WINDOWS-1252 -t UTF-8 doc.md > utf8.tmp",
    ),
    "source in UTF-16": (
        {"doc.md": "# Doc\n\nDogs need a walk every morning and every evening.\n".encode("utf-16")},
        "doc.md:1:1: error: source is not UTF-8 text (byte 0xff)",
        "it looks like UTF-16: save it as UTF-8",
    ),
    "source in UTF-16 without a byte-order mark": (
        {"doc.md": "# Doc\n\nDogs need a walk every morning and every evening.\n".encode("utf-16-be")},
        "doc.md:1:1: error: source is not UTF-8 text (byte 0x00)",
        "it looks like UTF-16BE: save it as UTF-8",
    ),
    # YAML breaks lines at U+2028, U+2029 and U+0085, which editors do not show (text pasted from a
    # word processor or a web page): "a line inside a mapping is not `key: value`" at line 7 of a
    # six-line file, and a quote cut in two.
    "unicode line separator in a folded quote": (
        {"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nexamples: [dogs]\nanswer:\n  - quote: >-\n"
                            "      Dogs need a walk every\u2028morning and every evening.\nchoices: [hello]\n"},
        "nodes/dogs.yaml:6:29: error: text holds a Unicode line separator (U+2028), which YAML reads as a line break",
        "replace it with a space: most editors do not show it",
    ),
    "next-line characters in a title": (
        {"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\u0085and\u0085walks\nanswer:\n  - say: Woof.\n"},
        "nodes/dogs.yaml:2:12: error: text holds a next-line character (U+0085), which YAML reads as a line break "
        "(2 in the file)",
        "replace it with a space",
    ),
}


def _relative(problem, root: Path) -> str:
    path = Path(problem.file)
    shown = path.relative_to(root) if path.is_absolute() and path.is_relative_to(root) else path
    return f"{shown}:{problem.line}:{problem.col}: {problem.severity}: {problem.message}"


@pytest.mark.parametrize("name", list(CASES))
def test_broken_guide_is_reported_exactly(name: str, make_guide, tmp_path: Path) -> None:
    files, expected, hint = CASES[name]
    root = make_guide(files)
    report = validate(root)
    found = [p for p in report.problems if _relative(p, tmp_path).startswith(expected)]
    shown = "\n".join(_relative(p, tmp_path) for p in report.problems)
    assert found, f"expected\n  {expected}\ngot\n{shown}"
    assert hint in found[0].hint, f"hint was: {found[0].hint}"
    assert report.errors, "a broken guide must fail validation"


def test_corpus_is_large_and_distinct() -> None:
    assert len(CASES) >= 25
    assert len({expected for _, expected, _ in CASES.values()}) == len(CASES) - 2  # two "file is empty"


def test_every_problem_is_collected_not_just_the_first(make_guide) -> None:
    root = make_guide({
        "nodes/hello.yaml": "id: hello\ntitle: Hello\nexmaples: [hi]\nanswer:\n  - quote: not in the doc at all\n"
                            "choices: [nowhere]\n",
        "nodes/bad.yaml": "id: bad\ntitle: [oops\n",
    })
    codes = sorted(p.code for p in validate(root).errors)
    assert codes == ["missing-node", "quote-not-found", "unknown-key", "yaml-syntax"]


def test_missing_path_cannot_run(tmp_path: Path) -> None:
    with pytest.raises(GuideNotFound):
        validate(tmp_path / "nope")


def test_folder_without_manifest_cannot_run(tmp_path: Path) -> None:
    with pytest.raises(GuideNotFound, match=r"no guide\.yaml"):
        validate(tmp_path)


@pytest.mark.parametrize("name", ["article.md", "notes.TXT", "export.json"])
@pytest.mark.parametrize("command", [["validate"], ["lint"], ["graph"], ["test"], ["calibrate"], ["explain", "--guide"],
                                     ["ask", "--guide"]])
def test_a_document_given_as_the_guide_is_named_not_read_as_yaml(tmp_path: Path, capsys, name, command) -> None:
    """A Markdown source outside any guide, given where the guide goes, was read as a manifest:
    "article.md:7:1: error: YAML syntax: did not find expected <document start>"."""
    from guide.cli import main

    document = tmp_path / name
    document.write_text("# A title\n\nA paragraph.\n\n## More\n\nAnother paragraph: with a colon.\n")
    assert main([*command, str(document), *(["hi"] if command[-1] == "--guide" else [])]) == 2
    err = capsys.readouterr().err
    assert "YAML" not in err and "Traceback" not in err
    assert f"{document} is not a guide (no guide.yaml beside it or above)" in err
    assert ("guide new my-guide --source" in err) == (name != "export.json")


STRAY_FOLLOWUP = """\
id: hello
title: Hello
examples: [hi, hello, hey there, good morning, start]
answer:
  - say: Hello.
followups:
  - title: more
    answer:
      - quote: Cats sleep for most of the day
  - examples: [tell me more, go on]
choices: [dogs]
"""


def test_a_stray_dash_before_a_key_of_the_item_above_is_named_once_at_its_line(make_guide, tmp_path: Path) -> None:
    """`- examples:` under a follow-up that has none: one follow-up cut in two by a '- '."""
    report = validate(make_guide({"nodes/hello.yaml": STRAY_FOLLOWUP}))
    shown = [_relative(p, tmp_path) for p in report.errors]
    assert shown == ["nodes/hello.yaml:10:5: error: follow-up 2 holds only 'examples', which follow-up 1 above it "
                     "lacks: the '- ' before 'examples' starts a follow-up of its own"], shown
    assert "delete that '- ' and indent 'examples' like the other keys of follow-up 1 (line 7)" in \
        report.errors[0].hint
    # read as the one follow-up it was meant to be: nothing about a follow-up without answer or examples
    assert report.guide is not None
    [followup] = report.guide.nodes["hello"].followups
    assert [e.text for e in followup.examples] == ["tell me more", "go on"] and followup.answer


def test_a_lone_key_after_a_complete_item_may_belong_above(make_guide) -> None:
    from guide.authoring.testing import load_tests
    from guide.dialog.loader import load_guide

    root = make_guide({"tests/t.yaml": "- name: t\n  turns:\n    - user: hello\n    - node: hello\n"})
    suite = load_tests(load_guide(root).guide)
    [problem] = suite.errors
    assert (problem.line, problem.message) == (4, "turn 2 is missing 'user'")
    assert "if 'node' belongs to turn 1 above, delete the '- ' before 'node'" in problem.hint


def test_an_id_in_capitals_is_one_error_not_also_a_missing_node(make_guide) -> None:
    """`start: Hello` for the node `hello`: one error with the id it is close to, not a second one
    saying that no node 'Hello' exists."""
    root = make_guide({"guide.yaml": TINY.replace("start: hello", "start: Hello")})
    assert [p.message for p in validate(root).errors] == ["'start' 'Hello' is not a valid id"]


def test_an_id_with_an_invisible_character_is_one_error_not_also_missing_nodes(make_guide) -> None:
    """`id: hello` and a no-break space: every `choices: [hello]` and `start: hello` also said "node
    'hello' does not exist", with "did you mean 'hello '?" (the two looked alike)."""
    node = "id: hello\u00a0\ntitle: Hello\nexamples: [hi]\nanswer:\n  - say: Hi.\nchoices: [bye]\n"
    bye = "id: bye\ntitle: Bye\nexamples: [bye]\nanswer:\n  - say: Bye.\nchoices: [hello]\n"
    root = make_guide({"guide.yaml": TINY, "nodes/hello.yaml": node, "nodes/bye.yaml": bye})
    assert [p.message for p in validate(root).errors] == ["'id' 'hello<U+00A0>' is not a valid id"]


def test_a_blank_quote_is_said_once(make_guide, tmp_path: Path) -> None:
    """It also said "quote not found in source", at the same line and column."""
    root = make_guide({"nodes/blank.yaml": 'id: blank\ntitle: Blank\nexamples: [a, b, c, d, e]\n'
                                           'answer:\n  - quote: "   "\nend: true\n'})
    said = [_relative(p, tmp_path) for p in validate(root).problems if p.file.endswith("blank.yaml")]
    assert said == ["nodes/blank.yaml:5:12: error: 'quote' is empty"]


@pytest.mark.parametrize("width", [10, 3])
def test_an_alias_bomb_is_measured_before_any_value_is_converted(width: int, monkeypatch) -> None:
    """Converting a billion-laughs file value by value up to the limit took 3-4 s (one value,
    scalar or list, per step): its size is counted on the composed graph first, each node once."""
    from guide.dialog import yamltree

    converted = 0
    convert = yamltree._Converter.convert

    def counting(self, node):
        nonlocal converted
        converted += 1
        return convert(self, node)

    monkeypatch.setattr(yamltree._Converter, "convert", counting)
    names = "abcdefghijklmnopqrstuvwxyz"
    levels = 12 if width == 3 else 9  # 3**12 and 10**9 values, each far over the limit
    bomb = f"a: &a [{', '.join(['x'] * width)}]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * width)}]\n" for p, n in itertools.pairwise(names[:levels]))
    value, problems = yamltree.parse_yaml(bomb, "bomb.yaml")
    assert value is None and [p.code for p in problems] == ["alias-bomb"]
    assert converted == 0
