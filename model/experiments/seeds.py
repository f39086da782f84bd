"""Seeds of replicated runs, derived from one master seed.

A run's seed depends only on (master seed, sample, replicate): not on the plan, the
number of runs, the worker that runs it or the order of execution. Plans run with the
same seeds (common random numbers), so plan differences are not seed noise; a sweep's
samples can reuse the replicate seeds of a plan comparison.
"""

from __future__ import annotations

import numpy as np


def run_seed(master_seed: int, replicate: int, sample: int = 0) -> int:
    """The seed of one run: ``SeedSequence(master_seed, spawn_key=(sample, replicate))``.

    Args:
        master_seed: The experiment's one seed (an integer >= 0).
        replicate: Replicate index (>= 0).
        sample: Index of the parameter sample in a sweep (0 outside sweeps).

    Returns:
        A 63-bit integer seed for :class:`model.TrustModel` (``rng=``).
    """
    sequence = np.random.SeedSequence(master_seed, spawn_key=(sample, replicate))
    return int(sequence.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def replicate_seeds(master_seed: int, n_replicates: int, sample: int = 0) -> list[int]:
    """Seeds of replicates 0..n-1 (replicate r's seed does not depend on n).

    Args:
        master_seed: The experiment's one seed.
        n_replicates: Number of replicates.
        sample: Index of the parameter sample in a sweep (0 outside sweeps).

    Returns:
        One seed per replicate.
    """
    return [run_seed(master_seed, r, sample) for r in range(n_replicates)]
