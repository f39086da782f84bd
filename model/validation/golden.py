"""Golden baselines: small fixed runs of the seed cases, stored as whole monthly tables.

A regression test (tests/validation/test_golden.py) reruns each case through the run path
and compares its monthly table, byte for byte, with the CSV stored in a folder it is
given (tests/baselines/ in the repository). ``jsdsim baselines --update`` refreshes them
after a deliberate change of the model; the diff of the CSV files shows what moved.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd

from model.experiments import RunSpec, run
from model.scenario import find_scenario, load_scenario

CASES: tuple[str, ...] = ("saaba", "dakar", "jos", "nepal")
"""Bundled scenarios with a golden baseline."""

PLAN = "dialogue_12m"
SEED = 1
MONTHS = 18
N_RESIDENTS = 3000
"""The fixed run: plan, seed, months and population (officers and informal members at the
file's density; every other parameter as in the file)."""

MAX_SHOWN = 12
"""Differing cells listed per case."""


def golden_spec(case: str) -> RunSpec:
    """The fixed run of a case.

    Args:
        case: Bundled scenario name.

    Returns:
        The run.
    """
    scenario = load_scenario(find_scenario(case))
    return RunSpec(scenario, PLAN, seed=SEED, months=MONTHS,
                   overrides={"n_residents": N_RESIDENTS})


def table_text(case: str) -> str:
    """Run a case's fixed run and render its monthly table as CSV.

    Floats are written in their shortest exact form, so equal text means equal tables.

    Args:
        case: Bundled scenario name.

    Returns:
        The CSV text.
    """
    return run(golden_spec(case)).to_csv(index=False, lineterminator="\n")


def baseline_path(case: str, folder: str | os.PathLike[str]) -> Path:
    """Where a case's stored table lives.

    Args:
        case: Bundled scenario name.
        folder: The baseline folder.

    Returns:
        Path of the CSV file.
    """
    return Path(folder) / f"{case}.csv"


def update(folder: str | os.PathLike[str], cases: tuple[str, ...] = CASES) -> list[Path]:
    """Rerun the cases and overwrite their stored tables.

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
        path.write_text(table_text(case), encoding="utf-8")
        written.append(path)
    return written


def differences(case: str, folder: str | os.PathLike[str]) -> list[str]:
    """Compare a fresh run of a case with its stored table.

    Args:
        case: Bundled scenario name.
        folder: The baseline folder.

    Returns:
        One line per differing cell (at most MAX_SHOWN, then a count), or for a change
        of columns or rows; empty if the tables are identical.
    """
    stored_text = baseline_path(case, folder).read_text(encoding="utf-8")
    fresh_text = table_text(case)
    if fresh_text == stored_text:
        return []
    stored = pd.read_csv(io.StringIO(stored_text))
    fresh = pd.read_csv(io.StringIO(fresh_text))
    if list(stored.columns) != list(fresh.columns) or len(stored) != len(fresh):
        return [f"{case}: the table's columns or months changed "
                f"({len(stored.columns)} x {len(stored)} stored, "
                f"{len(fresh.columns)} x {len(fresh)} now)"]
    moved = (stored != fresh) & ~(stored.isna() & fresh.isna())
    lines = [f"{case}: month {stored.at[i, 'month']}, {column}: stored {stored.at[i, column]}, "
             f"now {fresh.at[i, column]}"
             for column in stored.columns for i in stored.index[moved[column]]]
    if len(lines) > MAX_SHOWN:
        lines = [*lines[:MAX_SHOWN], f"{case}: ... {len(lines) - MAX_SHOWN} more cells moved"]
    return lines or [f"{case}: the table's text changed (formatting only)"]
