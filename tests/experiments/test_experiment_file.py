
"""Experiment files (model/experiments/experiment_file.py): valid files, and every bad one
rejected before anything runs, naming the file, the field path, the value and the
expectation."""

import copy
import re
from pathlib import Path

import pytest
import yaml

from model.experiments.experiment_file import ExperimentError, load_experiment

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "experiments" / "tiny.yaml"
BASE = yaml.safe_load(TINY.read_text())


def write(tmp_path, data, name="exp.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def changed(**changes):
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = data
        for part in parents:
            target = target[part]
        if value is None:
            target.pop(last)
        else:
            target[last] = value
    return data


def problems(tmp_path, data):
    with pytest.raises(ExperimentError) as caught:
        load_experiment(write(tmp_path, data))
    text = str(caught.value)
    assert text.startswith("invalid experiment file:\n")
    assert all(re.match(re.escape(str(tmp_path / "exp.yaml")) + r"(:\d+:\d+)?: ", line)
               for line in text.splitlines()[1:])
    return text


def test_the_tiny_experiment_loads():
    experiment = load_experiment(TINY)
    assert experiment.n_runs() == 4 * 2 * 2
    assert experiment.baseline == "no_dialogue"
    assert experiment.plans == {"template": ("no_dialogue", "dialogue_12m")}
    assert experiment.windows == {"all": (1, 2), "last": (2, 2)}
    assert [f.name for f in experiment.design.factors] == ["negativity_weight",
                                                           "jsd.facilitation_quality"]


@pytest.mark.parametrize("name", ["dialogue_length", "sensitivity"])
def test_the_shipped_experiments_are_valid(name):
    experiment = load_experiment(REPO / "experiments" / f"{name}.yaml")
    assert experiment.n_runs() <= experiment.budget


@pytest.mark.parametrize(("data", "expected"), [
    (changed(uncertain={"negativty_weight": {"low": 1, "high": 2}}),
     "uncertain.negativty_weight: unknown parameter; did you mean 'negativity_weight'?"),
    (changed(uncertain={"jsd.lenght_months": {"values": [1, 2]}}),
     "uncertain.jsd.lenght_months: not a dialogue field; did you mean 'length_months'?"),
    (changed(uncertain={"forum.length_months": {"values": [1, 2]}}),
     "uncertain.forum.length_months: no dialogue of that name in the plans run"),
    (changed(uncertain={"negativity_weight": {"low": 8, "high": 2}}),
     "uncertain.negativity_weight: bounds reversed (got low 8 > high 2; expected low < high)"),
    (changed(uncertain={"negativity_weight": {"low": 0.5, "high": 2}}),
     "uncertain.negativity_weight.low: out of the parameter's range (got 0.5; expected a "
     "number in [1, 20])"),
    (changed(uncertain={"jsd.facilitation_quality": {"low": 0.5, "high": 1.5}}),
     "uncertain.jsd.facilitation_quality.high: invalid value for a dialogue (got 1.5; "
     "expected a number in [0, 1])"),
    (changed(design={"method": "sobel", "n": 8}),
     "design.method: unknown design; did you mean 'sobol'? (got 'sobel'; expected one of "
     "'grid', 'latin_hypercube', 'sobol', 'morris')"),
    (changed(replicates=-1),
     "replicates: out of range (got -1; expected a whole number >= 1)"),
    (changed(budget=10),
     "design: too large for the budget (got 16 runs (4 samples x 2 plans x 2 replicates); "
     "expected at most budget = 10 runs"),
    (changed(design={"method": "sobol", "n": 6}),
     "design.n: not a power of 2 (got 6; expected a power of 2"),
    (changed(design={"method": "sobol", "n": 8}),
     "uncertain.jsd.facilitation_quality.values: sobol needs bounds"),
    (changed(design={"method": "grid"}),
     "uncertain.negativity_weight.levels: missing in a grid"),
    (changed(replicate=2),
     "replicate: unknown key; did you mean 'replicates'?"),
    (changed(seed="seven"),
     "seed: wrong type (got 'seven'; expected an integer)"),
    (changed(uncertain={"negativity_weight": {"low": "x", "high": 2}}),
     "uncertain.negativity_weight.low: wrong type (got 'x'; expected a number)"),
    (changed(uncertain={"negativity_weight": {"low": 1}}),
     "uncertain.negativity_weight: needs one way to vary (expected either low and high, "
     "values, or relative)"),
    (changed(plans=["no_dialogue", "dialog_12m"]),
     "plans[1]: no such plan in template; did you mean 'dialogue_12m'?"),
    (changed(outcomes__metrics=["cooperation"]),
     "outcomes.metrics[0]: not a monthly metric"),
    (changed(outcomes__windows={"late": [2, 9]}),
     "outcomes.windows.late: not a window of the horizon (got [2, 9]; expected [first, last] "
     "months with 1 <= first <= last <= 2)"),
    (changed(fixed={"n_residents": 5}),
     "fixed.n_residents: out of the parameter's range (got 5; expected an integer in "
     "[10, 5e+06])"),
    (changed(design=None), "design: missing required field"),
])
def test_malformed_files_are_rejected_with_path_value_and_expectation(tmp_path, data,
                                                                      expected):
    assert expected in problems(tmp_path, data)


def test_every_problem_is_reported_at_once(tmp_path):
    text = problems(tmp_path, changed(replicates=0, seed=-3,
                                      design={"method": "morris", "n": 0}))
    assert "replicates: out of range" in text and "seed: out of range" in text
    assert "design.n: out of range" in text


def test_yaml_errors_and_missing_files_use_the_scenario_layer_messages(tmp_path):
    bad = tmp_path / "exp.yaml"
    bad.write_text("title: [unclosed\n")
    with pytest.raises(Exception, match="YAML syntax error"):
        load_experiment(bad)
    with pytest.raises(Exception, match="file not found"):
        load_experiment(tmp_path / "missing.yaml")


def test_relative_ranges_and_listed_values(tmp_path):
    data = changed(uncertain={"negativity_weight": {"relative": 0.5},
                              "rotation_per_year": {"values": [0.1, 1.0]}})
    experiment = load_experiment(write(tmp_path, data))
    first, second = experiment.design.factors
    assert (first.low, first.high, first.relative) == (0.5, 1.5, True)
    assert second.values == (0.1, 1.0)
    assert "relative: out of range" in problems(tmp_path, changed(
        uncertain={"negativity_weight": {"relative": 1.5}}))


def test_seeds_per_sample_or_shared_by_every_sample(tmp_path):
    from model.experiments.sweep import sweep_runs

    per_sample = list(sweep_runs(load_experiment(TINY)))
    shared = list(sweep_runs(load_experiment(write(tmp_path, changed(seed_per_sample=False)))))
    assert len({(s.sample, s.replicate, s.seed) for s in per_sample}) == 8
    assert len({s.seed for s in per_sample}) == 8  # 4 samples x 2 replicates
    assert {s.seed for s in shared} == {s.seed for s in per_sample if s.sample == 0}
    assert all(s.seed == p.seed for s, p in zip(shared, per_sample, strict=True)
               if s.sample == 0)
