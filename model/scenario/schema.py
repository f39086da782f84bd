"""The scenario file's schema (pydantic), derived from the core's own definitions.

The parameter deltas have one optional field per entry of :data:`model.core.params.PARAMS`;
dialogues, events and hot spots are derived from the frozen dataclasses of
:mod:`model.core.interventions`, each field checked by the same rule as the dataclass
(:data:`model.core.interventions.FIELD_RULES`). Unknown keys and non-finite numbers are
errors. Dates may be written in days, as month numbers or as durations
(:mod:`model.scenario.timing`); neighbourhoods by index or by name (resolved by the
loader).
"""

from __future__ import annotations

import dataclasses
import re
from enum import Enum
from functools import partial
from types import SimpleNamespace, UnionType
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from model.core import interventions as iv
from model.core.params import DAYS_PER_MONTH, INCIDENT_TYPES, PARAMS, Param, check_value
from model.scenario.errors import show
from model.scenario.timing import (
    DURATION_EXAMPLE,
    MONTH_FIELDS,
    duration_days,
    month_to_day,
)

MAX_HORIZON_MONTHS = 600
PLAN_NAME = re.compile(r"[a-z0-9_]+")




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


# ---- dates, durations, neighbourhoods ----------------------------------------------------


def _to_day(value: int | str) -> int:
    """A day written as a number of days, or as a duration since the start."""
    if isinstance(value, int):
        return value
    days = duration_days(value)
    if days is None:
        raise _custom("invalid date", f"a whole day >= 0, or the time since the start, "
                      f"{DURATION_EXAMPLE}")
    if not float(days).is_integer():
        raise _custom("not a whole number of days", f"a duration of whole days, "
                      f"{DURATION_EXAMPLE}", got=f"{show(value)} = {days:g} days")
    return int(days)


def _to_months(value: float | int | str) -> float:
    """A length in months, or written with its unit (``"90 days"`` is 3 months)."""
    if not isinstance(value, str):
        return value
    days = duration_days(value)
    if days is None:
        raise _custom("invalid duration", f"a number of months, {DURATION_EXAMPLE}")
    return days / DAYS_PER_MONTH


def _to_whole_months(value: int | str) -> int:
    months = _to_months(value)
    if not float(months).is_integer():
        raise _custom("not a whole number of months", "whole months, e.g. 36 or '36 months'",
                      got=f"{show(value)} = {months:g} months")
    return int(months)


DayText = Annotated[StrictStr, Field(max_length=40)]
DayValue = Annotated[Union[StrictInt, DayText], AfterValidator(_to_day)]  # noqa: UP007
MonthNumber = Annotated[StrictInt, AfterValidator(
    partial(_in_range, 1, MAX_HORIZON_MONTHS, "a month number (1 = the first month)"))]
NeighbourhoodRef = Union[StrictInt, Text]  # noqa: UP007 - an index or a name
"""A neighbourhood, by index or by its name in ``neighbourhoods:``."""

NAMED_FIELDS = frozenset({"neighbourhood", "neighbourhoods"})
"""Dataclass fields whose neighbourhoods may be given by name."""


# ---- interventions, events, hot spots: derived from the frozen dataclasses -----------


