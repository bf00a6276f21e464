"""The safety caches: trusted only when this user alone wrote them, checked when read, rebuilt
on any failure, and never left half-written."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guide.cachefiles import write_private
from guide.safety.rules import RULES_PATH, load_rules
from guide.safety.similar import EXEMPLARS_PATH, load_similar

NOBODY = 65534
DISCLOSURE = "i want to kill myself"


@pytest.fixture
def safety_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "safety-cache"
    monkeypatch.setenv("GUIDE_SAFETY_CACHE", str(folder))
    return folder


def _rules_file(folder: Path) -> Path:
    [file] = folder.glob("safety-rules-*.marshal")
    return file


def _all_patterns(ruleset) -> dict:
    return {word: ruleset.exact.get(word) for word in list(ruleset.exact.keys())}


def test_a_truncated_rules_cache_is_rebuilt(safety_cache: Path) -> None:
    fresh = load_rules(RULES_PATH, use_cache=False)
    load_rules(RULES_PATH)
    file = _rules_file(safety_cache)
    data = file.read_bytes()
    file.write_bytes(data[: len(data) * 2 // 3])  # the header is intact, the body cut
    cut = load_rules(RULES_PATH)
    assert _all_patterns(cut) == _all_patterns(fresh)
    assert _rules_file(safety_cache).stat().st_size == len(data)  # and written again whole


def test_a_corrupted_rules_cache_body_is_noticed_when_read(safety_cache: Path) -> None:
    fresh = load_rules(RULES_PATH, use_cache=False)
    load_rules(RULES_PATH)
    file = _rules_file(safety_cache)
    data = bytearray(file.read_bytes())
    for at in range(len(data) // 2, len(data), 997):  # same length, different bytes
        data[at] ^= 0x55
    file.write_bytes(bytes(data))
    assert _all_patterns(load_rules(RULES_PATH)) == _all_patterns(fresh)


def test_every_message_works_after_the_cache_was_cut(tmp_path: Path) -> None:
    env = {**os.environ, "GUIDE_SAFETY_CACHE": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "xdg")}

    def ask() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "guide", "ask", "i feel hopeless about my relationship"],
                              capture_output=True, text=True, env=env, timeout=120, check=False)

    assert ask().returncode == 0
    file = _rules_file(tmp_path)
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])
    for _ in range(2):
        result = ask()
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def test_a_rules_cache_others_can_write_is_ignored(safety_cache: Path) -> None:
    load_rules(RULES_PATH)
    file = _rules_file(safety_cache)
    _plant_empty_rules(file)
    file.chmod(0o666)
    assert load_rules(RULES_PATH).rules  # the planted file (no rules at all) was not used
    file.chmod(0o600)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_rules_cache_of_another_user_is_ignored(safety_cache: Path) -> None:
    load_rules(RULES_PATH)
    file = _rules_file(safety_cache)
    _plant_empty_rules(file)
    os.chown(file, NOBODY, NOBODY)
    assert load_rules(RULES_PATH).rules
    os.chown(safety_cache, NOBODY, NOBODY)  # a folder of another user: not read, not written
    assert load_rules(RULES_PATH).rules


def _plant_empty_rules(file: Path) -> None:
    from guide.safety import rules as r

    data = r.parse_yaml(RULES_PATH.read_bytes())
    data["rules"], data["combos"], data["signals"] = {}, [], {}
    plain = r.compile_plain(data)
    plain["hash"] = file.name.removeprefix("safety-rules-").removesuffix(".marshal")
    r._write_cache(file, plain)
    assert not r._from_plain(r._read_cache(file)).rules


def test_a_similar_cache_others_can_write_is_ignored(safety_cache: Path) -> None:
    from guide.safety import similar as s

    rules = load_rules(RULES_PATH)
    load_similar(EXEMPLARS_PATH, rules)
    [file] = safety_cache.glob("safety-similar-*.marshal")
    planted = s.compile_plain(s.parse_yaml(EXEMPLARS_PATH.read_bytes()), rules)
    planted["hash"] = _similar_digest(file)
    planted["settings"] = {**planted["settings"], "enabled": False}  # a planted file that turns it off
    s._write_cache(file, planted)
    assert not load_similar(EXEMPLARS_PATH, rules).settings.enabled  # the user's own file is used...
    file.chmod(0o666)
    assert load_similar(EXEMPLARS_PATH, rules).settings.enabled  # ...one others can write is not


def _similar_digest(file: Path) -> str:
    import marshal

    data = file.read_bytes()  # the header's length (8 bytes) and CRC-32 (4), then the header
    return marshal.loads(data[12: 12 + int.from_bytes(data[:8], "little")])["hash"]


def test_a_full_disk_leaves_no_temporary_file(tmp_path: Path) -> None:
    def chunks():
        yield b"x" * 1000
        raise OSError(errno.ENOSPC, "No space left on device")

    assert not write_private(tmp_path / "cache" / "safety-rules-x.marshal", chunks())
    assert list((tmp_path / "cache").iterdir()) == []


def test_rules_cache_write_failure_leaves_nothing(safety_cache: Path, monkeypatch) -> None:
    from guide.safety import rules as r

    real = os.fdopen

    class Full:
        def __init__(self, handle) -> None:
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.handle.close()

        def write(self, data) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Full(real(fd, *a, **k)))
    load_rules(RULES_PATH)
    assert [p.name for p in safety_cache.iterdir()] == []
    monkeypatch.undo()
    assert r.load_rules(RULES_PATH).rules


def test_a_damaged_present_danger_or_bereavement_cache_is_compiled_again(safety_cache: Path) -> None:
    """A changed byte that still reads as marshal (a word of present.yaml spelled otherwise) is
    noticed by the CRC-32 at the start of the file: the words the check looks for are the source's."""
    from guide.safety import bereavement, present

    present.default_lexicon.cache_clear()
    bereavement.words.cache_clear()
    try:
        present.default_lexicon()
        bereavement.words()
        [lexicon] = safety_cache.glob("safety-present-*.marshal")
        [loss] = safety_cache.glob("safety-bereavement-*.marshal")
        data = lexicon.read_bytes()
        assert data.count(b"handcuffed") == 1
        lexicon.write_bytes(data.replace(b"handcuffed", b"handcuffxd"))
        loss.write_bytes(loss.read_bytes()[:-1] + bytes([loss.read_bytes()[-1] ^ 0x01]))
        present.default_lexicon.cache_clear()
        bereavement.words.cache_clear()
        assert present.default_lexicon().to_cache() == present._compiled_lexicon().to_cache()
        assert bereavement.words() == bereavement._compiled(bereavement.DATA_PATH.read_bytes())
        assert lexicon.read_bytes() == data  # and written again whole
    finally:
        present.default_lexicon.cache_clear()
        bereavement.words.cache_clear()


def test_a_damaged_similar_header_or_body_is_compiled_again(safety_cache: Path) -> None:
    """The exemplars' cache: the header (the prefilter's words) and the body (the tables) are
    checked by their CRC-32 as each group's data is, not trusted as soon as they unmarshal."""
    rules = load_rules(RULES_PATH)
    text = rules.normalizer.tokens("he says nobody would even notice if i just disappeared")
    fresh = load_similar(EXEMPLARS_PATH, rules, use_cache=False)
    load_similar(EXEMPLARS_PATH, rules)
    [file] = safety_cache.glob("safety-similar-*.marshal")
    pristine = file.read_bytes()
    header = int.from_bytes(pristine[:8], "little")
    body_end = 24 + header + int.from_bytes(pristine[12 + header:20 + header], "little")
    for start, end in ((12, 12 + header), (24 + header, body_end)):
        for position in range(start, end, max(1, (end - start) // 7)):
            damaged = bytearray(pristine)
            damaged[position] ^= 0x04
            file.write_bytes(bytes(damaged))
            index = load_similar(EXEMPLARS_PATH, rules)
            assert index.settings == fresh.settings
            assert index.scores(text, prefilter=False) == fresh.scores(text, prefilter=False), position
            file.write_bytes(pristine)
