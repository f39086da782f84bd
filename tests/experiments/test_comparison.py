"""Plan comparisons (model/experiments/comparison.py): design, statistics, runs, failures."""

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from model.core.errors import InputError
from model.experiments import run_seed
from model.experiments.comparison import (
    OUTCOMES,
    Design,
    compare,
    mean_interval,
    monthly_effects,
    onset_month,
    welch_interval,
    window_values,
    windows,
)
from model.scenario import Plan, ScenarioError, load_scenario

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "scenarios" / "template.yaml"
TINY = {"n_residents": 300}
"""A population small enough for runs of a few months to take a fraction of a second."""

PLANS = "no_dialogue,dialogue_12m"
"""The two plans of the template the tests compare."""


@pytest.fixture(scope="module")
def template():
    return load_scenario(TEMPLATE)


# --- the design -------------------------------------------------------------------------
def test_every_plan_runs_with_the_same_replicate_seeds(template):
    design = Design.of(template, replicates=3, seed=7, months=2)
    specs = design.specs()
    assert len(specs) == 3 * len(template.plans)
    assert [s.replicate for s in specs[:2]] == [0, 0]  # replicate by replicate
    for plan in design.plans:
        own = [s for s in specs if s.plan_name == plan]
        assert [s.seed for s in own] == [run_seed(7, r) for r in range(3)]


def test_the_baseline_comes_first_and_is_added_when_missing():
    saaba = load_scenario(REPO / "scenarios" / "saaba.yaml")
    design = Design.of(saaba, plans="dialogue_6m, dialogue_12m", baseline="no_dialogue",
                       replicates=2)
    assert design.plans == ("no_dialogue", "dialogue_6m", "dialogue_12m")
    assert Design.of(saaba, plans=["dialogue_6m", "dialogue_12m"],
                     replicates=2).baseline == "dialogue_6m"
    assert Design.of(saaba, replicates=2).months == saaba.horizon_days // 30


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"plans": "no_dialogue,dialog_12m"}, ["--plans", "'dialog_12m'", "dialogue_12m",
                                           "plans: no_dialogue, dialogue_12m"]),
    ({"baseline": "nothing"}, ["--baseline", "'nothing'", "no_dialogue"]),
    ({"plans": "dialogue_12m"}, ["at least 2 plans"]),
    ({"replicates": 1}, ["replicates", ">= 2"]),
    ({"months": 0}, ["months"]),
    ({"seed": -1}, ["seed"]),
    ({"overrides": {"n_residnets": 300}}, ["unknown parameter", "n_residents"]),
    ({"overrides": {"jsd.facilitation_quality": 7.0}}, ["plan dialogue_12m",
                                                        "facilitation_quality"]),
])
def test_bad_designs_are_refused_with_a_clear_message(template, kwargs, words):
    with pytest.raises(InputError) as error:
        Design.of(template, **{"replicates": 2, **kwargs})
    for word in words:
        assert word in str(error.value)


