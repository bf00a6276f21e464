"""A compiled guide kept between runs, so that `guide ask` starts fast.

Like Python's own bytecode cache: the engine (loaded guide + index) is pickled to the
user's cache folder, keyed by the guide's manifest, and used only while it is exactly what
loading the guide again would build. Its header records every file the loader read (path,
device and inode, length, CRC-32 of the bytes read), each glob pattern with the files it
matched, the folders ``--allow-path`` let the guide read, and the package's own code; at
each start every file is read and hashed again (about 0.1 ms for the bundled guide) and
every glob expanded again. The header also holds the length and CRC-32 of the pickled
engine after it, checked before a byte of it is unpickled: a damaged disk block or a cut
file is never served (a changed letter in a quote, a bad intent read mid-conversation).
Any difference, or anything unexpected — a missing, corrupt or unwritable cache — just
means building again. ``GUIDE_NO_CACHE=1`` turns it off.

The file is trusted only if this user alone can have written it (see guide.cachefiles),
and it is unpickled with a restricted Unpickler that resolves nothing but the project's own
classes and functions and a few inert standard types: a planted file cannot run code.
"""

from __future__ import annotations

import gc
import io
import os
import sys
import types
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from guide import __version__
from guide.cachefiles import folder_refusal, open_private, write_private
from guide.paths import allowed_outside, cache_dir
from guide.records import NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable

    from guide.conversation import Engine
    from guide.dialog.loader import LoadResult

try:  # the C unpickler, which `pickle` itself re-exports: importing `pickle` for it would add ~1 ms
    from _pickle import Unpickler, UnpicklingError  # of pure-Python fallbacks to every start
except ImportError:  # an interpreter without the C module
    from pickle import Unpickler, UnpicklingError

FORMAT = 14  # 14: calibrated clarify is a bootstrap mean (calibrate.reached), so cached thresholds differ;
# 13: stems take American spellings to their base (stems.py, base_forms.txt), and "this
# post" reads "this article" (self_reference.py); 12: each compiled intent keeps the kinds of answer its
# phrasings ask for (`_Intent.asks`); 11: the index remembers which nodes give an answer of a kind
# (`_gives`); 10: "buses" and
# "gases" stemmed as "bus" and "gas" (stems.py); 9: follow-ups know the node
# they lead to (`IntentSpec.leads_to`); 8: the engine's length
# and CRC-32 in the header; 7: the index's table of phrasings by text
# (`_written_as`); 6: the everyday item words its guide uses for a topic (`taken_nouns`);
# 5: the index's intents as marshal blobs (`index._StoredIntents`); 4: an intent keeps the words
# kinship compares (`_Intent.words`); 3: (empty) memories of queries
Stamp = tuple

# Standard globals an engine may hold: containers and paths, nothing that runs or opens anything.
_SAFE_GLOBALS = frozenset({
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "bytearray"), ("builtins", "slice"),
    ("builtins", "complex"), ("builtins", "range"),
    ("collections", "Counter"), ("collections", "OrderedDict"), ("collections", "defaultdict"),
    ("collections", "deque"),
    ("array", "array"), ("array", "_array_reconstructor"),
    ("pathlib", "Path"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "PurePosixPath"),
    ("pathlib", "PureWindowsPath"),
    ("pathlib._local", "Path"), ("pathlib._local", "PosixPath"), ("pathlib._local", "WindowsPath"),
    ("pathlib._local", "PurePosixPath"), ("pathlib._local", "PureWindowsPath"),
})
# The project's modules that act on the world (files, processes, the terminal): nothing from them.
_NEVER = ("guide.cli", "guide.cache", "guide.cachefiles", "guide.paths", "guide.tui", "guide.authoring", "guide.serve",
          "guide.__main__")


