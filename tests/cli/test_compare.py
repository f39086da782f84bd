"""``jsdsim compare`` (model/cli/compare.py): outputs, bad input, interruption and resuming."""

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from model.cli import main
from model.scenario import Plan, load_scenario
from tests.cli.helpers import BAD, REPO, TEMPLATE

TINY = ["--plans", "no_dialogue,dialogue_12m", "--months", "3", "--set", "n_residents=300",
        "--replicates", "2"]
"""A comparison of the template's two plans that takes a few seconds."""

OUTPUTS = ("summary.csv", "effects.csv", "effects_by_month.csv", "ranking.csv", "series.csv",
           "failures.csv", "runs.parquet", "manifest.json", "report.md", "report.html",
           "figures/series.png", "figures/effects.png", "figures/effects_over_time.png",
           "figures/trust_at_end.png", "ledger.jsonl")


def test_compare_writes_every_output_and_prints_the_tables(tmp_path, capsys):
    code = main(["compare", str(TEMPLATE), *TINY, "--workers", "1", "--out", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    for name in OUTPUTS:
        assert (tmp_path / name).stat().st_size > 0, name
    assert "Mean over replicates (95% interval), months 1-3:" in captured.out
    assert "dialogue_12m" in captured.out and "residents' trust in police" in captured.out
    assert f"report: {tmp_path / 'report.html'}" in captured.out
    assert "2 plans x 2 replicates = 4 runs of 3 months" in captured.err
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["command"].startswith(f"jsdsim compare {TEMPLATE} --plans no_dialogue,")
    assert manifest["replicates"] == 2
    assert manifest["resolved"]["dialogue_12m"]["parameters"]["n_residents"] == 300
    assert manifest["environment"]["numpy"] and manifest["environment"]["code_digest"]
    runs = pd.read_parquet(tmp_path / "runs.parquet")
    assert len(runs) == 2 * 2 * 3 and runs["run_key"].nunique() == 4


@pytest.mark.parametrize(("argv", "message"), [
    ([str(TEMPLATE), "--plans", "no_dialogue,dialogue_6m"],
     "--plans: unknown plan 'dialogue_6m'"),
    ([str(TEMPLATE), "--baseline", "dialog_12m"], "did you mean 'dialogue_12m'"),
    ([str(REPO / "scenarios" / "nowhere.yaml")], "file not found"),
    ([str(BAD / "unknown_parameter.yaml")], "invalid scenario"),
    ([str(TEMPLATE), "--set", "n_residents"], "expected NAME=VALUE"),
    ([str(TEMPLATE), "--set", "trust_polce_init=0.2"], "did you mean 'trust_police_init'"),
    ([str(TEMPLATE), "--set", "jsd.facilitation_quality=7"], "plan dialogue_12m"),
    ([str(TEMPLATE), "--replicates", "1"], "replicates"),
    ([str(TEMPLATE), "--workers", "0"], "expected a number >= 1"),
])
def test_bad_input_exits_2_with_a_message_and_no_traceback(tmp_path, capsys, argv, message):
    assert main(["compare", *argv, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing ran


def test_an_unknown_plan_lists_the_plans(capsys):
    assert main(["compare", str(TEMPLATE), "--plans", "dialog"]) == 2
    assert "plans: no_dialogue, dialogue_12m" in capsys.readouterr().err


def ledger_lines(folder):
    path = folder / "ledger.jsonl"
    if not path.exists():
        return []
    records = []
    for line in path.read_text().splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:  # a line cut short by the kill, as the store skips it
            pass
    return records


def test_a_killed_comparison_resumes_with_only_the_missing_runs(tmp_path):
    """SIGKILL a real `python -m model compare` once some runs are committed, run the same
    command again, and compare with an uninterrupted run of the same comparison."""
    argv = [sys.executable, "-m", "model", "compare", str(TEMPLATE), "--plans",
            "no_dialogue,dialogue_12m", "--months", "6",
            "--set", "n_residents=300", "--replicates", "12", "--workers", "1"]
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([*argv, "--out", str(killed)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while not ledger_lines(killed) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    n_before = len(ledger_lines(killed))
    assert 0 < n_before < 24, "kill the comparison while it runs: make it longer"

    again = subprocess.run([*argv, "--out", str(killed)], capture_output=True, text=True,
                           env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    print(again.stderr)
    assert f"{n_before} runs already done, {24 - n_before} to run" in again.stderr
    records = ledger_lines(killed)
    assert len(records) == 24 and len({r["key"] for r in records}) == 24  # none run twice

    assert main([*argv[3:], "--out", str(whole)]) == 0
    for name in ("summary.csv", "effects.csv", "ranking.csv", "effects_by_month.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(killed / name), pd.read_csv(whole / name))
    pd.testing.assert_frame_equal(pd.read_parquet(killed / "runs.parquet"),
                                  pd.read_parquet(whole / "runs.parquet"))


def test_failed_runs_are_reported_and_the_exit_status_is_3(tmp_path, capsys, monkeypatch):
    """Scenario files cannot hold a plan that fails at run time (the loader refuses it), so
    the comparison built from the command line is given one, built in Python."""
    from model.cli import compare as command

    template = load_scenario(TEMPLATE)
    broken = Plan("broken", parameters={"rotation_per_year": 99.0})  # out of range
    scenario = dataclasses.replace(template, plan_specs={**template.plan_specs,
                                                         "broken": broken})
    from_args = command.design_from
    monkeypatch.setattr(command, "design_from", lambda args: dataclasses.replace(
        from_args(args), scenario=scenario, plans=(*from_args(args).plans, "broken")))
    code = main(["compare", str(TEMPLATE), *TINY, "--workers", "1", "--out", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 3
    assert "2 runs failed (plans: broken)" in captured.err and "rotation_per_year" in captured.err
    assert "dialogue_12m" in captured.out  # the other plans are still compared
    assert "## Failed runs" in (tmp_path / "report.md").read_text()
