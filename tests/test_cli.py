"""Tests of model/cli.py: the jsdsim command line."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from model import cli
from model.cli import main, parse_overrides

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
GOOD = DATA / "good"
REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "scenarios" / "template.yaml"
CORE_EXISTS = (REPO / "model" / "trust_model.py").exists()
BAD_FILES = sorted(BAD.glob("*.yaml"))


class FakeModel:
    """Stands in for TrustModel: counts days and returns a small monthly table."""

    last: FakeModel | None = None

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.days = 0
        FakeModel.last = self

    def step(self):
        self.days += 1

    def monthly_table(self):
        months = self.days // 30
        return pd.DataFrame({"month": range(months), "trust_police_mean": [0.5] * months,
                             "n_sessions": [0] * months})


@pytest.fixture
def fake_core(monkeypatch):
    module = types.ModuleType("model.trust_model")
    module.TrustModel = FakeModel
    monkeypatch.setitem(sys.modules, "model.trust_model", module)
    FakeModel.last = None
    return FakeModel


# --- validate --------------------------------------------------------------------------


def test_validate_good_files(capsys):
    code = main(["validate", str(GOOD / "minimal.yaml"), str(GOOD / "full.yaml")])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out == [f"ok {GOOD / 'minimal.yaml'} (1 plan, horizon 1 month)",
                   f"ok {GOOD / 'full.yaml'} (3 plans, horizon 2 months)"]


def test_validate_template(capsys):
    assert main(["validate", str(TEMPLATE)]) == 0
    assert "(2 plans, horizon 36 months)" in capsys.readouterr().out


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_validate_bad_file_exits_2_without_traceback(path, capsys):
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith(f"{path}: ")
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_validate_mixed_files_reports_each(capsys):
    code = main(["validate", str(GOOD / "minimal.yaml"), str(BAD / "horizon_zero.yaml"),
                 str(DATA / "missing.yaml")])
    captured = capsys.readouterr()
    assert code == 2
    assert "ok " in captured.out
    assert "horizon_zero.yaml: horizon_months" in captured.err
    assert "missing.yaml: <file>: file not found" in captured.err


def test_validate_real_exit_code_in_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "model", "validate", str(BAD / "unknown_parameter.yaml")],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=False)
    assert result.returncode == 2
    assert "locality.trust_polce_init: unknown parameter" in result.stderr
    assert "Traceback" not in result.stderr


# --- scenarios -------------------------------------------------------------------------


def test_scenarios_lists_bundled_files(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "template.yaml" in out
    assert "Template locality" in out


def test_scenarios_in_a_folder(tmp_path, capsys):
    (tmp_path / "good.yaml").write_text((GOOD / "minimal.yaml").read_text())
    (tmp_path / "bad.yaml").write_text("- a list\n")
    assert main(["scenarios", "--dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("bad.yaml") and "INVALID" in lines[0]
    assert lines[1].startswith("good.yaml") and "Minimal locality" in lines[1]


def test_scenarios_missing_folder(tmp_path, capsys):
    assert main(["scenarios", "--dir", str(tmp_path / "nope")]) == 2
    assert "jsdsim: error: no such folder" in capsys.readouterr().err


# --- run -------------------------------------------------------------------------------


def test_run_prints_the_monthly_table(fake_core, capsys):
    code = main(["run", str(GOOD / "full.yaml"), "--plan", "dialogue_12m", "--seed", "3"])
    assert code == 0
    model = fake_core.last
    assert model.days == 60  # horizon: 2 months
    assert model.kwargs["rng"] == 3
    assert len(model.kwargs["interventions"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["month", "trust_police_mean"]
    assert "(1 more column: use --out FILE.csv" in out


def test_print_table_without_headline_columns_prints_all(capsys):
    cli.print_table(pd.DataFrame({"a": [1], "b": [2]}))
    assert capsys.readouterr().out.splitlines()[0].split() == ["a", "b"]


def test_run_writes_csv_with_months_and_overrides(fake_core, tmp_path, capsys):
    out = tmp_path / "sub" / "run.csv"
    code = main(["run", str(TEMPLATE), "--months", "2", "--set", "n_residents=500",
                 "--set", "negativity_weight=1", "--out", str(out)])
    assert code == 0
    model = fake_core.last
    assert model.days == 60
    assert model.kwargs["n_residents"] == 500
    assert model.kwargs["negativity_weight"] == 1.0
    table = pd.read_csv(out)
    assert list(table.columns) == ["month", "trust_police_mean", "n_sessions"]
    assert len(table) == 2
    assert "wrote" in capsys.readouterr().out


def test_run_finds_a_bundled_scenario_by_name(fake_core):
    assert main(["run", "template", "--months", "1"]) == 0
    assert fake_core.last.kwargs["n_residents"] == 10000


@pytest.mark.parametrize("argv, message", [
    (["--set", "n_residents"], "expected NAME=VALUE"),
    (["--set", "n_residents=-4"], "parameter 'n_residents' = -4 is invalid"),
    (["--set", "trust_polce_init=0.2"], "did you mean 'trust_police_init'"),
    (["--set", "n_residents=[1, 2]"], "expected a single number"),
    (["--plan", "dialogue_6m"], "unknown plan"),
])
def test_run_bad_input_exits_2(fake_core, capsys, argv, message):
    assert main(["run", str(TEMPLATE), "--months", "1", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jsdsim: error: ")
    assert message in err
    assert "Traceback" not in err


def test_run_invalid_scenario_exits_2(fake_core, capsys):
    assert main(["run", str(BAD / "prob_above_one.yaml")]) == 2
    assert "locality.trust_police_init: value out of range" in capsys.readouterr().err


def test_run_rejects_bad_months_and_seed(capsys):
    assert main(["run", str(TEMPLATE), "--months", "0"]) == 2
    assert main(["run", str(TEMPLATE), "--seed", "x"]) == 2
    assert "expected a whole number" in capsys.readouterr().err


def test_parse_overrides_types():
    values = parse_overrides(["a=0.5", "b=40", "c=true", "d=1e3", "e=numpy", " f = 2 "])
    assert values == {"a": 0.5, "b": 40, "c": True, "d": 1000.0, "e": "numpy", "f": 2}
    assert type(values["b"]) is int and type(values["d"]) is float


@pytest.mark.skipif(not CORE_EXISTS, reason="model/trust_model.py not written yet")
def test_run_real_model(tmp_path, capsys):
    out = tmp_path / "real.csv"
    code = main(["run", str(TEMPLATE), "--plan", "dialogue_12m", "--seed", "1", "--months", "1",
                 "--set", "n_residents=500", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert len(pd.read_csv(out)) >= 1


# --- demo, help and usage ----------------------------------------------------------------


def test_demo_delegates_to_model_demo(monkeypatch, tmp_path):
    calls = []
    module = types.ModuleType("model.demo")
    module.main = lambda out_dir: calls.append(out_dir)
    monkeypatch.setitem(sys.modules, "model.demo", module)
    monkeypatch.setattr(sys.modules["model"], "demo", module, raising=False)
    assert main(["demo", "--out", str(tmp_path)]) == 0
    assert calls == [str(tmp_path)]


@pytest.mark.parametrize("command", ["validate", "scenarios", "run", "demo"])
def test_every_command_has_help_with_examples(command, capsys):
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out
    assert f"jsdsim {command}" in out


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "validate" in capsys.readouterr().err


def test_unknown_command_exits_2(capsys):
    assert main(["frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_guarded_turns_oserror_into_exit_2(capsys):
    def handler(args):
        raise PermissionError("denied")

    assert cli.guarded(handler, None) == 2
    assert capsys.readouterr().err == "jsdsim: error: denied\n"
