"""A guide's own word for its list's items ("move 7", "the first drill") reaches the item, as
"point 7" and "the first tip" do: read from the list's heading or lead-in where it counts the
items, and from the word every item node's title puts before its number."""

from __future__ import annotations

from pathlib import Path

from guide.conversation import Engine, Session
from guide.dialog.listitems import list_nouns, taken_nouns
from guide.dialog.loader import load_guide
from guide.matching.index import Ranking
from guide.matching.normalize import FUNCTION_WORDS
from guide.matching.ordinals import announced_noun, reference

SOURCE = """\
# Making up

## Three small repair moves that work

Learning them takes up to two weeks, and four tries is normal.

1. Name the pattern. Say what keeps happening, not what your partner is.

2. Start soft. Open with how you feel, not with what they did wrong.

3. Sleep on it. Some rows are better finished in the morning.
"""

MANIFEST = "title: Making up\nstart: welcome\nsources:\n  doc:\n    file: doc.md\n"
WELCOME = """\
id: welcome
title: Start
examples: [hello, hi, start, where do i begin, what can i ask]
answer:
  - quote: Learning them takes up to two weeks
"""


def item(node_id: str, title: str, words: str, quote: str) -> str:
    return (f"id: {node_id}\ntitle: \"{title}\"\nexamples: [{words}, {words} please, about {words}, "
            f"tell me about {words}, {words}?]\nanswer:\n  - quote: \"{quote}\"\n")


def _guide(make_guide, titles: tuple[str, str, str]) -> Path:
    return make_guide({"guide.yaml": MANIFEST, "doc.md": SOURCE, "nodes/welcome.yaml": WELCOME,
                       "nodes/a.yaml": item("name-pattern", titles[0], "naming the pattern", "1. Name the pattern."),
                       "nodes/b.yaml": item("start-soft", titles[1], "a soft start", "2. Start soft."),
                       "nodes/c.yaml": item("sleep-on-it", titles[2], "sleeping on it", "3. Sleep on it.")},
                      keep_defaults=False)


def test_the_heading_that_counts_the_items_names_them(make_guide) -> None:
    root = _guide(make_guide, ("Naming the pattern", "Starting soft", "Sleeping on it"))
    guide = load_guide(root).guide
    assert list_nouns(guide) == {"move", "moves"}  # not "weeks" or "tries": they count something else
    engine = Engine.build(guide)
    assert Session(engine).respond("whats move two").node == "start-soft"
    assert Session(engine).respond("the first move?").node == "name-pattern"
    assert Session(engine).respond("and the last move").node == "sleep-on-it"


def test_the_word_every_item_title_numbers_by_names_them(make_guide) -> None:
    root = _guide(make_guide, ("Drill 1, day 1: name it", "Drill 2, day 2: start soft", "Drill 3, days 4 and 5: sleep"))
    nouns = list_nouns(load_guide(root).guide)
    assert {"drill", "drills"} <= nouns
    assert "day" not in nouns  # "days 4 and 5" is item 3: days do not number the list
    engine = Engine.build(load_guide(root).guide)
    assert Session(engine).respond("drill 3 pls").node == "sleep-on-it"


def test_a_count_of_something_else_names_nothing() -> None:
    assert announced_noun("Eight small repair moves that work", 8, FUNCTION_WORDS) == "moves"
    assert announced_noun("There are several ways in which closeness helps:", 6, FUNCTION_WORDS) == "ways"
    assert announced_noun("It takes up to two weeks in a cool kitchen.", 8, FUNCTION_WORDS) == ""


def test_without_the_guide_s_noun_a_move_is_not_an_item() -> None:
    assert reference("whats move seven") is None
    assert reference("whats move seven", frozenset({"move", "moves"})).number == 7


LESSONS = """\
id: lessons
title: Choosing lessons
examples: [which lessons should i book, group or private lessons, how much do lessons cost,
           are adult lessons worth it, lessons for grown ups]
answer:
  - quote: Learning them takes up to two weeks
"""


def test_an_everyday_item_word_the_guide_has_a_topic_for_is_that_topic(make_guide) -> None:
    """In a guide with a node `lessons` and a list of moves, "the first lesson" is not move 1,
    unless the reader says "list"; "the first tip" still is."""
    root = _guide(make_guide, ("Naming the pattern", "Starting soft", "Sleeping on it"))
    (root / "nodes" / "lessons.yaml").write_text(LESSONS, encoding="utf-8")
    guide = load_guide(root).guide
    assert taken_nouns(guide) == {"lesson", "lessons"}
    engine = Engine.build(guide)
    assert Session(engine).respond("what happens at the first lesson").node != "name-pattern"
    assert Session(engine).respond("the first lesson on the list").node == "name-pattern"
    assert Session(engine).respond("whats the first tip").node == "name-pattern"


