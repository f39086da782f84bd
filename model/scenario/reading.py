"""Reading YAML safely and with bounds, remembering where every value was written.

A scenario file is read as YAML 1.2 core-schema data: ``1:00`` is text (not 60),
``04000`` is 4000 (not octal 2048), ``yes``/``on`` are text, and only ``true``/``false``
are booleans. Nothing in the file is ever executed: every explicit tag other than the
core ones (``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``, ``!!map``,
``!!seq``) is refused, ``!!set`` and ``!!python/...`` included.

Input is bounded before it can cost anything: only regular files (no folders, devices or
FIFOs) of at most :data:`MAX_FILE_BYTES`, nesting at most :data:`MAX_DEPTH` levels deep,
at most :data:`MAX_VALUES` values once aliases are expanded, integers of at most
:data:`MAX_INT_DIGITS` digits.

:func:`read_document` returns the data with, for every value, the :class:`Place` where it
is written: its line, column and field path. A value reached through an alias is placed at
its anchor (where it is written), so a problem in a shared block is reported once, there.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from model.scenario.errors import Issue, ScenarioError, clean, show

MAX_FILE_BYTES = 256 * 1024
"""Largest scenario file read (the template is about 12 KB)."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists (a scenario file needs about 6)."""

MAX_VALUES = 20_000
"""Most values a file may hold once its aliases are expanded (the seed files hold < 1,000)."""

MAX_INT_DIGITS = 30
"""Longest integer literal read (larger numbers are beyond every range anyway)."""

Path_ = tuple[str | int, ...]
"""A field path as a tuple of keys and list indices."""

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_MERGE = f"{_TAG}merge"


# ---- files ------------------------------------------------------------------------------


class UnreadableFile(Exception):
    """A file that is not read: missing, not a regular file, too large, not readable."""

    def __init__(self, problem: str, got: str | None = None, expected: str | None = None):
        super().__init__(problem)
        self.problem, self.got, self.expected = problem, got, expected


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bytes(path: Path, limit: int) -> bytes:
    """Read a regular file of at most ``limit`` bytes, never blocking on a FIFO or device.

    Args:
        path: The file.
        limit: Largest size accepted, in bytes.

    Returns:
        Its content.

    Raises:
        UnreadableFile: If it is missing, not a regular file, larger than ``limit`` or
            cannot be read; the message says which.
    """
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFile("not a regular file", _kind(mode), "a regular file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):  # replaced between stat and open
                raise UnreadableFile("not a regular file", _kind(info.st_mode),
                                     "a regular file")
            if info.st_size > limit:
                raise _too_large(info.st_size, limit)
            data = f.read(limit + 1)
    except FileNotFoundError:
        raise UnreadableFile("file not found") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return data


def _too_large(size: int, limit: int) -> UnreadableFile:
    return UnreadableFile("file too large", f"{size:,} bytes", f"at most {limit:,} bytes")


# ---- YAML 1.2 core schema ----------------------------------------------------------------


class _Resolver(BaseResolver):
    """Plain scalars resolved by the YAML 1.2 core schema (no sexagesimal, octal, yes/no)."""


_Resolver.add_implicit_resolver(
    f"{_TAG}bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver.add_implicit_resolver(
    f"{_TAG}int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"))
_Resolver.add_implicit_resolver(
    f"{_TAG}float", re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))