def test_a_missing_scenario_is_a_scenario_error(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        Design.of(tmp_path / "nowhere.yaml")


def test_the_command_line_reruns_the_same_design(template):
    design = Design.of(template, plans=PLANS, replicates=4, seed=3, months=5, overrides=TINY)
    command = design.command()
    assert command.startswith(f"jsdsim compare {TEMPLATE} --plans no_dialogue,dialogue_12m")
    assert "--replicates 4 --seed 3 --months 5 --set n_residents=300" in command


# --- statistics against known answers ---------------------------------------------------
def test_mean_interval_is_the_student_t_interval():
    values = np.array([[0.2, 0.5, 0.4, 0.9, 0.3], [1.0, 1.0, np.nan, 1.0, 1.0]])
    mean, low, high, n = mean_interval(values)
    expected = stats.t.interval(0.95, 4, loc=values[0].mean(), scale=stats.sem(values[0]))
    assert mean[0] == pytest.approx(values[0].mean())
    assert (low[0], high[0]) == pytest.approx(expected)
    assert list(n) == [5, 4] and (low[1], high[1]) == (1.0, 1.0)
    assert np.isnan(mean_interval(np.array([0.3]))[1][0])  # one value: no interval


def test_welch_interval_is_scipys():
    a, b = np.array([1.0, 2.5, 2.0, 3.1, 2.2]), np.array([0.5, 0.9, 1.7, 0.2])
    diff, low, high = welch_interval(a, b)
    ci = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert diff == pytest.approx(a.mean() - b.mean())
    assert (low, high) == pytest.approx((ci.low, ci.high))


def runs_table(values_by_plan, months=6):
    """A tidy runs table: plan -> (replicates x months) array of every outcome's value."""
    rows = []
    for plan, table in values_by_plan.items():
        for r, series in enumerate(np.asarray(table, float)):
            for m, value in enumerate(series[:months], start=1):
                row = {"plan": plan, "replicate": r, "month": m, "n_incidents": 10,
                       "n_cooperation": 10 * value, "n_reported_police": 10 * value,
                       "n_cleared": 10 * value * value}  # every rate equals value
                row.update({item.column: value for item in OUTCOMES})
                rows.append(row)
    return pd.DataFrame(rows)


def test_window_values_sum_the_counts_of_rates_and_average_the_rest():
    runs = runs_table({"a": [[1, 2, 3, 4]]}, months=4)
    runs.loc[runs["month"] == 4, "n_incidents"] = 30  # month 4 has three times the incidents
    runs.loc[runs["month"] == 4, "n_cooperation"] = 30 * 0.4
    values = window_values(runs, 4).set_index(["window", "outcome"])["value"]
    # cooperation: (1 + 2 + 3) x 10 + 12 over 10 + 10 + 10 + 30; trust: plain mean
    assert values["whole_horizon", "cooperation_rate"] == pytest.approx(72 / 60)
    assert values["whole_horizon", "trust_police_mean"] == pytest.approx(2.5)
    assert windows(4) == {"last_12_months": (1, 4), "whole_horizon": (1, 4)}
    assert windows(48)["last_12_months"] == (37, 48)


def by_month(low, high):
    return pd.DataFrame({"month": range(1, len(low) + 1), "low": low, "high": high})


@pytest.mark.parametrize(("low", "high", "month"), [
    ([-1, -1, 0.1, 0.2, 0.3], [1, 1, 1, 1, 1], 3),      # stays above zero from month 3
    ([0.1, -1, 0.1, 0.2, 0.3], [1, 1, 1, 1, 1], 3),     # an early excursion does not count
    ([-1, -1, -1, -1, -1], [1, 1, 1, 1, -0.1], 5),      # below zero at the last month only
    ([0.1, 0.1, -1, -0.5, -0.3], [1, 1, -0.1, -0.1, -0.1], 3),  # sides switch: the last side
    ([0.1, 0.2, 0.3, 0.4, -0.1], [1, 1, 1, 1, 1], None),  # not excluded at the end
])
def test_onset_is_the_first_month_from_which_the_interval_stays_off_zero(low, high, month):
    assert onset_month(by_month(low, high)) == month


def test_monthly_effects_pair_replicates_over_a_trailing_window():
    base = np.array([[1, 1, 1, 1, 1, 1], [3, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5]])
    lift = np.array([0, 0, 0, 1, 1, 1]) * np.array([[1.0], [1.1], [0.9]])
    runs = runs_table({"base": base, "plan": base + lift})
    effects = monthly_effects(runs, "base", ["base", "plan"])
    trust = effects[effects["outcome"] == "trust_police_mean"].set_index("month")
    assert trust["effect"].tolist() == pytest.approx([0, 0, 0, 1 / 3, 2 / 3, 1])
    assert trust["n_pairs"].eq(3).all()
    assert onset_month(trust.reset_index()) == 4


# --- running comparisons ----------------------------------------------------------------
@pytest.fixture(scope="module")
def one_worker(template, tmp_path_factory):
    return compare(template, plans=PLANS, replicates=3, months=4, overrides=TINY, workers=1,
                   out=tmp_path_factory.mktemp("one"), progress=False)


TABLES = ("summary", "effects", "effects_by_month", "ranking", "series")


def test_tables_do_not_depend_on_the_workers_or_the_invocation(one_worker, template,
                                                                tmp_path):
    two = compare(template, plans=PLANS, replicates=3, months=4, overrides=TINY, workers=2,
                  out=tmp_path,
                  progress=False)
    assert two.execution.n_done == 6
    pd.testing.assert_frame_equal(one_worker.runs, two.runs)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(one_worker, name), getattr(two, name))


