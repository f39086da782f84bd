"""Outputs: end-of-day summaries, daily metrics and the monthly table.

docs/ODD.md, 7.10 Metrics, and 8 Outputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model.core.params import DAYS_PER_MONTH, INCIDENT_TYPES
from model.core.population import Trust
from model.core.state import COUNTERS

if TYPE_CHECKING:
    from model.core.trust_model import TrustModel

TRUST_NAMES = {Trust.POLICE: "police", Trust.INFORMAL: "informal", Trust.OUTGROUP: "outgroup"}

SUM_COLUMNS: tuple[str, ...] = COUNTERS
"""Daily counters that the monthly table sums."""


def summarise_neighbourhoods(model: TrustModel) -> None:
    """Update per-cell trust sums and each neighbourhood's mean trust and civic share.

    Residents are ordered by (neighbourhood, group), so this is one ``reduceat`` pass
    over the cells; neighbourhood and group figures are sums of cells. The incident
    submodel reads them the next day.

    Args:
        model: The model.
    """
    hoods, res = model.hoods, model.residents
    size = model.cell_size
    filled = size > 0
    starts = model.cell_start[:-1][filled]
    sums = np.zeros((len(size), 3))
    civic = np.zeros(len(size), dtype=np.int64)
    sums[filled] = np.add.reduceat(res.trust, starts, axis=0, dtype=np.float64)
    civic[filled] = np.add.reduceat(res.civic.view(np.int8), starts, dtype=np.int64)
    model.locality.cell_trust_sum = sums
    n_groups = model.params.n_groups
    pop = hoods.pop
    hood_sum = sums.reshape(-1, n_groups, 3).sum(axis=1)
    hoods.trust_mean = np.where((pop == 0)[:, None], 0.5, hood_sum / np.maximum(pop, 1)[:, None])
    hoods.civic_share = civic.reshape(-1, n_groups).sum(axis=1) / np.maximum(pop, 1)


def daily_metrics(model: TrustModel) -> dict[str, float]:
    """Today's counters plus trust statistics (model brief, section 5).

    Args:
        model: The model.

    Returns:
        Mapping metric name -> value: the counters of :data:`model.state.COUNTERS`,
        residents' trust mean and standard deviation (overall and per identity group),
        officers' and informal members' trust, conduct, posted officers, civic share and
        dialogue participants (their mean trust in police is NaN while there are none, so
        every run has the same columns).
    """
    res, off, inf, hoods = model.residents, model.officers, model.informal, model.hoods
    out: dict[str, float] = dict(model.today)
    pop = hoods.pop
    n_groups = model.params.n_groups
    group_sum = model.locality.cell_trust_sum.reshape(-1, n_groups, 3).sum(axis=0)
    group_n = np.maximum(model.cell_size.reshape(-1, n_groups).sum(axis=0), 1)
    trust_sum = group_sum.sum(axis=0)
    n = max(len(res), 1)
    sq = np.einsum("ij,ij->j", res.trust, res.trust, dtype=np.float64)
    for col, name in TRUST_NAMES.items():
        mean = trust_sum[col] / n
        out[f"trust_{name}_mean"] = mean
        out[f"trust_{name}_sd"] = float(np.sqrt(max(sq[col] / n - mean**2, 0.0)))
    for g in range(n_groups):
        for col, name in TRUST_NAMES.items():
            out[f"trust_{name}_mean_group{g}"] = group_sum[g, col] / group_n[g]
    on_duty = model.roster.by_hood
    out["n_officers_on_duty"] = len(on_duty)
    out["police_trust_community_mean"] = _mean(off.trust_community)
    out["officer_trust_informal_mean"] = _mean(off.trust_informal)
    out["informal_trust_police_mean"] = _mean(inf.trust_police)
    out["police_informal_trust_mean"] = 0.5 * (out["officer_trust_informal_mean"]
                                               + out["informal_trust_police_mean"])
    out["police_conduct_mean"] = _mean(off.conduct)
    out["civic_share"] = float((hoods.civic_share * pop).sum() / n)
    out["n_participants"] = int(res.participant.sum())
    who = model.participant_residents()  # none until a dialogue has chosen them: NaN
    out["trust_police_participants_mean"] = (float(res.trust[who, Trust.POLICE].mean())
                                             if len(who) else float("nan"))
    out["n_hotspots_active"] = len(model.hotspots.active)
    out["reporting_propensity"] = reporting_propensity(model)
    return out


def reporting_propensity(model: TrustModel) -> float:
    """Residents' mean probability of telling police were they victimised today.

    The reporting choice (7.3) evaluated for every resident as a victim without recent
    victimisation: a smooth measure of willingness to report, free of the count noise of
    the reporting rate. Computed on the initial state and on each month's last day (the
    value the monthly table keeps); other days carry the last value.

    Args:
        model: The model.

    Returns:
        The mean probability.
    """
    loc = model.locality
    if model.steps % DAYS_PER_MONTH == 0 or np.isnan(loc.reporting_propensity):
        p = model.params
        res = model.residents
        fear = p.fear_of_retaliation
        u = (p.report_police_logit - p.report_fear_weight * fear
             + p.report_trust_weight * (res.trust[:, Trust.POLICE] - 0.5)
             + p.report_access_weight * (res.access - 0.5)
             + p.channel_report_boost * loc.liaison * res.channel)
        u_informal = (p.report_informal_logit - p.report_fear_weight * fear
                      + p.report_trust_weight * (res.trust[:, Trust.INFORMAL] - 0.5))
        has_members = (np.diff(model.member_start) > 0)[res.hood]
        e_police = np.exp(u) * model.roster.available[res.hood]
        e_informal = np.exp(u_informal) * has_members
        loc.reporting_propensity = float((e_police / (1 + e_police + e_informal)).mean())
    return loc.reporting_propensity


def _mean(values: np.ndarray) -> float:
    """``float(values.mean())`` of a float array (NaN if empty), without its overhead.

    The same sum (``np.add.reduce`` in the array's dtype, as ``ndarray.mean`` does) and the
    same division and rounding to that dtype, so the value is identical.
    """
    if not len(values):
        return float("nan")
    total = np.add.reduce(values)
    return float(total.dtype.type(total / len(values)))


def monthly_table(daily: pd.DataFrame, n_residents: int) -> pd.DataFrame:
    """Aggregate the daily metrics into one row per 30-day month.

    Month m covers days 30(m-1)+1 .. 30m (day 0 is the initial state). Counters are
    summed; rates are ratios of monthly sums; trust and state columns are the values at
    the month's last day. A trailing partial month is dropped.

    Args:
        daily: One row per day, indexed by day (0 = initial state), as collected.
        n_residents: Number of residents, for rates per 1000.

    Returns:
        Tidy DataFrame, one row per month, with the columns documented in docs/ODD.md
        (section 8).
    """
    days = daily.loc[daily.index > 0]
    n_months = len(days) // DAYS_PER_MONTH
    days = days.iloc[: n_months * DAYS_PER_MONTH]
    month = (np.asarray(days.index) - 1) // DAYS_PER_MONTH + 1
    sums = days[list(SUM_COLUMNS)].groupby(month).sum()
    last = days.drop(columns=list(SUM_COLUMNS)).groupby(month).last()
    per_1000 = 1000.0 / max(n_residents, 1)
    incidents = sums["incidents"].replace(0, np.nan)
    table = pd.DataFrame({
        "month": sums.index.astype(int),
        "incidents_per_1000": sums["incidents"] * per_1000,
        **{f"{t}_per_1000": sums[f"incidents_{t}"] * per_1000 for t in INCIDENT_TYPES},
        "reporting_rate": sums["reported_police"] / incidents,
        "cooperation_rate": sums["cooperation"] / incidents,
        "clearance_rate": sums["cleared"] / sums["cooperation"].replace(0, np.nan),
        "joint_actions": sums["joint_actions"],
        "abuses": sums["abuses"],
        "clashes": sums["incidents_clash"],
        "attacks_on_police": sums["attacks_on_police"],
    }, index=sums.index)
    table = pd.concat([table, sums.add_prefix("n_"), last], axis=1)
    return table.reset_index(drop=True)