class _RestrictedUnpickler(Unpickler):
    """Resolves only the project's classes and module-level functions (so new classes in the
    engine keep loading) and :data:`_SAFE_GLOBALS`: "Restricting Globals" in the pickle docs.
    ``also`` names modules of :data:`_NEVER` whose classes a caller needs (its own data types)."""

    def __init__(self, file: BinaryIO, also: tuple[str, ...] = ()) -> None:
        super().__init__(file)
        self.also = also

    def find_class(self, module: str, name: str) -> object:
        if (module, name) in _SAFE_GLOBALS:
            return super().find_class(module, name)
        ours = module == "guide" or module.startswith("guide.")
        never = module not in self.also and any(module == m or module.startswith(m + ".") for m in _NEVER)
        if ours and name.isidentifier() and not never:
            found = super().find_class(module, name)
            defined_here = getattr(found, "__module__", None) == module and getattr(found, "__qualname__", "") == name
            if defined_here and isinstance(found, type | types.FunctionType):
                return found
        raise UnpicklingError(f"{module}.{name} is not allowed in a compiled guide")


def restricted_loads(data: bytes) -> object:
    """Unpickle ``data`` resolving only what a compiled guide may hold (UnpicklingError otherwise)."""
    return _RestrictedUnpickler(io.BytesIO(data)).load()


def restricted_load(handle: BinaryIO, also: tuple[str, ...] = ()) -> object:
    """One pickle from ``handle``, resolved like a compiled guide's (and ``also`` those modules' classes)."""
    return _RestrictedUnpickler(handle, also).load()


def enabled() -> bool:
    return not os.environ.get("GUIDE_NO_CACHE")


def _cache_file(manifest: Path) -> Path:
    key = f"{manifest}|{sys.version_info[:2]}|{__version__}|{FORMAT}"
    return cache_dir() / f"engine-{zlib.crc32(key.encode()):08x}.pickle"  # the header guards collisions


def _folder_entries(root: Path, suffixes: tuple[str, ...]) -> list[tuple[str, int, int]]:
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


def code_stamp() -> Stamp:
    """The package's own code and the matcher's data (its word table, its off-topic questions),
    so that an engine built by other code or from other data is never used."""
    package = Path(__file__).resolve().parent
    tui = f"{package}{os.sep}tui{os.sep}"  # the package's own tui/ (not a folder of that name above it)
    return tuple(sorted(e for e in _folder_entries(package, (".py", ".bin", ".txt")) if not e[0].startswith(tui)))


def _file_stamp(path: Path, expected: tuple | None = None) -> tuple[str, int, int, int, int] | None:
    """(path, device, inode, length, CRC-32) of the regular file at ``path`` now, or None if it
    cannot be read. With ``expected``, a file whose device, inode or length differ is not read."""
    import stat

    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        known = (str(path), info.st_dev, info.st_ino, info.st_size)
        if not stat.S_ISREG(info.st_mode) or (expected is not None and known != tuple(expected[:4])):
            return None
        data = os.read(descriptor, info.st_size + 1)  # guide files are small (at most 2 MB): one read
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return (*known[:3], len(data), zlib.crc32(data))


def _glob_stamp(root: Path, pattern: str) -> tuple[str, tuple[str, ...]] | None:
    from guide.dialog.files import expand_glob  # the loader's own expansion

    try:
        return (pattern, _relative(expand_glob(root, pattern), root))
    except (ValueError, NotImplementedError, IndexError, OSError):
        return None


def _relative(matches: Iterable[Path], root: Path) -> tuple[str, ...]:
    """A glob's matches relative to the guide folder, so that the folder given as `my-guide`
    (as the loader globbed it) and as the manifest's resolved folder (as a start checks it)
    record the same files. Raises ValueError for a match outside ``root``."""
    return tuple(str(match.relative_to(root)) for match in matches)


def _header(manifest: Path, result: LoadResult) -> Stamp:
    """What the engine was built from, as :func:`_current` will find it while nothing changed."""
    files = []
    for read in result.files_read:
        now = _file_stamp(read.path)
        if now is None or now[3:] != (read.size, read.crc):
            return ()  # changed while the guide was loading: not worth keeping
        files.append(now)
    root = result.guide.root if result.guide is not None else manifest.parent
    try:
        globs = tuple((pattern, _relative(matches, root)) for pattern, matches in result.globbed)
    except ValueError:
        return ()
    return (FORMAT, str(manifest), tuple(map(str, result.allowed)), tuple(files), globs)


