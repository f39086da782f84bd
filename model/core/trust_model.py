"""TrustModel: the Mesa model whose ``step()`` is the daily schedule of docs/ODD.md.

The simulation core is headless: it reads no files and draws nothing. All randomness
comes from ``self.rng``, seeded by the ``rng`` keyword.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from functools import partial
from typing import Any

import mesa
import networkx as nx
import numpy as np
import pandas as pd

from model.core import arguments as args
from model.core import network as net
from model.core.agents import InformalMember, PoliceOfficer, Resident
from model.core.crime import expected_incidents, generate_incidents
from model.core.dialogue import DialogueRun, drift_back, run_dialogues
from model.core.errors import InputError
from model.core.events import EventSchedule, apply_events
from model.core.influence import civic_update, social_influence
from model.core.interventions import CrimeWave, Dialogue, Event, Hotspot, default_flashpoints
from model.core.metrics import daily_metrics, monthly_table, summarise_neighbourhoods
from model.core.params import INCIDENT_TYPES, resolve
from model.core.police import build_roster, police_trust_update, rotate_officers
from model.core.population import make_informal, make_officers, make_residents
from model.core.reporting import choose_reports
from model.core.resources import size_problems
from model.core.response import respond
from model.core.state import Hotspots, Locality, Neighbourhoods, Smoothed, new_counters
from model.core.trust import insecurity_erosion, outcome_feedback, routine_encounters


def _read_metric(name: str, model: TrustModel) -> float:
    """DataCollector reporter: one of the day's metrics (bound with functools.partial)."""
    return model.latest_metrics[name]


class DailyMetricsCollector(mesa.DataCollector):
    """Mesa's DataCollector with one model reporter per daily metric, collected cheaply.

    The reporters are declared as usual (one per entry of ``model.latest_metrics``), but
    :meth:`collect` appends the day's values directly: Mesa's own collect calls every
    reporter and deep-copies its value, which for these plain numbers costs as much per
    day as a submodel of a small locality. The collected values are the same.
    """

    def collect(self, model: TrustModel) -> None:
        """Append today's metrics (``model.latest_metrics``) to the model variables.

        Args:
            model: The model.
        """
        self._collection_steps.append(model.time)
        metrics = model.latest_metrics
        for name, values in self.model_vars.items():
            values.append(metrics[name])


