"""Initial populations (model.population, docs/ODD.md 2 and 5)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import TrustModel
from model.core.population import NO_DAY, beta, group_sizes, home_hoods


def test_residents_are_sorted_by_neighbourhood_then_group(make_model):
    model = make_model(n_residents=2000, n_groups=3, largest_group_share=0.5)
    res = model.residents
    key = res.hood.astype(np.int64) * model.params.n_groups + res.group
    assert np.all(np.diff(key) >= 0)
    assert np.all(np.diff(res.hood) >= 0)


def test_offsets_match_the_arrays(make_model):
    model = make_model(n_residents=2000, n_groups=3, largest_group_share=0.5)
    res, p = model.residents, model.params
    cell = res.hood.astype(np.int64) * p.n_groups + res.group
    sizes = np.bincount(cell, minlength=p.n_neighbourhoods * p.n_groups)
    assert np.array_equal(np.diff(model.cell_start), sizes)
    assert np.array_equal(model.hoods.pop, np.bincount(res.hood, minlength=p.n_neighbourhoods))
    for h in range(p.n_neighbourhoods):
        assert np.all(res.hood[model.hoods.start[h]:model.hoods.start[h + 1]] == h)


@pytest.mark.parametrize(("n", "n_groups", "share"), [
    (1000, 1, 0.6), (1000, 2, 0.6), (1001, 3, 0.5), (5000, 5, 0.2), (997, 4, 0.9),
    (500, 2, 0.0), (500, 2, 1.0),
])
def test_group_sizes_follow_largest_group_share(n, n_groups, share):
    sizes = group_sizes(n, n_groups, share)
    assert sizes.sum() == n and len(sizes) == n_groups and np.all(sizes >= 0)
    if n_groups > 1:
        # the others split the rest equally (floored); group 0 takes the rounding
        assert np.ptp(sizes[1:]) == 0
        assert abs(sizes[0] - share * n) <= n_groups
    model = TrustModel(rng=2, n_residents=n, n_groups=n_groups, largest_group_share=share)
    assert np.array_equal(np.bincount(model.residents.group, minlength=n_groups), sizes)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(n_hoods=st.integers(1, 60), sizes=st.lists(st.integers(0, 500), min_size=1,
                                                  max_size=8))
def test_home_neighbourhoods_are_valid_and_never_empty(n_hoods, sizes):
    homes = home_hoods(n_hoods, np.array(sizes))
    assert len(homes) == len(sizes)
    for home in homes:
        assert len(home) >= 1
        assert np.all((home >= 0) & (home < n_hoods))


def test_full_segregation_puts_each_group_only_in_its_home_neighbourhoods():
    p = {"n_residents": 3000, "n_groups": 3, "largest_group_share": 0.5,
         "n_neighbourhoods": 12, "residential_segregation": 1.0}
    model = TrustModel(rng=3, **p)
    res = model.residents
    homes = home_hoods(12, group_sizes(3000, 3, 0.5))
    for g, home in enumerate(homes):
        assert set(np.unique(res.hood[res.group == g])) <= set(home.tolist())
    # the homes here do not overlap, so every neighbourhood holds one group only
    for h in range(12):
        assert len(np.unique(res.group[res.hood == h])) <= 1


def test_no_segregation_spreads_every_group_over_the_neighbourhoods():
    model = TrustModel(rng=3, n_residents=5000, residential_segregation=0.0)
    res = model.residents
    for g in range(2):
        assert len(np.unique(res.hood[res.group == g])) == 10
    # group 0's share is about the same everywhere (binomial sd ~0.02 per neighbourhood)
    share0 = np.bincount(res.hood, weights=res.group == 0) / model.hoods.pop
    assert np.all(np.abs(share0 - 0.6) < 0.1)


def test_segregation_raises_concentration():
    def concentration(segregation):
        res = TrustModel(rng=3, n_residents=5000, residential_segregation=segregation).residents
        share0 = np.bincount(res.hood, weights=res.group == 0, minlength=10) / np.bincount(
            res.hood, minlength=10)
        return np.std(share0)
    assert concentration(0.9) > concentration(0.5) > concentration(0.0)


@pytest.mark.parametrize("share", [0.21, 0.5, 0.72])
def test_starting_trust_has_the_survey_share_above_half(share):
    """The init value is the survey share who trust (trust above 0.5), not the mean: the
    share above 0.5 of 5,000 draws is within 3 points of it (binomial sd <= 0.007)."""
    model = TrustModel(rng=4, n_residents=5000, trust_police_init=share,
                       trust_informal_init=1 - share, trust_outgroup_init=share)
    trust = model.residents.trust.astype(np.float64)
    assert model.residents.trust.dtype == np.float32
    np.testing.assert_allclose((trust > 0.5).mean(axis=0), [share, 1 - share, share],
                               atol=0.03)
    assert np.all((trust >= 0) & (trust <= 1))


@pytest.mark.parametrize("concentration", [2.0, 4.0, 20.0])
def test_mean_for_share_inverts_the_share_above_half(concentration):
    from scipy.special import betainc

    from model.core.population import mean_for_share
    for share in (0.05, 0.22, 0.5, 0.715, 0.95):
        m = mean_for_share(share, concentration)
        above = 1 - betainc(m * concentration, (1 - m) * concentration, 0.5)
        assert above == pytest.approx(share, abs=1e-6)


def test_concentration_controls_spread():
    sd = [TrustModel(rng=4, n_residents=5000, trust_init_concentration=c).residents.trust[:, 0]
          .std() for c in (2.0, 8.0, 100.0)]
    assert sd[0] > sd[1] > sd[2]
    assert sd[1] == pytest.approx(np.sqrt(0.25 / 9), rel=0.05)


@pytest.mark.parametrize("mean", [0.0, 1.0])
def test_degenerate_starting_trust(mean):
    model = TrustModel(rng=4, n_residents=500, trust_police_init=mean)
    assert np.all(model.residents.trust[:, 0] == mean)
    assert np.all(beta(np.random.default_rng(0), mean, 8.0, 10) == mean)


def test_police_posts_and_access():
    # Tolerance 0.02: access is the neighbourhood mean + N(0, 0.1) noise, clipped to [0, 1];
    # over ~2500 residents the noise averages to <0.003; clipping at 1 pulls 0.9 down ~0.01.
    model = TrustModel(rng=5, n_residents=5000, police_post_share=0.3,
                       access_with_post=0.9, access_without_post=0.3)
    has_post = model.hoods.has_post
    assert has_post.sum() == 3
    res = model.residents
    with_post = has_post[res.hood]
    assert res.access[with_post].mean() == pytest.approx(0.9, abs=0.02)
    assert res.access[~with_post].mean() == pytest.approx(0.3, abs=0.02)
    assert np.all((res.access >= 0) & (res.access <= 1))


def test_other_resident_state_starts_empty(make_model):
    res = make_model().residents
    assert np.all(res.last_victim_day == NO_DAY)
    assert not res.participant.any() and not res.channel.any()
    # Tolerance 0.03: binomial(1000, 0.1) share has sd 0.0095.
    assert res.civic.mean() == pytest.approx(0.1, abs=0.03)


def test_officers_are_posted_with_tenure_and_weighted_toward_posts():
    model = TrustModel(rng=6, n_residents=5000, n_officers=400, rotation_per_year=1.0,
                       police_conduct_init=0.8)
    off, hoods = model.officers, model.hoods
    assert len(off) == 400 and off.posted.all() and not off.participant.any()
    assert np.all((off.tenure_days >= 0) & (off.tenure_days <= 365))
    per_resident = np.bincount(off.hood, minlength=10) / hoods.pop
    # neighbourhoods with a post get four times the weight per resident
    ratio = per_resident[hoods.has_post].mean() / per_resident[~hoods.has_post].mean()
    assert 2.5 < ratio < 6.0
    for name in ("trust_community", "trust_informal", "conduct"):
        values = getattr(off, name)
        assert np.all((values >= 0) & (values <= 1)), name
    assert off.conduct.mean() == pytest.approx(0.8, abs=0.02)


def test_informal_members_are_sorted_and_indexed(make_model):
    model = make_model(n_informal_members=200)
    inf = model.informal
    assert len(inf) == 200 and np.all(np.diff(inf.hood) >= 0)
    assert np.array_equal(np.diff(model.member_start),
                          np.bincount(inf.hood, minlength=model.params.n_neighbourhoods))


@pytest.mark.parametrize("mean", [0.0, 1.0])
def test_degenerate_vigilantism_and_handover(make_model, mean):
    inf = make_model(vigilantism_init=mean, informal_handover_init=mean).informal
    assert np.all(inf.vigilantism == mean) and np.all(inf.handover == mean)


def test_empty_kinds_of_agents_are_allowed(make_model):
    model = make_model(n_officers=0, n_informal_members=0)
    assert len(model.officers) == 0 and len(model.informal) == 0
    assert model.member_start[-1] == 0
