"""Pattern 5 of the model brief (section 7), the Jos-type rupture, and the Jos story
(section 6): residents burned the police station and forced the police out; through a
dialogue the community donated land, the station was rebuilt and police returned.

Scenario: scenarios/jos.yaml. The station burns on day 30 (month 2 is the first month
without police); the dialogue plans start on day 120 (month 5); police return on the
first day residents' mean trust in police reaches the scenario's trust_threshold or, in
the station_rebuilt_by_state counterfactual, on day 360 (month 13).

Thresholds fixed before tuning (docs/validation.md); each test also runs with its
mechanism knocked out and must then fail. Master seed: $JSDSIM_VALIDATION_SEED.
"""

import dataclasses

import pytest

from model.core.interventions import PoliceReturn
from model.scenario import find_scenario, load_scenario
from model.validation import patterns as v
from model.validation import stats
from model.validation.stats import se

pytestmark = pytest.mark.slow  # replicated runs of whole scenarios

PLANS = ["no_dialogue", "dialogue_24m", "station_never_burned", "station_rebuilt_by_state"]
N_REPLICATES = 6
FIRST_MONTH_WITHOUT_POLICE = 2  # the station burns on day 30
SILENT = {"jsd.contact": False, "jsd.outreach_share_per_month": 0.0}
"""The 24-month dialogue without contact and outreach: the knock-out of the return."""


@pytest.fixture(scope="module")
def runs():
    arms = v.scenario_arms("jos", PLANS)
    arms["silent_24m"] = dataclasses.replace(arms["dialogue_24m"], overrides=dict(SILENT))
    return v.run_arms(arms, N_REPLICATES, v.master_seed())


def reporting(runs, plan, months):
    """Share of the incidents of a window of months that police heard of directly."""
    return stats.ratio(runs, plan, "n_reported_police", "n_incidents", months)


def return_month(runs, plan):
    """First month after the burning with officers on duty, per replicate (NaN: never)."""
    after = runs[(runs["arm"] == plan) & (runs["month"] >= FIRST_MONTH_WITHOUT_POLICE)]
    back = after[after["n_officers_on_duty"] > 0].groupby("replicate")["month"].min()
    return back.reindex(range(N_REPLICATES))


def test_scenario_returns_police_on_a_trust_threshold():
    """The return is governed by the mechanism, not by a date: a threshold event."""
    scenario = load_scenario(find_scenario("jos"))
    returns = [e for e in scenario.events("no_dialogue") if isinstance(e, PoliceReturn)]
    assert len(returns) == 1 and returns[0].trust_threshold is not None


@pytest.mark.parametrize("arm", ["no_dialogue", "station_never_burned"])
def test_pattern5_no_reporting_to_police_while_withdrawn(runs, arm):
    """Brief 7.5: with police withdrawn, reporting to police is near zero (under 0.02 in
    every replicate, months 2-12, before any return). Knock-out: without the withdrawal
    it must not be."""
    near_zero = (reporting(runs, arm, (2, 12)) < 0.02).all()
    assert near_zero == (arm == "no_dialogue")


@pytest.mark.parametrize("arm", ["no_dialogue", "station_never_burned"])
def test_pattern5_vigilante_action_and_abuses_rise_without_police(runs, arm):
    """Brief 7.5: with police withdrawn, vigilante action and abuses rise (months 2-12
    against the never-burned counterfactual, ratios mean - 2 se above 1). Knock-out:
    without the withdrawal they must not."""
    def rises(column):
        ratio = (stats.total(runs, arm, column, (2, 12))
                 / stats.total(runs, "station_never_burned", column, (2, 12)))
        return ratio.mean() - 2 * se(ratio) > 1

    assert (rises("n_informal_actions") and rises("n_abuses")) == (arm == "no_dialogue")


@pytest.mark.parametrize("arm", ["station_rebuilt_by_state", "no_dialogue"])
def test_pattern5_restoring_the_station_restores_reporting(runs, arm):
    """Brief 7.5: restoring the station restores reporting: over months 14-25 at least
    three quarters of the never-burned rate (mean - 2 se). Knock-out: a station never
    restored must fail."""
    ratio = reporting(runs, arm, (14, 25)) / reporting(runs, "station_never_burned", (14, 25))
    assert (ratio.mean() - 2 * se(ratio) > 0.75) == (arm == "station_rebuilt_by_state")


def share_returned(runs, plan):
    return return_month(runs, plan).notna().mean()


@pytest.mark.parametrize("arm", ["dialogue_24m", "silent_24m"])
def test_jos_a_long_dialogue_brings_the_police_back(runs, arm):
    """Brief 6 (Jos): spurred by dialogue, the community brought the police back; without
    one they stay out. Police return in at least two thirds of the replicates of the
    24-month dialogue and in at most one in six without a dialogue. Knock-out: the same
    dialogue without contact and outreach must fail."""
    assert share_returned(runs, "no_dialogue") <= 1 / 6
    assert (share_returned(runs, arm) >= 2 / 3) == (arm == "dialogue_24m")
