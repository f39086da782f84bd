"""Tests of model/app/session.py: a trainer's session, one plan or two side by side."""

import numpy as np
import pytest

from model import CrimeWave, JointAction, PoliceWithdrawal, Scandal
from model.app.live_events import LIVE_EVENTS, LIVE_EVENTS_BY_KEY
from model.app.session import Workshop, bundled_scenarios


def test_step_advances_every_model_to_the_same_day(saaba):
    w = Workshop(saaba, plan="no_dialogue", compare_plan="dialogue_12m", seed=1)
    assert w.step(30) == 30 and w.day == 30
    assert [m.next_day for m in w.models] == [30, 30]
    w.step(1)
    assert [m.next_day for m in w.models] == [31, 31] and not w.view().finished


def test_same_seed_and_same_actions_give_the_same_session(saaba):
    runs = []
    for _ in range(2):
        w = Workshop(saaba, plan="dialogue_12m", seed=9, overrides={"rotation": 0.6})
        w.step(10)
        w.inject("scandal")
        w.step(25)
        runs.append(w.view().sides[0].series)
    for key in runs[0]:
        np.testing.assert_array_equal(runs[0][key], runs[1][key])


def test_side_by_side_plans_start_from_the_same_state(saaba):
    w = Workshop(saaba, plan="dialogue_12m", compare_plan="no_dialogue", seed=4)
    a, b = w.models
    np.testing.assert_array_equal(a.residents.trust, b.residents.trust)
    np.testing.assert_array_equal(a.network.indices, b.network.indices)
    w.step(60)  # before the dialogue starts (day 90) the two runs are the same run
    np.testing.assert_array_equal(a.residents.trust, b.residents.trust)
    w.step(150)
    assert not np.array_equal(a.residents.trust, b.residents.trust)


def test_an_injected_event_fires_on_the_next_day_in_every_plan(saaba):
    w = Workshop(saaba, plan="dialogue_12m", compare_plan="no_dialogue", seed=2)
    w.step(5)
    fired = w.inject("withdrawal")
    assert fired.day == 5 and w.view().events == (fired,)
    assert all(m.hoods.police_present.all() for m in w.models)  # not yet
    w.step(1)
    assert not any(m.hoods.police_present.any() for m in w.models)


def test_each_button_makes_its_event_for_the_given_day():
    made = {e.key: e.make(17) for e in LIVE_EVENTS}
    assert isinstance(made["scandal"], Scandal) and made["scandal"].day == 17
    wave = made["crime_wave"]
    assert isinstance(wave, CrimeWave) and wave.start_day == 17 and wave.multiplier > 1
    assert set(wave.incident_types) == {"robbery", "break_in"}
    assert isinstance(made["withdrawal"], PoliceWithdrawal)
    assert not made["withdrawal"].neighbourhoods  # every neighbourhood
    assert made["return"].day == 17 and made["return"].trust_threshold is None
    assert isinstance(made["joint_action"], JointAction)
    assert all(e.description and e.label for e in LIVE_EVENTS)
    with pytest.raises(KeyError):
        LIVE_EVENTS_BY_KEY["earthquake"]


def test_reset_keeps_settings_forgets_events_and_applies_new_ones(workshop):
    workshop.step(10)
    workshop.inject("crime_wave")
    workshop.reset(overrides={"police_conduct": 0.55}, seed=8)
    assert workshop.day == 0 and workshop.events == []
    assert workshop.models[0].params.police_conduct_init == pytest.approx(0.55)
    assert workshop.seed == 8 and workshop.plan == "dialogue_12m"
    assert workshop.lever_values()["police_conduct"] == pytest.approx(0.55)
    assert workshop.lever_values()["dialogue_months"] == 12


def test_view_shows_the_dialogue_window_with_the_lever(saaba):
    w = Workshop(saaba, plan="dialogue_12m", compare_plan="dialogue_24m", seed=1,
                 overrides={"dialogue_months": 6})
    first, second = w.view().sides
    assert [(d.start_day, d.end_day) for d in first.dialogues] == [(90, 270)]
    assert [(d.start_day, d.end_day) for d in second.dialogues] == [(90, 810)]


def test_the_page_offers_the_bundled_scenarios_and_a_given_file(tmp_path, saaba_path):
    own = tmp_path / "mine.yaml"
    own.write_text(saaba_path.read_text())
    files = bundled_scenarios([own])
    assert {"saaba", "dakar", "jos", "nepal", "mine"} <= set(files)
    assert files["mine"] == own
