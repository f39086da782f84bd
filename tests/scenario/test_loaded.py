"""The loaded Scenario (model/scenario/loaded.py): plans, parameters, model arguments."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import networkx as nx
import pytest

from model.core import interventions as iv
from model.core.errors import InputError
from model.core.params import PARAMS, defaults
from model.scenario import ScenarioError, load_scenario
from model.scenario.checks import auto_flashpoint_names

DATA = Path(__file__).resolve().parent.parent / "data"
GOOD = DATA / "good"
REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "scenarios" / "template.yaml"


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- valid files ---------------------------------------------------------------------------


def test_minimal_scenario():
    s = load_scenario(GOOD / "minimal.yaml")
    assert s.name == "minimal"
    assert s.title == "Minimal locality"
    assert s.description == ""
    assert s.horizon_days == 30
    assert s.plans == ("no_dialogue",)
    assert s.params("no_dialogue").as_dict() == defaults()
    assert s.interventions("no_dialogue") == ()
    assert s.events("no_dialogue") == ()
    assert s.hotspots == ()
    assert s.graph is None
    assert s.group_names == ()


def test_horizon_days_is_30_per_month():
    assert load_scenario(GOOD / "full.yaml").horizon_days == 60
    assert load_scenario(TEMPLATE).horizon_days == 36 * 30


def test_full_scenario_sections():
    s = load_scenario(GOOD / "full.yaml")
    assert s.plans == ("no_dialogue", "dialogue_12m", "dialogue_24m")
    assert s.group_names == ("fans", "church_goers")
    assert s.neighbourhood_names == ("north", "south", "east", "west")
    assert s.hotspots == (iv.Hotspot("stadium_entrance", 3, "clash", 4.0),)
    wave = iv.CrimeWave(10, 40, 2.5, ("robbery", "break_in"))
    appears = iv.FlashpointAppears(5, iv.Hotspot("market", 1))
    assert s.events("no_dialogue") == (wave, appears)
    assert s.events("dialogue_24m") == (wave, appears, iv.Scandal(20, reach_share=0.5),
                                        iv.FlashpointRemoved(50, "market"))
    assert s.plan("dialogue_12m").description == "Twelve months of sessions."
    assert isinstance(s.graph, nx.Graph)
    assert sorted(s.graph.nodes) == list(range(30))
    assert s.graph.number_of_edges() == 45


def test_merge_keys_share_a_dialogue():
    s = load_scenario(GOOD / "full.yaml")
    (d12,) = s.interventions("dialogue_12m")
    (d24,) = s.interventions("dialogue_24m")
    assert d12 == iv.Dialogue(start_day=3, length_months=12, sessions_per_month=2,
                              n_residents=6, n_leaders=2, n_officers=2, n_informal_members=1,
                              selection=iv.Selection.RANDOM)
    assert d24 == dataclasses.replace(d12, length_months=24, fix_target="stadium_entrance")


def test_params_resolution_order():
    s = load_scenario(GOOD / "full.yaml")
    assert PARAMS["trust_police_init"].default == 0.5
    assert s.params("no_dialogue").trust_police_init == 0.71  # locality over default
    assert s.params("dialogue_24m").trust_police_init == 0.6  # plan over locality
    kw = s.model_kwargs("dialogue_24m", trust_police_init=0.3)  # override over plan
    assert kw["trust_police_init"] == 0.3
    assert kw["police_conduct_init"] == PARAMS["police_conduct_init"].default
    assert s.params("dialogue_12m").police_conduct_init == 0.9
    assert s.params("dialogue_12m").n_residents == 30
    assert isinstance(s.params("no_dialogue").mean_degree, float)  # 4 -> 4.0


def test_model_kwargs_hold_the_plan_as_plain_data():
    s = load_scenario(GOOD / "full.yaml")
    kw = s.model_kwargs("dialogue_24m")
    assert kw["interventions"] == s.interventions("dialogue_24m")
    assert kw["events"] == s.events("dialogue_24m")
    assert kw["hotspots"] == s.hotspots
    assert nx.utils.graphs_equal(kw["graph"], s.graph)
    assert set(kw) == set(PARAMS) | {"interventions", "events", "hotspots", "graph",
                                     "police_posts", "group_homes"}
    assert s.model_kwargs()["interventions"] == ()  # the first plan
    assert s.plan().name == "no_dialogue"


def test_n_residents_alone_carries_officers_and_members_along():
    s = load_scenario(REPO / "scenarios" / "saaba.yaml")
    base = s.params()
    kw = s.model_kwargs(n_residents=base.n_residents // 10)
    assert kw["n_officers"] == round(base.n_officers / 10)
    assert kw["n_informal_members"] == round(base.n_informal_members / 10)
    kw = s.model_kwargs(n_residents=base.n_residents // 10, n_officers=40)
    assert kw["n_officers"] == 40  # set explicitly: kept


def test_dialogue_fields_can_be_overridden_by_name():
    s = load_scenario(REPO / "scenarios" / "saaba.yaml")
    (jsd,) = s.model_kwargs("dialogue_12m", **{"jsd.length_months": 7})["interventions"]
    assert jsd.length_months == 7
    (jsd,) = s.model_kwargs("dialogue_12m", **{"dialogue.facilitation_quality": 0.4})[
        "interventions"]
    assert jsd.facilitation_quality == 0.4
    assert s.model_kwargs("no_dialogue", **{"jsd.length_months": 7})["interventions"] == ()
    with pytest.raises(InputError, match="no dialogue named 'jds'.*did you mean 'jsd'"):
        s.model_kwargs("dialogue_12m", **{"jds.length_months": 7})
    with pytest.raises(InputError, match="not a dialogue field.*length_months"):
        s.model_kwargs("dialogue_12m", **{"jsd.length_month": 7})
    with pytest.raises(InputError, match="facilitation_quality"):
        s.model_kwargs("dialogue_12m", **{"jsd.facilitation_quality": 2.0})


def test_bad_overrides_name_the_parameter():
    s = load_scenario(GOOD / "minimal.yaml")
    with pytest.raises(InputError, match="n_residents"):
        s.model_kwargs(n_residents=-1)
    with pytest.raises(InputError, match="unknown parameter 'trust_polce_init'.*trust_police_init"):
        s.model_kwargs(trust_polce_init=0.3)
    with pytest.raises(InputError, match="negativity_weight"):
        s.model_kwargs(negativity_weight="high")


def test_structure_is_rechecked_after_overrides():
    s = load_scenario(GOOD / "full.yaml")
    with pytest.raises(ScenarioError, match=r"hotspots\[0\].neighbourhood.*with the overrides"):
        s.model_kwargs(n_neighbourhoods=2)
    with pytest.raises(ScenarioError, match="network size does not match n_residents"):
        s.model_kwargs(n_residents=500)


def test_unknown_plan_lists_the_plans():
    s = load_scenario(GOOD / "full.yaml")
    with pytest.raises(ScenarioError) as info:
        s.model_kwargs("dialogue_6m")
    message = str(info.value)
    assert "plans: unknown plan" in message
    assert "'no_dialogue', 'dialogue_12m', 'dialogue_24m'" in message
    with pytest.raises(ScenarioError, match="unknown plan"):
        s.params("nope")


def test_scenario_is_frozen_and_survives_pickling():
    s = load_scenario(GOOD / "full.yaml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.title = "x"
    again = pickle.loads(pickle.dumps(s))
    assert again.plans == s.plans and again.title == s.title
    assert again.model_kwargs("dialogue_24m")["interventions"] == s.interventions("dialogue_24m")
    assert nx.utils.graphs_equal(again.graph, s.graph)


def test_automatic_flashpoints_can_be_named(tmp_path):
    text = ("title: t\nhorizon_months: 1\nlocality: {n_flashpoints: 2}\n"
            "plans: {p: {interventions: [{type: dialogue, fix_target: flashpoint_2}]}}\n")
    load_scenario(write(tmp_path, text))
    clash = text.replace("plans:", "hotspots: [{name: flashpoint_1}]\nplans:")
    with pytest.raises(ScenarioError, match=r"hotspots\[0\].name: duplicate hotspot name"):
        load_scenario(write(tmp_path, clash))


# --- with the real core -------------------------------------------------------------------


def test_real_model_runs_a_month():
    s = load_scenario(TEMPLATE)
    model = s.build_model("dialogue_12m", rng=1, n_residents=500)
    for _ in range(30):
        model.step()
    table = model.monthly_table()
    assert len(table) >= 1


def test_real_model_takes_the_edge_list_and_events():
    s = load_scenario(GOOD / "full.yaml")
    model = s.build_model("dialogue_24m", rng=2)
    assert model.network is not None
    for _ in range(10):
        model.step()
    assert "market" in model.hotspots.active  # flashpoint_appears on day 5


def test_automatic_flashpoint_names_match_the_model():
    s = load_scenario(GOOD / "minimal.yaml")
    model = s.build_model(rng=0, n_residents=100, n_flashpoints=3)
    assert set(model.hotspots.active) == set(auto_flashpoint_names(3))


@pytest.mark.parametrize("path", sorted((REPO / "scenarios").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_every_shipped_scenario_validates_and_runs_every_plan(path):
    """Every file in scenarios/ loads, and each of its plans builds and runs (a short,
    small run: 2 months at 1,000 residents, officers and members at the file's density)."""
    scenario = load_scenario(path)
    assert scenario.title and scenario.plans and scenario.horizon_days >= 30
    for plan in scenario.plans:
        model = scenario.build_model(plan=plan, rng=1, n_residents=1000)
        model.run_for(60)
        table = model.monthly_table()
        assert len(table) == 2
        assert table["trust_police_mean"].between(0, 1).all()
