"""Writing authors' files safely: atomically, never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class FileExists(Exception):
    """The target exists and overwriting was not asked for."""


def write_atomic(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename,
    so a reader of ``path`` sees the old file or the new one, never half of one."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExists(str(path))
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                     suffix=".tmp", delete=False) as handle:
        temp = Path(handle.name)
        try:
            handle.write(text)
        except BaseException:
            handle.close()
            temp.unlink(missing_ok=True)
            raise
    try:
        os.chmod(temp, 0o644)
        if overwrite:
            os.replace(temp, path)
        else:
            # link() fails if the target appeared meanwhile: never clobber a file made while writing
            try:
                os.link(temp, path)
            except FileExistsError as exc:
                raise FileExists(str(path)) from exc
            except OSError:  # a file system without hard links
                if path.exists():
                    raise FileExists(str(path)) from None
                os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def schema_line(kind_file: str, target: Path) -> str:
    """The yaml-language-server line pointing a file at ``target`` to the published schema."""
    from guide.paths import REPO_ROOT

    schema = REPO_ROOT / "schemas" / kind_file
    if not schema.is_file():
        from guide.dialog.schema import SCHEMA_BASE

        return f"# yaml-language-server: $schema={SCHEMA_BASE}/{kind_file}"
    folder = Path(target).resolve().parent
    # relative inside the repository (the files move with it), absolute from anywhere else
    rel = os.path.relpath(schema, folder) if folder.is_relative_to(REPO_ROOT) else str(schema)
    return f"# yaml-language-server: $schema={rel}"
