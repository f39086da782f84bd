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


def test_a_moved_value_is_reported_with_its_month_and_column(tmp_path):
    text = golden.baseline_path("jos", BASELINES).read_text()
    header, first, *rest = text.splitlines(keepends=True)
    columns = header.rstrip("\n").split(",")
    cells = first.rstrip("\n").split(",")
    where = columns.index("trust_police_mean")
    cells[where] = "0.123"
    golden.baseline_path("jos", tmp_path).write_text(header + ",".join(cells) + "\n"
                                                     + "".join(rest))
    moved = golden.differences("jos", tmp_path)
    assert len(moved) == 1
    assert moved[0].startswith("jos: month 1, trust_police_mean: stored 0.123, now 0.")
