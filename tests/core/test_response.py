"""Response: informal group and police act on what they hear (model.response, ODD 7.4)."""

from __future__ import annotations

import numpy as np
import pytest

from model.core.crime import Incidents
from model.core.police import build_roster
from model.core.reporting import Choice, Reports
from model.core.response import informal_response, pick_in_groups, police_response
from model.core.state import new_counters


def incidents_in(model, n: int, rng_seed: int = 0) -> Incidents:
    """n incidents with random victims (all of type 0)."""
    victims = np.random.default_rng(rng_seed).integers(0, len(model.residents), n)
    return Incidents(hood=model.residents.hood[victims].astype(np.int32),
                     kind=np.zeros(n, dtype=np.int8), victim=victims.astype(np.int64))


def reports_of(incidents: Incidents, per_incident: np.ndarray, choice: Choice) -> Reports:
    """``per_incident[i]`` reporters (the victim, repeated) making ``choice``."""
    inc = np.repeat(np.arange(len(incidents)), per_incident)
    return Reports(incident=inc, resident=incidents.victim[inc],
                   choice=np.full(len(inc), choice, dtype=np.int8))


# --- pick_in_groups ---------------------------------------------------------------------
def test_pick_in_groups_picks_inside_the_group_or_minus_one():
    start = np.array([0, 3, 3, 7])  # groups of size 3, 0, 4
    rng = np.random.default_rng(1)
    group = np.array([0, 1, 2] * 200)
    pick = pick_in_groups(rng, start, group)
    assert np.all(pick[group == 1] == -1)
    assert set(pick[group == 0].tolist()) == {0, 1, 2}
    assert set(pick[group == 2].tolist()) == {3, 4, 5, 6}


# --- police -----------------------------------------------------------------------------
@pytest.mark.parametrize("units", [1, 2, 4])
def test_clearance_grows_with_information_units(make_model, units):
    # 6000 handled incidents: the cleared share has sd <= 0.0065; tolerance 0.025.
    model = make_model(n_officers=100, officer_capacity_per_day=100.0, clearance_per_report=0.25,
                       effort_trust_weight=0.0)
    inc = incidents_in(model, 6000)
    reports = reports_of(inc, np.full(6000, units), Choice.POLICE)
    known, handled, cleared, officer = police_response(model, inc, reports,
                                                       np.zeros(6000, dtype=bool))
    assert known.all() and handled.all()
    assert cleared.mean() == pytest.approx(1 - 0.75**units, abs=0.025)


def test_a_relay_counts_as_relay_information_weight_units(make_model):
    model = make_model(n_officers=100, officer_capacity_per_day=100.0, clearance_per_report=0.2,
                       relay_information_weight=3.0, effort_trust_weight=0.0)
    inc = incidents_in(model, 6000)
    silent = reports_of(inc, np.ones(6000, dtype=int), Choice.SILENT)
    known, handled, cleared, _ = police_response(model, inc, silent, np.ones(6000, dtype=bool))
    assert known.all() and handled.all()
    assert cleared.mean() == pytest.approx(1 - 0.8**3, abs=0.025)
    assert model.today["reported_police"] == 0 and model.today["cooperation"] == 6000


def test_distrustful_officers_clear_less(make_model):
    # effort = 1 - w x (1 - officer's trust in the community); 6000 incidents with one
    # unit each: cleared share sd <= 0.0065, tolerance 0.025.
    model = make_model(n_officers=100, officer_capacity_per_day=100.0, clearance_per_report=0.6,
                       effort_trust_weight=0.5)
    inc = incidents_in(model, 6000)
    reports = reports_of(inc, np.ones(6000, dtype=int), Choice.POLICE)
    shares = {}
    for trust in (1.0, 0.0):
        model.officers.trust_community[:] = trust
        _, handled, cleared, _ = police_response(model, inc, reports, np.zeros(6000, dtype=bool))
        assert handled.all()
        shares[trust] = cleared.mean()
    assert shares[1.0] == pytest.approx(0.6, abs=0.025)
    assert shares[0.0] == pytest.approx(0.6 * 0.5, abs=0.025)