class TrustModel(mesa.Model):
    """Trust between residents, police and informal security groups, day by day.

    Args:
        rng: Seed or numpy Generator; the only source of randomness.
        interventions: The plan's dialogues.
        events: Scheduled events (crime waves, scandals, withdrawal, return, flashpoints).
        hotspots: Hot spots active from day 0 (in addition to ``n_flashpoints``).
        graph: A networkx graph over residents 0..n_residents-1 to use instead of the
            generated network.
        police_posts: Indices of the neighbourhoods with a police post, the same for every
            seed; None places ``police_post_share`` of them at random.
        group_homes: For each identity group, the indices of its home neighbourhoods, the
            same for every seed; None gives each group a contiguous block in proportion
            to its size.
        **params: Flat parameters of :mod:`model.core.params` (each with its default, unit
            and range there). ``n_residents`` alone carries officers and informal
            members along at their default density (see ``resolve``).

    Raises:
        InputError: On an unknown parameter, a value of the wrong type or out of range, or
            an invalid argument (``rng``, an item of ``interventions``, ``events`` or
            ``hotspots``, a neighbourhood index); the message names the argument, the
            value and what was expected.

    Attributes:
        params: Resolved parameters (:class:`model.core.params.Params`).
        day: Index of the day being simulated (0 on the first step).
        residents, officers, informal: State arrays (:mod:`model.core.population`).
        hoods: Neighbourhood state (:class:`model.core.state.Neighbourhoods`).
        locality: Locality-level state (:class:`model.core.state.Locality`).
        smoothed: Smoothed sanction, incident and cooperation rates
            (:class:`model.core.state.Smoothed`).
        network: Social network (:class:`model.core.network.Network`).
        datacollector: Daily metrics, collected at t=0 and after every step.
    """

    def __init__(
        self,
        *,
        rng: Any = None,
        interventions: Sequence[Dialogue] = (),
        events: Sequence[Event] = (),
        hotspots: Sequence[Hotspot] = (),
        graph: nx.Graph | None = None,
        police_posts: Sequence[int] | None = None,
        group_homes: Sequence[Sequence[int]] | None = None,
        **params: Any,
    ) -> None:
        self.params = p = resolve(params)
        for name, reason in size_problems(p):
            raise InputError(f"{name} = {getattr(p, name)!r} is invalid: {reason}")
        interventions, events, hotspots = args.check_plan(p, interventions, events, hotspots)
        posts, homes = args.check_placement(p, police_posts, group_homes)
        graph = args.check_graph(graph)
        super().__init__(rng=args.check_rng(rng))  # mesa seeds random.Random: an int
        rng = self.rng
        self.day = 0

        n_hoods, n_groups = p.n_neighbourhoods, p.n_groups
        has_post = np.zeros(n_hoods, dtype=bool)
        if posts is None:
            has_post[rng.permutation(n_hoods)[: round(p.police_post_share * n_hoods)]] = True
        else:
            has_post[list(posts)] = True
        self.residents = res = make_residents(rng, p, has_post, homes)
        cell = res.hood.astype(np.int64) * n_groups + res.group
        self.cell_start = np.r_[0, np.cumsum(np.bincount(cell, minlength=n_hoods * n_groups))]
        self.cell_size = np.diff(self.cell_start)
        self.hoods = Neighbourhoods(
            start=self.cell_start[::n_groups], has_post=has_post,
            police_present=np.ones(n_hoods, dtype=bool),
            near_repeat=np.zeros((n_hoods, len(INCIDENT_TYPES))),
            insecurity=np.zeros(n_hoods), insecurity_usual=np.zeros(n_hoods),
            trust_mean=np.full((n_hoods, 3), 0.5),
            civic_share=np.zeros(n_hoods),
        )
        self.network = self._build_network(graph)
        self.officers = make_officers(rng, p, self.hoods.pop, has_post)
        self.informal = make_informal(rng, p, self.hoods.pop)
        self.member_start = np.r_[0, np.cumsum(np.bincount(self.informal.hood,
                                                           minlength=n_hoods))]
        self.locality = Locality(institution_conduct=p.police_conduct_init)

        spots = [*default_flashpoints(p.n_flashpoints, n_hoods), *hotspots]
        self.hotspots = Hotspots(active={s.name: s for s in spots})
        self.schedule = EventSchedule(events)
        self.dialogues = [DialogueRun(spec) for spec in interventions]
        none = np.zeros(0, dtype=np.int64)
        none.flags.writeable = False
        self._participants: tuple[list[np.ndarray], np.ndarray] = ([], none)

        summarise_neighbourhoods(self)
        self.roster = build_roster(self)
        self._start_near_steady_state()

        collecting = gc.isenabled()
        gc.disable()  # a million small objects would trigger many useless collections
        try:
            self.resident_agents = [Resident(self, i) for i in range(len(res))]
            self.officer_agents = [PoliceOfficer(self, i) for i in range(len(self.officers))]
            self.member_agents = [InformalMember(self, i) for i in range(len(self.informal))]
        finally:
            if collecting:
                gc.enable()

        self.today = new_counters()
        self.latest_metrics = daily_metrics(self)
        self.datacollector = DailyMetricsCollector(
            model_reporters={name: partial(_read_metric, name) for name in self.latest_metrics})
        self.datacollector.collect(self)

    def _start_near_steady_state(self) -> None:
        """Start smoothed rates and crime memories at their expected steady state.

        So that the first months show the locality as described rather than a warm-up:
        the sanction rate starts at ``clearance_init``, the cooperation rate at
        ``police_trust_community_init`` x ``cooperation_reference``, and the memories of
        recent crime at the level today's expected incident rates would sustain.
        """
        p, hoods = self.params, self.hoods
        cooperation = p.police_trust_community_init * p.cooperation_reference
        # expected_incidents reads the sanction rate: start with the rates per incident
        self.smoothed = Smoothed(sanctioned=p.clearance_init, incidents=1.0,
                                 cooperation=cooperation)
        expected = expected_incidents(self)
        per_1000 = expected / np.maximum(hoods.pop, 1)[:, None] * 1000.0
        hoods.near_repeat[:] = per_1000 * p.near_repeat_half_life_days / np.log(2)
        hoods.insecurity[:] = per_1000.sum(axis=1) * (1 - p.clearance_init) * p.crime_memory_days
        hoods.insecurity_usual[:] = hoods.insecurity
        total = expected.sum()  # then scale them to the expected incidents per day
        self.smoothed = Smoothed(sanctioned=p.clearance_init * total, incidents=total,
                                 cooperation=cooperation * total)

    def _build_network(self, graph: nx.Graph | None) -> net.Network:
        p = self.params
        if graph is not None:
            return net.from_networkx(graph, p.n_residents)
        generate = net.block_model if p.network_generator == "numpy" else (
            net.networkx_block_model)
        return generate(self.rng, self.cell_start, p.n_groups, p.mean_degree, p.homophily,
                        p.tie_locality)

    def run_for(self, days: int) -> None:  # type: ignore[override]
        """Simulate a number of days.

        Args:
            days: Whole days to simulate, in [0, 18,000] (3.0 counts as 3).

        Raises:
            InputError: On a negative, fractional, infinite or non-numeric count.
        """
        days = args.check_days(days)
        if days:  # Mesa warns on an empty advance
            super().run_for(days)

    # --- the daily schedule (docs/ODD.md, 3 Process overview and scheduling) -------------
    def step(self) -> None:
        """Simulate one day, submodel by submodel, in the order of docs/ODD.md section 3."""
        self.day = self.steps - 1
        self.today = new_counters()
        apply_events(self)                                    # 7.0 scheduled events
        self.roster = build_roster(self)
        incidents = generate_incidents(self)                  # 7.2 incidents
        reports = choose_reports(self, incidents)             # 7.3 reporting
        outcomes = respond(self, incidents, reports)          # 7.4 response
        outcome_feedback(self, incidents, reports, outcomes)  # 7.5 encounters, outcomes
        routine_encounters(self)
        insecurity_erosion(self)
        social_influence(self)                                # 7.6 social influence
        civic_update(self)
        self._update_smoothed(outcomes)                       # 7.7 police trust
        police_trust_update(self)
        run_dialogues(self)                                   # 7.8 dialogue
        drift_back(self)                                      # 7.9 drift, rotation
        self._replace_agents(rotate_officers(self))
        summarise_neighbourhoods(self)                        # 7.10 metrics
        self.latest_metrics = daily_metrics(self)
        self.datacollector.collect(self)

    def _update_smoothed(self, outcomes: Any) -> None:
        """Smooth today's sanctions, incidents and cooperation (time constant in days).

        The cooperation rate is frozen while no officer is on duty, so returning officers
        judge the community by its cooperation before they left.
        """
        p, s, today = self.params, self.smoothed, self.today
        a = 1.0 / p.deterrence_memory_days
        sanctioned = (today["cleared"]
                      + p.informal_deterrence_weight * outcomes.n_punished_not_cleared)
        s.sanctioned += a * (sanctioned - s.sanctioned)
        s.incidents += a * (today["incidents"] - s.incidents)
        if len(self.roster.by_hood):  # no one to cooperate with while police are away
            s.cooperation += a * (today["cooperation"] - s.cooperation)

    def _replace_agents(self, rows: np.ndarray) -> None:
        """A newcomer is a new Mesa agent in the rotated officer's row."""
        for row in rows.tolist():
            self.officer_agents[row].remove()
            self.officer_agents[row] = PoliceOfficer(self, row)

    # --- live changes (the workshop app) -------------------------------------------------
    @property
    def next_day(self) -> int:
        """Index of the day the next ``step()`` simulates (the days simulated so far)."""
        return self.steps

    def inject(self, event: Event) -> None:
        """Add an event while the model runs (a workshop's "inject an event now").

        The event joins the run's schedule and fires at the start of its day through the
        same code as the events given at construction (docs/ODD.md, 7.0), drawing on the
        model's own generator: the same seed with the same injections gives the same run.
        To have it happen now, give it the day the next step simulates, :attr:`next_day`.

        Args:
            event: Any event of :mod:`model.interventions` (a crime wave fires on each day
                of its window; a JointAction is only available this way).

        Raises:
            ValueError: If its day (a crime wave's ``start_day``) has already been
                simulated, or it names a neighbourhood the model does not have.
        """
        day = event.start_day if isinstance(event, CrimeWave) else event.day
        if day < self.next_day:
            raise ValueError(f"{type(event).__name__} on day {day}: that day has been "
                             f"simulated already (the next day is {self.next_day})")
        bad = [h for h in getattr(event, "neighbourhoods", ()) if not 0 <= h < len(self.hoods)]
        if bad:
            raise ValueError(f"{type(event).__name__}: no neighbourhood {bad[0]} (the model "
                             f"has {len(self.hoods)})")
        self.schedule.add(event)

    # --- helpers for the submodels -------------------------------------------------------
    def contacts_of(self, residents: np.ndarray) -> np.ndarray:
        """All network contacts of the given residents (with repeats).

        Args:
            residents: Resident indices.

        Returns:
            Concatenated contact indices.
        """
        return self.network.contacts(residents)

    def participant_residents(self) -> np.ndarray:
        """Residents selected by the dialogues started so far.

        Returns:
            Resident indices, sorted and read-only (empty before any dialogue starts).
            Computed again only when a dialogue has chosen its participants since the
            last call.
        """
        chosen = [run.residents for run in self.dialogues if len(run.residents)]
        cached_from, cached = self._participants
        if len(chosen) != len(cached_from) or any(
                a is not b for a, b in zip(chosen, cached_from, strict=True)):
            cached = (np.unique(np.concatenate(chosen)) if chosen
                      else np.zeros(0, dtype=np.int64))
            cached.flags.writeable = False
            self._participants = (chosen, cached)
        return cached

    def trust_police_mean(self, neighbourhoods: Sequence[int] = ()) -> float:
        """Residents' mean trust in police, as of the end of the previous day.

        Args:
            neighbourhoods: Restrict to these neighbourhoods (empty: the whole locality).

        Returns:
            The population-weighted mean.
        """
        which = list(neighbourhoods) if len(neighbourhoods) else slice(None)
        pop = self.hoods.pop[which]
        return float((self.hoods.trust_mean[which, 0] * pop).sum() / max(pop.sum(), 1))

    # --- outputs -------------------------------------------------------------------------
    def daily_table(self) -> pd.DataFrame:
        """Daily metrics, one row per day (row 0 is the initial state).

        Returns:
            DataFrame indexed by ``day`` (days completed).
        """
        df = self.datacollector.get_model_vars_dataframe()
        df.index = pd.Index(range(len(df)), name="day")
        return df

    def monthly_table(self) -> pd.DataFrame:
        """Tidy monthly outputs, one row per completed 30-day month (docs/ODD.md, 8).

        Returns:
            DataFrame with ``month``, ``incidents_per_1000``, ``reporting_rate``,
            ``cooperation_rate``, ``clearance_rate``, trust means, ``joint_actions``,
            ``abuses``, ``clashes`` and more.
        """
        return monthly_table(self.daily_table(), self.params.n_residents)
