"""Checks across fields of a scenario, which need resolved parameters or several sections.

For example: a hot spot in a neighbourhood the locality does not have, a label list whose
length does not match ``n_groups``, a joint fix aimed at an unknown hot spot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from model.core import interventions as iv
from model.core.params import DAYS_PER_MONTH, Params, resolve
from model.core.resources import size_problems
from model.scenario.errors import Issue, one_of, show, suggest
from model.scenario.timing import day_to_month_text

if TYPE_CHECKING:
    from model.scenario.loaded import Scenario

UNUSED_SHARE = "police_post_share is not used when police_posts places the posts"

STRUCTURAL = ("n_residents", "n_groups", "n_neighbourhoods")
"""Parameters a plan may change that other fields of the file depend on."""


def _event_paths(scenario: Scenario, plan: str) -> list[tuple[str, iv.Event]]:
    local = [(f"events[{i}]", e) for i, e in scenario.locality_events_of(plan)]
    own = [(f"plans.{plan}.events[{i}]", e) for i, e in enumerate(scenario.plan(plan).events)]
    return local + own


def _label_issues(labels: Sequence[str], field: str, param: str, n: int,
                  note: str) -> list[Issue]:
    if not labels or len(labels) == n:
        return []
    unit = {"n_groups": "group", "n_neighbourhoods": "neighbourhood"}[param]
    return [Issue(field, f"label count does not match {param}{note}", f"{len(labels)} labels",
                  f"{n} labels, one per {unit} ({param} = {n})")]


def _neighbourhood_issue(path: str, value: int, n: int, note: str) -> Issue | None:
    if 0 <= value < n:
        return None
    return Issue(path, f"no such neighbourhood{note}", show(value),
                 f"a neighbourhood index in [0, {n - 1}] (n_neighbourhoods = {n})")


def _structure_issues(scenario: Scenario, plan: str, params: Params,
                      note: str = "") -> list[Issue]:
    """Checks that depend on the resolved population, group and neighbourhood counts."""
    note = f" ({note})" if note else ""
    n_nb = params.n_neighbourhoods
    issues = _label_issues(scenario.group_names, "groups", "n_groups", params.n_groups, note)
    issues += _label_issues(scenario.neighbourhood_names, "neighbourhoods", "n_neighbourhoods",
                            n_nb, note)
    found = [_neighbourhood_issue(f"hotspots[{i}].neighbourhood", h.neighbourhood, n_nb, note)
             for i, h in enumerate(scenario.hotspots)]
    for path, event in _event_paths(scenario, plan):
        if isinstance(event, iv.FlashpointAppears):
            found.append(_neighbourhood_issue(f"{path}.hotspot.neighbourhood",
                                              event.hotspot.neighbourhood, n_nb, note))
        for j, nb in enumerate(getattr(event, "neighbourhoods", ())):
            found.append(_neighbourhood_issue(f"{path}.neighbourhoods[{j}]", nb, n_nb, note))
    issues += [i for i in found if i is not None]
    placed = [_neighbourhood_issue(f"police_posts[{j}]", nb, n_nb, note)
              for j, nb in enumerate(scenario.police_posts or ())]
    placed += [_neighbourhood_issue(f"group_homes.{_group_key(scenario, g)}[{j}]", nb, n_nb,
                                    note)
               for g, homes in enumerate(scenario.group_homes or ())
               for j, nb in enumerate(homes)]
    issues += [i for i in placed if i is not None]
    if scenario.group_homes is not None and len(scenario.group_homes) != params.n_groups:
        issues.append(Issue("group_homes", f"group count does not match n_groups{note}",
                            f"{len(scenario.group_homes)} groups",
                            f"home neighbourhoods for each of the {params.n_groups} groups"))
    param_path = "locality" if not scenario.plan(plan).parameters else f"plans.{plan}.parameters"
    for name, reason in size_problems(params):
        issues.append(Issue(f"{param_path}.{name}", f"too large for this generator{note}",
                            show(getattr(params, name)), reason))
    graph = scenario.graph
    if graph is not None and graph.number_of_nodes() != params.n_residents:
        issues.append(Issue("network.edge_list", f"network size does not match n_residents{note}",
                            f"{graph.number_of_nodes()} residents in the network",
                            f"n_residents = {params.n_residents}"))
    return issues


def auto_flashpoint_names(n_flashpoints: int) -> list[str]:
    """Names the model gives the ``n_flashpoints`` flashpoints it creates itself.

    Args:
        n_flashpoints: The resolved ``n_flashpoints`` parameter.

    Returns:
        ``flashpoint_1``, ``flashpoint_2``, ... (see
        :func:`model.core.interventions.default_flashpoints`).
    """
    return [spot.name for spot in iv.default_flashpoints(n_flashpoints, 1)]


def _name_issues(scenario: Scenario, plan: str, params: Params) -> list[Issue]:
    """Hot-spot names: unique, and every name referred to exists."""
    issues: list[Issue] = []
    auto = auto_flashpoint_names(params.n_flashpoints)
    known = dict.fromkeys(auto, "the flashpoints made by n_flashpoints")
    for i, h in enumerate(scenario.hotspots):
        if h.name in known:
            issues.append(Issue(f"hotspots[{i}].name", "duplicate hotspot name", show(h.name),
                                f"a name not already used by {known[h.name]}"))
        known.setdefault(h.name, f"hotspots[{i}]")
    events = _event_paths(scenario, plan)
    names = set(known) | {e.hotspot.name for _, e in events if isinstance(e, iv.FlashpointAppears)}
    refs = [(f"{p}.hotspot", e.hotspot) for p, e in events
            if isinstance(e, iv.FlashpointRemoved)]
    refs += [(f"plans.{plan}.interventions[{i}].fix_target", d.fix_target)
             for i, d in enumerate(scenario.interventions(plan)) if d.fix_target is not None]
    for path, name in refs:
        if name not in names:
            expected = one_of(sorted(names)) if names else "the name of a hotspot (none defined)"
            issues.append(Issue(path, "unknown hotspot" + suggest(name, names), show(name),
                                expected))
    return issues


def _dialogue_name_issues(scenario: Scenario, plan: str) -> list[Issue]:
    issues, seen = [], set()
    for i, d in enumerate(scenario.interventions(plan)):
        if d.name in seen:
            issues.append(Issue(f"plans.{plan}.interventions[{i}].name",
                                "duplicate dialogue name", show(d.name),
                                "a name not used by another dialogue of the plan"))
        seen.add(d.name)
    return issues


def _group_key(scenario: Scenario, g: int) -> str | int:
    return scenario.group_names[g] if g < len(scenario.group_names) else g


def _date_issue(path: str, day: int, latest: int, plan: str, horizon_days: int) -> Issue | None:
    if day <= latest:
        return None
    months = horizon_days // DAYS_PER_MONTH
    return Issue(path, f"date past the horizon in plan {plan}", day_to_month_text(day),
                 f"a day up to {latest} (horizon_months = {months}, days 0-{horizon_days - 1})")


def horizon_issues(scenario: Scenario, plan: str) -> list[Issue]:
    """Dates past the horizon: a plan's events and dialogues must happen while it runs.

    An event or a dialogue's start must fall on a simulated day (before
    ``horizon_days``); a crime wave may end with the horizon.

    Args:
        scenario: The scenario.
        plan: Plan name.

    Returns:
        The problems found, each naming the plan and the horizon.
    """
    horizon = scenario.horizon_days
    found = [_date_issue(f"plans.{plan}.interventions[{i}].start_day", d.start_day,
                         horizon - 1, plan, horizon)
             for i, d in enumerate(scenario.interventions(plan))]
    for path, event in _event_paths(scenario, plan):
        for name in iv.DAY_FIELDS[type(event)]:
            latest = horizon if name == "end_day" else horizon - 1
            found.append(_date_issue(f"{path}.{name}", getattr(event, name), latest, plan,
                                     horizon))
    return [i for i in found if i is not None]


def participant_issues(scenario: Scenario, plan: str, params: Params) -> list[Issue]:
    """Dialogues that invite more participants than the plan's locality has.

    Args:
        scenario: The scenario.
        plan: Plan name.
        params: The plan's resolved parameters (as written in the file, not scaled).

    Returns:
        The problems found.
    """
    issues = []
    for i, d in enumerate(scenario.interventions(plan)):
        path = f"plans.{plan}.interventions[{i}]"
        for field, have, what in (
                ("n_residents", params.n_residents - d.n_leaders, "residents (less the "
                 f"{d.n_leaders} leaders)"),
                ("n_leaders", params.n_residents, "residents"),
                ("n_officers", params.n_officers, "officers"),
                ("n_informal_members", params.n_informal_members, "informal members")):
            want = getattr(d, field)
            if want > max(have, 0):
                issues.append(Issue(f"{path}.{field}", f"more participants than plan {plan} "
                                    f"has {what.split(' ')[0]}", show(want),
                                    f"at most {max(have, 0):,} ({what} of the plan)"))
    return issues


def cross_issues(scenario: Scenario) -> list[Issue]:
    """Every cross-field check, for every plan, without repeats.

    Args:
        scenario: The scenario.

    Returns:
        The problems found (empty if none).
    """
    issues: list[Issue] = []
    base = resolve(scenario.locality)
    for plan in scenario.plans:
        params = scenario.params(plan)
        changed = [k for k in STRUCTURAL if getattr(params, k) != getattr(base, k)]
        note = f"with plan {plan}'s {', '.join(changed)}" if changed else ""
        issues += plan_issues(scenario, plan, params, note)
        issues += horizon_issues(scenario, plan) + participant_issues(scenario, plan, params)
    if scenario.police_posts is not None:
        sources = [("locality", scenario.locality)] + [
            (f"plans.{p}.parameters", scenario.plan(p).parameters) for p in scenario.plans]
        issues += [Issue(f"{where}.police_post_share", UNUSED_SHARE, show(values[
            "police_post_share"]), "police_posts alone (or police_post_share alone)")
            for where, values in sources if "police_post_share" in values]
    return list(dict.fromkeys(issues))


def plan_issues(scenario: Scenario, plan: str, params: Params, note: str = "") -> list[Issue]:
    """Every check of one plan that depends on its resolved parameters.

    Args:
        scenario: The scenario.
        plan: Plan name.
        params: The plan's resolved parameters (with any overrides).
        note: Said after each problem, e.g. "with the overrides".

    Returns:
        The problems found (empty if none).
    """
    return (_structure_issues(scenario, plan, params, note)
            + _name_issues(scenario, plan, params) + _dialogue_name_issues(scenario, plan))

