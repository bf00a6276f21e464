"""The compiled-guide cache: never runs code it did not write, never serves a stale guide."""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from guide import cache
from guide.conversation import Session
from tests.conftest import TINY_MANIFEST

NOBODY = 65534


def _say(engine) -> str:
    return Session(engine).respond("hi").text.splitlines()[0]


def _engine_files(home: Path) -> list[Path]:
    return sorted((home / "guide").glob("engine-*.pickle"))


class _Boom:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


# -- code from the cache ------------------------------------------------------------------------------

def test_a_planted_pickle_never_runs(make_guide, cache_home: Path, tmp_path: Path) -> None:
    root = make_guide()
    cache.load_engine(root)
    [target] = _engine_files(cache_home)
    marker = tmp_path / "pwned"
    target.write_bytes(pickle.dumps(_Boom(marker)) + pickle.dumps(_Boom(marker)))  # our own file, hostile content
    engine, _ = cache.load_engine(root)
    assert engine is not None and _say(engine) == "Hello."
    assert not marker.exists()


def test_globals_outside_the_project_are_refused() -> None:
    payload = pickle.dumps(_Boom(Path("/nonexistent/x")))
    with pytest.raises(pickle.UnpicklingError):
        cache.restricted_loads(payload)
    for module, name in [("os", "system"), ("builtins", "eval"), ("builtins", "getattr"), ("guide.cache", "os"),
                         ("guide.cache", "os.system"), ("guide.authoring.files", "write_atomic"),
                         ("guide.cli", "main"), ("subprocess", "Popen")]:
        with pytest.raises(pickle.UnpicklingError):
            cache.restricted_loads(b"\x80\x04\x95" + _global(module, name) + b".")


def _global(module: str, name: str) -> bytes:
    body = b"\x8c" + bytes([len(module)]) + module.encode() + b"\x8c" + bytes([len(name)]) + name.encode() + b"\x93"
    return len(body).to_bytes(8, "little") + body


def test_the_projects_classes_load(make_guide, cache_home: Path) -> None:
    engine, _ = cache.load_engine(make_guide())
    copy = cache.restricted_loads(pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL))
    assert _say(copy) == _say(engine)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_cache_file_of_another_user_is_ignored(make_guide, cache_home: Path) -> None:
    root = make_guide()
    cache.load_engine(root)
    [target] = _engine_files(cache_home)
    os.chown(target, NOBODY, NOBODY)
    assert cache.load_cached(root) is None
    os.chown(target, os.geteuid(), os.getegid())
    assert cache.load_cached(root) is not None


def test_a_cache_file_others_can_write_is_ignored(make_guide, cache_home: Path) -> None:
    root = make_guide()
    cache.load_engine(root)
    [target] = _engine_files(cache_home)
    target.chmod(0o666)
    assert cache.load_cached(root) is None
    target.chmod(0o600)
    assert cache.load_cached(root) is not None


def test_a_cache_folder_others_can_write_is_not_used(make_guide, cache_home: Path) -> None:
    root = make_guide()
    cache.load_engine(root)
    (cache_home / "guide").chmod(0o777)
    assert cache.load_cached(root) is None
    for file in _engine_files(cache_home):
        file.unlink()
    engine, _ = cache.load_engine(root)
    assert engine is not None and not _engine_files(cache_home)  # nothing written there either


def test_a_symlinked_cache_file_is_ignored(make_guide, cache_home: Path, tmp_path: Path) -> None:
    root = make_guide()
    cache.load_engine(root)
    [target] = _engine_files(cache_home)
    elsewhere = tmp_path / "elsewhere.pickle"
    target.rename(elsewhere)
    target.symlink_to(elsewhere)
    assert cache.load_cached(root) is None


def test_the_cache_is_private(make_guide, cache_home: Path) -> None:
    cache.load_engine(make_guide())
    assert (cache_home / "guide").stat().st_mode & 0o777 == 0o700
    for file in (cache_home / "guide").iterdir():
        assert file.stat().st_mode & 0o077 == 0, file


