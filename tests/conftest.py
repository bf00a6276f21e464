"""Shared fixtures: a tiny valid guide that tests can break one file at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from guide.conversation import Engine
from guide.dialog.loader import load_guide
from guide.paths import BUNDLED_GUIDE

TINY_SOURCE = """\
---
title: A tiny article
publisher: Tests Inc.
---
# A tiny article

## First part

Cats sleep for most of the day, often in the sun.

Dogs need a walk every morning and every evening.

## Second part

Birds sing at dawn to mark their territory.
"""

TINY_MANIFEST = """\
title: Tiny guide
start: hello
sources:
  doc:
    file: doc.md
"""

TINY_NODE = """\
id: hello
title: Hello
examples: [hi, hello, hey there, good morning, start]
answer:
  - say: Hello.
  - quote: Cats sleep for most of the day
choices: [dogs]
"""

TINY_DOGS = """\
id: dogs
title: Dogs
examples: [dogs, walking the dog, when do dogs walk, dog walks, morning walk]
answer:
  - quote: Dogs need a walk every morning and every evening.
  - quote: Birds sing at dawn
choices: [hello]
"""

GuideFactory = Callable[..., Path]


def engine_for(path: Path) -> Engine:
    """The engine of the guide at ``path``, which must load without errors."""
    result = load_guide(path)
    assert result.ok, result.problems
    return Engine.build(result.guide)


@pytest.fixture
def make_guide(tmp_path: Path) -> GuideFactory:
    """Write the tiny guide into tmp_path, replacing or adding the given files."""

    def make(files: dict[str, str | bytes] | None = None, *, keep_defaults: bool = True) -> Path:
        contents: dict[str, str | bytes] = {}
        if keep_defaults:
            contents = {"guide.yaml": TINY_MANIFEST, "doc.md": TINY_SOURCE,
                        "nodes/hello.yaml": TINY_NODE, "nodes/dogs.yaml": TINY_DOGS}
        contents.update(files or {})
        for name, content in contents.items():
            if content is None:
                continue
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return tmp_path

    return make


@pytest.fixture
def bundled_guide() -> Path:
    return BUNDLED_GUIDE


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests (and the commands they start) keep compiled guides in a cache of their own, with caching on
    whatever the shell says: a developer's GUIDE_NO_CACHE=1 (set for benchmarks and the CLI in a shared
    checkout) would fail the tests of what the cache is for; a test that wants it off sets it."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("GUIDE_NO_CACHE", None)


@pytest.fixture(autouse=True)
def _no_allowed_paths() -> None:
    """`--allow-path` lasts for a process: each test starts without it."""
    from guide.paths import allow_outside

    allow_outside(())


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, with caching on."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("GUIDE_NO_CACHE", raising=False)
    return home
