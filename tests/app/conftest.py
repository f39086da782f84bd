"""Fixtures of the workshop-app tests: scenario files and sessions.

The app is tested on the real bundled scenarios (20,000 residents for Saaba): building a
model takes about 0.1 s and a month about the same, so these tests stay within seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from model import load_scenario
from model.app.session import Workshop
from model.scenario import scenario_dir

SCENARIOS = scenario_dir()


@pytest.fixture(scope="session")
def saaba_path() -> Path:
    """The bundled Saaba scenario file."""
    return SCENARIOS / "saaba.yaml"


@pytest.fixture(scope="session")
def saaba(saaba_path):
    """The loaded Saaba scenario (20,000 residents, several plans)."""
    return load_scenario(saaba_path)


@pytest.fixture
def workshop(saaba) -> Workshop:
    """A fresh session on Saaba's 12-month dialogue, seed 3."""
    return Workshop(saaba, plan="dialogue_12m", seed=3)
