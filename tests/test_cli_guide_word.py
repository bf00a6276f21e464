"""`guide explain PATH TEXT` and `guide ask PATH WORDS`: a guide folder as the first word is the
guide (as `guide lint PATH` takes one), said on stderr; anything else stays part of the text."""

from __future__ import annotations

import json
from pathlib import Path

from guide.cli import main


def test_explain_takes_a_guide_folder_given_as_the_first_word(make_guide, capsys) -> None:
    root = make_guide()
    assert main(["explain", str(root), "when do dogs walk"]) == 0
    out, err = capsys.readouterr()
    assert "input       'when do dogs walk'" in out
    assert "1. dogs" in out, out
    assert err == ""  # written as a path: nothing to say about how it was read


def test_a_guide_folder_named_by_a_bare_word_is_said_on_stderr(make_guide, capsys, monkeypatch) -> None:
    """"dogs why do they walk" in a folder holding a guide folder "dogs": the first word might have
    been the reader's, so the command says how it read it, in one line."""
    root = make_guide()
    monkeypatch.chdir(root.parent)
    assert main(["explain", root.name, "when do dogs walk"]) == 0
    out, err = capsys.readouterr()
    assert "input       'when do dogs walk'" in out
    assert f"using the guide at {root.name}" in err and len(err.splitlines()) == 1
    monkeypatch.chdir(root)
    assert main(["explain", ".", "when do dogs walk"]) == 0
    assert capsys.readouterr().err == ""


def test_explain_takes_a_manifest_given_as_the_first_word(make_guide, capsys) -> None:
    root = make_guide()
    assert main(["explain", "--json", str(root / "guide.yaml"), "when", "do", "dogs", "walk"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["input"] == "when do dogs walk"
    assert report["candidates"][0]["node"] == "dogs"



def test_an_option_between_the_guide_and_the_text_keeps_the_text_one_message(make_guide, capsys) -> None:
    """argparse ends a TEXT... list at the first option: `guide explain PATH --context NODE TEXT` left
    TEXT over as an unrecognized argument."""
    root = make_guide()
    assert main(["explain", str(root), "--json", "when", "do", "dogs", "walk"]) == 0
    assert json.loads(capsys.readouterr().out)["input"] == "when do dogs walk"
    assert main(["explain", str(root), "--context", "dogs", "--json", "when do dogs walk"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["input"] == "when do dogs walk" and report["context"] == "dogs"

def test_explain_with_only_a_guide_asks_for_the_text(make_guide, capsys) -> None:
    root = make_guide()
    assert main(["explain", str(root)]) == 2
    assert "give the text to explain" in capsys.readouterr().err


def test_a_first_word_that_is_no_guide_stays_part_of_the_question(tmp_path: Path, make_guide, capsys,
                                                                  monkeypatch) -> None:
    root = make_guide()
    (tmp_path / "plain-folder").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["explain", "--guide", str(root), "plain-folder", "dogs"]) == 0
    out, err = capsys.readouterr()
    assert "input       'plain-folder dogs'" in out and "using the guide" not in err
    # with --guide given, a guide folder as first word is text too: the reader's words are not re-read
    assert main(["explain", "--guide", str(root), str(root), "dogs"]) == 0
    assert "using the guide" not in capsys.readouterr().err


def test_ask_takes_a_guide_folder_given_as_the_first_word(make_guide, capsys) -> None:
    root = make_guide()
    assert main(["ask", "--json", str(root), "when do dogs walk"]) == 0
    out, err = capsys.readouterr()
    reply = json.loads(out)
    assert (reply["input"], reply["node"]) == ("when do dogs walk", "dogs")
    assert err == ""
