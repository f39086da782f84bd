"""Runs too large for the machine are refused before they start
(model/scenario/resources.py, Scenario.model_kwargs, jsdsim run and validate)."""

import time

import pytest

from model.cli import main
from model.core.errors import InputError
from model.core.params import resolve
from model.scenario.resources import available_memory_bytes, check_fits

HUGE = "title: t\nhorizon_months: 12\nlocality: {n_residents: 5000000, mean_degree: 200}\n" \
       "plans: {p: {}}\n"


def test_the_machine_reports_its_available_memory():
    available = available_memory_bytes()
    assert available is not None and available > 2**28


def test_check_fits_names_the_estimate_the_limit_and_the_sizes():
    with pytest.raises(InputError) as info:
        check_fits(resolve({"n_residents": 1_000_000}), available=2**30)
    message = str(info.value)
    assert "would need" in message and "more than the 1.0 GiB this machine has available" \
        in message
    assert "n_residents = 1,000,000" in message
    assert check_fits(resolve({"n_residents": 1_000}), available=2**30).memory_bytes < 2**30


def test_a_run_that_needs_more_memory_than_the_machine_has_is_refused_before_it_starts(
        tmp_path, capsys):
    path = tmp_path / "huge.yaml"
    path.write_text(HUGE)
    start = time.perf_counter()
    assert main(["run", str(path), "--seed", "1"]) == 2
    assert time.perf_counter() - start < 5
    err = capsys.readouterr().err
    assert err.startswith("jsdsim: error: this run would need ")
    assert "GiB of memory, more than the" in err
    assert "n_residents = 5,000,000, mean_degree = 200" in err


def test_validate_warns_about_plans_too_large_for_this_machine(tmp_path, capsys):
    path = tmp_path / "huge.yaml"
    path.write_text(HUGE)
    assert main(["validate", str(path)]) == 0
    assert "warning: " in capsys.readouterr().err


def test_the_networkx_limit_is_a_scenario_error(tmp_path, capsys):
    path = tmp_path / "nx.yaml"
    path.write_text("title: t\nhorizon_months: 1\nlocality: {n_residents: 100000, "
                    "network_generator: networkx}\nplans: {p: {}}\n")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert ":3:52: locality.network_generator: too large for this generator" in err
    assert "above its limit of 20,000" in err
