"""jsdsim: agent-based model of community-police trust and Justice and Security Dialogues.

The package is layered; each layer imports only the layers below it (the rule is stated
once, in pyproject.toml's ``[tool.importlinter]``, and a test enforces it)::

    cli, app            the jsdsim command line and the workshop web app
    validation          the brief's patterns, their figures, golden baselines
    experiments         run specifications, seeds, the one run path
    viz                 figures of tidy tables (object-oriented matplotlib)
    scenario            scenario files (YAML) and the loaded Scenario
    core                the headless simulation: TrustModel and its submodels

``import model`` loads only the core; the names of the layers above it
(``load_scenario``, ``Scenario``, ``RunSpec``, ``run``, ...) are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from model.core.agents import InformalMember, PoliceOfficer, Resident
from model.core.errors import InputError
from model.core.interventions import (
    CrimeWave,
    Dialogue,
    FlashpointAppears,
    FlashpointRemoved,
    Hotspot,
    JointAction,
    PoliceReturn,
    PoliceWithdrawal,
    Scandal,
    Selection,
)
from model.core.params import PARAMS, Params, defaults
from model.core.trust_model import TrustModel

_LAZY: dict[str, str] = {
    "Plan": "model.scenario",
    "Scenario": "model.scenario",
    "ScenarioError": "model.scenario",
    "find_scenario": "model.scenario",
    "load_scenario": "model.scenario",
    "RunSpec": "model.experiments",
    "run": "model.experiments",
    "run_seed": "model.experiments",
    "compare": "model.experiments",
}
"""Names of the layers above the core, and the module each comes from."""

__all__ = [
    "PARAMS",
    "CrimeWave",
    "Dialogue",
    "FlashpointAppears",
    "FlashpointRemoved",
    "Hotspot",
    "InformalMember",
    "InputError",
    "Params",
    "JointAction",
    "PoliceOfficer",
    "PoliceReturn",
    "PoliceWithdrawal",
    "Resident",
    "Scandal",
    "Selection",
    "TrustModel",
    "defaults",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'model' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
