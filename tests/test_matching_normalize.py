"""Normalization: what the reader typed becomes words the guide's examples also use."""

from __future__ import annotations

import pytest

from guide.matching.normalize import FUNCTION_WORDS, Normalizer, clean_text, tokenize

VOCABULARY = ["why", "does", "touch", "calm", "me", "attachment", "anxiety", "hug", "care", "hands",
              "holding", "cat"]
SYNONYMS = {"touch": ["holding hands", "hug", "cuddle"], "partner": ["boyfriend", "girlfriend"]}


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer(SYNONYMS, VOCABULARY)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("I don't know", "i do not know"),
        ("dont DONT Don’t", "do not do not do not"),
        ("whats up, i'm fine", "what is up i am fine"),
        ("it's what's there's", "it is what is there is"),
        ("can't won't cant wont cannot", "can not will not can not will not can not"),
        ("you're we've they'll she'd", "you are we have they will she would"),
        ("my mom's car", "my mom car"),
        ("hes gone, idk why", "he is gone i do not know why"),
        ("wat r u saying abt ur bf pls", "what are you saying about your bf please"),
        ("what do they mean by good enuf tho", "what do they mean by good enough though"),
        ("together 2 yrs, kinda sad tmrw", "together 2 years kind of sad tomorrow"),
        ("TL;DR? tldr pls", "tldr tldr please"),
    ],
)
def test_contractions_are_expanded(text: str, words: str) -> None:
    assert " ".join(tokenize(text)) == words


def test_fillers_are_function_words() -> None:
    # "Words that say nothing about a topic": readers' fillers count as little as "the".
    assert {"honestly", "actually", "lol", "tho", "kinda", "basically"} <= FUNCTION_WORDS
    assert not {"touch", "anxiety", "partner", "sex", "hi", "hello"} & FUNCTION_WORDS


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[b]why[/b] does [/]touch[/] calm me", "why does touch calm me"),
        ("[$accent]hello[/] [bold red]there[/bold red]", "hello there"),
        ("[link=https://x.org]touch[/link]", "touch"),
        ("<i>why</i> <b class='x'>touch</b><br/>", "why touch"),
        ("**why** does __touch__ `calm` me?!", "why does touch calm me"),
        ("I feel [really] bad", "i feel really bad"),
        ("a &amp; b &lt;3", "a b 3"),
    ],
)
def test_markup_and_punctuation_are_stripped(text: str, words: str) -> None:
    assert " ".join(tokenize(text)) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Café NAÏVE", "cafe naive"),
        ("ＴＯＵＣＨ ﬁne Straße", "touch fine strasse"),
        ("tou\u200bch", "touch"),
        ("hello\x00world\tand\nmore\u2028lines", "hello world and more lines"),
        ("\x1b[31mred\x1b[0m alert\x07", "red alert"),
        ("why 😀 does 👩\u200d💻 touch", "why does touch"),
        ("שלום עולם مرحبا", "שלום עולם مرحبا"),
        ("\u202eevil\u202c text", "evil text"),
    ],
)
def test_unicode_control_characters_and_emoji(text: str, words: str) -> None:
    assert " ".join(tokenize(text)) == words


@pytest.mark.parametrize("text", ["", "   ", "?!...", "[/]", "😀😀", "\x00\x1b", "<>"])
def test_nothing_left_gives_no_tokens(text: str, normalizer: Normalizer) -> None:
    normalized = normalizer.normalize(text)
    assert normalized.tokens == ()
    assert normalized.text == ""


def test_single_word_synonym(normalizer: Normalizer) -> None:
    normalized = normalizer.normalize("I love to cuddle")
    assert normalized.tokens == ("i", "love", "to", "touch")
    assert normalized.synonyms == (("cuddle", "touch"),)


def test_multi_word_synonym(normalizer: Normalizer) -> None:
    normalized = normalizer.normalize("Holding hands calm me")
    assert normalized.text == "touch calm me"
    assert normalized.synonyms == (("holding hands", "touch"),)


def test_longest_synonym_variant_wins() -> None:
    normalizer = Normalizer({"grip": ["holding"], "touch": ["holding hands"]})
    assert normalizer.normalize("holding hands").text == "touch"
    assert normalizer.normalize("holding on").text == "grip on"


def test_synonyms_apply_after_contractions_and_markup(normalizer: Normalizer) -> None:
    assert normalizer.normalize("my [b]Boyfriend's[/b] hug").text == "my partner touch"


def test_misspellings_are_repaired_against_the_vocabulary(normalizer: Normalizer) -> None:
    normalized = normalizer.normalize("atachment anxeity")
    assert normalized.text == "attachment anxiety"
    assert normalized.repairs == (("atachment", "attachment"), ("anxeity", "anxiety"))