class _DataclassSpec(_Spec):
    """Schema of one dataclass of model.core.interventions.

    Each field is checked by its rule in :data:`model.core.interventions.FIELD_RULES`
    (so a file gets every bad field of an item reported at once); checks across fields
    run once every field is valid. Day fields may be given as a month number instead
    (``start_month`` for ``start_day``, see :mod:`model.scenario.timing`).
    """

    target: ClassVar[type] = object
    day_fields: ClassVar[tuple[str, ...]] = ()
    required_days: ClassVar[frozenset[str]] = frozenset()

    def days(self) -> dict[str, int]:
        """The day fields given, directly or as months, in days."""
        out = {}
        for day_field in self.day_fields:
            month_field = MONTH_FIELDS[day_field]
            if getattr(self, day_field) is not None:
                out[day_field] = getattr(self, day_field)
            elif getattr(self, month_field) is not None:
                out[day_field] = month_to_day(day_field, getattr(self, month_field))
        return out

    def fields_given(self) -> dict[str, Any]:
        """The dataclass's fields given in the file (days converted), nested specs as is."""
        skip = {"type", *(MONTH_FIELDS[d] for d in self.day_fields), *self.day_fields}
        given = {name: getattr(self, name) for name in self.model_fields_set - skip}
        return {**given, **self.days()}

    @model_validator(mode="after")
    def _check_across_fields(self) -> _DataclassSpec:
        for day_field in self.day_fields:
            month_field = MONTH_FIELDS[day_field]
            both = getattr(self, day_field) is not None and getattr(self, month_field) is not None
            if both:
                raise _custom("give the date once", f"either {day_field} or {month_field}, "
                              "not both", field=month_field,
                              got=show(getattr(self, month_field)))
            if day_field in self.required_days and day_field not in self.days():
                raise _custom("missing required field", f"{day_field} (a day from 0, or the "
                              f"time since the start, e.g. '3 months') or {month_field} "
                              "(a month number, 1 = the first month)", field=day_field)
        values = {**{f.name: f.default for f in dataclasses.fields(self.target)
                     if f.default is not dataclasses.MISSING}, **self.fields_given()}
        for name, ok, expected in iv.CROSS_RULES.get(self.target, ()):
            try:
                good = ok(SimpleNamespace(**values))
            except (TypeError, AttributeError):
                continue
            if not good:
                raise _custom("value out of range", expected, field=name,
                              got=show(values.get(name)))
        return self


def _check_rule(cls: type, name: str, value: Any) -> Any:
    expected = iv.field_problem(cls, name, value)
    if expected is not None:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        raise _custom("value out of range" if number else "invalid value", expected)
    return value


def _check_neighbourhood(value: Any) -> Any:
    if isinstance(value, int) and not iv.NEIGHBOURHOOD.ok(value):
        raise _custom("value out of range", iv.NEIGHBOURHOOD.expected + ", or a name")
    return value


_SCALARS: dict[Any, Any] = {int: StrictInt, float: StrictFloat, bool: StrictBool, str: StrictStr}
_ELEMENT_TYPES: dict[str, Any] = {"incident_type": IncidentType, "incident_types": IncidentType}


def _field_type(cls: type, name: str, hint: Any) -> Any:
    """Map a dataclass field's type hint to a strict schema type checked by its rule."""
    if name in NAMED_FIELDS:
        ref = Annotated[NeighbourhoodRef, AfterValidator(_check_neighbourhood)]
        return list[ref] if get_origin(hint) is tuple else ref
    if name in iv.DAY_FIELDS.get(cls, ()):
        return Annotated[DayValue, AfterValidator(partial(_check_rule, cls, name))]
    if name == "length_months":
        months = Annotated[Union[StrictInt, StrictFloat, DayText],  # noqa: UP007
                           AfterValidator(_to_months)]
        return Annotated[months, AfterValidator(partial(_check_rule, cls, name))]
    return _plain_type(cls, name, hint)


def _plain_type(cls: type, name: str, hint: Any) -> Any:
    checked = partial(_check_rule, cls, name)
    if name in _ELEMENT_TYPES:
        element = _ELEMENT_TYPES[name]
        return list[element] if get_origin(hint) is tuple else element
    origin = get_origin(hint)
    if origin in (Union, UnionType):
        members = [_plain_type(cls, name, a) for a in get_args(hint) if a is not type(None)]
        return Annotated[Union[tuple(members)] | None,  # noqa: UP007 - built at run time
                         AfterValidator(checked)]
    if origin is tuple:
        return list[_plain_type(cls, name, get_args(hint)[0])]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return Literal[tuple(m.value for m in hint)]  # type: ignore[valid-type]
    if dataclasses.is_dataclass(hint):
        return _dataclass_spec(hint)
    return Annotated[_SCALARS[hint], AfterValidator(checked)]


