"""Reporting: who tells police, who tells the informal group (model.reporting, ODD 7.3)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from model.core.crime import Incidents
from model.core.police import build_roster
from model.core.population import Trust
from model.core.reporting import Choice, choose_reports, report_probabilities, witnesses


def probs(model, residents, victim=True):
    residents = np.asarray(residents, dtype=np.int64)
    return report_probabilities(model, residents, np.full(len(residents), victim))


@pytest.fixture
def model(make_model):
    model = make_model(n_residents=1000, n_officers=10, n_informal_members=200, rng=3)
    assert np.all(np.diff(model.member_start) > 0)  # members everywhere
    return model


def test_probabilities_are_valid(model):
    everyone = np.arange(1000)
    for victim in (True, False):
        p_police, p_informal = probs(model, everyone, victim)
        assert np.all((p_police > 0) & (p_police < 1))
        assert np.all((p_informal >= 0) & (p_informal < 1))
        assert np.all(p_police + p_informal < 1)  # silence is always possible


@pytest.mark.parametrize("column", [Trust.POLICE, Trust.INFORMAL])
def test_more_trust_in_a_provider_means_more_reports_to_it(model, column):
    everyone = np.arange(1000)
    model.residents.trust[:, column] = 0.2
    low = probs(model, everyone)[column]
    model.residents.trust[:, column] = 0.8
    high = probs(model, everyone)[column]
    assert np.all(high > low)
    # the logit rises by report_trust_weight x 0.6 (odds against silence and the other)
    assert np.median(high / low) > 2.0


def test_trust_in_police_draws_reports_away_from_the_informal_group(model):
    everyone = np.arange(1000)
    model.residents.trust[:, Trust.POLICE] = 0.2
    informal_low = probs(model, everyone)[1]
    model.residents.trust[:, Trust.POLICE] = 0.9
    informal_high = probs(model, everyone)[1]
    assert np.all(informal_high <= informal_low)


def test_more_access_means_more_reports_to_police(model):
    everyone = np.arange(1000)
    model.residents.access[:] = 0.1
    low = probs(model, everyone)[0]
    model.residents.access[:] = 0.9
    high = probs(model, everyone)[0]
    assert np.all(high > low)


def test_fear_of_retaliation_lowers_both(make_model):
    calm = make_model(rng=3, fear_of_retaliation=0.0, n_informal_members=200)
    afraid = make_model(rng=3, fear_of_retaliation=0.9, n_informal_members=200)
    everyone = np.arange(1000)
    for i in range(2):
        assert np.all(probs(afraid, everyone)[i] < probs(calm, everyone)[i])


def test_witnesses_report_less_than_victims(model):
    everyone = np.arange(1000)
    victim, witness = probs(model, everyone, True), probs(model, everyone, False)
    assert np.all(witness[0] < victim[0]) and np.all(witness[1] < victim[1])


def test_recent_victims_are_more_afraid(model):
    everyone = np.arange(1000)
    before = probs(model, everyone)[0]
    model.residents.last_victim_day[:500] = model.day
    after = probs(model, everyone)[0]
    assert np.all(after[:500] < before[:500])
    np.testing.assert_array_equal(after[500:], before[500:])


def test_a_channel_raises_reports_to_police(model):
    everyone = np.arange(1000)
    before = probs(model, everyone)[0]
    model.residents.channel[:] = True
    model.locality.liaison = 1.0  # a channel at full strength (a taken-up dialogue)
    assert np.all(probs(model, everyone)[0] > before)


def test_no_police_no_reports_to_police(make_model):
    model = make_model(n_officers=0, n_informal_members=200)
    p_police, p_informal = probs(model, np.arange(1000))
    assert np.all(p_police == 0)
    assert np.all(p_informal > 0)


def test_withdrawn_police_cannot_be_told(model):
    model.hoods.police_present[:3] = False
    model.roster = build_roster(model)
    p_police, _ = probs(model, np.arange(1000))
    withdrawn = model.residents.hood < 3
    assert np.all(p_police[withdrawn] == 0) and np.all(p_police[~withdrawn] > 0)


def test_no_members_nearby_no_reports_to_the_group(make_model):
    model = make_model(n_informal_members=0)
    assert np.all(probs(model, np.arange(1000))[1] == 0)
    model = make_model(n_informal_members=3, rng=5)
    hoods_with = set(model.informal.hood.tolist())
    _, p_informal = probs(model, np.arange(1000))
    has = np.isin(model.residents.hood, list(hoods_with))
    assert np.all(p_informal[~has] == 0) and np.all(p_informal[has] > 0)


# --- drawing the choices ----------------------------------------------------------------
def incidents_for(victims: np.ndarray, model) -> Incidents:
    return Incidents(hood=model.residents.hood[victims].astype(np.int32),
                     kind=np.zeros(len(victims), dtype=np.int8), victim=victims)


def test_witnesses_are_contacts_of_the_victim(model):
    victims = np.arange(0, 1000, 3)
    inc, wit = witnesses(model, victims)
    assert len(inc) == len(wit)
    degree = model.network.degree[victims]
    assert np.array_equal(np.bincount(inc, minlength=len(victims)),
                          np.where(degree > 0, model.params.n_witnesses_per_incident, 0))
    for i, w in zip(inc.tolist(), wit.tolist(), strict=True):
        assert w in model.network.contacts(victims[i : i + 1])


def test_choices_follow_the_probabilities(model):
    # 20,000 victims (each resident 20 times): the share choosing police has sd
    # ~0.0035; tolerance 0.015.
    model.params = dataclasses.replace(model.params, n_witnesses_per_incident=0)
    victims = np.tile(np.arange(1000), 20)
    reports = choose_reports(model, incidents_for(victims, model))
    p_police, p_informal = probs(model, victims)
    assert (reports.choice == Choice.POLICE).mean() == pytest.approx(p_police.mean(), abs=0.015)
    assert (reports.choice == Choice.INFORMAL).mean() == pytest.approx(p_informal.mean(),
                                                                       abs=0.015)
    assert model.today["reporters"] == 20_000
    assert model.today["reports_police"] == int((reports.choice == Choice.POLICE).sum())
    assert reports.count(Choice.POLICE, len(victims)).sum() == model.today["reports_police"]


def test_reporters_are_the_victim_and_the_witnesses(model):
    victims = np.arange(0, 1000, 7)
    reports = choose_reports(model, incidents_for(victims, model))
    first = reports.incident[: len(victims)]
    assert np.array_equal(first, np.arange(len(victims)))
    assert np.array_equal(reports.resident[: len(victims)], victims)
    k = model.params.n_witnesses_per_incident
    assert len(victims) <= model.today["reporters"] <= len(victims) * (1 + k)
    assert set(reports.choice.tolist()) <= {Choice.POLICE, Choice.INFORMAL, Choice.SILENT}


# --- whole runs ---------------------------------------------------------------------------
def reporting_rate(totals) -> float:
    return totals["reported_police"] / totals["incidents"]


def test_more_trust_in_police_gives_a_higher_reporting_rate(run_totals, high_crime):
    # 4 seeds x 60 days x 2000 residents at ~60/1000/month: ~several hundred incidents per
    # arm, so a reporting rate is known to ~+-0.03; the trust effect is > 0.15.
    common = {"n_residents": 2000, **high_crime}
    low = run_totals(60, trust_police_init=0.15, **common)
    high = run_totals(60, trust_police_init=0.85, **common)
    assert min(low["incidents"], high["incidents"]) > 300
    assert reporting_rate(high) > reporting_rate(low) + 0.15
    assert high["reports_police"] / high["reporters"] > low["reports_police"] / low["reporters"]


def test_more_access_gives_a_higher_reporting_rate(run_totals, high_crime):
    common = {"n_residents": 2000, **high_crime}
    low = run_totals(60, access_with_post=0.05, access_without_post=0.05, **common)
    high = run_totals(60, access_with_post=0.95, access_without_post=0.95, **common)
    assert reporting_rate(high) > reporting_rate(low) + 0.1


def test_no_police_means_no_reports_and_no_cooperation(run_totals, high_crime):
    # cooperation counts relays by the informal group too; they need police, so also 0
    t = run_totals(60, seeds=(1, 2), n_residents=2000, n_officers=0,
                   trust_informal_init=0.8, **high_crime)
    assert t["incidents"] > 100 and t["heard_informal"] > 0
    for name in ("reports_police", "reported_police", "cooperation", "handled", "cleared",
                 "joint_actions", "encounters"):
        assert t[name] == 0, name
    assert t["informal_actions"] > 0
