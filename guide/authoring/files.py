"""Writing authors' files safely: atomically, never over an existing file unless asked."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from guide.cachefiles import signals_deferred


class FileExists(Exception):
    """The target exists and overwriting was not asked for."""


def write_atomic(path: Path, text: str | bytes, *, overwrite: bool = False) -> None:
    """Write ``text`` (UTF-8; bytes as they are) to ``path`` through a temporary file in the same
    folder and a rename, so a reader of ``path`` sees the old file or the new one, never half of one.

    Replacing a symbolic link writes the file it leads to (the link stays a link); a folder, FIFO,
    device or socket is never replaced: NotRegularFile (the rename would have put a regular file
    in place of /dev/null, or of a pipe another program reads)."""
    path = Path(path)
    if os.path.lexists(path) and not overwrite:
        raise FileExists(str(path))
    if overwrite:
        path = replaceable(path)
    with signals_deferred():  # Ctrl-C or SIGTERM take effect once the temporary file is renamed or gone
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        temp = Path(name)
        try:  # the temporary file goes whatever happens: an error while writing or closing (a full disk), Ctrl-C
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())  # on disk before the rename: a crash then leaves the old file or the new
            os.chmod(temp, file_mode(path))  # mkstemp makes 0600
            if overwrite:
                os.replace(temp, path)
            else:
                # link() fails if the target appeared meanwhile: never clobber a file made while writing
                try:
                    os.link(temp, path)
                except FileExistsError as exc:
                    raise FileExists(str(path)) from exc
                except OSError:  # a file system without hard links
                    if os.path.lexists(path):
                        raise FileExists(str(path)) from None
                    os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)


def file_mode(path: Path) -> int:
    """The permissions to write ``path`` with: those of the file it replaces (a recording forced over
    a 0600 file stayed private, not 0644), else what the umask gives a new file (under umask 077 a
    new node was 0644, readable by everyone)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode) & 0o777
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process's umask (read by setting it and setting it back)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def replaceable(path: Path) -> Path:
    """The file to replace when asked to write over ``path``: the file a symbolic link leads to (a
    dangling link: the file it names), or ``path`` itself. Raises NotRegularFile for what is there
    but is not a regular file."""
    from guide.reading import NotRegularFile, kind_of

    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(mode):
        raise NotRegularFile(errno.EEXIST, f"it is {kind_of(mode)}, not a file", str(path))
    return target


SCHEMA_SEARCH_DEPTH = 3  # folders above a file's own where a schemas/ folder counts as near


def schema_line(kind_file: str, target: Path) -> str:
    """The yaml-language-server line naming the schema of the file written at ``target``, or "".

    The path is relative, so it stays right wherever the guide is copied: to the nearest
    ``schemas/<kind_file>`` in the file's folder or up to three folders above (this
    repository's own schemas/ for a guide inside it). With none near, no line: an absolute
    path would name a file on the machine that wrote it (docs/authoring.md says how to
    point an editor at `guide schema` instead)."""
    from guide.paths import REPO_ROOT

    folder = Path(target).resolve().parent
    near = [candidate / "schemas" / kind_file for candidate in [folder, *folder.parents][: SCHEMA_SEARCH_DEPTH + 1]]
    if folder.is_relative_to(REPO_ROOT):
        near.append(REPO_ROOT / "schemas" / kind_file)
    schema = next((path for path in near if path.is_file()), None)
    if schema is None:
        return ""
    return f"# yaml-language-server: $schema={Path(os.path.relpath(schema, folder)).as_posix()}"


def with_schema_line(kind_file: str, target: Path, text: str) -> str:
    """``text`` with the schema line on top, when there is one."""
    line = schema_line(kind_file, target)
    return f"{line}\n{text}" if line else text
