"""`guide graph`: the dialog tree as Mermaid or DOT, one edge style per kind, and the bundled guide's
graph in docs/graph.md kept equal to the command's output."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from guide.authoring.graph import render, to_dot, to_mermaid
from guide.cli import main
from guide.dialog.loader import load_guide
from guide.paths import BUNDLED_GUIDE, REPO_ROOT

NODES = """\
- id: end
  title: 'Say "hi" | <b>[x]</b> & more'
  examples: [hi, hello, hey there, good morning, start]
  answer: [{say: hi}]
  choices: [{node: dogs, label: 'walk "now"'}, birds]
  followups:
    - title: more
      examples: [tell me more]
      answer: [{say: more}]
    - examples: [and dogs]
      goto: dogs
  goto: birds
- id: dogs
  title: Dogs
  answer: [{say: woof}]
  end: true
- id: birds
  title: Birds
  answer: [{say: tweet}]
  end: true
"""


def _guide(make_guide, nodes: str = NODES):
    manifest = "title: G\nstart: end\nsources:\n  doc:\n    file: doc.md\n"
    root = make_guide({"guide.yaml": manifest, "nodes/hello.yaml": None, "nodes/dogs.yaml": None,
                       "nodes/all.yaml": nodes})
    return load_guide(root).guide


def test_mermaid_has_one_edge_style_per_kind(make_guide) -> None:
    text = to_mermaid(_guide(make_guide))
    assert text.startswith("flowchart TD\n")
    # node ids are made safe (Mermaid breaks on a node called `end`); labels escape quotes and markup
    assert '    n_end(["Say #quot;hi#quot; | #lt;b#gt;[x]#lt;/b#gt; #amp; more<br/><small>end</small>"])' in text
    assert '    n_dogs["Dogs<br/><small>dogs</small>"]' in text
    assert '    n_end -->|"walk #quot;now#quot;"| n_dogs\n' in text  # a choice with its own label
    assert "    n_end --> n_birds\n" in text  # a choice
    assert '    n_end_1>"more"]\n    n_end -.-> n_end_1\n' in text  # a follow-up answering in place
    assert '    n_end -.->|"and dogs"| n_dogs\n' in text  # a follow-up going to a node
    assert "    n_end ==> n_birds\n" in text  # goto
    assert "    class n_end start\n" in text and "    class n_end_1 followup\n" in text


def test_dot_has_one_edge_style_per_kind(make_guide) -> None:
    text = to_dot(_guide(make_guide))
    assert text.startswith("digraph guide {\n") and text.endswith("}\n")
    assert '    "end" [label="Say \\"hi\\" | <b>[x]</b> & more\\n(end)", peripheries=2];' in text
    assert '    "end" -> "dogs" [label="walk \\"now\\""];' in text
    assert '    "end" -> "birds";' in text
    assert '    "end#1" [shape=note, fontsize=10, label="more"];\n    "end" -> "end#1" [style=dashed];' in text
    assert '    "end" -> "dogs" [style=dashed, label="and dogs"];' in text
    assert '    "end" -> "birds" [style=bold, penwidth=2];' in text


def test_nodes_are_grouped_by_file(make_guide) -> None:
    guide = load_guide(make_guide()).guide
    text = to_mermaid(guide)
    assert '    subgraph file_1["nodes/dogs.yaml"]\n        n_dogs["Dogs<br/><small>dogs</small>"]\n    end' in text
    assert 'subgraph cluster_2 {\n        label="nodes/hello.yaml";' in to_dot(guide)


def test_same_guide_same_text(make_guide) -> None:
    guide = _guide(make_guide)
    assert render(guide, "mermaid") == render(guide, "mermaid")
    assert render(guide, "dot") == to_dot(guide)


def test_cli_formats_and_bad_input(make_guide, tmp_path: Path, capsys) -> None:
    root = make_guide()
    assert main(["graph", str(root)]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD")
    assert main(["graph", "--format", "dot", str(root)]) == 0
    assert capsys.readouterr().out.startswith("digraph guide {")
    assert main(["graph", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_a_guide_with_errors_is_drawn_as_far_as_it_can_be(make_guide, capsys) -> None:
    root = make_guide({"nodes/dogs.yaml": "id: dogs\ntitle: Dogs\nanswer:\n  - say: hi\nchoices: [cats]\n"})
    assert main(["graph", str(root)]) == 1
    captured = capsys.readouterr()
    assert "n_dogs" in captured.out and "n_cats" not in captured.out
    assert "the guide has 1 error" in captured.err
    assert "nodes/dogs.yaml:5:11: error: choice 'cats'" in captured.err  # where, not only how many
    broken = make_guide({"guide.yaml": "title: [x\n"})
    assert main(["graph", str(broken)]) == 2


def test_docs_graph_is_the_bundled_guides_graph() -> None:
    committed = (REPO_ROOT / "docs" / "graph.md").read_text(encoding="utf-8")
    current = render(load_guide(BUNDLED_GUIDE).guide, "markdown")
    assert committed == current, \
        "docs/graph.md is stale: run `guide graph --format markdown dialogs/attachment-anxiety > docs/graph.md`"


# What Mermaid 11 does to a diagram's text before parsing (mermaidAPI encodeEntities), then to the
# drawn label (decodeEntities, then the browser reads HTML entities): read off its source, and
# checked against mermaid 11.17 itself in node for every title below when this test was written.
_MERMAID_STYLE_LINE = re.compile(r"(style|classDef).*:\S*#.*;")
_MERMAID_ENTITY = re.compile(r"#(\w+);")
HOSTILE_TITLES = ['Say "hi"', "a [b] (c) {d}", "pipe | bar", "C# and #1; #quot; #x", "semi; colon: x",
                  "`code` here", "`all code`", "**bold** _it_", "café – ünï 日本 مرحبا 🙂", "a & b < c > d",
                  'style:"x"', 'classDef:#1 "y"', "back\\slash", "%% not a comment", "<br/>", "&amp; already",
                  "#35; lit", 'a"b"c:d#e;f']


def _as_mermaid_shows(line: str) -> list[str]:
    """The quoted labels of one Mermaid line as Mermaid draws them."""
    line = _MERMAID_STYLE_LINE.sub(lambda m: m[0][:-1], line)
    labels = re.findall(r'"([^"]*)"', line)
    assert not any(label.startswith("`") for label in labels), "a Markdown string (or an unclosed one)"
    entity = lambda m: f"&#{m[1]};" if m[1].isdigit() else f"&{m[1]};"  # noqa: E731
    return [html.unescape(_MERMAID_ENTITY.sub(entity, label)) for label in labels]


def test_mermaid_labels_show_titles_as_written(make_guide) -> None:
    nodes = [{"id": f"n{i}", "title": title, "answer": [{"say": "x"}],
              "choices": [{"node": f"n{(i + 1) % len(HOSTILE_TITLES)}", "label": title}],
              "followups": [{"title": title, "examples": ["tell me more"], "answer": [{"say": "m"}]}]}
             for i, title in enumerate(HOSTILE_TITLES)]
    manifest = "title: G\nstart: n0\nsources:\n  doc:\n    file: doc.md\n"
    root = make_guide({"guide.yaml": manifest, "nodes/hello.yaml": None, "nodes/dogs.yaml": None,
                       "nodes/all.yaml": json.dumps(nodes, ensure_ascii=False)})
    text = to_mermaid(load_guide(root).guide)
    for i, title in enumerate(HOSTILE_TITLES):
        [node_line] = [line for line in text.splitlines() if re.match(rf"\s*n_n{i}\(?\[", line)]
        assert _as_mermaid_shows(node_line) == [f"{title}<br/><small>n{i}</small>"], node_line
        [edge_line] = [line for line in text.splitlines() if line.strip().startswith(f"n_n{i} -->|")]
        assert _as_mermaid_shows(edge_line) == [title], edge_line
        [box_line] = [line for line in text.splitlines() if line.strip().startswith(f"n_n{i}_1>")]
        assert _as_mermaid_shows(box_line) == [title], box_line
