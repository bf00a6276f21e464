"""The ``guide`` command: argparse subcommands, each importing only what it needs."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path

from guide import __version__
from guide.paths import default_guide
from guide.terminal import json_text, safe_for_terminal

TYPE_CHECKING = False  # typing itself is not imported for it: `guide ask` starts without the module
if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


def _use_color(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ and not _dumb_terminal()


def _dumb_terminal() -> bool:
    """TERM=dumb: a terminal that says it cannot move the cursor or show colors (Emacs' M-x shell,
    some consoles and CI logs); the full-screen app drew there as a screenful of escape codes."""
    return os.environ.get("TERM") == "dumb"


def _paint(text: str, code: str, enabled: bool) -> str:
    """``text``, its control characters escaped, in color when ``enabled``."""
    text = safe_for_terminal(text)
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def _out(text: str = "", *, colors: bool = False) -> None:
    """Print to stdout with control characters escaped; ``colors`` keeps SGR colors (painted by
    this program: the text in them was escaped when painted)."""
    print(safe_for_terminal(text, keep_colors=colors))


def _err(text: str, *, colors: bool = False) -> None:
    print(safe_for_terminal(text, keep_colors=colors), file=sys.stderr)


# -- validate -----------------------------------------------------------------------------

def cmd_validate(args: argparse.Namespace) -> int:
    from guide.dialog.checks import validate
    from guide.dialog.files import MANIFEST_NAME, guide_around
    from guide.dialog.loader import GuideNotFound, display_path

    paths = args.paths or [default_guide()]
    reports = []
    for path in paths:
        try:
            folder = Path(path).is_dir() and not (Path(path) / MANIFEST_NAME).exists()
            kind = "file" if Path(path).is_file() else "folder" if folder else ""
            around = guide_around(Path(path)) if kind else None
        except OSError:  # a folder on the way that cannot be opened, a name too long: said just below
            around = None
        if around is not None:
            _err(f"guide validate: {path} is a {kind} of the guide in {display_path(around)}: checking that guide")
            path = around
        try:
            reports.append((path, validate(Path(path))))
        except GuideNotFound as exc:
            _err(f"guide validate: {exc}")
            return EXIT_CANNOT_RUN
    if args.format == "json":
        _out(json_text([_report_json(path, report) for path, report in reports], indent=2))
    else:
        color = _use_color(sys.stdout)
        for path, report in reports:
            for problem in report.problems:
                _out(_format_problem(problem, color), colors=True)
            _out(_summary(display_path(Path(path)), report, color), colors=True)
    return EXIT_PROBLEMS if any(report.errors for _, report in reports) else EXIT_OK


def _format_problem(problem, color: bool) -> str:
    text = safe_for_terminal(problem.format())
    if not color:
        return text
    label = f"{problem.severity}:"
    shade = "1;31" if problem.is_error else "1;33"
    return text.replace(label, _paint(label, shade, True), 1)


def _summary(shown: str, report, color: bool) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    guide = report.guide
    if guide is not None:
        parts.append(f"{len(guide.nodes)} nodes in {len(guide.files)} files")
        for cov in report.coverage:
            if not cov.paragraphs:  # not read, or nothing in it: its error says which
                parts.append(f"{cov.source}: no paragraphs read")
                continue
            parts.append(f"{cov.source} coverage {len(cov.quoted)}/{cov.total} paragraphs ({cov.ratio:.0%})"
                         + (f" (not counted: {cov.leading_text()})" if cov.leading else ""))
    verdict = "FAILED" if errors else "ok"
    line = f"{shown}: {verdict}: " + ", ".join(parts)
    return _paint(line, "1;31" if errors else "1;32", color)


def _report_json(path: str | Path, report) -> dict[str, object]:
    guide = report.guide
    return {
        "guide": str(path),
        "ok": not report.errors,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "nodes": len(guide.nodes) if guide else 0,
        "files": [str(f) for f in guide.files] if guide else [],
        "coverage": [
            {"source": c.source, "paragraphs": c.total, "quoted": list(c.quoted), "missing": list(c.missing),
             "ratio": round(c.ratio, 4),
             "not_counted": [{"paragraph": number, "kind": kind} for number, kind in c.leading]}
            for c in report.coverage
        ],
        "problems": [p.to_dict() for p in report.problems],
    }


# -- loading a guide for a conversation -------------------------------------------------------

def _load_engine(path: str | None):
    """The compiled guide (cached between runs), or None after printing why it cannot run."""
    from guide.cache import load_engine, refusal
    from guide.dialog.files import GuideNotFound

    reason = refusal()
    if reason:  # said, as ssh does: a slow start should have a visible cause
        _err(f"guide: {reason}")
    try:
        engine, result = load_engine(Path(path) if path else default_guide())
    except GuideNotFound as exc:
        _err(f"guide: {exc}")
        return None
    if engine is None:
        errors = [p for p in result.problems if p.is_error]
        for problem in errors[:20]:
            _err(problem.format())
        more = f" (showing 20 of {len(errors)})" if len(errors) > 20 else ""
        _err(f"guide: the guide has errors{more}; fix them (guide validate) and try again")
    return engine


@contextlib.contextmanager
def _starting_up() -> Iterator[None]:
    """No garbage collection while a conversation command imports its modules and loads the
    guide and the safety check's data: what they make lives as long as the process, so the
    collector's passes over it (a few milliseconds of every `guide ask`) would find nothing.
    Afterwards it is frozen out of later passes, as the app does once its guide is loaded."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _guide_in_words(guide: str | None, words: list[str], command: str) -> tuple[str | None, list[str]]:
    """`guide explain PATH TEXT` as `guide lint PATH` takes a path: without --guide, a first word that
    is a guide folder (one holding a guide.yaml) or a guide.yaml is the guide, said in one line on
    stderr when it is a bare word that could have been the reader's ("dogs", not "./dogs" or ".");
    anything else is part of the text."""
    from guide.dialog.files import MANIFEST_NAME

    if guide is not None or not words:
        return guide, words
    first = Path(words[0])
    try:
        is_guide = (first.is_dir() and (first / MANIFEST_NAME).is_file()) or \
            (first.name == MANIFEST_NAME and first.is_file())
    except (OSError, ValueError):  # a question too long or odd to be a path
        is_guide = False
    if not is_guide:
        return guide, words
    if not _written_as_path(words[0]):  # a bare word ("dogs") could have been the reader's: say how it was read
        _err(f"guide {command}: using the guide at {words[0]} (the first word is a guide folder; "
             "--guide PATH says so explicitly)")
    return words[0], words[1:]


