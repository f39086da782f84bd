"""Agent state as numpy arrays, and its initialisation (docs/ODD.md, 2 and 5).

Each kind of agent is a dataclass of equal-length arrays, one row per agent; the
Mesa agents in :mod:`model.agents` are views onto these rows. Residents are ordered by
(neighbourhood, identity group), so every neighbourhood and every cell is a contiguous
slice: neighbourhood sums are ``np.add.reduceat`` and drawing a random resident of a
neighbourhood is one offset plus one uniform draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from enum import IntEnum

import numpy as np
from scipy.optimize import brentq
from scipy.special import betainc

from model.core.params import DAYS_PER_YEAR, Params

NO_DAY = -(10**6)
"""Day stamp meaning "never" (e.g. never victimised)."""

NO_POST_OFFICER_WEIGHT = 0.25
"""Officers posted per resident in a neighbourhood without a police post, relative to one
with a post (a post concentrates officers four to one)."""

AGENT_TRUST_CONCENTRATION = 10.0
"""Concentration a + b of the Beta distributions of officers' and informal members'
starting trust, vigilantism and handover (wider than residents': small groups)."""

CONDUCT_CONCENTRATION = 20.0
"""Concentration a + b of the Beta distribution of an officer's conduct around the
institution's level."""

MAX_TENURE_DAYS = 3650
"""Upper bound of the starting tenure drawn for officers (ten years)."""


class Trust(IntEnum):
    """Columns of the residents' trust array."""

    POLICE = 0
    INFORMAL = 1
    OUTGROUP = 2


@dataclass
class Residents:
    """Residents' state, one row per resident (model brief, section 2).

    Attributes:
        group: Identity group index.
        hood: Neighbourhood index (non-decreasing).
        trust: Trust in police, in the informal group and in other groups (n x 3, float32).
        access: Access to police when police are present (distance, post), 0..1.
        last_victim_day: Day of the last victimisation, or NO_DAY.
        civic: Takes part in community safety.
        participant: Has taken part in a dialogue.
        channel: Has a knowledge-sharing channel to police (liaison, phone line).
        anchor: Settled views (n x 3) that trust drifts back to (Friedkin-Johnsen
            anchoring): the starting trust, moved only when dialogue gains consolidate or a
            scandal leaves a lasting mark.
    """

    group: np.ndarray
    hood: np.ndarray
    trust: np.ndarray
    access: np.ndarray
    last_victim_day: np.ndarray
    civic: np.ndarray
    participant: np.ndarray
    channel: np.ndarray
    anchor: np.ndarray

    def __len__(self) -> int:
        return len(self.group)


@dataclass
class Officers:
    """Police officers' state, one row per post (a newcomer takes a rotated officer's row).

    Attributes:
        hood: Neighbourhood the officer is posted to.
        trust_community: Trust in the community.
        trust_informal: Trust in the informal security group.
        conduct: Probability that an encounter is procedurally fair.
        posted: Present and on duty (False when withdrawn).
        tenure_days: Days since joining the locality.
        participant: Has taken part in a dialogue (lost on rotation).
    """

    hood: np.ndarray
    trust_community: np.ndarray
    trust_informal: np.ndarray
    conduct: np.ndarray
    posted: np.ndarray
    tenure_days: np.ndarray
    participant: np.ndarray

    def __len__(self) -> int:
        return len(self.hood)


@dataclass
class InformalMembers:
    """Informal security group members' state.

    Attributes:
        hood: Neighbourhood the member operates in (non-decreasing).
        trust_police: Trust in police.
        trust_residents: Trust in residents.
        vigilantism: Probability that an own action is abusive.
        handover: Willingness to hand suspects and information to police.
        participant: Has taken part in a dialogue.
        channel: Has a liaison to police from a dialogue.
    """

    hood: np.ndarray
    trust_police: np.ndarray
    trust_residents: np.ndarray
    vigilantism: np.ndarray
    handover: np.ndarray
    participant: np.ndarray
    channel: np.ndarray

    def __len__(self) -> int:
        return len(self.hood)


def field_names(cls: type) -> tuple[str, ...]:
    """Return the array names of one of the state dataclasses.

    Args:
        cls: Residents, Officers or InformalMembers.

    Returns:
        Field names in declaration order.
    """
    return tuple(f.name for f in fields(cls))


def beta(rng: np.random.Generator, mean: float, concentration: float, size: int) -> np.ndarray:
    """Draw float32 values in [0, 1] with a given mean (degenerate at 0 or 1).

    Args:
        rng: Random generator.
        mean: Mean in [0, 1].
        concentration: a + b of the Beta distribution.
        size: Number of values.

    Returns:
        The values.
    """
    if mean <= 0.0 or mean >= 1.0:
        return np.full(size, mean, dtype=np.float32)
    return rng.beta(mean * concentration, (1 - mean) * concentration, size).astype(np.float32)


def mean_for_share(share: float, concentration: float) -> float:
    """Mean of the Beta distribution with a given concentration and share above 0.5.

    Surveys report the share of residents who trust ("somewhat" or "a lot"); a
    resident trusts when their trust is above 0.5. With concentration c = a + b fixed,
    the share above 0.5 rises monotonically with the mean, so the mean is found by
    root-finding on the regularised incomplete Beta function.

    Args:
        share: Share of residents above 0.5, in [0, 1].
        concentration: a + b.

    Returns:
        The mean (0 or 1 for shares 0 or 1).
    """
    if share <= 0.0 or share >= 1.0:
        return float(share)
    if abs(share - 0.5) < 1e-12:
        return 0.5

    def excess(mean: float) -> float:
        return 1.0 - betainc(mean * concentration, (1 - mean) * concentration, 0.5) - share

    low, high = 1e-9, 1 - 1e-9
    if excess(low) >= 0.0:    # shares this extreme are out of reach of the Beta family
        return low
    if excess(high) <= 0.0:
        return high
    return float(brentq(excess, low, high, xtol=1e-10))


def group_sizes(n: int, n_groups: int, largest_share: float) -> np.ndarray:
    """Split n residents into groups: group 0 has ``largest_share``, the rest equally.

    Args:
        n: Number of residents.
        n_groups: Number of groups.
        largest_share: Share of group 0.

    Returns:
        Residents per group (sums to n).
    """
    if n_groups == 1:
        return np.array([n])
    shares = np.r_[largest_share, np.full(n_groups - 1, (1 - largest_share) / (n_groups - 1))]
    sizes = np.floor(shares * n).astype(np.int64)
    sizes[0] += n - sizes.sum()
    return sizes


def home_hoods(n_hoods: int, sizes: np.ndarray) -> list[np.ndarray]:
    """Give each group a contiguous block of home neighbourhoods, in proportion to its size.

    Args:
        n_hoods: Number of neighbourhoods.
        sizes: Residents per group.

    Returns:
        One array of neighbourhood indices per group (never empty).
    """
    edges = np.round(np.r_[0, np.cumsum(sizes)] / max(sizes.sum(), 1) * n_hoods).astype(int)
    return [np.arange(min(lo, n_hoods - 1), max(hi, lo + 1)).clip(max=n_hoods - 1)
            for lo, hi in zip(edges[:-1], edges[1:], strict=True)]


def make_residents(rng: np.random.Generator, p: Params, has_post: np.ndarray,
                   homes: Sequence[Sequence[int]] | None = None) -> Residents:
    """Create residents ordered by (neighbourhood, group) (docs/ODD.md, 5 Initialisation).

    Args:
        rng: The model's random generator.
        p: Resolved parameters.
        has_post: Whether each neighbourhood has a police post.
        homes: Each group's home neighbourhoods; None gives each group a contiguous block
            in proportion to its size (:func:`home_hoods`).

    Returns:
        The residents.
    """
    n, n_hoods = p.n_residents, p.n_neighbourhoods
    sizes = group_sizes(n, p.n_groups, p.largest_group_share)
    group = np.repeat(np.arange(p.n_groups), sizes)
    homes = (home_hoods(n_hoods, sizes) if homes is None
             else [np.asarray(h, dtype=np.int64) for h in homes])
    hood = rng.integers(0, n_hoods, size=n)
    at_home = rng.random(n) < p.residential_segregation
    for g, home in enumerate(homes):
        sel = np.flatnonzero(at_home & (group == g))
        hood[sel] = home[rng.integers(0, len(home), size=len(sel))]
    order = np.lexsort((group, hood))
    group, hood = group[order].astype(np.int16), hood[order].astype(np.int32)

    c = p.trust_init_concentration
    shares = (p.trust_police_init, p.trust_informal_init, p.trust_outgroup_init)
    trust = np.stack([beta(rng, mean_for_share(s, c), c, n) for s in shares], axis=1)
    mean_access = np.where(has_post, p.access_with_post, p.access_without_post)[hood]
    access = np.clip(mean_access + rng.normal(0.0, p.access_spread, n), 0.0, 1.0).astype(np.float32)
    trust = np.ascontiguousarray(trust)
    return Residents(
        group=group, hood=hood, trust=trust, access=access,
        last_victim_day=np.full(n, NO_DAY, dtype=np.int32),
        civic=rng.random(n) < p.civic_share_init,
        participant=np.zeros(n, dtype=bool), channel=np.zeros(n, dtype=bool),
        anchor=trust.copy(),
    )


def officer_hoods(rng: np.random.Generator, n: int, hood_pop: np.ndarray, has_post: np.ndarray
                  ) -> np.ndarray:
    """Post officers to neighbourhoods in proportion to population, more where a post is.

    A neighbourhood without a post gets ``NO_POST_OFFICER_WEIGHT`` as many officers per
    resident as one with a post.

    Args:
        rng: Random generator.
        n: Number of officers.
        hood_pop: Residents per neighbourhood.
        has_post: Whether each neighbourhood has a police post.

    Returns:
        Neighbourhood of each officer.
    """
    w = hood_pop * np.where(has_post, 1.0, NO_POST_OFFICER_WEIGHT)
    if w.sum() <= 0:
        w = np.ones_like(w, dtype=float)
    return rng.choice(len(w), size=n, p=w / w.sum()).astype(np.int32)


def new_officer_values(rng: np.random.Generator, p: Params, conduct_mean: float,
                       n: int) -> dict[str, np.ndarray]:
    """Draw the state of n officers joining the locality (at start or after rotation).

    Args:
        rng: Random generator.
        p: Resolved parameters.
        conduct_mean: The institution's current conduct level.
        n: Number of officers.

    Returns:
        Arrays for every Officers field except ``hood`` and ``posted``.
    """
    return {
        "trust_community": beta(rng, p.police_trust_community_init, AGENT_TRUST_CONCENTRATION,
                                n),
        "trust_informal": beta(rng, p.police_trust_informal_init, AGENT_TRUST_CONCENTRATION,
                               n),
        "conduct": beta(rng, conduct_mean, CONDUCT_CONCENTRATION, n),
        "tenure_days": np.zeros(n, dtype=np.int32),
        "participant": np.zeros(n, dtype=bool),
    }


def make_officers(rng: np.random.Generator, p: Params, hood_pop: np.ndarray,
                  has_post: np.ndarray) -> Officers:
    """Create the police officers (docs/ODD.md, 5 Initialisation).

    Args:
        rng: The model's random generator.
        p: Resolved parameters.
        hood_pop: Residents per neighbourhood.
        has_post: Whether each neighbourhood has a police post.

    Returns:
        The officers; tenure is drawn uniformly over the expected posting length.
    """
    n = p.n_officers
    values = new_officer_values(rng, p, p.police_conduct_init, n)
    expected_tenure = DAYS_PER_YEAR / max(p.rotation_per_year, 1e-3)
    values["tenure_days"] = rng.integers(0, int(min(expected_tenure, MAX_TENURE_DAYS)) + 1,
                                         n).astype(np.int32)
    return Officers(hood=officer_hoods(rng, n, hood_pop, has_post),
                    posted=np.ones(n, dtype=bool), **values)


def make_informal(rng: np.random.Generator, p: Params, hood_pop: np.ndarray
                  ) -> InformalMembers:
    """Create informal security group members, spread like the population.

    Args:
        rng: The model's random generator.
        p: Resolved parameters.
        hood_pop: Residents per neighbourhood.

    Returns:
        The members, ordered by neighbourhood.
    """
    n = p.n_informal_members
    w = hood_pop / max(hood_pop.sum(), 1)
    hood = np.sort(rng.choice(len(hood_pop), size=n, p=w)).astype(np.int32)
    return InformalMembers(
        hood=hood,
        trust_police=beta(rng, p.informal_trust_police_init, AGENT_TRUST_CONCENTRATION, n),
        trust_residents=beta(rng, p.informal_trust_residents_init, AGENT_TRUST_CONCENTRATION, n),
        vigilantism=beta(rng, p.vigilantism_init, AGENT_TRUST_CONCENTRATION, n),
        handover=beta(rng, p.informal_handover_init, AGENT_TRUST_CONCENTRATION, n),
        participant=np.zeros(n, dtype=bool), channel=np.zeros(n, dtype=bool),
    )
