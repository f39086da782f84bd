"""Solara components of the workshop page.

The page holds one :class:`model.app.session.Workshop` per browser tab and draws its
:class:`model.app.session.View`. Buttons call the session (step, reset, inject an event);
the play loop steps it from a background thread. The sliders and the seed only change
what the next rebuild uses: pressing Reset (or picking another locality or plan)
rebuilds the models with what the page shows.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import solara

from model.app import charts
from model.app.figure import ChartOption, Figure
from model.app.levers import LEVERS, LEVERS_BY_NAME, Lever, Target, plan_values
from model.app.live_events import LIVE_EVENTS
from model.app.network_view import SAMPLE_SIZE
from model.app.series import (
    INCIDENT_METRICS,
    REPORTING_METRICS,
    RESPONSE_METRICS,
    TRUST_METRICS,
)
from model.app.session import DAYS_PER_MONTH, View, Workshop

SPEEDS: dict[str, int] = {"a day": 1, "a week": 7, "a month": DAYS_PER_MONTH}
"""Play speed: label -> days simulated per screen update."""
PLAY_PAUSE_S = 0.25
"""Pause between two screen updates while playing (seconds)."""
CHART_HEIGHT = "360px"
NETWORK_HEIGHT = "470px"

CSS = """
.jsd-app { font-size: 20px; line-height: 1.4; }
.jsd-app .v-btn { font-size: 18px !important; text-transform: none !important;
                  letter-spacing: normal !important; min-height: 46px; }