def test_repair_then_synonym(normalizer: Normalizer) -> None:
    normalized = normalizer.normalize("holding hnads")
    assert normalized.repairs == (("hnads", "hands"),)
    assert normalized.text == "touch"


@pytest.mark.parametrize(
    "word",
    [
        "teh",  # three letters or fewer: never repaired
        "cut",  # one letter from "cat", but a real short word
        "core",  # one letter from "care": a substitution in a short word is another word
        "2023",  # numbers are not misspellings
        "xylophone",  # nothing close in the vocabulary
        "care",  # already in the vocabulary
    ],
)
def test_conservative_repairs(word: str, normalizer: Normalizer) -> None:
    normalized = normalizer.normalize(word)
    assert normalized.tokens == (word,)
    assert normalized.repairs == ()


def test_short_words_may_gain_or_lose_a_letter(normalizer: Normalizer) -> None:
    assert normalizer.normalize("hugs whyy").repairs == (("hugs", "hug"), ("whyy", "why"))


def test_repair_prefers_the_more_frequent_word() -> None:
    normalizer = Normalizer({}, ["partner", "partners", "partners", "parser"])
    # "partnrs" is one edit from "partners" and two from "partner".
    assert normalizer.normalize("partnrs").text == "partners"
    frequent = Normalizer({}, ["mother", "mother", "mothed"])
    rare_first = Normalizer({}, ["mothed", "mother", "mother"])
    assert frequent.normalize("motheq").text == rare_first.normalize("motheq").text == "mother"


def test_clean_text_folds_case_width_and_accents() -> None:
    assert clean_text("ＡＢＣ Ǆ Ångström") == "abc dz angstrom"


def test_a_slip_in_a_function_word_is_that_word_not_a_word_of_the_guide() -> None:
    normalizer = Normalizer({}, ["sins", "begin", "oyster", "where"])
    assert normalizer.normalize("sinse beign").text == "since being"
    # a guide's word stays the repair when no function word is one edit away ("sister" is not one)
    assert normalizer.normalize("oister").text == "oyster"
    # and when the guide's word is a function word itself ("her" is one edit away too)
    assert normalizer.normalize("wher").text == "where"


def test_short_words_get_a_different_letter_only_into_a_function_word_or_by_a_likely_slip() -> None:
    normalizer = Normalizer({}, ["grief"])
    assert normalizer.normalize("sinse").text == "since"  # a different letter: since
    assert normalizer.normalize("hpme").text == "home"  # "p" is the key beside "o"
    assert normalizer.normalize("hbme").text == "hbme"  # "b" is not: "home" is no function word


@pytest.mark.parametrize(("word", "vocabulary"), [
    ("died", ["did", "do"]),  # a function word one letter away, and close by vector: still another word
    ("seem", ["see", "saw"]),
    ("form", ["for", "from"]),
    ("card", ["car", "bus"]),  # "car" + "d" is no inflection
])
def test_a_frequent_word_is_never_repaired_into_another_word(word: str, vocabulary: list[str]) -> None:
    normalized = Normalizer({}, vocabulary).normalize(f"the {word} thing")
    assert word in normalized.tokens and normalized.repairs == ()


@pytest.mark.parametrize(("word", "fixed"), [("given", "give"), ("known", "know"), ("years", "year"),
                                             ("shaped", "shape")])
def test_a_frequent_word_is_repaired_into_another_form_of_itself(word: str, fixed: str) -> None:
    assert Normalizer({}, [fixed]).normalize(word).repairs == ((word, fixed),)


def test_a_rare_word_is_still_repaired_by_a_typo() -> None:
    assert Normalizer({}, ["happened", "the"]).normalize("ther happend").repairs == (("ther", "the"),
                                                                                   ("happend", "happened"))


def test_a_word_the_guide_never_uses_counts_against_the_answer_once_not_repaired() -> None:
    from guide.conversation import Engine
    from guide.dialog.loader import load_guide
    from guide.paths import BUNDLED_GUIDE

    engine = Engine.build(load_guide(BUNDLED_GUIDE).guide)
    ranking = engine.index.rank("the way my brother died")
    assert ranking.normalized.repairs == ()
    assert "died" in ranking.candidates[0].unexplained


def test_another_form_of_a_word_the_guide_uses_is_not_a_typo_for_a_different_word() -> None:
    """"calming" (the guide says "calm") is not "calling" one letter away (guide I: a reader
    "calming down" was answered from the node that says "name-calling")."""
    normalizer = Normalizer({}, ["calm", "down", "calling", "name"])
    assert normalizer.normalize("while i'm calming down").repairs == ()
    assert normalizer.normalize("callling").repairs == (("callling", "calling"),)  # a typo still is one


