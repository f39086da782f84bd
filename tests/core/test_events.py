"""Scheduled events (docs/ODD.md 7.0): crime waves, scandals, withdrawal, return, flashpoints."""

import numpy as np
import pandas as pd
import pytest

from model.core.events import EventSchedule
from model.core.interventions import (
    CrimeWave,
    FlashpointAppears,
    FlashpointRemoved,
    Hotspot,
    JointAction,
    PoliceReturn,
    PoliceWithdrawal,
    Scandal,
)
from model.core.params import INCIDENT_TYPES
from tests.core.conftest import build, run


def test_crime_wave_multiplies_only_its_types_inside_its_window():
    schedule = EventSchedule([CrimeWave(10, 20, 3.0, ("robbery",)), CrimeWave(15, 30, 2.0)])
    robbery = INCIDENT_TYPES.index("robbery")
    assert schedule.rate_multiplier(9).tolist() == [1.0] * len(INCIDENT_TYPES)
    assert schedule.rate_multiplier(10)[robbery] == 3.0
    assert schedule.rate_multiplier(10).sum() == 3.0 + len(INCIDENT_TYPES) - 1
    assert schedule.rate_multiplier(16)[robbery] == 6.0  # waves multiply
    assert schedule.rate_multiplier(20)[robbery] == 2.0
    assert schedule.rate_multiplier(30).tolist() == [1.0] * len(INCIDENT_TYPES)


def test_crime_wave_raises_incidents():
    # 12 seeds x 60 days give about 80 incidents without the wave (Poisson sd ~9); a
    # tripling (less the deterrence it provokes) is far above 2x.
    calm = sum(run(60, rng=s).daily_table()["incidents"].sum() for s in range(12))
    wave = sum(run(60, rng=s, events=[CrimeWave(0, 60, 3.0)]).daily_table()["incidents"].sum()
               for s in range(12))
    assert wave > 2.2 * calm


def test_scandal_lowers_trust_and_settled_views_of_those_who_see_it():
    model = build(n_residents=2000, cynicism_rate_per_day=0.0)  # anchors move only by it
    before = model.residents.trust[:, 0].copy()
    anchor_before = model.residents.anchor[:, 0].copy()
    model.schedule = EventSchedule([Scandal(day=0, reach_share=0.5, trust_drop=0.64)])
    model.step()
    seen = model.residents.anchor[:, 0] < anchor_before
    keep = 1 - 0.64
    assert abs(seen.mean() - 0.5) < 0.05  # binomial(2000, 0.5): sd 0.011
    np.testing.assert_allclose(model.residents.anchor[seen, 0], anchor_before[seen] * keep,
                               rtol=1e-5)
    assert model.residents.trust[seen, 0].mean() < 0.7 * before[seen].mean()


def test_withdrawal_and_return_switch_police_on_and_off():
    events = [PoliceWithdrawal(day=2), PoliceReturn(day=5)]
    model = build(n_residents=2000, events=events)
    on_duty = []
    for _ in range(7):
        model.step()
        on_duty.append(model.latest_metrics["n_officers_on_duty"])
    n = model.params.n_officers
    assert on_duty == [n, n, 0, 0, 0, n, n]


def test_withdrawal_of_some_neighbourhoods_keeps_police_elsewhere():
    model = build(n_residents=2000, events=[PoliceWithdrawal(day=0, neighbourhoods=(0, 1))])
    model.step()
    assert not model.hoods.police_present[[0, 1]].any()
    assert model.hoods.police_present[2:].all()
    assert not model.roster.available[[0, 1]].any()


def test_conditional_return_waits_for_the_trust_threshold():
    events = [PoliceWithdrawal(day=0), PoliceReturn(day=1, trust_threshold=0.99)]
    model = build(n_residents=1000, events=events)
    model.run_for(10)
    assert not model.hoods.police_present.any()
    model.residents.trust[:, 0] = 1.0  # the community mends relations
    model.run_for(2)  # the neighbourhood means are those of the previous day
    assert model.hoods.police_present.all()


def test_flashpoints_appear_and_are_removed_by_name():
    spot = Hotspot("stadium", neighbourhood=1, incident_type="clash",
                   rate_per_1000_per_month=50.0)
    events = [FlashpointAppears(day=1, hotspot=spot), FlashpointRemoved(day=3, hotspot="stadium")]
    model = build(n_residents=1000, events=events)
    active = []
    for _ in range(4):
        model.step()
        active.append("stadium" in model.hotspots.active)
    assert active == [False, True, True, False]


