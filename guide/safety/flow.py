"""The safety flow of one conversation: a small, explicit state machine.

``assess`` (detector.py) judges one message alone. A conversation needs more: after a
disclosure the guide asks "Are you safe right now?", and the next message is first of
all an answer to that question; later messages are read in the light of the disclosure.

Phases::

    calm      no disclosure in this conversation yet
    asked     a safety reply has just asked how the reader is, or whether they are safe
    unsafe    the reader said they are not safe, or not sure
    careful   a disclosure happened earlier, and its check-in is behind us

What one message does (``SafetyFlow.read``), first rule that applies::

    asked|unsafe  the answer says not safe, or not sure ("no", "idk")  -> not_safe  -> unsafe
    any           the message is a risk on its own (tier 1/2)          -> disclosure -> asked
                  (someone else's medical emergency: nothing asked       -> careful)
    not calm      after worry about someone else, a follow-up about them -> disclosure, immediate
                  that says they are in danger now (two kinds: gone,      danger to someone else
                  unreachable, at a place, a means or a note left,        (-> careful)
                  not coming back)
    not calm      it adds a detail of present danger ("he has a gun"), -> disclosure, raised
                  and is not itself immediate danger (or the learned      to immediate danger
                  model scores it near a disclosure, with a time, an
                  act begun, a means at hand or someone here)
    asked|unsafe  the answer says safe ("yes, he left")                -> safe      -> careful
                  (with the rest of the message as a question, if it asks one)
    unsafe        anything but a question                              -> not_safe
    calm          a short "no" or "not sure" right after a statement     -> not_safe  -> unsafe
                  that no rule matched but that named a means, a place      (``missed``: the earlier
                  or a time of danger ("i found my dad's shotgun key" /      message is read again
                  "i dont think so tbh"), or that the learned model          in the reply's light)
                  scored near a disclosure (``watched``)
    calm          after such a statement, an answer that says safe       -> safe      -> careful
                  ("yeah, walked back off it, my uncle's with me")
                  (anything else after it gets the resource line under the reply)
    not calm      a deflection ("jk", "ok", "whatever")                -> check_in  -> asked
                  (after someone else's medical emergency: its reply again, -> careful)
    asked         a statement, not a question ("doing it again tonight")  -> carry_on  -> careful
                  (story_only: it goes on with the story the check-in asked about)
    any           anything else                                        -> carry_on  -> careful

A disclosure's tier never drops below the session's: the session keeps its most serious
disclosure's tier and category, so a follow-up can raise them and never lowers them.
``carry_on`` is the conversation's normal path; with ``story`` set (the message answers
the check-in some other way, or continues the reader's story rather than asking), a
"not covered" or "did you mean" must not answer it: the conversation gives a careful
reply instead and reports it with ``checked_in``. With ``story_only`` set, no article
answer at all: a few words that go on with a disclosure take their meaning from it, and
an article passage that happens to share a word ("another go" -> a passage on trying new things) would
be a cheerful answer to someone in crisis; commands and help requests still work.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see guide/frozen.py.
import re
from enum import Enum
from functools import cache
from typing import Literal

from guide.records import NamedTuple
from guide.safety import present
from guide.safety.detector import (
    Assessment,
    has_exception,
    is_question,
    model_scores,
    normalized_tokens,
    signal_spans,
    signals_in,
)
from guide.safety.rules import default_rules

UNSAFE, UNSURE, SAFE = "answer_unsafe", "answer_unsure", "answer_safe"
ANSWERS = frozenset((UNSAFE, UNSURE, SAFE))
DANGER = frozenset(("danger_means", "danger_near", "danger_place", "danger_trapped", "danger_threat",
                    "intent", "plan_means", "plan_note", "approach", "cornered", "time_when", "door_locked",
                    "heading_place", "overdose_effects", "wound_open", "at_place_now"))
"""Signals (rules.yaml) of present danger that raise an earlier disclosure to tier 1."""

PROTECTIVE_WHEN_SAFE = frozenset(("door_locked",))
"""Danger signals that, in an answer saying the reader is safe, describe the reader's protection: "yes,
in my flat now, front door locked" (but "the door's locked" after "he won't let me leave" is being trapped)."""

