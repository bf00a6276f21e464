"""Candidates for present.yaml's word classes: each class's nearest words in the matcher's word table.

A build-time aid for authors, not used at run time. For every class of guide/safety/present.yaml
(or those named), it takes the class's one-word phrases, looks up their vectors in the word table
shipped with the package (guide/matching/data/words.bin: static vectors distilled from
all-MiniLM-L6-v2, with wordfreq frequencies), and prints the words of the table nearest to the
class: nearest to its centroid, and nearest to any single member (so that a class of mixed words,
"knife" and "crowbar", still reaches both kinds). Words the class has already are left out. The
output is a list to review by hand: what is kept goes into present.yaml with a comment naming this
script; most of a list is unrelated or everyday words and is not kept.

    python scripts/present_neighbours.py                 # every class, 40 candidates each
    python scripts/present_neighbours.py weapon poison -n 80 --min-zipf 1.5
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guide.matching.wordtable import HEADER, table  # noqa: E402
from guide.safety.present import PRESENT_PATH  # noqa: E402
from guide.safety.rules import parse_yaml  # noqa: E402


def all_words() -> list[str]:
    """Every word of the table (read from its slots)."""
    words = table()
    if words is None:
        raise SystemExit("the word table (guide/matching/data/words.bin) is missing")
    data, slots = words._data, words._slots
    out = []
    for slot in range(slots):
        (offset,) = struct.unpack_from("<I", data, HEADER.size + 4 * slot)
        if offset:
            size = data[offset]
            out.append(data[offset + 1:offset + 1 + size].decode("ascii"))
    return out


def dot(a, b) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("classes", nargs="*", help="classes of present.yaml (default: all)")
    parser.add_argument("-n", type=int, default=40, help="candidates per class")
    parser.add_argument("--min-zipf", type=float, default=1.0, help="leave out rarer words")
    args = parser.parse_args()
    words = table()
    parts = parse_yaml(PRESENT_PATH.read_bytes())["parts"]
    vocab = [(w, words.vector(w)) for w in all_words()
             if w.isalpha() and words.zipf(w) >= args.min_zipf]
    for name in args.classes or list(parts):
        phrases = [str(p) for p in parts[name]["phrases"]]
        members = {w for p in phrases for w in p.split() if w.isalpha()}
        singles = [(w, words.vector(w)) for w in phrases if w.isalpha() and words.vector(w)]
        if not singles:
            print(f"## {name}: no one-word phrase in the table\n")
            continue
        centroid = [sum(v[i] for _, v in singles) / len(singles) for i in range(words.dims)]
        scored = []
        for w, v in vocab:
            if w in members:
                continue
            near = max(singles, key=lambda s: dot(s[1], v))
            scored.append((max(dot(centroid, v), 0.8 * dot(near[1], v)), w, near[0]))
        scored.sort(reverse=True)
        print(f"## {name} ({len(singles)} one-word members in the table)")
        print("  " + ", ".join(f"{w} ({near})" for _, w, near in scored[:args.n]))
        print()


if __name__ == "__main__":
    main()
