"""Reporting: who tells the police, who tells the informal group, who stays silent.

docs/ODD.md, 7.3 Reporting.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

import numpy as np

from model.core.population import Trust

if TYPE_CHECKING:
    from model.core.crime import Incidents
    from model.core.trust_model import TrustModel


class Choice(IntEnum):
    """What a reporter does with what they know."""

    POLICE = 0
    INFORMAL = 1
    SILENT = 2


@dataclass
class Reports:
    """One entry per potential reporter (the victim and the witnesses of each incident).

    Attributes:
        incident: Index of the incident in the day's Incidents.
        resident: The reporter.
        choice: A Choice value.
    """

    incident: np.ndarray
    resident: np.ndarray
    choice: np.ndarray

    def count(self, choice: Choice, n_incidents: int) -> np.ndarray:
        """Number of reporters making ``choice``, per incident.

        Args:
            choice: The choice to count.
            n_incidents: Number of incidents.

        Returns:
            Counts, length n_incidents.
        """
        return np.bincount(self.incident[self.choice == choice], minlength=n_incidents)

    def residents(self, choice: Choice, incidents_mask: np.ndarray | None = None
                  ) -> np.ndarray:
        """Residents who made ``choice``, optionally only for some incidents.

        Args:
            choice: The choice.
            incidents_mask: Boolean per incident; None keeps all.

        Returns:
            Resident indices (a resident may appear more than once).
        """
        keep = self.choice == choice
        if incidents_mask is not None:
            keep &= incidents_mask[self.incident]
        return self.resident[keep]


def witnesses(model: TrustModel, victim: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Draw up to ``n_witnesses_per_incident`` network contacts of each victim.

    Contacts are drawn with replacement; a victim without contacts has no witnesses.

    Args:
        model: The model.
        victim: Victim of each incident.

    Returns:
        (incident index, witness) arrays.
    """
    k = model.params.n_witnesses_per_incident
    net = model.network
    deg = net.indptr[victim + 1] - net.indptr[victim]
    inc = np.repeat(np.arange(len(victim)), k)
    inc = inc[deg[inc] > 0]
    pos = net.indptr[victim[inc]] + np.floor(model.rng.random(len(inc)) * deg[inc]).astype(
        np.int64)
    return inc, net.indices[pos].astype(np.int64)


def report_probabilities(model: TrustModel, resident: np.ndarray, is_victim: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities of telling police and the informal group (multinomial logit).

    Utilities (silence = 0): police rise with trust in police, access and a dialogue
    channel (scaled by the liaison officers still in post); the informal group's with
    trust in it; both fall with fear of retaliation (baseline plus a boost that fades
    with the resident's victimisation memory), and
    witnesses have a lower utility than victims. Police are no option where they are
    withdrawn or none is posted; the informal group is none where no member operates.

    Args:
        model: The model.
        resident: The reporters.
        is_victim: Whether each is the victim (else a witness).

    Returns:
        (P(police), P(informal)) per reporter.
    """
    p, res = model.params, model.residents
    hood = res.hood[resident]
    trust = res.trust[resident]
    since = model.day - res.last_victim_day[resident]
    fear = p.fear_of_retaliation + p.victim_fear_boost * np.exp(-since / p.crime_memory_days)
    offset = np.where(is_victim, 0.0, p.witness_logit_offset) - p.report_fear_weight * fear
    u_police = (p.report_police_logit + offset
                + p.report_trust_weight * (trust[:, Trust.POLICE] - 0.5)
                + p.report_access_weight * (res.access[resident] - 0.5)
                + p.channel_report_boost * model.locality.liaison * res.channel[resident])
    u_informal = (p.report_informal_logit + offset
                  + p.report_trust_weight * (trust[:, Trust.INFORMAL] - 0.5))
    e_police = np.exp(u_police) * model.roster.available[hood]
    e_informal = np.exp(u_informal) * (np.diff(model.member_start) > 0)[hood]
    denom = 1.0 + e_police + e_informal
    return e_police / denom, e_informal / denom


def choose_reports(model: TrustModel, incidents: Incidents) -> Reports:
    """Let each victim and witness choose police, informal group or silence.

    docs/ODD.md, 7.3 Reporting.

    Args:
        model: The model.
        incidents: The day's incidents.

    Returns:
        The reporters and their choices.
    """
    w_inc, w_res = witnesses(model, incidents.victim)
    inc = np.r_[np.arange(len(incidents)), w_inc]
    resident = np.r_[incidents.victim, w_res]
    is_victim = np.arange(len(inc)) < len(incidents)
    p_police, p_informal = report_probabilities(model, resident, is_victim)
    u = model.rng.random(len(inc))
    choice = np.full(len(inc), Choice.SILENT, dtype=np.int8)
    choice[u < p_police + p_informal] = Choice.INFORMAL
    choice[u < p_police] = Choice.POLICE
    model.today["reporters"] += len(inc)
    model.today["reports_police"] += int((choice == Choice.POLICE).sum())
    return Reports(incident=inc, resident=resident, choice=choice)
