"""Fixed placements by name, and plans without a locality event (model/scenario/load.py,
loaded.py, model/core/trust_model.py police_posts and group_homes)."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from model.experiments import LABEL_COLUMNS, RunSpec, run
from model.scenario import load_scenario

LOCALITY = textwrap.dedent("""
    title: Placed
    horizon_months: 3
    groups: [fans, church]
    neighbourhoods: [north, south, east, west, river]
    locality: {n_residents: 1500, n_neighbourhoods: 5, n_officers: 10}
    police_posts: [south, river]
    group_homes: {fans: [north], church: [east, west]}
    events:
""")
SCANDAL = "  - {type: scandal, name: video, month: 2, reach_share: 0.6, trust_drop: 0.5}\n"
WAVE = "  - {type: crime_wave, name: wave, start_month: 1, end_month: 2, multiplier: 1.5}\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_post_placed_by_name_stays_there_for_every_seed(tmp_path):
    path = write(tmp_path, "s.yaml", LOCALITY + WAVE + "plans: {p: {}}\n")
    scenario = load_scenario(path)
    for seed in range(6):
        model = scenario.build_model("p", rng=seed)
        assert np.flatnonzero(model.hoods.has_post).tolist() == [1, 4]
        fans = model.residents.group == 0
        at_home = model.residents.hood[fans] == 0
        assert at_home.mean() > 0.5  # residential_segregation 0.5 + chance 1/5 of the rest


def test_random_posts_move_with_the_seed(tmp_path):
    text = LOCALITY.replace("police_posts: [south, river]\n", "") + WAVE
    scenario = load_scenario(write(tmp_path, "s.yaml", text + "plans: {p: {}}\n"))
    posts = {tuple(np.flatnonzero(scenario.build_model("p", rng=s).hoods.has_post))
             for s in range(8)}
    assert len(posts) > 1


def test_a_plan_that_removes_the_scandal_equals_a_scenario_written_without_it(tmp_path):
    with_it = write(tmp_path, "with.yaml", LOCALITY + WAVE + SCANDAL
                    + "plans: {base: {}, no_scandal: {remove_events: [video]}}\n")
    without = write(tmp_path, "without.yaml", LOCALITY + WAVE + "plans: {base: {}}\n")
    a = run(RunSpec(load_scenario(with_it), "no_scandal", seed=11))
    b = run(RunSpec(load_scenario(without), "base", seed=11))
    base = run(RunSpec(load_scenario(with_it), "base", seed=11))
    labels = list(LABEL_COLUMNS)
    pd.testing.assert_frame_equal(a.drop(columns=labels), b.drop(columns=labels))
    assert not a.drop(columns=labels).equals(base.drop(columns=labels))  # the scandal matters