# -- stale guides ---------------------------------------------------------------------------------------

def _edit(path: Path, old: str, new: str, *, keep_mtime: bool = False) -> None:
    before = path.stat()
    path.write_text(path.read_text().replace(old, new))
    if keep_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    else:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))


def _check_fresh(root: Path, edit, expected: str = "Hello, edited.") -> None:
    first, _ = cache.load_engine(root)
    assert _say(first) == "Hello."
    edit()
    engine, result = cache.load_engine(root)
    assert engine is not None, result.problems if result else None
    assert _say(engine) == expected


def test_a_symlinked_nodes_folder(make_guide, cache_home: Path) -> None:
    root = make_guide()
    (root / "nodes").rename(root / ".v1")
    (root / "nodes").symlink_to(".v1")
    _check_fresh(root, lambda: _edit(root / ".v1" / "hello.yaml", "say: Hello.", "say: Hello, edited."))


def test_a_retargeted_nodes_symlink(make_guide, cache_home: Path) -> None:
    root = make_guide()
    (root / "nodes").rename(root / "v1")
    shutil.copytree(root / "v1", root / "v2")
    _edit(root / "v2" / "hello.yaml", "say: Hello.", "say: Howdy.", keep_mtime=True)
    (root / "nodes").symlink_to("v1")

    def retarget() -> None:
        (root / "nodes").unlink()
        (root / "nodes").symlink_to("v2")
    _check_fresh(root, retarget, "Howdy.")


def test_a_node_glob_with_another_suffix(make_guide, cache_home: Path) -> None:
    root = make_guide()
    (root / "guide.yaml").write_text(TINY_MANIFEST + 'nodes: ["nodes/*.node"]\n')
    for file in (root / "nodes").glob("*.yaml"):
        file.rename(file.with_suffix(".node"))
    _check_fresh(root, lambda: _edit(root / "nodes" / "hello.node", "say: Hello.", "say: Hello, edited."))


def test_hidden_files_and_dunder_folders(make_guide, cache_home: Path) -> None:
    root = make_guide()
    (root / "nodes" / "__x").mkdir()
    (root / "nodes" / "hello.yaml").rename(root / "nodes" / "__x" / ".hello.yaml")
    (root / "guide.yaml").write_text(TINY_MANIFEST + 'nodes: ["nodes/*.yaml", "nodes/__x/.*.yaml"]\n')
    _check_fresh(root, lambda: _edit(root / "nodes" / "__x" / ".hello.yaml", "say: Hello.", "say: Hello, edited."))


def test_a_new_file_matching_a_glob(make_guide, cache_home: Path) -> None:
    root = make_guide()
    (root / "guide.yaml").write_text(TINY_MANIFEST + 'nodes: ["nodes/*.yaml", "nodes/.*.yaml"]\n')
    cache.load_engine(root)
    (root / "nodes" / ".cats.yaml").write_text("id: cats\ntitle: Cats\nanswer:\n  - say: Meow.\n")
    engine, _ = cache.load_engine(root)
    assert "cats" in engine.guide.nodes


def test_a_source_with_another_suffix(make_guide, cache_home: Path) -> None:
    root = make_guide()
    (root / "doc.md").rename(root / "doc.html")
    (root / "guide.yaml").write_text(TINY_MANIFEST.replace("doc.md", "doc.html"))
    cache.load_engine(root)
    _edit(root / "doc.html", "Cats sleep for most", "Cats nap for most")
    engine, result = cache.load_engine(root)
    assert engine is None and any(p.code == "quote-not-found" for p in result.problems)


