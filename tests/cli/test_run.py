"""``jsdsim run`` (model/cli/run.py), with the real model on small settings."""

import time

import pandas as pd
import pytest

from model.cli import main
from model.experiments import RunSpec, run
from model.experiments.specs import VERSION
from model.scenario import load_scenario
from tests.cli.helpers import BAD, GOOD, TEMPLATE


def test_run_prints_the_monthly_table_and_the_seed(capsys):
    code = main(["run", str(GOOD / "full.yaml"), "--plan", "dialogue_12m", "--seed", "3"])
    captured = capsys.readouterr()
    assert code == 0
    assert "full/dialogue_12m, seed 3" in captured.err
    lines = captured.out.splitlines()
    assert lines[0].split()[:3] == ["month", "incidents_per_1000", "reporting_rate"]
    assert len(lines) == 1 + 2 + 1  # header, 2 months (the horizon), the hidden-columns note


def test_run_writes_the_table_of_the_run_path(tmp_path, capsys):
    out = tmp_path / "sub" / "run.csv"
    code = main(["run", str(TEMPLATE), "--plan", "dialogue_12m", "--seed", "5", "--months",
                 "2", "--set", "n_residents=500", "--set", "negativity_weight=1",
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    written = pd.read_csv(out)
    spec = RunSpec(load_scenario(TEMPLATE), "dialogue_12m", seed=5, months=2,
                   overrides={"n_residents": 500, "negativity_weight": 1})
    expected = run(spec)
    assert list(written.columns) == list(expected.columns)
    assert written["trust_police_mean"].tolist() == pytest.approx(
        expected["trust_police_mean"].tolist(), rel=1e-12)


def test_run_scale_resizes_the_locality(tmp_path):
    out = tmp_path / "run.csv"
    assert main(["run", "template", "--months", "1", "--scale", "0.05", "--seed", "1",
                 "--out", str(out)]) == 0
    assert pd.read_csv(out)["n_encounters"].iloc[0] < 200  # 2 officers instead of 40


def test_run_without_a_seed_draws_and_prints_one(capsys):
    assert main(["run", "template", "--months", "1", "--scale", "0.05"]) == 0
    assert ", seed " in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["--set", "n_residents"], "expected NAME=VALUE"),
    (["--set", "n_residents=-4"], "parameter 'n_residents' = -4 is invalid"),
    (["--set", "trust_polce_init=0.2"], "did you mean 'trust_police_init'"),
    (["--set", "n_residents=[1, 2]"], "expected a single number"),
    (["--set", "jds.length_months=3"], "no dialogue named 'jds'"),
    (["--plan", "dialogue_6m"], "unknown plan"),
])
def test_run_bad_input_exits_2(capsys, argv, message):
    assert main(["run", str(TEMPLATE), "--months", "1", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jsdsim: error: ")
    assert message in err
    assert "Traceback" not in err


def test_run_invalid_scenario_exits_2(capsys):
    assert main(["run", str(BAD / "prob_above_one.yaml")]) == 2
    assert "locality.trust_police_init: value out of range" in capsys.readouterr().err


def test_run_rejects_bad_months_seed_and_scale(capsys):
    assert main(["run", str(TEMPLATE), "--months", "0"]) == 2
    assert main(["run", str(TEMPLATE), "--seed", "x"]) == 2
    assert main(["run", str(TEMPLATE), "--scale", "-1"]) == 2
    err = capsys.readouterr().err
    assert "expected a whole number" in err and "expected a number > 0" in err


def test_run_without_a_seed_records_the_seed_it_prints(tmp_path, capsys):
    out = tmp_path / "run.csv"
    assert main(["run", "template", "--months", "1", "--scale", "0.05", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    printed = int(captured.err.split(", seed ")[1].split()[0])
    table = pd.read_csv(out)
    assert table["seed"].unique().tolist() == [printed]
    assert f"seed {printed}" in captured.out
    assert list(table.columns[:6]) == ["scenario", "plan", "sample", "replicate", "seed",
                                       "version"]
    assert table["version"].iloc[0] == VERSION


def test_run_writes_parquet_when_asked(tmp_path):
    out = tmp_path / "run.parquet"
    assert main(["run", "template", "--months", "1", "--scale", "0.05", "--seed", "2",
                 "--out", str(out)]) == 0
    table = pd.read_parquet(out)
    assert len(table) == 1 and table["seed"].iloc[0] == 2


@pytest.mark.parametrize("target, message", [
    ("run.txt", "unknown table format '.txt': expected a file name ending in .csv or "
                ".parquet"),
    ("file/run.csv", "cannot write in"),
])
def test_run_refuses_an_unusable_target_before_simulating(tmp_path, capsys, target,
                                                          message):
    (tmp_path / "file").write_text("not a folder")
    start = time.perf_counter()
    assert main(["run", "saaba", "--out", str(tmp_path / target)]) == 2
    assert time.perf_counter() - start < 1.0  # saaba's 48 months never started
    err = capsys.readouterr().err
    assert message in err and ", seed " not in err
    assert not (tmp_path / "run.txt").exists()
