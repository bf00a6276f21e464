"""Where the user's folders are: XDG variables, and only absolute ones."""

from __future__ import annotations

from pathlib import Path

from guide.paths import cache_dir, user_data_dir


def test_relative_xdg_folders_are_ignored(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    assert cache_dir() == tmp_path / "home" / ".cache" / "guide"
    assert user_data_dir() == tmp_path / "home" / ".local" / "share" / "guide"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "abs"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "abs-data"))
    assert cache_dir() == tmp_path / "abs" / "guide"
    assert user_data_dir() == tmp_path / "abs-data" / "guide"