@pytest.mark.parametrize("file", ["nodes/hello.yaml", "doc.md", "guide.yaml"])
def test_a_same_size_edit_with_the_mtime_restored(make_guide, cache_home: Path, file: str) -> None:
    root = make_guide()
    cache.load_engine(root)
    old, new = {"nodes/hello.yaml": ("say: Hello.", "say: Howdy."), "doc.md": ("Cats sleep", "Cats slept"[:10]),
                "guide.yaml": ("Tiny guide", "Tiny guidE")}[file]
    assert len(old) == len(new)
    _edit(root / file, old, new, keep_mtime=True)
    engine, result = cache.load_engine(root)
    if file == "doc.md":
        assert engine is None and any(p.code == "quote-not-found" for p in result.problems)
    elif file == "guide.yaml":
        assert engine.guide.title == "Tiny guidE"
    else:
        assert _say(engine) == "Howdy."


def test_allow_path_is_part_of_the_cache(make_guide, cache_home: Path, tmp_path: Path) -> None:
    from guide.paths import allow_outside

    root = make_guide()
    shared = tmp_path.parent / f"{tmp_path.name}-shared"
    shared.mkdir()
    (root / "doc.md").rename(shared / "doc.md")
    (root / "doc.md").symlink_to(shared / "doc.md")
    allow_outside([shared])
    engine, _ = cache.load_engine(root)
    assert engine is not None
    allow_outside([])
    engine, result = cache.load_engine(root)
    assert engine is None and any(p.code == "outside-guide" for p in result.problems)


def test_the_loader_reports_the_files_it_read(make_guide) -> None:
    from guide.dialog.loader import load_guide

    root = make_guide()
    result = load_guide(root)
    assert sorted(Path(f.path).relative_to(root).as_posix() for f in result.files_read) == [
        "doc.md", "guide.yaml", "nodes/dogs.yaml", "nodes/hello.yaml"]


# -- temporary files -------------------------------------------------------------------------------------

def test_an_interrupted_store_leaves_nothing(make_guide, cache_home: Path, monkeypatch) -> None:
    root = make_guide()
    cache.load_engine(root)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pickle, "dump", interrupted)
    monkeypatch.setattr(pickle, "dumps", interrupted)
    for file in _engine_files(cache_home):
        file.unlink()
    with pytest.raises(KeyboardInterrupt):
        cache.load_engine(root)
    assert [p.name for p in (cache_home / "guide").iterdir() if not p.name.startswith("safety-")] == []


