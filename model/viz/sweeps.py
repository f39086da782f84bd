"""Figures of sweeps: sensitivity indices, response curves, and where plans hold.

Each function takes plain DataFrames (the tables ``jsdsim analyze`` writes) and returns a
:class:`matplotlib.figure.Figure`; nothing here reads sweep folders.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure


def _grid(n: int, width: float, height: float, cols: int = 3) -> tuple[Figure, np.ndarray]:
    cols = 2 if n == 4 else max(1, min(cols, n))
    rows = max(1, math.ceil(n / cols))
    fig = Figure(figsize=(width * cols, height * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes


def _wrap(title: str, fig: Figure) -> str:
    """Wrap a title to the figure's width (about 11 characters per inch at 11 pt)."""
    return "\n".join(textwrap.wrap(title, max(40, int(fig.get_figwidth() * 11)))) \
        if title else title


def sobol_figure(table: pd.DataFrame, panel: str = "outcome", title: str = "") -> Figure:
    """First-order (S1) and total (ST) Sobol' indices with their confidence intervals.

    Args:
        table: Columns factor, S1, S1_conf, ST, ST_conf and ``panel``.
        panel: Column whose values get one panel each (e.g. the outcome).
        title: Figure title.

    Returns:
        One horizontal bar chart per panel, inputs in the order of their ST in the first.
    """
    panels = list(dict.fromkeys(table[panel]))
    fig, axes = _grid(len(panels), 4.6, 0.4 + 0.32 * table["factor"].nunique())
    order = (table[table[panel] == panels[0]].sort_values("ST")["factor"].tolist()
             if panels else [])
    for ax, name in zip(axes, panels, strict=False):
        part = table[table[panel] == name].set_index("factor").reindex(order)
        y = np.arange(len(order))
        ax.barh(y + 0.2, part["ST"], 0.4, xerr=part["ST_conf"], label="total (ST)",
                color="#4c72b0", alpha=0.85, error_kw={"lw": 0.8})
        ax.barh(y - 0.2, part["S1"], 0.4, xerr=part["S1_conf"], label="first order (S1)",
                color="#dd8452", alpha=0.85, error_kw={"lw": 0.8})
        ax.set_yticks(y, order, fontsize=8)
        ax.axvline(0, color="grey", lw=0.6)
        ax.set_title(str(name), fontsize=9)
        ax.grid(axis="x", alpha=0.3)
    if panels:
        axes[0].legend(fontsize=7, loc="lower right")
    fig.suptitle(_wrap(title, fig), fontsize=11)
    return fig


def morris_figure(table: pd.DataFrame, panel: str = "outcome", title: str = "") -> Figure:
    """Morris screening: mu* (overall influence) against sigma (non-linearity, interaction).

    Args:
        table: Columns factor, mu_star, sigma and ``panel``.
        panel: Column whose values get one panel each.
        title: Figure title.

    Returns:
        One labelled scatter per panel.
    """
    panels = list(dict.fromkeys(table[panel]))
    fig, axes = _grid(len(panels), 4.4, 3.6)
    for ax, name in zip(axes, panels, strict=False):
        part = table[table[panel] == name]
        ax.scatter(part["mu_star"], part["sigma"], s=18, color="#4c72b0")
        for _, row in part.iterrows():
            ax.annotate(row["factor"], (row["mu_star"], row["sigma"]), fontsize=7,
                        xytext=(3, 2), textcoords="offset points")
        ax.set_xlabel("mu* (mean |elementary effect|)", fontsize=8)
        ax.set_ylabel("sigma", fontsize=8)
        ax.set_title(str(name), fontsize=9)
        ax.grid(alpha=0.3)
    fig.suptitle(_wrap(title, fig), fontsize=11)
    return fig


def response_figure(curves: pd.DataFrame, factor: str, panels: Mapping[str, str],
                    title: str = "", line: str = "plan", xlabel: str | None = None,
                    zero_line: bool = False) -> Figure:
    """Outcomes against one input: the mean and a 10th-90th percentile band per line.

    Args:
        curves: From ``response_curves``: columns ``factor``, mean, q10, q90, ``line`` and
            ``panel`` keys (metric).
        factor: The input on the x axis.
        panels: Metric -> panel title, in order.
        title: Figure title.
        line: Column whose values get one line each (e.g. the plan).
        xlabel: Label of the x axis (default: the input's name).
        zero_line: Draw y = 0 (for effects against a baseline).

    Returns:
        One panel per metric.
    """
    fig, axes = _grid(len(panels), 4.4, 3.4)
    for ax, (metric, label) in zip(axes, panels.items(), strict=False):
        part = curves[curves["metric"] == metric]
        for name, group in part.groupby(line, sort=False):
            group = group.sort_values(factor)
            drawn, = ax.plot(group[factor], group["mean"], marker="o", ms=3, lw=1.6,
                             label=str(name))
            ax.fill_between(group[factor], group["q10"], group["q90"],
                            color=drawn.get_color(), alpha=0.15)
        if zero_line:
            ax.axhline(0, color="grey", lw=0.8, ls="--")
        ax.set_title(label, fontsize=9)
        ax.set_xlabel(xlabel or factor, fontsize=8)
        ax.grid(alpha=0.3)
    if len(panels):
        axes[0].legend(fontsize=7)
    fig.suptitle(_wrap(title, fig), fontsize=11)
    return fig


def shares_figure(shares: pd.DataFrame, outcomes: Sequence[str], title: str = "") -> Figure:
    """The share of the input space in which each plan beats the baseline.

    Args:
        shares: Columns plan, outcome, share_better.
        outcomes: Outcomes to show, one row each.
        title: Figure title.

    Returns:
        Horizontal bars: one row per outcome, one bar per plan.
    """
    plans = list(dict.fromkeys(shares["plan"]))
    fig = Figure(figsize=(8.0, 1.2 + 0.28 * len(outcomes) * len(plans)), layout="constrained")
    ax = fig.subplots()
    height = 0.8 / len(plans)
    rows = np.arange(len(outcomes))
    for k, plan in enumerate(plans):
        part = shares[shares["plan"] == plan].set_index("outcome").reindex(outcomes)
        bars = ax.barh(rows - 0.4 + (k + 0.5) * height, part["share_better"], height,
                       label=plan)
        ax.bar_label(bars, fmt="{:.0%}", fontsize=7, padding=2)
    ax.set_yticks(rows, outcomes, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.08)
    ax.axvline(0.5, color="grey", lw=0.6, ls=":")
    ax.set_xlabel("share of samples in which the plan beats the baseline", fontsize=8)
    if len(plans) > 1:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(axis="x", alpha=0.3)
    fig.suptitle(_wrap(title, fig), fontsize=10)
    return fig
