"""The network view: a sample of residents and their ties, at fixed positions.

A locality has thousands to a million residents, so the view shows a sample: a few dozen
residents drawn at random with their network contacts (ego networks), a few hundred
nodes in all. Positions are computed once, when the model is built, from the sample
alone: neighbourhoods sit on a grid, and inside its neighbourhood's cell each resident
sits in the sector of their identity group. No force-directed (spring) layout is ever
run, whatever the population.

The sample is drawn with its own generator (seeded from the session's seed), never with
the model's, so showing the network does not change the run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from model import TrustModel

SAMPLE_SIZE = 300
"""Most residents the view shows."""
EGOS = 30
"""Residents drawn at random, each shown with their contacts (up to the sample size)."""

TRUST_COLUMNS = {"police": 0, "informal": 1, "outgroup": 2}
"""Which trust colours the nodes: column of the residents' trust array."""

PALETTE = np.array([[165, 0, 38], [244, 109, 67], [253, 174, 97], [116, 173, 209],
                    [69, 117, 180], [49, 54, 149]], dtype=np.float64)
"""Colour stops from no trust (dark red) to full trust (dark blue)."""


@dataclass(frozen=True)
class NetworkSample:
    """Residents shown in the network view and where they are drawn.

    Attributes:
        residents: Resident indices.
        x: Horizontal positions (neighbourhood grid units).
        y: Vertical positions.
        edges: Ties among the sample, as pairs of positions in ``residents``.
        hood_centres: Centre of each neighbourhood's cell (n_neighbourhoods x 2).
    """

    residents: np.ndarray
    x: np.ndarray
    y: np.ndarray
    edges: np.ndarray
    hood_centres: np.ndarray


def sample_network(model: TrustModel, seed: int, size: int = SAMPLE_SIZE, egos: int = EGOS
                   ) -> NetworkSample:
    """Draw the residents to show and their fixed positions.

    Args:
        model: The model (only read).
        seed: Seed of the sample's own generator.
        size: Most residents shown.
        egos: Residents drawn at random; their contacts fill the sample up to ``size``.

    Returns:
        The sample.
    """
    rng = np.random.default_rng(seed)
    res, network = model.residents, model.network
    n = len(res)
    chosen = rng.choice(n, size=min(egos, n), replace=False)
    per_ego = max(1, size // max(len(chosen), 1) - 1)
    members = [chosen]
    pairs = []
    for ego in chosen.tolist():
        contacts = network.indices[network.indptr[ego]:network.indptr[ego + 1]]
        contacts = rng.permutation(contacts)[:per_ego].astype(np.int64)
        members.append(contacts)
        pairs.append(np.column_stack([np.full(len(contacts), ego), contacts]))
    residents = np.unique(np.concatenate(members))[:size]
    edges = _positions_of(residents, np.concatenate(pairs) if pairs else np.zeros((0, 2)))
    centres = _hood_centres(len(model.hoods))
    x, y = _place(rng, res.hood[residents], res.group[residents], model.params.n_groups,
                  centres)
    return NetworkSample(residents=residents, x=x, y=y, edges=edges, hood_centres=centres)


def _positions_of(residents: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Ties whose two ends are both shown, as positions into ``residents``."""
    pairs = pairs.astype(np.int64).reshape(-1, 2)
    pos = np.searchsorted(residents, pairs)
    pos = np.minimum(pos, len(residents) - 1)
    shown = (residents[pos] == pairs).all(axis=1)
    return np.unique(np.sort(pos[shown], axis=1), axis=0)


def _hood_centres(n_hoods: int) -> np.ndarray:
    """Neighbourhood cells on a grid of unit cells, row by row."""
    cols = max(1, math.ceil(math.sqrt(n_hoods)))
    i = np.arange(n_hoods)
    return np.column_stack([i % cols + 0.5, -(i // cols) - 0.5])


def _place(rng: np.random.Generator, hood: np.ndarray, group: np.ndarray, n_groups: int,
           centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position each resident in its neighbourhood's cell, in its group's sector."""
    width = 2 * math.pi / max(n_groups, 1)
    angle = (group + 0.1 + 0.8 * rng.random(len(hood))) * width
    radius = 0.42 * np.sqrt(0.08 + 0.92 * rng.random(len(hood)))
    return (centres[hood, 0] + radius * np.cos(angle),
            centres[hood, 1] + radius * np.sin(angle))


def node_trust(model: TrustModel, sample: NetworkSample, which: str = "police") -> np.ndarray:
    """Current trust of the sampled residents.

    Args:
        model: The model.
        sample: The sample.
        which: ``police``, ``informal`` or ``outgroup``.

    Returns:
        Trust per sampled resident, in [0, 1].
    """
    return model.residents.trust[sample.residents, TRUST_COLUMNS[which]].astype(np.float64)


def trust_colours(trust: np.ndarray) -> list[str]:
    """Colour per trust value, from dark red (0) to dark blue (1).

    Args:
        trust: Values in [0, 1].

    Returns:
        CSS hex colours.
    """
    t = np.clip(np.nan_to_num(trust, nan=0.5), 0.0, 1.0) * (len(PALETTE) - 1)
    low = np.minimum(t.astype(np.int64), len(PALETTE) - 2)
    frac = (t - low)[:, None]
    rgb = np.rint(PALETTE[low] * (1 - frac) + PALETTE[low + 1] * frac).astype(np.int64)
    return [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in rgb.tolist()]
