"""Guide folders authors could produce that once crashed a command or said too little: each test is
a reproduction of a failure found by running every command on broken guides."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guide.cli import main
from guide.dialog.checks import validate


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
