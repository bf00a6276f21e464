"""The tutorial in docs/authoring.md, run as a reader runs it: its ```sh commands in order, in
one shell session that starts in a checkout of the repository (a `cd` carries over), with
HOME in a temporary folder; its ```yaml file=… blocks written (append=… added) first; and
the output of each ```sh block compared with the ```text block after it, line for line
("…" inside a line stands for any text, a line "…" for any number of lines). The
repository must be left as it was."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from guide.paths import BUNDLED_GUIDE, REPO_ROOT

DOC = REPO_ROOT / "docs" / "authoring.md"
HEADING = "## Tutorial: add your first branch in ten minutes"
_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.M | re.S)
ELLIPSIS = "…"


@dataclass
class Block:
    kind: str  # sh | file | append | text
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
        options = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        if words[0] == "sh":
            blocks.append(Block("sh", body))
        elif words[0] == "text":
            blocks.append(Block("text", body))
        elif "file" in options:
            blocks.append(Block("file", body, options["file"]))
        elif "append" in options:
            blocks.append(Block("append", body, options["append"]))
    return blocks


def _line_pattern(expected: str) -> re.Pattern[str]:
    """A run of five '=' or more stands for any such run: pytest centres its summary line, so on a
    busy machine "1 passed in 12.34s" takes one '=' fewer than "1 passed in 1.23s"."""
    pattern = ".*?".join(re.escape(piece) for piece in expected.rstrip().split(ELLIPSIS)) + r"\Z"
    return re.compile(re.sub(r"(?:=){5,}", "=+", pattern))


def matches(expected: str, output: str) -> bool:
    """Whether ``output`` is ``expected`` line for line ("…" in a line: any text; a line "…":
    any number of lines). Blank lines at either end do not count."""
    want = expected.strip("\n").splitlines()
    got = [line.rstrip() for line in output.strip("\n").splitlines()]
    patterns = [None if line.strip() == ELLIPSIS else _line_pattern(line) for line in want]

    def match(i: int, j: int) -> bool:
        if i == len(patterns):
            return j == len(got)
        if patterns[i] is None:
            return any(match(i + 1, k) for k in range(j, len(got) + 1))
        return j < len(got) and bool(patterns[i].match(got[j])) and match(i + 1, j + 1)

    return match(0, 0)


def _environment(home: Path) -> dict[str, str]:
    """`guide` on PATH runs this checkout's package with this interpreter; HOME is ``home``."""
    bin_dir = home / ".bin"
    bin_dir.mkdir(parents=True)
    shim = bin_dir / "guide"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m guide "$@"\n')
    shim.chmod(0o755)
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["HOME"] = str(home)
    env.pop("GUIDE_PATH", None)
    env["NO_COLOR"] = "1"
    return env


class Shell:
    """Commands run one by one as in a terminal: each must exit 0; the folder carries over."""

    def __init__(self, cwd: Path, env: dict[str, str], state: Path) -> None:
        self.cwd, self.env, self.state = cwd, env, state

    def run(self, command: str) -> str:
        script = f"cd {shlex.quote(str(self.cwd))} || exit 97\n{command}\nstatus=$?\npwd > " \
                 f"{shlex.quote(str(self.state))}\nexit $status\n"
        result = subprocess.run(["bash", "-c", script], env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert result.returncode == 0, f"`{command}` (in {self.cwd}) exited {result.returncode}:\n{result.stdout}"
        self.cwd = Path(self.state.read_text().strip())
        return result.stdout


def _files(root: Path) -> set[str]:
    """The repository's files, as `git status` would see new ones (ignored folders aside)."""
    skip = {".git", ".venv", ".ci-venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"}
    found = set()
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skip and not d.endswith(".egg-info")]
        found.update(os.path.relpath(os.path.join(folder, f), root) for f in files)
    return found


