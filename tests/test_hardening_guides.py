"""Guide folders authors could produce that once crashed a command or said too little: each test is
a reproduction of a failure found by running every command on broken guides."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guide.cli import main
from guide.dialog.checks import validate
from guide.dialog.loader import load_guide
from tests.conftest import TINY_DOGS, TINY_MANIFEST, TINY_SOURCE


def _messages(root: Path) -> list[str]:
    return [p.format() for p in validate(root).problems if p.is_error]


@pytest.mark.parametrize("link", ["doc.md", "other.md"])
def test_a_source_that_is_a_symlink_loop_is_an_error(make_guide, link: str, capsys) -> None:
    """Path.resolve() raises RuntimeError on a loop (Python 3.11, 3.12): every command that loads the
    guide printed a traceback."""
    root = make_guide({"doc.md": None})
    os.symlink(link, root / "doc.md")
    if link == "other.md":
        os.symlink("doc.md", root / "other.md")
    assert any("guide.yaml:5:11: error: source file 'doc.md' is a symbolic link that leads back to itself" in m
               for m in _messages(root))
    assert main(["ask", "--guide", str(root), "dogs"]) == 2
    assert "symbolic link that leads back to itself" in capsys.readouterr().err


def test_a_node_or_test_file_that_is_a_symlink_loop_is_an_error(make_guide) -> None:
    root = make_guide()
    os.symlink("loop.yaml", root / "nodes" / "loop.yaml")
    (root / "tests").mkdir()
    os.symlink("t.yaml", root / "tests" / "t.yaml")
    messages = _messages(root)
    assert any(m.startswith(f"{root / 'nodes' / 'loop.yaml'}:1:1: error: cannot read file: it is a symbolic link")
               for m in messages), messages
    assert any("tests/t.yaml:1:1: error: cannot read file" in m for m in messages), messages


def test_text_cut_short_by_a_comment_is_a_warning(make_guide) -> None:
    """`title: Point #2 of six` is the title "Point" in YAML, and `- quote: ... #...` a shorter quote:
    the guide loaded without a word about the lost text."""
    root = make_guide({"nodes/dogs.yaml": "id: dogs\ntitle: Dogs #1 fans\nexamples:\n  - dogs #2\n"
                       "  - walking the dog   # a comment, as meant\n  - 'when do dogs #walk'\n  - dog#walks\n"
                       "answer:\n  - quote: Dogs need a walk every morning #and every evening.\nchoices: [hello]\n"})
    cuts = [p for p in validate(root).problems if p.code == "comment-cut"]
    assert [(p.line, p.col) for p in cuts] == [(2, 13), (4, 10), (9, 43)]
    assert cuts[0].message == "' #' starts a YAML comment, so this title is “Dogs”: “#1 fans” is left out"
    assert cuts[0].hint.startswith('put the whole value in quotes ("Dogs #1 fans")')
    assert "this phrasing of node 'dogs' is “dogs”" in cuts[1].message
    assert "this `quote` block of node 'dogs' is “Dogs need a walk every morning”" in cuts[2].message


def test_a_source_file_name_with_a_nul_is_an_error(make_guide) -> None:
    """`file: "doc\\0.md"` reached Path.resolve(), which raises ValueError (embedded null byte): a
    traceback from every command. It is the control-character error at the name, and nothing else."""
    root = make_guide({"guide.yaml": 'title: Tiny guide\nstart: hello\nsources:\n  doc:\n    file: "doc\\0.md"\n'})
    messages = _messages(root)
    assert len(messages) == 1 and "guide.yaml:5:11: error: text contains a control character (U+0000)" in messages[0]


def test_a_node_file_that_is_a_broken_symlink_is_an_error(make_guide) -> None:
    """nodes/dogs.yaml linking to a file that was moved was skipped without a word: its node was just
    gone, and validate said ok when nothing referred to it."""
    root = make_guide({"nodes/dogs.yaml": None, "nodes/hello.yaml": "id: hello\ntitle: Hello\nexamples: [hi]\n"
                       "answer:\n  - say: Hello.\nend: true\n"})
    os.symlink("../moved/dogs.yaml", root / "nodes" / "dogs.yaml")
    assert _messages(root) == [f"{root / 'nodes' / 'dogs.yaml'}:1:1: error: cannot read file: it is a symbolic link to "
                               "'../moved/dogs.yaml', which does not exist\n  hint: point the link at a file (ls -l "
                               "shows where it leads), or replace it with the file itself"]


@pytest.mark.parametrize("nodes", ["nodes/*.yaml", "nodes/**/*.yaml"])
def test_hidden_files_an_editor_leaves_are_not_node_files(make_guide, nodes: str) -> None:
    """Emacs's lock link `.#dogs.yaml`, macOS's `._dogs.yaml` on a shared drive and a backup copy
    `.dogs.yaml` were read as node files: a broken link, bytes that are not UTF-8 and a second node
    'dogs' (three errors in a guide without a mistake). A wildcard skips hidden files, as in the
    shell; a pattern that spells the dot still reads them."""
    root = make_guide({"guide.yaml": TINY_MANIFEST + f"nodes: [{nodes!r}]\n", "nodes/.dogs.yaml": TINY_DOGS})
    os.symlink("author@host.4242:1733600000", root / "nodes" / ".#dogs.yaml")
    (root / "nodes" / "._dogs.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \xff\xfe")
    assert _messages(root) == []
    (root / "guide.yaml").write_text(TINY_MANIFEST + "nodes: [nodes/*.yaml, nodes/.dogs.yaml]\n")
    assert "duplicate node id 'dogs'" in " ".join(_messages(root))


def test_a_guide_without_nodes_is_said_once_with_the_right_hint(make_guide) -> None:
    """No nodes/ folder gave "no node files found" and, first, "the guide has no nodes" at 1:1; node
    files that all failed to load got "add node files under nodes/", about files that are there."""
    root = make_guide({"nodes/hello.yaml": None, "nodes/dogs.yaml": None})
    assert [m.split("\n")[0] for m in _messages(root)] == [f"{root / 'guide.yaml'}:1:1: error: no node files found"]
    root = make_guide({"nodes/hello.yaml": "id: hello\n\ttitle: Hello\n", "nodes/dogs.yaml": "id: [dogs\n"})
    *_, last = _messages(root)
    assert last == (f"{root / 'guide.yaml'}:1:1: error: the guide has no nodes: none of its 2 node files loaded\n"
                    "  hint: fix the errors above first")


def test_a_nodes_folder_that_cannot_be_read_is_named(make_guide, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unreadable nodes/ gave "no node files found: put node files in nodes/*.yaml" and "the guide has
    no nodes", though the files were there. (The refusal is the operating system's, stood in for here:
    the tests may run as root, whom chmod does not stop.)"""
    root = make_guide()
    listdir = os.listdir

    def refuse(path=".") -> list[str]:
        if Path(path) == root / "nodes":
            raise PermissionError(13, "Permission denied", str(path))
        return listdir(path)

    monkeypatch.setattr(os, "listdir", refuse)
    assert _messages(root) == [f"{root / 'guide.yaml'}:1:1: error: cannot read folder {root / 'nodes'}: permission "
                               f"denied\n  hint: let yourself list it and read its files (chmod u+rx {root / 'nodes'})"]


