"""``jsdsim validate``: check scenario files."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from model.cli.common import EXIT_ERROR, EXIT_OK, add_command, count
from model.core.errors import InputError
from model.core.params import DAYS_PER_MONTH
from model.scenario import ScenarioError, load_scenario
from model.scenario.errors import clean
from model.scenario.resources import check_fits


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
    return status


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
                    "A plan too large for this machine's memory gets a warning.",
        examples=["validate scenarios/template.yaml", "validate scenarios/*.yaml"],
        notes="exit status: 0 if every file is valid, 2 otherwise")
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
