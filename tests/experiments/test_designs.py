"""Designs (model/experiments/designs.py) and the sensitivity estimators that read them
(model/experiments/analysis.py), checked on functions with known answers."""

import numpy as np
import pytest

from model.experiments.analysis import morris_indices, sobol_indices
from model.experiments.designs import METHODS, Design, Factor, design_seed

PI = float(np.pi)


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a=7.0, b=0.1):
    """Analytical first-order and total indices of the Ishigami function."""
    v1 = 0.5 * (1 + b * PI**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * PI**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def test_sobol_indices_of_the_ishigami_function_match_the_analytical_values():
    factors = tuple(Factor(f"x{i}", -PI, PI) for i in (1, 2, 3))
    design = Design("sobol", factors, n=1024)
    samples = design.sample(seed=design_seed(1))
    assert len(samples) == design.size() == 1024 * 5
    y = ishigami(samples.to_numpy(dtype=float))
    table = sobol_indices(design.problem(), y, seed=1)
    s1, st = ishigami_indices()
    np.testing.assert_allclose(table["S1"], s1, atol=0.05)
    np.testing.assert_allclose(table["ST"], st, atol=0.05)
    assert (table["S1_conf"] > 0).all() and (table["ST_conf"] < 0.1).all()


def test_morris_ranks_inert_inputs_last():
    factors = tuple(Factor(name, 0.0, 1.0) for name in ("a", "inert1", "b", "inert2", "c"))
    design = Design("morris", factors, n=40, options={"levels": 4})
    samples = design.sample(seed=design_seed(2))
    assert len(samples) == design.size() == 40 * 6
    x = samples.to_numpy(dtype=float)
    y = 3 * x[:, 0] + 10 * x[:, 2] ** 2 + np.sin(4 * x[:, 4]) + 0 * x[:, 1] + 0 * x[:, 3]
    table = morris_indices(design.problem(), x, y, levels=4)
    assert set(table["factor"].iloc[-2:]) == {"inert1", "inert2"}
    assert table.set_index("factor").loc[["inert1", "inert2"], "mu_star"].max() < 1e-12
    assert table["factor"].iloc[0] == "b"


@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_makes_as_many_samples_as_it_says_and_repeats_with_its_seed(method):
    bounded = (Factor("p", 0.0, 1.0, levels=3), Factor("q", 10.0, 20.0, levels=2))
    listed = (Factor("r", values=(1, 2, 3)),)
    factors = bounded + (listed if not METHODS[method].bounded_only else ())
    options = {"levels": 4} if method == "morris" else {}
    design = Design(method, factors, n=None if method == "grid" else 4, options=options)
    one, two = design.sample(seed=5), design.sample(seed=5)
    assert len(one) == design.size()
    assert one.equals(two)
    assert list(one.columns) == design.names and one.index.name == "sample"
    assert one["p"].between(0, 1).all() and one["q"].between(10, 20).all()
    if method != "grid":
        assert not design.sample(seed=6).equals(one)


def test_a_grid_is_the_full_factorial():
    design = Design("grid", (Factor("p", 0.0, 1.0, levels=3), Factor("r", values=(5, 7))))
    samples = design.sample(seed=0)
    assert samples.values.tolist() == [[0.0, 5], [0.0, 7], [0.5, 5], [0.5, 7], [1.0, 5],
                                       [1.0, 7]]


def test_latin_hypercube_crosses_listed_values_with_the_same_draws():
    design = Design("latin_hypercube", (Factor("length", values=(0, 12)),
                                        Factor("w", 1.0, 10.0)), n=5)
    samples = design.sample(seed=3)
    assert samples["length"].tolist() == [0] * 5 + [12] * 5
    assert samples["w"].iloc[:5].tolist() == samples["w"].iloc[5:].tolist()
    bins = np.floor((samples["w"].iloc[:5] - 1) / 9 * 5)
    assert sorted(bins) == [0, 1, 2, 3, 4]  # one draw per stratum


def test_the_design_stream_is_apart_from_run_seeds():
    assert design_seed(1) == design_seed(1) != design_seed(2)