def _written_as_path(word: str) -> bool:
    """Is ``word`` plainly a path (".", "..", or with a folder separator), not a word of a question?"""
    return word in (".", "..") or "/" in word or (os.sep != "/" and os.sep in word)


STDIN_LINE_CHARS = 1_000_000
"""A line of stdin longer than this is read up to here, its rest skipped: `guide ask < /dev/zero` (one
endless line) held it all in memory until a MemoryError. A message is read up to `max_input_chars`."""


def _stdin_lines():
    """stdin's lines, ended by "\n", "\r\n" (a file saved on Windows) or a lone "\r" (classic Mac OS):
    stdin keeps "\r" on POSIX, so `guide ask --json < questions.txt` echoed "why\r" as the input and a
    file of "\r" lines was one question. A line is at most STDIN_LINE_CHARS long (its first part)."""
    cut = False  # the line read last was cut: the next read is the rest of it, skipped
    while line := sys.stdin.readline(STDIN_LINE_CHARS):
        if cut:
            cut = not line.endswith("\n")
            continue
        cut = len(line) == STDIN_LINE_CHARS and not line.endswith("\n")
        yield from line.rstrip("\n").removesuffix("\r").split("\r")


# -- ask, chat --------------------------------------------------------------------------------

def cmd_ask(args: argparse.Namespace) -> int:
    args.guide, args.words = _guide_in_words(args.guide, args.words, "ask")
    with _starting_up():
        from guide.plain import ask
        from guide.safety import load as load_safety

        engine = _load_engine(args.guide)
        if engine is not None:
            load_safety()  # (here, while the collector is paused: see _starting_up)
    if engine is None:
        return EXIT_CANNOT_RUN
    questions = [" ".join(args.words)] if args.words else _stdin_lines()
    ask(engine, questions, sys.stdout, args.json)
    return EXIT_OK


