"""Police: who is on duty where, officers' trust, attacks on police, rotation.

docs/ODD.md, 7.7 Police and police-group trust, and 7.9 Drift and rotation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from model.core.params import DAYS_PER_MONTH, DAYS_PER_YEAR
from model.core.population import Trust, new_officer_values
from model.core.trust import move_down_counts

if TYPE_CHECKING:
    from model.core.trust_model import TrustModel


@dataclass
class Roster:
    """Officers on duty, grouped by neighbourhood (rebuilt when postings change).

    Attributes:
        by_hood: Indices of on-duty officers, sorted by neighbourhood.
        start: Offsets into ``by_hood`` per neighbourhood (length n_hoods + 1).
        count: On-duty officers per neighbourhood.
        available: Whether residents of each neighbourhood can reach police at all.
        trust_informal_mean: On-duty officers' mean trust in the informal group, per
            neighbourhood (locality mean where none is posted).
    """

    by_hood: np.ndarray
    start: np.ndarray
    count: np.ndarray
    available: np.ndarray
    trust_informal_mean: np.ndarray


def build_roster(model: TrustModel) -> Roster:
    """Collect on-duty officers: posted, in a neighbourhood where police are present.

    Args:
        model: The model.

    Returns:
        The roster.
    """
    off, hoods = model.officers, model.hoods
    n_hoods = len(hoods)
    on_duty = off.posted & hoods.police_present[off.hood]
    idx = np.flatnonzero(on_duty)
    idx = idx[np.argsort(off.hood[idx], kind="stable")]
    count = np.bincount(off.hood[idx], minlength=n_hoods)
    start = np.r_[0, np.cumsum(count)]
    trust_sum = np.bincount(off.hood[idx], weights=off.trust_informal[idx], minlength=n_hoods)
    overall = off.trust_informal[idx].mean() if len(idx) else 0.0
    trust_mean = np.where(count > 0, trust_sum / np.maximum(count, 1), overall)
    available = hoods.police_present & (len(idx) > 0)
    return Roster(by_hood=idx, start=start, count=count, available=available,
                  trust_informal_mean=trust_mean)


def police_trust_update(model: TrustModel) -> None:
    """Officers' trust in the community follows its cooperation; attacks lower it.

    docs/ODD.md, 7.7. Each day, on-duty officers' trust in the community moves
    ``police_trust_rate_per_day`` of the way toward min(1, smoothed cooperation rate /
    ``cooperation_reference``), the cooperation rate being the share of incidents whose
    information reaches police. Attacks on police arise in each
    neighbourhood with police on duty at ``attack_rate_per_1000_per_month`` x
    (1 - residents' mean trust in police)^2; each lowers the trust in the community of
    the officers there by ``attack_trust_loss``.

    Args:
        model: The model.
    """
    p, off, hoods, roster = model.params, model.officers, model.hoods, model.roster
    on_duty = roster.by_hood
    target = min(1.0, model.smoothed.cooperation_rate / p.cooperation_reference)
    off.trust_community[on_duty] += p.police_trust_rate_per_day * (
        target - off.trust_community[on_duty])

    distrust = 1.0 - hoods.trust_mean[:, Trust.POLICE]
    rate = p.attack_rate_per_1000_per_month / 1000.0 / DAYS_PER_MONTH
    lam = rate * hoods.pop * distrust**2 * (roster.count > 0)
    attacks = model.rng.poisson(lam)
    if attacks.any():
        per_officer = np.zeros(len(off), dtype=np.int64)
        per_officer[on_duty] = attacks[off.hood[on_duty]]
        move_down_counts(off.trust_community, per_officer, p.attack_trust_loss)
        model.today["attacks_on_police"] += int(attacks.sum())


def rotate_officers(model: TrustModel) -> np.ndarray:
    """Replace rotated officers by newcomers (docs/ODD.md, 7.9; Blair et al. 2021).

    Each officer leaves with probability ``rotation_per_year`` / 365 per day. The
    newcomer takes the same post and neighbourhood with fresh trust, conduct drawn
    around the institution's current conduct level (which policy forums raise), and no
    dialogue relationships. Everyone else's tenure grows by a day.

    Args:
        model: The model.

    Returns:
        Indices of the replaced officers.
    """
    p, off = model.params, model.officers
    off.tenure_days += 1
    leaving = np.flatnonzero(model.rng.random(len(off)) < p.rotation_per_year / DAYS_PER_YEAR)
    if len(leaving):
        values = new_officer_values(model.rng, p, model.locality.institution_conduct, len(leaving))
        for name, array in values.items():
            getattr(off, name)[leaving] = array
        model.today["rotations"] += len(leaving)
    return leaving
