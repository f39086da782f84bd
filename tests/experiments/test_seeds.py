"""Seeds of replicated runs (model/experiments/seeds.py)."""

import numpy as np

from model.experiments import replicate_seeds, run_seed


def test_a_runs_seed_depends_only_on_master_sample_and_replicate():
    assert replicate_seeds(7, 5)[:3] == replicate_seeds(7, 3)
    assert run_seed(7, 2) == replicate_seeds(7, 5)[2]
    assert run_seed(7, 2, sample=3) == replicate_seeds(7, 4, sample=3)[2]
    assert len({run_seed(7, r, s) for r in range(30) for s in range(30)}) == 900
    assert replicate_seeds(7, 3) != replicate_seeds(8, 3)


def test_seeds_are_the_documented_seed_sequence():
    state = np.random.SeedSequence(5, spawn_key=(2, 3)).generate_state(1, dtype=np.uint64)[0]
    assert run_seed(5, replicate=3, sample=2) == int(state >> np.uint64(1))
    assert 0 <= run_seed(5, 0) < 2**63
