"""Control characters never reach a terminal raw: from guide files, sources, logs or argv."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from guide.cli import main
from guide.dialog.checks import validate
from guide.plain import reply_line
from guide.reply import Reply, ReplyBlock
from guide.terminal import json_text, safe_for_terminal

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HOSTILE_SAY = 'id: hello\ntitle: Hello\nexamples: [hi, hello, hey there, good morning, start]\nanswer:\n' \
              '  - say: "Hello.\\e]0;PWNED\\a\\e[2J"\n  - quote: Cats sleep for most of the day\nchoices: [dogs]\n'


def _reply(text: str) -> Reply:
    return Reply(input="x", kind="answer", node="n", confidence=1.0, blocks=(ReplyBlock("say", text),))


def test_safe_for_terminal_escapes_c0_c1_and_del_but_keeps_lines_and_tabs() -> None:
    shown = safe_for_terminal("a\x1b]0;t\x07b\x9b2J\x7fc\rd\te\nf")
    assert shown == "a\\x1b]0;t\\x07b\\x9b2J\\x7fc\\x0dd\te\nf"
    assert safe_for_terminal("plain “text” ünïcode") == "plain “text” ünïcode"


def test_keep_colors_keeps_only_sgr() -> None:
    painted = "\x1b[1;31merror:\x1b[0m x\x1b]0;title\x07 \x1b[2J"
    assert safe_for_terminal(painted, keep_colors=True) == "\x1b[1;31merror:\x1b[0m x\\x1b]0;title\\x07 \\x1b[2J"


def test_json_text_escapes_c1_separators_and_surrogates() -> None:
    text = json_text({"t": "a\x9bb\u2028c\u2029d\x85e\ud800 é"})
    assert not re.search("[\x7f-\x9f\u2028\u2029\ud800-\udfff]", text)
    assert json.loads(text) == {"t": "a\x9bb\u2028c\u2029d\x85e\\ud800 é"}
    assert "é" in text  # still readable UTF-8


def test_a_latin1_file_name_reads_the_same_in_text_and_json(make_guide, capsys) -> None:
    """A byte that is not UTF-8 in a file name is shown as \\xNN in text and JSON alike, never as
    '?' (stdout), \\udce9 (stderr) or a lone-surrogate escape strict JSON readers reject."""
    root = make_guide()
    name = os.fsdecode(b"caf\xe9.yaml")
    (root / "nodes" / name).write_text("id: cafe\n", encoding="utf-8")
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert "caf\\xe9.yaml:" in out and "?" not in out.split("caf")[1][:2]
    assert main(["validate", "--format", "json", str(root)]) == 1
    out = capsys.readouterr().out
    assert "udc" not in out and "caf\\xe9.yaml" in json.loads(out)[0]["problems"][0]["file"]
    assert main(["ask", "--guide", str(root), "hi"]) == 2
    err = capsys.readouterr().err
    assert "caf\\xe9.yaml" in err and "udc" not in err
    assert safe_for_terminal(name) == json.loads(json_text(name)) == "caf\\xe9.yaml"


def test_plain_and_json_replies_have_no_raw_controls() -> None:
    reply = _reply("Hi\x1b[2J\x9b\u2028 there")
    assert not RAW_CONTROL.search(reply_line(reply, False))
    line = reply_line(reply, True)
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", line)
    assert json.loads(line)["text"] == "Hi\x1b[2J\x9b\u2028 there"


def test_validate_reports_escape_sequences_in_yaml_values(make_guide) -> None:
    root = make_guide({"nodes/hello.yaml": HOSTILE_SAY})
    report = validate(root)
    found = [p for p in report.errors if p.code == "control-character"]
    assert found and (Path(found[0].file).name, found[0].line) == ("hello.yaml", 5)
    assert "U+001B" in found[0].message


def test_validate_reports_control_characters_in_a_source(make_guide) -> None:
    from tests.conftest import TINY_SOURCE

    root = make_guide({"doc.md": TINY_SOURCE + "\nBirds sing \x1b[2J\x1b[31mat dawn\x1b[0m.\n"})
    report = validate(root)
    found = [p for p in report.errors if p.code == "control-character"]
    assert found and (Path(found[0].file).name, found[0].line, found[0].col) == ("doc.md", 17, 12)


def test_validate_prints_no_raw_controls(make_guide, capsys) -> None:
    from tests.conftest import TINY_SOURCE

    root = make_guide({"doc.md": TINY_SOURCE + "\nBirds sing \x1b[2J\x1b]0;x\x07at dawn.\n",
                       "nodes/hello.yaml": HOSTILE_SAY})
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert "control character" in out and not RAW_CONTROL.search(out)


def test_ask_error_output_has_no_raw_controls(make_guide, capsys) -> None:
    root = make_guide({"nodes/hello.yaml": HOSTILE_SAY})
    assert main(["ask", "--guide", str(root), "hi"]) == 2
    captured = capsys.readouterr()
    assert not RAW_CONTROL.search(captured.out + captured.err)


def test_argv_echoed_in_errors_is_escaped(make_guide, capsys) -> None:
    root = make_guide()
    assert main(["new", "node", "\x1b[31mx", "--guide", str(root)]) == 2
    err = capsys.readouterr().err
    assert "\\x1b[31mx" in err and not RAW_CONTROL.search(err)
    assert main(["validate", str(root / "no\x1b]0;such")]) == 2
    assert not RAW_CONTROL.search(capsys.readouterr().err)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_review_shows_readers_input_escaped(make_guide, tmp_path: Path, capsys, fmt: str) -> None:
    root = make_guide()
    log = tmp_path / "log.jsonl"
    entry = {"v": 1, "input": "zzqx \x1b]0;PWNED\x07\x1b[2J \x9b2J \u2028", "kind": "fallback", "guide": ""}
    log.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["review", "--guide", str(root), "--log", str(log), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "zzqx" in out and not RAW_CONTROL.search(out)
    if fmt == "json":
        phrasings = [p["text"] for group in json.loads(out)["groups"] for p in group["phrasings"]]
        assert phrasings == ["zzqx \x1b]0;PWNED\x07\x1b[2J \x9b2J"]  # the data is intact, only escaped


def test_plain_chat_json_escapes_separators_from_the_reader(make_guide, monkeypatch, capsys) -> None:
    import io
    import sys

    root = make_guide()
    monkeypatch.setattr(sys, "stdin", io.StringIO("zzqx \u2028 \x85 blorf\n"))
    assert main(["chat", "--guide", str(root), "--plain", "--json"]) == 0
    out = capsys.readouterr().out
    assert not re.search("[\x7f-\x9f\u2028\u2029]", out)
    assert json.loads(out.splitlines()[0])["input"] == "zzqx \u2028 \x85 blorf"


def test_transcript_escapes_controls() -> None:
    from guide.tui.transcript import Transcript

    transcript = Transcript("T")
    transcript.add_reader("hi \x1b]0;x\x07 there")
    transcript.add_reply(_reply("Hello\x1b[2J"))
    assert not RAW_CONTROL.search(transcript.to_markdown())
