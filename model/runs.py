"""Replicated runs of scenario plans, as tidy tables (on top of the core).

Per-replicate seeds come from ``numpy.random.SeedSequence(master_seed).spawn(n)``:
replicate r gets the same seed in every plan (common random numbers, so plan differences
are not seed noise) and whatever the order or the process that runs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from model.scenario import Scenario


def replicate_seeds(master_seed: int, n_replicates: int) -> list[int]:
    """Independent seeds for replicates 0..n-1 of an experiment.

    Args:
        master_seed: The experiment's one seed.
        n_replicates: Number of replicates.

    Returns:
        One integer seed per replicate; replicate r's seed does not depend on n.
    """
    children = np.random.SeedSequence(master_seed).spawn(n_replicates)
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]


def run_plan(scenario: Scenario, plan: str, seed: int, months: int | None = None,
             overrides: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Run one plan of a scenario once and return its monthly table.

    Args:
        scenario: A loaded scenario.
        plan: Plan name.
        seed: The run's seed.
        months: Months to simulate (default: the scenario's horizon).
        overrides: Parameter values replacing the plan's.

    Returns:
        The monthly table with ``scenario``, ``plan`` and ``seed`` columns first.
    """
    model = scenario.build_model(plan=plan, rng=seed, **dict(overrides or {}))
    days = 30 * months if months is not None else scenario.horizon_days
    model.run_for(days)
    table = model.monthly_table()
    table.insert(0, "seed", seed)
    table.insert(0, "plan", plan)
    table.insert(0, "scenario", scenario.name)
    return table


def run_plans(scenario: Scenario, plans: Iterable[str] | None = None,
              seeds: Sequence[int] = (1,), months: int | None = None,
              overrides: Mapping[str, Any] | None = None,
              progress: bool = True) -> pd.DataFrame:
    """Run every (plan, seed) pair and stack the monthly tables.

    Args:
        scenario: A loaded scenario.
        plans: Plan names (default: all, in file order).
        seeds: Seeds, one per replicate (see :func:`replicate_seeds`).
        months: Months to simulate (default: the scenario's horizon).
        overrides: Parameter values applied to every run.
        progress: Show a progress bar on stderr.

    Returns:
        Tidy table: one row per (plan, seed, month), with a ``replicate`` column.
    """
    plans = list(plans) if plans is not None else list(scenario.plans)
    jobs = [(plan, r, seed) for plan in plans for r, seed in enumerate(seeds)]
    tables = []
    for plan, r, seed in tqdm(jobs, desc=scenario.name, unit="run", disable=not progress):
        table = run_plan(scenario, plan, seed, months, overrides)
        table.insert(3, "replicate", r)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def window_mean(runs: pd.DataFrame, column: str, first_month: int, last_month: int
                ) -> pd.DataFrame:
    """Mean of a column over months first..last, per plan and replicate.

    Args:
        runs: Output of :func:`run_plans`.
        column: Monthly-table column.
        first_month: First month of the window (inclusive).
        last_month: Last month of the window (inclusive).

    Returns:
        Table indexed by replicate, one column per plan.
    """
    window = runs[(runs["month"] >= first_month) & (runs["month"] <= last_month)]
    return window.groupby(["replicate", "plan"])[column].mean().unstack("plan")
