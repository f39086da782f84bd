"""The TrustModel boundary: every bad argument names itself (model/core/arguments.py,
model/core/interventions.py rules, TrustModel.run_for)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from model import TrustModel
from model.core import interventions as iv
from model.core.errors import InputError

SMALL = {"n_residents": 300, "n_officers": 4, "n_informal_members": 3}


@pytest.fixture(scope="module")
def model():
    return TrustModel(rng=1, **SMALL)


@pytest.mark.parametrize("kwargs, message", [
    ({"rng": 1.5}, "rng = 1.5 is invalid: expected None, a whole number >= 0"),
    ({"rng": -1}, "rng = -1 is invalid"),
    ({"rng": "7"}, "rng = '7' is invalid"),
    ({"rng": True}, "rng = True is invalid"),
    ({"interventions": [object()]}, "interventions[0] = <object object"),
    ({"interventions": iv.Dialogue()}, "interventions = Dialogue("),
    ({"events": ["scandal"]}, "events[0] = 'scandal' is invalid: expected event objects"),
    ({"hotspots": [iv.Hotspot("h", neighbourhood=99)]},
     "hotspots[0].neighbourhood[0] = 99 is invalid: expected a neighbourhood index in [0, 9]"),
    ({"events": [iv.PoliceWithdrawal(3, (12,))]}, "events[0].neighbourhoods[0] = 12"),
    ({"events": [iv.FlashpointAppears(3, iv.Hotspot("h", 10))]},
     "events[0].hotspot.neighbourhood[0] = 10"),
    ({"police_posts": [10]}, "police_posts[0] = 10 is invalid"),
    ({"police_posts": "north"}, "police_posts = 'north' is invalid"),
    ({"group_homes": [[0]]}, "expected one list of neighbourhoods per group (n_groups = 2)"),
    ({"group_homes": [[0], []]}, "group_homes[1] is empty"),
    ({"graph": "edges.txt"}, "graph = 'edges.txt' is invalid: expected None or a "
                             "networkx.Graph"),
    ({"n_residents": 30_000, "network_generator": "networkx"},
     "the networkx generator is for small populations: n_residents = 30,000 is above its "
     "limit of 20,000"),
    ({"n_neighbourhoods": 2_000, "network_generator": "networkx"},
     "n_neighbourhoods x n_groups = 4,000 cells is above its limit of 2,000"),
])
def test_bad_constructor_arguments_name_themselves(kwargs, message):
    with pytest.raises(InputError) as info:
        TrustModel(**{"rng": 1, **SMALL, **kwargs})
    assert message in str(info.value)


@pytest.mark.parametrize("make, message", [
    (lambda: iv.Dialogue(start_day=math.inf), "Dialogue.start_day = inf is invalid"),
    (lambda: iv.Dialogue(start_day=math.nan), "Dialogue.start_day = nan is invalid"),
    (lambda: iv.Dialogue(n_residents=10**30), "Dialogue.n_residents = 1000000000000000000"),
    (lambda: iv.Dialogue(length_months="12"), "Dialogue.length_months = '12' is invalid"),
    (lambda: iv.Dialogue(contact=1), "Dialogue.contact = 1 is invalid: expected true or false"),
    (lambda: iv.Dialogue(name=object()), "Dialogue.name = <object object"),
    (lambda: iv.Dialogue(selection=3), "Dialogue.selection = 3 is invalid: expected one of"),
    (lambda: iv.Hotspot("h", neighbourhood=-1), "Hotspot.neighbourhood = -1 is invalid"),
    (lambda: iv.PoliceWithdrawal(3, (-1,)), "PoliceWithdrawal.neighbourhoods = (-1,)"),
    (lambda: iv.CrimeWave(0, 10, incident_types="robbery"), "CrimeWave.incident_types"),
    (lambda: iv.Scandal(3, trust_drop=1.5), "Scandal.trust_drop = 1.5 is invalid: expected "
                                            "a number in [0, 1]"),
    (lambda: iv.FlashpointAppears(3, hotspot="stadium"), "FlashpointAppears.hotspot"),
])
def test_bad_intervention_fields_name_themselves(make, message):
    with pytest.raises(InputError) as info:
        make()
    assert message in str(info.value)


@pytest.mark.parametrize("days", [-1, 1.5, math.inf, -math.inf, math.nan, "3", None,
                                  10**12, True])
def test_run_for_refuses_bad_day_counts(model, days):
    day_before = model.steps
    with pytest.raises(InputError, match=r"run_for\(days=.*\) is invalid: expected a whole "
                                         r"number of days in \[0, 18,000\]"):
        model.run_for(days)
    assert model.steps == day_before


def test_run_for_accepts_whole_days_in_any_numeric_type(model):
    start = model.steps
    model.run_for(np.int64(2))
    model.run_for(1.0)
    model.run_for(0)
    assert model.steps == start + 3


def test_numpy_generator_and_integers_are_seeds():
    a = TrustModel(rng=np.int64(5), **SMALL)
    b = TrustModel(rng=5, **SMALL)
    assert np.array_equal(a.residents.trust, b.residents.trust)
    TrustModel(rng=np.random.default_rng(5), **SMALL)


def test_fixed_placements_do_not_depend_on_the_seed():
    for seed in range(4):
        m = TrustModel(rng=seed, police_posts=[2, 7], group_homes=[[0, 1], [9]], **SMALL)
        assert np.flatnonzero(m.hoods.has_post).tolist() == [2, 7]