def test_two_caveats_with_one_id_are_an_error(make_guide, capsys) -> None:
    """validate said ok, and every conversation command crashed: the caveats' phrasings are indexed
    by caveat id (ValueError: duplicate intent keys)."""
    manifest = ("title: Tiny guide\nstart: hello\nsources:\n  doc:\n    file: doc.md\ncaveats:\n"
                "  - id: care\n    note: Dogs differ.\n    when_asked: [do all dogs walk]\n"
                "  - id: care\n    note: Cats differ.\n    when_asked: [do all cats sleep]\n")
    root = make_guide({"guide.yaml": manifest})
    assert _messages(root) == [f"{root / 'guide.yaml'}:10:9: error: duplicate caveat id 'care' (first defined at "
                               "line 7)\n  hint: caveat ids must be unique; rename one, or merge the two notes"]
    assert main(["ask", "--guide", str(root), "dogs"]) == 2
    assert "duplicate caveat id 'care'" in capsys.readouterr().err


def test_a_node_with_nothing_to_say_stops_the_conversation_commands(make_guide, capsys) -> None:
    """It was an error to guide validate only: guide ask answered with an empty reply, and guide test
    passed, on a guide that validate failed."""
    root = make_guide({"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nexamples: [dogs, walking the dog]\n"})
    assert main(["ask", "--guide", str(root), "walking the dog"]) == 2
    assert "nodes/dogs.yaml:1:1: error: node 'dogs' has nothing to say" in capsys.readouterr().err
    (root / "tests").mkdir()
    (root / "tests" / "t.yaml").write_text("- name: dogs\n  turns:\n    - user: walking the dog\n      node: dogs\n")
    assert main(["test", str(root)]) == 2


@pytest.mark.parametrize("make, what", [(lambda m: m.mkdir(), "a folder"),
                                        (lambda m: os.symlink("guide.yaml", m), "a symbolic link that leads nowhere"),
                                        (lambda m: os.symlink("moved.yaml", m), "a symbolic link that leads nowhere")])
def test_a_manifest_that_is_not_a_file_is_named(tmp_path: Path, capsys, make, what: str) -> None:
    """A guide.yaml that is a folder or a symlink loop was "no guide.yaml in this folder"."""
    make(tmp_path / "guide.yaml")
    assert main(["validate", str(tmp_path)]) == 2
    assert f"{tmp_path / 'guide.yaml'} is {what}" in capsys.readouterr().err


@pytest.mark.parametrize("quote, message", [
    ("ats sleep for most of the day", "quote starts inside the word “Cats” in source 'doc'"),
    ("Dogs need a walk every morning and every even", "quote ends inside the word “evening” in source 'doc'"),
    ("ften in the sun", "quote starts inside the word “often” in source 'doc'"),
])
def test_a_quote_that_cuts_a_word_is_an_error(make_guide, quote: str, message: str) -> None:
    """A quote was any substring of the source: "ats sleep" passed as a quote of "Cats sleep", and
    "possible to" would of "impossible to", the article's words turned round."""
    root = make_guide({"nodes/dogs.yaml": f"id: dogs\ntitle: Dogs\nexamples: [dogs]\nanswer:\n  - quote: {quote}\n"})
    assert any(f"nodes/dogs.yaml:5:12: error: {message}" in m for m in _messages(root)), _messages(root)


def test_whole_words_are_still_found_wherever_they_are(make_guide) -> None:
    from guide.dialog.loader import load_guide

    root = make_guide({"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nexamples: [dogs]\nanswer:\n  - quote: in the sun\n"
                       "  - quote: sun.\n  - quote: Birds sing\n  - quote: \"day, often\"\n"})
    guide = load_guide(root).guide
    assert not _messages(root)
    assert [q.location.paragraph for q in guide.nodes["dogs"].answer] == [1, 1, 3, 1]


