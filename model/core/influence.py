"""Social influence among residents and civic activity (docs/ODD.md, 7.6).

The daily hot path: one sparse product of the row-normalised adjacency with the
(residents x 3) trust array.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.core.params import DAYS_PER_MONTH
from model.core.population import Trust

if TYPE_CHECKING:
    from model.core.trust_model import TrustModel


def neighbour_mean(model: TrustModel) -> np.ndarray:
    """Mean view of each resident's contacts, for the three trust variables.

    With ``confidence_bound`` < 1 (bounded confidence), contacts whose view differs by
    more than the bound are ignored, separately for each variable; a resident with no
    contact inside the bound keeps their view.

    Args:
        model: The model.

    Returns:
        Array (residents x 3), float32.
    """
    trust = model.residents.trust
    matrix = model.network.mean_matrix
    if model.params.confidence_bound >= 1.0:
        out = np.empty_like(trust)
        for col in range(trust.shape[1]):  # one (n,) product per column stays in cache
            out[:, col] = matrix @ np.ascontiguousarray(trust[:, col])
        return out
    bound = model.params.confidence_bound
    net = model.network
    rows = np.repeat(np.arange(len(trust)), net.degree)
    out = trust.copy()
    for col in range(trust.shape[1]):
        near = np.abs(trust[net.indices, col] - trust[rows, col]) <= bound
        total = np.bincount(rows, weights=near * trust[net.indices, col], minlength=len(trust))
        count = np.bincount(rows, weights=near, minlength=len(trust))
        has = count > 0
        out[has, col] = total[has] / count[has]
    return out


def social_influence(model: TrustModel) -> None:
    """Residents move toward their contacts' views, bad news faster than good.

    docs/ODD.md, 7.6. For each trust variable x: x += a * (m - x), where m is the
    contacts' mean view and a is ``influence_rate_per_day``, multiplied by
    ``negative_news_weight`` when m < x (capped at 1 so x stays between x and m).

    Args:
        model: The model.
    """
    p = model.params
    trust = model.residents.trust
    diff = neighbour_mean(model)
    diff -= trust
    up = np.float32(p.influence_rate_per_day)
    down = np.float32(min(1.0, p.influence_rate_per_day * p.negative_news_weight))
    worse = np.minimum(diff, 0.0)
    diff *= up
    worse *= down - up
    diff += worse  # up x diff where the contacts think better, down x diff where worse
    trust += diff
    np.clip(trust, 0.0, 1.0, out=trust)


def civic_update(model: TrustModel) -> None:
    """A thirtieth of the residents reconsider their civic activity each day.

    Residents whose index is congruent to the day modulo 30 become civically active
    with probability ``civic_share_init`` + ``civic_trust_slope`` x (mean of their trust
    in police and in the informal group - 0.5), clipped to [0, 1]; dialogue
    participants stay active. So every resident reconsiders once a month.

    Args:
        model: The model.
    """
    p, res = model.params, model.residents
    part = slice(model.day % DAYS_PER_MONTH, None, DAYS_PER_MONTH)
    trust = res.trust[part]
    mean = 0.5 * (trust[:, Trust.POLICE] + trust[:, Trust.INFORMAL])
    prob = np.clip(p.civic_share_init + p.civic_trust_slope * (mean - 0.5), 0.0, 1.0)
    res.civic[part] = (model.rng.random(len(prob)) < prob) | res.participant[part]