def test_unknown_incidents_are_neither_handled_nor_cleared(make_model):
    model = make_model(officer_capacity_per_day=100.0, clearance_per_report=1.0,
                       effort_trust_weight=0.0)
    inc = incidents_in(model, 500)
    per = np.r_[np.zeros(250, dtype=int), np.ones(250, dtype=int)]
    known, handled, cleared, officer = police_response(
        model, inc, reports_of(inc, per, Choice.POLICE), np.zeros(500, dtype=bool))
    assert not (known[:250].any() or handled[:250].any() or cleared[:250].any())
    assert np.all(officer[:250] == -1)
    assert cleared[250:].all()  # clearance_per_report 1 clears every handled incident


@pytest.mark.parametrize("capacity", [0.0, 0.05, 0.5, 1.7])
def test_police_handle_at_most_their_capacity(make_model, capacity):
    model = make_model(n_officers=20, officer_capacity_per_day=capacity)
    on_duty = len(model.roster.by_hood)
    limit = int(np.ceil(capacity * on_duty))
    inc = incidents_in(model, 300)
    for _ in range(20):
        model.today = new_counters()
        known, handled, cleared, officer = police_response(
            model, inc, reports_of(inc, np.ones(300, dtype=int), Choice.POLICE),
            np.zeros(300, dtype=bool))
        assert handled.sum() <= limit
        assert model.today["handled"] + model.today["ignored"] == 300
        assert np.all(officer[~handled] == -1)


def test_handling_officers_are_on_duty_and_local_where_possible(make_model):
    model = make_model(n_officers=30, officer_capacity_per_day=100.0)
    inc = incidents_in(model, 2000)
    _, handled, _, officer = police_response(
        model, inc, reports_of(inc, np.ones(2000, dtype=int), Choice.POLICE),
        np.zeros(2000, dtype=bool))
    roster = model.roster
    assert set(officer[handled].tolist()) <= set(roster.by_hood.tolist())
    local = roster.count[inc.hood] > 0
    assert np.all(model.officers.hood[officer[handled & local]] == inc.hood[handled & local])


def test_capacity_limits_handled_incidents_over_a_run(run_model, high_crime):
    model = run_model(60, n_residents=2000, n_officers=20, officer_capacity_per_day=0.05,
                      trust_police_init=0.8, **high_crime)
    daily = model.daily_table().iloc[1:]
    limit = np.ceil(0.05 * daily["n_officers_on_duty"])
    assert (daily["handled"] <= limit).all()
    assert daily["ignored"].sum() > 0  # the capacity binds
    assert (daily["handled"] + daily["ignored"] == daily["cooperation"]).all()


def test_ample_capacity_handles_everything_over_a_run(run_model, high_crime):
    model = run_model(60, n_residents=2000, officer_capacity_per_day=100.0, **high_crime)
    daily = model.daily_table()
    assert daily["ignored"].sum() == 0
    assert (daily["handled"] == daily["cooperation"]).all()


@pytest.mark.parametrize(("p", "check"), [(0.0, "none"), (1.0, "all")])
def test_clearance_per_report_extremes_over_a_run(run_model, high_crime, p, check):
    model = run_model(45, n_residents=2000, clearance_per_report=p, effort_trust_weight=0.0,
                      officer_capacity_per_day=100.0, **high_crime)
    t = model.daily_table()[["cleared", "handled"]].sum()
    assert t["handled"] > 0
    assert t["cleared"] == (0 if check == "none" else t["handled"])


# --- informal group -----------------------------------------------------------------------
@pytest.fixture
def informal_model(make_model):
    def build(**params):
        model = make_model(n_residents=1000, n_officers=20, n_informal_members=100, **params)
        assert np.all(np.diff(model.member_start) > 0)
        return model
    return build


def heard_by_group(model, n: int = 400):
    inc = incidents_in(model, n)
    return inc, reports_of(inc, np.ones(n, dtype=int), Choice.INFORMAL)


def test_vigilantism_zero_gives_no_abuses(informal_model):
    model = informal_model(vigilantism_init=0.0, informal_handover_init=0.0,
                           informal_action_prob=1.0)
    inc, reports = heard_by_group(model)
    relayed, acted = informal_response(model, inc, reports)
    assert acted.sum() > 300
    assert model.today["abuses"] == 0


