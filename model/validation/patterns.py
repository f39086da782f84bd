"""Pattern-oriented validation: the experiments behind docs/validation.md and its figures.

Each ``pattern_*`` function runs one experiment of the model brief's section 7 and returns
a tidy table (one row per arm, replicate and month); the tests in tests/validation/ and
the figures (``jsdsim figures``) both use these functions, so what is tested is what is
shown. Every run goes through the one run path (:func:`model.experiments.run`); replicate
r of every arm has the seed ``run_seed(master_seed, r)`` (common random numbers).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from tqdm import tqdm

from model.core.interventions import CrimeWave, Dialogue
from model.core.params import DAYS_PER_MONTH
from model.experiments import RunSpec, run, run_seed
from model.experiments.engine import default_workers, local_pool
from model.scenario import Plan, Scenario, find_scenario, load_scenario

MASTER_SEED = 20_261_127
"""The validation experiments' default master seed."""

SEED_VARIABLE = "JSDSIM_VALIDATION_SEED"
"""Environment variable that sets the master seed of the validation tests (the pass-rate
script, :mod:`model.validation.passrate`, runs them under fresh master seeds)."""


def master_seed() -> int:
    """The validation tests' master seed: ``$JSDSIM_VALIDATION_SEED`` or MASTER_SEED.

    Returns:
        The seed.
    """
    return int(os.environ.get(SEED_VARIABLE, MASTER_SEED))

LOW_TRUST: dict[str, float] = {"trust_police_init": 0.22, "police_conduct_init": 0.93,
                               "hostility_weight": 0.227, "police_trust_community_init": 0.6}
"""A low-trust locality (Nigeria: 22% trust police); officers' hostility calibrated
with :func:`model.experiments.calibration.calibrate` so that it sits still."""

HIGH_TRUST: dict[str, float] = {"trust_police_init": 0.72, "police_conduct_init": 0.8904,
                                "police_trust_community_init": 0.9}
"""A high-trust locality (Burkina Faso / Senegal: 72% trust police), calibrated so."""

DEFAULT_LOCALITY: dict[str, float] = {"police_conduct_init": 0.9262,
                                      "police_trust_community_init": 0.8}
"""The default locality (half the residents trust police), calibrated so."""

CRIME_SHOCK = CrimeWave(start_day=360, end_day=450, multiplier=2.0)
"""Pattern 1's shock: all incident rates doubled for three months in year 2."""

SEQUENCE_DIALOGUE = Dialogue(start_day=90, length_months=12)
"""Pattern 2's dialogue: twelve months from month 4, default components."""

KNOCKOUTS: dict[str, dict[str, Any]] = {
    "cynicism": {"cynicism_rate_per_day": 0.0},
    "cynicism_everywhere": {"cynicism_trust_level": 1.0},
    "uptake": {"uptake_gain_per_session": 0.0},
    "drift": {"agent_drift_per_day": 0.0},
    "rotation_proof": {"liaison_institution_share": 1.0, "forum_institution_share": 1.0,
                       "hostility_weight": 0.0, "effort_trust_weight": 0.0},
}
"""Parameter values that disable one mechanism each (docs/validation.md, the
knock-out column): legal cynicism, institutional uptake, the drift back of police-group
relations, cynicism's limit to distrusting places (with it acting at every trust level),
and what rotation takes away (channels and forum gains carried by people, and
the officers' own trust, through which they treat residents)."""


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


WORKERS_VARIABLE = "JSDSIM_VALIDATION_WORKERS"
"""Environment variable that caps the worker processes of :func:`run_arms` (the test
suite sets it when pytest-xdist already runs modules side by side)."""


def validation_workers() -> int:
    """Worker processes for validation runs: ``$JSDSIM_VALIDATION_WORKERS`` or the CPUs.

    Returns:
        At least 1.
    """
    return max(1, int(os.environ.get(WORKERS_VARIABLE, default_workers())))


