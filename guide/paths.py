"""Where things are: the bundled guide and the user's data folder (one definition each)."""

from __future__ import annotations

import os
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


def cache_dir() -> Path:
    """Where compiled guides and safety rules are kept between runs ($XDG_CACHE_HOME/guide)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "guide"


def user_data_dir() -> Path:
    """Per-user data folder (opt-in logs); platformdirs comes with Textual."""
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
