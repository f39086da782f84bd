"""Scenario files: a locality and its intervention plans, written in YAML.

A scenario file describes one locality as deltas over the parameter defaults of
:mod:`model.params`, the hot spots and scheduled events of that locality, and one or
more named plans (the levers a program designer chooses: dialogues and parameter
changes). :func:`load_scenario` reads and validates a file and returns a
:class:`Scenario`, whose :meth:`Scenario.build_model` makes a ready-to-run
:class:`model.trust_model.TrustModel`.

This layer sits on top of the headless core: the core never imports it. Loading never
executes anything from the file (YAML is read with a safe loader). Every problem is
reported as ``FILE: FIELD.PATH: problem (got VALUE; expected WHAT)``, one line each,
in a :class:`ScenarioError`. See scenarios/template.yaml for an annotated example.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import partial
from pathlib import Path
from types import MappingProxyType, UnionType
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    Literal,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

import networkx as nx
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from model import interventions as iv
from model.params import DAYS_PER_MONTH, INCIDENT_TYPES, PARAMS, Param, check_value, resolve

if TYPE_CHECKING:
    from model.trust_model import TrustModel

__all__ = [
    "Issue",
    "Plan",
    "Scenario",
    "ScenarioError",
    "list_scenarios",
    "load_scenario",
    "scenario_dir",
]

MAX_HORIZON_MONTHS = 600
PLAN_NAME = re.compile(r"[a-z0-9_]+")
_STRUCTURAL = ("n_residents", "n_groups", "n_neighbourhoods")
_MAX_EDGE_ISSUES = 10


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """One problem found in a scenario file.

    Attributes:
        path: Dotted field path, e.g. ``plans.dialogue_12m.interventions[0].start_day``,
            or ``line L, column C`` for YAML syntax errors, or ``<file>``.
        problem: What is wrong, in a few words.
        got: The offending value as shown to the user, or None.
        expected: What would be accepted, or None.
    """

    path: str
    problem: str
    got: str | None = None
    expected: str | None = None

    def format(self, file: str) -> str:
        """Render as ``FILE: PATH: problem (got VALUE; expected WHAT)``.

        Args:
            file: The scenario file name as the user gave it.

        Returns:
            One line of text.
        """
        details = []
        if self.got is not None:
            details.append(f"got {self.got}")
        if self.expected is not None:
            details.append(f"expected {self.expected}")
        tail = f" ({'; '.join(details)})" if details else ""
        return f"{file}: {self.path}: {self.problem}{tail}"


class ScenarioError(ValueError):
    """A scenario file could not be read or is invalid.

    ``str(error)`` is one line per problem, each naming the file, the field path, the
    offending value and what was expected.

    Attributes:
        file: The scenario file name as the user gave it.
        issues: The problems found, in file order where known.
    """

    def __init__(self, file: str | os.PathLike[str], issues: Sequence[Issue]) -> None:
        self.file = os.fspath(file)
        self.issues = tuple(issues)
        super().__init__("\n".join(i.format(self.file) for i in self.issues))


def _show(value: Any) -> str:
    """Show a value from a YAML file the way the user wrote it, briefly."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, list | tuple | dict):
        text = repr(list(value) if isinstance(value, tuple) else value)
        if len(text) <= 50:
            return text
        if isinstance(value, dict):
            return f"a mapping with keys {', '.join(map(str, list(value)[:5]))}"
        return f"a list of {len(value)} items"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _suggest(word: Any, choices: Iterable[str]) -> str:
    """Return "; did you mean 'x'?" for the closest choice, or an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _one_of(choices: Iterable[Any]) -> str:
    return "one of " + ", ".join(repr(c) for c in choices)


# --------------------------------------------------------------------------------------
# YAML reading
# --------------------------------------------------------------------------------------


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


def _read_yaml(path: Path, shown: str) -> Any:
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
        return Issue(where, "duplicate key", _show(exc.key),
                     f"each key once per mapping (first written on line {exc.first.line + 1})")
    tag = re.search(r"constructor for the tag '([^']*)'", exc.problem or "")
    if tag:
        return Issue(where, "YAML tag not allowed", repr(tag.group(1)),
                     "plain YAML: mappings, lists, text, numbers, true/false")
    problem = exc.problem or "invalid YAML"
    if exc.context and exc.context_mark and exc.problem_mark:
        problem = f"{problem}, {exc.context} started at {_where(exc.context_mark)}"
    return Issue(where, f"YAML syntax error: {problem}")


# --------------------------------------------------------------------------------------
# Schema (pydantic), derived from model.params and model.interventions
# --------------------------------------------------------------------------------------


class _Spec(BaseModel):
    """Base of every schema model: unknown keys and non-finite numbers are errors."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


