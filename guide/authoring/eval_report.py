"""The report of `guide eval`: text for a person, JSON for tools."""

from __future__ import annotations

from guide.authoring.evaluate import (
    IN_SCOPE_OUTCOMES,
    OUT_OF_SCOPE_OUTCOMES,
    Evaluation,
    Result,
    cited,
    paragraph_label,
)
from guide.authoring.questions import NONE
from guide.dialog.model import Guide

IN_SCOPE_WORDS = {
    "right": "answered right",
    "offered": "“Did you mean”, a right one offered",
    "wrong": "answered wrong",
    "declined": "declined",
}
OUT_OF_SCOPE_WORDS = {
    "right": "declined (not covered)",
    "asked": "“Did you mean” instead",
    "wrong": "answered",
    "other": "command or support reply",
}


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    – "


def _label(label: str) -> str:
    return "(none)" if label == NONE else label


def _reply(result: Result, guide: Guide) -> str:
    reply = result.reply
    if reply.kind == "answer":
        where = paragraph_label(guide, cited(reply))
        return f"answer {reply.node} {reply.confidence:.2f}" + (f" (quotes {where})" if where else "")
    if reply.kind == "clarify":
        options = ", ".join(s.node for s in reply.suggestions if s.node)
        return f"“Did you mean” {options} {reply.confidence:.2f}"
    return f"{reply.kind} {reply.confidence:.2f}"


def _expected(result: Result, guide: Guide) -> str:
    question = result.question
    if not question.in_scope:
        return "not covered"
    if question.nodes:
        return " or ".join(question.nodes)
    where = paragraph_label(guide, question.paragraphs)
    return f"{where} ({result.expected})" if result.expected != where else f"{where} (no node quotes it)"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def format_text(shown_questions: str, shown_guide: str, guide: Guide, evaluation: Evaluation,
                min_accuracy: float | None = None) -> str:
    lines = []
    in_scope, out_of_scope = evaluation.in_scope, evaluation.out_of_scope
    kinds = {"passages" if r.question.passages else "nodes" for r in in_scope}
    by = " and ".join(sorted(kinds, key=("nodes", "passages").index)) or "nodes"
    asked = len(evaluation.results)
    lines.append(f"{shown_questions} on {shown_guide} ({_count(len(guide.nodes), 'node')}): "
                 f"{_count(asked, 'question')}, {len(in_scope)} in scope (by {by}), {len(out_of_scope)} out of scope")
    for title, results, words, order in (("in scope", in_scope, IN_SCOPE_WORDS, IN_SCOPE_OUTCOMES),
                                         ("out of scope", out_of_scope, OUT_OF_SCOPE_WORDS, OUT_OF_SCOPE_OUTCOMES)):
        if not results:
            continue
        counts = evaluation.outcomes(results is in_scope)
        lines.append(f"{title} ({len(results)}):")
        for outcome in order:
            if counts[outcome] or outcome in ("right", "wrong"):
                lines.append(f"  {words[outcome]:38s} {counts[outcome]:4d}  {_percent(counts[outcome], len(results))}")
    total = len(evaluation.results)
    verdict = ""
    if min_accuracy is not None:
        verdict = "  (ok: at least " if evaluation.accuracy >= min_accuracy else "  (FAILED: below "
        verdict += f"{100 * min_accuracy:g} %)"
    lines.append(f"accuracy {evaluation.right}/{total} = {_percent(evaluation.right, total).strip()}, "
                 f"macro F1 {evaluation.macro_f1:.2f}{verdict}")
    by_kind = evaluation.by_kind()
    if by_kind:
        lines.append("by kind: " + ", ".join(f"{kind} {right}/{n} ({_percent(right, n).strip()})"
                                               for kind, (right, n) in by_kind.items()))

    lines.append("")
    lines.append(f"  {'node':30s} {'precision':>9s} {'recall':>7s} {'F1':>5s} {'support':>8s} {'answered':>9s}")
    for score in evaluation.labels:
        lines.append(f"  {_label(score.label)[:30]:30s} {score.precision:9.2f} {score.recall:7.2f} {score.f1:5.2f} "
                     f"{score.support:8d} {score.predicted:9d}")

    wrong = [r for r in evaluation.misses if r.outcome == "wrong"]
    declined = [r for r in evaluation.misses if r.outcome != "wrong"]
    for title, results in (("wrong answers", wrong), ("declines and “Did you mean”", declined)):
        if not results:
            continue
        lines.append("")
        lines.append(f"{title} ({len(results)}):")
        for result in results:
            lines.extend(_miss(result, guide))
    confusions = evaluation.confusions()
    if confusions:
        lines.append("")
        lines.append("confusion pairs (expected → got):")
        for expected, predicted, results in confusions:
            lines.append(f"  {len(results):3d}  {_label(expected)} → {_label(predicted)}")
    return "\n".join(lines)