# --- events injected while the model runs (TrustModel.inject) --------------------------------


def test_an_injected_event_is_the_same_as_a_scheduled_one(state_of):
    events = [Scandal(day=5, reach_share=0.5), CrimeWave(5, 20, 3.0),
              PoliceWithdrawal(day=8, neighbourhoods=(1,)), PoliceReturn(day=12)]
    scheduled = build(n_residents=2000, events=events)
    scheduled.run_for(25)
    injected = build(n_residents=2000)
    injected.run_for(5)
    for event in events:
        injected.inject(event)  # the same days, so the same random draws
    injected.run_for(20)
    a, b = state_of(scheduled), state_of(injected)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    pd.testing.assert_frame_equal(scheduled.daily_table(), injected.daily_table())


def test_inject_refuses_a_day_already_simulated_or_an_unknown_neighbourhood():
    model = build(n_residents=500)
    model.run_for(3)
    assert model.next_day == 3
    with pytest.raises(ValueError, match="simulated already"):
        model.inject(Scandal(day=2))
    with pytest.raises(ValueError, match="simulated already"):
        model.inject(CrimeWave(start_day=1, end_day=30))
    with pytest.raises(ValueError, match="no neighbourhood 99"):
        model.inject(PoliceWithdrawal(day=3, neighbourhoods=(99,)))
    model.inject(Scandal(day=model.next_day))  # today is fine


def test_joint_action_raises_police_group_trust_where_police_and_group_are_both_there():
    model = build(n_residents=2000, events=[PoliceWithdrawal(day=0, neighbourhoods=(0,))])
    model.step()
    twin = build(n_residents=2000, events=[PoliceWithdrawal(day=0, neighbourhoods=(0,))])
    twin.step()
    model.inject(JointAction(day=1))
    model.step()
    twin.step()
    n_hoods = len(model.hoods)
    members_in = np.bincount(model.informal.hood, minlength=n_hoods) > 0
    expected = int((members_in & model.hoods.police_present).sum())  # not in hood 0
    assert 0 < expected < n_hoods
    # the day's joint actions: the injected ones on top of those from relayed incidents,
    # drawn after the injection (so the twin's random stream differs from then on)
    assert model.today["joint_actions"] >= expected
    gained = model.informal.trust_police > twin.informal.trust_police
    assert gained.sum() >= expected and not gained[model.informal.hood == 0].any()
    officers_there = np.isin(model.officers.hood, np.flatnonzero(members_in)) & (
        model.officers.hood != 0)
    assert officers_there.any()
    assert (model.officers.trust_informal[officers_there]
            > twin.officers.trust_informal[officers_there]).all()


def test_joint_action_follows_the_joint_trust_gain():
    model = build(n_residents=1000, n_informal_members=10, joint_trust_gain=0.5,
                  agent_drift_per_day=0.0)  # no drift back within the day
    hood = int(model.informal.hood[0])  # a neighbourhood with a member
    members = np.flatnonzero(model.informal.hood == hood)
    before = model.informal.trust_police.copy()
    officer_before = model.officers.trust_informal.copy()
    model.schedule = EventSchedule([JointAction(day=0, neighbourhoods=(hood,))])
    model.step()
    moved = members[model.informal.trust_police[members] != before[members]]
    assert len(moved) >= 1  # the acting member (and maybe more from that day's relays)
    acted = moved[0]
    assert model.informal.trust_police[acted] >= before[acted] + 0.5 * (1 - before[acted]) - 1e-6
    here = model.officers.hood == hood
    assert (model.officers.trust_informal[here]
            >= officer_before[here] + 0.5 * (1 - officer_before[here]) - 1e-6).all()


def test_old_severity_converts_exactly_to_trust_drop_at_the_defaults():
    """docs/ODD.md 7.0: severity n = trust_drop 1 - (1 - k*s)**n; exact for n = 1."""
    p = build(n_residents=200).params
    one = min(1.0, p.negativity_weight * p.encounter_trust_step)
    old_keep = np.float32((1.0 - one) ** 1.0)
    assert old_keep == np.float32(1.0 - 0.4)  # saaba's scandal: severity 1.0 -> 0.4