def _custom(problem: str, expected: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError("scenario", problem, {"expected": expected, **ctx})


def _non_empty(value: str) -> str:
    if not value.strip():
        raise _custom("empty value", "non-empty text")
    return value


def _in_range(low: int, high: int, what: str, value: int) -> int:
    if not low <= value <= high:
        raise _custom("value out of range", f"{what} in [{low}, {high}]")
    return value


def _plan_name(value: str) -> str:
    if not PLAN_NAME.fullmatch(value):
        raise _custom("invalid plan name", "lower-case letters, digits and underscores, "
                      "e.g. dialogue_12m")
    return value


Text = Annotated[StrictStr, AfterValidator(_non_empty)]
PlanName = Annotated[StrictStr, AfterValidator(_plan_name)]
IncidentType = Literal[INCIDENT_TYPES]  # type: ignore[valid-type]


# ---- parameter deltas: one optional field per entry of model.params.PARAMS ----------


class _ParamSpec(_Spec):
    """Flat parameter deltas; a field for every parameter in model.params."""

    is_param_table: ClassVar[bool] = True

    def deltas(self) -> dict[str, Any]:
        """Return the parameters given in the file, in the order of model.params."""
        given = self.model_fields_set
        return {name: getattr(self, name) for name in type(self).model_fields if name in given}


def _check_param(name: str, value: Any) -> Any:
    try:
        return check_value(name, value)
    except ValueError:
        raise _custom("value out of range", PARAMS[name].allowed()) from None


def _param_type(p: Param) -> Any:
    if p.choices:
        return Literal[p.choices]  # type: ignore[valid-type]
    kind = {bool: StrictBool, int: StrictInt, float: StrictFloat, str: StrictStr}[p.kind]
    return Annotated[kind, AfterValidator(partial(_check_param, p.name))]


ParamSpec: type[_ParamSpec] = create_model(  # type: ignore[call-overload]
    "ParamSpec", __base__=_ParamSpec,
    **{p.name: (_param_type(p), Field(None, description=p.doc)) for p in PARAMS.values()},
)


# ---- interventions, events, hot spots: derived from the frozen dataclasses -----------


class _DataclassSpec(_Spec):
    """Schema of one dataclass of model.interventions; checks it by building it."""

    target: ClassVar[type] = object

    def build(self) -> Any:
        """Return the dataclass instance described by the fields given in the file."""
        kwargs = {}
        for name in self.model_fields_set - {"type"}:
            value = getattr(self, name)
            kwargs[name] = value.build() if isinstance(value, _DataclassSpec) else value
        return self.target(**kwargs)

    @model_validator(mode="wrap")
    @classmethod
    def _check_by_building(cls, data: Any, handler: Any) -> _DataclassSpec:
        spec = handler(data)
        try:
            spec.build()
        except (ValueError, TypeError, OverflowError) as exc:
            raw = data if isinstance(data, dict) else {}
            raise _dataclass_error(spec, raw, exc) from None
        return spec


_DATACLASS_MESSAGE = re.compile(r"^\w+\.(\w+) = .* is invalid: expected (.*)$", re.S)


def _dataclass_error(spec: _DataclassSpec, raw: Mapping[str, Any],
                     exc: Exception) -> PydanticCustomError:
    """Turn a dataclass __post_init__ ValueError into an error naming the field.

    ``raw`` is the mapping as written in the file, so the value is shown as written.
    """
    match = _DATACLASS_MESSAGE.match(str(exc))
    if not match:
        return _custom("invalid value", str(exc))
    name, expected = match.groups()
    value = raw.get(name, getattr(spec, name, None))
    number = isinstance(value, int | float) and not isinstance(value, bool)
    problem = "value out of range" if number else "invalid value"
    return _custom(problem, expected, field=name, got=_show(value))


_SCALARS: dict[Any, Any] = {int: StrictInt, float: StrictFloat, bool: StrictBool, str: StrictStr}
_ELEMENT_TYPES: dict[str, Any] = {"incident_type": IncidentType, "incident_types": IncidentType}


def _field_type(name: str, hint: Any) -> Any:
    """Map a dataclass field's type hint to a strict schema type."""
    if name in _ELEMENT_TYPES:
        element = _ELEMENT_TYPES[name]
        return list[element] if get_origin(hint) is tuple else element
    origin = get_origin(hint)
    if origin in (Union, UnionType):
        members = [_field_type(name, a) for a in get_args(hint) if a is not type(None)]
        return Union[tuple(members)] | None  # noqa: UP007 - built at run time
    if origin is tuple:
        return list[_field_type(name, get_args(hint)[0])]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return Literal[tuple(m.value for m in hint)]  # type: ignore[valid-type]
    if dataclasses.is_dataclass(hint):
        return _dataclass_spec(hint)
    return _SCALARS[hint]


def _dataclass_spec(cls: type, tag: str | None = None) -> type[_DataclassSpec]:
    """Build the schema model of a dataclass; ``tag`` adds a required ``type`` field."""
    hints = _type_hints(cls)
    fields: dict[str, Any] = {}
    if tag is not None:
        fields["type"] = (Literal[tag], ...)  # type: ignore[valid-type]
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        fields[f.name] = (_field_type(f.name, hints[f.name]), ... if required else None)
    spec = create_model(f"{cls.__name__}Spec", __base__=_DataclassSpec, **fields)
    spec.target = cls
    return spec


def _type_hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, vars(iv))