def run_arms(arms: Mapping[str, RunSpec], n_replicates: int,
             master_seed: int = MASTER_SEED, progress: bool = False,
             first_replicate: int = 0) -> pd.DataFrame:
    """Run each arm for every replicate with common random numbers.

    Runs go to a local process pool (:func:`validation_workers` processes); the result
    does not depend on how many.

    Args:
        arms: Arm name -> the run (its seed and replicate are set here).
        n_replicates: Replicates per arm.
        master_seed: Replicate r of every arm runs with ``run_seed(master_seed, r)``.
        progress: Show a progress bar.
        first_replicate: Number of the first replicate: replicates ``first_replicate``
            onwards add to an earlier call's (the same runs as one larger call).

    Returns:
        Tidy table: ``arm``, then the run labels and the monthly table's columns.
    """
    replicates = range(first_replicate, first_replicate + n_replicates)
    jobs = [(arm, dataclasses.replace(spec, seed=run_seed(master_seed, r), replicate=r))
            for arm, spec in arms.items() for r in replicates]
    specs = [spec for _, spec in jobs]
    workers = min(validation_workers(), len(specs))
    if workers > 1:
        with local_pool(workers) as pool:
            results = list(tqdm(pool.map(run, specs), total=len(specs), unit="run",
                                desc="validation runs", disable=not progress))
    else:
        results = [run(spec) for spec in tqdm(specs, desc="validation runs", unit="run",
                                              disable=not progress)]
    tables = [table.assign(arm=arm) for (arm, _), table in zip(jobs, results, strict=True)]
    runs = pd.concat(tables, ignore_index=True)
    return runs[["arm", *(c for c in runs.columns if c != "arm")]]


def pattern_vicious_circle(n_replicates: int = 6, n_residents: int = 10_000,
                           months: int = 36, master_seed: int = MASTER_SEED,
                           progress: bool = False,
                           overrides: Mapping[str, Any] | None = None,
                           localities: Sequence[str] = ("low", "high")) -> pd.DataFrame:
    """Pattern 1: a crime shock in a low-trust and in a high-trust locality.

    Arms ``low``, ``low_shock``, ``high``, ``high_shock``: the localities of LOW_TRUST and
    HIGH_TRUST, without and with CRIME_SHOCK.

    Args:
        n_replicates: Replicates per arm.
        n_residents: Residents per locality.
        months: Months simulated.
        master_seed: The experiment's master seed.
        progress: Show a progress bar.
        overrides: Parameter values applied to every arm (e.g. a knock-out).
        localities: Which localities to run ("low", "high").

    Returns:
        Tidy runs table.
    """
    plans = {"none": Plan("none"), "shock": Plan("shock", events=(CRIME_SHOCK,))}
    arms = {}
    for name, params in (("low", LOW_TRUST), ("high", HIGH_TRUST)):
        if name not in localities:
            continue
        locality = generic_locality(f"{name}_trust", n_residents, months, plans, **params)
        for arm, plan in ((name, "none"), (f"{name}_shock", "shock")):
            arms[arm] = RunSpec(locality, plan, overrides=dict(overrides or {}))
    return run_arms(arms, n_replicates, master_seed, progress)


def pattern_sequence(n_replicates: int = 4, n_residents: int = 10_000, months: int = 36,
                     master_seed: int = MASTER_SEED, progress: bool = False
                     ) -> pd.DataFrame:
    """Pattern 2: the order in which a dialogue's effects appear.

    Arms ``none`` and ``dialogue`` (SEQUENCE_DIALOGUE) in the default locality, and two
    knock-outs: ``no_contact`` (the dialogue without contact) and ``inert`` (every
    component off: sessions that do nothing).

    Args:
        n_replicates: Replicates per arm.
        n_residents: Residents.
        months: Months simulated.
        master_seed: The experiment's master seed.
        progress: Show a progress bar.

    Returns:
        Tidy runs table.
    """
    no_contact = dataclasses.replace(SEQUENCE_DIALOGUE, contact=False)
    inert = dataclasses.replace(SEQUENCE_DIALOGUE, contact=False, knowledge_sharing=False,
                                joint_problem_solving=False, outreach_share_per_month=0.0,
                                policy_forum=False, mentoring=False)
    plans = {"none": Plan("none"),
             "dialogue": Plan("dialogue", interventions=(SEQUENCE_DIALOGUE,)),
             "no_contact": Plan("no_contact", interventions=(no_contact,)),
             "inert": Plan("inert", interventions=(inert,))}
    locality = generic_locality("default", n_residents, months, plans, **DEFAULT_LOCALITY)
    arms = {name: RunSpec(locality, name) for name in plans}
    return run_arms(arms, n_replicates, master_seed, progress)


