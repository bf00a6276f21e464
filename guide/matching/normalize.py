"""Text normalization for matching: Unicode, markup, contractions, synonyms, spelling repair.

The same `Normalizer` is applied to the author's examples and to what the reader types,
so both sides meet in one vocabulary. Everything here is linear in the input length.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, cached_property, lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from guide.records import NamedTuple

from .numbers import spell_numbers
from .stems import stem
from .wordtable import vector, zipf, zipfs

__all__ = ["FUNCTION_WORDS", "Normalized", "Normalizer", "clean_text", "tokenize"]

_FUNCTION_WORD_TEXT = """
a about above after again against all also am an and any anything are as at be because been before being
below between both but by can could did do does doing done down during each either else etc ever every
few for from further get gets getting give go going gonna got had has have having he her here hers herself
him himself his how i if in into is it its itself just kind know let like lot lots me mean means might
more most much must my myself no nor not now of off on once one only or other our ours out over own please
really right said same say says she should so some something stuff such tell than thanks that the their
them themselves then there these they thing things this those through to too under until up us very want
was way we were what when where whether which while who whom whose why will with would yeah yes yet you
your yours yourself
although besides despite onto since toward towards unless upon whenever wherever
whichever whoever within
"""
_FILLER_TEXT = """
actually anyway anyways basically btw definitely even exactly haha honestly hmm kinda literally
lmao lol maybe ngl nah ok okay omg perhaps probably pretty seriously sorta still super tbh tho though
totally uh um whatever wtf yep
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORD_TEXT.split()) | frozenset(_FILLER_TEXT.split())
"""Words that say nothing about a topic, with the fillers readers add ("honestly", "lol",
"tho"). An input made of them and of words the guide never uses ("what is the weather in
paris") is not covered, whatever its scores; and a function word the guide never uses
doesn't count against a match (see `Index.rank`)."""