def cmd_chat(args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if args.plain or args.json or not interactive or args.record or _dumb_terminal():
        return _plain_chat(args, interactive)
    from guide.tui.app import run_app

    return run_app(args.guide, watch=args.watch, log_unanswered=args.log_unanswered)


def _terminal_width() -> int | None:
    """The width to wrap plain text to: the terminal's; None for a pipe (scripts get lines whole)."""
    import shutil

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def _plain_chat(args: argparse.Namespace, interactive: bool) -> int:
    record_to = Path(args.record) if args.record else None
    if record_to is not None and not _can_record(record_to, args.force):
        return EXIT_CANNOT_RUN
    with _starting_up():
        from guide.conversation import Session
        from guide.plain import chat
        from guide.safety import load as load_safety

        engine = _load_engine(args.guide)
        if engine is not None:
            load_safety()  # (here, while the collector is paused: see _starting_up)
    if engine is None:
        return EXIT_CANNOT_RUN
    session = Session(engine)
    observe = None
    if args.log_unanswered:
        from guide.authoring.review import UnansweredLog

        log = UnansweredLog(engine.guide)
        (_err if args.json else _out)(log.notice)

        def observe(session: Session, reply) -> None:
            failed_before = bool(log.error)
            log.record_turn(session, reply)
            if log.error and not failed_before:  # said once; the log stays off after a failure
                _err(f"guide: {log.error}")

    prompt = "you> " if interactive and not args.json else ""
    recorded: list | None = [] if record_to is not None else None
    saved = True
    try:
        with _ended_by_signals() if record_to is not None else contextlib.nullcontext():
            chat(session, _stdin_lines(), sys.stdout, args.json, prompt=prompt, record=recorded, observe=observe,
                 width=_terminal_width())
    finally:
        if record_to is not None:
            saved = _save_recording(record_to, recorded or [], args.force)
    return EXIT_OK if saved else EXIT_CANNOT_RUN


@contextlib.contextmanager
def _ended_by_signals() -> Iterator[None]:
    """While a conversation is being recorded, SIGTERM (`kill`, a shutdown) and SIGHUP (the terminal
    window closed) end the chat the way Ctrl-C does, so that the recording is still saved: their
    default is to end the process at once, and every turn recorded was lost. The exit status is
    still 128 + the signal's number."""
    import signal

    def end(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    ending = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    before = {signum: signal.signal(signum, end) for signum in ending}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def _can_record(path: Path, force: bool) -> bool:
    """Check before the conversation starts that the recording can be saved where asked: never in
    place of a folder, a device or a pipe (--force put a regular file in place of /dev/full), and
    over a file only with --force."""
    from guide.authoring.files import replaceable
    from guide.reading import NotRegularFile

    if path.is_dir():
        _err(f"guide chat: {path} is a folder; give a file name such as {path / 'recorded.yaml'}")
        return False
    try:
        replaceable(path)
    except NotRegularFile as exc:
        _err(f"guide chat: {path}: {exc.strerror}; give the name of a file to write the test to")
        return False
    if os.path.lexists(path) and not force:
        _err(f"guide chat: {path} exists; choose another file, or add --force to replace it")
        return False
    if not path.parent.is_dir():
        missing = "is not a folder" if path.parent.exists() else "does not exist; create it first"
        _err(f"guide chat: folder {path.parent} {missing}")
        return False
    return True


def _save_recording(path: Path, recorded: list, force: bool) -> bool:
    """Save the recording; if it cannot be, say why and print it on stdout, so nothing is lost.
    False when it was not saved."""
    from guide.authoring.files import FileExists
    from guide.authoring.record import recording_text, write_recording

    if not recorded:
        _err(f"guide chat: nothing was said, so nothing was recorded ({path} not written)")
        return True
    try:
        write_recording(path, recorded, overwrite=force)
    except (FileExists, OSError) as exc:
        why = "it appeared meanwhile (use --force to replace it)" if isinstance(exc, FileExists) else \
            exc.strerror or str(exc)
        _err(f"guide chat: cannot write {path}: {why}; the recording is printed below instead")
        sys.stdout.write(safe_for_terminal(recording_text(recorded, path)))
        sys.stdout.flush()
        return False
    turns = len(recorded)
    _err(f"guide chat: recorded {turns} turn{'s' * (turns != 1)} to {path}; run `guide test` on the guide")
    return True


# -- explain ----------------------------------------------------------------------------------

def cmd_explain(args: argparse.Namespace) -> int:
    args.guide, args.text = _guide_in_words(args.guide, args.text, "explain")
    if not args.text:
        _err(f"guide explain: give the text to explain after the guide: guide explain {args.guide} \"what a reader "
             "might type\"")
        return EXIT_CANNOT_RUN
    with _starting_up():
        from guide.explain import explain

        engine = _load_engine(args.guide)
    if engine is None:
        return EXIT_CANNOT_RUN
    if args.context and args.context not in engine.guide.nodes:
        _err(f"guide explain: no node '{args.context}' in this guide")
        return EXIT_CANNOT_RUN
    report = explain(engine, " ".join(args.text), context=args.context)
    if args.json:
        _out(json_text(report.to_json(), indent=2))
    else:
        _out(report.format(color=_use_color(sys.stdout)), colors=True)
    return EXIT_OK


# -- authoring: test --------------------------------------------------------------------------

SYNONYM_STEM_CLASH = "synonym-stem-clash"  # (`synonym_stems.CODE`, without importing the matcher at start)


def _guide_for(path: str | None, command: str, warnings: frozenset[str] = frozenset()):
    """(guide, engine) for an authoring command, or None after saying why it cannot run. The
    loader's warnings whose code is in ``warnings`` are said too (on stderr)."""
    from guide.conversation import Engine
    from guide.dialog.loader import GuideNotFound, load_guide

    try:
        result = load_guide(Path(path) if path else default_guide())
    except GuideNotFound as exc:
        _err(f"guide {command}: {exc}")
        return None
    errors = [p for p in result.problems if p.is_error]
    if result.guide is None or errors:
        for problem in errors[:20]:
            _err(problem.format())
        more = f" (showing 20 of {len(errors)})" if len(errors) > 20 else ""
        _err(f"guide {command}: the guide has errors{more}; fix them (guide validate) and try again")
        return None
    problems = list(result.problems)
    if SYNONYM_STEM_CLASH in warnings:
        from guide.dialog.synonym_stems import check_synonym_stems  # (a check of validate's, not of loading)

        problems += check_synonym_stems(result.guide, result.variants)
    for problem in problems:
        if problem.code in warnings:
            _err(problem.format())
    return result.guide, Engine.build(result.guide)


def _split_test_path(path: str | None) -> tuple[str | None, list[Path] | None]:
    """`guide test tests/x.yaml` runs that file of the guide around it."""
    from guide.dialog.files import MANIFEST_NAME

    if not path:
        return None, None
    target = Path(path)
    if not target.is_file() or target.name == MANIFEST_NAME:
        return path, None
    for folder in list(target.resolve().parents)[:3]:
        if (folder / MANIFEST_NAME).is_file():
            return str(folder), [target]
    from guide.dialog.yamltree import YList, read_yaml

    if isinstance(read_yaml(target)[0], YList):  # a test file outside any guide folder
        raise _NoGuide(f"{path} looks like a test file, but no folder above it has a {MANIFEST_NAME}; "
                       "keep test files in the guide's tests/ folder")
    return path, None


class _NoGuide(Exception):
    pass


def cmd_test(args: argparse.Namespace) -> int:
    import time

    from guide.authoring.coverage import coverage_of_run
    from guide.authoring.results import format_text, to_json
    from guide.authoring.testing import load_tests, run_suite
    from guide.dialog.files import display_path

    started = time.perf_counter()
    try:
        guide_path, files = _split_test_path(args.path)
    except _NoGuide as exc:
        _err(f"guide test: {exc}")
        return EXIT_CANNOT_RUN
    # the tests' folder that cannot be listed, a test file that is a FIFO or a device: why tests do not run
    loaded = _guide_for(guide_path, "test", frozenset({"unreadable-folder", "not-a-file"}))
    if loaded is None:
        return EXIT_CANNOT_RUN
    guide, engine = loaded
    shown = display_path(guide.root)
    suite = load_tests(guide, files)
    color = _use_color(sys.stdout)
    if suite.problems and args.format == "text":
        for problem in suite.problems:
            _out(_format_problem(problem, color), colors=True)
    if suite.errors:
        count = len(suite.errors)
        message = f"{count} error{'s' * (count != 1)} in the test files; no tests were run"
        if args.format == "json":
            _out(json_text({"guide": shown, "error": message, "problems": [p.to_dict() for p in suite.problems]},
                           indent=2))
        else:
            _out(_paint(f"{shown}: {message}", "1;31", color), colors=True)
        return EXIT_CANNOT_RUN
    if not suite.files:
        _err(f"guide test: {shown} has no conversation tests (files matching the manifest's `tests:` globs, "
              "default tests/*.yaml); see docs/authoring.md, \"Conversation tests\"")
        return EXIT_CANNOT_RUN
    selected = suite.select(args.keyword)
    if not selected.tests:
        which = f" match -k {args.keyword!r}" if args.keyword else " in " + ", ".join(suite.files)
        _err(f"guide test: no tests{which}")
        return EXIT_CANNOT_RUN
    run = run_suite(engine, selected)
    run.seconds = time.perf_counter() - started
    coverage = coverage_of_run(guide, run)
    if args.format == "json":
        _out(json_text(to_json(shown, selected, run, engine, coverage), indent=2))
    else:
        _out(format_text(shown, selected, run, engine, coverage, verbose=args.verbose, color=color), colors=True)
    return EXIT_PROBLEMS if run.failed else EXIT_OK


# -- authoring: graph -------------------------------------------------------------------------

def cmd_graph(args: argparse.Namespace) -> int:
    from guide.authoring.graph import render
    from guide.dialog.loader import GuideNotFound, load_guide

    try:
        result = load_guide(Path(args.path) if args.path else default_guide())
    except GuideNotFound as exc:
        _err(f"guide graph: {exc}")
        return EXIT_CANNOT_RUN
    if result.guide is None:
        for problem in [p for p in result.problems if p.is_error][:20]:
            _err(problem.format())
        _err("guide graph: the guide could not be read; fix the errors above (guide validate)")
        return EXIT_CANNOT_RUN
    errors = [p for p in result.problems if p.is_error]
    if errors:  # a graph of what could be read still helps to find the mistake
        for problem in errors[:20]:
            _err(problem.format())
        more = f" (showing 20 of {len(errors)})" if len(errors) > 20 else ""
        _err(f"guide graph: the guide has {len(errors)} error{'s' * (len(errors) != 1)}{more} (guide validate); "
              "drawing what could be read")
    sys.stdout.write(safe_for_terminal(render(result.guide, args.format)))
    return EXIT_PROBLEMS if errors else EXIT_OK


# -- authoring: lint --------------------------------------------------------------------------

def cmd_lint(args: argparse.Namespace) -> int:
    from guide.authoring.lint import lint, summary, to_json
    from guide.dialog.files import display_path

    loaded = _guide_for(args.path, "lint", frozenset({SYNONYM_STEM_CLASH}))  # (how phrasings are read)
    if loaded is None:
        return EXIT_CANNOT_RUN
    guide, engine = loaded
    report = lint(engine, folds=args.folds, selftest=not args.no_selftest, jobs=args.jobs)
    shown = display_path(guide.root)
    if args.format == "json":
        _out(json_text(to_json(shown, report), indent=2))
    else:
        color = _use_color(sys.stdout)
        for title, problems in report.sections:
            _out(_paint(f"── {title}", "1", color), colors=True)
            for problem in problems:
                _out(_format_problem(problem, color), colors=True)
        verdict = "ok" if not report.findings else f"{len(report.findings)} finding{'s' * (len(report.findings) != 1)}"
        _out(_paint(f"{shown}: {verdict}: {summary(report)}", "1;33" if report.findings else "1;32", color),
             colors=True)
    return EXIT_PROBLEMS if report.findings and args.strict else EXIT_OK


# -- authoring: calibrate ---------------------------------------------------------------------

def cmd_calibrate(args: argparse.Namespace) -> int:
    from guide.authoring.calibration import report_lines, run, to_json
    from guide.dialog.files import display_path

    loaded = _guide_for(args.path, "calibrate")
    if loaded is None:
        return EXIT_CANNOT_RUN
    guide, engine = loaded
    calibration = run(engine)
    shown = display_path(guide.root)
    if args.format == "json":
        _out(json_text(to_json(engine, calibration, shown), indent=2))
    else:
        _out("\n".join(report_lines(engine, calibration, shown)))
    return EXIT_OK


# -- authoring: eval --------------------------------------------------------------------------

STDIN_NAME = "<stdin>"  # how questions piped to `guide eval -` are named in problems and the report


def _stdin_bytes() -> bytes:
    """stdin as bytes, at most one more than a guide file may hold (parse_yaml then says it is too large);
    at a terminal, a word first on how to end it."""
    from guide.dialog.yamltree import MAX_FILE_BYTES

    stream = sys.stdin
    if stream is None:
        return b""
    if stream.isatty():
        _err("guide eval: reading questions from stdin (YAML); end with Ctrl-D")
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer.read(MAX_FILE_BYTES + 1)
    return stream.read(MAX_FILE_BYTES + 1).encode("utf-8", "replace")


def _guide_near(questions: Path) -> str | None:
    """The guide folder holding a question file (it or up to two folders above), if any."""
    from guide.dialog.files import MANIFEST_NAME

    for folder in list(questions.resolve().parents)[:3]:
        if (folder / MANIFEST_NAME).is_file():
            return str(folder)
    return None


def _fraction(text: str) -> float:
    """--min-accuracy: 0.8 or 80%."""
    import argparse  # (loaded: argparse calls this)

    try:
        value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (give 0.8 or 80%)") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is outside 0..1 (give 0.8 or 80%)")
    return value


def cmd_eval(args: argparse.Namespace) -> int:
    from guide.authoring.eval_report import format_text, to_json
    from guide.authoring.evaluate import evaluate
    from guide.authoring.questions import load_questions
    from guide.dialog.files import display_path

    questions_path = Path(args.questions)
    piped = args.questions == "-"
    if not piped and not questions_path.is_file():
        kind = _kind_of(questions_path)
        _err(f"guide eval: {args.questions} is {kind}, not a file of questions" if kind else
             f"guide eval: {args.questions}: no such file")
        return EXIT_CANNOT_RUN
    loaded = _guide_for(args.guide or (None if piped else _guide_near(questions_path)), "eval")
    if loaded is None:
        return EXIT_CANNOT_RUN
    guide, engine = loaded
    if piped:
        questions = load_questions(questions_path, guide, raw=_stdin_bytes(), shown=STDIN_NAME)
    else:
        questions = load_questions(questions_path, guide)
    for problem in questions.problems:  # warnings too: the report itself goes to stdout
        _err(_format_problem(problem, _use_color(sys.stderr)), colors=True)
    if questions.errors:
        count = len(questions.errors)
        _err(f"guide eval: {count} error{'s' * (count != 1)} in "
             f"{STDIN_NAME if piped else display_path(questions_path)}; nothing was asked")
        return EXIT_CANNOT_RUN
    evaluation = evaluate(engine, questions.questions)
    shown_questions, shown_guide = STDIN_NAME if piped else display_path(questions_path), display_path(guide.root)
    if args.format == "json":
        report = to_json(shown_questions, shown_guide, guide, evaluation, args.min_accuracy)
        report["problems"] = [p.to_dict() for p in questions.problems]
        _out(json_text(report, indent=2))
    else:
        _out(format_text(shown_questions, shown_guide, guide, evaluation, args.min_accuracy))
    below = args.min_accuracy is not None and evaluation.accuracy < args.min_accuracy
    return EXIT_PROBLEMS if below else EXIT_OK


# -- authoring: new ---------------------------------------------------------------------------

def cmd_new(args: argparse.Namespace) -> int:
    from guide.authoring.scaffold import ScaffoldError

    try:
        if args.target == "node" and args.node_id is not None:  # `guide new node ""`: an id, empty
            if args.source:
                _err("guide new node: --source is for a new guide (guide new GUIDE --source FILE)")
                return EXIT_CANNOT_RUN
            return _new_node(args)
        if args.node_id is not None:
            _err(f"guide new: unexpected {args.node_id!r}; use `guide new GUIDE --source FILE` or "
                  "`guide new node ID`")
            return EXIT_CANNOT_RUN
        if args.guide or args.title:
            _err("guide new: --guide and --title are for a new node (guide new node ID)")
            return EXIT_CANNOT_RUN
        if not args.target.strip():  # `guide new "$NAME"` with NAME unset: not this folder, unasked
            _err("guide new: the new guide's folder is empty; give its name (or . for this folder)")
            return EXIT_CANNOT_RUN
        if not args.source:
            hint = " (to add a node: guide new node ID)" if args.target == "node" else ""
            _err(f"guide new: a new guide needs the document it is about: guide new {args.target} --source FILE"
                  + hint)
            return EXIT_CANNOT_RUN
        return _new_guide(args)
    except ScaffoldError as exc:
        _err(f"guide new{' node' if args.target == 'node' and args.node_id is not None else ''}: {exc}")
        return EXIT_CANNOT_RUN


def _new_guide(args: argparse.Namespace) -> int:
    from guide.authoring.scaffold import new_guide
    from guide.dialog.checks import validate
    from guide.dialog.files import display_path

    created = new_guide(Path(args.target), Path(args.source))
    shown = display_path(created.root)
    _out(f"created {shown}:")
    for file in created.files:
        _out(f"  {display_path(file)}")
    report = validate(created.root)
    uncovered = sum(1 for p in report.problems if p.code == "uncovered-paragraph")
    _out(_summary(shown, report, False))
    if uncovered:
        which = f"the {uncovered} warnings about paragraphs no node quotes are" if uncovered != 1 else \
            "the warning about the paragraph no node quotes is"
        _out(f"  {which} your to-do list: each paragraph should be quoted by the node about its topic")
    typed = _as_typed(shown)
    steps = [(f"guide test {typed}", "run its conversation test"),
             (f"guide new node my-topic --guide {typed}", "add a topic (docs/authoring.md has a tutorial)"),
             (f"guide chat --guide {typed}", "talk to it")]
    width = max(len(command) for command, _ in steps)
    _out("next:")
    for command, what in steps:
        _out(f"  {command:{width}}   # {what}")
    return EXIT_PROBLEMS if report.errors else EXIT_OK


def _as_typed(path: str) -> str:
    """``path`` as it is typed in a shell command: quoted when it has spaces or quotes ('my guide'),
    and not read as an option when it starts with '-' (./-g)."""
    import shlex

    return shlex.quote(f"./{path}" if path.startswith("-") else path)


def _guide_here() -> Path:
    """The guide `guide new node` adds to without --guide: $GUIDE_PATH, else the guide in the working
    folder (or the one around it: in my-guide/nodes, my-guide). Never the bundled guide, which an
    author in their own guide's folder did not mean (it was written into, inside the installed package).
    Raises GuideNotFound when there is none."""
    import os

    from guide.dialog.files import GuideNotFound, find_manifest

    if os.environ.get("GUIDE_PATH"):
        return default_guide()
    try:
        return find_manifest(Path(".")).parent
    except GuideNotFound:
        raise GuideNotFound("no guide.yaml in this folder or the one around it: name the guide, "
                            "`guide new node ID --guide PATH`") from None


def _new_node(args: argparse.Namespace) -> int:
    from guide.authoring.scaffold import new_node
    from guide.dialog.files import GuideNotFound, display_path

    try:
        created = new_node(Path(args.guide) if args.guide else _guide_here(), args.node_id, args.title or "")
    except GuideNotFound as exc:
        _err(f"guide new node: {exc}")
        return EXIT_CANNOT_RUN
    shown = display_path(created.path)
    _out(f"created {shown}: write its phrasings and answer, then run `guide validate`")
    if not created.picked_up:
        _err(f"note: the manifest's `nodes:` globs do not include {shown}; add it there")
        return EXIT_PROBLEMS
    return EXIT_OK


# -- authoring: review ------------------------------------------------------------------------

def cmd_review(args: argparse.Namespace) -> int:
    from guide.authoring.review import (
        default_log_path,
        format_review,
        group_questions,
        log_entries,
        read_log,
        review_json,
    )
    from guide.dialog.files import display_path

    log_path = Path(args.log) if args.log else default_log_path()
    piped = args.log == "-"
    if not piped and not log_path.is_file():
        kind = _kind_of(log_path)
        if kind:  # a folder, a device: named, not called missing
            given = " (give the unanswered.jsonl that `guide chat --log-unanswered` writes)" if args.log else ""
            _err(f"guide review: {log_path} is {kind}, not a log file{given}")
            return EXIT_CANNOT_RUN
        if args.log:
            _err(f"guide review: {log_path}: no such file")
            return EXIT_CANNOT_RUN
        _out(f"nothing to review: no questions were logged ({log_path} does not exist). Readers opt in with "
              "`guide chat --log-unanswered`; nothing is logged otherwise.")
        return EXIT_OK
    loaded = _guide_for(args.guide, "review")
    if loaded is None:
        return EXIT_CANNOT_RUN
    guide, engine = loaded
    try:
        contents = log_entries(_stdin_lines()) if piped else read_log(log_path)
    except OSError as exc:
        _err(f"guide review: cannot read {log_path}: {exc.strerror or exc}")
        return EXIT_CANNOT_RUN
    root = str(guide.root.resolve())
    mine = [e for e in contents.entries if args.all_guides or not e.guide or e.guide == root]
    skipped = len(contents.entries) - len(mine)
    groups = group_questions(engine, mine)
    shown = STDIN_NAME if piped else display_path(log_path)
    if args.format == "json":
        _out(json_text(review_json(shown, groups, engine, skipped, contents.bad_lines), indent=2))
    else:
        _out(format_review(shown, groups, engine, skipped, contents.bad_lines))
    return EXIT_OK


# -- serve --------------------------------------------------------------------------------

def cmd_serve(args: argparse.Namespace) -> int:
    from guide.serve import serve  # aiohttp and textual-serve: only for this command

    return serve(Path(args.guide) if args.guide else default_guide(), host=args.host, port=args.port,
                 max_sessions=args.max_sessions, idle_minutes=args.idle_timeout, log_unanswered=args.log_unanswered)


def _positive(text: str) -> int:
    import argparse  # (loaded: argparse calls this)

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return value


def _minutes(text: str) -> float:
    import argparse  # (loaded: argparse calls this)

    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 10**6:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes (0 for never)")
    return value


def _path(text: str) -> str:
    """A path given on the command line; an empty one is refused: `guide test "$GUIDE"` with the
    variable unset tested the bundled guide and passed (and `guide validate ""` read the current folder)."""
    import argparse  # (loaded: argparse calls this)

    if not text.strip():
        raise argparse.ArgumentTypeError("the path is empty (a shell variable that is not set?)")
    return text


def _allowed_folder(text: str) -> str:
    """An --allow-path folder: one that is not there is refused (a typo let nothing more be read,
    and the guide then failed on its shared source with no word about the option)."""
    import argparse  # (loaded: argparse calls this)

    text = _path(text)
    try:
        os.stat(text)
    except (FileNotFoundError, NotADirectoryError):
        raise argparse.ArgumentTypeError(f"there is no file or folder {text!r}") from None
    except (OSError, ValueError):  # a folder on the way that cannot be opened: the guide says where it reads
        pass
    return text


def _port(text: str) -> int:
    import argparse  # (loaded: argparse calls this)

    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)")
    return value


