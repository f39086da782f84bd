"""Plan comparisons: every plan of a scenario with the same replicate seeds, and the statistics.

A program designer's question, "which plan raises cooperation and reporting and lowers
incidents most, by how much, how sure is the model, and from when?", answered as tables:

* :class:`Design` is the comparison as data: scenario, plans, baseline, replicates, master
  seed, months and overrides. Replicate r of every plan runs with the seed
  ``run_seed(seed, r)`` (common random numbers), so plan differences are not seed noise.
* :func:`run_comparison` executes its runs with :func:`model.experiments.engine.execute`
  into a :class:`~model.experiments.store.RunStore` (which makes it resumable) and
  :func:`analyse` turns the monthly tables into a :class:`ComparisonResult`.
* :func:`compare` does both in one call (it is ``model.compare``).

Statistics (stated in every report, see :data:`METHOD`):

* A run's value of an outcome over a window of months is, for a rate, the ratio of its
  counts summed over the window (e.g. incidents whose information reached police over
  all incidents), and otherwise the mean of its monthly values.
* Means over replicates carry a t-interval: mean +- t(0.975, n-1) x sd / sqrt(n).
* The effect of a plan is its value minus the baseline's, taken replicate by replicate
  (paired: same seed), with a t-interval over the n paired differences. The unpaired
  (Welch) interval of the same difference is reported beside it for comparison.
* The first month from which an effect stays distinguishable from zero is the first month
  m such that, for m and every later month, the 95% interval of the paired effect on the
  trailing 3-month value (months m-2..m) excludes zero, on the same side as at the end.
  Intervals are pointwise (no correction for looking at many months and outcomes).
"""

from __future__ import annotations

import dataclasses
import shlex
import tempfile
import warnings
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy import special

from model.core.errors import InputError
from model.core.params import DAYS_PER_MONTH
from model.experiments.engine import Execution, execute
from model.experiments.provenance import environment
from model.experiments.seeds import run_seed
from model.experiments.specs import RunSpec, scenario_digest
from model.experiments.store import KEY_COLUMN, RunStore
from model.scenario import ScenarioError, find_scenario, load_scenario
from model.scenario.errors import suggest
from model.scenario.loaded import Scenario

LEVEL = 0.95
"""Coverage of every interval."""

LAST_MONTHS = 12
"""Length of the end-of-horizon window ("the last 12 months")."""

ONSET_MONTHS = 3
"""Trailing window (months) of the monthly effects behind the first distinguishable month."""

DEFAULT_REPLICATES = 10
"""Replicates per plan when none is given."""

DEFAULT_SEED = 1
"""Master seed when none is given (fixed, so that re-running a command resumes it)."""


@dataclass(frozen=True)
class Outcome:
    """An outcome a designer compares plans on.

    Attributes:
        column: Column of the monthly table.
        label: Plain-language name.
        unit: Unit, as said in reports.
        higher_is_better: Whether a plan is better when it raises this outcome.
        numerator: For a rate: the monthly count column summed over a window ...
        denominator: ... and the count it is divided by (None for other outcomes, whose
            window value is the mean of the monthly values).
    """

    column: str
    label: str
    unit: str
    higher_is_better: bool
    numerator: str | None = None
    denominator: str | None = None

    @property
    def is_rate(self) -> bool:
        """Whether the window value is a ratio of summed counts."""
        return self.numerator is not None


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("cooperation_rate", "cooperation rate",
            "share of incidents whose information reaches police", True,
            "n_cooperation", "n_incidents"),
    Outcome("reporting_rate", "reporting rate",
            "share of incidents police hear of directly", True,
            "n_reported_police", "n_incidents"),
    Outcome("incidents_per_1000", "incidents", "per 1,000 residents per month", False),
    Outcome("clearance_rate", "clearance rate",
            "share of incidents known to police that they clear", True,
            "n_cleared", "n_cooperation"),
    Outcome("trust_police_mean", "residents' trust in police", "mean, 0 to 1", True),
    Outcome("police_informal_trust_mean", "police-group trust",
            "mutual trust of officers and group members, 0 to 1", True),
    Outcome("joint_actions", "joint police-group actions", "per month", True),
    Outcome("abuses", "vigilante abuses", "per month", False),
    Outcome("clashes", "clashes", "per month", False),
)
"""The outcomes of every comparison, in the order tables and figures show them."""

HEADLINE: tuple[str, ...] = ("cooperation_rate", "reporting_rate", "incidents_per_1000")
"""Outcomes the report's first paragraph ranks the plans on."""

TRUST_COLUMNS: dict[str, str] = {
    "trust_police_mean": "Residents' trust in police",
    "police_informal_trust_mean": "Police-group trust",
    "police_trust_community_mean": "Officers' trust in the community",
}
"""End-of-horizon trust levels whose distributions over replicates are drawn."""

