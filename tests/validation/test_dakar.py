"""Pattern 6 of the model brief (section 7), the Dakar-type flashpoint, and the Dakar
story (section 6): weak information sharing between residents and police, recurring
clashes at a stadium entrance facing a church; a dialogue improved information sharing
and the joint fix (moving the entrance) removed the flashpoint.

Scenario: scenarios/dakar.yaml (here at 10,000 residents). The dialogues start on day 90
(month 4) with two sessions a month; from the 12th session (month 9) each session carries
out the joint fix with probability equal to the dialogue's implementation, so "after the
fix" is months 13-48. dialogue_12m_no_joint_fix is trust building alone.

Thresholds fixed before tuning (docs/validation.md); each test also runs with its
mechanism knocked out and must then fail. Master seed: $JSDSIM_VALIDATION_SEED.
"""

import dataclasses

import pytest

from model.validation import patterns as v
from model.validation import stats
from model.validation.stats import se

pytestmark = pytest.mark.slow  # replicated runs of whole scenarios

PLANS = ["no_dialogue", "dialogue_12m", "dialogue_12m_no_joint_fix"]
N_REPLICATES = 6
N_RESIDENTS = 10_000
FIX_MONTH = 9
AFTER_FIX = (13, 48)
AFTER_DIALOGUE = (16, 48)


@pytest.fixture(scope="module")
def runs():
    arms = v.scenario_arms("dakar", PLANS, {"n_residents": N_RESIDENTS})
    arms["no_uptake"] = dataclasses.replace(
        arms["dialogue_12m"], overrides={"n_residents": N_RESIDENTS, **v.KNOCKOUTS["uptake"]})
    return v.run_arms(arms, N_REPLICATES, v.master_seed())


def fix_months(runs, plan):
    fixes = runs[runs["arm"] == plan].pivot_table(index="month", columns="replicate",
                                                  values="n_joint_fixes")
    return fixes.idxmax().where(fixes.sum() > 0)


def test_dakar_joint_fix_comes_from_the_sessions(runs):
    """The fix is the mechanism's, not an event: once, after the 12th session (month 9 or
    later) in every replicate of dialogue_12m, and never without joint problem solving."""
    months = fix_months(runs, "dialogue_12m")
    assert months.notna().all() and (months >= FIX_MONTH).all()
    assert (stats.total(runs, "dialogue_12m_no_joint_fix", "n_joint_fixes", (1, 48)) == 0).all()


def clash_cut(runs, arm):
    base = stats.total(runs, "no_dialogue", "n_incidents_clash", AFTER_FIX)
    return 1 - stats.total(runs, arm, "n_incidents_clash", AFTER_FIX) / base


@pytest.mark.parametrize("arm", ["dialogue_12m", "dialogue_12m_no_joint_fix"])
def test_pattern6_joint_fix_cuts_clashes_far_more_than_trust_building(runs, arm):
    """Brief 7.6: the joint fix cuts clashes (months 13-48) at least twice as much as
    trust building alone (paired: cut - 2 x trust-only cut, mean - 2 se above 0).
    Knock-out: the dialogue without joint problem solving must fail."""
    excess = clash_cut(runs, arm) - 2 * clash_cut(runs, "dialogue_12m_no_joint_fix")
    assert (excess.mean() - 2 * se(excess) > 0) == (arm == "dialogue_12m")


def rises_through_uptake(runs, arm):
    """The reporting propensity rises over months 16-48 (mean - 2 se above 0), and by
    at least half as much as with the full dialogue (paired: rise - half the full rise,
    mean + 2 se not below 0)."""
    gap = stats.effect(runs, arm, "no_dialogue", "reporting_propensity", AFTER_DIALOGUE)
    full = stats.effect(runs, "dialogue_12m", "no_dialogue", "reporting_propensity",
                        AFTER_DIALOGUE)
    share = gap - 0.5 * full
    return gap.mean() - 2 * se(gap) > 0 and share.mean() + 2 * se(share) >= 0


@pytest.mark.parametrize("arm", ["dialogue_12m", "no_uptake"])
def test_dakar_dialogue_improves_information_sharing(runs, arm):
    """Brief 6 (Dakar): the dialogue improved information sharing, and it lasts after the
    sessions end: residents' willingness to report to police (the reporting propensity;
    the share of incidents police hear of carried too much count noise: +0.024 +- 0.020)
    rises over months 16-48. Knock-out: without uptake (channels never carry) at most
    half of that rise remains. (The knock-out first read "must not rise"; on fresh master
    seeds contact and outreach alone still raised it by about +0.007 +- 0.002 against the
    full dialogue's +0.034 to +0.041, so a knock-out of uptake cannot remove every rise,
    only most of it: docs/validation.md.)"""
    assert rises_through_uptake(runs, arm) == (arm == "dialogue_12m")
