"""The dialogue submodel and the drift of what it builds (docs/ODD.md 7.8, 7.9)."""

import numpy as np
import pandas as pd
import pytest

from model.core.dialogue import (
    DialogueRun,
    crime_wave_strength,
    drift_back,
    liaison_strength,
    select_residents,
)
from model.core.interventions import Dialogue, Hotspot
from model.core.metrics import summarise_neighbourhoods
from tests.core.conftest import build

FULL = {"police_follow_up": 1.0}
"""Parameters under which a dialogue facilitated at 1.0 is fully implemented."""

OFF = dict(contact=False, knowledge_sharing=False, joint_problem_solving=False,
           outreach_share_per_month=0.0, policy_forum=False, mentoring=False)
"""A dialogue with every component switched off."""


def run_dialogue(days, rng=1, n_residents=2000, params=None, **dialogue):
    model = build(rng, n_residents=n_residents,
                  interventions=[Dialogue(**dialogue)], **(params or {}))
    model.run_for(days)
    return model


def test_selection_by_centrality_takes_the_best_connected():
    model = build(n_residents=2000)
    chosen = select_residents(model, Dialogue(n_residents=20, n_leaders=5, selection="central"))
    degree = model.network.degree
    assert len(chosen) == 25
    assert degree[chosen].min() >= np.sort(degree)[-25]


def test_selection_by_quota_takes_equal_numbers_per_group():
    model = build(n_residents=2000, n_groups=4, largest_group_share=0.7)
    chosen = select_residents(model, Dialogue(n_residents=40, n_leaders=0, selection="quota"))
    counts = np.bincount(model.residents.group[chosen], minlength=4)
    assert counts.tolist() == [10, 10, 10, 10]


def test_sessions_follow_length_and_frequency():
    model = run_dialogue(200, start_day=10, length_months=3, sessions_per_month=2)
    assert model.daily_table()["sessions"].sum() == 6
    assert model.residents.participant.sum() == 50  # 40 residents + 10 leaders


def test_contact_raises_participants_trust_and_poor_facilitation_lowers_it():
    """Contact consumes no random numbers, so with the same seed a run with contact and
    one without differ only by what contact did."""
    def participant_trust(contact, quality):
        model = run_dialogue(90, n_residents=2000, start_day=0, length_months=3,
                             params={"contact_gain_per_session": 0.05},
                             facilitation_quality=quality, **{**OFF, "contact": contact})
        return model.residents.trust[model.dialogues[0].residents, 0].mean()

    # 6 sessions of 0.04 steps toward 0.9 (about +0.09), partly diluted over the 90 days
    # by social influence and the drift back to settled views
    assert participant_trust(True, 0.9) - participant_trust(False, 0.9) > 0.03
    assert participant_trust(True, 0.1) - participant_trust(False, 0.1) < -0.03


def test_joint_fix_needs_enough_sessions():
    spot = Hotspot("stadium", neighbourhood=0, incident_type="clash")

    def fixed(length_months):
        model = build(1, n_residents=1000, hotspots=[spot], **FULL,
                      interventions=[Dialogue(start_day=0, length_months=length_months,
                                              sessions_per_month=2, sessions_for_joint_fix=6,
                                              fix_target="stadium", facilitation_quality=1.0)])
        model.run_for(200)
        return model.hotspots.fixed

    assert fixed(2) == {}           # 4 sessions: not enough
    assert fixed(6) == {"stadium": 89}  # the 6th session falls on day 89


def test_joint_fix_fails_without_implementation():
    """Facilitated at 0.5 or worse, or never followed up by police, a dialogue fixes
    nothing however many sessions it holds (Blair et al. 2021)."""
    spot = Hotspot("stadium", neighbourhood=0, incident_type="clash")

    def fixed(quality, follow_up):
        model = build(1, n_residents=1000, hotspots=[spot], police_follow_up=follow_up,
                      interventions=[Dialogue(start_day=0, length_months=6,
                                              sessions_for_joint_fix=2,
                                              facilitation_quality=quality)])
        model.run_for(200)
        return model.hotspots.fixed

    assert fixed(0.5, 1.0) == {} and fixed(1.0, 0.0) == {}
    assert "stadium" in fixed(0.9, 0.9)


