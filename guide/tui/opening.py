"""The opening screen, remembered from the last start, so that the first frame does not wait for the guide.

Loading the compiled guide means importing the matcher, the safety check and their data, which
takes longer than drawing the chat. What the first frame shows is small and changes only with
the guide's files or the package's code: the guide's title, its welcome reply, its sources'
names, and which support lines are resource lines. That is kept beside the compiled guide
(guide.paths.cache_dir), stamped like it (guide.cache), and used only while the stamps match;
the app then loads the guide just after the first frame, while the reader starts reading.
Anything unexpected (missing, stale, unreadable) just means the ordinary start.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from guide.reply import Reply

if TYPE_CHECKING:
    from guide.conversation import Engine

FORMAT = 1


class SourceInfo(NamedTuple):
    """What a reply's citations show of a source before the guide is loaded."""

    id: str
    title: str
    publisher: str = ""
    url: str = ""
    published: str = ""


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


def _stamps(root: Path, outside: tuple[Path, ...]) -> tuple[object, object]:
    from guide.cache import code_stamp, fingerprint

    tui = Path(__file__).resolve().parent
    tui_code = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in tui.rglob("*.py")))
    return fingerprint(root, outside), (code_stamp(), tui_code)


def read_opening(root: Path) -> Opening | None:
    """The opening of the guide folder ``root``, if its files and the code are as when it was kept."""
    from guide.cache import enabled

    if not enabled():
        return None
    try:
        with open(_file(root), "rb") as handle:
            stamp, code, outside = pickle.load(handle)
            if (stamp, code) != _stamps(root, outside):
                return None
            opening = pickle.load(handle)
    except Exception:  # missing, unreadable, or written by other code: the ordinary start
        return None
    return opening if isinstance(opening, Opening) else None


def opening_of(engine: Engine, welcome: Reply, resource_lines: frozenset[str]) -> Opening:
    guide = engine.guide
    sources = {s.id: SourceInfo(s.id, s.title, s.publisher, s.url, getattr(s, "published", ""))
               for s in guide.sources.values()}
    return Opening(guide.title, guide.start, welcome, sources, resource_lines)


def keep_opening(root: Path, engine: Engine, opening: Opening) -> None:
    """Keep ``opening`` for the next start (atomically; failures are ignored: it is only a shortcut)."""
    from guide.cache import enabled

    if not enabled():
        return
    outside = tuple(s.path for s in engine.guide.sources.values() if not s.path.is_relative_to(root))
    target = _file(root)
    temp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False, suffix=".tmp") as handle:
            temp = handle.name
            pickle.dump((*_stamps(root, outside), outside), handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(opening, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, target)
    except Exception:
        if temp:
            Path(temp).unlink(missing_ok=True)
