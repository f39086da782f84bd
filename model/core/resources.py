"""What a run of given sizes needs: memory and time estimates, and hard size limits.

Pure arithmetic on the resolved parameters (no I/O): the layers above compare the estimate
with the machine (model/scenario/resources.py) and refuse, before a run starts, what
cannot fit. The coefficients were measured on the development machine (peak resident
memory and wall time of ``TrustModel(...)`` plus 30 days, Python 3.12, one core) and
rounded up; see benchmarks/ for how to measure them again.

Measured (peak memory above the imported libraries; build time; time per simulated day):
200,000 residents at mean degree 10: 210 MB, 3.1 s, 0.03 s; at mean degree 50: 875 MB,
8.1 s, 0.09 s; the networkx generator with 1,600 (neighbourhood, group) cells and 5,000
residents: 207 MB and 5.2 s (quadratic in cells).
"""

from __future__ import annotations

from dataclasses import dataclass

from model.core.params import Params

BASE_BYTES = 250 * 2**20
"""Python with numpy, pandas, networkx and Mesa imported (measured: about 180 MB)."""

BYTES_PER_RESIDENT = 300
"""State arrays, the Mesa agent and the per-resident temporaries (measured: about 220)."""

BYTES_PER_TIE_END = 100
"""Network storage and its build temporaries, per resident and unit of mean degree
(measured: about 83)."""

BYTES_PER_AGENT = 1_000
"""An officer or informal member: state and Mesa agent (measured: about 150)."""

NETWORKX_BYTES_PER_CELL_PAIR = 100
"""The networkx generator's dense cells x cells matrices (measured: about 81)."""

NETWORKX_BYTES_PER_EDGE = 1_000
"""A networkx graph's dict-of-dicts, per undirected tie."""

NETWORKX_MAX_RESIDENTS = 20_000
"""Largest population the networkx generator accepts (it is meant for small checks)."""

NETWORKX_MAX_CELLS = 2_000
"""Most (neighbourhood, group) cells the networkx generator accepts: its matrices grow
with the square (2,000 cells: about 400 MB and 10 s)."""

SECONDS_PER_RESIDENT_DAY = 100e-9
SECONDS_PER_TIE_END_DAY = 8e-9
SECONDS_PER_AGENT_DAY = 1e-6
SECONDS_PER_HOOD_DAY = 1e-6
BUILD_SECONDS_PER_RESIDENT = 10e-6
BUILD_SECONDS_PER_TIE_END = 1e-6
NETWORKX_SECONDS_PER_CELL_PAIR = 3e-6
NETWORKX_SECONDS_PER_EDGE = 20e-6


@dataclass(frozen=True)
class Estimate:
    """Memory and time a run is expected to need (rounded up, not a guarantee).

    Attributes:
        memory_bytes: Peak memory of the process.
        build_seconds: Time to build the model.
        seconds_per_day: Time to simulate one day.
    """

    memory_bytes: int
    build_seconds: float
    seconds_per_day: float

    def seconds(self, days: int) -> float:
        """Expected wall time of building the model and simulating ``days`` days."""
        return self.build_seconds + days * self.seconds_per_day


def estimate(p: Params, *, graph_edges: int | None = None) -> Estimate:
    """Estimate the memory and time of a run from its sizes.

    Args:
        p: Resolved parameters.
        graph_edges: Number of ties of a given network (edge list) instead of the
            generated one, or None.

    Returns:
        The estimate.
    """
    n, degree = p.n_residents, p.mean_degree
    if graph_edges is not None:
        degree = 2 * graph_edges / max(n, 1)
    agents = p.n_officers + p.n_informal_members
    memory = (BASE_BYTES + n * BYTES_PER_RESIDENT + n * degree * BYTES_PER_TIE_END
              + agents * BYTES_PER_AGENT)
    build = n * BUILD_SECONDS_PER_RESIDENT + n * degree * BUILD_SECONDS_PER_TIE_END
    if p.network_generator == "networkx" and graph_edges is None:
        cells = p.n_neighbourhoods * p.n_groups
        edges = n * degree / 2
        memory += cells**2 * NETWORKX_BYTES_PER_CELL_PAIR + edges * NETWORKX_BYTES_PER_EDGE
        build += cells**2 * NETWORKX_SECONDS_PER_CELL_PAIR + edges * NETWORKX_SECONDS_PER_EDGE
    per_day = (n * SECONDS_PER_RESIDENT_DAY + n * degree * SECONDS_PER_TIE_END_DAY
               + agents * SECONDS_PER_AGENT_DAY + p.n_neighbourhoods * SECONDS_PER_HOOD_DAY)
    return Estimate(int(memory), build, per_day)


def size_problems(p: Params) -> list[tuple[str, str]]:
    """Sizes the model refuses whatever the machine: the networkx generator's limits.

    Args:
        p: Resolved parameters.

    Returns:
        ``(parameter, reason)`` for each limit broken (empty if none).
    """
    if p.network_generator != "networkx":
        return []
    problems = []
    if p.n_residents > NETWORKX_MAX_RESIDENTS:
        problems.append(("network_generator", (
            f"the networkx generator is for small populations: n_residents = "
            f"{p.n_residents:,} is above its limit of {NETWORKX_MAX_RESIDENTS:,}; use "
            "network_generator: numpy")))
    cells = p.n_neighbourhoods * p.n_groups
    if cells > NETWORKX_MAX_CELLS:
        problems.append(("network_generator", (
            f"the networkx generator builds cells x cells matrices: n_neighbourhoods x "
            f"n_groups = {cells:,} cells is above its limit of {NETWORKX_MAX_CELLS:,} "
            f"(it would need about {cells**2 * NETWORKX_BYTES_PER_CELL_PAIR / 2**30:,.1f} "
            "GiB); use network_generator: numpy")))
    return problems
