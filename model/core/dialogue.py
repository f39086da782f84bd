"""The Justice and Security Dialogue and the drift of what it builds.

docs/ODD.md, 7.8 Dialogue, and 7.9 Drift and rotation. A plan's length matters only
through these mechanisms: sessions held (contact accumulates toward a ceiling with
diminishing returns), people reached (outreach runs while sessions run), policy forums
(institutional conduct, which newcomers after rotation inherit), the joint fix (only
after ``sessions_for_joint_fix`` sessions) and institutionalisation (a dialogue whose
sessions ran at least ``institutionalised_after_months`` consolidates the gains of
everyone it reached into their settled views, so they drift back less).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from model.core.interventions import Dialogue, Selection
from model.core.params import DAYS_PER_MONTH

if TYPE_CHECKING:
    from model.core.trust_model import TrustModel

_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass
class DialogueRun:
    """A dialogue's progress during a run.

    Attributes:
        spec: The plan's description of it.
        residents: Resident participants (leaders first).
        officers: Officer participants (rows; a rotated officer's row is a newcomer).
        members: Informal member participants.
        reached: Residents reached by outreach.
        sessions_held: Sessions so far.
        fixed: Name of the hot spot it fixed, if any.
        ended: Whether its sessions are over (and its gains consolidated).
        institutionalised: Whether it ran long enough to be institutionalised.
    """

    spec: Dialogue
    residents: np.ndarray = field(default_factory=lambda: _EMPTY)
    officers: np.ndarray = field(default_factory=lambda: _EMPTY)
    members: np.ndarray = field(default_factory=lambda: _EMPTY)
    reached: list[np.ndarray] = field(default_factory=list)
    sessions_held: int = 0
    fixed: str | None = None
    ended: bool = False
    institutionalised: bool = False


def select_residents(model: TrustModel, spec: Dialogue) -> np.ndarray:
    """Choose the resident participants: leaders by centrality, others by ``selection``.

    Args:
        model: The model.
        spec: The dialogue.

    Returns:
        Distinct resident indices.
    """
    rng, n = model.rng, len(model.residents)
    degree = model.network.degree
    by_centrality = np.argsort(-degree, kind="stable")
    leaders = by_centrality[: spec.n_leaders]
    pool = np.setdiff1d(np.arange(n), leaders)
    k = min(spec.n_residents, len(pool))
    if spec.selection is Selection.CENTRAL:
        others = by_centrality[spec.n_leaders: spec.n_leaders + k]
    elif spec.selection is Selection.QUOTA:
        groups = model.residents.group[pool]
        per = np.array_split(np.arange(k), model.params.n_groups)
        picks = [rng.choice(pool[groups == g], size=min(len(part), (groups == g).sum()),
                            replace=False) for g, part in enumerate(per)]
        others = np.concatenate(picks) if picks else _EMPTY
    else:
        others = rng.choice(pool, size=k, replace=False)
    return np.unique(np.r_[leaders, others]).astype(np.int64)


def start_dialogue(model: TrustModel, run: DialogueRun) -> None:
    """Select participants and open their channels (knowledge sharing).

    Officers are drawn from all officers of the locality, posted or withdrawn: police
    can sit in a dialogue while their station is out (Jos).

    Args:
        model: The model.
        run: The dialogue's state.
    """
    spec, rng = run.spec, model.rng
    run.residents = select_residents(model, spec)
    n_officers = len(model.officers)  # withdrawn officers can still take part (Jos)
    run.officers = rng.choice(n_officers, size=min(spec.n_officers, n_officers), replace=False)
    n_members = len(model.informal)
    run.members = rng.choice(n_members, size=min(spec.n_informal_members, n_members),
                             replace=False)
    model.residents.participant[run.residents] = True
    model.officers.participant[run.officers] = True
    model.informal.participant[run.members] = True
    if spec.knowledge_sharing:
        model.residents.channel[run.residents] = True
        model.informal.channel[run.members] = True


def _toward(values: np.ndarray, step: float, ceiling: float) -> None:
    """Move values toward a ceiling (step > 0) or toward 0 (step < 0), in place."""
    if step >= 0:
        values += step * np.maximum(ceiling - values, 0.0)
    else:
        values += step * values


def hold_session(model: TrustModel, run: DialogueRun) -> None:
    """One session: contact among participants, then the joint fix once due.

    Contact moves every participant's trust in the other parties toward
    ``contact_ceiling`` by ``contact_gain_per_session`` x (2 x facilitation - 1): poor
    facilitation (below 0.5) makes contact harmful. Informal participants' vigilantism
    falls by the same step. Officers who have rotated out since selection are no longer
    participants and gain nothing.

    Args:
        model: The model.
        run: The dialogue's state.
    """
    p, spec = model.params, run.spec
    run.sessions_held += 1
    model.today["sessions"] += 1
    if spec.contact:
        step = p.contact_gain_per_session * (2.0 * spec.facilitation_quality - 1.0)
        res, off, inf = model.residents, model.officers, model.informal
        r = run.residents
        trust = res.trust[r]
        _toward(trust, step, p.contact_ceiling)
        res.trust[r] = trust
        o = run.officers[off.participant[run.officers]]
        for array in (off.trust_community, off.trust_informal):
            values = array[o]
            _toward(values, step, p.contact_ceiling)
            array[o] = values
        m = run.members
        for array in (inf.trust_police, inf.trust_residents):
            values = array[m]
            _toward(values, step, p.contact_ceiling)
            array[m] = values
        inf.vigilantism[m] *= 1.0 - max(step, 0.0)
    if (spec.joint_problem_solving and run.fixed is None
            and run.sessions_held >= spec.sessions_for_joint_fix):
        joint_fix(model, run)


def joint_fix(model: TrustModel, run: DialogueRun) -> None:
    """Remove the dialogue's target hot spot (Dakar: the stadium entrance was moved).

    The target is ``fix_target`` if active, else the active hot spot with the highest
    rate; with none active, nothing happens and the dialogue may fix a later one.

    Args:
        model: The model.
        run: The dialogue's state.
    """
    active = model.hotspots.active
    target = run.spec.fix_target
    if target is None and active:
        default = model.params.flashpoint_rate_per_1000_per_month

        def rate(name: str) -> float:
            r = active[name].rate_per_1000_per_month
            return default if r is None else r

        target = max(active, key=rate)
    if target in active:
        del active[target]
        model.hotspots.fixed[target] = model.day
        run.fixed = target
        model.today["joint_fixes"] += 1


def outreach(model: TrustModel, run: DialogueRun) -> None:
    """Outreach campaigns: each day a share of residents hears of the dialogue.

    About ``outreach_share_per_month`` / 30 of the residents per day (drawn with
    replacement) move their trust in police, in the informal group and in other groups
    ``outreach_gain`` toward the contact ceiling; with knowledge sharing they also learn
    the channel to police. Effects reach strangers only this way and through the network
    (Mousa 2020).

    Args:
        model: The model.
        run: The dialogue's state.
    """
    p, res, rng = model.params, model.residents, model.rng
    k = rng.binomial(len(res), run.spec.outreach_share_per_month / DAYS_PER_MONTH)
    if k == 0:
        return
    who = np.unique(rng.integers(0, len(res), size=k))
    trust = res.trust[who]
    _toward(trust, p.outreach_gain, p.contact_ceiling)
    res.trust[who] = trust
    if run.spec.knowledge_sharing:
        res.channel[who] = True
    run.reached.append(who)


def policy_forum(model: TrustModel, run: DialogueRun) -> None:
    """Policy forums move serving officers' and the institution's conduct toward the target.

    Each day of sessions, serving officers' conduct moves ``forum_conduct_step_per_month``
    / 30 of the distance, the institution's ``forum_institution_share`` of that. Newcomers
    after rotation draw their conduct around the institutional level: that part of the
    gain outlasts rotation, the rest leaves with the officers (Blair et al. 2021).

    Args:
        model: The model.
        run: The dialogue's state.
    """
    step = model.params.forum_conduct_step_per_month / DAYS_PER_MONTH
    target = run.spec.conduct_target
    shared = step * model.params.forum_institution_share
    model.locality.institution_conduct += shared * (target - model.locality.institution_conduct)
    off = model.officers
    off.conduct += np.float32(step) * (np.float32(target) - off.conduct)


def end_dialogue(model: TrustModel, run: DialogueRun) -> None:
    """Sessions are over: consolidate what lasts, close what does not.

    Participants of a dialogue with contact, if mentored or if the dialogue is
    institutionalised (sessions ran at least ``institutionalised_after_months``), and
    everyone its outreach reached if it is institutionalised, settle ``settle_share`` of
    their trust gain over their settled view: it no longer drifts back (7.9). Other
    gains drift back with the daily anchoring. Knowledge-sharing channels of reached
    non-participants close unless the dialogue was institutionalised.

    Args:
        model: The model.
        run: The dialogue's state.
    """
    p, spec, res = model.params, run.spec, model.residents
    run.ended = True
    institutionalised = (run.sessions_held > 0
                         and spec.length_months >= p.institutionalised_after_months)
    run.institutionalised = institutionalised
    reached = np.unique(np.concatenate(run.reached)) if run.reached else _EMPTY
    reached = np.setdiff1d(reached, run.residents)
    mentored = spec.contact and (spec.mentoring or institutionalised)
    settle = [run.residents] if mentored else []
    if institutionalised:
        settle.append(reached)
    else:
        res.channel[reached] = False
    if settle:
        who = np.concatenate(settle)
        gain = np.maximum(res.trust[who] - res.anchor[who], 0.0)
        res.anchor[who] += np.float32(p.settle_share) * gain


def liaison_strength(model: TrustModel) -> float:
    """How much of the dialogues' liaison with police is still in post.

    Knowledge-sharing channels run through the officers who took part: the share of a
    dialogue's officer participants not yet rotated out, but after an institutionalised
    dialogue at least ``institutional_liaison_share`` (the liaison has become part of
    the institution). The best over the dialogues started so far; 1 before any starts.
    Channels work in proportion (7.3, 7.4).

    Args:
        model: The model.

    Returns:
        A share in [0, 1].
    """
    floor = model.params.institutional_liaison_share
    shares = [max(model.officers.participant[run.officers].mean(),
                  floor if run.institutionalised else 0.0)
              for run in model.dialogues if len(run.officers)]
    return float(max(shares)) if shares else 1.0


def run_dialogues(model: TrustModel) -> None:
    """Advance every dialogue of the plan by one day (docs/ODD.md, 7.8 Dialogue).

    First the liaison strength is updated (:func:`liaison_strength`). On its start day a
    dialogue selects participants. While it runs, sessions are held
    at ``sessions_per_month`` (a session falls on the day the running count
    floor(days elapsed x sessions per month / 30) increases), outreach reaches residents
    and policy forums work on conduct. On its end day its gains are consolidated.

    Args:
        model: The model.
    """
    day = model.day
    model.locality.liaison = liaison_strength(model)
    for run in model.dialogues:
        spec = run.spec
        if run.ended or day < spec.start_day:
            continue
        if day == spec.start_day:
            start_dialogue(model, run)
        if day >= spec.end_day:
            end_dialogue(model, run)
            continue
        due = int((day - spec.start_day + 1) * spec.sessions_per_month / DAYS_PER_MONTH)
        while run.sessions_held < due:
            hold_session(model, run)
        if spec.outreach_share_per_month > 0:
            outreach(model, run)
        if spec.policy_forum:
            policy_forum(model, run)


def drift_to_anchor(model: TrustModel) -> None:
    """Residents' trust drifts back toward their settled views (docs/ODD.md, 7.9).

    Friedkin-Johnsen anchoring: each day every trust value moves ``anchor_rate_per_day``
    of the way back to the resident's settled view. Dialogue-built gains that were not
    consolidated fade this way, and so do the marks of passing events.

    Args:
        model: The model.
    """
    res = model.residents
    rate = np.float32(model.params.anchor_rate_per_day)
    if rate > 0:
        res.trust += rate * (res.anchor - res.trust)
