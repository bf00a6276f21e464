"""A compiled guide kept between runs, so that `guide ask` starts fast.

Like Python's own bytecode cache: the engine (loaded guide + index) is pickled to the
user's cache folder, keyed by the guide's folder, and used only while every file it was
built from is unchanged (path, size and modification time, checked at each start).
Anything unexpected — a missing, stale, corrupt or unwritable cache, or one written by
other code — just means building again. ``GUIDE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from guide import __version__
from guide.paths import cache_dir

if TYPE_CHECKING:
    from guide.conversation import Engine
    from guide.dialog.loader import LoadResult

FORMAT = 1
_SUFFIXES = {".yaml", ".yml", ".md", ".markdown", ".txt"}
Stamp = tuple[tuple[str, int, int], ...]


def enabled() -> bool:
    return not os.environ.get("GUIDE_NO_CACHE")


def _cache_file(root: Path) -> Path:
    key = f"{root}|{sys.version_info[:2]}|{__version__}|{FORMAT}"
    return cache_dir() / f"engine-{zlib.crc32(key.encode()):08x}.pickle"  # the stamp guards collisions


def fingerprint(root: Path, extra: tuple[Path, ...] = ()) -> Stamp:
    """(path, size, mtime) of every guide file under ``root``, and of the ``extra`` files."""
    return tuple(sorted(_folder_entries(root) + _file_entries(extra)))


def _folder_entries(root: Path, suffixes: set[str] | tuple[str, ...] = tuple(_SUFFIXES)) -> list[tuple[str, int, int]]:
    entries = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                for entry in scan:
                    if entry.name.startswith((".", "__")):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
                    elif os.path.splitext(entry.name)[1] in suffixes:
                        info = entry.stat()
                        entries.append((entry.path, info.st_size, info.st_mtime_ns))
        except OSError:
            continue
    return entries


def _file_entries(paths: tuple[Path, ...]) -> list[tuple[str, int, int]]:
    entries = []
    for path in paths:
        try:
            info = path.stat()
            entries.append((str(path), info.st_size, info.st_mtime_ns))
        except OSError:
            entries.append((str(path), -1, -1))
    return entries


def code_stamp() -> Stamp:
    """The package's own code, so that an engine pickled by other code is never used."""
    package = Path(__file__).resolve().parent
    return tuple(sorted(e for e in _folder_entries(package, (".py",)) if f"{os.sep}tui{os.sep}" not in e[0]))


def load_cached(root: Path) -> object | None:
    """The cached engine for the guide folder ``root`` if its files are unchanged, else None."""
    if not enabled():
        return None
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes ~100,000 objects, none of them garbage: no collections meanwhile
    try:
        with open(_cache_file(root), "rb") as handle:
            stamp, code, extra = pickle.load(handle)
            if code != code_stamp() or stamp != fingerprint(root, extra):
                return None
            return pickle.load(handle)
    except Exception:  # missing, unreadable or from other code: build again
        return None
    finally:
        if collecting:
            gc.enable()


def store(root: Path, engine: object, stamp: Stamp, extra: tuple[Path, ...]) -> None:
    """Keep ``engine``, built from the files as they were at ``stamp``, for the next start.

    The stamp is taken before loading, so an edit made while building is never hidden.
    Written atomically; failures (read-only home, full disk) are ignored.
    """
    if not enabled():
        return
    import tempfile

    target = _cache_file(root)
    temp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False, suffix=".tmp") as handle:
            temp = handle.name
            pickle.dump((stamp, code_stamp(), extra), handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(engine, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, target)
    except Exception:
        if temp:
            Path(temp).unlink(missing_ok=True)


def load_engine(path: Path) -> tuple[Engine | None, LoadResult | None]:
    """The engine for the guide at ``path``: from the cache, or loaded, built and cached.

    Returns (engine, None), or (None, result) when the guide has errors. Raises
    GuideNotFound for a path that is not a guide.
    """
    from guide.conversation import Engine
    from guide.dialog.files import find_manifest

    root = find_manifest(path).parent.resolve()
    cached = load_cached(root)
    if isinstance(cached, Engine):
        return cached, None
    from guide.dialog.loader import load_guide

    before = _folder_entries(root) if enabled() else []
    result = load_guide(path)
    if not result.ok or result.guide is None:
        return None, result
    engine = Engine.build(result.guide)
    outside = tuple(s.path for s in result.guide.sources.values() if not s.path.is_relative_to(root))
    store(root, engine, tuple(sorted(before + _file_entries(outside))), outside)
    return engine, None
