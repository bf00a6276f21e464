"""Conversations kept on this computer, only when the reader asks for it.

Off by default: the subject is personal, so nothing about a conversation touches the disk
until the reader turns keeping on (command palette), which is remembered in a small
settings file. Then each conversation is one JSON file in the user data folder
(platformdirs), rewritten atomically after every reply; folders are 0700 and files 0600,
readable only by the reader's account. Kept conversations can be listed, reopened and
deleted all at once.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import UnionType
from typing import Literal, Union, get_args, get_origin, get_type_hints

from guide.reply import Citation, Reply, ReplyBlock, Suggestion

FORMAT = 1
APP_NAME = "guide"
SETTINGS_NAME = "chat-settings.json"
KEEP = "keep_conversations"
MAX_FILE_BYTES = 20_000_000  # a kept conversation larger than this is not read back
SETTINGS_MAX_BYTES = 1_000_000

KEPT_NAME = re.compile(r"\d{8}-\d{6}-[0-9a-f]{6}\.json")
"""The name of a kept conversation (``ConversationStore.new_path``): the store reads and deletes no other file."""
_LEFTOVER = re.compile(r"\.\d{8}-\d{6}-[0-9a-f]{6}\.json\..+\.tmp")
"""A temporary file ``write_private`` left behind when the app stopped mid-write."""

Turn = tuple[str, bool] | Reply  # (what the reader sent, chosen?) or the guide's reply


def data_folder() -> Path:
    """Where kept conversations go: <user data dir>/guide/conversations."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "conversations"


