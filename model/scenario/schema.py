"""The scenario file's schema (pydantic), derived from the core's own definitions.

The parameter deltas have one optional field per entry of :data:`model.core.params.PARAMS`;
dialogues, events and hot spots are derived from the frozen dataclasses of
:mod:`model.core.interventions` and checked by building them. Unknown keys and
non-finite numbers are errors.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from enum import Enum
from functools import partial
from types import UnionType
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
from model.core.params import INCIDENT_TYPES, PARAMS, Param, check_value
from model.scenario.errors import show

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
    return _custom(problem, expected, field=name, got=show(value))


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
TAGS = frozenset(EVENT_SPECS) | {"dialogue"}
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

