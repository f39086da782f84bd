"""Incidents: how many arise, of which type, where, and who the victims are.

docs/ODD.md, 7.2 Incidents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from model.core.params import DAYS_PER_MONTH, INCIDENT_TYPES
from model.core.population import Trust

if TYPE_CHECKING:
    from model.core.trust_model import TrustModel

CLASH = INCIDENT_TYPES.index("clash")


@dataclass
class Incidents:
    """The day's incidents, one entry each.

    Attributes:
        hood: Neighbourhood where it happened.
        kind: Index into INCIDENT_TYPES.
        victim: Resident harmed.
    """

    hood: np.ndarray
    kind: np.ndarray
    victim: np.ndarray

    def __len__(self) -> int:
        return len(self.victim)


def base_rates_per_day(model: TrustModel) -> np.ndarray:
    """Expected incidents per resident per day, by neighbourhood and type, before factors.

    Base rates per type everywhere, plus each active hot spot's rate in its neighbourhood.

    Args:
        model: The model.

    Returns:
        Array (neighbourhoods x types).
    """
    p = model.params
    per_type = np.array([getattr(p, f"rate_{t}_per_1000_per_month") for t in INCIDENT_TYPES])
    rates = np.tile(per_type, (len(model.hoods), 1))
    for spot in model.hotspots.active.values():
        if spot.neighbourhood < len(model.hoods):
            extra = spot.rate_per_1000_per_month
            if extra is None:
                extra = p.flashpoint_rate_per_1000_per_month
            rates[spot.neighbourhood, INCIDENT_TYPES.index(spot.incident_type)] += extra
    return rates / 1000.0 / DAYS_PER_MONTH


def expected_incidents(model: TrustModel) -> np.ndarray:
    """Expected incidents today by neighbourhood and type (model brief, section 3.2).

    The base rate (scaled by any crime wave) is suppressed by deterrence (a saturating
    function of the smoothed sanction rate), guardianship (civically active share) and
    police presence (posted officers per 1000 residents); clashes also rise with low
    out-group trust.

    Args:
        model: The model.

    Returns:
        Array (neighbourhoods x types) of Poisson means.
    """
    p, hoods = model.params, model.hoods
    pop = hoods.pop.astype(float)
    sanction = model.smoothed.clearance
    half = p.deterrence_half_sanction_rate
    deterrence = 1.0 - p.deterrence_effect * sanction / (sanction + half)
    guardianship = 1.0 - p.guardianship_effect * hoods.civic_share
    density = model.roster.count / np.maximum(pop, 1.0) * 1000.0
    presence = np.exp(-p.presence_effect_per_officer_per_1000 * density)
    lam = base_rates_per_day(model) * model.locality.rate_multiplier[None, :]
    lam *= (pop * deterrence * guardianship * presence)[:, None]
    outgroup = hoods.trust_mean[:, Trust.OUTGROUP]
    lam[:, CLASH] *= np.maximum(0.0, 1.0 + p.clash_outgroup_weight * 2.0 * (0.5 - outgroup))
    return lam


def generate_incidents(model: TrustModel) -> Incidents:
    """Draw today's incidents and victims (docs/ODD.md, 7.2 Incidents).

    The number of incidents of each type is Poisson with the locality's expected total;
    the near-repeat boost (Johnson & Bowers 2004) shifts where they happen toward
    neighbourhoods with recent incidents of that type, without adding to the total.
    Victims are drawn uniformly among the neighbourhood's residents.

    Args:
        model: The model.

    Returns:
        The incidents.
    """
    p, hoods, rng = model.params, model.hoods, model.rng
    lam = expected_incidents(model)
    weight = lam * (1.0 + p.near_repeat_boost * hoods.near_repeat)
    total = weight.sum(axis=0)
    scale = np.divide(lam.sum(axis=0), total, out=np.zeros_like(total), where=total > 0)
    counts = rng.poisson(weight * scale[None, :])

    n_hoods, n_types = counts.shape
    cell = np.repeat(np.arange(n_hoods * n_types), counts.ravel())
    hood, kind = np.divmod(cell, n_types)
    pop = hoods.pop[hood]
    victim = hoods.start[hood] + np.floor(rng.random(len(hood)) * pop).astype(np.int64)

    decay = 0.5 ** (1.0 / p.near_repeat_half_life_days)
    hoods.near_repeat *= decay
    hoods.near_repeat += counts * (1000.0 / np.maximum(hoods.pop, 1))[:, None]

    today = model.today
    today["incidents"] += len(victim)
    for t, name in enumerate(INCIDENT_TYPES):
        today[f"incidents_{name}"] += int(counts[:, t].sum())
    return Incidents(hood=hood.astype(np.int32), kind=kind.astype(np.int8), victim=victim)
