"""`guide new`: a new guide around a source document, or a new node in a guide.

A new guide validates and passes its test at once: a manifest naming the source (copied
into the guide's ``sources/``), a welcome node, an ``introduction`` node quoting the
source's first paragraph verbatim, and one conversation test. Nothing existing is ever
overwritten: the guide is built in a hidden folder next to the target and renamed into
place, and a node file is created only if neither the file nor the id exists.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import tempfile
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from guide.authoring.files import FileExists, current_umask, with_schema_line, write_atomic
from guide.dialog.mistakes import scaffold_phrasings
from guide.dialog.schema import ID_PATTERN
from guide.frontlines import leading_lines

INTRO_ID = "introduction"


class ScaffoldError(Exception):
    """Why the files could not be created (a message for the author)."""


def _yaml_text(text: str) -> str:
    """A one-line YAML scalar for any text: plain when YAML reads it back as the same text,
    else double-quoted (JSON strings are YAML double-quoted strings)."""
    import yaml

    text = " ".join(text.split())
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 ,.'?!()/-]*", text) and ": " not in text
    if plain and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _yaml_exact(text: str) -> str:
    """A YAML scalar that reads back as ``text`` exactly, whitespace and all (a file name)."""
    return text if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_./-]*", text) else json.dumps(text, ensure_ascii=False)


def copy_name(name: str) -> str:
    """The name a source gets in the new guide's sources/: its own, with a line break, a tab or
    another control character, and any byte that is not UTF-8, as '-' (the manifest names the copy
    in UTF-8 text, and a control character in it is an error)."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return re.sub(r"[\x00-\x1f\x7f\ufffd]", "-", text)


def slug(text: str, words: int = 4) -> str:
    """An id from text: 'Why Touch Calms!' -> 'why-touch-calms'."""
    parts = re.findall(r"[a-z0-9]+", text.casefold())[:words]
    return "-".join(parts)


def _folded(head: str, text: str, indent: int) -> str:
    """``head >-`` and the text wrapped under it, indented by ``indent`` (a quote's whitespace
    may differ from the source's, nothing else)."""
    pad = " " * indent
    body = textwrap.fill(" ".join(text.split()), width=88, initial_indent=pad, subsequent_indent=pad,
                         break_long_words=False, break_on_hyphens=False)
    return f"{head} >-\n{body}\n"


# -- a new guide -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewGuide:
    root: Path
    files: tuple[Path, ...]
    paragraphs: int


def _read_source(source: Path):
    """The document at ``source`` and its bytes, read once (a regular file, within the size limit)."""
    from guide.reading import NotRegularFile, TooLarge, read_limited
    from guide.sources import MAX_SOURCE_BYTES, source_from_bytes

    if not source.exists():
        raise ScaffoldError(f"source {source}: no such file")
    if source.is_dir():
        raise ScaffoldError(f"source {source} is a folder; give the document itself (Markdown or plain text)")
    try:
        raw = read_limited(source, MAX_SOURCE_BYTES)
    except NotRegularFile as exc:
        raise ScaffoldError(f"{exc}; give the document itself (Markdown or plain text)") from None
    except TooLarge as exc:
        raise ScaffoldError(f"source {source} is too large ({exc.size:,} bytes); sources are limited to "
                            f"{MAX_SOURCE_BYTES:,} bytes: split the document") from None
    except OSError as exc:
        raise ScaffoldError(f"source {source} cannot be read: {exc.strerror or exc}") from None
    document = source_from_bytes("source", source, raw)
    errors = [p for p in document.problems if p.is_error]
    if errors:
        problem = errors[0]
        raise ScaffoldError(f"source {source}:{problem.line}:{problem.col}: {problem.message}"
                            + (f" ({problem.hint})" if problem.hint else ""))
    if not document.paragraphs:
        raise ScaffoldError(f"source {source} has no paragraphs (paragraphs are separated by blank lines)")
    return document, raw


