"""The run engine (model/experiments/engine.py): workers, failures, resuming."""

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from model.experiments import RunSpec, replicate_seeds
from model.experiments.engine import execute, run_task
from model.experiments.store import KEY_COLUMN, RunStore
from model.scenario import load_scenario

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def specs():
    scenario = load_scenario(REPO / "scenarios" / "template.yaml")
    return [RunSpec(scenario, plan, seed=seed, replicate=r, months=2,
                    overrides={"n_residents": 400})
            for plan in scenario.plans for r, seed in enumerate(replicate_seeds(3, 2))]


def keys(specs):
    return [s.key() for s in specs]


def test_results_do_not_depend_on_the_workers(specs, tmp_path):
    one = RunStore(tmp_path / "one")
    two = RunStore(tmp_path / "two")
    assert execute(specs, one, workers=1, progress=False).n_done == len(specs)
    assert execute(list(reversed(specs)), two, workers=2, progress=False).n_done == len(specs)
    pd.testing.assert_frame_equal(one.table(keys(specs)), two.table(keys(specs)))


def test_any_executor_can_run_them(specs, tmp_path):
    store = RunStore(tmp_path)
    with ThreadPoolExecutor(2) as pool:
        done = execute(specs[:2], store, executor=pool, progress=False)
    assert done.n_done == 2 and store.done() == set(keys(specs[:2]))


def test_finished_runs_are_skipped_and_duplicates_run_once(specs, tmp_path):
    store = RunStore(tmp_path)
    execute(specs[:2], store, workers=1, progress=False)
    again = execute(specs + specs[:1], store, workers=1, progress=False)
    assert (again.n_runs, again.n_skipped, again.n_done) == (len(specs), 2, len(specs) - 2)
    assert store.table()[KEY_COLUMN].nunique() == len(specs)


def test_a_run_that_raises_is_recorded_and_the_others_go_on(specs, tmp_path):
    with_dialogue = next(s for s in specs if s.plan_name == "dialogue_12m")
    bad = dataclasses.replace(with_dialogue, overrides={"jsd.facilitation_quality": 7.0})
    store = RunStore(tmp_path)
    done = execute([specs[0], bad, specs[1]], store, workers=1, progress=False)
    assert (done.n_done, done.n_failed) == (2, 1)
    (failure,) = store.failed()
    assert failure.key == bad.key() and "facilitation_quality" in failure.error
    assert failure.labels["plan"] == bad.plan_name


def test_columns_keep_labels_month_and_the_named_metrics(specs):
    record, table = run_task(specs[0], columns=["cooperation_rate"])
    assert record.status == "ok" and record.seconds > 0 and ":" in record.worker
    assert list(table.columns) == ["scenario", "plan", "sample", "replicate", "seed", "version",
                                   "month", "cooperation_rate"]
