"""Outputs: neighbourhood summaries, daily metrics, the monthly table (model.metrics)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.core.metrics import SUM_COLUMNS, daily_metrics, monthly_table, summarise_neighbourhoods
from model.core.params import DAYS_PER_MONTH, INCIDENT_TYPES
from model.core.state import COUNTERS

REQUIRED = ["month", "incidents_per_1000", "reporting_rate", "cooperation_rate",
            "clearance_rate", "trust_police_mean", "trust_informal_mean",
            "police_trust_community_mean", "police_informal_trust_mean", "joint_actions",
            "abuses", "clashes"]


@pytest.fixture(scope="module")
def ran(run_model, high_crime):
    """A 75-day run: two complete months and a partial third."""
    return run_model(75, n_residents=4000, n_flashpoints=2, trust_informal_init=0.7,
                     n_informal_members=120, **high_crime)


# --- daily table ------------------------------------------------------------------------
def test_daily_table_has_the_initial_row_and_one_per_day(ran):
    daily = ran.daily_table()
    assert len(daily) == 76 and daily.index.name == "day"
    assert daily.index.tolist() == list(range(76))
    assert all(daily[c].iloc[0] == 0 for c in COUNTERS)  # nothing happened before day 1
    assert set(COUNTERS) <= set(daily.columns)


def test_daily_metrics_are_finite_and_consistent(ran, nan_cols):
    daily = ran.daily_table()
    assert nan_cols(daily) == {"trust_police_participants_mean"}  # no dialogue: NaN
    d = daily.iloc[1:]
    assert d["incidents"].sum() > 150
    assert (d["incidents"] == d[[f"incidents_{t}" for t in INCIDENT_TYPES]].sum(axis=1)).all()
    assert (d["reported_police"] <= d["cooperation"]).all()
    assert (d["cooperation"] <= d["incidents"]).all()
    assert (d["cleared"] <= d["handled"]).all() and (d["handled"] <= d["cooperation"]).all()


def test_daily_trust_statistics_equal_the_arrays(ran):
    res = ran.residents
    m = daily_metrics(ran)
    trust = res.trust.astype(np.float64)
    for col, name in enumerate(("police", "informal", "outgroup")):
        assert m[f"trust_{name}_mean"] == pytest.approx(trust[:, col].mean(), rel=1e-9)
        assert m[f"trust_{name}_sd"] == pytest.approx(trust[:, col].std(), rel=1e-6)
        for g in range(ran.params.n_groups):
            assert m[f"trust_{name}_mean_group{g}"] == pytest.approx(
                trust[res.group == g, col].mean(), rel=1e-9)
    assert m["police_trust_community_mean"] == pytest.approx(ran.officers.trust_community.mean())
    assert m["police_informal_trust_mean"] == pytest.approx(
        0.5 * (ran.officers.trust_informal.mean() + ran.informal.trust_police.mean()))
    assert m["civic_share"] == pytest.approx(res.civic.mean())
    assert m["n_officers_on_duty"] == len(ran.roster.by_hood)


def test_neighbourhood_summaries_equal_the_arrays(ran):
    res, hoods = ran.residents, ran.hoods
    summarise_neighbourhoods(ran)
    for h in range(len(hoods)):
        here = res.hood == h
        np.testing.assert_allclose(hoods.trust_mean[h], res.trust[here].mean(axis=0,
                                                                          dtype=np.float64))
        assert hoods.civic_share[h] == pytest.approx(res.civic[here].mean())


@pytest.mark.parametrize(("seed", "params"), [
    (3, {"largest_group_share": 1.0}),
    (1, {"n_groups": 4, "largest_group_share": 0.97, "residential_segregation": 0.0}),
], ids=["one_group_populated", "small_groups_absent_from_last_hood"])
def test_trust_means_include_the_last_resident_when_the_last_cell_is_empty(make_model, seed,
                                                                            params):
    # regression: empty trailing (neighbourhood, group) cells once made the last
    # non-empty cell drop the last resident from the sums
    model = make_model(n_residents=500, rng=seed, **params)
    assert np.diff(model.cell_start)[-1] == 0  # the last cell is empty
    trust = model.residents.trust.astype(np.float64)
    assert model.latest_metrics["trust_police_mean"] == pytest.approx(trust[:, 0].mean(),
                                                                      rel=1e-9)
    last = model.residents.hood == model.residents.hood[-1]
    np.testing.assert_allclose(model.hoods.trust_mean[model.residents.hood[-1]],
                               trust[last].mean(axis=0))


def test_without_officers_or_members_only_their_own_means_are_missing(run_model, high_crime,
                                                                       nan_cols):
    # Means over no officers (or no members) are NaN by construction; everything else,
    # including the rates and resident trust, stays finite.
    model = run_model(30, n_officers=0, n_informal_members=0, **high_crime)
    daily = model.daily_table()
    missing = nan_cols(daily)
    assert missing <= {"police_trust_community_mean", "officer_trust_informal_mean",
                       "informal_trust_police_mean", "police_informal_trust_mean",
                       "police_conduct_mean", "trust_police_participants_mean"}
    table = model.monthly_table()
    for col in ("incidents_per_1000", "reporting_rate", "cooperation_rate",
                "trust_police_mean", "trust_informal_mean"):
        assert np.isfinite(table[col]).all(), col
    assert (table[["reporting_rate", "cooperation_rate"]] == 0).all().all()


# --- monthly table ----------------------------------------------------------------------
def test_monthly_table_has_one_row_per_completed_month(ran):
    table = ran.monthly_table()
    assert len(table) == 2  # days 61..75 are a partial month: dropped
    assert table["month"].tolist() == [1, 2]
    assert set(REQUIRED) <= set(table.columns)


def test_monthly_sums_equal_daily_sums(ran):
    daily, table = ran.daily_table(), ran.monthly_table()
    n = ran.params.n_residents
    for m in (1, 2):
        days = daily.loc[30 * (m - 1) + 1: 30 * m]
        assert len(days) == DAYS_PER_MONTH
        row = table.loc[table["month"] == m].iloc[0]
        for col in SUM_COLUMNS:
            assert row[f"n_{col}"] == days[col].sum(), col
        s = days.sum()
        assert row["incidents_per_1000"] == pytest.approx(s["incidents"] * 1000 / n)
        for t in INCIDENT_TYPES:
            assert row[f"{t}_per_1000"] == pytest.approx(s[f"incidents_{t}"] * 1000 / n)
        assert row["reporting_rate"] == pytest.approx(s["reported_police"] / s["incidents"])
        assert row["cooperation_rate"] == pytest.approx(s["cooperation"] / s["incidents"])
        assert row["clearance_rate"] == pytest.approx(s["cleared"] / s["cooperation"])
        assert row["joint_actions"] == s["joint_actions"]
        assert row["abuses"] == s["abuses"]
        assert row["clashes"] == s["incidents_clash"]
        # levels are the month's last day
        for col in ("trust_police_mean", "trust_informal_mean", "police_trust_community_mean",
                    "police_informal_trust_mean"):
            assert row[col] == days[col].iloc[-1], col


def test_monthly_rates_are_shares(ran):
    table = ran.monthly_table()
    for col in ("reporting_rate", "cooperation_rate", "clearance_rate"):
        assert table[col].between(0, 1).all(), col
    assert (table["reporting_rate"] <= table["cooperation_rate"]).all()


def test_every_daily_counter_is_summed_by_month(ran):
    # regression: 'reporters' was once reported as its last-day value
    daily, table = ran.daily_table(), ran.monthly_table()
    for col in COUNTERS:
        assert f"n_{col}" in table.columns, col
        assert table[f"n_{col}"].iloc[0] == daily.loc[1:30, col].sum(), col


def synthetic_daily(days: int, incidents: int = 2) -> pd.DataFrame:
    """A daily table with constant counters and a trust level rising by day."""
    data = {c: np.full(days + 1, 1) for c in SUM_COLUMNS}
    data["incidents"] = np.full(days + 1, incidents)
    data["trust_police_mean"] = np.arange(days + 1) / 100.0
    df = pd.DataFrame(data)
    df.iloc[0, :] = 0
    df.index.name = "day"
    return df


@pytest.mark.parametrize(("days", "months"), [(0, 0), (29, 0), (30, 1), (59, 1), (90, 3)])
def test_partial_months_are_dropped(days, months):
    table = monthly_table(synthetic_daily(days), n_residents=1000)
    assert len(table) == months
    assert table["month"].tolist() == list(range(1, months + 1))
    if months:
        assert (table["n_incidents"] == 60).all()
        assert (table["incidents_per_1000"] == 60).all()
        assert (table["reporting_rate"] == 0.5).all()
        assert table["trust_police_mean"].tolist() == [30 * m / 100 for m in
                                                       range(1, months + 1)]


def test_rates_without_incidents_are_missing_not_zero():
    table = monthly_table(synthetic_daily(30, incidents=0), n_residents=1000)
    assert table["incidents_per_1000"].iloc[0] == 0
    assert np.isnan(table["reporting_rate"].iloc[0])
    assert np.isnan(table["cooperation_rate"].iloc[0])


# --- the cheap daily path gives the values of the plain one ------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fast_mean_is_exactly_ndarray_mean(dtype):
    from model.core.metrics import _mean

    rng = np.random.default_rng(4)
    for n in (1, 7, 40, 1001, 100_003):
        values = rng.random(n).astype(dtype)
        assert _mean(values) == float(values.mean())
    assert np.isnan(_mean(np.zeros(0, dtype=dtype)))


def test_neighbourhood_sizes_are_computed_once_and_read_only(ran):
    pop = ran.hoods.pop
    assert pop is ran.hoods.pop
    assert np.array_equal(pop, np.diff(ran.hoods.start))
    with pytest.raises(ValueError):
        pop[0] = 1
