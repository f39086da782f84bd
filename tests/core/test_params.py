"""The parameter table (model/core/params.py): defaults, ranges, validation and error messages."""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import TrustModel
from model.core.params import (
    PARAMETERS,
    PARAMS,
    Params,
    check_value,
    defaults,
    resolve,
    scaled_population,
)

NUMERIC = [p for p in PARAMETERS if p.kind in (int, float)]
FLOATS = [p for p in PARAMETERS if p.kind is float]
INTS = [p for p in PARAMETERS if p.kind is int]
CHOICES = [p for p in PARAMETERS if p.kind is str]


# --- the table itself -------------------------------------------------------------------
def test_names_are_unique_and_indexed():
    assert len(PARAMS) == len(PARAMETERS)
    assert all(PARAMS[p.name] is p for p in PARAMETERS)


@pytest.mark.parametrize("p", PARAMETERS, ids=lambda p: p.name)
def test_every_parameter_is_documented_and_its_default_valid(p):
    assert p.doc.strip() and p.unit.strip() and p.section.strip()
    assert p.kind in (int, float, bool, str)
    if p.kind is str:
        assert p.default in p.choices
    else:
        assert p.low is not None and p.high is not None
        assert p.low <= p.default <= p.high
    assert check_value(p.name, p.default) == p.default


def test_resolve_without_overrides_is_the_defaults():
    assert resolve().as_dict() == defaults()
    assert resolve({}) == resolve()
    assert defaults() is not defaults()  # a fresh dict each time
    assert list(resolve().as_dict()) == list(PARAMS)


def test_resolved_parameters_are_typed_and_frozen():
    params = resolve()
    assert isinstance(params, Params)
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.negativity_weight = 3.0
    assert dataclasses.replace(params, negativity_weight=3.0).negativity_weight == 3.0


def test_n_residents_alone_keeps_the_default_densities():
    params = resolve({"n_residents": 1000})
    assert (params.n_officers, params.n_informal_members) == (4, 3)
    assert resolve({"n_residents": 1000, "n_officers": 40}).n_officers == 40
    assert resolve({"n_residents": 10}).n_officers == 1  # at least one where there was one
    assert resolve({"n_residents": 1000, "n_officers": 0}).n_officers == 0


def test_scaled_population_is_the_one_resizing_rule():
    counts = scaled_population({"n_residents": 20_000, "n_officers": 40,
                                "n_informal_members": 0}, 5000)
    assert counts == {"n_residents": 5000, "n_officers": 10, "n_informal_members": 0}


def test_resolve_converts_to_the_parameter_type():
    params = resolve({"mean_degree": 3, "n_residents": 200.0, "homophily": np.float32(0.5),
                      "n_officers": np.int64(7)})
    assert params.mean_degree == 3.0 and type(params.mean_degree) is float
    assert params.n_residents == 200 and type(params.n_residents) is int
    assert params.homophily == 0.5 and type(params.homophily) is float
    assert params.n_officers == 7 and type(params.n_officers) is int


@pytest.mark.parametrize("p", NUMERIC, ids=lambda p: p.name)
def test_range_ends_are_inclusive(p):
    assert check_value(p.name, p.low) == p.low
    assert check_value(p.name, p.high) == p.high


@pytest.mark.parametrize("p", NUMERIC, ids=lambda p: p.name)
def test_just_outside_the_range_is_rejected(p):
    if p.kind is int:
        below, above = p.low - 1, p.high + 1
    else:
        below, above = np.nextafter(p.low, -math.inf), np.nextafter(p.high, math.inf)
    for value in (below, above):
        with pytest.raises(ValueError, match=re.escape(repr(p.name))):
            check_value(p.name, float(value) if p.kind is float else value)


