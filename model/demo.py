"""`jsdsim demo`: run the default locality for three years and summarise it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from tqdm import tqdm

from model.params import DAYS_PER_MONTH
from model.plots import plot_main_series
from model.trust_model import TrustModel

DEMO_MONTHS = 36
DEMO_SEED = 2026
SUMMARY_COLUMNS = ("incidents_per_1000", "reporting_rate", "cooperation_rate",
                   "clearance_rate", "trust_police_mean", "police_trust_community_mean",
                   "police_informal_trust_mean", "joint_actions", "abuses", "clashes")


def yearly_summary(monthly: pd.DataFrame) -> pd.DataFrame:
    """Average each monthly column by simulated year (counts: monthly means).

    Args:
        monthly: A monthly table.

    Returns:
        One row per year, the columns of SUMMARY_COLUMNS.
    """
    year = (monthly["month"] - 1) // 12 + 1
    summary = monthly[list(SUMMARY_COLUMNS)].groupby(year).mean()
    summary.index.name = "year"
    return summary


def main(out_dir: str | Path = "out/demo", n_residents: int = 20_000) -> int:
    """Run the default model (no scenario, no dialogue) for three years.

    Prints a yearly summary table and writes ``monthly.csv`` and ``main_series.png``.

    Args:
        out_dir: Folder for the outputs.
        n_residents: Population size (officers and members scale with it).

    Returns:
        Exit code 0.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = TrustModel(rng=DEMO_SEED, n_residents=n_residents, n_officers=n_residents // 250,
                       n_informal_members=n_residents // 330,
                       n_neighbourhoods=max(10, n_residents // 1000))
    for _ in tqdm(range(DEMO_MONTHS), desc="simulating", unit="month"):
        model.run_for(DAYS_PER_MONTH)
    monthly = model.monthly_table()
    monthly.to_csv(out / "monthly.csv", index=False)
    png = plot_main_series({"default locality": monthly}, out / "main_series.png",
                           title=f"Default locality, {n_residents:,} residents, seed "
                                 f"{DEMO_SEED}, no dialogue")
    with pd.option_context("display.width", 160, "display.max_columns", 20,
                           "display.float_format", "{:.3f}".format):
        print(f"Default locality, {n_residents:,} residents, {DEMO_MONTHS} months "
              "(yearly means of monthly values):")
        print(yearly_summary(monthly).T.to_string())
    print(f"\nwrote {out / 'monthly.csv'} and {png}")
    return 0
