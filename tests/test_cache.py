"""The compiled-guide cache: used only while every file is unchanged; anything odd means a rebuild."""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path

import pytest

from guide import cache
from guide.conversation import Session


def _answer(engine, text: str) -> str:
    return Session(engine).respond(text).text


def test_second_start_uses_the_cache(make_guide, cache_home: Path) -> None:
    root = make_guide()
    first, _ = cache.load_engine(root)
    assert list((cache_home / "guide").glob("engine-*.pickle"))
    second, _ = cache.load_engine(root)
    assert second is not first and second.guide.title == first.guide.title
    assert _answer(second, "walking the dog") == _answer(first, "walking the dog")


def test_an_edit_invalidates_the_cache(make_guide, cache_home: Path) -> None:
    root = make_guide()
    cache.load_engine(root)
    node = root / "nodes" / "dogs.yaml"
    node.write_text(node.read_text().replace("title: Dogs", "title: Hounds"))
    os.utime(node, ns=(node.stat().st_atime_ns, node.stat().st_mtime_ns + 10**9))
    engine, _ = cache.load_engine(root)
    assert engine.guide.nodes["dogs"].title == "Hounds"


def test_a_new_node_file_invalidates_the_cache(make_guide, cache_home: Path) -> None:
    root = make_guide()
    cache.load_engine(root)
    (root / "nodes" / "cats.yaml").write_text(
        "id: cats\ntitle: Cats\nexamples: [cats, c1, c2, c3, c4]\nanswer:\n  - quote: Cats sleep\nchoices: [dogs]\n")
    engine, _ = cache.load_engine(root)
    assert "cats" in engine.guide.nodes


def test_a_corrupt_cache_is_rebuilt(make_guide, cache_home: Path) -> None:
    root = make_guide()
    cache.load_engine(root)
    for file in (cache_home / "guide").glob("engine-*.pickle"):
        file.write_bytes(b"not a pickle")
    engine, _ = cache.load_engine(root)
    assert engine is not None and "dogs" in engine.guide.nodes


def test_a_damaged_cache_is_never_served(make_guide, cache_home: Path) -> None:
    """A byte changed in the pickled engine (a bad disk block) is noticed before it is read: a
    changed letter in a quote is not shown, and a damaged intent never fails mid-conversation."""
    root = make_guide()
    fresh, _ = cache.load_engine(root)
    [file] = (cache_home / "guide").glob("engine-*.pickle")
    pristine = file.read_bytes()
    assert pristine.count(b"Dogs need a walk") >= 1
    file.write_bytes(pristine.replace(b"Dogs need a walk", b"Dogs need a wall"))  # still a valid pickle
    engine, _ = cache.load_engine(root)
    assert "Dogs need a walk every morning" in _answer(engine, "walking the dog")
    assert "wall" not in _answer(engine, "walking the dog")
    questions = ("walking the dog", "hi", "cats", "what is the weather")
    expected = [_answer(fresh, q) for q in questions]
    header = io.BytesIO(pristine)
    pickle.load(header)  # the stamp of the files the engine was built from, then the engine
    start = header.tell()
    for position in range(start, len(pristine), max(1, (len(pristine) - start) // 40)):
        damaged = bytearray(pristine)
        damaged[position] ^= 0x10
        file.write_bytes(bytes(damaged))
        assert cache.load_cached(root) is None, position
        engine, _ = cache.load_engine(root)  # rebuilt (and stored again)
        assert [_answer(engine, q) for q in questions] == expected, position
    file.write_bytes(pristine[:-1])
    assert cache.load_cached(root) is None


def test_a_broken_guide_is_never_cached(make_guide, cache_home: Path) -> None:
    root = make_guide({"nodes/dogs.yaml": "id: dogs\ntitle: [\n"})
    engine, result = cache.load_engine(root)
    assert engine is None and result is not None and not result.ok
    assert not list((cache_home / "guide").glob("engine-*.pickle"))


def test_no_cache_when_turned_off(make_guide, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUIDE_NO_CACHE", "1")
    engine, _ = cache.load_engine(make_guide())
    assert engine is not None
    assert not (cache_home / "guide").exists()


def test_unwritable_cache_is_harmless(make_guide, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    engine, _ = cache.load_engine(make_guide())
    assert engine is not None


def test_the_matchers_data_is_part_of_the_code_the_cache_checks() -> None:
    package = Path(cache.__file__).resolve().parent
    stamped = {Path(entry[0]).relative_to(package).as_posix() for entry in cache.code_stamp()}
    # a new word table (or off-topic list) must rebuild every engine: vectors of another
    # length were compared silently against the cached ones
    assert {"matching/data/words.bin", "matching/data/off-topic.txt", "matching/index.py"} <= stamped


def test_the_code_stamp_leaves_out_only_the_packages_own_tui_folder() -> None:
    package = Path(cache.__file__).resolve().parent
    stamped = [Path(entry[0]) for entry in cache.code_stamp()]
    assert stamped and all(package in path.parents for path in stamped)
    assert not any((package / "tui") in path.parents for path in stamped)
    assert any(path.parent == package for path in stamped)  # a folder named tui above the package drops nothing


def test_a_guide_given_by_a_relative_path_uses_the_cache(make_guide, cache_home: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """`guide ask --guide my-guide` rebuilt the engine at every start: the header recorded the globs'
    matches under `my-guide/`, a start checked them under the manifest's resolved folder."""
    root = make_guide()
    monkeypatch.chdir(root.parent)
    first, _ = cache.load_engine(Path(root.name))
    assert isinstance(cache.load_cached(Path(root.name)), type(first))
    assert isinstance(cache.load_cached(root / "guide.yaml"), type(first))  # the same files, globbed the same
    (root / "nodes" / "cats.yaml").write_text("id: cats\ntitle: Cats\nexamples: [cats]\nanswer:\n  - say: Meow.\n")
    assert cache.load_cached(Path(root.name)) is None  # a new file still means a rebuild


STORED_QUESTIONS = ("why does touch calm me", "what is attachment anxiety", "the fourth way", "tell me more",
                    "my partner ignores me for hours and i panic, is that normal?", "what's the capital of peru",
                    "sources", "fear of rejection", "is the article saying sex is the fix")


def test_the_engine_read_back_from_its_cached_form_is_the_engine_built(bundled_guide: Path) -> None:
    """The cache keeps parts of the engine in forms of its own (the intents as blobs, made when first
    read): read back, and read back after being kept again, they are what was built."""
    import pickle

    from guide.conversation import Engine
    from guide.dialog.loader import load_guide

    built = Engine.build(load_guide(bundled_guide).guide)
    stored = cache.restricted_loads(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    again = cache.restricted_loads(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
    for engine in (stored, again):
        assert len(engine.index._intents) == len(built.index._intents)
        assert engine.index._intents[3] == built.index._intents[3]  # one first, then all in order
        assert list(engine.index._intents) == list(built.index._intents)
        assert engine.guide.nodes == built.guide.nodes and engine.followups == built.followups
        for question in STORED_QUESTIONS:
            assert Session(engine).respond(question).to_json() == Session(built).respond(question).to_json()