FROM_SOMEONE = frozenset(("danger_near", "danger_trapped", "danger_threat", "approach", "cornered"))
"""The danger signals about another person (he is home, at the door, she locked me in): they raise
a disclosure of harm from someone else, not one of suicidal thoughts ("yes, my boyfriend is here
with me" answers a check-in after "i want to die")."""

MODEL = frozenset(("model",))
"""``SafetyFlow.unread`` for a statement watched for its learned score."""

OTHER_AT_RISK = frozenset(("other_gone", "other_unreachable", "other_means", "other_refuses", "danger_place",
                           "at_place_now", "place_shared"))
"""Signals (rules.yaml) that, after worry about someone else (third_party), say that person is in danger now:
two kinds of them in one follow-up ("he's not in his room and his climbing rope's gone from the hook": gone, and
a means gone with him; "her phone's off. she said she was going to the seafront") raise it to
immediate_danger_other, the emergency number first."""

WORRY = frozenset(("other_low",))
"""Signals (rules.yaml) of worry about someone else that is no disclosure: "my nan's been really low since grandad",
"my friend sent me a really long thank-you text tonight". The message gets its everyday reply; a follow-up about
them with two kinds of OTHER_AT_RISK ("she's not picking up and her location's at the reservoir") is present danger
to them, as after a disclosure (round 18)."""

WEAK_FOR_THEM = frozenset(("danger_place", "plan_note", "heading_place", "time_when", "approach", "danger_near"))
"""Danger signals that, alone, do not raise a follow-up about someone else the reader worries about: a place named
("he took the dog for a walk by the river"), a note that says where they went ("she left a note saying she's gone
to the shops"); with a second kind of OTHER_AT_RISK they do."""

SELF = frozenset(("i", "myself"))
THEY = frozenset(("he", "she", "they", "him", "her", "them", "his", "their", "himself", "herself", "themselves"))
"""After worry about someone else, a follow-up with "i" and no word for another person is about the reader ("i'm on
the bridge now"); one that names them ("she's locked herself in and i can smell gas"), or no one ("there's a
note on the fridge and the car's gone"), is about them."""

REREAD = frozenset(("danger_means", "plan_means", "plan_note", "intent", "heading_place", "means_held", "place_near",
                    "drop_scene", "armed", "threat_me", "place_scouted"))
"""Signals (rules.yaml) of a means, a place or a time of danger: a statement with one of them that no
rule matched is read again when the next message is a short "no" or "not sure"."""

WATCH_SCORE = 0.9
"""A calm statement that got no safety reply and whose learned risk score (model.py) reaches this is watched as if
it named a means: the model is not sure enough for a safety reply (0.97), but a short "no" after it is read as the
answer to the question the guide should have asked. Chosen by leave-one-writer-out (docs/safety-rules.md, "Round
13"): at 0.85 the held-out quiet statements watched rose from 3 to 14 of 368."""

REREAD_MAX_WORDS = 6
"""A reply this short or shorter can answer an unasked "are you safe?" ("i dont think so tbh"); a
longer one says what it means."""

IMMEDIATE = frozenset(("immediate_danger", "immediate_danger_dv", "medical_emergency", "immediate_danger_other"))
"""Categories that already put the emergency number first."""

NO_CHECK_IN = frozenset(("medical_emergency", "immediate_danger_other"))
"""Disclosures whose reply asks nothing about the reader's own safety (someone else's medical emergency): the
next message is not read as an answer to "are you safe?" (a "no" would get the words for a reader who is not
safe); the session is careful, and a deflection gets the check-in."""

VIOLENCE = frozenset(("domestic_violence", "immediate_danger_dv", "coercion", "sexual_assault", "compliance"))
"""Disclosures of harm from someone else: their replies name the domestic-violence line."""

DEFLECTIONS = (
    "jk", "just kidding", "kidding", "joking", "jokes", "lol", "lmao", "haha", "ok", "okay", "k", "kk",
    "fine", "nvm", "never mind", "nevermind", "whatever", "forget it", "sure", "cool", "thanks", "thank you",
    "yes", "yeah", "yep", "no", "nope", "nah", "maybe", "idk", "nothing", "hm", "hmm", "oh", "right",
)
"""Short replies that, after a disclosure, get a gentle check-in again, never a cheerful answer."""