_Resolver.add_implicit_resolver(
    f"{_TAG}null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(_MERGE, re.compile(r"^<<$"), ["<"])


class _TooDeep(yaml.MarkedYAMLError):
    """Nesting deeper than MAX_DEPTH."""


class _Loader(Reader, Scanner, Parser, Composer, _Resolver):
    """PyYAML's reader, scanner, parser and composer with the core-schema resolver.

    It composes nodes only (each with its line and column); :class:`_Builder` turns them
    into Python values. Composition stops at :data:`MAX_DEPTH` levels of nesting.
    """

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)
        self._depth = 0

    def fetch_flow_collection_start(self, TokenClass: type) -> None:  # noqa: N803
        """Refuse ``[`` or ``{`` nested deeper than MAX_DEPTH as soon as it is scanned.

        (The scanner reads ahead while a flow collection may start a key, so a file of
        thousands of ``[`` would otherwise cost time before the composer sees the depth.)
        """
        if self.flow_level >= MAX_DEPTH:
            raise _TooDeep(problem=f"nested more than {MAX_DEPTH} levels deep",
                           problem_mark=self.get_mark())
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        """Compose one node, refusing nesting deeper than MAX_DEPTH."""
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(problem=f"nested more than {MAX_DEPTH} levels deep",
                               problem_mark=self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def scalar(text: str) -> Any:
    """Read one plain scalar as YAML 1.2 would (used for command-line values).

    Args:
        text: The text, e.g. ``0.5``, ``40``, ``true``, ``1e3``, ``numpy``.

    Returns:
        A bool, int, float, None or the text itself.
    """
    tag = _Resolver().resolve(ScalarNode, text.strip(), (True, False))
    return _scalar_value(tag, text.strip())


def _scalar_value(tag: str, text: str) -> Any:
    if tag == f"{_TAG}bool":
        return text.lower() == "true"
    if tag == f"{_TAG}null":
        return None
    if tag == f"{_TAG}int":
        digits = text.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            raise ValueError(f"a number of {len(digits)} digits")
        base = 16 if digits.startswith("0x") else 8 if digits.startswith("0o") else 10
        value = int(digits[2:] if base != 10 else digits, base)
        return -value if text.startswith("-") else value
    if tag == f"{_TAG}float":
        if len(text) > MAX_INT_DIGITS + 20:
            raise ValueError(f"a number of {len(text)} characters")
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                     .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    return text


# ---- building values from nodes, with places --------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a value (or a key) is written.

    Attributes:
        path: The field path where it is written (an anchor's, for aliased values).
        line: 1-based line.
        column: 1-based column.
    """

    path: Path_
    line: int
    column: int


@dataclass
class Document:
    """A YAML file read into plain data, with where each value is written.

    Attributes:
        data: The values (dicts, lists, str, int, float, bool, None).
        places: For each field path of ``data``, where its value is written.
        key_places: For each field path of a mapping entry, where its key is written.
        issues: Problems found while building (duplicate keys, refused tags, ...).
        bad: Paths whose value is already reported in ``issues``.
    """

    data: Any = None
    places: dict[Path_, Place] = field(default_factory=dict)
    key_places: dict[Path_, Place] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    bad: set[Path_] = field(default_factory=set)

    def place(self, path: Path_, key: bool = False) -> Place | None:
        """Where the value (or key) at a path is written, else its nearest ancestor's.

        Args:
            path: A field path of ``data``.
            key: Look for the key of that entry rather than its value.

        Returns:
            The place, or None if nothing on the path is known.
        """
        if key and path in self.key_places:
            return self.key_places[path]
        for n in range(len(path), -1, -1):
            if path[:n] in self.places:
                return self.places[path[:n]]
        return None


def render_path(path: Path_) -> str:
    """Render a field path as written in messages: ``plans.p.interventions[0].start_day``.

    Args:
        path: Keys and list indices.

    Returns:
        The path; keys that are not plain names are quoted and escaped.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z0-9_\-]{1,60}", part):
            out += f".{part}" if out else part
        else:
            out += f"[{show(part)}]"
    return out or "<top level>"


class _Fatal(Exception):
    """A problem that stops reading (a limit reached)."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.problem)
        self.issue = issue


class _Builder:
    """Turns composed nodes into values, expanding aliases within MAX_VALUES and MAX_DEPTH."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.home: dict[int, Path_] = {}
        self.active: set[int] = set()

    def _place(self, node: Node, path: Path_) -> Place:
        home = self.home.setdefault(id(node), path)
        mark = node.start_mark
        return Place(home, mark.line + 1, mark.column + 1)

    def _issue(self, node: Node, path: Path_, problem: str, got: str | None = None,
               expected: str | None = None) -> Issue:
        place = self._place(node, path)
        return Issue(render_path(place.path), problem, got, expected, place.line, place.column)

    def build(self, node: Node, path: Path_, depth: int = 1) -> Any:
        self._count(node, path)
        if depth > MAX_DEPTH:
            raise _Fatal(self._issue(node, path, "nested too deeply once aliases are expanded",
                                     f"more than {MAX_DEPTH} levels", f"at most {MAX_DEPTH}"))
        if id(node) in self.active:
            raise _Fatal(self._issue(node, path, "alias refers to a value that contains it",
                                     expected="an alias to a value defined before it"))
        self.doc.places[path] = self._place(node, path)
        if node.tag not in _ALLOWED_TAGS and not (node.tag == _MERGE and path):
            self.doc.issues.append(self._issue(
                node, path, "YAML tag not allowed", show(node.tag),
                "plain YAML: mappings, lists, text, numbers, true/false"))
            self.doc.bad.add(path)
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(item, (*path, i), depth + 1)
                        for i, item in enumerate(node.value)]
            return self._mapping(node, path, depth)
        finally:
            self.active.discard(id(node))

    def _scalar(self, node: ScalarNode, path: Path_) -> Any:
        tag = node.tag
        if node.style is not None and tag == f"{_TAG}str":
            return node.value
        try:
            return _scalar_value(tag, node.value)
        except ValueError as exc:
            self.doc.issues.append(self._issue(node, path, "number too large", str(exc),
                                               f"at most {MAX_INT_DIGITS} digits"))
            self.doc.bad.add(path)
            return None

    def _key(self, node: Node, path: Path_) -> Any:
        if not isinstance(node, ScalarNode):
            self.doc.issues.append(self._issue(node, path, "key must be text",
                                               "a list or mapping", "a name"))
            return None
        key = self._scalar(node, path)
        return key if isinstance(key, str | int) and not isinstance(key, bool) else str(key)

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node, key in self._entries(node, path):
            entry = (*path, key)
            self.doc.key_places[entry] = self._place(key_node, entry)
            out[key] = self.build(value_node, entry, depth + 1)
        return out

    def _entries(self, node: MappingNode, path: Path_) -> list[tuple[Node, Node, Any]]:
        """A mapping's entries: its own keys, then merged keys (``<<``) it does not set."""
        own: list[tuple[Node, Node, Any]] = []
        merges: list[Node] = []
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            self._count(key_node, path)
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            key = self._key(key_node, path)
            if key is None:
                continue
            if key in first:
                self.doc.issues.append(self._issue(
                    key_node, (*path, key), "duplicate key", show(key),
                    f"each key once per mapping (first written on line {first[key]})"))
                continue
            first[key] = key_node.start_mark.line + 1
            own.append((key_node, value_node, key))
        have = set(first)
        for value_node in merges:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if not isinstance(source, MappingNode):
                    self.doc.issues.append(self._issue(
                        source, path, "merge key (<<) takes a mapping", None,
                        "<<: *name, where &name marks a mapping"))
                    continue
                if id(source) in self.active:
                    raise _Fatal(self._issue(source, path, "alias refers to a value that "
                                             "contains it", expected="an alias to a value "
                                             "defined before it"))
                self.active.add(id(source))
                try:
                    merged = self._entries(source, path)
                finally:
                    self.active.discard(id(source))
                for entry in merged:
                    if entry[2] not in have:
                        have.add(entry[2])
                        own.append(entry)
        return own

    def _count(self, node: Node, path: Path_) -> None:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _Fatal(self._issue(node, path, "too many values once aliases are expanded",
                                     f"more than {MAX_VALUES:,}",
                                     "a file whose aliases expand to fewer values"))


