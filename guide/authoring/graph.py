"""The dialog tree as a diagram: Mermaid (renders on GitHub and in many editors) or Graphviz DOT.

Edges have one style per kind, in both formats:

- choice (a topic offered under the answer): solid arrow, labelled when the choice has its own label;
- follow-up (a reply matched only right after the node): dotted arrow labelled with the follow-up's
  title, to the node it goes to, or to a small box when it answers in place;
- goto (after the answer, the conversation continues with another node): thick arrow.

The start node has a double border (rounded ends in Mermaid); nodes are boxed by the file that
defines them. Same guide, same text: nodes and edges keep file order.
"""

from __future__ import annotations

import re
from pathlib import Path

from guide.dialog.model import Followup, Guide, Node
from guide.records import NamedTuple

FORMATS = ("mermaid", "dot", "markdown")
_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def _followup_name(followup: Followup) -> str:
    if followup.title:
        return followup.title
    first = followup.examples[0].text if followup.examples else followup.key
    return first


_ENTITY_LIKE = re.compile(r"#(?=\w+;)")  # Mermaid reads '#word;' anywhere as an entity: '#35;' keeps the '#'
# Mermaid (11) drops the last ';' of a line matching this before parsing, meant for `style` lines with
# colors; a label's entity would lose its ';' (mermaidAPI encodeEntities)
_STYLE_LINE = re.compile(r"(style|classDef).*:\S*#.*;")


def _mermaid_text(text: str) -> str:
    """Text inside a quoted Mermaid label, shown as written: quotes, '<', '>' and '&' as entities;
    a '#' that would start an entity ('#1;') as '#35;'; backticks as '#96;' (a label opening with
    one is a Markdown string, and an unclosed one stops the whole diagram)."""
    text = _ENTITY_LIKE.sub("#35;", " ".join(text.split()))
    for char, entity in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        text = text.replace(char, entity)
    return text


def _mermaid_line(line: str) -> str:
    """``line``, its colons written '#58;' where Mermaid would take it for a style line and cut a
    label's last entity short (only labels hold both a colon and a '#': the class lines have none)."""
    return line.replace(":", "#58;") if _STYLE_LINE.search(line) else line


class Edge(NamedTuple):
    """One arrow of the tree. ``kind``: choice, followup (to a node), answer (a follow-up that
    answers in place: ``target`` is the follow-up's key, drawn as a small box), goto."""

    kind: str
    source: str
    target: str
    label: str = ""


def edges(guide: Guide) -> list[Edge]:
    """Every arrow, in node order, leaving out references to nodes that do not exist."""
    nodes, found = guide.nodes, []
    for node in nodes.values():
        found += [Edge("choice", node.id, c.node, c.label) for c in node.choices if c.node in nodes]
        for followup in node.followups:
            name = _followup_name(followup)
            if followup.goto and followup.goto in nodes:
                found.append(Edge("followup", node.id, followup.goto, name))
            else:
                found.append(Edge("answer", node.id, followup.key, name))
        if node.goto and node.goto in nodes:
            found.append(Edge("goto", node.id, node.goto))
    return found


def _by_file(guide: Guide) -> dict[str, list[Node]]:
    """Nodes grouped by the file that defines them (relative to the guide), in file order."""
    files: dict[str, list[Node]] = {}
    for node in guide.nodes.values():
        try:
            name = Path(node.pos.file).resolve().relative_to(guide.root.resolve()).as_posix()
        except ValueError:
            name = Path(node.pos.file).name
        files.setdefault(name, []).append(node)
    return files


