"""Tests of model/scenario.py: the scenario file schema, its error messages and loading."""

from __future__ import annotations

import dataclasses
import re
import sys
import types
from pathlib import Path

import networkx as nx
import pytest

from model import interventions as iv
from model import scenario as sc
from model.params import PARAMS, defaults
from model.scenario import ScenarioError, list_scenarios, load_scenario, scenario_dir

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
GOOD = DATA / "good"
REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "scenarios" / "template.yaml"
CORE_EXISTS = (REPO / "model" / "trust_model.py").exists()

# file -> (field path in the message, phrase about the problem)
BAD_FILES: dict[str, tuple[str, str]] = {
    "bad_plan_name.yaml": ("plans.Dialogue-12m", "invalid plan name"),
    "bool_for_float.yaml": ("plans.dialogue_12m.interventions[0].facilitation_quality",
                            "wrong type (got true; expected a number)"),
    "crime_wave_unknown_type.yaml": ("events[0].incident_types[1]", "invalid value"),
    "dialogue_negative_length.yaml": ("plans.dialogue_12m.interventions[0].length_months",
                                      "value out of range (got -3; expected months in [0, 240])"),
    "duplicate_dialogue_name.yaml": ("plans.two_dialogues.interventions[1].name",
                                     "duplicate dialogue name"),
    "duplicate_hotspot.yaml": ("hotspots[1].name", "duplicate hotspot name"),
    "duplicate_key.yaml": ("line 3, column 1", "duplicate key (got 'horizon_months'"),
    "edge_list_bad_line.yaml": ("network.edge_list", "bad_line.edges line 2: wrong number"),
    "edge_list_missing.yaml": ("network.edge_list", "file not found"),
    "edge_list_node_out_of_range.yaml": ("network.edge_list", "node id out of range (got 10"),
    "empty_file.yaml": ("<file>", "empty file"),
    "empty_title.yaml": ("title", "empty value"),
    "event_end_before_start.yaml": ("events[0].end_day", "expected a day after start_day"),
    "facilitation_out_of_range.yaml": ("plans.dialogue_12m.interventions[0].facilitation_quality",
                                       "value out of range (got 1.5"),
    "fix_target_unknown.yaml": ("plans.dialogue_12m.interventions[0].fix_target",
                                "unknown hotspot; did you mean 'stadium_entrance'?"),
    "flashpoint_removed_unknown.yaml": ("events[0].name", "unknown hotspot"),
    "float_for_int.yaml": ("plans.dialogue_12m.interventions[0].n_residents",
                           "wrong type (got 40.5; expected an integer)"),
    "groups_length_mismatch.yaml": ("groups", "label count does not match n_groups"),
    "horizon_zero.yaml": ("horizon_months", "value out of range (got 0"),
    "hotspot_bad_neighbourhood.yaml": ("hotspots[0].neighbourhood", "no such neighbourhood"),
    "hotspot_not_mapping.yaml": ("hotspots[0]", "wrong type (got 'stadium'; expected a mapping"),
    "intervention_wrong_type.yaml": ("plans.dialogue_12m.interventions[0].type",
                                     "unknown intervention type"),
    "invalid_choice_parameter.yaml": ("locality.network_generator", "invalid value"),
    "missing_event_type.yaml": ("events[0].type", "missing event type"),
    "missing_horizon.yaml": ("horizon_months", "missing required field"),
    "missing_title.yaml": ("title", "missing required field"),
    "nan_value.yaml": ("locality.trust_police_init", "not a finite number"),
    "negative_residents.yaml": ("locality.n_residents", "value out of range (got -5"),
    "neighbourhoods_length_mismatch.yaml": ("neighbourhoods",
                                            "label count does not match n_neighbourhoods"),
    "no_plans.yaml": ("plans", "empty value"),
    "not_utf8.yaml": ("<file>", "not UTF-8"),
    "plan_parameter_out_of_range.yaml": ("plans.fair_policing.parameters.negativity_weight",
                                         "value out of range (got 0.5; expected a number in [1"),
    "prob_above_one.yaml": ("locality.trust_police_init",
                            "value out of range (got 1.3; expected a number in [0, 1])"),
    "python_object_tag.yaml": ("line 1, column 8", "YAML tag not allowed"),
    "title_wrong_type.yaml": ("title", "wrong type (got 42"),
    "top_level_list.yaml": ("<top level>", "expected a mapping"),
    "unknown_event_type.yaml": ("events[0].type", "unknown event type (got 'riot'"),
    "unknown_parameter.yaml": ("locality.trust_polce_init",
                               "unknown parameter; did you mean 'trust_police_init'?"),
    "unknown_plan_key.yaml": ("plans.dialogue_12m.intervention",
                              "unknown key; did you mean 'interventions'?"),
    "unknown_selection.yaml": ("plans.dialogue_12m.interventions[0].selection",
                               "invalid value (got 'lottery'"),
    "unknown_top_key.yaml": ("horizon", "unknown key; did you mean 'horizon_months'?"),
    "withdrawal_bad_neighbourhood.yaml": ("events[0].neighbourhoods[1]", "no such neighbourhood"),
    "wrong_type_string_for_int.yaml": ("locality.n_residents",
                                       "wrong type (got '20000'; expected an integer)"),
    "yaml_syntax_error.yaml": ("line 5, column 3", "YAML syntax error"),
}


