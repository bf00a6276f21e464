"""Readers' typos: how the guides do when one word of a question they answer right is misspelt.

For every set of benchmarks/reader_eval.py (with --heldout, the held-out ones too: their figures
only, never a question), this takes the in-scope questions the guide answers right as written and
every out-of-scope question, and derives misspelt variants of each, deterministically (seeded by
--seed, the question and the kind of typo):

- one typo in one content word (a word of four letters or more that is not a function word), of
  each kind: a dropped letter, a doubled letter, two neighbours swapped, a key's neighbour on a
  QWERTY keyboard typed instead, a common phonetic misspelling (-ible/-able, ie/ei, -tion/-sion,
  -ence/-ance, -le/-al, a double consonant made single...), a dropped vowel;
- two typos: two content words (or, in a question with one, that word twice) each given a typo
  of a kind drawn at random; two such variants per question.

The first letter is never changed (readers rarely mistype it), and a typo that makes another
everyday English word (in the word table at a Zipf value of 3 or more: "form" for "from") is not
used: that is a different word, not a misspelling a spelling repair could see. A kind that does
not apply to any content word of the question gives no variant.

Printed per set: in-scope variants still answered right, "did you mean" with a right option,
wrong, declined; out-of-scope variants answered from the article (which should stay as rare as
for the questions as written). Then the in-scope variants by kind, over all sets.

Run: python benchmarks/typos.py [--heldout] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reader_eval import HELD_OUT, SETS, pct, run

from guide.authoring.evaluate import grade
from guide.authoring.questions import Question
from guide.conversation import Engine, Session
from guide.matching.normalize import FUNCTION_WORDS
from guide.matching.wordtable import zipf

QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
VOWELS = "aeiou"
REAL_WORD_ZIPF = 3.0
PHONETIC = [  # (pattern, replacement): the spellings readers confuse, each tried where it occurs
    (r"ible\b", "able"), (r"able\b", "ible"), (r"ie", "ei"), (r"ei", "ie"), (r"tion\b", "sion"),
    (r"sion\b", "tion"), (r"ence\b", "ance"), (r"ance\b", "ence"), (r"ent\b", "ant"), (r"ant\b", "ent"),
    (r"(?<=[^aeiou])le\b", "al"), (r"ous\b", "us"), (r"ite\b", "ate"), (r"ph", "f"),
    (r"([bcdfgklmnprstz])\1", r"\1"), (r"(?<=[aeiou])c(?=[ei])", "s"), (r"(?<=\w)ar(?=\w)", "er"),
    (r"(?<=\w)er(?=\w)", "ar"), (r"ea", "ee"), (r"ee", "ea"), (r"(?<=\w)y\b", "ey"), (r"ful\b", "full"),
]


def _neighbours() -> dict[str, str]:
    found: dict[str, str] = {}
    for r, row in enumerate(QWERTY):
        for c, key in enumerate(row):
            near = [row[i] for i in (c - 1, c + 1) if 0 <= i < len(row)]
            for other, cols in ((r - 1, (c, c + 1)), (r + 1, (c - 1, c))):  # the rows are staggered
                if 0 <= other < len(QWERTY):
                    near += [QWERTY[other][i] for i in cols if 0 <= i < len(QWERTY[other])]
            found[key] = "".join(near)
    return found


NEIGHBOURS = _neighbours()


def dropped(word: str, rng: random.Random) -> list[str]:
    return [word[:i] + word[i + 1:] for i in range(1, len(word))]


def doubled(word: str, rng: random.Random) -> list[str]:
    return [word[:i + 1] + word[i:] for i in range(1, len(word)) if word[i] != word[i - 1]]


def swapped(word: str, rng: random.Random) -> list[str]:
    return [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1) if word[i] != word[i + 1]]


def keyboard(word: str, rng: random.Random) -> list[str]:
    return [word[:i] + key + word[i + 1:] for i in range(1, len(word)) for key in NEIGHBOURS.get(word[i], "")]


def phonetic(word: str, rng: random.Random) -> list[str]:
    found = []
    for pattern, replacement in PHONETIC:
        for match in re.finditer(pattern, word):
            if match.start() == 0:
                continue
            found.append(word[:match.start()] + match.expand(replacement) + word[match.end():])
    return found


def vowel_dropped(word: str, rng: random.Random) -> list[str]:
    return [word[:i] + word[i + 1:] for i in range(1, len(word)) if word[i] in VOWELS]


KINDS: dict[str, Callable[[str, random.Random], list[str]]] = {
    "dropped letter": dropped, "doubled letter": doubled, "swapped neighbours": swapped,
    "keyboard neighbour": keyboard, "phonetic": phonetic, "dropped vowel": vowel_dropped,
}
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")


def misspellings(word: str, kind: str, rng: random.Random) -> list[str]:
    """The `kind` typos of `word` (lower case) that are not other everyday words."""
    lower = word.lower()
    return sorted({typo for typo in KINDS[kind](lower, rng) if typo != lower and zipf(typo) < REAL_WORD_ZIPF})


def content_spans(text: str) -> list[re.Match[str]]:
    return [m for m in WORD.finditer(text)
            if len(m.group()) >= 4 and "'" not in m.group() and m.group().lower() not in FUNCTION_WORDS]


def variant(text: str, kinds: list[str], rng: random.Random) -> str | None:
    """`text` with one typo of each of `kinds`, in different content words where there are enough."""
    spans = content_spans(text)
    if not spans:
        return None
    chosen = rng.sample(spans, len(kinds)) if len(spans) >= len(kinds) else [spans[0]] * len(kinds)
    words = {m.start(): m.group() for m in chosen}
    for match, kind in zip(chosen, kinds, strict=True):
        typos = misspellings(words[match.start()], kind, rng)
        if not typos:
            return None
        words[match.start()] = rng.choice(typos)
    out, last = [], 0
    for start in sorted(words):
        end = start + len(next(m for m in chosen if m.start() == start).group())
        out += [text[last:start], words[start]]
        last = end
    return "".join(out) + text[last:]


def variants(text: str, seed: int) -> list[tuple[str, str]]:
    """(kind, misspelt text) for each kind that applies, then two two-typo variants."""
    found = []
    for kind in KINDS:
        rng = random.Random(f"{seed}:{kind}:{text}")  # noqa: S311 - the same typos every run, not a secret
        spans = content_spans(text)
        rng.shuffle(spans)
        for match in spans:  # the first content word (in a seeded order) this kind applies to
            typos = misspellings(match.group(), kind, rng)
            if typos:
                found.append((kind, text[:match.start()] + rng.choice(typos) + text[match.end():]))
                break
    for n in range(2):
        rng = random.Random(f"{seed}:two typos {n}:{text}")  # noqa: S311 - (as above)
        for _attempt in range(5):
            typo = variant(text, [rng.choice(list(KINDS)) for _ in range(2)], rng)
            if typo is not None:
                found.append(("two typos", typo))
                break
    return found


def ask(engine: Engine, question: Question) -> str:
    return grade(engine.guide, question, Session(engine).respond(question.text))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="also the held-out guides (figures only)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--show-misses", action="store_true",
                        help="list the variants not answered right (never those of the held-out sets)")
    args = parser.parse_args()
    held_out = {label for label, _guide, _questions in HELD_OUT}
    sets = SETS + (HELD_OUT if args.heldout else [])
    engines: dict[Path, Engine] = {}
    print(f"{'set':34s} {'right':>6s} {'variants':>8s} {'right':>8s} {'did you mean':>13s} {'wrong':>7s} "
          f"{'declined':>9s}   {'oos':>4s} {'variants':>8s} {'answered':>9s} {'(as written)':>12s}")
    by_kind: dict[str, Counter[str]] = {kind: Counter() for kind in (*KINDS, "two typos")}
    total: Counter[str] = Counter()
    for label, guide_path, questions_path in sets:
        evaluation = run(label, guide_path, questions_path, engines)
        if evaluation is None:
            return 2
        engine = engines[guide_path]
        counts: Counter[str] = Counter()
        misses: list[str] = []
        right = [r.question for r in evaluation.in_scope if r.right]
        for question in right:
            for kind, text in variants(question.text, args.seed):
                outcome = ask(engine, replace(question, text=text))
                counts[outcome] += 1
                if args.show_misses and outcome != "right" and label not in held_out:
                    misses.append(f"  [{outcome:8s}] {text!r} (as written: {question.text!r})")
                by_kind[kind][outcome] += 1
        out = [r.question for r in evaluation.out_of_scope]
        answered_as_written = sum(r.outcome == "wrong" for r in evaluation.out_of_scope)
        for question in out:
            for _kind, text in variants(question.text, args.seed):
                outcome = ask(engine, replace(question, text=text))
                counts["oos " + outcome] += 1
                if args.show_misses and outcome == "wrong" and label not in held_out:
                    misses.append(f"  [oos answered] {text!r} (as written: {question.text!r})")
        n = sum(counts[k] for k in ("right", "offered", "wrong", "declined"))
        n_out = sum(counts[k] for k in counts if k.startswith("oos "))
        print(f"{label:34s} {len(right):6d} {n:8d} {pct(counts['right'], n):>8s} {pct(counts['offered'], n):>13s} "
              f"{pct(counts['wrong'], n):>7s} {pct(counts['declined'], n):>9s}   {len(out):4d} {n_out:8d} "
              f"{pct(counts['oos wrong'], n_out):>9s} {pct(answered_as_written, len(out)):>12s}")
        for miss in misses:
            print(miss)
        total.update(counts)
        total["originals right"] += len(right)
        total["originals out"] += len(out)
        total["out answered as written"] += answered_as_written
    n = sum(total[k] for k in ("right", "offered", "wrong", "declined"))
    n_out = sum(total[k] for k in total if k.startswith("oos "))
    print(f"{'all sets':34s} {total['originals right']:6d} {n:8d} {pct(total['right'], n):>8s} "
          f"{pct(total['offered'], n):>13s} {pct(total['wrong'], n):>7s} {pct(total['declined'], n):>9s}   "
          f"{total['originals out']:4d} {n_out:8d} {pct(total['oos wrong'], n_out):>9s} "
          f"{pct(total['out answered as written'], total['originals out']):>12s}")
    print(f"\nin-scope variants by kind, all sets ({total['right']} of {n} right, {total['wrong']} wrong):")
    print(f"{'kind':34s} {'':6s} {'variants':>8s} {'right':>8s} {'did you mean':>13s} {'wrong':>7s} {'declined':>9s}")
    for kind, counts in by_kind.items():
        k = sum(counts.values())
        print(f"{kind:34s} {'':6s} {k:8d} {pct(counts['right'], k):>8s} {pct(counts['offered'], k):>13s} "
              f"{pct(counts['wrong'], k):>7s} {pct(counts['declined'], k):>9s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