HotspotSpec = _dataclass_spec(iv.Hotspot)
DialogueSpec = _dataclass_spec(iv.Dialogue, "dialogue")
EVENT_SPECS: dict[str, type[_DataclassSpec]] = {
    tag: _dataclass_spec(cls, tag) for tag, cls in iv.EVENT_TYPES.items()
}
_TAGS = frozenset(EVENT_SPECS) | {"dialogue"}
EventSpec = Annotated[Union[tuple(EVENT_SPECS.values())], Field(discriminator="type")]  # noqa: UP007


# ---- the file ---------------------------------------------------------------------------


class NetworkSpec(_Spec):
    """The ``network:`` section."""

    edge_list: Text | None = Field(
        None, description="a path to an edge-list file, relative to the scenario file")


class PlanSpec(_Spec):
    """One entry of ``plans:``."""

    description: StrictStr | None = None
    parameters: ParamSpec | None = None  # type: ignore[valid-type]
    interventions: list[DialogueSpec] | None = None  # type: ignore[valid-type]
    events: list[EventSpec] | None = None


class ScenarioSpec(_Spec):
    """The whole scenario file."""

    title: Text = Field(description="a one-line title, e.g. 'Saaba, Burkina Faso: ...'")
    description: StrictStr | None = None
    horizon_months: Annotated[
        StrictInt, AfterValidator(partial(_in_range, 1, MAX_HORIZON_MONTHS, "months"))
    ] = Field(description=f"whole months in [1, {MAX_HORIZON_MONTHS}]")
    groups: list[Text] | None = None
    neighbourhoods: list[Text] | None = None
    locality: ParamSpec | None = None  # type: ignore[valid-type]
    network: NetworkSpec | None = None
    hotspots: list[HotspotSpec] | None = None  # type: ignore[valid-type]
    events: list[EventSpec] | None = None
    plans: Annotated[dict[PlanName, PlanSpec | None], Field(min_length=1)] = Field(
        description="a mapping of plan names to plans, at least one (e.g. no_dialogue: {})")
    shared: Any = Field(None, description="free space for YAML anchors; ignored")


