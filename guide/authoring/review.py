"""What readers asked that a guide could not answer: an opt-in local log, and its review.

Only when the reader opts in (``guide chat --log-unanswered``, or a view that asks), each
fallback ("the article doesn't cover that") and clarification ("did you mean …?") is
appended to a JSON Lines file in the user's data folder. Safety replies, commands and
answers are never logged, nor anything a session says after a disclosure. The file stays
on this computer: nothing here opens a network connection. ``guide review`` reads it back,
groups similar questions (rapidfuzz) and names, for each group, the nodes the matcher
finds nearest: the place to add phrasings.

Using the log from a view (the TUI does what plain chat does)::

    log = UnansweredLog(engine.guide)       # default file: user_data_dir()/unanswered.jsonl
    show(log.notice)                         # tell the reader, before the first message
    reply = session.respond(text)
    log.record_turn(session, reply)         # fallbacks and clarifications only
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from guide.dialog.model import Guide
from guide.reading import NotRegularFile, kind_of
from guide.reply import Reply
from guide.terminal import json_text

LOG_NAME = "unanswered.jsonl"
LOGGED_KINDS = ("fallback", "clarify")
MAX_LOGGED_CHARS = 1000
"""What a reader typed is kept up to this length (the matcher reads no more either)."""
FORMAT = 1


def default_log_path() -> Path:
    from guide.paths import user_data_dir

    return user_data_dir() / LOG_NAME


class UnansweredLog:
    """Appends the reader's unanswered questions to a local JSON Lines file (opt-in only).

    Create it only when the reader asked for it, and show :attr:`notice` first. Writing
    never raises: if the file cannot be written, logging stops and :attr:`error` says why.
    """

    def __init__(self, guide: Guide, path: Path | None = None) -> None:
        self.guide = guide
        self.path = Path(path) if path else default_log_path()
        self.error = ""
        self.written = 0

    @property
    def notice(self) -> str:
        return (f"Logging is on: questions this guide cannot answer (and “did you mean” questions) are saved to "
                f"{self.path}, on this computer only, for the guide's author to review with `guide review`. "
                "Nothing is sent anywhere. Delete the file to forget them.")

    @staticmethod
    def wants(reply: Reply) -> bool:
        """Whether ``reply`` is one to log: a fallback or clarification of a real question."""
        return reply.kind in LOGGED_KINDS and bool(reply.input.strip())

    def record_turn(self, session, reply: Reply) -> bool:
        """`record` for a Session's latest reply. Once the session has had a disclosure
        (``session.careful``), nothing more from it is logged: what follows may be personal."""
        if getattr(session, "careful", False):
            return False
        return self.record(reply, context=session.current)

    def record(self, reply: Reply, context: str | None = None) -> bool:
        """Log ``reply`` if it is a fallback or a clarification. True when a line was written."""
        if self.error or not self.wants(reply):
            return False
        entry = {
            "v": FORMAT,
            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "guide": str(self.guide.root.resolve()),
            "title": self.guide.title,
            "input": " ".join(reply.input.split())[:MAX_LOGGED_CHARS],
            "kind": reply.kind,
            "confidence": round(reply.confidence, 4),
            "context": context,
            "node": reply.node,
            "offered": [s.node for s in reply.suggestions if s.node],
        }
        line = json_text(entry) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # never through a symlink: it could point the reader's questions at any file; and never
            # waiting: opened to write, a FIFO (named pipe) without a reader held the chat for ever
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            descriptor = os.open(self.path, flags, 0o600)
            with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
                mode = os.fstat(descriptor).st_mode
                if not stat.S_ISREG(mode):
                    raise NotRegularFile(f"it is {kind_of(mode)}, not a regular file")
                handle.write(line)
        except OSError as exc:
            why = "it is a symbolic link, which the log does not follow" if self.path.is_symlink() else \
                str(exc) if isinstance(exc, NotRegularFile) else self._why(exc)
            self.error = f"cannot write {self.path}: {why}; logging stopped"
            return False
        self.written += 1
        return True

    def _why(self, exc: OSError) -> str:
        if exc.errno == errno.ENXIO:  # O_NONBLOCK: a FIFO that nothing reads
            return "it is a FIFO (named pipe), not a regular file"
        return exc.strerror or str(exc)


# -- reading the log back ------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    input: str
    kind: str
    guide: str
    context: str | None = None
    node: str | None = None
    time: str = ""


@dataclass
class LogContents:
    entries: list[Entry] = field(default_factory=list)
    bad_lines: list[int] = field(default_factory=list)


def read_log(path: Path) -> LogContents:
    """The entries of a log file; lines that are not entries are listed, not fatal."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        return log_entries(handle)


