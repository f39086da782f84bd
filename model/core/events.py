"""Scheduled events: crime waves, scandals, police withdrawal and return, flashpoints.

Events given at construction and events injected while the model runs
(``TrustModel.inject``) go through the same schedule and the same code.

docs/ODD.md, 7.0 Scheduled events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from model.core.interventions import (
    CrimeWave,
    Event,
    FlashpointAppears,
    FlashpointRemoved,
    JointAction,
    PoliceReturn,
    PoliceWithdrawal,
    Scandal,
)
from model.core.params import INCIDENT_TYPES
from model.core.population import Trust
from model.core.response import joint_action_trust, pick_in_groups

if TYPE_CHECKING:
    from model.core.trust_model import TrustModel


class EventSchedule:
    """The events of a run, indexed by the day they fire.

    Args:
        events: The events.
    """

    def __init__(self, events: Sequence[Event]) -> None:
        self.waves: list[CrimeWave] = []
        self.by_day: dict[int, list[Event]] = defaultdict(list)
        self.pending_returns: list[PoliceReturn] = []
        for e in events:
            self.add(e)

    def add(self, event: Event) -> None:
        """Add an event: a crime wave to the active-window list, others to their day.

        Args:
            event: The event.
        """
        if isinstance(event, CrimeWave):
            self.waves.append(event)
        else:
            self.by_day[int(event.day)].append(event)

    def rate_multiplier(self, day: int) -> np.ndarray:
        """Product of the active crime waves' multipliers, per incident type.

        Args:
            day: The day.

        Returns:
            Multiplier per type (ones when no wave is active).
        """
        mult = np.ones(len(INCIDENT_TYPES))
        for w in self.waves:
            if w.start_day <= day < w.end_day:
                types = w.incident_types or INCIDENT_TYPES
                mult[[INCIDENT_TYPES.index(t) for t in types]] *= w.multiplier
        return mult


def apply_events(model: TrustModel) -> None:
    """Fire today's events (docs/ODD.md, 7.0 Scheduled events).

    Crime waves set today's rate multipliers. A scandal lowers the trust in police of
    ``reach_share`` of the residents (drawn at random) by ``trust_drop`` of its value, and
    leaves the same lasting mark on their settled views (one bad event outweighs many good
    ones). Withdrawal takes
    police out of neighbourhoods (no one on duty, no reporting to police, no encounters);
    a return puts them back on its day or, with a trust threshold, on the first later
    day when the mean trust in police of the residents of its neighbourhoods has reached
    it. Flashpoints are switched on
    or off by name. A joint action has police and the group act together in its
    neighbourhoods (see :func:`joint_action`).

    Args:
        model: The model.
    """
    schedule, day = model.schedule, model.day
    model.locality.rate_multiplier = schedule.rate_multiplier(day)
    for event in schedule.by_day.get(day, ()):
        match event:
            case Scandal():
                scandal(model, event)
            case PoliceWithdrawal():
                _set_presence(model, event.neighbourhoods, False)
            case PoliceReturn():
                schedule.pending_returns.append(event)
            case FlashpointAppears():
                model.hotspots.active[event.hotspot.name] = event.hotspot
            case FlashpointRemoved():
                model.hotspots.active.pop(event.hotspot, None)
            case JointAction():
                joint_action(model, event)
    for event in list(schedule.pending_returns):
        trust_now = model.trust_police_mean(event.neighbourhoods)
        if event.trust_threshold is None or trust_now >= event.trust_threshold:
            _set_presence(model, event.neighbourhoods, True)
            schedule.pending_returns.remove(event)


def _set_presence(model: TrustModel, neighbourhoods: tuple[int, ...], present: bool) -> None:
    which = list(neighbourhoods) if neighbourhoods else slice(None)
    model.hoods.police_present[which] = present


def scandal(model: TrustModel, event: Scandal) -> None:
    """Apply a misconduct scandal to the residents who see it.

    Args:
        model: The model.
        event: The scandal.
    """
    res, rng = model.residents, model.rng
    n_seen = rng.binomial(len(res), event.reach_share)
    seen = rng.choice(len(res), size=n_seen, replace=False)
    keep = np.float32(1.0 - event.trust_drop)
    res.trust[seen, Trust.POLICE] *= keep
    res.anchor[seen, Trust.POLICE] *= keep


def joint_action(model: TrustModel, event: JointAction) -> None:
    """Police and the informal group act together once in each of the event's neighbourhoods.

    Where police are present (as for a relay, 7.4: not withdrawn, and someone on duty)
    and the group has members, one member (drawn with the model's generator) acts with
    the officers; the trust effects are
    those of a relayed incident (:func:`model.response.joint_action_trust`) and each
    action is counted in the day's ``joint_actions``.

    Args:
        model: The model.
        event: The joint action.
    """
    hoods, off = model.hoods, model.officers
    which = np.array(event.neighbourhoods or range(len(hoods)), dtype=np.int64)
    anyone_on_duty = (off.posted & hoods.police_present[off.hood]).any()
    which = which[hoods.police_present[which] & anyone_on_duty]
    member = pick_in_groups(model.rng, model.member_start, which)
    which, member = which[member >= 0], member[member >= 0]
    joint_action_trust(model, member, which)
    model.today["joint_actions"] += len(member)