def test_vigilantism_one_without_handover_makes_every_own_action_abusive(informal_model):
    model = informal_model(vigilantism_init=1.0, informal_handover_init=0.0,
                           informal_action_prob=1.0)
    before = model.officers.trust_informal.copy()
    inc, reports = heard_by_group(model)
    relayed, acted = informal_response(model, inc, reports)
    assert model.today["abuses"] == acted.sum() == model.today["informal_actions"] > 300
    assert not relayed.any()  # handover 0: the logit of 1e-6 keeps relays ~1e-5 likely
    # abuses lower officers' trust in the group, where they happened
    abused_hoods = np.unique(inc.hood[acted])
    where = np.isin(model.officers.hood, abused_hoods)
    assert np.all(model.officers.trust_informal[where] < before[where])


def test_full_handover_relays_and_raises_police_group_trust(informal_model):
    model = informal_model(vigilantism_init=1.0, informal_handover_init=1.0)
    officers_before = model.officers.trust_informal.copy()
    members_before = model.informal.trust_police.copy()
    inc, reports = heard_by_group(model)
    relayed, acted = informal_response(model, inc, reports)
    assert relayed.all() and not acted.any()
    assert model.today["joint_actions"] == 400 and model.today["abuses"] == 0
    relay_hoods = np.isin(model.officers.hood, np.unique(inc.hood))
    assert np.all(model.officers.trust_informal[relay_hoods] > officers_before[relay_hoods])
    assert model.informal.trust_police.mean() > members_before.mean()


def test_no_relay_where_police_are_absent(informal_model):
    model = informal_model(informal_handover_init=1.0, informal_action_prob=1.0)
    model.hoods.police_present[:] = False
    model.roster = build_roster(model)
    inc, reports = heard_by_group(model)
    relayed, acted = informal_response(model, inc, reports)
    assert not relayed.any() and acted.all()
    assert model.today["joint_actions"] == 0


def test_abuses_lower_residents_trust_in_the_group(informal_model):
    model = informal_model(vigilantism_init=1.0, informal_handover_init=0.0,
                           informal_action_prob=1.0, abuse_trust_loss=0.5)
    before = model.residents.trust[:, 1].mean()
    inc, reports = heard_by_group(model)
    # the victims told the group and saw it act (a gain), but every action was abusive
    informal_response(model, inc, reports)
    assert model.residents.trust[:, 1].mean() < before


def test_vigilantism_over_a_run(run_totals, high_crime):
    common = {"n_residents": 2000, "n_informal_members": 100, "trust_informal_init": 0.97,
              "informal_handover_init": 0.0,
              "informal_action_prob": 1.0, **high_crime}
    none = run_totals(45, seeds=(1, 2), vigilantism_init=0.0, **common)
    full = run_totals(45, seeds=(1, 2), vigilantism_init=1.0, **common)
    assert none["informal_actions"] > 20 and none["abuses"] == 0
    assert full["abuses"] > 20
    assert full["abuses"] == full["informal_actions"]


def test_joint_actions_and_abuses_move_police_group_trust_over_a_run(run_model, high_crime):
    # Two opposite regimes from the same start: relays (joint actions, no abuse) raise the
    # mean police-group trust; abuses (no relay) lower it. No rotation, so that newcomers'
    # fresh trust does not blur the comparison, and no drift back. Same seeds, 90 days;
    # the rise in the good regime is ~0.02-0.03, the fall in the bad one ~0.005.
    common = {"n_residents": 2000, "n_informal_members": 100, "trust_informal_init": 0.97,
              "informal_action_prob": 1.0, "rotation_per_year": 0.0,
              "agent_drift_per_day": 0.0, **high_crime}  # no drift back: joint actions only
    for seed in (1, 2, 3):
        good = run_model(90, seed, vigilantism_init=0.0, informal_handover_init=1.0, **common)
        bad = run_model(90, seed, vigilantism_init=1.0, informal_handover_init=0.0, **common)
        g, b = good.daily_table(), bad.daily_table()
        assert g["joint_actions"].sum() > 30 and g["abuses"].sum() == 0
        assert b["abuses"].sum() > 30 and b["joint_actions"].sum() == 0
        trust_g, trust_b = g["police_informal_trust_mean"], b["police_informal_trust_mean"]
        assert trust_g.iloc[0] == trust_b.iloc[0]
        assert trust_g.iloc[-1] > trust_g.iloc[0] + 0.01
        assert trust_b.iloc[-1] < trust_b.iloc[0]
        assert trust_g.is_monotonic_increasing and trust_b.is_monotonic_decreasing