class FakeModel:
    """Records what build_model passes to TrustModel; steps count days."""

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.days = 0

    def step(self):
        self.days += 1


@pytest.fixture
def fake_core(monkeypatch):
    """Replace model.trust_model by a module whose TrustModel is FakeModel."""
    module = types.ModuleType("model.trust_model")
    module.TrustModel = FakeModel
    monkeypatch.setitem(sys.modules, "model.trust_model", module)
    return FakeModel


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- malformed files ---------------------------------------------------------------------


def test_every_bad_file_is_listed():
    on_disk = {p.name for p in BAD.glob("*.yaml")}
    assert on_disk == set(BAD_FILES)
    assert len(on_disk) >= 27


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_reported_with_file_path_and_problem(name):
    path, phrase = BAD_FILES[name]
    with pytest.raises(ScenarioError) as info:
        load_scenario(BAD / name)
    message = str(info.value)
    assert len(info.value.issues) == 1, message  # one problem per file
    assert message.startswith(f"{BAD / name}: {path}: "), message
    assert phrase in message
    assert isinstance(info.value, ValueError)


def test_python_tag_is_never_executed():
    marker = Path("/tmp/jsdsim-python-tag-executed")
    marker.unlink(missing_ok=True)
    with pytest.raises(ScenarioError):
        load_scenario(BAD / "python_object_tag.yaml")
    assert not marker.exists()


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match=r"nope\.yaml: <file>: file not found"):
        load_scenario(tmp_path / "nope.yaml")


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path)


