"""Where things are: the bundled guide and the user's data folder (one definition each)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_GUIDE = REPO_ROOT / "dialogs" / "attachment-anxiety"


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
