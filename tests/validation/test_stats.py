"""Paired comparisons of replicated runs (model/validation/{patterns,stats}.py)."""

import numpy as np
import pytest

from model.experiments import RunSpec
from model.scenario import Plan
from model.validation import patterns, stats
from model.viz import arms_figure

PLANS = {"a": Plan("a"), "b": Plan("b", parameters={"negativity_weight": 10.0})}


@pytest.fixture(scope="module")
def runs():
    locality = patterns.generic_locality("test", 1000, 2, PLANS)
    return patterns.run_arms({"a": RunSpec(locality, "a"), "b": RunSpec(locality, "b")}, 2)


def test_run_arms_pairs_replicates_across_arms_and_gap_subtracts_them(runs):
    assert set(runs["arm"]) == {"a", "b"} and runs.columns[0] == "arm"
    assert runs.groupby("replicate")["seed"].nunique().eq(1).all()
    gap = stats.gap(runs, "b", "a", "trust_police_mean")
    assert list(gap.index) == [1, 2] and list(gap.columns) == [0, 1]
    wide = runs.pivot_table(index="month", columns=["arm", "replicate"],
                            values="trust_police_mean")
    np.testing.assert_allclose(gap.to_numpy(), (wide["b"] - wide["a"]).to_numpy())
    assert (stats.window(gap, 1, 2) < 0).all()  # k = 10 costs trust within two months
    assert (stats.effect(runs, "b", "a", "trust_police_mean", (1, 2)) < 0).all()


def test_totals_ratios_and_summaries(runs):
    total = stats.total(runs, "a", "n_incidents", (1, 2))
    assert list(total.index) == [0, 1] and (total > 0).all()
    share = stats.ratio(runs, "a", "n_reported_police", "n_incidents", (1, 2))
    assert share.between(0, 1).all()
    summary = stats.summary_by_arm(runs, "trust_police_mean", 1, 2)
    assert list(summary.columns) == ["mean", "se", "n"] and (summary["n"] == 2).all()
    assert stats.se(total) == pytest.approx(total.std(ddof=1) / np.sqrt(2))


def test_generic_locality_keeps_default_densities():
    locality = patterns.generic_locality("x", 20_000, 12, PLANS)
    params = locality.params("a")
    assert (params.n_residents, params.n_officers, params.n_informal_members,
            params.n_neighbourhoods) == (20_000, 80, 60, 20)


def test_arms_figure_draws_one_panel_per_column(runs):
    fig = arms_figure(runs, {"trust_police_mean": "trust", "reporting_rate": "reporting"},
                      "test")
    assert len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["a", "b"]


def test_more_replicates_continue_an_earlier_call(runs):
    locality = patterns.generic_locality("test", 1000, 2, PLANS)
    more = patterns.run_arms({"a": RunSpec(locality, "a")}, 1, first_replicate=1)
    assert list(more["replicate"].unique()) == [1]
    earlier = runs[(runs["arm"] == "a") & (runs["replicate"] == 1)]
    np.testing.assert_array_equal(more["trust_police_mean"].to_numpy(),
                                  earlier["trust_police_mean"].to_numpy())


def test_participants_gain_is_taken_within_each_run():
    plan = Plan("d", interventions=(patterns.SEQUENCE_DIALOGUE,))
    locality = patterns.generic_locality("test", 1000, 5, {"d": plan})
    runs = patterns.run_arms({"d": RunSpec(locality, "d")}, 2)
    gain = stats.participants_gain(runs, "d")
    d = runs[runs["replicate"] == 1].set_index("month")
    np.testing.assert_allclose(
        gain[1].to_numpy(),
        (d["trust_police_participants_mean"] - d["trust_police_mean"]).to_numpy())
    assert gain.loc[1].isna().all() and gain.loc[5].notna().all()  # dialogue from month 4
