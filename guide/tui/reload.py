"""Live reload for authors: notice when a guide's files change and load it again.

Polling modification times (no new dependency): the guide's manifest, node files and
sources, plus the folders that hold them, so a new node file is noticed too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from guide.cache import load_engine as cached_engine
from guide.conversation import Engine, Session
from guide.dialog.loader import GuideNotFound, find_manifest
from guide.dialog.model import Guide
from guide.problems import Problem

Stamp = tuple[int, int] | None


@dataclass(frozen=True)
class Loaded:
    """The outcome of loading a guide: an engine when it has no errors, and every problem."""

    engine: Engine | None
    problems: tuple[Problem, ...]
    guide: Guide | None = None  # what could be read, even with errors: its files are watched

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def load_engine(path: Path, checked: bool = False) -> Loaded:
    """The compiled guide at ``path`` through the one loading path of the CLI (guide.cache: reused
    while its files are unchanged); a missing guide is reported as a problem, not raised.

    ``checked`` (for authors, with --watch): the problems are everything `guide validate` reports,
    warnings included, also when the guide loads."""
    try:
        engine, result = cached_engine(path)
    except GuideNotFound as exc:
        return Loaded(None, (Problem(str(path), 1, 1, "error", str(exc)),))
    if engine is not None:
        return Loaded(engine, _validated(path) if checked else (), engine.guide)
    if checked:
        from guide.dialog.checks import check_all

        return Loaded(None, tuple(check_all(result).problems), result.guide)
    return Loaded(None, tuple(result.problems), result.guide)


def _validated(path: Path) -> tuple[Problem, ...]:
    from guide.dialog.checks import validate

    try:
        return tuple(validate(path).problems)
    except GuideNotFound:  # removed since: the next reload says so
        return ()


def watched_files(path: Path, guide: Guide | None) -> set[Path]:
    """The files and folders whose changes mean the guide should be loaded again."""
    files: set[Path] = set()
    try:
        files.add(find_manifest(path))
    except GuideNotFound:
        files.add(Path(path))
    if guide is not None:
        files.update(guide.files)
        files.update(source.path for source in guide.sources.values())
        files.update(guide.test_files)  # `guide validate` reports their problems too
    return files | {f.parent for f in files}


def _stamp(path: Path) -> Stamp:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


@dataclass
class GuideWatcher:
    """Remembers modification times and says when any of them moved."""

    path: Path
    stamps: dict[Path, Stamp] = field(default_factory=dict)

    def watch(self, guide: Guide | None) -> None:
        """Watch the files of ``guide`` (and keep watching the old ones, which may come back)."""
        files = set(self.stamps) | watched_files(self.path, guide)
        self.stamps = {f: _stamp(f) for f in files}

    def changed(self) -> bool:
        """True (once) when a watched file or folder changed since the last call or ``watch``."""
        now = {f: _stamp(f) for f in self.stamps}
        if now == self.stamps:
            return False
        self.stamps = now
        return True


def carry_over(old: Session | None, engine: Engine) -> Session:
    """A session on the reloaded guide that keeps the reader's place where the topics still exist."""
    session = Session(engine)
    if old is None:
        return session
    nodes = engine.guide.nodes
    session.history = [node for node in old.history if node in nodes]
    session.current = old.current if old.current in nodes else None
    session.context_left = old.context_left if session.current else 0
    session.flow = old.flow
    session.turns = old.turns
    session.last_suggestions = tuple(s for s in old.last_suggestions
                                     if s.command or s.node in nodes or s.node in engine.followups)
    return session
