"""Turning pydantic's validation errors into :class:`~model.scenario.errors.Issue` lines.

Each error is rendered with the field path as written in the file (``a.b[0].c``), the
value as the user wrote it, what was expected, and a "did you mean" for near misses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from model.scenario.errors import Issue, ScenarioError, one_of, show, suggest
from model.scenario.schema import EVENT_SPECS, TAGS, ScenarioSpec

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
                     "a parameter name from model/params.py")
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
        return Issue(_path(where), err["msg"], ctx.get("got", show(value)), ctx["expected"])
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
    return Issue(_path(loc), err["msg"], show(value))


def _literal_words(ctx: Mapping[str, Any]) -> list[str]:
    return re.findall(r"'([^']*)'", ctx.get("expected", ""))


def _event_type_issue(loc: Sequence[int | str], ctx: Mapping[str, Any]) -> Issue:
    expected = one_of(EVENT_SPECS)
    if "tag" not in ctx:
        return Issue(_path((*loc, "type")), "missing event type", expected=expected)
    tag = ctx["tag"]
    return Issue(_path((*loc, "type")), "unknown event type" + suggest(tag, EVENT_SPECS),
                 show(tag), expected)


def validate(data: Any, shown: str) -> ScenarioSpec:
    """Check the data read from a scenario file against the schema.

    Args:
        data: What the YAML file held.
        shown: The file name as the user gave it.

    Returns:
        The validated schema object.

    Raises:
        ScenarioError: With one issue per problem pydantic found.
    """
    if data is None:
        raise ScenarioError(shown, [Issue("<file>", "empty file", expected="a mapping with "
                                          "at least title, horizon_months and plans")])
    if not isinstance(data, dict):
        raise ScenarioError(shown, [Issue("<top level>", "wrong type", show(data),
                                          "a mapping with keys " + ", ".join(
                                              ScenarioSpec.model_fields))])
    try:
        return ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(shown, [_issue(e) for e in exc.errors(include_url=False)]) from None

