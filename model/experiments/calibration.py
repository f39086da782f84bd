"""Calibration: fit a locality's free parameters so that its baseline sits still.

A locality written from survey figures is not automatically at rest: under the no-dialogue
plan its trust in police may climb or fall for reasons that have nothing to do with the
plans compared. :func:`calibrate` fits the parameters a user names (e.g.
``police_conduct_init``) so that the baseline holds its survey targets over the horizon:
residents' mean trust in police at its starting level (the mean of the distribution
whose share above 0.5 is the survey share) and, optionally, other monthly outputs at
given values (e.g. ``reporting_rate``). Runs use common random numbers (the same seeds
for every candidate), so the objective changes smoothly with the parameters, and a
bounded optimiser from scipy.optimize does the search. :func:`baseline_drift` measures
how far a baseline moves in its first year (the check behind ``jsdsim validate
--drift``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize

from model.core.errors import InputError
from model.core.params import DAYS_PER_MONTH, PARAMS, check_value
from model.core.population import mean_for_share
from model.experiments.runner import run
from model.experiments.seeds import run_seed
from model.experiments.specs import RunSpec
from model.scenario.loaded import Scenario

CALIBRATION_SEED = 20_261_130
"""Master seed of the calibration runs (common random numbers across candidates)."""

DEFAULT_TOLERANCE = 0.03
"""Largest allowed distance of the baseline's quarterly mean trust in police from target."""

DEFAULT_MAX_EVALUATIONS = 30
"""Budget of objective evaluations (each a few replicated baseline runs): enough for
Powell's line searches over three free parameters at SEARCH_RESOLUTION."""

SEARCH_RESOLUTION = 0.02
"""Line searches stop at this share of each parameter's bounds: finer steps only chase
the noise of a few replicates (the objective is not smooth below it)."""

SMOOTHING_MONTHS = 6
"""Deviations are judged on centred rolling means over this many months (half a year), so
that month-to-month noise of a few replicates is not mistaken for drift."""


@dataclass(frozen=True)
class Calibration:
    """The result of :func:`calibrate`.

    Attributes:
        values: Fitted value of each free parameter.
        targets: Target of each fitted output (``trust_police_mean`` first).
        max_deviation: Largest distance over the horizon of the replicate-mean
            ``trust_police_mean`` (half-year rolling mean) from its target, at the fitted
            values.
        tolerance: The tolerance it is judged against.
        evaluations: Objective evaluations used.
        plan: The baseline plan fitted.
    """

    values: dict[str, float]
    targets: dict[str, float]
    max_deviation: float
    tolerance: float
    evaluations: int
    plan: str

    @property
    def ok(self) -> bool:
        """Whether the baseline holds within the tolerance."""
        return self.max_deviation <= self.tolerance

    def yaml_fragment(self, scenario: Scenario | None = None) -> str:
        """The fitted values as a YAML fragment to review and paste under ``locality:``.

        Args:
            scenario: The scenario, to name it in the comments.

        Returns:
            YAML text, one commented line per parameter.
        """
        where = f" for {scenario.name}" if scenario is not None else ""
        status = "within" if self.ok else "NOT within"
        lines = [f"# jsdsim calibrate{where}: baseline plan '{self.plan}' holds "
                 f"trust_police_mean {status} +/-{self.tolerance:g} of "
                 f"{self.targets['trust_police_mean']:.3f} (largest monthly deviation "
                 f"{self.max_deviation:.3f}); review before pasting under `locality:`"]
        for name, value in self.values.items():
            text = f"{value:.4g}" if PARAMS[name].kind is float else str(round(value))
            lines.append(f"{name}: {text}  # calibrated (jsdsim calibrate)")
        return "\n".join(lines) + "\n"


def survey_targets(scenario: Scenario, plan: str | None = None) -> dict[str, float]:
    """The baseline's survey target: residents' starting mean trust in police.

    ``trust_police_init`` is the survey share of residents who trust police; the model
    draws trust from a Beta distribution with that share above 0.5, whose mean is the
    target the baseline should hold.

    Args:
        scenario: The scenario.
        plan: The baseline plan (None: the first).

    Returns:
        ``{"trust_police_mean": mean}``.
    """
    p = scenario.params(plan)
    return {"trust_police_mean": mean_for_share(p.trust_police_init,
                                                p.trust_init_concentration)}


