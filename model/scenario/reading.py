"""Reading YAML safely: a SafeLoader that also rejects duplicate keys.

Loading never executes anything from the file. Every failure (missing, unreadable, not
UTF-8, not YAML) becomes a :class:`~model.scenario.errors.ScenarioError` with the line and
column where known.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from model.scenario.errors import Issue, ScenarioError, show


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that also rejects duplicate keys in a mapping.

    Merge keys (``<<: *base``) keep working: keys written next to a merge override the
    merged ones and are not duplicates.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._checked: set[int] = set()

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        """Check the node's own keys for duplicates, then merge ``<<`` keys."""
        if id(node) not in self._checked:
            self._checked.add(id(node))
            self._check_duplicates(node)
        super().flatten_mapping(node)

    def _check_duplicates(self, node: yaml.MappingNode) -> None:
        seen: dict[Any, yaml.Mark] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node.start_mark)
            except TypeError:  # unhashable key: SafeLoader reports it itself
                continue
            if first is not key_node.start_mark:
                raise _DuplicateKeyError(key, first, key_node.start_mark)


class _DuplicateKeyError(yaml.constructor.ConstructorError):
    """A key written twice in one mapping."""

    def __init__(self, key: Any, first: yaml.Mark, again: yaml.Mark) -> None:
        super().__init__(None, None, f"found duplicate key {key!r}", again)
        self.key, self.first = key, first


def read_yaml(path: Path, shown: str) -> Any:
    """Read a YAML file safely, turning every failure into a ScenarioError."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ScenarioError(shown, [Issue("<file>", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(shown, [Issue("<file>", f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise ScenarioError(shown, [Issue("<file>", f"cannot read: {exc.strerror}")]) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        raise ScenarioError(shown, [_yaml_issue(exc)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(shown, [Issue("<file>", f"YAML error: {exc}")]) from None


def _where(mark: yaml.Mark | None) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else "<file>"


def _yaml_issue(exc: yaml.MarkedYAMLError) -> Issue:
    """Describe a YAML error at its 1-based line and column."""
    where = _where(exc.problem_mark or exc.context_mark)
    if isinstance(exc, _DuplicateKeyError):
        return Issue(where, "duplicate key", show(exc.key),
                     f"each key once per mapping (first written on line {exc.first.line + 1})")
    tag = re.search(r"constructor for the tag '([^']*)'", exc.problem or "")
    if tag:
        return Issue(where, "YAML tag not allowed", repr(tag.group(1)),
                     "plain YAML: mappings, lists, text, numbers, true/false")
    problem = exc.problem or "invalid YAML"
    if exc.context and exc.context_mark and exc.problem_mark:
        problem = f"{problem}, {exc.context} started at {_where(exc.context_mark)}"
    return Issue(where, f"YAML syntax error: {problem}")

