"""A loaded scenario: a locality and its named plans, ready to build models.

:class:`Scenario` and :class:`Plan` are plain, picklable data: they can be sent to worker
processes. :meth:`Scenario.model_kwargs` turns one plan (plus overrides) into the keyword
arguments of :class:`model.TrustModel`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from model.core import interventions as iv
from model.core.errors import InputError
from model.core.params import PARAMS, Params, check_value, resolve, scaled_population
from model.core.trust_model import TrustModel
from model.scenario.checks import UNUSED_SHARE, plan_issues
from model.scenario.errors import Issue, ScenarioError, one_of, show, suggest
from model.scenario.resources import check_fits


@dataclass(frozen=True)
class Plan:
    """One plan of a scenario: the levers a program designer chooses.

    Attributes:
        name: Plan name (``[a-z0-9_]+``).
        description: Free text, possibly empty.
        parameters: Parameter deltas applied on top of the locality.
        interventions: Dialogues, in file order.
        events: Plan-specific events, added to the locality's.
        remove_events: Names of locality events this plan does without.
        change_events: Locality events this plan changes, by name: the changed event.
    """

    name: str
    description: str = ""
    parameters: dict[str, Any] = dataclasses.field(default_factory=dict)
    interventions: tuple[iv.Dialogue, ...] = ()
    events: tuple[iv.Event, ...] = ()
    remove_events: tuple[str, ...] = ()
    change_events: dict[str, iv.Event] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Scenario:
    """A locality and its named plans: a validated scenario file, or one built in Python.

    Attributes:
        title: One-line title.
        horizon_days: Simulated days (30 per month of ``horizon_months``).
        plan_specs: Plans by name, in file order (the first is the default).
        name: Short name used in outputs (the file name without its extension).
        path: The file it was read from, or None.
        description: Free text, possibly empty.
        group_names: Labels of the identity groups, or empty.
        neighbourhood_names: Labels of the neighbourhoods, or empty.
        locality: Parameter deltas of the locality over the defaults.
        hotspots: Hot spots active from day 0.
        locality_events: Events of the locality, shared by every plan (a plan may remove
            or change them by name).
        graph: Social network read from the edge list, or None to generate one.
        police_posts: Neighbourhoods with a police post, the same for every seed; None
            places ``police_post_share`` of them at random.
        group_homes: Home neighbourhoods of each group, the same for every seed; None
            gives each group a contiguous block.
    """

    title: str
    horizon_days: int
    plan_specs: dict[str, Plan]
    name: str = "scenario"
    path: Path | None = None
    description: str = ""
    group_names: tuple[str, ...] = ()
    neighbourhood_names: tuple[str, ...] = ()
    locality: dict[str, Any] = dataclasses.field(default_factory=dict)
    hotspots: tuple[iv.Hotspot, ...] = ()
    locality_events: tuple[iv.Event, ...] = ()
    graph: nx.Graph | None = None
    police_posts: tuple[int, ...] | None = None
    group_homes: tuple[tuple[int, ...], ...] | None = None

    @property
    def source(self) -> str:
        """Where the scenario came from, as shown in error messages."""
        return str(self.path) if self.path is not None else self.name

    @property
    def plans(self) -> tuple[str, ...]:
        """Plan names in file order."""
        return tuple(self.plan_specs)

    def plan(self, plan: str | None = None) -> Plan:
        """Return one plan.

        Args:
            plan: Plan name; None means the first plan of the file.

        Returns:
            The plan.

        Raises:
            ScenarioError: If there is no plan of that name; the message lists the plans.
        """
        if plan is None:
            return next(iter(self.plan_specs.values()))
        if not isinstance(plan, str) or plan not in self.plan_specs:
            raise ScenarioError(self.source, [Issue(
                "plans", "unknown plan" + suggest(plan, self.plans), show(plan),
                one_of(self.plans))])
        return self.plan_specs[plan]

    def params(self, plan: str | None = None) -> Params:
        """Fully resolved parameters: defaults, then locality, then plan parameters.

        Args:
            plan: Plan name; None means the first plan.

        Returns:
            The complete parameters of the model constructor.
        """
        return resolve({**self.locality, **self.plan(plan).parameters})

    def interventions(self, plan: str | None = None) -> tuple[iv.Dialogue, ...]:
        """The plan's dialogues.

        Args:
            plan: Plan name; None means the first plan.

        Returns:
            Dialogues in file order.
        """
        return self.plan(plan).interventions

    def events(self, plan: str | None = None) -> tuple[iv.Event, ...]:
        """The locality's events as the plan has them, then the plan's own.

        The plan's ``remove_events`` are left out and its ``change_events`` applied.

        Args:
            plan: Plan name; None means the first plan.

        Returns:
            Events in file order.
        """
        return tuple(e for _, e in self.locality_events_of(plan)) + self.plan(plan).events

    def locality_events_of(self, plan: str | None = None) -> list[tuple[int, iv.Event]]:
        """The locality's events as a plan has them, with their index in ``events:``.

        Args:
            plan: Plan name; None means the first plan.

        Returns:
            ``(index, event)`` for every locality event the plan keeps, changed where the
            plan changes it.
        """
        spec = self.plan(plan)
        kept = []
        for i, event in enumerate(self.locality_events):
            name = getattr(event, "name", None)
            if name is not None and name in spec.remove_events:
                continue
            kept.append((i, spec.change_events.get(name, event) if name else event))
        return kept

    def model_kwargs(self, plan: str | None = None, **overrides: Any) -> dict[str, Any]:
        """Keyword arguments of :class:`model.TrustModel` for one plan: plain data.

        Overrides are applied last. A plain name is a parameter of
        :mod:`model.core.params`; overriding ``n_residents`` alone resizes the locality
        with its officers and informal members at the same density
        (:func:`model.core.params.scaled_population`); give ``n_officers`` or
        ``n_informal_members`` too to set them yourself. ``DIALOGUE.FIELD`` changes a
        field of the plan's dialogue named DIALOGUE (``dialogue.FIELD``: of every
        dialogue of the plan), e.g. ``jsd.length_months``; a plan without that dialogue
        is unchanged.

        Args:
            plan: Plan name; None means the first plan.
            **overrides: Values applied after the plan's own.

        Returns:
            Every parameter by name, plus ``interventions``, ``events``, ``hotspots``,
            ``graph`` (None unless the scenario has an edge list), ``police_posts`` and
            ``group_homes`` (None unless the scenario places them).

        Raises:
            ScenarioError: On an unknown plan, or if overrides break the scenario
                (e.g. fewer neighbourhoods than a hot spot needs).
            InputError: On an unknown parameter or an invalid override value (the message
                names the parameter), or if the run would need more memory than the
                machine has available (:func:`model.scenario.resources.check_fits`).
        """
        name = self.plan(plan).name
        params = self.params(name).as_dict()
        dialogue_fields = {k: v for k, v in overrides.items() if "." in k}
        interventions = self.dialogues_with(name, dialogue_fields)
        checked = {key: check_override(key, value) for key, value in overrides.items()
                   if key not in dialogue_fields}
        if "police_post_share" in checked and self.police_posts is not None:
            raise ScenarioError(self.source, [Issue("police_post_share", UNUSED_SHARE,
                                                    show(checked["police_post_share"]))])
        if "n_residents" in checked:
            params.update(scaled_population(params, checked["n_residents"]))
        params.update(checked)
        if overrides:
            issues = plan_issues(self, name, resolve(params), "with the overrides")
            if issues:
                raise ScenarioError(self.source, issues)
        check_fits(resolve(params), self.graph)
        return {**params, "interventions": interventions, "events": self.events(name),
                "hotspots": self.hotspots, "graph": self.graph,
                "police_posts": self.police_posts, "group_homes": self.group_homes}

    def dialogues_with(self, plan: str, changes: dict[str, Any]) -> tuple[iv.Dialogue, ...]:
        """The plan's dialogues with some fields changed.

        Args:
            plan: Plan name.
            changes: ``{"DIALOGUE.FIELD": value}``; DIALOGUE is a dialogue name or
                ``dialogue`` for every dialogue of the plan.

        Returns:
            The plan's dialogues, changed where named.

        Raises:
            InputError: If no plan of the scenario has a dialogue of that name, the field
                is not a field of a dialogue, or the value is invalid for it.
        """
        dialogues = list(self.interventions(plan))
        names = {d.name for p in self.plan_specs.values() for d in p.interventions}
        fields = iv.field_names(iv.Dialogue)
        for key, value in changes.items():
            target, _, field = key.partition(".")
            if target != "dialogue" and target not in names:
                raise InputError(f"override {key!r}: no dialogue named {target!r} in any plan"
                                 f"{suggest(target, names | {'dialogue'})}")
            if field not in fields or field == "name":
                raise InputError(f"override {key!r}: {field!r} is not a dialogue field"
                                 f"{suggest(field, fields)}")
            for i, d in enumerate(dialogues):
                if target in ("dialogue", d.name):
                    try:
                        dialogues[i] = dataclasses.replace(d, **{field: value})
                    except (TypeError, ValueError, OverflowError) as exc:
                        raise InputError(f"override {key}={value!r}: {exc}") from None
        return tuple(dialogues)

    def build_model(self, plan: str | None = None, rng: Any = None,
                    **overrides: Any) -> TrustModel:
        """Make a model of this locality under one plan.

        Args:
            plan: Plan name; None means the first plan.
            rng: Seed or generator passed to the model (None: fresh entropy).
            **overrides: Parameter values applied last (see :meth:`model_kwargs`).

        Returns:
            A ready-to-run :class:`model.TrustModel`.

        Raises:
            ScenarioError: On an unknown plan, or if overrides break the scenario.
            InputError: On an unknown parameter or an invalid override value.
        """
        return TrustModel(rng=rng, **self.model_kwargs(plan, **overrides))


def check_override(name: str, value: Any) -> Any:
    """Validate a parameter override, suggesting the closest name when it is unknown.

    Args:
        name: Parameter name.
        value: Proposed value.

    Returns:
        The value in the parameter's type.

    Raises:
        InputError: On an unknown name or an invalid value.
    """
    if name not in PARAMS:
        raise InputError(f"unknown parameter {name!r}{suggest(name, PARAMS)}")
    return check_value(name, value)