# compiled the first time a check-in answer asks something else (re's cache), not at import
_CLAUSES = r"[.!?;\n]+|,\s*|\s+-+\s+|\s+(?:but|and|so|also|anyway)\s+"
_POINTERS = frozenset(("that", "this", "it", "those", "these"))
_BACK_WORDS = frozenset((
    "what", "whats", "what's", "is", "are", "was", "does", "do", "did", "that", "that's", "thats", "this", "it",
    "it's", "its", "those", "these", "about", "mean", "means", "meant", "by", "the", "article", "author", "say",
    "says", "said", "explain", "explains", "talk", "talking", "tell", "me", "more", "how", "why", "true", "so",
    "then", "exactly", "really", "there", "in", "of", "on", "a", "can", "you", "u", "like", "with", "all",
))
"""Words of a question that points back at what came before it ("what's that about", "does the
article explain that"): with one of the pointers and nothing else, the question is the clause before."""

_DISCLOSED = frozenset(("suicidal_ideation", "self_harm", "sexual_assault", "domestic_violence", "coercion",
                        "hopelessness", "recurrence", "immediate_danger", "immediate_danger_dv", "method_seeking"))
"""Categories whose mention in a statement, even past or denied ("i used to cut"), keeps the
session careful."""

Action = Literal["disclosure", "not_safe", "safe", "check_in", "carry_on"]


class Phase(Enum):
    CALM = "calm"
    ASKED = "asked"
    UNSAFE = "unsafe"
    CAREFUL = "careful"


class Step(NamedTuple):
    """What the conversation should do with one message."""

    action: Action
    assessment: Assessment
    """The message's assessment; for ``disclosure``, raised to the session's tier if lower."""
    category: str = ""
    """The session's disclosure category (for replies that depend on it)."""
    question: str = ""
    """For ``safe``: the part of the message that asks something else."""
    story: bool = False
    """For ``carry_on``: a "not covered" or "did you mean" must not answer this message."""
    story_only: bool = False
    """For ``carry_on``: no article answer either; the careful reply (the message, right after the
    check-in, goes on with the reader's story)."""
    missed: bool = False
    """For ``not_safe``: the disclosure was the message before, which no rule matched; it is read
    again now that the reply to it says "no" or "not sure"."""
    footer: bool = False
    """For ``carry_on``: the message before was watched (a means, a place or a time of danger, or a learned
    score near a disclosure's): the resource line goes under this reply."""


