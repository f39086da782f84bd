"""``jsdsim calibrate`` (model/cli/calibrate.py) and ``validate --drift``: arguments and
messages. The fit itself is tested in tests/validation/test_calibration.py (slow)."""

import pytest

from model.cli import main
from tests.cli.helpers import GOOD


def test_calibrate_help_explains_with_examples(capsys):
    assert main(["calibrate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--free NAME=LOW:HIGH" in out and "jsdsim calibrate saaba" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--free", "police_conduct_init"], "expected NAME=LOW:HIGH"),
    (["--free", "no_such=0:1"], "'no_such' is not a numeric model parameter"),
    (["--free", "police_conduct_init=0.9:0.2"], "expected low < high"),
    (["--free", "police_conduct_init=0.5:2"], "police_conduct_init"),
    (["--free", "police_conduct_init=0.5:0.9", "--target", "reporting_rate"],
     "expected COLUMN=VALUE"),
])
def test_calibrate_rejects_bad_arguments_with_exit_2(capsys, args, message):
    assert main(["calibrate", str(GOOD / "minimal.yaml"), *args, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_calibrate_fits_a_tiny_locality_and_prints_a_fragment(capsys):
    code = main(["calibrate", str(GOOD / "minimal.yaml"), "--free",
                 "police_conduct_init=0.7:0.99", "--residents", "300", "--replicates", "1",
                 "--max-evaluations", "3", "--quiet", "--tolerance", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# jsdsim calibrate for minimal")
    assert "police_conduct_init: " in out and "# calibrated (jsdsim calibrate)" in out


def test_validate_drift_reports_on_a_tiny_locality(capsys):
    code = main(["validate", "--drift", "--drift-tolerance", "1", str(GOOD / "minimal.yaml")])
    out = capsys.readouterr().out
    assert code == 0
    assert "the baseline holds its survey level of trust within 1" in out