def test_a_plural_the_stemmer_keeps_apart_is_the_same_word() -> None:
    """Snowball leaves "plateaus" and "menus" as they are: a reader's "plateau" is the guide's
    "plateaus" all the same."""
    normalizer = Normalizer({}, ["plateaus", "menus"])
    assert normalizer.normalize("i hit a plateau").tokens[-1] == "plateaus"
    assert normalizer.normalize("the menu").tokens[-1] == "menus"


@pytest.mark.parametrize(("plural", "singular"), [("buses", "bus"), ("gases", "gas"), ("pluses", "plus")])
def test_a_plural_in_es_of_a_word_in_s_meets_its_singular(plural: str, singular: str) -> None:
    """Snowball stems "buses" as "buse", no word, which never met a guide's "bus" (guide O's author: validate
    said "'buses' is only in follow-ups" of a guide that says "bus" in its nodes)."""
    from guide.matching.stems import stem

    assert stem(plural) == stem(singular)


@pytest.mark.parametrize("word", ["cases", "doses", "houses", "crises"])
def test_a_plural_whose_stem_is_a_word_keeps_it(word: str) -> None:
    import Stemmer

    from guide.matching.stems import snowball

    assert snowball(word) == Stemmer.Stemmer("english").stemWord(word)  # "case", "dose", "hous", "crise" (not "cris")


@pytest.mark.parametrize(("american", "british"), [
    ("color", "colour"), ("summarize", "summarise"), ("organized", "organised"), ("behavior", "behaviour"),
    ("traveling", "travelling"), ("program", "programme"), ("defense", "defence"), ("tires", "tyres"),
])
def test_an_american_spelling_meets_the_british_one(american: str, british: str) -> None:
    from guide.matching.stems import stem

    assert stem(american) == stem(british)
    assert stem("tired") != stem("tyres")  # "tires" is read "tyres", not "tyres" "tires" (Snowball: "tired" is "tire")
    assert stem("criticised") == stem("criticism")  # the spelling Snowball strips further: "criticized", "critic"


@pytest.mark.parametrize(("vocabulary", "typed", "meant"), [
    (["video"], "vidio", "video"),  # a key beside the one meant, in a word no one knows
    (["close"], "closw", "close"),
    (["feel"], "feal", "feel"),  # a vowel for a vowel
    (["article"], "artical", "article"),  # a letter dropped and another added: two edits in seven letters
    (["people"], "peopal", "people"),
    (["relationship"], "relationshp", "relationship"),
    ([], "vidio", "video"),  # an everyday word where the guide has none
    ([], "cpunt", "count"),  # a key beside the "o", not an extra "p" in another word
    ([], "freind", "friend"),
    (["begin"], "bein", "begin"),  # a word the table knows, unrelated to "begin", but a letter left out
    (["soothing"], "sooting", "soothing"),  # "soot" + "ing" all the same
])
def test_a_readers_typo_is_read_as_the_word_meant(vocabulary: list[str], typed: str, meant: str) -> None:
    normalized = Normalizer({}, vocabulary).normalize(typed)
    assert normalized.tokens == (meant,)
    assert normalized.repairs == ((typed, meant),)


@pytest.mark.parametrize(("vocabulary", "typed"), [
    (["arrive"], "alrite"),  # two letters changed: too far to be sure
    (["thus"], "thumps"),  # two letters more: a word of its own
    (["article", "articly"], "artical"),  # a tie: two of the guide's words as close
    ([], "gart"),  # a tie: "garth" and "gar" about as common
    ([], "crace"),  # the first letter is kept: not "race"
    ([], "artical"),  # two edits only into a word of the guide
    (["media", "marie"], "maria"),  # a name the word table knows
    (["set"], "sex"),  # a short word
    (["add"], "adhd"),  # a word the table knows, unrelated in meaning, and "h" no slip between two "d"s
    (["stores"], "snores"),  # a plural of a word the table knows ("snore"); "n" is not a slip for "t"
    ([], "snores"),  # nor of an everyday word
    (["home"], "hbme"),  # "b" is not beside "o"
])
def test_what_the_typo_repair_leaves_alone(vocabulary: list[str], typed: str) -> None:
    normalized = Normalizer({}, vocabulary).normalize(typed)
    assert normalized.tokens == (typed,)
    assert normalized.repairs == ()