def test_several_problems_are_reported_together(tmp_path):
    path = write(tmp_path, "title: t\nhorizon_months: 0\nlocality: {n_residents: 1}\n"
                           "plans: {p: {}}\nextra: 1\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    paths = [i.path for i in info.value.issues]
    assert paths == ["horizon_months", "locality.n_residents", "extra"]
    assert len(str(info.value).splitlines()) == 3


def test_duplicate_key_after_merge_is_still_an_error(tmp_path):
    path = write(tmp_path, "title: t\nhorizon_months: 1\nshared: {d: &d {type: dialogue}}\n"
                           "plans:\n  p:\n    interventions:\n"
                           "      - {<<: *d, start_day: 1, start_day: 2}\n")
    with pytest.raises(ScenarioError, match="line 7, column .*duplicate key"):
        load_scenario(path)


def test_unknown_key_lists_allowed_keys(tmp_path):
    path = write(tmp_path, "title: t\nhorizon_months: 1\nplans: {p: {zzz: 1}}\n")
    with pytest.raises(ScenarioError, match="expected one of the keys description, parameters"):
        load_scenario(path)


def test_whitespace_title_is_empty(tmp_path):
    path = write(tmp_path, "title: '   '\nhorizon_months: 1\nplans: {p: {}}\n")
    with pytest.raises(ScenarioError, match="title: empty value"):
        load_scenario(path)


def test_plan_parameter_changing_structure_is_checked_for_that_plan(tmp_path):
    path = write(tmp_path, "title: t\nhorizon_months: 1\n"
                           "hotspots: [{name: h, neighbourhood: 5}]\n"
                           "plans: {p: {}, small: {parameters: {n_neighbourhoods: 3}}}\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "hotspots[0].neighbourhood: no such neighbourhood (with plan small's" in str(
        info.value)


# --- valid files ---------------------------------------------------------------------------


def test_minimal_scenario():
    s = load_scenario(GOOD / "minimal.yaml")
    assert s.name == "minimal"
    assert s.title == "Minimal locality"
    assert s.description == ""
    assert s.horizon_days == 30
    assert s.plans == ("no_dialogue",)
    assert s.params("no_dialogue") == defaults()
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


def test_params_resolution_order(fake_core):
    s = load_scenario(GOOD / "full.yaml")
    assert PARAMS["trust_police_init"].default == 0.5
    assert s.params("no_dialogue")["trust_police_init"] == 0.71  # locality over default
    assert s.params("dialogue_24m")["trust_police_init"] == 0.6  # plan over locality
    model = s.build_model("dialogue_24m", trust_police_init=0.3)  # override over plan
    assert model.kwargs["trust_police_init"] == 0.3
    assert model.kwargs["police_conduct_init"] == PARAMS["police_conduct_init"].default
    assert s.params("dialogue_12m")["police_conduct_init"] == 0.9
    assert s.params("dialogue_12m")["n_residents"] == 30
    assert isinstance(s.params("no_dialogue")["mean_degree"], float)  # 4 -> 4.0


def test_build_model_passes_plan_content(fake_core):
    s = load_scenario(GOOD / "full.yaml")
    model = s.build_model("dialogue_24m", rng=7)
    kw = model.kwargs
    assert kw["rng"] == 7
    assert kw["interventions"] == s.interventions("dialogue_24m")
    assert kw["events"] == s.events("dialogue_24m")
    assert kw["hotspots"] == s.hotspots
    assert nx.utils.graphs_equal(kw["graph"], s.graph)
    assert kw["graph"] is not s.graph  # the model gets its own copy
    assert set(PARAMS) <= set(kw)


def test_build_model_defaults_to_first_plan(fake_core):
    s = load_scenario(GOOD / "full.yaml")
    assert s.build_model().kwargs["interventions"] == ()
    assert s.plan().name == "no_dialogue"


def test_build_model_rejects_bad_overrides(fake_core):
    s = load_scenario(GOOD / "minimal.yaml")
    with pytest.raises(ValueError, match="n_residents"):
        s.build_model(n_residents=-1)
    with pytest.raises(ValueError, match="unknown parameter 'trust_polce_init'.*trust_police_init"):
        s.build_model(trust_polce_init=0.3)
    with pytest.raises(ValueError, match="negativity_weight"):
        s.build_model(negativity_weight="high")


def test_build_model_rechecks_structure_after_overrides(fake_core):
    s = load_scenario(GOOD / "full.yaml")
    with pytest.raises(ScenarioError, match=r"hotspots\[0\].neighbourhood.*with the overrides"):
        s.build_model(n_neighbourhoods=2)
    with pytest.raises(ScenarioError, match="network size does not match n_residents"):
        s.build_model(n_residents=500)


def test_unknown_plan_lists_the_plans(fake_core):
    s = load_scenario(GOOD / "full.yaml")
    with pytest.raises(ScenarioError) as info:
        s.build_model("dialogue_6m")
    message = str(info.value)
    assert "plans: unknown plan" in message
    assert "'no_dialogue', 'dialogue_12m', 'dialogue_24m'" in message
    with pytest.raises(ScenarioError, match="unknown plan"):
        s.params("nope")


def test_scenario_is_immutable():
    s = load_scenario(GOOD / "full.yaml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.title = "x"
    with pytest.raises(TypeError):
        s.plan("dialogue_12m").parameters["x"] = 1


def test_automatic_flashpoints_can_be_named(tmp_path):
    text = ("title: t\nhorizon_months: 1\nlocality: {n_flashpoints: 2}\n"
            "plans: {p: {interventions: [{type: dialogue, fix_target: flashpoint_2}]}}\n")
    load_scenario(write(tmp_path, text))
    clash = text.replace("plans:", "hotspots: [{name: flashpoint_1}]\nplans:")
    with pytest.raises(ScenarioError, match=r"hotspots\[0\].name: duplicate hotspot name"):
        load_scenario(write(tmp_path, clash))


# --- discovery ---------------------------------------------------------------------------


def test_scenario_dir_is_the_repo_folder():
    assert scenario_dir() == REPO / "scenarios"
    listed = dict(list_scenarios())
    assert listed[TEMPLATE].startswith("Template locality")


def test_list_scenarios_sorts_and_reports_invalid_files(tmp_path):
    (tmp_path / "b.yaml").write_text((GOOD / "minimal.yaml").read_text())
    (tmp_path / "a.yaml").write_text("title: x\n")
    (tmp_path / "notes.txt").write_text("not a scenario")
    listing = list_scenarios(tmp_path)
    assert [p.name for p, _ in listing] == ["a.yaml", "b.yaml"]
    assert listing[0][1].startswith("INVALID: ")
    assert "missing required field" in listing[0][1]
    assert listing[1][1] == "Minimal locality"
    assert list_scenarios(tmp_path / "missing") == []


# --- the template -------------------------------------------------------------------------


def test_template_validates_with_two_plans():
    s = load_scenario(TEMPLATE)
    assert s.plans == ("no_dialogue", "dialogue_12m")
    (dialogue,) = s.interventions("dialogue_12m")
    assert dialogue.fix_target == "market_square"
    assert len(s.group_names) == s.params()["n_groups"]


def test_template_comments_every_number():
    numbered = re.compile(r"^\s*(- )?\w+:\s*-?[0-9.]+\s*(#|$)")  # "key: 12.5"
    lines = [ln for ln in TEMPLATE.read_text().splitlines() if numbered.match(ln)]
    assert len(lines) > 30
    for line in lines:
        assert "#" in line, f"number without a comment: {line!r}"


# --- the schema follows model.params and model.interventions -------------------------------


def test_schema_has_every_parameter():
    assert set(sc.ParamSpec.model_fields) == set(PARAMS)


@pytest.mark.parametrize("spec, cls", [(sc.DialogueSpec, iv.Dialogue), (sc.HotspotSpec, iv.Hotspot)]
                         + [(sc.EVENT_SPECS[t], c) for t, c in iv.EVENT_TYPES.items()])
def test_schema_has_every_dataclass_field(spec, cls):
    assert set(spec.model_fields) - {"type"} == set(iv.field_names(cls))


def test_dataclass_error_messages_keep_their_format():
    with pytest.raises(ValueError) as info:
        iv.Dialogue(length_months=-3)
    match = sc._DATACLASS_MESSAGE.match(str(info.value))
    assert match and match.groups() == ("length_months", "months in [0, 240]")


# --- with the real core -------------------------------------------------------------------


@pytest.mark.skipif(not CORE_EXISTS, reason="model/trust_model.py not written yet")
def test_real_model_runs_a_month():
    s = load_scenario(TEMPLATE)
    model = s.build_model("dialogue_12m", rng=1, n_residents=500)
    for _ in range(30):
        model.step()
    table = model.monthly_table()
    assert len(table) >= 1


@pytest.mark.skipif(not CORE_EXISTS, reason="model/trust_model.py not written yet")
def test_real_model_takes_the_edge_list_and_events():
    s = load_scenario(GOOD / "full.yaml")
    model = s.build_model("dialogue_24m", rng=2)
    assert model.network is not None
    for _ in range(10):
        model.step()
    assert "market" in model.hotspots.active  # flashpoint_appears on day 5


@pytest.mark.skipif(not CORE_EXISTS, reason="model/trust_model.py not written yet")
def test_automatic_flashpoint_names_match_the_model():
    s = load_scenario(GOOD / "minimal.yaml")
    model = s.build_model(rng=0, n_residents=100, n_flashpoints=3)
    assert set(model.hotspots.active) == set(sc.auto_flashpoint_names(3))


@pytest.mark.parametrize("path", sorted((REPO / "scenarios").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_every_shipped_scenario_validates_and_runs_every_plan(path):
    """Every file in scenarios/ loads, and each of its plans builds and runs (a short,
    small run: 2 months at 1,000 residents, officers and members as in the file)."""
    scenario = load_scenario(path)
    assert scenario.title and scenario.plans and scenario.horizon_days >= 30
    for plan in scenario.plans:
        model = scenario.build_model(plan=plan, rng=1, n_residents=1000)
        model.run_for(60)
        table = model.monthly_table()
        assert len(table) == 2
        assert table["trust_police_mean"].between(0, 1).all()
