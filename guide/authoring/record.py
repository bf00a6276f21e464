"""A conversation recorded as a conversation test (`guide chat --plain --record FILE`).

Every turn is written with the kind of reply it got and the node it came from, so that
`guide test` passes on the file as written; the author then keeps the expectations that
matter, adds `says:` or `quotes:`, and renames the test.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from guide.authoring.files import with_schema_line, write_atomic
from guide.reply import Reply


def recorded_text(text: str) -> str:
    """What the reader typed, as a test can hold it: with escape sequences and control characters
    (an arrow key in a terminal without line editing types ESC [ D, backspace DEL), as the
    conversation reads them (`clean_input`), since `guide test` refuses a test file with any."""
    from guide.terminal import has_control

    if not has_control(text):
        return text
    from guide.conversation import clean_input

    return clean_input(text)


def recorded_turn(text: str, reply: Reply) -> dict[str, str]:
    turn = {"user": recorded_text(text)}
    if reply.node:
        turn["node"] = reply.node
    turn["kind"] = reply.kind
    return turn


def recording_text(turns: Sequence[tuple[str, Reply]], target: Path, name: str = "") -> str:
    """The test file for ``turns`` (what was typed, what came back), as YAML with a header."""
    import yaml

    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    first = next((text for text, _ in turns if text.strip()), "")
    name = name or (f"recorded: {' '.join(first.split())[:60]}" if first else "recorded conversation")
    tests = [{"name": name, "turns": [recorded_turn(text, reply) for text, reply in turns]}]
    body = yaml.safe_dump(tests, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    header = [
        f"# Recorded with `guide chat --record` on {when}: each turn expects the reply it got.",
        "# Keep the expectations that matter, add `says:` or `quotes:`, rename the test, then",
        "# run `guide test` (docs/authoring.md, \"Conversation tests\").",
        *(["# Escape sequences and control characters typed (arrow keys, backspace) are left out, as the",
           "# guide leaves them out."] if any(recorded_text(text) != text for text, _ in turns) else []),
        "",
    ]
    return with_schema_line("tests.schema.json", target, "\n".join(header) + body)


def write_recording(path: Path, turns: Sequence[tuple[str, Reply]], *, overwrite: bool = False) -> None:
    """Write the recording atomically; raises FileExists unless ``overwrite``."""
    write_atomic(path, recording_text(turns, path), overwrite=overwrite)
