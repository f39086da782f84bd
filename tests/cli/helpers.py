"""Paths shared by the command-line tests."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
BAD = DATA / "bad"
GOOD = DATA / "good"
TEMPLATE = REPO / "scenarios" / "template.yaml"
