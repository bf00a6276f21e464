"""Writing and reading files when things go wrong: read-only or full disks, odd targets and
sources (devices, FIFOs, symlinks), a recording that cannot be saved, a log behind a symlink.

A full disk is stood in for by RLIMIT_FSIZE (writes past the limit fail with EFBIG, as they
would with ENOSPC), in a child process that ignores SIGXFSZ.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from guide.authoring.review import UnansweredLog
from guide.authoring.scaffold import ScaffoldError, new_guide
from guide.cli import main
from guide.dialog.loader import load_guide
from guide.reply import Reply
from tests.limits import run_guide

DOC = "# Doc\n\nA first paragraph of the document, with a few words.\n"


def _small_disk(max_bytes: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return apply


def _guide_on_small_disk(args: list[str], cwd: Path, max_bytes: int, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guide", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=120, check=False, preexec_fn=_small_disk(max_bytes),
                          env={**os.environ, "GUIDE_NO_CACHE": "1"})


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp"))


# -- guide new ---------------------------------------------------------------------------------------

def test_new_guide_on_a_full_disk(tmp_path: Path) -> None:
    (tmp_path / "big.md").write_text("# Big\n\n" + "A sentence of the document. " * 4000 + "\n")
    result = _guide_on_small_disk(["new", "g", "--source", "big.md"], tmp_path, 50_000)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "guide new: cannot create g" in result.stderr and "File too large" in result.stderr
    assert not (tmp_path / "g").exists() and _leftovers(tmp_path) == []


def test_new_node_on_a_full_disk_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text(DOC)
    assert main(["new", str(tmp_path / "g"), "--source", str(tmp_path / "doc.md")]) == 0
    size = sum(f.stat().st_size for f in (tmp_path / "g").rglob("*") if f.is_file())
    result = _guide_on_small_disk(["new", "node", "topic", "--guide", "g", "--title", "T" * 20_000], tmp_path,
                                  size + 1000)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "cannot write" in result.stderr
    assert _leftovers(tmp_path / "g") == [] and not (tmp_path / "g" / "nodes" / "topic.yaml").exists()


@pytest.fixture
def umask_077():
    old = os.umask(0o077)
    yield
    os.umask(old)


def test_what_guide_new_writes_follows_the_umask(tmp_path: Path, umask_077, capsys) -> None:
    """Under umask 077 `guide new node` wrote its node 0644 and `guide new` its folder 0755, readable
    by everyone, as if no umask had been set."""
    (tmp_path / "doc.md").write_text(DOC)
    assert main(["new", str(tmp_path / "g"), "--source", str(tmp_path / "doc.md")]) == 0
    assert main(["new", "node", "topic", "--guide", str(tmp_path / "g")]) == 0
    modes = {path.relative_to(tmp_path).as_posix(): oct(path.stat().st_mode & 0o777)
             for path in [tmp_path / "g", *(tmp_path / "g").rglob("*")]}
    assert set(modes.values()) == {"0o700", "0o600"}, modes
    assert modes["g/nodes/topic.yaml"] == "0o600"


@pytest.mark.parametrize("mode", [0o600, 0o664])
def test_a_recording_forced_over_a_file_keeps_its_permissions(tmp_path: Path, mode: int) -> None:
    """`guide chat --record FILE --force` made FILE 0644 whatever it was: a private file became readable
    by everyone, a group-writable one no longer writable by the group."""
    from guide.authoring.files import write_atomic

    target = tmp_path / "recorded.yaml"
    target.write_text("old\n")
    target.chmod(mode)
    write_atomic(target, "new\n", overwrite=True)
    assert target.read_text() == "new\n" and target.stat().st_mode & 0o777 == mode


def test_new_guide_in_a_read_only_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    import tempfile

    (tmp_path / "doc.md").write_text(DOC)

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)  # root ignores permissions: the error as a file system says it
    assert main(["new", str(tmp_path / "g"), "--source", str(tmp_path / "doc.md")]) == 2
    err = capsys.readouterr().err
    assert "guide new: cannot create" in err and "Read-only file system" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_new_guide_in_a_folder_without_write_permission(tmp_path: Path, capsys) -> None:
    (tmp_path / "doc.md").write_text(DOC)
    (tmp_path / "ro").mkdir(mode=0o500)
    assert main(["new", str(tmp_path / "ro" / "g"), "--source", str(tmp_path / "doc.md")]) == 2
    assert "Permission denied" in capsys.readouterr().err


def test_new_guide_over_a_dangling_symlink(tmp_path: Path, capsys) -> None:
    (tmp_path / "doc.md").write_text(DOC)
    (tmp_path / "g").symlink_to(tmp_path / "nowhere")
    assert main(["new", str(tmp_path / "g"), "--source", str(tmp_path / "doc.md")]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "g").is_symlink() and os.readlink(tmp_path / "g") == str(tmp_path / "nowhere")
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("source", ["/dev/zero", "fifo", "folder"])
def test_new_guide_refuses_sources_that_are_not_regular_files(tmp_path: Path, source: str) -> None:
    if source == "fifo":
        os.mkfifo(tmp_path / "fifo")  # nobody writes to it: reading would wait for ever
    if source == "folder":
        (tmp_path / "folder").mkdir()
    result = run_guide("new", "g", "--source", source, cwd=tmp_path)
    assert not result.over_limit() and result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "not a regular file" in result.stderr or "is a folder" in result.stderr
    assert not (tmp_path / "g").exists() and _leftovers(tmp_path) == []


def test_scaffold_cleans_up_after_any_error(tmp_path: Path, monkeypatch) -> None:
    import shutil

    (tmp_path / "doc.md").write_text(DOC)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(ScaffoldError, match="No space left on device"):
        new_guide(tmp_path / "g", tmp_path / "doc.md")
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md"]
    assert shutil.which  # (the module is fine after the error)


# -- sources and node files that are not regular files ----------------------------------------------

def test_a_fifo_source_is_a_problem_not_a_hang(make_guide) -> None:
    root = make_guide()
    (root / "doc.md").unlink()
    os.mkfifo(root / "doc.md")
    result = run_guide("validate", str(root))
    assert not result.over_limit() and result.returncode == 1, result.stderr
    assert "doc.md" in result.stdout and "not a regular file" in result.stdout


def test_a_device_listed_as_a_node_file_is_skipped(make_guide) -> None:
    from tests.conftest import TINY_MANIFEST

    root = make_guide()
    (root / "nodes" / "zero.yaml").symlink_to("/dev/zero")  # outside the guide anyway
    (root / "guide.yaml").write_text(TINY_MANIFEST + "nodes: [nodes/*.yaml]\n")
    result = load_guide(root, allow=[Path("/dev")])
    assert result.guide is not None and "dogs" in result.guide.nodes


# -- --record that cannot be saved --------------------------------------------------------------------

def test_record_that_cannot_be_saved_exits_non_zero_and_prints_the_recording(make_guide) -> None:
    root = make_guide()
    (root / "tests").mkdir()
    target = root / "tests" / "recorded.yaml"
    result = _guide_on_small_disk(["chat", "--guide", str(root), "--plain", "--record", str(target)], root, 100,
                                  stdin="hi\nwalking the dog\n")
    assert result.returncode == 2, result.stderr
    assert "cannot write" in result.stderr and "printed below" in result.stderr
    assert "- name: 'recorded: hi'" in result.stdout and "node: dogs" in result.stdout
    assert not target.exists() and _leftovers(root) == []


# -- the unanswered log -----------------------------------------------------------------------------------

def test_the_log_is_never_written_through_a_symlink(make_guide, tmp_path: Path) -> None:
    guide = load_guide(make_guide()).guide
    precious = tmp_path / "precious.txt"
    precious.write_text("precious\n")
    link = tmp_path / "data" / "unanswered.jsonl"
    link.parent.mkdir()
    link.symlink_to(precious)
    log = UnansweredLog(guide, link)
    reply = Reply(input="zzqx blorf", kind="fallback", node=None, confidence=0.1)
    assert not log.record(reply)
    assert "symbolic link" in log.error
    assert precious.read_text() == "precious\n"
