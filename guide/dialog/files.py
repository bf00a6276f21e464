"""Where a guide's files are: the manifest's name and how a path given by a person is found.

Kept apart from the loader so that a cached start does not import YAML.
"""

from __future__ import annotations

import os
from pathlib import Path

MANIFEST_NAME = "guide.yaml"
MANIFEST_SUFFIXES = (".yaml", ".yml")  # a manifest may have another name, never another kind
DOCUMENT_SUFFIXES = (".md", ".markdown", ".txt", ".text")


class GuideNotFound(Exception):
    """The path given is not a guide folder or manifest."""


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except (ValueError, OSError):  # another drive (Windows); a working directory deleted under us
        return str(path)
    return str(path) if rel.startswith("..") else rel


def shortened(text: str, limit: int = 160) -> str:
    """``text`` cut in the middle to about ``limit`` characters: a path thousands of characters
    long is named by its two ends."""
    return text if len(text) <= limit else f"{text[:limit // 2]}…{text[-(limit // 3):]}"


def find_manifest(path: Path) -> Path:
    """The manifest of the guide at ``path``: its folder, the manifest itself, or another file of
    the guide (a node file, a source: the guide around it, see :func:`guide_around`). Raises
    GuideNotFound, also for a path the system will not look at (see :func:`guide.reading.refusal`)."""
    try:
        return _find_manifest(Path(path))
    except OSError as exc:  # Path.is_dir() and is_file() raise for these (EACCES, ENAMETOOLONG)
        from guide.reading import refusal

        raise GuideNotFound(f"{shortened(display_path(Path(path)))}: {refusal(exc)}") from None


def _find_manifest(path: Path) -> Path:
    if path.is_dir():
        manifest = path / MANIFEST_NAME
        if manifest.is_file():
            return manifest
        if os.path.lexists(manifest):  # there, but not a file that can be read
            raise GuideNotFound(f"{display_path(manifest)} is {_not_a_file(manifest)}; the manifest must be a file")
        around = guide_around(path)  # its nodes/ or sources/ folder: that guide
        if around is not None:
            return around / MANIFEST_NAME
        raise GuideNotFound(f"{display_path(path)}: no {MANIFEST_NAME} in this folder")
    if path.is_file():
        around = guide_around(path)
        if around is not None:
            return around / MANIFEST_NAME
        if path.suffix.lower() not in MANIFEST_SUFFIXES:  # read as YAML, a Markdown source made a syntax error
            raise GuideNotFound(_not_a_manifest(path))
        return path
    if os.path.lexists(path):
        raise GuideNotFound(f"{display_path(path)} is {_not_a_file(path)}, not a guide folder or its {MANIFEST_NAME}")
    if str(path) == "-":  # standard input is read by `guide eval -` and `guide review --log -` only
        raise GuideNotFound("-: a guide is a folder (or its guide.yaml), not read from standard input")
    raise GuideNotFound(f"{display_path(path)}: no such file or folder")


def guide_around(path: Path) -> Path | None:
    """For a file that is not a manifest, or a folder without one, the nearest folder above it (up
    to three) holding a guide.yaml: `guide validate nodes/about.yaml` checks the guide the node file
    belongs to, rather than reading the node file as a manifest, and `guide validate my-guide/nodes`
    the guide too. None for a manifest (whatever its name) or a path outside any guide."""
    if path.name == MANIFEST_NAME:
        return None
    for folder in list(path.absolute().parents)[:3]:
        if (folder / MANIFEST_NAME).is_file():
            return Path(os.path.relpath(folder)) if not path.is_absolute() else folder
    return None


def _not_a_manifest(path: Path) -> str:
    """Why a file outside any guide, not a YAML file, cannot be read as a guide: most often the
    document a guide is about, given where the guide was meant."""
    shown = shortened(display_path(path))
    message = (f"{shown} is not a guide (no {MANIFEST_NAME} beside it or above): "
               f"give a guide folder or its {MANIFEST_NAME}")
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        message += f"; to make a guide around this document: guide new my-guide --source {shown}"
    return message


def _not_a_file(path: Path) -> str:
    if path.is_dir():
        return "a folder"
    if path.is_symlink() and not path.exists():
        return "a symbolic link that leads nowhere (to a missing file, or round in a loop)"
    from guide.reading import kind_of

    return kind_of(path.stat().st_mode)


_WILDCARDS = frozenset("*?[")


def expand_glob(root: Path, pattern: str) -> list[Path]:
    """The paths under ``root`` matching ``pattern``, sorted: ``Path.glob`` without hidden files (as
    the shell's wildcards), with a shortcut for the usual ``folder/*.suffix`` (one listing, no pattern
    to compile: a cached `guide ask` expands the guide's globs again at every start). Raises what
    Path.glob raises."""
    folder, _, name = pattern.rpartition("/")
    parts = folder.split("/") if folder else []
    simple = name.startswith("*") and not _WILDCARDS & set(name[1:]) and not _WILDCARDS & set(folder) \
        and all(part not in ("", ".", "..") for part in parts) and not os.path.isabs(pattern)
    if not simple:
        if any(_hidden(part) for part in pattern.split("/")):
            return sorted(root.glob(pattern))
        return sorted(path for path in root.glob(pattern) if not any(map(_hidden, path.parts[len(root.parts):])))
    base = root.joinpath(*parts)
    suffix = name[1:]
    try:
        names = os.listdir(base)
    except (FileNotFoundError, NotADirectoryError, PermissionError):  # as Path.glob: no matches
        return []
    return [base / entry for entry in sorted(names) if entry.endswith(suffix) and not _hidden(entry)]


def _hidden(name: str) -> bool:
    """A hidden name ('.notes.yaml'), which a wildcard matches only when the pattern spells the dot, as
    in the shell: editors and file managers leave hidden files beside the ones they save (Emacs's
    lock link '.#about.yaml', macOS's '._about.yaml' on a shared drive), and Path.glob read them as
    node files (a broken link, bytes that are not UTF-8, a second node 'about')."""
    return name.startswith(".") and name not in (".", "..")