def _add_serve(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="serve the chat to web browsers (textual-serve)",
                           description="Serve the same chat to web browsers, one process per browser tab, until "
                                       "Ctrl-C. Readers' transcripts are downloads in their browser; nothing they do "
                                       "is written on this machine unless you add --log-unanswered. "
                                       "Scaling and reverse proxies: docs/serve.md.")
    serve.add_argument("--guide", type=_path, metavar="PATH", help=GUIDE_HELP)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for every address)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--max-sessions", type=_positive, default=20, metavar="N",
                       help="readers at once, one process each (default: 20); more get a 'busy' page")
    serve.add_argument("--idle-timeout", type=_minutes, default=30, metavar="MINUTES",
                       help="close a session after this long without the reader's keys or mouse, so that "
                            "forgotten tabs give their place back (default: 30; 0: never)")
    serve.add_argument("--log-unanswered", action="store_true",
                       help="keep the questions the guide cannot answer in your user data folder for `guide review` "
                            "(readers are told first)")
    serve.set_defaults(func=cmd_serve)


# -- schema -------------------------------------------------------------------------------

def cmd_schema(args: argparse.Namespace) -> int:
    from guide.dialog.schema import schema

    _out(json_text(schema(args.kind), indent=2))
    return EXIT_OK


# -- parser -------------------------------------------------------------------------------

