"""The workshop's sliders: plain-language levers over a scenario's plan.

A lever is either a model parameter (the world: police conduct, officer rotation, ...)
or a field of the plan's dialogues (the plan: its length, its outreach). A trainer's
settings are only the levers they moved (``overrides``); every other lever keeps the
value the scenario file gives, so a fresh session runs exactly the plan as written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from model import PARAMS, Scenario, TrustModel
from model.core.errors import InputError


class Target(StrEnum):
    """What a lever changes."""

    PARAMETER = "parameter"
    """A model parameter (applies to every plan on the page)."""
    DIALOGUE = "dialogue"
    """A field of every dialogue of the plan (the compared plan runs as written)."""


@dataclass(frozen=True)
class Lever:
    """One slider.

    Attributes:
        name: Key in a session's overrides.
        label: Plain-language label shown to trainers.
        target: Whether it sets a model parameter or a dialogue field.
        field: The parameter name or the :class:`model.Dialogue` field.
        low: Smallest slider value.
        high: Largest slider value.
        step: Slider step.
        percent: Show the value as a percentage (a share in [0, 1]).
        unit: Word shown after the value when not a percentage (e.g. "months").
    """

    name: str
    label: str
    target: Target
    field: str
    low: float
    high: float
    step: float
    percent: bool = False
    unit: str = ""

    def show(self, value: float | None) -> str:
        """Format a value for the page.

        Args:
            value: The lever's value; None when it does not apply (no dialogue).

        Returns:
            E.g. "80%", "12 months" or "no dialogue in this plan".
        """
        if value is None:
            return "no dialogue in this plan"
        if self.percent:
            return f"{value:.0%}"
        text = f"{value:g}"
        return f"{text} {self.unit}" if self.unit else text


LEVERS: tuple[Lever, ...] = (
    Lever("dialogue_months", "Dialogue length", Target.DIALOGUE, "length_months",
          0, 24, 1, unit="months"),
    Lever("outreach", "Outreach: share of other residents who hear of the dialogue each month",
          Target.DIALOGUE, "outreach_share_per_month", 0.0, 0.3, 0.01, percent=True),
    Lever("police_conduct", "Police conduct: share of encounters that are fair",
          Target.PARAMETER, "police_conduct_init", 0.5, 1.0, 0.01, percent=True),
    Lever("rotation", "Officer rotation: share of officers replaced each year",
          Target.PARAMETER, "rotation_per_year", 0.0, 1.0, 0.05, percent=True),
    Lever("trust_start", "Residents' trust in police at the start",
          Target.PARAMETER, "trust_police_init", 0.05, 0.95, 0.01, percent=True),
    Lever("negativity", "One unfair encounter undoes this many fair ones",
          Target.PARAMETER, "negativity_weight", 1, 14, 1),
)
"""The sliders, in the order the page shows them."""

LEVERS_BY_NAME: dict[str, Lever] = {lever.name: lever for lever in LEVERS}


def plan_values(scenario: Scenario, plan: str) -> dict[str, float | None]:
    """The value each lever has in a plan as the scenario file writes it.

    Args:
        scenario: The scenario.
        plan: One of its plans.

    Returns:
        Lever name -> value; dialogue levers are None when the plan has no dialogue
        (they take the first dialogue's value when it has several).
    """
    params = scenario.params(plan)
    dialogues = scenario.interventions(plan)
    values: dict[str, float | None] = {}
    for lever in LEVERS:
        if lever.target is Target.PARAMETER:
            values[lever.name] = float(getattr(params, lever.field))
        else:
            values[lever.name] = (float(getattr(dialogues[0], lever.field)) if dialogues
                                  else None)
    return values


def check_overrides(overrides: Mapping[str, float]) -> dict[str, float]:
    """Validate lever settings.

    Args:
        overrides: Lever name -> value.

    Returns:
        The same settings as floats.

    Raises:
        InputError: On an unknown lever or a value outside its slider range.
    """
    checked = {}
    for name, value in overrides.items():
        if name not in LEVERS_BY_NAME:
            raise InputError(f"unknown lever {name!r}: expected one of "
                             + ", ".join(LEVERS_BY_NAME))
        lever = LEVERS_BY_NAME[name]
        if not lever.low <= value <= lever.high:
            raise InputError(f"lever {name} = {value!r}: expected a value in "
                             f"[{lever.low:g}, {lever.high:g}]")
        checked[name] = float(value)
    return checked


def build_model(scenario: Scenario, plan: str, seed: int,
                overrides: Mapping[str, float] = {}, *, with_dialogue_levers: bool = True
                ) -> TrustModel:
    """Build the model of a plan with a trainer's lever settings.

    Parameter levers are passed to :meth:`model.Scenario.build_model` as overrides;
    dialogue levers replace the field in every dialogue of the plan (a plan without a
    dialogue ignores them).

    Args:
        scenario: The scenario.
        plan: One of its plans.
        seed: Random seed (the same seed gives the same run).
        overrides: Lever name -> value, for the levers the trainer moved.
        with_dialogue_levers: False runs the plan's dialogues as written (the reference
            plan of a side-by-side comparison).

    Returns:
        A fresh model at day 0.

    Raises:
        InputError: On an unknown lever or a value out of range.
        model.ScenarioError: If the settings break the scenario.
    """
    overrides = check_overrides(overrides)
    params: dict[str, Any] = {}
    dialogue_fields: dict[str, Any] = {}
    for name, value in overrides.items():
        lever = LEVERS_BY_NAME[name]
        if lever.target is Target.PARAMETER:
            kind = PARAMS[lever.field].kind
            params[lever.field] = kind(round(value) if kind is int else value)
        elif with_dialogue_levers:
            dialogue_fields[lever.field] = value
    if dialogue_fields:
        scenario = _with_dialogue_fields(scenario, plan, dialogue_fields)
    return scenario.build_model(plan=plan, rng=seed, **params)


def _with_dialogue_fields(scenario: Scenario, plan: str, fields: Mapping[str, Any]
                          ) -> Scenario:
    """A copy of the scenario whose plan's dialogues have the given field values."""
    spec = scenario.plan(plan)
    dialogues = tuple(dataclasses.replace(d, **fields) for d in spec.interventions)
    plans = {**scenario.plan_specs, plan: dataclasses.replace(spec, interventions=dialogues)}
    return dataclasses.replace(scenario, plan_specs=plans)
