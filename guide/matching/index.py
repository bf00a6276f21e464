"""The compiled index of a guide's intents: ranking of candidates and the decision.

A question is scored against the intents in three lexical views, each in 0..1:

- words: BM25 coverage of the question's words and word pairs by the intent's examples
  (function words the guide never uses don't count: "did", "those", "honestly");
- characters: the same over character 4-grams (inflection, typos, word order);
- phrasing: rapidfuzz `ratio` to the intent's closest examples (mean of the best three);
  for the leading intents, an example shorter than the question also counts by how much of
  it the question contains (a long question is as close as the part of it that asks).

The confidence is their mean. The word view scores every intent through an inverted
index and shortlists the few worth the other two. Follow-ups count only in their node's
context, where they get a bonus. Each candidate also reports the question's topic words
its examples never use, which the decision weighs when the confidence alone is not
enough. Same inputs, same outputs: ties are broken by key.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
import marshal
import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from functools import cache, lru_cache, partial
from itertools import chain, pairwise
from typing import Generic, Literal, TypeVar

from rapidfuzz import fuzz, process

from guide.records import NamedTuple

from .answer_type import DESCRIBED, Asked, asked_for, gives
from .features import FieldTable, TermTable, char_features, char_ngrams, word_features
from .kinship import KIN, Kinship, NodeWords, kinship, node_words
from .normalize import FUNCTION_WORDS, Normalized, Normalizer, tokenize
from .ordinals import SHORT, Reference, reference
from .rarity import rarity
from .segments import asking, asks, inquires, is_tail, refers_back, sentences, split_parts
from .self_reference import with_self_reference
from .semantic import CONTENT_DISCOUNT, CONTENT_PROTOTYPES, coarse, prototypes, query_vector, similarities, text_vector
from .stems import stem
from .wordtable import Vector, vector, zipf

__all__ = [
    "Candidate",
    "Decision",
    "Index",
    "IntentSpec",
    "MatchSettings",
    "Ranking",
    "Reading",
    "agreement",
    "agreement_floor",
    "answer_understood",
    "by_the_whole",
    "decide",
    "decide_ranking",
    "dominance_lead",
    "outweighed",
    "phrasing_similarity",
    "question_leads",
    "view_weights",
]

TOP_EXAMPLES = 3
"""Phrasing view: mean similarity of an intent's best this-many examples."""
SHORTLIST = 6
"""Intents scored in all three views: those leading in the word view (at least `limit`)."""
CONTAINMENT_CANDIDATES = 3
"""Intents whose examples are also compared by containment: the leading ones by the three
views without it (containment only raises a score; below the top few it changes nothing
a decision looks at, and it is the costliest comparison)."""
VIEWS = ("words", "characters", "phrasing", "meaning")
"""The views a candidate's confidence combines (`Candidate.views`)..."""
VIEW_WEIGHTS = (0.35, 0.15, 0.15, 0.35)
"""...with these weights (they add up to 1)."""
NOVELTY_PENALTY = 0.15
"""The confidence falls by this much times the share of the question's information (its
topic words' IDF x rarity) carried by words the intent never uses, neither in its phrasings
nor in what its node says: "who won the battle of antietam" is not about a guide's battle
node if nothing in it says "antietam"."""
UNKNOWN_PENALTY = 0.15
"""...and by this much more times the share carried by words the whole guide never uses
("antietam", "shot"): a question about something the source never mentions is a near miss."""
PART_SPECIFICITY = 0.1
"""A sentence of a long message is scored on its own only if its topic words say at least
this share of what as many unknown words would (`Index._information`): a part made only of
words the guide uses everywhere says nothing of its own. (At 0.3 it also dropped "what is he
saying with the new birth of freedom part?", whose common words dilute the average; a part
that points back, "does the article actually say that?", is `BACK_REFERENCE_SPECIFICITY`'s.)"""
BACK_REFERENCE_SPECIFICITY = 0.4
"""...and a sentence that points back into the story ("why does this happen??", "what does the
article say about that?") only if its own topic words, weighed by how rare they are in
everyday English too, say at least this share of one unknown word: a generic "happen" or
"article" would match whichever node has a generic phrasing, while "is that what they mean
by validation?" names its topic. Words about the source itself (`SOURCE_WORDS`) say nothing of
the topic and are not counted. A vague one is read with the sentence before it, where "this"
usually is ("after we make up i calm right down. why does that happen?")."""
SOURCE_WORDS = frozenset({
    "article", "articles", "guide", "text", "author", "authors", "writer", "piece", "post", "essay",
    "book", "page", "speech", "chapter", "chapters", "leaflet", "letter", "paper", "report", "document", "poem",
    "lecture", "sermon", "say", "says", "said", "saying", "suggest", "suggests", "suggestion",
    "recommend", "recommends", "mention", "mentions", "talk", "talks", "claim", "claims", "advice",
})
"""Words that point at the source and what it says ("what does the article suggest for that?"),
not at a topic of it."""
VAGUE_RARITY = 0.65
"""A message that asks nothing and whose words are all this common in everyday English (rarity
below it: "that's true", "i dont think so tbh", "i guess so") is a reply, not a topic: the
meaning view, which makes something of any word, is not read (the other views still are, without
taking its weight: a reply must be matched by its words to be answered)."""
REPLY_WORDS = frozenset({
    "yes", "yeah", "yep", "yup", "no", "nah", "nope", "not", "ok", "okay", "sure", "thanks",
    "thank", "true", "right", "maybe", "so", "that", "thats", "it", "this", "guess", "suppose",
    "agree", "agreed", "exactly", "fair", "sense", "cool", "nice", "great", "good", "interesting",
    "kind", "kinda", "sort",
})
"""Words that mark a reply to what was said ("i guess so", "that's true", "fair enough"), which a
request for a topic ("show me the full speech", "main message pls") lacks."""
REPLY_MAX_WORDS = 7
"""...and is this short: a longer message in everyday words is a statement of the reader's own
("i'm scared of failing so i never start", "she rings every night and i cant keep up with it"),
whose meaning is what matches it."""
CORROBORATED_LEAD = 1.35
"""A long message whose question and story agree (`Ranking.corroborated`) is answered below the
clarify threshold when its topic leads the next by this factor: a story dilutes every score, the
lead survives it."""
CORROBORATED_FLOOR = 0.5
"""...but not below this share of the clarify threshold."""
VAGUE_FLOOR_POWER = 0.5
"""A long message whose question is vague is answered by its story (`agreement`) below
`CORROBORATED_FLOOR` when the whole message and a sentence of it single out the same topic
by more than two clear leads together (`agreement_floor`). "My nan always gave her hens the
potato peelings and the leftovers from Sunday dinner. We're in England. Is that still ok?":
the whole message ranks the feeding node 2.85x the next and its first sentence 3.10x, at
0.11 on a clarify threshold of 0.24. (Over benchmarks/reader_eval.py --heldout: two more
long messages right, in F and J, none more wrong, no out-of-scope question more answered;
the same at a power of 1. Lowered for every question, not only vague ones: two more right
in M, one more wrong in L.) A message with a question of its own gets the lower floor too when its
whole text alone singles the topic out by two clear leads (`WHOLE_LEADS`)."""
WHOLE_LEADS = CORROBORATED_LEAD ** 2
"""...so that the story, not the question, says what the message is about: "Starting tomorrow
hopefully! I've got a big bag of plain white flour from Aldi, an old mason jar..., and a set of
measuring cups. I don't own scales and would rather not buy any. Is that enough to get going, or am
I missing something important?" ranks what you need 2.35x the next on the whole, and its question
names no topic of its own (its 3.91x lead is for a node scoring 0.13). (Over benchmarks/reader_eval.py
--heldout: one more long message right, in L, none more wrong, no out-of-scope question more answered;
--long-dev 44 -> 47 of 100, none more wrong. Without the whole message's two leads, every own
question: two more right in M, one more wrong in both L and N.)"""
COUNTED_LEAD = 3.0
"""`agreement_floor` counts a sentence's lead as at most this: a sentence whose runner-up scores nothing
(`LEAD_CAP`) singles its topic out clearly, not tenfold ("I don't own scales and would rather not buy
any." names only the node on what you need). A whole message that leads over nothing is a story the
guide has no words for, leaning to one hub node ("i just started a new job and my manager keeps
giving me tasks at 5pm..." of a guide on hens): its floor is not lowered."""
QUESTION_LEAD = CORROBORATED_LEAD ** 2
"""A long message's question that ranks a topic this far ahead on its own (two clear leads) carries
the message below the clarify threshold, down to `CORROBORATED_FLOOR` of it (`question_leads`)."""
WHOLE_RANKS_FLOOR = 0.25
"""The whole text of a long message ranks a topic first, for the rules that weigh it against its
sentences (`agreement`, `Ranking.corroborated`), only if it scores that topic at least this share
of the clarify threshold itself: a message far from every topic ranks one first by a lead over
nothing. "my landlord won't give back my deposit... we moved out 6 weeks ago. what can i do?"
scores 0.06 on the whole, and its last two sentences, read together, lean to the node about a
partner going away. (Over benchmarks/reader_eval.py's guides no right answer needs less; of the
long messages of the development guides asked of the other guides, out of scope there, 24 fewer
are answered.)"""
WHOLE_FLOOR = 0.8
"""A long message of two sentences or more whose whole text ranks a topic first at this share of the
clarify threshold or more is answered with it when a sentence of the message ranks it first too and
no sentence that asks singles out another (`by_the_whole`): scored whole, a story dilutes its topic
below the thresholds calibrated on single phrasings, and when the parts do not decide, the whole
ranks the right topic first more often than any of its parts (over benchmarks/reader_eval.py's
development guides, the whole message 104 times of 144, the asking part 70)..."""
WHOLE_LEAD = 1.05
"""...and leads the next topic by this factor at least. (0.8 and 1.05: four more long messages of the
development guides right, one of guide K and one more plain question, no more wrong, and one more
out-of-scope question answered, a story about a partner's mother in the bundled guide; 0.7 answers one
more in-scope message wrong and two more out-of-scope ones.)"""
MEANING_COMPARED = 4
"""Intents the meaning view compares in full: the leading ones by the other views (the context's
follow-ups without their bonus), and the ones it shortlisted itself (the rest could not lead)."""
MEANING_SHORTLIST = 3
"""Intents added to the shortlist by the meaning view alone (closest mean phrasing)."""
CENTRES = -1
"""`Index._readable`'s key for the centres the meaning view looks at first."""
SCORE_DIGITS = 6
ELSEWHERE_BELOW = 0.001
"""How far below the node in context a follow-up leading elsewhere is put when its destination
scores less than that node (`_not_elsewhere_over_own_node`)."""
"""Confidences are rounded so that equal scores tie exactly and break by key."""
UNDERSTOOD_SHARE = 0.7
"""Below the thresholds, a candidate that leads the next topic clearly (`MatchSettings.understood`)
is answered when its node explains the question (`kinship`): every rare topic word of the question
is a word of the node or has a kin in it ("vanished": "gone", "xmas": "christmas"), and the node
explains at least this share of the question's information (its own words fully, kin by their
cosine)..."""
UNDERSTOOD_FLOOR = 0.5
"""...and it scores at least this share of the clarify threshold. (Over benchmarks/reader_eval.py's
dev guides, calibrated: guide G 60.9 -> 63.0 % right, B 75.6 -> 78.2 %, no more wrong answers,
one more out-of-scope question answered, in E; a share of 0.8, or a floor of 0.3, the same.)"""
KINSHIP_SCORE = 0.05
"""`Index.rank` reads kinship only for a leading candidate scoring at least this (below any clarify
threshold's UNDERSTOOD_FLOOR share: calibration decides on the same rankings)."""
LONG_WORDS = 12
"""A message of this many words or more is long for `long_lead`: the everyday questions that hold the
clarify threshold up (guide/matching/data/off-topic.txt) have 3-10 words, and a reader's story
dilutes every score below thresholds calibrated on single phrasings..."""
LONG_LEAD = 1.5
"""...so below the clarify threshold, down to `LONG_FLOOR` of it, a long message's first candidate is
answered when it leads the next topic by this factor (`_lead_over`)..."""
LONG_FLOOR = 0.8
"""...and scores at least this share of the clarify threshold. (Over benchmarks/reader_eval.py
--heldout and the bundled guide's development sets: see docs/meaning-view.md, "Right node first
but not answered".)"""
DOMINANCE_EXPLAINED = 3 / 4
"""A clear winner below the answer threshold (`MatchSettings.dominance`) is answered only if
its examples use at least this share of the input's topic words: a question that shares one
word with a node and brings others the node never uses ("is pepper a replacement for salt"
against "when will you mail me a replacement card") is a near miss, not a paraphrase."""
CONTENT_WEIGHT = 0.4
"""Word view (BM25F): how much a word of what the node says (its quotes, the paragraphs they
come from, its say text) counts against the same word in its phrasings."""
KNOWN_RARITY = 0.0
UNKNOWN_RARITY = 1.0
"""Word view: a query word weighs its IDF times its English rarity (rarity.py) to these
powers, for words the guide uses and for words it never uses. An unknown rare word
("dopamine" in a guide without it) counts fully against every node; an unknown everyday
word ("years", "honestly") much less, so a long story does not drown its question."""
STRANGER_ZIPF = 4.5
"""A question near a guide's topic that the article does not answer often names a thing the guide
never mentions ("recipe for sourdough pizza dough", "what adhd meds work best for procrastination"):
a word of everyday English (the word table knows it) at most this common (Zipf 4.5: "pizza" 4.4,
"meds" 3.6, "watermelon" 3.4), that no phrasing and nothing the guide says uses, and that has no kin
(KIN) among the words of the node it reached: a stranger (`Ranking.strangers`). Such a question is
not offered a "did you mean" (`decide_ranking`): the node offered would not answer it. Commoner
words are mostly a reader's own way of putting something ("weird", "plans", "purpose").
Answers are not declined for a stranger: over benchmarks/reader_eval.py --heldout that declined
12 more out-of-scope questions but cost 10 right answers, 7 of them on held-out guides
(docs/meaning-view.md, "A thing the guide never names")."""
STRANGER_WORDS = 12
"""...in a question of at most this many words (a long message's story brings words of its own)..."""
STRANGER_BAND = 1.2
"""...whose first candidate scores less than this times the answer threshold (a "did you mean"
above it is one between two close nodes, both about the question)."""
FUNCTION_STEMS = frozenset(stem(word) for word in FUNCTION_WORDS)
T = TypeVar("T")
WORD_MEMORY = 4096
"""Distinct words whose weights an index remembers (then its memory starts over)."""


