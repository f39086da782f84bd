"""Analysis helpers (model/experiments/analysis.py): PRIM boxes, effects, shares."""

import numpy as np
import pandas as pd
import pytest

from model.experiments.analysis import (
    better_when_lower,
    effect_table,
    plan_shares,
    prim_box,
    response_curves,
)


def test_prim_finds_a_known_box_with_its_coverage_and_density():
    rng = np.random.default_rng(1)
    x = pd.DataFrame({"a": rng.uniform(size=2000), "b": rng.uniform(size=2000),
                      "inert": rng.uniform(size=2000)})
    cases = ((x["a"] > 0.6) & (x["b"] < 0.4)).to_numpy()
    box, trajectory = prim_box(x, cases)
    assert box.limits["a"][0] == pytest.approx(0.6, abs=0.05)
    assert box.limits["b"][1] == pytest.approx(0.4, abs=0.05)
    assert box.density >= 0.8 and box.coverage >= 0.8
    assert box.mass == pytest.approx(box.n_samples / 2000)
    assert trajectory[0].limits == {} and trajectory[0].coverage == 1.0
    assert [b.mass for b in trajectory] == sorted((b.mass for b in trajectory), reverse=True)


def test_prim_peels_listed_values_too():
    rng = np.random.default_rng(2)
    x = pd.DataFrame({"length": np.repeat([0, 3, 6, 12, 24], 100),
                      "w": rng.uniform(size=500)})
    cases = (x["length"] <= 3).to_numpy()
    box, _ = prim_box(x, cases)
    assert box.limits == {"length": (0.0, 3.0)}
    assert (box.coverage, box.density) == (1.0, 1.0)


def test_effects_are_paired_by_scenario_sample_and_replicate_and_read_in_direction():
    rows = []
    for plan, shift in (("none", 0.0), ("dialogue", 0.1)):
        for sample in range(3):
            for replicate in range(2):
                rows.append({"scenario": "s", "plan": plan, "sample": sample,
                             "replicate": replicate, "metric": "trust_police_mean",
                             "window": "w", "value": sample + replicate + shift})
                rows.append({"scenario": "s", "plan": plan, "sample": sample,
                             "replicate": replicate, "metric": "incidents_per_1000",
                             "window": "w", "value": 5 + shift})
    effects = effect_table(pd.DataFrame(rows), "none")
    assert set(effects["plan"]) == {"dialogue"} and len(effects) == 12
    assert effects["value"].to_numpy() == pytest.approx(0.1)
    trust = effects[effects["metric"] == "trust_police_mean"]
    incidents = effects[effects["metric"] == "incidents_per_1000"]
    assert trust["better"].all() and not incidents["better"].any()
    shares = plan_shares(effects).set_index("metric")
    assert shares.loc["trust_police_mean", "share_better"] == 1.0
    assert shares.loc["incidents_per_1000", "share_better"] == 0.0
    samples = pd.DataFrame({"x": [1.0, 1.0, 2.0]}, index=pd.Index(range(3), name="sample"))
    curves = response_curves(effects, samples, "x")
    assert curves.groupby("metric")["n"].sum().tolist() == [6, 6]


def test_direction_of_outcomes():
    assert better_when_lower("incidents_per_1000") and better_when_lower("abuses")
    assert not better_when_lower("cooperation_rate")
    assert not better_when_lower("trust_police_mean")


def test_pairwise_shares_say_where_each_ranking_holds():
    from model.experiments.analysis import pairwise_shares

    rows = []
    for sample in range(4):
        for plan, value in (("a", sample), ("b", 1.5), ("c", 10.0)):
            rows.append({"scenario": "s", "plan": plan, "sample": sample, "replicate": 0,
                         "metric": "trust_police_mean", "window": "w", "value": value})
    table = pairwise_shares(pd.DataFrame(rows)).set_index(["plan", "other"])["share_better"]
    assert table[("a", "b")] == 0.5 and table[("b", "a")] == 0.5
    assert table[("c", "a")] == 1.0 and table[("a", "c")] == 0.0
    assert len(table) == 6