GUIDE_HELP = "guide folder or its guide.yaml (default: the bundled guide)"


def _add_allow_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-path", action="append", type=_allowed_folder, metavar="DIR", default=[],
                        help="let the guide read files in DIR too (a shared source kept outside the guide folder; "
                             "a guide's files must otherwise be inside it, after symlinks); repeatable")


def _add_chat(sub: argparse._SubParsersAction) -> None:
    chat = sub.add_parser("chat", help="chat with a guide (the default command)",
                          description="Open the chat. Falls back to plain lines when stdin or stdout is not a "
                                      "terminal, or with --plain.")
    chat.add_argument("--guide", type=_path, metavar="PATH", help=GUIDE_HELP)
    chat.add_argument("--plain", action="store_true", help="plain text lines instead of the full-screen app")
    chat.add_argument("--json", action="store_true", help="with --plain: one JSON object per reply")
    chat.add_argument("--watch", action="store_true", help="reload the guide when its files change")
    chat.add_argument("--record", type=_path, metavar="FILE",
                      help="save the conversation as a conversation test file (implies --plain)")
    chat.add_argument("--force", action="store_true", help="with --record: replace FILE if it exists")
    chat.add_argument("--log-unanswered", action="store_true",
                      help="save questions the guide cannot answer to a local file for `guide review` "
                           "(opt-in, with a notice; nothing is sent anywhere)")
    _add_allow_path(chat)
    chat.set_defaults(func=cmd_chat)