def _exists(path: Path) -> str:
    """'' if nothing is at ``path``, else what is (a dangling symlink counts: it would be replaced)."""
    if path.is_symlink():
        return f"{path} already exists (a symbolic link to {os.readlink(path)})"
    return f"{path} already exists" if path.exists() else ""


def new_guide(root: Path, source: Path) -> NewGuide:
    """Create the guide folder ``root`` around a copy of ``source`` (or, in a folder that exists
    and has no manifest yet, the guide's files beside what is there: `_start_in`)."""
    root, source = Path(root), Path(source)
    _check_folder_name(root)
    _refuse_inside_a_guide(root, source)
    if _exists(root):
        if root.is_symlink() or not root.is_dir() or os.path.lexists(root / "guide.yaml"):
            hint = ("add nodes with `guide new node ID --guide PATH`" if os.path.lexists(root / "guide.yaml")
                    else "choose a new name")
            raise ScaffoldError(f"{_exists(root)}; `guide new` never writes over anything ({hint})")
        return _start_in(root, source)
    document, raw = _read_source(source)
    copied = copy_name(source.name)
    files = _guide_files(document, source.with_name(copied), root, f"sources/{copied}")
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
    except OSError as exc:
        blocking = next((p for p in (root.parent, *root.parent.parents) if os.path.lexists(p) and not p.is_dir()), None)
        why = f"{blocking} is a file, not a folder" if blocking is not None else exc.strerror or exc
        raise ScaffoldError(f"cannot create {root}: {why}") from None
    try:
        (staging / "sources").mkdir()
        (staging / "nodes").mkdir()
        (staging / "tests").mkdir()
        (staging / "sources" / copied).write_bytes(raw)  # the bytes read and checked, not the file again
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        if _exists(root):
            raise ScaffoldError(f"{root} appeared while the guide was being written; nothing was changed")
        os.rename(staging, root)
        os.chmod(root, 0o777 & ~current_umask())  # an ordinary folder, as mkdir makes it (mkdtemp made it 0700)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ScaffoldError(f"cannot create {root}: {exc.strerror or exc}; nothing was left behind") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    created = (root / "guide.yaml", root / "sources" / copied, *(root / name for name in list(files)[1:]))
    return NewGuide(root, created, len(document.paragraphs))


def _refuse_inside_a_guide(root: Path, source: Path) -> None:
    """A new guide whose files a guide around it would read as its own node or test files (`guide
    new my-guide/nodes`, `guide new my-guide/tests/x`): its manifest would be read as a node, and
    the guide around it would stop loading. Raises ScaffoldError naming the guide and the glob."""
    target = root.resolve()
    new = ["guide.yaml", "nodes/welcome.yaml", f"nodes/{INTRO_ID}.yaml", "tests/basics.yaml", f"sources/{source.name}"]
    for folder in target.parents:
        manifest = folder / "guide.yaml"
        if not manifest.is_file():
            continue
        from guide.dialog.loader import DEFAULT_TEST_GLOBS

        patterns = [*_node_patterns(manifest), *_globs_of(manifest, "tests", DEFAULT_TEST_GLOBS)]
        for name in new:
            inside = (target / name).relative_to(folder)
            pattern = next((p for p in patterns if _glob_matches(inside.parts, Path(p).parts)), None)
            if pattern is not None:
                around = os.path.relpath(folder) if not root.is_absolute() else str(folder)
                raise ScaffoldError(
                    f"{root} is inside the guide {around}, whose `{pattern}` would read {Path(around) / inside} as "
                    f"one of its own files, and {around} would stop loading; create the new guide outside it "
                    f"(add a topic to {around} with `guide new node ID --guide {around}`)")