def test_a_typo_in_the_frame_of_a_question_still_leaves_the_frame_out() -> None:
    """"what does the artical say about rejection" is asked about rejection, as with "article"."""
    from guide.conversation import Engine
    from guide.dialog.loader import load_guide
    from guide.explain import explain
    from guide.paths import BUNDLED_GUIDE

    engine = Engine.build(load_guide(BUNDLED_GUIDE).guide)
    typed, meant = (engine.index.rank(f"what does the {word} say about rejection") for word in ("artical", "article"))
    assert typed.normalized.tokens == meant.normalized.tokens == ("rejection",)
    assert typed.candidates[0].key == meant.candidates[0].key
    shown = explain(engine, "what does the artical say about rejection")
    assert shown.frame == "what does the artical say about"
    assert "read 'artical' as 'article'" in shown.format()
    assert shown.to_json()["repairs"] == [["artical", "article"]]


def test_a_word_longer_than_any_english_word_is_taken_as_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pasted 2,000-letter "word" made every one-letter slip of itself (a quarter of a second a
    message); no word that long is a misspelling of anything the guide says."""
    from guide.matching import normalize

    normalizer = Normalizer({}, ["establishment", "anxiety"])
    assert normalizer.normalize("anxeity").text == "anxiety"
    looked_up: list[str] = []
    monkeypatch.setattr(normalize, "zipf", lambda word: looked_up.append(word) or 0.0)
    long_word = "a" * 1999 + "b"
    assert normalizer.normalize(long_word).text == long_word
    assert looked_up == []  # never looked for a repair


@pytest.mark.parametrize(("typed", "written"), [
    ("8km", "8 km"), ("5mins", "5 minutes"), ("2hrs", "2 hours"), ("20quid", "twenty quid"), ("10k", "10 k"),
])
def test_a_number_typed_against_its_unit_meets_them_apart(typed: str, written: str) -> None:
    """Guide O's author: "8km" never met the article's "8 km"."""
    normalizer = Normalizer()
    assert normalizer.normalize(f"is {typed} too far").tokens == normalizer.normalize(f"is {written} too far").tokens


@pytest.mark.parametrize(("typed", "words"), [
    ("3rd", ["3rd"]), ("1960s", ["1960s"]), ("90s", ["90s"]), ("b4", ["before"]), ("mp3", ["mp3"]),
])
def test_an_ordinal_a_decade_or_text_speak_is_not_a_number_and_unit(typed: str, words: list[str]) -> None:
    from guide.matching.normalize import tokenize

    assert tokenize(typed) == words


def test_of_guide_words_two_edits_away_the_simplest_is_taken_and_a_tie_is_none() -> None:
    from guide.matching.normalize import _likeliest_two_edits

    found = [("stairs", 2, 0), ("spare", 2, 1), ("space", 2, 2)]
    assert _likeliest_two_edits("spair", found) == [("spare", 2, 1)]  # one dropped, one added; "stairs" 3
    assert _likeliest_two_edits("spair", [("stair", 2, 0), ("spare", 2, 1)]) == []  # as simple: no repair


def test_a_common_guide_word_two_edits_away_outweighs_a_rarer_everyday_word_one_edit_away() -> None:
    normalizer = Normalizer(vocabulary=["spare", "key"])
    assert normalizer._guide_word_likelier("spair", "spare", "spar")  # "spar" (Zipf 3.1) is rarer than "spare"
    assert normalizer._guide_word_likelier("spair", "spare", "spair")  # no everyday word one edit away
    assert not normalizer._guide_word_likelier("spair", "spare", "share")  # "share" is commoner
    # a word the guide uses itself is no everyday stranger
    assert not Normalizer(vocabulary=["spare", "spar"])._guide_word_likelier("spair", "spare", "spar")


def test_words_of_a_language_the_safety_layer_reads_are_left_alone_in_that_language() -> None:
    """Portuguese "hoje" (today) is a key's neighbour from "home": in a Portuguese message it is itself (two or more
    of its words are in guide/matching/data/other_languages.txt); alone among English words, a slip as any other."""
    normalizer = Normalizer({}, ["home", "alone", "tonight", "message"])
    assert normalizer.normalize("estou sozinha em casa hoje").tokens[-1] == "hoje"
    assert normalizer.normalize("i want to go hoje").tokens[-1] == "home"


def test_the_other_languages_file_is_built_from_the_safety_rules() -> None:
    """scripts/build_other_languages.py --check: the file names the words the rules read now."""
    import importlib.util
    from pathlib import Path

    from guide.matching.normalize import OTHER_LANGUAGES

    script = Path(__file__).resolve().parents[1] / "scripts" / "build_other_languages.py"
    spec = importlib.util.spec_from_file_location("build_other_languages", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert OTHER_LANGUAGES.read_text(encoding="utf-8") == module.text(), "run scripts/build_other_languages.py"
