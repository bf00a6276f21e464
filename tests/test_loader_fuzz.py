"""Random and mutated YAML never makes the loader raise: it only ever returns problems."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.dialog.checks import validate
from guide.dialog.yamltree import parse_yaml
from tests.conftest import TINY_DOGS, TINY_MANIFEST, TINY_NODE, TINY_SOURCE

YAML_BITS = [":", "- ", "  ", "\t", "\n", "&a ", "*a", "!!python/name:os.system ", "!x ", "[", "]", "{", "}",
             '"', "'", "#", "|", ">", "? ", "---\n", "...\n", "<<: ", "%YAML 1.1\n", "\x00", "\x07", "\ufeff",
             "é", "🙂", "id: ", "title: ", "answer:\n  - quote: ", "choices: [", "goto: ", "examples:\n  - "]


@st.composite
def mutated(draw: st.DrawFn, base: str) -> str:
    text = base
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate-line", "swap"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(YAML_BITS) | st.text(max_size=5)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)):]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, max(0, len(lines) - 1)))
            if action == "duplicate-line":
                lines.insert(i, lines[i])
            else:
                j = draw(st.integers(0, max(0, len(lines) - 1)))
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@given(st.binary(max_size=300) | st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_parse_yaml_never_raises(raw: bytes | str) -> None:
    value, problems = parse_yaml(raw, "fuzz.yaml")
    assert value is not None or problems
    for problem in problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.message


def _write(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8", "surrogatepass"))


@given(node=mutated(TINY_NODE), manifest=mutated(TINY_MANIFEST) | st.just(TINY_MANIFEST),
       source=mutated(TINY_SOURCE) | st.just(TINY_SOURCE))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_whole_guide_load_never_raises(node: str, manifest: str, source: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _write(root, {"guide.yaml": manifest, "doc.md": source, "nodes/hello.yaml": node,
                      "nodes/dogs.yaml": TINY_DOGS})
        report = validate(root)
        for problem in report.problems:
            assert problem.severity in ("error", "warning")
            assert problem.line >= 1 and problem.col >= 1, problem
            assert problem.message
