"""Experimental designs: which parameter values a sweep runs.

Every method has the same small contract (as in SALib): a function
``sample(factors, n, seed, **options) -> numpy array`` (one row per sample, one column per
factor, in the factors' order) and a function ``size(factors, n, **options) -> int`` that
says how many samples it will make without making them (so a design can be checked
against its budget before anything runs). :class:`Design` bundles a method, its factors
and options.

The methods are:

* ``grid``: the full factorial of every factor's values (a bounded factor needs
  ``levels``: that many evenly spaced values from low to high).
* ``latin_hypercube``: ``n`` Latin hypercube samples of the bounded factors (SALib),
  crossed with every value of the listed-value factors (a grid x LHS design: e.g. each
  dialogue length with the same ``n`` draws of the uncertain parameters).
* ``sobol``: Saltelli's extension of Sobol' sequences (SALib), ``n * (k + 2)`` samples
  for k bounded factors (``n * (2k + 2)`` with second-order indices); ``n`` a power of 2.
* ``morris``: ``n`` Morris trajectories of ``k + 1`` samples each, on a grid of
  ``levels`` levels (SALib).

Sobol and Morris need bounds on every factor (their indices are defined on a box).
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

DESIGN_STREAM = 2**31 - 1
"""Spawn key of the design's random stream: ``SeedSequence(master, spawn_key=(it,))``,
apart from every run seed (whose spawn keys have two entries)."""


@dataclass(frozen=True)
class Factor:
    """One uncertain input of a sweep.

    Attributes:
        name: A parameter name (``negativity_weight``) or a dialogue field
            (``jsd.length_months``; ``dialogue.FIELD`` for every dialogue of a plan).
        low: Lower bound (None for a factor given by its values).
        high: Upper bound.
        values: The values to take, for a listed-value factor.
        levels: Evenly spaced values of a bounded factor in a grid.
        relative: Whether the values are multipliers of the plan's own value of the
            parameter (``relative: 0.5`` in a file is the bounds 0.5 to 1.5).
        integer: Whether values are rounded to whole numbers when a run uses them.
    """

    name: str
    low: float | None = None
    high: float | None = None
    values: tuple[Any, ...] | None = None
    levels: int | None = None
    relative: bool = False
    integer: bool = False

    @property
    def bounded(self) -> bool:
        """Whether the factor is given by bounds (not by a list of values)."""
        return self.values is None

    def grid_values(self) -> tuple[Any, ...]:
        """The values a grid takes: the listed ones, or ``levels`` from low to high.

        Returns:
            The values, in order.

        Raises:
            ValueError: If a bounded factor has no ``levels``.
        """
        if self.values is not None:
            return self.values
        if not self.levels:
            raise ValueError(f"factor {self.name!r}: a grid needs 'levels' or 'values'")
        return tuple(float(v) for v in np.linspace(self.low, self.high, self.levels))


def salib(module: str) -> Any:
    """Import a SALib module, saying how to install SALib if it is missing.

    Args:
        module: ``"sample.latin"``, ``"analyze.sobol"``, ...

    Returns:
        The module.

    Raises:
        ImportError: If SALib is not installed (``pip install 'jsdsim[sweep]'``).
    """
    try:
        return importlib.import_module(f"SALib.{module}")
    except ImportError as exc:
        raise ImportError("designs and sensitivity indices need SALib: "
                          "pip install 'jsdsim[sweep]'") from exc


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _problem(factors: Sequence[Factor]) -> dict[str, Any]:
    """The SALib problem of the bounded factors."""
    return {"num_vars": len(factors), "names": [f.name for f in factors],
            "bounds": [[f.low, f.high] for f in factors]}


def _cross(bounded: Sequence[Factor], draws: np.ndarray,
           listed: Sequence[Factor], factors: Sequence[Factor]) -> np.ndarray:
    """Every row of ``draws`` with every combination of the listed factors' values."""
    combos = list(itertools.product(*(f.grid_values() for f in listed))) or [()]
    rows = []
    for combo in combos:  # listed values vary slowest: one block of draws per combination
        for draw in draws:
            value = dict(zip((f.name for f in bounded), draw, strict=True))
            value.update(zip((f.name for f in listed), combo, strict=True))
            rows.append([value[f.name] for f in factors])
    return np.array(rows, dtype=object)


# --- grid ------------------------------------------------------------------------------


def grid_size(factors: Sequence[Factor], n: int | None = None) -> int:
    """Samples of a full grid: the product of the factors' numbers of values."""
    return int(np.prod([len(f.grid_values()) for f in factors])) if factors else 1


def grid_sample(factors: Sequence[Factor], n: int | None = None,
                seed: int | None = None) -> np.ndarray:
    """The full factorial (the last factor varies fastest)."""
    return np.array(list(itertools.product(*(f.grid_values() for f in factors))),
                    dtype=object).reshape(-1, len(factors))


# --- latin hypercube --------------------------------------------------------------------