def run_tutorial(checkout: Path, home: Path) -> list[tuple[str, str, str]]:
    """Run the tutorial from ``checkout``; returns (commands, output, expected) per checked block."""
    shell = Shell(checkout, _environment(home), home / ".cwd")
    checked = []
    output = commands = ""
    for block in tutorial_blocks(DOC.read_text(encoding="utf-8")):
        if block.kind in ("file", "append"):
            target = shell.cwd / block.target
            assert target.parent.is_dir(), f"{block.target}: the tutorial has not created its folder yet"
            assert block.kind == "file" or target.is_file(), f"{block.target}: nothing to append to"
            with open(target, "w" if block.kind == "file" else "a", encoding="utf-8") as handle:
                handle.write(block.body)
        elif block.kind == "sh":
            commands, output = block.body, ""
            for line in block.body.splitlines():
                command = line.strip()
                if command and not command.startswith("#"):
                    output += shell.run(command)
        else:
            assert matches(block.body, output), \
                f"the output of\n{commands}\nis not what the tutorial shows:\n{block.body}\n--- output:\n{output}"
            checked.append((commands, output, block.body))
    return checked


def test_the_tutorial_has_every_step() -> None:
    blocks = tutorial_blocks(DOC.read_text(encoding="utf-8"))
    commands = "\n".join(b.body for b in blocks if b.kind == "sh")
    for command in ("cd ~/guide-tutorial", "guide new my-guide --source", "guide new node", "guide validate",
                    "guide test", "guide explain", "guide schema node"):
        assert command in commands, command
    files = [b.target for b in blocks if b.kind == "file"]
    assert "my-guide/nodes/touch.yaml" in files and "my-guide/tests/touch.yaml" in files
    touch = next(b.body for b in blocks if b.target == "my-guide/nodes/touch.yaml")
    for key in ("examples:", "- quote:", "followups:", "choices:"):
        assert key in touch, key
    # every command's output that the tutorial shows is checked: each ```text follows a ```sh
    kinds = [b.kind for b in blocks]
    assert all(kinds[i - 1] == "sh" for i, kind in enumerate(kinds) if kind == "text")
    assert kinds.count("text") >= 8


def test_the_tutorial_runs_as_written_and_leaves_the_repository_as_it_was(tmp_path: Path) -> None:
    before = _files(REPO_ROOT)
    home = tmp_path / "home"
    checked = run_tutorial(REPO_ROOT, home)
    assert _files(REPO_ROOT) == before, "the tutorial left files in the repository"
    assert len(checked) >= 8
    work = home / "guide-tutorial"
    assert (work / "my-guide" / "guide.yaml").is_file()
    # step 7 added synonyms to what `guide new` wrote: the title and description are still there
    manifest = (work / "my-guide" / "guide.yaml").read_text(encoding="utf-8")
    assert "\ntitle: " in manifest and "\ndescription: " in manifest and manifest.rstrip().endswith("being held]")
    # the schema lines the tutorial shows name files that are there
    for path in (work / "my-guide").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        assert (path.parent / first.split("=", 1)[1]).is_file(), path


def test_the_tutorial_runs_from_a_copy_of_the_repository_elsewhere(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    shutil.copytree(BUNDLED_GUIDE / "sources", checkout / "dialogs" / BUNDLED_GUIDE.name / "sources")
    before = _files(checkout)
    run_tutorial(checkout, tmp_path / "home")
    assert _files(checkout) == before


def test_expected_output_matches_line_for_line() -> None:
    output = "my-guide/tests/basics.yaml ..\n--- coverage ---\n  nodes 2/2\n===== 1 passed in 0.02s =====\n"
    assert matches("my-guide/tests/basics.yaml ..\n…\n===== 1 passed in … =====", output)
    assert matches("…\n  nodes 2/2\n…", output)
    assert not matches("my-guide/tests/basics.yaml ..", output)  # the rest is not shown
    assert not matches("…\n===== 2 passed in … =====", output)
    assert not matches("…\n  nodes 2/2\n===== 1 passed … basics", output)  # pieces in order, on one line
    assert not matches("  nodes 2/2\n…", output)  # lines in order from the first
    assert matches("…", "") and matches("a\n…\nb", "a\nb")
