"""Incidents: rates, suppression, near-repeat victim selection (model.crime, ODD 7.2)."""

from __future__ import annotations

import numpy as np
import pytest

from model.core.crime import base_rates_per_day, expected_incidents, generate_incidents
from model.core.params import DAYS_PER_MONTH, INCIDENT_TYPES
from model.core.police import build_roster
from model.core.population import Trust

ROBBERY = INCIDENT_TYPES.index("robbery")
CLASH = INCIDENT_TYPES.index("clash")
NO_SUPPRESSION = {"deterrence_effect": 0.0, "guardianship_effect": 0.0,
                  "presence_effect_per_officer_per_1000": 0.0, "clash_outgroup_weight": 0.0}
ONLY_ROBBERY = {f"rate_{t}_per_1000_per_month": 0.0 for t in INCIDENT_TYPES if t != "robbery"}


def total_expected(model) -> float:
    return float(expected_incidents(model).sum())


# --- expected incidents -----------------------------------------------------------------
def test_unsuppressed_expected_incidents_are_the_base_rates(make_model):
    model = make_model(n_residents=2000, n_flashpoints=0, **NO_SUPPRESSION)
    lam = expected_incidents(model)
    per_month = np.array([getattr(model.params, f"rate_{t}_per_1000_per_month")
                          for t in INCIDENT_TYPES])
    want = per_month * 2000 / 1000 / DAYS_PER_MONTH
    np.testing.assert_allclose(lam.sum(axis=0), want)
    np.testing.assert_allclose(base_rates_per_day(model)[0], per_month / 1000 / DAYS_PER_MONTH)


def test_incident_counts_follow_base_rates_over_a_run(run_totals):
    # 5 residents-months of 4000 residents at 60 incidents per 1000 per month with no
    # suppression: ~240 incidents a month, 4 seeds x 4 months -> ~3840 (Poisson sd ~62,
    # 1.6%). Tolerance 6%.
    rates = {"rate_robbery_per_1000_per_month": 40.0, "rate_break_in_per_1000_per_month": 20.0}
    t = run_totals(4 * DAYS_PER_MONTH, n_residents=4000, **NO_SUPPRESSION, **rates,
                   **{k: 0.0 for k in ("rate_clash_per_1000_per_month",
                                       "rate_smuggling_per_1000_per_month",
                                       "rate_drugs_per_1000_per_month")})
    want = 60.0 * 4 * 4 * 4000 / 1000
    assert t["incidents"] == pytest.approx(want, rel=0.06)
    assert t["incidents_robbery"] / t["incidents"] == pytest.approx(40 / 60, abs=0.03)
    assert t["incidents_clash"] == t["incidents_smuggling"] == t["incidents_drugs"] == 0


@pytest.mark.parametrize("effect", [0.3, 0.6, 1.0])
def test_deterrence_lowers_expected_incidents(make_model, effect):
    none = total_expected(make_model(deterrence_effect=0.0))
    some = total_expected(make_model(deterrence_effect=effect))
    assert some < none
    weaker = total_expected(make_model(deterrence_effect=effect / 2))
    assert some < weaker < none


def test_more_sanctions_deter_more(make_model):
    model = make_model()
    base = total_expected(model)
    model.smoothed.sanctioned *= 3
    assert total_expected(model) < base
    model.smoothed.sanctioned = 0.0
    assert total_expected(model) > base


def test_deterrence_effect_lowers_incidents_over_a_run(run_totals, high_crime):
    # 4 seeds x 90 days x 2000 residents at ~60/1000/month: ~1400 incidents at most per
    # arm; the clearance at start (0.2) deters by a clear margin (> 10%), far beyond the
    # Poisson noise (~3%).
    low = run_totals(90, n_residents=2000, deterrence_effect=0.0, **high_crime)["incidents"]
    high = run_totals(90, n_residents=2000, deterrence_effect=1.0, **high_crime)["incidents"]
    assert high < 0.9 * low


def test_guardianship_suppresses_in_proportion_to_civic_share(make_model):
    model = make_model(guardianship_effect=0.5, n_officers=0)
    model.hoods.civic_share[:] = 0.0
    none = expected_incidents(model).copy()
    model.hoods.civic_share[:] = 1.0
    full = expected_incidents(model)
    np.testing.assert_allclose(full, none * 0.5)
    model.hoods.civic_share[:3] = 0.0
    partial = expected_incidents(model)
    np.testing.assert_allclose(partial[:3], none[:3])