def _control_issue(text: str) -> Issue | None:
    """A character YAML does not allow (NUL, other C0 controls...), at its line."""
    bad = Reader.NON_PRINTABLE.search(text)
    if bad is None:
        return None
    line = text.count("\n", 0, bad.start()) + 1
    column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
    return Issue("", "character not allowed in YAML", clean(repr(bad.group())),
                 "printable text (tabs and line breaks are fine)", line, column)


def read_document(path: Path, shown: str) -> Document:
    """Read a YAML file safely, turning every failure into a ScenarioError.

    Args:
        path: The file.
        shown: The file name as the user gave it (for messages).

    Returns:
        The data and where each value is written; ``issues`` holds the problems that did
        not stop reading (duplicate keys, refused tags, numbers too large).

    Raises:
        ScenarioError: If the file is missing, not a regular file, too large, not UTF-8,
            not YAML, or beyond a bound (nesting, alias expansion).
    """
    try:
        raw = read_bytes(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        raise ScenarioError(shown, [Issue("<file>", exc.problem, exc.got, exc.expected)]
                            ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(shown, [Issue("<file>", f"not UTF-8 text ({exc.reason})")]
                            ) from None
    control = _control_issue(text)
    if control is not None:
        raise ScenarioError(shown, [control])
    loader = _Loader(text)
    doc = Document()
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.data = _Builder(doc).build(node, ())
    except _Fatal as exc:
        raise ScenarioError(shown, [exc.issue]) from None
    except yaml.MarkedYAMLError as exc:
        raise ScenarioError(shown, [_yaml_issue(exc)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(shown, [Issue("<file>", f"YAML error: {clean(str(exc), 200)}")]
                            ) from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps well below the limit
        raise ScenarioError(shown, [Issue("<file>", "nested too deeply")]) from None
    finally:
        loader.dispose()
    return doc


def _yaml_issue(exc: yaml.MarkedYAMLError) -> Issue:
    """Describe a YAML error at its 1-based line and column."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    problem = clean(exc.problem or "invalid YAML", 200)
    if isinstance(exc, _TooDeep):
        return Issue("", problem, expected=f"at most {MAX_DEPTH} levels", line=line,
                     column=column)
    if exc.context and exc.context_mark and exc.problem_mark:
        problem = (f"{problem}, {clean(exc.context, 100)} started at line "
                   f"{exc.context_mark.line + 1}, column {exc.context_mark.column + 1}")
    return Issue("", f"YAML syntax error: {problem}", line=line, column=column)