def test_validating_a_node_file_checks_its_guide(make_guide, capsys, monkeypatch: pytest.MonkeyPatch,
                                                tmp_path_factory: pytest.TempPathFactory) -> None:
    """`guide validate nodes/dogs.yaml` read the node file as a manifest: "guide.yaml is missing
    'sources'", "missing 'start'", "no node files found", about a guide with none of those problems."""
    root = make_guide()
    monkeypatch.chdir(root)
    assert main(["validate", "nodes/dogs.yaml"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "guide validate: nodes/dogs.yaml is a file of the guide in .: checking that guide\n"
    assert captured.out.splitlines()[-1].startswith(".: ok: 0 errors")
    assert main(["ask", "--guide", "nodes/dogs.yaml", "walking the dog"]) == 0
    assert "Dogs need a walk" in capsys.readouterr().out
    loose = tmp_path_factory.mktemp("elsewhere") / "loose.yaml"
    loose.write_text("x: 1\n")  # outside any guide: still read as a manifest
    assert main(["validate", str(loose)]) == 1
    assert "loose.yaml:1:1: error: guide.yaml is missing 'sources'" in capsys.readouterr().out


def test_validating_a_folder_of_a_guide_checks_the_guide(make_guide, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """`guide validate my-guide/nodes` (the shell completes to the folder) was "no guide.yaml in this
    folder", where a node file of the same folder checks its guide."""
    root = make_guide()
    monkeypatch.chdir(root)
    assert main(["validate", "nodes/"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "guide validate: nodes/ is a folder of the guide in .: checking that guide\n"
    assert captured.out.splitlines()[-1].startswith(".: ok: 0 errors")
    assert main(["ask", "--guide", "nodes", "walking the dog"]) == 0
    assert "Dogs need a walk" in capsys.readouterr().out
    assert main(["validate", "nodes/missing"]) == 2  # a path that is not there stays one
    assert capsys.readouterr().err == "guide validate: nodes/missing: no such file or folder\n"


@pytest.mark.parametrize("command", ["validate", "ask"])
def test_a_guide_path_that_is_a_device_or_a_pipe_is_named(tmp_path: Path, capsys, command: str) -> None:
    """`guide validate /dev/null` said "no such file or folder" of a path that is there."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path, what in (("/dev/null", "a device"), (str(fifo), "a FIFO (named pipe)")):
        assert main([command, path] if command == "validate" else [command, "--guide", path, "hi"]) == 2
        assert f"{path} is {what}, not a guide folder or its guide.yaml" in capsys.readouterr().err


def test_a_tests_folder_that_cannot_be_read_is_a_warning(make_guide, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """Named, but it does not stop a conversation, which never reads the tests."""
    root = make_guide({"tests/t.yaml": "- name: hi\n  turns:\n    - user: hi\n"})
    listdir = os.listdir

    def refuse(path=".") -> list[str]:
        if Path(path) == root / "tests":
            raise PermissionError(13, "Permission denied", str(path))
        return listdir(path)

    monkeypatch.setattr(os, "listdir", refuse)
    [warning] = [p for p in validate(root).problems if p.code == "unreadable-folder"]
    assert warning.severity == "warning" and "so its conversation tests cannot run" in warning.message
    assert main(["ask", "--guide", str(root), "walking the dog"]) == 0


@pytest.mark.parametrize("nodes", [
    "id: dogs\ntitle: Dogs\nexamples: [dogs, walking the dog]\ngoto: dogs\n",  # to itself
    "- id: dogs\n  title: Dogs\n  examples: [dogs, walking the dog]\n  goto: walks\n"
    "- id: walks\n  title: Walks\n  goto: dogs\n",  # round two nodes, neither with an answer
    "- id: dogs\n  title: Dogs\n  examples: [dogs, walking the dog]\n  goto: walks\n"
    "- id: walks\n  title: Walks\n  goto: more\n- id: more\n  title: More\n  goto: walks\n"])  # into such a round
def test_a_goto_round_nodes_without_answers_has_nothing_to_say(make_guide, capsys, nodes: str) -> None:
    """A goto was enough to count as something to say: validate only warned about the goto (or the
    cycle), and `guide ask` answered "walking the dog" with an empty reply, no text and no offers."""
    root = make_guide({"nodes/dogs.yaml": nodes})
    assert any("error: node 'dogs' has nothing to say: its goto goes round nodes without an answer" in m
               for m in _messages(root))
    assert main(["ask", "--guide", str(root), "walking the dog"]) == 2
    assert "has nothing to say" in capsys.readouterr().err


def test_a_goto_round_that_reaches_an_answer_is_only_a_warning(make_guide) -> None:
    root = make_guide({"nodes/dogs.yaml": "- id: dogs\n  title: Dogs\n  examples: [dogs, walking the dog]\n"
                                          "  goto: walks\n- id: walks\n  title: Walks\n  answer:\n"
                                          "    - quote: Dogs need a walk every morning\n  goto: dogs\n"})
    assert _messages(root) == []
    assert any("goto cycle: dogs → walks → dogs" in p.message for p in validate(root).problems)


@pytest.mark.parametrize(("file", "hint"), [
    ("guide.yaml", "write the guide's `title:`, its `start:` node and its `sources:`"),
    ("nodes/dogs.yaml", "write a node (a mapping with `id:` and `title:`) or delete the file"),
    ("tests/dogs.yaml", "write a list of tests (`- name: ...` with its `turns:`) or delete the file")])
def test_an_empty_file_gets_the_hint_of_its_kind(make_guide, file: str, hint: str) -> None:
    """Every empty file was told to "write a node ... or delete the file": the manifest too."""
    root = make_guide({file: "# nothing yet\n"})
    [problem] = [p for p in validate(root).problems if p.message == "file is empty"]
    assert problem.hint.startswith(hint)


def test_an_empty_question_file_gets_the_hint_of_its_kind(make_guide, capsys) -> None:
    root = make_guide({"questions.yaml": ""})
    assert main(["eval", str(root / "questions.yaml"), "--guide", str(root)]) == 2
    assert "hint: write a list of questions (`- {q: what a reader asks, node: the node that answers}`)" in \
        capsys.readouterr().err


def test_a_synonym_the_matcher_cannot_read_is_a_warning(make_guide) -> None:
    """`love: ["❤️", "<3"]` loaded without a word: the emoji was never matched, and "<3" was read as
    "three", so that a reader's "3 walks" became "love walks"."""
    from guide.conversation import Engine
    from guide.dialog.loader import load_guide

    manifest = ("title: Tiny guide\nstart: hello\nsources:\n  doc:\n    file: doc.md\n"
                "synonyms:\n  love: [\"❤️\", \"<3\", adore, \"24/7\"]\n  \"!!!\": [wow]\n")
    root = make_guide({"guide.yaml": manifest})
    warnings = [(p.line, p.col, p.message) for p in validate(root).problems if p.code == "synonym-no-words"]
    assert warnings == [
        (7, 10, "'❤️' has no word the matcher reads (it reads letters and digits): it never matches what a reader "
                "types"),
        (7, 16, "'<3' is read as the words 'three': every reader's 'three' would be read as the synonym's word"),
        (8, 3, "synonym '!!!' has no word the matcher reads (it reads letters and digits): none of its variants is "
               "ever read as it")]
    engine = Engine.build(load_guide(root).guide)
    assert engine.index.normalizer.normalize("3 walks").text == "love walks"  # what the warning is about


def test_a_file_name_with_a_line_break_stays_on_its_problems_line(make_guide, capsys) -> None:
    """`nodes/two\\nlines.yaml` printed its location over two lines ("…/two" and
    "lines.yaml:5:10: error: …"), which editors and CI cannot read as file:line:col."""
    root = make_guide({"nodes/two\nlines.yaml": "id: walks\ntitle: [Walks\n"})
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if "error:" in line]
    assert line.startswith(f"{root}/nodes/two\\nlines.yaml:2:8: error: ")


def test_guide_test_says_why_an_unreadable_tests_folder_runs_no_tests(make_guide, monkeypatch, capsys) -> None:
    """`guide test` said only that the guide "has no conversation tests", while validate named the
    folder it could not read."""
    root = make_guide({"tests/t.yaml": "- name: hi\n  turns:\n    - user: hi\n"})
    listdir = os.listdir

    def refuse(path=".") -> list[str]:
        if Path(path) == root / "tests":
            raise PermissionError(13, "Permission denied", str(path))
        return listdir(path)

    monkeypatch.setattr(os, "listdir", refuse)
    assert main(["test", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"warning: cannot read folder {root / 'tests'}: permission denied, so its conversation tests cannot run" \
        in err
    assert err.index("cannot read folder") < err.index("has no conversation tests")


def test_a_source_that_cannot_be_read_says_no_paragraphs_not_full_coverage(make_guide, capsys) -> None:
    """validate's summary said "doc coverage 0/0 paragraphs (100%)" for a source it could not read."""
    root = make_guide({"doc.md": b"\xff\xfeU\x00T\x00F\x00"})  # UTF-16
    assert main(["validate", str(root)]) == 1
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert summary.endswith("FAILED: 1 error, 0 warnings, 2 nodes in 3 files, doc: no paragraphs read")


def test_a_source_without_read_permission_gets_a_hint_about_permission(make_guide, monkeypatch) -> None:
    """The hint said to check the `file:` path, which was right: the file was there, unreadable."""
    import guide.reading

    root = make_guide()
    real = guide.reading.read_limited

    def refuse(path, limit):
        if Path(path).name == "doc.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, limit)

    monkeypatch.setattr(guide.reading, "read_limited", refuse)
    [problem] = [p for p in validate(root).problems if p.is_error]
    assert problem.message == "cannot read source file: Permission denied"
    assert problem.hint == f"the file is there, but you may not read it: chmod u+r {root / 'doc.md'}"


def test_a_quote_the_source_says_in_two_paragraphs_is_a_warning(make_guide) -> None:
    """It was cited, silently, to the first paragraph that says it: an author who meant the other
    saw the citation only in the chat."""
    source = "# A tiny article\n\n## First part\n\nDogs need a walk. Cats do not.\n\n## Second part\n\n" \
             "Dogs need a walk. Birds sing at dawn.\n"
    node = "id: dogs\ntitle: Dogs\nexamples: [dogs, walking the dog]\nanswer:\n  - quote: Dogs need a walk.\n"
    root = make_guide({"doc.md": source, "nodes/dogs.yaml": node,
                       "nodes/hello.yaml": "id: hello\ntitle: Hello\nexamples: [hi]\nanswer:\n"
                                           "  - quote: Birds sing at dawn.\n  - quote: Cats do not.\n"})
    [warning] = [p for p in validate(root).problems if p.code == "quote-repeated"]
    assert (warning.line, warning.message) == (5, "the source says this quote in paragraphs 1 and 2: it is cited "
                                                  "as paragraph 1, the first")
    (root / "nodes" / "dogs.yaml").write_text(node.replace("Dogs need a walk.", "Dogs need a walk. Birds sing"))
    assert not [p for p in validate(root).problems if p.code == "quote-repeated"]


def test_a_paragraph_the_source_repeats_word_for_word_is_no_warning(make_guide) -> None:
    """A pull quote: the same paragraph twice cannot be told apart by quoting more of it."""
    source = "# A tiny article\n\nDogs need a walk.\n\nCats sleep.\n\nDogs need a walk.\n"
    root = make_guide({"doc.md": source, "nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nexamples: [dogs]\nanswer:\n"
                                                            "  - quote: Dogs need a walk.\n",
                       "nodes/hello.yaml": "id: hello\ntitle: Hello\nexamples: [hi]\nanswer:\n"
                                           "  - quote: Cats sleep.\n"})
    assert not [p for p in validate(root).problems if p.code == "quote-repeated"]


def _closed_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """``folder`` can be listed but not opened, as after `chmod -R 644` (or a guide in a colleague's
    home): looking at a file in it (stat, open) is refused. Stood in for: the tests may run as root,
    whom chmod does not stop."""
    real_stat, real_lstat, real_open, real_access = os.stat, os.lstat, os.open, os.access

    def inside(path: object) -> bool:
        return not isinstance(path, int) and Path(os.fsdecode(path)).absolute().parent.is_relative_to(folder)

    def refuse(real):
        def call(path, *args, **kwargs):
            if inside(path):
                raise PermissionError(13, "Permission denied", os.fsdecode(path))
            return real(path, *args, **kwargs)
        return call

    monkeypatch.setattr(os, "stat", refuse(real_stat))
    monkeypatch.setattr(os, "lstat", refuse(real_lstat))
    monkeypatch.setattr(os, "open", refuse(real_open))
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: (Path(os.fsdecode(path)).absolute() != folder
                                                                and real_access(path, mode, **kw)))


@pytest.mark.parametrize("command", [
    ["validate", "GUIDE"], ["ask", "--guide", "GUIDE", "dogs"], ["test", "GUIDE"], ["graph", "GUIDE"],
    ["new", "node", "cats", "--guide", "GUIDE"], ["eval", "GUIDE/questions.yaml"],
    ["review", "--log", "GUIDE/unanswered.jsonl"]])
def test_a_guide_in_a_folder_that_cannot_be_opened_is_named(make_guide, monkeypatch, capsys, command) -> None:
    """Path.is_dir() and is_file() raise PermissionError for a path in a folder this user may not
    open (Python 3.11 to 3.13): every command printed a traceback for `guide validate ~colleague/guide`."""
    root = make_guide()
    _closed_folder(monkeypatch, root)
    assert main([part.replace("GUIDE", str(root)) for part in command]) == 2
    err = capsys.readouterr().err
    assert f": permission denied: you may not open the folder {root} (chmod u+x {root}, or ask its owner)" in err, err
    assert "Traceback" not in err


def test_node_and_source_folders_that_cannot_be_opened_are_named(make_guide, monkeypatch, capsys) -> None:
    """`chmod -R 644 my-guide` leaves folders that can be listed but not opened: the node files were
    found by their names, and Path.is_file() on them raised (a traceback from every command)."""
    root = make_guide({"guide.yaml": TINY_MANIFEST.replace("doc.md", "sources/doc.md"), "sources/doc.md": TINY_SOURCE})
    (root / "doc.md").unlink()
    _closed_folder(monkeypatch, root / "nodes")
    messages = _messages(root)
    assert f"{root / 'nodes' / 'dogs.yaml'}:1:1: error: cannot read file: permission denied: you may not open the " \
           f"folder {root / 'nodes'} (chmod u+x {root / 'nodes'}, or ask its owner)" in messages[0]
    monkeypatch.undo()
    _closed_folder(monkeypatch, root / "sources")
    assert _messages(root) == [
        f"{root / 'guide.yaml'}:5:11: error: source file 'sources/doc.md' cannot be read: permission denied: you may "
        f"not open the folder {root / 'sources'} (chmod u+x {root / 'sources'}, or ask its owner)\n  hint: whoever "
        "runs `guide` must be able to read a guide's files and open the folders they are in"]
    assert main(["ask", "--guide", str(root), "dogs"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_file_name_longer_than_the_file_system_allows_is_named(make_guide, capsys) -> None:
    """A name over 255 bytes (86 CJK characters are enough) made Path.exists() raise ENAMETOOLONG: a
    traceback, for the guide given on the command line and for a source the manifest names."""
    long_name = "长" * 90 + ".md"
    root = make_guide({"guide.yaml": TINY_MANIFEST.replace("doc.md", long_name)})
    [message] = _messages(root)
    assert message.startswith(f"{root / 'guide.yaml'}:5:11: error: source file '长")
    assert message.endswith("' cannot be read: the name is too long for the file system (at most 255 bytes for a "
                            "file or folder name)\n  hint: give the file a shorter name, and write that name here")
    assert main(["ask", "--guide", str(root), "dogs"]) == 2
    for command in (["validate", str(root / long_name)], ["ask", "--guide", "a/" * 3000, "dogs"],
                    ["eval", str(root / long_name)], ["new", "g", "--source", str(root / long_name)]):
        capsys.readouterr()
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert "is too long for the file system" in err and "Traceback" not in err and len(err) < 400, err


@pytest.mark.parametrize("name", ["two  spaces.md", "new\nline.md", os.fsdecode(b"caf\xe9.md"), "tab\there.txt"],
                         ids=["two-spaces", "line-break", "latin-1-byte", "tab"])
def test_a_new_guide_around_a_source_with_an_odd_file_name_validates(tmp_path: Path, capsys, name: str) -> None:
    """`guide new` promises a guide that validates at once: the manifest named "two  spaces.md" as
    "two spaces.md" (whitespace folded like a title's), and "new\\nline.md" too, so that the guide
    could not find its source; a name with a byte that is not UTF-8 (a Latin-1 "café.md")
    stopped it with a UnicodeEncodeError traceback. The copy keeps the name, with a control
    character or an undecodable byte as '-'."""
    source = tmp_path / name
    source.write_text(TINY_SOURCE, encoding="utf-8")
    target = tmp_path / "g"
    assert main(["new", str(target), "--source", str(source)]) == 0
    [copied] = (target / "sources").iterdir()
    assert copied.name == name.replace("\n", "-").replace("\t", "-").replace("\udce9", "-")
    assert not [p for p in validate(target).problems if p.is_error]
    assert main(["test", str(target)]) == 0
    (target / "guide.yaml").unlink()  # a folder without a manifest, holding the oddly named source itself
    (target / "nodes" / "welcome.yaml").unlink()
    (target / "nodes" / "introduction.yaml").unlink()
    (target / "tests" / "basics.yaml").unlink()
    copied.rename(target / name)
    capsys.readouterr()
    if name == "two  spaces.md":
        assert main(["new", str(target), "--source", str(target / name)]) == 0
        assert not [p for p in validate(target).problems if p.is_error]
    else:
        assert main(["new", str(target), "--source", str(target / name)]) == 2
        assert "which the manifest cannot name: rename the file" in capsys.readouterr().err


def test_a_front_matter_title_that_is_not_plain_text_is_an_error(make_guide, capsys) -> None:
    """The source's front matter is read as YAML, and its title, publisher and url go into every
    citation: `publisher: [Tests, Inc.]` was cited as "['Tests', 'Inc.']", and `title: "\\e]0;…"`
    (a YAML escape: no control character in the file itself) passed validate."""
    front = '---\ntitle: "A tiny \\e]0;owned\\a article"\npublisher: [Tests, Inc.]\nurl: {a: 1}\n---\n'
    root = make_guide({"doc.md": front + TINY_SOURCE.split("---\n", 2)[2]})
    assert _messages(root) == [
        f"{root / 'doc.md'}:2:8: error: front matter `title` contains a control character (U+001B)\n"
        "  hint: delete it: escape sequences (\\e, \\x1b, \\a…) could take over a reader's terminal",
        f"{root / 'doc.md'}:3:12: error: front matter `publisher` should be text, not a list\n"
        "  hint: write it after the colon, e.g. `publisher: The Daily Example`",
        f"{root / 'doc.md'}:4:6: error: front matter `url` should be text, not a mapping\n"
        "  hint: write it after the colon, e.g. `url: https://example.org/sleep`"]
    assert main(["ask", "--guide", str(root), "dogs"]) == 2
    assert "Inc.']" not in capsys.readouterr().out


@pytest.mark.parametrize(("source_word", "quote_word", "why"), [
    ("dis\u00adtinct", "distinct", "the source has an invisible soft hyphen (U+00AD) in it"),
    ("dis\u200btinct", "distinct", "the source has an invisible zero width space (U+200B) in it"),
    ("distinct", "dis\u2060tinct", "the quote has an invisible word joiner (U+2060) in it"),
    ("cafe\u0301", "caf\u00e9", "the same letters are written with other Unicode characters")],
    ids=["soft-hyphen", "zero-width-space", "word-joiner-in-quote", "decomposed-accent"])
def test_a_quote_that_differs_only_invisibly_says_so(make_guide, source_word: str, quote_word: str, why: str) -> None:
    """Articles copied from web pages keep soft hyphens and zero-width spaces, and accents may be
    decomposed: the quote was not found, and the first difference read 'the quote has "distinct",
    the source "distinct"', two words that look the same in any terminal."""
    source = TINY_SOURCE.replace("Birds sing at dawn", f"Birds sing a {source_word} song at dawn")
    node = f"id: dogs\ntitle: Dogs\nexamples: [dogs]\nanswer:\n  - quote: Birds sing a {quote_word} song at dawn\n"
    root = make_guide({"doc.md": source, "nodes/dogs.yaml": node})
    [problem] = [p for p in validate(root).problems if p.code == "quote-not-found"]
    assert "first difference after \"…Birds sing a\": the quote has \"" in problem.hint
    assert f"they look the same, but {why}" in problem.hint, problem.hint
    assert "<U+" in problem.hint or "Unicode" in why


@pytest.mark.parametrize(("source_words", "quote_words", "why"), [
    ("a \u201cdistinct\u201d song", 'a "distinct" song',
     "the source has \u201c (left double quotation mark) where the quote has \"; copy the words from the source"),
    ("a bird\u2019s song", "a bird's song",
     "the source has \u2019 (right single quotation mark) where the quote has '"),
    ("a song \u2014 loud", "a song - loud", "the source has \u2014 (em dash) where the quote has -"),
    ("a \ufb01ne song", "a fine song", "they look alike, but the source writes \u201cfi\u201d as one character, \ufb01 "
     "(latin small ligature fi, U+FB01), as text copied from a PDF often does"),
    ("a fine song", "a \ufb01ne song", "the quote writes \u201cfi\u201d as one character"),
    ("a distinct song", "a dis- tinct song",
     "the quote breaks \u201cdistinct\u201d at a hyphen, as the end of a line in a PDF does; write the word whole"),
    ("a well-known song", "a well- known song", "the quote has a space after the hyphen of \u201cwell-known\u201d: a "
     "line break inside YAML text is read as a space")],
    ids=["curly-quotes", "apostrophe", "em-dash", "ligature-in-source", "ligature-in-quote", "pdf-hyphenation",
         "yaml-line-break-at-hyphen"])
def test_a_quote_that_differs_only_in_typography_says_how(make_guide, source_words: str, quote_words: str,
                                                          why: str) -> None:
    """A quote copied from a PDF or a word processor, or typed with straight quotes, differs from the
    source in its marks, a ligature, or a word broken at a hyphen: the hint said only 'the quote has
    ""distinct"", the source "“distinct”"' (or "firmly." against "ﬁrmly."), and left the author to
    spot why."""
    source = TINY_SOURCE.replace("Birds sing at dawn", f"Birds sing {source_words} at dawn")
    node = f"id: dogs\ntitle: Dogs\nexamples: [dogs]\nanswer:\n  - quote: >-\n      Birds sing {quote_words} at dawn\n"
    root = make_guide({"doc.md": source, "nodes/dogs.yaml": node})
    [problem] = [p for p in validate(root).problems if p.code == "quote-not-found"]
    assert why in problem.hint, problem.hint


def test_a_phrasing_the_matcher_cannot_read_is_a_warning(make_guide) -> None:
    """`examples: ["👋", "?", "\\u200b"]` loaded without a word, as synonyms like it once did: the
    matcher reads no word in them, so no reader ever reaches the node by them (and "?" is the
    `help` command anyway)."""
    node = ("id: hello\ntitle: Hello\nexamples: [hi, \"👋\", \"?\", \"\\u200b\", hello]\nanswer:\n  - say: Hello.\n"
            "followups:\n  - examples: [\"...\", more]\n    answer:\n      - say: More.\nchoices: [dogs]\n")
    root = make_guide({"nodes/hello.yaml": node})
    warnings = [(p.line, p.col, p.message) for p in validate(root).problems if p.code == "example-no-words"]
    reads = "has no word the matcher reads (it reads letters and digits): nothing a reader types is matched by it"
    assert warnings == [(3, 16, f"example '👋' of node 'hello' {reads}"),
                        (3, 21, f"example '?' of node 'hello' {reads}"),
                        (3, 26, f"example '<U+200B>' of node 'hello' {reads}"),
                        (7, 16, f"example '...' of node 'hello' {reads}")]


def test_review_names_a_log_that_is_a_folder_or_a_device(make_guide, capsys) -> None:
    """`guide review --log FOLDER` (or /dev/zero) said "no such file" about a path that is there."""
    root = make_guide()
    for log, what in ((root / "nodes", "a folder"), (Path("/dev/zero"), "a device")):
        assert main(["review", "--guide", str(root), "--log", str(log)]) == 2
        assert capsys.readouterr().err.startswith(f"guide review: {log} is {what}, not a log file (give the ")


def test_eval_names_a_question_file_that_is_a_folder_or_a_pipe(make_guide, capsys) -> None:
    """`guide eval <(make-questions)` (bash hands over a pipe) and `guide eval some-folder` said "no
    such file" about a path that is there."""
    root = make_guide()
    read, write = os.pipe()
    try:
        for path, what in ((root / "nodes", "a folder"), (Path(f"/dev/fd/{read}"), "a FIFO (named pipe)")):
            assert main(["eval", "--guide", str(root), str(path)]) == 2
            assert capsys.readouterr().err == f"guide eval: {path} is {what}, not a file of questions\n"
    finally:
        os.close(read)
        os.close(write)


def test_a_question_file_of_one_question_without_its_dash_says_so(make_guide, capsys) -> None:
    """`q: ...` and `node: ...` at the top of the file (one question, the `- ` forgotten) read as groups
    named q and node: "'q' should be a list of questions", "'node' should be a list of questions"."""
    root = make_guide({"questions.yaml": "q: walking the dog\nnode: dogs\n"})
    assert main(["eval", "--guide", str(root), str(root / "questions.yaml")]) == 2
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "questions.yaml:1:1: error: the file holds one question as a mapping, not a list of questions\n" \
           "  hint: write '- ' before `q:`, and indent `node:` by two spaces to line up with `q:`" in out, out
    assert "should be a list" not in out


def test_new_node_with_an_empty_id_says_the_id_is_not_valid(make_guide, capsys) -> None:
    """`guide new node "$ID" --guide g` with ID unset said "--guide and --title are for a new node"."""
    root = make_guide()
    assert main(["new", "node", "", "--guide", str(root)]) == 2
    assert capsys.readouterr().err.startswith("guide new node: '' is not a valid node id: use lowercase letters")


@pytest.mark.parametrize("option", [["--folds", "0"], ["--folds", "-3"], ["--jobs", "0"]])
def test_lint_refuses_folds_or_jobs_below_one(make_guide, capsys, option: list[str]) -> None:
    """`guide lint --folds -3` or `--jobs 0` ran as if they had not been given, without a word."""
    with pytest.raises(SystemExit) as exited:
        main(["lint", "--no-selftest", *option, str(make_guide())])
    assert exited.value.code == 2
    assert f"argument {option[0]}: '{option[1]}' is not a whole number of 1 or more" in capsys.readouterr().err


@pytest.mark.parametrize(("extra", "warning"), [
    ('nodes: ["**/*.yaml"]\n', "`nodes:` also matches {root}/tests/t.yaml, conversation test files of the `tests:` "
                               "glob: they are read as conversation test files only"),
    ('tests: ["**/*.yaml"]\n', "`tests:` also matches {root}/nodes/dogs.yaml, {root}/nodes/hello.yaml, node files "
                               "of the `nodes:` glob: they are read as node files only")], ids=["nodes", "tests"])
def test_a_file_both_globs_match_is_read_once_and_the_glob_is_named(make_guide, capsys, extra: str,
                                                                     warning: str) -> None:
    """`nodes: ["**/*.yaml"]` (nodes in subfolders) took tests/*.yaml in too: the test file was read
    as a node file, and validate said "node 1 is missing 'id'", "unknown key 'turns' in node 1" about
    a test file that was right; `tests: ["**/*.yaml"]` read every node file as a test file."""
    root = make_guide({"guide.yaml": TINY_MANIFEST + extra,
                       "tests/t.yaml": "- name: dogs\n  turns:\n    - user: walking the dog\n      node: dogs\n"})
    report = validate(root)
    assert not report.errors, [p.format() for p in report.errors]
    [overlap] = [p for p in report.problems if p.code == "glob-overlap"]
    assert (overlap.line, overlap.message) == (6, warning.format(root=root))
    assert main(["test", str(root)]) == 0


def test_new_node_refuses_a_title_with_a_control_character(make_guide, capsys) -> None:
    """`guide new node x --title $'\\e[31mRed'` wrote the escape into the new node file, which
    `guide validate` then refused ("text contains a control character"): a new file that failed."""
    root = make_guide()
    assert main(["new", "node", "cats", "--guide", str(root), "--title", "\x1b[31mRed cats"]) == 2
    assert capsys.readouterr().err == ("guide new node: the title holds a control character (U+001B); give it as "
                                       "plain text\n")
    assert not (root / "nodes" / "cats.yaml").exists()


def test_new_node_refuses_a_blank_title_and_writes_whitespace_as_spaces(make_guide, capsys) -> None:
    """`--title "   "` wrote a node that `guide validate` refused ("'title' is empty"); a tab or a line
    separator in a title was read back from the file as another title."""
    root = make_guide()
    assert main(["new", "node", "cats", "--guide", str(root), "--title", "   "]) == 2
    assert capsys.readouterr().err == ("guide new node: the title is blank; give it in words, or leave --title out "
                                       "for one made from the id\n")
    assert not (root / "nodes" / "cats.yaml").exists()
    assert main(["new", "node", "cats", "--guide", str(root), "--title", "Cats\tand\u2028 kittens "]) == 0
    assert load_guide(root).guide.nodes["cats"].title == "Cats and kittens"


@pytest.mark.parametrize("answer", ["answer:\n  say: Woof.\n  quote: Dogs need a walk every morning\n",
                                    "answer: Woof.\n", "answer:\n  - sya: Woof.\n"],
                         ids=["mapping", "text", "misspelt-block"])
def test_an_answer_written_in_the_wrong_shape_is_one_error_not_two(make_guide, answer: str) -> None:
    """`answer:` written as a mapping (the `- ` forgotten) was its own error and also "node 'dogs' has
    nothing to say, give it `answer:` blocks" at line 1, of a node whose blocks are right there."""
    root = make_guide({"nodes/dogs.yaml": f"id: dogs\ntitle: Dogs\nexamples: [dogs]\n{answer}choices: [hello]\n"})
    messages = _messages(root)
    assert messages and not [m for m in messages if "nothing to say" in m], messages
    assert any(":4:" in m or ":5:" in m for m in messages), messages


def test_a_pipe_the_node_or_test_pattern_matches_is_named(make_guide, capsys) -> None:
    """A FIFO (or socket) named nodes/x.yaml or tests/x.yaml was skipped without a word: its node was
    just missing. Reading it would wait for a writer for ever; it is named, an error among the nodes
    (a node is missing), a warning among the tests (a conversation never reads them), which `guide
    test` says too: it ran the other files and passed without a word about this one."""
    root = make_guide({"tests/ok.yaml": "- name: t\n  turns:\n    - user: hi\n      node: hello\n"})
    os.mkfifo(root / "nodes" / "pipe.yaml")
    os.mkfifo(root / "tests" / "pipe.yaml")
    problems = {p.format().split("\n")[0] for p in validate(root).problems}
    assert f"{root / 'nodes' / 'pipe.yaml'}:1:1: error: cannot read file: it is a FIFO (named pipe), not a regular " \
           "file" in problems, problems
    assert f"{root / 'tests' / 'pipe.yaml'}:1:1: warning: cannot read file: it is a FIFO (named pipe), not a " \
           "regular file" in problems, problems
    os.unlink(root / "nodes" / "pipe.yaml")
    assert main(["ask", "--guide", str(root), "walking the dog"]) == 0
    assert "Dogs need a walk" in capsys.readouterr().out
    assert main(["test", str(root)]) == 0  # the other tests run; the one that cannot is said, not skipped silently
    assert f"{root / 'tests' / 'pipe.yaml'}:1:1: warning: cannot read file: it is a FIFO (named pipe)" \
        in capsys.readouterr().err


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("nodes/dogs.yaml", "title: Dogs", "Title: Dogs", "nodes/dogs.yaml:2:1: error: unknown key 'Title' in node 'dogs'"),
    ("nodes/dogs.yaml", "answer:", "answers:", "nodes/dogs.yaml:4:1: error: unknown key 'answers' in node 'dogs'"),
    ("guide.yaml", "sources:", "source:", "guide.yaml:3:1: error: unknown key 'source' in guide.yaml"),
    ("guide.yaml", "start: hello", "strat: hello", "guide.yaml:2:1: error: unknown key 'strat' in guide.yaml")],
    ids=["capital", "plural-answer", "singular-sources", "misspelt-start"])
def test_a_misspelt_required_key_is_one_error(make_guide, file: str, old: str, new: str, expected: str) -> None:
    """`Title:` for `title:` was "unknown key 'Title' (did you mean 'title'?)" and also "node 'dogs' is
    missing 'title'"; `answers:`, also "node 'dogs' has nothing to say": two errors for one typo."""
    dogs = "id: dogs\ntitle: Dogs\nexamples: [dogs, walks, walking the dog, evening walk, morning walk]\nanswer:\n" \
           "  - quote: Dogs need a walk every morning and every evening.\nchoices: [hello]\n"
    root = make_guide({"nodes/dogs.yaml": dogs})
    (root / file).write_text((root / file).read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    errors = [p.format().replace(f"{root}/", "") for p in validate(root).problems if p.is_error]
    assert len(errors) == 1 and errors[0].startswith(expected), errors
    assert f"did you mean '{old.split(':')[0]}'?" in errors[0]


@pytest.mark.parametrize("mark", ["\u202e", "\u2066", "\u202b"])
def test_a_bidirectional_control_in_a_value_is_a_warning(make_guide, mark: str) -> None:
    """An invisible right-to-left override in a title reorders how it reads on screen (a title that
    reads differently from what the file says): the author is told where, and the guide still loads."""
    root = make_guide({"nodes/dogs.yaml": f"id: dogs\ntitle: Dogs {mark}walk\nexamples: [dogs]\n"
                                           "answer:\n  - say: Dogs walk.\n"})
    report = validate(root)
    [warning] = [p for p in report.problems if p.code == "bidi-control"]
    assert (warning.severity, warning.line) == ("warning", 2)
    assert f"U+{ord(mark):04X}" in warning.message and "delete it" in warning.hint
    assert not report.errors


@pytest.mark.parametrize("written", ['"doc.md\\n"', '"  doc.md"', '"doc.md\\t"'])
def test_a_source_path_with_a_space_tab_or_line_break_at_an_end_says_so_on_one_line(make_guide, written) -> None:
    """A line break at the end of `file:` broke the error's line in two, and the hint asked "did you
    mean 'doc.md'?", the very name written."""
    from guide.dialog.loader import load_guide

    root = make_guide({"guide.yaml": TINY_MANIFEST.replace("file: doc.md", f"file: {written}")})
    [problem] = [p for p in load_guide(root).problems if p.code == "missing-source"]
    assert "\n" not in problem.message and "\t" not in problem.message
    assert "starts or ends with a space, a tab or a line break" in problem.message
    assert problem.hint == "write it without them: `file: doc.md`"