class SafetyFlow:
    """The safety state of one conversation. ``read`` each message, in order."""

    def __init__(self) -> None:
        self.phase = Phase.CALM
        self.disclosure: Assessment | None = None
        """The most serious disclosure of the conversation (tier 1 before 2; the first on a tie)."""
        self.unread: frozenset[str] = frozenset()
        """The danger signals of the last message, when it was a calm statement no rule matched (``MODEL``
        when the learned model's score put it under watch instead)."""
        self.unread_other = False
        """The learned model read the watched statement as danger from someone else."""
        self.worried = False
        """The last message, a calm statement, was worry about someone else (WORRY)."""
        self.threat = False
        """The last message, a calm statement, named a person and a threat of theirs (present.threatened)."""

    @property
    def tier(self) -> int:
        return self.disclosure.tier if self.disclosure else 0

    @property
    def category(self) -> str:
        return (self.disclosure.category or "") if self.disclosure else ""

    @property
    def careful(self) -> bool:
        """A disclosure happened: the resource line stays under replies."""
        return self.phase is not Phase.CALM

    def read(self, text: str, assessment: Assessment) -> Step:
        """The step for message ``text`` (already cleaned), whose own assessment is ``assessment``."""
        phase = self.phase
        unread, self.unread = self.unread, frozenset()
        unread_other, self.unread_other = self.unread_other, False
        worried, self.worried = self.worried, False
        threat, self.threat = self.threat, False
        awaiting = phase in (Phase.ASKED, Phase.UNSAFE)
        answer = _answer(text) if awaiting else ""
        if phase is Phase.CALM and unread and not assessment.tier and _reads_as_no(text):
            self.phase = Phase.UNSAFE
            self._keep(_immediate(bool(unread & FROM_SOMEONE) or unread_other))
            return Step("not_safe", assessment, self.category, missed=True)
        if phase is Phase.CALM and unread and not assessment.tier and _answer(text) == SAFE \
                and not is_deflection(text) and not self._danger(text, assessment, safe=True):
            # "yeah, walked back off it and my uncle picked me up" after a statement that was watched: it answers
            # the question the guide should have asked; the question it asks besides is answered
            self.phase = Phase.CAREFUL
            return Step("safe", assessment, self.category, _rest_of_answer(text))
        if phase is Phase.CALM and threat and assessment.category not in IMMEDIATE \
                and present.detail(normalized_tokens(text), True):
            # "ma husband say he go kill me tonight" / "e dey hold iron rod for hand": the threat, missed
            # alone, and the person here now are present danger together
            return self._disclosure(_immediate(True))
        if phase is Phase.CALM and worried and assessment.category not in IMMEDIATE and _about_them(text) and (
                _other_at_risk(text) or signals_in(text, DANGER) - WEAK_FOR_THEM - FROM_SOMEONE):
            # "my nan's been so low since grandad" / "she ain't answerin and her truck's parked at the river landing"
            return self._disclosure(_immediate_other())
        if answer in (UNSAFE, UNSURE):
            self._keep(assessment)
            self.phase = Phase.UNSAFE
            return Step("not_safe", assessment, self.category)
        about_them = phase is not Phase.CALM and self._about_someone_else() and _about_them(text)
        if about_them and assessment.category not in IMMEDIATE and (
                _other_at_risk(text) or self._danger(text, assessment, safe=answer == SAFE, weak=WEAK_FOR_THEM)):
            return self._disclosure(_immediate_other())
        if phase is not Phase.CALM and not about_them and assessment.category not in IMMEDIATE \
                and self._danger(text, assessment, safe=answer == SAFE):
            return self._disclosure(_immediate(self._from_someone(assessment)))
        if assessment.tier and not (answer == SAFE and _said_by_the_answer(text, assessment)):
            return self._disclosure(assessment)
        if answer == SAFE:
            self.phase = Phase.CAREFUL
            return Step("safe", assessment, self.category, _rest_of_answer(text))
        question = is_question(text)
        if phase is Phase.UNSAFE and not question:
            return Step("not_safe", assessment, self.category)
        if phase is not Phase.CALM and is_deflection(text):
            self.phase = Phase.CAREFUL if self.category in NO_CHECK_IN else Phase.ASKED
            return Step("check_in", assessment, self.category)
        if phase is Phase.CALM:
            if assessment.footer and any(hit.category in _DISCLOSED for hit in assessment.hits) \
                    and not question:
                self.phase = Phase.CAREFUL  # "i used to cut": no takeover, but no cheerful replies
            elif not question and not assessment.footer:
                self.unread, self.unread_other = watched(text)
                self.worried = bool(signals_in(text, WORRY))
                self.threat = present.threatened(normalized_tokens(text))
            return Step("carry_on", assessment, footer=bool(unread))
        self.phase = Phase.CAREFUL if phase is Phase.ASKED else phase
        return Step("carry_on", assessment, self.category, story=awaiting or not question,
                    story_only=phase is Phase.ASKED and not question)

    def _danger(self, text: str, assessment: Assessment, safe: bool = False,
                weak: frozenset[str] = frozenset()) -> bool:
        """Does the message add a detail of present danger to the session's disclosure? (``safe``: the
        message answers the check-in with a yes; ``weak``: signals that do not count alone.)"""
        said = signals_in(text, DANGER)
        if weak and said <= weak:
            said = frozenset()
        violence = self._from_someone(assessment)
        if not violence:
            said -= FROM_SOMEONE
        if safe:
            said -= PROTECTIVE_WHEN_SAFE
        # present danger by its parts, the means named by the disclosure: "swallowed them all", "up to my chest"
        if said or present.detail(normalized_tokens(text), violence, safe=safe):
            return True
        return not safe and _scored_danger(text)

    def _about_someone_else(self) -> bool:
        """Was the session's disclosure worry about someone else (not harm to the reader from someone)?"""
        return self.disclosure is not None and self.disclosure.category == "third_party" \
            and not is_violence(self.disclosure)

    def _from_someone(self, assessment: Assessment) -> bool:
        """Was the session's disclosure (or, without one, this message) of harm from someone else?"""
        return is_violence(self.disclosure or assessment)

    def checked_in(self) -> None:
        """The conversation's reply asked the check-in question again."""
        if self.phase is not Phase.UNSAFE:
            self.phase = Phase.ASKED

    def _disclosure(self, assessment: Assessment) -> Step:
        if self.tier and assessment.tier > self.tier:  # tier 1 is the more serious
            assessment = assessment._replace(tier=self.tier)
        self._keep(assessment)
        self.phase = Phase.CAREFUL if assessment.category in NO_CHECK_IN else Phase.ASKED
        return Step("disclosure", assessment, self.category)

    def _keep(self, assessment: Assessment) -> None:
        """Remember the most serious disclosure (tier 1 before 2; the first one on a tie)."""
        if assessment.tier and (not self.tier or assessment.tier < self.tier):
            self.disclosure = assessment