def _matches(header: object, manifest: Path) -> bool:
    """Whether the guide's files are still exactly those ``header`` records."""
    if not (isinstance(header, tuple) and len(header) == 5 and header[0] == FORMAT and header[1] == str(manifest)):
        return False
    _, _, allowed, files, globs = header
    if allowed != tuple(map(str, allowed_outside())):
        return False
    root = manifest.parent
    return all(_glob_stamp(root, pattern) == (pattern, matches) for pattern, matches in globs) and \
        all(_file_stamp(Path(file[0]), file) == file for file in files)


class _Current(NamedTuple):
    """A cache file read up to the end of its header, which is still exactly the guide's files."""

    handle: BinaryIO
    header: Stamp
    size: int  # of the pickled engine after the header
    crc: int  # its CRC-32


def _open_current(path: Path) -> _Current | None:
    """The cache file of the guide at ``path`` (its folder or manifest), read up to the end of
    its header, if the header is still exactly the guide's files and the package's code; else
    None (the file closed)."""
    from guide.dialog.files import GuideNotFound, find_manifest

    try:
        manifest = find_manifest(path).resolve()
    except (GuideNotFound, OSError):
        return None
    handle = open_private(_cache_file(manifest))
    if handle is None:
        return None
    try:
        code, header, size, crc = _RestrictedUnpickler(handle).load()
        if code == code_stamp() and _matches(header, manifest) and type(size) is int and type(crc) is int:
            return _Current(handle, header, size, crc)
    except Exception:  # noqa: S110  corrupt or refused: as if there were no cache
        pass
    handle.close()
    return None


def load_cached(path: Path) -> object | None:
    """The cached engine for the guide at ``path`` (its folder or manifest) if it is exactly what
    loading the guide would build, else None."""
    if not enabled():
        return None
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes ~100,000 objects, none of them garbage: no collections meanwhile
    try:
        opened = _open_current(path)
        if opened is None:
            return None
        with opened.handle as handle:  # the engine is a second pickle (its own Unpickler: memo restarts at 0)
            data = handle.read(opened.size + 1)
        if len(data) != opened.size or zlib.crc32(data) != opened.crc:
            return None  # cut short, grown or damaged since it was written
        return restricted_loads(data)
    except Exception:  # corrupt, refused by the Unpickler, or from other code: build again
        return None
    finally:
        if collecting:
            gc.enable()


def store(manifest: Path, engine: object, header: Stamp) -> bool:
    """Keep ``engine``, built from the files ``header`` records, for the next start.

    Written atomically, privately; failures (read-only home, full disk, a folder that is not
    the user's alone) only cost speed. True when it was written."""
    if not enabled() or not header:
        return False
    import pickle

    payload = pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL)
    head = pickle.dumps((code_stamp(), header, len(payload), zlib.crc32(payload)), protocol=pickle.HIGHEST_PROTOCOL)
    return write_private(_cache_file(manifest), (head, payload))


def current_header(path: Path) -> Stamp | None:
    """What the cached engine of the guide at ``path`` was built from, if that is still exactly
    the guide's files and the package's code (only the cache file's header is read): a stamp
    for data kept beside the engine (the app's remembered opening screen)."""
    if not enabled():
        return None
    opened = _open_current(path)
    if opened is None:
        return None
    opened.handle.close()
    return opened.header


def refusal() -> str:
    """Why the cache folder is not used, if it is not: another user's, or writable by others."""
    return folder_refusal(cache_dir()) if enabled() else ""


def load_engine(path: Path) -> tuple[Engine | None, LoadResult | None]:
    """The engine for the guide at ``path``: from the cache, or loaded, built and cached.

    Returns (engine, None), or (None, result) when the guide has errors. Raises
    GuideNotFound for a path that is not a guide.
    """
    from guide.conversation import Engine
    from guide.dialog.files import find_manifest

    manifest = find_manifest(path).resolve()
    cached = load_cached(manifest)
    if isinstance(cached, Engine):
        return cached, None
    from guide.dialog.loader import load_guide

    result = load_guide(path)
    if not result.ok or result.guide is None:
        return None, result
    engine = Engine.build(result.guide)
    if enabled():
        store(manifest, engine, _header(manifest, result))
    return engine, None
