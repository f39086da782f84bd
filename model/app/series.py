"""What the workshop's plots show, read from a running model's daily metrics.

Trust values are the day's means. Counts (incidents, abuses, joint actions) and rates
(reporting, cooperation) are taken over the last 30 days, so that the lines move day by
day but are not as noisy as daily counts; a count is given per month (30 days), scaled
up over the first days of a run when fewer than 30 have passed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model import TrustModel

WINDOW_DAYS = 30
"""Length of the moving window for counts and rates (days)."""


@dataclass(frozen=True)
class Metric:
    """One plotted quantity.

    Attributes:
        key: Column name in :func:`plot_series` output.
        label: Plain-language legend text.
        color: Line colour (CSS).
        percent: Whether the value is a share shown as a percentage.
    """

    key: str
    label: str
    color: str
    percent: bool = False


TRUST_METRICS = (
    Metric("trust_police", "Residents' trust in police", "#2166ac", True),
    Metric("trust_informal", "Residents' trust in the informal group", "#1b7837", True),
    Metric("trust_outgroup", "Residents' trust in other groups", "#762a83", True),
    Metric("trust_police_group", "Police and group's trust in each other", "#d95f02", True),
)
REPORTING_METRICS = (
    Metric("reporting_rate", "Incidents reported to police directly", "#2166ac", True),
    Metric("cooperation_rate", "Incidents whose information reaches police", "#1b7837",
           True),
)
INCIDENT_METRICS = (
    Metric("incidents_per_1000", "All incidents per 1,000 residents per month", "#b2182b"),
    Metric("clashes_per_1000", "Intergroup clashes per 1,000 residents per month",
           "#762a83"),
)
RESPONSE_METRICS = (
    Metric("abuses_per_month", "Abuses by the informal group per month", "#b2182b"),
    Metric("joint_actions_per_month", "Joint police-group actions per month", "#1b7837"),
)

_RATIOS = {"reporting_rate": "reported_police", "cooperation_rate": "cooperation"}
_PER_1000 = {"incidents_per_1000": "incidents", "clashes_per_1000": "incidents_clash"}
_PER_MONTH = {"abuses_per_month": "abuses", "joint_actions_per_month": "joint_actions"}
_TRUST = {"trust_police": "trust_police_mean", "trust_informal": "trust_informal_mean",
          "trust_outgroup": "trust_outgroup_mean",
          "trust_police_group": "police_informal_trust_mean"}
COLUMNS: tuple[str, ...] = (*_TRUST, *_RATIOS, *_PER_1000, *_PER_MONTH)
"""Every series :func:`plot_series` returns, besides ``day``."""


def _window_sums(counts: np.ndarray) -> np.ndarray:
    """Sum over the last WINDOW_DAYS days (day 0, the initial row, counts nothing)."""
    total = np.concatenate([[0.0], np.cumsum(counts[1:], dtype=np.float64)])
    shifted = np.concatenate([np.zeros(WINDOW_DAYS), total])[: len(total)]
    return total - shifted


def plot_series(model: TrustModel) -> dict[str, np.ndarray]:
    """The plotted series of a model, one value per day simulated (day 0 = the start).

    Args:
        model: A running model.

    Returns:
        ``day`` and each of :data:`COLUMNS` as float arrays of equal length; a rate is
        NaN where the window holds no incident, and every windowed value is NaN on day 0.
    """
    daily = model.daily_table()
    day = np.asarray(daily.index, dtype=np.float64)
    window = np.minimum(day, WINDOW_DAYS)
    per_month = np.divide(WINDOW_DAYS, window, out=np.full(len(day), np.nan),
                          where=window > 0)
    out = {"day": day}
    for key, column in _TRUST.items():
        out[key] = daily[column].to_numpy(dtype=np.float64)
    incidents = _window_sums(daily["incidents"].to_numpy())
    for key, column in _RATIOS.items():
        out[key] = np.divide(_window_sums(daily[column].to_numpy()), incidents,
                             out=np.full(len(day), np.nan), where=incidents > 0)
    scale = 1000.0 / model.params.n_residents
    for key, column in _PER_1000.items():
        out[key] = _window_sums(daily[column].to_numpy()) * per_month * scale
    for key, column in _PER_MONTH.items():
        out[key] = _window_sums(daily[column].to_numpy()) * per_month
    return out