def _add_ask(sub: argparse._SubParsersAction) -> None:
    ask = sub.add_parser("ask", help="answer a question, or each line of stdin, as a fresh conversation",
                         description="Answer one question as a fresh conversation: all the words on the command "
                                     "line are one question (guide ask why does touch calm me); to ask several, "
                                     "give them on stdin, one per line, each a fresh conversation. Without --guide, "
                                     "a first word that is a guide folder or its guide.yaml is the guide "
                                     "(guide ask my-guide why does touch calm me).")
    ask.add_argument("words", nargs="*", metavar="WORDS",
                     help="the question's words, together one question (quotes optional); none: one question per "
                          "line of stdin")
    ask.add_argument("--guide", type=_path, metavar="PATH", help=GUIDE_HELP)
    ask.add_argument("--json", action="store_true", help="one JSON object per line (the scripting interface)")
    _add_allow_path(ask)
    ask.set_defaults(func=cmd_ask)


def _add_explain(sub: argparse._SubParsersAction) -> None:
    explain = sub.add_parser("explain", help="show why a question matched what it matched",
                             description="Show the normalized input, repaired words, the safety check, a numbered "
                                         "list item the text names, the top candidates with scores and the example "
                                         "that matched, and the decision. Without --guide, a first word that is a "
                                         "guide folder or its guide.yaml is the guide (guide explain my-guide "
                                         "\"point 3\"), as lint and calibrate take a PATH.")
    explain.add_argument("text", nargs="+", metavar="TEXT",
                         help="what a reader might type (all the words together are one message)")
    explain.add_argument("--guide", type=_path, metavar="PATH", help=GUIDE_HELP)
    explain.add_argument("--context", metavar="NODE", help="pretend the conversation is at this node")
    explain.add_argument("--json", action="store_true", help="machine-readable output")
    _add_allow_path(explain)
    explain.set_defaults(func=cmd_explain)


def _add_validate(sub: argparse._SubParsersAction) -> None:
    validate = sub.add_parser("validate", help="check a guide's files and report problems like a compiler",
                              description="Check a guide (default: the bundled one). Exit status: "
                                          "0 clean or warnings only, 1 errors, 2 could not run.")
    validate.add_argument("paths", nargs="*", type=_path, metavar="PATH", help=GUIDE_HELP)
    validate.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    _add_allow_path(validate)
    validate.set_defaults(func=cmd_validate)


def _add_test(sub: argparse._SubParsersAction) -> None:
    test = sub.add_parser("test", help="run a guide's conversation tests, with coverage",
                          description="Play each conversation test of a guide (files from the manifest's `tests:`, "
                                      "default tests/*.yaml) as a fresh conversation and report like pytest, then "
                                      "the coverage. Exit status: 0 all passed, 1 failures, 2 could not run "
                                      "(no guide, guide errors, unreadable or invalid test files, no tests).")
    test.add_argument("path", nargs="?", type=_path, metavar="PATH",
                      help="guide folder, its guide.yaml, or one of its test files (default: the bundled guide)")
    test.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    test.add_argument("-k", dest="keyword", metavar="NAME", help="only the tests whose name contains NAME")
    test.add_argument("-v", "--verbose", action="store_true", help="a line per test instead of a dot per turn")
    _add_allow_path(test)
    test.set_defaults(func=cmd_test)


