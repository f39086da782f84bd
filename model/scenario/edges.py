"""Edge-list files: a social network given by the user instead of the generated one.

One ``i j`` pair of resident ids per line; ``#`` starts a comment. The file must lie in
the scenario's folder (or below it) unless the caller allows another path, be a regular
file of at most :data:`MAX_EDGE_LIST_BYTES`, and is never echoed: a message quotes at
most a short excerpt of an offending line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from model.scenario.errors import Issue, clean, show
from model.scenario.reading import UnreadableFile, read_bytes

MAX_EDGE_ISSUES = 5
"""Problems reported from one edge list before giving up."""

MAX_EDGE_LIST_BYTES = 64 * 2**20
"""Largest edge list read (about four million ties)."""

EXCERPT_CHARS = 30
"""Longest excerpt of an offending line shown in a message."""

FIELD = "network.edge_list"


def _excerpt(line: str) -> str:
    return clean(repr(line.strip()[: EXCERPT_CHARS + 5]), EXCERPT_CHARS)


def edge_list_path(scenario_path: Path, edge_list: str,
                   allow: Callable[[Path], bool] | None = None) -> Path | Issue:
    """Resolve the edge list's path; refuse one outside the scenario's folder.

    The path is relative to the scenario's folder (``~`` is not expanded). An absolute
    path, one that climbs out with ``..``, or a symbolic link leading out of the folder is
    refused unless ``allow`` accepts it: a scenario file from elsewhere cannot make jsdsim
    read (and quote) any file of the machine.

    Args:
        scenario_path: The scenario file.
        edge_list: The path written in the file.
        allow: Called with a resolved path outside the folder; True allows it.

    Returns:
        The resolved path, or the Issue refusing it.
    """
    folder = scenario_path.parent.resolve()
    try:
        target = (folder / edge_list).resolve()
    except (OSError, RuntimeError, ValueError):
        return Issue(FIELD, "unusable path", show(edge_list), "a file in the scenario's folder")
    if target.is_relative_to(folder) or (allow is not None and allow(target)):
        return target
    return Issue(FIELD, "edge list outside the scenario's folder", show(edge_list),
                 "a file in the scenario's folder or below it (jsdsim run --allow-path "
                 "DIR allows another folder)")


def _parse_edge(line: str, n: int) -> tuple[int, int] | Issue | None:
    """Parse one ``i j`` line into an edge, an Issue (path and problem unset) or None."""
    fields = line.split("#", 1)[0].split()
    if not fields:
        return None
    if len(fields) != 2:
        return Issue("", "wrong number of fields", _excerpt(line), "two node ids 'i j'")
    bad = [f for f in fields if not re.fullmatch(r"[0-9]{1,9}", f)]
    if bad:
        return Issue("", "node id is not a whole number", _excerpt(bad[0]),
                     f"an integer in [0, {n - 1}]")
    i, j = int(fields[0]), int(fields[1])
    if max(i, j) >= n:
        return Issue("", "node id out of range", str(max(i, j)),
                     f"an integer in [0, {n - 1}] (n_residents = {n})")
    if i == j:
        return Issue("", "self-loop", f"{i} {j}", "two different residents")
    return i, j


def read_edge_list(scenario_path: Path, edge_list: str, n: int,
                   allow: Callable[[Path], bool] | None = None
                   ) -> tuple[nx.Graph | None, list[Issue]]:
    """Read an edge list into a graph with nodes 0..n-1, or return the issues found.

    Nothing of the file is quoted beyond a short excerpt of each offending line, and at
    most :data:`MAX_EDGE_ISSUES` of them.

    Args:
        scenario_path: The scenario file (relative edge lists are relative to its folder).
        edge_list: The path written in the file.
        n: Number of residents (node ids must lie in [0, n - 1]).
        allow: Called with a path outside the scenario's folder; True allows it.

    Returns:
        ``(graph, [])`` on success, ``(None, issues)`` otherwise.
    """
    path = edge_list_path(scenario_path, edge_list, allow)
    if isinstance(path, Issue):
        return None, [path]
    try:
        text = read_bytes(path, MAX_EDGE_LIST_BYTES).decode("utf-8")
    except UnreadableFile as exc:
        return None, [Issue(FIELD, exc.problem, exc.got or show(edge_list),
                            exc.expected or "a readable file in the scenario's folder")]
    except UnicodeDecodeError:
        return None, [Issue(FIELD, "not UTF-8 text", show(edge_list),
                            "a text file of 'i j' lines")]
    edges, issues, more = [], [], 0
    name = clean(path.name, 40)
    for lineno, line in enumerate(text.splitlines(), 1):
        parsed = _parse_edge(line, n)
        if isinstance(parsed, Issue):
            if len(issues) < MAX_EDGE_ISSUES:
                issues.append(dataclasses.replace(
                    parsed, path=FIELD, problem=f"{name} line {lineno}: {parsed.problem}"))
            else:
                more += 1
        elif parsed:
            edges.append(parsed)
    if more:
        issues.append(Issue(FIELD, f"{name}: {more:,} more lines with problems"))
    if issues:
        return None, issues
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    return graph, []