def test_sigterm_while_storing_leaves_no_temp_file(make_guide, cache_home: Path) -> None:
    """SIGTERM while the cache file is written waits for the write to finish, then ends the
    process as it would have."""
    root = make_guide()
    script = ("import os, signal, tempfile\nfrom pathlib import Path\nfrom guide import cache\n"
              "real = tempfile.mkstemp\n"
              "def mkstemp(*args, **kwargs):\n"
              "    os.kill(os.getpid(), signal.SIGTERM)\n    return real(*args, **kwargs)\n"
              "tempfile.mkstemp = mkstemp\n"
              f"cache.load_engine(Path({str(root)!r}))\nprint('not reached')\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "XDG_CACHE_HOME": str(cache_home)}, check=False)
    assert result.returncode == -signal.SIGTERM and "not reached" not in result.stdout, result.stderr
    assert [p.name for p in (cache_home / "guide").iterdir() if p.name.endswith(".tmp")] == []
    assert _engine_files(cache_home)  # written whole before the process ended


def test_stale_temp_files_are_swept(make_guide, cache_home: Path) -> None:
    folder = cache_home / "guide"
    folder.mkdir(parents=True, mode=0o700)
    stale, fresh = folder / ".engine-1.pickle.abc.tmp", folder / ".engine-2.pickle.def.tmp"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    cache.load_engine(make_guide())
    assert not stale.exists() and fresh.exists()


def test_an_untrusted_cache_folder_is_named_on_stderr(make_guide, cache_home: Path, capsys) -> None:
    from guide.cli import main

    root = make_guide()
    (cache_home / "guide").mkdir(parents=True)
    (cache_home / "guide").chmod(0o777)
    assert main(["ask", "--guide", str(root), "hi"]) == 0
    err = capsys.readouterr().err
    assert "can be written by other users" in err and "not using it" in err


@pytest.mark.parametrize("when", ["after the temporary file is made", "while it is renamed"])
def test_ctrl_c_at_any_point_of_the_write_leaves_no_temporary_file(make_guide, cache_home: Path, monkeypatch,
                                                                    when: str) -> None:
    """Ctrl-C is held, like SIGTERM, until the file is whole or gone, then raised as usual."""
    import tempfile

    root = make_guide()
    cache.load_engine(root)
    for file in _engine_files(cache_home):
        file.unlink()
    real_mkstemp, real_replace = tempfile.mkstemp, os.replace

    def mkstemp(*args, **kwargs):
        result = real_mkstemp(*args, **kwargs)
        if when.startswith("after"):
            signal.raise_signal(signal.SIGINT)
        return result

    def replace(*args, **kwargs):
        if when.startswith("while"):
            signal.raise_signal(signal.SIGINT)
        return real_replace(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "replace", replace)
    # a shell's background job starts with SIGINT ignored, and Python then raises nothing for it
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            cache.load_engine(root)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert [p.name for p in (cache_home / "guide").iterdir() if p.name.endswith(".tmp")] == []


# -- the remembered opening screen of the app (kept beside the compiled guide) ---------------------

def _remember_opening(root: Path):
    from guide.tui.opening import keep_opening, opening_of, read_opening

    engine, _ = cache.load_engine(root)
    keep_opening(root.resolve(), engine, opening_of(engine, Session(engine).welcome(), frozenset()))
    return read_opening(root.resolve())


def test_the_opening_is_kept_and_read_through_the_trusted_cache(make_guide, cache_home: Path) -> None:
    from guide.tui.opening import _file

    root = make_guide()
    opening = _remember_opening(root)
    assert opening is not None and opening.title == "Tiny guide"
    assert _file(root.resolve()).stat().st_mode & 0o077 == 0


def test_a_planted_opening_never_runs(make_guide, cache_home: Path, tmp_path: Path) -> None:
    from guide.tui.opening import _file, read_opening

    root = make_guide()
    assert _remember_opening(root) is not None
    marker = tmp_path / "pwned"
    planted = pickle.dumps(_Boom(marker))  # with the right CRC: the restricted unpickler refuses it
    _file(root.resolve()).write_bytes(zlib.crc32(planted).to_bytes(4, "little") + planted)
    assert read_opening(root.resolve()) is None
    assert not marker.exists()


def test_a_damaged_opening_is_never_shown(make_guide, cache_home: Path) -> None:
    """A changed letter in the kept welcome (a bad disk block) is not drawn: the ordinary start."""
    from guide.tui.opening import _file, read_opening

    root = make_guide()
    assert _remember_opening(root) is not None
    kept = _file(root.resolve())
    data = kept.read_bytes()
    assert data.count(b"Hello.") >= 1
    kept.write_bytes(data.replace(b"Hello.", b"Hellx."))
    assert read_opening(root.resolve()) is None
    kept.write_bytes(data[:-1])
    assert read_opening(root.resolve()) is None
    kept.write_bytes(data)
    assert read_opening(root.resolve()) is not None


def test_an_opening_others_can_write_is_ignored(make_guide, cache_home: Path) -> None:
    from guide.tui.opening import _file, read_opening

    root = make_guide()
    assert _remember_opening(root) is not None
    _file(root.resolve()).chmod(0o666)
    assert read_opening(root.resolve()) is None


def test_an_opening_is_stale_when_the_guide_changed_in_ways_mtimes_miss(make_guide, cache_home: Path) -> None:
    from guide.tui.opening import read_opening

    root = make_guide()
    assert _remember_opening(root) is not None
    _edit(root / "guide.yaml", "Tiny guide", "Tiny guidE", keep_mtime=True)
    assert read_opening(root.resolve()) is None
