"""The residents' social network (model.network, docs/ODD.md 7.1)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from model import TrustModel
from model.core.influence import social_influence
from model.core.network import Network, expected_tie_matrix, from_edges, from_networkx

N = 3000
SEEDS = (1, 2, 3)


def edge_set(network: Network) -> set[tuple[int, int]]:
    return {(min(u, v), max(u, v)) for u, v in network.to_networkx().edges()}


def tie_shares(model: TrustModel) -> dict[str, float]:
    """Realised share of ties inside the own group and inside the own neighbourhood."""
    net, res = model.network, model.residents
    rows = np.repeat(np.arange(net.n_nodes), net.degree)
    return {"group": float((res.group[rows] == res.group[net.indices]).mean()),
            "hood": float((res.hood[rows] == res.hood[net.indices]).mean())}


def expected_shares(model: TrustModel) -> dict[str, float]:
    """The same shares predicted by expected_tie_matrix (upper triangle = each tie once)."""
    p = model.params
    sizes = np.diff(model.cell_start)
    ties = np.triu(expected_tie_matrix(sizes, p.n_groups, p.mean_degree, p.homophily,
                                       p.tie_locality))
    hood, group = np.divmod(np.arange(len(sizes)), p.n_groups)
    return {"group": ties[group[:, None] == group[None, :]].sum() / ties.sum(),
            "hood": ties[hood[:, None] == hood[None, :]].sum() / ties.sum(),
            "mean_degree": 2 * ties.sum() / sizes.sum()}


def check_simple_csr(net: Network, n: int) -> None:
    assert net.n_nodes == n
    assert net.indptr[0] == 0 and net.indptr[-1] == len(net.indices)
    assert np.all(np.diff(net.indptr) >= 0)
    rows = np.repeat(np.arange(n), net.degree)
    assert np.all(net.indices >= 0) and np.all(net.indices < n)
    assert not np.any(rows == net.indices), "self-loop"
    key = rows * n + net.indices
    assert np.all(np.diff(key) > 0), "indices not sorted within rows, or duplicated"
    adj = sp.csr_matrix((np.ones(len(net.indices)), net.indices, net.indptr), shape=(n, n))
    assert (adj != adj.T).nnz == 0, "not symmetric"
    assert len(net.indices) == 2 * net.n_edges


# --- the vectorised generator -----------------------------------------------------------
@pytest.fixture(scope="module")
def numpy_models():
    return [TrustModel(rng=s, n_residents=N) for s in SEEDS]


@pytest.fixture(scope="module")
def networkx_models():
    return [TrustModel(rng=s, n_residents=N, network_generator="networkx") for s in SEEDS]


def test_generated_network_is_simple_symmetric_and_sorted(numpy_models, networkx_models):
    for model in [*numpy_models, *networkx_models]:
        check_simple_csr(model.network, N)


def test_mean_degree_is_close_to_parameter(numpy_models):
    # Tolerance 4%: each resident sends Poisson(5) ties, so the mean over 3000 residents
    # has a relative sd of ~0.6%; duplicate ties inside small cells (dropped) remove
    # another ~1-2%.
    degrees = [m.network.degree.mean() for m in numpy_models]
    assert np.mean(degrees) == pytest.approx(10.0, rel=0.04)
    assert all(d <= 10.0 * 1.02 for d in degrees)  # duplicates only ever remove ties


def test_expected_tie_matrix_matches_mean_degree(numpy_models):
    assert expected_shares(numpy_models[0])["mean_degree"] == pytest.approx(10.0)


@pytest.mark.parametrize("params", [
    {},
    {"homophily": 0.3, "tie_locality": 0.2, "n_groups": 3, "largest_group_share": 0.5},
    {"homophily": 0.95, "tie_locality": 0.9, "n_neighbourhoods": 5},
], ids=["default", "mixed", "clustered"])
def test_same_group_and_same_hood_shares_follow_expected_tie_matrix(params):
    # Tolerance 0.02 absolute: ~15,000 ties per network, so a binomial share has an sd
    # of ~0.004; the mean over 3 seeds is compared.
    models = [TrustModel(rng=s, n_residents=N, **params) for s in SEEDS]
    want = expected_shares(models[0])
    for key in ("group", "hood"):
        got = np.mean([tie_shares(m)[key] for m in models])
        assert got == pytest.approx(want[key], abs=0.02), key


def test_homophily_raises_the_share_of_same_group_ties():
    low = tie_shares(TrustModel(rng=1, n_residents=N, homophily=0.2))["group"]
    high = tie_shares(TrustModel(rng=1, n_residents=N, homophily=0.9))["group"]
    assert high > low + 0.4


def test_full_homophily_and_locality_keep_every_tie_in_its_cell():
    model = TrustModel(rng=4, n_residents=N, homophily=1.0, tie_locality=1.0)
    shares = tie_shares(model)
    assert shares == {"group": 1.0, "hood": 1.0}


def test_zero_mean_degree_gives_no_ties():
    model = TrustModel(rng=4, n_residents=500, mean_degree=0.0)
    assert model.network.n_edges == 0
    check_simple_csr(model.network, 500)


def test_edgeless_user_graph_gives_no_ties():
    model = TrustModel(rng=4, n_residents=50, graph=nx.empty_graph(50))
    assert model.network.n_edges == 0
    np.testing.assert_allclose(model.network.mean_matrix.toarray(), np.eye(50))


# --- the networkx generator -------------------------------------------------------------
def test_networkx_generator_has_similar_block_structure(numpy_models, networkx_models):
    # Same tolerances as above: both generators draw from the same family of graphs.
    want = expected_shares(networkx_models[0])
    for key in ("group", "hood"):
        got_nx = np.mean([tie_shares(m)[key] for m in networkx_models])
        got_np = np.mean([tie_shares(m)[key] for m in numpy_models])
        assert got_nx == pytest.approx(want[key], abs=0.02), key
        assert got_nx == pytest.approx(got_np, abs=0.03), key
    degree = np.mean([m.network.degree.mean() for m in networkx_models])
    assert degree == pytest.approx(10.0, rel=0.04)


@pytest.mark.parametrize("homophily", [1 - 1e-16, 1e-300])
def test_networkx_generator_accepts_extreme_valid_homophily(homophily):
    model = TrustModel(rng=0, n_residents=500, network_generator="networkx",
                       homophily=homophily)
    check_simple_csr(model.network, 500)


def test_networkx_generator_differs_from_numpy_but_is_seeded():
    a = TrustModel(rng=5, n_residents=500, network_generator="networkx")
    b = TrustModel(rng=5, n_residents=500, network_generator="networkx")
    c = TrustModel(rng=5, n_residents=500)
    assert edge_set(a.network) == edge_set(b.network)
    assert edge_set(a.network) != edge_set(c.network)


# --- user graphs ------------------------------------------------------------------------
def test_user_graph_is_used_exactly():
    n = 400
    graph = nx.watts_strogatz_graph(n, 6, 0.1, seed=3)
    model = TrustModel(rng=1, n_residents=n, graph=graph)
    want = {(min(u, v), max(u, v)) for u, v in graph.edges()}
    assert edge_set(model.network) == want
    assert np.array_equal(model.network.degree, [graph.degree(i) for i in range(n)])
    check_simple_csr(model.network, n)


def test_user_graph_may_leave_residents_isolated():
    graph = nx.Graph([(0, 1), (1, 2)])
    model = TrustModel(rng=1, n_residents=50, graph=graph)
    assert model.network.n_edges == 2
    assert np.all(model.network.degree[3:] == 0)


def test_user_graph_drops_self_loops_duplicates_and_direction():
    graph = nx.MultiDiGraph([(0, 1), (1, 0), (0, 1), (2, 2), (3, 4)])
    net = from_networkx(graph, 10)
    assert edge_set(net) == {(0, 1), (3, 4)}
    check_simple_csr(net, 10)


@pytest.mark.parametrize("bad", [-1, 50, 10_000, "a", 2.0], ids=repr)
def test_graph_node_outside_range_raises(bad):
    graph = nx.Graph([(0, 1), (1, bad)])
    with pytest.raises(ValueError, match=r"\[0, 49\]"):
        TrustModel(rng=1, n_residents=50, graph=graph)
    with pytest.raises(ValueError, match=r"graph node"):
        from_networkx(graph, 50)


def test_to_networkx_round_trip(numpy_models):
    net = numpy_models[0].network
    again = from_networkx(net.to_networkx(), net.n_nodes)
    assert np.array_equal(again.indptr, net.indptr)
    assert np.array_equal(again.indices, net.indices)


def test_from_edges_drops_duplicates_and_self_loops():
    net = from_edges(5, np.array([0, 1, 0, 2, 4]), np.array([1, 0, 1, 2, 3]))
    assert edge_set(net) == {(0, 1), (3, 4)}
    assert net.degree.tolist() == [1, 1, 0, 1, 1]


def test_contacts_lists_neighbours_with_repeats():
    net = from_edges(5, np.array([0, 0, 1]), np.array([1, 2, 3]))
    assert sorted(net.contacts(np.array([0])).tolist()) == [1, 2]
    assert sorted(net.contacts(np.array([1, 1])).tolist()) == [0, 0, 3, 3]
    assert net.contacts(np.array([4])).tolist() == []


def test_mean_matrix_averages_contacts_and_keeps_isolated_views():
    net = from_edges(4, np.array([0, 0]), np.array([1, 2]))
    m = net.mean_matrix.toarray()
    np.testing.assert_allclose(m.sum(axis=1), 1.0)
    np.testing.assert_allclose(m[0], [0, 0.5, 0.5, 0])
    np.testing.assert_allclose(m[1], [1, 0, 0, 0])
    np.testing.assert_allclose(m[3], [0, 0, 0, 1])  # isolated: its own view


@pytest.mark.parametrize("bound", [1.0, 0.3])
def test_isolated_residents_keep_their_view_under_social_influence(bound):
    n = 300
    graph = nx.gnm_random_graph(100, 300, seed=2)  # residents 100.. are isolated
    model = TrustModel(rng=1, n_residents=n, graph=graph, influence_rate_per_day=0.5,
                       confidence_bound=bound)
    before = model.residents.trust.copy()
    for _ in range(5):
        social_influence(model)
    after = model.residents.trust
    np.testing.assert_array_equal(after[100:], before[100:])
    connected = model.network.degree[:100] > 0
    assert np.all(np.any(after[:100][connected] != before[:100][connected], axis=1))