# ANSI/VT escape sequences (CSI, OSC, two-character escapes), then leftover control characters
# (compiled, by re's own cache, when a text that is not printable first comes: ~0.15 ms of a start)
_ESCAPES = r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?"
_CONTROL = r"[\x00-\x1f\x7f-\x9f]"
# Markup a reader may paste: Rich/BBCode tags ([b], [/], [$accent], [link=x], [bold red]) and
# HTML tags. A bracketed ordinary word ("[really]") is kept: only its brackets go.
_STYLE_WORDS = (
    "b|i|u|s|em|strong|bold|italic|underline|strike|dim|reverse|blink|code|quote|url|link|"
    "color|colour|size|font|on|not|red|green|blue|yellow|white|black|magenta|cyan"
)
_MARKUP = (
    rf"\[/?(?:[$#@][^\[\]\n]{{0,40}}|[^\[\]\n=]{{1,30}}=[^\[\]\n]{{0,80}}"
    rf"|(?:{_STYLE_WORDS})(?: (?:{_STYLE_WORDS}))*)?\]"
    r"|</?[a-z][a-z0-9]*(?:\s[^<>\n]{0,80})?/?>"
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_NUMBER_AND_UNIT = re.compile(r"(\d+)(?!(?:st|nd|rd|th|s)$)([a-z]+)", re.ASCII)
"""A number typed against its unit ("8km", "10k", "5mins", "2hrs", "20quid", "3x"); not an ordinal ("3rd")
nor a decade ("1960s", "90s")."""

_WHOLE_WORD_CONTRACTIONS: dict[str, str] = {
    "won't": "will not", "can't": "can not", "cannot": "can not", "shan't": "shall not",
    "ain't": "is not", "let's": "let us", "y'all": "you all",
    "dont": "do not", "doesnt": "does not", "didnt": "did not", "isnt": "is not",
    "arent": "are not", "wasnt": "was not", "werent": "were not", "havent": "have not",
    "hasnt": "has not", "hadnt": "had not", "wouldnt": "would not", "shouldnt": "should not",
    "couldnt": "could not", "mustnt": "must not", "cant": "can not", "wont": "will not",
    "aint": "is not", "im": "i am", "ive": "i have", "youre": "you are", "youve": "you have",
    "youll": "you will", "theyre": "they are", "theyve": "they have", "weve": "we have",
    "whats": "what is", "thats": "that is", "theres": "there is", "wheres": "where is",
    "whos": "who is", "hows": "how is", "whys": "why is", "shes": "she is",
    "gonna": "going to", "wanna": "want to", "gotta": "got to", "dunno": "do not know",
    "hes": "he is", "idk": "i do not know",
    # text-speak
    "u": "you", "ur": "your", "r": "are", "ya": "you", "wat": "what", "wut": "what", "pls": "please",
    "plz": "please", "bc": "because", "cuz": "because", "coz": "because", "abt": "about", "ppl": "people",
    "rly": "really", "thru": "through", "b4": "before", "smth": "something", "sth": "something",
    "enuf": "enough", "tho": "though", "thx": "thanks", "tmrw": "tomorrow", "tmr": "tomorrow",
    "tonite": "tonight", "2nite": "tonight", "2day": "today", "luv": "love", "gud": "good",
    "kinda": "kind of", "sorta": "sort of", "lemme": "let me", "gimme": "give me", "outta": "out of",
    "yr": "year", "yrs": "years", "hr": "hour", "hrs": "hours", "mins": "minutes", "wk": "week",
    "wks": "weeks", "esp": "especially", "msg": "message", "msgs": "messages", "convo": "conversation",
    "bday": "birthday", "fav": "favourite", "fave": "favourite",
    "becuz": "because", "bcuz": "because", "tht": "that", "wht": "what",
    "hav": "have", "wen": "when", "shud": "should", "cud": "could", "wud": "would",
}
_SUFFIX_CONTRACTIONS: tuple[tuple[str, str], ...] = (
    ("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"),
    ("'m", " am"), ("'d", " would"),
)
# "'s" is "is" after these words and a possessive (dropped) elsewhere.
_IS_BEFORE_S = frozenset(
    ("it", "that", "what", "there", "here", "who", "where", "how", "why", "when", "he", "she")
)

MIN_REPAIR_LENGTH = 4
MAX_REPAIR_LENGTH = 24
"""Longer words are taken as typed: no English word is that long, and a pasted 2,000-letter "word"
made every one-letter slip of itself (a quarter of a second each message)."""
"""Words shorter than this are never repaired: too many real short words are one edit apart."""
REPAIR_MEMORY = 4096
"""Distinct words whose repair is remembered (then the memory starts over)."""
SUBSTITUTION_MIN_LENGTH = 6
"""Shorter words are repaired only for a missing, extra or swapped letter, never a different
one: "hugs" -> "hug" and "teh" -> "the" are typos, "care" -> "core" is another word."""
REPAIR_GAIN = 1.5
REPAIR_KINSHIP = 0.5
"""A word of everyday English (in the word table) is repaired into another word only if that word is
the same word in another form (the same stem); or, for a word less common than FREQUENT_ZIPF, if the
other is at least REPAIR_GAIN more common on wordfreq's Zipf scale (about 30 times as common) or
their meaning vectors are at least REPAIR_KINSHIP alike: "ther" -> "the" and "happend" ->
"happened" are repaired; "messages" -> "massages", "world" -> "word", "stay" -> "say" are other
words."""
REPAIR_KIN_FLOOR = 0.1
"""A word the table knows (or an inflection of one) is repaired into a word whose meaning vector is
less like its own than this only by a likely typo (`_is_likely_typo`), however much more common
("adhd" is not "add", "snores" not "stores", but "bein" is "begin"): a typo the table holds
("ther", "wich") mostly has a vector near the word meant (0.38 and more over the question sets;
"timer" and "time", 0.18, the least alike)."""
FREQUENT_ZIPF = 4.0
"""A word this common in everyday English (ten uses per million words and more: "died", "given",
"seem", "form") is typed as meant: it is repaired only into another form of itself (the same stem,
or an inflection the stemmer misses: "given" -> "give", `_inflected`), never into another word
however common or close in meaning ("died" is not "did", "seem" not "see", "form" not "for").
Left as typed, a word the guide never uses counts against the answer as it should. (Over
benchmarks/reader_eval.py's dev guides: one wrong answer fewer in guide F, nothing else changed;
at 3.5, "timer" was no longer "time" and one more question was declined.)"""
ENGLISH_REPAIR_ZIPF = 3.0
"""A word neither the guide nor the word table knows is repaired into an everyday English word
one edit away (at least this common: once per million words), so that "genrals" reaches a
node about "generals" by its stem and "adiction" has a meaning."""
TWO_EDITS_MIN_LENGTH = 6
"""A word neither the guide nor the word table knows may be two edits from a guide word from this
length on ("artical": article), if no other guide word is as close and no everyday word one edit away
likelier; a word the table knows, from 8 letters. (From 5 letters, "spair" became the guide's "spare" and
benchmarks/typos.py --heldout gained 75 right of 8,663 variants, 5 more wrong; but guide K calibrated
higher, answer 0.24 -> 0.30, and reader_eval lost 2 right and gained 2 wrong.)"""
ENGLISH_TIE_ZIPF = 0.5
"""Two everyday repairs of a word less apart than this on the Zipf scale are a tie: neither is made."""
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_SOUNDS = ("aeiouy", "cksz")


def _likely_slips() -> dict[str, str]:
    """For each letter, the letters typed for it by a likely slip: the keys beside it on a QWERTY
    keyboard, and letters of the same sound group."""
    slips: dict[str, set[str]] = {c: set() for c in _LETTERS}
    for row, keys in enumerate(_KEYBOARD):
        for col, key in enumerate(keys):
            for other_row, cols in ((row, (col - 1, col + 1)), (row - 1, (col, col + 1)), (row + 1, (col - 1, col))):
                if 0 <= other_row < len(_KEYBOARD):
                    slips[key].update(_KEYBOARD[other_row][c] for c in cols if 0 <= c < len(_KEYBOARD[other_row]))
    for group in _SOUNDS:
        for letter in group:
            slips[letter].update(group.replace(letter, ""))
    return {letter: "".join(sorted(near)) for letter, near in slips.items()}


_LIKELY_SLIPS = _likely_slips()

OTHER_LANGUAGES = Path(__file__).with_name("data") / "other_languages.txt"
"""Words of the other languages the safety layer reads (scripts/build_other_languages.py)."""


@cache
def _other_language_words() -> frozenset[str]:
    with open(OTHER_LANGUAGES, encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip() and not line.startswith("#"))


def other_language_words(words: Sequence[str]) -> frozenset[str]:
    """The words of `words` that are words of another language the safety layer reads, when two or more are
    (the message is in that language): no English repair may change them (Portuguese "estou sozinha em casa
    hoje": "hoje", today, is not a slip for "home"). One such word among English ones may be a slip ("hoje" for
    "home" is a key's neighbour) and is repaired as any other."""
    known = _other_language_words()
    found = frozenset(word for word in words if word in known)
    return found if len(found) >= 2 else frozenset()


class Normalized(NamedTuple):
    """A text after normalization, with the rewrites that produced it (for `guide explain`)."""

    text: str
    tokens: tuple[str, ...]
    repairs: tuple[tuple[str, str], ...] = ()
    synonyms: tuple[tuple[str, str], ...] = ()


def clean_text(text: str) -> str:
    """Remove escapes, control characters and markup; fold case, width and accents."""
    if not text.isprintable():
        text = re.sub(_CONTROL, " ", re.sub(_ESCAPES, " ", text))
    if "&" in text:
        text = _unescape_html(text)
    if "[" in text or "<" in text:
        text = _markup().sub(" ", text)
    if not text.isascii():
        text = "".join(map(_fold_char, unicodedata.normalize("NFKD", text)))
        text = unicodedata.normalize("NFKC", text)
    return text.casefold().translate(_APOSTROPHES)


def _unescape_html(text: str) -> str:
    import html  # only for the rare input with an entity: keeps start-up lean

    return html.unescape(text)


@cache
def _markup() -> re.Pattern[str]:
    return re.compile(_MARKUP, re.IGNORECASE)


def _fold_char(char: str) -> str:
    """Drop accents and invisible format characters; other unprintables become spaces; a digit of
    another script ("٣", "३") becomes its ASCII digit, as NFKC does for fullwidth "３"."""
    if char.isprintable():
        if char.isdecimal() and not char.isascii():
            return str(unicodedata.decimal(char))
        return "" if unicodedata.combining(char) else char
    return "" if unicodedata.category(char) == "Cf" else " "


def expand_contraction(word: str) -> str:
    """'don't' -> 'do not', 'whats' -> 'what is', "mom's" -> 'mom'; other words unchanged."""
    whole = _WHOLE_WORD_CONTRACTIONS.get(word)
    if whole is not None:
        return whole
    if "'" not in word:
        return word
    for suffix, expansion in _SUFFIX_CONTRACTIONS:
        if word.endswith(suffix):
            return word[: -len(suffix)] + expansion
    if word.endswith("'s"):
        stem = word[:-2]
        return f"{stem} is" if stem in _IS_BEFORE_S else stem
    return word.replace("'", "")


def tokenize(text: str) -> list[str]:
    """Cleaned, contraction-expanded word tokens of `text` (those of the last RECENT texts are kept: a
    message is ranked by the guide's index and by its caveats', each tokenizing it)."""
    return list(_tokens(text))


RECENT = 16
"""Texts whose tokens, character features or meaning vector are kept (`tokenize`, `char_features`,
`query_vector`; `split_parts` is not cached): a long message and each of its parts (at most 8), ranked twice."""


@lru_cache(maxsize=RECENT)
def _tokens(text: str) -> tuple[str, ...]:
    words: list[str] = []
    cleaned = clean_text(text)
    if "tl;dr" in cleaned:  # the one piece of text-speak spelled with punctuation: one word
        cleaned = cleaned.replace("tl;dr", "tldr")
    for raw in _TOKEN.findall(cleaned):
        if "'" in raw or raw in _WHOLE_WORD_CONTRACTIONS:
            words.extend(expand_contraction(raw).split())
        elif raw[0].isdigit() and (unit := _NUMBER_AND_UNIT.fullmatch(raw)):
            words.append(unit[1])  # "8km" is "8 km", "5mins" "5 minutes", "20quid" "20 quid"
            words.extend(expand_contraction(unit[2]).split())
        else:
            words.append(raw)
    return tuple(words)


class Normalizer:
    """Normalizes text against one guide's vocabulary and synonyms.

    `synonyms` maps a canonical phrase to the variants readers may type instead
    (multi-word on both sides); `vocabulary` is the words of the author's examples,
    the only words a misspelling can be repaired into.
    """

    def __init__(
        self,
        synonyms: Mapping[str, Sequence[str]] | None = None,
        vocabulary: Iterable[str] = (),
    ) -> None:
        self._phrases = _compile_synonyms(synonyms or {})
        self._longest_phrase = max((len(p) for p in self._phrases), default=0)
        self._phrase_starts = frozenset(phrase[0] for phrase in self._phrases)
        self._word_counts = Counter(spell_numbers(list(vocabulary)))
        for canonical, variants in (synonyms or {}).items():  # words a misspelling may be repaired into
            for text in (canonical, *variants):
                self._word_counts.update(spell_numbers(tokenize(text)))
        self.vocabulary: frozenset[str] = frozenset(self._word_counts)
        self._repairs: dict[str, str] = {}

    def normalize(self, text: str) -> Normalized:
        """Normalize `text`: clean, tokenize, repair spelling, then rewrite synonyms."""
        return self.normalize_words(tokenize(text))

    def normalize_words(self, words: Sequence[str], repair: bool = True) -> Normalized:
        """Normalize words already produced by `tokenize` (repairs optional): numbers in digits are
        spelled ("20" -> "twenty", numbers.py), so that both ways of writing one meet."""
        words = spell_numbers(words)
        repairs: list[tuple[str, str]] = []
        if repair:
            fixed_words = self.repair_words(words)
            repairs = [(a, b) for a, b in zip(words, fixed_words, strict=True) if a != b]
            words = fixed_words
        tokens, rewrites = self._apply_synonyms(words)
        return Normalized(" ".join(tokens), tuple(tokens), tuple(repairs), tuple(rewrites))

    def repair_words(self, words: Sequence[str]) -> list[str]:
        """`words` with their spelling repaired, and no synonyms applied; words of another language the safety
        layer reads, in a message in that language, as they are (`other_language_words`)."""
        repaired = [self._repair(word) for word in words]
        if repaired == list(words):  # (nothing repaired: the word list need not be read)
            return repaired
        foreign = other_language_words(words)
        return [word if word in foreign else fixed for word, fixed in zip(words, repaired, strict=True)]

    @cached_property
    def _repair_pool(self) -> dict[str, list[str]]:
        """Repair targets grouped by first letter, most frequent first (the tie-break)."""
        pool: dict[str, list[str]] = {}
        for word, _count in sorted(self._word_counts.items(), key=lambda item: (-item[1], item[0])):
            if len(word) >= MIN_REPAIR_LENGTH - 1 and word.isalpha():
                pool.setdefault(word[0], []).append(word)
        return pool

    def _repair(self, word: str) -> str:
        """`_find_repair`, remembered for the last REPAIR_MEMORY distinct words."""
        fixed = self._repairs.get(word)
        if fixed is None:
            if len(self._repairs) >= REPAIR_MEMORY:
                self._repairs.clear()
            fixed = self._repairs[word] = self._find_repair(word)
        return fixed

    def _find_repair(self, word: str) -> str:
        """The vocabulary word `word` is a misspelling of, else the everyday English word it is
        a misspelling of (`_english_repair`), else `word` itself."""
        if not MIN_REPAIR_LENGTH <= len(word) <= MAX_REPAIR_LENGTH or word in self.vocabulary or not word.isalpha():
            return word
        pool = self._repair_pool.get(word[0], ())
        own = zipf(word)
        unknown = not own and stem(word) not in self._stems  # neither the guide nor everyday English knows it
        max_edits = 2 if len(word) >= 8 or (unknown and len(word) >= TWO_EDITS_MIN_LENGTH) else 1
        found = process.extract(word, pool, scorer=OSA.distance, score_cutoff=max_edits, limit=8)
        if len(word) < SUBSTITUTION_MIN_LENGTH:
            found = ([match for match in found if _is_insertion_or_swap(word, match[0])]
                     or [match for match in found if unknown and _is_slip(word, match[0])])
        english = None  # (`_english_repair`, asked at most once)
        if found and len(word) < 8 and min(match[1] for match in found) == 2:
            # two edits in a shorter word: a letter dropped and another added ("artical": article, "peopal":
            # people), or one changed and one added or dropped ("kisingg": kissing); not two letters changed
            # ("alrite" is not "arrive") nor two dropped ("thumps" is not "thus"); only the simplest such guide
            # word (`_likeliest_two_edits`), and only if no everyday word one edit away is likelier
            # (`_guide_word_likelier`: the guide's "spare" over "spar"; "pasion" is "passion", not "patient")
            found = _likeliest_two_edits(word, found)
            if not found or not self._guide_word_likelier(word, found[0][0], english := self._english_repair(word)):
                found = []
        if found:
            # Fewest edits first; then the more frequent, then alphabetical (pool order).
            fixed = min(found, key=lambda match: (match[1], match[2]))[0]
            if stem(fixed) != stem(word) and stem(word) in self._stems:
                return word  # another form of a word the guide uses ("calming": calm), not a typo of "calling"
            if own:
                return fixed if _same_word(word, fixed, own) else word
            if _another_forms_word(word, fixed):
                return word
            # a slip in a function word ("sinse", "beign") is that word, not a word of the guide ("sins")
            slip = _function_word_slip(word) if fixed not in FUNCTION_WORDS else None
            return slip or fixed
        if not unknown:
            return word
        fixed = english if english is not None else self._english_repair(word)
        return word if _another_forms_word(word, fixed) else fixed

    def _guide_word_likelier(self, word: str, guide_word: str, english: str) -> bool:
        """Is the guide's word two edits from `word` a likelier reading of it than `english`, the everyday
        word one edit away (`word` itself if there is none)? When there is none; else when the guide never uses that
        word (by its stem) and it is rarer in everyday English than the guide's word: the guide's words
        are what its readers ask about, so a common one of them outweighs an edit ("spair": "spare", Zipf
        4.3, over "spar", 3.1)."""
        return english == word or (stem(english) not in self._stems and zipf(english) < zipf(guide_word))

    @cached_property
    def _stems(self) -> frozenset[str]:
        return frozenset(stem(word) for word in self._word_counts)

    def _english_repair(self, word: str) -> str:
        """The everyday English word one edit from `word`, or `word` itself: a function word first
        ("sinse" is "since" and "beign" "being" even where the guide says "sins"), then one whose
        stem the guide uses, then the most common, unless the next is nearly as common (a tie:
        "lats" may be "last" or "lots"). The first letter is kept ("crace" is not "race"). Among
        function words, and in short words, a letter added, dropped or swapped comes before a
        different letter ("stif" is "stiff" before "stir"); short words get a different letter only
        into a function word or by a likely slip (`_is_slip`: "cpunt" is "count")."""
        if not word.isascii():
            return word
        splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
        edits = {a + b[1:] for a, b in splits if b}
        edits.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
        edits.update(a + c + b for a, b in splits for c in _LETTERS)
        substituted = {a + c + b[1:] for a, b in splits if b for c in _LETTERS} - edits
        edits.discard(word)
        substituted.discard(word)
        short = len(word) < SUBSTITUTION_MIN_LENGTH
        slipped = {a + c + b[1:] for a, b in splits if b for c in _LIKELY_SLIPS.get(b[0], "")} if short else set()
        looked_up = [edit for edit in edits | substituted
                     if not short or edit in edits or edit in FUNCTION_WORDS or edit in slipped]
        common = []
        for edit, frequency in zip(looked_up, zipfs(looked_up), strict=True):
            if frequency >= ENGLISH_REPAIR_ZIPF:
                function = edit in FUNCTION_WORDS
                likely = edit in edits and (not short or _is_likely_extra_letter(word, edit)) if function or short \
                    else True
                common.append((function, likely, stem(edit) in self._stems, frequency, edit))
        if not common:
            return word
        best, *others = sorted(common, reverse=True)
        if others and others[0][:3] == best[:3] and best[3] - others[0][3] < ENGLISH_TIE_ZIPF:
            return word
        return best[-1]

    def _apply_synonyms(
        self, words: Sequence[str]
    ) -> tuple[Sequence[str], list[tuple[str, str]]]:
        """Replace the longest synonym variant at each position by its canonical phrase. Variants
        match by stem: "hug" in the manifest also reads "hugs" and "hugging"."""
        starts = self._phrase_starts
        stems = list(map(stem, words))
        if not starts.intersection(stems):
            return words, []
        out: list[str] = []
        rewrites: list[tuple[str, str]] = []
        i = 0
        while i < len(words):
            if stems[i] not in starts:
                out.append(words[i])
                i += 1
                continue
            for size in range(min(self._longest_phrase, len(words) - i), 0, -1):
                canonical = self._phrases.get(tuple(stems[i : i + size]))
                if canonical is not None:
                    phrase = tuple(words[i : i + size])
                    out.extend(canonical)
                    if canonical != phrase:
                        rewrites.append((" ".join(phrase), " ".join(canonical)))
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return out, rewrites


@cache
def _function_word_pool() -> tuple[str, ...]:
    return tuple(sorted(FUNCTION_WORDS))


def _function_word_slip(word: str) -> str | None:
    """The function word one edit from `word` (a letter added, dropped or swapped before a
    different one, then the most common), or None."""
    found = process.extract(word, _function_word_pool(), scorer=OSA.distance, score_cutoff=1, limit=None)
    if not found:
        return None
    return max(found, key=lambda match: (Indel.distance(word, match[0]) == 1 or sorted(word) == sorted(match[0]),
                                         zipf(match[0]), match[0]))[0]


def _same_word(word: str, fixed: str, frequency: float) -> bool:
    """Whether the everyday word `word` (Zipf `frequency`) may be repaired into `fixed`."""
    if stem(fixed) == stem(word) or _inflected(word, fixed):
        return True  # (the stemmer keeps "plateau" from "plateaus", "menu" from "menus")
    if frequency >= FREQUENT_ZIPF:
        return False
    if zipf(fixed) >= frequency + REPAIR_GAIN:
        return _is_likely_typo(word, fixed) or not _unrelated(word, fixed)
    ours, theirs = vector(word), vector(fixed)
    return bool(ours and theirs) and sum(a * b for a, b in zip(ours, theirs, strict=True)) >= REPAIR_KINSHIP


def _unrelated(word: str, other: str) -> bool:
    """Whether both words have meaning vectors and they are less alike than REPAIR_KIN_FLOOR: two
    words of their own ("adhd" and "add"), where a typo's vector is near the word meant ("ther", "the")."""
    ours, theirs = vector(word), vector(other)
    return bool(ours and theirs) and sum(a * b for a, b in zip(ours, theirs, strict=True)) < REPAIR_KIN_FLOOR


def _another_forms_word(word: str, fixed: str) -> bool:
    """Whether `word`, which the table does not know, is a regular inflection of a word it knows
    that is unrelated to `fixed` ("snores": snore, not a typo of "stores")."""
    base = _table_base(word) if fixed != word else None
    return base is not None and stem(fixed) != stem(base) and not _inflected(base, fixed) \
        and not _is_likely_typo(word, fixed) and _unrelated(base, fixed)


def _table_base(word: str) -> str | None:
    """The word the table knows that `word`, which it does not, is a regular inflection of ("snores":
    snore, "mareks": marek), or None."""
    for ending, restored in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        base = word[: -len(ending)] + restored
        if word.endswith(ending) and len(base) >= MIN_REPAIR_LENGTH - 1 and zipf(base):
            return base
    return None


def _inflected(word: str, other: str) -> bool:
    """Is one of the two words the other with an inflection's ending that the stemmer does not
    see as one word ("given" and "give", "known" and "know")? ("died" and "did", "card" and "car"
    are not.)"""
    for longer, shorter in ((word, other), (other, word)):
        if not longer.startswith(shorter):
            continue
        ending = longer[len(shorter):]
        if ending in ("s", "es", "ed", "ing") or (ending in ("d", "n") and shorter[-1] == "e") \
                or (ending == "n" and shorter[-1] == "w"):
            return True
    return False


def _likeliest_two_edits(word: str, found: list[tuple[str, float, int]]) -> list[tuple[str, float, int]]:
    """Of guide words two edits from `word` (`found`), the one a dropped letter and another added or changed
    turn it into most simply: at most one letter longer or shorter, and fewest letters dropped and added
    (`Indel`, at most 3); none if two are as simple ("spair": "spare", Indel 2, over "stairs", 3, and
    "space", 4)."""
    simple = sorted((Indel.distance(word, match[0]), match) for match in found if abs(len(match[0]) - len(word)) <= 1)
    simple = [(indel, match) for indel, match in simple if indel <= 3]
    if not simple or (len(simple) > 1 and simple[1][0] == simple[0][0]):
        return []
    return [simple[0][1]]


def _is_slip(word: str, target: str) -> bool:
    """True if one letter added, dropped or swapped, or one letter typed for a likely other (a key
    beside it, a vowel for a vowel, one of c, k, s, z for another) turn `word` into `target`."""
    if _is_insertion_or_swap(word, target):
        return True
    if len(word) != len(target):
        return False
    typed = [(a, b) for a, b in zip(word, target, strict=True) if a != b]
    return len(typed) == 1 and typed[0][1] in _LIKELY_SLIPS.get(typed[0][0], "")


def _is_likely_typo(word: str, target: str) -> bool:
    """True if `target` is `word` with a letter the reader left out ("bein": begin), two letters
    swapped, a likely extra letter (`_is_likely_extra_letter`) or a likely other letter (`_is_slip`);
    not a letter unlike its neighbours added ("adhd": add) nor an unlike one typed ("snores": stores)."""
    if len(target) == len(word) + 1:
        return Indel.distance(word, target) == 1
    if len(target) == len(word) - 1:
        return Indel.distance(word, target) == 1 and _is_likely_extra_letter(word, target)
    return len(target) == len(word) and _is_slip(word, target)


def _is_likely_extra_letter(word: str, target: str) -> bool:
    """Unless `target` is `word` less one letter, True; else whether that letter is an ending ("donts":
    dont) or one a finger slips to: the letter before or after it again, or a key beside one of them
    ("hugss", "cloase"; not the "p" of "cpunt", which is "count" with a key beside the "o" typed for
    it, not "cunt")."""
    if len(target) != len(word) - 1:
        return True
    at = next((i for i, (a, b) in enumerate(zip(word, target, strict=False)) if a != b), len(target))
    if at == len(target):
        return True
    extra = word[at]
    beside = word[max(at - 1, 0):at] + word[at + 1:at + 2]
    return any(extra == near or extra in _LIKELY_SLIPS.get(near, "") for near in beside)


def _is_insertion_or_swap(word: str, target: str) -> bool:
    """True if one letter added, dropped or two adjacent letters swapped turn `word` into `target`."""
    return Indel.distance(word, target) == 1 or sorted(word) == sorted(target)


def _compile_synonyms(
    synonyms: Mapping[str, Sequence[str]],
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The stems of each variant -> the tokenized canonical phrase, for every synonym entry."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for canonical, variants in sorted(synonyms.items()):
        target = tuple(spell_numbers(tokenize(canonical)))
        if not target:
            continue
        for variant in variants:
            source = tuple(spell_numbers(tokenize(variant)))
            if source and source != target:
                table.setdefault(tuple(stem(word) for word in source), target)
    return table
