"""Reading a guide's files defensively: regular files only, and never more than a limit.

A path can name a FIFO (opening it waits for a writer for ever), a device (/dev/zero never
ends) or a file that grows while it is read. Files are opened without blocking, checked to
be regular, and read up to one byte past the limit.
"""

from __future__ import annotations

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