def watched(text: str) -> tuple[frozenset[str], bool]:
    """Why a calm statement that got no safety reply (and no footer) is watched, if it is: its signals of a
    means, a place or a time of danger (REREAD), or else ``MODEL`` when the learned model scores it at
    WATCH_SCORE or more; and whether the model reads it as danger from someone else. A short "no" after it
    is read as the answer to the question the guide should have asked. Not a message with an exception of
    the rules in it (an idiom, a keyword trap), which stands the rules and the model down too."""
    if has_exception(text):  # round 15: "he got the big knife out to carve the turkey" is a keyword trap
        return frozenset(), False
    said = signals_in(text, REREAD)
    if said:
        return said, False
    reading = model_scores(text)
    if reading is not None and reading.risk >= WATCH_SCORE:
        return MODEL, reading.other >= 0.5
    return frozenset(), False


def _said_by_the_answer(text: str, assessment: Assessment) -> bool:
    """Do the rules' hits of an answer that says safe lie inside what says it ("had my stomach pumped, home
    with my dad now": the help reached, not a new attempt)? Combos built on them go with them."""
    spans = signal_spans(text, {SAFE})
    own = [hit for hit in assessment.hits if not hit.rule.startswith("combo.")]
    return bool(own) and all(any(s <= hit.span[1] and hit.span[0] <= e for s, e in spans) for hit in own)


def _scored_danger(text: str) -> bool:
    """A follow-up the rules read no danger in, that the learned model scores at WATCH_SCORE or more and that
    says a time, an act begun, a means at hand or an effect on the body, or puts another person (or the
    reader) here or at the place: "she's just locked herself in the bathroom with my razors", "well the pills
    are in my stomach now". The disclosure before it is the context that makes a score under the model's own
    0.97 enough (a score of the two messages together was tried: the disclosure's words outweigh the
    follow-up's, and "i'm going to bed now" after "i want to die" became present danger). Not for a question
    or an answer to the check-in."""
    if is_question(text) or signals_in(text, ANSWERS):
        return False
    reading = model_scores(text)
    return reading is not None and reading.risk >= WATCH_SCORE and (reading.urgent or reading.near)


def _answer(text: str) -> str:
    """What an answer to the check-in says: unsafe, unsure or safe (the most careful one).

    A "no" that only turns the question down is read with what follows it: "no i'm fine, i mean the
    wording" and "no no, i'm fine" say safe; so does "no, i meant the word", which corrects what the guide
    took the message for; "no, i'm not fine", "no i mean it" and "no he's still here" stay not safe."""
    if _EMOJI_NO.fullmatch(text):
        return UNSAFE
    if _EMOJI_SHRUG.fullmatch(text):
        return UNSURE
    if _EMOJI_SARCASM.search(text) and _SAID_WELL.search(text):
        return UNSURE  # "oh never been safer 🙃": the face takes the words back
    said = signals_in(_answer_part(text), ANSWERS)
    if UNSAFE in said:
        rest = _after_leading_no(text)
        if rest:
            first = _clauses(rest)[0][0]  # what the "no" is followed by: "i'm fine", "i mean the wording"
            # someone else's doing after the no ("no. she left ten minutes ago": the one who kept the reader safe)
            # does not take the no back; the reader's own "i'm fine" does
            safe = SAFE in signals_in(first, ANSWERS) and not re.match(r"(?:he|she|they)\b", first, re.IGNORECASE)
            if (safe or re.match(_CORRECTION, first, flags=re.IGNORECASE)) \
                    and not signals_in(rest, ANSWERS) & {UNSAFE, UNSURE} and not signals_in(rest, DANGER | REREAD):
                return SAFE
    for answer in (UNSAFE, UNSURE, SAFE):
        if answer in said:
            return answer
    return ""


_EMOJI_NO = re.compile(r"[\s\ufe0f]*(?:[\u274c\u2716\U0001f645\U0001f44e\U0001f6ab]"
                       r"[\s\ufe0f\U0001f3fb-\U0001f3ff\u200d\u2640\u2642]*)+")
