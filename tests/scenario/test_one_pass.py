"""Every problem of a file in one pass, at its line; dates in months; names; event
changes by plan (model/scenario/{load,messages,checks,timing}.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from model.core import interventions as iv
from model.scenario import ScenarioError, load_scenario


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return str(info.value).splitlines()


def test_five_independent_mistakes_give_five_messages_with_lines_in_one_run(tmp_path):
    path = write(tmp_path, """
        title: Five mistakes
        horizon_months: 12
        neighbourhoods: [north, south]
        locality:
          n_neighbourhoods: 2
          trust_polce_init: 0.4
        hotspots:
          - {name: market, neighbourhood: west}
        events:
          - {type: scandal, month: 40, reach_share: 0.5}
        plans:
          base: {}
          dialogue:
            interventions:
              - {type: dialogue, start_day: 30, facilitation_quality: 1.5, fix_target: markt}
        """)
    lines = problems(path)
    assert len(lines) == 5, "\n".join(lines)
    prefix = f"{path}:"
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{prefix}6:3", f"{prefix}8:35", f"{prefix}10:28", f"{prefix}15:63", f"{prefix}15:80"]
    text = "\n".join(lines)
    assert "locality.trust_polce_init: unknown parameter; did you mean 'trust_police_init'?" in text
    assert "hotspots[0].neighbourhood: unknown neighbourhood (got 'west'; expected one of "\
           "'north', 'south'" in text
    assert "events[0].month: date past the horizon in plans base, dialogue (got day 1170 "\
           "(start of month 40); expected a day up to 359 (horizon_months = 12" in text
    assert "facilitation_quality: value out of range (got 1.5" in text
    assert "fix_target: unknown hotspot; did you mean 'market'?" in text


def test_messages_are_sorted_by_line(tmp_path):
    path = write(tmp_path, """
        plans: {p: {zzz: 1}}
        title: t
        horizon_months: 0
        extra: 1
        """)
    lines = problems(path)
    assert [int(line.split(":")[1]) for line in lines] == [1, 3, 4]


def test_a_typo_in_the_shared_block_is_reported_once_at_its_line(tmp_path):
    path = write(tmp_path, """
        title: t
        horizon_months: 12
        shared:
          dialogue: &dialogue
            type: dialogue
            start_dy: 30
            n_residents: -4
        plans:
          a: {interventions: [*dialogue]}
          b: {interventions: [{<<: *dialogue, length_months: 6}]}
          c: {interventions: [*dialogue]}
        """)
    lines = problems(path)
    assert lines == [
        f"{path}:6:5: shared.dialogue.start_dy: unknown key; did you mean 'start_day'? "
        "(got 30; expected one of the keys " + lines[0].split("expected one of the keys ")[1],
        f"{path}:7:18: shared.dialogue.n_residents: value out of range (got -4; expected a "
        "whole number in [0, 5,000,000])",
    ]


def test_a_problem_written_in_a_plan_is_reported_at_the_plan(tmp_path):
    path = write(tmp_path, """
        title: t
        horizon_months: 12
        shared:
          dialogue: &dialogue {type: dialogue, start_day: 30}
        plans:
          a: {interventions: [{<<: *dialogue, length_months: -6}]}
        """)
    (line,) = problems(path)
    assert line.startswith(f"{path}:6:54: plans.a.interventions[0].length_months: "
                           "value out of range (got -6")


DATES = """
    title: t
    horizon_months: 24
    events:
      - {{type: crime_wave, {wave}, multiplier: 2}}
      - {{type: scandal, {scandal}}}
    plans:
      p:
        interventions:
          - {{type: dialogue, {start}}}
    """


@pytest.mark.parametrize("wave, scandal, start", [
    ("start_day: 60, end_day: 240", "day: 120", "start_day: 90"),
    ("start_month: 3, end_month: 8", "month: 5", "start_month: 4"),
    ("start_day: '2 months', end_day: '8 months'", "day: '120 days'", "start_day: '3 months'"),
    ("start_month: 3, end_day: '8 months'", "day: '4 months'", "start_day: '90 days'"),
])
def test_dates_in_days_months_or_durations_mean_the_same(tmp_path, wave, scandal, start):
    s = load_scenario(write(tmp_path, DATES.format(wave=wave, scandal=scandal, start=start)))
    assert s.events("p") == (iv.CrimeWave(60, 240, 2.0), iv.Scandal(120))
    assert s.interventions("p")[0].start_day == 90


def test_start_month_4_equals_start_day_90(tmp_path):
    by_month = load_scenario(write(tmp_path, DATES.format(
        wave="start_month: 1, end_month: 2", scandal="month: 4", start="start_month: 4"),
        "m.yaml"))
    by_day = load_scenario(write(tmp_path, DATES.format(
        wave="start_day: 0, end_day: 60", scandal="day: 90", start="start_day: 90"), "d.yaml"))
    assert by_month.model_kwargs("p") == by_day.model_kwargs("p")


@pytest.mark.parametrize("fields, phrase", [
    ("start_day: 30, start_month: 2", "start_month: give the date once (got 2; expected "
                                      "either start_day or start_month, not both)"),
    ("start_day: '6 fortnights'", "start_day: invalid date (got '6 fortnights'"),
    ("start_day: '0.1 weeks'", "start_day: not a whole number of days (got '0.1 weeks' = "
                               "0.7 days"),
    ("start_month: 0", "start_month: value out of range (got 0; expected a month number"),
    ("length_months: 'a year'", "length_months: invalid duration"),
])
def test_bad_dates_are_explained(tmp_path, fields, phrase):
    path = write(tmp_path, f"""
        title: t
        horizon_months: 24
        plans:
          p: {{interventions: [{{type: dialogue, {fields}}}]}}
        """)
    (line,) = problems(path)
    assert phrase in line


def test_scandal_given_as_month_is_one_clear_message_when_missing(tmp_path):
    path = write(tmp_path, """
        title: t
        horizon_months: 24
        events: [{type: scandal, reach_share: 0.5}]
        plans: {p: {}}
        """)
    (line,) = problems(path)
    assert "events[0].day: missing required field (expected day (a day from 0" in line
    assert "or month (a month number" in line


def test_dates_past_the_horizon_name_the_plan_and_the_horizon(tmp_path):
    path = write(tmp_path, """
        title: t
        horizon_months: 48
        events: [{type: crime_wave, start_day: 100, end_day: 1500}]
        plans:
          p:
            interventions: [{type: dialogue, start_day: 2000}]
            events: [{type: scandal, day: 1440}]
          q: {}
        """)
    text = "\n".join(problems(path))
    assert "events[0].end_day: date past the horizon in plans p, q (got day 1500 (start of "\
           "month 51); expected a day up to 1440 (horizon_months = 48" in text
    assert "plans.p.interventions[0].start_day: date past the horizon in plan p (got day 2000"\
        in text
    assert "plans.p.events[0].day: date past the horizon in plan p (got day 1440 (start of "\
           "month 49); expected a day up to 1439" in text


def test_more_participants_than_the_locality_has_is_an_error(tmp_path):
    path = write(tmp_path, """
        title: t
        horizon_months: 12
        locality: {n_residents: 1000, n_officers: 5}
        plans:
          p: {interventions: [{type: dialogue, n_residents: 1000000000, n_officers: 6}]}
        """)
    text = "\n".join(problems(path))
    assert "n_residents: value out of range (got 1000000000; expected a whole number in "\
           "[0, 5,000,000])" in text
    assert "n_officers: more participants than plan p has officers (got 6; expected at "\
           "most 5" in text


# --- names --------------------------------------------------------------------------------

NAMED = """
    title: t
    horizon_months: 6
    groups: [fans, church]
    neighbourhoods: [north, south, east, west]
    locality: {{n_residents: 2000, n_neighbourhoods: 4, n_officers: 8}}
    police_posts: [{posts}]
    group_homes: {{fans: [north, south], church: [west]}}
    hotspots: [{{name: stadium, neighbourhood: east}}]
    events:
      - {{type: police_withdrawal, name: riot, month: 2, neighbourhoods: [south, 3]}}
      - {{type: scandal, name: video, month: 3, reach_share: 0.5, trust_drop: 0.3}}
    plans:
      base: {{}}
      no_video: {{remove_events: [video]}}
      milder: {{change_events: {{video: {{trust_drop: 0.1, month: 4}}}}}}
    """


def test_neighbourhoods_and_groups_are_placed_by_name(tmp_path):
    s = load_scenario(write(tmp_path, NAMED.format(posts="north, east")))
    assert s.police_posts == (0, 2)
    assert s.group_homes == ((0, 1), (3,))
    assert s.hotspots == (iv.Hotspot("stadium", 2),)
    assert s.events("base")[0].neighbourhoods == (1, 3)
    assert s.model_kwargs("base")["police_posts"] == (0, 2)


def test_plans_remove_or_change_locality_events_by_name(tmp_path):
    s = load_scenario(write(tmp_path, NAMED.format(posts="north")))
    assert [type(e).__name__ for e in s.events("base")] == ["PoliceWithdrawal", "Scandal"]
    assert [type(e).__name__ for e in s.events("no_video")] == ["PoliceWithdrawal"]
    assert s.events("milder")[1] == iv.Scandal(90, reach_share=0.5, trust_drop=0.1,
                                               name="video")


@pytest.mark.parametrize("change, phrase", [
    ("remove_events: [vido]", "plans.bad.remove_events[0]: unknown event; did you mean "
                              "'video'?"),
    ("change_events: {video: {trust_drop: 2}}", "plans.bad.change_events.video.trust_drop: "
                                                "value out of range (got 2"),
    ("change_events: {video: {type: crime_wave}}", "a plan cannot change an event's type"),
    ("change_events: {video: {day: 30, month: 2}}", "give the date once"),
])
def test_bad_event_changes_are_explained(tmp_path, change, phrase):
    text = NAMED.format(posts="north").rstrip() + f"\n      bad: {{{change}}}\n"
    (line,) = problems(write(tmp_path, text))
    assert phrase in line


@pytest.mark.parametrize("posts, phrase", [
    ("nowhere", "police_posts[0]: unknown neighbourhood (got 'nowhere'; expected one of "
                "'north', 'south', 'east', 'west'"),
    ("9", "police_posts[0]: no such neighbourhood (got 9"),
])
def test_bad_placements_are_explained(tmp_path, posts, phrase):
    (line,) = problems(write(tmp_path, NAMED.format(posts=posts)))
    assert phrase in line


def test_police_post_share_beside_police_posts_is_an_error(tmp_path):
    text = NAMED.format(posts="north").replace("n_officers: 8", "n_officers: 8, "
                                               "police_post_share: 0.5")
    (line,) = problems(write(tmp_path, text))
    assert "locality.police_post_share: police_post_share is not used when police_posts "\
           "places the posts" in line


def test_old_severity_key_points_to_trust_drop(tmp_path):
    path = write(tmp_path, """
        title: t
        horizon_months: 12
        events: [{type: scandal, day: 3, severity: 2}]
        plans: {p: {}}
        """)
    (line,) = problems(path)
    assert "events[0].severity: unknown key: severity was replaced by trust_drop" in line
    assert "1 - 0.6**n" in line
