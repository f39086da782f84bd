"""Figures of model outputs (matplotlib; sits on top of the headless core)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

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
"""Monthly-table columns shown by :func:`plot_main_series`, with their titles."""


def plot_main_series(tables: Mapping[str, pd.DataFrame], path: str | Path,
                     title: str = "") -> Path:
    """Plot the main monthly series of one or more runs, one panel per series.

    Args:
        tables: Label -> monthly table (as from ``TrustModel.monthly_table()``).
        path: PNG file to write (folders are created).
        title: Figure title.

    Returns:
        The path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, axes = plt.subplots(2, 4, figsize=(16, 7), sharex=True)
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
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
