"""The ``guide`` command: argparse subcommands, each importing only what it needs."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from guide import __version__
from guide.paths import default_guide

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


def _use_color(stream: object) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def _paint(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


# -- validate -----------------------------------------------------------------------------

def cmd_validate(args: argparse.Namespace) -> int:
    from guide.dialog.checks import validate
    from guide.dialog.loader import GuideNotFound, display_path

    paths = args.paths or [default_guide()]
    reports = []
    for path in paths:
        try:
            reports.append((path, validate(Path(path))))
        except GuideNotFound as exc:
            print(f"guide validate: {exc}", file=sys.stderr)
            return EXIT_CANNOT_RUN
    if args.format == "json":
        print(json.dumps([_report_json(path, report) for path, report in reports], indent=2))
    else:
        color = _use_color(sys.stdout)
        for path, report in reports:
            for problem in report.problems:
                print(_format_problem(problem, color))
            print(_summary(display_path(Path(path)), report, color))
    return EXIT_PROBLEMS if any(report.errors for _, report in reports) else EXIT_OK


def _format_problem(problem, color: bool) -> str:
    text = problem.format()
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
            parts.append(f"{cov.source} coverage {len(cov.quoted)}/{cov.total} paragraphs ({cov.ratio:.0%})")
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
             "ratio": round(c.ratio, 4)}
            for c in report.coverage
        ],
        "problems": [p.to_dict() for p in report.problems],
    }


# -- schema -------------------------------------------------------------------------------

def cmd_schema(args: argparse.Namespace) -> int:
    from guide.dialog.schema import schema

    print(json.dumps(schema(args.kind), indent=2))
    return EXIT_OK


# -- parser -------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guide",
        description="A conversational guide to an article: ask in your own words, "
                    "get the article's own sentences with their sources.",
    )
    parser.add_argument("--version", action="version", version=f"guide {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser("validate", help="check a guide's files and report problems like a compiler",
                              description="Check a guide (default: the bundled one). Exit status: "
                                          "0 clean or warnings only, 1 errors, 2 could not run.")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="guide folder or its guide.yaml")
    validate.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    validate.set_defaults(func=cmd_validate)

    schema = sub.add_parser("schema", help="print the JSON Schema of guide files",
                            description="Print the JSON Schema (draft-07) for editors and tools.")
    schema.add_argument("kind", nargs="?", choices=["manifest", "node", "tests"], default="node",
                        help="which file kind (default: node)")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
