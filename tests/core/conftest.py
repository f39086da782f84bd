"""Shared fixtures for the core-model tests: small models, runs and run totals.

Every model built here is small (hundreds to a few thousand residents) so that the whole
suite stays fast; statistical tests use several fixed seeds and state their tolerance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from model import TrustModel
from model.core.state import COUNTERS

SMALL: dict[str, Any] = {"n_residents": 1000}
"""Overrides every small model starts from (the other parameters keep their defaults)."""

HIGH_CRIME: dict[str, float] = {
    "rate_robbery_per_1000_per_month": 30.0,
    "rate_break_in_per_1000_per_month": 30.0,
}
"""Base rates (about ten times the defaults) high enough that a couple of thousand
residents give on the order of a hundred incidents a month after deterrence and police
presence, so that rates pooled over a few replicate runs are precise."""

SEEDS: tuple[int, ...] = (11, 12, 13, 14)
"""Replicate seeds for statistical comparisons."""

POPULATIONS = ("residents", "officers", "informal")


def build(rng: Any = 1, **params: Any) -> TrustModel:
    """A small TrustModel: SMALL overridden by ``params``.

    Unless given, officers and informal members keep their default density per resident
    (the model's own rule): police presence suppresses crime per officer per 1000
    residents, so 40 officers among 1000 residents would all but abolish crime.
    """
    return TrustModel(rng=rng, **{**SMALL, **params})


def run(days: int, rng: Any = 1, **params: Any) -> TrustModel:
    """Build a small model and simulate ``days`` days."""
    model = build(rng, **params)
    for _ in range(days):
        model.step()
    return model


def totals(model: TrustModel, columns: Iterable[str] = COUNTERS) -> pd.Series:
    """Sum of the daily counters over the simulated days (day 0 is the initial row)."""
    daily = model.daily_table()
    return daily.loc[daily.index > 0, list(columns)].sum()


def replicate_totals(days: int, seeds: Iterable[int] = SEEDS, **params: Any) -> pd.Series:
    """Daily counters summed over the days of several replicate runs."""
    return pd.concat([totals(run(days, s, **params)) for s in seeds], axis=1).sum(axis=1)


def state_arrays(model: TrustModel) -> dict[str, np.ndarray]:
    """Every state array of the model, keyed ``population.field``."""
    out = {}
    for attr in (*POPULATIONS, "hoods", "smoothed"):
        for name, value in vars(getattr(model, attr)).items():
            out[f"{attr}.{name}"] = np.asarray(value)
    out["network.indptr"] = model.network.indptr
    out["network.indices"] = model.network.indices
    return out


@pytest.fixture(scope="session")
def make_model() -> Callable[..., TrustModel]:
    """Factory: ``make_model(rng=1, **params)`` builds a small model (see SMALL)."""
    return build


@pytest.fixture(scope="session")
def run_model() -> Callable[..., TrustModel]:
    """Factory: ``run_model(days, rng=1, **params)`` builds and runs a small model."""
    return run


@pytest.fixture(scope="session")
def run_totals() -> Callable[..., pd.Series]:
    """Factory: ``run_totals(days, seeds=SEEDS, **params)`` sums counters over replicates."""
    return replicate_totals


@pytest.fixture(scope="session")
def high_crime() -> dict[str, float]:
    """Parameter overrides giving many incidents (see HIGH_CRIME)."""
    return dict(HIGH_CRIME)


@pytest.fixture(scope="session")
def state_of() -> Callable[[TrustModel], dict[str, np.ndarray]]:
    """Function returning every state array of a model (see state_arrays)."""
    return state_arrays


def nan_columns(df: pd.DataFrame) -> set[str]:
    """Columns holding a NaN."""
    return {c for c in df.columns if df[c].isna().any()}


@pytest.fixture(scope="session")
def nan_cols() -> Callable[[pd.DataFrame], set[str]]:
    """Function returning the columns of a table that hold NaN (see nan_columns)."""
    return nan_columns
