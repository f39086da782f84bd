"""Golden baselines: small fixed runs of the seed cases, stored as summaries.

A regression test (tests/test_golden.py) reruns each case and compares it with the
stored summary; ``make baselines`` (``jsdsim baselines --update``) refreshes them after a
deliberate change of the model, and the diff of the JSON files shows what moved.
"""

from __future__ import annotations

import json
from pathlib import Path

from model.scenario import load_scenario, scenario_dir

CASES: tuple[str, ...] = ("saaba", "dakar", "jos", "nepal")
"""Scenario files (stems in scenarios/) with a golden baseline."""

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

BASELINE_DIR = Path(__file__).resolve().parent.parent / "tests" / "baselines"


def summarise(case: str) -> dict[str, float]:
    """Run a case's fixed run and summarise it.

    Args:
        case: Scenario file stem.

    Returns:
        ``{column_mean: ..., column_last: ...}`` for every column of COLUMNS.
    """
    scenario = load_scenario(scenario_dir() / f"{case}.yaml")
    model = scenario.build_model(plan=PLAN, rng=SEED, n_residents=N_RESIDENTS)
    model.run_for(30 * MONTHS)
    table = model.monthly_table().fillna(-1.0)
    summary = {}
    for column in COLUMNS:
        summary[f"{column}_mean"] = float(table[column].mean())
        summary[f"{column}_last"] = float(table[column].iloc[-1])
    return summary


def baseline_path(case: str) -> Path:
    """Where a case's stored summary lives.

    Args:
        case: Scenario file stem.

    Returns:
        Path of the JSON file.
    """
    return BASELINE_DIR / f"{case}.json"


def update(cases: tuple[str, ...] = CASES) -> list[Path]:
    """Rerun the cases and overwrite their stored summaries.

    Args:
        cases: Scenario file stems.

    Returns:
        The files written.
    """
    BASELINE_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for case in cases:
        path = baseline_path(case)
        run = {"scenario": case, "plan": PLAN, "seed": SEED, "months": MONTHS,
               "n_residents": N_RESIDENTS, "summary": summarise(case)}
        path.write_text(json.dumps(run, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written


def differences(case: str, rel_tol: float = 1e-9) -> list[str]:
    """Compare a fresh run of a case with its stored summary.

    Args:
        case: Scenario file stem.
        rel_tol: Relative tolerance (runs are deterministic; this only absorbs
            floating-point formatting).

    Returns:
        One line per value that moved (empty if none).
    """
    stored = json.loads(baseline_path(case).read_text())["summary"]
    fresh = summarise(case)
    lines = []
    for key in sorted(set(stored) | set(fresh)):
        old, new = stored.get(key), fresh.get(key)
        if old is None or new is None or abs(new - old) > rel_tol * max(abs(old), 1e-12):
            lines.append(f"{case}: {key}: stored {old}, now {new}")
    return lines
