"""Bytes that are not UTF-8 on stdin: replaced, whatever the locale, never crash or leak raw."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _guide(args: list[str], stdin: bytes, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), **env}
    return subprocess.run([sys.executable, "-m", "guide", *args], input=stdin, capture_output=True,
                          env=environment, timeout=120, check=False)


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_unanswered_log_takes_invalid_bytes(make_guide, tmp_path: Path, locale: str) -> None:
    root = make_guide()
    result = _guide(["chat", "--guide", str(root), "--plain", "--log-unanswered"], b"zzqx \xff blorf\n", tmp_path,
                    LC_ALL=locale)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    [line] = (tmp_path / "data" / "guide" / "unanswered.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["input"] == "zzqx \ufffd blorf"


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_ask_json_writes_utf8_under_any_locale(make_guide, tmp_path: Path, locale: str) -> None:
    root = make_guide()
    result = _guide(["ask", "--guide", str(root), "--json"], "zzqx \xff blorf é\n".encode("latin-1") + "é\n".encode(),
                    tmp_path, LC_ALL=locale, LANG=locale)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    lines = result.stdout.decode("utf-8").splitlines()  # strict: raises on any raw invalid byte
    assert [json.loads(line)["input"] for line in lines] == ["zzqx \ufffd blorf \ufffd", "é"]


def test_recording_of_invalid_bytes_passes_guide_test(make_guide, tmp_path: Path) -> None:
    root = make_guide()
    (root / "tests").mkdir()
    recording = root / "tests" / "recorded.yaml"
    result = _guide(["chat", "--guide", str(root), "--plain", "--record", str(recording)], b"hi\n\xff\n", tmp_path,
                    LC_ALL="C")
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert "\ufffd" in recording.read_text(encoding="utf-8")
    tested = _guide(["test", str(root)], b"", tmp_path)
    assert tested.returncode == 0, tested.stdout.decode(errors="replace")


def test_invalid_bytes_in_a_question_argument(make_guide, tmp_path: Path) -> None:
    root = make_guide()
    result = subprocess.run([sys.executable, "-m", "guide", "ask", "--guide", str(root), "--json",
                             os.fsdecode(b"zzqx \xff")], capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert json.loads(result.stdout.decode("utf-8"))["input"] == "zzqx \ufffd"
