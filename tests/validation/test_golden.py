"""Golden-baseline regression: small fixed runs of the seed cases match their baselines.

A deliberate model change that moves these numbers is recorded by refreshing the stored
baselines with `make baselines` (jsdsim baselines --update) and committing the diff.
"""

from pathlib import Path

import pytest

from model.validation import golden

BASELINES = Path(__file__).resolve().parents[1] / "baselines"


@pytest.mark.parametrize("case", golden.CASES)
def test_seed_case_matches_its_golden_baseline(case):
    assert golden.baseline_path(case, BASELINES).exists(), "run `make baselines` to create it"
    moved = golden.differences(case, BASELINES)
    assert not moved, "\n".join(moved + ["refresh deliberately with `make baselines`"])