METHOD: tuple[str, ...] = (
    "Every plan runs with the same {replicates} replicate seeds (common random numbers: "
    "replicate r of every plan starts from the same population, network and random "
    "draws), so differences between plans are not differences between seeds.",
    "A run's value over a window of months is, for a rate, the ratio of its counts summed "
    "over the window (for example incidents whose information reached police over all "
    "incidents) and otherwise the mean of its monthly values.",
    f"Means over replicates carry a {LEVEL:.0%} t-interval (mean plus or minus "
    "t x sd / sqrt(n), with n - 1 degrees of freedom).",
    "An effect is a plan's value minus the baseline's, replicate by replicate (paired), "
    f"with a {LEVEL:.0%} t-interval over the paired differences; effects.csv also gives "
    "the unpaired (Welch) interval of the same difference.",
    "An effect is distinguishable from zero when its interval excludes zero. The first "
    "month from which it stays distinguishable is the first month m such that, for m and "
    f"every later month, the interval of the paired effect on the trailing {ONSET_MONTHS}-"
    f"month value (months m-{ONSET_MONTHS - 1} to m) excludes zero on the same side as at "
    "the end of the horizon. Intervals are pointwise: with many months and outcomes, some "
    "will exclude zero by chance.",
)
"""How the statistics are computed, as the report states it ({replicates} is filled in)."""


def outcome(column: str) -> Outcome:
    """The outcome of a monthly-table column.

    Args:
        column: One of the columns of :data:`OUTCOMES`.

    Returns:
        Its :class:`Outcome`.

    Raises:
        KeyError: If it is not one of them.
    """
    for item in OUTCOMES:
        if item.column == column:
            return item
    raise KeyError(column)


# --- the design -------------------------------------------------------------------------


@dataclass(frozen=True)
class Design:
    """A plan comparison as plain data (build it with :meth:`Design.of`, which checks it).

    Attributes:
        scenario: The locality and its plans.
        plans: Plans compared, the baseline first.
        baseline: The plan effects are measured against.
        replicates: Replicates per plan.
        seed: Master seed; replicate r runs with ``run_seed(seed, r)`` in every plan.
        months: Months simulated.
        overrides: Parameter values (and ``DIALOGUE.FIELD`` changes) applied to every plan.
    """

    scenario: Scenario
    plans: tuple[str, ...]
    baseline: str
    replicates: int
    seed: int
    months: int
    overrides: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: Scenario | str | Path, plans: Sequence[str] | str | None = None,
           baseline: str | None = None, replicates: int = DEFAULT_REPLICATES,
           seed: int = DEFAULT_SEED, months: int | None = None,
           overrides: Mapping[str, Any] | None = None) -> Design:
        """Check and build a comparison.

        Args:
            scenario: A loaded scenario, a scenario file, or a bundled scenario's name.
            plans: Plans to compare (a list or ``"a,b,c"``); default: every plan of the
                scenario.
            baseline: The plan effects are measured against (added to ``plans`` if
                missing); default: the first plan compared.
            replicates: Replicates per plan (at least 2, for intervals).
            seed: Master seed (an integer >= 0).
            months: Months to simulate; default: the scenario's horizon.
            overrides: Parameter values applied to every plan, e.g.
                ``{"n_residents": 2000}`` or ``{"jsd.facilitation_quality": 0.6}``.

        Returns:
            The design; plans in the order given, the baseline first.

        Raises:
            ScenarioError: If the scenario file is missing or invalid.
            InputError: On an unknown plan or baseline, fewer than 2 plans or replicates,
                a bad seed or months, or an override that is invalid for a plan.
        """
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(find_scenario(scenario))
        chosen = _plan_list(scenario, plans)
        if baseline is not None:
            _check_plan(scenario, baseline, "--baseline")
        base = baseline if baseline is not None else chosen[0]
        chosen = (base, *(p for p in chosen if p != base))
        if len(chosen) < 2:
            raise InputError(f"a comparison needs at least 2 plans, got only {base!r}; "
                             f"{scenario.name} has {_listing(scenario.plans)}")
        if not isinstance(replicates, int | np.integer) or replicates < 2:
            raise InputError(f"replicates: expected a whole number >= 2 (intervals need "
                             f"two replicates), got {replicates!r}")
        if not isinstance(seed, int | np.integer) or seed < 0:
            raise InputError(f"seed: expected a whole number >= 0, got {seed!r}")
        if months is None:
            months = scenario.horizon_days // DAYS_PER_MONTH
        elif not isinstance(months, int | np.integer) or months < 1:
            raise InputError(f"months: expected a whole number >= 1, got {months!r}")
        design = cls(scenario, chosen, base, int(replicates), int(seed), int(months),
                     dict(overrides or {}))
        design.check_overrides()
        return design

    def check_overrides(self) -> None:
        """Check that the overrides are valid for every plan, before anything runs.

        A plan that fails without the overrides too is left to fail at run time (it is
        then reported as failed, and the other plans go on).

        Raises:
            InputError: Naming the plan and the override, if an override is invalid.
        """
        if not self.overrides:
            return
        for plan in self.plans:
            try:
                self.scenario.model_kwargs(plan, **self.overrides)
            except (InputError, ValueError) as exc:
                try:
                    self.scenario.model_kwargs(plan)
                except (InputError, ValueError):
                    continue  # the plan itself is broken: its runs will say so
                if isinstance(exc, ScenarioError):
                    raise
                raise InputError(f"plan {plan}: {exc}") from None

    def seeds(self) -> list[int]:
        """The replicate seeds, the same for every plan.

        Returns:
            ``run_seed(seed, r)`` for r in 0..replicates-1.
        """
        return [run_seed(self.seed, r) for r in range(self.replicates)]

    def specs(self) -> list[RunSpec]:
        """The runs: replicate by replicate, every plan (so early results pair up).

        Returns:
            ``replicates x len(plans)`` run specifications.
        """
        return [RunSpec(self.scenario, plan, seed=seed, months=self.months,
                        overrides=dict(self.overrides), replicate=r)
                for r, seed in enumerate(self.seeds()) for plan in self.plans]

    def command(self) -> str | None:
        """The ``jsdsim compare`` command line that runs this comparison.

        Returns:
            The command, or None if the scenario is not its file as it is on disk (built
            or changed in Python, or the file was edited since).
        """
        if not _is_its_file(self.scenario):
            return None
        words = ["jsdsim", "compare", str(self.scenario.path), "--plans", ",".join(self.plans),
                 "--baseline", self.baseline, "--replicates", str(self.replicates),
                 "--seed", str(self.seed), "--months", str(self.months)]
        for name, value in self.overrides.items():
            words += ["--set", f"{name}={value}"]
        return shlex.join(words)


