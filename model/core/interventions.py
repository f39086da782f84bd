"""Plain-data descriptions of interventions, events and hot spots.

These frozen dataclasses are what a plan and a locality's event list are made of.
They hold no behaviour beyond validating themselves: the daily submodels that act on
them live in :mod:`model.dialogue` and :mod:`model.events` (docs/ODD.md, 7.0 and 7.8).
Days count from 0, the first simulated day; a month is 30 days.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum

from model.core.errors import InputError
from model.core.params import INCIDENT_TYPES


class Selection(StrEnum):
    """How dialogue participants are chosen."""

    RANDOM = "random"
    """Uniformly at random."""
    CENTRAL = "central"
    """Residents with the most network contacts first."""
    QUOTA = "quota"
    """Equal numbers from each identity group, at random within the group."""


def _check(obj: object, name: str, ok: bool, expected: str) -> None:
    if not ok:
        value = getattr(obj, name)
        raise InputError(
            f"{type(obj).__name__}.{name} = {value!r} is invalid: expected {expected}"
        )


def _check_prob(obj: object, *names: str) -> None:
    for name in names:
        v = getattr(obj, name)
        _check(obj, name, 0.0 <= v <= 1.0, "a number in [0, 1]")


def _check_day(obj: object, *names: str) -> None:
    for name in names:
        v = getattr(obj, name)
        _check(obj, name, v is None or (int(v) == v and v >= 0), "a whole day >= 0")


def _check_types(obj: object, name: str) -> None:
    bad = [t for t in getattr(obj, name) if t not in INCIDENT_TYPES]
    _check(obj, name, not bad, "incident types among " + ", ".join(INCIDENT_TYPES))


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
        object.__setattr__(self, "selection", Selection(self.selection))
        _check_day(self, "start_day")
        _check(self, "length_months", 0 <= self.length_months <= 240, "months in [0, 240]")
        _check(self, "sessions_per_month", 0 <= self.sessions_per_month <= 30,
               "sessions in [0, 30]")
        for name in ("n_residents", "n_leaders", "n_officers", "n_informal_members",
                     "sessions_for_joint_fix"):
            _check(self, name, int(getattr(self, name)) == getattr(self, name) >= 0,
                   "a whole number >= 0")
        _check_prob(self, "facilitation_quality", "outreach_share_per_month",
                    "conduct_target")

    @property
    def end_day(self) -> int:
        """First day after the last session."""
        return self.start_day + round(self.length_months * 30)


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
        _check(self, "neighbourhood", int(self.neighbourhood) == self.neighbourhood >= 0,
               "a neighbourhood index >= 0")
        _check(self, "incident_type", self.incident_type in INCIDENT_TYPES,
               "one of " + ", ".join(INCIDENT_TYPES))
        r = self.rate_per_1000_per_month
        _check(self, "rate_per_1000_per_month", r is None or 0 <= r <= 1000,
               "a rate in [0, 1000]")


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
    """

    start_day: int
    end_day: int
    multiplier: float = 2.0
    incident_types: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "incident_types", tuple(self.incident_types))
        _check_day(self, "start_day", "end_day")
        _check(self, "end_day", self.end_day > self.start_day, "a day after start_day")
        _check(self, "multiplier", 0 <= self.multiplier <= 100, "a factor in [0, 100]")
        _check_types(self, "incident_types")


@dataclass(frozen=True)
class Scandal:
    """A misconduct scandal: a viral unfair encounter seen by a share of residents.

    Each resident who sees it takes the trust loss of ``severity`` successive unfair
    encounters (each scaled by the negativity weight); officers' conduct is not changed.

    Attributes:
        day: Day it breaks.
        reach_share: Share of residents who see it.
        severity: Number of unfair encounters it is worth (compounding).
    """

    day: int
    reach_share: float = 0.8
    severity: float = 1.0

    def __post_init__(self) -> None:
        _check_day(self, "day")
        _check_prob(self, "reach_share")
        _check(self, "severity", 0 <= self.severity <= 100, "a multiple in [0, 100]")


@dataclass(frozen=True)
class PoliceWithdrawal:
    """Police leave (e.g. a station burned down): no posted officers, no access.

    Attributes:
        day: Day the police withdraw.
        neighbourhoods: Neighbourhoods affected; empty means the whole locality.
    """

    day: int
    neighbourhoods: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "neighbourhoods", tuple(self.neighbourhoods))
        _check_day(self, "day")


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
    """

    day: int
    trust_threshold: float | None = None
    neighbourhoods: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "neighbourhoods", tuple(self.neighbourhoods))
        _check_day(self, "day")
        t = self.trust_threshold
        _check(self, "trust_threshold", t is None or 0 <= t <= 1, "a number in [0, 1]")


@dataclass(frozen=True)
class FlashpointAppears:
    """A hot spot becomes active.

    Attributes:
        day: Day it appears.
        hotspot: The hot spot.
    """

    day: int
    hotspot: Hotspot = field(default_factory=lambda: Hotspot("flashpoint"))

    def __post_init__(self) -> None:
        _check_day(self, "day")


@dataclass(frozen=True)
class FlashpointRemoved:
    """A named hot spot stops producing incidents (fixed from outside the dialogue).

    Attributes:
        day: Day it is removed.
        name: The hot spot's name.
    """

    day: int
    name: str

    def __post_init__(self) -> None:
        _check_day(self, "day")


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
    """

    day: int
    neighbourhoods: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "neighbourhoods", tuple(self.neighbourhoods))
        _check_day(self, "day")


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


def field_names(cls: type) -> tuple[str, ...]:
    """Return the field names of one of these dataclasses.

    Args:
        cls: A dataclass from this module.

    Returns:
        Its field names in declaration order.
    """
    return tuple(f.name for f in fields(cls))