"""Round 22: a no said by a cross, a crossed-arms face, a thumbs down or a no-entry sign alone ("❌")."""
_EMOJI_SHRUG = re.compile(r"[\s\ufe0f]*(?:\U0001f937[\s\ufe0f\U0001f3fb-\U0001f3ff\u200d\u2640\u2642]*)+")
"""Round 22: a shrug alone ("🤷") is not sure."""
_EMOJI_SARCASM = re.compile("[\U0001f643\U0001f644]")
_SAID_WELL = re.compile(r"\b(?:safe|safer|safest|fine|great|grand|perfect|amazing|brilliant|ok|okay|better|best)\b",
                        re.IGNORECASE)
"""Round 22: a yes said with an upside-down face or rolled eyes ("oh never been safer 🙃") is taken back by it."""


_ABOUT_THE_ARTICLE = (r"\b(?:article|author|writer|it says?|does it|this say|the bit|the part|section|paragraph|"
                      r"point (?:\d|one|two|three|four|five|six))\b")


def _answer_part(text: str) -> str:
    """The answer without the question about the article that follows it ("ok i'm home with my housemate. what
    does it say about fear of separation"): the question's words are the article's topic, not how the reader is
    ("fear of" read as scared). Only a later clause that opens as a question and names the article."""
    for i, (clause, asks, (start, _)) in enumerate(_clauses(text)):
        if i and asks and _names_the_article(clause):
            return text[:start]
    return text


def _names_the_article(clause: str) -> bool:
    return is_question(clause.replace("?", " ")) and bool(re.search(_ABOUT_THE_ARTICLE, clause, re.IGNORECASE))


# round 17: the no of the readers' other languages turns the question down the same way ("nee hoor, ik ben veilig",
# "nein, ich bin in sicherheit"); Dutch "hoor" and "joh" soften it
# ...and "no one is with me" opens with no one, not with a no
_LEADING_NO = (r"^\s*(?:(?:no+|nope|nah|naw|nee|neen|nein|non|nie|hayır|hayir|لأ|لا)\b(?!\s+(?:one|body)\b)"
               r"(?:\s+(?:hoor|joh))?[\s,.!;:-]*)+")
_CORRECTION = (r"(?:i\s*(?:'?m|am|was|were)?\s*(?:just\s+|only\s+)?(?:mean|meant|asking|asked|talking|on about|"
               r"wondering|curious)\s+(?:the|my|his|her|their|our|a|an|about|for|as in|like|how|someone|somebody|"
               r"people|in general|generally)\b|(?:it'?s\s+|it\s+is\s+|that'?s\s+)?not\s+(?:about\s+)?me\b|"
               r"(?:just|only)\s+(?:asking|curious|wondering)\b|sorry,?\s+i\s+(?:mean|meant)\b|"
               r"the\s+(?:word|wording|phrase|term)\b)")
"""A correction after a "no": "i mean the wording", "i was asking about my friend", "not me", "the word"."""


def _after_leading_no(text: str) -> str:
    """What follows a "no" (or "no no", "nope,") that opens the message; "" when none opens it."""
    m = re.match(_LEADING_NO, text, flags=re.IGNORECASE)
    return text[m.end():].strip() if m else ""


def _reads_as_no(text: str) -> bool:
    """Is the message a short "no" or "not sure" ("nope", "i dont think so tbh", "idk", "not really"),
    and no question? A question mark alone does not make one: "sort of? until everyone's asleep" says
    it with a rising voice, and asks nothing."""
    return len(text.split()) <= REREAD_MAX_WORDS and not is_question(text.replace("?", " ")) \
        and _answer(text) in (UNSAFE, UNSURE)