def test_tables_hold_every_plan_outcome_and_window(one_worker):
    summary, effects = one_worker.summary, one_worker.effects
    assert len(summary) == 2 * len(OUTCOMES) * 2 and summary["n_replicates"].eq(3).all()
    assert set(effects["plan"]) == {"dialogue_12m"} and effects["n_pairs"].eq(3).all()
    assert set(effects["window"]) == {"last_12_months", "whole_horizon"}
    trust = effects[effects["outcome"] == "trust_police_mean"].iloc[0]
    assert trust["effect"] == pytest.approx(trust["plan_mean"] - trust["baseline_mean"])
    assert one_worker.failures.empty
    assert one_worker.manifest["seeds"] == [run_seed(1, r) for r in range(3)]
    assert set(one_worker.manifest["resolved"]) == {"no_dialogue", "dialogue_12m"}


def test_a_different_seed_gives_different_runs(one_worker, template):
    other = compare(template, plans=PLANS, replicates=3, months=4, overrides=TINY, workers=1,
                    seed=2,
                    progress=False)
    assert other.folder is None
    assert not other.runs["trust_police_mean"].equals(one_worker.runs["trust_police_mean"])


def test_a_plan_that_fails_is_reported_and_the_others_are_compared(template, tmp_path):
    broken = Plan("broken", "A plan whose parameter is out of range at run time.",
                  parameters={"rotation_per_year": 99.0})
    scenario = dataclasses.replace(template, plan_specs={**template.plan_specs,
                                                         "broken": broken})
    result = compare(scenario, plans=f"{PLANS},broken", replicates=2, months=2, overrides=TINY,
                     workers=1, out=tmp_path, progress=False)
    assert result.failures["plan"].tolist() == ["broken", "broken"]
    assert result.failures["error"].str.contains("rotation_per_year").all()
    assert set(result.effects["plan"]) == {"dialogue_12m"}
    assert set(result.summary["plan"]) == {"no_dialogue", "dialogue_12m"}
    html = result.write_report()
    report = (tmp_path / "report.md").read_text()
    assert html.exists() and "## Failed runs" in report and "rotation_per_year" in report
    assert len(pd.read_csv(tmp_path / "failures.csv")) == 2


def test_paired_intervals_are_narrower_than_unpaired_ones_on_the_same_runs(template):
    """Common random numbers make the plans' runs identical until the dialogue starts
    (day 90) and keep each replicate's population, network and events shared after it, so
    the between-replicate spread of trust levels (set by each replicate's drawn starting
    population) cancels in paired differences. On level outcomes (trust) this holds by a
    wide margin for any seed; rates of a few hundred residents are noisy month to month,
    so the claim is checked on the trust outcomes."""
    result = compare(template, plans=PLANS, replicates=4, months=6,
                     overrides={"n_residents": 500},
                     workers=1, progress=False)
    effects = result.effects.set_index(["window", "outcome"])
    for column in ("trust_police_mean", "police_informal_trust_mean"):
        for window in ("last_12_months", "whole_horizon"):
            row = effects.loc[(window, column)]
            paired = row["high"] - row["low"]
            unpaired = row["unpaired_high"] - row["unpaired_low"]
            assert paired < 0.5 * unpaired, (window, column, paired, unpaired)


def test_when_every_run_fails_the_report_says_so(template, tmp_path):
    plans = {name: Plan(name, parameters={"rotation_per_year": 99.0}) for name in "ab"}
    scenario = dataclasses.replace(template, plan_specs=plans)
    result = compare(scenario, replicates=2, months=1, workers=1, out=tmp_path,
                     progress=False)
    assert len(result.failures) == 4 and result.summary.empty and result.effects.empty
    assert result.manifest["command"] == "model.compare(...) in Python"  # not the file's
    result.write_report()
    report = (tmp_path / "report.md").read_text()
    assert "No results: not enough runs finished" in report and "4 of 4 runs failed" in report
