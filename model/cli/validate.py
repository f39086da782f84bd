"""``jsdsim validate``: check scenario files."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from model.cli.common import EXIT_ERROR, EXIT_OK, add_command, count
from model.core.errors import InputError
from model.core.params import DAYS_PER_MONTH
from model.experiments.calibration import DEFAULT_TOLERANCE, baseline_drift
from model.scenario import ScenarioError, load_scenario
from model.scenario.errors import clean
from model.scenario.resources import check_fits

DRIFT_RESIDENTS = 10_000
"""Largest population simulated by ``--drift`` (larger localities are resized)."""


def main(args: argparse.Namespace) -> int:
    """Validate scenario files; print ``ok FILE (...)`` or the problems found.

    Args:
        args: Parsed arguments with ``files``.

    Returns:
        0 if every file is valid, 2 otherwise.
    """
    status = EXIT_OK
    for file in args.files:
        try:
            scenario = load_scenario(file)
        except ScenarioError as exc:
            print(exc, file=sys.stderr)
            status = EXIT_ERROR
            continue
        months = scenario.horizon_days // DAYS_PER_MONTH
        print(f"ok {clean(file, 200)} ({count(len(scenario.plans), 'plan')}, "
              f"horizon {count(months, 'month')})")
        for plan in scenario.plans:
            try:
                check_fits(scenario.params(plan), scenario.graph)
            except InputError as exc:
                print(f"warning: {clean(file, 200)}: plan {plan}: {exc}", file=sys.stderr)
        if args.drift:
            warn_if_drifting(file, scenario, args.drift_tolerance)
    return status


def warn_if_drifting(file: str, scenario: Any, tolerance: float) -> None:
    """Warn when the baseline's trust in police drifts in its first year.

    Runs the first plan without events for 12 months (2 replicates, at most 10,000
    residents) and compares residents' mean trust in police with its survey target.

    Args:
        file: The file, as named on the command line.
        scenario: The loaded scenario.
        tolerance: Largest allowed deviation.
    """
    size = min(scenario.params().n_residents, DRIFT_RESIDENTS)
    drift = baseline_drift(scenario, months=12, n_replicates=2, n_residents=size)
    if drift > tolerance:
        print(f"warning: {file}: the baseline plan's trust in police moves up to "
              f"{drift:.3f} from its survey level in the first year (tolerance "
              f"{tolerance:g}); fit it with 'jsdsim calibrate {file} --free "
              "police_conduct_init=0.7:0.99'", file=sys.stderr)
    else:
        print(f"ok {file}: the baseline holds its survey level of trust within "
              f"{tolerance:g} in the first year (largest deviation {drift:.3f})")


def add_parser(sub: Any) -> None:
    """Add ``validate`` to the command parser.

    Args:
        sub: The parser's subparsers.
    """
    p = add_command(
        sub, "validate", main, summary="check scenario files",
        description="Check scenario files against the schema and the parameter ranges. "
                    "Prints 'ok FILE' for each valid file and, otherwise, every problem "
                    "of the file in one pass, one line each, sorted by line: "
                    "FILE:LINE:COLUMN: FIELD.PATH: problem (got ...; expected ...). "
                    "A plan too large for this machine's memory gets a warning; --drift "
                    "also checks that the baseline sits still.",
        examples=["validate scenarios/template.yaml", "validate scenarios/*.yaml",
                  "validate --drift scenarios/my_locality.yaml"],
        notes="exit status: 0 if every file is valid, 2 otherwise (a warning does not "
              "change it)")
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
    p.add_argument("--drift", action="store_true",
                   help="also simulate each valid file's baseline plan (without events) for "
                        "a year and warn if residents' trust in police drifts from its "
                        "survey level (slow: about a minute per file)")
    p.add_argument("--drift-tolerance", type=float, default=DEFAULT_TOLERANCE,
                   metavar="X", help=f"allowed drift (default: {DEFAULT_TOLERANCE})")
