"""Response: the informal group acts on what it hears, the police on what reaches them.

docs/ODD.md, 7.4 Response.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from model.core.reporting import Choice
from model.core.trust import move_down, move_down_counts, move_up, move_up_counts

if TYPE_CHECKING:
    from model.core.crime import Incidents
    from model.core.reporting import Reports
    from model.core.trust_model import TrustModel


@dataclass
class Outcomes:
    """What happened to each of the day's incidents.

    Attributes:
        informal_acted: The informal group punished on its own.
        relayed: The informal group handed its information to police (joint action).
        known_police: Information reached police (directly or relayed).
        handled: Police handled it (within capacity).
        cleared: Police cleared it.
        officer: Officer who handled it (-1 if none).
    """

    informal_acted: np.ndarray
    relayed: np.ndarray
    known_police: np.ndarray
    handled: np.ndarray
    cleared: np.ndarray
    officer: np.ndarray

    @property
    def n_punished_not_cleared(self) -> int:
        """Incidents the informal group punished on its own and the police did not clear."""
        return int((self.informal_acted & ~self.cleared).sum())


def pick_in_groups(rng: np.random.Generator, start: np.ndarray, group: np.ndarray
                   ) -> np.ndarray:
    """Pick one member uniformly from each requested group of a sorted population.

    Args:
        rng: Random generator.
        start: Offsets of each group (length n_groups + 1).
        group: Requested group per draw.

    Returns:
        Member index per draw, or -1 where the group is empty.
    """
    size = start[group + 1] - start[group]
    pick = start[group] + np.floor(rng.random(len(group)) * size).astype(np.int64)
    return np.where(size > 0, pick, -1)


def joint_action_trust(model: TrustModel, member: np.ndarray, hood: np.ndarray) -> None:
    """Police-group trust after joint actions, both ways (docs/ODD.md, 7.4 Response).

    Each joint action raises the acting member's trust in police, and the trust in the
    group of every officer of its neighbourhood, by ``joint_trust_gain`` of the distance
    to 1. Shared by relayed incidents and by injected joint actions
    (:class:`model.interventions.JointAction`).

    Args:
        model: The model.
        member: Acting informal member per joint action.
        hood: Neighbourhood per joint action.
    """
    p, off = model.params, model.officers
    move_up(model.informal.trust_police, member, p.joint_trust_gain)
    actions_here = np.bincount(hood, minlength=len(model.hoods))[off.hood]
    move_up_counts(off.trust_informal, actions_here, p.joint_trust_gain)


def informal_response(model: TrustModel, incidents: Incidents, reports: Reports
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Informal members act on incidents they hear of (docs/ODD.md, 7.4 Response).

    A member of the incident's neighbourhood relays to police (a joint action) with
    probability logistic(logit(handover) + w * (mutual trust - 0.5) + channel boost),
    where mutual trust averages the member's trust in police and the officers' trust in
    the group; police must be available there. Otherwise the member acts alone with
    probability ``informal_action_prob``; an own action is abusive with the member's
    vigilantism probability: a resident of the neighbourhood is hurt or wrongly
    targeted, losing trust in the group (and their contacts half as much), and officers
    there lose trust in the group. A joint action raises police-group trust both ways;
    an own action without abuse raises the reporters' trust in the group.

    Args:
        model: The model.
        incidents: The day's incidents.
        reports: The reporters' choices.

    Returns:
        (relayed, acted alone) boolean arrays per incident.
    """
    p, rng, inf, off = model.params, model.rng, model.informal, model.officers
    n = len(incidents)
    relayed = np.zeros(n, dtype=bool)
    acted = np.zeros(n, dtype=bool)
    heard = np.flatnonzero(reports.count(Choice.INFORMAL, n) > 0)
    member = pick_in_groups(rng, model.member_start, incidents.hood[heard].astype(np.int64))
    heard, member = heard[member >= 0], member[member >= 0]
    model.today["heard_informal"] += len(heard)
    if len(heard) == 0:
        return relayed, acted

    hood = incidents.hood[heard]
    roster = model.roster
    police_there = roster.available[hood]
    officer_trust = roster.trust_informal_mean[hood]
    mutual = 0.5 * (inf.trust_police[member] + officer_trust)
    handover = np.clip(inf.handover[member], 1e-6, 1 - 1e-6)
    u = (np.log(handover / (1 - handover)) + p.report_trust_weight * (mutual - 0.5)
         + p.channel_report_boost * model.locality.liaison * inf.channel[member])
    relay = police_there & (rng.random(len(heard)) < 1.0 / (1.0 + np.exp(-u)))
    own = ~relay & (rng.random(len(heard)) < p.informal_action_prob)
    abuse = own & (rng.random(len(heard)) < inf.vigilantism[member])
    relayed[heard[relay]] = True
    acted[heard[own]] = True

    n_hoods = len(model.hoods)
    joint_action_trust(model, member[relay], hood[relay])
    # own actions: reporters who went to the group see it act
    good = np.zeros(n, dtype=bool)
    good[heard[own & ~abuse]] = True
    informal_trust = model.residents.trust[:, 1]
    move_up(informal_trust, reports.residents(Choice.INFORMAL, good), p.informal_trust_gain)
    move_up(inf.trust_residents, member[own | relay], p.informal_trust_gain)
    # abuses: a resident of the neighbourhood is harmed
    victims = pick_in_groups(rng, model.hoods.start, hood[abuse])
    victims = victims[victims >= 0]
    move_down(informal_trust, victims, p.abuse_trust_loss)
    move_down(informal_trust, model.contacts_of(victims), p.abuse_trust_loss / 2)
    abuses_here = np.bincount(hood[abuse], minlength=n_hoods)[off.hood]
    move_down_counts(off.trust_informal, abuses_here, p.abuse_police_trust_loss)

    today = model.today
    today["joint_actions"] += int(relay.sum())
    today["informal_actions"] += int(own.sum())
    today["abuses"] += int(abuse.sum())
    return relayed, acted