def _miss(result: Result, guide: Guide) -> list[str]:
    question = result.question
    where = f"{question.pos.file}:{question.pos.line}"
    lines = [f"  {where}  [{result.outcome}] “{question.text}”",
             f"      expected {_expected(result, guide)}; got {_reply(result, guide)}"]
    if result.candidates:
        shown = "; ".join(f"{c.node} {c.score:.2f} “{_short(c.example)}”" for c in result.candidates)
        lines.append(f"      candidates: {shown}")
    return lines


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def to_json(shown_questions: str, shown_guide: str, guide: Guide, evaluation: Evaluation,
            min_accuracy: float | None = None) -> dict[str, object]:
    in_counts, out_counts = evaluation.outcomes(True), evaluation.outcomes(False)
    return {
        "questions_file": shown_questions,
        "guide": shown_guide,
        "questions": len(evaluation.results),
        "right": evaluation.right,
        "accuracy": round(evaluation.accuracy, 4),
        "macro_f1": round(evaluation.macro_f1, 4),
        "min_accuracy": min_accuracy,
        "passed": min_accuracy is None or evaluation.accuracy >= min_accuracy,
        "in_scope": {"questions": len(evaluation.in_scope), **{o: in_counts[o] for o in IN_SCOPE_OUTCOMES}},
        "out_of_scope": {"questions": len(evaluation.out_of_scope),
                         **{o: out_counts[o] for o in OUT_OF_SCOPE_OUTCOMES}},
        "by_kind": {kind: {"right": right, "questions": n} for kind, (right, n) in evaluation.by_kind().items()},
        "labels": [
            {"label": s.label, "node": s.label in guide.nodes, "support": s.support, "answered": s.predicted,
             "right": s.right, "precision": round(s.precision, 4), "recall": round(s.recall, 4),
             "f1": round(s.f1, 4)}
            for s in evaluation.labels
        ],
        "confusions": [
            {"expected": expected, "got": predicted, "count": len(results),
             "questions": [r.question.text for r in results]}
            for expected, predicted, results in evaluation.confusions()
        ],
        "results": [_result_json(r, guide) for r in evaluation.results],
    }


def _result_json(result: Result, guide: Guide) -> dict[str, object]:
    question, reply = result.question, result.reply
    return {
        "q": question.text,
        "file": question.pos.file,
        "line": question.pos.line,
        "in_scope": question.in_scope,
        "kind": question.kind,
        "nodes": list(question.nodes),
        "passages": list(question.passages),
        "paragraphs": [{"source": s, "paragraph": n} for s, n in sorted(question.paragraphs)],
        "outcome": result.outcome,
        "expected": result.expected,
        "predicted": result.predicted,
        "reply": {"kind": reply.kind, "node": reply.node, "confidence": round(reply.confidence, 4),
                  "cites": [{"source": s, "paragraph": n} for s, n in sorted(cited(reply))],
                  "options": [s.node for s in reply.suggestions if s.node] if reply.kind == "clarify" else []},
        "candidates": [{"node": c.node, "score": round(c.score, 4), "example": c.example} for c in result.candidates],
    }