# --------------------------------------------------------------------------------------
# pydantic errors -> Issues
# --------------------------------------------------------------------------------------

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
        if part == "[key]" or (part in _TAGS and i and isinstance(loc[i - 1], int)):
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
        return Issue(_path(loc), "unknown parameter" + _suggest(key, allowed), _show(value),
                     "a parameter name from model/params.py")
    return Issue(_path(loc), "unknown key" + _suggest(key, allowed), _show(value),
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
        return Issue(_path(where), err["msg"], ctx.get("got", _show(value)), ctx["expected"])
    if kind == "invalid_key" or (loc and loc[-1] == "[key]"):
        return Issue(_path(loc), "key must be text", _show(value), "a name")
    if kind in _TYPE_WORDS:
        problem = "empty value" if value is None else "wrong type"
        return Issue(_path(loc), problem, _show(value), _TYPE_WORDS[kind])
    if kind == "literal_error":
        problem = "unknown type" if loc and loc[-1] == "type" else "invalid value"
        if problem == "unknown type" and "interventions" in loc:
            problem = "unknown intervention type"
        return Issue(_path(loc), problem + _suggest(value, _literal_words(ctx)), _show(value),
                     "one of " + ctx.get("expected", "?"))
    if kind == "finite_number":
        return Issue(_path(loc), "not a finite number", _show(value), "a finite number")
    if kind in ("too_short", "string_too_short"):
        return Issue(_path(loc), "empty value", _show(value), "at least one entry")
    return Issue(_path(loc), err["msg"], _show(value))


def _literal_words(ctx: Mapping[str, Any]) -> list[str]:
    return re.findall(r"'([^']*)'", ctx.get("expected", ""))


def _event_type_issue(loc: Sequence[int | str], ctx: Mapping[str, Any]) -> Issue:
    expected = _one_of(EVENT_SPECS)
    if "tag" not in ctx:
        return Issue(_path((*loc, "type")), "missing event type", expected=expected)
    tag = ctx["tag"]
    return Issue(_path((*loc, "type")), "unknown event type" + _suggest(tag, EVENT_SPECS),
                 _show(tag), expected)


def _validate(data: Any, shown: str) -> ScenarioSpec:
    if data is None:
        raise ScenarioError(shown, [Issue("<file>", "empty file", expected="a mapping with "
                                          "at least title, horizon_months and plans")])
    if not isinstance(data, dict):
        raise ScenarioError(shown, [Issue("<top level>", "wrong type", _show(data),
                                          "a mapping with keys " + ", ".join(
                                              ScenarioSpec.model_fields))])
    try:
        return ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(shown, [_issue(e) for e in exc.errors(include_url=False)]) from None


# --------------------------------------------------------------------------------------
# The loaded scenario
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """One plan of a scenario: the levers a program designer chooses.

    Attributes:
        name: Plan name (``[a-z0-9_]+``).
        description: Free text, possibly empty.
        parameters: Parameter deltas applied on top of the locality.
        interventions: Dialogues, in file order.
        events: Plan-specific events, added to the locality's.
    """

    name: str
    description: str = ""
    parameters: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    interventions: tuple[iv.Dialogue, ...] = ()
    events: tuple[iv.Event, ...] = ()


@dataclass(frozen=True, eq=False)
class Scenario:
    """A validated scenario file.

    Attributes:
        path: The file it was read from.
        title: One-line title.
        description: Free text, possibly empty.
        horizon_days: Simulated days (30 per month of ``horizon_months``).
        group_names: Labels of the identity groups, or empty.
        neighbourhood_names: Labels of the neighbourhoods, or empty.
        locality: Parameter deltas of the locality over the defaults.
        hotspots: Hot spots active from day 0.
        locality_events: Events of the locality, shared by every plan.
        plan_specs: Plans by name, in file order.
        graph: Social network read from the edge list, or None to generate one.
    """

    path: Path
    title: str
    description: str
    horizon_days: int
    group_names: tuple[str, ...]
    neighbourhood_names: tuple[str, ...]
    locality: Mapping[str, Any]
    hotspots: tuple[iv.Hotspot, ...]
    locality_events: tuple[iv.Event, ...]
    plan_specs: Mapping[str, Plan]
    graph: nx.Graph | None = None

    @property
    def name(self) -> str:
        """The file name without its extension."""
        return self.path.stem

    @property
    def plans(self) -> tuple[str, ...]:
        """Plan names in file order."""
        return tuple(self.plan_specs)

    def plan(self, plan: str | None = None) -> Plan:
        """Return one plan.

        Args:
            plan: Plan name; None means the first plan of the file.

        Returns:
            The plan.

        Raises:
            ScenarioError: If there is no plan of that name; the message lists the plans.
        """
        if plan is None:
            return next(iter(self.plan_specs.values()))
        if plan not in self.plan_specs:
            raise ScenarioError(self.path, [Issue(
                "plans", "unknown plan" + _suggest(plan, self.plans), _show(plan),
                _one_of(self.plans))])
        return self.plan_specs[plan]

    def params(self, plan: str | None = None) -> dict[str, Any]:
        """Fully resolved parameters: defaults, then locality, then plan parameters.

        Args:
            plan: Plan name; None means the first plan.

        Returns:
            A complete parameter dict for the model constructor.
        """
        return resolve({**self.locality, **self.plan(plan).parameters})

    def interventions(self, plan: str | None = None) -> tuple[iv.Dialogue, ...]:
        """The plan's dialogues.

        Args:
            plan: Plan name; None means the first plan.

        Returns:
            Dialogues in file order.
        """
        return self.plan(plan).interventions

    def events(self, plan: str | None = None) -> tuple[iv.Event, ...]:
        """The locality's events followed by the plan's own.

        Args:
            plan: Plan name; None means the first plan.

        Returns:
            Events in file order.
        """
        return self.locality_events + self.plan(plan).events

    def build_model(self, plan: str | None = None, rng: Any = None,
                    **overrides: Any) -> TrustModel:
        """Make a model of this locality under one plan.

        Args:
            plan: Plan name; None means the first plan.
            rng: Seed or generator passed to the model (None: fresh entropy).
            **overrides: Parameter values applied last (after the plan's parameters).

        Returns:
            A ready-to-run :class:`model.trust_model.TrustModel`.

        Raises:
            ScenarioError: On an unknown plan, or if overrides break the scenario
                (e.g. fewer neighbourhoods than a hot spot needs).
            ValueError: On an unknown parameter or an invalid override value; the message
                names the parameter.
        """
        name = self.plan(plan).name
        params = self.params(name)
        for key, value in overrides.items():
            params[key] = _check_override(key, value)
        if overrides:
            issues = _plan_issues(self, name, params, "with the overrides")
            if issues:
                raise ScenarioError(self.path, issues)
        from model.trust_model import TrustModel

        graph = self.graph.copy() if self.graph is not None else None
        return TrustModel(rng=rng, interventions=self.interventions(name),
                          events=self.events(name), hotspots=self.hotspots, graph=graph,
                          **params)


def _check_override(name: str, value: Any) -> Any:
    if name not in PARAMS:
        raise ValueError(f"unknown parameter {name!r}{_suggest(name, PARAMS)}")
    return check_value(name, value)


# --------------------------------------------------------------------------------------
# Checks across fields (need resolved parameters or several sections)
# --------------------------------------------------------------------------------------


def _event_paths(scenario: Scenario, plan: str) -> list[tuple[str, iv.Event]]:
    local = [(f"events[{i}]", e) for i, e in enumerate(scenario.locality_events)]
    own = [(f"plans.{plan}.events[{i}]", e) for i, e in enumerate(scenario.plan(plan).events)]
    return local + own


def _label_issues(labels: Sequence[str], field: str, param: str, n: int,
                  note: str) -> list[Issue]:
    if not labels or len(labels) == n:
        return []
    unit = {"n_groups": "group", "n_neighbourhoods": "neighbourhood"}[param]
    return [Issue(field, f"label count does not match {param}{note}", f"{len(labels)} labels",
                  f"{n} labels, one per {unit} ({param} = {n})")]


def _neighbourhood_issue(path: str, value: int, n: int, note: str) -> Issue | None:
    if 0 <= value < n:
        return None
    return Issue(path, f"no such neighbourhood{note}", _show(value),
                 f"a neighbourhood index in [0, {n - 1}] (n_neighbourhoods = {n})")


def _structure_issues(scenario: Scenario, plan: str, params: Mapping[str, Any],
                      note: str = "") -> list[Issue]:
    """Checks that depend on the resolved population, group and neighbourhood counts."""
    note = f" ({note})" if note else ""
    n_nb = params["n_neighbourhoods"]
    issues = _label_issues(scenario.group_names, "groups", "n_groups", params["n_groups"], note)
    issues += _label_issues(scenario.neighbourhood_names, "neighbourhoods", "n_neighbourhoods",
                            n_nb, note)
    found = [_neighbourhood_issue(f"hotspots[{i}].neighbourhood", h.neighbourhood, n_nb, note)
             for i, h in enumerate(scenario.hotspots)]
    for path, event in _event_paths(scenario, plan):
        if isinstance(event, iv.FlashpointAppears):
            found.append(_neighbourhood_issue(f"{path}.hotspot.neighbourhood",
                                              event.hotspot.neighbourhood, n_nb, note))
        for j, nb in enumerate(getattr(event, "neighbourhoods", ())):
            found.append(_neighbourhood_issue(f"{path}.neighbourhoods[{j}]", nb, n_nb, note))
    issues += [i for i in found if i is not None]
    graph = scenario.graph
    if graph is not None and graph.number_of_nodes() != params["n_residents"]:
        issues.append(Issue("network.edge_list", f"network size does not match n_residents{note}",
                            f"{graph.number_of_nodes()} residents in the network",
                            f"n_residents = {params['n_residents']}"))
    return issues


def auto_flashpoint_names(n_flashpoints: int) -> list[str]:
    """Names the model gives the ``n_flashpoints`` flashpoints it creates itself.

    Args:
        n_flashpoints: The resolved ``n_flashpoints`` parameter.

    Returns:
        ``flashpoint_1``, ``flashpoint_2``, ... (see
        :func:`model.interventions.default_flashpoints`).
    """
    return [spot.name for spot in iv.default_flashpoints(n_flashpoints, 1)]


def _name_issues(scenario: Scenario, plan: str, params: Mapping[str, Any]) -> list[Issue]:
    """Hot-spot names: unique, and every name referred to exists."""
    issues: list[Issue] = []
    auto = auto_flashpoint_names(params["n_flashpoints"])
    known = dict.fromkeys(auto, "the flashpoints made by n_flashpoints")
    for i, h in enumerate(scenario.hotspots):
        if h.name in known:
            issues.append(Issue(f"hotspots[{i}].name", "duplicate hotspot name", _show(h.name),
                                f"a name not already used by {known[h.name]}"))
        known.setdefault(h.name, f"hotspots[{i}]")
    events = _event_paths(scenario, plan)
    names = set(known) | {e.hotspot.name for _, e in events if isinstance(e, iv.FlashpointAppears)}
    refs = [(f"{p}.name", e.name) for p, e in events if isinstance(e, iv.FlashpointRemoved)]
    refs += [(f"plans.{plan}.interventions[{i}].fix_target", d.fix_target)
             for i, d in enumerate(scenario.interventions(plan)) if d.fix_target is not None]
    for path, name in refs:
        if name not in names:
            expected = _one_of(sorted(names)) if names else "the name of a hotspot (none defined)"
            issues.append(Issue(path, "unknown hotspot" + _suggest(name, names), _show(name),
                                expected))
    return issues


def _dialogue_name_issues(scenario: Scenario, plan: str) -> list[Issue]:
    issues, seen = [], set()
    for i, d in enumerate(scenario.interventions(plan)):
        if d.name in seen:
            issues.append(Issue(f"plans.{plan}.interventions[{i}].name",
                                "duplicate dialogue name", _show(d.name),
                                "a name not used by another dialogue of the plan"))
        seen.add(d.name)
    return issues


def _cross_issues(scenario: Scenario) -> list[Issue]:
    """Every cross-field check, for every plan, without repeats."""
    issues: list[Issue] = []
    base = resolve(scenario.locality)
    for plan in scenario.plans:
        params = scenario.params(plan)
        changed = [k for k in _STRUCTURAL if params[k] != base[k]]
        note = f"with plan {plan}'s {', '.join(changed)}" if changed else ""
        issues += _plan_issues(scenario, plan, params, note)
    return list(dict.fromkeys(issues))


def _plan_issues(scenario: Scenario, plan: str, params: Mapping[str, Any],
                 note: str = "") -> list[Issue]:
    """Every check of one plan that depends on its resolved parameters."""
    return (_structure_issues(scenario, plan, params, note)
            + _name_issues(scenario, plan, params) + _dialogue_name_issues(scenario, plan))


# --------------------------------------------------------------------------------------
# Edge lists
# --------------------------------------------------------------------------------------


def _edge_list_path(scenario_path: Path, edge_list: str) -> Path:
    path = Path(edge_list).expanduser()
    return path if path.is_absolute() else scenario_path.parent / path


def _parse_edge(line: str, n: int) -> tuple[int, int] | Issue | None:
    """Parse one ``i j`` line into an edge, an Issue (path and problem unset) or None."""
    fields = line.split("#", 1)[0].split()
    if not fields:
        return None
    if len(fields) != 2:
        return Issue("", "wrong number of fields", repr(line.strip()), "two node ids 'i j'")
    bad = [f for f in fields if not re.fullmatch(r"[0-9]+", f)]
    if bad:
        return Issue("", "node id is not a whole number", repr(bad[0]),
                     f"an integer in [0, {n - 1}]")
    i, j = int(fields[0]), int(fields[1])
    if max(i, j) >= n:
        return Issue("", "node id out of range", str(max(i, j)),
                     f"an integer in [0, {n - 1}] (n_residents = {n})")
    if i == j:
        return Issue("", "self-loop", f"{i} {j}", "two different residents")
    return i, j


def _read_edge_list(scenario_path: Path, edge_list: str, n: int) -> tuple[nx.Graph | None,
                                                                          list[Issue]]:
    """Read an edge list into a graph with nodes 0..n-1, or return the issues found."""
    path = _edge_list_path(scenario_path, edge_list)
    field = "network.edge_list"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Issue(field, "file not found", _show(edge_list),
                            f"a file relative to {scenario_path.parent or '.'}")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Issue(field, f"cannot read the file: {exc}", _show(edge_list))]
    edges, issues = [], []
    for lineno, line in enumerate(text.splitlines(), 1):
        parsed = _parse_edge(line, n)
        if isinstance(parsed, Issue):
            issues.append(dataclasses.replace(
                parsed, path=field, problem=f"{path.name} line {lineno}: {parsed.problem}"))
            if len(issues) >= _MAX_EDGE_ISSUES:
                break
        elif parsed:
            edges.append(parsed)
    if issues:
        return None, issues
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    return graph, []


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------