def latin_size(factors: Sequence[Factor], n: int | None = None) -> int:
    """``n`` draws times the combinations of the listed-value factors."""
    listed = [f for f in factors if not f.bounded]
    return int(n or 0) * grid_size(listed)


def latin_sample(factors: Sequence[Factor], n: int | None = None,
                 seed: int | None = None) -> np.ndarray:
    """``n`` Latin hypercube draws of the bounded factors, crossed with the listed ones."""
    latin = salib("sample.latin")
    bounded = [f for f in factors if f.bounded]
    listed = [f for f in factors if not f.bounded]
    draws = latin.sample(_problem(bounded), int(n), seed=seed) if bounded \
        else np.empty((1, 0))
    return _cross(bounded, draws, listed, factors)


# --- sobol (saltelli) -------------------------------------------------------------------


def sobol_size(factors: Sequence[Factor], n: int | None = None,
               second_order: bool = False) -> int:
    """``n * (k + 2)``, or ``n * (2k + 2)`` with second-order indices."""
    k = len(factors)
    return int(n or 0) * (2 * k + 2 if second_order else k + 2)


def sobol_sample(factors: Sequence[Factor], n: int | None = None, seed: int | None = None,
                 second_order: bool = False) -> np.ndarray:
    """Saltelli's sampling scheme for Sobol' indices (SALib ``sample.sobol``)."""
    return salib("sample.sobol").sample(_problem(factors), int(n), calc_second_order=second_order,
                        seed=seed)


# --- morris -----------------------------------------------------------------------------


def morris_size(factors: Sequence[Factor], n: int | None = None, levels: int = 4) -> int:
    """``n`` trajectories of ``k + 1`` samples."""
    return int(n or 0) * (len(factors) + 1)


def morris_sample(factors: Sequence[Factor], n: int | None = None, seed: int | None = None,
                  levels: int = 4) -> np.ndarray:
    """Morris trajectories (SALib ``sample.morris``)."""
    return salib("sample.morris").sample(_problem(factors), int(n), num_levels=levels, seed=seed)


@dataclass(frozen=True)
class Method:
    """One design method: how many samples it makes, and how it makes them.

    Attributes:
        size: ``size(factors, n, **options) -> int``.
        sample: ``sample(factors, n, seed, **options) -> array``.
        needs_n: Whether ``n`` must be given.
        bounded_only: Whether every factor needs bounds.
        options: The option names it takes besides ``n``.
    """

    size: Callable[..., int]
    sample: Callable[..., np.ndarray]
    needs_n: bool
    bounded_only: bool
    options: tuple[str, ...] = ()


METHODS: dict[str, Method] = {
    "grid": Method(grid_size, grid_sample, needs_n=False, bounded_only=False),
    "latin_hypercube": Method(latin_size, latin_sample, needs_n=True, bounded_only=False),
    "sobol": Method(sobol_size, sobol_sample, needs_n=True, bounded_only=True,
                    options=("second_order",)),
    "morris": Method(morris_size, morris_sample, needs_n=True, bounded_only=True,
                     options=("levels",)),
}
"""Design methods by name."""


def design_seed(master_seed: int) -> int:
    """The seed of a design's sampler, derived from the experiment's master seed.

    Args:
        master_seed: The experiment's one seed.

    Returns:
        A 32-bit seed (``SeedSequence(master_seed, spawn_key=(DESIGN_STREAM,))``).
    """
    sequence = np.random.SeedSequence(master_seed, spawn_key=(DESIGN_STREAM,))
    return int(sequence.generate_state(1)[0])


@dataclass(frozen=True)
class Design:
    """A method, its factors and its options.

    Attributes:
        method: A key of :data:`METHODS`.
        factors: The uncertain inputs, in order.
        n: Base number of samples (see each method); None for a grid.
        options: Method options (``second_order`` for sobol, ``levels`` for morris).
    """

    method: str
    factors: tuple[Factor, ...]
    n: int | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        """Factor names, in order."""
        return [f.name for f in self.factors]

    def size(self) -> int:
        """How many samples :meth:`sample` makes (computed without making them)."""
        return METHODS[self.method].size(self.factors, self.n, **self.options)

    def sample(self, seed: int) -> pd.DataFrame:
        """Make the samples.

        Args:
            seed: The sampler's seed (see :func:`design_seed`); the same seed gives the
                same samples.

        Returns:
            One row per sample (index ``sample``, 0..n-1), one column per factor.
        """
        if not self.factors:
            return pd.DataFrame(index=pd.RangeIndex(1, name="sample"))
        values = METHODS[self.method].sample(self.factors, self.n, seed=seed,
                                             **self.options)
        table = pd.DataFrame(values, columns=self.names)
        for f in self.factors:
            if f.bounded or all(_is_number(v) for v in f.values):
                table[f.name] = table[f.name].astype(float)
        table.index.name = "sample"
        return table

    def problem(self) -> dict[str, Any]:
        """The SALib problem (names and bounds) of the factors."""
        return _problem(self.factors)