def test_joint_fix_without_target_takes_the_most_active_hotspot():
    spots = [Hotspot("small", 0, "clash", 1.0), Hotspot("big", 1, "drugs", 9.0)]
    model = build(1, n_residents=1000, hotspots=spots,
                  interventions=[Dialogue(start_day=0, length_months=6,
                                          sessions_for_joint_fix=1)])
    model.run_for(20)
    assert list(model.hotspots.fixed) == ["big"]
    assert list(model.hotspots.active) == ["small"]


def test_outreach_reaches_the_stated_share_and_opens_channels():
    model = run_dialogue(120, n_residents=5000, start_day=0, length_months=4,
                         **{**OFF, "outreach_share_per_month": 0.1, "knowledge_sharing": True})
    reached = np.flatnonzero(model.residents.channel & ~model.residents.participant)
    # 4 months x 10% drawn with replacement: 1 - exp(-0.4) = 33% reached; binomial sd ~1%
    assert abs(len(reached) / 5000 - (1 - np.exp(-0.4))) < 0.04


def test_policy_forum_moves_conduct_and_newcomers_inherit_the_institutional_part():
    def officers_conduct(forum, rotation):
        model = run_dialogue(360, n_residents=1000,
                             params={"police_conduct_init": 0.6, "rotation_per_year": rotation,
                                     "n_officers": 40, "uptake_memory_days": 36500.0, **FULL},
                             start_day=0, length_months=12, facilitation_quality=1.0,
                             **{**OFF, "policy_forum": forum, "conduct_target": 1.0})
        return model.locality.institution_conduct, model.officers.conduct.mean()

    p = build(1).params
    daily = p.forum_conduct_step_per_month / 30
    institution, serving = officers_conduct(True, rotation=0.0)
    # 360 daily steps: the institution takes forum_institution_share x uptake (< 1) of
    # each, so it gains something but less than at full uptake
    at_full_uptake = 0.6 + 0.4 * (1 - (1 - daily * p.forum_institution_share) ** 360)
    assert 0.6 + 0.01 < institution < at_full_uptake
    # without rotation, serving officers keep the whole step (sd of 40 officers ~0.02)
    assert serving == pytest.approx(0.6 + 0.4 * (1 - (1 - daily) ** 360), abs=0.04)
    # at 5 rotations a year almost everyone is a newcomer, drawn around the institution
    _, rotated = officers_conduct(True, rotation=5.0)
    assert rotated < serving - 0.05
    assert rotated > officers_conduct(False, rotation=5.0)[1] + 0.02


def uptake_after(length_months, days=None, params=None, **dialogue):
    model = run_dialogue(days or length_months * 30, n_residents=500, start_day=0,
                         length_months=length_months, params=params, **dialogue)
    return model.dialogues[0].uptake


def test_uptake_accumulates_with_sessions_with_diminishing_returns():
    """Length works through state built session by session: no step between
    neighbouring lengths carries most of the gain (no switch)."""
    lengths = [3, 6, 9, 12, 18, 24]
    uptake = np.array([uptake_after(m) for m in lengths])
    steps = np.diff(uptake)
    assert (steps > 0).all()
    assert steps.max() <= 0.5 * (uptake[-1] - uptake[0])
    per_month = steps / np.diff(lengths)
    assert per_month[-1] < per_month[0]          # diminishing returns


def test_uptake_needs_implementation_and_wears_down_after_the_end():
    assert uptake_after(12, facilitation_quality=0.4) == 0.0
    assert uptake_after(12, params={"police_follow_up": 0.0}) == 0.0
    assert uptake_after(12, params={"uptake_gain_per_session": 0.0}) == 0.0
    end = uptake_after(12)
    later = uptake_after(12, days=12 * 30 + 730)
    memory = build(1).params.uptake_memory_days
    assert later == pytest.approx(end * (1 - 1 / memory) ** 730, rel=1e-6)


def test_channels_weaken_as_liaison_officers_rotate_out():
    model = run_dialogue(360, n_residents=1000, start_day=0, length_months=12)
    run = model.dialogues[0]
    share = model.params.liaison_institution_share
    in_post = model.officers.participant[run.officers].mean()
    assert liaison_strength(model) == pytest.approx(run.uptake * (share + (1 - share)
                                                                  * in_post))
    model.officers.participant[:] = False        # everyone rotated out
    assert liaison_strength(model) == pytest.approx(run.uptake * share)


