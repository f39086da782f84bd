"""The Justice and Security Dialogue and the drift of what it builds.

docs/ODD.md, 7.8 Dialogue, and 7.9 Drift and rotation. A plan's length matters only
through state that accumulates session by session and wears down afterwards; no rule
rewards length as such:

- *contact* moves participants' trust a little each session (Pettigrew & Tropp 2006);
- *uptake* (a dialogue's institutional uptake: routines, the liaison desk, the habit of
  meeting) grows each working session in proportion to the dialogue's implementation
  (facilitation quality x ``police_follow_up``), slowly at first and with diminishing
  returns at the end (a logistic curve), and decays with time constant
  ``uptake_memory_days``;
- *relationships* are the dialogue's officer participants still in post (rotation takes
  them away);
- knowledge-sharing channels work in proportion to uptake, the part carried by people
  (``1 - liaison_institution_share``) only while those officers are in post;
- outreach, policy forums and the joint fix all work in proportion to implementation,
  so a poorly facilitated or poorly followed-up dialogue can fail (Blair et al. 2021).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from model.core.interventions import Dialogue, Selection
from model.core.params import DAYS_PER_MONTH
from model.core.population import Trust

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
        sessions_held: Sessions so far.
        fixed: Name of the hot spot it fixed, if any.
        ended: Whether its sessions are over.
        uptake: Institutional uptake in [0, 1] (see the module docstring).
    """

    spec: Dialogue
    residents: np.ndarray = field(default_factory=lambda: _EMPTY)
    officers: np.ndarray = field(default_factory=lambda: _EMPTY)
    members: np.ndarray = field(default_factory=lambda: _EMPTY)
    sessions_held: int = 0
    fixed: str | None = None
    ended: bool = False
    uptake: float = 0.0


def facilitation_factor(spec: Dialogue) -> float:
    """How well sessions are run: 2 x facilitation - 1, in [-1, 1] (negative: harmful).

    Args:
        spec: The dialogue.

    Returns:
        The factor.
    """
    return 2.0 * spec.facilitation_quality - 1.0


def implementation(model: TrustModel, spec: Dialogue) -> float:
    """Share of a dialogue's work that is carried out: facilitation x police follow-up.

    max(0, 2 x facilitation - 1) x ``police_follow_up``: a dialogue facilitated at 0.5 or
    worse, or whose commitments police never act on, builds nothing beyond contact.

    Args:
        model: The model.
        spec: The dialogue.

    Returns:
        A share in [0, 1].
    """
    return max(0.0, facilitation_factor(spec)) * model.params.police_follow_up


