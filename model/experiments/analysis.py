"""Analysis of a sweep folder: outcomes, sensitivity indices, response curves, failures.

Everything works from the folder that :func:`model.experiments.sweep.sweep` writes
(manifest, samples, runs, ledger and parts), so it can be re-run at any time, also on a
sweep that is not finished (missing runs are left out and counted).

* :func:`outcome_table`: one row per run, metric and window: the metric's mean over the
  window's months (tidy).
* :func:`effect_table`: each plan minus the baseline, paired by scenario, sample and
  replicate (the runs share their seeds: common random numbers).
* :func:`sobol_indices` / :func:`morris_indices`: SALib's Sobol' (S1, ST with confidence
  intervals) and Morris (mu*, sigma) on one outcome per sample; the same functions serve
  the known-answer tests (Ishigami, inert inputs).
* :func:`response_curves`: an outcome against one input (e.g. dialogue length), with the
  10th-90th percentile band over everything else (replicates and the other inputs).
* :func:`prim_box` (scenario discovery): the box of input space where a plan fails to
  beat the baseline, found by PRIM (Friedman & Fisher 1999) peeling, with coverage and
  density.
* :func:`plan_shares`: the share of samples in which each plan beats the baseline;
  :func:`pairwise_shares`: for every ordered pair of plans, the share of samples in which
  the first beats the second (the share of the input space in which a ranking holds).

Direction: an outcome is better when lower if it counts harm (``incidents*``,
``*_per_1000``, ``abuses``, ``clashes``, ``attacks_on_police``), and better when higher
otherwise (trust, reporting, cooperation, clearance, joint actions).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.experiments.designs import salib
from model.experiments.store import KEY_COLUMN, RunStore

LOWER_IS_BETTER = ("incidents", "_per_1000", "abuses", "clashes", "attacks_on_police")
"""Name parts of outcomes that count harm (lower is better)."""

OUTCOME_KEYS = ["scenario", "plan", "sample", "replicate", "metric", "window"]


def better_when_lower(metric: str) -> bool:
    """Whether a lower value of a monthly metric is better (it counts harm).

    Args:
        metric: A monthly-table column.

    Returns:
        True for incidents, rates per 1,000, abuses, clashes and attacks.
    """
    return any(part in metric for part in LOWER_IS_BETTER)


@dataclass
class SweepResults:
    """A sweep folder, read.

    Attributes:
        folder: The folder.
        manifest: manifest.json.
        samples: samples.csv (index ``sample``).
        runs: runs.csv with each run's ``status`` (ok, failed or missing), ``error``,
            ``seconds`` and ``worker``.
        store: The run store.
    """

    folder: Path
    manifest: dict[str, Any]
    samples: pd.DataFrame
    runs: pd.DataFrame
    store: RunStore

    @property
    def factors(self) -> list[dict[str, Any]]:
        """The design's factors as recorded in the manifest."""
        return self.manifest["design"]["factors"]

    @property
    def method(self) -> str:
        """The design method."""
        return self.manifest["design"]["method"]

    @property
    def baseline(self) -> str:
        """The baseline plan."""
        return self.manifest["baseline"]

    @property
    def windows(self) -> dict[str, list[int]]:
        """Window name -> [first, last] month, earliest window first."""
        return dict(sorted(self.manifest["windows"].items(), key=lambda kv: tuple(kv[1])))

    @property
    def metrics(self) -> list[str]:
        """The kept metrics."""
        return self.manifest["metrics"]

    def counts(self) -> dict[str, int]:
        """Runs by status (ok, failed, missing)."""
        return {k: int(v) for k, v in self.runs["status"].value_counts().items()}