def test_a_guide_whose_list_is_of_lessons_keeps_them() -> None:
    assert reference("the third lesson", frozenset({"lesson", "lessons"}), frozenset()).number == 3
    assert reference("the third lesson").number == 3  # no topic takes the word: an item


def test_the_reader_s_own_first_or_last_is_not_the_list_s() -> None:
    assert reference("what happens at my first lesson") is None
    assert reference("i just had my third lesson and still cant float") is None
    assert reference("her last step was the hardest") is None
    assert reference("the last step") is not None and reference("your first tip").number == 1


def test_a_vague_item_before_to_is_a_goal() -> None:
    assert reference("what is the first thing to learn") is None
    assert reference("what is the first thing") is not None
    assert reference("the last thing you wish you knew") is not None


def test_a_position_before_the_reader_s_own_goal_is_not_the_list_s() -> None:
    """Guide Q's author: "what's the first step to buying a car" got the list's first check."""
    for text in ("whats the first step to buying a car", "what is the first step in getting a loan",
                 "the second tip for new owners", "whats the first step if i want a dog",
                 "the last step to sell it"):
        assert reference(text) is None, text
    for text in ("whats the first step to buying a car", "the last step to sell it"):  # the list's own word too
        assert reference(text, frozenset({"step", "steps"})) is None, text
    for text, number in (("the first step", 1), ("the fourth way the article gives", 4),
                         ("explain the fifth way to me", 5), ("the first step in the list", 1),
                         ("the first step to buying a car on the list", 1), ("3rd way sex helps?", 3)):
        named = reference(text.rstrip("?"))
        assert named is not None and named.number == number, text


def test_the_article_s_own_sections_and_parts_are_not_the_list_s() -> None:
    assert reference("what does the last section say") is None
    assert reference("the third section") is None
    assert reference("the last part of the article") is None
    assert reference("the last part").last == 1  # a short message about the list


def test_the_one_before_the_last_is_second_to_last() -> None:
    for text in ("whats the one before the last", "the one before last", "second to last", "second to last one?",
                 "second to last on the list?"):
        assert reference(text).last == 2, text
    assert reference("the one before the last time we met i cried a lot about it").last == 0  # a story


def test_building_an_index_reads_the_numbered_list_once(make_guide, monkeypatch) -> None:
    """Which node is which item is read once per build, for the intents, the list's nouns and the
    everyday item words other topics take, and all get the same reading."""
    import guide.dialog.listitems as listitems

    root = _guide(make_guide, ("Naming the pattern", "Starting soft", "Sleeping on it"))
    guide = load_guide(root).guide
    readings: list[dict[str, int]] = []
    real = listitems.list_items

    def counted(guide_read):
        readings.append(real(guide_read))
        return readings[-1]

    monkeypatch.setattr(listitems, "list_items", counted)
    engine = Engine.build(guide, calibrated=False)
    assert len(readings) == 1 and readings[0] == {"name-pattern": 1, "start-soft": 2, "sleep-on-it": 3}
    assert Session(engine).respond("whats move two").node == "start-soft"


def test_leave_one_out_reads_the_guides_own_word_for_its_items(make_guide) -> None:
    """Calibration and `guide lint` match each left-out phrasing against an index of the others: it
    reads "the second move" as the guide does (item 2), not as words alone. Without the guide's
    nouns, a left-out "the second move" went wherever its words led, and lint called it lost."""
    from guide.conversation import intents_of
    from guide.matching.calibrate import leave_one_out

    item_with = ("id: start-soft\ntitle: Starting soft\nexamples: [a soft start, a soft start please, "
                 "about a soft start, tell me about a soft start, the second move]\nanswer:\n"
                 "  - quote: \"2. Start soft.\"\n")
    root = _guide(make_guide, ("Naming the pattern", "Starting soft", "Sleeping on it"))
    (root / "nodes" / "b.yaml").write_text(item_with, encoding="utf-8")
    engine = Engine.build(load_guide(root).guide)
    intents, synonyms, settings = intents_of(engine.guide), engine.guide.synonyms, engine.index.settings

    def left_out(**nouns) -> Ranking:
        return next(ranking for key, ranking in leave_one_out(intents, synonyms, settings, folds=5, **nouns)
                    if key == "start-soft" and ranking.input == "the second move")

    read = left_out(nouns=engine.index.list_nouns)
    assert (read.candidates[0].key, read.reference) == ("start-soft", "second move")
    assert left_out().reference == ""  # the words alone: "move" names nothing