def test_guardianship_lowers_incidents_over_a_run(run_totals, high_crime):
    # The civic share stays near civic_share_init (0.02 vs 0.9); with effect 0.8 the rate
    # falls by ~70%. Four seeds, tolerance far above Poisson noise.
    common = {"n_residents": 2000, "guardianship_effect": 0.8, **high_crime}
    low = run_totals(60, civic_share_init=0.02, **common)["incidents"]
    high = run_totals(60, civic_share_init=0.9, **common)["incidents"]
    assert high < 0.6 * low


def test_police_presence_lowers_expected_incidents(make_model):
    none = make_model(n_officers=0)
    many = make_model(n_officers=200)
    # same seed, same residents: only the officers differ
    np.testing.assert_array_equal(none.residents.trust, many.residents.trust)
    lam_none, lam_many = expected_incidents(none), expected_incidents(many)
    assert lam_many.sum() < lam_none.sum()
    staffed = many.roster.count > 0
    assert np.all(lam_many[staffed].sum(axis=1) < lam_none[staffed].sum(axis=1))
    np.testing.assert_allclose(lam_many[~staffed], lam_none[~staffed])


def test_police_presence_lowers_incidents_over_a_run(run_totals, high_crime):
    # Same officers (and so the same capacity and clearances at first); only their
    # suppressive presence differs. 40 officers per 2000 residents: exp(-0.5 x 20) makes
    # the staffed neighbourhoods almost crime-free, a margin far beyond Poisson noise.
    common = {"n_residents": 2000, "n_officers": 40, **high_crime}
    none = run_totals(60, presence_effect_per_officer_per_1000=0.0, **common)["incidents"]
    some = run_totals(60, presence_effect_per_officer_per_1000=0.5, **common)["incidents"]
    assert some < 0.5 * none


def test_withdrawn_police_do_not_suppress(make_model):
    model = make_model(n_officers=200)
    present = total_expected(model)
    model.hoods.police_present[:] = False
    model.roster = build_roster(model)
    assert total_expected(model) > present


def test_presence_effect_zero_means_officers_do_not_matter(make_model):
    a = make_model(n_officers=0, presence_effect_per_officer_per_1000=0.0)
    b = make_model(n_officers=200, presence_effect_per_officer_per_1000=0.0)
    np.testing.assert_allclose(expected_incidents(a), expected_incidents(b))


def test_low_outgroup_trust_raises_clashes_only(make_model):
    # one model, so that only the out-group trust differs (a different trust_outgroup_init
    # would change the Beta draws and so every later draw of the initialisation)
    model = make_model()
    model.hoods.trust_mean[:, Trust.OUTGROUP] = 0.1
    low = expected_incidents(model).copy()
    model.hoods.trust_mean[:, Trust.OUTGROUP] = 0.9
    high = expected_incidents(model)
    assert low[:, CLASH].sum() > 2 * high[:, CLASH].sum()
    others = [i for i in range(len(INCIDENT_TYPES)) if i != CLASH]
    np.testing.assert_allclose(low[:, others], high[:, others])


def test_clash_multiplier_is_floored_at_zero(make_model):
    model = make_model(clash_outgroup_weight=10.0)
    model.hoods.trust_mean[:, Trust.OUTGROUP] = 1.0
    assert np.all(expected_incidents(model) >= 0)
    assert expected_incidents(model)[:, CLASH].sum() == 0


def test_flashpoint_adds_its_rate_in_its_neighbourhood(make_model):
    plain = make_model(**NO_SUPPRESSION)
    spot = make_model(n_flashpoints=1, flashpoint_rate_per_1000_per_month=30.0,
                      **NO_SUPPRESSION)
    diff = expected_incidents(spot) - expected_incidents(plain)
    pop0 = spot.hoods.pop[0]
    assert diff[0, CLASH] == pytest.approx(30.0 * pop0 / 1000 / DAYS_PER_MONTH)
    diff[0, CLASH] = 0.0
    np.testing.assert_allclose(diff, 0.0, atol=1e-15)


def test_crime_wave_multiplier_scales_rates(make_model):
    model = make_model()
    base = expected_incidents(model).copy()
    model.locality.rate_multiplier = np.where(np.arange(len(INCIDENT_TYPES)) == ROBBERY, 3.0, 1.0)
    lam = expected_incidents(model)
    np.testing.assert_allclose(lam[:, ROBBERY], 3 * base[:, ROBBERY])