OUTREACH_ONLY: dict[str, Any] = {"jsd.contact": False, "jsd.knowledge_sharing": False,
                                 "jsd.policy_forum": False, "jsd.joint_problem_solving": False,
                                 "jsd.mentoring": False}
"""A dialogue stripped to outreach: community meetings and outreach as in the
community-policing trials (Blair et al. 2021)."""

NO_UPTAKE_FULL_ROTATION: dict[str, Any] = {"police_follow_up": 0.0,
                                           "rotation_per_year": 1.0}
"""Implementation failure as Blair et al. 2021 describe it: police act on none of the
dialogue's commitments, so nothing is taken up by the institution (no uptake, forums or
joint fix), and every officer is rotated within about a year."""

BASELINES: dict[str, str] = {"failed": "none_rotation"}
"""The arm each implementation arm is compared with (default ``none``): the failed
dialogue's rotation changes the locality itself, so its baseline has that rotation too
and the comparison measures the dialogue alone."""


def baseline_of(arm: str) -> str:
    """The arm an implementation arm is compared with (:data:`BASELINES`).

    Args:
        arm: Arm name.

    Returns:
        The baseline arm's name.
    """
    return BASELINES.get(arm, "none")


def dose_arms(name: str = "saaba", lengths: Sequence[int] = (3, 6, 9, 12, 18, 24),
              n_residents: int | None = None,
              overrides: Mapping[str, Any] | None = None) -> dict[str, RunSpec]:
    """Arms of the dose-response experiment: the same dialogue at several lengths.

    ``none`` is the no-dialogue plan; ``len_<months>`` the 12-month plan's dialogue at
    that length.

    Args:
        name: Scenario with plans ``no_dialogue`` and ``dialogue_12m`` (dialogue ``jsd``).
        lengths: Dialogue lengths in months.
        n_residents: Resize the locality (None: as written).
        overrides: Parameter values applied to every arm.

    Returns:
        Arm name -> run.
    """
    scenario = load_scenario(find_scenario(name))
    common = dict(overrides or {})
    if n_residents is not None:
        common["n_residents"] = n_residents
    arms = {"none": RunSpec(scenario, "no_dialogue", overrides=dict(common))}
    for months in lengths:
        arms[f"len_{months}"] = RunSpec(scenario, "dialogue_12m",
                                        overrides={**common, "jsd.length_months": months})
    return arms


def implementation_arms(name: str = "saaba", n_residents: int | None = None
                        ) -> dict[str, RunSpec]:
    """Arms on implementation: how a 12-month dialogue fails.

    ``good`` and ``poor`` (facilitation 0.8 and 0.4), ``outreach_only`` and ``failed``
    (no uptake, full rotation), against ``none``; ``none_rotation`` is the baseline of
    ``failed`` (no dialogue, full rotation; :func:`baseline_of`).

    Args:
        name: Scenario with plans ``no_dialogue`` and ``dialogue_12m`` (dialogue ``jsd``).
        n_residents: Resize the locality (None: as written).

    Returns:
        Arm name -> run.
    """
    scenario = load_scenario(find_scenario(name))
    size = {} if n_residents is None else {"n_residents": n_residents}
    variants = {"none": ("no_dialogue", {}),
                "good": ("dialogue_12m", {}),
                "poor": ("dialogue_12m", {"jsd.facilitation_quality": 0.4}),
                "outreach_only": ("dialogue_12m", OUTREACH_ONLY),
                "failed": ("dialogue_12m", NO_UPTAKE_FULL_ROTATION),
                "none_rotation": ("no_dialogue",
                                  {"rotation_per_year": NO_UPTAKE_FULL_ROTATION[
                                      "rotation_per_year"]})}
    return {arm: RunSpec(scenario, plan, overrides={**size, **changes})
            for arm, (plan, changes) in variants.items()}


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
