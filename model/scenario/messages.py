"""Turning pydantic's validation errors into :class:`~model.scenario.errors.Issue` lines.

Each error is rendered with the field path as written in the file (``a.b[0].c``), the
value as the user wrote it, what was expected, and a "did you mean" for near misses.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Mapping, Sequence
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from model.scenario.errors import Issue, ScenarioError, clean, one_of, show, suggest
from model.scenario.reading import Document, Path_, render_path
from model.scenario.schema import EVENT_SPECS, MAX_HORIZON_MONTHS, TAGS, ScenarioSpec
from model.scenario.timing import MONTH_FIELDS

_TYPE_WORDS = {
    "int_type": "an integer", "float_type": "a number", "bool_type": "true or false",
    "string_type": "text", "list_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping",
}
_HINT_WORDS = {StrictInt: "an integer", StrictFloat: "a number", StrictBool: "true or false",
               StrictStr: "text", int: "an integer", float: "a number", str: "text"}


def _path(loc: Sequence[int | str]) -> str:
    """Render a pydantic location as ``a.b[0].c``, dropping union tags and key markers."""
    out = ""
    for i, part in enumerate(loc):
        if part == "[key]" or (part in TAGS and i and isinstance(loc[i - 1], int)):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "<top level>"


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional from a type."""
    while True:
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
            continue
        if get_origin(tp) in (Union, UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp


def _is_spec(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _child(tp: Any, part: int | str) -> Any:
    """The type found one step down ``part`` from ``tp``, or None."""
    tp = _unwrap(tp)
    origin = get_origin(tp)
    if _is_spec(tp):
        field = tp.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field else None
    if origin is list:
        return get_args(tp)[0] if isinstance(part, int) else None
    if origin is dict:
        return get_args(tp)[1]
    if origin in (Union, UnionType):
        for member in get_args(tp):
            tag = member.model_fields.get("type") if _is_spec(member) else None
            if tag is not None and get_args(tag.annotation) == (part,):
                return member
    return None


def _spec_at(loc: Sequence[int | str]) -> type[BaseModel] | None:
    """The schema model at a location of the file, or None."""
    tp: Any = ScenarioSpec
    for part in loc:
        tp = _child(tp, part)
        if tp is None:
            return None
    tp = _unwrap(tp)
    return tp if _is_spec(tp) else None


def _expected_for_field(loc: Sequence[int | str]) -> str | None:
    spec = _spec_at(loc[:-1])
    field = spec.model_fields.get(loc[-1]) if spec and isinstance(loc[-1], str) else None
    if field is None:
        return None
    if field.description:
        return field.description
    hint = _unwrap(field.annotation)
    if _is_spec(hint):
        return "a mapping"
    return _HINT_WORDS.get(hint, "a value")


def _unknown_key_issue(loc: Sequence[int | str], value: Any) -> Issue:
    key = loc[-1]
    spec = _spec_at(loc[:-1])
    allowed = [k for k in spec.model_fields if k != "type"] if spec else []
    if spec is not None and getattr(spec, "is_param_table", False):
        return Issue(_path(loc), "unknown parameter" + suggest(key, allowed), show(value),
                     "a parameter name from model/core/params.py")
    if key == "severity" and spec is EVENT_SPECS["scandal"]:
        return Issue(_path(loc), "unknown key: severity was replaced by trust_drop",
                     show(value), "trust_drop, the share of trust in police lost by those "
                     "who hear of it (severity n = trust_drop 1 - 0.6**n at the default "
                     "weights; docs/ODD.md 7.0)")
    return Issue(_path(loc), "unknown key" + suggest(key, allowed), show(value),
                 "one of the keys " + ", ".join(allowed) if allowed else None)


def _issue(err: Mapping[str, Any]) -> Issue:
    """Translate one pydantic error into an Issue."""
    loc, kind, ctx = tuple(err["loc"]), err["type"], err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return Issue(_path(loc), "missing required field", expected=_expected_for_field(loc))
    if kind == "extra_forbidden":
        return _unknown_key_issue(loc, value)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return _event_type_issue(loc, ctx)
    if kind == "scenario":
        where = loc + ((ctx["field"],) if "field" in ctx else ())
        got = None if err["msg"] == "missing required field" else ctx.get("got", show(value))
        return Issue(_path(where), err["msg"], got, ctx["expected"])
    if kind == "invalid_key" or (loc and loc[-1] == "[key]"):
        return Issue(_path(loc), "key must be text", show(value), "a name")
    if kind in _TYPE_WORDS:
        problem = "empty value" if value is None else "wrong type"
        return Issue(_path(loc), problem, show(value), _TYPE_WORDS[kind])
    if kind == "literal_error":
        problem = "unknown type" if loc and loc[-1] == "type" else "invalid value"
        if problem == "unknown type" and "interventions" in loc:
            problem = "unknown intervention type"
        return Issue(_path(loc), problem + suggest(value, _literal_words(ctx)), show(value),
                     "one of " + ctx.get("expected", "?"))
    if kind == "finite_number":
        return Issue(_path(loc), "not a finite number", show(value), "a finite number")
    if kind in ("too_short", "string_too_short"):
        return Issue(_path(loc), "empty value", show(value), "at least one entry")
    if kind in ("too_long", "string_too_long"):
        return Issue(_path(loc), "value too long", show(value),
                     f"at most {ctx.get('max_length', '?')} characters or items")
    return Issue(_path(loc), clean(str(err["msg"]), 100), show(value))


def _literal_words(ctx: Mapping[str, Any]) -> list[str]:
    return re.findall(r"'([^']*)'", ctx.get("expected", ""))


def _event_type_issue(loc: Sequence[int | str], ctx: Mapping[str, Any]) -> Issue:
    expected = one_of(EVENT_SPECS)
    if "tag" not in ctx:
        return Issue(_path((*loc, "type")), "missing event type", expected=expected)
    tag = ctx["tag"]
    return Issue(_path((*loc, "type")), "unknown event type" + suggest(tag, EVENT_SPECS),
                 show(tag), expected)


def data_path(loc: Sequence[int | str]) -> Path_:
    """A pydantic location as a path into the data: union tags and key markers dropped."""
    out: list[int | str] = []
    for i, part in enumerate(loc):
        if part == "[key]" or (part in TAGS and i and isinstance(loc[i - 1], int)):
            continue
        out.append(part)
    return tuple(out)


def _error_path(err: Mapping[str, Any], data: Any) -> Path_:
    """The path in the file's data an error is about.

    Pydantic adds the name of each member of a union it tried (``int``, ``str``, ...)
    after the field; those are dropped: the path stops at the first scalar value.
    """
    ctx = err.get("ctx") or {}
    field = (ctx["field"],) if err["type"] == "scenario" and "field" in ctx else ()
    if err["type"] == "union_tag_invalid":
        field = ("type",)
    path: list[int | str] = []
    for part in data_path(tuple(err["loc"])):
        if not isinstance(data, dict | list):
            break
        path.append(part)
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            data = None
    return (*path, *field)


def _merged_union_errors(errors: list[Mapping[str, Any]], data: Any
                         ) -> list[tuple[Path_, Mapping[str, Any], Issue]]:
    """One issue per path: a value that matches no member of a union is one problem."""
    by_path: dict[Path_, list[Mapping[str, Any]]] = {}
    for err in errors:
        by_path.setdefault(_error_path(err, data), []).append(err)
    out = []
    for path, errs in by_path.items():
        issue = _issue(errs[0])
        kinds = {e["type"] for e in errs}
        if len(errs) > 1 and kinds <= set(_TYPE_WORDS) | {"scenario"}:
            described = _expected_for_field(path) if path else None
            words = " or ".join(dict.fromkeys(_TYPE_WORDS.get(e["type"], "a value")
                                              for e in errs))
            issue = dataclasses.replace(issue, problem="wrong type",
                                        expected=described or words)
        out.append((path, errs[0], issue))
    return out


def parse_path(text: str) -> Path_:
    """Parse a rendered path (``plans.p.events[0].day``) back into keys and indices.

    Args:
        text: A path as :func:`_path` renders it.

    Returns:
        Its keys and indices (empty for ``<top level>``, ``<file>`` or anything else).
    """
    parts: list[int | str] = []
    for name, index in re.findall(r"([A-Za-z0-9_\-]+)|\[(\d+)\]", text):
        parts.append(int(index) if index else name)
    return tuple(parts)


class Pruned:
    """A copy of a file's data with invalid parts removed, and how its lists shifted.

    After a value is removed, the rest is validated again, so that problems hidden behind
    the first ones (checks across fields, checks across sections) are found in the same
    run. List items removed shift the indices of the items after them;
    :meth:`original` maps a path in the pruned data back to the file's.
    """

    def __init__(self, data: dict[Any, Any]) -> None:
        self.data = copy.deepcopy(data)
        self.kept: dict[Path_, list[int]] = {}
        self.removed: list[Path_] = []

    def original(self, path: Path_) -> Path_:
        """Map a path of the pruned data to the same value's path in the file."""
        out: list[int | str] = []
        for part in path:
            if isinstance(part, int) and tuple(out) in self.kept:
                kept = self.kept[tuple(out)]
                part = kept[part] if part < len(kept) else part
            out.append(part)
        return tuple(out)

    def remove(self, path: Path_) -> bool:
        """Remove the value at a path of the pruned data; False if there is none."""
        if not path:
            return False
        node: Any = self.data
        for part in path[:-1]:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return False
        last = path[-1]
        self.removed.append(self.original(path))
        if isinstance(node, dict) and last in node:
            del node[last]
            return True
        if isinstance(node, list) and isinstance(last, int) and last < len(node):
            parent = self.original(path[:-1])
            kept = self.kept.setdefault(parent, list(range(len(node))))
            del node[last], kept[last]
            return True
        return False


PLACEHOLDERS: dict[str, Any] = {"title": "untitled", "horizon_months": MAX_HORIZON_MONTHS,
                                "plans": {"plan": {}}}
"""Stand-ins for missing or invalid required top-level fields while the rest is checked."""

MAX_ROUNDS = 12
"""Most rounds of removing invalid values and validating again."""


def locate(doc: Document | None, issue: Issue, path: Path_ | None = None,
           key: bool = False) -> Issue:
    """Give an issue the line, column and path where its value is written.

    Args:
        doc: The file as read (None: leave the issue as it is).
        issue: The issue.
        path: The data path of the problem (default: parsed from ``issue.path``).
        key: Place it at the key of that entry rather than its value (unknown keys).

    Returns:
        The issue at the path where the value is written (an anchor's, for a value reached
        through an alias), with its line and column.
    """
    if doc is None or issue.line is not None:
        return issue
    path = parse_path(issue.path) if path is None else path
    if path and path not in doc.places and path[-1] in MONTH_FIELDS:
        written = (*path[:-1], MONTH_FIELDS[path[-1]])  # a day written as a month
        path = written if written in doc.places else path
    if key and path in doc.key_places:
        place = doc.key_places[path]
        return dataclasses.replace(issue, path=render_path(place.path), line=place.line,
                                   column=place.column)
    for n in range(len(path), -1, -1):
        if path[:n] in doc.places:
            place = doc.places[path[:n]]
            return dataclasses.replace(issue, path=render_path(place.path + path[n:]),
                                       line=place.line, column=place.column)
    return issue


def validate(doc: Document, shown: str) -> tuple[ScenarioSpec | None, list[Issue], Pruned]:
    """Check a file's data against the schema, finding every problem in one pass.

    Invalid values are removed and the rest validated again (at most :data:`MAX_ROUNDS`
    times), so problems that pydantic finds only once others are fixed are reported too.

    Args:
        doc: The file as read.
        shown: The file name as the user gave it.

    Returns:
        The validated schema object of the valid part (None if nothing usable is left),
        the problems found (each at its line), and the pruned data (to map the schema
        object's list indices back to the file's).

    Raises:
        ScenarioError: If the file is empty or not a mapping.
    """
    data = doc.data
    if data is None:
        raise ScenarioError(shown, [Issue("<file>", "empty file", expected="a mapping with "
                                          "at least title, horizon_months and plans")])
    if not isinstance(data, dict):
        raise ScenarioError(shown, [locate(doc, Issue(
            "<top level>", "wrong type", show(data),
            "a mapping with keys " + ", ".join(ScenarioSpec.model_fields)), ())])
    pruned, issues = Pruned(data), []
    for round_ in range(MAX_ROUNDS):
        try:
            return ScenarioSpec.model_validate(pruned.data), issues, pruned
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        progress = False
        for path, err, issue in _merged_union_errors(errors, pruned.data):
            consequence = round_ and (err["type"] in ("missing", "too_short")
                                      or issue.problem.startswith("missing required"))
            original = pruned.original(path)
            if not consequence and not any(original[:n] in doc.bad
                                           for n in range(len(original) + 1)):
                issues.append(locate(doc, issue, original,
                                     key=err["type"] == "extra_forbidden"))
            if err["type"] == "union_tag_invalid":
                path = path[:-1]  # the item, not its type
            progress |= _prune(pruned, path, err)
        if not progress:
            break
    return None, issues, pruned


def _prune(pruned: Pruned, path: Path_, err: Mapping[str, Any]) -> bool:
    """Remove what an error is about; required top-level fields get a placeholder."""
    if err["type"] in ("missing", "too_short") or len(path) == 1:
        if len(path) == 1 and path[0] in PLACEHOLDERS:
            if pruned.data.get(path[0]) == PLACEHOLDERS[path[0]]:
                return False
            pruned.data[path[0]] = copy.deepcopy(PLACEHOLDERS[path[0]])
            return True
        if err["type"] in ("missing", "too_short"):
            return pruned.remove(path[:-1]) if len(path) > 1 else False
    return pruned.remove(path)