def police_response(model: TrustModel, incidents: Incidents, reports: Reports,
                    relayed: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Police handle what reaches them, up to capacity (docs/ODD.md, 7.4 Response).

    Information units are the direct reports plus ``relay_information_weight`` for a
    relay. Today's capacity is ``officer_capacity_per_day`` per posted officer
    (stochastically rounded); when more incidents reach police, a random subset is
    handled. The handling officer is drawn from those posted in the incident's
    neighbourhood, or from all posted officers if none is posted there; their effort is
    1 - ``effort_trust_weight`` x (1 - their trust in the community), and the incident is
    cleared with probability 1 - (1 - ``clearance_per_report`` x effort)^units.

    Args:
        model: The model.
        incidents: The day's incidents.
        reports: The reporters' choices.
        relayed: Whether the informal group relayed each incident.

    Returns:
        (known to police, handled, cleared, handling officer or -1) per incident.
    """
    p, rng = model.params, model.rng
    n = len(incidents)
    direct = reports.count(Choice.POLICE, n)
    units = direct + p.relay_information_weight * relayed
    known = units > 0
    known_idx = np.flatnonzero(known)
    roster = model.roster
    capacity = p.officer_capacity_per_day * len(roster.by_hood)
    capacity = int(capacity) + int(rng.random() < capacity - int(capacity))
    if len(known_idx) > capacity:
        known_idx = np.sort(rng.permutation(known_idx)[:capacity])
    handled = np.zeros(n, dtype=bool)
    handled[known_idx] = True
    officer = np.full(n, -1, dtype=np.int64)
    effort = np.ones(n)
    if len(known_idx):
        pick = pick_in_groups(rng, roster.start, incidents.hood[known_idx])
        anyone = rng.integers(0, len(roster.by_hood), size=len(known_idx))
        officer[known_idx] = roster.by_hood[np.where(pick >= 0, pick, anyone)]
        distrust = 1.0 - model.officers.trust_community[officer[known_idx]]
        effort[known_idx] = 1.0 - p.effort_trust_weight * distrust
    clear_prob = 1.0 - (1.0 - p.clearance_per_report * effort) ** units
    cleared = handled & (rng.random(n) < clear_prob)

    today = model.today
    today["reported_police"] += int((direct > 0).sum())
    today["cooperation"] += int(known.sum())
    today["handled"] += int(handled.sum())
    today["ignored"] += int((known & ~handled).sum())
    today["cleared"] += int(cleared.sum())
    return known, handled, cleared, officer


def respond(model: TrustModel, incidents: Incidents, reports: Reports) -> Outcomes:
    """The informal group acts first, then police (docs/ODD.md, 7.4 Response).

    Args:
        model: The model.
        incidents: The day's incidents.
        reports: The reporters' choices.

    Returns:
        What happened to each incident.
    """
    relayed, acted = informal_response(model, incidents, reports)
    known, handled, cleared, officer = police_response(model, incidents, reports, relayed)
    return Outcomes(informal_acted=acted, relayed=relayed, known_police=known,
                    handled=handled, cleared=cleared, officer=officer)