def working(spec: Dialogue) -> bool:
    """Whether the dialogue's sessions do joint work (anything beyond outreach)."""
    return spec.contact or spec.knowledge_sharing or spec.policy_forum or (
        spec.joint_problem_solving)


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
    """One session: contact among participants, uptake, then the joint fix once due.

    Contact moves every participant's trust in the other parties toward
    ``contact_ceiling`` by ``contact_gain_per_session`` x (2 x facilitation - 1): poor
    facilitation (below 0.5) makes contact harmful. Informal participants' vigilantism
    falls by the same step. Officers who have rotated out since selection are no longer
    participants and gain nothing. A working session (any component beyond outreach)
    raises uptake u by ``uptake_gain_per_session`` x implementation x (``uptake_seed`` +
    u) x (1 - u): institutionalisation is slow while a routine is new and quickens as it
    becomes habit, then saturates (habitualisation, objectification and sedimentation:
    Tolbert & Zucker 1996), so a short dialogue builds little that lasts.
    Once ``sessions_for_joint_fix`` sessions are held, each session carries out the
    joint fix with probability equal to the implementation.

    Args:
        model: The model.
        run: The dialogue's state.
    """
    p, spec = model.params, run.spec
    run.sessions_held += 1
    model.today["sessions"] += 1
    done = implementation(model, spec)
    if spec.contact:
        step = p.contact_gain_per_session * facilitation_factor(spec)
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
    if working(spec):
        grown = p.uptake_gain_per_session * done * (p.uptake_seed + run.uptake)
        run.uptake = min(1.0, run.uptake + grown * (1.0 - run.uptake))
    if (spec.joint_problem_solving and run.fixed is None
            and run.sessions_held >= spec.sessions_for_joint_fix
            and model.rng.random() < done):
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
    ``outreach_gain`` x max(0, 2 x facilitation - 1) toward the contact ceiling; with
    knowledge sharing they also learn the channel to police (which works only as far as
    the dialogue's uptake, :func:`liaison_strength`). Effects reach strangers only this
    way and through the network (Mousa 2020); outreach alone is close to the community
    meetings and outreach of Blair et al. 2021, which changed nothing measurable.

    Args:
        model: The model.
        run: The dialogue's state.
    """
    p, res, rng = model.params, model.residents, model.rng
    k = rng.binomial(len(res), run.spec.outreach_share_per_month / DAYS_PER_MONTH)
    if k == 0:
        return
    who = np.unique(rng.integers(0, len(res), size=k))
    step = p.outreach_gain * max(0.0, facilitation_factor(run.spec))
    trust = res.trust[who]
    _toward(trust, step, p.contact_ceiling)
    res.trust[who] = trust
    if run.spec.knowledge_sharing:
        res.channel[who] = True


def policy_forum(model: TrustModel, run: DialogueRun) -> None:
    """Policy forums move serving officers' and the institution's conduct toward the target.

    Each day of sessions, serving officers' conduct moves ``forum_conduct_step_per_month``
    / 30 x implementation of the distance, the institution's ``forum_institution_share``
    x uptake of that: the institution adopts a forum's reforms only as far as it has
    taken up the dialogue. Newcomers after rotation draw their conduct around the
    institutional level: that part of the gain outlasts rotation (while uptake holds it,
    7.9), the rest leaves with the officers who were there (Blair et al. 2021).

    Args:
        model: The model.
        run: The dialogue's state.
    """
    p = model.params
    step = p.forum_conduct_step_per_month / DAYS_PER_MONTH * implementation(model, run.spec)
    target = run.spec.conduct_target
    shared = step * p.forum_institution_share * run.uptake
    model.locality.institution_conduct += shared * (target - model.locality.institution_conduct)
    off = model.officers
    off.conduct += np.float32(step) * (np.float32(target) - off.conduct)


def end_dialogue(model: TrustModel, run: DialogueRun) -> None:
    """Sessions are over: mentoring consolidates part of participants' gains.

    With contact and mentoring, participants settle ``settle_share`` x uptake of their
    trust gain over their settled view (mentoring lasts as far as the dialogue was taken
    up). Everything else the dialogue built wears down (7.9).

    Args:
        model: The model.
        run: The dialogue's state.
    """
    p, spec, res = model.params, run.spec, model.residents
    run.ended = True
    if spec.contact and spec.mentoring and len(run.residents):
        who = run.residents
        gain = np.maximum(res.trust[who] - res.anchor[who], 0.0)
        res.anchor[who] += np.float32(p.settle_share * run.uptake) * gain


def liaison_strength(model: TrustModel) -> float:
    """Strength of the dialogues' knowledge-sharing channels today.

    For each dialogue started so far: uptake x (``liaison_institution_share`` + (1 -
    ``liaison_institution_share``) x the share of its officer participants still in
    post). The best over the dialogues; 0 before any starts. Channels work in
    proportion (7.3, 7.4).

    Args:
        model: The model.

    Returns:
        A share in [0, 1].
    """
    share = model.params.liaison_institution_share
    strengths = [run.uptake * (share + (1.0 - share)
                               * float(model.officers.participant[run.officers].mean()))
                 for run in model.dialogues if len(run.officers)]
    return float(max(strengths)) if strengths else 0.0


def run_dialogues(model: TrustModel) -> None:
    """Advance every dialogue of the plan by one day (docs/ODD.md, 7.8 Dialogue).

    On its start day a dialogue selects participants. While it runs, sessions are held
    at ``sessions_per_month`` (a session falls on the day the running count
    floor(days elapsed x sessions per month / 30) increases), outreach reaches residents
    and policy forums work on conduct. On its end day mentoring consolidates (see
    :func:`end_dialogue`). Then the channels' strength is updated
    (:func:`liaison_strength`).

    Args:
        model: The model.
    """
    day = model.day
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
    model.locality.liaison = liaison_strength(model)


def crime_wave_strength(model: TrustModel) -> float:
    """How far the locality's recent uncleared crime is above its usual level.

    (recent - usual) / usual over the neighbourhoods with police present, minus
    ``cynicism_crime_threshold``, clipped to [0, 1]: 0 in ordinary times (the threshold
    is well above the month-to-month noise of a locality's crime), about 0.7 when crime
    has doubled.

    Args:
        model: The model.

    Returns:
        A share in [0, 1].
    """
    hoods = model.hoods
    present = hoods.police_present
    usual = float(hoods.insecurity_usual[present].sum())
    if usual <= 0.0:
        return 0.0
    excess = float(hoods.insecurity[present].sum()) / usual - 1.0
    return min(1.0, max(0.0, excess - model.params.cynicism_crime_threshold))


def settle_cynicism(model: TrustModel) -> None:
    """A crime wave in a distrusting neighbourhood settles into legal cynicism (7.9).

    Legal cynicism (Sampson & Bartusch 1998; Kirk & Papachristos 2011) is a cultural frame
    formed when residents who already distrust police live through police failing to
    protect them, and it outlasts the conditions that formed it. While crime is well above
    its usual level (:func:`crime_wave_strength` s > 0), each resident whose trust in
    police is below their settled view moves the settled view down toward it at
    ``cynicism_rate_per_day`` x s x max(0, 1 - the neighbourhood's mean trust /
    ``cynicism_trust_level``). Settled views never rise by this route (only a dialogue's
    mentoring raises them, 7.8), and in ordinary times nothing settles, so a locality at
    rest keeps its settled views whatever its noise.

    Args:
        model: The model.
    """
    p, res, hoods = model.params, model.residents, model.hoods
    wave = crime_wave_strength(model)
    if wave == 0.0:
        return
    hood_trust = hoods.trust_mean[:, Trust.POLICE]
    weight = np.clip(1.0 - hood_trust / p.cynicism_trust_level, 0.0, 1.0)
    if not weight.any():
        return
    rate = np.repeat((p.cynicism_rate_per_day * wave * weight).astype(np.float32), hoods.pop)
    anchor = res.anchor[:, Trust.POLICE]
    anchor += rate * np.minimum(res.trust[:, Trust.POLICE] - anchor, 0.0)


def drift_back(model: TrustModel) -> None:
    """Everything built or broken drifts back unless something holds it (docs/ODD.md, 7.9).

    - Residents' trust moves ``anchor_rate_per_day`` of the way back to their settled
      views each day (Friedkin-Johnsen anchoring).
    - Legal cynicism: during a crime wave, distrusting neighbourhoods' loss of trust
      settles into their settled views and stays (:func:`settle_cynicism`).
    - Officers' trust in the informal group, members' trust in police and in residents
      and members' vigilantism drift ``agent_drift_per_day`` x (1 - the largest uptake)
      of the way back to their starting levels (joint actions and abuses keep moving
      them; uptake holds them).
    - Each dialogue's uptake decays with time constant ``uptake_memory_days``; the
      institution's conduct drifts back to ``police_conduct_init`` at the same rate,
      times (1 - the largest uptake): uptake is what holds a forum's gain.

    Args:
        model: The model.
    """
    p, res = model.params, model.residents
    rate = np.float32(p.anchor_rate_per_day)
    if rate > 0:
        res.trust += rate * (res.anchor - res.trust)
    if p.cynicism_rate_per_day > 0:
        settle_cynicism(model)
    held = max((run.uptake for run in model.dialogues), default=0.0)
    a = np.float32(p.agent_drift_per_day * (1.0 - held))
    if a > 0:
        off, inf = model.officers, model.informal
        off.trust_informal += a * (np.float32(p.police_trust_informal_init) - off.trust_informal)
        inf.trust_police += a * (np.float32(p.informal_trust_police_init) - inf.trust_police)
        inf.trust_residents += a * (np.float32(p.informal_trust_residents_init)
                                    - inf.trust_residents)
        inf.vigilantism += a * (np.float32(p.vigilantism_init) - inf.vigilantism)
    decay = 1.0 / p.uptake_memory_days
    held = 0.0
    for run in model.dialogues:
        run.uptake -= decay * run.uptake
        held = max(held, run.uptake)
    loc = model.locality
    loc.institution_conduct += decay * (1.0 - held) * (p.police_conduct_init
                                                       - loc.institution_conduct)