def _dataclass_spec(cls: type, tag: str | None = None) -> type[_DataclassSpec]:
    """Build the schema model of a dataclass; ``tag`` adds a required ``type`` field."""
    hints = _type_hints(cls)
    fields: dict[str, Any] = {}
    if tag is not None:
        fields["type"] = (Literal[tag], ...)  # type: ignore[valid-type]
    days = iv.DAY_FIELDS.get(cls, ())
    required = set()
    for f in dataclasses.fields(cls):
        needed = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if f.name in days:
            required |= {f.name} if needed else set()
            fields[f.name] = (_field_type(cls, f.name, hints[f.name]) | None, None)
            fields[MONTH_FIELDS[f.name]] = (MonthNumber | None, None)
            continue
        fields[f.name] = (_field_type(cls, f.name, hints[f.name]), ... if needed else None)
    spec = create_model(f"{cls.__name__}Spec", __base__=_DataclassSpec, **fields)
    spec.target, spec.day_fields, spec.required_days = cls, days, frozenset(required)
    return spec


def _type_hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, vars(iv))


HotspotSpec = _dataclass_spec(iv.Hotspot)
DialogueSpec = _dataclass_spec(iv.Dialogue, "dialogue")
EVENT_SPECS: dict[str, type[_DataclassSpec]] = {
    tag: _dataclass_spec(cls, tag) for tag, cls in iv.EVENT_TYPES.items()
}
TAGS = frozenset(EVENT_SPECS) | {"dialogue"}
EventSpec = Annotated[Union[tuple(EVENT_SPECS.values())], Field(discriminator="type")]  # noqa: UP007


# ---- the file ---------------------------------------------------------------------------


class NetworkSpec(_Spec):
    """The ``network:`` section."""

    edge_list: Text | None = Field(
        None, description="a path to an edge-list file in the scenario's folder")


EventChanges = dict[Text, Annotated[dict[Text, Any], Field(min_length=1)]]


class PlanSpec(_Spec):
    """One entry of ``plans:``."""

    description: StrictStr | None = None
    parameters: ParamSpec | None = None  # type: ignore[valid-type]
    interventions: list[DialogueSpec] | None = None  # type: ignore[valid-type]
    events: list[EventSpec] | None = None
    remove_events: list[Text] | None = Field(
        None, description="names of locality events this plan does without")
    change_events: EventChanges | None = Field(
        None, description="a mapping of locality event names to the fields this plan "
        "changes, e.g. {big_wave: {multiplier: 1.5}}")


HorizonMonths = Annotated[
    Union[StrictInt, DayText],  # noqa: UP007
    AfterValidator(_to_whole_months),
    AfterValidator(partial(_in_range, 1, MAX_HORIZON_MONTHS, "months")),
]


class ScenarioSpec(_Spec):
    """The whole scenario file."""

    title: Text = Field(description="a one-line title, e.g. 'Saaba, Burkina Faso: ...'")
    description: StrictStr | None = None
    horizon_months: HorizonMonths = Field(
        description=f"whole months in [1, {MAX_HORIZON_MONTHS}], e.g. 36 or '36 months'")
    groups: list[Text] | None = None
    neighbourhoods: list[Text] | None = None
    locality: ParamSpec | None = None  # type: ignore[valid-type]
    police_posts: list[NeighbourhoodRef] | None = Field(
        None, description="the neighbourhoods with a police post, by name or index")
    group_homes: dict[Union[StrictInt, Text], list[NeighbourhoodRef]] | None = Field(  # noqa: UP007
        None, description="for each group (by name or index), its home neighbourhoods")
    network: NetworkSpec | None = None
    hotspots: list[HotspotSpec] | None = None  # type: ignore[valid-type]
    events: list[EventSpec] | None = None
    plans: Annotated[dict[PlanName, PlanSpec | None], Field(min_length=1)] = Field(
        description="a mapping of plan names to plans, at least one (e.g. no_dialogue: {})")
    shared: Any = Field(None, description="free space for YAML anchors; ignored")
