"""The tutorial in docs/authoring.md, run as written: its ```sh commands in a temporary folder
with a copy of the bundled guide, its ```yaml file=… blocks written first, and each line of
a ```text block found in the output of the commands before it ("…" stands for anything)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from guide.paths import BUNDLED_GUIDE, REPO_ROOT

DOC = REPO_ROOT / "docs" / "authoring.md"
HEADING = "## Tutorial: add your first branch in ten minutes"
_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.M | re.S)


@dataclass
class Block:
    kind: str  # sh | file | text
    body: str
    target: str = ""


def tutorial_blocks(text: str) -> list[Block]:
    start = text.index(HEADING)
    end = text.find("\n## ", start + len(HEADING))
    section = text[start:] if end < 0 else text[start:end]
    blocks = []
    for match in _FENCE.finditer(section):
        info, body = match.group(1).strip(), match.group(2)
        words = info.split()
        if not words:
            continue
        file = next((w.split("=", 1)[1] for w in words[1:] if w.startswith("file=")), "")
        if words[0] == "sh":
            blocks.append(Block("sh", body))
        elif words[0] == "text":
            blocks.append(Block("text", body))
        elif file:
            blocks.append(Block("file", body, file))
    return blocks


def _found(expected: str, output: str) -> bool:
    pieces = expected.strip().split("…")
    pattern = ".*?".join(re.escape(p.strip()) if i not in (0, len(pieces) - 1) else re.escape(p)
                         for i, p in enumerate(pieces))
    return any(re.search(pattern, line.rstrip()) for line in output.splitlines())


def _shim(folder: Path) -> dict[str, str]:
    """`guide` on PATH runs this checkout's package with this interpreter."""
    bin_dir = folder / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "guide"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m guide "$@"\n')
    shim.chmod(0o755)
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("GUIDE_PATH", None)
    env["NO_COLOR"] = "1"
    return env


def test_the_tutorial_has_every_step() -> None:
    blocks = tutorial_blocks(DOC.read_text(encoding="utf-8"))
    commands = "\n".join(b.body for b in blocks if b.kind == "sh")
    for command in ("guide new my-guide --source", "guide new node", "guide validate", "guide test",
                    "guide explain"):
        assert command in commands, command
    files = [b.target for b in blocks if b.kind == "file"]
    assert "my-guide/nodes/touch.yaml" in files and "my-guide/tests/touch.yaml" in files
    touch = next(b.body for b in blocks if b.target == "my-guide/nodes/touch.yaml")
    for key in ("examples:", "- quote:", "followups:", "choices:"):
        assert key in touch, key


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    shutil.copytree(BUNDLED_GUIDE, tmp_path / "dialogs" / BUNDLED_GUIDE.name,
                    ignore=shutil.ignore_patterns("tests"))
    env = _shim(tmp_path)
    output = ""
    last_commands = ""
    for block in tutorial_blocks(DOC.read_text(encoding="utf-8")):
        if block.kind == "file":
            target = tmp_path / block.target
            assert target.parent.is_dir(), f"{block.target}: the tutorial has not created its folder yet"
            target.write_text(block.body, encoding="utf-8")
        elif block.kind == "sh":
            output = ""
            last_commands = block.body
            for line in block.body.splitlines():
                command = line.strip()
                if not command or command.startswith("#"):
                    continue
                result = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True,
                                        text=True, timeout=120, stdin=subprocess.DEVNULL)
                output += result.stdout + result.stderr
                assert result.returncode == 0, f"`{command}` exited {result.returncode}:\n{output}"
        else:
            for expected in block.body.splitlines():
                if expected.strip():
                    assert _found(expected, output), \
                        f"expected line not in the output of:\n{last_commands}\n{expected!r}\n--- output:\n{output}"


def test_expected_lines_match_with_ellipses_only() -> None:
    output = "my-guide/tests/basics.yaml ..\n===== 1 passed in 0.02s =====\n"
    assert _found("… 1 passed in …", output)
    assert _found("my-guide/tests/basics.yaml ..", output)
    assert not _found("… 2 passed in …", output)
    assert not _found("1 passed … basics", output)  # pieces in order, on one line