class IntentSpec(NamedTuple):
    """One intent as the author wrote it: its phrasings (``examples``) and what its node says
    (``content``: the quoted passages, the paragraphs they come from, the say text)."""

    key: str
    examples: tuple[str, ...]
    context: str | None = None
    title: str = ""
    content: tuple[str, ...] = ()
    item: int = 0
    """Its position in the source's numbered list (0: not an item): "point 5" reaches item 5."""
    passages: frozenset[tuple[str, str]] = frozenset()
    """What its answer quotes, as ("source:paragraph", text) pairs: an intent that quotes
    nothing another does not is no alternative to it (`decide`)."""
    leads_to: str = ""
    """For a follow-up whose answer goes on to another node (its `goto`): that node's id."""


class MatchSettings(NamedTuple):
    """Decision thresholds on the confidence (0..1); the guide's manifest can override each.

    The defaults favour never answering wrongly over always answering. Read off
    CLINC150 validation queries against a 40-intent x 15-phrasing stand-in for a
    hand-written guide (`python benchmarks/clinc.py` prints the figures), by a rule: no
    more out-of-scope questions answered or let past `clarify`, and no more wrong answers,
    than the settings before containment and dominance (4.1%, 33.6%, 0.4%). With `answer`
    0.48, `margin` 0.05 and `dominance` 1.0, 99.5% of the answers given are right and 47%
    of in-scope questions are answered outright (40% without `dominance`), 38% more get
    "did you mean" with the right topic among the options; below `clarify` 0.31 fall 69% of
    out-of-scope questions and 14% of in-scope ones, and 3.8% of out-of-scope ones are
    answered. A lower `answer` answers more and asks less, at more wrong answers (0.45: 53%
    answered, 5.3% of out-of-scope ones too). A guide whose nodes are close neighbours may
    want a larger `margin`; the bundled guide sets its own (see its guide.yaml).
    `context_bonus` is added to the confidence of the current node's follow-ups, unless that alone
    would put one above the node itself (`_without_bonus_over_own_node`).
    """

    answer: float = 0.48
    clarify: float = 0.31
    margin: float = 0.05
    max_input_chars: int = 1000
    context_bonus: float = 0.1
    dominance: float | None = 1.0
    understood: float | None = None
    """Below `clarify` too, a candidate that leads the next topic by this factor (a ratio) is answered
    when its node explains the question's words (`kinship`; UNDERSTOOD_SHARE, UNDERSTOOD_FLOOR).
    None: off. Set by calibration from the guide's own phrasings and off-topic questions
    (`calibrate.UNDERSTOOD_GRID`), not by the manifest."""
    """Below `answer` (down to `clarify`) a clear winner is answered too: when its lead over
    the runner-up reaches `margin + dominance * (answer - score)` and its examples use at
    least DOMINANCE_EXPLAINED of the question's topic words. None: only `answer` and
    `margin` decide. (Not a manifest setting: the defaults apply to every guide.)"""


class Candidate(NamedTuple):
    """An intent with its confidence and the example that matched it best."""

    key: str
    score: float
    example: str
    in_context: bool
    unexplained: tuple[str, ...] = ()
    """The input's topic words (`Ranking.content_words`) that neither the intent's examples
    nor its node's own words use, not even with another ending (same stem)."""
    explained: float = 1.0
    """The share of the input's topic words that the intent uses (1 if it has none)."""
    part: str = ""
    """The sentence of a long message that scored this (empty: the whole message)."""
    views: tuple[float, ...] = ()
    """The scores (0..1) the confidence is made of, in the order of `VIEWS`."""
    sighted: float = 1.0
    """1 less the share of the input's information in the guide's words that the meaning view
    has no vector for; the views were weighed by `view_weights(sighted)`."""
    passages: frozenset[tuple[str, str]] = frozenset()
    """What its answer quotes (`IntentSpec.passages`)."""
    held_back: bool = False
    """A follow-up whose context bonus was withheld: it beat its own node by the bonus alone
    (`_without_bonus_over_own_node`)."""
    follows: str = ""
    """For a follow-up of the node in context: that node (its id); "" for every other intent."""


class Reading(NamedTuple):
    """One sentence of a long message, scored on its own: the intent it ranks first, and how far."""

    sentence: str
    """The text scored (an asking part may be read with the sentence before it)."""
    first: str
    """The intent key it ranks first."""
    score: float
    lead: float
    """Its first's score over its runner-up's (`LEAD_CAP` when the runner-up scores nothing)."""
    asked: bool
    """It is (or ends with) the part that asks (`segments.asking`); else it is the story."""
    named: bool = True
    """Its first uses one of its topic words at least (`Candidate.unexplained`): a sentence
    whose words the guide never uses ("we moved house last spring") singles out nothing, even
    when the one node its meaning leans to is the only one scoring."""


LEAD_CAP = 10.0
"""A lead ratio over a runner-up that scores (nearly) nothing counts as this."""


_new_candidate = partial(tuple.__new__, Candidate)
"""A Candidate from a tuple of all its fields, without the Python-level `Candidate.__new__` (the
index makes some ten per question)."""


class Found(Generic[T]):
    """A value found the first time it is read (called), and as that value in comparisons, hashing,
    repr and pickles: a `Ranking` field that few decisions read (`Ranking.strangers`, `Ranking.kinship`)."""

    __slots__ = ("_find", "_value")

    def __init__(self, find: Callable[[], T]) -> None:
        self._find: Callable[[], T] | None = find
        self._value: T | None = None

    def __call__(self) -> T:
        if self._find is not None:
            self._value, self._find = self._find(), None
        return self._value  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        return self() == (other() if isinstance(other, Found) else other)

    def __hash__(self) -> int:
        return hash(self())

    def __repr__(self) -> str:
        return repr(self())

    def __reduce__(self) -> tuple[object, ...]:
        return (_itself, (self(),))


def _itself(value: T) -> T:
    """What a pickled `Found` is read back as: its value."""
    return value


def _read(field: "Found[T] | T") -> T:
    """A `Ranking` field that may be found on first read: its value."""
    return field() if isinstance(field, Found) else field


class Ranking(NamedTuple):
    """The candidates for one input, best first."""

    input: str
    normalized: Normalized
    candidates: tuple[Candidate, ...]
    truncated: bool
    content_words: tuple[str, ...] = ()
    """The input's words other than function words ("what", "the", "does"...)."""
    topic_words: tuple[str, ...] = ()
    """Those of `content_words` that occur in the guide (after repair and synonyms)."""
    reference: str = ""
    """The words that named an item of the source's numbered list ("point 5"), if any."""
    whole_first: str = ""
    """For a long message: the intent its whole text ranks first (`corroborated`)."""
    vague: bool = False
    """A reply in everyday words ("that's true"): the meaning view was not read (`VAGUE_RARITY`)."""
    whole_lead: float = 0.0
    """For a long message: how far its whole text ranks `whole_first` ahead (`Reading.lead`)."""
    readings: tuple[Reading, ...] = ()
    """For a long message: each sentence scored on its own (the asking parts as `Index._part_to_read`
    reads them), in the message's order; a sentence whose words say almost nothing
    (`PART_SPECIFICITY`), and an asking part the story should decide, are not read."""
    kinship_found: "Found[Kinship | None] | Kinship | None" = None
    """`kinship`, or the function that finds it the first time it is read: only a decision below the
    answer threshold that no earlier rule makes reads it (`answer_understood`), and finding it reads
    every word of the first node in the word table the first time that node leads (`kinship.NodeWords`)."""
    whole: Candidate | None = None
    """For a long message: `whole_first` as its whole text scored it (its sentences may score it
    higher in `candidates`)."""
    unreached: Reference | None = None
    """A position of the source's numbered list that a short input (`ordinals.SHORT` words at most)
    names and no item holds ("point 9" of six, "the next one" after the last item or after a node
    not on the list), if any; not a number within the list that no node is (an authoring gap: the
    input is matched as usual). The conversation answers it with the list."""
    stranger_words: "Found[tuple[str, ...]] | tuple[str, ...]" = ()
    """`strangers`, or the function that finds them the first time they are read: only a near miss
    reads them (`decide_ranking`), and finding them can read every word of a node in the word table
    (`kinship.NodeWords`: about 1 ms for a node not met before, what a whole question costs)."""

    asked: Asked | None = None
    """The kind of answer a short question's frame asks for ("how long": a duration), if
    `answer_type.asked_for` reads one."""
    ungiven: tuple[str, ...] = ()
    """The candidates whose nodes say something and hold no answer of that kind (`answer_type.gives`):
    they cannot answer the question (`decide_ranking`)."""
    given: tuple[str, ...] = ()
    """The candidates whose nodes say something and hold an answer of that kind: a runner-up among them
    may answer instead of a first candidate in `ungiven` (`decide_ranking`)."""

    @property
    def strangers(self) -> tuple[str, ...]:
        """The words of a short question that name a thing the guide never mentions, with no kin in
        the node of its first candidate (`STRANGER_ZIPF`): a near miss, not offered (`decide_ranking`)."""
        return _read(self.stranger_words)

    @property
    def kinship(self) -> Kinship | None:
        """How the best candidate explains the input's topic words (`kinship.Kinship`), when it leads
        the next topic by `MatchSettings.understood` (None: not read)."""
        return _read(self.kinship_found)

    @property
    def corroborated(self) -> bool:
        """The best candidate was scored on a part of a long message, and the whole message
        ranks the same intent first: the question and its story agree."""
        return bool(self.candidates) and bool(self.candidates[0].part) \
            and self.candidates[0].key == self.whole_first

    def whole_ranks(self, settings: "MatchSettings") -> bool:
        """Does the whole text of a long message rank `whole_first` first at `WHOLE_RANKS_FLOOR`
        of the clarify threshold or more?"""
        return self.whole is not None and self.whole.score >= WHOLE_RANKS_FLOOR * settings.clarify

    @property
    def off_topic(self) -> bool:
        """The input has content words and the guide knows none of them."""
        return bool(self.content_words) and not self.topic_words


class Decision(NamedTuple):
    """What to do with a ranking: answer, ask "did you mean", or say it is not covered."""

    kind: Literal["answer", "clarify", "fallback"]
    candidates: tuple[Candidate, ...]
    confidence: float
    reason: str
    sentence: str = ""
    """The sentence of a long message that carried an answer given by `agreement` ("": the
    answer's `Candidate.part`, if any, carried it)."""


