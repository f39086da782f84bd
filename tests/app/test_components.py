"""In-process tests of the workshop page (model/app/components.py) with solara.render.

The page is rendered without a browser; buttons are clicked and sliders moved through
their widgets, and the sessions the page creates are inspected through the
``make_workshop`` hook.
"""

from __future__ import annotations

import time

import ipyvuetify as v
import numpy as np
import pytest
import solara
from solara.components.echarts import EchartsWidget

from model.app.components import WorkshopPage
from model.app.levers import LEVERS
from model.app.live_events import LIVE_EVENTS_BY_KEY
from model.app.session import Workshop
from model.core.params import INCIDENT_TYPES
from model.scenario import scenario_dir

FILES = {name: scenario_dir() / f"{name}.yaml" for name in ("saaba", "jos")}


class Page:
    """A rendered page with a handle on the sessions it made."""

    def __init__(self) -> None:
        self.sessions: list[Workshop] = []

        def make(path, **kwargs):
            kwargs.setdefault("plan", "dialogue_12m")
            session = Workshop(path, **kwargs)
            self.sessions.append(session)
            return session

        self.box, self.rc = solara.render(WorkshopPage(FILES, "saaba", make_workshop=make),
                                          handle_error=False)

    @property
    def session(self) -> Workshop:
        return self.sessions[-1]

    def click(self, label: str) -> None:
        self.rc.find(v.Btn, children=[label]).widget.click()

    def button(self, label: str) -> v.Btn:
        return self.rc.find(v.Btn, children=[label]).widget

    def texts(self) -> list[str]:
        return [w.children[0] for w in self.rc.find(v.Html).widgets
                if w.children and isinstance(w.children[0], str)]

    def slider(self, name: str) -> v.Slider:
        index = [lever.name for lever in LEVERS].index(name)
        return self.rc.find(v.Slider).widgets[index]


@pytest.fixture
def page():
    rendered = Page()
    yield rendered
    rendered.rc.close()


def test_step_buttons_advance_the_model_and_the_page(page):
    assert page.session.day == 0 and any(t.startswith("Day 0 ") for t in page.texts())
    page.click("Step a day")
    assert page.session.day == 1
    page.click("Step a month")
    assert page.session.day == 31 and page.session.models[0].next_day == 31
    assert any(t.startswith("Day 31 ") for t in page.texts())
    figure = page.rc.find(EchartsWidget).widgets[0]
    assert len(figure.option.data["series"][0]["data"]) == 32  # the plot grew with the run


def test_a_slider_change_applies_when_reset_is_pressed(page):
    page.click("Step a month")
    model_before = page.session.models[0]
    page.slider("police_conduct").v_model = 0.6
    assert page.session.models[0] is model_before  # not yet
    assert "Changed: press Reset to apply." in page.texts()
    page.click("Reset")
    session = page.session
    assert session.day == 0 and session.models[0] is not model_before
    assert session.models[0].params.police_conduct_init == pytest.approx(0.6)
    assert session.overrides == {"police_conduct": 0.6}
    assert "Changed: press Reset to apply." not in page.texts()
    page.slider("dialogue_months").v_model = 3
    page.click("Reset")
    assert [run.spec.length_months for run in page.session.models[0].dialogues] == [3]


def test_a_slider_that_only_snaps_the_plans_value_changes_nothing(page):
    # Saaba starts trust at 0.715; a slider with step 0.01 reports 0.72 when drawn
    page.slider("trust_start").v_model = 0.72
    assert page.session.overrides == {}
    assert "Changed: press Reset to apply." not in page.texts()


def _mean_trust_police(session: Workshop) -> float:
    return float(session.models[0].residents.trust[:, 0].mean())


def test_scandal_button_drops_trust_in_police(page):
    page.click("Step a day")
    before = _mean_trust_police(page.session)
    page.click(LIVE_EVENTS_BY_KEY["scandal"].label)
    assert "Day 1: Misconduct video goes viral (on the next step)" in " · ".join(page.texts())
    page.click("Step a day")
    assert _mean_trust_police(page.session) < before - 0.1


def test_crime_wave_button_doubles_robberies_and_break_ins(page):
    page.click("Step a day")
    before = page.session.models[0].locality.rate_multiplier.copy()  # Saaba's own wave: x1.3
    page.click(LIVE_EVENTS_BY_KEY["crime_wave"].label)
    page.click("Step a day")
    ratio = page.session.models[0].locality.rate_multiplier / before
    for kind in ("robbery", "break_in"):
        assert ratio[INCIDENT_TYPES.index(kind)] == pytest.approx(2.0)
    assert ratio[INCIDENT_TYPES.index("drugs")] == 1.0


def test_withdrawal_and_return_buttons_take_police_away_and_back(page):
    page.click(LIVE_EVENTS_BY_KEY["withdrawal"].label)
    page.click("Step a day")
    model = page.session.models[0]
    assert not model.hoods.police_present.any()
    assert model.latest_metrics["n_officers_on_duty"] == 0
    assert "police present in 0% of neighbourhoods" in " ".join(page.texts())
    page.click(LIVE_EVENTS_BY_KEY["return"].label)
    page.click("Step a day")
    assert model.hoods.police_present.all() and model.latest_metrics["n_officers_on_duty"] > 0


def test_joint_action_button_raises_police_group_trust(page):
    page.click("Step a day")
    model = page.session.models[0]
    before = model.informal.trust_police.copy()
    page.click(LIVE_EVENTS_BY_KEY["joint_action"].label)
    page.click("Step a day")
    with_members = np.unique(model.informal.hood)
    assert model.today["joint_actions"] >= len(with_members)
    gained = model.informal.trust_police > before
    assert set(model.informal.hood[gained]) == set(with_members)


def test_side_by_side_keeps_both_models_on_the_same_day(page):
    page.rc.find(v.Switch).widget.v_model = True
    session = page.session
    assert len(session.models) == 2 and session.compare_plan is not None
    page.click("Step a month")
    page.click(LIVE_EVENTS_BY_KEY["scandal"].label)
    page.click("Step a day")
    assert [m.next_day for m in session.models] == [31, 31]
    assert all(m.schedule.by_day[30] for m in session.models)  # both got the event
    page.click("Step a month")
    assert [m.next_day for m in session.models] == [61, 61]
    header = next(t for t in page.texts() if t.startswith("Day "))
    assert header.startswith("Day 61 ")
    figure = page.rc.find(EchartsWidget).widgets[0]
    names = [s["name"] for s in figure.option.data["series"]]
    assert any(n.endswith("_band") for n in names)  # the gap is drawn


def test_picking_a_plan_or_a_locality_rebuilds_at_day_0(page):
    page.click("Step a month")
    selects = page.rc.find(v.Select).widgets
    selects[1].v_model = "dialogue_24m"
    assert page.session.plan == "dialogue_24m" and page.session.day == 0
    selects[0].v_model = "jos"
    assert page.session.scenario.name == "jos" and page.session.day == 0


def test_play_runs_until_paused(page):
    page.click("▶ Play")
    deadline = time.monotonic() + 20
    while page.session.day < 14 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert page.session.day >= 14
    page.click("❚❚ Pause")
    time.sleep(0.6)
    day = page.session.day
    time.sleep(0.6)
    assert page.session.day == day and day % 7 == 0  # a week per update by default