def _check_free(free: Mapping[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    if not free:
        raise InputError("calibrate needs at least one free parameter (e.g. "
                         "police_conduct_init)")
    out = {}
    for name, bounds in free.items():
        if name not in PARAMS or PARAMS[name].kind not in (float, int):
            raise InputError(f"free parameter {name!r} is not a numeric model parameter; "
                             "see docs/parameters.md")
        low, high = (float(b) for b in bounds)
        check_value(name, low)
        check_value(name, high)
        if not low < high:
            raise InputError(f"free parameter {name!r}: bounds {low:g}..{high:g} are "
                             "invalid: expected low < high")
        out[name] = (low, high)
    return out


def at_rest(scenario: Scenario, plan: str | None = None) -> Scenario:
    """The scenario with one plan, the baseline, without any event.

    Survey figures describe a locality's usual state; a crime wave or a withdrawal in the
    scenario is what the plans respond to, not part of the state to hold.

    Args:
        scenario: The scenario.
        plan: The baseline plan (None: the first).

    Returns:
        A scenario whose only plan is the baseline without events (same name).
    """
    base = scenario.plan(plan)
    quiet = dataclasses.replace(base, events=())
    return dataclasses.replace(scenario, plan_specs={quiet.name: quiet}, locality_events=())


def baseline_runs(scenario: Scenario, values: Mapping[str, Any], plan: str | None = None,
                  months: int | None = None, n_replicates: int = 2,
                  n_residents: int | None = None,
                  master_seed: int = CALIBRATION_SEED, events: bool = False
                  ) -> pd.DataFrame:
    """Run the baseline plan with some parameter values (common random numbers).

    Args:
        scenario: The scenario.
        values: Parameter overrides.
        plan: The baseline plan (None: the first).
        months: Months (None: the horizon).
        n_replicates: Replicates.
        n_residents: Resize the locality (None: as written).
        master_seed: Replicate r runs with ``run_seed(master_seed, r)``.
        events: Keep the scenario's events (default: the locality at rest,
            :func:`at_rest`).

    Returns:
        The replicates' monthly tables, concatenated.
    """
    if not events:
        scenario, plan = at_rest(scenario, plan), None
    overrides = dict(values)
    if n_residents is not None:
        overrides["n_residents"] = n_residents
    spec = RunSpec(scenario, plan, months=months, overrides=overrides)
    return pd.concat([run(dataclasses.replace(spec, seed=run_seed(master_seed, r),
                                              replicate=r))
                      for r in range(n_replicates)], ignore_index=True)


def deviations(runs: pd.DataFrame, targets: Mapping[str, float]) -> dict[str, np.ndarray]:
    """Replicate-mean monthly value minus target, per output.

    Args:
        runs: Monthly tables of the replicates.
        targets: Output -> target.

    Returns:
        Output -> monthly deviations.
    """
    means = runs.groupby("month")[list(targets)].mean()
    return {name: means[name].to_numpy() - target for name, target in targets.items()}


def largest_deviation(runs: pd.DataFrame, target: float,
                      column: str = "trust_police_mean") -> float:
    """Largest distance of the replicate-mean half-year rolling mean from a target.

    Args:
        runs: Monthly tables of the replicates.
        target: The target.
        column: The output.

    Returns:
        max over months of |rolling mean - target|.
    """
    means = runs.groupby("month")[column].mean()
    smooth = means.rolling(SMOOTHING_MONTHS, center=True, min_periods=1).mean()
    return float((smooth - target).abs().max())


def calibrate(scenario: Scenario, free: Mapping[str, tuple[float, float]],
              plan: str | None = None, targets: Mapping[str, float] | None = None,
              months: int | None = None, n_replicates: int = 2,
              n_residents: int | None = None, tolerance: float = DEFAULT_TOLERANCE,
              max_evaluations: int = DEFAULT_MAX_EVALUATIONS, master_seed: int = CALIBRATION_SEED,
              on_evaluation: Callable[[int, dict[str, float], float], None] | None = None,
              ) -> Calibration:
    """Fit free parameters so that the baseline plan holds its targets over the horizon.

    The objective is the mean over months of the squared deviation of the replicate-mean
    monthly outputs from their targets (trust in police always; other outputs if
    ``targets`` names them). One free parameter is fitted with bounded Brent search
    (``scipy.optimize.minimize_scalar``), several with bounded Powell search
    (``scipy.optimize.minimize``: Brent line searches along each parameter in turn, which
    reach the bounds, where Nelder-Mead's simplex stalls), both on the unit cube of the
    bounds and stopping at SEARCH_RESOLUTION of it. Every evaluation uses the same seeds.

    Args:
        scenario: The scenario.
        free: Parameter name -> (low, high) bounds.
        plan: The baseline plan (None: the scenario's first plan).
        targets: Extra targets, output column -> value (e.g. ``{"reporting_rate":
            0.4}``); ``trust_police_mean`` defaults to :func:`survey_targets`.
        months: Months to hold (None: the horizon).
        n_replicates: Replicates per evaluation.
        n_residents: Resize the locality for speed (None: as written).
        tolerance: Allowed largest monthly deviation of trust in police.
        max_evaluations: Budget of objective evaluations.
        master_seed: Seeds of the runs.
        on_evaluation: Called with (evaluation number, values, objective) after each.

    Returns:
        The fitted values and how well the baseline holds.

    Raises:
        InputError: On an unknown free parameter, invalid bounds or an unknown target.
    """
    bounds = _check_free(free)
    goal = {**survey_targets(scenario, plan), **dict(targets or {})}
    plan_name = scenario.plan(plan).name
    names = list(bounds)
    count = 0
    best: tuple[float, dict[str, float]] = (math.inf, {})

    def as_values(unit: np.ndarray | float) -> dict[str, float]:
        out = {}
        for name, ui in zip(names, np.atleast_1d(unit), strict=True):
            low, high = bounds[name]
            v = low + float(np.clip(ui, 0.0, 1.0)) * (high - low)
            out[name] = round(v) if PARAMS[name].kind is int else v
        return out

    def objective(x: np.ndarray | float) -> float:
        nonlocal count, best
        values = as_values(x)
        runs = baseline_runs(scenario, values, plan, months, n_replicates, n_residents,
                             master_seed)
        missing = [t for t in goal if t not in runs.columns]
        if missing:
            raise InputError(f"unknown calibration target {missing[0]!r}: expected a "
                             "column of the monthly table (e.g. reporting_rate)")
        dev = deviations(runs, goal)
        value = float(np.mean([np.mean(d**2) for d in dev.values()]))
        count += 1
        if value < best[0]:
            best = (value, values)
        if on_evaluation is not None:
            on_evaluation(count, values, value)
        return value

    # Search the unit cube of the bounds, so that one resolution serves every parameter.
    if len(names) == 1:
        optimize.minimize_scalar(objective, bounds=(0.0, 1.0), method="bounded",
                                 options={"maxiter": max_evaluations,
                                          "xatol": SEARCH_RESOLUTION})
    else:
        optimize.minimize(objective, np.full(len(names), 0.5), method="Powell",
                          bounds=[(0.0, 1.0)] * len(names),
                          options={"maxfev": max_evaluations, "xtol": SEARCH_RESOLUTION,
                                   "ftol": 1e-3})
    values = best[1]
    runs = baseline_runs(scenario, values, plan, months, n_replicates, n_residents,
                         master_seed)
    worst = largest_deviation(runs, goal["trust_police_mean"])
    return Calibration(values=values, targets=goal, max_deviation=worst,
                       tolerance=tolerance, evaluations=count, plan=plan_name)


def baseline_drift(scenario: Scenario, plan: str | None = None, months: int = 12,
                   n_replicates: int = 2, n_residents: int | None = None,
                   master_seed: int = CALIBRATION_SEED) -> float:
    """How far the baseline's mean trust in police moves from its target in a year.

    Args:
        scenario: The scenario.
        plan: The baseline plan (None: the first).
        months: Months checked (at most the horizon).
        n_replicates: Replicates.
        n_residents: Resize the locality for speed (None: as written).
        master_seed: Seeds of the runs.

    Returns:
        The largest absolute deviation of the replicate-mean trust in police (quarterly
        rolling mean) from its survey target over those months.
    """
    months = min(months, scenario.horizon_days // DAYS_PER_MONTH)
    runs = baseline_runs(scenario, {}, plan, months, n_replicates, n_residents, master_seed)
    return largest_deviation(runs, survey_targets(scenario, plan)["trust_police_mean"])
