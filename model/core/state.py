"""Locality-level state shared by the submodels: neighbourhoods, smoothed rates, counters.

Per-agent state lives in :mod:`model.population`; this module holds the small arrays
(one entry per neighbourhood or incident type) and the day's event counters.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from model.core.params import INCIDENT_TYPES

COUNTERS: tuple[str, ...] = (
    "incidents",
    *(f"incidents_{t}" for t in INCIDENT_TYPES),
    "reported_police",
    "heard_informal",
    "cooperation",
    "reports_police",
    "reporters",
    "handled",
    "ignored",
    "cleared",
    "joint_actions",
    "informal_actions",
    "abuses",
    "attacks_on_police",
    "encounters",
    "unfair_encounters",
    "rotations",
    "sessions",
    "joint_fixes",
)
"""Names of the counters reset every day. ``reported_police`` counts incidents the police
hear of directly; ``cooperation`` incidents whose information reaches police directly or
relayed; ``reports_police`` individual reports (a victim and witnesses may each report)."""


def new_counters() -> dict[str, int]:
    """Return a zeroed set of daily counters."""
    return dict.fromkeys(COUNTERS, 0)


@dataclass
class Neighbourhoods:
    """Neighbourhood-level state (one entry per neighbourhood).

    Attributes:
        start: Offsets of each neighbourhood's residents (length n_neighbourhoods + 1).
        has_post: Whether a police post stands there.
        police_present: False while police are withdrawn.
        near_repeat: Decayed recent incidents per 1000 residents, per type (hoods x types).
        insecurity: Decayed recent uncleared incidents per 1000 residents.
        insecurity_usual: The insecurity level residents are used to (slow average).
        trust_mean: Residents' mean trust (hoods x 3), updated at the end of each day.
        civic_share: Share of residents civically active, updated at the end of each day.
    """

    start: np.ndarray
    has_post: np.ndarray
    police_present: np.ndarray
    near_repeat: np.ndarray
    insecurity: np.ndarray
    insecurity_usual: np.ndarray
    trust_mean: np.ndarray
    civic_share: np.ndarray

    @functools.cached_property
    def pop(self) -> np.ndarray:
        """Residents per neighbourhood (computed once, read-only: residents never move)."""
        pop = np.diff(self.start)
        pop.flags.writeable = False
        return pop

    def __len__(self) -> int:
        return len(self.has_post)


@dataclass
class Smoothed:
    """Exponentially smoothed locality-wide rates (numerator and denominator sums).

    Attributes:
        sanctioned: Smoothed clearances plus weighted informal punishments of incidents the
            police did not clear, per day (so the sanction rate stays in [0, 1]).
        incidents: Smoothed incidents per day.
        cooperation: Smoothed incidents whose information reached police per day.
    """

    sanctioned: float
    incidents: float
    cooperation: float

    @property
    def clearance(self) -> float:
        """Smoothed share of incidents sanctioned (what offenders are deterred by)."""
        return self.sanctioned / self.incidents if self.incidents > 0 else 0.0

    @property
    def cooperation_rate(self) -> float:
        """Smoothed share of incidents whose information reached police."""
        return self.cooperation / self.incidents if self.incidents > 0 else 0.0


@dataclass
class Locality:
    """Locality-level state that several submodels share (docs/ODD.md, 2 Entities).

    Attributes:
        institution_conduct: The police institution's conduct level: newcomers after
            rotation draw their conduct around it, and policy forums raise it (7.8, 7.9).
        liaison: Strength today of the dialogues' knowledge-sharing channels (7.8; 0
            before any dialogue).
        reporting_propensity: Residents' mean probability of telling police as a victim,
            as of the last month's end (7.10).
        rate_multiplier: Today's crime-wave multiplier per incident type (7.0).
        cell_trust_sum: Residents' trust summed per (neighbourhood, group) cell at the end
            of the day, shape (cells x 3) (7.10).
    """

    institution_conduct: float
    liaison: float = 0.0
    reporting_propensity: float = float("nan")
    rate_multiplier: np.ndarray = field(default_factory=lambda: np.ones(len(INCIDENT_TYPES)))
    cell_trust_sum: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))


@dataclass
class Hotspots:
    """Active hot spots (flashpoints) by name.

    Attributes:
        active: Mapping name -> Hotspot of those producing incidents now.
        fixed: Names removed by a dialogue's joint fix, with the day.
    """

    active: dict = field(default_factory=dict)
    fixed: dict = field(default_factory=dict)