def _add_graph(sub: argparse._SubParsersAction) -> None:
    graph = sub.add_parser("graph", help="print the dialog tree as Mermaid or Graphviz DOT",
                           description="Print the guide's nodes with their choices (solid arrows), follow-ups "
                                       "(dotted, labelled) and goto jumps (thick), for docs and reviews.")
    graph.add_argument("path", nargs="?", type=_path, metavar="PATH", help=GUIDE_HELP)
    graph.add_argument("--format", choices=["mermaid", "dot", "markdown"], default="mermaid",
                       help="mermaid (default; GitHub renders it in ```mermaid blocks), dot (Graphviz), or "
                            "markdown (a page with a legend and the Mermaid graph)")
    _add_allow_path(graph)
    graph.set_defaults(func=cmd_graph)


def _add_lint(sub: argparse._SubParsersAction) -> None:
    lint_ = sub.add_parser("lint", help="find phrasings the matcher confuses, and nodes typos lose",
                           description="Match every phrasing against the guide without it (leave-one-out) and "
                                       "report those that land on another node or barely beat it; then check that "
                                       "every node is still found through typo and dropped-word variants of its "
                                       "phrasings. Findings are warnings: exit status 0, or 1 with --strict; "
                                       "2 when the guide cannot be read.")
    lint_.add_argument("path", nargs="?", type=_path, metavar="PATH", help=GUIDE_HELP)
    lint_.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    lint_.add_argument("--strict", action="store_true", help="exit status 1 when there are findings")
    lint_.add_argument("--no-selftest", action="store_true", help="only the leave-one-out collision check")
    lint_.add_argument("--folds", type=_positive, default=0, metavar="N",
                       help="leave-one-out folds, one index build each (default: exact for intents of up to 20 "
                            "phrasings; fewer on very large guides)")
    lint_.add_argument("--jobs", type=_positive, metavar="N",
                       help="processes for the folds (default: one per core on large guides)")
    _add_allow_path(lint_)
    lint_.set_defaults(func=cmd_lint)


def _add_calibrate(sub: argparse._SubParsersAction) -> None:
    calibrate = sub.add_parser("calibrate", help="show how the guide's thresholds are read off its own phrasings",
                               description="Match each phrasing against the guide without it, and everyday "
                                           "off-topic questions against the whole guide, and print what each "
                                           "answer threshold would do: answered right, answered wrong, not "
                                           "answered. The thresholds guide.yaml does not set are the ones marked "
                                           "chosen.")
    calibrate.add_argument("path", nargs="?", type=_path, metavar="PATH", help=GUIDE_HELP)
    calibrate.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    _add_allow_path(calibrate)
    calibrate.set_defaults(func=cmd_calibrate)


def _add_eval(sub: argparse._SubParsersAction) -> None:
    eval_ = sub.add_parser("eval", help="score a guide on a labelled question set: per-node precision and recall",
                           description="Ask each question of QUESTIONS (a YAML list of {q: ..., node: <id>|none}, "
                                       "or of {q: ..., passage: <verbatim snippet>}; lists may sit under keys such "
                                       "as in_scope and out_of_scope) as a fresh conversation, and report accuracy, "
                                       "per-node precision, recall and F1, the wrong answers and declines with the "
                                       "matcher's top candidates, and the confusion pairs. Exit status: 0, or 1 "
                                       "below --min-accuracy; 2 when it cannot run (no guide, guide errors, "
                                       "errors in QUESTIONS).")
    eval_.add_argument("questions", type=_path, metavar="QUESTIONS",
                       help="the question file (YAML), or - to read it from stdin")
    eval_.add_argument("--guide", type=_path, metavar="PATH",
                       help="guide folder or its guide.yaml (default: the guide QUESTIONS sits in, else the "
                            "bundled one; with -, the bundled one)")
    eval_.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    eval_.add_argument("--min-accuracy", type=_fraction, metavar="RATE",
                       help="exit status 1 when the share of right replies is below RATE (0.8 or 80%%)")
    _add_allow_path(eval_)
    eval_.set_defaults(func=cmd_eval)


def _add_new(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new", help="create a guide around a document, or a node in a guide",
                         usage="guide new GUIDE --source FILE\n       guide new node ID [--guide PATH] [--title TEXT]",
                         description="`guide new GUIDE --source FILE` creates the folder GUIDE: a manifest naming "
                                     "the document (copied into GUIDE/sources/), a welcome node, a node quoting "
                                     "its first paragraph, and a conversation test; it validates and passes at "
                                     "once. `guide new node ID` adds nodes/ID.yaml with the skeleton of a node. "
                                     "Never overwrites anything. Exit status 2 when nothing could be created.")
    new.add_argument("target", metavar="GUIDE", help="the new guide's folder, or `node` to add a node")
    new.add_argument("node_id", nargs="?", metavar="ID", help="with `node`: the new node's id")
    new.add_argument("--source", type=_path, metavar="FILE",
                     help="the document the new guide is about (Markdown or text)")
    new.add_argument("--guide", type=_path, metavar="PATH",
                     help="with `node`: the guide to add it to (default: the guide in the working folder)")
    new.add_argument("--title", metavar="TEXT", help="with `node`: the node's title")
    _add_allow_path(new)
    new.set_defaults(func=cmd_new)


def _add_review(sub: argparse._SubParsersAction) -> None:
    review = sub.add_parser("review", help="group the questions readers asked that the guide could not answer",
                            description="Read the local log of unanswered questions (written only when a reader "
                                        "opts in with `guide chat --log-unanswered`), group similar questions and "
                                        "name the nearest nodes to extend, most asked first. Nothing is sent "
                                        "anywhere.")
    review.add_argument("--guide", type=_path, metavar="PATH", help=GUIDE_HELP)
    review.add_argument("--log", type=_path, metavar="FILE",
                        help="the log file (default: unanswered.jsonl in the user data folder); - reads it from stdin")
    review.add_argument("--all-guides", action="store_true", help="include questions logged for other guides")
    review.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    _add_allow_path(review)
    review.set_defaults(func=cmd_review)


def _add_schema(sub: argparse._SubParsersAction) -> None:
    schema = sub.add_parser("schema", help="print the JSON Schema of guide files",
                            description="Print the JSON Schema (draft-07) for editors and tools.")
    schema.add_argument("kind", nargs="?", choices=["manifest", "node", "tests"], default="node",
                        help="which file kind (default: node)")
    schema.set_defaults(func=cmd_schema)


