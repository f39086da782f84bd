"""Golden-baseline regression: small fixed runs of the seed cases match their summaries.

A deliberate model change that moves these numbers is recorded by refreshing the stored
summaries with `make baselines` (jsdsim baselines --update) and committing the diff.
"""

import pytest

from model import golden


@pytest.mark.parametrize("case", golden.CASES)
def test_seed_case_matches_its_golden_baseline(case):
    assert golden.baseline_path(case).exists(), "run `make baselines` to create it"
    moved = golden.differences(case)
    assert not moved, "\n".join(moved + ["refresh deliberately with `make baselines`"])
