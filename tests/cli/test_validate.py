"""``jsdsim validate`` (model/cli/validate.py)."""

from model.cli import main
from tests.cli.helpers import BAD, DATA, GOOD, TEMPLATE


def test_validate_good_files(capsys):
    code = main(["validate", str(GOOD / "minimal.yaml"), str(GOOD / "full.yaml")])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out == [f"ok {GOOD / 'minimal.yaml'} (1 plan, horizon 1 month)",
                   f"ok {GOOD / 'full.yaml'} (3 plans, horizon 2 months)"]


def test_validate_template(capsys):
    assert main(["validate", str(TEMPLATE)]) == 0
    assert "(3 plans, horizon 36 months)" in capsys.readouterr().out


def test_validate_reports_each_file_and_exits_2_without_a_traceback(capsys):
    """Every bad file's message is checked in tests/scenario/test_load.py; here, the exit
    code and that good and bad files are each reported."""
    code = main(["validate", str(GOOD / "minimal.yaml"), str(BAD / "horizon_zero.yaml"),
                 str(DATA / "missing.yaml")])
    captured = capsys.readouterr()
    assert code == 2
    assert "ok " in captured.out
    assert "horizon_zero.yaml:2:17: horizon_months" in captured.err
    assert "missing.yaml: <file>: file not found" in captured.err
    assert "Traceback" not in captured.err
