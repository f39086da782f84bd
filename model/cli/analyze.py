"""``jsdsim analyze``: sensitivity indices, response curves and failures of a sweep."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from model.cli.common import EXIT_OK, add_command, count, optional_packages
from model.experiments.report import analyze


@optional_packages  # SALib or Dask not installed: exit 2, saying how to install them
def main(args: argparse.Namespace) -> int:
    """Analyse a sweep folder and write tables, figures and a summary.

    Args:
        args: Parsed arguments with ``sweep_dir`` and ``out``.

    Returns:
        0 on success.
    """
    folder = Path(args.sweep_dir)
    out = Path(args.out) if args.out else folder / "analysis"
    written = analyze(folder, out)
    figures = [p for p in written if p.suffix == ".png"]
    print(f"wrote {count(len(written) - len(figures), 'table')} and "
          f"{count(len(figures), 'figure')} to {out}", file=sys.stderr)
    print(out / "summary.md")
    return EXIT_OK


def add_parser(sub: Any) -> None:
    """Add ``analyze`` to the command parser.

    Args:
        sub: The parser's subparsers.
    """
    p = add_command(
        sub, "analyze", main, summary="analyse a sweep: sensitivity, response curves, "
                                      "where plans fail",
        description="Read a folder written by 'jsdsim sweep' (finished or not) and write: "
                    "each run's outcomes (metrics averaged over the experiment's windows) "
                    "and its effect over the baseline plan (paired by seed); Sobol' (S1, ST "
                    "with confidence intervals) or Morris (mu*, sigma) indices for those "
                    "designs; response curves with 10th-90th percentile bands for inputs "
                    "with listed values or grid levels; the share of samples in which each "
                    "plan beats the baseline; and PRIM boxes of the input space where a "
                    "plan fails to. Tables are CSV, figures PNG, and summary.md puts the "
                    "numbers together.",
        examples=["analyze out/sweeps/dialogue_length",
                  "analyze out/sweeps/sensitivity --out out/analysis/sensitivity"],
        notes="exit status: 0 on success, 2 if the folder is not a sweep folder.")
    p.add_argument("sweep_dir", metavar="SWEEP_DIR", help="folder written by 'jsdsim sweep'")
    p.add_argument("--out", metavar="DIR",
                   help="where to write tables and figures (default: SWEEP_DIR/analysis)")
