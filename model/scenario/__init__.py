"""Scenario files: a locality and its intervention plans, written in YAML.

A scenario file describes one locality as deltas over the parameter defaults of
:mod:`model.core.params`, the hot spots and scheduled events of that locality, and one or
more named plans (the levers a program designer chooses: dialogues and parameter
changes). :func:`load_scenario` reads and validates a file and returns a
:class:`Scenario`, plain picklable data whose :meth:`Scenario.model_kwargs` gives the
keyword arguments of :class:`model.TrustModel`.

This layer sits on top of the headless core: the core never imports it. Loading never
executes anything from the file (YAML is read with a safe loader). Every problem is
reported as ``FILE: FIELD.PATH: problem (got VALUE; expected WHAT)``, one line each,
in a :class:`ScenarioError`. See scenarios/template.yaml for an annotated example.

Modules: :mod:`~model.scenario.errors` (problems and how they read),
:mod:`~model.scenario.reading` (safe YAML), :mod:`~model.scenario.schema` (the file's
schema), :mod:`~model.scenario.messages` (schema errors as problems),
:mod:`~model.scenario.checks` (checks across fields), :mod:`~model.scenario.edges` (edge
lists), :mod:`~model.scenario.loaded` (the Scenario and its plans) and
:mod:`~model.scenario.load` (loading and finding files).
"""

from model.scenario.errors import Issue, ScenarioError
from model.scenario.load import find_scenario, list_scenarios, load_scenario, scenario_dir
from model.scenario.loaded import Plan, Scenario

__all__ = [
    "Issue",
    "Plan",
    "Scenario",
    "ScenarioError",
    "find_scenario",
    "list_scenarios",
    "load_scenario",
    "scenario_dir",
]
