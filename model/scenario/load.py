"""Loading scenario files, and finding them by name.

:func:`load_scenario` reads and validates a file, reporting every problem it finds in one
pass, each at its line; :func:`find_scenario` turns ``saaba`` into the bundled
``saaba.yaml`` whether jsdsim runs from a checkout or was installed.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import ValidationError

from model.core import interventions as iv
from model.core.errors import InputError
from model.core.params import DAYS_PER_MONTH, resolve
from model.scenario.checks import cross_issues
from model.scenario.edges import read_edge_list
from model.scenario.errors import Issue, ScenarioError, clean, merge_plans, one_of, show, suggest
from model.scenario.loaded import Plan, Scenario
from model.scenario.messages import Pruned, data_path, locate, parse_path, validate
from model.scenario.messages import _issue as schema_issue
from model.scenario.reading import Document, read_document
from model.scenario.schema import EVENT_SPECS, NAMED_FIELDS, PlanSpec, ScenarioSpec
from model.scenario.timing import MONTH_FIELDS

SCENARIO_DIR_ENV = "JSDSIM_SCENARIOS"
"""Environment variable naming a folder of scenario files to use instead of the bundled one."""


class _Builder:
    """Builds a Scenario from the validated part of a file.

    It collects the problems found on the way (names that refer to nothing), each at the
    place it is written.
    """

    def __init__(self, spec: ScenarioSpec, doc: Document, pruned: Pruned) -> None:
        self.spec, self.doc, self.pruned = spec, doc, pruned
        self.issues: list[Issue] = []
        self.hood_names = list(spec.neighbourhoods or ())
        self.group_names = list(spec.groups or ())

    def issue(self, path: str, problem: str, got: str | None = None,
              expected: str | None = None) -> None:
        """Record a problem at a path of the validated data."""
        where = self.pruned.original(parse_path(path))
        self.issues.append(locate(self.doc, Issue(path, problem, got, expected), where))

    # --- names ------------------------------------------------------------------------
    def _named(self, ref: int | str, path: str, names: list[str], what: str) -> int | None:
        if isinstance(ref, int):
            return ref
        if ref in names:
            return names.index(ref)
        listed = f"{what}s:" if what != "neighbourhood" else "neighbourhoods:"
        expected = (one_of(names) + f" (from `{listed}`), or an index" if names else
                    f"an index (no `{listed}` labels are given to refer to by name)")
        self.issue(path, f"unknown {what}" + suggest(ref, names), show(ref), expected)
        return None

    def hood(self, ref: int | str, path: str) -> int | None:
        """A neighbourhood index from an index or a name."""
        return self._named(ref, path, self.hood_names, "neighbourhood")

    def hoods(self, refs: Sequence[int | str], path: str) -> tuple[int, ...] | None:
        """Neighbourhood indices from indices or names (None if one is unknown)."""
        found = [self.hood(r, f"{path}[{j}]") for j, r in enumerate(refs)]
        return None if None in found else tuple(found)  # type: ignore[arg-type]

    def hood_or_0(self, ref: int | str, path: str) -> int:
        """A neighbourhood index; 0 stands in for an unknown name (reported).

        So the item the name belongs to is still checked.
        """
        found = self.hood(ref, path)
        return 0 if found is None else found

    # --- items --------------------------------------------------------------------------
    def item(self, spec: Any, path: str) -> Any:
        """Build one dataclass from its schema object, resolving neighbourhood names."""
        kwargs = spec.fields_given()
        for name, value in list(kwargs.items()):
            if name in NAMED_FIELDS:
                where = f"{path}.{name}"
                kwargs[name] = (tuple(self.hood_or_0(r, f"{where}[{j}]")
                                      for j, r in enumerate(value))
                                if isinstance(value, list) else self.hood_or_0(value, where))
            elif hasattr(value, "fields_given"):
                kwargs[name] = self.item(value, f"{path}.{name}")
                if kwargs[name] is None:
                    return None
        try:
            return spec.target(**kwargs)
        except InputError as exc:  # checked field by field already: a bug if it happens
            self.issue(path, "invalid item", expected=clean(str(exc), 200))
            return None

    def items(self, specs: Sequence[Any] | None, path: str) -> tuple[Any, ...]:
        built = [self.item(s, f"{path}[{i}]") for i, s in enumerate(specs or ())]
        return tuple(b for b in built if b is not None)

    # --- sections -------------------------------------------------------------------------
    def placements(self) -> tuple[tuple[int, ...] | None, tuple[tuple[int, ...], ...] | None]:
        spec = self.spec
        posts = None if spec.police_posts is None else self.hoods(spec.police_posts,
                                                                  "police_posts")
        if spec.group_homes is None:
            return posts, None
        homes: dict[int, tuple[int, ...]] = {}
        for key, refs in spec.group_homes.items():
            group = self._named(key, f"group_homes.{key}", self.group_names, "group")
            found = self.hoods(refs, f"group_homes.{key}")
            if group is not None and found is not None:
                if not found:
                    self.issue(f"group_homes.{key}", "empty value", "[]",
                               "at least one neighbourhood")
                homes[group] = found
        n_groups = resolve(spec.locality.deltas() if spec.locality else {}).n_groups
        missing = [g for g in range(n_groups) if g not in homes]
        if missing and len(homes) == len(spec.group_homes):
            names = [self.group_names[g] if g < len(self.group_names) else str(g)
                     for g in missing]
            self.issue("group_homes", "a group has no home neighbourhoods", show(names),
                       f"home neighbourhoods for each of the {n_groups} groups")
        return posts, tuple(homes.get(g, ()) for g in range(max(n_groups, len(homes))))

    def locality_events(self) -> tuple[iv.Event, ...]:
        events = self.items(self.spec.events, "events")
        seen: dict[str, int] = {}
        for i, event in enumerate(self.spec.events or ()):
            name = getattr(event, "name", None)
            if name is None:
                continue
            if name in seen:
                self.issue(f"events[{i}].name", "duplicate event name", show(name),
                           f"a name not used by another event (events[{seen[name]}])")
            seen.setdefault(name, i)
        return events

    def plan(self, name: str, spec: PlanSpec | None, local: tuple[iv.Event, ...]) -> Plan:
        spec = spec or PlanSpec()
        path = f"plans.{name}"
        by_name = {e.name: e for e in local if getattr(e, "name", None)}
        for i, event_name in enumerate(spec.remove_events or ()):
            self._known_event(event_name, f"{path}.remove_events[{i}]", by_name)
        changes = {}
        for event_name, fields in (spec.change_events or {}).items():
            where = f"{path}.change_events.{event_name}"
            if self._known_event(event_name, where, by_name):
                changed = self._changed_event(self._event_spec(event_name), fields, where)
                if changed is not None:
                    changes[event_name] = changed
        return Plan(
            name=name, description=spec.description or "",
            parameters=spec.parameters.deltas() if spec.parameters else {},
            interventions=self.items(spec.interventions, f"{path}.interventions"),
            events=self.items(spec.events, f"{path}.events"),
            remove_events=tuple(spec.remove_events or ()), change_events=changes)

    def _known_event(self, event_name: str, path: str, by_name: dict[str, Any]) -> bool:
        if event_name in by_name:
            return True
        expected = (one_of(sorted(by_name)) if by_name else
                    "the name of a locality event (none of `events:` has a name)")
        self.issue(path, "unknown event" + suggest(event_name, by_name), show(event_name),
                   expected)
        return False

    def _event_spec(self, event_name: str) -> Any:
        return next(e for e in self.spec.events or () if getattr(e, "name", None) == event_name)

    def _changed_event(self, base: Any, fields: dict[str, Any], path: str) -> Any:
        """The locality event with a plan's changes, every changed field checked."""
        for key in ("type", "name"):
            if key in fields:
                self.issue(f"{path}.{key}", f"a plan cannot change an event's {key}",
                           show(fields[key]), "other fields of the event")
                return None
        data = base.model_dump(exclude_unset=True)
        for day_field, month_field in MONTH_FIELDS.items():
            if day_field in fields or month_field in fields:
                data.pop(day_field, None)
                data.pop(month_field, None)
        data.update(fields)
        try:
            changed = EVENT_SPECS[data["type"]].model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                where = data_path(err["loc"])
                field = where[0] if where else None
                target = (parse_path(path) + where if field in fields
                          else parse_path(path))
                found = schema_issue(err)
                self.issue(".".join(str(p) for p in target), found.problem, found.got,
                           found.expected)
            return None
        return self.item(changed, path)


