"""Where things are: the bundled guide and the user's data folder (one definition each)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent  # the checkout, when running from one
BUNDLED_NAME = "attachment-anxiety"


def bundled_guides() -> Path:
    """The folder of the guides shipped with the package.

    pyproject.toml ships dialogs/ as the package ``guide.bundled``: in a wheel it is
    guide/bundled/, in an editable install the import system maps the name back to dialogs/.
    Its ``__path__`` is what ``importlib.resources.files("guide.bundled")`` reads for a package
    on disk, without that module's 9 ms import on every `guide ask`. A checkout that is not
    installed at all (PYTHONPATH=.) has no such package: dialogs/ beside the code, then.
    """
    try:
        import guide.bundled as bundled
    except ImportError:
        return REPO_ROOT / "dialogs"
    return Path(next(iter(bundled.__path__)))


BUNDLED_GUIDE = bundled_guides() / BUNDLED_NAME


def default_guide() -> Path:
    """The guide ``guide`` opens without ``--guide``: $GUIDE_PATH, else the bundled one."""
    return Path(os.environ.get("GUIDE_PATH") or BUNDLED_GUIDE)


def _xdg_home(variable: str) -> Path | None:
    """An XDG base folder from the environment; a relative one is ignored, as the XDG spec says."""
    value = os.environ.get(variable, "")
    return Path(value) if os.path.isabs(value) else None


def cache_dir() -> Path:
    """Where compiled guides and safety rules are kept between runs ($XDG_CACHE_HOME/guide).
    (Not platformdirs: importing it would cost `guide ask` milliseconds at every start.)"""
    return (_xdg_home("XDG_CACHE_HOME") or Path(os.path.expanduser("~")) / ".cache") / "guide"


def user_data_dir() -> Path:
    """Per-user data folder (opt-in logs): $XDG_DATA_HOME/guide, else where platformdirs
    (which comes with Textual) says."""
    base = _xdg_home("XDG_DATA_HOME")
    if base is not None:
        return base / "guide"
    if os.environ.get("XDG_DATA_HOME") and sys.platform not in ("darwin", "win32"):  # relative: the XDG default
        return Path(os.path.expanduser("~")) / ".local" / "share" / "guide"
    from platformdirs import user_data_path

    return user_data_path("guide", appauthor=False)


_allowed_outside: tuple[Path, ...] = ()


def allow_outside(folders: Iterable[str | Path]) -> None:
    """Let guides read files in ``folders`` too, for the rest of this process (``--allow-path``):
    a guide's own files resolve inside its folder, symlinks included; anything else is asked for."""
    global _allowed_outside
    _allowed_outside = tuple(Path(folder).resolve() for folder in folders)


def allowed_outside() -> tuple[Path, ...]:
    """The folders outside a guide that its files may be in (see :func:`allow_outside`)."""
    return _allowed_outside
