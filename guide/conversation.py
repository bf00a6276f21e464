"""One conversation with a guide: state, context and history in, a Reply out. No I/O.

Each message goes through, in order: the safety check (before anything else), the
built-in commands, the offered suggestions ("2", or a suggestion's words), then the
matcher (with the current node's follow-ups in context). Deterministic: the same
messages give the same replies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from guide import safety
from guide.about_the_guide import asks_what_the_guide_does
from guide.dialog.model import Block, Followup, Guide, Node, Note, Quote, Say
from guide.frozen import ReadOnly
from guide.matching.index import Decision, Index, IntentSpec, MatchSettings, Ranking
from guide.reply import Citation, Reply, ReplyBlock, Suggestion
from guide.safety.detector import is_question
from guide.safety.flow import NO_CHECK_IN, SafetyFlow, Step, is_violence
from guide.smalltalk import COMMAND as SMALL_TALK
from guide.smalltalk import DEFAULT_TEXTS as SMALL_TALK_TEXTS
from guide.smalltalk import GREETING, small_talk
from guide.source_noun import worded

MAX_GOTO_DEPTH = 5
CLARIFY_TEXT = "I'm not sure which of these you mean. Did you mean:"
MORE_TEXT = "That's what the article says about {title}. You could go on to:"
LIST_TEXT = "The article's numbered list has {n} items. Which one do you mean?"
LIST_END_TEXT = "That was the {end} of the article's {n} numbered items. The list:"
ALL_TEXT = "That's all the article says about {title}."
CLOSEST_TEXT = "This is the part of the article closest to your question{others}:"
CLOSEST_OTHERS = " (the other topics it may be about are below)"
EMPTY_TEXT = 'Type a question about the article in your own words, or "help".'
AGAIN_TEXT = "Hello again. Ask about the article in your own words, or pick one of these:"
TRUNCATED_NOTICE = "your message was long: I read its first {n:,} characters"

# Built-in commands: what a reader types (normalized) -> command name.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(["help", "commands", "?"], "help"),
    **dict.fromkeys(["back", "go back", "previous", "previous topic", "undo"], "back"),
    **dict.fromkeys(["start over", "restart", "reset", "from the beginning", "start again", "home"], "restart"),
    **dict.fromkeys(["sources", "source", "about", "references", "citations", "credits"], "sources"),
    **dict.fromkeys(["quit", "exit", "q", "close"], "quit"),
}
CONTINUATIONS = frozenset([
    "tell me more", "more", "go on", "continue", "and", "and then", "what else", "anything else", "keep going",
    "more please", "say more", "elaborate", "why", "how so", "example", "an example", "for example",
    "give me an example", "such as", "like what", "really", "is that true", "what do you mean", "explain",
])
_ESCAPE = (r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
           r"|\x1b[@-Z\\-_]")
"""Terminal escape sequences (colours, titles) pasted with a question: removed whole (compiled, by
re's own cache, once a message has one)."""
# by str.translate (as a regex, the class above U+00FF took longer to compile than a whole reply takes):
# a control character (NUL, tab, form feed, ...) separates words as a space does ("a\0green tea" is not
# "agreen tea"); backspace and DEL (keys a terminal without line editing types into the line), C1
# controls, zero-width and bidi-control characters are removed ("he\u200bllo" is "hello")
_CONTROL = {**dict.fromkeys([*range(0x00, 0x08), *range(0x09, 0x20)], " "),
            **dict.fromkeys([0x08, *range(0x7F, 0xA0), *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                             *range(0x2066, 0x206A)])}
_COMMAND_STRIP = re.compile(r"[^\w\s?]")
_SUGGESTION_PICK = r"(?:(?:option|choice|suggestion|pick) ?)?(\d{1,2})"  # compiled once suggestions are out


def clean_input(text: str) -> str:
    """What was typed, without terminal escape sequences, zero-width and bidi-control characters;
    newlines, tabs and other control characters become spaces."""
    text = re.sub(_ESCAPE, " ", text) if "\x1b" in text or "\x9b" in text else text
    return text.translate(_CONTROL).strip()


MAX_KEY_CHARS = 1_000
"""Longer than this, a message is no command, suggestion pick, continuation or question about the
guide: it has no `command_key` (normalizing a 5 MB paste for one took a third of a second)."""


def command_key(text: str) -> str:
    """The input reduced for command and suggestion lookup: 'Start over!' -> 'start over'; ""
    for a message longer than MAX_KEY_CHARS."""
    if len(text) > MAX_KEY_CHARS:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("'", "")
    text = text.strip().lstrip("/:")
    return " ".join(_COMMAND_STRIP.sub(" ", text).split()) if text != "?" else "?"


def manifest_thresholds(guide: Guide) -> dict[str, float]:
    """The thresholds the guide's manifest sets (`matching:`)."""
    return {k: v for k, v in (("answer", guide.matching.answer), ("clarify", guide.matching.clarify),
                              ("margin", guide.matching.margin)) if v is not None}


def match_settings(guide: Guide, calibrated: MatchSettings | None = None) -> MatchSettings:
    """The calibrated thresholds (or the matcher's defaults), overridden by the guide's manifest."""
    return (calibrated or MatchSettings())._replace(**manifest_thresholds(guide))


def intents_of(guide: Guide, items: Mapping[str, int] | None = None) -> list[IntentSpec]:
    """One intent per node (its examples and title) and per follow-up (in its node's context),
    each with what it says (`content_of`). ``items``: the guide's `list_items`, when the caller
    has them already."""
    if items is None:
        from guide.dialog.listitems import list_items  # (building only: a cached start does without the module)

        items = list_items(guide)
    intents = []
    for node in guide.nodes.values():
        examples = tuple(e.text for e in node.examples)
        if examples:
            intents.append(IntentSpec(node.id, (*examples, node.title), None, node.title,
                                      content_of(guide, node.answer), items.get(node.id, 0),
                                      passages_of(node.answer)))
        for followup in node.followups:
            intents.append(IntentSpec(followup.key, tuple(e.text for e in followup.examples), node.id,
                                      followup.title or node.title, content_of(guide, followup.answer),
                                      passages=passages_of(followup.answer),
                                      leads_to=followup.goto if followup.goto != node.id else ""))
    return intents


def content_of(guide: Guide, blocks: Iterable[Block]) -> tuple[str, ...]:
    """What an answer says, for matching: its own words, and each quote with the whole
    paragraph it comes from (so the quoted sentence counts twice: it is what the answer is)."""
    texts = []
    for block in blocks:
        if isinstance(block, Quote):
            texts.append(block.text)
            location = block.location
            if location is not None and location.source in guide.sources:
                texts.append(guide.sources[location.source].paragraph(location.paragraph).text)
        elif isinstance(block, Say):
            texts.append(block.text)
    return tuple(texts)


def passages_of(blocks: Iterable[Block]) -> frozenset[tuple[str, str]]:
    """What an answer quotes: ("source:paragraph", the quote's words) for each quote."""
    return frozenset((f"{block.location.source}:{block.location.paragraph}", " ".join(block.text.split()))
                     for block in blocks if isinstance(block, Quote) and block.location is not None)


class Engine(ReadOnly):
    """A guide compiled once for conversations: the index and the lookups it needs."""

    guide: Guide
    index: Index
    settings: MatchSettings
    followups: dict[str, Followup]
    caveat_index: Index | None
    calibrated_on: int
    """Left-out phrasings the thresholds were calibrated on (0: defaults or the manifest's);
    `guide calibrate` measures the whole curve again. (Only a number, so that loading a
    cached engine does not import the calibration.)"""

    def __init__(self, guide: Guide, index: Index, settings: MatchSettings, followups: dict[str, Followup],
                 caveat_index: Index | None, calibrated_on: int = 0) -> None:
        self._set(guide=guide, index=index, settings=settings, followups=followups, caveat_index=caveat_index,
                  calibrated_on=calibrated_on)

    @classmethod
    def build(cls, guide: Guide, calibrated: bool = True) -> Engine:
        """Compile the guide. Thresholds the manifest does not set are calibrated on the guide's
        own phrasings (`guide.matching.calibrate`), unless ``calibrated`` is False (defaults)."""
        from guide.dialog.listitems import list_items, list_nouns, taken_nouns  # (building only, as in `intents_of`)

        items = list_items(guide)  # which node is which item of the numbered list: read once, used three times
        nouns = list_nouns(guide, items)
        intents = intents_of(guide, items)
        index = Index.build(intents, guide.synonyms, match_settings(guide), nouns, taken_nouns(guide, items, nouns))
        calibration = None
        if calibrated and len(manifest_thresholds(guide)) < 3:
            from guide.matching.calibrate import calibrate

            calibration = calibrate(intents, guide.synonyms, index.settings, index)
        settings = match_settings(guide, calibration.settings if calibration else None)
        index.settings = settings
        asked = [IntentSpec(c.id, tuple(e.text for e in c.when_asked)) for c in guide.caveats if c.when_asked]
        caveat_index = Index.build(asked, guide.synonyms, settings) if asked else None
        followups = {f.key: f for f in guide.followups()}
        calibrated_on = calibration.phrasings if calibration and calibration.chosen else 0
        return cls(guide, index, settings, followups, caveat_index, calibrated_on)

    def title_of(self, key: str) -> str:
        node = self.guide.nodes.get(key)
        if node:
            return node.title
        followup = self.followups.get(key)
        return (followup.title or self.guide.nodes[followup.node].title) if followup else key

    def node_of(self, key: str) -> str:
        """The node a candidate key belongs to (a follow-up's key names its node)."""
        followup = self.followups.get(key)
        return followup.node if followup else key

    def quoted_text(self, key: str) -> str:
        """What the answer of a node or follow-up (by intent key) quotes, as one text."""
        followup = self.followups.get(key)
        node = self.guide.nodes.get(key)
        answer = followup.answer if followup is not None else node.answer if node is not None else ()
        return " ".join(block.text for block in answer if isinstance(block, Quote))

    def caveats_asked(self, text: str) -> list[str]:
        if self.caveat_index is None:
            return []
        decision = self.caveat_index.decide(self.caveat_index.rank(text))
        return [decision.candidates[0].key] if decision.kind == "answer" else []


ROUTES = ("empty", "safety", "command", "welcome question", "help request", "suggestion", "small talk", "matcher")
"""The steps of `Session.respond`, in order: the one that made a reply is `Session.route`. Only
"matcher" replies with the matcher's decision as it stands (a help request consults it too)."""


class HelpAnswer:
    """What follows the support lines in the reply to a request for help: the guide's answer (its
    intent key), or None (the lines only); and why, in words (`guide explain` shows it). (A plain
    class: a NamedTuple here would compile its annotations at every start, see guide/frozen.py.)"""

    __slots__ = ("key", "why")

    def __init__(self, key: str | None, why: str) -> None:
        self.key, self.why = key, why


_EMERGENCY_SERVICE = (r"\b(?:call|calls|calling|ring|phone|dial|dials|alert|tell|get|fetch|ask for|shout for)\W+"
                      r"(?:\w+\W+){0,3}?(?:999|911|112|000|ambulance|ambulances|paramedics|coastguard|coast guard"
                      r"|lifeguards?|emergency services|emergency number|fire brigade|fire department)\b")
"""What a passage says when it tells the reader whom to call in an emergency ("call 999 and ask for
the Coastguard", "tell a lifeguard"; not "the lifeguard chair"): compiled, by re's own cache, only when a
request for help is answered."""


def names_an_emergency_service(text: str) -> bool:
    return re.search(_EMERGENCY_SERVICE, text.casefold()) is not None


_ADVICE_SERVICE = (r"\b(?:advisers?|advisors?|(?:free|independent|confidential|impartial|debt|money|legal|housing)\W+"
                   r"(?:\w+\W+){0,2}?advice|advice\W+(?:lines?|services?|centres?|centers?|charit(?:y|ies))"
                   r"|(?:debt|advice|support)\W+charit(?:y|ies))\b")
"""What a passage says when it names where to get advice ("free, independent debt advice is available
from Citizens Advice", "she rang a debt charity"; not "my advice is"), for a request for help."""


def names_an_advice_service(text: str) -> bool:
    return re.search(_ADVICE_SERVICE, text.casefold()) is not None


def help_answer(engine: Engine, cleaned: str, decision: Decision) -> HelpAnswer:
    """A request for help gets the support lines; the guide's answer follows them only when the
    guide answers it with confidence (at the answer threshold) and either the request asks for a
    helpline by that word ("is there a helpline for parents") and the passages name one too, or the
    passages name where to get advice ("is there a helpline for debt": "free, independent debt advice
    is available from Citizens Advice"), or they say whom to call in an emergency ("someone is
    drowning, who do i call": "call 999 and ask for the Coastguard")."""
    asks_line = safety.names_a_help_line(cleaned)
    unasked = "" if asks_line else "the request does not ask for a helpline or hotline by that word, and "
    answer = engine.settings.answer
    if decision.kind != "answer":
        would = {"clarify": "would ask “Did you mean”", "fallback": "would say it is not covered"}
        return HelpAnswer(None, f"{unasked}the guide does not answer it (the matcher "
                          f"{would.get(decision.kind, 'would ' + decision.kind)})")
    key, confidence = decision.candidates[0].key, decision.confidence
    if confidence < answer:
        return HelpAnswer(None, f"{unasked}'{key}' scored {confidence:.2f}, under the answer threshold "
                          f"{answer:.2f}: not confident enough to follow the lines")
    quoted = engine.quoted_text(key)
    if asks_line and safety.names_a_help_line(quoted):
        return HelpAnswer(key, f"the request asks for a helpline, and '{key}' answers it ({confidence:.2f} ≥ "
                          f"answer {answer:.2f}) with a passage that names one")
    if names_an_advice_service(quoted):
        return HelpAnswer(key, f"'{key}' answers it ({confidence:.2f} ≥ answer {answer:.2f}) with a passage that "
                          "names where to get advice")
    if names_an_emergency_service(quoted):
        return HelpAnswer(key, f"'{key}' answers it ({confidence:.2f} ≥ answer {answer:.2f}) with a passage that "
                          "says whom to call in an emergency")
    if asks_line:
        return HelpAnswer(None, f"the answer of '{key}' ({confidence:.2f}) quotes no helpline, hotline or advice "
                          "service")
    return HelpAnswer(None, "the request does not ask for a helpline or hotline by that word, and the answer of "
                      f"'{key}' ({confidence:.2f}) names no advice service and says nothing of whom to call in an "
                      "emergency")


OWN_DISTRESS = frozenset(("suicidal_ideation", "self_harm", "hopelessness", "recurrence", "domestic_violence"))
"""Tier-2 categories of the reader's own distress or danger: an article passage follows only a question ("my dad
is going to kill me. i am scared" was followed by the article's passage on separation fears)."""


class Session:
    """One reader's conversation."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.current: str | None = None  # the node answered last
        self.context_left = 0  # turns its follow-ups stay active
        self.history: list[str] = []  # nodes visited, for "back"
        self.flow = SafetyFlow()  # where the conversation stands after any disclosure
        self.last_suggestions: tuple[Suggestion, ...] = ()
        self.last_node: str | None = None  # the node the last reply answered with
        self.turns = 0
        self.notes_shown: dict[str, int] = {}  # note text -> the turn it was last shown on
        self._notes_asked: set[str] = set()  # caveats the current message asked for
        self.route = ""  # the step that made the last reply: ROUTES

    @property
    def guide(self) -> Guide:
        return self.engine.guide

    @property
    def careful(self) -> bool:
        """A disclosure happened: the resource line stays under replies."""
        return self.flow.careful

    @property
    def region(self) -> str:
        return self.guide.support.region

    def _said(self, text: str) -> str:
        """A built-in text as this guide words it: "the article" in its manifest's `source_noun`."""
        return worded(text, self.guide.source_noun)

    # -- entry points ---------------------------------------------------------------------

    def welcome(self) -> Reply:
        """The start node's answer, as the conversation's first reply, with where to find help."""
        reply = self._without_repeated_notes(self._answer_node(self.guide.start, "", 1.0))  # (notes seen once)
        self.last_suggestions = reply.suggestions  # so "1" right after the welcome follows its first choice
        self.last_node = self.guide.start
        if not self.guide.support.welcome:
            return reply
        return reply._replace(blocks=(*reply.blocks, ReplyBlock("safety", safety.resource_footer(self.region))))

    def respond(self, text: str) -> Reply:
        """The reply to one message, updating the conversation's state (`route`: which step made it)."""
        self.turns += 1
        cleaned = clean_input(text)
        self.route = "safety"  # (the steps before commands are the safety flow's)
        if not cleaned:
            self.route = "empty"
            return self._finish(Reply(text, "fallback", blocks=(ReplyBlock("say", self._said(EMPTY_TEXT)),),
                                      suggestions=self.last_suggestions), keep_suggestions=True)
        assessment = safety.assess(cleaned)
        step = self.flow.read(cleaned, assessment)
        if step.action == "disclosure":
            return self._safety_reply(text, cleaned, step.assessment)
        if step.action == "not_safe":
            return self._not_safe(text, step)
        if step.action == "safe":
            return self._safe(text, step)
        if step.action == "check_in":
            return self._check_in(text)
        key = command_key(cleaned)
        footer = assessment.footer or step.footer
        command = COMMANDS.get(key)
        if command:
            self.route = "command"
            return self._finish(self._command(text, command), footer=footer)
        if asks_what_the_guide_does(key):
            self.route = "welcome question"
            return self._finish(self._answer_node(self.guide.start, text, 1.0), footer=footer)
        if safety.is_help_request(cleaned):
            self.route = "help request"
            return self._finish(self._resources(text, cleaned), footer=False)
        chosen = self._chosen_suggestion(key)
        if chosen is not None:
            self.route = "suggestion"
            return self._finish(self._follow(text, chosen), footer=footer)
        if step.story_only:
            return self._continuation(text)
        talk = small_talk(key)
        if talk is not None and not step.story:
            self.route = "small talk"
            return self._finish(self._small_talk(text, talk), footer=footer)
        reply = self._match(text, cleaned, key)
        if step.story and reply.kind in ("fallback", "clarify"):
            return self._continuation(text)
        self.route = "matcher"
        return self._finish(self._with_consent(self._not_twice(reply), assessment), footer=footer)

    def _not_twice(self, reply: Reply) -> Reply:
        """The welcome asked for right after it ("hi" twice): a short "hello again", not the whole welcome."""
        if reply.kind == "answer" and reply.node == self.guide.start == self.last_node:
            return reply._replace(blocks=(ReplyBlock("say", self._said(AGAIN_TEXT)),))
        return reply

    def _small_talk(self, text: str, kind: str) -> Reply:
        """A greeting gets the welcome ("Hello again" right after it); thanks, a goodbye or an "ok"
        the guide's own short reply (the manifest's `small_talk:`, or ours) and the way on: the last
        reply's suggestions, or the welcome's."""
        if kind == GREETING:
            return self._not_twice(self._answer_node(self.guide.start, text, 1.0))
        said = self.guide.small_talk.get(kind) or self._said(SMALL_TALK_TEXTS[kind])
        way_on = self.last_suggestions or tuple(self._choices(self.guide.start_node))
        return Reply(text, "command", None, 1.0, (ReplyBlock("say", said),), way_on, command=SMALL_TALK)

    # -- matching -------------------------------------------------------------------------

    def _context(self) -> str | None:
        return self.current if self.context_left > 0 else None

    def rank(self, cleaned: str) -> Ranking:
        return self.engine.index.rank(cleaned, context=self._context())

    def _match(self, text: str, cleaned: str, key: str) -> Reply:
        ranking = self.rank(cleaned)
        decision = self.engine.index.decide(ranking)
        notice = TRUNCATED_NOTICE.format(n=self.engine.settings.max_input_chars) if ranking.truncated else ""
        context = self._context()
        in_context_win = decision.kind == "answer" and decision.candidates[0].in_context
        unreached = ranking.unreached  # a short message naming no item's position: the list, if nothing else
        if context and key in CONTINUATIONS and not in_context_win:
            reply = self._more(text, context)
        elif unreached is not None and unreached.number:  # "point 9" of six: no other point instead
            reply = self._numbered_list(text, None, 0)
        elif decision.kind == "answer":
            reply = self._answer_key(text, decision.candidates[0].key, decision.confidence)
        elif decision.kind == "clarify" and (followup := self._own_followup(decision, context)):
            reply = self._answer_key(text, followup, decision.confidence)
        elif unreached is not None:
            reply = self._numbered_list(text, context, unreached.step)
        elif decision.kind == "clarify":
            reply = self._clarify(text, decision)
        else:
            reply = self._fallback(text, decision)
        caveats = self.engine.caveats_asked(cleaned)
        self._notes_asked = {c.note for c in self.guide.caveats if c.id in caveats}
        reply = self._with_caveats(reply, caveats)
        return reply._replace(notice=notice) if notice else reply

    def _own_followup(self, decision: Decision, context: str | None) -> str | None:
        """The option to answer when every "did you mean" option is the node just answered or one
        of its follow-ups, and one is a follow-up: the best of them. Asking a reader to choose
        between a topic they have just read and a part of it is no question."""
        if context is None:
            return None
        keys = [c.key for c in decision.candidates]
        if not all(self.engine.node_of(k) == context for k in keys):
            return None
        return keys[0] if any(k in self.engine.followups for k in keys) else None

    def _answer_key(self, text: str, key: str, confidence: float) -> Reply:
        followup = self.engine.followups.get(key)
        if followup is None:
            return self._answer_node(key, text, confidence)
        blocks = self._blocks(followup.answer)
        if followup.goto:
            reply = self._answer_node(followup.goto, text, confidence)
            return reply._replace(blocks=blocks + reply.blocks)
        node = self.guide.nodes[followup.node]
        self._enter(node.id, push=False)
        return self._with_caveats(Reply(text, "answer", node.id, confidence, blocks, self._choices(node),
                                        title=followup.title or node.title))

    def _answer_node(self, node_id: str, text: str, confidence: float) -> Reply:
        """A node's answer, continuing through its goto chain; offers the first node's choices."""
        nodes = self.guide.nodes
        first = node = nodes[node_id]
        blocks: list[ReplyBlock] = []
        seen: set[str] = set()
        while True:
            seen.add(node.id)
            blocks.extend(self._blocks(node.answer))
            target = node.goto
            if not target or target in seen or target not in nodes or len(seen) > MAX_GOTO_DEPTH:
                break
            node = nodes[target]
        self._enter(node.id)
        suggestions = self._choices(first if first.choices else node)
        return self._with_caveats(Reply(text, "answer", node_id, confidence, tuple(blocks), suggestions,
                                        title=first.title))

    def resume_at(self, node_id: str) -> None:
        """Carry on as if ``node_id`` had just been answered: it is the topic in context and its
        follow-ups are active ("and the next one?" counts from it); the history is left as it is."""
        self._enter(node_id, push=False)

    def _enter(self, node_id: str, push: bool = True) -> None:
        if push and (not self.history or self.history[-1] != node_id):
            self.history.append(node_id)
        self.current = node_id
        self.context_left = self.guide.matching.context_turns

    def _more(self, text: str, node_id: str) -> Reply:
        node = self.guide.nodes[node_id]
        suggestions = self._choices(node)
        say = self._said(MORE_TEXT).format(title=_in_sentence(node.title))
        if not suggestions:
            say = self._said(ALL_TEXT).format(title=node.title)
        return Reply(text, "clarify", node_id, 1.0, (ReplyBlock("say", say),), suggestions, title=node.title)

    def _numbered_list(self, text: str, context: str | None, step: int) -> Reply:
        """For a short message naming a position of the source's numbered list that no item holds
        ("point 9" of six, "and the next one?" after the last item or after a topic not on the list):
        the list itself, rather than "not covered"; `step` counts from `context` (0: a number)."""
        items = self.engine.index.list_items
        keys = list(items.values())
        nodes = [self.engine.node_of(key) for key in keys]
        length = max(items, default=0)
        end = None
        if nodes and context is not None:
            end = "last" if step > 0 and context == nodes[-1] else "first" if step < 0 and context == nodes[0] else None
        say = self._said(LIST_END_TEXT).format(end=end, n=length) if end else self._said(LIST_TEXT).format(n=length)
        options = tuple(Suggestion(self.engine.title_of(key), node) for key, node in zip(keys, nodes, strict=True))
        return Reply(text, "clarify", None, 0.0, (ReplyBlock("say", say),), options)

    def _clarify(self, text: str, decision: Decision) -> Reply:
        options = []
        seen = set()
        for candidate in decision.candidates:
            node_id = self.engine.node_of(candidate.key)
            if candidate.key in seen:
                continue
            seen.add(candidate.key)
            target = candidate.key if candidate.key in self.engine.followups else node_id
            options.append(Suggestion(self.engine.title_of(candidate.key), target))
        return Reply(text, "clarify", None, decision.confidence, (ReplyBlock("say", CLARIFY_TEXT),),
                     tuple(options))

    def _fallback(self, text: str, decision: Decision) -> Reply:
        nearest = []
        for candidate in decision.candidates:
            node_id = self.engine.node_of(candidate.key)
            if node_id not in [s.node for s in nearest]:
                nearest.append(Suggestion(self.guide.nodes[node_id].title, node_id))
        if not nearest:
            nearest = list(self._choices(self.guide.start_node))
        return Reply(text, "fallback", None, decision.confidence, (ReplyBlock("say", self.guide.fallback),),
                     tuple(nearest[:4]))

    # -- suggestions and commands ----------------------------------------------------------

    def _chosen_suggestion(self, key: str) -> Suggestion | None:
        """The suggestion a message picks: its number alone ("2", "2.", "#2", "option 2"), or its
        label. A message that only starts with a number ("2 weeks ago he ...") picks nothing,
        and "point 2" or "the second way" name the article's own list (the matcher's job)."""
        if not self.last_suggestions or not key:  # (no key: a long message, or one of punctuation only)
            return None
        picked = re.fullmatch(_SUGGESTION_PICK, key)
        if picked and 1 <= int(picked[1]) <= len(self.last_suggestions):
            return self.last_suggestions[int(picked[1]) - 1]
        for suggestion in self.last_suggestions:
            if command_key(suggestion.label) == key:
                return suggestion
        return None

    def choose(self, suggestion: Suggestion) -> Reply:
        """Follow a suggestion directly (a click in a view)."""
        self.turns += 1
        return self._finish(self._follow(suggestion.label, suggestion), footer=False)

    def go_to(self, node_id: str, text: str = "") -> Reply:
        """Jump to a node by id (the command palette)."""
        self.turns += 1
        return self._finish(self._answer_node(node_id, text or self.guide.nodes[node_id].title, 1.0), footer=False)

    def _follow(self, text: str, suggestion: Suggestion) -> Reply:
        if suggestion.command:
            return self._command(text, suggestion.command)
        if suggestion.node in self.engine.followups:
            return self._answer_key(text, suggestion.node, 1.0)
        return self._answer_node(suggestion.node, text, 1.0)

    def _command(self, text: str, command: str) -> Reply:
        if command == "back":
            if len(self.history) >= 2:
                self.history.pop()
                previous = self.history.pop()
                return self._answer_node(previous, text, 1.0)._replace(kind="command", command="back")
            return Reply(text, "command", None, 1.0, (ReplyBlock("say", "There is nothing to go back to yet."),),
                         self._choices(self.guide.start_node), command="back")
        if command == "restart":
            self.current, self.context_left, self.history = None, 0, []
            return self.welcome()._replace(input=text, kind="command", command="restart")
        if command == "sources":
            return Reply(text, "command", None, 1.0, tuple(ReplyBlock("say", line) for line in self._about()),
                         self.last_suggestions, command="sources")
        if command == "quit":
            return Reply(text, "command", None, 1.0, (ReplyBlock("say", "Goodbye. Take care."),), command="quit")
        return Reply(text, "command", None, 1.0, tuple(ReplyBlock("say", self._said(line)) for line in HELP_LINES) +
                     tuple(ReplyBlock("safety", line) for line in safety.resources_text(region=self.region)),
                     self.last_suggestions, command="help")

    def _about(self) -> list[str]:
        from guide.frontlines import leading_lines  # (only for this command)

        guide = self.guide
        lines = [f"This guide, “{guide.title}”, quotes:"]
        for source in guide.sources.values():
            author = getattr(source, "author", "")  # (a guide cached before sources had authors has none)
            by = (f" by {author}" if author else "") \
                + (f", published by {source.publisher}" if source.publisher else "")
            when = f" on {source.published}" if source.published else ""
            url = f", {source.url}" if source.url else ""
            leading = leading_lines(source)
            top = "; ".join(f"paragraph {number} is its {kind}" for number, kind in leading.items())
            lines.append(f"• “{source.title}”{by}{when}{url}: {len(source.paragraphs)} paragraphs"
                         + (f" ({top})." if top else "."))
        lines.append("Every quote is the source's exact words; notes marked as editor's or research notes "
                     "are not the source's.")
        return lines

    def _resources(self, text: str, cleaned: str) -> Reply:
        """The support lines; and after them, when the guide's own source answers the request with
        confidence and the answer quotes a helpline too ("is there a helpline for parents", where
        the article names one) or whom to call in an emergency, that answer (`help_answer`)."""
        blocks = tuple(ReplyBlock("safety", line) for line in safety.resources_text(region=self.region))
        decision = self.engine.index.decide(self.rank(cleaned))
        after = help_answer(self.engine, cleaned, decision)
        if after.key is not None:
            found = self._answer_key(text, after.key, decision.confidence)
            return found._replace(blocks=blocks + found.blocks)
        return Reply(text, "command", None, 1.0, blocks, self.last_suggestions, command="resources")

    # -- safety ---------------------------------------------------------------------------

    def _safety_reply(self, text: str, cleaned: str, assessment: safety.Assessment) -> Reply:
        care = safety.safety_reply(assessment, self.region)
        blocks = [ReplyBlock("safety", care.lead)] if care.lead else []
        blocks.append(ReplyBlock("safety", self._said(care.acknowledgement)))
        blocks += [ReplyBlock("safety", line) for line in care.resources]
        answer: Reply | None = None
        if assessment.tier == 2 and (is_question(text) or assessment.category not in OWN_DISTRESS):
            # resources first, then a careful answer if the article has one; the reader's own distress
            # told without a question ("gave my dog to my sister for good, i won't need his stuff") gets
            # no passage of the article, whatever its words happen to match
            decision = self.engine.index.decide(self.rank(cleaned))
            if decision.kind == "answer":
                answer = self._answer_key(text, decision.candidates[0].key, decision.confidence)
            else:  # no quote on a guess: the reader may pick the topic, if any fits
                options = self._clarify(text, decision).suggestions if decision.kind == "clarify" else ()
                answer = Reply(text, "safety", suggestions=options)
            answer = self._with_consent(self._with_caveats(answer, self.engine.caveats_asked(cleaned)), assessment)
            blocks += answer.blocks
        if care.check_in:
            blocks.append(ReplyBlock("safety", self._said(care.check_in)))
        reply = Reply(text, "safety", answer.node if answer else None, 1.0, tuple(blocks),
                      answer.suggestions if answer else (), title=answer.title if answer else "",
                      category=assessment.category or "")
        return self._finish(reply, footer=False)

    def _check_in(self, text: str) -> Reply:
        """After a disclosure, a "jk" or "ok" gets the resources and a gentle check-in again (after someone
        else's medical emergency, its reply again: the emergency number, first)."""
        disclosure = self._disclosure()
        category = disclosure.category if disclosure.category in NO_CHECK_IN else "after_disclosure"
        care = safety.safety_reply(disclosure._replace(category=category), self.region)
        return self._finish(self._care_reply(text, care, category), footer=False)

    def _continuation(self, text: str) -> Reply:
        """A message that goes on with the reader's story after a disclosure: resources and the
        check-in again, never "not covered" or "did you mean"."""
        self.flow.checked_in()
        care = safety.continuation_reply(self._disclosure(), self.region)
        return self._finish(self._care_reply(text, care, "continuation"), footer=False)

    def _not_safe(self, text: str, step: Step) -> Reply:
        """The reader answered the check-in with "no" or "not sure": the emergency number first."""
        violence = any(is_violence(a) for a in (self.flow.disclosure, step.assessment) if a)
        care = safety.not_safe_reply(violence, self.region, missed=step.missed)
        return self._finish(self._care_reply(text, care, "not_safe"), footer=False)

    def _safe(self, text: str, step: Step) -> Reply:
        """The reader said they are safe: a short acknowledgement, then the way back to the article,
        or the answer to what else the message asked."""
        acknowledgement, back = map(self._said, safety.safe_texts())
        lead = (ReplyBlock("safety", acknowledgement),)
        if step.question:
            question = clean_input(step.question)
            reply = self._match(step.question, question, command_key(question))
            if reply.kind == "clarify" and reply.suggestions:
                reply = self._closest(step.question, reply)
            reply = self._with_consent(reply, safety.assess(question))
            reply = self._finish(reply._replace(input=text, blocks=lead + reply.blocks))
            return reply._replace(footer=safety.resource_footer(self.region))
        blocks = (*lead, ReplyBlock("safety", safety.resource_footer(self.region)), ReplyBlock("say", back))
        return self._finish(Reply(text, "safety", None, 1.0, blocks, self._choices(self.guide.start_node),
                                  category="safe"), footer=False)

    def _closest(self, text: str, clarify: Reply) -> Reply:
        """After "yes, I'm safe", a question the matcher is unsure of gets the passage it ranks first,
        said to be the closest, with the other topics it may be about as choices: one more turn of
        "did you mean" is a lot to ask of a reader who has just answered the check-in."""
        first, *others = clarify.suggestions
        answer = self._follow(text, first)
        say = self._said(CLOSEST_TEXT).format(others=CLOSEST_OTHERS if others else "")
        return answer._replace(blocks=(ReplyBlock("say", say), *answer.blocks),
                               suggestions=tuple(others) or answer.suggestions, confidence=clarify.confidence)

    def _disclosure(self) -> safety.Assessment:
        return self.flow.disclosure or safety.Assessment(1, "default", (), False, ())

    def _care_reply(self, text: str, care: safety.SafetyReply, category: str) -> Reply:
        blocks = [ReplyBlock("safety", care.lead)] if care.lead else []
        blocks.append(ReplyBlock("safety", self._said(care.acknowledgement)))
        blocks += [ReplyBlock("safety", line) for line in care.resources]
        if care.check_in:
            blocks.append(ReplyBlock("safety", self._said(care.check_in)))
        return Reply(text, "safety", None, 1.0, tuple(blocks), category=category)

    # -- building replies ---------------------------------------------------------------------

    def _blocks(self, blocks: Iterable[Block]) -> tuple[ReplyBlock, ...]:
        out = []
        for block in blocks:
            if isinstance(block, Quote):
                out.append(ReplyBlock("quote", block.location.text if block.location else block.text,
                                      self._citation(block)))
            elif isinstance(block, Note):
                out.append(ReplyBlock("research" if block.kind == "research" else "note", block.text,
                                      cite=block.cite))
            elif isinstance(block, Say):
                out.append(ReplyBlock("say", block.text))
        return tuple(out)

    def _citation(self, quote: Quote) -> Citation | None:
        location = quote.location
        if location is None:
            return None
        source = self.guide.sources[location.source]
        return Citation(source.title, location.section, location.paragraph, location.text, source.id,
                        location.start, location.end)

    def _choices(self, node: Node) -> tuple[Suggestion, ...]:
        return tuple(Suggestion(c.label or self.guide.nodes[c.node].title, c.node)
                     for c in node.choices if c.node in self.guide.nodes)

    def _with_caveats(self, reply: Reply, asked: Iterable[str] = ()) -> Reply:
        """Attach the guide's caveats: by the paragraphs quoted, or by what was asked."""
        quoted = {(c.source_id, c.paragraph) for c in reply.citations}
        present = {b.text for b in reply.blocks}
        extra = [ReplyBlock("note", c.note) for c in self.guide.caveats
                 if (c.paragraphs & quoted or c.id in asked) and c.note not in present]
        return reply._replace(blocks=reply.blocks + tuple(extra)) if extra else reply

    def _with_consent(self, reply: Reply, assessment: safety.Assessment) -> Reply:
        """The safety layer's consent note, unless the guide's own caveat already says it."""
        if not assessment.consent_note or any(b.type == "note" and b.text in self._caveat_texts for b in reply.blocks):
            return reply
        return reply._replace(blocks=(*reply.blocks, ReplyBlock("note", self._said(safety.consent_note()))))

    @property
    def _caveat_texts(self) -> set[str]:
        return {c.note for c in self.guide.caveats}

    def _finish(self, reply: Reply, footer: bool = False, keep_suggestions: bool = False) -> Reply:
        if reply.kind != "answer" and self.context_left > 0 and reply.kind != "safety":
            self.context_left -= 1
        if not keep_suggestions:
            self.last_suggestions = reply.suggestions
        self.last_node = reply.node
        reply = self._without_repeated_notes(reply)
        if (footer or self.careful) and reply.kind != "safety" and not any(b.type == "safety" for b in reply.blocks):
            reply = reply._replace(footer=safety.resource_footer(self.region))
        return reply


    def _without_repeated_notes(self, reply: Reply) -> Reply:
        """Each editor's or research note once per conversation, unless the reader asks for it.

        A caveat (the consent note) shown before, but not in the reply just before this one,
        comes back as a short reminder (its first two sentences): the policy wants it with
        every quote of the passages it is about; a note in consecutive replies is never
        repeated.
        """
        asked, self._notes_asked = self._notes_asked, set()
        blocks = []
        for block in reply.blocks:
            if block.type in ("note", "research"):
                last = self.notes_shown.get(block.text)
                self.notes_shown[block.text] = self.turns
                if last is not None and block.text not in asked:
                    if last >= self.turns - 1 or block.text not in self._caveat_notes:
                        continue
                    block = block._replace(text=_reminder(block.text))
            blocks.append(block)
        return reply._replace(blocks=tuple(blocks))

    @property
    def _caveat_notes(self) -> set[str]:
        return self._caveat_texts | {self._said(safety.consent_note())}

HELP_LINES = (
    "Ask about the article in your own words: typos and half sentences are fine.",
    "Type a number to follow a suggestion. Commands: back · start over · sources · help · quit.",
    "Answers quote the article word for word, with section and paragraph; "
    "editor's and research notes are not the article's.",
)


def _in_sentence(title: str) -> str:
    """A title as it reads inside a sentence: "A break from daily stress" -> "a break from daily
    stress"; an acronym or a name in capitals ("TL;DR", "ZeroOpposite") stays."""
    first = title.split(" ", 1)[0]
    if first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        return title[:1].lower() + title[1:]
    return title


def _reminder(note: str) -> str:
    """A note shown before, shortened to its first two sentences."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(note.split()))
    short = " ".join(sentences[:2])
    return short if short == " ".join(note.split()) else f"{short} (The full note is above.)"


def new_session(guide: Guide) -> Session:
    return Session(Engine.build(guide))
