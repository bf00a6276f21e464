"""`guide test` reports: pytest-like text, or one JSON document."""

from __future__ import annotations

from guide.authoring.coverage import RunCoverage
from guide.authoring.phrasings import Phrasebook, short
from guide.authoring.testing import PlayedTest, Suite, SuiteRun, TurnResult
from guide.conversation import Engine, clean_input, help_answer
from guide.matching.index import answer_margin

WIDTH = 80


def _rule(title: str, char: str = "=") -> str:
    if not title:
        return char * WIDTH
    title = f" {title} "
    left = max(3, (WIDTH - len(title)) // 2)
    return char * left + title + char * max(3, WIDTH - left - len(title))


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def summary_line(run: SuiteRun) -> str:
    passed, failed = len(run.passed), len(run.failed)
    parts = [f"{passed} passed"] + ([f"{failed} failed"] if failed else [])
    return f"{', '.join(parts)} in {run.seconds:.2f}s"


def format_text(shown: str, suite: Suite, run: SuiteRun, engine: Engine, coverage: RunCoverage | None,
                *, verbose: bool = False, color: bool = False) -> str:
    lines = []
    files = len(suite.files)
    turns = sum(len(t.turns) for t in suite.tests)
    lines.append(f"{shown}: {len(suite.tests)} test{'s' * (len(suite.tests) != 1)} ({turns} turn{'s' * (turns != 1)}) "
                 f"in {files} file{'s' * (files != 1)}")
    by_file: dict[str, list[PlayedTest]] = {}
    for played in run.runs:
        by_file.setdefault(played.test.file, []).append(played)
    for file, played_tests in by_file.items():
        if verbose:
            for played in played_tests:
                verdict = _paint("PASSED", "32", color) if played.passed else _paint("FAILED", "1;31", color)
                lines.append(f"{file}::{played.test.name} {verdict}")
            continue
        marks = "".join("." if t.passed else "F" for played in played_tests for t in played.turns)
        chunks = [marks[i:i + WIDTH - 10] for i in range(0, len(marks), WIDTH - 10)] or [""]
        for number, chunk in enumerate(chunks):
            shown_chunk = chunk.replace("F", _paint("F", "1;31", color)) if color else chunk
            lines.append(f"{file if number == 0 else ' ' * len(file)} {shown_chunk}")
    if run.failed:
        book = Phrasebook(engine.guide)
        lines += ["", _paint(_rule("FAILURES"), "1;31", color)]
        for played in run.failed:
            lines.append(_rule(f"{played.test.file}::{played.test.name}", "_"))
            off_course = False
            for number, result in enumerate(played.turns, start=1):
                if not result.passed:
                    lines += _failure(number, result, engine, book, off_course)
                    off_course = True
    if coverage is not None:
        lines += [_rule("coverage", "-"), coverage.format()]
    lines.append(thresholds_line(engine))
    verdict = summary_line(run)
    lines.append(_paint(_rule(verdict), "1;31" if run.failed else "1;32", color))
    return "\n".join(lines)


def thresholds_line(engine: Engine) -> str:
    """The thresholds the run used and where they come from: calibrated ones move when the
    phrasings change, and a turn that scores near them can flip after an unrelated edit."""
    from guide.explain import thresholds_from

    s = engine.settings
    line = (f"thresholds: answer {s.answer:.2f}, clarify {s.clarify:.2f}, margin {s.margin:.2f} "
            f"({thresholds_from(engine)})")
    if engine.calibrated_on:
        line += "\n  calibrated thresholds move when phrasings change: a turn scoring near them can flip"
    return line


def against_thresholds(result: TurnResult, engine: Engine) -> str:
    """The best candidate's score and lead, beside what answering and asking need."""
    s = engine.settings
    candidates = result.ranking.candidates
    source = "calibrated" if engine.calibrated_on else "not calibrated"
    if not candidates:
        return f"no candidate; answer needs {s.answer:.2f}, clarify {s.clarify:.2f} ({source})"
    top = candidates[0]
    if top.score >= s.answer:
        parts = [f"'{top.key}' {top.score:.2f} ≥ answer {s.answer:.2f}"]
    else:
        side = "≥" if top.score >= s.clarify else "<"
        parts = [f"'{top.key}' {top.score:.2f} < answer {s.answer:.2f} ({s.answer - top.score:.2f} short), "
                 f"{side} clarify {s.clarify:.2f}"]
    if len(candidates) > 1:
        lead = top.score - candidates[1].score
        needed = answer_margin(max(top.score, s.answer), s)
        parts.append(f"leads '{candidates[1].key}' by {lead:.2f} (margin {needed:.2f} at that score)")
    return "; ".join(parts) + f" ({source})"


def _failure(number: int, result: TurnResult, engine: Engine, book: Phrasebook, off_course: bool) -> list[str]:
    turn, reply = result.turn, result.reply
    node = f"node '{reply.node}'" if reply.node else "no node"
    matched = used_the_matcher(result)
    what = f"command '{reply.command}'" if reply.kind == "command" and reply.command else reply.kind
    lines = [f"{turn.pos.file}:{turn.pos.line}: turn {number}: {turn.user!r}" +
             (" (after a failed turn: the conversation may be off course)" if off_course else ""),
             f"  expected: {turn.describe()}",
             f"  got:      {what} ({node})" + (f", confidence {reply.confidence:.2f}" if matched else "")]
    lines += [f"            ✗ {failure}" for failure in result.failures]
    how = made_by(result, engine)
    if how:
        lines.append(f"  made by:  {how}")
    if not result.context:
        lines.append("  context:  none (no follow-ups active)")
    else:
        lines.append(f"  context:  {result.context} " + ("(its follow-ups were candidates)" if matched else
                                                         "(its follow-ups were active)"))
    if matched:
        lines.append(f"  decision: {result.decision.kind}: {result.decision.reason}")
        lines.append(f"  scores:   {against_thresholds(result, engine)}")
        lines += _candidates(result, engine, book)
    text = reply.text.splitlines()
    if text:
        more = f"  (+{len(text) - 1} lines)" if len(text) > 1 else ""
        lines.append(f"  reply:    {short(text[0], 60)}{more}")
    return lines


def used_the_matcher(result: TurnResult) -> bool:
    """Whether the matcher's decision made the reply (then the report shows it and the candidates)."""
    return result.route == "matcher" or (result.route in ("help request", "safety") and result.reply.node is not None)


def made_by(result: TurnResult, engine: Engine) -> str:
    """The step of the conversation that made the reply, when it was not the matcher alone ("": it was)."""
    reply, route = result.reply, result.route
    before = "read before matching: the matcher was not asked"
    if route == "command":
        return f"the built-in command '{reply.command}' ({before})"
    if route == "welcome question":
        return f"a question about the guide itself, which its welcome answers ({before})"
    if route == "small talk":
        return f"small talk (thanks, a goodbye, a greeting or an 'ok'), which the guide answers itself ({before})"
    if route == "suggestion":
        return f"a pick of the last reply's suggestions, by its number or its words ({before})"
    if route == "empty":
        return "an empty message"
    if route == "help request":
        why = help_answer(engine, clean_input(result.turn.user), result.decision).why
        return (f"a request for help: the support lines, then the answer the matcher decided below, because {why}"
                if reply.node else f"a request for help: the support lines only, because {why}")
    if route == "safety":
        return ("the safety layer (checked before matching): the support lines, then the answer the matcher "
                "decided below" if reply.node else
                "the safety layer (checked before matching): its reply, with no answer of the matcher's")
    return ""


def _candidates(result: TurnResult, engine: Engine, book: Phrasebook) -> list[str]:
    candidates = result.ranking.candidates[:3]
    if not candidates:
        return ["  candidates: none (no phrasing shares enough with the input)"]
    width = max(len(c.key) for c in candidates)
    lines = ["  candidates:"]
    for rank, c in enumerate(candidates, start=1):
        mark = " [in context]" if c.in_context else ""
        lines.append(f"    {rank}. {c.key.ljust(width)}  {c.score:.3f}  “{short(c.example, 40)}”  "
                     f"{book.where(c.key, c.example)}{mark}")
    return lines


def to_json(shown: str, suite: Suite, run: SuiteRun, engine: Engine,
            coverage: RunCoverage | None) -> dict[str, object]:
    from guide.explain import thresholds_from

    book = Phrasebook(engine.guide)

    def turn_json(result: TurnResult) -> dict[str, object]:
        turn, reply = result.turn, result.reply
        expected = {k: getattr(turn, k) for k in ("node", "kind", "says", "quotes", "not_node") if getattr(turn, k)}
        if turn.kind:  # one kind as written ("answer"), a band as its list
            expected["kind"] = turn.kind[0] if len(turn.kind) == 1 else list(turn.kind)
        return {
            "user": turn.user, "file": turn.pos.file, "line": turn.pos.line, "passed": result.passed,
            "expected": expected,
            "got": {"kind": reply.kind, "node": reply.node, "confidence": round(reply.confidence, 4),
                    "command": reply.command or None},
            "made_by": result.route,
            "failures": list(result.failures),
            "context": result.context,
            "matched": ({"intent": result.matched.key, "example": result.matched.example,
                         "where": book.where(result.matched.key, result.matched.example)}
                        if result.matched else None),
            "candidates": [{"intent": c.key, "score": round(c.score, 4), "example": c.example,
                            "where": book.where(c.key, c.example), "in_context": c.in_context}
                           for c in result.ranking.candidates[:3]],
        }

    return {
        "guide": shown,
        "passed": len(run.passed),
        "failed": len(run.failed),
        "seconds": round(run.seconds, 3),
        "files": list(suite.files),
        "tests": [{"name": p.test.name, "file": p.test.file, "line": p.test.pos.line, "passed": p.passed,
                   "turns": [turn_json(t) for t in p.turns]} for p in run.runs],
        "coverage": coverage.to_json() if coverage else None,
        "thresholds": {"answer": engine.settings.answer, "clarify": engine.settings.clarify,
                       "margin": engine.settings.margin, "calibrated_on": engine.calibrated_on,
                       "from": thresholds_from(engine)},
        "problems": [p.to_dict() for p in suite.problems],
    }
