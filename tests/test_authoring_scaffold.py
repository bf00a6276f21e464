"""`guide new`: a new guide around a source that validates and passes at once; a new node skeleton."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guide.cli import main
from guide.dialog.checks import validate
from guide.paths import BUNDLED_GUIDE
from tests.conftest import TINY_SOURCE

ARTICLE = BUNDLED_GUIDE / "sources" / "zeroopposite-attachment-anxiety.md"


def test_new_guide_validates_and_its_test_passes(tmp_path: Path, capsys) -> None:
    root = tmp_path / "my-guide"
    assert main(["new", str(root), "--source", str(ARTICLE)]) == 0
    out = capsys.readouterr().out
    assert f"created {root}:" in out and "guide test" in out
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        "guide.yaml", "nodes/introduction.yaml", "nodes/welcome.yaml", "sources/" + ARTICLE.name,
        "tests/basics.yaml"]
    assert (root / "sources" / ARTICLE.name).read_bytes() == ARTICLE.read_bytes()
    report = validate(root)
    assert not report.errors
    # the only warnings: the paragraphs no node quotes yet (the author's to-do list)
    assert {p.code for p in report.warnings} == {"uncovered-paragraph"}
    assert len(report.warnings) == len(report.guide.sources["source"].paragraphs) - 1
    assert "15 warnings about paragraphs no node quotes are your to-do list" in out
    assert main(["test", str(root)]) == 0
    assert "1 passed" in capsys.readouterr().out


def test_the_example_node_quotes_the_first_paragraph_verbatim(tmp_path: Path) -> None:
    root = tmp_path / "g"
    assert main(["new", str(root), "--source", str(ARTICLE)]) == 0
    report = validate(root)
    node = report.guide.nodes["introduction"]
    [quote] = [b for b in node.answer if type(b).__name__ == "Quote"]
    assert quote.location is not None and quote.location.paragraph == 1
    first = report.guide.sources["source"].paragraphs[0].text
    assert " ".join(quote.text.split()) == " ".join(first.split())
    assert len(node.examples) >= 5


def test_plain_text_source(tmp_path: Path, capsys) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("Tea Notes\n\nGreen tea is steamed: that keeps it green.\n\nBlack tea is oxidised.\n")
    root = tmp_path / "tea"
    assert main(["new", str(root), "--source", str(source)]) == 0
    assert 'title: Tea Notes' in (root / "guide.yaml").read_text()
    assert "  notes:\n    file: sources/notes.txt" in (root / "guide.yaml").read_text()
    out = capsys.readouterr().out
    assert "  the warning about the paragraph no node quotes is your to-do list" in out  # one: not "1 warning … are"
    assert main(["test", str(root)]) == 0
    assert "1 passed" in capsys.readouterr().out


def test_never_overwrites_an_existing_guide(tmp_path: Path, capsys) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "guide.yaml").write_text("title: mine\n")
    assert main(["new", str(root), "--source", str(ARTICLE)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert [p.name for p in root.iterdir()] == ["guide.yaml"]
    assert (root / "guide.yaml").read_text() == "title: mine\n"


def test_a_guide_starts_in_a_folder_that_holds_its_source(tmp_path: Path, capsys) -> None:
    root = tmp_path / "chickens"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "article.md").write_bytes(ARTICLE.read_bytes())
    (root / "README.md").write_text("mine")
    assert main(["new", str(root), "--source", str(root / "sources" / "article.md")]) == 0
    assert "created" in capsys.readouterr().out
    assert "    file: sources/article.md" in (root / "guide.yaml").read_text()
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        "README.md", "guide.yaml", "nodes/introduction.yaml", "nodes/welcome.yaml", "sources/article.md",
        "tests/basics.yaml"]
    assert (root / "README.md").read_text() == "mine"
    assert not validate(root).errors
    assert main(["test", str(root)]) == 0


@pytest.mark.parametrize(("name", "source_id"), [
    ("after-an-argument.md", "after-an-argument"),  # the whole name, never a cut "after-an"
    ("Teen Phone.md", "teen-phone"),
    ("zeroopposite-attachment-anxiety.md", "source"),  # too long for an id that reads well
])
def test_the_manifest_names_the_source_by_its_whole_file_name(tmp_path: Path, capsys, name, source_id) -> None:
    root = tmp_path / "g"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / name).write_bytes(ARTICLE.read_bytes())
    assert main(["new", str(root), "--source", str(root / "sources" / name)]) == 0
    assert f"\n  {source_id}:\n    file: " in (root / "guide.yaml").read_text()
    assert not validate(root).errors


def test_a_guide_starts_in_a_folder_without_overwriting_anything(tmp_path: Path, capsys) -> None:
    root = tmp_path / "g"
    (root / "nodes").mkdir(parents=True)
    (root / "nodes" / "welcome.yaml").write_text("mine")
    assert main(["new", str(root), "--source", str(ARTICLE)]) == 2
    assert "already has nodes/welcome.yaml" in capsys.readouterr().err
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == ["nodes", "nodes/welcome.yaml"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["new", str(empty), "--source", str(ARTICLE)]) == 0  # a source from elsewhere is copied in
    assert (empty / "sources" / ARTICLE.name).read_bytes() == ARTICLE.read_bytes()


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    (b"\xff\xfe bad bytes", "not UTF-8"),
    ("", "has no paragraphs"),
    ("---\ntitle: [broken\n---\n\nText.\n", "front matter is not valid YAML"),
])
def test_bad_sources_are_explained_and_nothing_is_created(tmp_path: Path, capsys, content, message) -> None:
    source = tmp_path / "doc.md"
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif content is not None:
        source.write_text(content)
    root = tmp_path / "g"
    assert main(["new", str(root), "--source", str(source)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not root.exists()
    assert [p.name for p in tmp_path.iterdir()] == (["doc.md"] if content is not None else [])


def test_a_folder_as_source(tmp_path: Path, capsys) -> None:
    assert main(["new", str(tmp_path / "g"), "--source", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_source(tmp_path: Path, capsys) -> None:
    source = tmp_path / "doc.md"
    source.write_text(TINY_SOURCE)
    source.chmod(0)
    assert main(["new", str(tmp_path / "g"), "--source", str(source)]) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_new_guide_needs_a_source(tmp_path: Path, capsys) -> None:
    assert main(["new", str(tmp_path / "g")]) == 2
    assert "needs the document it is about" in capsys.readouterr().err


def test_an_empty_folder_name_writes_nothing(tmp_path: Path, capsys, monkeypatch) -> None:
    """`guide new "$NAME" --source doc.md` with NAME unset wrote a guide into the working folder."""
    (tmp_path / "doc.md").write_text(TINY_SOURCE)
    monkeypatch.chdir(tmp_path)
    for empty in ("", "  "):
        assert main(["new", empty, "--source", "doc.md"]) == 2
        assert "the new guide's folder is empty" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md"]


def test_a_file_in_the_way_of_the_new_folder_is_named(tmp_path: Path, capsys) -> None:
    """`guide new notes.txt/guide` said "cannot create notes.txt/guide: File exists" (mkdir's errno)."""
    (tmp_path / "doc.md").write_text(TINY_SOURCE)
    (tmp_path / "notes.txt").write_text("mine")
    for target in ("notes.txt/guide", "notes.txt/a/guide"):
        assert main(["new", str(tmp_path / target), "--source", str(tmp_path / "doc.md")]) == 2
        assert f"cannot create {tmp_path / target}: {tmp_path / 'notes.txt'} is a file, not a folder" \
            in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(("name", "code"), [("my\nguide", "000A"), ("my\x1b[2Jguide", "001B"), ("my\tguide", "0009"),
                                            ("sub/\x07guide", "0007")], ids=["newline", "escape", "tab", "bell"])
def test_a_folder_name_with_a_control_character_is_refused(tmp_path: Path, monkeypatch, capsys, name, code) -> None:
    """`guide new $'my\\e[2Jguide'` (a pasted name) made the folder, and every path printed after it
    (created ..., guide test ..., guide validate) carried the escape sequence or line break."""
    (tmp_path / "doc.md").write_text(TINY_SOURCE)
    monkeypatch.chdir(tmp_path)
    assert main(["new", name, "--source", "doc.md"]) == 2
    assert capsys.readouterr().err == (f"guide new: the folder name holds a line break or a control character "
                                       f"(U+{code}); give a plain name\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md"]


# -- nodes ---------------------------------------------------------------------------------------------

def test_new_node_has_the_skeleton_and_validates(make_guide, capsys) -> None:
    root = make_guide()
    assert main(["new", "node", "cat-naps", "--guide", str(root)]) == 0
    assert f"created {root}/nodes/cat-naps.yaml" in capsys.readouterr().out
    text = (root / "nodes" / "cat-naps.yaml").read_text()
    assert text.startswith("id: cat-naps\n")  # no schemas/ near this guide: no schema line (below)
    for key in ("id: cat-naps\n", "title: Cat naps", "examples:", "  - what about cat naps\n", "answer:\n",
                "  - say:", "choices:", "  - hello\n"):
        assert key in text
    report = validate(root)
    assert not report.errors
    # the warnings are what is left to write: the phrasings from the id, and the lead-in
    assert [p.code for p in report.warnings if "cat-naps" in p.file] == ["scaffold-phrasings", "placeholder"]


def test_new_node_title_option(make_guide) -> None:
    root = make_guide()
    assert main(["new", "node", "naps", "--guide", str(root), "--title", "Why cats nap: a note"]) == 0
    assert 'title: "Why cats nap: a note"' in (root / "nodes" / "naps.yaml").read_text()
    assert validate(root).guide.nodes["naps"].title == "Why cats nap: a note"


def test_new_node_refuses_an_existing_id_or_file(make_guide, capsys) -> None:
    root = make_guide({"nodes/other.yaml": "id: birds\ntitle: Birds\nanswer: [{say: hi}]\nend: true\n",
                       "nodes/stray.yaml": "id: stray-thing\ntitle: S\nanswer: [{say: hi}]\nend: true\n"})
    assert main(["new", "node", "dogs", "--guide", str(root)]) == 2
    assert f"node 'dogs' already exists ({root}/nodes/dogs.yaml:1)" in capsys.readouterr().err
    assert main(["new", "node", "birds", "--guide", str(root)]) == 2
    assert "node 'birds' already exists" in capsys.readouterr().err
    (root / "nodes" / "fish.yaml").write_text("# a draft\n")
    assert main(["new", "node", "fish", "--guide", str(root)]) == 2
    assert "fish.yaml already exists" in capsys.readouterr().err
    assert (root / "nodes" / "fish.yaml").read_text() == "# a draft\n"


@pytest.mark.parametrize(("node_id", "suggestion"), [("Cat Naps", "cat-naps"), ("_x", "x"), ("a/b", "a-b"),
                                                     ("über", "")])
def test_new_node_validates_the_id(make_guide, capsys, node_id, suggestion) -> None:
    root = make_guide()
    assert main(["new", "node", node_id, "--guide", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"'{node_id}' is not a valid node id" in err
    if suggestion:
        assert f"for example '{suggestion}'" in err
    assert sorted(p.name for p in (root / "nodes").iterdir()) == ["dogs.yaml", "hello.yaml"]


def test_new_node_goes_where_the_manifest_looks(make_guide, capsys) -> None:
    from tests.conftest import TINY_MANIFEST

    root = make_guide({"guide.yaml": TINY_MANIFEST + "nodes: [topics/*.yaml]\n", "topics/hello.yaml": None})
    (root / "topics").mkdir()
    (root / "nodes" / "hello.yaml").rename(root / "topics" / "hello.yaml")
    (root / "nodes" / "dogs.yaml").rename(root / "topics" / "dogs.yaml")
    assert main(["new", "node", "fish", "--guide", str(root)]) == 0
    assert (root / "topics" / "fish.yaml").is_file()
    assert "fish" in validate(root).guide.nodes


def test_new_node_in_a_missing_guide(tmp_path: Path, capsys) -> None:
    assert main(["new", "node", "fish", "--guide", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_new_node_in_a_broken_guide(make_guide, capsys) -> None:
    root = make_guide({"guide.yaml": "title: [x\n"})
    assert main(["new", "node", "fish", "--guide", str(root)]) == 2
    assert "fix guide.yaml first" in capsys.readouterr().err


def test_an_unreadable_source_even_as_root(tmp_path: Path, capsys, monkeypatch) -> None:
    source = tmp_path / "doc.md"
    source.write_text(TINY_SOURCE)
    import guide.reading

    real = guide.reading.read_limited

    def refuse(path: Path, limit: int) -> bytes:
        if path == source:
            raise PermissionError(13, "Permission denied")
        return real(path, limit)

    monkeypatch.setattr(guide.reading, "read_limited", refuse)
    assert main(["new", str(tmp_path / "g"), "--source", str(source)]) == 2
    assert "cannot be read: Permission denied" in capsys.readouterr().err
    assert not (tmp_path / "g").exists()


# -- the schema line: relative when the schemas are near, else none ---------------------------------------

def _first_lines(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text().splitlines()[0]
            for p in sorted(root.rglob("*.yaml"))}


def test_outside_the_repository_no_absolute_schema_path(tmp_path: Path, capsys) -> None:
    root = tmp_path / "g"
    assert main(["new", str(root), "--source", str(ARTICLE)]) == 0
    assert main(["new", "node", "touch", "--guide", str(root)]) == 0
    capsys.readouterr()
    for path in root.rglob("*.yaml"):
        text = path.read_text()
        assert "yaml-language-server" not in text, path
        assert str(tmp_path) not in text and "/work/" not in text and str(Path.home()) not in text


def test_schemas_near_the_guide_are_named_relative(tmp_path: Path, capsys) -> None:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    for kind, name in (("manifest", "guide"), ("node", "node"), ("tests", "tests")):
        assert main(["schema", kind]) == 0
        (schemas / f"{name}.schema.json").write_text(capsys.readouterr().out)
    root = tmp_path / "g"
    assert main(["new", str(root), "--source", str(ARTICLE)]) == 0
    assert main(["new", "node", "touch", "--guide", str(root)]) == 0
    capsys.readouterr()
    line = "# yaml-language-server: $schema="
    assert _first_lines(root) == {
        "guide.yaml": line + "../schemas/guide.schema.json",
        "nodes/introduction.yaml": line + "../../schemas/node.schema.json",
        "nodes/touch.yaml": line + "../../schemas/node.schema.json",
        "nodes/welcome.yaml": line + "../../schemas/node.schema.json",
        "tests/basics.yaml": line + "../../schemas/tests.schema.json",
    }
    for path in root.rglob("*.yaml"):  # each names a file that is there
        relative = path.read_text().splitlines()[0].removeprefix(line)
        assert (path.parent / relative).is_file()
    report = validate(root)
    assert not report.errors


def test_inside_the_repository_the_schemas_folder_is_named_relative() -> None:
    from guide.authoring.files import schema_line
    from guide.paths import REPO_ROOT

    target = REPO_ROOT / "dialogs" / "some-guide" / "nodes" / "x.yaml"  # not written: only its place counts
    assert schema_line("node.schema.json", target) == \
        "# yaml-language-server: $schema=../../../schemas/node.schema.json"
    assert schema_line("guide.schema.json", REPO_ROOT / "dialogs" / "some-guide" / "guide.yaml") == \
        "# yaml-language-server: $schema=../../schemas/guide.schema.json"
    deep = REPO_ROOT / "benchmarks" / "data" / "a" / "b" / "c" / "nodes" / "x.yaml"
    assert schema_line("node.schema.json", deep).endswith("$schema=../../../../../../schemas/node.schema.json")


# -- what guide new writes passes guide lint ------------------------------------------------------------

def test_generated_phrasings_pass_lint(tmp_path: Path, capsys) -> None:
    import json

    root = tmp_path / "g"
    assert main(["new", str(root), "--source", str(ARTICLE)]) == 0
    for node_id in ("touch", "hormones", "risk-taking", "self-esteem", "summary", "why-it-matters"):
        assert main(["new", "node", node_id, "--guide", str(root)]) == 0
    capsys.readouterr()
    assert main(["lint", str(root), "--format", "json", "--strict"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] == []


@pytest.mark.parametrize("inside", ["nodes", "chapters", "nodes/more"])
def test_a_new_guide_where_a_guide_around_it_would_read_its_files_is_refused(make_guide, capsys, inside) -> None:
    """`guide new my-guide/nodes` wrote a guide.yaml among my-guide's node files: my-guide then
    read it as a node (missing 'id', unknown keys) and stopped loading."""
    root = make_guide({"guide.yaml": "title: Tiny guide\nstart: hello\nsources:\n  doc:\n    file: doc.md\n"
                                     "nodes: ['nodes/*.yaml', 'chapters/*.yaml', 'nodes/**/*.yaml']\n"})
    (root / "nodes" / "more").mkdir()
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert main(["new", str(root / inside), "--source", str(root / "doc.md")]) == 2
    err = capsys.readouterr().err
    assert f"is inside the guide {root}, whose `" in err and "would stop loading" in err
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    assert not validate(root).errors


def test_a_new_guide_inside_a_guide_where_its_globs_do_not_reach_is_made(make_guide, capsys) -> None:
    root = make_guide()
    assert main(["new", str(root / "drafts" / "other"), "--source", str(root / "doc.md")]) == 0
    assert not validate(root).errors and not validate(root / "drafts" / "other").errors


def test_the_new_welcome_answers_greetings_not_questions_that_say_start_or_here(tmp_path: Path) -> None:
    """Its title is one of its phrasings: "Start here" took a reader's "how do i start"."""
    from guide.conversation import new_session
    from guide.dialog.loader import load_guide

    source = tmp_path / "starter.md"
    source.write_text("# Sourdough\n\nA starter is flour and water left to ferment.\n\nFeed it every day.\n")
    assert main(["new", str(tmp_path / "g"), "--source", str(source)]) == 0
    guide = load_guide(tmp_path / "g").guide
    welcome = guide.nodes["welcome"]
    phrasings = [welcome.title, *(e.text for e in welcome.examples)]
    assert not [p for p in phrasings if {"start", "here"} & set(p.casefold().split())]
    for question in ("start here", "start", "how do i start", "is it here"):
        assert new_session(guide).respond(question).node != "welcome", question
    for question in ("hello", "hi", "what is this", "what is this guide about", "what can i ask"):
        assert new_session(guide).respond(question).node == "welcome", question


@pytest.mark.parametrize("name", ["my guide", "it's $HOME", "-g", "guía ñ"])
def test_the_next_steps_can_be_typed_as_printed(tmp_path: Path, capsys, monkeypatch, name) -> None:
    """`guide new "my guide"` printed `guide chat --guide my guide`, which a shell reads as two words."""
    import shlex

    monkeypatch.chdir(tmp_path)
    assert main(["new", "--source", str(ARTICLE), "--", name]) == 0
    steps = capsys.readouterr().out.split("next:\n", 1)[1].splitlines()
    for step in steps:
        words = shlex.split(step.split("  #", 1)[0])
        assert words[0] == "guide" and not words[-1].startswith("-"), step  # (an option, to guide)
        assert (tmp_path / words[-1] / "guide.yaml").is_file(), step


@pytest.mark.parametrize("name", ["g", "my guide"])
def test_choices_not_written_yet_are_stubbed_as_the_error_says(tmp_path: Path, capsys, monkeypatch, name) -> None:
    """Guide P's authors listed the welcome's topics before writing them: validate failed with
    "check the spelling or add the node", and nothing said how to add one. The hint now gives the
    command, and running it as printed is what makes the guide validate."""
    import re
    import shlex

    monkeypatch.chdir(tmp_path)
    assert main(["new", "--source", str(ARTICLE), "--", name]) == 0
    welcome = tmp_path / name / "nodes" / "welcome.yaml"
    welcome.write_text(welcome.read_text() + "  - preparing\n  - first-day\n")
    missing = [p for p in validate(tmp_path / name).errors if p.code == "missing-node"]
    assert len(missing) == 2
    for problem in missing:
        command = re.search(r"`(guide new node [^`]+)`", problem.hint)
        assert command, problem.hint
        assert main(shlex.split(command.group(1))[1:]) == 0
    capsys.readouterr()
    assert not validate(tmp_path / name).errors
    assert sorted(p.name for p in (tmp_path / name / "nodes").iterdir()) == [
        "first-day.yaml", "introduction.yaml", "preparing.yaml", "welcome.yaml"]


def test_new_node_without_guide_adds_to_the_guide_it_is_run_in(tmp_path: Path, capsys, monkeypatch) -> None:
    """An author in their own guide's folder ran `guide new node overview`: the node was written into
    the bundled guide (inside the installed package). Without --guide it goes to the guide in the
    working folder (or around it), and with no guide there nothing is written."""
    monkeypatch.delenv("GUIDE_PATH", raising=False)
    bundled = sorted(p.name for p in (BUNDLED_GUIDE / "nodes").iterdir())
    assert main(["new", str(tmp_path / "g"), "--source", str(ARTICLE)]) == 0
    monkeypatch.chdir(tmp_path / "g")
    assert main(["new", "node", "overview"]) == 0
    monkeypatch.chdir(tmp_path / "g" / "nodes")
    assert main(["new", "node", "preparing"]) == 0
    assert {"overview.yaml", "preparing.yaml"} <= {p.name for p in (tmp_path / "g" / "nodes").iterdir()}
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["new", "node", "elsewhere"]) == 2
    assert "no guide.yaml in this folder or the one around it: name the guide, `guide new node ID --guide PATH`" \
        in capsys.readouterr().err
    assert sorted(p.name for p in (BUNDLED_GUIDE / "nodes").iterdir()) == bundled
    assert not validate(tmp_path / "g").errors
