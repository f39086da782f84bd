"""The one run path: build the model of a :class:`RunSpec`, simulate it, return its table.

Every layer above the core runs models through :func:`run` (or :func:`build_model` when
it steps the model itself): the command line, replicated runs, plan comparisons, sweeps,
validation, golden baselines and the demo.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from tqdm import tqdm

from model.core.params import DAYS_PER_MONTH
from model.core.trust_model import TrustModel
from model.experiments.specs import RunSpec

LABEL_COLUMNS: tuple[str, ...] = ("scenario", "plan", "sample", "replicate", "seed", "version")
"""Columns that come first in every tidy table of runs."""


def build_model(spec: RunSpec) -> TrustModel:
    """Build the model of a run, ready to step.

    Args:
        spec: The run.

    Returns:
        The model at day 0.

    Raises:
        ScenarioError: On an unknown plan or overrides that break the scenario.
        ValueError: On an invalid override.
    """
    return TrustModel(rng=spec.seed, **spec.model_kwargs())


def run(spec: RunSpec, on_month: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Simulate a run and return its tidy monthly table.

    Args:
        spec: The run.
        on_month: Called with the month number after each simulated month (e.g. to
            advance a progress bar).

    Returns:
        One row per month: the labels of :data:`LABEL_COLUMNS`, then the columns of
        :meth:`model.TrustModel.monthly_table`.

    Raises:
        ScenarioError: On an unknown plan or overrides that break the scenario.
        ValueError: On an invalid override.
    """
    model = build_model(spec)
    for month in range(1, spec.n_months + 1):
        model.run_for(DAYS_PER_MONTH)
        if on_month is not None:
            on_month(month)
    return labelled(model.monthly_table(), spec)


def labelled(table: pd.DataFrame, spec: RunSpec) -> pd.DataFrame:
    """Put a run's labels in front of one of its tables.

    Args:
        table: A table of the run (monthly or daily).
        spec: The run.

    Returns:
        A new table with the :data:`LABEL_COLUMNS` first.
    """
    labels = pd.DataFrame(spec.labels(), index=table.index)
    return pd.concat([labels, table], axis=1)


def run_all(specs: list[RunSpec], progress: bool = False) -> pd.DataFrame:
    """Run specs one after another in this process and stack their tables.

    Args:
        specs: The runs.
        progress: Show a progress bar on stderr.

    Returns:
        The tidy tables of every run, in the order of ``specs``.
    """
    tables = [run(spec) for spec in tqdm(specs, unit="run", disable=not progress)]
    return pd.concat(tables, ignore_index=True)
