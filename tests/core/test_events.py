"""Scheduled events (docs/ODD.md 7.0): crime waves, scandals, withdrawal, return, flashpoints."""

import numpy as np

from model.core.events import EventSchedule
from model.core.interventions import (
    CrimeWave,
    FlashpointAppears,
    FlashpointRemoved,
    Hotspot,
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
    model.schedule = EventSchedule([Scandal(day=0, reach_share=0.5, severity=2.0)])
    model.step()
    seen = model.residents.anchor[:, 0] < anchor_before
    keep = (1 - model.params.negativity_weight * model.params.encounter_trust_step) ** 2
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
    events = [FlashpointAppears(day=1, hotspot=spot), FlashpointRemoved(day=3, name="stadium")]
    model = build(n_residents=1000, events=events)
    active = []
    for _ in range(4):
        model.step()
        active.append("stadium" in model.hotspots.active)
    assert active == [False, True, True, False]
