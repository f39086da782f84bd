"""The one run path (model/experiments/{specs,runner}.py): specs, keys and tidy tables."""

import dataclasses
import pickle
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pandas as pd
import pytest

from model.core.errors import InputError
from model.experiments import LABEL_COLUMNS, RunSpec, build_model, run, run_all
from model.scenario import load_scenario

REPO = Path(__file__).resolve().parents[2]
SMALL = {"n_residents": 500}


@pytest.fixture(scope="module")
def template():
    return load_scenario(REPO / "scenarios" / "template.yaml")


@pytest.fixture(scope="module")
def spec(template):
    return RunSpec(template, "dialogue_12m", seed=3, months=2, overrides=SMALL, replicate=1)


def test_run_gives_a_tidy_table_labelled_with_the_spec(spec):
    table = run(spec)
    assert list(table.columns[:len(LABEL_COLUMNS)]) == list(LABEL_COLUMNS)
    assert table["month"].tolist() == [1, 2]
    assert set(table["scenario"]) == {"template"} and set(table["plan"]) == {"dialogue_12m"}
    assert set(table["seed"]) == {3} and set(table["replicate"]) == {1}


def test_run_reports_each_month(spec):
    months = []
    run(spec, on_month=months.append)
    assert months == [1, 2]


def test_the_default_plan_and_horizon_come_from_the_scenario(template):
    default = RunSpec(template)
    assert default.plan_name == template.plans[0]
    assert default.n_months == template.horizon_days // 30
    assert build_model(dataclasses.replace(default, overrides=SMALL)).params.n_residents == 500


def test_same_spec_same_table_and_key(spec):
    pd.testing.assert_frame_equal(run(spec), run(spec))
    assert spec.key() == dataclasses.replace(spec).key()
    assert len(spec.key()) == 16


def test_the_key_changes_with_whatever_changes_the_result(spec):
    keys = {spec.key(),
            dataclasses.replace(spec, seed=4).key(),
            dataclasses.replace(spec, months=3).key(),
            dataclasses.replace(spec, plan="no_dialogue").key(),
            dataclasses.replace(spec, overrides={**SMALL, "negativity_weight": 9.0}).key(),
            dataclasses.replace(spec, overrides={**SMALL, "dialogue.length_months": 3}).key(),
            dataclasses.replace(spec, replicate=2).key()}
    assert len(keys) == 7


def test_a_spec_survives_pickling_and_runs_the_same_in_a_worker_process(spec):
    again = pickle.loads(pickle.dumps(spec))
    assert again.key() == spec.key()
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        remote = pool.submit(run, spec).result()
    pd.testing.assert_frame_equal(remote, run(spec))


def test_run_all_stacks_runs_in_order(spec):
    other = dataclasses.replace(spec, plan="no_dialogue", replicate=0)
    table = run_all([spec, other])
    assert table["plan"].tolist() == ["dialogue_12m"] * 2 + ["no_dialogue"] * 2


@pytest.mark.parametrize("field, value", [("months", -1), ("months", 0), ("months", 2.5),
                                          ("seed", -3), ("seed", 1.5), ("replicate", -1),
                                          ("sample", True), ("months", 10**9)])
def test_a_spec_names_its_invalid_field(template, field, value):
    with pytest.raises(InputError, match=f"RunSpec.{field} = "):
        RunSpec(template, **{field: value})


def test_a_spec_needs_a_scenario():
    with pytest.raises(InputError, match="expected a Scenario"):
        RunSpec("saaba")
