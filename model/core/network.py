"""The residents' social network (docs/ODD.md, 7.1 Social network).

The network is a homophilous stochastic block model whose blocks are the cells
(neighbourhood, identity group): a tie stays in the own neighbourhood with probability
``tie_locality`` and in the own identity group with probability ``homophily``. It is
stored as a CSR adjacency (``indptr``, ``indices``) plus a row-normalised float32
sparse matrix for the daily neighbour-mean update.

networkx is the interface for everything else: :func:`from_networkx` accepts any
graph (loaded from an edge list or built by the user), :meth:`Network.to_networkx`
returns the graph for analysis, and ``network_generator="networkx"`` builds the same
block model with :func:`networkx.stochastic_block_model` (quadratic in the number of
blocks and slow for large populations, so the default is the vectorised generator).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from model.core.errors import InputError


@dataclass
class Network:
    """An undirected simple graph over residents 0..n-1 in CSR form.

    Attributes:
        indptr: CSR row pointers, length n + 1.
        indices: CSR column indices (neighbours of each resident, sorted).
        mean_matrix: Row-normalised adjacency (float32); isolated residents get a self-loop
            so that their neighbour mean is their own view.
    """

    indptr: np.ndarray
    indices: np.ndarray
    mean_matrix: sp.csr_matrix

    @property
    def n_nodes(self) -> int:
        """Number of residents."""
        return len(self.indptr) - 1

    @property
    def degree(self) -> np.ndarray:
        """Number of contacts of each resident."""
        return np.diff(self.indptr)

    @property
    def n_edges(self) -> int:
        """Number of undirected ties."""
        return len(self.indices) // 2

    def contacts(self, residents: np.ndarray) -> np.ndarray:
        """All contacts of the given residents, concatenated (with repeats).

        Args:
            residents: Resident indices.

        Returns:
            Contact indices.
        """
        deg = self.degree[residents]
        pos = np.repeat(self.indptr[residents], deg) + _ranks(deg)
        return self.indices[pos].astype(np.int64)

    def to_networkx(self) -> nx.Graph:
        """Return the network as a networkx Graph with nodes 0..n-1."""
        g = nx.Graph()
        g.add_nodes_from(range(self.n_nodes))
        rows = np.repeat(np.arange(self.n_nodes), self.degree)
        upper = rows < self.indices
        g.add_edges_from(zip(rows[upper].tolist(), self.indices[upper].tolist(), strict=True))
        return g


def from_edges(n: int, src: np.ndarray, dst: np.ndarray) -> Network:
    """Build a Network from tie endpoints, dropping self-loops and duplicate ties.

    Args:
        n: Number of residents.
        src: One endpoint of each tie.
        dst: The other endpoint.

    Returns:
        The symmetric network.
    """
    keep = src != dst
    key = np.concatenate([src[keep], dst[keep]]).astype(np.int64, copy=False)
    key *= n
    key += np.concatenate([dst[keep], src[keep]])
    key.sort()  # by row, then column
    key = key[np.r_[True, key[1:] != key[:-1]][: len(key)]]  # np.unique hashes: slower
    rows, cols = np.divmod(key, n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    indices = cols.astype(np.int32)
    return Network(indptr, indices, _mean_matrix(n, indptr, indices))


def _mean_matrix(n: int, indptr: np.ndarray, indices: np.ndarray) -> sp.csr_matrix:
    deg = np.diff(indptr)
    isolated = np.flatnonzero(deg == 0)
    if len(isolated):  # a self-loop keeps an isolated resident's view where it is
        indices = np.insert(indices, indptr[isolated], isolated.astype(indices.dtype))
        deg[isolated] = 1
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(deg, out=indptr[1:])
    weights = np.repeat((1.0 / deg).astype(np.float32), deg)
    return sp.csr_matrix((weights, indices, indptr), shape=(n, n))


def _ranks(counts: np.ndarray) -> np.ndarray:
    """Return 0..c-1 for each count c, concatenated."""
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(counts.sum()) - starts


def from_networkx(graph: nx.Graph, n: int) -> Network:
    """Convert a networkx graph whose nodes are the integers 0..n-1.

    Args:
        graph: Any undirected graph; edge direction and weights are ignored.
        n: Number of residents.

    Returns:
        The network.

    Raises:
        InputError: If a node is not an integer in [0, n).
    """
    nodes = np.fromiter(graph.nodes, dtype=object, count=graph.number_of_nodes())
    bad = [v for v in nodes if not isinstance(v, int | np.integer) or not 0 <= v < n]
    if bad:
        raise InputError(
            f"graph node {bad[0]!r} is invalid: expected integer node ids in [0, {n - 1}] "
            f"(n_residents = {n})"
        )
    edges = np.array(list(graph.edges()), dtype=np.int64).reshape(-1, 2)
    return from_edges(n, edges[:, 0], edges[:, 1])


def block_model(
    rng: np.random.Generator,
    cell_start: np.ndarray,
    n_groups: int,
    mean_degree: float,
    homophily: float,
    tie_locality: float,
) -> Network:
    """Generate the homophilous block model with numpy, in O(n + ties).

    Residents must be ordered by (neighbourhood, group), so that cell
    ``c = neighbourhood * n_groups + group`` holds residents
    ``cell_start[c]:cell_start[c + 1]``. Each resident sends Poisson(mean_degree / 2)
    ties; each tie picks a neighbourhood (own one with probability ``tie_locality``,
    else uniform), then a group (own one with probability ``homophily``, else another
    group present there), then a resident uniformly inside that cell.

    Args:
        rng: The model's random generator.
        cell_start: Offsets of the cells, length n_cells + 1.
        n_groups: Number of identity groups.
        mean_degree: Expected number of contacts per resident.
        homophily: Probability that a tie stays inside the own group.
        tie_locality: Probability that a tie stays inside the own neighbourhood.

    Returns:
        The network.
    """
    n = int(cell_start[-1])
    cell_size = np.diff(cell_start)
    hood_start = cell_start[::n_groups]
    hood_size = np.diff(hood_start)
    cell_of = np.repeat(np.arange(len(cell_size)), cell_size)

    stubs = rng.poisson(mean_degree / 2.0, size=n)
    src = np.repeat(np.arange(n, dtype=np.int64), stubs)
    m = len(src)
    src_hood, src_group = np.divmod(cell_of[src], n_groups)

    # 1. neighbourhood: own, or uniform among populated neighbourhoods
    populated = np.flatnonzero(hood_size > 0)
    hood = np.where(rng.random(m) < tie_locality, src_hood,
                    populated[rng.integers(0, len(populated), size=m)])
    h0, h_n = hood_start[hood], hood_size[hood]
    own = cell_start[hood * n_groups + src_group]
    own_n = cell_size[hood * n_groups + src_group]

    # 2. group: own cell with probability homophily, else the rest of the neighbourhood
    other_n = h_n - own_n
    want_own = rng.random(m) < homophily
    use_own = (want_own & (own_n > 0)) | (other_n == 0)
    u = rng.random(m)
    in_own = own + np.floor(u * own_n).astype(np.int64)
    k = np.floor(u * other_n).astype(np.int64)  # position among the others
    in_other = h0 + k + np.where(h0 + k >= own, own_n, 0)
    dst = np.where(use_own, in_own, in_other)
    return from_edges(n, src, dst)


def networkx_block_model(
    rng: np.random.Generator,
    cell_start: np.ndarray,
    n_groups: int,
    mean_degree: float,
    homophily: float,
    tie_locality: float,
) -> Network:
    """Generate the same block model with :func:`networkx.stochastic_block_model`.

    The block-pair probabilities are set so that expected tie counts match
    :func:`block_model` (for ties between cells; both generators draw from the same
    family of graphs, not the same graph). Quadratic in the number of cells; meant for
    small populations and for checking the vectorised generator.

    Args:
        rng: The model's random generator (its next integer seeds networkx).
        cell_start: Offsets of the (neighbourhood, group) cells, length n_cells + 1.
        n_groups: Number of identity groups.
        mean_degree: Expected number of contacts per resident.
        homophily: Probability that a tie stays inside the own group.
        tie_locality: Probability that a tie stays inside the own neighbourhood.

    Returns:
        The network.
    """
    sizes = np.diff(cell_start)
    expected = expected_tie_matrix(sizes, n_groups, mean_degree, homophily, tie_locality)
    denom = np.outer(sizes, sizes).astype(float)
    np.fill_diagonal(denom, sizes * (sizes - 1) / 2.0)  # pairs inside a cell
    probs = np.divide(expected, denom, out=np.zeros_like(expected), where=denom > 0)
    probs = np.clip(probs, 0.0, 1.0)
    probs[probs < 1e-12] = 0.0  # networkx divides by log(1 - p), which is 0 for tiny p
    seed = int(rng.integers(2**31 - 1))
    g = nx.stochastic_block_model(sizes.tolist(), probs.tolist(), seed=seed, sparse=True)
    return from_networkx(nx.convert_node_labels_to_integers(g), int(cell_start[-1]))


def expected_tie_matrix(
    sizes: np.ndarray, n_groups: int, mean_degree: float, homophily: float,
    tie_locality: float,
) -> np.ndarray:
    """Expected number of undirected ties between each pair of cells under the model.

    Args:
        sizes: Residents per (neighbourhood, group) cell.
        n_groups: Number of identity groups.
        mean_degree: Expected number of contacts per resident.
        homophily: Probability that a tie stays inside the own group.
        tie_locality: Probability that a tie stays inside the own neighbourhood.

    Returns:
        Symmetric matrix (cells x cells) of expected tie counts (the diagonal holds ties
        inside a cell), ignoring the rare duplicate and self ties the generators drop.
    """
    n_cells = len(sizes)
    hood_of, group_of = np.divmod(np.arange(n_cells), n_groups)
    hood_size = np.bincount(hood_of, weights=sizes, minlength=n_cells // n_groups)
    populated = hood_size > 0
    # [a, b]: probability that a tie sent from cell a lands in cell b
    p_hood = (1 - tie_locality) * populated[hood_of][None, :] / populated.sum()
    p_hood = p_hood + np.where(hood_of[:, None] == hood_of[None, :], tie_locality, 0.0)
    own = sizes[hood_of[None, :] * n_groups + group_of[:, None]]  # a's group in b's hood
    others = hood_size[hood_of][None, :] - own
    p_own = np.where(others == 0, 1.0, np.where(own > 0, homophily, 0.0))
    same_group = group_of[:, None] == group_of[None, :]
    p_cell = np.where(same_group, p_own, (1 - p_own) * sizes[None, :] / np.maximum(others, 1))
    directed = (sizes * mean_degree / 2.0)[:, None] * p_hood * p_cell
    ties = directed + directed.T
    ties[np.diag_indices(n_cells)] /= 2.0
    return ties