def _build(spec: ScenarioSpec, path: Path, doc: Document, pruned: Pruned
           ) -> tuple[Scenario, list[Issue]]:
    b = _Builder(spec, doc, pruned)
    posts, homes = b.placements()
    local = b.locality_events()
    plans = {name: b.plan(name, p, local) for name, p in spec.plans.items()}
    scenario = Scenario(
        name=path.stem,
        path=path,
        title=spec.title.strip(),
        description=spec.description or "",
        horizon_days=spec.horizon_months * DAYS_PER_MONTH,
        group_names=tuple(spec.groups or ()),
        neighbourhood_names=tuple(spec.neighbourhoods or ()),
        locality=spec.locality.deltas() if spec.locality else {},
        hotspots=b.items(spec.hotspots, "hotspots"),
        locality_events=local,
        plan_specs=plans,
        police_posts=posts,
        group_homes=homes,
    )
    return scenario, b.issues


def load_scenario(path: str | os.PathLike[str], *,
                  allow_edge_list: Callable[[Path], bool] | None = None) -> Scenario:
    """Read and validate a scenario file.

    Every problem of the file is reported in one pass (schema, names, dates, edge list,
    checks across sections), each at the line and column where it is written; a problem
    in a block shared through an alias is reported once, at the block.

    Args:
        path: The YAML file. Relative paths inside it (the edge list) are relative to
            the file's folder.
        allow_edge_list: Called with the resolved path of an edge list outside the
            scenario's folder; True allows it. By default such edge lists are refused.

    Returns:
        The validated scenario.

    Raises:
        ScenarioError: If the file is missing, unreadable, not valid YAML or breaks the
            schema; ``str(error)`` has one ``FILE:LINE:COLUMN: FIELD.PATH: problem (got
            ...; expected ...)`` line per problem, sorted by line.
        InputError: If ``path`` is not a file path.
    """
    shown, file = _path_argument("path", path), Path(path)
    doc = read_document(file, shown)
    spec, issues, pruned = validate(doc, shown)
    issues = list(doc.issues) + issues
    if spec is None:
        raise ScenarioError(shown, issues)
    scenario, found = _build(spec, file, doc, pruned)
    issues += found
    graph = None
    if spec.network and spec.network.edge_list:
        n = resolve(spec.locality.deltas() if spec.locality else {}).n_residents
        graph, edge_issues = read_edge_list(file, spec.network.edge_list, n,
                                            allow=allow_edge_list)
        issues += [locate(doc, i) for i in edge_issues]
    if graph is not None:
        scenario = _with_graph(scenario, graph)
    issues += [locate(doc, i, pruned.original(parse_path(i.path)))
               for i in cross_issues(scenario) if not _follows(i, pruned)]
    if issues:
        raise ScenarioError(shown, merge_plans(issues))
    return scenario