def _glob_matches(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Whether the relative path ``parts`` is one that ``Path.glob`` of the ``pattern``'s parts finds."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_glob_matches(parts[i:], pattern[1:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], pattern[0]) and _glob_matches(parts[1:], pattern[1:])


def _guide_files(document, source: Path, root: Path, file: str) -> dict[str, str]:
    """The files of a new guide around ``document`` (read from ``source``, named in the manifest
    as ``file``), by their paths in ``root``: the manifest first."""
    source_id = _source_id(source.stem)
    title = document.title if document.title != "source" else source.stem
    leading = leading_lines(document)  # a byline or date line is not how the article begins
    first = next((p for p in document.paragraphs if p.number not in leading), document.paragraphs[0])
    return {
        "guide.yaml": _manifest(title, source_id, file, root / "guide.yaml"),
        "nodes/welcome.yaml": _welcome(title, root / "nodes" / "welcome.yaml"),
        f"nodes/{INTRO_ID}.yaml": _introduction(first.text, first.section, root / "nodes" / "x.yaml"),
        "tests/basics.yaml": _first_test(first.text, root / "tests" / "basics.yaml"),
    }


def _source_id(stem: str, limit: int = 20) -> str:
    """The manifest's name for a source: its file name as an id when it fits in ``limit``
    characters ("after-an-argument.md" -> "after-an-argument", never a cut "after-an"), else
    "source"."""
    source_id = "-".join(re.findall(r"[a-z0-9]+", stem.casefold()))
    return source_id if source_id and len(source_id) <= limit and re.match(ID_PATTERN, source_id) else "source"


def _start_in(root: Path, source: Path) -> NewGuide:
    """Start a guide in the existing folder ``root`` (no manifest yet): the same files as a new
    guide, each written only where nothing is; a source already inside ``root`` is named where it
    is, not copied. If any file is in the way, nothing is written."""
    document, raw = _read_source(source)
    inside = source.resolve().is_relative_to(root.resolve())
    file = source.resolve().relative_to(root.resolve()).as_posix() if inside else f"sources/{copy_name(source.name)}"
    if inside and copy_name(file) != file:
        raise ScaffoldError(f"the name of {source} holds a line break, a control character or bytes that are not "
                            "UTF-8, which the manifest cannot name: rename the file")
    files: dict[str, str | bytes] = {**({} if inside else {file: raw}),
                                     **_guide_files(document, source.with_name(Path(file).name), root, file)}
    in_the_way = [name for name in files if os.path.lexists(root / name)]
    if in_the_way:
        raise ScaffoldError(f"{root} already has {', '.join(in_the_way)}; `guide new` never writes over anything "
                            "(move them aside, or choose a new folder)")
    made: list[Path] = []
    try:
        for folder in sorted({Path(name).parent for name in files} - {Path(".")}):
            if not (root / folder).is_dir():
                (root / folder).mkdir()
                made.append(root / folder)
        for name, content in files.items():
            write_atomic(root / name, content)
            made.append(root / name)
    except (OSError, FileExists) as exc:
        for path in reversed(made):
            path.rmdir() if path.is_dir() else path.unlink(missing_ok=True)
        raise ScaffoldError(f"cannot write the guide into {root}: {exc}; nothing was left behind") from None
    created = (root / "guide.yaml", *([] if inside else [root / file]),
               *(root / name for name in files if name != "guide.yaml" and name != file))
    return NewGuide(root, created, len(document.paragraphs))


def _manifest(title: str, source_id: str, file: str, target: Path) -> str:
    return with_schema_line("guide.schema.json", target, (
        f"title: {_yaml_text(title)}\n"
        f"description: {_yaml_text(f'A guide to “{title}”, in its own words.')}\n"
        "start: welcome                 # the node the conversation opens with\n"
        "sources:\n"
        f"  {source_id}:\n"
        f"    file: {_yaml_exact(file)}\n"
    ))


def _welcome(title: str, target: Path) -> str:
    return with_schema_line("node.schema.json", target, (
        "# The start node: what readers see first. Offer the topics under `choices:`. Its title and\n"
        "# examples are phrasings too: greetings and questions about the guide, no topic words.\n"
        "id: welcome\n"
        "title: About this guide\n"
        "examples: [hello, hi, what is this, what is this guide about, what can i ask]\n"
        "answer:\n"
        f"  - say: {_yaml_text(f'This guide answers questions about “{title}” in its own words. Ask in your own words, or pick a topic:')}\n"  # noqa: E501
        "choices:\n"
        f"  - {INTRO_ID}\n"
    ))


def _introduction(paragraph: str, section: str, target: Path) -> str:
    # Words only this node uses (begin, opening, introduction), so that the phrasings `guide new
    # node` writes for other topics ("what about X", "tell me about X") never collide with them.
    examples = ["introduction", "how does it begin", "the beginning of the article", "how does the article open",
                "the opening paragraph", "intro please"]
    heading = " ".join(section.split()).casefold()
    if heading and heading not in examples:
        examples.append(heading)
    title = section if section and len(section) <= 60 else "How it begins"
    lines = [
        "# An example node: how readers ask for a topic, and the answer in the source's own words.",
        f"id: {INTRO_ID}",
        f"title: {_yaml_text(title)}",
        "examples:                       # how readers ask: five or more, varied",
        *(f"  - {_yaml_text(e)}" for e in examples),
        "answer:",
        "  - say: \"It begins:\"",
    ]
    text = "\n".join(lines) + "\n" + _folded("  - quote:", paragraph, 6) + "choices:\n  - welcome\n"
    return with_schema_line("node.schema.json", target, text)


def _first_words(text: str, count: int = 8) -> str:
    return " ".join(text.split()[:count])


def _first_test(paragraph: str, target: Path) -> str:
    return with_schema_line("tests.schema.json", target, (
        "# Conversation tests: what a reader types, and what must come back. Run: guide test\n"
        "- name: the welcome, then the first paragraph\n"
        "  turns:\n"
        "    - user: hello\n"
        "      node: welcome\n"
        "    - user: how does it begin\n"
        f"      node: {INTRO_ID}\n"
        f"      quotes: {_yaml_text(_first_words(paragraph))}\n"
    ))


# -- a new node --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewNode:
    path: Path
    picked_up: bool  # the manifest's node globs include the new file


def check_id(node_id: str) -> None:
    if not re.match(ID_PATTERN, node_id):
        better = slug(node_id, 8)
        hint = f"; for example '{better}'" if better and re.match(ID_PATTERN, better) else ""
        raise ScaffoldError(f"'{node_id}' is not a valid node id: use lowercase letters, digits, '-' and '_', "
                            f"starting with a letter or digit{hint}")


def _check_folder_name(root: Path) -> None:
    """A new guide's folder: no line break or control character (`guide new $'my\\e[2Jguide'`, a
    pasted name), which every path the commands print would carry to the terminal."""
    import unicodedata

    control = next((c for c in str(root) if unicodedata.category(c) == "Cc"), None)
    if control is not None:
        raise ScaffoldError(f"the folder name holds a line break or a control character (U+{ord(control):04X}); "
                            "give a plain name")


def _check_title(title: str) -> str:
    """A title to write into a new node, its spaces, tabs and line breaks made single spaces (a tab
    was read back as a space, a line separator as a line break); no control character (`--title
    $'\\e[31m…'`), which the node file would hold and `guide validate` then refuse; not blank (the
    node was written, and validate said "'title' is empty")."""
    from guide.terminal import has_control

    control = has_control(title)
    if control:
        raise ScaffoldError(f"the title holds a control character (U+{ord(control[0]):04X}); give it as plain text")
    if title and not title.split():
        raise ScaffoldError("the title is blank; give it in words, or leave --title out for one made from the id")
    return " ".join(title.split())


def _node_patterns(manifest: Path) -> list[str]:
    from guide.dialog.loader import DEFAULT_NODE_GLOBS

    return _globs_of(manifest, "nodes", DEFAULT_NODE_GLOBS)


def _globs_of(manifest: Path, key: str, default: Iterable[str]) -> list[str]:
    """The manifest's globs under ``key`` (`nodes`, `tests`), or the loader's ``default`` ones."""
    from guide.dialog.yamltree import YList, YMap, YScalar, read_yaml

    value, _ = read_yaml(manifest)
    if isinstance(value, YMap):
        listed = value.values.get(key)
        if isinstance(listed, YList):
            patterns = [i.text for i in listed.items if isinstance(i, YScalar) and i.text.strip()]
            if patterns:
                return patterns
    return list(default)


def _folder_for(patterns: list[str]) -> str:
    """The folder of the first node glob that names a folder of YAML files ('nodes/*.yaml' -> 'nodes')."""
    for pattern in patterns:
        head, _, tail = pattern.rpartition("/")
        if tail in ("*.yaml", "*.yml") and not any(ch in head for ch in "*?["):
            return head
    return "nodes"


def new_node(guide_path: Path, node_id: str, title: str = "", allow: Iterable[Path] | None = None) -> NewNode:
    """Add ``nodes/<id>.yaml`` with the skeleton of a node to the guide at ``guide_path``
    (never outside the guide folder, even where ``allow`` lets the guide read)."""
    from guide.dialog.files import find_manifest
    from guide.dialog.loader import load_guide

    check_id(node_id)
    title = _check_title(title)
    manifest = find_manifest(guide_path)
    result = load_guide(manifest, allow)
    if result.guide is None:
        raise ScaffoldError("the guide cannot be read (run `guide validate` and fix guide.yaml first)")
    guide = result.guide
    if node_id in guide.nodes:
        node = guide.nodes[node_id]
        raise ScaffoldError(f"node '{node_id}' already exists ({node.pos.file}:{node.pos.line})")
    patterns = _node_patterns(manifest)
    folder = manifest.parent / _folder_for(patterns)
    if not folder.resolve().is_relative_to(manifest.parent.resolve()):
        raise ScaffoldError(f"the manifest's node folder {folder} is outside the guide folder; `guide new node` "
                            "writes only inside it (create the file there yourself)")
    path = folder / f"{node_id}.yaml"
    if _exists(path):
        raise ScaffoldError(_exists(path))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _node_skeleton(node_id, title, guide.start, path))
    except FileExists as exc:
        raise ScaffoldError(f"{path} already exists") from exc
    except OSError as exc:
        raise ScaffoldError(f"cannot write {path}: {exc.strerror or exc}") from None
    relative = path.relative_to(manifest.parent).as_posix()
    picked = any(Path(relative).match(p) or relative == p for p in patterns)
    return NewNode(path, picked)


def _node_skeleton(node_id: str, title: str, start: str, target: Path) -> str:
    words = node_id.replace("-", " ").replace("_", " ")
    title = title or words[:1].upper() + words[1:]
    examples = scaffold_phrasings(node_id)
    lines = [
        f"id: {node_id}",
        f"title: {_yaml_text(title)}             # short: shown in menus and “Did you mean …?”",
        "examples:                       # how readers ask: five or more, in their words (typos welcome)",
        *(f"  - {_yaml_text(e)}" for e in examples),
        "answer:",
        "  - say: \"TODO: a lead-in in your own words\"",
        "  # - quote: a sentence copied verbatim from the source (guide validate checks it)",
        "  # - note: an editor's note, visibly not the source's words",
        "# followups:                     # replies that match only right after this answer",
        "#   - title: more",
        "#     examples: [tell me more, go on]",
        "#     answer:",
        "#       - quote: another sentence of the source",
        "choices:                        # topics to offer next",
    ]
    if start and start != node_id:
        lines.append(f"  - {start}")
    else:
        lines[-1] = "choices: []                     # topics to offer next"
    return with_schema_line("node.schema.json", target, "\n".join(lines) + "\n")
