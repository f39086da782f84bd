"""Sweeps (model/experiments/sweep.py) on the run engine: the same results on every
backend, failed runs, the analysis (resuming and lost workers: test_sweep_resilience.py)."""

import json
from pathlib import Path

import pandas as pd
import pytest

from model.experiments.analysis import effect_table, load_sweep, outcome_table
from model.experiments.engine import dask_executor
from model.experiments.experiment_file import load_experiment
from model.experiments.report import analyze
from model.experiments.store import FolderBusyError, RunStore, writer_lock
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


@pytest.fixture(scope="module")
def tiny():
    return load_experiment(DATA / "tiny.yaml")


@pytest.fixture(scope="module")
def reference(tiny, tmp_path_factory):
    folder = tmp_path_factory.mktemp("one_worker")
    done = sweep(tiny, folder, workers=1, progress=False)
    assert done.n_done == tiny.n_runs() == 16 and not done.failures
    return folder


def test_the_folder_holds_the_design_the_runs_and_the_manifest(tiny, reference):
    samples = pd.read_csv(reference / "samples.csv", index_col="sample")
    runs = pd.read_csv(reference / RUNS)
    manifest = json.loads((reference / "manifest.json").read_text())
    assert list(samples.columns) == ["negativity_weight", "jsd.facilitation_quality"]
    assert len(samples) == 4 and len(runs) == 16 and runs["run_key"].is_unique
    assert manifest["experiment"]["content"] == (DATA / "tiny.yaml").read_text()
    assert manifest["master_seed"] == 7 and manifest["environment"]["code_digest"]
    # common random numbers: every plan of a sample and replicate has the same seed
    seeds = runs.groupby(["sample", "replicate"])["seed"].nunique()
    assert (seeds == 1).all() and runs["seed"].nunique() == 8
    table = results(reference)
    assert {"cooperation_rate", "trust_police_mean", "incidents_per_1000"} <= set(table)
    assert "reporting_rate" not in table  # only the kept metrics


def test_two_local_workers_and_a_dask_local_cluster_give_identical_results(
        tiny, reference, tmp_path):
    expected = results(reference)
    assert sweep(tiny, tmp_path / "two", workers=2, progress=False).n_done == 16
    pd.testing.assert_frame_equal(results(tmp_path / "two"), expected)
    with dask_executor(n_workers=2) as backend:
        assert backend.n_workers == 2
        done = sweep(tiny, tmp_path / "dask", backend=backend, progress=False)
    assert done.n_done == 16 and not done.failures
    pd.testing.assert_frame_equal(results(tmp_path / "dask"), expected)
    workers = {line["worker"] for line in ledger_lines(tmp_path / "dask")}
    assert len(workers) == 2  # both Dask workers ran some


def test_a_run_that_raises_is_recorded_as_failed_and_the_others_complete(tmp_path):
    experiment = load_experiment(DATA / "failing.yaml")
    done = sweep(experiment, tmp_path, workers=1, progress=False)
    assert (done.n_done, done.n_failed) == (2, 2)
    sweep_results = load_sweep(tmp_path)
    failed = sweep_results.runs[sweep_results.runs["status"] == "failed"]
    assert set(failed["sample"].map(sweep_results.samples["n_groups"])) == {3}
    assert failed["error"].str.contains("label count does not match n_groups").all()
    assert sweep_results.counts() == {"ok": 2, "failed": 2}
    written = analyze(tmp_path, tmp_path / "analysis")
    assert tmp_path / "analysis" / "failures.csv" in written
    assert "2 runs failed" in (tmp_path / "analysis" / "summary.md").read_text()


def test_one_writer_at_a_time(tmp_path):
    with writer_lock(tmp_path), pytest.raises(FolderBusyError, match="in use by"):
        sweep(load_experiment(DATA / "tiny.yaml"), tmp_path, workers=1, progress=False)


def test_analysis_pairs_plans_by_seed_and_reads_the_windows(reference):
    outcomes = outcome_table(load_sweep(reference))
    assert len(outcomes) == 16 * 3 * 2  # runs x metrics x windows
    table = results(reference)
    run = table[table["plan"] == "no_dialogue"].iloc[:2]
    first = outcomes[(outcomes["plan"] == "no_dialogue") & (outcomes["sample"] == 0)
                     & (outcomes["replicate"] == 0) & (outcomes["metric"] == "trust_police_mean")]
    assert first.set_index("window").loc["all", "value"] == pytest.approx(
        run["trust_police_mean"].mean())
    assert first.set_index("window").loc["last", "value"] == pytest.approx(
        run["trust_police_mean"].iloc[1])
    effects = effect_table(outcomes, "no_dialogue")
    assert set(effects["plan"]) == {"dialogue_12m"} and len(effects) == 8 * 3 * 2


def test_analyze_writes_tables_figures_and_a_summary(reference, tmp_path):
    written = {p.name for p in analyze(reference, tmp_path)}
    assert {"outcomes.csv", "effects.csv", "shares.csv", "curves.csv", "discovery.csv",
            "summary.md", "shares_template.png"} <= written
    assert "response_template_jsd-facilitation_quality_all.png" in written
    curves = pd.read_csv(tmp_path / "curves.csv")
    assert sorted(curves["jsd.facilitation_quality"].unique()) == [0.4, 0.9]
    assert (curves["q10"] <= curves["q90"]).all()



def test_a_morris_sweep_is_screened_by_analyze(tmp_path):
    experiment = load_experiment(DATA / "morris.yaml")
    assert experiment.n_runs() == 3 * 3 * 2
    sweep(experiment, tmp_path / "sweep", workers=1, progress=False)
    written = {p.name for p in analyze(tmp_path / "sweep", tmp_path / "analysis")}
    assert "sensitivity_template_dialogue_12m_effect.png" in written
    table = pd.read_csv(tmp_path / "analysis" / "sensitivity.csv")
    assert {"mu", "mu_star", "mu_star_conf", "sigma"} <= set(table.columns)
    effect = table[table["quantity"] == "effect"]
    assert set(effect["factor"]) == {"contact_gain_per_session", "jsd.facilitation_quality"}
    runs = pd.read_csv(tmp_path / "sweep" / RUNS)
    assert runs.groupby("replicate")["seed"].nunique().eq(1).all()  # one seed per replicate
