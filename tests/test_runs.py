"""Replicated runs (model/runs.py): seeds and tidy tables."""

import numpy as np

from model.runs import replicate_seeds, run_plans, window_mean
from model.scenario import load_scenario, scenario_dir


def test_replicate_seeds_do_not_depend_on_the_number_of_replicates():
    assert replicate_seeds(7, 5)[:3] == replicate_seeds(7, 3)
    assert len(set(replicate_seeds(7, 50))) == 50
    assert replicate_seeds(7, 3) != replicate_seeds(8, 3)


def test_run_plans_gives_a_tidy_table_with_common_seeds_per_replicate():
    scenario = load_scenario(scenario_dir() / "template.yaml")
    seeds = replicate_seeds(1, 2)
    runs = run_plans(scenario, seeds=seeds, months=2, overrides={"n_residents": 500},
                     progress=False)
    assert list(runs.columns[:5]) == ["scenario", "plan", "seed", "replicate", "month"]
    assert len(runs) == len(scenario.plans) * 2 * 2
    assert set(runs.groupby("replicate")["seed"].unique().map(tuple)) == {
        (seeds[0],), (seeds[1],)}
    means = window_mean(runs, "trust_police_mean", 1, 2)
    assert means.shape == (2, len(scenario.plans))
    assert np.isfinite(means.to_numpy()).all()