class _Intent(NamedTuple):
    """An intent compiled for scoring: its normalized examples, aligned with the originals
    and with their lengths in words; which examples use each topic word (`postings`), and
    the stems of all the words its examples and its content use."""

    spec: IntentSpec
    texts: tuple[str, ...]
    originals: tuple[str, ...]
    lengths: tuple[int, ...]
    postings: dict[str, tuple[int, ...]]
    stems: frozenset[str]
    said: bool = False
    """Its node says something (quotes, say text): only then do the question's words it never
    uses count against it (a bare list of phrasings is too thin a description)."""
    vectors: tuple[Vector, ...] = ()
    """Its phrasings as meaning vectors (`semantic.prototypes`: their mean first), then what its
    node says (its first CONTENT_PROTOTYPES texts), scaled by CONTENT_DISCOUNT."""
    words: tuple[str, ...] = ()
    """The words of its phrasings and of what its node says that kinship compares (`kinship.node_words`)."""
    asks: tuple[str, ...] = ()
    """The kinds of answer its phrasings ask for (`answer_type.asked_for`), read once at build: `_ungiven`
    would tokenize every phrasing of each candidate the first time a question's frame asks for a kind."""


class _Word(NamedTuple):
    """A word of a question as the word view weighs it (`Index._word`)."""

    stem: str
    prior: float
    """Its weight as a query feature: its English rarity to the power KNOWN_RARITY or UNKNOWN_RARITY."""
    weight: float
    """Its information: the IDF of its stem times `prior`."""
    known: bool
    """The guide uses its stem."""
    unseen: bool
    """The guide uses its stem, and the meaning view has no vector for it."""