class _Ids:
    """Mermaid node ids: letters, digits and '_' only, unique, never a keyword ('end')."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, key: str) -> str:
        if key not in self.ids:
            base = "n_" + _UNSAFE.sub("_", key)
            name, n = base, 2
            while name in self.used:
                name, n = f"{base}_{n}", n + 1
            self.ids[key] = name
            self.used.add(name)
        return self.ids[key]


def to_mermaid(guide: Guide) -> str:
    ids = _Ids()
    lines = ["flowchart TD",
             "    %% choices: solid arrows; follow-ups: dotted arrows (labelled); goto: thick arrows"]
    files = _by_file(guide)
    for number, (file, nodes) in enumerate(files.items(), start=1):
        indent = "    "
        if len(files) > 1:
            lines.append(f'    subgraph file_{number}["{_mermaid_text(file)}"]')
            indent = "        "
        for node in nodes:
            label = f"{_mermaid_text(node.title)}<br/><small>{_mermaid_text(node.id)}</small>"
            shape = ('(["', '"])') if node.id == guide.start else ('["', '"]')
            lines.append(f"{indent}{ids(node.id)}{shape[0]}{label}{shape[1]}")
        if len(files) > 1:
            lines.append("    end")
    lines.append("")
    boxes = []
    for edge in edges(guide):
        source, target, label = ids(edge.source), ids(edge.target), _mermaid_text(edge.label)
        if edge.kind == "choice":
            arrow = f'-->|"{label}"|' if label else "-->"
            lines.append(f"    {source} {arrow} {target}")
        elif edge.kind == "followup":
            lines.append(f'    {source} -.->|"{label}"| {target}')
        elif edge.kind == "answer":
            lines += [f'    {target}>"{label}"]', f"    {source} -.-> {target}"]
            boxes.append(target)
        else:
            lines.append(f"    {source} ==> {target}")
    lines += ["", "    classDef start stroke-width:4px", "    classDef followup font-size:11px",
              f"    class {ids(guide.start)} start"]
    if boxes:
        lines.append(f"    class {','.join(boxes)} followup")
    return "\n".join(_mermaid_line(line) for line in lines) + "\n"


def _dot_text(text: str) -> str:
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(guide: Guide) -> str:
    lines = [
        "digraph guide {",
        "    // choices: solid; follow-ups: dashed (labelled); goto: bold",
        f"    label={_dot_text(guide.title)};",
        "    labelloc=t;",
        "    rankdir=LR;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
    ]
    files = _by_file(guide)
    for number, (file, nodes) in enumerate(files.items(), start=1):
        indent = "    "
        if len(files) > 1:
            lines += [f"    subgraph cluster_{number} {{", f"        label={_dot_text(file)};", "        style=dotted;"]
            indent = "        "
        for node in nodes:
            extra = ", peripheries=2" if node.id == guide.start else ""
            label = _dot_text(node.title)[:-1] + "\\n(" + _dot_text(node.id)[1:-1] + ')"'
            lines.append(f"{indent}{_dot_text(node.id)} [label={label}{extra}];")
        if len(files) > 1:
            lines.append("    }")
    for edge in edges(guide):
        source, target, label = _dot_text(edge.source), _dot_text(edge.target), _dot_text(edge.label)
        if edge.kind == "choice":
            lines.append(f"    {source} -> {target}{f' [label={label}]' if edge.label else ''};")
        elif edge.kind == "followup":
            lines.append(f"    {source} -> {target} [style=dashed, label={label}];")
        elif edge.kind == "answer":
            lines += [f"    {target} [shape=note, fontsize=10, label={label}];",
                      f"    {source} -> {target} [style=dashed];"]
        else:
            lines.append(f"    {source} -> {target} [style=bold, penwidth=2];")
    lines.append("}")
    return "\n".join(lines) + "\n"


LEGEND = (
    "Solid arrows are choices, offered under an answer (labelled when the choice words the offer "
    "itself). Dotted arrows are follow-ups, matched only right after their node: to the node they "
    "go to, or to a small flag-shaped box when they answer in place. Thick arrows are `goto`: after "
    "the answer the conversation continues there. The start node has rounded ends."
)


def to_markdown(guide: Guide) -> str:
    """A Markdown page: a heading, the legend and the Mermaid graph (GitHub renders it)."""
    return (f"# {guide.title}: the dialog graph\n\n"
            "Generated by `guide graph --format markdown`; do not edit by hand, run the command again.\n"
            f"{len(guide.nodes)} nodes. {LEGEND}\n\n"
            f"```mermaid\n{to_mermaid(guide)}```\n")


def render(guide: Guide, fmt: str = "mermaid") -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; use one of {', '.join(FORMATS)}")
    return {"mermaid": to_mermaid, "dot": to_dot, "markdown": to_markdown}[fmt](guide)
