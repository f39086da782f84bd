"""Figures of monthly series: runs side by side, and replicated arms with bands.

Object-oriented matplotlib only: functions build and return a
:class:`matplotlib.figure.Figure` and never touch pyplot's global state or the backend, so
they work the same in scripts (save the figure), in notebooks (the figure displays
inline) and in a web app.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from matplotlib.figure import Figure

MAIN_SERIES: tuple[tuple[str, str], ...] = (
    ("incidents_per_1000", "Incidents per 1,000 residents per month"),
    ("reporting_rate", "Reporting rate (police hear directly)"),
    ("cooperation_rate", "Cooperation rate (information reaches police)"),
    ("trust_police_mean", "Residents' mean trust in police"),
    ("police_trust_community_mean", "Officers' mean trust in the community"),
    ("police_informal_trust_mean", "Police-group mutual trust"),
    ("joint_actions", "Joint police-group actions per month"),
    ("abuses", "Vigilante abuses per month"),
)
"""Monthly-table columns shown by :func:`main_series_figure`, with their titles."""


def main_series_figure(tables: Mapping[str, pd.DataFrame], title: str = "") -> Figure:
    """The main monthly series of one or more runs, one panel per series.

    Args:
        tables: Label -> monthly table (as from ``TrustModel.monthly_table()``).
        title: Figure title.

    Returns:
        The figure (2 x 4 panels).
    """
    fig = Figure(figsize=(16, 7), layout="tight")
    axes = fig.subplots(2, 4, sharex=True)
    for ax, (column, label) in zip(axes.flat, MAIN_SERIES, strict=True):
        for name, table in tables.items():
            ax.plot(table["month"], table[column], label=name, lw=1.5)
        ax.set_title(label, fontsize=10)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("month")
    if len(tables) > 1:
        axes.flat[0].legend(fontsize=8)
    fig.suptitle(title)
    return fig


def arms_figure(runs: pd.DataFrame, columns: Mapping[str, str], title: str,
                arms: Sequence[str] | None = None, marks: Mapping[str, float] | None = None,
                arm_column: str = "arm") -> Figure:
    """Mean of each arm over replicates, with a band from the 10th to the 90th percentile.

    Series are smoothed with a centred 3-month rolling mean before the percentiles.

    Args:
        runs: Tidy runs table (one row per arm, replicate and month).
        columns: Column -> panel title.
        title: Figure title.
        arms: Arms to show, in order (default: all, in order of appearance).
        marks: Label -> month to mark with a vertical line.
        arm_column: The column naming the arm.

    Returns:
        The figure (one panel per column).
    """
    arms = list(arms) if arms is not None else list(dict.fromkeys(runs[arm_column]))
    fig = Figure(figsize=(4.2 * len(columns), 3.6), layout="tight")
    axes = fig.subplots(1, len(columns), squeeze=False)[0]
    for ax, (column, label) in zip(axes, columns.items(), strict=True):
        for arm in arms:
            wide = runs[runs[arm_column] == arm].pivot_table(index="month", columns="replicate",
                                                             values=column)
            if wide.empty:  # e.g. participants' trust in an arm without a dialogue
                continue
            smooth = wide.rolling(3, min_periods=1, center=True).mean()
            line, = ax.plot(smooth.index, smooth.mean(axis=1), label=arm, lw=1.6)
            ax.fill_between(smooth.index, smooth.quantile(0.1, axis=1),
                            smooth.quantile(0.9, axis=1), color=line.get_color(), alpha=0.15)
        for text, month in (marks or {}).items():
            ax.axvline(month, color="grey", ls=":", lw=1)
            ax.text(month, ax.get_ylim()[1], f" {text}", fontsize=7, va="top", color="grey")
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("month")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.suptitle(title, fontsize=11)
    return fig