def log_entries(lines: Iterable[str]) -> LogContents:
    """The entries among ``lines`` (a log file's, or stdin's for `guide review --log -`)."""
    contents = LogContents()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            entry = Entry(str(data["input"]), str(data["kind"]), str(data.get("guide", "")),
                          data.get("context") or None, data.get("node") or None, str(data.get("time", "")))
        except (ValueError, KeyError, TypeError, RecursionError):  # (json: arrays nested thousands deep)
            contents.bad_lines.append(number)
            continue
        if entry.input.strip():
            contents.entries.append(entry)
    return contents


# -- grouping ----------------------------------------------------------------------------------------

SIMILAR = 80
"""rapidfuzz token_set_ratio (0-100) of two questions' topic words to group them."""


@dataclass(frozen=True)
class Nearest:
    key: str
    node: str
    title: str
    score: float
    example: str
    where: str


@dataclass
class Group:
    """Similar unanswered questions, with the nodes nearest to them."""

    phrasings: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    contexts: Counter[str] = field(default_factory=Counter)
    nearest: list[Nearest] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(self.phrasings.values())

    @property
    def top(self) -> str:
        return self.phrasings.most_common(1)[0][0]


def group_questions(engine, entries: list[Entry]) -> list[Group]:
    """Group similar questions, most asked first, each with its nearest nodes by the matcher."""
    from rapidfuzz import fuzz, process

    from guide.authoring.phrasings import Phrasebook
    from guide.matching.normalize import FUNCTION_WORDS

    normalizer = engine.index.normalizer
    bound = engine.settings.max_input_chars  # what the matcher read of it: a 100,000-letter word ran out of memory
    keyed: dict[str, list[Entry]] = {}
    for entry in entries:
        norm = normalizer.normalize(entry.input[:bound]).text
        topic = " ".join(w for w in norm.split() if w not in FUNCTION_WORDS) or norm or entry.input.casefold()
        keyed.setdefault(topic, []).append(entry)
    groups: list[Group] = []
    representatives: list[str] = []
    for topic in sorted(keyed, key=lambda t: (-len(keyed[t]), t)):
        match = process.extractOne(topic, representatives, scorer=fuzz.token_set_ratio, score_cutoff=SIMILAR)
        if match is None:
            groups.append(Group())
            representatives.append(topic)
            group = groups[-1]
        else:
            group = groups[match[2]]
        for entry in keyed[topic]:
            group.phrasings[" ".join(entry.input.split())] += 1
            group.kinds[entry.kind] += 1
            if entry.context:
                group.contexts[entry.context] += 1
    book = Phrasebook(engine.guide)
    for group in groups:
        group.nearest = _nearest(engine, book, group)
    groups.sort(key=lambda g: (-g.count, g.top))
    return groups


def _nearest(engine, book, group: Group, limit: int = 3) -> list[Nearest]:
    """Nodes the group's questions come closest to: best score per node over its phrasings."""
    best: dict[str, Nearest] = {}
    for text, _ in group.phrasings.most_common(10):
        for candidate in engine.index.rank(text, context=None).candidates:
            node = book.node_of(candidate.key)
            if node not in best or candidate.score > best[node].score:
                best[node] = Nearest(candidate.key, node, engine.guide.nodes[node].title, candidate.score,
                                     candidate.example, book.where(candidate.key, candidate.example))
    return sorted(best.values(), key=lambda n: (-n.score, n.node))[:limit]


