"""YAML files -> a Guide, with every problem collected as a value.

``load_guide(path)`` never raises for bad content: it returns the guide (or None when
nothing usable could be built) and the sorted list of problems. Only a path that does
not exist raises :class:`GuideNotFound` (the CLI's "could not run").
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from guide.dialog.files import MANIFEST_NAME, GuideNotFound, display_path, expand_glob, find_manifest, shortened
from guide.dialog.followon import FailedFile, ids_written_in, with_notes
from guide.dialog.model import (
    DEFAULT_FALLBACK,
    Block,
    Caveat,
    Choice,
    Example,
    Followup,
    FrozenMap,
    Guide,
    MatchingConfig,
    Node,
    Note,
    Quote,
    Say,
    SupportConfig,
)
from guide.dialog.schema import (
    DEFINITIONS,
    ID_PATTERN,
    MANIFEST,
    MAX_ID_LENGTH,
    NODE,
    Checker,
    did_you_mean,
    id_as_meant,
    merged_item,
    misspelt,
    stray_items,
)
from guide.dialog.yamltree import EMPTY_MANIFEST, YList, YMap, YScalar, YValue, decimal, read_yaml
from guide.problems import Pos, Problem, sort_problems
from guide.reading import refusal, refusal_hint
from guide.records import NamedTuple
from guide.source_noun import DEFAULT as DEFAULT_NOUN
from guide.source_noun import problem as noun_problem
from guide.source_noun import worded
from guide.sources import Source, list_number, read_source

DEFAULT_NODE_GLOBS = ("nodes/*.yaml", "nodes/*.yml")
DEFAULT_TEST_GLOBS = ("tests/*.yaml", "tests/*.yml")
LINK_HINT = "point the link at a file (ls -l shows where it leads), or replace it with the file itself"
OUTSIDE_HINT = ("a guide's files stay inside its folder (where guide.yaml is), after symlinks; to read a shared "
                "file elsewhere, run the command with --allow-path DIR")
_LABEL_NUMBER = r"\s*\d{1,2}[.)]\s"  # as `list_number` reads it: "1. " or "2) "

__all__ = ["MANIFEST_NAME", "FileRead", "GuideNotFound", "LoadResult", "display_path", "find_manifest", "load_guide"]


class FileRead(NamedTuple):
    """A file the loader read: its path as the loader opened it, the bytes' length and CRC-32."""

    path: Path
    size: int
    crc: int


@dataclass(frozen=True)
class LoadResult:
    guide: Guide | None
    problems: list[Problem]
    files_read: tuple[FileRead, ...] = ()
    """Every file the loader read, in order (manifest, sources, node files): what the guide was built from."""
    globbed: tuple[tuple[str, tuple[Path, ...]], ...] = ()
    """Each glob pattern the loader expanded, with the files it found (a new file changes them)."""
    allowed: tuple[Path, ...] = ()
    """The folders outside the guide its files were allowed to be in."""
    variants: tuple[tuple[str, str, Pos], ...] = ()
    """Each synonym variant: its word, the variant, where it is (`synonym_stems.check_synonym_stems`)."""

    @property
    def ok(self) -> bool:
        return self.guide is not None and not any(p.is_error for p in self.problems)


def load_guide(path: Path, allow: Iterable[Path] | None = None) -> LoadResult:
    """Load the guide at ``path`` (its folder or its guide.yaml). Its files must resolve inside
    its folder or one of the ``allow`` folders (default: those of ``--allow-path``)."""
    from guide.paths import allowed_outside

    manifest_path = find_manifest(path)
    allowed = allowed_outside() if allow is None else tuple(Path(folder).resolve() for folder in allow)
    return _Loader(manifest_path, allowed).load()


_NODE_KEYS = tuple(NODE["properties"])
SOURCE_FILE_HINT = "a source is the document the guide quotes (Markdown or plain text), e.g. `file: sources/article.md`"


def _resolved(path: Path) -> Path | None:
    """``path`` with its symlinks resolved, or None for a symlink loop (RuntimeError before Python 3.13)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file to read; also when it cannot be looked at (listed in a folder this
    user may not open: `chmod -R 644` does that), so that reading it says why."""
    try:
        return path.is_file()
    except OSError:
        return True


def _visible(text: str) -> str:
    """``text`` with its line breaks and tabs written as \\n, \\r and \\t: a path that ends with one
    broke the line of the problem that names it."""
    return text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _text(value: YValue | None) -> str:
    return value.text if isinstance(value, YScalar) and value.kind != "null" else ""


def _texts(value: YValue | None) -> list[YScalar]:
    if not isinstance(value, YList):
        return []
    return [item for item in value.items if isinstance(item, YScalar) and item.text.strip()]


def _small_talk(value: YValue | None) -> dict[str, str]:
    """The manifest's `small_talk:` replies, by kind (the schema has checked their keys and texts)."""
    if not isinstance(value, YMap):
        return {}
    return {kind: _text(text) for kind, text in value.values.items() if _text(text)}


