"""jsdsim: agent-based model of community-police trust and Justice and Security Dialogues.

The simulation core (TrustModel and its submodels) is headless; scenario files, the
command line, reports and plots sit on top of it.
"""

from model.agents import InformalMember, PoliceOfficer, Resident
from model.interventions import (
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
from model.params import PARAMS, defaults
from model.scenario import Scenario, ScenarioError, load_scenario
from model.trust_model import TrustModel

__all__ = [
    "PARAMS",
    "CrimeWave",
    "Dialogue",
    "FlashpointAppears",
    "FlashpointRemoved",
    "Hotspot",
    "InformalMember",
    "JointAction",
    "PoliceOfficer",
    "PoliceReturn",
    "PoliceWithdrawal",
    "Resident",
    "Scandal",
    "Scenario",
    "ScenarioError",
    "Selection",
    "TrustModel",
    "defaults",
    "load_scenario",
]
