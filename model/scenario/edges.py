"""Edge-list files: a social network given by the user instead of the generated one.

One ``i j`` pair of resident ids per line; ``#`` starts a comment.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import networkx as nx

from model.scenario.errors import Issue, show

MAX_EDGE_ISSUES = 10
"""Problems reported from one edge list before giving up."""


def _edge_list_path(scenario_path: Path, edge_list: str) -> Path:
    path = Path(edge_list).expanduser()
    return path if path.is_absolute() else scenario_path.parent / path


def _parse_edge(line: str, n: int) -> tuple[int, int] | Issue | None:
    """Parse one ``i j`` line into an edge, an Issue (path and problem unset) or None."""
    fields = line.split("#", 1)[0].split()
    if not fields:
        return None
    if len(fields) != 2:
        return Issue("", "wrong number of fields", repr(line.strip()), "two node ids 'i j'")
    bad = [f for f in fields if not re.fullmatch(r"[0-9]+", f)]
    if bad:
        return Issue("", "node id is not a whole number", repr(bad[0]),
                     f"an integer in [0, {n - 1}]")
    i, j = int(fields[0]), int(fields[1])
    if max(i, j) >= n:
        return Issue("", "node id out of range", str(max(i, j)),
                     f"an integer in [0, {n - 1}] (n_residents = {n})")
    if i == j:
        return Issue("", "self-loop", f"{i} {j}", "two different residents")
    return i, j


def read_edge_list(scenario_path: Path, edge_list: str, n: int) -> tuple[nx.Graph | None,
                                                                          list[Issue]]:
    """Read an edge list into a graph with nodes 0..n-1, or return the issues found.

    Args:
        scenario_path: The scenario file (relative edge lists are relative to its folder).
        edge_list: The path written in the file.
        n: Number of residents (node ids must lie in [0, n - 1]).

    Returns:
        ``(graph, [])`` on success, ``(None, issues)`` otherwise.
    """
    path = _edge_list_path(scenario_path, edge_list)
    field = "network.edge_list"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Issue(field, "file not found", show(edge_list),
                            f"a file relative to {scenario_path.parent or '.'}")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Issue(field, f"cannot read the file: {exc}", show(edge_list))]
    edges, issues = [], []
    for lineno, line in enumerate(text.splitlines(), 1):
        parsed = _parse_edge(line, n)
        if isinstance(parsed, Issue):
            issues.append(dataclasses.replace(
                parsed, path=field, problem=f"{path.name} line {lineno}: {parsed.problem}"))
            if len(issues) >= MAX_EDGE_ISSUES:
                break
        elif parsed:
            edges.append(parsed)
    if issues:
        return None, issues
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    return graph, []

