"""The hostile guides of tests/hostile/: each command in a case's EXPECT file exits 1 or 2 with
a `file:line` message and no traceback, within 5 s of CPU and 500 MB (tests/limits.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.limits import CPU_SECONDS, MEMORY_MB, run_guide

CORPUS = Path(__file__).parent / "hostile"
ARGUMENTS = {
    "validate": lambda guide: ["validate", guide],
    "ask": lambda guide: ["ask", "--guide", guide, "hi"],
    "explain": lambda guide: ["explain", "--guide", guide, "hi"],
    "test": lambda guide: ["test", guide],
    "lint": lambda guide: ["lint", guide],
}


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        for line in (folder / "EXPECT").read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                command, where = line.split()
                cases.append((folder.name, command, where))
    return cases


@pytest.mark.parametrize("case, command, where", _cases(), ids=lambda v: v if "/" not in v and ":" not in v else "")
def test_hostile_guide(case: str, command: str, where: str, tmp_path: Path) -> None:
    guide = str(CORPUS / case)
    result = run_guide(*ARGUMENTS[command](guide), cwd=CORPUS,
                       env={"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data")})
    output = result.stdout + result.stderr
    assert not result.over_limit(), f"{case}: guide {command} used {result.over_limit()}"
    assert "Traceback" not in output, output[-3000:]
    assert result.returncode in (1, 2), f"exit {result.returncode}:\n{output[-3000:]}"
    assert f"{case}/{where}" in output, output[-3000:]
    assert result.cpu_seconds < CPU_SECONDS and result.max_rss_mb < MEMORY_MB


def test_the_corpus_is_whole() -> None:
    """Symlinks and odd bytes survive a checkout (git keeps symlinks; the files are bytes)."""
    assert os.readlink(CORPUS / "source-symlink-out" / "doc.md") == "/etc/passwd"
    assert b"\x1b" in (CORPUS / "escape-in-source" / "doc.md").read_bytes()
    assert len(_cases()) >= 50