def _follows(issue: Issue, pruned: Pruned) -> bool:
    """Whether a cross-section problem may just follow from one already reported.

    For example an unknown hot spot when an invalid hot spot or event was left out.
    """
    if issue.problem.startswith("unknown hotspot"):
        return any(p[:1] in (("hotspots",), ("events",)) or p[2:3] == ("events",)
                   for p in pruned.removed)
    return issue.problem.startswith("network size") and bool(pruned.removed)


def _with_graph(scenario: Scenario, graph: nx.Graph) -> Scenario:
    return dataclasses.replace(scenario, graph=graph)


def _path_argument(name: str, path: Any) -> str:
    """Check that an argument is a file path; return it as text."""
    if not isinstance(path, str | os.PathLike):
        raise InputError(f"{name} = {clean(repr(path), 60)} is invalid: expected a file path")
    text = os.fspath(path)
    if not isinstance(text, str) or "\0" in text:
        raise InputError(f"{name} = {show(text)} is invalid: expected a file path "
                         "(text without NUL characters)")
    return text


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

    Raises:
        InputError: If ``name`` is not a path.
    """
    text = _path_argument("name", name)
    path = Path(text)
    if path.exists():
        return path
    if "/" in text or os.sep in text:
        return path
    bundled = scenario_dir() / (text if text.endswith(".yaml") else f"{text}.yaml")
    return bundled if bundled.exists() else path


def list_scenarios(directory: str | os.PathLike[str] | None = None) -> list[tuple[Path, str]]:
    """List the scenario files of a folder with their titles.

    Args:
        directory: Folder to scan; None means :func:`scenario_dir`.

    Returns:
        ``(path, title)`` for every ``*.yaml`` file, sorted by path, titles with control
        characters escaped. A file that fails to load is listed with ``"INVALID: "`` and
        its first problem instead of a title, and the listing goes on.
    """
    folder = Path(directory) if directory is not None else scenario_dir()
    listing = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            title = clean(load_scenario(path).title, 200)
        except ScenarioError as exc:
            issue = exc.issues[0]
            line = f"line {issue.line}: " if issue.line is not None else ""
            first = line + issue.format("file").split(": ", 1)[1]
            more = f" (+{len(exc.issues) - 1} more)" if len(exc.issues) > 1 else ""
            title = f"INVALID: {first}{more}"
        except (InputError, OSError) as exc:
            title = f"INVALID: {clean(str(exc), 200)}"
        listing.append((path, title))
    return listing
