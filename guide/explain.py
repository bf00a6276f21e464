"""`guide explain`: why a message got the reply it got, for authors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from guide import safety
from guide.about_the_guide import asks_what_the_guide_does
from guide.authoring.phrasings import Phrasebook
from guide.conversation import (
    COMMANDS,
    Engine,
    HelpAnswer,
    clean_input,
    command_key,
    help_answer,
)
from guide.dialog.listitems import NumberedItem, list_items, numbered_items, why_unreached
from guide.matching.index import CORROBORATED_LEAD, VIEW_WEIGHTS, VIEWS, Decision, Ranking, framed_topic, view_weights
from guide.matching.kinship import KIN, Kinship
from guide.matching.normalize import tokenize
from guide.matching.ordinals import Reference
from guide.smalltalk import small_talk


@dataclass(frozen=True)
class CandidateInfo:
    key: str
    node: str
    title: str
    score: float
    example: str
    where: str  # file:line of the example
    in_context: bool
    views: dict[str, float]  # the scores the confidence is made of (index.VIEWS)
    part: str  # the sentence of a long message that scored it ("" = the whole message)
    unexplained: tuple[str, ...]  # the question's topic words the node never uses
    sighted: float = 1.0  # share of the question's information the meaning view can read
    held_back: bool = False  # a follow-up not preferred over its own node (`Candidate.held_back`)


@dataclass(frozen=True)
class Explanation:
    input: str
    context: str | None
    assessment: safety.Assessment
    command: str
    ranking: Ranking
    decision: Decision
    candidates: tuple[CandidateInfo, ...]
    settings: dict[str, float | None]
    thresholds_from: str  # where answer/clarify/margin come from
    list_item: ListItemReading | None = None  # how a reference to a numbered item was read
    help_request: HelpAnswer | None = None  # a request for help: what follows the support lines, and why
    shares: dict[str, float] = field(default_factory=dict)  # each topic word's share of the question's weight
    words_read: tuple[str, ...] = ()  # the input's words with their spelling repaired

    @property
    def frame(self) -> str:
        """The words of a "what does the article say about X" question that were left out ("" if none)."""
        words = tokenize(self.input)
        topic = framed_topic(words) or (framed_topic(self.words_read) if len(self.words_read) == len(words) else [])
        return " ".join(words[:len(words) - len(topic)]) if topic else ""

    @property
    def repairs(self) -> list[tuple[str, str]]:
        """Each word read as another (a frame's too): (typed, read)."""
        framed = len(self.frame.split())
        in_frame = [(a, b) for a, b in zip(tokenize(self.input)[:framed], self.words_read[:framed], strict=False)
                    if a != b]
        return list(dict.fromkeys([*in_frame, *self.ranking.normalized.repairs]))

    def to_json(self) -> dict[str, object]:
        norm = self.ranking.normalized
        return {
            "input": self.input,
            "frame": self.frame or None,
            "normalized": norm.text,
            "repairs": [list(r) for r in self.repairs],
            "synonyms": [list(s) for s in norm.synonyms],
            "truncated": self.ranking.truncated,
            "safety": {"tier": self.assessment.tier, "category": self.assessment.category,
                       "footer": self.assessment.footer,
                       "hits": [{"rule": h.rule, "category": h.category, "text": h.text}
                                for h in self.assessment.hits]},
            "command": self.command or None,
            "help_request": ({"answer": self.help_request.key, "why": self.help_request.why}
                             if self.help_request else None),
            "context": self.context,
            "reference": self.ranking.reference or None,
            "list_item": self.list_item.to_json() if self.list_item else None,
            "vague": self.ranking.vague,
            "whole": ({"first": self.ranking.whole_first, "lead": self.ranking.whole_lead,
                       "score": round(self.ranking.whole.score, 4) if self.ranking.whole else 0.0,
                       "carried": self._whole_carried()}
                      if self.ranking.readings else None),
            "sentences": [{"text": r.sentence, "asks": r.asked, "first": r.first, "score": round(r.score, 4),
                           "lead": r.lead, "carried": r.sentence == self._carried()} for r in self.ranking.readings],
            "candidates": [{**c.__dict__, "unexplained": list(c.unexplained)} for c in self.candidates],
            "word_shares": {word: round(share, 4) for word, share in self.shares.items()},
            "kinship": _kinship_json(self.ranking.kinship),
            "decision": {"kind": self.decision.kind, "confidence": round(self.decision.confidence, 4),
                         "reason": self.decision.reason},
            "settings": self.settings,
            "thresholds_from": self.thresholds_from,
        }

    def format(self, color: bool = False) -> str:
        def bold(text: str) -> str:
            return f"\x1b[1m{text}\x1b[0m" if color else text

        norm = self.ranking.normalized
        lines = [f"{bold('input')}       {self.input!r}"]
        if self.frame:
            lines.append(f"{bold('frame')}       {self.frame!r} left out: the topic asked about is matched")
        lines.append(f"{bold('normalized')}  {norm.text!r}")
        if self.repairs:
            lines.append(f"{bold('repaired')}    " + ", ".join(f"read {a!r} as {b!r}" for a, b in self.repairs))
        if norm.synonyms:
            lines.append(f"{bold('synonyms')}    " + ", ".join(f"{a} → {b}" for a, b in norm.synonyms))
        if self.ranking.truncated:
            lines.append(f"{bold('truncated')}   matched on the first {self.settings['max_input_chars']:.0f} "
                         "characters only")
        lines.append(f"{bold('safety')}      {_describe_safety(self.assessment, self.decision)}")
        if self.command:
            lines.append(f"{bold('command')}     '{self.command}' (built-in commands are checked before matching)")
        if self.help_request:
            lines.append(f"{bold('help request')} {_describe_help(self.help_request)}")
        lines.append(f"{bold('context')}     " + (
            f"{self.context} (its follow-ups are candidates and preferred, but not over it)" if self.context
            else "none (no follow-ups active)"))
        if self.list_item:
            lines.append(f"{bold('list item')}   {self.list_item.format()}")
        lines.append(bold("candidates") + "  (confidence = " +
                     " + ".join(f"{w:g} × {v}" for v, w in zip(VIEWS, VIEW_WEIGHTS, strict=True)) +
                     ", less what the node never says: each word by its share of the question's weight)")
        if not self.candidates:
            lines.append("  (none: no example shares enough with the input)")
        if self.ranking.vague:
            lines.append("  meaning not read: the input asks nothing, in everyday words with a reply word "
                         "(“that's true”, “i guess so”): only its words can match it")
        shared = len({c.sighted for c in self.candidates}) == 1
        if shared and self.candidates[0].sighted < 1:
            lines.append("  " + _weighed(self.candidates[0].sighted))
        width = max((len(c.key) for c in self.candidates), default=0)
        for rank, c in enumerate(self.candidates, start=1):
            mark = (" [in context, not over its node]" if c.held_back else " [in context]") if c.in_context else ""
            lines.append(f"  {rank}. {c.key.ljust(width)}  {c.score:.3f}  “{c.example}”  {c.where}{mark}")
            if c.views:
                lines.append("     " + " ".join(f"{name} {value:.2f}" for name, value in c.views.items()))
            if c.part:
                lines.append(f"     scored on the part “{c.part}”")
            if c.sighted < 1 and not shared:
                lines.append("     " + _weighed(c.sighted))
            if c.unexplained:
                lines.append("     never says: " + ", ".join(
                    f"'{w}'" + (f" ({self.shares[w]:.0%})" if w in self.shares else "") for w in c.unexplained[:6]))
        lines.extend(self._sentences(bold))
        if self.ranking.kinship:
            lines.append(f"{bold('kinship')}     {_describe_kinship(self.ranking.kinship)}")
        s = self.settings
        lines.append(f"{bold('decision')}    {self.decision.kind}: {self.decision.reason}")
        kin = f"{s['understood']:g}x the next topic" if s.get("understood") else "off"
        lines.append(f"{bold('thresholds')}  answer ≥ {s['answer']:.2f}, clarify ≥ {s['clarify']:.2f}, "
                     f"margin {s['margin']:.2f}, a node explaining the input by kinship answered from a lead of "
                     f"{kin} ({self.thresholds_from})")
        return "\n".join(lines)


    def _carried(self) -> str:
        """The sentence of a long message that the answer was scored on ("" if none)."""
        chosen = self.decision.candidates[:1] if self.decision.kind == "answer" else ()
        return self.decision.sentence or (chosen[0].part if chosen else "")

    def _whole_carried(self) -> bool:
        """Was a long message answered by its whole text, no sentence of it carrying the answer?"""
        return self.decision.kind == "answer" and bool(self.ranking.readings) and not self._carried()

    def _sentences(self, bold: Callable[[str], str]) -> list[str]:
        """A long message's sentences, each scored on its own, and the one that carried the answer."""
        ranking = self.ranking
        if not ranking.readings:
            return []
        at = f" at {ranking.whole.score:.2f}" if ranking.whole else ""
        lines = [bold("sentences") + f"   the whole message ranks {ranking.whole_first} first{at} "
                 f"({ranking.whole_lead:.2f}x the next); each sentence on its own (a sentence singles its "
                 f"topic out at {CORROBORATED_LEAD:g}x the next):"]
        carried = self._carried()
        for reading in ranking.readings:
            role = "asks " if reading.asked else "story"
            mark = "  ← carried the answer" if reading.sentence == carried else ""
            lines.append(f"  {role} {reading.first} {reading.score:.2f} ({reading.lead:.2f}x)  "
                         f"“{reading.sentence}”{mark}")
        if self._whole_carried():
            lines.append("  ← the whole message carried the answer")
        return lines


def _describe_kinship(found: Kinship) -> str:
    """How the leading candidate explains the input's words (read when it leads clearly)."""
    said = f"'{found.key}' explains {found.share:.0%} of the input's topic words"
    near = [f"'{word}' ~ '{closest}' {cosine:.2f}" for word, closest, cosine in found.kin if cosine >= KIN]
    far = [f"'{word}'" + (f" (nearest '{closest}' {cosine:.2f})" if closest else " (not compared)")
           for word, closest, cosine in found.kin if cosine < KIN]
    if near:
        said += f"; by kin words (cosine ≥ {KIN:g}): " + ", ".join(near[:4])
    if far:
        said += "; not: " + ", ".join(far[:4])
    if found.orphans:
        said += "; rare and without kin: " + ", ".join(f"'{w}'" for w in found.orphans[:4])
    return said


def _kinship_json(found: Kinship | None) -> dict[str, object] | None:
    if found is None:
        return None
    return {"key": found.key, "share": found.share, "orphans": list(found.orphans),
            "kin": [{"word": w, "closest": c, "cosine": cos} for w, c, cos in found.kin]}


def _weighed(sighted: float) -> str:
    weights = " + ".join(f"{w:.2f} × {v}" for v, w in zip(VIEWS, view_weights(sighted), strict=True))
    return (f"weighed {weights}: {1 - sighted:.0%} of the question's information is in the guide's "
            "words that the meaning view has no vector for")


def _describe_safety(assessment: safety.Assessment, decision: Decision) -> str:
    if assessment.tier:
        hits = "; ".join(f"{h.rule} matched “{h.text}”" for h in assessment.hits)
        return f"tier {assessment.tier} ({assessment.category}): {_safety_reply_of(assessment, decision)}" + \
            (f" — {hits}" if hits else "")
    if assessment.footer:
        return "no takeover, but a resource line is added (" + \
            "; ".join(f"{h.rule}: “{h.text}”" for h in assessment.hits) + ")"
    return "no risk detected (checked before matching)"


def _safety_reply_of(assessment: safety.Assessment, decision: Decision) -> str:
    """What the reply to a tier-1 or tier-2 message carries (`Session._safety_reply`): the
    matching below decides only what, if anything, follows the support lines."""
    care = safety.safety_reply(assessment)
    check_in = ", then a check-in" if care.check_in else ""
    if assessment.tier == 1:
        lead = "the emergency line first, then " if care.lead else ""
        return (f"the reply is the safety reply ({lead}an acknowledgement and the support lines{check_in}); "
                "nothing of the source is quoted, whatever the matching below finds")
    if decision.kind == "answer":
        return (f"the support lines come first, then the answer of '{decision.candidates[0].key}' as decided "
                f"below{check_in}")
    if decision.kind == "clarify":
        return (f"the support lines come first{check_in}; the “Did you mean” topics below are offered as "
                "choices, with no quote (no passage on a guess)")
    return f"the support lines{check_in}; no answer follows (the matching below answers nothing)"


@dataclass(frozen=True)
class ListItemReading:
    """How a message that names an item of a numbered list ("point 3", "the last one") was read."""

    read: str  # the words that name it
    how: str  # how the position was counted ("", or "the last of items 1-8", ...)
    item: NumberedItem | None  # the item it names, if the list has it
    node: str | None  # the node ranked first for it (None: no node is that item)
    why: str  # why no node was reached ("" when one was)
    then: str = "the message is matched like any other"  # what follows when none was


    def format(self) -> str:
        named = f"“{self.read}”"
        if self.item is not None:
            named += (f" → item {self.item.number} of the numbered list (paragraph {self.item.paragraph} of "
                      f"'{self.item.source}': “{self.item.preview}”)")
        if self.how:
            named += f" ({self.how})"
        if self.node:
            return f"{named} → node '{self.node}', ranked first"
        return f"{named}: no node reached, {self.why}; {self.then}"

    def to_json(self) -> dict[str, object]:
        item = self.item
        return {"read": self.read, "how": self.how or None, "item": item.number if item else None,
                "source": item.source if item else None, "paragraph": item.paragraph if item else None,
                "node": self.node, "why": self.why or None}


def read_list_item(engine: Engine, cleaned: str, ranking: Ranking, context: str | None) -> ListItemReading | None:
    """How the message's reference to a numbered item was read, as `Index.rank` reads it (the words
    as typed, else as repaired), and which node it reached, or why none."""
    named = engine.index.reference_in(tokenize(cleaned), ranking.normalized)
    if named is None:
        return None
    reading = _read_list_item(engine, named, ranking, context)
    unreached = ranking.unreached
    if reading.node or unreached is None:
        return reading
    then = ("the reply offers the numbered list, not another item" if unreached.number
            else "unless the message is answered, the reply offers the numbered list")
    return replace(reading, then=then)


def _read_list_item(engine: Engine, named: Reference, ranking: Ranking, context: str | None) -> ListItemReading:
    guide = engine.guide
    items = list_items(guide)
    found = numbered_items(guide)
    numbers = sorted(items.values())
    span = (f"items {numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else f"item {numbers[0]}") if numbers else ""

    def item_numbered(number: int) -> NumberedItem | None:
        reached = [i for i in found if i.number == number and i.reaches]
        return (reached or [i for i in found if i.number == number] or [None])[0]

    if ranking.reference and ranking.candidates:
        node = ranking.candidates[0].key
        number = items.get(node, 0)
        return ListItemReading(named.text, _counted(named, number, span, context, items), item_numbered(number),
                               node, "")
    if not found:
        return ListItemReading(named.text, "", None, None, "the sources have no numbered list (paragraphs that start "
                               "“1. ”, “2) ”…)")
    if not items:
        return ListItemReading(named.text, "", None, None, "no node with phrasings quotes an item of the "
                               "numbered list")
    if named.number:
        item = item_numbered(named.number)
        if item is None:
            return ListItemReading(named.text, "", None, None, f"the numbered list has no item {named.number} "
                                   f"(its nodes are {span})")
        return ListItemReading(named.text, "", item, None, why_unreached(item, items))
    if named.step and not named.anchor:
        if context is None:
            return ListItemReading(named.text, "", None, None, "it counts from the item in context, and there is "
                                   "none (try --context NODE)")
        if context not in items:
            return ListItemReading(named.text, "", None, None, f"it counts from the node in context, and "
                                   f"'{context}' is not an item of the list ({span})")
        number = items[context] + named.step
        item = item_numbered(number)
        why = (why_unreached(item, items) if item else f"the list has no item {number} ({span})")
        return ListItemReading(named.text, f"'{context}' is item {items[context]}", item, None, why)
    if named.anchor:
        return ListItemReading(named.text, "", None, None, "no item's title shares a word with "
                               f"“{' '.join(named.anchor)}”")
    return ListItemReading(named.text, "", None, None, f"no node is that item ({span})")


def _counted(named: Reference, number: int, span: str, context: str | None, items: dict[str, int]) -> str:
    if named.last:
        return f"{'the last' if named.last == 1 else f'{named.last} from the end'} of {span}"
    if named.anchor:
        return f"{'after' if named.step > 0 else 'before'} the item whose title shares most words with " \
               f"“{' '.join(named.anchor)}”"
    if named.step and context in items:
        return f"{'after' if named.step > 0 else 'before'} '{context}', item {items[context]}, in context"
    return ""


def explain(engine: Engine, text: str, context: str | None = None) -> Explanation:
    cleaned = clean_input(text)
    ranking = engine.index.rank(cleaned, context=context)
    book = Phrasebook(engine.guide)
    decision = engine.index.decide(ranking)
    candidates = tuple(
        CandidateInfo(c.key, engine.node_of(c.key), engine.title_of(c.key), round(c.score, 4), c.example,
                      book.where(c.key, c.example), c.in_context, dict(zip(VIEWS, c.views, strict=False)), c.part,
                      c.unexplained, c.sighted, c.held_back)
        for c in ranking.candidates
    )
    s = engine.settings
    settings = {"answer": s.answer, "clarify": s.clarify, "margin": s.margin, "max_input_chars": s.max_input_chars,
                "understood": s.understood}
    assessment, command = safety.assess(cleaned), _command_of(command_key(cleaned))
    # (as `Session.respond`: a risk and a command come first; then a request for help)
    helped = (help_answer(engine, cleaned, decision)
              if not command and not assessment.tier and safety.is_help_request(cleaned) else None)
    return Explanation(text, context, assessment, command, ranking, decision, candidates, settings,
                       thresholds_from(engine), read_list_item(engine, cleaned, ranking, context), helped,
                       engine.index.word_shares(ranking.content_words),
                       words_read=tuple(engine.index.normalizer.repair_words(tokenize(text))))


def _describe_help(found: HelpAnswer) -> str:
    """What a request for help gets (`conversation.help_answer`), as `guide ask` replies to it."""
    if found.key is not None:
        return (f"the support lines first; then the guide's answer, '{found.key}' as decided below, because "
                f"{found.why} (requests for help are checked before matching)")
    return (f"only the support lines, because {found.why}; the decision below is not shown to the reader "
            "(requests for help are checked before matching)")


def thresholds_from(engine: Engine) -> str:
    """Where the engine's thresholds come from, in words."""
    manifest = any(v is not None for v in engine.guide.matching[:3])
    if not engine.calibrated_on:
        return "set in guide.yaml" if manifest else "the defaults: too few phrasings to calibrate"
    measured = f"calibrated on {engine.calibrated_on} left-out phrasings; guide calibrate shows how"
    return measured + ("; some set in guide.yaml" if manifest else "")


def _command_of(key: str) -> str:
    """The built-in command a message is (a question about the guide itself: its welcome; small talk)."""
    talk = small_talk(key)
    return COMMANDS.get(key) or ("welcome" if asks_what_the_guide_does(key) else "") \
        or (f"small talk: {talk}" if talk else "")
