"""Opt-in logging of unanswered questions, and `guide review` grouping them with the nearest nodes.
Nothing is written without opt-in; nothing is sent anywhere."""

from __future__ import annotations

import io
import json
import stat
import sys
from pathlib import Path

import pytest

from guide.authoring.review import UnansweredLog, group_questions, read_log
from guide.cli import main
from guide.conversation import Engine, Session
from guide.dialog.loader import load_guide

QUESTIONS = "hello\ntell me about cats\nwhat about birds\nwalkies\ntell me about the cats\nwalkies\ni want to die\n\n"


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch) -> Path:
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def _chat(monkeypatch, capsys, args: list[str], lines: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    code = main(["chat", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _log_file(home: Path) -> Path:
    return home / "guide" / "unanswered.jsonl"


def test_without_opt_in_nothing_is_written(make_guide, data_home, monkeypatch, capsys) -> None:
    root = make_guide()
    code, out, _ = _chat(monkeypatch, capsys, ["--plain", "--guide", str(root)], QUESTIONS)
    assert code == 0
    assert not data_home.exists()
    assert "Logging" not in out


def test_with_opt_in_fallbacks_and_clarifications_are_logged_after_a_notice(make_guide, data_home, monkeypatch,
                                                                           capsys) -> None:
    root = make_guide()
    code, out, _ = _chat(monkeypatch, capsys, ["--plain", "--log-unanswered", "--guide", str(root)], QUESTIONS)
    assert code == 0
    log = _log_file(data_home)
    first = out.splitlines()[0]
    assert first.startswith("Logging is on:") and str(log) in first and "Nothing is sent anywhere" in first
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["input"] for e in entries] == ["tell me about cats", "what about birds", "walkies",
                                              "tell me about the cats", "walkies"]
    assert {e["kind"] for e in entries} <= {"fallback", "clarify"}
    assert entries[0]["guide"] == str(root.resolve()) and entries[0]["context"] == "hello"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    # answers, the safety reply and the empty line were not logged


def test_json_mode_keeps_the_notice_off_stdout(make_guide, data_home, monkeypatch, capsys) -> None:
    root = make_guide()
    code, out, err = _chat(monkeypatch, capsys, ["--plain", "--json", "--log-unanswered", "--guide", str(root)],
                           "walkies\n")
    assert code == 0 and "Logging is on" in err
    assert [json.loads(line)["kind"] for line in out.splitlines()] == ["fallback"]


def test_the_log_class_for_views(make_guide, tmp_path: Path) -> None:
    guide = load_guide(make_guide()).guide
    session = Session(Engine.build(guide))
    log = UnansweredLog(guide, tmp_path / "sub" / "log.jsonl")
    assert str(tmp_path / "sub" / "log.jsonl") in log.notice
    assert log.record(session.respond("hello"), context=session.current) is False
    assert log.record(session.respond("walkies"), context=session.current) is True
    assert log.record(session.respond("   "), context=session.current) is False
    assert log.written == 1
    [entry] = read_log(log.path).entries
    assert (entry.input, entry.kind, entry.context) == ("walkies", "fallback", "hello")


def test_a_log_that_cannot_be_written_stops_quietly(make_guide, tmp_path: Path) -> None:
    guide = load_guide(make_guide()).guide
    session = Session(Engine.build(guide))
    blocker = tmp_path / "file"
    blocker.write_text("")
    log = UnansweredLog(guide, blocker / "log.jsonl")
    assert log.record(session.respond("walkies")) is False
    assert "cannot write" in log.error and "logging stopped" in log.error


def test_review_groups_similar_questions_with_counts_and_nearest_nodes(make_guide, data_home, monkeypatch,
                                                                       capsys) -> None:
    root = make_guide()
    _chat(monkeypatch, capsys, ["--plain", "--log-unanswered", "--guide", str(root)], QUESTIONS)
    assert main(["review", "--guide", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 unanswered questions for “Tiny guide” in ")
    assert "3 groups" in out.splitlines()[0]
    assert "  1. ×2  “tell me about cats”\n       also: “tell me about the cats”" in out
    assert "  2. ×2  “walkies”" in out
    assert "nearest: dogs" in out
    assert "suggest:" in out


def test_review_json(make_guide, data_home, monkeypatch, capsys) -> None:
    root = make_guide()
    _chat(monkeypatch, capsys, ["--plain", "--log-unanswered", "--guide", str(root)], QUESTIONS)
    assert main(["review", "--guide", str(root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["questions"] == 5 and [g["count"] for g in data["groups"]] == [2, 2, 1]
    walkies = data["groups"][1]
    assert walkies["phrasings"] == [{"text": "walkies", "count": 2}]
    assert walkies["nearest"][0]["node"] == "dogs" and walkies["nearest"][0]["where"].endswith("dogs.yaml:3")


def test_review_skips_other_guides_and_bad_lines(make_guide, tmp_path: Path, capsys) -> None:
    root = make_guide()
    log = tmp_path / "log.jsonl"
    lines = [json.dumps({"input": "walkies", "kind": "fallback", "guide": str(root.resolve())}),
             "not json", json.dumps({"kind": "fallback"}),
             json.dumps({"input": "elsewhere", "kind": "fallback", "guide": "/some/other/guide"})]
    log.write_text("\n".join(lines) + "\n")
    assert main(["review", "--guide", str(root), "--log", str(log)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 unanswered question for")
    assert "(1 entry for other guides left out)" in out
    assert "(2 lines could not be read: 2, 3)" in out
    assert main(["review", "--guide", str(root), "--log", str(log), "--all-guides"]) == 0
    assert capsys.readouterr().out.startswith("2 unanswered questions")


def test_review_reads_a_log_piped_to_log_dash(make_guide, monkeypatch, capsys) -> None:
    """`guide review --log -` reads the log from stdin (one from a server: ssh host cat ... |), CRLF too."""
    root = make_guide()
    lines = [json.dumps({"input": "walkies", "kind": "fallback", "guide": str(root.resolve())}), "not json"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\r\n".join(lines).encode() + b"\r\n")))
    assert main(["review", "--guide", str(root), "--log", "-", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["log"] == "<stdin>" and report["questions"] == 1 and report["bad_lines"] == [2]


def test_review_reads_a_huge_or_hostile_question_as_the_matcher_did(make_guide, tmp_path: Path, monkeypatch,
                                                                   capsys) -> None:
    """A logged question of one 100,000-letter word (a paste, or a log edited by hand) ran `guide
    review` out of memory: its words were normalized whole, and the typo repair of one word that
    long builds its edits by the billion. Review reads what the matcher read (the first
    max_input_chars characters); escape sequences and markup in a question are shown, not obeyed."""
    from guide.matching.normalize import Normalizer

    root = make_guide()
    log = tmp_path / "log.jsonl"
    questions = ["a" * 100_000, "\x1b]0;title\x07\x1b[2J[bold]walkies[/]"]
    log.write_text("".join(json.dumps({"input": q, "kind": "fallback", "guide": str(root.resolve())}) + "\n"
                           for q in questions))
    normalize = Normalizer.normalize

    def bounded(self, text: str):
        assert len(text) <= 1000, len(text)  # what would have run out of memory, stopped at once
        return normalize(self, text)

    monkeypatch.setattr(Normalizer, "normalize", bounded)
    assert main(["review", "--guide", str(root), "--log", str(log)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 unanswered questions for") and "\x1b" not in out
    assert "“\\x1b]0;title\\x07\\x1b[2J[bold]walkies[/]”" in out


def test_review_without_a_log(make_guide, data_home, tmp_path: Path, capsys) -> None:
    assert main(["review", "--guide", str(make_guide())]) == 0
    assert "nothing to review" in capsys.readouterr().out
    assert main(["review", "--log", str(tmp_path / "missing.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_review_with_a_missing_guide(tmp_path: Path, capsys) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps({"input": "x", "kind": "fallback"}) + "\n")
    assert main(["review", "--guide", str(tmp_path / "nowhere"), "--log", str(log)]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_grouping_is_deterministic(make_guide) -> None:
    from guide.authoring.review import Entry

    engine = Engine.build(load_guide(make_guide()).guide)
    entries = [Entry(text, "fallback", "") for text in
               ["cats nap", "do cats nap", "birds", "Cats NAP!", "fish", "fish?"]]
    groups = group_questions(engine, entries)
    assert [(g.top, g.count) for g in groups] == [("cats nap", 3), ("fish", 2), ("birds", 1)]
    assert groups == group_questions(engine, list(reversed(entries))) or \
        [(g.top, g.count) for g in group_questions(engine, list(reversed(entries)))] == \
        [(g.top, g.count) for g in groups]


def test_no_network_is_touched(make_guide, data_home, monkeypatch, capsys) -> None:
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    root = make_guide()
    _chat(monkeypatch, capsys, ["--plain", "--log-unanswered", "--guide", str(root)], QUESTIONS)
    assert main(["review", "--guide", str(root)]) == 0


def test_nothing_is_logged_after_a_disclosure(make_guide, data_home, monkeypatch, capsys) -> None:
    root = make_guide()
    _chat(monkeypatch, capsys, ["--plain", "--log-unanswered", "--guide", str(root)],
          "walkies\ni want to die\nwalkies again\nmy life is a mess\n")
    entries = [json.loads(line)["input"] for line in _log_file(data_home).read_text().splitlines()]
    assert entries == ["walkies"]