def _support(value: YValue | None) -> SupportConfig:
    """The manifest's `support:` section (its values are checked by the schema)."""
    if not isinstance(value, YMap):
        return SupportConfig()
    welcome, region = value.values.get("welcome"), value.values.get("region")
    defaults = SupportConfig()
    if isinstance(welcome, YScalar) and welcome.kind == "bool":
        shown = welcome.text.lower() in ("true", "yes", "on", "y")
    else:
        shown = defaults.welcome
    return SupportConfig(welcome=shown, region=_text(region) or defaults.region)


def _number(value: YValue | None) -> float | None:
    """A number written in decimal; anything else is None (the schema check reports it)."""
    return decimal(value) if isinstance(value, YScalar) else None


class _Loader:
    def __init__(self, manifest_path: Path, allowed: tuple[Path, ...] = ()) -> None:
        self.manifest_path = manifest_path
        self.root = manifest_path.parent
        self.allowed = allowed
        self.folders = (self.root.resolve(), *allowed)  # where the guide's files may resolve to
        self.files_read: list[FileRead] = []
        self.globbed: list[tuple[str, tuple[Path, ...]]] = []
        self.manifest_pos = Pos(display_path(manifest_path), 1, 1)
        self.problems: list[Problem] = []
        self.check = Checker(self.problems)
        self.sources: dict[str, Source] = {}
        self.nodes: dict[str, Node] = {}
        self.failed: dict[str, FailedFile] = {}  # node files that did not load, by shown path
        self.failed_sources: set[str] = set()  # sources whose file is missing
        self.unreadable: set[Path] = set()  # folders a pattern lists that cannot be read (reported)
        self.nodes_unreadable = False  # one of them holds the node files: said instead of "no node files"
        self._variants: list[tuple[str, str, Pos]] = []  # (synonym word, variant, where): `LoadResult.variants`

    # -- reporting --------------------------------------------------------------------

    def error(self, pos: Pos, message: str, hint: str = "", code: str = "") -> None:
        self.problems.append(Problem(pos.file, pos.line, pos.col, "error", message, hint, code))

    def warning(self, pos: Pos, message: str, hint: str = "", code: str = "") -> None:
        self.problems.append(Problem(pos.file, pos.line, pos.col, "warning", message, hint, code))

    # -- the whole guide ---------------------------------------------------------------

    def result(self, guide: Guide | None) -> LoadResult:
        return LoadResult(guide, sort_problems(self.problems), tuple(self.files_read), tuple(self.globbed),
                          self.allowed, tuple(self._variants))

    def _read(self, path: Path, raw: bytes) -> None:
        import zlib

        self.files_read.append(FileRead(path, len(raw), zlib.crc32(raw)))

    def load(self) -> LoadResult:
        shown = display_path(self.manifest_path)
        manifest, problems = read_yaml(self.manifest_path, shown, self._read, EMPTY_MANIFEST)
        self.problems.extend(problems)
        if manifest is None:
            return self.result(None)
        self.check.check(manifest, MANIFEST, "guide.yaml")
        if not isinstance(manifest, YMap):
            return self.result(None)
        self.manifest_pos = manifest.pos
        fields = manifest.values
        self._load_sources(fields.get("sources"))
        files = self._node_files(fields.get("nodes"), manifest)
        tests = self._globs(fields.get("tests"), DEFAULT_TEST_GLOBS, tests=True)
        files, tests = self._apart(files, tests, manifest)
        for file in files:
            self._load_node_file(file)
        start = fields.get("start")
        if isinstance(start, YScalar) and start.text and self.nodes:
            self._check_reference(start.text, start.pos, "start node")
        noun = self._source_noun(fields.get("source_noun"))
        guide = Guide(
            root=self.root,
            title=_text(fields.get("title")) or self.root.name,
            description=_text(fields.get("description")),
            start=_text(start) if _text(start) in self.nodes else next(iter(self.nodes), ""),
            sources=FrozenMap(dict(self.sources)),
            nodes=FrozenMap(dict(self.nodes)),
            synonyms=FrozenMap(self._synonyms(fields.get("synonyms"))),
            matching=self._matching(fields.get("matching")),
            support=_support(fields.get("support")),
            fallback=_text(fields.get("fallback")) or worded(DEFAULT_FALLBACK, noun),
            source_noun=noun,
            small_talk=FrozenMap(_small_talk(fields.get("small_talk"))),
            caveats=self._caveats(fields.get("caveats")),
            files=(self.manifest_path, *files),
            test_files=tuple(tests),
        )
        self._check_references()
        self.problems[:] = with_notes(self.problems, self.failed)
        if not self.nodes:
            if self.nodes_unreadable or any(p.code == "no-node-files" for p in self.problems):
                return self.result(None)  # said where the nodes should have been found
            if self.failed:  # "add node files under nodes/" was wrong: they are there, and said above
                count = len(self.failed)
                self.error(manifest.pos, "the guide has no nodes: "
                           + ("its one node file did not load" if count == 1
                              else f"none of its {count} node files loaded"),
                           "fix the error" + ("s" if count > 1 else "") + " above first", "no-nodes")
                return self.result(None)
            self.error(manifest.pos, "the guide has no nodes",
                       "add node files under nodes/ (or list them under `nodes:` in guide.yaml)", "no-nodes")
            return self.result(None)
        return self.result(guide)

    def _inside(self, path: Path) -> bool:
        """Whether ``path``, symlinks resolved, is in the guide folder or an allowed one (a symlink
        loop resolves nowhere: it is reported where it is read)."""
        resolved = _resolved(path)
        return resolved is None or any(resolved.is_relative_to(folder) for folder in self.folders)

    # -- sources ------------------------------------------------------------------------

    def _load_sources(self, value: YValue | None) -> None:
        if not isinstance(value, YMap):
            return
        for source_id, entry in value.values.items():
            if not isinstance(entry, YMap):
                continue
            file_value = entry.values.get("file")
            file = _text(file_value)
            if not file:
                continue
            pos = file_value.pos if file_value else entry.pos
            if "\0" in file:  # no path holds one (os calls raise ValueError); reported as a control character
                self.failed_sources.add(source_id)
                continue
            path = _resolved(self.root / file)
            if path is None:
                self.error(pos, f"source file '{file}' is a symbolic link that leads back to itself (a loop)",
                           LINK_HINT, "symlink-loop")
                self.failed_sources.add(source_id)
                continue
            if not self._inside(path):
                self.error(pos, f"source file '{file}' is outside the guide folder", OUTSIDE_HINT, "outside-guide")
                continue
            try:
                present = path.exists()
            except OSError as exc:  # a folder on the way that cannot be opened, a name too long
                self.error(pos, f"source file '{shortened(file)}' cannot be read: {refusal(exc)}",
                           refusal_hint(exc), "unreadable-source")
                self.failed_sources.add(source_id)
                continue
            if not present:
                stripped = file.strip()
                if stripped and stripped != file and _is_file(self.root / stripped):
                    self.error(pos, f"source file '{_visible(file)}' not found: its path starts or ends with a space, "
                               "a tab or a line break", f"write it without them: `file: {stripped}`",
                               "missing-source")
                else:
                    self.error(pos, f"source file '{_visible(file)}' not found", self._missing_source_hint(file, path),
                               "missing-source")
                self.failed_sources.add(source_id)
                continue
            if path == self.manifest_path.resolve():  # read as plain text, it made every quote "not found"
                self.error(pos, f"source '{source_id}' is the guide's own {MANIFEST_NAME}, not a document to quote",
                           SOURCE_FILE_HINT, "source-is-manifest")
                self.failed_sources.add(source_id)
                continue
            if path.suffix.lower() in (".yaml", ".yml"):
                self.warning(pos, f"source file '{file}' is a YAML file (a node or test file?), read as plain text",
                             SOURCE_FILE_HINT, "yaml-source")
            source = read_source(source_id, path, title=_text(entry.values.get("title")),
                                 publisher=_text(entry.values.get("publisher")), url=_text(entry.values.get("url")),
                                 published=_text(entry.values.get("published")),
                                 author=_text(entry.values.get("author")), on_read=self._read)
            self.problems.extend(
                Problem(display_path(path), p.line, p.col, p.severity, p.message, p.hint, p.code)
                for p in source.problems
            )
            if not source.paragraphs and not source.problems:
                self.error(file_value.pos if file_value else entry.pos, f"source '{source_id}' has no paragraphs",
                           "paragraphs are separated by blank lines", "empty-source")
            self.sources[source_id] = source

    def _source_noun(self, value: YValue | None) -> str:
        """The manifest's `source_noun` (the schema has checked it is text), or "article"."""
        noun = _text(value)
        if not noun or not isinstance(value, YScalar):
            return DEFAULT_NOUN
        why = noun_problem(noun)
        if why:
            self.error(value.pos, f"`source_noun` '{shortened(noun)}' {why}",
                       "name what the guide quotes as its own words would: `source_noun: post`", "bad-source-noun")
            return DEFAULT_NOUN
        return noun

    def _missing_source_hint(self, file: str, path: Path) -> str:
        """Why `file:` names no file: a web address (the page itself is not read), a Windows path, or a
        name close to one that is there."""
        if re.match(r"[a-z][a-z0-9+.-]*://", file, re.IGNORECASE):
            return ("`file:` is a file in the guide folder, not a web address: save the page there as Markdown or "
                    "plain text (e.g. `file: sources/article.md`), and put its address under `url:`")
        if "\\" in file:
            return f"write the path with '/', not '\\': `file: {file.replace(chr(92), '/')}`"
        return self._nearby_files(path)

    def _nearby_files(self, path: Path) -> str:
        folder = path.parent
        try:
            if not folder.is_dir():
                shown = shortened(display_path(folder))
                near = ""
                if folder.parent.is_dir():  # `Sources/` for `sources/`
                    near = did_you_mean(folder.name, sorted(p.name for p in folder.parent.iterdir() if p.is_dir()))
                return f"{near}folder {shown} does not exist; paths are relative to the guide folder"
            names = sorted(p.name for p in folder.iterdir() if p.is_file())
        except OSError:  # a folder that cannot be listed, a name too long: no names to suggest
            names = []
        hint = did_you_mean(path.name, names) if names else ""
        return hint + "paths are relative to the guide folder (where guide.yaml is)"

    # -- node files ---------------------------------------------------------------------

    def _globs(self, value: YValue | None, default: tuple[str, ...], tests: bool = False) -> list[Path]:
        items = _texts(value)
        written = [(item.text, item.pos) for item in items] or [(pattern, self.manifest_pos) for pattern in default]
        found: dict[Path, Path] = {}  # the file, symlinks resolved -> the path it was first found by
        manifest = self.manifest_path.resolve()
        for pattern, pos in written:
            matches = self._glob(pattern, pos, tests)
            self.globbed.append((pattern, tuple(matches)))
            if not matches and items and not any(ch in pattern for ch in "*?["):
                self.error(pos, f"file '{pattern}' not found", self._nearby_files(self.root / pattern), "missing-file")
            outside = [match for match in matches if not self._inside(match)]
            if outside:
                self.error(pos, f"'{pattern}' matches files outside the guide folder ({display_path(outside[0])})",
                           OUTSIDE_HINT, "outside-guide")
            for match in matches:
                resolved = _resolved(match)
                if resolved is None:
                    self.error(Pos(display_path(match), 1, 1), "cannot read file: it is a symbolic link that leads "
                               "back to itself (a loop)", LINK_HINT, "symlink-loop")
                elif match in outside:
                    continue
                elif _is_file(match) and resolved != manifest:
                    found.setdefault(resolved, match)  # one file by two paths (a symlink) is read once
                elif match.is_symlink() and not match.exists():
                    self.error(Pos(display_path(match), 1, 1), f"cannot read file: it is a symbolic link to "
                               f"'{os.readlink(match)}', which does not exist", LINK_HINT, "broken-symlink")
                elif match.exists() and not (match.is_dir() or match.is_file()):  # a FIFO, socket, device
                    from guide.reading import kind_of

                    # a node file that is not read is a node missing; a test file, tests that do not run
                    (self.warning if tests else self.error)(Pos(display_path(match), 1, 1), f"cannot read file: it is "
                               f"{kind_of(match.stat().st_mode)}, not a regular file",
                               "a guide's files are text files; remove it, or rename it so that the pattern "
                               f"'{pattern}' does not match it", "not-a-file")
        return list(found.values())

    def _glob(self, pattern: str, pos: Pos, tests: bool = False) -> list[Path]:
        """The paths matching ``pattern`` under the guide folder; a pattern that cannot be one is reported."""
        if os.path.isabs(pattern) or pattern.startswith("~"):
            self.error(pos, f"'{pattern}' is an absolute path",
                       "patterns are relative to the guide folder (where guide.yaml is), e.g. nodes/*.yaml",
                       "absolute-path")
            return []
        try:
            matches = expand_glob(self.root, pattern)
        except (ValueError, NotImplementedError, IndexError, OSError) as exc:  # pathlib: "." raises IndexError
            self.error(pos, f"'{pattern}' is not a usable file pattern ({exc})",
                       "write a path relative to the guide folder, with * for any name, e.g. nodes/*.yaml",
                       "bad-glob")
            return []
        if not matches:
            self._check_folder_readable(pattern, pos, tests)
        return matches

    def _check_folder_readable(self, pattern: str, pos: Pos, tests: bool) -> None:
        """Report the folder a pattern lists if it cannot be read: globbing finds nothing in it,
        which would otherwise read as "no node files found" (an error), or as a guide without
        conversation tests (a warning: a conversation does not need them)."""
        literal = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
        folder = self.root / literal.rpartition("/")[0]
        if folder in self.unreadable:
            return
        try:
            os.listdir(folder)
        except PermissionError:
            self.unreadable.add(folder)
            hint = f"let yourself list it and read its files (chmod u+rx {display_path(folder)})"
            if tests:
                self.warning(pos, f"cannot read folder {display_path(folder)}: permission denied, so its "
                             "conversation tests cannot run", hint, "unreadable-folder")
                return
            self.nodes_unreadable = True
            self.error(pos, f"cannot read folder {display_path(folder)}: permission denied", hint,
                       "unreadable-folder")
        except (OSError, ValueError):
            pass  # missing or not a folder: no matches, as the pattern says

    def _apart(self, files: list[Path], tests: list[Path], manifest: YMap) -> tuple[list[Path], list[Path]]:
        """Node files and test files, none of them both. A file both globs match (`nodes: [**/*.yaml]`
        takes tests/*.yaml in) was read as each, and the author met "node 1 is missing 'id'" in a test
        file. It goes to the other glob than the one that reaches too far: the one the manifest
        writes when the other is the default, else the one matching more files; that one is named."""
        test_set = {_resolved(test) or test for test in tests}
        both = [file for file in files if (_resolved(file) or file) in test_set]
        if not both:
            return files, tests
        written = {key for key in ("nodes", "tests") if _texts(manifest.values.get(key))}
        too_far = next(iter(written)) if len(written) == 1 else "nodes" if len(files) >= len(tests) else "tests"
        shared = {_resolved(file) or file for file in both}
        shown = ", ".join(display_path(file) for file in both[:3]) + (f" and {len(both) - 3} more" if len(both) > 3
                                                                      else "")
        other, what = ("tests", "conversation test") if too_far == "nodes" else ("nodes", "node")
        self.warning(manifest.keys.get(too_far, manifest.pos),
                     f"`{too_far}:` also matches {shown}, {what} files of the `{other}:` glob: they are read as "
                     f"{what} files only", f"narrow the pattern to the {too_far.rstrip('s')} files, e.g. "
                     f"{too_far}/*.yaml", "glob-overlap")
        if too_far == "nodes":
            return [file for file in files if (_resolved(file) or file) not in shared], tests
        return files, [test for test in tests if (_resolved(test) or test) not in shared]

    def _node_files(self, value: YValue | None, manifest: YMap) -> list[Path]:
        files = self._globs(value, DEFAULT_NODE_GLOBS)
        if not files and not self.nodes_unreadable:
            pos = manifest.keys.get("nodes", manifest.pos)
            self.error(pos, "no node files found",
                       "put node files in nodes/*.yaml, or list them under `nodes:` in guide.yaml", "no-node-files")
        return files

    def _load_node_file(self, path: Path) -> None:
        shown = display_path(path)
        value, problems = read_yaml(path, shown, self._read)
        self.problems.extend(problems)
        if value is None:
            self.failed[shown] = FailedFile(shown, ids_written_in(path))
            return
        if isinstance(value, YMap):
            items = [value]
        elif isinstance(value, YList):
            items = list(value.items)
        else:
            self.error(value.pos, "a node file holds a node (a mapping) or a list of nodes, not plain text",
                       "start with `id: my-topic` and `title: ...`", "not-a-node-file")
            self.failed[shown] = FailedFile(shown, ())
            return
        for number, item in enumerate(items, start=1):
            where = "node" if len(items) == 1 and isinstance(value, YMap) else f"node {number}"
            if isinstance(item, YMap) and isinstance(item.values.get("id"), YScalar):
                where = f"node '{item.values['id'].text}'"
            self.check.check(item, NODE, where)
            if isinstance(item, YMap):
                node = self._node(item)
                if node:
                    self._add_node(node, item)

    def _add_node(self, node: Node, value: YMap) -> None:
        first = self.nodes.get(node.id)
        if first is not None:
            pos = value.values["id"].pos
            self.error(pos, f"duplicate node id '{node.id}' (first defined at {first.pos.file}:{first.pos.line})",
                       "node ids must be unique across all files; rename one", "duplicate-id")
            return
        self.nodes[node.id] = node
        written = value.values.get("answer")  # blocks written but unreadable have their own errors already
        unwritten = (written is None and not misspelt(value, "answer", _NODE_KEYS)) \
            or (isinstance(written, YList) and not written.items)
        if not node.answer and not node.goto and unwritten:  # an error here, so that no conversation runs with it
            self.error(node.pos, f"node '{node.id}' has nothing to say", "give it `answer:` blocks, or `goto:` "
                       "another node", "no-answer")

    def _node(self, value: YMap) -> Node | None:
        fields = value.values
        node_id = _text(fields.get("id"))
        if not node_id or len(node_id) > MAX_ID_LENGTH:
            return None  # (a long one is reported by the schema check)
        followups = []
        followup_list = fields.get("followups")
        if isinstance(followup_list, YList):
            items = list(followup_list.items)
            for number in sorted(stray_items(items, DEFINITIONS["followup"]), reverse=True):
                items[number - 2:number] = [merged_item(items[number - 2], items[number - 1])]  # (reported)
            for number, item in enumerate(items, start=1):
                if isinstance(item, YMap):
                    followups.append(self._followup(node_id, number, item))
        end = fields.get("end")
        return Node(
            id=node_id,
            title=_text(fields.get("title")) or node_id,
            examples=tuple(Example(s.text, s.pos) for s in _texts(fields.get("examples"))),
            answer=self._blocks(fields.get("answer")),
            followups=tuple(followups),
            choices=self._choices(fields.get("choices")),
            goto=_text(fields.get("goto")),
            end=isinstance(end, YScalar) and end.kind == "bool" and end.text.lower() in ("true", "yes", "on"),
            pos=value.pos,
        )

    def _followup(self, node_id: str, number: int, value: YMap) -> Followup:
        fields = value.values
        followup = Followup(
            key=f"{node_id}#{number}",
            node=node_id,
            examples=tuple(Example(s.text, s.pos) for s in _texts(fields.get("examples"))),
            answer=self._blocks(fields.get("answer")),
            goto=_text(fields.get("goto")),
            title=_text(fields.get("title")),
            pos=value.pos,
        )
        if not followup.answer and not followup.goto:
            self.error(value.pos, f"follow-up {number} of node '{node_id}' has neither `answer` nor `goto`",
                       "give it answer blocks, or `goto: <node id>`", "empty-followup")
        return followup

    def _choices(self, value: YValue | None) -> tuple[Choice, ...]:
        if not isinstance(value, YList):
            return ()
        choices = []
        for item in value.items:
            if isinstance(item, YScalar) and item.text:
                choices.append(Choice(item.text, "", item.pos))
            elif isinstance(item, YMap) and _text(item.values.get("node")):
                node, label = item.values["node"], item.values.get("label")
                choices.append(Choice(_text(node), _text(label), node.pos))
                if label is not None and list_number(_text(label)):
                    self._numbered_label(_text(label), len(choices), label.pos)
        return tuple(choices)

    def _numbered_label(self, label: str, position: int, pos: Pos) -> None:
        """Warn about a label that numbers itself: the chat shows the offer as "2) 2. Label"."""
        bare = re.sub(_LABEL_NUMBER, "", label, count=1).strip()
        hint = (f"write `label: {json.dumps(bare, ensure_ascii=False)}`: readers see \"{position}) {bare}\""
                if bare else "leave the number out of the label, or leave `label:` out to offer the node's title")
        self.warning(pos, f"the label {label!r} starts with a number, and the chat numbers its offers itself: "
                     f"readers see \"{position}) {label}\"", hint, "numbered-label")

    # -- blocks and quotes -----------------------------------------------------------------

    def _blocks(self, value: YValue | None) -> tuple[Block, ...]:
        if not isinstance(value, YList):
            return ()
        blocks: list[Block] = []
        for item in value.items:
            if not isinstance(item, YMap):
                continue
            block = self._block(item)
            if block is not None:
                blocks.append(block)
        return tuple(blocks)

    def _block(self, value: YMap) -> Block | None:
        fields = value.values
        kinds = [k for k in ("say", "quote", "note", "research") if k in fields]
        if len(kinds) != 1:
            return None  # reported by the schema check
        kind = kinds[0]
        body = fields[kind]
        text = _text(body)
        if not text:
            return None
        if kind != "quote" and "source" in fields:
            self.error(value.keys["source"], f"`source` belongs to a quote, not to a {kind} block",
                       "remove it, or make this block a `quote`", "misplaced-key")
        if kind != "research" and "cite" in fields:
            self.error(value.keys["cite"], f"`cite` belongs to a research note, not to a {kind} block",
                       "use `research:` with `cite:` for a study, or drop `cite`", "misplaced-key")
        if kind == "say":
            return Say(text, body.pos)
        if kind == "note":
            return Note(text, "editor", "", body.pos)
        if kind == "research":
            cite = _text(fields.get("cite"))
            if not cite:
                self.error(body.pos, "a research note needs `cite:` (the study it reports)",
                           "add e.g. `cite: Ditzen et al. (2007), Psychoneuroendocrinology 32:565-574`",
                           "missing-cite")
            return Note(text, "research", cite, body.pos)
        return self._quote(text, body.pos, fields.get("source"))

    def _source_for(self, source_value: YValue | None, pos: Pos) -> Source | None:
        source_id = _text(source_value)
        if source_id:
            source = self.sources.get(source_id)
            if source is None and source_id not in self.failed_sources:  # a missing file is reported once
                known = list(self.sources)
                self.error(source_value.pos if source_value else pos, f"unknown source '{source_id}'",
                           did_you_mean(source_id, known) + "sources: " + (", ".join(known) or "none defined"),
                           "unknown-source")
            return source
        if len(self.sources) == 1 and not self.failed_sources:
            return next(iter(self.sources.values()))
        if len(self.sources) + len(self.failed_sources) > 1:
            self.error(pos, "this quote needs `source:` (the guide has several sources)",
                       "add `source:` with one of: " + ", ".join(self.sources), "missing-source-key")
        return None

    def _quote(self, text: str, pos: Pos, source_value: YValue | None) -> Quote:
        source = self._source_for(source_value, pos)
        if source is None:
            return Quote(text, _text(source_value), None, pos)
        if not source.paragraphs or not text.strip():  # (an empty quote is an error of its own, said once)
            return Quote(text, source.id, None, pos)
        location = source.find_quote(text)
        if location is None:
            self._quote_not_found(text, pos, source)
        elif "..." in text or "…" in text:
            pass  # an ellipsis that is really in the source is fine
        else:
            again = source.paragraphs_with(text)
            # (paragraphs the source repeats word for word, such as a pull quote, cannot be told apart)
            if len({" ".join(source.paragraph(number).text.split()) for number in again}) > 1:
                where = ", ".join(map(str, again[:-1])) + f" and {again[-1]}"
                self.warning(pos, f"the source says this quote in paragraphs {where}: it is cited as paragraph "
                             f"{location.paragraph}, the first", "if you meant another, quote a few more of its "
                             "words, so that it is the only place", "quote-repeated")
        return Quote(text, source.id, location, pos)

    def _quote_not_found(self, text: str, pos: Pos, source: Source) -> None:
        spans = source.spans_paragraphs(text)
        if spans:
            self.error(pos, f"quote runs across paragraphs {spans[0]} and {spans[1]} of '{source.id}'",
                       "split it into one quote per paragraph", "quote-spans-paragraphs")
            return
        cut = source.cut_word(text)
        if cut:
            self.error(pos, f"quote {cut} in source '{source.id}'", "a quote starts and ends with whole words: "
                       "add the rest of the word, or leave the word out", "quote-cuts-word")
            return
        if "..." in text or "…" in text:
            hint = "quotes are verbatim: instead of an ellipsis, use two quotes"
        else:
            closest = source.closest_passage(text)
            hint = closest.describe() if closest else "no similar passage; check the quote and its `source:`"
        self.error(pos, f"quote not found in source '{source.id}'", hint, "quote-not-found")

    # -- manifest extras ---------------------------------------------------------------------

    def _synonyms(self, value: YValue | None) -> dict[str, tuple[str, ...]]:
        if not isinstance(value, YMap):
            return {}
        synonyms: dict[str, tuple[str, ...]] = {}
        owner: dict[str, str] = {}
        for canonical, variants in value.values.items():
            self._check_synonym_words(canonical, value.keys.get(canonical, value.pos), key=True)
            words = []
            for item in _texts(variants):
                self._check_synonym_words(item.text, item.pos, key=False)
                variant = " ".join(item.text.casefold().split())
                if variant in owner and owner[variant] != canonical:
                    self.warning(item.pos, f"'{item.text}' is a synonym of both '{owner[variant]}' and '{canonical}'",
                                 "keep it under one word; the first one wins", "synonym-conflict")
                    continue
                owner[variant] = canonical
                words.append(item.text)
                self._check_synonym_chain(item, canonical, value)
                self._variants.append((canonical, item.text, item.pos))
            synonyms[canonical] = tuple(words)
        return synonyms

    def _check_synonym_chain(self, item: YScalar, canonical: str, synonyms: YMap) -> None:
        """A variant that is itself a word with synonyms (`tea: [cuppa]` and `cuppa: [tea]`): synonyms
        are replaced once, not in chains, so readers' words for it and the guide's own word never
        meet (the guide's "tea" is read as "cuppa", a reader's "cuppa" as "tea"); or the word itself."""
        variant = " ".join(item.text.casefold().split())
        if variant == " ".join(canonical.casefold().split()):
            self.warning(item.pos, f"'{item.text}' is listed as a synonym of itself",
                         "delete it: a word is always read as itself", "synonym-of-itself")
            return
        other = next((key for key in synonyms.values if " ".join(key.casefold().split()) == variant), None)
        if other is None:
            return
        line = synonyms.keys.get(other, synonyms.pos).line
        cyclic = " ".join(canonical.casefold().split()) in {" ".join(text.text.casefold().split())
                                                             for text in _texts(synonyms.values[other])}
        theirs = ", ".join(f"'{text.text}'" for text in _texts(synonyms.values[other])[:3]) or "its variants"
        self.warning(item.pos, f"'{item.text}' is a synonym of '{canonical}' and has synonyms of its own "
                     f"(line {line}): synonyms are replaced once, not in chains, so the guide's '{other}' is read "
                     f"as '{canonical}' but a reader's {theirs} as '{other}', and the two never meet",
                     f"keep one of the two entries: with `{canonical}: [{item.text}]` alone, a reader's '{item.text}' "
                     f"and the guide's both read as '{canonical}'" if cyclic else
                     f"list every variant under one word: add those of '{other}' to '{canonical}' and delete the "
                     f"entry for '{other}'", "synonym-chain")

    def _check_synonym_words(self, text: str, pos: Pos, key: bool) -> None:
        """A synonym the matcher cannot read as written: nothing but an emoji or punctuation ("❤️",
        "!!!") is no word at all, and a variant without a letter ("<3") is read as its one number
        ("three"), so that every reader's "3" would become the synonym's word ("24/7" is three words
        together: only "24/7" itself, or "24 7", is read as it)."""
        from guide.matching.normalize import tokenize
        from guide.matching.numbers import spell_numbers

        words = spell_numbers(tokenize(text))
        shown = text if text.strip() else "(empty)"
        if not words:
            what = f"synonym '{shown}'" if key else f"'{shown}'"
            effect = "none of its variants is ever read as it" if key else "it never matches what a reader types"
            self.warning(pos, f"{what} has no word the matcher reads (it reads letters and digits): {effect}",
                         "write the word in letters, as readers type it; an emoji or punctuation alone cannot be "
                         "matched", "synonym-no-words")
        elif not key and len(words) == 1 and not any(ch.isalpha() for ch in text):
            self.warning(pos, f"'{text}' is read as the words '{' '.join(words)}': every reader's "
                         f"'{' '.join(words)}' would be read as the synonym's word",
                         "the matcher reads only letters and digits; remove this variant, or write it in "
                         "letters", "synonym-no-words")

    def _matching(self, value: YValue | None) -> MatchingConfig:
        if not isinstance(value, YMap):
            return MatchingConfig()
        fields = value.values
        answer, clarify = _number(fields.get("answer")), _number(fields.get("clarify"))
        if answer is not None and clarify is not None and clarify > answer:
            self.error(fields["clarify"].pos, f"`clarify` ({clarify:g}) is above `answer` ({answer:g})",
                       "clarify is the lower bar: below it the guide falls back, above `answer` it answers",
                       "bad-threshold")
        turns = _number(fields.get("context_turns"))
        return MatchingConfig(answer, clarify, _number(fields.get("margin")),
                              int(turns) if turns is not None else MatchingConfig().context_turns)

    def _caveats(self, value: YValue | None) -> tuple[Caveat, ...]:
        if not isinstance(value, YList):
            return ()
        caveats: list[Caveat] = []
        for item in value.items:
            if not isinstance(item, YMap) or not _text(item.values.get("id")) or not _text(item.values.get("note")):
                continue
            first = next((c for c in caveats if c.id == _text(item.values["id"])), None)
            if first is not None:
                self.error(item.values["id"].pos, f"duplicate caveat id '{first.id}' (first defined at line "
                           f"{first.pos.line})", "caveat ids must be unique; rename one, or merge the two notes",
                           "duplicate-caveat-id")
                continue
            paragraphs = set()
            for passage in _texts(item.values.get("when_quoting")):
                quote = self._quote(passage.text, passage.pos, None)
                if quote.location:
                    paragraphs.add((quote.source, quote.location.paragraph))
            asked = tuple(Example(s.text, s.pos) for s in _texts(item.values.get("when_asked")))
            caveats.append(Caveat(_text(item.values["id"]), _text(item.values["note"]), frozenset(paragraphs),
                                  asked, item.pos))
        return tuple(caveats)

    # -- references ---------------------------------------------------------------------------

    def _check_reference(self, target: str, pos: Pos, what: str) -> None:
        if target in self.nodes:
            return
        if any(p.code in ("bad-id", "long-id") and (p.file, p.line, p.col) == (pos.file, pos.line, pos.col)
               for p in self.problems):
            return  # ("start: Welcome") said once, as an id that is not valid, with the one it is close to
        if any(id_as_meant(node) == target for node in self.nodes if not re.match(ID_PATTERN, node)):
            return  # a node written 'Black' or 'black' and a no-break space: its id is said not to be valid
        owner = next((f for f in self.failed.values() if target in f.ids), None)
        if owner is not None:  # a follow-on of that file's error, which says so
            owner.unchecked.append(f"{pos.file}:{pos.line}")
            return
        hint = did_you_mean(target, list(self.nodes))
        hint = (hint or "no node has this id; ") + "check the spelling or add the node" + self._stub_hint(target)
        if self.failed:
            files = ", ".join(self.failed)
            hint += f"\n(if it is defined in {files}, which did not load, fix that first)"
        self.error(pos, f"{what} '{target}' does not exist", hint, "missing-node")

    def _stub_hint(self, target: str) -> str:
        """How to add a node not written yet: `guide new node` writes a stub that validates (its
        TODO and id-made phrasings are warnings), so a welcome can name topics before they exist."""
        import shlex

        if not re.match(ID_PATTERN, target):
            return ""
        folder = display_path(self.root) or "."
        guide = shlex.quote(f"./{folder}" if folder.startswith("-") else folder)
        return f" (a stub to fill in later: `guide new node {target} --guide {guide}`)"

    def _check_references(self) -> None:
        for node in self.nodes.values():
            for choice in node.choices:
                self._check_reference(choice.node, choice.pos, "choice")
            if node.goto:
                self._check_reference(node.goto, node.pos, f"goto of node '{node.id}': node")
            for followup in node.followups:
                if followup.goto:
                    self._check_reference(followup.goto, followup.pos, "follow-up goto: node")
        self._check_goto_answers()

    def _check_goto_answers(self) -> None:
        """A node without answer blocks whose goto leads only round nodes without any (to itself,
        or a → b → a) has nothing to say: readers who reach it would get an empty reply."""
        for node in self.nodes.values():
            chain: list[str] = []
            current = node
            while not current.answer and current.goto in self.nodes and current.id not in chain:
                chain.append(current.id)
                current = self.nodes[current.goto]
            if current.answer or current.id not in chain:
                continue  # an answer on the way, or a missing node (reported above)
            round_ = " → ".join([*chain, current.id])
            self.error(node.pos, f"node '{node.id}' has nothing to say: its goto goes round nodes without an "
                       f"answer ({round_})", "give one of them `answer:` blocks, or point its goto at a node "
                       "that answers", "no-answer")
