"""Files in the user's cache folder that only this user can have written.

The compiled guides and safety rules kept between runs are trusted as code and data, so,
as ssh does with its files, one is used only when it and its folder belong to the current
user and nobody else can write them. The folder is created 0700, files 0600, written
atomically, and never left half-written: not by an error, a full disk, Ctrl-C or SIGTERM
(both wait for the few milliseconds of the write, then act as usual).
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a process that was killed


def refusal(info: os.stat_result, what: str) -> str:
    """Why a file or folder with this ``stat`` must not be trusted, or '' when it can be."""
    uid = getattr(os, "geteuid", lambda: None)()
    if uid is not None and info.st_uid != uid:
        return f"{what} belongs to another user (uid {info.st_uid})"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{what} can be written by other users (mode {stat.S_IMODE(info.st_mode):o})"
    return ""


def open_private(path: Path) -> BinaryIO | None:
    """``path`` opened for reading if it is a regular file, not a symlink, that only this user
    can have written, in a folder that only this user can write to; else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        if refusal(os.fstat(folder), "folder"):
            return None
        descriptor = os.open(path.name, flags, dir_fd=folder) if os.open in os.supports_dir_fd \
            else os.open(path, flags)
    except OSError:
        return None
    finally:
        os.close(folder)
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or refusal(info, "file"):
        os.close(descriptor)
        return None
    return os.fdopen(descriptor, "rb")


def folder_refusal(folder: Path) -> str:
    """Why ``folder`` cannot hold trusted files ('' if it can, or does not exist yet)."""
    try:
        info = folder.stat()
    except OSError:
        return ""
    if not stat.S_ISDIR(info.st_mode):
        return f"{folder} is not a folder"
    reason = refusal(info, f"cache folder {folder}")
    return f"{reason}; not using it" if reason else ""


def write_private(target: Path, chunks: Iterable[bytes]) -> bool:
    """Write ``chunks`` to ``target`` (mode 0600) through a temporary file and a rename, in a
    folder created 0700 if missing. False, with nothing left behind, if it cannot be done
    (read-only or full disk, a folder that is not this user's alone)."""
    import tempfile  # only when writing: a cached start does not pay for it

    folder = target.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return False
    if folder_refusal(folder):
        return False
    _remove_stale_temps(folder)
    with signals_deferred():
        try:
            descriptor, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
        except OSError:
            return False
        try:
            with os.fdopen(descriptor, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
            os.replace(temp, target)
            temp = ""
            return True
        except OSError:
            return False
        finally:  # also on KeyboardInterrupt
            if temp:
                with contextlib.suppress(OSError):
                    os.unlink(temp)


def _remove_stale_temps(folder: Path) -> None:
    """Temporary files of writers killed outright (SIGKILL, power loss): old ones go."""
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS:
                        os.unlink(entry.path)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C (SIGINT) and SIGTERM wait until the block is over (the temporary file is renamed
    or gone), then take effect as they would have: KeyboardInterrupt, or the end of the
    process. Only the main thread can handle signals."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    numbers = [getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name)]
    received: list[int] = []
    previous = {number: signal.signal(number, lambda number, frame: received.append(number)) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(received):
            signal.raise_signal(number)
