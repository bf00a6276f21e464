"""Line mode: the conversation as plain text or JSON Lines (pipes, screen readers, scripts)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from guide.conversation import Engine, Session
from guide.reply import Reply
from guide.terminal import json_text, safe_for_terminal


def reply_line(reply: Reply, as_json: bool, width: int | None = None) -> str:
    """One reply as printed: a JSON object on one line, or plain text and a blank line
    (wrapped at word boundaries to ``width`` columns, when given)."""
    if as_json:
        return json_text(reply.to_json())
    text = safe_for_terminal(reply.text)
    return (wrap(text, width) if width else text) + "\n"


def wrap(text: str, width: int) -> str:
    """Plain reply text wrapped at word boundaries; a quote's continuation lines keep its "> "
    mark (and a citation's indent), so a wrapped quote still reads as one."""
    import textwrap

    lines = []
    for line in text.split("\n"):
        indent = ">   " if line.startswith(">   ") else "> " if line.startswith("> ") else ""
        lines.append(textwrap.fill(line, width=max(width, 20), subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False) if line else line)
    return "\n".join(lines)


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
         observe: Callable[[Session, Reply], None] | None = None, width: int | None = None) -> None:
    """One conversation over ``lines``; stops at end of input or the quit command.

    ``record`` collects (what was typed, the reply) for `--record`; ``observe`` sees each
    reply with the session after it (the opt-in log of unanswered questions); ``width``
    wraps plain text (a terminal's width; None for pipes)."""
    if welcome and not as_json:
        out.write(reply_line(session.welcome(), False, width) + "\n")
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
        out.write(reply_line(reply, as_json, width) + "\n")
        if reply.command == "quit":
            break
        if prompt:
            out.write(prompt)
        out.flush()
