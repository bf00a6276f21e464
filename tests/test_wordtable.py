"""The word table's file: written by scripts/build_word_table.py, read by wordtable.py at any width."""

import importlib.util
import math
import sys
import types
from array import array
from pathlib import Path

import pytest

from guide.matching import semantic
from guide.matching.wordtable import TABLE, WordTable

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def builder():
    """scripts/build_word_table.py, with a stand-in for wordfreq (a build-time package only)."""
    fake = types.ModuleType("wordfreq")
    fake.zipf_frequency = lambda word, lang: {"touch": 5.1, "hug": 4.2}.get(word, 0.0)
    saved = sys.modules.get("wordfreq")
    sys.modules["wordfreq"] = fake
    spec = importlib.util.spec_from_file_location("build_word_table", ROOT / "scripts" / "build_word_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    if saved is None:
        sys.modules.pop("wordfreq", None)
    else:
        sys.modules["wordfreq"] = saved


@pytest.mark.parametrize("dims", [16, 64, 128, 256])
def test_a_table_of_any_width_reads_back_as_written(builder, tmp_path, dims):
    words = ["touch", "hug", "zyzzyva"]
    rows = [[127 if i == k else 0 for i in range(dims)] for k in range(len(words))]
    rows[2] = [(-1) ** i * 16 for i in range(dims)]
    path = tmp_path / "words.bin"
    builder.write(path, words, [array("b", row) for row in rows], dims)  # (the script's rows: int8 arrays)
    table = WordTable(path)
    assert table.dims == dims
    assert table.zipf("touch") == pytest.approx(5.1) and table.zipf("hug") == pytest.approx(4.2)
    assert table.zipf("zyzzyva") == 0.0 and table.vector("nothere") is None and table.vector("café") is None
    touch, hug = table.vector("touch"), table.vector("hug")
    assert len(touch) == dims and touch[0] == 1.0 and hug[1] == 1.0
    assert semantic.similarity(touch, hug) == 0.0
    assert len(semantic.coarse(touch)) == semantic.COARSE  # the quick first look: the first 16 of any width


def test_the_shipped_table_holds_unit_vectors():
    table = WordTable(TABLE)
    assert table.dims >= semantic.COARSE
    for word in ("touch", "leave", "anxious"):
        vector = table.vector(word)
        assert vector is not None and len(vector) == table.dims
        assert math.sqrt(sum(x * x for x in vector)) == pytest.approx(1.0, abs=0.02)


def test_a_file_that_is_not_a_table_is_refused(tmp_path):
    path = tmp_path / "words.bin"
    path.write_bytes(b"notatable" + bytes(64))
    with pytest.raises(ValueError, match="not a word table"):
        WordTable(path)
