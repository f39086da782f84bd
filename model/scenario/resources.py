"""Will a run fit on this machine?

The estimate of :mod:`model.core.resources` against the memory the machine has available,
checked before a run starts.
"""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from model.core.errors import InputError
from model.core.params import Params
from model.core.resources import Estimate, estimate

MEMORY_TOLERANCE = 1.0
"""Share of the available memory a run may be estimated to need (the estimate is rounded
up already)."""


def available_memory_bytes() -> int | None:
    """Memory the machine can give a new process now: ``MemAvailable`` of /proc/meminfo.

    Returns:
        Bytes, or None where unknown (then no run is refused for memory).
    """
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def _size(n_bytes: float) -> str:
    return f"{n_bytes / 2**30:,.1f} GiB" if n_bytes >= 2**30 else f"{n_bytes / 2**20:,.0f} MiB"


def describe(est: Estimate, days: int) -> str:
    """One line for the user: ``about 1.2 GiB and 3 min``.

    Args:
        est: The estimate.
        days: Days to simulate.

    Returns:
        The text.
    """
    seconds = est.seconds(days)
    when = f"{seconds:,.0f} s" if seconds < 120 else f"{seconds / 60:,.0f} min"
    return f"about {_size(est.memory_bytes)} of memory and {when}"


def check_fits(p: Params, graph: nx.Graph | None = None,
               available: int | None = None) -> Estimate:
    """Refuse a run whose estimated memory exceeds what the machine has available.

    Args:
        p: Resolved parameters of the run.
        graph: The given network, if any.
        available: Bytes available (default: :func:`available_memory_bytes`).

    Returns:
        The estimate, when the run fits.

    Raises:
        InputError: Naming the estimate, the limit and the sizes that drive it.
    """
    est = estimate(p, graph_edges=None if graph is None else graph.number_of_edges())
    limit = available_memory_bytes() if available is None else available
    if limit is not None and est.memory_bytes > MEMORY_TOLERANCE * limit:
        raise InputError(
            f"this run would need {_size(est.memory_bytes)} of memory, more than the "
            f"{_size(limit)} this machine has available (n_residents = {p.n_residents:,}, "
            f"mean_degree = {p.mean_degree:g}, n_neighbourhoods = {p.n_neighbourhoods:,}, "
            f"network_generator = {p.network_generator}): use fewer residents (--scale) or "
            "a smaller mean_degree, or a machine with more memory")
    return est
