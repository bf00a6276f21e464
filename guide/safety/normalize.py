"""Text normalization for the safety check.

The safety rules match *tokens* of a normalized message, never the raw text. This
module turns what a person typed into that token list:

- Unicode NFKC (full-width letters, ligatures), curly quotes and dashes, zero-width
  characters removed, casefold;
- raw substitutions from rules.yaml (``s/a``, ``w/o``, joke emoji ...);
- words and clause boundaries: ``.`` ends a sentence (``. ! ? ;`` and new lines),
  ``,`` ends a clause (``, : ( ) "`` and spaced dashes); a hyphen inside a word is a
  space (``self-harm`` -> ``self harm``);
- per word, cached: contractions (``don't`` -> ``do not``, ``i'm`` -> ``i am``),
  stretched letters (``soooo`` -> ``so``), the spelling and slang map (``sucidal``,
  ``kms``, ``wanna``, ``dont``), leetspeak and censoring (``su1c1de``, ``k*ll``), a
  dropped final g (``harmin``), then fuzzy correction of the remaining unknown words
  against a short list of risk words (rapidfuzz OSA distance, same first letter, not
  for the common English words listed in ``spelling.keep``, nor for a word as close
  to one of ``spelling.rivals`` as to the risk word: "relased" stays); four-letter words only
  against ``spelling.fuzzy_short`` (``klil`` -> ``kill``).

Only this module knows about raw text; spans in ``RuleHit`` are offsets into
``" ".join(tokens)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

SENTENCE = "."
CLAUSE = ","
BOUNDARIES = frozenset((SENTENCE, CLAUSE))

MAX_CHARS = 20_000
"""Of a longer message the first and the last MAX_CHARS characters are read: bounded time whatever is
pasted, and the words a reader adds after a long paste (a chat log, a letter) are still checked."""
RECENT = 8
"""Messages whose tokens a normalizer keeps (`Normalizer.tokens`): one message is read three times, by
the assessment, the help-request check and the flow."""

_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u0060": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": " , ",
        "\u2014": " , ",
        "\u2015": " , ",
        "\u2010": "-",
        "\u2011": "-",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
    }
)

# the combining marks of scripts that write vowels and tones as marks (Indic, Thai, Lao, Myanmar, Khmer;
# Hebrew and Arabic points; Latin and Cyrillic combining accents): re's \w leaves them out, which cut
# "नहीं" to "नह" and "ไม่" to "ไม". The Indic blocks are taken whole but for their sentence marks (dandas).
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
          "\u0900-\u0963\u0966-\u0dff\u0e31-\u0e3a\u0e47-\u0e4e\u0eb1-\u0ebc\u0ec8-\u0ecd\u102b-\u103e"
          "\u1056-\u109d\u17b4-\u17d3\u3099\u309a")
_LETTERS = rf"(?:[^\W_]|[{_MARKS}])"
# words (letters/digits, with leet or apostrophe joins inside), sentence ends, clause ends
_TOKEN_RE = re.compile(
    rf"({_LETTERS}+(?:['@$!*]{_LETTERS}+)*[@$*]?)"
    r"|([.!?;\n]+)"
    r"|([,:()\"\[\]{}]|\s-+\s|--+|\.\.\.)"
)
_STRETCH_RE = re.compile(r"([a-z])\1{2,}")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                       "@": "a", "$": "s", "!": "i", "*": ""})
# digits that are numbers, not leetspeak: 16, 16yo, 2am, 3rd, 10pm, 5mg, 16f
# (compiled when a word with a digit first comes, by re's cache)
_NUMBERISH_RE = r"\d+(?:st|nd|rd|th|am|pm|yo|y|yrs?|f|m|mg|ml|k|s|x|h|hrs?|min|mins)?"

_S_IS = frozenset((
    "he", "she", "it", "that", "what", "there", "who", "where", "here", "how", "this",
    "everything", "nothing", "something", "everyone", "someone", "nobody",
))


def _head_and_tail(text: str) -> str:
    """The first and the last MAX_CHARS characters of a long text as two sentences, each cut between
    words where there is a space near the cut (a word cut in two could read as another: "skill" as
    "kill")."""
    head, tail = text[:MAX_CHARS], text[-MAX_CHARS:]
    end = max(head.rfind(" ", -100), head.rfind("\n", -100))
    start = next((i for i, ch in enumerate(tail[:100]) if ch.isspace()), -1)
    return f"{head[:end] if end > 0 else head} . {tail[start + 1:]}"


class Normalizer:
    """Compiled normalization tables (built once from rules.yaml)."""

    __slots__ = (
        "_cache",
        "_fuzzy",
        "_fuzzy_short",
        "_keep",
        "_map",
        "_phrase_blockers",
        "_phrase_first",
        "_phrases",
        "_raw_map",
        "_raw_probes",
        "_raw_re",
        "_recent",
        "_rivals",
        "_vocab",
    )

    def __init__(
        self,
        spelling_map: Mapping[str, str],
        raw_map: Mapping[str, str],
        vocab: Iterable[str],
        fuzzy_targets: Iterable[str],
        keep: Iterable[str],
        phrases: Mapping[str, str] | None = None,
        phrase_blockers: Iterable[str] = (),
        fuzzy_short: Iterable[str] = (),
        rivals: Iterable[str] = (),
    ) -> None:
        self._map = {k: tuple(v.split()) for k, v in spelling_map.items()}
        self._raw_map = dict(raw_map)
        # cheap probes: the regex only runs when an ASCII key occurs, or on non-ASCII text
        self._raw_probes = tuple(k for k in raw_map if k.isascii())
        self._phrases: dict[tuple[str, str], tuple[str, ...]] = {}
        for key, value in (phrases or {}).items():
            words = tuple(key.split())
            if len(words) != 2:
                raise ValueError(f"phrase {key!r}: two words expected")
            self._phrases[(words[0], words[1])] = tuple(value.split())
        self._phrase_first = frozenset(k[0] for k in self._phrases)
        self._phrase_blockers = frozenset(phrase_blockers)
        # compiled the first time a message needs it (re's cache): most need no raw substitution
        self._raw_re = "|".join(_bounded(k) for k in sorted(raw_map, key=len, reverse=True)) if raw_map else None
        self._vocab = frozenset(vocab)
        self._keep = frozenset(keep)
        rivals_by_first: dict[str, list[str]] = {}
        for word in rivals:
            rivals_by_first.setdefault(word[:1], []).append(word)
        self._rivals = {k: tuple(v) for k, v in rivals_by_first.items()}
        buckets: dict[str, list[str]] = {}
        for word in fuzzy_targets:
            buckets.setdefault(word[0], []).append(word)
        self._fuzzy = {k: tuple(v) for k, v in buckets.items()}
        short: dict[str, list[str]] = {}
        for word in fuzzy_short:
            short.setdefault(word[0], []).append(word)
        self._fuzzy_short = {k: tuple(v) for k, v in short.items()}
        self._cache: dict[str, tuple[str, ...]] = {}
        self._recent: dict[str, tuple[str, ...]] = {}  # (`tokens`)

    # -- whole message -------------------------------------------------------------

    def tokens(self, text: str) -> list[str]:
        """The normalized tokens of *text* (words plus ``.``/``,`` boundaries). One message is read by the
        assessment, the help-request check and the flow's signals: the last RECENT texts' tokens are kept."""
        found = self._recent.get(text)
        if found is None:
            if len(self._recent) >= RECENT:
                self._recent.clear()
            found = self._recent[text] = tuple(self._tokens(text))
        return list(found)

    def forget_recent(self) -> None:
        """Keep no message's tokens (for a benchmark that times one message twice in a row)."""
        self._recent.clear()

    def _tokens(self, text: str) -> list[str]:
        if len(text) > 2 * MAX_CHARS:
            text = _head_and_tail(text)
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
        text = text.casefold()
        if self._raw_re is not None and (
                not text.isascii() or any(k in text for k in self._raw_probes)):
            raw = self._raw_map
            text = re.sub(self._raw_re, lambda m: f" {raw[m.group(0)]} ", text)
        out: list[str] = []
        cache = self._cache
        for word, sent, _clause in _TOKEN_RE.findall(text):
            if word:
                norm = cache.get(word)
                if norm is None:
                    norm = self._word(word)
                    if len(cache) < 50_000:
                        cache[word] = norm
                out.extend(norm)
            elif sent:
                if out and out[-1] in BOUNDARIES:
                    out[-1] = SENTENCE
                elif out:
                    out.append(SENTENCE)
            elif out and out[-1] not in BOUNDARIES:
                out.append(CLAUSE)
        if out and out[-1] in BOUNDARIES:
            out.pop()
        if self._phrase_first and not self._phrase_first.isdisjoint(out):
            out = self._merge_phrases(out)
        return out

    def _merge_phrases(self, toks: list[str]) -> list[str]:
        out: list[str] = []
        i, n = 0, len(toks)
        phrases = self._phrases
        while i < n:
            if i + 1 < n:
                repl = phrases.get((toks[i], toks[i + 1]))
                if repl is not None and (i + 2 >= n or toks[i + 2] not in self._phrase_blockers):
                    out.extend(repl)
                    i += 2
                    continue
            out.append(toks[i])
            i += 1
        return out

    # -- one word ------------------------------------------------------------------

    def _word(self, word: str) -> tuple[str, ...]:
        if "'" in word:
            parts = _contraction(word, self._map)
            return tuple(t for p in parts for t in self._word(p)) if parts else ()
        mapped = self._map.get(word)
        if mapped is not None:
            return mapped
        if not word.isalnum() or (not word.isalpha() and not re.fullmatch(_NUMBERISH_RE, word)):
            # leetspeak / censoring: only when the word starts with a letter
            if word[0].isalpha() or word[0] in "@$":
                decoded = word.translate(_LEET)
                if decoded and decoded != word:
                    return self._word(decoded) if decoded.isalpha() else (decoded,)
            return (word,)
        stretched = _STRETCH_RE.sub(r"\1", word)
        if stretched != word:
            return self._word(stretched)
        if word in self._vocab or word in self._keep:
            return (word,)
        if word.endswith("in") and word + "g" in self._vocab:
            return (word + "g",)
        if len(word) >= 5 and word.isalpha():
            fixed = self._fuzzy_fix(word)
            if fixed is not None:
                return self._map.get(fixed, (fixed,))
        elif len(word) == 4 and word[0] in self._fuzzy_short:
            fixed = self._fuzzy_fix(word, self._fuzzy_short)
            if fixed is not None:
                return (fixed,)
        return (word,)

    def _fuzzy_fix(self, word: str, table: dict[str, tuple[str, ...]] | None = None) -> str | None:
        targets = (self._fuzzy if table is None else table).get(word[0])
        if not targets:
            return None
        from rapidfuzz.distance import OSA  # imported on first unknown word only

        best, best_key = None, (3, 1)
        n = len(word)
        for target in targets:
            m = len(target)
            allowed = 1 if m < 9 else 2
            if abs(m - n) > allowed:
                continue
            d = OSA.distance(word, target, score_cutoff=allowed)
            # ties go to the target with the same last letter ("suicidl" -> suicidal)
            key = (d, target[-1] != word[-1])
            if d <= allowed and key < best_key:
                best, best_key = target, key
        if best is not None and self._rival_near(word, best_key[0]):
            return None  # as close to a common word ("relased": released / relapsed)
        return best

    def _rival_near(self, word: str, d: int) -> bool:
        """Is a word of ``spelling.rivals`` within OSA distance *d* of *word*?"""
        from rapidfuzz.distance import OSA

        n = len(word)
        return any(abs(len(k) - n) <= d and OSA.distance(word, k, score_cutoff=d) <= d
                   for k in self._rivals.get(word[0], ()))


def _bounded(key: str) -> str:
    """A raw key as a regex that does not match inside a longer word."""
    out = re.escape(key)
    if key[:1].isalnum():
        out = r"(?<![^\W_])" + out
    if key[-1:].isalnum():
        out += r"(?![^\W_])"
    return out


def _contraction(word: str, spelling_map: Mapping[str, tuple[str, ...]]) -> list[str]:
    mapped = spelling_map.get(word)
    if mapped is not None:
        return list(mapped)
    base, _, tail = word.rpartition("'")
    if not base:
        return [tail] if tail else []
    if tail == "t" and base.endswith("n"):
        stem = base[:-1]
        stem = {"wo": "will", "ca": "can", "ai": "is", "sha": "shall"}.get(stem, stem)
        return [stem, "not"] if stem else ["not"]
    if tail == "m":
        return [base, "am"]
    if tail == "re":
        return [base, "are"]
    if tail == "ve":
        return [base, "have"]
    if tail == "ll":
        return [base, "will"]
    if tail == "d":
        return [base, "would"]
    if tail == "s":
        return [base, "is"] if base in _S_IS else [base]
    return [base + tail]
