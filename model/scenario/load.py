"""Loading scenario files, and finding them by name.

:func:`load_scenario` reads and validates a file; :func:`find_scenario` turns ``saaba``
into the bundled ``saaba.yaml`` whether jsdsim runs from a checkout or was installed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import networkx as nx

from model.core.params import DAYS_PER_MONTH, resolve
from model.scenario.checks import cross_issues
from model.scenario.edges import read_edge_list
from model.scenario.errors import ScenarioError
from model.scenario.loaded import Plan, Scenario
from model.scenario.messages import validate
from model.scenario.reading import read_yaml
from model.scenario.schema import PlanSpec, ScenarioSpec

SCENARIO_DIR_ENV = "JSDSIM_SCENARIOS"
"""Environment variable naming a folder of scenario files to use instead of the bundled one."""


def _build_plan(name: str, spec: PlanSpec | None) -> Plan:
    spec = spec or PlanSpec()
    return Plan(
        name=name,
        description=spec.description or "",
        parameters=spec.parameters.deltas() if spec.parameters else {},
        interventions=tuple(d.build() for d in spec.interventions or ()),
        events=tuple(e.build() for e in spec.events or ()),
    )


def _build(spec: ScenarioSpec, path: Path, graph: nx.Graph | None) -> Scenario:
    return Scenario(
        name=path.stem,
        path=path,
        title=spec.title.strip(),
        description=spec.description or "",
        horizon_days=spec.horizon_months * DAYS_PER_MONTH,
        group_names=tuple(spec.groups or ()),
        neighbourhood_names=tuple(spec.neighbourhoods or ()),
        locality=spec.locality.deltas() if spec.locality else {},
        hotspots=tuple(h.build() for h in spec.hotspots or ()),
        locality_events=tuple(e.build() for e in spec.events or ()),
        plan_specs={n: _build_plan(n, p) for n, p in spec.plans.items()},
        graph=graph,
    )


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario file.

    Args:
        path: The YAML file. Relative paths inside it (the edge list) are relative to
            the file's folder.

    Returns:
        The validated scenario.

    Raises:
        ScenarioError: If the file is missing, unreadable, not valid YAML or breaks the
            schema; ``str(error)`` has one ``FILE: FIELD.PATH: problem (got ...; expected
            ...)`` line per problem.
    """
    shown, file = os.fspath(path), Path(path)
    spec = validate(read_yaml(file, shown), shown)
    graph, issues = None, []
    if spec.network and spec.network.edge_list:
        n = resolve(spec.locality.deltas() if spec.locality else {}).n_residents
        graph, issues = read_edge_list(file, spec.network.edge_list, n)
    scenario = _build(spec, file, graph)
    issues += cross_issues(scenario)
    if issues:
        raise ScenarioError(shown, issues)
    return scenario


def scenario_dir() -> Path:
    """Return the folder of bundled scenario files.

    In order: the folder named by the ``JSDSIM_SCENARIOS`` environment variable; the
    ``scenarios/`` folder of the source checkout this package runs from; the copy
    installed with the package (``<prefix>/share/jsdsim/scenarios``, see pyproject.toml).

    Returns:
        The first of these folders that exists (the installed location if none does).
    """
    env = os.environ.get(SCENARIO_DIR_ENV)
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[2] / "scenarios"
    if (checkout / "template.yaml").is_file():
        return checkout
    return Path(sys.prefix) / "share" / "jsdsim" / "scenarios"


def find_scenario(name: str | os.PathLike[str]) -> Path:
    """Find a scenario file: a path, or the name of a bundled scenario.

    Args:
        name: ``path/to/file.yaml``, or ``saaba`` (or ``saaba.yaml``) for the bundled
            ``saaba.yaml`` of :func:`scenario_dir`.

    Returns:
        The path to load: the given path if it exists or no bundled file matches (so
        that the loader reports it as missing).
    """
    path = Path(name)
    if path.exists():
        return path
    text = os.fspath(name)
    bundled = scenario_dir() / (text if text.endswith(".yaml") else f"{text}.yaml")
    return bundled if bundled.exists() else path


def list_scenarios(directory: str | os.PathLike[str] | None = None) -> list[tuple[Path, str]]:
    """List the scenario files of a folder with their titles.

    Args:
        directory: Folder to scan; None means :func:`scenario_dir`.

    Returns:
        ``(path, title)`` for every ``*.yaml`` file, sorted by path. A file that fails to
        load is listed with ``"INVALID: "`` and its first problem instead of a title.
    """
    folder = Path(directory) if directory is not None else scenario_dir()
    listing = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            title = load_scenario(path).title
        except ScenarioError as exc:
            first = exc.issues[0].format(path.name).split(": ", 1)[1]
            more = f" (+{len(exc.issues) - 1} more)" if len(exc.issues) > 1 else ""
            title = f"INVALID: {first}{more}"
        listing.append((path, title))
    return listing