def settings_path() -> Path:
    """The reader's chat settings: <user config dir>/guide/chat-settings.json."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / SETTINGS_NAME


def private_folder(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable only by this user; return it."""
    missing = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            folder.mkdir(mode=0o700)
    return path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, as a file only this user can read (0600). Over a
    symbolic link (settings kept in a dotfiles folder), the file it leads to is replaced and the
    link stays, as for saved transcripts; a folder, FIFO or device there raises NotRegularFile."""
    from guide.authoring.files import replaceable

    private_folder(path.parent)
    path = replaceable(path)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mkstemp: 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# -- the setting ---------------------------------------------------------------------------------

def _read_json(path: Path, limit: int) -> object:
    """The JSON in the regular file ``path`` (read_limited: a FIFO there held the app for ever, a
    device never ended). Raises OSError, ValueError or RecursionError (JSON nested thousands deep)."""
    from guide.reading import read_limited

    return json.loads(read_limited(path, limit).decode("utf-8"))


def keeping_on(path: Path | None = None) -> bool:
    """Whether the reader turned keeping on (False when the file is missing or unreadable)."""
    try:
        data = _read_json(path or settings_path(), SETTINGS_MAX_BYTES)
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get(KEEP) is True


def set_keeping(on: bool, path: Path | None = None) -> None:
    """Remember the reader's choice. Turning it off when it was never on writes nothing."""
    path = path or settings_path()
    try:
        data = _read_json(path, SETTINGS_MAX_BYTES)
    except (OSError, ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        if not on:
            return
        data = {}
    data[KEEP] = on
    write_private(path, json.dumps(data, indent=2) + "\n")


# -- replies as JSON ------------------------------------------------------------------------------

def reply_data(reply: Reply) -> dict[str, object]:
    """Everything a Reply holds, as JSON-ready data (``reply_from`` reads it back)."""
    data = reply._asdict()
    data["blocks"] = [{**block._asdict(), "citation": block.citation._asdict() if block.citation else None}
                      for block in reply.blocks]
    data["suggestions"] = [suggestion._asdict() for suggestion in reply.suggestions]
    return data


def _known(cls: type, data: object, **nested: Callable[[object], object]) -> dict:
    """The fields of the record ``cls`` in ``data``, each of the type ``cls`` declares (those in
    ``nested`` read by their function). Raises ValueError for anything else: a kept file is read back
    by the app, which would fail later, mid-conversation, on a number where text belongs."""
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: not a mapping")
    hints = _hints(cls)
    fields = {}
    for key, value in data.items():
        if key in nested:
            fields[key] = nested[key](value)
        elif key in cls._fields:  # type: ignore[attr-defined]
            if not _of_type(value, hints[key]):
                raise ValueError(f"{cls.__name__}.{key}: {value!r:.40}")
            fields[key] = value
    return fields


_hints = functools.cache(get_type_hints)  # a kept conversation holds thousands of records


def _of_type(value: object, hint: object) -> bool:
    origin = get_origin(hint)
    if origin is Literal:
        return value in get_args(hint)
    if origin in (Union, UnionType):
        return any(_of_type(value, arg) for arg in get_args(hint))
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(hint, type) and isinstance(value, hint) and not (isinstance(value, bool) and hint is int)


def _items(read: Callable[[object], object]) -> Callable[[object], tuple]:
    def read_all(value: object) -> tuple:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ValueError("not a list")
        return tuple(read(item) for item in value)
    return read_all


def _citation(data: object) -> Citation | None:
    return Citation(**_known(Citation, data)) if data else None


def _block(data: object) -> ReplyBlock:
    return ReplyBlock(**_known(ReplyBlock, data, citation=_citation))


def _suggestion(data: object) -> Suggestion:
    return Suggestion(**_known(Suggestion, data))


def reply_from(data: dict) -> Reply:
    """A Reply from ``reply_data`` output; unknown keys are ignored, missing ones take defaults.
    Raises ValueError or TypeError for a value of the wrong type, or a required one missing."""
    return Reply(**_known(Reply, data, blocks=_items(_block), suggestions=_items(_suggestion)))


# -- the store ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KeptConversation:
    """One kept conversation, as the list shows it."""

    path: Path
    guide: str
    started: datetime
    updated: datetime
    first_message: str
    messages: int


@dataclass
class Conversation:
    """A kept conversation read back: its guide's title and its turns."""

    guide: str
    guide_path: str
    started: datetime
    turns: list[Turn]


class ConversationStore:
    """The folder of kept conversations."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or data_folder()

    def new_path(self, now: datetime | None = None) -> Path:
        now = now or datetime.now()
        return self.folder / f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}.json"

    def save(self, path: Path, guide: str, guide_path: str, started: datetime, turns: list[Turn]) -> None:
        """Write the whole conversation to ``path`` (0600, atomically)."""
        data = {
            "format": FORMAT,
            "guide": guide,
            "guide_path": guide_path,
            "started": started.isoformat(timespec="seconds"),
            "updated": datetime.now().isoformat(timespec="seconds"),
            "turns": [{"reply": reply_data(turn)} if isinstance(turn, Reply)
                      else {"reader": turn[0], "chosen": turn[1]} for turn in turns],
        }
        write_private(path, json.dumps(data, ensure_ascii=False) + "\n")

    def _files(self, name: re.Pattern[str] = KEPT_NAME) -> list[Path]:
        """The files in the folder named as the store names them (a reader's own notes.json is not one)."""
        try:
            return sorted((p for p in self.folder.iterdir() if name.fullmatch(p.name)), reverse=True)
        except OSError:
            return []

    def list(self) -> list[KeptConversation]:
        """Kept conversations, newest first; files that cannot be read are left out."""
        kept = []
        for path in self._files():
            data = _read(path)
            if data is None:
                continue
            turns = data.get("turns") or []
            if not isinstance(turns, list):
                continue
            said = [t.get("reader", "") for t in turns if isinstance(t, dict) and "reader" in t]
            kept.append(KeptConversation(path, str(data.get("guide", "")), _when(data.get("started")),
                                         _when(data.get("updated") or data.get("started")),
                                         next((str(s) for s in said if str(s).strip()), ""), len(said)))
        return kept

    def load(self, path: Path) -> Conversation | None:
        """The conversation in ``path``, or None if it cannot be read."""
        data = _read(path)
        if data is None:
            return None
        turns: list[Turn] = []
        try:
            for item in data.get("turns") or []:
                if "reply" in item:
                    turns.append(reply_from(item["reply"]))
                else:
                    turns.append((str(item.get("reader", "")), bool(item.get("chosen"))))
        except (TypeError, AttributeError, ValueError):
            return None
        return Conversation(str(data.get("guide", "")), str(data.get("guide_path", "")),
                            _when(data.get("started")), turns)

    def delete_all(self) -> int:
        """Delete every kept conversation (those ``list`` shows) and what the app wrote for them:
        through a symbolic link, the file it wrote (the link's target, when that still holds a kept
        conversation) goes with the link, and a temporary file an interrupted write left goes too.
        Nothing else in the folder, nor what a link leads to that is not a kept conversation.
        Returns how many conversations were deleted."""
        count = 0
        for kept in self.list():
            try:
                if kept.path.is_symlink():
                    target = Path(os.path.realpath(kept.path))
                    if _read(target) is not None:
                        target.unlink()
                kept.path.unlink()
                count += 1
            except OSError:
                continue
        for leftover in self._files(_LEFTOVER):
            if not leftover.is_symlink():
                with contextlib.suppress(OSError):
                    leftover.unlink()
        return count


def _read(path: Path) -> dict | None:
    try:
        data = _read_json(path, MAX_FILE_BYTES)
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def _when(value: object) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.fromtimestamp(0)
