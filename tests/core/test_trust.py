"""Trust moves with encounters and outcomes (model.trust, ODD 7.5)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from model.core.crime import Incidents
from model.core.population import Trust
from model.core.reporting import Choice, Reports
from model.core.response import Outcomes
from model.core.state import new_counters
from model.core.trust import (
    encounter,
    fair_probability,
    insecurity_erosion,
    move_down,
    move_down_counts,
    move_up,
    move_up_counts,
    outcome_feedback,
    routine_encounters,
)

POLICE = Trust.POLICE


# --- the four helpers -------------------------------------------------------------------
def test_move_up_and_down_compose_exactly():
    v = np.array([0.2, 0.5, 0.9], dtype=np.float32)
    move_up(v, np.array([0, 0, 2]), 0.1)
    np.testing.assert_allclose(v, [1 - 0.8 * 0.81, 0.5, 1 - 0.1 * 0.9], rtol=1e-6)
    w = np.array([0.2, 0.5, 0.9], dtype=np.float32)
    move_down(w, np.array([1, 1, 1]), 0.5)
    np.testing.assert_allclose(w, [0.2, 0.0625, 0.9], rtol=1e-6)


def test_steps_above_one_are_capped():
    v = np.array([0.3, 0.7])
    move_down(v, np.array([0]), 4.0)
    move_up(v, np.array([1]), 4.0)
    np.testing.assert_array_equal(v, [0.0, 1.0])


def test_counts_versions_match_repeated_indices():
    counts = np.array([0, 1, 3])
    a = np.array([0.2, 0.5, 0.9])
    b = a.copy()
    move_up_counts(a, counts, 0.2)
    move_up(b, np.repeat(np.arange(3), counts), 0.2)
    np.testing.assert_allclose(a, b)
    move_down_counts(a, counts, 0.3)
    move_down(b, np.repeat(np.arange(3), counts), 0.3)
    np.testing.assert_allclose(a, b)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(values=arrays(np.float32, 20, elements=st.floats(0, 1, width=32)),
       idx=arrays(np.int64, st.integers(0, 60), elements=st.integers(0, 19)),
       step=st.floats(0, 5), up=st.booleans())
def test_helpers_keep_values_in_unit_interval_and_ignore_order(values, idx, step, up):
    move = move_up if up else move_down
    a, b = values.copy(), values.copy()
    move(a, idx, step)
    move(b, idx[::-1].copy(), step)
    np.testing.assert_array_equal(a, b)
    assert np.all((a >= 0) & (a <= 1))
    untouched = np.setdiff1d(np.arange(20), idx)
    np.testing.assert_array_equal(a[untouched], values[untouched])
    if up:
        assert np.all(a >= values)
    else:
        assert np.all(a <= values)


# --- encounters -------------------------------------------------------------------------
def test_fair_probability_falls_with_officers_distrust(make_model):
    model = make_model(n_officers=10, police_conduct_init=0.8, hostility_weight=0.5)
    off = model.officers
    off.conduct[:] = 0.8
    off.trust_community[:] = 1.0
    np.testing.assert_allclose(fair_probability(model, np.arange(10)), 0.8)
    off.trust_community[:] = 0.0
    np.testing.assert_allclose(fair_probability(model, np.arange(10)), 0.4)


def encounter_model(make_model, conduct: float, k: float, step: float = 0.04):
    model = make_model(n_officers=10, negativity_weight=k, encounter_trust_step=step,
                       hostility_weight=0.0)
    model.officers.conduct[:] = conduct
    model.residents.trust[:, POLICE] = 0.5
    return model


@pytest.mark.parametrize("level", [0.1, 0.5, 0.9])
def test_an_unfair_encounter_costs_k_times_a_fair_gain_at_every_trust_level(make_model,
                                                                            level):
    """Skogan 2006: the asymmetry holds at every trust level (logit steps), so it does not
    vanish in low-trust places."""
    officers = np.zeros(100, dtype=np.int64)
    residents = np.arange(100)

    def logit(x):
        x = x.astype(np.float64)
        return np.log(x / (1 - x))

    fair = encounter_model(make_model, conduct=1.0, k=6.0)
    fair.residents.trust[:, POLICE] = level
    encounter(fair, officers, residents)
    gain = logit(fair.residents.trust[:100, POLICE]) - logit(np.float32(level))
    unfair = encounter_model(make_model, conduct=0.0, k=6.0)
    unfair.residents.trust[:, POLICE] = level
    encounter(unfair, officers, residents)
    loss = logit(np.float32(level)) - logit(unfair.residents.trust[:100, POLICE])
    np.testing.assert_allclose(gain, 2 * 0.04, rtol=1e-3)
    np.testing.assert_allclose(loss, 6.0 * gain, rtol=1e-3)
    if level == 0.5:  # at trust 0.5 a fair encounter gains about step x (1 - 0.5)
        np.testing.assert_allclose(fair.residents.trust[:100, POLICE] - 0.5, 0.5 * 0.04,
                                   rtol=0.01)
    assert unfair.today["unfair_encounters"] == 100 == unfair.today["encounters"]
    assert fair.today["unfair_encounters"] == 0


@pytest.mark.parametrize("conduct", [0.0, 0.5])
def test_negativity_weight_ten_lowers_trust_more_than_one(make_model, conduct):
    # same seed -> the same fairness draws; the same fixed set of encounters
    officers = np.repeat(np.arange(10), 50)
    residents = np.tile(np.arange(0, 1000, 2), 1)
    after = {}
    for k in (1.0, 10.0):
        model = encounter_model(make_model, conduct=conduct, k=k)
        for _ in range(5):
            encounter(model, officers, residents)
        after[k] = model.residents.trust[:, POLICE].astype(np.float64)
    assert after[10.0].mean() < after[1.0].mean() - 0.05
    assert np.all(after[10.0] <= after[1.0] + 1e-7)
    np.testing.assert_array_equal(after[1.0][1::2], 0.5)  # only the encountered move


def test_negativity_weight_over_a_run(run_model):
    # Conduct 0.5: half the encounters are unfair. With k = 10 trust collapses; with k = 1
    # a fair and an unfair encounter roughly cancel. 20 officers among 1000 residents make
    # ~40 encounters a day. Observed gaps 0.26-0.29 over four seeds; margin 0.1.
    def end_trust(k, seed):
        return run_model(120, seed, n_residents=1000, n_officers=20, police_conduct_init=0.5,
                         negativity_weight=k).daily_table()["trust_police_mean"].iloc[-1]
    for seed in (1, 2, 3, 4):
        assert end_trust(10.0, seed) < end_trust(1.0, seed) - 0.1


def test_routine_encounters_stay_in_the_officers_neighbourhoods(make_model):
    model = make_model(n_residents=2000, n_officers=3, encounters_per_officer_per_day=50.0,
                       police_conduct_init=0.0)
    before = model.residents.trust[:, POLICE].copy()
    routine_encounters(model)
    changed = model.residents.trust[:, POLICE] != before
    staffed = model.roster.count > 0
    assert changed.any()
    assert not changed[~staffed[model.residents.hood]].any()
    # Poisson(150) encounters: tolerance +-60 is ~5 sd
    assert abs(model.today["encounters"] - 150) < 60
    assert model.today["unfair_encounters"] == model.today["encounters"]


def test_no_officers_no_encounters(make_model):
    model = make_model(n_officers=0)
    before = model.residents.trust.copy()
    routine_encounters(model)
    np.testing.assert_array_equal(model.residents.trust, before)
    assert model.today["encounters"] == 0


# --- outcomes ---------------------------------------------------------------------------
def outcome_case(make_model):
    """Four incidents; the victims stay silent and one witness each tells police.

    Incident 0 is cleared, 1 handled but not cleared, 2 known but ignored (capacity),
    3 unknown to police (the witness told the group).
    """
    model = make_model(n_residents=1000, encounter_trust_step=0.0, ignored_trust_loss=0.2,
                       clearance_trust_gain=0.1, victimisation_trust_loss=0.05)
    model.residents.trust[:, POLICE] = 0.5
    victims = np.array([0, 100, 200, 300])
    witnesses = np.array([10, 110, 210, 310])
    inc = Incidents(hood=model.residents.hood[victims].astype(np.int32),
                    kind=np.zeros(4, dtype=np.int8), victim=victims)
    reports = Reports(incident=np.r_[np.arange(4), np.arange(4)],
                      resident=np.r_[victims, witnesses],
                      choice=np.array([Choice.SILENT] * 4
                                      + [Choice.POLICE] * 3 + [Choice.INFORMAL], dtype=np.int8))
    outcomes = Outcomes(informal_acted=np.zeros(4, dtype=bool),
                        relayed=np.zeros(4, dtype=bool),
                        known_police=np.array([True, True, True, False]),
                        handled=np.array([True, True, False, False]),
                        cleared=np.array([True, False, False, False]),
                        officer=np.array([0, 0, -1, -1]))
    return model, inc, reports, outcomes, witnesses


def test_cleared_reports_raise_and_ignored_reports_lower_trust(make_model):
    model, inc, reports, outcomes, witnesses = outcome_case(make_model)
    model.day = 5
    outcome_feedback(model, inc, reports, outcomes)
    trust = model.residents.trust[:, POLICE]
    np.testing.assert_allclose(trust[witnesses], [1 - 0.5 * 0.9, 0.5 * 0.9, 0.5 * 0.8, 0.5],
                               rtol=1e-6)
    np.testing.assert_allclose(trust[inc.victim], 0.5 * 0.95, rtol=1e-6)
    assert np.all(model.residents.last_victim_day[inc.victim] == 5)
    others = np.setdiff1d(np.arange(1000), np.r_[inc.victim, witnesses])
    assert np.all(trust[others] == 0.5)
    # handled reporters met the handling officer (encounters, here of size 0)
    assert model.today["encounters"] == 2


def test_uncleared_incidents_add_to_insecurity(make_model):
    model, inc, reports, outcomes, _ = outcome_case(make_model)
    model.hoods.insecurity[:] = 0.0
    outcome_feedback(model, inc, reports, outcomes)
    expected = np.bincount(inc.hood[~outcomes.cleared], minlength=len(model.hoods)) * (
        1000.0 / model.hoods.pop)
    np.testing.assert_allclose(model.hoods.insecurity, expected)


def test_crime_above_the_usual_level_erodes_trust_where_it_happens(make_model):
    model = make_model(n_residents=1000, insecurity_trust_loss_per_day=0.01)
    model.hoods.insecurity[:] = 5.0
    model.hoods.insecurity_usual[:] = 5.0
    model.hoods.insecurity[2] = 50.0
    before = model.residents.trust[:, POLICE].copy()
    insecurity_erosion(model)
    after = model.residents.trust[:, POLICE]
    in2 = model.residents.hood == 2
    assert np.all(after[in2] < before[in2])
    np.testing.assert_array_equal(after[~in2], before[~in2])
    assert np.all((after >= 0) & (after <= 1))


def test_victims_lose_trust_over_a_run(run_model, high_crime):
    # Victimised residents end with lower trust in police than the never-victimised
    # (the same seed; a difference of means over ~hundreds of victims).
    model = run_model(60, n_residents=2000, **high_crime)
    victims = model.residents.last_victim_day >= 0
    trust = model.residents.trust[:, POLICE]
    assert victims.sum() > 50
    assert trust[victims].mean() < trust[~victims].mean()


def test_counters_are_reset_every_day(run_model, high_crime):
    model = run_model(5, **high_crime)
    daily = model.daily_table()
    assert set(model.today) == set(new_counters())
    assert model.today == {k: daily[k].iloc[-1] for k in model.today}
    assert daily["incidents"].iloc[1:].sum() > daily["incidents"].iloc[-1]  # not cumulative