# --- drawing incidents and victims -------------------------------------------------------
def test_victims_live_where_the_incident_happens(make_model):
    model = make_model(n_residents=2000, rate_robbery_per_1000_per_month=600.0,
                       **NO_SUPPRESSION)
    inc = generate_incidents(model)
    assert len(inc) > 20  # Poisson(40 + ~3 of other types)
    start = model.hoods.start
    assert np.all(inc.victim >= start[inc.hood]) and np.all(inc.victim < start[inc.hood + 1])
    assert np.all(model.residents.hood[inc.victim] == inc.hood)
    today = model.today
    assert today["incidents"] == len(inc)
    for t, name in enumerate(INCIDENT_TYPES):
        assert today[f"incidents_{name}"] == int((inc.kind == t).sum())


def draw_many(model, near_repeat: np.ndarray, n: int) -> tuple[np.ndarray, float]:
    """Draw the day's incidents n times from the same state; counts per neighbourhood."""
    per_hood = np.zeros(len(model.hoods))
    for _ in range(n):
        model.hoods.near_repeat = near_repeat.copy()
        inc = generate_incidents(model)
        per_hood += np.bincount(inc.hood, minlength=len(model.hoods))
    return per_hood / n, per_hood.sum() / n


def test_near_repeat_concentrates_without_changing_the_total(make_model):
    # 1500 draws of ~40 expected robberies: the mean total has sd ~0.16 (0.4%); the
    # tolerance 2% is ~5 sd. Neighbourhood 0 holds ~10% of residents and, with a recent
    # incident rate of 2 per 1000 and boost 20 (weight x41), should get most incidents.
    params = {"n_residents": 2000, "rate_robbery_per_1000_per_month": 600.0,
              "n_officers": 0, **ONLY_ROBBERY}
    plain = make_model(near_repeat_boost=0.0, **params)
    boosted = make_model(near_repeat_boost=20.0, **params)
    recent = np.zeros_like(plain.hoods.near_repeat)
    recent[0, ROBBERY] = 2.0
    expected_total = total_expected(plain)
    assert total_expected(boosted) == pytest.approx(expected_total)

    hood_plain, total_plain = draw_many(plain, recent, 1500)
    hood_boost, total_boost = draw_many(boosted, recent, 1500)
    assert total_plain == pytest.approx(expected_total, rel=0.02)
    assert total_boost == pytest.approx(expected_total, rel=0.02)
    share_pop = boosted.hoods.pop[0] / 2000
    assert hood_plain[0] / total_plain == pytest.approx(share_pop, abs=0.02)
    assert hood_boost[0] / total_boost > 0.6
    assert np.all(hood_boost[1:] < hood_plain[1:])


def test_near_repeat_memory_decays_with_half_life(make_model):
    model = make_model(near_repeat_half_life_days=7.0, **ONLY_ROBBERY,
                       rate_robbery_per_1000_per_month=0.0)
    model.hoods.near_repeat[:] = 1.0
    for _ in range(14):
        generate_incidents(model)
    np.testing.assert_allclose(model.hoods.near_repeat, 0.25, rtol=1e-9)


def test_near_repeat_memory_records_incidents_per_1000(make_model):
    model = make_model(n_residents=2000, rate_robbery_per_1000_per_month=600.0, **ONLY_ROBBERY)
    model.hoods.near_repeat[:] = 0.0
    inc = generate_incidents(model)
    counts = np.bincount(inc.hood, minlength=len(model.hoods))
    np.testing.assert_allclose(model.hoods.near_repeat[:, ROBBERY],
                               counts * 1000 / model.hoods.pop)


def test_near_repeat_raises_repeat_victimisation_over_a_run(run_model, high_crime):
    # Whole runs: with a strong boost, incidents cluster in few neighbourhoods, so the
    # spread of the neighbourhoods' victimisation counts grows; the total hardly changes.
    def spread_and_total(boost):
        spreads, total = [], 0
        for seed in (1, 2, 3):
            model = run_model(90, seed, n_residents=2000, near_repeat_boost=boost,
                              n_officers=0, **high_crime)
            victims = model.residents.last_victim_day > -1
            per_hood = np.bincount(model.residents.hood[victims], minlength=10)
            spreads.append(per_hood.std() / per_hood.mean())
            total += model.daily_table()["incidents"].sum()
        return np.mean(spreads), total
    spread0, total0 = spread_and_total(0.0)
    spread1, total1 = spread_and_total(30.0)
    assert spread1 > 1.5 * spread0
    assert total1 == pytest.approx(total0, rel=0.1)