# --- bad values: each kind raises ValueError naming parameter, value and range -----------
BAD = [
    ("n_residents", -1),                      # negative count
    ("n_officers", -5),                       # negative count
    ("n_witnesses_per_incident", -1),         # negative count
    ("n_residents", 5),                       # count below the minimum
    ("homophily", 1.5),                       # probability above 1
    ("police_post_share", -0.1),              # share below 0
    ("vigilantism_init", 2),                  # probability above 1 (an int)
    ("trust_police_init", float("nan")),      # NaN
    ("negativity_weight", float("nan")),      # NaN
    ("mean_degree", float("inf")),            # infinite
    ("negativity_weight", 0.5),               # below its floor of 1
    ("n_residents", "10"),                    # string for an int
    ("homophily", "0.5"),                     # string for a float
    ("n_residents", 10.5),                    # non-integer for an int
    ("n_residents", float("nan")),            # NaN for an int
    ("mean_degree", True),                    # bool for a float
    ("n_officers", False),                    # bool for an int
    ("mean_degree", None),                    # None
    ("mean_degree", [10.0]),                  # a list
    ("homophily", np.float64(2.0)),           # numpy scalar out of range
    ("n_officers", np.int64(-3)),             # numpy scalar out of range
    ("homophily", np.bool_(True)),            # numpy bool for a float
    ("network_generator", "igraph"),          # unknown choice
    ("network_generator", 3),                 # wrong type for a choice
]


@pytest.mark.parametrize(("name", "value"), BAD, ids=[f"{n}={v!r}" for n, v in BAD])
def test_bad_value_raises_naming_parameter_value_and_range(name, value):
    with pytest.raises(ValueError) as err:
        check_value(name, value)
    message = str(err.value)
    assert repr(name) in message
    assert repr(value) in message
    assert PARAMS[name].allowed() in message


def test_allowed_range_is_stated_in_words():
    assert PARAMS["homophily"].allowed() == "a number in [0, 1]"
    assert PARAMS["n_witnesses_per_incident"].allowed() == "an integer in [0, 50]"
    assert PARAMS["network_generator"].allowed() == "one of 'numpy', 'networkx'"
    with pytest.raises(ValueError, match=re.escape("a number in [0, 1]")):
        check_value("homophily", 1.5)


def test_unknown_parameter_is_named():
    with pytest.raises(ValueError, match="unknown parameter 'n_resident'"):
        check_value("n_resident", 100)
    with pytest.raises(ValueError, match="unknown parameter 'n_resident'"):
        resolve({"n_resident": 100})


@pytest.mark.parametrize(("name", "value"), BAD, ids=[f"{n}={v!r}" for n, v in BAD])
def test_model_constructor_raises_the_same_error(name, value):
    with pytest.raises(ValueError) as expected:
        check_value(name, value)
    with pytest.raises(ValueError, match=re.escape(str(expected.value))):
        TrustModel(rng=1, **{"n_residents": 100, name: value})


def test_model_constructor_rejects_unknown_keyword():
    with pytest.raises(ValueError, match="unknown parameter 'negativity'"):
        TrustModel(rng=1, n_residents=100, negativity=4.0)


def test_model_accepts_every_default_passed_explicitly():
    params = {**defaults(), "n_residents": 200}
    model = TrustModel(rng=1, **params)
    assert model.params.as_dict() == params


def test_model_keeps_resolved_parameters():
    model = TrustModel(rng=1, n_residents=100, mean_degree=4)
    assert model.params == resolve({"n_residents": 100, "mean_degree": 4})
    assert model.params.mean_degree == 4.0 and type(model.params.mean_degree) is float


def test_huge_int_for_float_parameter_raises_value_error():
    # float(10**400) overflows: still a ValueError naming the parameter
    with pytest.raises(ValueError, match="mean_degree"):
        check_value("mean_degree", 10**400)


# --- properties -------------------------------------------------------------------------
@st.composite
def inside(draw):
    p = draw(st.sampled_from(NUMERIC))
    if p.kind is int:
        return p, draw(st.integers(int(p.low), int(p.high)))
    return p, draw(st.floats(p.low, p.high, allow_nan=False))


@st.composite
def outside(draw):
    p = draw(st.sampled_from(NUMERIC))
    if p.kind is int:
        value = draw(st.one_of(st.integers(max_value=int(p.low) - 1),
                               st.integers(min_value=int(p.high) + 1)))
    else:
        value = draw(st.one_of(st.floats(max_value=p.low, exclude_max=True),
                               st.floats(min_value=p.high, exclude_min=True),
                               st.just(math.nan)))
    return p, value


@settings(max_examples=50, deadline=None, derandomize=True)
@given(inside())
def test_any_value_inside_the_range_is_accepted(case):
    p, value = case
    out = check_value(p.name, value)
    assert type(out) is p.kind
    assert out == value


@settings(max_examples=50, deadline=None, derandomize=True)
@given(outside())
def test_any_value_outside_the_range_is_rejected(case):
    p, value = case
    with pytest.raises(ValueError, match=re.escape(f"parameter {p.name!r}")):
        check_value(p.name, value)