def test_the_institution_adopts_forum_reforms_only_with_uptake():
    def institution_gain(days, **params):
        model = run_dialogue(days, n_residents=500, start_day=0, length_months=12,
                             params={"police_conduct_init": 0.6, **params},
                             **{**OFF, "policy_forum": True, "conduct_target": 1.0})
        return model.locality.institution_conduct - 0.6

    assert institution_gain(360, uptake_gain_per_session=0.0) == 0.0
    gain_end = institution_gain(360)
    assert gain_end > 0.01
    # afterwards it drifts back as uptake wears off (time constant uptake_memory_days)
    assert 0.0 < institution_gain(360 + 730) < gain_end


def test_drift_pulls_trust_back_to_settled_views():
    model = build(n_residents=500, cynicism_rate_per_day=0.0)
    model.residents.trust[:] = 1.0
    anchor = model.residents.anchor.copy()
    drift_back(model)
    rate = model.params.anchor_rate_per_day
    expected = 1.0 + rate * (anchor - 1.0)
    np.testing.assert_allclose(model.residents.trust, expected, rtol=1e-6)
    np.testing.assert_allclose(model.residents.anchor, anchor)


def cynical_setup(excess):
    """Two neighbourhoods with settled views 0.5: trust 0.1 in the first, 0.9 in the
    second, and recent crime ``excess`` above its usual level everywhere."""
    model = build(n_residents=1000, anchor_rate_per_day=0.0, n_neighbourhoods=2)
    res, hoods = model.residents, model.hoods
    low = res.hood == 0
    res.anchor[:, 0] = 0.5
    res.trust[:, 0] = np.where(low, 0.1, 0.9)
    hoods.insecurity_usual[:] = 10.0
    hoods.insecurity[:] = 10.0 * (1.0 + excess)
    summarise_neighbourhoods(model)
    return model, low


def test_a_crime_wave_settles_distrust_in_distrustful_neighbourhoods_only():
    """During a crime wave, settled views of police fall toward trust where the
    neighbourhood distrusts police (Kirk & Papachristos 2011), not where it trusts them,
    and never rise toward trust."""
    model, low = cynical_setup(excess=1.0)
    p, res = model.params, model.residents
    wave = crime_wave_strength(model)
    assert wave == pytest.approx(min(1.0, 1.0 - p.cynicism_crime_threshold))
    weight = 1 - model.hoods.trust_mean[0, 0] / p.cynicism_trust_level
    drift_back(model)
    np.testing.assert_allclose(res.anchor[low, 0], 0.5 + p.cynicism_rate_per_day * wave
                               * weight * (0.1 - 0.5), rtol=1e-4)
    np.testing.assert_allclose(res.anchor[~low, 0], 0.5)


@pytest.mark.parametrize("excess", [0.0, 0.2, -0.5])
def test_nothing_settles_in_ordinary_times(excess):
    """Crime within cynicism_crime_threshold of its usual level (noise) settles nothing."""
    model, _ = cynical_setup(excess)
    assert crime_wave_strength(model) == 0.0
    drift_back(model)
    np.testing.assert_allclose(model.residents.anchor[:, 0], 0.5)


def test_group_relations_drift_back_to_their_starting_level():
    model = build(n_residents=500)
    inf, p = model.informal, model.params
    inf.trust_police[:] = 0.9
    drift_back(model)
    expected = 0.9 + p.agent_drift_per_day * (p.informal_trust_police_init - 0.9)  # no uptake
    np.testing.assert_allclose(inf.trust_police, expected, rtol=1e-5)


def test_length_matters_only_through_the_mechanisms():
    """With every component off, a 24-month dialogue is the same as a 3-month one."""
    def table(length_months):
        model = run_dialogue(30 * 30, n_residents=1000, start_day=30,
                             length_months=length_months, **OFF)
        return model.monthly_table()

    outcomes = [c for c in table(3).columns if not c.endswith("sessions")]
    pd.testing.assert_frame_equal(table(3)[outcomes], table(24)[outcomes])


def test_dialogue_run_state_starts_empty():
    run = DialogueRun(Dialogue())
    assert run.sessions_held == 0 and run.fixed is None and not run.ended
