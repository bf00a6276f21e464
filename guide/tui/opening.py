"""The opening screen, remembered from the last start, so that the first frame does not wait for the guide.

Loading the compiled guide means importing the matcher, the safety check and their data, which
takes longer than drawing the chat. What the first frame shows is small and changes only with
the guide's files or the package's code: the guide's title, its welcome reply, its sources'
names, and which support lines are resource lines. That is kept beside the compiled guide
(guide.paths.cache_dir), stamped with the compiled guide's own stamp (guide.cache), and used
only while that compiled guide is current and the stamps match, and while the CRC-32 written
before it says that not a byte of it changed (a damaged file never shows a changed welcome);
the app then loads the guide just after the first frame, while the reader starts reading.
Anything unexpected (missing, stale, damaged, unreadable) just means the ordinary start.
"""

from __future__ import annotations

import io
import pickle
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from guide.reply import Reply

if TYPE_CHECKING:
    from guide.conversation import Engine

FORMAT = 2  # 2: a CRC-32 of the pickle before it


class SourceInfo(NamedTuple):
    """What a reply's citations show of a source before the guide is loaded."""

    id: str
    title: str
    publisher: str = ""
    url: str = ""
    published: str = ""
    author: str = ""


class Opening(NamedTuple):
    """Everything the first frame needs."""

    title: str
    start: str
    welcome: Reply
    sources: dict[str, SourceInfo]
    resource_lines: frozenset[str]


def _file(root: Path) -> Path:
    from guide.paths import cache_dir

    key = f"{root}|opening|{FORMAT}"
    return cache_dir() / f"opening-{zlib.crc32(key.encode()):08x}.pickle"


def _stamp(root: Path) -> tuple[object, object] | None:
    """The compiled guide's stamp (guide.cache: the files it was built from, the package's code)
    and the app's code; None while the compiled guide is missing or stale."""
    from guide.cache import current_header

    header = current_header(root)
    if header is None:
        return None
    tui = Path(__file__).resolve().parent
    return header, tuple(sorted((str(p), p.stat().st_mtime_ns) for p in tui.rglob("*.py")))


def read_opening(root: Path) -> Opening | None:
    """The opening of the guide folder ``root``, if its files and the code are as when it was kept.
    Read like the compiled guide: only from a file this user alone can have written, resolving
    nothing but the project's own classes."""
    from guide.cache import restricted_load
    from guide.cachefiles import open_private

    stamp = _stamp(root)
    handle = open_private(_file(root)) if stamp is not None else None
    if handle is None:
        return None
    try:
        with handle:
            crc, data = int.from_bytes(handle.read(4), "little"), handle.read()
        if zlib.crc32(data) != crc:
            return None  # damaged or cut since it was kept
        kept, opening = restricted_load(io.BytesIO(data), also=(__name__,))  # type: ignore[misc]
    except Exception:  # unreadable, refused, or written by other code: the ordinary start
        return None
    return opening if kept == stamp and isinstance(opening, Opening) else None


def opening_of(engine: Engine, welcome: Reply, resource_lines: frozenset[str]) -> Opening:
    guide = engine.guide
    sources = {s.id: SourceInfo(s.id, s.title, s.publisher, s.url, getattr(s, "published", ""),
                                 getattr(s, "author", ""))
               for s in guide.sources.values()}
    return Opening(guide.title, guide.start, welcome, sources, resource_lines)


def keep_opening(root: Path, engine: Engine, opening: Opening) -> None:
    """Keep ``opening`` for the next start, stamped like the compiled guide it was made with
    (privately and atomically, guide.cachefiles; failures are ignored: it is only a shortcut)."""
    from guide.cachefiles import write_private

    stamp = _stamp(root)
    if stamp is not None:
        data = pickle.dumps((stamp, opening), protocol=pickle.HIGHEST_PROTOCOL)
        write_private(_file(root), (zlib.crc32(data).to_bytes(4, "little"), data))