def load_sweep(folder: str | os.PathLike[str]) -> SweepResults:
    """Read a sweep folder.

    Args:
        folder: A folder written by ``jsdsim sweep``.

    Returns:
        Its contents (the monthly tables are read on demand).

    Raises:
        FileNotFoundError: If it is not a sweep folder (no manifest, samples or runs).
    """
    folder = Path(folder)
    for name in ("manifest.json", "samples.csv", "runs.csv"):
        if not (folder / name).is_file():
            raise FileNotFoundError(f"{folder}: not a sweep folder (no {name}; run "
                                    "'jsdsim sweep EXPERIMENT --out FOLDER' first)")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    samples = pd.read_csv(folder / "samples.csv", index_col="sample")
    runs = pd.read_csv(folder / "runs.csv", dtype={"run_key": str})
    store = RunStore(folder)
    records = store.records
    runs["status"] = [records[k].status if k in records else "missing"
                      for k in runs["run_key"]]
    runs["error"] = [records[k].error if k in records else "" for k in runs["run_key"]]
    runs["seconds"] = [records[k].seconds if k in records else np.nan
                       for k in runs["run_key"]]
    runs["worker"] = [records[k].worker if k in records else "" for k in runs["run_key"]]
    return SweepResults(folder, manifest, samples, runs, store)


# --- outcomes ---------------------------------------------------------------------------


def outcome_table(results: SweepResults) -> pd.DataFrame:
    """Each finished run's metrics averaged over each window.

    Args:
        results: The sweep.

    Returns:
        Tidy: scenario, plan, sample, replicate, metric, window, value (one row per run,
        metric and window; months with no value, e.g. no incidents, are skipped).
    """
    ok = results.runs[results.runs["status"] == "ok"]
    columns = ["month", *results.metrics]
    monthly = results.store.table(list(ok["run_key"]), columns=columns)
    if monthly.empty:
        return pd.DataFrame(columns=[*OUTCOME_KEYS, "value"])
    labels = ok.set_index("run_key")[["scenario", "plan", "sample", "replicate"]]
    tables = []
    for window, (first, last) in results.windows.items():
        inside = monthly[(monthly["month"] >= first) & (monthly["month"] <= last)]
        means = inside.groupby(KEY_COLUMN, sort=False)[list(results.metrics)].mean()
        long = means.join(labels).melt(id_vars=list(labels.columns), var_name="metric",
                                       value_name="value")
        tables.append(long.assign(window=window))
    table = pd.concat(tables, ignore_index=True)[[*OUTCOME_KEYS, "value"]]
    return table.sort_values(OUTCOME_KEYS, kind="stable").reset_index(drop=True)


