"""Paired comparisons of replicated runs, as the validation tests and figures use them.

Runs are tidy tables with one row per arm, replicate and month (see
:func:`model.validation.patterns.run_arms`). Replicate r of every arm has the same seed
(common random numbers), so differences between arms are taken replicate by replicate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def se(values: pd.Series) -> float:
    """Standard error of the mean of per-replicate values.

    Args:
        values: One value per replicate.

    Returns:
        The sample standard deviation divided by the square root of the count.
    """
    return float(values.std(ddof=1) / np.sqrt(len(values)))


def gap(runs: pd.DataFrame, treated: str, control: str, column: str) -> pd.DataFrame:
    """Treated minus control, per replicate and month (common random numbers).

    Args:
        runs: Tidy runs table with an ``arm`` column.
        treated: Arm name.
        control: Arm name.
        column: Monthly-table column.

    Returns:
        Table indexed by month, one column per replicate.
    """
    wide = runs.pivot_table(index="month", columns=["arm", "replicate"], values=column)
    return wide[treated] - wide[control]


def participants_gain(runs: pd.DataFrame, arm: str,
                      column: str = "trust_police") -> pd.DataFrame:
    """Participants' mean minus their own run's community mean, per replicate and month.

    The comparison of contact studies (participants against their neighbours in the same
    place and time), taken within each run: comparing with another arm's community would
    add that arm's chance divergence (a dialogue's draws decorrelate the runs; measured up
    to 0.19 SD by month 15 for sessions that do nothing).

    Args:
        runs: Tidy runs table with an ``arm`` column.
        arm: An arm with a dialogue.
        column: Stem of the ``{column}_participants_mean`` and ``{column}_mean`` columns.

    Returns:
        Table indexed by month, one column per replicate (NaN before the dialogue).
    """
    own = runs[runs["arm"] == arm]
    wide = own.pivot_table(index="month", columns="replicate",
                           values=[f"{column}_participants_mean", f"{column}_mean"],
                           dropna=False)
    return wide[f"{column}_participants_mean"] - wide[f"{column}_mean"]


def window(table: pd.DataFrame, first_month: int, last_month: int) -> pd.Series:
    """Mean over months first..last (inclusive) of a month-indexed table, per column.

    Args:
        table: Month-indexed table (e.g. from :func:`gap`).
        first_month: First month.
        last_month: Last month.

    Returns:
        One mean per column (per replicate).
    """
    return table.loc[first_month:last_month].mean()


def effect(runs: pd.DataFrame, treated: str, control: str, column: str,
           months: tuple[int, int]) -> pd.Series:
    """Treated minus control averaged over a window of months, per replicate.

    Args:
        runs: Tidy runs table.
        treated: Arm name.
        control: Arm name.
        column: Monthly-table column.
        months: (first, last) month, inclusive.

    Returns:
        One paired difference per replicate.
    """
    return window(gap(runs, treated, control, column), *months)


def arm_window(runs: pd.DataFrame, arm: str, months: tuple[int, int]) -> pd.DataFrame:
    """The rows of one arm in a window of months.

    Args:
        runs: Tidy runs table.
        arm: Arm name.
        months: (first, last) month, inclusive.

    Returns:
        The selected rows.
    """
    return runs[(runs["arm"] == arm) & runs["month"].between(*months)]


def total(runs: pd.DataFrame, arm: str, column: str, months: tuple[int, int]) -> pd.Series:
    """Sum of a monthly count over a window of months, per replicate.

    Args:
        runs: Tidy runs table.
        arm: Arm name.
        column: Monthly count column (e.g. ``n_abuses``).
        months: (first, last) month, inclusive.

    Returns:
        One total per replicate.
    """
    return arm_window(runs, arm, months).groupby("replicate")[column].sum()


def ratio(runs: pd.DataFrame, arm: str, numerator: str, denominator: str,
          months: tuple[int, int]) -> pd.Series:
    """Ratio of two monthly counts summed over a window, per replicate.

    Args:
        runs: Tidy runs table.
        arm: Arm name.
        numerator: Count column (e.g. ``n_reported_police``).
        denominator: Count column (e.g. ``n_incidents``).
        months: (first, last) month, inclusive.

    Returns:
        One ratio per replicate.
    """
    sums = arm_window(runs, arm, months).groupby("replicate")[[numerator, denominator]].sum()
    return sums[numerator] / sums[denominator]


def summary_by_arm(runs: pd.DataFrame, column: str, first_month: int, last_month: int
                   ) -> pd.DataFrame:
    """Mean, standard error and replicate count of a window mean, per arm.

    Args:
        runs: Tidy runs table.
        column: Monthly-table column.
        first_month: First month of the window.
        last_month: Last month of the window.

    Returns:
        Table indexed by arm with columns mean, se, n.
    """
    sel = runs[(runs["month"] >= first_month) & (runs["month"] <= last_month)]
    per_rep = sel.groupby(["arm", "replicate"])[column].mean()
    out = per_rep.groupby("arm").agg(["mean", "std", "count"])
    out["se"] = out["std"] / np.sqrt(out["count"])
    return out[["mean", "se", "count"]].rename(columns={"count": "n"})