def _rest_of_answer(text: str) -> str:
    """The clauses of a "yes, I'm safe" answer that ask something else ("yes. what is oxytocin"): from
    the first clause that asks (a question, or a clause ended by "?": "so if we have more sex will my
    anxiety go away?"); a question that only points back ("the bit about new positions, what's that
    about") takes in the clauses before it, up to the answer's own."""
    clauses = _clauses(text)
    first = next((i for i, (clause, asks, _) in enumerate(clauses)
                  if asks and (not signals_in(clause, ANSWERS) or (i and _names_the_article(clause)))), None)
    if first is None:
        return ""
    if _points_back(clauses[first][0]):
        while first > 0 and not signals_in(clauses[first - 1][0], ANSWERS):
            first -= 1
    last = len(clauses)  # "why do i panic when..., does the article explain that": the question is the first part
    while last - 1 > first and _points_back(clauses[last - 1][0]) \
            and any(asks and not _points_back(clause) for clause, asks, _ in clauses[first:last - 1]):
        last -= 1
    start, end = clauses[first][2][0], clauses[last - 1][2][1]
    asked = re.sub(_ASKED_OPENERS, "", text[start:end].strip(), flags=re.IGNORECASE)
    return asked if len(asked.split()) >= 2 else ""


_ASKED_OPENERS = r"^(?:(?:quick|q|qq|question|btw|anyway|anyways|also|and|so|but|plus|ok|okay)\b[\s:,.-]*)+"
"""Words that open a question without being part of it ("quick q does the article say..."): the matcher is
given the question alone."""


def _clauses(text: str) -> list[tuple[str, bool, tuple[int, int]]]:
    """The message's clauses, each with whether it asks something and where it is in ``text``."""
    out = []
    start = 0
    for m in [*re.finditer(_CLAUSES, text, flags=re.IGNORECASE), None]:
        end = m.start() if m else len(text)
        clause = text[start:end].strip()
        if clause:
            asks = (m is not None and "?" in m.group()) or is_question(clause)
            out.append((clause, asks, (start, end)))
        start = m.end() if m else len(text)
    return out


def _points_back(clause: str) -> bool:
    """Does the question only point back ("what's that about", "what does it mean")?"""
    words = re.findall(r"[a-z']+", clause.lower().replace("’", "'"))
    return bool(_POINTERS.intersection(words)) and all(w in _BACK_WORDS for w in words)


def is_violence(assessment: Assessment) -> bool:
    """Is the assessment about harm from someone else? Its category, or the category of the rules
    that matched: "my husband is abusive" is reported as worry about someone else (third_party),
    but the rule that matched is one of domestic violence."""
    if assessment.category in VIOLENCE:
        return True
    rules = default_rules().rules
    return any(rules[hit.rule].category in VIOLENCE for hit in assessment.hits if hit.rule in rules)


def _about_them(text: str) -> bool:
    """After worry about someone else, is a follow-up about them: it names them (he, she, they: "she's locked herself
    in and i can smell gas") or no one ("there's a note on the fridge and the car's gone"), not only the reader
    ("i'm on the bridge now")?"""
    words = set(normalized_tokens(text))
    return not words.isdisjoint(THEY) or words.isdisjoint(SELF)


def _other_at_risk(text: str) -> bool:
    """After worry about someone else, does a follow-up about them say they are in danger now: two kinds of
    OTHER_AT_RISK (gone and unreachable, at a place and not coming back, a means or a note left and gone: also when
    it reads as a safe answer, "he's gone doon the quayside and he's not answerin" is no "he's gone"), or a sign
    from the place (a pin or a photo from the top of the car park)? One kind alone is an everyday follow-up ("she
    left a note saying she's gone to the shops", "he took the dog for a walk by the river")."""
    said = signals_in(text, OTHER_AT_RISK)
    kinds = {"place" if name in ("danger_place", "at_place_now", "place_shared") else name for name in said}
    return len(kinds) >= 2 or "at_place_now" in said


def _immediate_other() -> Assessment:
    """After worry about someone else, a detail that they are in danger now: a category of the flow only (no rule
    of rules.yaml gives it; its reply is in replies.yaml)."""
    return Assessment(1, "immediate_danger_other", ("emergency", "crisis_line", "helplines"), False, ())


def _immediate(violence: bool) -> Assessment:
    """Present danger after a disclosure: from someone else (``violence``), or to oneself."""
    name = "immediate_danger_dv" if violence else "immediate_danger"
    resources = ("emergency", "domestic_violence", "crisis_line") if violence \
        else ("emergency", "crisis_line", "helplines")
    return Assessment(1, name, resources, False, ())


@cache
def _deflections() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(normalized_tokens(phrase)) for phrase in DEFLECTIONS)


def is_deflection(text: str) -> bool:
    """A short reply that says nothing new ("jk", "ok", "whatever", "yes")."""
    return tuple(normalized_tokens(text)) in _deflections()
