"""Reading scenario files: the schema, its error messages, discovery and the template.

model/scenario/{reading,schema,messages,checks,edges,load}.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from model.core import interventions as iv
from model.core.params import PARAMS
from model.scenario import (
    ScenarioError,
    find_scenario,
    list_scenarios,
    load_scenario,
    scenario_dir,
    schema,
)
from model.scenario.timing import MONTH_FIELDS

DATA = Path(__file__).resolve().parent.parent / "data"
BAD = DATA / "bad"
GOOD = DATA / "good"
REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "scenarios" / "template.yaml"

# file -> (field path in the message, phrase about the problem)
BAD_FILES: dict[str, tuple[str, str]] = {
    "bad_plan_name.yaml": ("plans.Dialogue-12m", "invalid plan name"),
    "bool_for_float.yaml": ("plans.dialogue_12m.interventions[0].facilitation_quality",
                            "wrong type (got 'yes'; expected a number)"),
    "crime_wave_unknown_type.yaml": ("events[0].incident_types[1]", "invalid value"),
    "dialogue_negative_length.yaml": ("plans.dialogue_12m.interventions[0].length_months",
                                      "value out of range (got -3; expected months in [0, 240])"),
    "duplicate_dialogue_name.yaml": ("plans.two_dialogues.interventions[1].name",
                                     "duplicate dialogue name"),
    "duplicate_hotspot.yaml": ("hotspots[1].name", "duplicate hotspot name"),
    "duplicate_key.yaml": ("horizon_months", "duplicate key (got 'horizon_months'"),
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
    "flashpoint_removed_unknown.yaml": ("events[0].hotspot", "unknown hotspot"),
    "float_for_int.yaml": ("plans.dialogue_12m.interventions[0].n_residents",
                           "wrong type (got 40.5; expected an integer)"),
    "groups_length_mismatch.yaml": ("groups", "label count does not match n_groups"),
    "horizon_zero.yaml": ("horizon_months", "value out of range (got 0"),
    "hotspot_bad_neighbourhood.yaml": ("hotspots[0].neighbourhood", "no such neighbourhood"),
    "hotspot_not_mapping.yaml": ("hotspots[0]", "wrong type (got 'stadium'; expected a mapping"),
    "intervention_wrong_type.yaml": ("plans.dialogue_12m.interventions[0].type",
                                     "unknown intervention type"),
    "invalid_choice_parameter.yaml": ("locality.network_generator", "invalid value"),
    "missing_event_type.yaml": ("events[0]", "missing event type"),
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
    "python_object_tag.yaml": ("title", "YAML tag not allowed"),
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
    "yaml_syntax_error.yaml": ("", "YAML syntax error"),
}


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
    prefix = re.escape(f"{BAD / name}") + r"(:\d+:\d+)?:" + (f" {re.escape(path)}:" if path
                                                            else "")
    assert re.match(prefix, message), message
    assert (info.value.issues[0].line is not None) == (path != "<file>"), message
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
    with pytest.raises(ScenarioError, match="not a regular file .got a folder"):
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
    with pytest.raises(ScenarioError, match=r"s\.yaml:7:\d+: .*duplicate key"):
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


# --- discovery ---------------------------------------------------------------------------


def test_scenario_dir_is_the_repo_folder():
    assert scenario_dir() == REPO / "scenarios"
    listed = dict(list_scenarios())
    assert listed[TEMPLATE].startswith("Template locality")


def test_scenario_dir_can_be_set_by_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JSDSIM_SCENARIOS", str(tmp_path))
    assert scenario_dir() == tmp_path


def test_find_scenario_takes_a_path_or_a_bundled_name(tmp_path):
    assert find_scenario("saaba") == REPO / "scenarios" / "saaba.yaml"
    assert find_scenario("saaba.yaml") == REPO / "scenarios" / "saaba.yaml"
    own = tmp_path / "mine.yaml"
    own.write_text("x")
    assert find_scenario(own) == own
    assert find_scenario("nowhere") == Path("nowhere")  # the loader reports it missing


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


def test_template_validates_with_its_plans_and_uses_every_new_feature():
    s = load_scenario(TEMPLATE)
    assert s.plans == ("no_dialogue", "dialogue_12m", "dialogue_12m_milder_wave")
    (dialogue,) = s.interventions("dialogue_12m")
    assert dialogue.fix_target == "market_square"
    assert dialogue.start_day == 90  # start_month: 4
    assert len(s.group_names) == s.params().n_groups
    assert s.police_posts == (0,)  # [centre]
    assert s.hotspots[0].neighbourhood == 1  # market
    (wave,) = s.events("no_dialogue")
    assert (wave.start_day, wave.end_day, wave.multiplier) == (60, 240, 2.0)
    (milder,) = s.events("dialogue_12m_milder_wave")
    assert (milder.start_day, milder.end_day, milder.multiplier) == (60, 240, 1.5)


def test_template_comments_every_number():
    numbered = re.compile(r"^\s*(- )?\w+:\s*-?[0-9.]+\s*(#|$)")  # "key: 12.5"
    lines = [ln for ln in TEMPLATE.read_text().splitlines() if numbered.match(ln)]
    assert len(lines) > 30
    for line in lines:
        assert "#" in line, f"number without a comment: {line!r}"


# --- the schema follows model.params and model.interventions -------------------------------


def test_schema_has_every_parameter():
    assert set(schema.ParamSpec.model_fields) == set(PARAMS)


@pytest.mark.parametrize("spec, cls", [(schema.DialogueSpec, iv.Dialogue),
                                       (schema.HotspotSpec, iv.Hotspot)]
                         + [(schema.EVENT_SPECS[t], c) for t, c in iv.EVENT_TYPES.items()])
def test_schema_has_every_dataclass_field(spec, cls):
    months = {MONTH_FIELDS[d] for d in iv.DAY_FIELDS[cls]}
    assert set(spec.model_fields) - {"type"} - months == set(iv.field_names(cls))


def test_schema_and_dataclass_check_fields_by_the_same_rule():
    with pytest.raises(ValueError) as info:
        iv.Dialogue(length_months=-3)
    expected = iv.field_problem(iv.Dialogue, "length_months", -3)
    assert str(info.value) == f"Dialogue.length_months = -3 is invalid: expected {expected}"
    assert iv.field_problem(iv.Dialogue, "length_months", 3) is None
