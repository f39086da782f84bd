"""The Nepal story of the model brief (section 6; patterns of section 7): after the civil
war, a dialogue of security forces and civil society dispelled prejudice among ethnic and
religious groups, reduced violent disputes, and jointly devised a solution to drug abuse.

Scenario: scenarios/nepal.yaml (here at 10,000 residents). Four identity groups with low
out-group trust; clashes rise as out-group trust falls; a drugs hot spot at the bus park.
The dialogues start on day 90 (month 4); the joint fix becomes possible at the 12th
fortnightly session (month 9), which the 3-month dialogue (6 sessions) never holds.

Thresholds fixed before tuning (docs/validation.md); each test also runs with its
mechanism knocked out and must then fail. Master seed: $JSDSIM_VALIDATION_SEED.
"""

import dataclasses

import pytest

from model.validation import patterns as v
from model.validation import stats
from model.validation.stats import se

pytestmark = pytest.mark.slow  # replicated runs of whole scenarios

PLANS = ["no_dialogue", "dialogue_3m", "dialogue_12m", "dialogue_12m_no_joint_fix"]
N_REPLICATES = 6
N_RESIDENTS = 10_000
GROUPS = 4  # pahadi, madhesi, janajati, muslim
NO_CONTACT = {"jsd.contact": False, "jsd.outreach_share_per_month": 0.0}


@pytest.fixture(scope="module")
def runs():
    arms = v.scenario_arms("nepal", PLANS, {"n_residents": N_RESIDENTS})
    arms["no_contact"] = dataclasses.replace(
        arms["dialogue_12m"], overrides={"n_residents": N_RESIDENTS, **NO_CONTACT})
    return v.run_arms(arms, N_REPLICATES, v.master_seed())


def fix_month(runs, plan):
    """First month that ends with no hot spot active, per replicate (NaN: never)."""
    sel = runs[runs["arm"] == plan]
    fixed = sel[sel["n_hotspots_active"] == 0].groupby("replicate")["month"].min()
    return fixed.reindex(range(N_REPLICATES))


@pytest.mark.parametrize("arm", ["dialogue_12m", "no_contact"])
def test_nepal_dialogue_dispels_prejudice_in_every_group(runs, arm):
    """Brief 6 (Nepal): the dialogue raises out-group trust in each of the four groups
    (months 10-48, mean - 2 se above 0). Knock-out: without contact and outreach it must
    not."""
    def rises(column):
        gap = stats.window(stats.gap(runs, arm, "no_dialogue", column), 10, 48)
        return gap.mean() - 2 * se(gap) > 0

    every = all(rises(f"trust_outgroup_mean_group{g}") for g in range(GROUPS))
    assert every == (arm == "dialogue_12m")


def test_nepal_joint_fix_needs_enough_sessions(runs):
    """Brief 4 and 6: the 12-month dialogue closes the bus-park hot spot after its 12th
    session (month 9 or later) in every replicate; the 3-month dialogue and the dialogue
    without joint problem solving never do."""
    months = fix_month(runs, "dialogue_12m")
    assert months.notna().all() and (months >= 9).all()
    for plan in ("no_dialogue", "dialogue_3m", "dialogue_12m_no_joint_fix"):
        assert fix_month(runs, plan).isna().all(), plan


@pytest.mark.parametrize("arm", ["dialogue_12m", "dialogue_12m_no_joint_fix"])
def test_nepal_joint_fix_cuts_drug_incidents(runs, arm):
    """Brief 6 (Nepal): the jointly devised solution cuts drug incidents against trust
    building alone (months 13-48, ratio mean + 2 se below 1). Knock-out: the dialogue
    without joint problem solving must fail."""
    ratio = (stats.total(runs, arm, "n_incidents_drugs", (13, 48))
             / stats.total(runs, "dialogue_12m_no_joint_fix", "n_incidents_drugs", (13, 48)))
    assert (ratio.mean() + 2 * se(ratio) < 1) == (arm == "dialogue_12m")
