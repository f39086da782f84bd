"""Plain-data descriptions of interventions, events and hot spots.

These frozen dataclasses are what a plan and a locality's event list are made of.
They hold no behaviour beyond validating themselves: the daily submodels that act on
them live in :mod:`model.core.dialogue` and :mod:`model.core.events` (docs/ODD.md, 7.0
and 7.8). Days count from 0, the first simulated day; a month is 30 days.

Every field has one rule (:data:`FIELD_RULES`): its type and range, said in words. A value
that breaks it raises :class:`~model.core.errors.InputError` naming the class, the field,
the value and what was expected, whatever its type (``inf``, ``nan``, ``"3"``,
``object()``): never a raw ``TypeError`` or ``OverflowError``. The scenario layer checks
each field of a file by the same rules (:func:`field_problem`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from numbers import Integral, Real
from typing import Any

from model.core.errors import InputError
from model.core.params import DAYS_PER_MONTH, INCIDENT_TYPES

MAX_DAY = 600 * DAYS_PER_MONTH
"""Latest day an event or dialogue may be dated (the longest horizon, 600 months)."""

MAX_PARTICIPANTS = 5_000_000
"""Most participants of one kind in a dialogue (the largest population)."""


class Selection(StrEnum):
    """How dialogue participants are chosen."""

    RANDOM = "random"
    """Uniformly at random."""
    CENTRAL = "central"
    """Residents with the most network contacts first."""
    QUOTA = "quota"
    """Equal numbers from each identity group, at random within the group."""


# ---- field rules -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """What one field accepts.

    Attributes:
        ok: Returns whether a value is acceptable (may assume nothing about its type).
        expected: What is accepted, in words (e.g. "a number in [0, 1]").
    """

    ok: Callable[[Any], bool]
    expected: str


def _real(v: Any) -> bool:
    return isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(v)


def _whole_number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, Integral):
        return True
    return _real(v) and float(v).is_integer()


def number(low: float, high: float, what: str = "a number") -> Rule:
    """A finite real number in [low, high]."""
    return Rule(lambda v: _real(v) and low <= v <= high, f"{what} in [{low:g}, {high:g}]")


def whole(low: int, high: int, what: str = "a whole number") -> Rule:
    """A whole number in [low, high] (3.0 counts as 3)."""
    return Rule(lambda v: _whole_number(v) and low <= v <= high, f"{what} in [{low:,}, {high:,}]")


DAY = whole(0, MAX_DAY, "a whole day")
SHARE = number(0.0, 1.0)
FLAG = Rule(lambda v: isinstance(v, bool), "true or false")
TEXT = Rule(lambda v: isinstance(v, str) and bool(v.strip()) and len(v) <= 200,
            "non-empty text of at most 200 characters")
NAME_OR_NONE = Rule(lambda v: v is None or TEXT.ok(v), "a name, or nothing")
INCIDENT_TYPE = Rule(lambda v: v in INCIDENT_TYPES if isinstance(v, str) else False,
                     "one of " + ", ".join(INCIDENT_TYPES))
INCIDENT_TYPE_LIST = Rule(
    lambda v: isinstance(v, tuple | list) and all(INCIDENT_TYPE.ok(t) for t in v),
    "a list of incident types among " + ", ".join(INCIDENT_TYPES))
NEIGHBOURHOOD = whole(0, 100_000, "a neighbourhood index")
NEIGHBOURHOOD_LIST = Rule(
    lambda v: isinstance(v, tuple | list) and len(v) <= 100_000
    and all(NEIGHBOURHOOD.ok(n) for n in v),
    "a list of neighbourhood indices >= 0 (empty: the whole locality)")
COUNT = whole(0, MAX_PARTICIPANTS)


def field_problem(cls: type, name: str, value: Any) -> str | None:
    """Check one field of one of these dataclasses by its rule.

    Args:
        cls: The dataclass (e.g. :class:`Dialogue`).
        name: The field.
        value: The proposed value.

    Returns:
        None if the value is acceptable, else what is expected, in words.
    """
    rule = FIELD_RULES[cls].get(name)
    if rule is None:
        return None
    try:
        return None if rule.ok(value) else rule.expected
    except (TypeError, ValueError, OverflowError):
        return rule.expected


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the real problem
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _invalid(obj: object, name: str, expected: str) -> InputError:
    return InputError(f"{type(obj).__name__}.{name} = {_short(getattr(obj, name))} "
                      f"is invalid: expected {expected}")


def _validate(obj: object) -> None:
    """Check every field of a dataclass instance by its rule, then the checks across fields.

    Raises:
        InputError: Naming the first invalid field, its value and what was expected.
    """
    cls = type(obj)
    for f in fields(obj):  # type: ignore[arg-type]
        expected = field_problem(cls, f.name, getattr(obj, f.name))
        if expected is not None:
            raise _invalid(obj, f.name, expected)
    for name, ok, expected in CROSS_RULES.get(cls, ()):
        if not ok(obj):
            raise _invalid(obj, name, expected)


def _as_tuple(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if isinstance(value, list | tuple):
        object.__setattr__(obj, name, tuple(value))


@dataclass(frozen=True)
class Dialogue:
    """A Justice and Security Dialogue (model brief, section 4).

    Attributes:
        name: Label used in outputs.
        start_day: Day of the first session.
        length_months: Months during which sessions are held.
        sessions_per_month: Sessions held per month.
        n_residents: Resident participants (besides community leaders).
        n_leaders: Community leaders: the best-connected residents, always chosen by
            centrality whatever ``selection`` says.
        n_officers: Police officer participants.
        n_informal_members: Informal security group participants.
        selection: How resident participants are chosen.
        facilitation_quality: 0..1; contact is positive above 0.5 and harmful below.
        contact: Whether sessions move participants' trust (intergroup contact).
        knowledge_sharing: Whether participants get a channel to police (liaison, phone
            line) that raises reporting and police-group relay.
        joint_problem_solving: Whether the dialogue fixes a hot spot once enough sessions
            have been held.
        sessions_for_joint_fix: Sessions needed before the joint fix.
        fix_target: Name of the hot spot to fix; None fixes the most active one.
        outreach_share_per_month: Share of non-participants reached by outreach each month
            while sessions run.
        policy_forum: Whether forums move institutional police conduct toward
            ``conduct_target`` while sessions run (this survives officer rotation).
        conduct_target: Conduct level the forums aim at.
        mentoring: Whether participants are mentored after the sessions end, which
            consolidates part of their gains so that less drifts back.
    """

    name: str = "dialogue"
    start_day: int = 0
    length_months: float = 12.0
    sessions_per_month: float = 2.0
    n_residents: int = 40
    n_leaders: int = 10
    n_officers: int = 10
    n_informal_members: int = 8
    selection: Selection = Selection.RANDOM
    facilitation_quality: float = 0.8
    contact: bool = True
    knowledge_sharing: bool = True
    joint_problem_solving: bool = True
    sessions_for_joint_fix: int = 12
    fix_target: str | None = None
    outreach_share_per_month: float = 0.05
    policy_forum: bool = True
    conduct_target: float = 0.95
    mentoring: bool = True

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "selection", Selection(self.selection))
        except (ValueError, TypeError):
            raise _invalid(self, "selection", "one of "
                           + ", ".join(repr(s.value) for s in Selection)) from None
        _validate(self)

    @property
    def end_day(self) -> int:
        """First day after the last session."""
        return int(self.start_day) + round(self.length_months * DAYS_PER_MONTH)


@dataclass(frozen=True)
class Hotspot:
    """A flashpoint or hot spot: extra incidents of one type in one neighbourhood.

    Attributes:
        name: Unique label (e.g. "stadium_entrance").
        neighbourhood: Index of the neighbourhood where it sits.
        incident_type: The incident type it produces.
        rate_per_1000_per_month: Extra incidents per 1000 residents of that neighbourhood
            per month; None uses the model's ``flashpoint_rate_per_1000_per_month``.
    """

    name: str
    neighbourhood: int = 0
    incident_type: str = "clash"
    rate_per_1000_per_month: float | None = None

    def __post_init__(self) -> None:
        _validate(self)


def default_flashpoints(n_flashpoints: int, n_neighbourhoods: int) -> list[Hotspot]:
    """The clash flashpoints a model creates from its ``n_flashpoints`` parameter.

    Args:
        n_flashpoints: Number of flashpoints.
        n_neighbourhoods: Number of neighbourhoods (flashpoint i sits in i modulo it).

    Returns:
        Hot spots named ``flashpoint_1``, ``flashpoint_2``, ...
    """
    return [Hotspot(f"flashpoint_{i + 1}", i % n_neighbourhoods)
            for i in range(n_flashpoints)]


@dataclass(frozen=True)
class CrimeWave:
    """Incident rates of some types multiplied during a window of days.

    Attributes:
        start_day: First day of the wave.
        end_day: First day after the wave.
        multiplier: Factor on the base rates.
        incident_types: Types affected; empty means all.
        name: Label a plan can refer to (to remove or change the event), or None.
    """

    start_day: int
    end_day: int
    multiplier: float = 2.0
    incident_types: tuple[str, ...] = ()
    name: str | None = None

    def __post_init__(self) -> None:
        _as_tuple(self, "incident_types")
        _validate(self)


@dataclass(frozen=True)
class Scandal:
    """A misconduct scandal: a viral unfair encounter seen by a share of residents.

    Each resident who sees it loses ``trust_drop`` of their trust in police, and their
    settled view of police drops as much (a lasting mark); officers' conduct is not
    changed.

    Conversion from the former scale (``severity``: n unfair encounters, each lowering
    trust by ``negativity_weight`` x ``encounter_trust_step`` = k x s of its value):
    ``trust_drop = 1 - (1 - k*s)**n``. At the defaults (k = 4, s = 0.1) one encounter is
    a drop of 0.4, two are 0.64 (docs/ODD.md, 7.0).

    Attributes:
        day: Day it breaks.
        reach_share: Share of residents who see or hear of it.
        trust_drop: Share of their trust in police that those residents lose.
        name: Label a plan can refer to (to remove or change the event), or None.
    """

    day: int
    reach_share: float = 0.8
    trust_drop: float = 0.4
    name: str | None = None

    def __post_init__(self) -> None:
        _validate(self)


@dataclass(frozen=True)
class PoliceWithdrawal:
    """Police leave (e.g. a station burned down): no posted officers, no access.

    Attributes:
        day: Day the police withdraw.
        neighbourhoods: Neighbourhoods affected; empty means the whole locality.
        name: Label a plan can refer to (to remove or change the event), or None.
    """

    day: int
    neighbourhoods: tuple[int, ...] = ()
    name: str | None = None

    def __post_init__(self) -> None:
        _as_tuple(self, "neighbourhoods")
        _validate(self)


@dataclass(frozen=True)
class PoliceReturn:
    """Police return, on a day or once residents' trust reaches a threshold.

    With a threshold, the return happens on the first day on or after ``day`` when the
    residents' mean trust in police is at least ``trust_threshold`` (Jos: the community
    donated land for a new station once relations had mended).

    Attributes:
        day: Earliest day of the return.
        trust_threshold: Mean resident trust in police required, or None for none.
        neighbourhoods: Neighbourhoods affected; empty means the whole locality.
        name: Label a plan can refer to (to remove or change the event), or None.
    """

    day: int
    trust_threshold: float | None = None
    neighbourhoods: tuple[int, ...] = ()
    name: str | None = None

    def __post_init__(self) -> None:
        _as_tuple(self, "neighbourhoods")
        _validate(self)


@dataclass(frozen=True)
class FlashpointAppears:
    """A hot spot becomes active.

    Attributes:
        day: Day it appears.
        hotspot: The hot spot.
        name: Label a plan can refer to (to remove or change the event), or None.
    """

    day: int
    hotspot: Hotspot = field(default_factory=lambda: Hotspot("flashpoint"))
    name: str | None = None

    def __post_init__(self) -> None:
        _validate(self)


@dataclass(frozen=True)
class FlashpointRemoved:
    """A named hot spot stops producing incidents (fixed from outside the dialogue).

    Attributes:
        day: Day it is removed.
        hotspot: The hot spot's name.
        name: Label a plan can refer to (to remove or change the event), or None.
    """

    day: int
    hotspot: str
    name: str | None = None

    def __post_init__(self) -> None:
        _validate(self)


@dataclass(frozen=True)
class JointAction:
    """Police and the informal group act together (a joint patrol or operation).

    In each of its neighbourhoods where police are present (not withdrawn) and the group
    has members, one member (drawn at random) acts with police: the trust effects are those of
    a relayed incident (docs/ODD.md, 7.4 Response), and it counts as a joint action.
    Not (yet) a scenario-file event type: it is injected live (``TrustModel.inject``).

    Attributes:
        day: Day of the action.
        neighbourhoods: Neighbourhoods where it happens; empty means every neighbourhood.
        name: Label, or None.
    """

    day: int
    neighbourhoods: tuple[int, ...] = ()
    name: str | None = None

    def __post_init__(self) -> None:
        _as_tuple(self, "neighbourhoods")
        _validate(self)


Event = (CrimeWave | Scandal | PoliceWithdrawal | PoliceReturn | FlashpointAppears
         | FlashpointRemoved | JointAction)
"""Any scheduled event."""

EVENT_TYPES: dict[str, type] = {
    "crime_wave": CrimeWave,
    "scandal": Scandal,
    "police_withdrawal": PoliceWithdrawal,
    "police_return": PoliceReturn,
    "flashpoint_appears": FlashpointAppears,
    "flashpoint_removed": FlashpointRemoved,
}
"""Event classes by the name scenario files use for them (JointAction is live-only)."""


FIELD_RULES: dict[type, dict[str, Rule]] = {
    Dialogue: {
        "name": TEXT, "start_day": DAY, "length_months": number(0, 240, "months"),
        "sessions_per_month": number(0, 30, "sessions"), "n_residents": COUNT,
        "n_leaders": COUNT, "n_officers": COUNT, "n_informal_members": COUNT,
        "selection": Rule(lambda v: isinstance(v, Selection), "one of "
                          + ", ".join(repr(s.value) for s in Selection)),
        "facilitation_quality": SHARE, "contact": FLAG, "knowledge_sharing": FLAG,
        "joint_problem_solving": FLAG, "sessions_for_joint_fix": whole(0, 10_000),
        "fix_target": NAME_OR_NONE, "outreach_share_per_month": SHARE, "policy_forum": FLAG,
        "conduct_target": SHARE, "mentoring": FLAG,
    },
    Hotspot: {
        "name": TEXT, "neighbourhood": NEIGHBOURHOOD, "incident_type": INCIDENT_TYPE,
        "rate_per_1000_per_month": Rule(lambda v: v is None or (_real(v) and 0 <= v <= 1000),
                                        "a rate in [0, 1000], or nothing for the default"),
    },
    CrimeWave: {
        "start_day": DAY, "end_day": DAY, "multiplier": number(0, 100, "a factor"),
        "incident_types": INCIDENT_TYPE_LIST, "name": NAME_OR_NONE,
    },
    Scandal: {"day": DAY, "reach_share": SHARE, "trust_drop": SHARE, "name": NAME_OR_NONE},
    PoliceWithdrawal: {"day": DAY, "neighbourhoods": NEIGHBOURHOOD_LIST, "name": NAME_OR_NONE},
    PoliceReturn: {
        "day": DAY, "neighbourhoods": NEIGHBOURHOOD_LIST, "name": NAME_OR_NONE,
        "trust_threshold": Rule(lambda v: v is None or (_real(v) and 0 <= v <= 1),
                                "a number in [0, 1], or nothing"),
    },
    FlashpointAppears: {"day": DAY, "hotspot": Rule(lambda v: isinstance(v, Hotspot),
                                                    "a Hotspot"), "name": NAME_OR_NONE},
    FlashpointRemoved: {"day": DAY, "hotspot": TEXT, "name": NAME_OR_NONE},
    JointAction: {"day": DAY, "neighbourhoods": NEIGHBOURHOOD_LIST, "name": NAME_OR_NONE},
}
"""The rule of every field of every dataclass of this module."""

CROSS_RULES: dict[type, tuple[tuple[str, Callable[[Any], bool], str], ...]] = {
    CrimeWave: (("end_day", lambda w: w.end_day > w.start_day, "a day after start_day"),),
}
"""Checks across fields: (field reported, check on the instance, what is expected)."""

DAY_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(name for name, rule in rules.items() if rule is DAY)
    for cls, rules in FIELD_RULES.items()
}
"""The fields of each class that are days (dates counted from day 0)."""


def field_names(cls: type) -> tuple[str, ...]:
    """Return the field names of one of these dataclasses.

    Args:
        cls: A dataclass from this module.

    Returns:
        Its field names in declaration order.
    """
    return tuple(f.name for f in fields(cls))
