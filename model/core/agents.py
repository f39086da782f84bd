"""Mesa agents as thin views over the state arrays (docs/ODD.md, 2 Entities).

A Resident, PoliceOfficer or InformalMember holds only its row index; every attribute
reads and writes that row of the arrays in :mod:`model.population`. So
``model.agents_by_type``, ``AgentSet.select``/``agg``, DataCollector agent reporters and
Mesa's visualisation see live values, while the daily submodels work on whole arrays.
Agents have no ``step``: the model's schedule acts on all agents of a kind at once.
"""

from __future__ import annotations

from typing import Any

import mesa

from model.core.population import Trust


class Field:
    """Descriptor exposing one array (or one column of a 2-D array) of a population.

    Args:
        population: Name of the model attribute holding the arrays ("residents", ...).
        array: Name of the array.
        column: Column of a 2-D array, or None.
        kind: Python type the value is returned as.
    """

    def __init__(self, population: str, array: str, column: int | None = None,
                 kind: type = float) -> None:
        self.population, self.array, self.column, self.kind = population, array, column, kind

    def __set_name__(self, owner: type, name: str) -> None:
        self.__doc__ = f"{self.population}.{self.array} of this agent (live view)."

    def _arr(self, agent: mesa.Agent):
        return getattr(getattr(agent.model, self.population), self.array)

    def __get__(self, agent: mesa.Agent | None, owner: type) -> Any:
        if agent is None:
            return self
        key = agent.index if self.column is None else (agent.index, self.column)
        return self.kind(self._arr(agent)[key])

    def __set__(self, agent: mesa.Agent, value: Any) -> None:
        key = agent.index if self.column is None else (agent.index, self.column)
        self._arr(agent)[key] = value


class _View(mesa.Agent):
    """An agent that is one row of its population's arrays."""

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index


class Resident(_View):
    """A resident: identity group, neighbourhood, trust, access, memory, civic activity."""

    group = Field("residents", "group", kind=int)
    neighbourhood = Field("residents", "hood", kind=int)
    trust_police = Field("residents", "trust", Trust.POLICE)
    trust_informal = Field("residents", "trust", Trust.INFORMAL)
    trust_outgroup = Field("residents", "trust", Trust.OUTGROUP)
    access = Field("residents", "access")
    last_victim_day = Field("residents", "last_victim_day", kind=int)
    civic = Field("residents", "civic", kind=bool)
    participant = Field("residents", "participant", kind=bool)
    channel = Field("residents", "channel", kind=bool)


class PoliceOfficer(_View):
    """A police officer: trust in the community and the group, conduct, posting, tenure."""

    neighbourhood = Field("officers", "hood", kind=int)
    trust_community = Field("officers", "trust_community")
    trust_informal = Field("officers", "trust_informal")
    conduct = Field("officers", "conduct")
    posted = Field("officers", "posted", kind=bool)
    tenure_days = Field("officers", "tenure_days", kind=int)
    participant = Field("officers", "participant", kind=bool)

    @property
    def capacity_per_day(self) -> float:
        """Incidents this officer can handle per day."""
        return self.model.params.officer_capacity_per_day


class InformalMember(_View):
    """An informal security group member: trust, vigilantism, willingness to hand over."""

    neighbourhood = Field("informal", "hood", kind=int)
    trust_police = Field("informal", "trust_police")
    trust_residents = Field("informal", "trust_residents")
    vigilantism = Field("informal", "vigilantism")
    handover = Field("informal", "handover")
    participant = Field("informal", "participant", kind=bool)
    channel = Field("informal", "channel", kind=bool)
