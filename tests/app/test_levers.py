"""Tests of model/app/levers.py: the sliders and how they change a plan's model."""

import pytest

from model import PARAMS
from model.app.levers import LEVERS, LEVERS_BY_NAME, Target, build_model, plan_values


def test_parameter_levers_stay_inside_the_parameter_ranges():
    for lever in LEVERS:
        if lever.target is Target.PARAMETER:
            param = PARAMS[lever.field]
            assert param.low <= lever.low < lever.high <= param.high, lever.name


def test_plan_values_are_what_the_scenario_file_says(saaba):
    values = plan_values(saaba, "dialogue_12m")
    assert values["dialogue_months"] == 12
    assert values["outreach"] == pytest.approx(0.08)
    params = saaba.params("dialogue_12m")
    assert values["police_conduct"] == pytest.approx(params.police_conduct_init)
    assert values["trust_start"] == pytest.approx(params.trust_police_init)
    assert plan_values(saaba, "no_dialogue")["dialogue_months"] is None


def test_without_overrides_the_model_is_the_plan_as_written(saaba):
    a = build_model(saaba, "dialogue_12m", seed=5)
    b = saaba.build_model(plan="dialogue_12m", rng=5)
    a.run_for(20)
    b.run_for(20)
    assert a.daily_table().equals(b.daily_table())


def test_parameter_and_dialogue_levers_reach_the_model(saaba):
    model = build_model(saaba, "dialogue_12m", seed=1, overrides={
        "police_conduct": 0.6, "rotation": 0.5, "negativity": 7.0,
        "dialogue_months": 3, "outreach": 0.2})
    assert model.params.police_conduct_init == pytest.approx(0.6)
    assert model.params.rotation_per_year == pytest.approx(0.5)
    assert model.params.negativity_weight == pytest.approx(7.0)
    (dialogue,) = [run.spec for run in model.dialogues]
    assert dialogue.length_months == 3 and dialogue.outreach_share_per_month == 0.2
    assert saaba.interventions("dialogue_12m")[0].length_months == 12  # file untouched


def test_the_reference_plan_ignores_dialogue_levers(saaba):
    model = build_model(saaba, "dialogue_24m", seed=1, with_dialogue_levers=False,
                        overrides={"dialogue_months": 3, "police_conduct": 0.6})
    assert [run.spec.length_months for run in model.dialogues] == [24]
    assert model.params.police_conduct_init == pytest.approx(0.6)


def test_bad_settings_are_refused(saaba):
    with pytest.raises(ValueError, match="unknown lever"):
        build_model(saaba, "no_dialogue", seed=1, overrides={"speed": 1.0})
    with pytest.raises(ValueError, match=r"police_conduct = 2.*\[0.5, 1\]"):
        build_model(saaba, "no_dialogue", seed=1, overrides={"police_conduct": 2})


def test_values_are_shown_in_plain_words():
    assert LEVERS_BY_NAME["police_conduct"].show(0.8) == "80%"
    assert LEVERS_BY_NAME["dialogue_months"].show(12.0) == "12 months"
    assert LEVERS_BY_NAME["dialogue_months"].show(None) == "no dialogue in this plan"
    assert LEVERS_BY_NAME["negativity"].show(4.0) == "4"
