"""Police: roster, officers' trust, attacks and rotation (model.police, ODD 7.7, 7.9)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from model import PoliceOfficer
from model.core.params import DAYS_PER_YEAR
from model.core.police import build_roster, police_trust_update, rotate_officers
from model.core.population import Trust


# --- roster -----------------------------------------------------------------------------
def test_roster_lists_posted_officers_where_police_are_present(make_model):
    model = make_model(n_officers=50)
    model.officers.posted[:5] = False
    model.hoods.police_present[[0, 1]] = False
    roster = build_roster(model)
    off = model.officers
    want = np.flatnonzero(off.posted & ~np.isin(off.hood, [0, 1]))
    assert sorted(roster.by_hood.tolist()) == want.tolist()
    assert np.all(np.diff(off.hood[roster.by_hood]) >= 0)
    assert np.array_equal(roster.count, np.bincount(off.hood[want], minlength=10))
    assert np.array_equal(np.diff(roster.start), roster.count)
    assert not roster.available[[0, 1]].any() and roster.available[2:].all()
    for h in range(10):
        members = roster.by_hood[roster.start[h]:roster.start[h + 1]]
        assert np.all(off.hood[members] == h)
        if len(members):
            assert roster.trust_informal_mean[h] == pytest.approx(
                off.trust_informal[members].mean())


def test_roster_without_officers(make_model):
    roster = build_roster(make_model(n_officers=0))
    assert len(roster.by_hood) == 0 and not roster.available.any()


# --- officers' trust in the community -----------------------------------------------------
def test_trust_in_community_moves_toward_cooperation(make_model):
    model = make_model(n_officers=30, police_trust_rate_per_day=0.1,
                       attack_rate_per_1000_per_month=0.0)
    on_duty = model.roster.by_hood
    before = model.officers.trust_community.copy()
    model.smoothed.cooperation = 0.0
    police_trust_update(model)
    np.testing.assert_allclose(model.officers.trust_community[on_duty], 0.9 * before[on_duty],
                               rtol=1e-6)
    model.smoothed.cooperation = model.smoothed.incidents  # everything reaches police
    low = model.officers.trust_community.copy()
    police_trust_update(model)
    np.testing.assert_allclose(model.officers.trust_community[on_duty],
                               low[on_duty] + 0.1 * (1.0 - low[on_duty]), rtol=1e-6)


def test_officers_off_duty_keep_their_trust(make_model):
    model = make_model(n_officers=30, attack_rate_per_1000_per_month=50.0)
    model.hoods.police_present[:5] = False
    model.roster = build_roster(model)
    off_duty = np.isin(model.officers.hood, np.arange(5))
    before = model.officers.trust_community.copy()
    model.smoothed.cooperation = 0.0
    for _ in range(10):
        police_trust_update(model)
    np.testing.assert_array_equal(model.officers.trust_community[off_duty], before[off_duty])


def test_attacks_lower_officers_trust(make_model):
    def run(rate):
        model = make_model(n_residents=2000, n_officers=30, attack_rate_per_1000_per_month=rate,
                           police_trust_rate_per_day=0.0)
        model.hoods.trust_mean[:, Trust.POLICE] = 0.0  # maximal distrust -> most attacks
        for _ in range(30):
            police_trust_update(model)
        return model
    calm, hostile = run(0.0), run(30.0)
    assert calm.today["attacks_on_police"] == 0
    assert hostile.today["attacks_on_police"] > 0
    assert hostile.officers.trust_community.mean() < calm.officers.trust_community.mean()


def test_attacks_follow_distrust_over_a_run(run_totals):
    common = {"n_residents": 2000, "attack_rate_per_1000_per_month": 20.0}
    trusting = run_totals(60, seeds=(1, 2), trust_police_init=0.9, **common)
    hostile = run_totals(60, seeds=(1, 2), trust_police_init=0.1, **common)
    assert hostile["attacks_on_police"] > 3 * max(trusting["attacks_on_police"], 1)


# --- rotation -------------------------------------------------------------------------------
def test_high_rotation_replaces_officers(run_model):
    model = run_model(0, n_officers=40, rotation_per_year=10.0)
    ids0 = [a.unique_id for a in model.officer_agents]
    tenure0 = model.officers.tenure_days.copy()
    model.officers.participant[:] = True
    rotated = np.zeros(40, dtype=bool)
    total = 0
    for _ in range(60):
        model.step()
        total += model.today["rotations"]
    ids = [a.unique_id for a in model.officer_agents]
    replaced = np.array([a != b for a, b in zip(ids0, ids, strict=True)])
    # expected 40 x 10/365 x 60 ~ 66 rotations; P(no rotation of a given officer) ~ 0.19
    assert total == model.daily_table()["rotations"].sum() > 20
    assert 15 < replaced.sum() < 40
    rotated = model.officers.tenure_days < tenure0 + 60
    assert np.array_equal(rotated, replaced)
    assert not model.officers.participant[replaced].any()
    assert model.officers.participant[~replaced].all()
    # the Mesa agents: old ones removed, one live agent per row, with fresh ids
    agents = model.agents_by_type[PoliceOfficer]
    assert len(agents) == 40
    assert {a.unique_id for a in agents} == set(ids)
    assert sorted(a.index for a in agents) == list(range(40))
    assert not set(np.array(ids0)[replaced]) & set(ids)


def test_newcomers_keep_the_post_and_take_the_institutions_conduct(make_model):
    model = make_model(n_officers=400, police_conduct_init=0.9)
    # beyond the parameter's range on purpose, for a large one-day sample of newcomers
    model.params = dataclasses.replace(model.params, rotation_per_year=DAYS_PER_YEAR * 0.5)
    hood = model.officers.hood.copy()
    model.locality.institution_conduct = 0.2
    leaving = rotate_officers(model)
    # each officer leaves with probability 0.5 today: 200 +- 10 (sd); tolerance 50
    assert abs(len(leaving) - 200) < 50
    assert model.today["rotations"] == len(leaving)
    off = model.officers
    assert np.array_equal(off.hood, hood)
    assert np.all(off.tenure_days[leaving] == 0)
    # Beta(concentration 20) around 0.2: sd 0.087, mean of ~200 has sd 0.006
    assert off.conduct[leaving].mean() == pytest.approx(0.2, abs=0.03)
    stay = np.setdiff1d(np.arange(400), leaving)
    assert off.conduct[stay].mean() == pytest.approx(0.9, abs=0.03)


def test_no_rotation_never_replaces(run_model):
    model = run_model(0, n_officers=40, rotation_per_year=0.0)
    ids0 = [a.unique_id for a in model.officer_agents]
    tenure0 = model.officers.tenure_days.copy()
    conduct0 = model.officers.conduct.copy()
    for _ in range(200):
        model.step()
    assert model.daily_table()["rotations"].sum() == 0
    assert [a.unique_id for a in model.officer_agents] == ids0
    assert np.array_equal(model.officers.tenure_days, tenure0 + 200)
    assert np.array_equal(model.officers.conduct, conduct0)


def test_rotation_rate_matches_parameter(run_totals):
    # 100 officers x 2/year x 180 days x 2 seeds: ~197 expected rotations (sd ~14).
    # Tolerance 20%.
    t = run_totals(180, seeds=(1, 2), n_residents=1000, n_officers=100, rotation_per_year=2.0)
    expected = 2 * 100 * 2.0 * 180 / DAYS_PER_YEAR
    assert t["rotations"] == pytest.approx(expected, rel=0.2)
