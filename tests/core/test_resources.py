"""Memory and time estimates from sizes (model/core/resources.py)."""

from model.core.params import resolve
from model.core.resources import NETWORKX_MAX_RESIDENTS, estimate, size_problems


def test_estimate_grows_with_residents_degree_and_networkx_cells():
    small = estimate(resolve({"n_residents": 10_000}))
    big = estimate(resolve({"n_residents": 1_000_000}))
    dense = estimate(resolve({"n_residents": 1_000_000, "mean_degree": 100}))
    assert small.memory_bytes < big.memory_bytes < dense.memory_bytes
    assert big.seconds(360) > small.seconds(360)
    cells = estimate(resolve({"n_residents": 10_000, "network_generator": "networkx",
                              "n_neighbourhoods": 1000}))
    assert cells.memory_bytes > small.memory_bytes + 350 * 2**20  # 2,000 cells squared


def test_estimate_covers_the_measured_peaks():
    """Measured on the development machine (see the module docstring): 200,000 residents at
    mean degree 10 peaked at 388 MB, at mean degree 50 at 1,054 MB (libraries included)."""
    assert estimate(resolve({"n_residents": 200_000})).memory_bytes > 388 * 2**20
    assert estimate(resolve({"n_residents": 200_000, "mean_degree": 50})).memory_bytes \
        > 1054 * 2**20


def test_the_networkx_generator_has_a_hard_size_limit():
    assert size_problems(resolve({"network_generator": "networkx"})) == []
    assert size_problems(resolve({"n_residents": 5_000_000})) == []
    ((name, reason),) = size_problems(resolve({
        "n_residents": NETWORKX_MAX_RESIDENTS + 1, "network_generator": "networkx"}))
    assert name == "network_generator" and "small populations" in reason
