"""Figures of a plan comparison: series with bands, effects with intervals, trust at the end.

Each function takes plain tables (pandas DataFrames, as the comparison's statistics
produce them) and returns a :class:`matplotlib.figure.Figure`; nothing here computes a
statistic or knows where the tables come from. A plan keeps its colour in every figure
(its position in ``plans``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure


def plan_colours(plans: Sequence[str]) -> dict[str, tuple[float, ...]]:
    """One colour per plan (the baseline, first, in grey).

    Args:
        plans: Plans in order, the baseline first.

    Returns:
        Plan -> RGBA colour.
    """
    palette = colormaps["tab10"]
    colours = {plans[0]: (0.35, 0.35, 0.35, 1.0)} if plans else {}
    for i, plan in enumerate(plans[1:]):
        colours[plan] = palette(i % 10)
    return colours


def _grid(n_panels: int, width: float = 4.6, height: float = 3.2,
          columns: int = 3) -> tuple[Figure, list[Axes]]:
    """A figure of n panels, ``columns`` to a row (one empty panel saying so if n is 0)."""
    if n_panels == 0:
        fig = Figure(figsize=(width, height), layout="constrained")
        ax = fig.subplots()
        ax.text(0.5, 0.5, "no finished runs to show", ha="center", va="center")
        ax.set_axis_off()
        return fig, []
    n_cols = min(columns, n_panels)
    n_rows = math.ceil(n_panels / n_cols)
    fig = Figure(figsize=(width * n_cols, height * n_rows + 0.6), layout="constrained")
    axes = fig.subplots(n_rows, n_cols, squeeze=False).ravel().tolist()
    for ax in axes[n_panels:]:
        ax.set_visible(False)
    return fig, axes[:n_panels]


def series_figure(series: pd.DataFrame, panels: Mapping[str, str], plans: Sequence[str],
                  title: str = "") -> Figure:
    """Monthly mean of each outcome per plan, with its interval as a band.

    Args:
        series: Rows plan, outcome, month, mean, low, high.
        panels: Outcome -> panel title, in panel order.
        plans: Plans in legend order (the baseline first).
        title: Figure title.

    Returns:
        The figure (one panel per outcome).
    """
    colours = plan_colours(plans)
    fig, axes = _grid(len(panels))
    for ax, (column, label) in zip(axes, panels.items(), strict=True):
        rows = series[series["outcome"] == column]
        for plan in plans:
            own = rows[rows["plan"] == plan].sort_values("month")
            if own.empty:
                continue
            ax.plot(own["month"], own["mean"], color=colours[plan], lw=1.5, label=plan)
            ax.fill_between(own["month"], own["low"].astype(float),
                            own["high"].astype(float), color=colours[plan], alpha=0.18,
                            lw=0)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("month")
        ax.grid(alpha=0.3)
    _legend(fig, axes, plans)
    fig.suptitle(title, fontsize=12)
    return fig


def forest_figure(effects: pd.DataFrame, panels: Mapping[str, str], plans: Sequence[str],
                  title: str = "") -> Figure:
    """Each plan's effect on each outcome, a point with its interval, and the zero line.

    Args:
        effects: Rows plan, outcome, effect, low, high (one window).
        panels: Outcome -> panel title, in panel order.
        plans: Plans from top to bottom (the baseline, if present, is skipped).
        title: Figure title.

    Returns:
        The figure (one panel per outcome).
    """
    colours = plan_colours(plans)
    shown = [p for p in plans if p in set(effects["plan"])]
    fig, axes = _grid(len(panels), height=0.9 + 0.42 * max(len(shown), 1))
    for ax, (column, label) in zip(axes, panels.items(), strict=True):
        rows = effects[effects["outcome"] == column].set_index("plan")
        for y, plan in enumerate(shown):
            if plan not in rows.index:
                continue
            row = rows.loc[plan]
            effect, low, high = (float(row[k]) for k in ("effect", "low", "high"))
            ax.plot([low, high], [y, y], color=colours[plan], lw=2.2)
            ax.plot([effect], [y], "o", color=colours[plan], ms=6)
        ax.axvline(0.0, color="black", lw=0.8)
        ax.set_yticks(range(len(shown)), shown, fontsize=8)
        ax.set_ylim(max(len(shown), 1) - 0.5, -0.5)
        ax.set_title(label, fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle(title, fontsize=12)
    return fig


def effects_over_time_figure(by_month: pd.DataFrame, panels: Mapping[str, str],
                             plans: Sequence[str], title: str = "") -> Figure:
    """Each plan's effect month by month, with its interval as a band, and the zero line.

    Args:
        by_month: Rows plan, outcome, month, effect, low, high.
        panels: Outcome -> panel title, in panel order.
        plans: Plans in legend order (the baseline, if present, is skipped).
        title: Figure title.

    Returns:
        The figure (one panel per outcome).
    """
    colours = plan_colours(plans)
    shown = [p for p in plans if p in set(by_month["plan"])]
    fig, axes = _grid(len(panels))
    for ax, (column, label) in zip(axes, panels.items(), strict=True):
        rows = by_month[by_month["outcome"] == column]
        for plan in shown:
            own = rows[rows["plan"] == plan].sort_values("month")
            ax.plot(own["month"], own["effect"].astype(float), color=colours[plan], lw=1.5,
                    label=plan)
            ax.fill_between(own["month"], own["low"].astype(float),
                            own["high"].astype(float), color=colours[plan], alpha=0.18,
                            lw=0)
        ax.axhline(0.0, color="black", lw=0.8)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("month")
        ax.grid(alpha=0.3)
    _legend(fig, axes, shown)
    fig.suptitle(title, fontsize=12)
    return fig


def distributions_figure(values: pd.DataFrame, panels: Mapping[str, str],
                         plans: Sequence[str], title: str = "") -> Figure:
    """Distribution over replicates of end-of-horizon values: a box and one dot per run.

    Args:
        values: One row per run: plan and the panels' columns.
        panels: Column -> panel title, in panel order.
        plans: Plans from left to right.
        title: Figure title.

    Returns:
        The figure (one panel per column).
    """
    colours = plan_colours(plans)
    shown = [p for p in plans if p in set(values["plan"])]
    fig, axes = _grid(len(panels), width=max(4.6, 1.0 + 0.9 * len(shown)), height=3.6)
    for ax, (column, label) in zip(axes, panels.items(), strict=True):
        data = [values.loc[values["plan"] == p, column].dropna().to_numpy(float)
                for p in shown]
        positions = np.arange(len(shown))
        boxes = ax.boxplot(data, positions=positions, widths=0.55, showfliers=False,
                           patch_artist=True)
        for patch, plan in zip(boxes["boxes"], shown, strict=True):
            patch.set_facecolor((*colours[plan][:3], 0.25))
            patch.set_edgecolor(colours[plan])
        for x, (plan, points) in enumerate(zip(shown, data, strict=True)):
            offsets = np.linspace(-0.18, 0.18, len(points)) if len(points) > 1 else [0.0]
            ax.plot(x + np.asarray(offsets), points, "o", ms=3.5, color=colours[plan],
                    alpha=0.8)
        ax.set_xticks(positions, shown, rotation=30, ha="right", fontsize=8)
        ax.set_title(label, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(title, fontsize=12)
    return fig


def _legend(fig: Figure, axes: Sequence[Axes], plans: Sequence[str]) -> None:
    handles, labels = axes[0].get_legend_handles_labels() if axes else ([], [])
    if len(plans) > 1 and handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=min(len(plans), 6),
                   fontsize=9, frameon=False)
