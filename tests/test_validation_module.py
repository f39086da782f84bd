"""The validation helpers (model/validation.py): arms, gaps, windows and figures."""

import numpy as np

from model import validation as v


def test_run_arms_pairs_replicates_across_arms_and_gap_subtracts_them(tmp_path):
    pop = v.population(1000)
    runs = v.run_arms({"a": pop, "b": {**pop, "negativity_weight": 10.0}}, 2, 2)
    assert set(runs["arm"]) == {"a", "b"}
    assert runs.groupby("replicate")["seed"].nunique().eq(1).all()
    gap = v.gap(runs, "b", "a", "trust_police_mean")
    assert list(gap.index) == [1, 2] and list(gap.columns) == [0, 1]
    wide = runs.pivot_table(index="month", columns=["arm", "replicate"],
                            values="trust_police_mean")
    np.testing.assert_allclose(gap.to_numpy(), (wide["b"] - wide["a"]).to_numpy())
    assert (v.window(gap, 1, 2) < 0).all()  # k = 10 costs trust within two months
    summary = v.summary_by_arm(runs, "trust_police_mean", 1, 2)
    assert list(summary.columns) == ["mean", "se", "n"] and (summary["n"] == 2).all()
    path = v.plot_arms(runs, {"trust_police_mean": "trust"}, tmp_path / "f.png", "test")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_population_keeps_default_densities():
    assert v.population(20_000) == {"n_residents": 20_000, "n_officers": 80,
                                    "n_informal_members": 60, "n_neighbourhoods": 20}
