"""Survey shares initialise shares (docs/ODD.md, section 5): in every shipped scenario the
share of residents whose starting trust in police is above 0.5 is within 3 points of the
survey share the file cites (trust_police_init)."""

import pytest

from model.scenario import list_scenarios, load_scenario


@pytest.mark.parametrize("path", [path for path, _ in list_scenarios()],
                         ids=lambda path: path.stem)
def test_initial_share_above_half_matches_the_cited_survey_share(path):
    scenario = load_scenario(path)
    model = scenario.build_model(scenario.plans[0], rng=1)
    share = float((model.residents.trust[:, 0] > 0.5).mean())
    assert abs(share - scenario.params().trust_police_init) <= 0.03
