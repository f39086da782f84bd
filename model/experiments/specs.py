"""Run specifications: one simulation run as plain, picklable data.

A :class:`RunSpec` names everything that determines a run's result (the scenario, the
plan, parameter overrides, the seed and the horizon) plus the labels that place it in an
experiment (sample and replicate). It can be sent to another process or machine, and its
:meth:`RunSpec.key` identifies its result, so finished runs need not be run again.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from model.core.errors import InputError
from model.core.interventions import MAX_DAY
from model.core.params import DAYS_PER_MONTH
from model.experiments.provenance import code_digest, package_version
from model.scenario.loaded import Scenario

VERSION = package_version()
"""The installed jsdsim version, recorded in every run's labels."""

MAX_MONTHS = MAX_DAY // DAYS_PER_MONTH
"""Longest run a specification may ask for."""


@dataclass(frozen=True)
class RunSpec:
    """One run of one plan of a scenario.

    Attributes:
        scenario: The locality and its plans (loaded from a file or built in Python).
        plan: Plan name; None means the scenario's first plan.
        seed: The model's seed (see :mod:`model.experiments.seeds`).
        months: Months to simulate; None means the scenario's horizon.
        overrides: Parameter values (and ``DIALOGUE.FIELD`` changes) applied after the
            plan's (see :meth:`model.scenario.Scenario.model_kwargs`).
        sample: Index of the parameter sample in a sweep (0 otherwise).
        replicate: Replicate index.
    """

    scenario: Scenario
    plan: str | None = None
    seed: int = 0
    months: int | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    sample: int = 0
    replicate: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.scenario, Scenario):
            raise InputError(f"RunSpec.scenario = {self.scenario!r:.60} is invalid: expected a "
                             "Scenario (model.load_scenario)")
        for name, low, high in (("seed", 0, 2**63 - 1), ("sample", 0, 2**31),
                                ("replicate", 0, 2**31), ("months", 1, MAX_MONTHS)):
            value = getattr(self, name)
            if name == "months" and value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | np.integer) \
                    or not low <= value <= high:
                raise InputError(f"RunSpec.{name} = {value!r:.60} is invalid: expected a whole "
                                 f"number in [{low}, {high}]")
        object.__setattr__(self, "overrides", dict(self.overrides))

    @property
    def plan_name(self) -> str:
        """The plan's name (the first plan's when ``plan`` is None)."""
        return self.scenario.plan(self.plan).name

    @property
    def n_months(self) -> int:
        """Months simulated."""
        if self.months is not None:
            return self.months
        return self.scenario.horizon_days // DAYS_PER_MONTH

    def model_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :class:`model.TrustModel` for this run, without ``rng``.

        Returns:
            Plain data (see :meth:`model.scenario.Scenario.model_kwargs`).
        """
        return self.scenario.model_kwargs(self.plan, **self.overrides)

    def labels(self) -> dict[str, Any]:
        """The columns that place this run's rows in a tidy table.

        Returns:
            ``scenario``, ``plan``, ``sample``, ``replicate``, ``seed`` and ``version`` (of
            jsdsim).
        """
        return {"scenario": self.scenario.name, "plan": self.plan_name,
                "sample": self.sample, "replicate": self.replicate, "seed": self.seed,
                "version": VERSION}

    def key(self) -> str:
        """A stable identifier of this run's result.

        It hashes everything the result depends on: the scenario's content (locality,
        plans, events, hot spots, network), the plan, the overrides, the seed, the months
        and the simulation code (:func:`model.experiments.provenance.code_digest`), plus
        the labels. Two specs with the same key give identical tables whatever process
        or machine runs them.

        Returns:
            16 hexadecimal characters.
        """
        content = {"scenario": scenario_digest(self.scenario), "plan": self.plan_name,
                   "overrides": sorted((k, repr(v)) for k, v in self.overrides.items()),
                   "seed": self.seed, "months": self.n_months, "sample": self.sample,
                   "replicate": self.replicate, "code": code_digest()}
        text = json.dumps(content, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


_DIGESTS: weakref.WeakKeyDictionary[Scenario, str] = weakref.WeakKeyDictionary()


def scenario_digest(scenario: Scenario) -> str:
    """A digest of everything in a scenario that can change a run's result.

    Computed once per scenario object (scenarios are frozen).

    Args:
        scenario: The scenario.

    Returns:
        64 hexadecimal characters.
    """
    digest = _DIGESTS.get(scenario)
    if digest is None:
        plans = {name: repr(plan) for name, plan in scenario.plan_specs.items()}
        content = {"name": scenario.name, "horizon_days": scenario.horizon_days,
                   "locality": sorted((k, repr(v)) for k, v in scenario.locality.items()),
                   "hotspots": repr(scenario.hotspots),
                   "events": repr(scenario.locality_events), "plans": plans,
                   "graph": _graph_digest(scenario.graph)}
        digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
        _DIGESTS[scenario] = digest
    return digest


def _graph_digest(graph: nx.Graph | None) -> str:
    if graph is None:
        return "generated"
    edges = sorted((min(u, v), max(u, v)) for u, v in graph.edges())
    text = f"{graph.number_of_nodes()}:{edges}"
    return hashlib.sha256(text.encode()).hexdigest()
