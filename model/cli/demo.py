"""``jsdsim demo``: run the default locality for three years and summarise it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from model.cli.common import EXIT_OK, add_command
from model.core.params import DAYS_PER_MONTH
from model.experiments import RunSpec, run
from model.scenario import Plan, Scenario
from model.viz import main_series_figure, save

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


def demo(out_dir: str | Path = "out/demo", n_residents: int = 20_000,
         months: int = DEMO_MONTHS) -> int:
    """Run the default locality (no scenario, no dialogue) and summarise it.

    Prints a yearly summary table and writes ``monthly.csv`` and ``main_series.png``.

    Args:
        out_dir: Folder for the outputs.
        n_residents: Population size (officers and members keep their density).
        months: Months to simulate.

    Returns:
        Exit code 0.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    locality = Scenario(title="Default locality", name="default",
                        horizon_days=months * DAYS_PER_MONTH,
                        plan_specs={"no_dialogue": Plan("no_dialogue")},
                        locality={"n_residents": n_residents,
                                  "n_neighbourhoods": max(10, n_residents // 1000)})
    spec = RunSpec(locality, seed=DEMO_SEED)
    with tqdm(total=months, desc="simulating", unit="month") as bar:
        monthly = run(spec, on_month=lambda _: bar.update(1))
    monthly.to_csv(out / "monthly.csv", index=False)
    title = f"Default locality, {n_residents:,} residents, seed {DEMO_SEED}, no dialogue"
    png = save(main_series_figure({"default locality": monthly}, title),
               out / "main_series.png")
    with pd.option_context("display.width", 160, "display.max_columns", 20,
                           "display.float_format", "{:.3f}".format):
        print(f"Default locality, {n_residents:,} residents, {months} months "
              "(yearly means of monthly values):")
        print(yearly_summary(monthly).T.to_string())
    print(f"\nwrote {out / 'monthly.csv'} and {png}")
    return EXIT_OK


def main(args: argparse.Namespace) -> int:
    """Run the demonstration.

    Args:
        args: Parsed arguments with ``out`` (output folder).

    Returns:
        0.
    """
    return demo(args.out)


def add_parser(sub: Any) -> None:
    """Add ``demo`` to the command parser.

    Args:
        sub: The parser's subparsers.
    """
    p = add_command(
        sub, "demo", main, summary="run the demonstration",
        description="Run the default locality (no scenario, no dialogue) for three "
                    "years: print a yearly summary and write monthly.csv and "
                    "main_series.png to an output folder.",
        examples=["demo", "demo --out out/demo"])
    p.add_argument("--out", metavar="DIR", default="out/demo",
                   help="output folder (default: %(default)s)")