class Index:
    """Intents compiled for matching. Build once with `Index.build`, then `rank` and `decide`."""

    def __init__(
        self,
        intents: Sequence[_Intent],
        normalizer: Normalizer,
        settings: MatchSettings,
        contents: Sequence[Sequence[str]] = (),
        item_nouns: frozenset[str] = frozenset(),
        taken_nouns: frozenset[str] = frozenset(),
    ) -> None:
        self._intents = tuple(intents)
        self.normalizer = normalizer
        self.settings = settings
        contents = contents or [() for _ in intents]
        self._words = FieldTable([[_count(i.texts, _words_of) for i in intents],
                                  [_count(texts, _stems_of) for texts in contents]],
                                 (1.0, CONTENT_WEIGHT), neutral=_is_function_feature)
        self._chars = TermTable([_count(i.texts, char_ngrams) for i in intents])
        self._context_free: list[int] = []
        self._follow_ups: dict[str, list[int]] = {}
        self._items: dict[int, str] = {}  # position in the source's numbered list -> intent key
        self._item_nouns = item_nouns  # the guide's own words for its list's items ("move 7")
        self._taken_nouns = taken_nouns  # everyday ones it uses for another topic ("lesson")
        centres = [(p, coarse(i.vectors[0])) for p, i in enumerate(intents) if i.spec.context is None and i.vectors]
        # (each a slice of an array: one buffer in the cache)
        self._centre_positions = [p for p, _ in centres]  # the meaning view's quick first look
        self._centre_vectors = [v for _, v in centres]
        self._as_tuples: dict[int, tuple[tuple[float, ...], ...]] = {}  # (`_readable`)
        self._phrasing_keys: dict[str, str] | None = None  # (`_written_as`)
        self._known: dict[str, _Word] = {}  # (`_word`)
        self._positions = {intent.spec.key: position for position, intent in enumerate(intents)}
        self._kin: dict[int, NodeWords] = {}  # (`_kinship`)
        self._gives: dict[tuple[int, str], bool] = {}  # (`_ungiven`)
        self._leads_to = {i.spec.key: i.spec.leads_to for i in intents if i.spec.leads_to}  # follow-up -> node
        for position, intent in enumerate(intents):
            if intent.spec.context is None:
                self._context_free.append(position)
                if intent.spec.item:
                    self._items.setdefault(intent.spec.item, intent.spec.key)
            else:
                self._follow_ups.setdefault(intent.spec.context, []).append(position)

    @classmethod
    def build(
        cls,
        intents: Sequence[IntentSpec],
        synonyms: Mapping[str, Sequence[str]] | None = None,
        settings: MatchSettings | None = None,
        item_nouns: frozenset[str] = frozenset(),
        taken_nouns: frozenset[str] = frozenset(),
    ) -> "Index":
        """Compile `intents`: normalized examples, vocabulary, synonym map, feature tables;
        `item_nouns` are the guide's own words for its numbered list's items (`list_nouns`),
        `taken_nouns` everyday ones it uses for another topic (`taken_nouns`)."""
        keys = Counter(intent.key for intent in intents)
        duplicates = sorted(key for key, count in keys.items() if count > 1)
        if duplicates:
            raise ValueError(f"duplicate intent keys: {', '.join(duplicates)}")
        words = [[tokenize(example) for example in intent.examples] for intent in intents]
        content_words = [[tokenize(text) for text in intent.content] for intent in intents]
        vocabulary = chain.from_iterable(chain.from_iterable(words + content_words))
        normalizer = Normalizer(with_self_reference(synonyms), vocabulary)  # ("this post" reads "this article")
        contents = [[normalizer.normalize_words(w, repair=False).text for w in texts] for texts in content_words]
        compiled = [
            _compile_intent(intent, example_words, normalizer, content)
            for intent, example_words, content in zip(intents, words, contents, strict=True)
        ]
        return cls(compiled, normalizer, settings or MatchSettings(), contents, item_nouns, taken_nouns)

    @property
    def intents(self) -> tuple[IntentSpec, ...]:
        """The intents as given to `build`."""
        return tuple(intent.spec for intent in self._intents)

    def rank(self, text: str, context: str | None = None, limit: int = 5) -> Ranking:
        """The best `limit` candidates for `text`; follow-ups of node `context` are eligible.

        `decide` judges the margin on these candidates, so keep `limit` at 2 or more.
        """
        bound = self.settings.max_input_chars
        truncated = len(text) > bound
        body = text[:bound] if truncated else text
        words = tokenize(body)  # once: normalization, the list reference and the reply check read them
        asked = framed_topic(words)  # "what does the article say about rejection": "rejection"
        if not asked and not _FRAME_VERBS.isdisjoint(words):  # (or "what does the artical say about...")
            asked = framed_topic(self.normalizer.repair_words(words))
        normalized = self.normalizer.normalize_words(asked or words)
        content = _topic_words(normalized)
        vague = _vague(body, words, content)
        candidates = self._score(normalized, context, limit, content, vague) if normalized.tokens else []
        parts = split_parts(body)
        whole_first = ""
        whole_lead = 0.0
        whole_top = None
        readings: list[Reading] = []
        if parts:  # a long message: the sentences that ask carry it (all of them, if none asks)
            best = {candidate.key: candidate for candidate in candidates}
            if candidates:
                whole_top, whole_lead = _first_and_lead(candidates)
                whole_first = whole_top.key
            asked = asking(parts)
            whole = body.strip()
            for part in parts:
                if part in asked:
                    read = self._part_to_read(parts, part)
                    if read is None:
                        continue
                    text_read, part_normalized, topic = read
                else:  # the story: read on its own, for `agreement`
                    text_read, part_normalized = part, self.normalizer.normalize(part)
                    topic = _topic_words(part_normalized)
                    if not self._specific(topic):
                        continue
                if text_read == whole and not vague:
                    continue  # the whole message again (a long sentence and its asking tail): scored above, alike
                scored = self._score(part_normalized, context, limit, topic) if part_normalized.tokens else []
                if scored and text_read != whole:  # (a long sentence and its asking tail: the whole is no second view)
                    top, lead = _first_and_lead(scored)
                    readings.append(Reading(text_read, top.key, top.score, lead, part in asked,
                                            len(top.unexplained) < len(topic)))
                if part not in asked:
                    continue
                for candidate in scored:
                    if candidate.key not in best or candidate.score > best[candidate.key].score:
                        best[candidate.key] = candidate._replace(part=text_read)
            candidates = list(best.values())
        named = self.reference_in(words, normalized) if self._items else None
        item = self._item(named, context) if named else None
        unreached = named if named is not None and item is None and not named.anchor \
            and not 0 < named.number <= max(self._items) and len(text.split()) <= SHORT else None
        # (a number in the list that no node is: an authoring gap, matched as usual)
        if item is not None and self._written_as(normalized.text) not in (None, item):
            item = None  # another node's phrasing word for word ("the final recommendation"): the author's word
        if item is not None:
            candidates = _with_item(candidates, item, named)
        candidates.sort(key=lambda candidate: (-candidate.score, candidate.key))
        known = tuple(t for t in content if t in self.normalizer.vocabulary)
        understood = Found(partial(self._kinship, candidates, content, self.settings)) \
            if candidates and item is None and not vague else None
        strangers = Found(partial(self._strangers, candidates[0], len(words))) if candidates and item is None else ()
        frame = asked_for(words) if candidates and item is None and len(words) <= STRANGER_WORDS else None
        ranked = tuple(candidates[: max(limit, 0)])
        ungiven, given = self._ungiven(ranked, frame) if frame is not None else ((), ())
        return Ranking(text, normalized, ranked, truncated, content, known,
                       named.text if item is not None and named else "", whole_first, vague, whole_lead,
                       tuple(readings), understood, whole_top, unreached, strangers, frame, ungiven, given)

    def decide(self, ranking: Ranking) -> Decision:
        """Answer, clarify or fall back, by the thresholds and margin of the settings."""
        return decide_ranking(ranking, self.settings)

    def _score(
        self, normalized: Normalized, context: str | None, limit: int, content: Sequence[str] = (),
        vague: bool = False,
    ) -> list[Candidate]:
        """Score the shortlisted intents and the context's follow-ups in all views (on a `vague`
        reply, without the meaning view: `VAGUE_RARITY`)."""
        features, priors = self._word_query(normalized.tokens)
        words = self._words.coverage(features, priors)
        chars = char_features(normalized.text)
        size = max(SHORTLIST, limit)
        shortlist = self._shortlist(words, size)
        if not any(words):  # no word in common with any intent: let the characters choose
            everything = self._chars.coverage_of(chars, range(len(words)))
            shortlist = self._shortlist(everything, size)
        query = None if vague else query_vector(tuple(_as_read(normalized)))
        by_meaning: list[int] = []
        if query is not None:  # and the meaning view: paraphrases that share no word
            rough = coarse(query)
            near = similarities(rough, self._readable(CENTRES))
            by_meaning = [self._centre_positions[i]
                          for i in _best(MEANING_SHORTLIST, range(len(near)), near)]
            shortlist += [p for p in by_meaning if p not in shortlist]
        shortlist += self._follow_ups.get(context, []) if context is not None else []
        char_scores = self._chars.coverage_of(chars, shortlist)
        intents = [self._intents[position] for position in shortlist]
        text = normalized.text
        bests = [process.extract(text, intent.texts, scorer=fuzz.ratio, limit=TOP_EXAMPLES) for intent in intents]
        bonus = self.settings.context_bonus
        word_scores = [words[position] for position in shortlist]
        remembered = self._known.get
        known = {word: remembered(word) or self._word(word) for word in content}
        weights = {word: found.weight for word, found in known.items()}
        information = sum(weights.values())
        unseen = sum([found.weight for found in known.values() if found.unseen])  # (`_Word.unseen`)
        sighted = 1 - unseen / information if information else float(query is not None)  # (None: no word to read)
        w_words, w_chars, w_phrasing, w_meaning = view_weights(sighted) if sighted != 1.0 else _SIGHTED
        means = list(map(_mean, bests))
        lexical = [w_words * word + w_chars * char_score + w_phrasing * mean
                   + (bonus if intent.spec.context is not None else 0.0)
                   for word, char_score, mean, intent in zip(word_scores, char_scores, means, intents, strict=True)]
        # the meaning view, in full, for the intents it brought and the leading ones by the others,
        # the context's follow-ups ranked without their bonus: with it they took every place from
        # their own node ("what does guarantor mean" right after the answer covering it read no
        # meaning for that node, and was declined)
        unbiased = lexical if context is None else [lex - bonus if intent.spec.context is not None else lex
                                                    for lex, intent in zip(lexical, intents, strict=True)]
        compared = set(_best(MEANING_COMPARED, range(len(intents)), unbiased))
        compared.update(i for i, position in enumerate(shortlist) if position in by_meaning)
        meanings = self._meanings(query, shortlist, compared)
        if query is not None:  # the question is one of the intent's phrasings, word for word: its meaning is
            # that phrasing's (cosine 1), which the intent's prototypes, each a group's mean, only approach
            meanings = [1.0 if best and best[0][1] == 100 else meaning
                        for best, meaning in zip(bests, meanings, strict=True)]
        others = [lex - w_phrasing * mean + w_meaning * meaning
                  for lex, mean, meaning in zip(lexical, means, meanings, strict=True)]
        provisional = [other + w_phrasing * mean for other, mean in zip(others, means, strict=True)]
        leading = _best(CONTAINMENT_CANDIDATES, range(len(intents)), provisional)
        phrasings = _phrasings(text, len(normalized.tokens), weights, intents, bests, means, leading)
        content_stems = [(word, known[word].stem) for word in content]
        unknown = sum([found.weight for found in known.values() if not found.known])
        strange = UNKNOWN_PENALTY * unknown / information if information else 0.0
        candidates = []
        sighted_shown = round(sighted, 4)
        for other, intent, (phrasing, best), word, char, meaning in zip(others, intents, phrasings, word_scores,
                                                                         char_scores, meanings, strict=True):
            spec, stems = intent.spec, intent.stems
            confidence = other + w_phrasing * phrasing
            confidence = confidence if confidence < 1.0 else 1.0  # (min and max, without their calls)
            example = intent.originals[best] if best >= 0 else ""
            unexplained = tuple([topic for topic, stemmed in content_stems if stemmed not in stems])
            explained = _explained(len(unexplained), len(content)) if content else 1.0
            novelty = sum(map(weights.__getitem__, unexplained)) / information \
                if information and intent.said else 0.0
            confidence = confidence - NOVELTY_PENALTY * novelty - strange
            confidence = confidence if confidence > 0.0 else 0.0
            candidates.append(_new_candidate((spec.key, round(confidence, SCORE_DIGITS), example,
                                              spec.context is not None, unexplained, explained, "",
                                              (round(word, 4), round(char, 4), round(phrasing, 4), round(meaning, 4)),
                                              sighted_shown, spec.passages, False, spec.context or "")))
        if context is None:
            return candidates
        return _not_elsewhere_over_own_node(_without_bonus_over_own_node(candidates, context, bonus), context,
                                            self._leads_to)

    def _kinship(self, candidates: Sequence[Candidate], content: Sequence[str],
                 settings: MatchSettings) -> Kinship | None:
        """How the first of the sorted `candidates` explains the topic words it was scored on (the
        input's `content`, or those of its part), if it could be answered by them: it scores at least
        KINSHIP_SCORE, less than `answer`, and leads the next topic by `MatchSettings.understood`
        (None: never); under the `settings` the ranking was made with."""
        top = candidates[0]
        least = settings.understood
        if least is None or not KINSHIP_SCORE <= top.score < settings.answer \
                or _lead_over(top, candidates) < least:
            return None  # (at `answer` and above, the thresholds decide)
        if not top.unexplained:
            return Kinship(top.key, 1.0, (), ())
        words = _topic_words(self.normalizer.normalize(top.part)) if top.part else content
        weights = {word: self._word(word).weight for word in words}
        position = self._positions[top.key]
        node = self._kin.get(position)
        if node is None:
            node = self._kin[position] = NodeWords(self._intents[position].words)
        return kinship(top.key, weights, top.unexplained, node)

    def _strangers(self, top: Candidate, words: int) -> tuple[str, ...]:
        """The words of a question of `words` words that `top`'s node, and the whole guide, never
        says, and that name a thing of their own (`STRANGER_ZIPF`): everyday English words, rare
        enough, with no kin among the node's words. Only for a short question (`STRANGER_WORDS`) and a
        node that says something (`_Intent.said`);
        `decide_ranking` weighs them only below `STRANGER_BAND` times the answer threshold."""
        position = self._positions[top.key]
        if not top.unexplained or words > STRANGER_WORDS or top.part or not self._intents[position].said:
            return ()  # (a node that says nothing, only phrasings, is too thin to say what it never names)
        found = []
        node = None
        for word in top.unexplained:
            if self._word(word).known or not 0.0 < zipf(word) <= STRANGER_ZIPF:
                continue
            meaning = vector(word)
            if meaning is None:
                continue
            if node is None:
                node = self._kin.get(position)
                if node is None:
                    node = self._kin[position] = NodeWords(self._intents[position].words)
            if node.vectors and node.closest(word, meaning)[0] >= KIN:
                continue
            found.append(word)
        return tuple(found)

    def _ungiven(self, candidates: Sequence[Candidate], frame: Asked) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The keys of `candidates` whose nodes say something (`_Intent.said`) and hold no answer of the
        kind `frame` asks for (`answer_type.gives`, read on their quotes, the paragraphs those come
        from and their say text), nor have a phrasing that asks for one (the author says the node
        answers "how long is the article"). A node of phrasings only is too thin to say what it
        does not hold. Second, the keys of those whose nodes say something and do hold one."""
        found, holding = [], []
        for candidate in candidates:
            intent = self._intents[self._positions[candidate.key]]
            if not intent.said:
                continue
            key = (self._positions[candidate.key], frame.kind)
            held = self._gives.get(key)
            if held is None:
                held = self._gives[key] = frame.kind in intent.asks or gives(frame, intent.spec.content)
            (holding if held else found).append(candidate.key)
        return tuple(found), tuple(holding)

    def _meanings(self, query: Vector | None, shortlist: Sequence[int], compared: Container[int]) -> list[float]:
        """The meaning view (0..1) of the intents at the `shortlist` positions whose index in it is
        `compared` (0 for the others): the query's closeness to the intent's phrasings, or to its
        node's own sentences (a little discounted): its best cosine. The vectors of all of them are
        compared in one call (`similarities` unpacks the query's numbers once a call)."""
        if query is None:
            return [0.0] * len(shortlist)
        readable = self._readable
        vectors: list[tuple[float, ...]] = []
        ends = []  # where each intent's vectors end in `vectors` (None: not compared)
        for i, position in enumerate(shortlist):
            if i in compared:
                vectors.extend(readable(position))
                ends.append(len(vectors))
            else:
                ends.append(None)
        cosines = similarities(query, vectors)
        meanings = []
        start = 0
        for end in ends:
            if end is None:
                meanings.append(0.0)
            else:
                meanings.append(max(0.0, max(cosines[start:end], default=0.0)))
                start = end
        return meanings

    def _written_as(self, text: str) -> str | None:
        """The key of the context-free intent that has `text` (normalized) as a phrasing, if any;
        the table is made on first use (only a message naming a list item asks)."""
        if self._phrasing_keys is None:
            self._phrasing_keys = {example: self._intents[position].spec.key
                                   for position in self._context_free for example in self._intents[position].texts}
        return self._phrasing_keys.get(text)

    def _readable(self, position: int) -> tuple[tuple[float, ...], ...]:
        """The meaning vectors of the intent at `position` (or, for CENTRES, the quick first
        look's), as tuples of floats: the same values as the float32 arrays kept (compact in the
        engine cache), compared a fifth faster, each once (an intent of one or two phrasings has its
        mean among them twice: the best of them is the same without it). Made on first use, once
        per process."""
        found = self._as_tuples.get(position)
        if found is None:
            if position == CENTRES:  # (in order: their positions are `_centre_positions`)
                found = tuple(map(tuple, self._centre_vectors))
            else:
                found = tuple(dict.fromkeys(map(tuple, self._intents[position].vectors)))
            self._as_tuples[position] = found
        return found

    def __getstate__(self) -> dict[str, object]:
        """For the engine cache: the intents each as one blob (`_StoredIntents`), the vectors as arrays
        only (`_readable` makes the tuples again), and no word remembered (`_word`)."""
        return dict(self.__dict__, _intents=_StoredIntents.of(self._intents), _as_tuples={}, _known={}, _kin={},
                    _gives={}, _phrasing_keys=None)

    def reference_in(self, words: Sequence[str], normalized: Normalized) -> Reference | None:
        """The list item the message names, read from its words (`tokenize`) as typed, else as
        repaired ("the 4th tipp", "tip numbr seven"); `normalized` is the message's words as
        `rank` normalized them (whether anything was repaired)."""
        named = reference(" ".join(words), self._item_nouns, self._taken_nouns)
        if named is None and normalized.repairs:
            named = reference(" ".join(self.normalizer.repair_words(words)), self._item_nouns, self._taken_nouns)
        return named

    def _item(self, named: Reference, context: str | None) -> str | None:
        """The intent key of the list item a reference names (None if there is no such item)."""
        items = self._items
        if named.number:
            return items.get(named.number)
        if named.last:
            return items.get(max(items) - named.last + 1)
        if named.anchor:  # "the one after validation": the item whose title shares most stems
            anchor = {stem(word) for word in named.anchor if word not in FUNCTION_WORDS}
            titles = {number: {stem(w) for w in tokenize(self._title(key))} for number, key in items.items()}
            scored = sorted(((len(anchor & words), -number) for number, words in titles.items()), reverse=True)
            if not scored or scored[0][0] == 0:
                return None
            return items.get(-scored[0][1] + named.step)
        current = next((n for n, key in items.items() if key == context), 0) if context else 0
        return items.get(current + named.step) if current else None

    @property
    def list_nouns(self) -> tuple[frozenset[str], frozenset[str]]:
        """The guide's own words for its list's items, and the everyday ones it uses for another topic
        (`Index.build`'s `item_nouns` and `taken_nouns`): an index of some of the same intents (a fold
        of leave-one-out) reads "the first change" as this one does."""
        return self._item_nouns, self._taken_nouns

    @property
    def list_items(self) -> dict[int, str]:
        """The intent key of each item of the source's numbered list that a node is, by its number."""
        return dict(sorted(self._items.items()))

    def _title(self, key: str) -> str:
        return next((i.spec.title for i in self._intents if i.spec.key == key), "")

    def _information(self, words: Sequence[str]) -> float:
        """How much the words say about a topic: their IDF, weighted by rarity."""
        return sum([self._word(word).weight for word in words])

    def _part_to_read(self, parts: list[str], part: str) -> tuple[str, Normalized, tuple[str, ...]] | None:
        """What to score for the asking `part` of a long message (its text, normalized, and its
        topic words), or None when the story around it should decide: a part whose words say
        almost nothing (`PART_SPECIFICITY`); one that points back ("why does this happen??")
        without naming its topic, and one with no topic word of its own ("what should i do?", "what
        does the guide say to do?", which would match the guide's welcome), unless the sentence
        before it names the topic (`BACK_REFERENCE_SPECIFICITY`)."""
        normalized = self.normalizer.normalize(part)
        topic = _topic_words(normalized)
        if not self._specific(topic):
            return None
        named = [word for word in topic if word not in SOURCE_WORDS]
        if (named and not refers_back(part)) or self._names_its_topic(named):
            return part, normalized, topic
        position = parts.index(part)
        if not position or not SOURCE_WORDS.isdisjoint(topic):
            return None  # "what does the article say about that?" would match the guide's own overview
        before = parts[position - 1]
        # a long sentence's asking tail comes right after the sentence that holds it: read that sentence
        part = before if before.endswith(part) else f"{before} {part}"
        normalized = self.normalizer.normalize(part)
        topic = _topic_words(normalized)
        return (part, normalized, topic) if self._names_its_topic(topic) else None

    def _specific(self, topic: Sequence[str]) -> bool:
        """Do a sentence's topic words say something of their own (`PART_SPECIFICITY`)?"""
        return self._information(topic) >= PART_SPECIFICITY * self._words.unknown_idf * len(topic)

    def _names_its_topic(self, words: Sequence[str]) -> bool:
        """Do these words say at least `BACK_REFERENCE_SPECIFICITY` of one unknown word?"""
        return self._specific_information(words) >= BACK_REFERENCE_SPECIFICITY * self._words.unknown_idf

    def _specific_information(self, words: Sequence[str]) -> float:
        """`_information` with every word weighed by its English rarity, known or not."""
        return sum(self._words.idf(stem(word)) * rarity(word) for word in words)

    def _word_query(self, tokens: Sequence[str]) -> tuple[list[str], list[float]]:
        """The word features of a query (stems and stem pairs) and their weights (rarity)."""
        remembered = self._known.get
        known = [remembered(token) or self._word(token) for token in tokens]
        stems = [word.stem for word in known]
        weights = [word.prior for word in known]
        features = stems + list(map(" ".join, pairwise(stems)))
        priors = weights + list(map(max, weights, weights[1:]))
        unique = dict.fromkeys(features)
        if len(unique) == len(features):
            return features, priors
        for feature, prior in zip(features, priors, strict=True):  # a repeated one: its first prior
            if unique[feature] is None:
                unique[feature] = prior
        return list(unique), list(unique.values())

    def word_shares(self, words: Sequence[str]) -> dict[str, float]:
        """Each word's share (0..1) of what ``words`` say about a topic (its IDF here, weighted by how
        rare it is in English): what a node that never says it loses (`NOVELTY_PENALTY`) is in
        proportion. "flat", said by nearly every node of a renting guide, weighs little."""
        weights = {word: self._word(word).weight for word in words}
        total = sum(weights.values())
        return {word: weight / total for word, weight in weights.items()} if total else {}

    def _word(self, word: str) -> "_Word":
        """What the word view knows of a word (`_Word`), remembered for the last WORD_MEMORY words."""
        found = self._known.get(word)
        if found is None:
            if len(self._known) >= WORD_MEMORY:
                self._known.clear()
            stemmed = stem(word)
            prior = self._rarity(word, stemmed)
            known = self._words.knows(stemmed)
            found = self._known[word] = _Word(stemmed, prior, self._words.idf(stemmed) * prior, known,
                                              known and vector(word) is None)
        return found

    def _rarity(self, token: str, stemmed: str) -> float:
        power = KNOWN_RARITY if self._words.knows(stemmed) else UNKNOWN_RARITY
        return rarity(token) ** power if power else 1.0

    def _shortlist(self, scores: list[float], size: int) -> list[int]:
        """The context-free intents with the highest positive `scores`, at most `size`."""
        best = _best(size, self._context_free, scores)
        return [position for position in best if scores[position] > 0]


def _without_bonus_over_own_node(candidates: list[Candidate], context: str, bonus: float) -> list[Candidate]:
    """The context's follow-ups are preferred over other nodes (`MatchSettings.context_bonus`), not
    over the node they follow: one that beats its node only by the bonus loses it. Right after the
    answer on the battle, "who won the battle" is a question on the battle (0.51), not the follow-up
    "what happened after the battle" (0.46 + 0.10) that leads to the cemetery. Over the reader
    questions of guides B-L asked right after their own node's answer (benchmarks/reader_context.py):
    right 69.9 -> 71.1 %, wrong 5.3 -> 4.3 %; every conversation test as before."""
    own = next((candidate.score for candidate in candidates if candidate.key == context), None)
    if own is None:
        return candidates
    return [candidate._replace(score=round(max(0.0, candidate.score - bonus), SCORE_DIGITS), held_back=True)
            if candidate.in_context and candidate.score - bonus < own < candidate.score else candidate
            for candidate in candidates]


def _not_elsewhere_over_own_node(candidates: list[Candidate], context: str,
                                 leads_to: Mapping[str, str]) -> list[Candidate]:
    """A follow-up that leads on to another node stands for that node: it ranks above the node in
    context only when its destination scores at least as high as that node for the input. Right
    after the battle, "what happened on the third day of the battle" is a question on the battle,
    not the follow-up "what happened after the battle" leading to the cemetery, whose node the
    question is not about (its short phrasings, each compared in full by the meaning view, score
    higher than the battle's many)."""
    node = next((candidate for candidate in candidates if candidate.key == context), None)
    if node is None:
        return candidates
    own = node.score
    scores = {candidate.key: candidate.score for candidate in candidates}
    return [candidate._replace(score=round(own - ELSEWHERE_BELOW, SCORE_DIGITS), held_back=True)
            if candidate.follows == context and candidate.score >= own
            and (destination := leads_to.get(candidate.key)) and scores.get(destination, 0.0) < own
            and _by_the_letter(candidate) <= _by_the_letter(node)
            else candidate for candidate in candidates]


def _by_the_letter(candidate: Candidate) -> float:
    """A candidate's confidence from its words, characters and phrasing: all but the meaning view."""
    return sum(w * v for w, v in zip(VIEW_WEIGHTS[:3], candidate.views[:3], strict=True)) if candidate.views else 0.0


def view_weights(sighted: float) -> tuple[float, float, float, float]:
    """`VIEW_WEIGHTS` for a question whose information is `sighted` (0..1) outside the guide's
    words that the meaning view has no vector for: the meaning view weighs that share of its
    weight, and the other views share the rest in their proportions. A guide's own technical
    term is read by the word, character and phrasing views alone; a word neither the guide nor
    the meaning view knows (a typo, "chlorinated" beside the guide's "chlorine") leaves the
    weights as they are: the meaning view still reads the rest of the question. Otherwise
    "what is leuconostoc", a word no vector knows, would score at most 0.65 against the
    phrasing "leuconostoc", and a question about a rare term is as specific as questions get. A
    question of function words alone ("what do i actually say to her") gives the meaning view no
    word to read, and is scored by the other views alone (`Index._score` passes sighted 0)."""
    w_words, w_chars, w_phrasing, w_meaning = VIEW_WEIGHTS
    meaning = w_meaning * min(1.0, max(0.0, sighted))
    scale = (1 - meaning) / (1 - w_meaning)
    return w_words * scale, w_chars * scale, w_phrasing * scale, meaning


_SIGHTED = view_weights(1.0)
"""The weights of a question the meaning view reads whole (most of them)."""


REFERENCE_CONFIDENCE = 0.9
"""The confidence of a list item the message names by position ("point 5"): above any
answer threshold, since the reader said which item they mean."""


def _with_item(candidates: list[Candidate], key: str, named: Reference) -> list[Candidate]:
    """The candidates with the named list item first."""
    found = next((c for c in candidates if c.key == key), None)
    item = (found or Candidate(key, 0.0, named.text, False))._replace(
        score=max(REFERENCE_CONFIDENCE, found.score if found else 0.0), explained=1.0, unexplained=())
    return [item, *(c for c in candidates if c.key != key)]


_FRAME = (r"(?:(?:so|ok|okay|and|but|hey|hi|hello|um|also)\s+)*"
          r"(?:what\s+(?:does|do|did|is|will)|does|do|did|is)\s+(?:the\s+|this\s+|that\s+)?"
          r"(?:article|post|piece|text|author|writer|guide|blog|essay|book|chapter|speech|leaflet|letter|paper|"
          r"report|document|poem|lecture|sermon|it|she|he|they|you)\s+"
          r"(?:say|says|said|think|thinks|mention|mentions|write|writes|talk|talks|cover|covers|discuss|discusses)"
          r"(?:\s+anything)?\s+(?:about|on|regarding|of)\s+")
"""How a reader asks what the text says about a topic: the frame is left out and the topic matched, so
that a node on rejection answers "what does the article say about rejection", not the one about the
article (compiled, by re's own cache, when a message first has one of these words)."""
_FRAME_VERBS = frozenset(["say", "says", "said", "think", "thinks", "mention", "mentions", "write", "writes",
                          "talk", "talks", "cover", "covers", "discuss", "discusses"])


def framed_topic(words: Sequence[str]) -> list[str]:
    """The topic's words of a question asking what the text says about it ([] when it is not one, or
    when the topic is only "that", "it" or other function words)."""
    if len(words) < 5 or _FRAME_VERBS.isdisjoint(words):
        return []
    found = re.match(_FRAME, " ".join(words))
    if found is None:
        return []
    rest = " ".join(words)[found.end():].split()
    return rest if any(word not in FUNCTION_WORDS for word in rest) else []


def _topic_words(normalized: Normalized) -> tuple[str, ...]:
    """A normalized text's words other than function words, each once."""
    return tuple(dict.fromkeys(t for t in normalized.tokens if t not in FUNCTION_WORDS))


def _as_read(normalized: Normalized) -> list[str]:
    """The words for the meaning view: a word of everyday English that the repair changed into
    a function word of the guide's is read as typed ("where was it given": "given", not "give",
    which the meaning view skips, leaving the question no meaning at all)."""
    if not normalized.repairs:
        return list(normalized.tokens)
    typed = {new: old for old, new in normalized.repairs if new in FUNCTION_WORDS and vector(old) is not None}
    return [typed.get(token, token) for token in normalized.tokens]


def _vague(text: str, words: Sequence[str], content: Sequence[str]) -> bool:
    """Does the message (`text`, its `words` as `tokenize` gives them) ask nothing, in words all
    common in everyday English (`VAGUE_RARITY`)?"""
    return bool(content) and len(words) <= REPLY_MAX_WORDS and not REPLY_WORDS.isdisjoint(words) \
        and max(map(rarity, content)) < VAGUE_RARITY and not inquires(text)


def decide_ranking(ranking: Ranking, settings: MatchSettings) -> Decision:
    """`_decide_ranking`, with three more rules. An answer to a long message carried by an asking tail
    that the whole message does not back is offered with the whole's topic (`_tail_disputed`). A short
    question whose frame asks for a duration, a price or a frequency (`Ranking.asked`) is declined when
    no node it would get holds an answer of that kind (`_not_given`). And a short question that would
    get a "did you mean" with its first candidate among the options is declined instead when it names a
    thing the guide never mentions (`Ranking.strangers`): "recipe for sourdough pizza dough" of a guide on keeping a
    starter, which says nothing of pizza."""
    decision = _decide_ranking(ranking, settings)
    decision = _tail_disputed(ranking, decision, settings) or decision
    unanswerable = _not_given(ranking, decision)
    if unanswerable is not None:
        return _given_instead(ranking, settings) or unanswerable
    if decision.kind != "clarify" or decision.candidates[0].key != ranking.candidates[0].key \
            or ranking.candidates[0].score >= STRANGER_BAND * settings.answer or not ranking.strangers:
        return decision  # (the strangers last: found only for a near miss)
    named = ", ".join(repr(word) for word in ranking.strangers[:3])
    reason = (f"{decision.reason[:-1]}; and the input names {named}, which the guide never says and "
              f"{decision.candidates[0].key!r} has no word close to: a question near its topic that the "
              "article does not answer, not worth a \"did you mean\".")
    return Decision("fallback", tuple(ranking.candidates[:3]), decision.confidence, reason)


def _tail_disputed(ranking: Ranking, decision: Decision, settings: MatchSettings) -> Decision | None:
    """A "did you mean" for an answer to a long message carried by the asking tail of one of its
    sentences (`segments.is_tail`) when the whole message ranks another topic first
    (`Ranking.whole_ranks`), or None.

    A tail is a guess at where a question starts inside a sentence of the story ("...I finish with
    'just shout if there's anything I can do' and she always says thanks and never asks for
    anything." -> "can do' and she always says..."), and the guess is often a piece of the story:
    when the whole message does not back it, the reader chooses between the two."""
    if decision.kind != "answer" or ranking.whole is None or ranking.reference:
        return None
    answered = decision.candidates[0]
    carrier = decision.sentence or answered.part
    if not carrier or answered.key == ranking.whole_first or not ranking.whole_ranks(settings) \
            or not is_tail(ranking.input, carrier):
        return None
    whole = next((c for c in ranking.candidates if c.key == ranking.whole_first), ranking.whole)
    reason = (f"{decision.reason[:-1]}; but “{carrier}” is the tail of a longer sentence, not a question of "
              f"its own, and the whole message ranks {whole.key!r} first ({ranking.whole_lead:.2f}x the next "
              "topic): the reader is offered both.")
    return Decision("clarify", (answered, whole), decision.confidence, reason)


def _not_given(ranking: Ranking, decision: Decision) -> Decision | None:
    """A fallback for an answer or "did you mean" whose every node says nothing of the kind the
    question asks for (`Ranking.ungiven`): "how much does a vet charge" reaching a node on hens'
    health that names no price. None when the question's frame asks for no kind read, or a node
    holds one."""
    if ranking.asked is None or decision.kind == "fallback" \
            or any(candidate.key not in ranking.ungiven for candidate in decision.candidates):
        return None
    nodes = ", ".join(repr(candidate.key) for candidate in decision.candidates)
    kind = DESCRIBED[ranking.asked.kind]
    reason = (f"{decision.reason[:-1]}; but the question asks “{ranking.asked.frame}” ({kind}), and nothing that "
              f"{nodes} {'says' if len(decision.candidates) == 1 else 'say'} gives {kind}: a question near its "
              "topic that the article does not answer.")
    return Decision("fallback", tuple(ranking.candidates[:3]), decision.confidence, reason)


def _given_instead(ranking: Ranking, settings: MatchSettings) -> Decision | None:
    """The answer, for a question whose first nodes give nothing of the kind it asks for
    (`_not_given`), of the best runner-up that does give it, scores at the answer threshold or
    more and leaves no more of the question's topic words unexplained than the first ("how often
    should i clean the coop" reaching first a node on cleaning it, then the daily routine's "clean
    the coop once a week"; not "long distance: how often should we video call" reaching a node on
    how often couples have sex, which says nothing of distance or calls); None when none does."""
    if ranking.asked is None:
        return None
    first = ranking.candidates[0]
    runner_up = next((candidate for candidate in ranking.candidates[1:] if candidate.key in ranking.given
                      and candidate.score >= settings.answer
                      and len(candidate.unexplained) <= len(first.unexplained)), None)
    if runner_up is None:
        return None
    kind = DESCRIBED[ranking.asked.kind]
    reason = (f"The question asks “{ranking.asked.frame}” ({kind}); nothing {first.key!r} says gives {kind}, and "
              f"{runner_up.key!r}, which does, scored {runner_up.score:.2f}, at the answer threshold "
              f"{settings.answer:.2f} or more.")
    return Decision("answer", (runner_up,), runner_up.score, reason)


def _decide_ranking(ranking: Ranking, settings: MatchSettings) -> Decision:
    """`decide`, with one more rule: an input whose content words the guide never uses is
    not worth a "did you mean" (its function words, "what is the ...", matched something).
    Only a confident answer (typos the repair missed, character-level matches) survives."""
    top = ranking.candidates[0].score if ranking.candidates else 0.0
    if ranking.reference and ranking.candidates:
        first = ranking.candidates[0]
        if ranking.whole is not None and ranking.whole_first and ranking.whole_first != first.key \
                and ranking.whole_ranks(settings):
            whole = next((c for c in ranking.candidates if c.key == ranking.whole_first), ranking.whole)
            return Decision("clarify", (first, whole), first.score,
                            f"The message names item {ranking.reference!r} of the source's numbered list: "
                            f"{first.key!r}; but it is a long message whose whole text ranks {whole.key!r} "
                            "first: the reader is offered both.")
        return Decision("answer", (first,), first.score,
                        f"The message names item {ranking.reference!r} of the source's numbered list: {first.key!r}.")
    if not ranking.content_words and ranking.candidates and not ranking.candidates[0].in_context \
            and not asks(ranking.input):  # "no.", "ok": a reply, not a question ("what can you tell me about")
        first = ranking.candidates[0]
        named = [w for w in tokenize(first.example) if w not in FUNCTION_WORDS]
        if named:
            about = ", ".join(repr(w) for w in named[:3])
            reason = (f"The input has no topic word of its own; its best match, {first.key!r} "
                      f"(“{first.example}”), is about {about}, which the input never says.")
            return Decision("fallback", tuple(ranking.candidates[:3]), top, reason)
    if ranking.off_topic and top < settings.answer:
        words = ", ".join(f"'{w}'" for w in ranking.content_words[:4])
        reason = (f"None of the input's topic words ({words}) occur in the guide, and the best match "
                  "scored {}, below the answer threshold {}.".format(*_apart(top, settings.answer)))
        return Decision("fallback", (), top, reason)
    decision = decide(ranking.candidates, settings)
    if decision.kind == "answer":
        heavier = outweighed(decision.candidates[0], ranking, settings)
        if heavier is not None:
            return heavier
    carried = question_leads(ranking, settings) if decision.kind != "answer" else None
    if carried is not None:
        return carried
    found = agreement(ranking, settings) if decision.kind != "answer" or _hesitant(decision.candidates[0], ranking) \
        else None
    if found is not None and decision.kind == "answer" and found[1].key != decision.candidates[0].key \
            and ranking.whole_lead * found[0].lead < CORROBORATED_LEAD ** 2:
        found = None  # overturning an answer takes two clear leads
    if found is not None:
        reading, candidate = found
        where = "question" if reading.asked else "story"
        reason = (f"The whole message ranks {candidate.key!r} first ({ranking.whole_lead:.2f}x the next topic), "
                  f"and its {where}'s sentence “{reading.sentence}” singles it out ({reading.lead:.2f}x the next; "
                  f"{CORROBORATED_LEAD:g}x needed){_floor_said(ranking, reading, candidate, settings)}.")
        return Decision("answer", (candidate,), candidate.score, reason, reading.sentence)
    if decision.kind != "answer" and ranking.corroborated and ranking.whole_ranks(settings):
        first, runner_up = ranking.candidates[0], ranking.candidates[1:2]
        second = runner_up[0].score if runner_up else 0.0
        if top >= settings.clarify and top > second \
                and ranking.whole_lead * _part_lead(first, ranking) >= CORROBORATED_LEAD:
            reason = (f"{first.key!r} scored {top:.2f} on the part “{first.part}”, and the whole message "
                      f"ranks it first too: the question and its story agree (clarify threshold "
                      f"{settings.clarify:.2f}).")
            return Decision("answer", (first,), top, reason)
        if top >= settings.clarify * CORROBORATED_FLOOR and top >= CORROBORATED_LEAD * second:
            reason = (f"{first.key!r} scored {top:.2f} on the part “{first.part}”, the whole message ranks "
                      f"it first too, and no other topic comes close ({second:.2f}; at least "
                      f"{CORROBORATED_LEAD:g}x needed, and {settings.clarify * CORROBORATED_FLOOR:.2f}).")
            return Decision("answer", (first,), top, reason)
    found = consensus(ranking, settings) if decision.kind != "answer" else None
    if found is not None:
        candidate, supporting = found
        said = "; ".join(f"“{r.sentence}” ({r.lead:.2f}x)" for r in supporting)
        reason = (f"Sentences of the message, the question among them, rank {candidate.key!r} first on their own: "
                  f"{said}; together {math.prod(r.lead for r in supporting):.2f}x the next topic "
                  f"({CORROBORATED_LEAD ** 2:.2f}x needed), and no sentence that asks singles out another.")
        strongest = max(supporting, key=lambda r: r.lead)
        return Decision("answer", (candidate,), candidate.score, reason, strongest.sentence)
    understood = answer_understood(ranking, settings) if decision.kind != "answer" else None
    if understood is None and decision.kind != "answer":
        understood = by_the_whole(ranking, settings) or long_lead(ranking, settings)
    return understood or decision


def long_lead(ranking: Ranking, settings: MatchSettings) -> Decision | None:
    """The answer for a long message (`LONG_WORDS`) whose first candidate leads the next topic clearly
    (`LONG_LEAD`) below the clarify threshold, down to `LONG_FLOOR` of it, or None.

    The clarify threshold is the score a few everyday questions of 3-10 words reach; a reader who
    tells a story scores lower on every node, the right one too, and the lead survives the story.
    Near misses of a guide's readers, as long, score as high and lead as little as their questions
    in their own words do: without the lead, a lower threshold for long messages answers them and
    as many wrong (docs/meaning-view.md)."""
    if not ranking.candidates:
        return None
    top = ranking.candidates[0]
    if not LONG_FLOOR * settings.clarify <= top.score < settings.clarify:
        return None  # (before the words are counted: most inputs fail here)
    words = len(tokenize(ranking.input))
    if words < LONG_WORDS:
        return None
    if ranking.whole is not None and (ranking.whole_first != top.key or not ranking.whole_ranks(settings)):
        return None  # read in parts, the whole does not rank it first: the rules that weigh the parts decide
    lead = _lead_over(top, ranking.candidates)
    if lead < LONG_LEAD:
        return None
    shown, needed = _apart(top.score, settings.clarify)
    reason = (f"{top.key!r} scored {shown}, below the clarify threshold {needed}, but the message is long "
              f"({words} words, {LONG_WORDS} or more) and it leads the next topic {lead:.2f}x ({LONG_LEAD:g}x "
              f"and a score of {LONG_FLOOR * settings.clarify:.2f} needed).")
    return Decision("answer", (top,), top.score, reason)


def question_leads(ranking: Ranking, settings: MatchSettings) -> Decision | None:
    """The answer for a long message whose question, read on its own, singles out a topic by two clear
    leads (`QUESTION_LEAD`), or None.

    A story lowers every score of its message, and a question read on its own is scored against
    thresholds calibrated on whole phrasings, where a clear lead counts only near the thresholds. "A
    group of us from church want to bring food to a family whose son died. Last time... they got
    about eight casseroles in two days and then nothing. How do we organise it better this time?":
    the question ranks the node on practical help 1.86x the next at 0.22 (clarify 0.27), and the
    whole message leans to the first days by 1.09x, which its first sentence singles out (1.46x):
    the question says what is asked. Answered when the part that asks is a sentence of the message
    (not a vague one read with the sentence before it, which the story decides), names a topic
    word the node uses (`Reading.named`), scores at least `CORROBORATED_FLOOR` of the clarify
    threshold, no other part that asks singles out another topic (`CORROBORATED_LEAD`), and no
    story sentence singles out the whole message's first topic by as much, the two leads together."""
    asked = _own_questions(ranking)
    if not asked:
        return None
    reading = max(asked, key=lambda r: r.lead)
    if reading.lead < QUESTION_LEAD or reading.score < settings.clarify * CORROBORATED_FLOOR:
        return None
    if any(r.asked and r.first != reading.first and r.lead >= CORROBORATED_LEAD for r in ranking.readings):
        return None  # the question points two ways
    rivals = [r.lead * ranking.whole_lead for r in ranking.readings if not r.asked and r.named
              and r.first == ranking.whole_first != reading.first]
    if rivals and max(rivals) >= reading.lead:
        return None  # the story outweighs it (`outweighed`)
    candidate = next((c for c in ranking.candidates if c.key == reading.first), None)
    if candidate is None:
        return None  # (not among the ranking's candidates: `rank`'s limit left it out)
    reason = (f"{candidate.key!r} scored {reading.score:.2f} on the question “{reading.sentence}”, below the "
              f"clarify threshold {settings.clarify:.2f}, but leads the next topic {reading.lead:.2f}x there "
              f"({QUESTION_LEAD:.2f}x and a score of {settings.clarify * CORROBORATED_FLOOR:.2f} needed), "
              "and no sentence of the story outweighs it.")
    return Decision("answer", (candidate,), candidate.score, reason, reading.sentence)


def _own_questions(ranking: Ranking) -> list[Reading]:
    """The readings of a long message's parts that ask, each read on its own (not with the sentence
    before it, as `Index._part_to_read` reads a vague one), that name a topic word of their first
    (`Reading.named`); none when the question is vague and its story says what it is about."""
    asked = [r for r in ranking.readings if r.asked and r.named]
    if not asked:
        return asked  # (a short message: no readings)
    own = set(asking(split_parts(ranking.input)))
    return [r for r in asked if r.sentence in own]


def outweighed(answered: Candidate, ranking: Ranking, settings: MatchSettings) -> Decision | None:
    """The answer for a long message whose story outweighs its question, or None.

    `answered` was scored on the part that asks, which ranks it first by some lead; the whole
    message ranks another topic first (`Ranking.whole_ranks`), and a sentence of the story singles
    that topic out (`CORROBORATED_LEAD`). When the two leads together, the whole message's and the
    story sentence's, exceed the question's (and `CORROBORATED_LEAD` squared, as for `agreement`),
    the story says what the reader asks about: "my boyfriend
    is deployed for 9 months. we video call when we can but there's no physical contact at all. is
    there anything in here for couples like us?" asks for the guide's conclusion by its words (1.63x
    the next), and is about a long-distance relationship by its story (1.47x on the whole message,
    1.79x on its first sentence)."""
    whole = ranking.whole
    if not answered.part or whole is None or whole.key == answered.key or not ranking.whole_ranks(settings):
        return None
    story = [r for r in ranking.readings if not r.asked and r.named and r.first == whole.key
             and r.lead >= CORROBORATED_LEAD]
    if not story:
        return None
    reading = max(story, key=lambda r: r.lead)
    asked = _part_lead(answered, ranking)
    together = ranking.whole_lead * reading.lead
    if together <= asked or together < CORROBORATED_LEAD ** 2:  # (overturning an answer takes two clear leads)
        return None
    reason = (f"{answered.key!r} scored {answered.score:.2f} on the part “{answered.part}” ({asked:.2f}x the next), "
              f"but the whole message ranks {whole.key!r} first ({ranking.whole_lead:.2f}x the next) and its story's "
              f"sentence “{reading.sentence}” singles it out ({reading.lead:.2f}x): together "
              f"{together:.2f}x, more than the question's lead.")
    return Decision("answer", (whole,), whole.score, reason, reading.sentence)


def by_the_whole(ranking: Ranking, settings: MatchSettings) -> Decision | None:
    """An answer for a long message that its whole text decides (`WHOLE_FLOOR`, `WHOLE_LEAD`), or None.

    "dad has had three falls since christmas, forgets to eat and the carers come four times a day now.
    i think he cant stay at home anymore but he refuses to even talk about moving. is it my call to make
    or his?": the question alone leans nowhere (two topics tie), two sentences of the story rank the
    node on moving into care first by a little each, and the whole message ranks it first at 0.29
    against a clarify threshold of 0.35. A sentence that asks and singles out another topic
    (`CORROBORATED_LEAD`) says the reader asks about something else; a message of one sentence is a
    question, which the thresholds decide."""
    whole = ranking.whole
    if whole is None or whole.score < WHOLE_FLOOR * settings.clarify or ranking.whole_lead < WHOLE_LEAD \
            or len(sentences(ranking.input)) < 2:
        return None
    if all(c.key != whole.key for c in ranking.candidates):
        return None  # (`rank`'s limit left it out, as `consensus` reads it)
    asked_elsewhere = [r for r in ranking.readings if r.asked and r.first != whole.key and r.lead >= CORROBORATED_LEAD]
    agreeing = [r for r in ranking.readings if r.first == whole.key]
    if asked_elsewhere or not agreeing:
        return None
    reading = max(agreeing, key=lambda r: r.lead)
    reason = (f"The whole message ranks {whole.key!r} first at {whole.score:.2f} ({ranking.whole_lead:.2f}x the next "
              f"topic; {WHOLE_FLOOR * settings.clarify:.2f} and {WHOLE_LEAD:g}x needed), its sentence "
              f"“{reading.sentence}” ranks it first too, and no sentence that asks singles out another topic.")
    return Decision("answer", (whole,), whole.score, reason)


def consensus(ranking: Ranking, settings: MatchSettings) -> tuple[Candidate, list[Reading]] | None:
    """The topic that sentences of a long message, the one that asks among them, rank first each on
    their own, with those sentences; or None.

    A story dilutes its question when scored as one block, and a reader's question is often generic
    ("what am i supposed to do?", "any advice?") while the story says what it is about: "i keep
    telling my sister in law to call me if she needs anything... i want to help but she wont ask.
    what am i supposed to do?" ranks 'practical help' first sentence by sentence, by no large lead
    in any one. Answered when a part that asks and at least one other sentence (not part of it) rank
    the same topic first, their leads multiply to `CORROBORATED_LEAD` squared (two clear leads),
    no part that asks singles out another topic (`CORROBORATED_LEAD`), and the topic scores at
    least `CORROBORATED_FLOOR` of the clarify threshold on one of them."""
    ranked = [r for r in ranking.readings if r.score > 0 and r.lead > 1.0]  # (a tie at nothing ranks nothing)
    asked = [r for r in ranked if r.asked]
    readings = [r for r in ranked if r.named or r.asked]
    if not asked or len(readings) < 2:
        return None
    best: tuple[float, str, list[Reading]] | None = None
    for key in dict.fromkeys(r.first for r in asked):
        if any(r.first != key and r.lead >= CORROBORATED_LEAD for r in asked):
            return None  # the question points two ways
        question = max((r for r in asked if r.first == key), key=lambda r: r.lead)
        story = [r for r in readings if r.first == key and r is not question and r.named
                 and r.sentence not in question.sentence and question.sentence not in r.sentence]
        if not story:
            continue
        supporting = [question, *story]
        lead = math.prod(r.lead for r in supporting)
        if lead >= CORROBORATED_LEAD ** 2 and (best is None or lead > best[0]):
            best = (lead, key, supporting)
    if best is None:
        return None
    _, key, supporting = best
    score = max(r.score for r in supporting)
    if score < settings.clarify * CORROBORATED_FLOOR:
        return None
    found = next((c for c in ranking.candidates if c.key == key), None)
    if found is None:
        return None  # (not among the ranking's candidates: `rank`'s limit left it out)
    candidate = found
    return candidate._replace(score=max(candidate.score, round(score, SCORE_DIGITS)),
                              part=candidate.part or supporting[0].sentence), supporting


def answer_understood(ranking: Ranking, settings: MatchSettings) -> Decision | None:
    """An answer for a ranking whose best candidate leads clearly and explains the question
    (`Ranking.kinship`; `MatchSettings.understood`, UNDERSTOOD_SHARE, UNDERSTOOD_FLOOR), or None."""
    least = settings.understood
    if least is None or not ranking.candidates:
        return None
    top = ranking.candidates[0]
    lead = _lead_over(top, ranking.candidates)
    if lead < least or top.score < UNDERSTOOD_FLOOR * settings.clarify:
        return None  # (before the kinship is read: found only when it could answer)
    found = ranking.kinship
    if found is None or found.key != top.key or found.orphans or found.share < UNDERSTOOD_SHARE:
        return None
    kin = [f"'{word}' as '{closest}'" for word, closest, cosine in found.kin if cosine >= KIN]
    kin_said = f" (by kin words: {', '.join(kin[:4])})" if kin else ""
    reason = ("{!r} scored {}, below the answer threshold {}, ".format(top.key, *_apart(top.score, settings.answer))
              + f"but leads the next topic {lead:.2f}x "
              f"({least:g}x needed) and explains {found.share:.0%} of the input's topic words"
              f"{kin_said}, every rare one among them.")
    return Decision("answer", (top,), top.score, reason)


def _runner_up(candidates: Sequence[Candidate]) -> tuple[Candidate | None, list[Candidate]]:
    """The first candidate after the first that is an alternative to it, and those ranked before it
    that are not: one that quotes nothing the first does not (`_quotes_within`), and a follow-up of
    the first, which is the node just answered (a part of its topic, not another topic)."""
    top = candidates[0]
    within: list[Candidate] = []
    for candidate in candidates[1:]:
        if not _quotes_within(candidate, top) and candidate.follows != top.key:
            return candidate, within
        within.append(candidate)
    return None, within


def _lead_over(top: Candidate, candidates: Sequence[Candidate]) -> float:
    """How many times `top` (the first of `candidates`) scores its runner-up (`_runner_up`;
    LEAD_CAP when that scores nothing)."""
    runner_up, _ = _runner_up(candidates)
    second = runner_up.score if runner_up else 0.0
    return min(LEAD_CAP, top.score / second) if second > 0 else LEAD_CAP


def agreement(ranking: Ranking, settings: MatchSettings) -> tuple[Reading, Candidate] | None:
    """The sentence of a long message that singles out the topic its whole text ranks first, and
    that topic's candidate, or None.

    A story is scored two ways: as one block, where every sentence counts by its words, and
    sentence by sentence, where the one sentence that ranks a topic far ahead of the guide's others
    (at least `CORROBORATED_LEAD` times the next) says what the message is about, however many
    words the others have. When the two agree, the message is about that topic. The question
    carries the message when a part that asks singles out a topic at the clarify threshold on its
    own; otherwise ("should i be worried?", "is two ok or will they be miserable?") the reader's
    topic is in the story, and any sentence may single it out. A hub node (a welcome, an overview)
    that the whole story leans to by breadth is not answered unless one sentence is about it.
    As in the "question and story agree" rule, the topic must score at least `CORROBORATED_FLOOR`
    of the clarify threshold, on the message or on the sentence: a story about something else
    ("my car has been making a weird clicking noise...") makes every score nearly nothing, and
    one of them leads by chance; and the whole message must score its first itself
    (`WHOLE_RANKS_FLOOR`).
    """
    if not ranking.readings or ranking.whole_lead <= 1.0 or not ranking.whole_ranks(settings):
        return None
    asked = [r for r in ranking.readings if r.asked and r.score >= settings.clarify and r.lead >= CORROBORATED_LEAD]
    agreeing = [r for r in asked or ranking.readings if r.first == ranking.whole_first]
    if not agreeing:
        return None
    reading = max(agreeing, key=lambda r: r.lead)
    if reading.lead < CORROBORATED_LEAD or not reading.named:
        return None
    candidate = next((c for c in ranking.candidates if c.key == reading.first), None)
    if candidate is None or max(candidate.score, reading.score) < agreement_floor(ranking, reading, settings):
        return None  # a lead among scores near nothing is noise ("the mechanic says it's the cv joint.")
    return reading, candidate


def agreement_floor(ranking: Ranking, reading: Reading, settings: MatchSettings) -> float:
    """The score `agreement` needs: `CORROBORATED_FLOOR` of the clarify threshold; when the question
    is vague (`_own_questions`: "is that still ok?", "what does the article suggest for that?") or
    the whole message alone singles its topic out by two clear leads (`WHOLE_LEADS`), lowered by the
    square root of how far the two leads together (the whole message's, and the sentence's counted
    up to `COUNTED_LEAD`) exceed `CORROBORATED_LEAD` squared (`VAGUE_FLOOR_POWER`): the story
    then carries every word of the topic, and the more it reads as one topic, the less its diluted
    score says."""
    floor = settings.clarify * CORROBORATED_FLOOR
    share = _story_floor(ranking, reading)
    return floor if share is None else floor * share


def _floor_said(ranking: Ranking, reading: Reading, candidate: Candidate, settings: MatchSettings) -> str:
    """What `agreement`'s reason adds when its answer scores below `CORROBORATED_FLOOR` of the clarify
    threshold: the lower floor the story's leads allowed (`agreement_floor`), and why."""
    score = max(candidate.score, reading.score)
    if score >= settings.clarify * CORROBORATED_FLOOR:
        return ""
    why = "the question names no topic of its own" if not _own_questions(ranking) else \
        f"the whole message alone leads by {WHOLE_LEADS:.2f}x or more"
    return (f"; it scores {score:.2f}, below {settings.clarify * CORROBORATED_FLOOR:.2f}, but {why}, and the two leads "
            f"together lower the floor to {agreement_floor(ranking, reading, settings):.2f}")


def _story_floor(ranking: Ranking, reading: Reading) -> float | None:
    """The share of `CORROBORATED_FLOOR` that `agreement_floor` lowers its floor to, or None when
    it is not lowered."""
    if ranking.whole_lead >= LEAD_CAP:
        return None  # the whole message leads over nothing: a story about something else leans to one hub node
    together = ranking.whole_lead * min(reading.lead, COUNTED_LEAD)
    if together <= CORROBORATED_LEAD ** 2 or (ranking.whole_lead < WHOLE_LEADS and _own_questions(ranking)):
        return None
    return (CORROBORATED_LEAD ** 2 / together) ** VAGUE_FLOOR_POWER


def _hesitant(answered: Candidate, ranking: Ranking) -> bool:
    """Was `answered` scored on a part of a long message that does not single it out?"""
    return bool(answered.part) and _part_lead(answered, ranking) < CORROBORATED_LEAD


def _part_lead(candidate: Candidate, ranking: Ranking) -> float:
    """How far the part of a long message that scored `candidate` ranks it ahead (`Reading.lead`;
    `LEAD_CAP` if it is not that part's first)."""
    return next((r.lead for r in ranking.readings if r.sentence == candidate.part and r.first == candidate.key),
                LEAD_CAP)


def _first_and_lead(candidates: Sequence[Candidate]) -> tuple[Candidate, float]:
    """The best of `candidates` and its lead over the next (a ratio, at most `LEAD_CAP`; 1 when
    nothing scores: no lead)."""
    ordered = sorted(candidates, key=lambda candidate: (-candidate.score, candidate.key))
    top = ordered[0].score
    second = ordered[1].score if len(ordered) > 1 else 0.0
    if top <= 0:
        return ordered[0], 1.0
    return ordered[0], round(min(LEAD_CAP, top / second) if second > 0 else LEAD_CAP, SCORE_DIGITS)


def _apart(score: float, *limits: float) -> tuple[str, ...]:
    """`score` and the `limits` it is compared with, to two decimals, or to as many more (up to four)
    as it takes to tell the score from each: "0.305 below 0.310", not "0.31 below 0.31"."""
    for digits in (2, 3, 4):
        shown = [f"{value:.{digits}f}" for value in (score, *limits)]
        if all(shown[0] != other for other, limit in zip(shown[1:], limits, strict=True) if limit != score):
            break
    return tuple(shown)


def decide(candidates: Sequence[Candidate], settings: MatchSettings) -> Decision:
    """The decision for ranked `candidates` (best first) under `settings`."""
    if not candidates:
        return Decision("fallback", (), 0.0, "Nothing in the input matches any topic.")
    top = candidates[0]
    if top.score < settings.clarify:
        reason = (
            "The best match, {!r}, scored {}: below the clarify threshold {}.".format(
                top.key, *_apart(top.score, settings.clarify))
        )
        return Decision("fallback", tuple(candidates[:3]), top.score, reason)
    runner_up, within = _runner_up(candidates)  # (those within quote nothing `top` does not)
    second = runner_up.score if runner_up else 0.0
    lead = round(top.score - second, SCORE_DIGITS)
    set_aside = [repr(c.key) for c in within if c.score > second and c.follows != top.key]
    parts = [repr(c.key) for c in within if c.score > second and c.follows == top.key]
    asides = ([f"{', '.join(set_aside)} quotes nothing it does not"] if set_aside else []) \
        + ([f"{', '.join(parts)}, {'its follow-ups, are' if len(parts) > 1 else 'its follow-up, is'} part of its topic"]
           if parts else [])
    aside = f" ({'; '.join(asides)})" if asides else ""
    margin = answer_margin(top.score, settings)
    if top.score >= settings.answer and lead >= margin:
        reason = (
            f"{top.key!r} scored {top.score:.2f} (answer threshold {settings.answer:.2f}) "
            f"and leads the next topic by {lead:.2f} (margin {margin:.2f} at that score){aside}."
        )
        return Decision("answer", (top,), top.score, reason)
    needed = dominance_lead(top.score, settings)
    if top.score < settings.answer and lead >= needed and top.explained >= DOMINANCE_EXPLAINED:
        reason = (
            "{!r} scored {}, below the answer threshold {}, ".format(top.key, *_apart(top.score, settings.answer)) +
            f"but leads the next topic by {lead:.2f} (at least {needed:.2f} needed at that score) "
            f"and its examples use {top.explained:.0%} of the input's topic words."
        )
        return Decision("answer", (top,), top.score, reason)
    if top.score >= settings.answer:
        rival = f"{runner_up.key!r} ({runner_up.score:.2f})" if runner_up else "no other topic"
        reason = (
            f"{top.key!r} ({top.score:.2f}) leads {rival} by " +
            "{}, less than the margin {} it needs at that score.".format(*_apart(lead, margin))
        )
    else:
        reason = (
            "{!r} scored {}: above the clarify threshold {} but below the answer threshold {}".format(
                top.key, *_apart(top.score, settings.clarify, settings.answer))
        )
        if lead < needed < math.inf:
            reason += f", and it leads the next topic by {lead:.2f}, not the {needed:.2f} that would answer it"
        elif top.explained < DOMINANCE_EXPLAINED:
            reason += f", and its examples never use {', '.join(repr(w) for w in top.unexplained[:4])}"
        reason += "."
    return Decision("clarify", _clarify_options(candidates, settings), top.score, reason)


def _quotes_within(candidate: Candidate, top: Candidate) -> bool:
    """Is every quote of `candidate` part of a quote of `top` from the same paragraph? Then it
    is no alternative: answering with `top` shows the reader all it would ("did you mean"
    would offer the same passage twice)."""
    return bool(candidate.passages) and all(
        any(where == place and text in quoted for place, quoted in top.passages)
        for where, text in candidate.passages)


def answer_margin(score: float, settings: MatchSettings) -> float:
    """The lead a candidate scoring `score` (at or above `answer`) needs to be answered: the
    full `margin` at the answer threshold, half of it at a perfect score. A question typed as
    a phrasing is written answers its node even when a close neighbour scores nearly as well."""
    if score <= settings.answer or settings.answer >= 1:
        return settings.margin
    shortfall = max(0.0, 1 - score) / (1 - settings.answer)
    return round(settings.margin * (0.5 + 0.5 * shortfall), SCORE_DIGITS)


def dominance_lead(score: float, settings: MatchSettings) -> float:
    """The lead over the runner-up that answers a candidate scoring `score`, below `answer`.

    `margin` at the answer threshold, rising by `dominance` per point the score falls short:
    the weaker the match, the clearer its win must be. Infinite when dominance is off.
    """
    if settings.dominance is None:
        return math.inf
    return round(settings.margin + settings.dominance * max(0.0, settings.answer - score), SCORE_DIGITS)


def _clarify_options(
    candidates: Sequence[Candidate], settings: MatchSettings
) -> tuple[Candidate, ...]:
    """The top candidates reaching the clarify threshold: at least two (if any), at most three."""
    reaching = [c for c in candidates[:3] if c.score >= settings.clarify]
    return tuple(candidates[:2]) if len(reaching) < 2 else tuple(reaching)


def phrasing_similarity(text: str, examples: Sequence[str]) -> tuple[float, int]:
    """Mean rapidfuzz `ratio` (0..1) of the best TOP_EXAMPLES `examples`, and the best's index.

    An intent with fewer examples is averaged over those it has. (The index raises this by
    containment for its leading intents: `_phrasings`.)
    """
    best = process.extract(text, examples, scorer=fuzz.ratio, limit=TOP_EXAMPLES)
    if not best:
        return 0.0, -1
    return _mean(best), best[0][2]


def _mean(best: Sequence[tuple[str, float, int]]) -> float:
    """Mean score (0..1) of rapidfuzz `extract` results; 0 for none."""
    return sum([score for _, score, _ in best]) / (100 * len(best)) if best else 0.0


def _phrasings(
    text: str,
    size: int,
    content: Mapping[str, float],
    intents: Sequence[_Intent],
    bests: Sequence[Sequence[tuple[str, float, int]]],
    means: Sequence[float],
    rows: Sequence[int],
) -> list[tuple[float, int]]:
    """The phrasing view of `text` (`size` words, topic words `content` with their weights)
    for each intent, given its best examples by `ratio` (`bests`, and their `means`), as
    (score, best example).

    For the intents in `rows`, an example with fewer words than `text` scores at least its
    `token_set_ratio` (100 when `text` has every word of it) times the weighted share of the
    text's topic words that the example has: a long question is as close to an example as
    the part of it that says the same thing ("my bf ignores me for hours, what triggers
    attachment anxiety" contains "what triggers attachment anxiety"), but "what does the
    article say about rejection" is not "what does the article say": its rarest word is
    missing. Never the other way round: a short question isn't close to every longer
    example that has its words. Only the TOP_EXAMPLES shorter examples sharing the most
    topic words with `text` are compared so, all intents' in one rapidfuzz call.
    """
    total = sum(content.values())
    picked: list[tuple[int, int, list[float]]] = []  # (row, example, the weights of the topic words it has)
    for row in rows:
        intent = intents[row]
        shared: dict[int, list[float]] = {}  # example -> the weights of the text's topic words it has, in order
        lengths, postings = intent.lengths, intent.postings
        for word, weight in content.items():
            for i in postings.get(word, ()):  # (every word of the example that is not a function word)
                if lengths[i] < size:
                    if i in shared:
                        shared[i].append(weight)
                    else:
                        shared[i] = [weight]
        if shared:  # the most shared first, then the first written
            ranked = sorted([(-len(weights), i) for i, weights in shared.items()])[:TOP_EXAMPLES]
            picked.extend((row, i, shared[i]) for _, i in ranked)
    raised: dict[int, dict[int, float]] = {}
    if picked:
        choices = [intents[row].texts[i] for row, i, _ in picked]
        for _, contained, j in process.extract(text, choices, scorer=fuzz.token_set_ratio, limit=None):
            row, i, weights = picked[j]
            if total:
                contained *= sum(weights) / total
            scores = raised.get(row)
            if scores is None:
                scores = raised[row] = {i: score for _, score, i in bests[row]}
            # An example outside the best three by ratio has a ratio no higher than theirs:
            # where its containment doesn't beat them, it doesn't count either way.
            if contained > scores.get(i, 0.0):
                scores[i] = contained
    results = []
    for row, best in enumerate(bests):
        if row in raised:  # the highest first, then the first written
            top = sorted([(-score, i) for i, score in raised[row].items()])[:TOP_EXAMPLES]
            results.append((sum([-score for score, _ in top]) / (100 * len(top)), top[0][1]))
        else:
            results.append((means[row], best[0][2] if best else -1))
    return results


@cache
def _explained(unexplained: int, words: int) -> float:
    """`Candidate.explained` of a candidate that leaves `unexplained` of the input's `words` topic words
    unexplained (a handful of values, each rounded once)."""
    return round(1 - unexplained / words, SCORE_DIGITS)


def _best(count: int, positions: Iterable[int], scores: Sequence[float]) -> list[int]:
    """The `count` positions with the highest scores, best first, ties in the order given: what
    `heapq.nlargest` returns, but one C sort is faster for the few dozen positions here."""
    return sorted(positions, key=scores.__getitem__, reverse=True)[:count]


def _is_function_feature(feature: str) -> bool:
    """A word feature made of function words only ("what", "do i"): one the guide has never
    seen says nothing against a match (`FieldTable` neutral features)."""
    return _of_function_stems(feature)


@lru_cache(maxsize=16384)
def _of_function_stems(feature: str) -> bool:
    """`_is_function_feature`, remembered (the engine cache keeps the function, not its memory)."""
    return FUNCTION_STEMS.issuperset(feature.split(" "))


def _words_of(text: str) -> list[str]:
    """Word features of a normalized text: stems and adjacent stem pairs."""
    return word_features([stem(word) for word in text.split()])


def _stems_of(text: str) -> list[str]:
    """The stems of a normalized text, each once: a node's content counts by its words alone
    (pairs of them would add thousands of postings for little)."""
    return list(dict.fromkeys(stem(word) for word in text.split()))


def _count(texts: Sequence[str], features: Callable[[str], list[str]]) -> Counter[str]:
    """How often each feature occurs in `texts` (an intent's document)."""
    return Counter(chain.from_iterable(map(features, texts)))


class _StoredIntents:
    """The compiled intents as the engine cache keeps them: each one marshal blob of its fields,
    made an `_Intent` the first time it is read. A question reads the dozen or so it shortlists,
    so a start no longer makes the ~13,000 objects of all of them (strings, tuples, postings:
    about 1 ms of every `guide ask`). A sequence of `_Intent`, read by position or in order."""

    __slots__ = ("_blobs", "_made")

    def __init__(self, blobs: tuple[bytes, ...]) -> None:
        self._blobs = blobs
        self._made: list[_Intent | None] = [None] * len(blobs)

    @classmethod
    def of(cls, intents: Sequence[_Intent]) -> "_StoredIntents":
        """``intents`` stored (already stored: as they are, none of them made again)."""
        return intents if isinstance(intents, cls) else cls(tuple(map(_intent_blob, intents)))

    def __len__(self) -> int:
        return len(self._blobs)

    def __getitem__(self, position: int) -> _Intent:
        made = self._made[position]
        if made is None:
            made = self._made[position] = _intent_of_blob(self._blobs[position])
        return made

    def __iter__(self) -> Iterable[_Intent]:
        return map(self.__getitem__, range(len(self._blobs)))

    def __reduce__(self) -> tuple[type, tuple[tuple[bytes, ...]]]:
        return (_StoredIntents, (self._blobs,))


def _intent_blob(intent: _Intent) -> bytes:
    """An `_Intent` as marshal data: its spec's fields, then its own (the vectors as their bytes)."""
    spec, texts, originals, lengths, postings, stems, said, vectors, words, asks = intent
    return marshal.dumps((tuple(spec), texts, originals, lengths, postings, stems, said,
                          tuple(vector.tobytes() for vector in vectors), words, asks))


def _intent_of_blob(blob: bytes) -> _Intent:
    """The `_Intent` of an `_intent_blob` (its vectors float32 arrays, as `_compile_intent` makes them)."""
    # (a blob of the engine cache: a file only this user can have written, guide/cache.py)
    spec, texts, originals, lengths, postings, stems, said, vectors, words, asks = marshal.loads(blob)  # noqa: S302
    return _Intent(IntentSpec(*spec), texts, originals, lengths, postings, stems, said,
                   tuple(array("f", vector) for vector in vectors), words, asks)


def _compile_intent(
    spec: IntentSpec, example_words: Sequence[Sequence[str]], normalizer: Normalizer, content: Sequence[str] = ()
) -> _Intent:
    """Normalize the (tokenized) examples; drop those with no words left."""
    pairs = [
        (normalizer.normalize_words(words, repair=False).text, original)
        for words, original in zip(example_words, spec.examples, strict=True)
    ]
    kept = [(text, original) for text, original in pairs if text]
    texts = tuple(t for t, _ in kept)
    stems = frozenset(stem(word) for text in (*texts, *content) for word in text.split())
    said = [v for v in (text_vector(text.split()) for text in content) if v is not None][:CONTENT_PROTOTYPES]
    vectors = tuple(array("f", v) for v in prototypes([text.split() for text in texts])) + tuple(
        array("f", (CONTENT_DISCOUNT * x for x in v)) for v in said)  # arrays: one buffer each in the cache
    lengths = tuple(t.count(" ") + 1 for t in texts)
    postings: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        for word in dict.fromkeys(text.split()):
            if word not in FUNCTION_WORDS:
                postings.setdefault(word, []).append(i)
    return _Intent(spec, texts, tuple(o for _, o in kept), lengths,
                   {word: tuple(ids) for word, ids in postings.items()}, stems, bool(content), vectors,
                   node_words((*texts, *content)),
                   tuple(dict.fromkeys(asked.kind for asked in map(asked_for, example_words) if asked is not None)))
