"""Golden baselines: small fixed runs of the seed cases, stored as summaries.

A regression test (tests/validation/test_golden.py) reruns each case through the run path
and compares it with the stored summary in a folder it is given (tests/baselines/ in
the repository); ``jsdsim baselines --update`` refreshes them after a deliberate change
of the model, and the diff of the files shows what moved.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from model.experiments import RunSpec, run
from model.scenario import find_scenario, load_scenario

CASES: tuple[str, ...] = ("saaba", "dakar", "jos", "nepal")
"""Bundled scenarios with a golden baseline."""

PLAN = "dialogue_12m"
SEED = 1
MONTHS = 18
N_RESIDENTS = 3000
"""The fixed run: plan, seed, months and population (other parameters as in the file)."""

COLUMNS: tuple[str, ...] = (
    "incidents_per_1000", "reporting_rate", "cooperation_rate", "clearance_rate",
    "trust_police_mean", "trust_informal_mean", "trust_outgroup_mean",
    "police_trust_community_mean", "police_informal_trust_mean", "joint_actions",
    "abuses", "clashes", "n_cleared", "n_encounters",
)
"""Monthly-table columns summarised (mean over the run and last month's value)."""


def golden_spec(case: str) -> RunSpec:
    """The fixed run of a case.

    Args:
        case: Bundled scenario name.

    Returns:
        The run: PLAN, SEED, MONTHS, N_RESIDENTS residents and the file's officers and
        informal members.
    """
    scenario = load_scenario(find_scenario(case))
    params = scenario.params(PLAN)
    overrides = {"n_residents": N_RESIDENTS, "n_officers": params.n_officers,
                 "n_informal_members": params.n_informal_members}
    return RunSpec(scenario, PLAN, seed=SEED, months=MONTHS, overrides=overrides)


def summarise(case: str) -> dict[str, float]:
    """Run a case's fixed run and summarise it.

    Args:
        case: Bundled scenario name.

    Returns:
        ``{column_mean: ..., column_last: ...}`` for every column of COLUMNS.
    """
    table = run(golden_spec(case)).fillna(-1.0)
    summary = {}
    for column in COLUMNS:
        summary[f"{column}_mean"] = float(table[column].mean())
        summary[f"{column}_last"] = float(table[column].iloc[-1])
    return summary


def baseline_path(case: str, folder: str | os.PathLike[str]) -> Path:
    """Where a case's stored summary lives.

    Args:
        case: Bundled scenario name.
        folder: The baseline folder.

    Returns:
        Path of the JSON file.
    """
    return Path(folder) / f"{case}.json"


def update(folder: str | os.PathLike[str], cases: tuple[str, ...] = CASES) -> list[Path]:
    """Rerun the cases and overwrite their stored summaries.

    Args:
        folder: The baseline folder (created if missing).
        cases: Bundled scenario names.

    Returns:
        The files written.
    """
    Path(folder).mkdir(parents=True, exist_ok=True)
    written = []
    for case in cases:
        path = baseline_path(case, folder)
        stored = {"scenario": case, "plan": PLAN, "seed": SEED, "months": MONTHS,
                  "n_residents": N_RESIDENTS, "summary": summarise(case)}
        path.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written


def differences(case: str, folder: str | os.PathLike[str], rel_tol: float = 1e-9) -> list[str]:
    """Compare a fresh run of a case with its stored summary.

    Args:
        case: Bundled scenario name.
        folder: The baseline folder.
        rel_tol: Relative tolerance (runs are deterministic; this only absorbs
            floating-point formatting).

    Returns:
        One line per value that moved (empty if none).
    """
    stored = json.loads(baseline_path(case, folder).read_text())["summary"]
    fresh = summarise(case)
    lines = []
    for key in sorted(set(stored) | set(fresh)):
        old, new = stored.get(key), fresh.get(key)
        if old is None or new is None or abs(new - old) > rel_tol * max(abs(old), 1e-12):
            lines.append(f"{case}: {key}: stored {old}, now {new}")
    return lines