def suggestion(group: Group, engine) -> str:
    """What to do about a group, in words: judged by the matcher as the guide is now."""
    ranking = engine.index.rank(group.top)
    decision = engine.index.decide(ranking)
    nodes = engine.guide.nodes

    def where(node_id: str) -> str:
        node = nodes[node_id]
        return f"'{node_id}' ({node.pos.file}:{node.pos.line})"

    if decision.kind == "answer":
        node_id = group.nearest[0].node if group.nearest else decision.candidates[0].key
        return f"the guide now answers “{group.top}” with node {where(node_id)}: check that it is the right one"
    if ranking.off_topic:
        words = ", ".join(f"'{w}'" for w in ranking.content_words[:4])
        return (f"the guide uses none of its words ({words}): if the source covers it, write a node "
                "(guide new node ID); if not, add it to the node that says what is not covered")
    if decision.kind == "clarify" and group.nearest:
        options = " or ".join(where(n.node) for n in group.nearest[:2])
        return (f"readers get “Did you mean”: add {'these' if len(group.phrasings) > 1 else 'this'} to the node "
                f"they meant, {options}")
    best = f" (nearest: '{group.nearest[0].node}', {group.nearest[0].score:.2f})" if group.nearest else ""
    return (f"no node is near{best}: if the source covers it, write a node for it (guide new node ID); "
            "if not, add it to the node that says what is not covered")


def format_review(shown_log: str, groups: list[Group], engine, skipped: int, bad_lines: list[int]) -> str:
    from guide.authoring.phrasings import short

    total = sum(g.count for g in groups)
    kinds: Counter[str] = Counter()
    for g in groups:
        kinds.update(g.kinds)
    lines = [f"{total} unanswered question{'s' * (total != 1)} for “{engine.guide.title}” in {shown_log}: "
             f"{kinds['fallback']} not covered, {kinds['clarify']} “did you mean”; "
             f"{len(groups)} group{'s' * (len(groups) != 1)}"]
    if skipped:
        lines.append(f"({skipped} entr{'ies' if skipped != 1 else 'y'} for other guides left out)")
    if bad_lines:
        shown = ", ".join(map(str, bad_lines[:5])) + (" …" if len(bad_lines) > 5 else "")
        lines.append(f"({len(bad_lines)} line{'s' * (len(bad_lines) != 1)} could not be read: {shown})")
    for number, group in enumerate(groups, start=1):
        lines.append("")
        others = [f"“{short(text, 50)}”" + (f" ×{n}" if n > 1 else "")
                  for text, n in group.phrasings.most_common()[1:4]]
        more = len(group.phrasings) - 4
        lines.append(f"{number:>3}. ×{group.count}  “{short(group.top, 60)}”")
        if others:
            lines.append("       also: " + ", ".join(others) + (f" and {more} more" if more > 0 else ""))
        how = ", ".join(f"{'not covered' if k == 'fallback' else 'did you mean'} {n}"
                        for k, n in group.kinds.most_common())
        where = ", ".join(f"after '{c}' {n}" for c, n in group.contexts.most_common(2))
        lines.append(f"       replies: {how}" + (f"; {where}" if where else ""))
        if group.nearest:
            lines.append("       nearest: " + "; ".join(
                f"{n.node} {n.score:.2f} (“{short(n.example, 30)}” {n.where})" for n in group.nearest))
        lines.append(f"       suggest: {suggestion(group, engine)}")
    return "\n".join(lines)


def review_json(shown_log: str, groups: list[Group], engine, skipped: int, bad_lines: list[int]) -> dict:
    return {
        "log": shown_log,
        "guide": engine.guide.title,
        "questions": sum(g.count for g in groups),
        "skipped_other_guides": skipped,
        "bad_lines": bad_lines,
        "groups": [{
            "count": g.count,
            "phrasings": [{"text": t, "count": n} for t, n in g.phrasings.most_common()],
            "kinds": dict(g.kinds),
            "contexts": dict(g.contexts),
            "nearest": [n.__dict__ for n in g.nearest],
            "suggestion": suggestion(g, engine),
        } for g in groups],
    }