def effect_table(outcomes: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """Each plan's outcome minus the baseline's, run by run (paired by seed).

    Args:
        outcomes: From :func:`outcome_table`.
        baseline: The baseline plan.

    Returns:
        Tidy: scenario, plan, sample, replicate, metric, window, value (plan minus
        baseline) and ``better`` (whether the plan did better than the baseline, in the
        metric's direction); baseline rows and unpaired runs are left out.
    """
    keys = ["scenario", "sample", "replicate", "metric", "window"]
    base = outcomes[outcomes["plan"] == baseline].set_index(keys)["value"]
    other = outcomes[outcomes["plan"] != baseline]
    paired = other.join(base.rename("baseline"), on=keys, how="inner")
    paired = paired.assign(value=paired["value"] - paired["baseline"])
    lower = paired["metric"].map(better_when_lower)
    paired["better"] = np.where(lower, paired["value"] < 0, paired["value"] > 0)
    return paired.drop(columns="baseline").reset_index(drop=True)


def sample_means(table: pd.DataFrame) -> pd.DataFrame:
    """Mean over replicates: one value per scenario, plan, sample, metric and window.

    Args:
        table: An outcome or effect table.

    Returns:
        The means, with the number of replicates in ``n``.
    """
    keys = ["scenario", "plan", "sample", "metric", "window"]
    return table.groupby(keys, sort=True)["value"].agg(value="mean", n="count").reset_index()


# --- sensitivity ------------------------------------------------------------------------


def problem_of(factors: list[dict[str, Any]]) -> dict[str, Any]:
    """The SALib problem of a sweep's factors (bounds in design units)."""
    return {"num_vars": len(factors), "names": [f["name"] for f in factors],
            "bounds": [[f["low"], f["high"]] for f in factors]}


def sobol_indices(problem: dict[str, Any], y: np.ndarray, second_order: bool = False,
                  seed: int = 0, conf_level: float = 0.95) -> pd.DataFrame:
    """First-order and total Sobol' indices with confidence intervals (SALib).

    Args:
        problem: SALib problem (names and bounds) of the design.
        y: One output per sample, in the design's sample order.
        second_order: Whether the design has second-order samples.
        seed: Seed of the bootstrap of the confidence intervals.
        conf_level: Confidence level.

    Returns:
        One row per input: factor, S1, S1_conf, ST, ST_conf.
    """
    res = salib("analyze.sobol").analyze(problem, np.asarray(y, dtype=float),
                                         calc_second_order=second_order,
                                         conf_level=conf_level, seed=seed)
    return pd.DataFrame({"factor": problem["names"], "S1": res["S1"],
                         "S1_conf": res["S1_conf"], "ST": res["ST"],
                         "ST_conf": res["ST_conf"]})


def morris_indices(problem: dict[str, Any], x: np.ndarray, y: np.ndarray, levels: int = 4,
                   seed: int = 0, conf_level: float = 0.95) -> pd.DataFrame:
    """Morris elementary-effect statistics (SALib).

    Args:
        problem: SALib problem of the design.
        x: The design's samples (rows in trajectory order).
        y: One output per sample.
        levels: The design's number of levels.
        seed: Seed of the bootstrap of mu*'s confidence interval.
        conf_level: Confidence level.

    Returns:
        One row per input, most influential first: factor, mu, mu_star, mu_star_conf,
        sigma.
    """
    res = salib("analyze.morris").analyze(problem, np.asarray(x, dtype=float),
                                          np.asarray(y, dtype=float), num_levels=levels,
                                          conf_level=conf_level, seed=seed)
    table = pd.DataFrame({"factor": problem["names"], "mu": res["mu"],
                          "mu_star": res["mu_star"], "mu_star_conf": res["mu_star_conf"],
                          "sigma": res["sigma"]})
    return table.sort_values("mu_star", ascending=False, kind="stable").reset_index(drop=True)


def sensitivity_table(results: SweepResults, outcomes: pd.DataFrame,
                      effects: pd.DataFrame) -> pd.DataFrame:
    """Sobol' or Morris indices of every plan's outcomes and effects.

    Each sample's value is the mean over its replicates. An outcome with a missing sample
    (a failed or unfinished run) is skipped: the estimators need the whole design.

    Args:
        results: The sweep (a sobol or morris design).
        outcomes: From :func:`outcome_table`.
        effects: From :func:`effect_table`.

    Returns:
        Tidy: scenario, plan, quantity (``level``: the plan's outcome; ``effect``: plan
        minus baseline), metric, window, then the method's columns.
    """
    problem = problem_of(results.factors)
    options = results.manifest["design"]["options"]
    n_samples = len(results.samples)
    x = results.samples[problem["names"]].to_numpy(dtype=float)
    rows = []
    for quantity, table in (("level", outcomes), ("effect", effects)):
        if table.empty:
            continue
        means = sample_means(table)
        for key, group in means.groupby(["scenario", "plan", "metric", "window"]):
            y = group.set_index("sample")["value"].reindex(range(n_samples))
            if y.isna().any() or np.ptp(y.to_numpy()) == 0:
                continue
            if results.method == "sobol":
                index = sobol_indices(problem, y.to_numpy(), options.get("second_order", False))
            else:
                index = morris_indices(problem, x, y.to_numpy(), options.get("levels", 4))
            scenario, plan, metric, window = key
            rows.append(index.assign(scenario=scenario, plan=plan, quantity=quantity,
                                     metric=metric, window=window))
    if not rows:
        return pd.DataFrame()
    table = pd.concat(rows, ignore_index=True)
    first = ["scenario", "plan", "quantity", "metric", "window", "factor"]
    return table[first + [c for c in table.columns if c not in first]]


# --- response curves --------------------------------------------------------------------


def response_curves(table: pd.DataFrame, samples: pd.DataFrame, factor: str) -> pd.DataFrame:
    """An outcome against one input, with a band over everything else.

    Args:
        table: An outcome or effect table.
        samples: The samples table (index ``sample``).
        factor: The input on the x axis (a column of ``samples``).

    Returns:
        One row per scenario, plan, metric, window and value of the input: mean, q10,
        median, q90 and n (runs), over replicates and the other inputs' samples; for an
        effect table also ``share_better``, the share of those runs that beat the
        baseline.
    """
    x = samples[factor].rename("x")
    joined = table.join(x, on="sample")
    keys = ["scenario", "plan", "metric", "window", "x"]
    grouped = joined.groupby(keys, sort=True)["value"]
    curves = grouped.agg(mean="mean", n="count").join(
        grouped.quantile([0.1, 0.5, 0.9]).unstack().rename(
            columns={0.1: "q10", 0.5: "median", 0.9: "q90"}))
    if "better" in joined:  # an effect table: the share of runs that beat the baseline
        curves["share_better"] = joined.groupby(keys, sort=True)["better"].mean()
    return curves.reset_index().rename(columns={"x": factor}).assign(factor=factor)


# --- scenario discovery (PRIM) ----------------------------------------------------------


@dataclass
class Box:
    """A box of input space found by PRIM.

    Attributes:
        limits: Input -> (low, high) for the restricted inputs.
        coverage: Share of all cases of interest that fall in the box.
        density: Share of the box's samples that are cases of interest.
        mass: Share of all samples in the box.
        n_cases: Cases of interest in the box.
        n_samples: Samples in the box.
    """

    limits: dict[str, tuple[float, float]]
    coverage: float
    density: float
    mass: float
    n_cases: int
    n_samples: int


def prim_box(x: pd.DataFrame, cases: np.ndarray, alpha: float = 0.05,
             min_mass: float = 0.05, keep_share: float = 0.95) -> tuple[Box, list[Box]]:
    """Find the box of input space where the cases of interest concentrate (PRIM).

    Patient rule induction (Friedman & Fisher 1999), peeling only: starting from the
    whole input space, repeatedly cut off the ``alpha`` share of samples from the low or
    high end of the one input whose cut raises the density of cases most, until the box
    holds less than ``min_mass`` of the samples. Along this trajectory coverage falls
    and density rises; the chosen box is the one with the largest coverage x density
    (the share of cases it holds times the share of its samples that are cases), which
    weighs the two equally and avoids the small, over-fitted boxes at the end of the
    trajectory (with few samples a density threshold alone picks those). The chosen box
    is then pruned: restrictions whose removal keeps at least ``keep_share`` of its
    coverage x density are dropped, so that only the inputs that matter are reported.
    This is the method of the ``prim`` and EMA
    Workbench packages, where an analyst picks the box on the trajectory; it is written
    here in a few lines (``prim`` is GPL-licensed and imports pyplot).

    Args:
        x: Inputs, one row per sample (numeric columns).
        cases: Whether each sample is a case of interest (e.g. the plan failed).
        alpha: Share of the box's samples peeled at each step.
        min_mass: Smallest share of samples a box may hold.
        keep_share: Pruning: a restriction is dropped if the box keeps this share of
            its coverage x density without it.

    Returns:
        The chosen (pruned) box and the whole peeling trajectory.
    """
    values = x.to_numpy(dtype=float)
    cases = np.asarray(cases, dtype=bool)
    n, total = len(values), max(int(cases.sum()), 1)
    inside = np.ones(n, dtype=bool)
    lows, highs = values.min(axis=0), values.max(axis=0)
    full = (lows.copy(), highs.copy())

    def box() -> Box:
        limits = {name: (float(lo), float(hi)) for name, lo, hi, flo, fhi
                  in zip(x.columns, lows, highs, *full, strict=True) if lo > flo or hi < fhi}
        k = int(inside.sum())
        hits = int(cases[inside].sum())
        return Box(limits, hits / total, hits / max(k, 1), k / max(n, 1), hits, k)

    trajectory = [box()]
    while inside.sum() / n > min_mass:
        best = None
        for j in range(values.shape[1]):
            column = values[inside, j]
            for side in ("low", "high"):
                cut = _peel_cut(column, alpha, side)
                if cut is None:
                    continue
                keep = inside & (values[:, j] >= cut if side == "low" else values[:, j] <= cut)
                if keep.sum() / n < min_mass:
                    continue
                density = cases[keep].mean()
                if best is None or density > best[0]:
                    best = (density, j, side, cut, keep)
        if best is None:
            break
        _, j, side, cut, keep = best
        inside = keep
        if side == "low":
            lows[j] = cut
        else:
            highs[j] = cut
        trajectory.append(box())
    chosen = max(trajectory, key=lambda b: (b.coverage * b.density, b.coverage))
    return _pruned(x, cases, chosen, keep_share), trajectory


def _box_of(x: pd.DataFrame, cases: np.ndarray, limits: dict[str, tuple[float, float]]) -> Box:
    inside = np.ones(len(x), dtype=bool)
    for name, (low, high) in limits.items():
        inside &= (x[name].to_numpy(dtype=float) >= low) & (x[name].to_numpy(dtype=float) <= high)
    k, hits, total = int(inside.sum()), int(cases[inside].sum()), max(int(cases.sum()), 1)
    return Box(dict(limits), hits / total, hits / max(k, 1), k / max(len(x), 1), hits, k)


def _pruned(x: pd.DataFrame, cases: np.ndarray, box: Box, keep_share: float) -> Box:
    """Drop, one at a time, the restrictions the box barely needs.

    A restriction is dropped when the box without it keeps at least ``keep_share`` of
    the coverage x density; the one whose removal costs least goes first.
    """
    while box.limits:
        score = box.coverage * box.density
        trials = [_box_of(x, cases, {k: v for k, v in box.limits.items() if k != name})
                  for name in box.limits]
        best = max(trials, key=lambda b: b.coverage * b.density)
        if best.coverage * best.density < keep_share * score:
            break
        box = best
    return box


def _peel_cut(column: np.ndarray, alpha: float, side: str) -> float | None:
    """The new bound that peels about ``alpha`` of a box's samples from one side.

    With repeated values (listed values, a grid, LHS draws crossed with them) the quantile
    may equal the extreme value and peel nothing: then the extreme value itself is
    peeled. None if the column has a single value left.
    """
    distinct = np.unique(column)
    if len(distinct) < 2:
        return None
    if side == "low":
        cut = np.quantile(column, alpha)
        return float(cut) if cut > distinct[0] else float(distinct[1])
    cut = np.quantile(column, 1 - alpha)
    return float(cut) if cut < distinct[-1] else float(distinct[-2])


def discovery_table(results: SweepResults, effects: pd.DataFrame) -> pd.DataFrame:
    """Where each plan fails to beat the baseline: a PRIM box per plan and outcome.

    A sample is a failure when the plan's mean effect over replicates is not better than
    the baseline (in the metric's direction). Inputs: the numeric uncertain inputs.

    Args:
        results: The sweep.
        effects: From :func:`effect_table`.

    Returns:
        One row per restricted input of each box: scenario, plan, metric, window,
        factor, low, high, and the box's coverage, density, mass, n_failures (in the
        box), n_failed_samples and n_samples (overall); a box that restricts nothing
        has one row with an empty factor.
    """
    numeric = [c for c in results.samples.columns
               if pd.api.types.is_numeric_dtype(results.samples[c])
               and results.samples[c].nunique() > 1]
    if effects.empty or not numeric:
        return pd.DataFrame()
    means = sample_means(effects)
    rows = []
    for (scenario, plan, metric, window), group in means.groupby(
            ["scenario", "plan", "metric", "window"]):
        lower = better_when_lower(metric)
        failed = (group["value"] >= 0) if lower else (group["value"] <= 0)
        n_failed = int(failed.sum())
        head = {"scenario": scenario, "plan": plan, "metric": metric, "window": window}
        tail = {"n_failed_samples": n_failed, "n_samples": len(group)}
        if n_failed == 0 or n_failed == len(group):
            rows.append({**head, "factor": "", "low": np.nan, "high": np.nan,
                         "coverage": float(n_failed > 0), "density": float(n_failed > 0),
                         "mass": 1.0, "n_failures": n_failed, **tail})
            continue
        x = results.samples.loc[group["sample"], numeric]
        chosen, _ = prim_box(x, failed.to_numpy())
        stats = {"coverage": chosen.coverage, "density": chosen.density,
                 "mass": chosen.mass, "n_failures": chosen.n_cases, **tail}
        for factor, (low, high) in (chosen.limits.items() or [("", (np.nan, np.nan))]):
            rows.append({**head, "factor": factor, "low": low, "high": high, **stats})
    return pd.DataFrame(rows)


def plan_shares(effects: pd.DataFrame) -> pd.DataFrame:
    """The share of the input space in which each plan beats the baseline.

    Args:
        effects: From :func:`effect_table`.

    Returns:
        One row per scenario, plan, metric and window: ``share_better`` (share of samples
        whose mean effect over replicates is better than the baseline),
        ``share_better_runs`` (share of single paired runs), the mean effect and its 10th
        and 90th percentiles over samples, and ``n_samples``.
    """
    if effects.empty:
        return pd.DataFrame()
    means = sample_means(effects)
    means["better"] = np.where(means["metric"].map(better_when_lower), means["value"] < 0,
                               means["value"] > 0)
    keys = ["scenario", "plan", "metric", "window"]
    by_sample = means.groupby(keys)
    table = by_sample.agg(share_better=("better", "mean"), mean_effect=("value", "mean"),
                          n_samples=("value", "count"))
    table["q10_effect"] = by_sample["value"].quantile(0.1)
    table["q90_effect"] = by_sample["value"].quantile(0.9)
    table["share_better_runs"] = effects.groupby(keys)["better"].mean()
    return table.reset_index()


def pairwise_shares(outcomes: pd.DataFrame) -> pd.DataFrame:
    """For every ordered pair of plans, the share of samples in which the first is better.

    Plans are compared sample by sample on their means over replicates (runs of a sample
    and replicate share their seeds across plans).

    Args:
        outcomes: From :func:`outcome_table`.

    Returns:
        One row per scenario, metric, window and ordered pair (``plan``, ``other``):
        ``share_better`` (share of samples in which ``plan`` beats ``other``) and
        ``n_samples``.
    """
    if outcomes.empty:
        return pd.DataFrame()
    means = sample_means(outcomes)
    rows = []
    for (scenario, metric, window), group in means.groupby(["scenario", "metric", "window"]):
        wide = group.pivot_table(index="sample", columns="plan", values="value").dropna()
        lower = better_when_lower(metric)
        for plan in wide.columns:
            for other in wide.columns:
                if plan == other:
                    continue
                diff = wide[plan] - wide[other]
                better = (diff < 0) if lower else (diff > 0)
                rows.append({"scenario": scenario, "metric": metric, "window": window,
                             "plan": plan, "other": other,
                             "share_better": float(better.mean()), "n_samples": len(wide)})
    return pd.DataFrame(rows)
