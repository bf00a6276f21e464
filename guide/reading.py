"""Reading a guide's files defensively: regular files only, and never more than a limit.

A path can name a FIFO (opening it waits for a writer for ever), a device (/dev/zero never
ends) or a file that grows while it is read. Files are opened without blocking, checked to
be regular, and read up to one byte past the limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path is a folder, a FIFO, a device or a socket."""


class TooLarge(OSError):
    """The file holds more bytes than the limit."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size:,} bytes, more than the {limit:,} allowed")
        self.size, self.limit = size, limit


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``. Raises NotRegularFile, TooLarge (reported
    with the size when the file says it, or as soon as more than ``limit`` bytes came), or
    another OSError."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"{path} is {kind_of(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLarge(total, limit)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def refusal(exc: OSError) -> str:
    """Why the system would not look at a path (stat, open), and what to do: a folder on the way
    that this user may not open (`chmod -R 644` takes that right from folders), or a name longer
    than the file system allows. Path.exists(), is_file() and is_dir() raise for both."""
    if exc.errno == errno.ENAMETOOLONG:
        parts = Path(os.fsdecode(exc.filename)).parts if exc.filename is not None else ()
        if parts and all(len(os.fsencode(part)) <= 255 for part in parts):
            return "the path is too long for the file system (at most 4,096 bytes)"
        return "the name is too long for the file system (at most 255 bytes for a file or folder name)"
    if isinstance(exc, PermissionError):
        closed = _closed_folder(Path(os.fsdecode(exc.filename))) if exc.filename is not None else None
        if closed is None:
            return exc.strerror or str(exc)
        from guide.dialog.files import display_path

        shown = display_path(closed)
        return f"permission denied: you may not open the folder {shown} (chmod u+x {shown}, or ask its owner)"
    return exc.strerror or str(exc)


def _closed_folder(path: Path) -> Path | None:
    """The first folder on the way to ``path`` that this user may not go into, if any."""
    for folder in reversed(path.absolute().parents):
        if not os.access(folder, os.X_OK):
            return folder
    return None


def refusal_hint(exc: OSError) -> str:
    """What to do about a file a guide names that the system would not look at (see :func:`refusal`)."""
    if exc.errno == errno.ENAMETOOLONG:
        return "give the file a shorter name, and write that name here"
    return "whoever runs `guide` must be able to read a guide's files and open the folders they are in"