def _is_its_file(scenario: Scenario) -> bool:
    """Whether a scenario is what its file holds now (same digest)."""
    if scenario.path is None:
        return False
    try:
        return scenario_digest(load_scenario(scenario.path)) == scenario_digest(scenario)
    except (InputError, OSError):
        return False


def _plan_list(scenario: Scenario, plans: Sequence[str] | str | None) -> tuple[str, ...]:
    if plans is None:
        return scenario.plans
    if isinstance(plans, str):
        plans = plans.split(",")
    chosen = [p.strip() for p in plans if p.strip()]
    if not chosen:
        raise InputError(f"--plans: no plan named; {scenario.name} has "
                         f"{_listing(scenario.plans)}")
    for plan in chosen:
        _check_plan(scenario, plan, "--plans")
    return tuple(dict.fromkeys(chosen))


def _check_plan(scenario: Scenario, plan: str, option: str) -> None:
    if plan not in scenario.plan_specs:
        raise InputError(f"{option}: unknown plan {plan!r}{suggest(plan, scenario.plans)} "
                         f"({scenario.name} has {_listing(scenario.plans)})")


def _listing(plans: Iterable[str]) -> str:
    plans = list(plans)
    return f"{len(plans)} plan{'s' if len(plans) != 1 else ''}: " + ", ".join(plans)


# --- statistics -------------------------------------------------------------------------


def windows(n_months: int) -> dict[str, tuple[int, int]]:
    """The windows of months summarised: the last 12 months and the whole horizon.

    Args:
        n_months: Months simulated.

    Returns:
        Window name -> (first month, last month), inclusive.
    """
    return {f"last_{LAST_MONTHS}_months": (max(1, n_months - LAST_MONTHS + 1), n_months),
            "whole_horizon": (1, n_months)}


