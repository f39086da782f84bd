"""Pattern-oriented validation: the experiments behind docs/validation.md and its figures.

Each ``pattern_*`` function runs one experiment of the model brief's section 7 and returns
a tidy table (one row per arm, replicate and month); the tests in tests/validation/ and
the figures (``jsdsim figures``) both use these functions, so what is tested is what is
shown. Every run goes through the one run path (:func:`model.experiments.run`); replicate
r of every arm has the seed ``run_seed(master_seed, r)`` (common random numbers).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from tqdm import tqdm

from model.core.interventions import CrimeWave, Dialogue
from model.core.params import DAYS_PER_MONTH
from model.experiments import RunSpec, run, run_seed
from model.scenario import Plan, Scenario, find_scenario, load_scenario

MASTER_SEED = 20_261_127
"""The validation experiments' default master seed."""

LOW_TRUST: dict[str, float] = {"trust_police_init": 0.3, "police_conduct_init": 0.92,
                               "police_trust_community_init": 0.5}
"""A low-trust locality (Nigeria-like trust in police; conduct that sustains it)."""

HIGH_TRUST: dict[str, float] = {"trust_police_init": 0.7, "police_conduct_init": 0.96,
                                "police_trust_community_init": 0.9}
"""A high-trust locality (Burkina Faso / Senegal-like trust in police)."""

CRIME_SHOCK = CrimeWave(start_day=360, end_day=450, multiplier=2.0)
"""Pattern 1's shock: all incident rates doubled for three months in year 2."""

SEQUENCE_DIALOGUE = Dialogue(start_day=90, length_months=12)
"""Pattern 2's dialogue: twelve months from month 4, default components."""


def generic_locality(name: str, n_residents: int, months: int,
                     plans: Mapping[str, Plan], **params: Any) -> Scenario:
    """A locality without a scenario file: the defaults, resized, with some changes.

    Officers and informal members keep their default density per resident
    (:func:`model.core.params.scaled_population`); there is one neighbourhood per 1,000
    residents (at least 10).

    Args:
        name: Name used in outputs.
        n_residents: Number of residents.
        months: Horizon.
        plans: Plan name -> plan.
        **params: Parameter changes over the defaults.

    Returns:
        The scenario.
    """
    locality = {"n_residents": n_residents, "n_neighbourhoods": max(10, n_residents // 1000),
                **params}
    return Scenario(title=name, name=name, horizon_days=months * DAYS_PER_MONTH,
                    plan_specs=dict(plans), locality=locality)


def run_arms(arms: Mapping[str, RunSpec], n_replicates: int,
             master_seed: int = MASTER_SEED, progress: bool = False) -> pd.DataFrame:
    """Run each arm for every replicate with common random numbers.

    Args:
        arms: Arm name -> the run (its seed and replicate are set here).
        n_replicates: Replicates per arm.
        master_seed: Replicate r of every arm runs with ``run_seed(master_seed, r)``.
        progress: Show a progress bar.

    Returns:
        Tidy table: ``arm``, then the run labels and the monthly table's columns.
    """
    jobs = [(arm, dataclasses.replace(spec, seed=run_seed(master_seed, r), replicate=r))
            for arm, spec in arms.items() for r in range(n_replicates)]
    tables = [run(spec).assign(arm=arm)
              for arm, spec in tqdm(jobs, desc="validation runs", unit="run",
                                    disable=not progress)]
    runs = pd.concat(tables, ignore_index=True)
    return runs[["arm", *(c for c in runs.columns if c != "arm")]]


def pattern_vicious_circle(n_replicates: int = 6, n_residents: int = 20_000,
                           months: int = 36, master_seed: int = MASTER_SEED,
                           progress: bool = False) -> pd.DataFrame:
    """Pattern 1: a crime shock in a low-trust and in a high-trust locality.

    Arms ``low``, ``low_shock``, ``high``, ``high_shock``: the localities of LOW_TRUST and
    HIGH_TRUST, without and with CRIME_SHOCK.

    Args:
        n_replicates: Replicates per arm.
        n_residents: Residents per locality.
        months: Months simulated.
        master_seed: The experiment's master seed.
        progress: Show a progress bar.

    Returns:
        Tidy runs table.
    """
    plans = {"none": Plan("none"), "shock": Plan("shock", events=(CRIME_SHOCK,))}
    arms = {}
    for name, params in (("low", LOW_TRUST), ("high", HIGH_TRUST)):
        locality = generic_locality(f"{name}_trust", n_residents, months, plans, **params)
        arms[name] = RunSpec(locality, "none")
        arms[f"{name}_shock"] = RunSpec(locality, "shock")
    return run_arms(arms, n_replicates, master_seed, progress)


def pattern_sequence(n_replicates: int = 4, n_residents: int = 20_000, months: int = 36,
                     master_seed: int = MASTER_SEED, progress: bool = False) -> pd.DataFrame:
    """Pattern 2: the order in which a dialogue's effects appear.

    Arms ``none`` and ``dialogue`` (SEQUENCE_DIALOGUE) in the default locality.

    Args:
        n_replicates: Replicates per arm.
        n_residents: Residents.
        months: Months simulated.
        master_seed: The experiment's master seed.
        progress: Show a progress bar.

    Returns:
        Tidy runs table.
    """
    plans = {"none": Plan("none"),
             "dialogue": Plan("dialogue", interventions=(SEQUENCE_DIALOGUE,))}
    locality = generic_locality("default", n_residents, months, plans)
    arms = {name: RunSpec(locality, name) for name in plans}
    return run_arms(arms, n_replicates, master_seed, progress)


def scenario_arms(name: str, plans: Sequence[str],
                  overrides: Mapping[str, Any] | None = None) -> dict[str, RunSpec]:
    """One arm per plan of a scenario file (the bundled file of that name).

    Args:
        name: Scenario name (e.g. "saaba") or path.
        plans: Plans to run.
        overrides: Parameter values applied to every arm.

    Returns:
        Arm name (the plan) -> run.
    """
    scenario = load_scenario(find_scenario(name))
    return {plan: RunSpec(scenario, plan, overrides=dict(overrides or {})) for plan in plans}


def pattern_scenario(name: str, plans: Sequence[str], n_replicates: int = 4,
                     overrides: Mapping[str, Any] | None = None,
                     master_seed: int = MASTER_SEED, progress: bool = False) -> pd.DataFrame:
    """Run plans of a scenario over its horizon (patterns 3 to 7).

    Args:
        name: Scenario name (e.g. "saaba") or path.
        plans: Plans to run.
        n_replicates: Replicates per plan.
        overrides: Parameter values applied to every run.
        master_seed: The experiment's master seed.
        progress: Show a progress bar.

    Returns:
        Tidy runs table with one arm per plan.
    """
    return run_arms(scenario_arms(name, plans, overrides), n_replicates, master_seed,
                    progress)
