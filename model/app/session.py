"""One trainer's live session: a scenario, one or two plans advancing together, events.

:class:`Workshop` holds the running models and everything the page shows about them. It
knows nothing of Solara: the page calls it and draws the :class:`View` it returns, so it
can be tested, benchmarked and scripted on its own. Every method takes the session's lock,
so the play loop and button presses never interleave.

Determinism: a session is a function of (scenario, plans, seed, lever settings) and of
the events injected on which days. Both plans of a side-by-side comparison are built
with the same seed, so they start from the same population, network and state, and they
always advance to the same day.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model import Scenario, TrustModel, load_scenario
from model.app.levers import build_model, check_overrides, plan_values
from model.app.live_events import LIVE_EVENTS_BY_KEY
from model.app.network_view import NetworkSample, node_trust, sample_network
from model.app.series import plot_series
from model.scenario import list_scenarios

DAYS_PER_MONTH = 30


@dataclass(frozen=True)
class FiredEvent:
    """An event injected from the page.

    Attributes:
        day: Day it fires (the day the next step simulated when it was pressed).
        key: Its :data:`model.app.live_events.LIVE_EVENTS` key.
        label: Its button text.
    """

    day: int
    key: str
    label: str


@dataclass(frozen=True)
class DialogueWindow:
    """When a plan's dialogue sessions run (for shading the plots).

    Attributes:
        start_day: First day of sessions.
        end_day: First day after the last session.
    """

    start_day: int
    end_day: int


@dataclass(frozen=True)
class SideView:
    """What the page shows of one plan.

    Attributes:
        plan: Plan name.
        description: The plan's description from the scenario file.
        series: Plotted series (:func:`model.app.series.plot_series`).
        node_trust: Trust of the sampled residents (network view), by trust kind.
        dialogues: The plan's dialogue windows (with the lever settings applied).
        police_present_share: Share of neighbourhoods where police are present.
    """

    plan: str
    description: str
    series: dict[str, np.ndarray]
    node_trust: dict[str, np.ndarray]
    dialogues: tuple[DialogueWindow, ...]
    police_present_share: float


@dataclass(frozen=True)
class View:
    """Everything the page draws, taken at one moment under the session's lock.

    Attributes:
        day: Days simulated so far (the same for both plans).
        horizon_days: The scenario's horizon; stepping stops there.
        scenario_title: The scenario's title.
        sides: One SideView per plan (two in side-by-side mode).
        events: Events injected so far, in order.
        network: The network sample (the same residents and positions for both plans).
        neighbourhood_names: Labels of the neighbourhoods (may be empty).
    """

    day: int
    horizon_days: int
    scenario_title: str
    sides: tuple[SideView, ...]
    events: tuple[FiredEvent, ...]
    network: NetworkSample
    neighbourhood_names: tuple[str, ...] = field(default=())

    @property
    def finished(self) -> bool:
        """Whether the horizon has been reached."""
        return self.day >= self.horizon_days


class Workshop:
    """A live session over one scenario: one plan, or two side by side.

    Args:
        scenario: The scenario, or a path to its file.
        plan: Plan to run; None means the scenario's first plan.
        compare_plan: A second plan to run side by side from the same seed, or None.
        seed: Random seed shared by both plans.
        overrides: Lever settings (lever name -> value) the trainer moved; dialogue
            levers apply to ``plan`` only (the compared plan runs as written).

    Raises:
        model.ScenarioError: On an invalid file or an unknown plan.
        InputError: On an invalid lever setting.
    """

    def __init__(self, scenario: Scenario | str | Path, plan: str | None = None,
                 compare_plan: str | None = None, seed: int = 1,
                 overrides: Mapping[str, float] = {}) -> None:
        self.lock = threading.RLock()
        self.scenario = (scenario if isinstance(scenario, Scenario)
                         else load_scenario(scenario))
        self.plan = self.scenario.plan(plan).name
        self.compare_plan: str | None = None
        self.seed = int(seed)
        self.overrides: dict[str, float] = {}
        self.reset(compare_plan=compare_plan, overrides=overrides)

    # --- changing the session ------------------------------------------------------------
    def reset(self, *, plan: str | None = None, compare_plan: str | None = None,
              seed: int | None = None, overrides: Mapping[str, float] | None = None) -> None:
        """Rebuild the models at day 0 and forget injected events.

        Args:
            plan: Plan to run (None: keep the current one).
            compare_plan: Plan to compare with, or None for a single plan.
            seed: New seed (None: keep the current one).
            overrides: New lever settings (None: keep the current ones).
        """
        with self.lock:
            plan = self.scenario.plan(plan if plan is not None else self.plan).name
            if compare_plan is not None:
                compare_plan = self.scenario.plan(compare_plan).name
            self.seed = int(seed if seed is not None else self.seed)
            self.overrides = check_overrides(
                overrides if overrides is not None else self.overrides)
            self.plan, self.compare_plan = plan, compare_plan
            self.models = [build_model(self.scenario, plan, self.seed, self.overrides)]
            if compare_plan is not None:
                self.models.append(build_model(self.scenario, compare_plan, self.seed,
                                               self.overrides, with_dialogue_levers=False))
            self.events: list[FiredEvent] = []
            self.network = sample_network(self.models[0], seed=self.seed)

    def step(self, days: int = 1) -> int:
        """Advance every model by some days, never past the horizon.

        Args:
            days: Days to simulate.

        Returns:
            Days actually simulated.
        """
        with self.lock:
            days = max(0, min(int(days), self.horizon_days - self.day))
            for model in self.models:
                for _ in range(days):
                    model.step()
            return days

    def inject(self, key: str) -> FiredEvent:
        """Inject an event into every running model; it fires on the next simulated day.

        Args:
            key: A :data:`model.app.live_events.LIVE_EVENTS` key.

        Returns:
            The event as logged.

        Raises:
            KeyError: On an unknown key.
        """
        live = LIVE_EVENTS_BY_KEY[key]
        with self.lock:
            day = self.day
            for model in self.models:
                model.inject(live.make(day))
            fired = FiredEvent(day=day, key=key, label=live.label)
            self.events.append(fired)
            return fired

    # --- reading it -------------------------------------------------------------------
    @property
    def day(self) -> int:
        """Days simulated so far (every model is at the same day)."""
        return self.models[0].next_day

    @property
    def horizon_days(self) -> int:
        """The scenario's horizon in days."""
        return self.scenario.horizon_days

    @property
    def plans(self) -> tuple[str, ...]:
        """The running plans: one, or two side by side."""
        return (self.plan,) if self.compare_plan is None else (self.plan, self.compare_plan)

    def lever_values(self) -> dict[str, float | None]:
        """Each lever's value for the (first) plan: the trainer's setting or the plan's.

        Returns:
            Lever name -> value (None for a dialogue lever of a plan without dialogue).
        """
        values = plan_values(self.scenario, self.plan)
        return {name: (self.overrides.get(name, v) if v is not None else None)
                for name, v in values.items()}

    def view(self) -> View:
        """Take everything the page draws, consistently, under the lock.

        Returns:
            The view.
        """
        with self.lock:
            sides = tuple(self._side(model, plan, with_levers=i == 0)
                          for i, (model, plan) in enumerate(zip(self.models, self.plans,
                                                                strict=True)))
            return View(day=self.day, horizon_days=self.horizon_days,
                        scenario_title=self.scenario.title, sides=sides,
                        events=tuple(self.events), network=self.network,
                        neighbourhood_names=self.scenario.neighbourhood_names)

    def _side(self, model: TrustModel, plan: str, with_levers: bool) -> SideView:
        months = self.overrides.get("dialogue_months") if with_levers else None
        dialogues = tuple(
            DialogueWindow(d.start_day, d.start_day + round(
                (d.length_months if months is None else months) * DAYS_PER_MONTH))
            for d in self.scenario.interventions(plan))
        return SideView(
            plan=plan, description=self.scenario.plan(plan).description,
            series=plot_series(model),
            node_trust={which: node_trust(model, self.network, which)
                        for which in ("police", "informal", "outgroup")},
            dialogues=dialogues,
            police_present_share=float(np.mean(model.hoods.police_present)))


def bundled_scenarios(extra: Sequence[str | Path] = ()) -> dict[str, Path]:
    """Scenario files the page offers: the bundled ones that load, plus any given.

    Args:
        extra: Other scenario files (e.g. the one named on the command line).

    Returns:
        Name (file stem) -> path, bundled files first in name order.
    """
    found = {path.stem: path for path, title in list_scenarios()
             if not title.startswith("INVALID")}
    for path in extra:
        path = Path(path)
        found.setdefault(path.stem, path)
        if found[path.stem].resolve() != path.resolve():
            found[f"{path.stem} ({path.parent.name})"] = path
    return found
