"""Write guide/matching/data/other_languages.txt: the words of the other languages the safety layer reads.

    .venv/bin/python scripts/build_other_languages.py          # write the file
    .venv/bin/python scripts/build_other_languages.py --check  # compare with the shipped file (exit 1 if stale)

The safety rules (guide/safety/rules.yaml) read disclosures in other languages: the rules whose id names them
(``...other_languages...``, ``...languages_22``), and patterns elsewhere whose words English mostly does not know.
Their words, as the matcher tokenizes them, that everyday English does not know (Zipf 0 in the matcher's word
table) and that are long enough to be repaired, are what the matcher's spelling repair must leave alone:
Portuguese "hoje" (today) is one letter from "home", and a repair into an English word changes what the reader
said (guide/matching/normalize.py, ``other_language_words``).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guide.matching.normalize import MIN_REPAIR_LENGTH, OTHER_LANGUAGES, tokenize  # noqa: E402
from guide.matching.wordtable import zipf  # noqa: E402

RULES = ROOT / "guide" / "safety" / "rules.yaml"
HEADER = ("# Words of the other languages the safety layer reads (guide/safety/rules.yaml's language rules), which\n"
          "# the matcher's spelling repair leaves alone. Built by scripts/build_other_languages.py; do not edit.\n")
_SYNTAX = re.compile(r"[\s{}|?!~$^()]+")


def _words(pattern: str) -> list[str]:
    """A pattern's words long enough to repair, as the matcher tokenizes them."""
    out: list[str] = []
    for element in _SYNTAX.split(pattern):
        if element and element[0] not in "@#" and not element.endswith("*"):
            out += [w for w in tokenize(element) if len(w) >= MIN_REPAIR_LENGTH and w.isalpha()]
    return out


def words(rules_path: Path = RULES) -> list[str]:
    """The words, sorted: those English does not know, of the language rules' patterns, and of any pattern (a
    rule's, a signal's, an exception's) whose words English mostly does not know (Portuguese "hoje" is in one of
    round 21's rules for blind19's kinds)."""
    data = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    patterns = [(rule["id"], p) for rule in data["rules"] for p in rule["patterns"]]
    patterns += [(name, p) for name, ps in data["signals"].items() for p in ps]
    patterns += [("exceptions", p) for p in data["exceptions"]]
    found: set[str] = set()
    for owner, pattern in patterns:
        said = _words(pattern)
        unknown = [w for w in said if not zipf(w)]
        if unknown and ("languages" in owner or len(unknown) * 2 > len(said)):
            found.update(unknown)
    return sorted(found)


def text(rules_path: Path = RULES) -> str:
    """The file's text."""
    return HEADER + "".join(f"{w}\n" for w in words(rules_path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file, write nothing")
    args = parser.parse_args()
    wanted = text()
    if args.check:
        same = OTHER_LANGUAGES.read_text(encoding="utf-8") == wanted
        print("identical" if same else f"different: run {Path(__file__).name} to rebuild {OTHER_LANGUAGES.name}")
        return 0 if same else 1
    OTHER_LANGUAGES.write_text(wanted, encoding="utf-8")
    print(f"wrote {OTHER_LANGUAGES} ({wanted.count(chr(10)) - 2} words)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
