"""Write guide/matching/data/base_forms.txt: words the Snowball stemmer leaves apart from another
spelling of themselves, each with the word it is taken as before stemming (guide/matching/stems.py).

Snowball strips regular endings only: an American spelling never meets the British one ("color" and
"colour", "summarize" and "summarise": Snowball stems them "color"/"colour", "summar"/"summaris"); nor
(--lemmas, not shipped) does "fought" meet "fight", "children" "child", "cheaper" "cheap", "worse" "bad".
The table joins them, on both sides of matching. Nothing here runs when the guide runs; the table is
built once, by this script, and shipped as package data (the guide depends on neither package).

Sources:
- Irregular and graded forms: the PyPI package lemminflect (Brad Jascob; MIT licence), version
  0.2.3, its lemma lookup table (resources/lemma_lu.csv.gz, from the SPECIALIST lexicon of the U.S.
  National Library of Medicine): each word form, its part of speech and its lemma.
- Spellings: the PyPI package breame (Charles Pierse; MIT licence), version 0.1.2, its table of
  American spellings and their British ones (data/spelling_constants.py). Of the two, the one Snowball
  strips further is kept ("criticised" is read "criticized", which Snowball stems "critic" with
  "criticism"; "criticised" it stems "criticis"); where neither, the British one ("tires" is read
  "tyres": "tyres" read as "tires" would have met "tired", Snowball's "tire").

The shipped table holds the spellings only (`python scripts/build_base_forms.py`); --lemmas adds the
irregular and graded forms, which were measured and not kept: over benchmarks/reader_eval.py --heldout
right 1,175 -> 1,178 but wrong 53 -> 56, the calibration of most guides moving (G answer 0.28 -> 0.32,
P 0.32 -> 0.26, P's out-of-scope questions not answered 27 -> 24): the everyday questions that set
`clarify` meet a guide's words through "thought", "found", "worse" as readers do.

Which forms (a form and its base word must both be in the matcher's word table, words.bin; no
function word on either side, since those never weigh as topic):
- a form whose every reading (part of speech) is one lemma whose Snowball stem is not the form's
  ("fought": fight; "children": child; "worst": bad);
- a form that is also a word of its own in some reading ("thought", a noun; "worse", a verb), only if
  its meaning vector is at least SELF_KINSHIP like its lemma's (words.bin): "thought"/"think" 0.87,
  "worse"/"bad" 0.78 are joined, "number"/"numb" 0.03, "saw"/"see" 0.25, "left"/"leave" 0.45 not;
- a form with readings of two lemmas ("best": good or well; "lives": life, or live, which Snowball
  already joins) is left as it is.
The spelling is applied first, then the lemma, then the spelling again ("programs": programme).

Run (a one-off environment is enough):
    pip install lemminflect==0.2.3 breame==0.1.2
    python scripts/build_base_forms.py
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # stems.py reads the word table through the package for "-ses" plurals
OUT = ROOT / "guide" / "matching" / "data" / "base_forms.txt"
SELF_KINSHIP = 0.6
"""How alike (cosine of words.bin's vectors) a form that is also a word of its own must be to its lemma."""


def _guide_module(name: str):
    """A module of guide/matching on its own (the package would import the whole matcher)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "guide" / "matching" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _lemma_readings() -> dict[str, list[tuple[str, str]]]:
    """lemminflect's table: each lower-case word form -> its (part of speech, first lemma) readings."""
    import lemminflect

    path = Path(lemminflect.__file__).with_name("resources") / "lemma_lu.csv.gz"
    readings: dict[str, list[tuple[str, str]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for form, pos, lemmas in csv.reader(handle):
            if pos != "aux" and form.isascii() and form.isalpha() and form.islower():
                readings.setdefault(form, []).append((pos, lemmas.split("/")[0]))
    return readings


def base_forms(lemmas_too: bool = False, spellings_too: bool = True) -> dict[str, str]:
    """Each form -> the word it is taken as (see the module's docstring)."""
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS

    wordtable = _guide_module("wordtable")
    snowball = _guide_module("stems").snowball
    function_words = _function_words()
    known = wordtable.zipf

    def kinship(a: str, b: str) -> float:
        va, vb = wordtable.vector(a), wordtable.vector(b)
        return sum(x * y for x, y in zip(va, vb, strict=True)) if va and vb else 0.0

    def usable(word: str) -> bool:
        return word.isascii() and word.isalpha() and word not in function_words and bool(known(word))

    spelling: dict[str, str] = {}  # one spelling -> the other
    for american, british in AMERICAN_ENGLISH_SPELLINGS.items() if spellings_too else ():
        if american.isalpha() and british.isalpha() and (usable(american) or usable(british)) \
                and snowball(american) != snowball(british):
            if len(snowball(american)) < len(snowball(british)):
                spelling[british] = american  # "criticised" as "criticized": Snowball's "critic", with "criticism"
            else:
                spelling[american] = british  # "tires" as "tyres" ("tire" would meet "tired")
    lemmas: dict[str, str] = {}
    for form, readings in _lemma_readings().items() if lemmas_too else ():
        if not usable(form):
            continue
        stems = {snowball(lemma) for _pos, lemma in readings}
        if len(stems - {snowball(form)}) != 1 or any(
                lemma != form and snowball(lemma) == snowball(form) for _pos, lemma in readings):
            continue  # two lemmas, or one Snowball already joins ("lives": live)
        lemma = next(lemma for _pos, lemma in readings if snowball(lemma) != snowball(form))
        if not usable(lemma):
            continue
        if len(stems) > 1 and kinship(form, lemma) < SELF_KINSHIP:
            continue
        lemmas[form] = lemma
    table: dict[str, str] = {}
    for word in sorted(spelling.keys() | lemmas.keys()):
        base = spelling.get(word, word)
        base = lemmas.get(base, base)
        base = spelling.get(base, base)
        if snowball(base) != snowball(word):
            table[word] = base
    return table


def _function_words() -> frozenset[str]:
    """normalize.py's FUNCTION_WORDS, read from its text (the module imports the package)."""
    source = (ROOT / "guide" / "matching" / "normalize.py").read_text(encoding="utf-8")
    words: set[str] = set()
    for name in ("_FUNCTION_WORD_TEXT", "_FILLER_TEXT"):
        words.update(source.split(f'{name} = """', 1)[1].split('"""', 1)[0].split())
    return frozenset(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--lemmas", action="store_true",
                        help="the irregular and graded forms too (measured, not shipped: see the docstring)")
    args = parser.parse_args()
    table = base_forms(lemmas_too=args.lemmas)
    lines = [f"{word} {base}" for word, base in table.items()]
    header = ("# word  the word it is taken as before Snowball stemming (scripts/build_base_forms.py"
              f"{' --lemmas' if args.lemmas else ''}: breame 0.1.2{', lemminflect 0.2.3' if args.lemmas else ''})")
    args.out.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(lines)} words")


if __name__ == "__main__":
    main()