.jsd-app .v-label, .jsd-app .v-select__selection, .jsd-app input,
.jsd-app .v-input--switch label { font-size: 18px !important; }
.jsd-app .v-card__title { font-size: 24px !important; }
.jsd-title { font-size: 30px; font-weight: 600; }
.jsd-day { font-size: 34px; font-weight: 700; }
.jsd-caption { font-size: 17px; color: #333; margin: 4px 8px 8px 8px; }
.jsd-note { font-size: 17px; color: #8a4b00; }
.jsd-now td, .jsd-now th { font-size: 20px; padding: 2px 14px; text-align: right; }
.jsd-now td:first-child, .jsd-now th:first-child { text-align: left; }
.jsd-event-btn { color: white !important; margin: 4px; }
.jsd-log { font-size: 18px; }
.jsd-lever { font-size: 18px; margin-top: 6px; }
.jsd-legend { font-size: 18px; margin: 0 8px; }
"""

CAPTIONS = {
    "trust": "Average trust, from 0% (none) to 100% (full): residents' trust in the police, "
             "in the informal security group and in people of other identity groups, and "
             "the trust police and the group have in each other. Light blue: while the "
             "dialogue runs. Vertical lines: events injected from this page.",
    "reporting": "Of the incidents of the last 30 days: the share a victim or witness "
                 "reported to police, and the share whose information reached police at "
                 "all (reported, or passed on by the informal group).",
    "incidents": "Incidents of every kind (robbery, break-in, clash, smuggling, drugs) per "
                 "1,000 residents per month, over the last 30 days; and intergroup clashes "
                 "alone.",
    "response": "Per month, over the last 30 days: abuses by the informal group acting alone "
                "(injuries, wrong targets), and joint actions, when the group hands a case "
                "to police or acts with them.",
}
COMPARE_NOTE = ("Solid lines: the plan; dashed lines: the plan it is compared with; "
                "shaded: the gap between them. Both start from the same seed, so the gap "
                "is the plan, not chance.")
TRUST_KINDS = {"police": "trust in police", "informal": "trust in the informal group",
               "outgroup": "trust in other groups"}

_versions = itertools.count(1)


def _lever_slider(lever: Lever, value: float | None, on_value: Callable[[float], None]
                  ) -> None:
    solara.Text(f"{lever.label}: {lever.show(value)}", classes=["jsd-lever"])
    solara.SliderFloat(label="", value=lever.low if value is None else value,
                       min=lever.low, max=lever.high, step=lever.step, on_value=on_value,
                       thumb_label=False, disabled=value is None)


@solara.component
def WorkshopPage(scenario_files: Mapping[str, Path], initial: str,
                 make_workshop: Callable[..., Workshop] = Workshop) -> None:
    """The whole page.

    Args:
        scenario_files: Scenario name -> file, offered in the locality picker.
        initial: Name of the scenario shown first.
        make_workshop: Builds a session from a scenario file and Workshop's keywords
            (tests pass one that keeps a handle on the sessions it makes).
    """
    first = solara.use_memo(lambda: make_workshop(scenario_files[initial]), dependencies=[])
    workshop, set_workshop = solara.use_state(first)
    scenario_name, set_scenario_name = solara.use_state(initial)
    version = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive("a week")
    pending = solara.use_reactive(dict(workshop.overrides))
    seed = solara.use_reactive(workshop.seed)
    trust_kind = solara.use_reactive("police")
    error = solara.use_reactive("")

    def bump() -> None:
        version.set(next(_versions))

    def rebuild(**changes: Any) -> None:
        playing.set(False)
        try:
            with workshop.lock:
                workshop.reset(seed=seed.value, overrides=pending.value, **changes)
            error.set("")
        except ValueError as exc:  # includes ScenarioError
            error.set(str(exc))
        bump()

    def pick_scenario(name: str) -> None:
        playing.set(False)
        try:
            fresh = make_workshop(scenario_files[name], seed=seed.value, overrides={
                k: v for k, v in pending.value.items()
                if LEVERS_BY_NAME[k].target is Target.PARAMETER})
        except ValueError as exc:
            error.set(str(exc))
            return
        pending.set(dict(fresh.overrides))
        set_scenario_name(name)
        set_workshop(fresh)
        error.set("")
        bump()

    def pick_plan(plan: str) -> None:
        pending.set({k: v for k, v in pending.value.items()
                     if LEVERS_BY_NAME[k].target is Target.PARAMETER})
        rebuild(plan=plan, compare_plan=workshop.compare_plan)

    def set_compare(on: bool) -> None:
        other = next((p for p in workshop.scenario.plans if p != workshop.plan),
                     workshop.plan)
        rebuild(plan=workshop.plan, compare_plan=other if on else None)

    def pick_compare(plan: str) -> None:
        rebuild(plan=workshop.plan, compare_plan=plan)

    def step(days: int) -> None:
        workshop.step(days)
        bump()

    def inject(key: str) -> None:
        workshop.inject(key)
        bump()

    def play_loop(cancel: threading.Event) -> None:
        while playing.value and not cancel.is_set():
            if workshop.step(SPEEDS[speed.value]) == 0:
                playing.set(False)
                break
            bump()
            cancel.wait(PLAY_PAUSE_S)

    solara.use_thread(play_loop, dependencies=[playing.value, workshop],
                      intrusive_cancel=False)

    view = solara.use_memo(workshop.view, dependencies=[workshop, version.value])

    solara.Style(CSS)
    solara.Title("jsdsim workshop")
    with solara.Column(classes=["jsd-app"], style={"padding": "12px"}):
        _Header(view)
        if error.value:
            solara.Error(error.value)
        with solara.Row(style={"align-items": "flex-start", "flex-wrap": "nowrap"}):
            with solara.Column(style={"width": "440px", "min-width": "440px"}):
                with solara.Card("Locality and plan"):
                    solara.Select(label="Locality (scenario file)",
                                  values=list(scenario_files), value=scenario_name,
                                  on_value=pick_scenario)
                    solara.Select(label="Plan", values=list(workshop.scenario.plans),
                                  value=workshop.plan, on_value=pick_plan)
                    _Description(view.sides[0].description)
                    solara.Switch(label="Compare with another plan, side by side",
                                  value=workshop.compare_plan is not None,
                                  on_value=set_compare)
                    if workshop.compare_plan is not None:
                        solara.Select(label="Compared with",
                                      values=list(workshop.scenario.plans),
                                      value=workshop.compare_plan, on_value=pick_compare)
                        _Description(view.sides[1].description)
                with solara.Card("Run"):
                    _RunControls(view, playing, speed, step, lambda: rebuild(
                        plan=workshop.plan, compare_plan=workshop.compare_plan))
                with solara.Card("Sliders"):
                    _Sliders(plan_values(workshop.scenario, workshop.plan),
                             dict(workshop.overrides), workshop.seed,
                             workshop.compare_plan is not None, pending, seed)
            with solara.Column(style={"flex-grow": "1", "min-width": "0"}):
                _Events(view, inject)
                _Now(view)
                _Charts(view)
                _Network(view, trust_kind)


@solara.component
def _Header(view: View) -> None:
    month = view.day / DAYS_PER_MONTH
    with solara.Row(style={"align-items": "baseline", "justify-content": "space-between"}):
        solara.Text(view.scenario_title, classes=["jsd-title"])
        solara.Text(f"Day {view.day} · month {month:.1f} of "
                    f"{view.horizon_days // DAYS_PER_MONTH}", classes=["jsd-day"])


@solara.component
def _Description(text: str) -> None:
    if text:
        solara.Text(text, classes=["jsd-caption"])


@solara.component
def _RunControls(view: View, playing: solara.Reactive[bool], speed: solara.Reactive[str],
                 step: Callable[[int], None], reset: Callable[[], None]) -> None:
    done = view.finished
    with solara.Row(style={"flex-wrap": "wrap", "gap": "8px"}):
        if playing.value:
            solara.Button("❚❚ Pause", on_click=lambda: playing.set(False), color="primary")
        else:
            solara.Button("▶ Play", on_click=lambda: playing.set(True), color="primary",
                          disabled=done)
        solara.Button("Step a day", on_click=lambda: step(1),
                      disabled=playing.value or done)
        solara.Button("Step a month", on_click=lambda: step(DAYS_PER_MONTH),
                      disabled=playing.value or done)
        solara.Button("Reset", on_click=reset, outlined=True)
    solara.Text("Speed: each screen update simulates", classes=["jsd-caption"])
    solara.ToggleButtonsSingle(value=speed, values=list(SPEEDS))
    if done:
        solara.Text("The end of the scenario's horizon: press Reset to start again.",
                    classes=["jsd-note"])


@solara.component
def _Sliders(own: dict[str, float | None], applied: dict[str, float], applied_seed: int,
             compare: bool, pending: solara.Reactive[dict], seed: solara.Reactive[int]
             ) -> None:
    """Sliders of the plan's levers and the seed (applied by the next rebuild).

    Args:
        own: The plan's own value of each lever (None: not applicable).
        applied: The lever settings the running models were built with.
        applied_seed: The seed they were built with.
        compare: Whether a second plan runs side by side.
        pending: The settings shown (the next rebuild's).
        seed: The seed shown.
    """
    for lever in LEVERS:
        value = None if own[lever.name] is None else pending.value.get(lever.name,
                                                                       own[lever.name])

        def moved(v: float, lever: Lever = lever, shown: float | None = value) -> None:
            # a slider snaps an off-grid plan value to a neighbouring step (0.715 -> 0.72
            # or 0.71) and may report it: only a move further than that is the trainer's
            if shown is not None and abs(v - shown) > 0.51 * lever.step:
                pending.set({**pending.value, lever.name: float(v)})

        _lever_slider(lever, value, moved)
    solara.InputInt("Random seed (the same seed gives the same run)", value=seed)
    if compare:
        solara.Text("Dialogue sliders change the plan; the compared plan runs as written.",
                    classes=["jsd-caption"])
    changed = pending.value != applied or seed.value != applied_seed
    with solara.Row():
        solara.Button("Back to the plan's values", on_click=lambda: pending.set({}),
                      text=True, disabled=not pending.value)
    if changed:
        solara.Text("Changed: press Reset to apply.", classes=["jsd-note"])


@solara.component
def _Events(view: View, inject: Callable[[str], None]) -> None:
    with solara.Card("Events: they happen on the next day simulated"):
        with solara.Row(style={"flex-wrap": "wrap"}):
            for live in LIVE_EVENTS:
                solara.Button(live.label, on_click=lambda key=live.key: inject(key),
                              classes=["jsd-event-btn"], style={"background": live.color},
                              disabled=view.finished)
        with solara.Details("What each button does"):
            solara.Markdown("\n".join(f"- **{e.label}**: {e.description}"
                                      for e in LIVE_EVENTS))
        if view.events:
            lines = [f"Day {e.day}: {e.label}"
                     + (" (on the next step)" if e.day >= view.day else "")
                     for e in view.events]
            solara.Text(" · ".join(lines), classes=["jsd-log"])


_NOW_ROWS = (
    ("Residents' trust in police", "trust_police", True),
    ("Police and group's trust in each other", "trust_police_group", True),
    ("Information reaching police", "cooperation_rate", True),
    ("Incidents per 1,000 residents per month", "incidents_per_1000", False),
    ("Abuses by the informal group per month", "abuses_per_month", False),
)


def _fmt(value: float, percent: bool) -> str:
    if value != value:  # NaN
        return "–"
    return f"{value:.0%}" if percent else f"{value:.1f}"


@solara.component
def _Now(view: View) -> None:
    compare = len(view.sides) > 1
    head = "".join(f"<th>{s.plan}</th>" for s in view.sides)
    if compare:
        head += "<th>gap</th>"
    rows = []
    for label, key, percent in _NOW_ROWS:
        values = [float(s.series[key][-1]) for s in view.sides]
        cells = "".join(f"<td>{_fmt(v, percent)}</td>" for v in values)
        if compare:
            gap = values[0] - values[1]
            sign = "+" if gap > 0 else ""
            cells += (f"<td>{sign}{gap * 100:.0f} points</td>" if percent
                      else f"<td>{sign}{gap:.1f}</td>")
        rows.append(f"<tr><td>{label}</td>{cells}</tr>")
    police = " · ".join(f"{s.plan}: police present in {s.police_present_share:.0%} of "
                        "neighbourhoods" for s in view.sides)
    with solara.Card("Now"):
        solara.HTML(tag="table", unsafe_innerHTML=f"<tr><th></th>{head}</tr>{''.join(rows)}",
                    classes=["jsd-now"])
        solara.Text(police, classes=["jsd-caption"])
        if compare:
            solara.Text(COMPARE_NOTE, classes=["jsd-caption"])


@solara.component
def _Chart(title: str, option: ChartOption, legend: str, caption: str) -> None:
    with solara.Card(title, style={"min-width": "0"}):
        solara.HTML(tag="div", unsafe_innerHTML=legend, classes=["jsd-legend"])
        Figure(option, CHART_HEIGHT)
        solara.Text(caption, classes=["jsd-caption"])


def chart_specs(compare: bool) -> list[tuple[str, str, tuple, str, float | None]]:
    """(key, title, metrics, vertical axis name, axis top) of each time chart.

    Side by side, the trust chart keeps two of its four lines (each becomes two lines
    and a band).
    """
    trust = (TRUST_METRICS[0], TRUST_METRICS[3]) if compare else TRUST_METRICS
    return [("trust", "Trust", trust, "trust (%)", 100),
            ("reporting", "Reporting and cooperation", REPORTING_METRICS,
             "share of incidents (%)", 100),
            ("incidents", "Incidents", INCIDENT_METRICS, "per 1,000 per month", None),
            ("response", "Abuses and joint actions", RESPONSE_METRICS, "per month", None)]


@solara.component
def _Charts(view: View) -> None:
    specs = chart_specs(len(view.sides) > 1)
    drawn = solara.use_memo(lambda: [
        (title, ChartOption(charts.time_chart(view, metrics, y_name, y_max)),
         charts.legend_html(view, metrics), CAPTIONS[key])
        for key, title, metrics, y_name, y_max in specs], dependencies=[view])
    with solara.ColumnsResponsive(12, large=6):
        for title, option, legend, caption in drawn:
            _Chart(title, option, legend, caption)


@solara.component
def _Network(view: View, trust_kind: solara.Reactive[str]) -> None:
    n_shown = len(view.network.residents)
    options = solara.use_memo(lambda: [
        ChartOption(charts.network_chart(view, i, trust_kind.value,
                                         side.plan if len(view.sides) > 1 else ""))
        for i, side in enumerate(view.sides)], dependencies=[view, trust_kind.value])
    with solara.Card("Who trusts whom: a sample of residents and their ties"):
        solara.ToggleButtonsSingle(value=trust_kind, values=list(TRUST_KINDS))
        with solara.ColumnsResponsive(12 // len(view.sides)):
            for option in options:
                Figure(option, NETWORK_HEIGHT)
        solara.HTML(tag="div", unsafe_innerHTML=(
            "<span>no trust</span><span style='display:inline-block;width:240px;height:18px;"
            "margin:0 10px;vertical-align:middle;background:linear-gradient(to right,"
            + ",".join(charts.trust_colours_css()) + ")'></span><span>full trust</span>"),
            classes=["jsd-caption"])
        solara.Text(
            f"{n_shown} residents (at most {SAMPLE_SIZE}) of the locality: some drawn at "
            "random and some of their contacts, each dot coloured by its "
            f"{TRUST_KINDS[trust_kind.value]}. Dots sit in their neighbourhood (named), "
            "one slice per identity group; lines are ties between residents (family, "
            "friends, neighbours). Positions stay fixed; only the colours change.",
            classes=["jsd-caption"])
