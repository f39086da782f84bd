"""Trust moves with encounters and outcomes (docs/ODD.md, 7.5 Encounters and outcomes).

Discrete experiences (encounters, outcomes, victimisation, joint actions, abuses, attacks)
change trust through the four helpers at the top: a step up moves a value a share of its
distance to 1, a step down a share of its distance to 0. Repeated indices compose exactly
((1 - step) ** count), so the result does not depend on the order of same-day events.
Continuous pressures have their own forms, each in its submodel: insecurity erosion here
(logistic), social influence (7.6), dialogue contact and outreach (7.8), drift to settled
views (7.9) and a scandal's multiplicative mark (7.0).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.core.population import Trust
from model.core.reporting import Choice

MAX_INSECURITY_STEP_PER_DAY = 0.25
"""Cap on the daily insecurity erosion step at trust 0.5 (a guard against extreme crime
waves: it keeps one day's change far from emptying trust)."""

if TYPE_CHECKING:
    from model.core.crime import Incidents
    from model.core.reporting import Reports
    from model.core.response import Outcomes
    from model.core.trust_model import TrustModel


def move_up(values: np.ndarray, idx: np.ndarray, step: float) -> None:
    """Raise ``values[idx]`` by ``step`` of the distance to 1, once per occurrence.

    Args:
        values: Array updated in place (may be a column view).
        idx: Indices, repeats allowed.
        step: Share of the distance to 1, in [0, 1].
    """
    if len(idx):
        u, c = np.unique(idx, return_counts=True)
        v = values[u]
        values[u] = v + (1.0 - v) * (1.0 - (1.0 - min(step, 1.0)) ** c)  # never below v


def move_down(values: np.ndarray, idx: np.ndarray, step: float) -> None:
    """Lower ``values[idx]`` by ``step`` of the distance to 0, once per occurrence.

    Args:
        values: Array updated in place (may be a column view).
        idx: Indices, repeats allowed.
        step: Share of the value, in [0, 1] (larger steps are capped at 1).
    """
    if len(idx):
        u, c = np.unique(idx, return_counts=True)
        values[u] = values[u] * (1.0 - min(step, 1.0)) ** c


def move_up_counts(values: np.ndarray, counts: np.ndarray, step: float) -> None:
    """Raise every value ``counts[i]`` times by ``step`` of its distance to 1.

    Args:
        values: Array updated in place.
        counts: Number of steps per entry.
        step: Share of the distance to 1.
    """
    if counts.any():
        values += (1.0 - values) * (1.0 - (1.0 - min(step, 1.0)) ** counts)


def move_down_counts(values: np.ndarray, counts: np.ndarray, step: float) -> None:
    """Lower every value ``counts[i]`` times by ``step`` of its distance to 0.

    Args:
        values: Array updated in place.
        counts: Number of steps per entry.
        step: Share of the value.
    """
    if counts.any():
        values[:] = values * (1.0 - min(step, 1.0)) ** counts


LOGIT_BOUND = 1e-4
"""Trust values are kept inside [LOGIT_BOUND, 1 - LOGIT_BOUND] by logit steps."""


def move_logit(values: np.ndarray, idx: np.ndarray, step: float) -> None:
    """Move ``values[idx]`` by ``step`` on the logit scale, once per occurrence.

    Repeated indices add their steps, so the result does not depend on order. A step of
    the same size moves trust by the same share of T(1 - T) at any level, so a negative
    step k times a positive one weighs k times as much at every trust level.

    Args:
        values: Array updated in place (may be a column view).
        idx: Indices, repeats allowed.
        step: Step on the logit scale (negative lowers).
    """
    if len(idx):
        u, c = np.unique(idx, return_counts=True)
        v = np.clip(values[u].astype(np.float64), LOGIT_BOUND, 1.0 - LOGIT_BOUND)
        x = np.log(v / (1.0 - v)) + step * c
        values[u] = 1.0 / (1.0 + np.exp(-x))


def fair_probability(model: TrustModel, officer: np.ndarray) -> np.ndarray:
    """Probability that an officer's encounter is procedurally fair.

    The officer's conduct, lowered by their distrust of the community:
    conduct * (1 - hostility_weight * (1 - trust in community)).

    Args:
        model: The model.
        officer: Officers (indices).

    Returns:
        Probabilities.
    """
    off = model.officers
    hostility = model.params.hostility_weight * (1.0 - off.trust_community[officer])
    return off.conduct[officer] * (1.0 - hostility)


def encounter(model: TrustModel, officer: np.ndarray, resident: np.ndarray) -> None:
    """Apply police-resident encounters to residents' trust in police.

    A fair encounter raises trust by 2 x ``encounter_trust_step`` on the logit scale
    (at trust 0.5, about ``encounter_trust_step`` of the distance to 1); an unfair one
    lowers it by ``negativity_weight`` times that logit step (Skogan 2006), so a bad
    encounter weighs k times a good one at every trust level.

    Args:
        model: The model.
        officer: Officer of each encounter.
        resident: Resident of each encounter.
    """
    p = model.params
    fair = model.rng.random(len(officer)) < fair_probability(model, officer)
    column = model.residents.trust[:, Trust.POLICE]
    step = 2.0 * p.encounter_trust_step
    move_logit(column, resident[fair], step)
    move_logit(column, resident[~fair], -p.negativity_weight * step)
    model.today["encounters"] += len(officer)
    model.today["unfair_encounters"] += int((~fair).sum())


def routine_encounters(model: TrustModel) -> None:
    """Patrols and stops: each posted officer meets residents of their neighbourhood.

    The number of encounters is Poisson(``encounters_per_officer_per_day`` x posted
    officers); each pairs a random posted officer with a random resident of the
    officer's neighbourhood (docs/ODD.md, 7.5).

    Args:
        model: The model.
    """
    roster, rng = model.roster, model.rng
    if len(roster.by_hood) == 0:
        return
    n = rng.poisson(model.params.encounters_per_officer_per_day * len(roster.by_hood))
    officer = roster.by_hood[rng.integers(0, len(roster.by_hood), size=n)]
    hoods = model.hoods
    hood = model.officers.hood[officer]
    resident = hoods.start[hood] + np.floor(rng.random(n) * hoods.pop[hood]).astype(np.int64)
    keep = hoods.pop[hood] > 0
    encounter(model, officer[keep], resident[keep])


def outcome_feedback(model: TrustModel, incidents: Incidents, reports: Reports,
                     outcomes: Outcomes) -> None:
    """Victims and reporters learn from what happened (docs/ODD.md, 7.5).

    Reporters to police meet the handling officer (an encounter). A cleared report raises
    their trust in police by ``clearance_trust_gain``; an ignored one (beyond capacity)
    lowers it by ``ignored_trust_loss``, a handled but uncleared one by half that. Every
    victim where police are present loses ``victimisation_trust_loss`` of trust in
    police (residents do not blame police who are not there) and every victim remembers
    the day; uncleared incidents add to the neighbourhood's insecurity.

    Args:
        model: The model.
        incidents: The day's incidents.
        reports: The reporters' choices.
        outcomes: What happened to each incident.
    """
    p, res, hoods = model.params, model.residents, model.hoods
    police_reporters = reports.choice == Choice.POLICE
    handled = outcomes.handled[reports.incident] & police_reporters
    encounter(model, outcomes.officer[reports.incident[handled]], reports.resident[handled])

    column = res.trust[:, Trust.POLICE]
    cleared = outcomes.cleared[reports.incident]
    known = outcomes.known_police[reports.incident]
    move_up(column, reports.resident[handled & cleared], p.clearance_trust_gain)
    move_down(column, reports.resident[handled & ~cleared], p.ignored_trust_loss / 2)
    move_down(column, reports.resident[police_reporters & known & ~handled],
              p.ignored_trust_loss)

    present = hoods.police_present[incidents.hood]
    move_down(column, incidents.victim[present], p.victimisation_trust_loss)
    res.last_victim_day[incidents.victim] = model.day
    uncleared = np.bincount(incidents.hood[~outcomes.cleared], minlength=len(hoods))
    hoods.insecurity *= np.exp(-1.0 / p.crime_memory_days)
    hoods.insecurity += uncleared * 1000.0 / np.maximum(hoods.pop, 1)


def insecurity_erosion(model: TrustModel) -> None:
    """Crime above the usual level erodes trust in police; crime below it restores it.

    "The police failed us": each resident's trust in police moves by
    ``insecurity_trust_loss_per_day`` x (recent uncleared incidents per 1000 residents of
    their neighbourhood minus the level they are used to) x 4T(1 - T) each day: down when
    crime is above the usual level, up when below (at ``insecurity_recovery_share`` of
    the rate, so that a shock can leave a mark). The logistic factor 4T(1 - T) (1 at
    T = 0.5) keeps trust inside [0, 1]. The usual level follows the recent one with time constant
    ``insecurity_adaptation_days``. Where police are not present (withdrawn), crime does
    not change trust in police: residents do not blame police who are not there.

    Args:
        model: The model.
    """
    p, hoods = model.params, model.hoods
    excess = hoods.insecurity - hoods.insecurity_usual
    hoods.insecurity_usual += excess / p.insecurity_adaptation_days
    excess = np.where(excess < 0, p.insecurity_recovery_share * excess, excess)
    step = np.clip(p.insecurity_trust_loss_per_day * excess, -MAX_INSECURITY_STEP_PER_DAY,
                   MAX_INSECURITY_STEP_PER_DAY).astype(np.float32)
    step *= hoods.police_present
    if step.any():
        column = model.residents.trust[:, Trust.POLICE]
        column -= np.repeat(4.0 * step, hoods.pop) * column * (1.0 - column)
