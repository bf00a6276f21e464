"""`guide ask`, `guide chat --plain` and `guide explain` from a shell, and the JSON Lines protocol."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from guide.paths import REPO_ROOT

# The stable protocol of product.md ("Scripting interface"): field -> accepted types.
PROTOCOL: dict[str, tuple[type, ...]] = {
    "input": (str,), "kind": (str,), "node": (str, type(None)), "confidence": (float, int), "text": (str,),
    "citations": (list,), "suggestions": (list,),
}
CITATION = {"source": str, "section": str, "paragraph": int, "quote": str}
ARTICLE = (REPO_ROOT / "dialogs/attachment-anxiety/sources/zeroopposite-attachment-anxiety.md").read_text()


def check_protocol(obj: dict) -> None:
    for key, types in PROTOCOL.items():
        assert key in obj, f"missing {key}"
        assert isinstance(obj[key], types), f"{key} is {type(obj[key]).__name__}"
    assert obj["kind"] in {"answer", "clarify", "fallback", "safety", "command"}
    assert 0 <= obj["confidence"] <= 1
    for citation in obj["citations"]:
        assert set(CITATION) <= set(citation)
        for key, kind in CITATION.items():
            assert isinstance(citation[key], kind)
        assert " ".join(citation["quote"].split()) in " ".join(ARTICLE.split())
    assert all(isinstance(s, str) for s in obj["suggestions"])
    for block in obj.get("blocks", []):
        assert block["type"] in {"say", "quote", "note", "research", "safety"}


def guide(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guide", *args], input=stdin, capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=60)


def test_ask_json_answers_with_a_verbatim_citation() -> None:
    result = guide("ask", "--json", "why does touch calm me")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    obj = json.loads(line)
    check_protocol(obj)
    assert (obj["input"], obj["kind"], obj["node"]) == ("why does touch calm me", "answer", "self-soothing")
    assert obj["citations"][0]["paragraph"] == 11
    assert any(b["type"] == "note" for b in obj["blocks"])


def test_ask_reads_one_question_per_line_each_fresh() -> None:
    result = guide("ask", "--json", stdin="why does touch calm me\ntell me more\nwhat's the capital of peru\n")
    objs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objs) == 3
    for obj in objs:
        check_protocol(obj)
    assert objs[0]["kind"] == "answer"
    assert not any(c["paragraph"] == 12 for c in objs[1]["citations"]), "each question is a fresh conversation"
    assert objs[2]["kind"] == "fallback"


def test_ask_plain_text_marks_quotes_and_notes() -> None:
    out = guide("ask", "why does touch calm me").stdout
    assert "> “During sex, individuals receive physical touch" in out
    assert "[Editor's note]" in out
    assert "paragraph 11" in out


def test_chat_plain_is_one_conversation_and_quits() -> None:
    result = guide("chat", "--plain", "--json", stdin="why does touch calm me\ntell me more\nquit\nhello\n")
    objs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["kind"] for o in objs][-1] == "command" and len(objs) == 3
    assert any(c["paragraph"] == 12 for c in objs[1]["citations"]), "follow-up resolved in context"


def test_chat_falls_back_to_plain_when_not_a_terminal() -> None:
    result = guide("chat", stdin="why does touch calm me\n")
    assert result.returncode == 0
    assert "Hello." in result.stdout and "paragraph 11" in result.stdout


def test_default_command_is_chat() -> None:
    result = guide(stdin="why does touch calm me\n")
    assert "paragraph 11" in result.stdout


def test_explain_shows_the_reasoning() -> None:
    out = guide("explain", "atachment anxeity").stdout
    assert "repaired" in out and "attachment" in out
    assert "candidates" in out and "attachment-anxiety" in out
    assert "decision    answer" in out
    assert "nodes/attachment.yaml:" in out, "candidates point at the file and line of their example"


def test_explain_says_when_a_reply_is_not_read_by_meaning() -> None:
    out = guide("explain", "that's true").stdout
    assert "meaning not read" in out and "meaning 0.00" in out
    assert json.loads(guide("explain", "--json", "that's true").stdout)["vague"] is True
    assert json.loads(guide("explain", "--json", "is that true?").stdout)["vague"] is False


def test_explain_json_and_context() -> None:
    result = guide("explain", "--json", "--context", "self-soothing", "tell me more")
    report = json.loads(result.stdout)
    assert report["context"] == "self-soothing"
    assert report["candidates"][0]["in_context"] is True
    assert report["decision"]["kind"] == "answer"


def test_broken_guide_cannot_run(tmp_path: Path) -> None:
    (tmp_path / "guide.yaml").write_text("title: [broken\n")
    result = guide("ask", "--guide", str(tmp_path), "hello")
    assert result.returncode == 2
    assert "guide.yaml:1:8: error: YAML syntax: a '[' or '{' is never closed" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_lists_the_nodes_behind_the_suggestions() -> None:
    import contextlib
    import io
    import json as json_

    from guide.cli import main as cli_main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli_main(["ask", "--json", "tell me about hugs and sex"]) == 0
    reply = json_.loads(out.getvalue())
    assert reply["suggestions"] and len(reply["options"]) == len([s for s in reply["suggestions"]])
    assert all(set(o) == {"node", "title"} and o["title"] in reply["suggestions"] for o in reply["options"])


# `guide ask` followed by words (and --json, --guide PATH) is read without argparse (cli._asked_in_words):
# the same arguments as argparse gives, and argparse for every other command line.
READ_WITHOUT_ARGPARSE = [
    ["ask"], ["ask", "why", "does", "touch", "calm", "me"], ["ask", "why does touch calm me"], ["ask", ""],
    ["ask", "what's 'it'?", "a—b", "@file", "x=-1"], ["ask", "--json"], ["ask", "--json", "why", "touch"],
    ["ask", "--guide", "dialogs/attachment-anxiety", "why"], ["ask", "--guide", "g", "--json", "q"],
    ["ask", "--json", "--guide", "g"], ["ask", "--guide", "ask", "ask"],
]
LEFT_TO_ARGPARSE = [
    ["ask", "-h"], ["ask", "--help"], ["ask", "why", "--json"], ["ask", "--js", "why"], ["ask", "--guide=g", "why"],
    ["ask", "--json", "--json", "why"], ["ask", "--guide", "g", "--guide", "h", "why"], ["ask", "--guide"],
    ["ask", "--guide", "-g", "why"], ["ask", "--allow-path", "d", "why"], ["ask", "why", "-5"], ["ask", "-"],
    ["ask", "--", "-x"], ["chat"], ["explain", "why"], ["asks", "why"], [],
]


def test_plain_ask_command_lines_read_as_argparse_reads_them() -> None:
    from guide.cli import _asked_in_words, build_parser

    for argv in READ_WITHOUT_ARGPARSE:
        read = _asked_in_words(argv)
        assert read is not None, argv
        assert vars(read) == vars(build_parser(only="ask").parse_args(argv)), argv
    for argv in LEFT_TO_ARGPARSE:
        assert _asked_in_words(argv) is None, argv


def test_ask_options_still_read_by_argparse() -> None:
    assert guide("ask", "why does touch calm me", "--json").stdout.startswith("{")
    result = guide("ask", "--gui", "dialogs/attachment-anxiety", "why does touch calm me")  # an abbreviation
    assert result.returncode == 0 and "touch" in result.stdout
    result = guide("ask", "--help")
    assert result.returncode == 0 and "usage: guide ask" in result.stdout


def test_a_line_of_stdin_longer_than_the_limit_is_read_in_part_and_its_rest_skipped(monkeypatch) -> None:
    """`guide ask < /dev/zero` (one endless line) held the line in memory until a MemoryError."""
    import io
    import itertools

    from guide import cli

    monkeypatch.setattr(cli, "STDIN_LINE_CHARS", 50)
    monkeypatch.setattr(sys, "stdin", io.StringIO("x" * 120 + "\nhelp\r\n" + "y" * 50 + "\nsources"))
    assert list(cli._stdin_lines()) == ["x" * 50, "help", "y" * 50, "sources"]

    class Endless(io.TextIOBase):
        def readline(self, size: int = -1) -> str:  # /dev/zero, read as text
            assert 0 < size <= 50, "read without a limit"
            return "\0" * size

    monkeypatch.setattr(sys, "stdin", Endless())
    assert list(itertools.islice(cli._stdin_lines(), 1)) == ["\0" * 50]  # its first part, at once
