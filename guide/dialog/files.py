"""Where a guide's files are: the manifest's name and how a path given by a person is found.

Kept apart from the loader so that a cached start does not import YAML.
"""

from __future__ import annotations

import os
from pathlib import Path

MANIFEST_NAME = "guide.yaml"


class GuideNotFound(Exception):
    """The path given is not a guide folder or manifest."""


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def find_manifest(path: Path) -> Path:
    """The manifest of the guide at ``path`` (its folder or the manifest itself)."""
    path = Path(path)
    if path.is_dir():
        manifest = path / MANIFEST_NAME
        if manifest.is_file():
            return manifest
        raise GuideNotFound(f"{display_path(path)}: no {MANIFEST_NAME} in this folder")
    if path.is_file():
        return path
    raise GuideNotFound(f"{display_path(path)}: no such file or folder")