def _build_plan(name: str, spec: PlanSpec | None) -> Plan:
    spec = spec or PlanSpec()
    return Plan(
        name=name,
        description=spec.description or "",
        parameters=MappingProxyType(spec.parameters.deltas() if spec.parameters else {}),
        interventions=tuple(d.build() for d in spec.interventions or ()),
        events=tuple(e.build() for e in spec.events or ()),
    )


def _build(spec: ScenarioSpec, path: Path, graph: nx.Graph | None) -> Scenario:
    return Scenario(
        path=path,
        title=spec.title.strip(),
        description=spec.description or "",
        horizon_days=spec.horizon_months * DAYS_PER_MONTH,
        group_names=tuple(spec.groups or ()),
        neighbourhood_names=tuple(spec.neighbourhoods or ()),
        locality=MappingProxyType(spec.locality.deltas() if spec.locality else {}),
        hotspots=tuple(h.build() for h in spec.hotspots or ()),
        locality_events=tuple(e.build() for e in spec.events or ()),
        plan_specs=MappingProxyType({n: _build_plan(n, p) for n, p in spec.plans.items()}),
        graph=graph,
    )


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario file.

    Args:
        path: The YAML file. Relative paths inside it (the edge list) are relative to
            the file's folder.

    Returns:
        The validated scenario.

    Raises:
        ScenarioError: If the file is missing, unreadable, not valid YAML or breaks the
            schema; ``str(error)`` has one ``FILE: FIELD.PATH: problem (got ...; expected
            ...)`` line per problem.
    """
    shown, file = os.fspath(path), Path(path)
    spec = _validate(_read_yaml(file, shown), shown)
    graph, issues = None, []
    if spec.network and spec.network.edge_list:
        n = resolve(spec.locality.deltas() if spec.locality else {})["n_residents"]
        graph, issues = _read_edge_list(file, spec.network.edge_list, n)
    scenario = _build(spec, file, graph)
    issues += _cross_issues(scenario)
    if issues:
        raise ScenarioError(shown, issues)
    return scenario


def scenario_dir() -> Path:
    """Return the repository's scenarios/ folder.

    Returns:
        The folder holding the bundled scenario files.
    """
    return Path(__file__).resolve().parent.parent / "scenarios"


def list_scenarios(directory: str | os.PathLike[str] | None = None) -> list[tuple[Path, str]]:
    """List the scenario files of a folder with their titles.

    Args:
        directory: Folder to scan; None means :func:`scenario_dir`.

    Returns:
        ``(path, title)`` for every ``*.yaml`` file, sorted by path. A file that fails to
        load is listed with ``"INVALID: "`` and its first problem instead of a title.
    """
    folder = Path(directory) if directory is not None else scenario_dir()
    listing = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            title = load_scenario(path).title
        except ScenarioError as exc:
            first = exc.issues[0].format(path.name).split(": ", 1)[1]
            more = f" (+{len(exc.issues) - 1} more)" if len(exc.issues) > 1 else ""
            title = f"INVALID: {first}{more}"
        listing.append((path, title))
    return listing