SUBCOMMANDS = {
    "chat": _add_chat, "ask": _add_ask, "explain": _add_explain, "validate": _add_validate, "test": _add_test,
    "graph": _add_graph, "lint": _add_lint, "calibrate": _add_calibrate, "eval": _add_eval, "new": _add_new,
    "review": _add_review, "schema": _add_schema, "serve": _add_serve,
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that subcommand's (argparse is slow to build them all,
    and `guide ask` is timed from a cold start)."""
    from guide.argparsing import Parser

    parser = Parser(
        prog="guide",
        description="A conversational guide to an article: ask in your own words, "
                    "get the article's own sentences with their sources.",
    )
    parser.add_argument("--version", action="version", version=f"guide {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, add in SUBCOMMANDS.items():
        if only in (None, name):
            add(sub)
    return parser


def _utf8_streams() -> None:
    """Read stdin as UTF-8 whatever the locale, invalid bytes becoming U+FFFD (under the C
    locale Python would keep them as lone surrogates, which end up raw in JSON or crash a
    UTF-8 writer), and write UTF-8."""
    for stream, errors in ((sys.stdin, "replace"), (sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # already read from: keep it as it is
                reconfigure(encoding="utf-8", errors=errors)


def _valid_text(text: str) -> str:
    """Text typed on the command line, with bytes that were not UTF-8 as U+FFFD (Python keeps them
    as lone surrogates, which no UTF-8 file or JSON reader accepts). Paths are left as they are."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


TEXT_ARGUMENTS = ("words", "question", "text", "title", "keyword", "context")  # paths stay as given


def _asked_in_words(argv: list[str]) -> argparse.Namespace | None:
    """`guide ask` as people and scripts mostly type it: the question's words, after --json and
    --guide PATH if any (each at most once), no word starting with "-". Read here into the
    arguments argparse would give (tests/test_cli_ask.py compares them), since argparse costs a
    cold start some 2.5 ms: the module, its translation lookups, building the parser. None for
    anything else (help, abbreviations, --guide=PATH, --allow-path...): argparse reads it."""
    if not argv or argv[0] != "ask":
        return None
    guide, as_json, words = None, False, argv[1:]
    while words and words[0] in ("--json", "--guide"):
        if words[0] == "--json" and not as_json:
            as_json, words = True, words[1:]
        elif words[0] == "--guide" and guide is None and len(words) > 1 and not words[1].startswith("-") \
                and words[1].strip():  # an empty path: argparse refuses it
            guide, words = words[1], words[2:]
        else:
            return None
    if any(word.startswith("-") for word in words):
        return None
    from types import SimpleNamespace

    return SimpleNamespace(command="ask", words=words, guide=guide, json=as_json, allow_path=[],  # type: ignore[return-value]
                           func=cmd_ask)


def _parsed(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """``argv`` parsed, the words of a message split by an option kept as one message: argparse
    stops a TEXT... list at the first option, so `guide explain PATH --context NODE "question"`
    left the question over as an unrecognized argument."""
    args, extra = parser.parse_known_args(argv)
    text = getattr(args, "text", None)
    if extra and isinstance(text, list) and not any(word.startswith("-") for word in extra):
        args.text = text + extra
    elif extra:
        parser.parse_args(argv)  # argparse's own message (and exit status 2) for what it does not know
    return args


ELSEWHERE = {"coverage": "coverage is part of `guide test [PATH]`, which prints what the tests covered after their "
                         "results (nodes, follow-ups, phrasings, source paragraphs; `--format json` lists them all); "
                         "`guide validate [PATH]` gives the paragraphs any node quotes"}
"""Commands authors look for that live inside another (argparse's "invalid choice" names no place)."""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["chat", *argv]  # `guide` and `guide --guide PATH` open the chat
    _closed_streams_as_devnull()
    _utf8_streams()
    if argv[0] in ELSEWHERE:
        _err(f"guide: there is no `guide {argv[0]}`: {ELSEWHERE[argv[0]]}")
        return EXIT_CANNOT_RUN
    args = _asked_in_words(argv) or _parsed(build_parser(only=argv[0] if argv[0] in SUBCOMMANDS else None), argv)
    if hasattr(args, "allow_path"):
        from guide.paths import allow_outside

        allow_outside(args.allow_path)
    for name in TEXT_ARGUMENTS:
        value = getattr(args, name, None)
        if isinstance(value, str):
            setattr(args, name, _valid_text(value))
        elif isinstance(value, list):
            setattr(args, name, [_valid_text(v) for v in value])
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        if exc.filename is not None and exc.errno not in _OUTPUT_LOST:
            _err(_path_refused(args, exc))
            return EXIT_CANNOT_RUN
        if isinstance(exc, FileNotFoundError) and not _working_folder_exists():  # os.getcwd() raised it
            _err(f"guide {getattr(args, 'command', '') or 'chat'}: the current folder no longer exists (deleted or "
                 "moved since this shell went into it): cd to a folder that exists and try again")
            return EXIT_CANNOT_RUN
        if exc.errno not in _OUTPUT_LOST:
            raise
        _discard_stdout()  # (what is still buffered would fail again at exit)
        _err(f"guide: cannot write the output: {exc.strerror or exc}")
        return EXIT_CANNOT_RUN


def _working_folder_exists() -> bool:
    try:
        os.getcwd()
    except OSError:
        return False
    return True


def _kind_of(path: Path) -> str:
    """What is at ``path`` when it is not a regular file ("a folder", "a FIFO (named pipe)": bash's
    <(…) gives one), or "" when nothing is."""
    from guide.reading import kind_of

    return kind_of(path.stat().st_mode) if path.exists() else ""


def _path_refused(args: argparse.Namespace, exc: OSError) -> str:
    """What to say about a path given to a command that the system would not look at: in a folder
    this user may not open, or a name too long (Path.is_file() and exists() raise for both)."""
    from guide.dialog.files import display_path, shortened
    from guide.reading import refusal

    shown = shortened(display_path(Path(os.fsdecode(exc.filename))))
    return f"guide {getattr(args, 'command', '') or 'chat'}: {shown}: {refusal(exc)}"


_OUTPUT_LOST = frozenset((errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO))  # a full disk, a failing device


def _closed_streams_as_devnull() -> None:
    """A standard stream the command was started without (`guide ask <&-`) reads as empty and
    writes nowhere, instead of being None, which nothing here expects."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115 - for the process's life


def _discard_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
