"""Line mode: the conversation as plain text or JSON Lines (pipes, screen readers, scripts)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from guide.conversation import Engine, Session
from guide.reply import Reply


def reply_line(reply: Reply, as_json: bool) -> str:
    """One reply as printed: a JSON object on one line, or plain text and a blank line."""
    if as_json:
        import json  # only for --json: a plain `guide ask` starts without it

        return json.dumps(reply.to_json(), ensure_ascii=False)
    return reply.text + "\n"


def ask(engine: Engine, questions: Iterable[str], out: TextIO, as_json: bool) -> int:
    """Answer each question as a fresh conversation. Returns the number answered."""
    count = 0
    for question in questions:
        reply = Session(engine).respond(question)
        out.write(reply_line(reply, as_json) + "\n")
        out.flush()
        count += 1
    return count


def chat(session: Session, lines: Iterable[str], out: TextIO, as_json: bool, *, welcome: bool = True,
         prompt: str = "", record: list[tuple[str, Reply]] | None = None,
         observe: Callable[[Session, Reply], None] | None = None) -> None:
    """One conversation over ``lines``; stops at end of input or the quit command.

    ``record`` collects (what was typed, the reply) for `--record`; ``observe`` sees each
    reply with the session after it (the opt-in log of unanswered questions)."""
    if welcome and not as_json:
        out.write(reply_line(session.welcome(), False) + "\n")
    if prompt:
        out.write(prompt)
        out.flush()
    for line in lines:
        text = line.rstrip("\n")
        reply = session.respond(text)
        if record is not None:
            record.append((text, reply))
        if observe is not None:
            observe(session, reply)
        out.write(reply_line(reply, as_json) + "\n")
        if reply.command == "quit":
            break
        if prompt:
            out.write(prompt)
        out.flush()
