"""Sweeps that survive crashes: kill -9 of the whole sweep, then the same command; a Dask
worker killed mid-sweep. Slow (real subprocesses and a Dask cluster): `make test` runs
them, `make quick` does not."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from model.experiments.analysis import load_sweep, outcome_table
from model.experiments.engine import dask_executor
from model.experiments.experiment_file import load_experiment
from model.experiments.store import RunStore
from model.experiments.sweep import RUNS, sweep

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "experiments"


def results(folder):
    """Every run's kept monthly table, in runs.csv order (the sweep's own order)."""
    keys = pd.read_csv(Path(folder) / RUNS, dtype={"run_key": str})["run_key"].tolist()
    return RunStore(folder).table(keys)


def ledger_lines(folder):
    path = Path(folder) / "ledger.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.endswith("}")]


pytestmark = pytest.mark.slow

EXPERIMENT_FILE = DATA / "resume.yaml"


@pytest.fixture(scope="module")
def experiment():
    return load_experiment(EXPERIMENT_FILE)


@pytest.fixture(scope="module")
def uninterrupted(experiment, tmp_path_factory):
    folder = tmp_path_factory.mktemp("uninterrupted")
    assert sweep(experiment, folder, workers=1, progress=False).n_done == experiment.n_runs()
    return folder


def test_a_dask_worker_killed_mid_sweep_does_not_fail_the_sweep(experiment, uninterrupted,
                                                                tmp_path):
    folder = tmp_path / "dask_kill"
    killed = []
    with dask_executor(n_workers=2) as backend:
        pids = backend.client.run(os.getpid)

        def kill_one_worker_once_some_runs_are_done():
            deadline = time.monotonic() + 60
            while not ledger_lines(folder) and time.monotonic() < deadline:
                time.sleep(0.05)
            address, pid = sorted(pids.items())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append((address, len(ledger_lines(folder))))

        killer = threading.Thread(target=kill_one_worker_once_some_runs_are_done)
        killer.start()
        done = sweep(experiment, folder, backend=backend, progress=False)
        killer.join()
    assert killed and killed[0][1] < experiment.n_runs()  # killed partway
    assert not done.failures and done.n_done == experiment.n_runs()
    assert len(RunStore(folder).done()) == experiment.n_runs()
    pd.testing.assert_frame_equal(results(folder), results(uninterrupted))


def test_kill_9_partway_then_the_same_command_loses_and_duplicates_nothing(
        experiment, uninterrupted, tmp_path):
    folder = tmp_path / "killed"
    command = [sys.executable, "-m", "model", "sweep", str(EXPERIMENT_FILE), "--out",
               str(folder), "--workers", "2", "--quiet"]
    process = subprocess.Popen(command, cwd=REPO, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not ledger_lines(folder) and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the driver and its worker processes
        process.wait()
    before = ledger_lines(folder)
    assert 0 < len(before) < experiment.n_runs(), "the kill came too late to test resuming"
    again = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{len(before)} already done" in again.stderr
    lines = ledger_lines(folder)
    keys = [line["key"] for line in lines if line["status"] == "ok"]
    assert len(keys) == len(set(keys)) == experiment.n_runs()  # none lost, none twice
    assert set(keys) == set(pd.read_csv(folder / RUNS, dtype=str)["run_key"])
    pd.testing.assert_frame_equal(results(folder), results(uninterrupted))
    a = outcome_table(load_sweep(folder))
    b = outcome_table(load_sweep(uninterrupted))
    pd.testing.assert_frame_equal(a, b)