def window_values(runs: pd.DataFrame, n_months: int) -> pd.DataFrame:
    """Each run's value of every outcome over each window of months.

    Args:
        runs: Tidy monthly tables (plan, replicate, month and the outcomes' columns).
        n_months: Months simulated (the windows are those of :func:`windows`).

    Returns:
        Long table: window, first_month, last_month, outcome, plan, replicate, value. A
        rate's value is its summed numerator over its summed denominator (NaN when that
        is 0); any other outcome's is the mean of its monthly values.
    """
    counts = list(dict.fromkeys(c for o in OUTCOMES if o.is_rate
                                for c in (o.numerator, o.denominator)))
    levels = [o.column for o in OUTCOMES if not o.is_rate]
    frames = []
    for name, (first, last) in windows(n_months).items():
        groups = runs[runs["month"].between(first, last)].groupby(["plan", "replicate"],
                                                                   sort=False)
        sums = groups[counts].sum().astype(float)
        means = groups[levels].mean().astype(float)
        for item in OUTCOMES:
            if item.is_rate:
                denominator = sums[item.denominator]
                value = sums[item.numerator] / denominator.where(denominator > 0)
            else:
                value = means[item.column]
            frames.append(pd.DataFrame({
                "window": name, "first_month": first, "last_month": last,
                "outcome": item.column, "plan": value.index.get_level_values("plan"),
                "replicate": value.index.get_level_values("replicate"),
                "value": value.to_numpy()}))
    columns = ["window", "first_month", "last_month", "outcome", "plan", "replicate", "value"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else \
        pd.DataFrame(columns=columns)


def _by_window(values: pd.DataFrame) -> Iterable[tuple[tuple[str, int, int], Outcome,
                                                        pd.DataFrame]]:
    """(window, first, last), outcome and its replicate-by-plan table, in output order."""
    for (name, first, last), rows in values.groupby(["window", "first_month", "last_month"],
                                                    sort=False):
        for item in OUTCOMES:
            own = rows[rows["outcome"] == item.column]
            wide = own.pivot(index="replicate", columns="plan", values="value")
            yield (name, first, last), item, wide


def monthly_values(runs: pd.DataFrame, item: Outcome, smooth_months: int = 1) -> pd.DataFrame:
    """Each run's value of an outcome month by month, over a trailing window.

    Args:
        runs: Tidy monthly tables.
        item: The outcome.
        smooth_months: Length of the trailing window (1: the month itself; 3: months
            m-2..m, fewer at the start).

    Returns:
        Table indexed by month with one column per (plan, replicate).
    """
    indexed = runs.set_index(["month", "plan", "replicate"])

    def wide(column: str) -> pd.DataFrame:
        return indexed[column].astype(float).unstack(["plan", "replicate"]).sort_index()

    if item.is_rate:
        numerator = wide(item.numerator).rolling(smooth_months, min_periods=1).sum()
        denominator = wide(item.denominator).rolling(smooth_months, min_periods=1).sum()
        return numerator / denominator.where(denominator > 0)
    return wide(item.column).rolling(smooth_months, min_periods=1).mean()


def mean_interval(values: np.ndarray, level: float = LEVEL
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Mean and t-interval of each row of a table of replicate values (NaN ignored).

    Args:
        values: Array (rows x replicates), or one row (replicates,).
        level: Coverage.

    Returns:
        (mean, low, high, n) per row; the interval is NaN where n < 2.
    """
    table = np.atleast_2d(np.asarray(values, dtype=float))
    n = np.sum(~np.isnan(table), axis=1)
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(table, axis=1)
        sd = np.nanstd(table, axis=1, ddof=1)
        half = special.stdtrit(n - 1, 0.5 + level / 2) * sd / np.sqrt(n)
    half = np.where(n >= 2, half, np.nan)
    return mean, mean - half, mean + half, n


def welch_interval(a: np.ndarray, b: np.ndarray, level: float = LEVEL
                   ) -> tuple[float, float, float]:
    """Difference of the means of two independent samples, with a Welch t-interval.

    Args:
        a: Values of one plan (NaN ignored).
        b: Values of the other.
        level: Coverage.

    Returns:
        (mean(a) - mean(b), low, high); NaN bounds if either has fewer than 2 values.
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    if len(a) < 2 or len(b) < 2:
        return float(np.mean(a) - np.mean(b)) if len(a) and len(b) else np.nan, np.nan, np.nan
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    diff = float(a.mean() - b.mean())
    se = np.sqrt(va + vb)
    if se == 0:
        return diff, diff, diff
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = float(special.stdtrit(df, 0.5 + level / 2) * se)
    return diff, diff - half, diff + half


def _excludes_zero(low: Any, high: Any) -> Any:
    return (np.asarray(low) > 0) | (np.asarray(high) < 0)


def summary_table(values: pd.DataFrame, plans: Sequence[str]) -> pd.DataFrame:
    """Mean and interval of every outcome, per plan and window.

    Args:
        values: :func:`window_values` of the finished runs.
        plans: Plans, in the order of the rows.

    Returns:
        One row per (plan, outcome, window): plan, outcome, label, unit, window,
        first_month, last_month, n_replicates, mean, low, high.
    """
    rows = []
    for (name, first, last), item, wide in _by_window(values):
        for plan in plans:
            if plan not in wide.columns:
                continue
            mean, low, high, n = mean_interval(wide[plan].to_numpy())
            rows.append({"plan": plan, "outcome": item.column, "label": item.label,
                         "unit": item.unit, "window": name, "first_month": first,
                         "last_month": last, "n_replicates": int(n[0]),
                         "mean": mean[0], "low": low[0], "high": high[0]})
    return _ordered(pd.DataFrame(rows, columns=SUMMARY_COLUMNS), plans)


SUMMARY_COLUMNS = ["plan", "outcome", "label", "unit", "window", "first_month",
                   "last_month", "n_replicates", "mean", "low", "high"]

EFFECT_COLUMNS = ["plan", "baseline", "outcome", "label", "unit", "window", "first_month",
                  "last_month", "n_pairs", "plan_mean", "baseline_mean", "effect", "low",
                  "high", "relative_effect", "n_better", "better_when", "verdict",
                  "distinguishable_from_month", "unpaired_low", "unpaired_high"]

MONTHLY_EFFECT_COLUMNS = ["plan", "baseline", "outcome", "month", "n_pairs", "effect",
                          "low", "high", "excludes_zero"]

SERIES_COLUMNS = ["plan", "outcome", "month", "n_replicates", "mean", "low", "high"]

RANKING_COLUMNS = ["outcome", "label", "unit", "window", "first_month", "last_month",
                   "best_plan", "best_mean", "runner_up", "runner_up_mean", "difference",
                   "low", "high", "n_pairs", "separated"]


def _ordered(table: pd.DataFrame, plans: Sequence[str]) -> pd.DataFrame:
    """Rows in plan order, then outcome order, stable otherwise."""
    if table.empty:
        return table.reset_index(drop=True)
    plan_rank = {p: i for i, p in enumerate(plans)}
    outcome_rank = {o.column: i for i, o in enumerate(OUTCOMES)}
    keys = table["plan"].map(plan_rank) * 1000 + table["outcome"].map(outcome_rank)
    return table.iloc[np.argsort(keys.to_numpy(), kind="stable")].reset_index(drop=True)


def _pairs(wide: pd.DataFrame, plan: str, baseline: str) -> tuple[np.ndarray, np.ndarray]:
    """A plan's and the baseline's values on the replicates where both have one."""
    if plan not in wide.columns or baseline not in wide.columns:
        return np.zeros(0), np.zeros(0)
    mine, base = wide[plan].to_numpy(float), wide[baseline].to_numpy(float)
    both = ~np.isnan(mine) & ~np.isnan(base)
    return mine[both], base[both]


def monthly_effects(runs: pd.DataFrame, baseline: str, plans: Sequence[str],
                    smooth_months: int = ONSET_MONTHS) -> pd.DataFrame:
    """Paired effect of each plan on each outcome, month by month (trailing window).

    Args:
        runs: Tidy monthly tables.
        baseline: The baseline plan.
        plans: The other plans.
        smooth_months: Trailing window of the monthly values.

    Returns:
        One row per (plan, outcome, month): plan, baseline, outcome, month, n_pairs,
        effect, low, high, excludes_zero.
    """
    frames = []
    for item in OUTCOMES:
        wide = monthly_values(runs, item, smooth_months)
        present = set(wide.columns.get_level_values("plan"))
        if baseline not in present:
            continue
        base = wide[baseline]
        for plan in plans:
            if plan == baseline or plan not in present:
                continue
            diff = wide[plan].sub(base).dropna(axis=1, how="all")
            mean, low, high, n = mean_interval(diff.to_numpy())
            frames.append(pd.DataFrame({
                "plan": plan, "baseline": baseline, "outcome": item.column,
                "month": diff.index.astype(int), "n_pairs": n, "effect": mean, "low": low,
                "high": high, "excludes_zero": _excludes_zero(low, high)}))
    if not frames:
        return pd.DataFrame(columns=MONTHLY_EFFECT_COLUMNS)
    return _ordered(pd.concat(frames, ignore_index=True)[MONTHLY_EFFECT_COLUMNS], plans)


def onset_month(months: pd.DataFrame) -> int | None:
    """The first month from which an effect stays distinguishable from zero.

    Args:
        months: Rows of :func:`monthly_effects` for one plan and outcome.

    Returns:
        The first month m such that the interval excludes zero at m and every later
        month, on the side it is on at the last month; None if it does not at the last.
    """
    months = months.sort_values("month")
    low, high = months["low"].to_numpy(), months["high"].to_numpy()
    if not len(months) or not _excludes_zero(low[-1], high[-1]):
        return None
    side = low > 0 if low[-1] > 0 else high < 0
    first = len(side)
    while first > 0 and side[first - 1]:
        first -= 1
    return int(months["month"].iloc[first])


def effects_table(values: pd.DataFrame, baseline: str, plans: Sequence[str],
                  by_month: pd.DataFrame) -> pd.DataFrame:
    """Each plan minus the baseline, paired by replicate, per outcome and window.

    Args:
        values: :func:`window_values` of the finished runs.
        baseline: The baseline plan.
        plans: Plans (the baseline is skipped).
        by_month: :func:`monthly_effects` of the same runs, for the first month from
            which each effect stays distinguishable from zero.

    Returns:
        One row per (plan, outcome, window), columns :data:`EFFECT_COLUMNS`: the paired
        mean difference (``effect``) and its interval (``low``, ``high``) over the
        replicates both finished, the plan's and baseline's means over those replicates,
        ``relative_effect`` (effect / baseline mean), ``n_better`` (pairs in which the
        plan did better), ``verdict`` ("better", "worse" or "no distinguishable
        difference"), ``distinguishable_from_month`` and the unpaired (Welch) interval.
    """
    onsets = {key: onset_month(group)
              for key, group in by_month.groupby(["plan", "outcome"], sort=False)}
    rows = []
    for (name, first, last), item, wide in _by_window(values):
        for plan in plans:
            mine, base = _pairs(wide, plan, baseline)
            if plan == baseline or not len(mine):
                continue
            diff = mine - base
            mean, low, high, n = (v[0] for v in mean_interval(diff))
            base_mean = float(np.mean(base))
            better = diff > 0 if item.higher_is_better else diff < 0
            _, unpaired_low, unpaired_high = welch_interval(wide[plan].to_numpy(),
                                                            wide[baseline].to_numpy())
            rows.append({
                "plan": plan, "baseline": baseline, "outcome": item.column,
                "label": item.label, "unit": item.unit, "window": name,
                "first_month": first, "last_month": last, "n_pairs": int(n),
                "plan_mean": float(np.mean(mine)), "baseline_mean": base_mean,
                "effect": mean, "low": low, "high": high,
                "relative_effect": mean / base_mean if base_mean else np.nan,
                "n_better": int(better.sum()),
                "better_when": "higher" if item.higher_is_better else "lower",
                "verdict": _verdict(item, low, high),
                "distinguishable_from_month": onsets.get((plan, item.column)),
                "unpaired_low": unpaired_low, "unpaired_high": unpaired_high})
    table = pd.DataFrame(rows, columns=EFFECT_COLUMNS)
    table["distinguishable_from_month"] = table["distinguishable_from_month"].astype("Int64")
    return _ordered(table, plans)


def _verdict(item: Outcome, low: float, high: float) -> str:
    if not _excludes_zero(low, high):
        return "no distinguishable difference"
    up = low > 0
    return "better" if up == item.higher_is_better else "worse"


def ranking_table(values: pd.DataFrame, plans: Sequence[str]) -> pd.DataFrame:
    """The best plan on each outcome and window, and how far ahead of the runner-up it is.

    Args:
        values: :func:`window_values` of the finished runs.
        plans: Plans compared (the baseline included: doing nothing can be best).

    Returns:
        One row per (outcome, window), columns :data:`RANKING_COLUMNS`: the best and
        second-best plans by mean (higher or lower, as the outcome wants), the paired
        difference best minus runner-up with its interval, and ``separated`` (whether
        that interval excludes zero).
    """
    rows = []
    for (name, first, last), item, wide in _by_window(values):
        means = wide.mean().dropna()
        means = means[[p for p in plans if p in means.index]]
        if len(means) < 2:
            continue
        order = means.sort_values(ascending=not item.higher_is_better, kind="stable")
        best, second = order.index[0], order.index[1]
        mine, other = _pairs(wide, best, second)
        mean, low, high, n = (v[0] for v in mean_interval(mine - other))
        rows.append({"outcome": item.column, "label": item.label, "unit": item.unit,
                     "window": name, "first_month": first, "last_month": last,
                     "best_plan": best, "best_mean": float(order.iloc[0]),
                     "runner_up": second, "runner_up_mean": float(order.iloc[1]),
                     "difference": mean, "low": low, "high": high, "n_pairs": int(n),
                     "separated": bool(_excludes_zero(low, high))})
    return pd.DataFrame(rows, columns=RANKING_COLUMNS)


def series_table(runs: pd.DataFrame, plans: Sequence[str]) -> pd.DataFrame:
    """Monthly mean of every outcome per plan, with its interval over replicates.

    Args:
        runs: Tidy monthly tables.
        plans: Plans, in the order of the rows.

    Returns:
        One row per (plan, outcome, month): plan, outcome, month, n_replicates, mean,
        low, high (monthly values, not smoothed).
    """
    frames = []
    for item in OUTCOMES:
        wide = monthly_values(runs, item)
        for plan in plans:
            if plan not in wide.columns.get_level_values("plan"):
                continue
            mean, low, high, n = mean_interval(wide[plan].to_numpy())
            frames.append(pd.DataFrame({"plan": plan, "outcome": item.column,
                                        "month": wide.index.astype(int), "n_replicates": n,
                                        "mean": mean, "low": low, "high": high}))
    if not frames:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    return _ordered(pd.concat(frames, ignore_index=True)[SERIES_COLUMNS], plans)


def final_values(runs: pd.DataFrame, columns: Iterable[str] = TRUST_COLUMNS) -> pd.DataFrame:
    """Each run's values at its last month.

    Args:
        runs: Tidy monthly tables.
        columns: Columns to keep.

    Returns:
        One row per run: plan, replicate and the columns.
    """
    if runs.empty:
        return pd.DataFrame(columns=["plan", "replicate", *columns])
    last = runs[runs["month"] == runs["month"].max()]
    return last[["plan", "replicate", *columns]].reset_index(drop=True)


# --- results ----------------------------------------------------------------------------


@dataclass
class ComparisonResult:
    """A finished plan comparison: its runs and the tables read from them.

    Attributes:
        design: What was compared.
        runs: Every finished run's monthly table (labels, ``run_key``, month, metrics).
        failures: Failed runs: plan, replicate, seed, error.
        summary: Per plan, outcome and window: mean and interval (:func:`summary_table`).
        effects: Per plan, outcome and window: paired effect vs the baseline
            (:func:`effects_table`).
        effects_by_month: Per plan, outcome and month: paired effect on the trailing
            3-month value (:func:`monthly_effects`).
        ranking: Per outcome and window: best plan and its lead (:func:`ranking_table`).
        series: Per plan, outcome and month: mean and interval (:func:`series_table`).
        manifest: What was run, with which code, parameters and seeds.
        execution: What the run engine did in this call (runs done, skipped, failed).
        folder: The results folder (the run store), or None if it was temporary.
    """

    design: Design
    runs: pd.DataFrame
    failures: pd.DataFrame
    summary: pd.DataFrame
    effects: pd.DataFrame
    effects_by_month: pd.DataFrame
    ranking: pd.DataFrame
    series: pd.DataFrame
    manifest: dict[str, Any]
    execution: Execution = field(default_factory=Execution)
    folder: Path | None = None

    def figures(self) -> dict[str, Any]:
        """The comparison's figures (matplotlib Figures), by file stem.

        Returns:
            ``series``, ``effects``, ``effects_over_time`` and ``trust_at_end``.
        """
        from model.experiments.comparison_report import figures

        return figures(self)

    def write_report(self, folder: str | Path | None = None) -> Path:
        """Write the tables, figures, runs, manifest and report (Markdown and HTML).

        Args:
            folder: Where to write (default: the results folder of the comparison).

        Returns:
            The path of ``report.html``.

        Raises:
            InputError: If no folder is given and the comparison kept none.
        """
        from model.experiments.comparison_report import write_outputs

        target = Path(folder) if folder is not None else self.folder
        if target is None:
            raise InputError("write_report: give a folder (this comparison ran in a "
                             "temporary one)")
        return write_outputs(self, target)

    def headline(self, window: str | None = None) -> pd.DataFrame:
        """Effects on every outcome as text, one column per plan (for terminals, notebooks).

        Args:
            window: ``"last_12_months"`` (default) or ``"whole_horizon"``.

        Returns:
            Table indexed by outcome label.
        """
        from model.experiments.comparison_report import effects_text

        return effects_text(self, window or next(iter(windows(self.design.months))))

    def __repr__(self) -> str:
        return (f"<ComparisonResult {self.design.scenario.name}: "
                f"{len(self.design.plans)} plans x {self.design.replicates} replicates, "
                f"{self.runs[KEY_COLUMN].nunique() if not self.runs.empty else 0} runs "
                f"finished, {len(self.failures)} failed>")


def analyse(design: Design, runs: pd.DataFrame, failures: pd.DataFrame,
            manifest: Mapping[str, Any] | None = None, execution: Execution | None = None,
            folder: Path | None = None) -> ComparisonResult:
    """Compute every table of a comparison from its runs.

    Args:
        design: What was compared.
        runs: Monthly tables of the finished runs.
        failures: Failed runs (plan, replicate, seed, error).
        manifest: The manifest (default: :func:`manifest`).
        execution: What the engine did.
        folder: The results folder.

    Returns:
        The result.
    """
    plans, base = design.plans, design.baseline
    manifest = dict(manifest) if manifest is not None else build_manifest(design)
    execution = execution or Execution()
    if runs.empty:  # every run failed: empty tables, and the report says so
        empty = {name: pd.DataFrame(columns=columns) for name, columns in (
            ("summary", SUMMARY_COLUMNS), ("effects", EFFECT_COLUMNS),
            ("effects_by_month", MONTHLY_EFFECT_COLUMNS), ("ranking", RANKING_COLUMNS),
            ("series", SERIES_COLUMNS))}
        return ComparisonResult(design=design, runs=runs, failures=failures,
                                manifest=manifest, execution=execution, folder=folder,
                                **empty)
    values = window_values(runs, design.months)
    by_month = monthly_effects(runs, base, plans)
    return ComparisonResult(
        design=design, runs=runs, failures=failures,
        summary=summary_table(values, plans),
        effects=effects_table(values, base, plans, by_month),
        effects_by_month=by_month, ranking=ranking_table(values, plans),
        series=series_table(runs, plans), manifest=manifest, execution=execution,
        folder=folder)


# --- running ----------------------------------------------------------------------------


def build_manifest(design: Design, command: str | None = None,
                   failures: pd.DataFrame | None = None) -> dict[str, Any]:
    """What a comparison runs, with which code, parameters and seeds (JSON-ready).

    Args:
        design: The comparison.
        command: The command that started it (default: the equivalent ``jsdsim compare``
            command line, if there is one).
        failures: Failed runs to record, if any.

    Returns:
        The manifest: command, equivalent command line, environment (versions, code
        digest, git commit), scenario, plans, baseline, replicates, master seed, seeds,
        months, overrides, resolved parameters per plan, run keys and failures.
    """
    scenario = design.scenario
    specs = design.specs()
    return {
        "kind": "jsdsim plan comparison",
        "command": command or design.command() or "model.compare(...) in Python",
        "equivalent_command": design.command(),
        "environment": environment(),
        "scenario": {"name": scenario.name, "title": scenario.title,
                     "path": str(scenario.path) if scenario.path else None,
                     "digest": scenario_digest(scenario)},
        "plans": list(design.plans),
        "baseline": design.baseline,
        "replicates": design.replicates,
        "master_seed": design.seed,
        "seeds": design.seeds(),
        "seed_rule": "replicate r of every plan: run_seed(master_seed, r) = "
                     "SeedSequence(master_seed, spawn_key=(0, r))",
        "months": design.months,
        "overrides": {k: v for k, v in design.overrides.items()},
        "resolved": {plan: _resolved(design, plan) for plan in design.plans},
        "runs": [{"key": s.key(), "plan": s.plan_name, "replicate": s.replicate,
                  "seed": s.seed} for s in specs],
        "failures": [] if failures is None else failures.to_dict("records"),
    }


def _resolved(design: Design, plan: str) -> dict[str, Any]:
    try:
        kwargs = design.scenario.model_kwargs(plan, **design.overrides)
    except (InputError, ValueError) as exc:
        return {"error": str(exc)}
    graph: nx.Graph | None = kwargs.pop("graph")
    plain = {k: _plain(kwargs.pop(k)) for k in ("interventions", "events", "hotspots")}
    plain["parameters"] = kwargs
    plain["network"] = ("generated" if graph is None else
                        f"edge list: {graph.number_of_nodes()} residents, "
                        f"{graph.number_of_edges()} ties")
    return plain


def _plain(items: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"type": type(item).__name__, **dataclasses.asdict(item)} for item in items]


def failures_table(store: RunStore, specs: Sequence[RunSpec]) -> pd.DataFrame:
    """The runs of a comparison whose newest attempt failed.

    Args:
        store: The results folder.
        specs: The comparison's runs.

    Returns:
        plan, replicate, seed, run_key, error; one row per failed run, in spec order.
    """
    records = store.records
    rows = [{"plan": s.plan_name, "replicate": s.replicate, "seed": s.seed,
             KEY_COLUMN: s.key(), "error": records[s.key()].error}
            for s in specs if s.key() in records and records[s.key()].status == "failed"]
    return pd.DataFrame(rows, columns=["plan", "replicate", "seed", KEY_COLUMN, "error"])


def run_comparison(design: Design, out: str | Path | None = None, *,
                   workers: int | None = None, executor: Executor | None = None,
                   progress: bool = True, command: str | None = None) -> ComparisonResult:
    """Run a comparison (skipping runs already in ``out``) and analyse it.

    Args:
        design: The comparison.
        out: Results folder; it is also the run store, so running the same comparison
            into it again only runs what is missing. None: a temporary folder, removed
            once the runs are read.
        workers: Local worker processes (default: the CPUs this process may use).
        executor: Any ``concurrent.futures.Executor`` to run on instead.
        progress: Show a progress bar on stderr.
        command: The command line to record in the manifest.

    Returns:
        The result (call :meth:`ComparisonResult.write_report` to write the outputs).

    Raises:
        KeyboardInterrupt: After keeping every finished run, if interrupted.
    """
    if out is None:
        with tempfile.TemporaryDirectory(prefix="jsdsim-compare-") as folder:
            result = run_comparison(design, folder, workers=workers, executor=executor,
                                    progress=progress, command=command)
        result.folder = None
        return result
    store = RunStore(out)
    specs = design.specs()
    store.write_manifest(build_manifest(design, command))
    execution = execute(specs, store, workers=workers, executor=executor, progress=progress,
                        desc=f"{design.scenario.name}: runs")
    keys = [s.key() for s in specs]
    runs = store.table(keys)
    failures = failures_table(store, specs)
    manifest = build_manifest(design, command, failures)
    store.write_manifest(manifest)
    return analyse(design, runs, failures, manifest, execution, Path(out))


def compare(scenario: Scenario | str | Path, plans: Sequence[str] | str | None = None, *,
            baseline: str | None = None, replicates: int = DEFAULT_REPLICATES,
            workers: int | None = None, months: int | None = None,
            seed: int = DEFAULT_SEED, overrides: Mapping[str, Any] | None = None,
            out: str | Path | None = None, executor: Executor | None = None,
            progress: bool = True) -> ComparisonResult:
    """Compare plans of a scenario with common random numbers: ``model.compare``.

    Runs execute in local worker processes (a ``forkserver`` pool), so a script that
    calls this must guard its entry point with ``if __name__ == "__main__":``
    (notebooks and the ``jsdsim`` command need nothing).

    Args:
        scenario: A loaded scenario, a scenario file, or a bundled scenario's name.
        plans: Plans to compare (default: all); a list or ``"a,b,c"``.
        baseline: Plan effects are measured against (default: the first plan).
        replicates: Replicates per plan (>= 2).
        workers: Local worker processes (default: the CPU count; 1 runs in this process).
        months: Months to simulate (default: the scenario's horizon).
        seed: Master seed; replicate r runs with ``run_seed(seed, r)`` in every plan.
        overrides: Parameter values for every plan, e.g. ``{"n_residents": 2000}``.
        out: Results folder, also the resumable run store (default: a temporary one);
            call ``write_report()`` on the result to write the report there.
        executor: Any ``concurrent.futures.Executor`` to run on instead of local workers.
        progress: Show a progress bar.

    Returns:
        The result: ``summary``, ``effects``, ``ranking`` ... tables and
        ``write_report(folder)``.

    Raises:
        ScenarioError: If the scenario is missing or invalid.
        InputError: On an unknown plan, bad replicates, seed, months or overrides.

    Example:
        >>> import model
        >>> result = model.compare("saaba", plans="no_dialogue,dialogue_12m",
        ...                        replicates=4, months=12,
        ...                        overrides={"n_residents": 2000})  # doctest: +SKIP
        >>> result.write_report("out/saaba")  # doctest: +SKIP
    """
    design = Design.of(scenario, plans, baseline, replicates, seed, months, overrides)
    return run_comparison(design, out, workers=workers, executor=executor,
                          progress=progress)
