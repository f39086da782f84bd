"""``jsdsim calibrate``: fit free parameters so that a scenario's baseline sits still."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from model.cli.common import EXIT_ERROR, EXIT_OK, UsageError, add_command, positive_int
from model.experiments.calibration import (
    DEFAULT_MAX_EVALUATIONS,
    DEFAULT_TOLERANCE,
    calibrate,
)
from model.scenario import find_scenario, load_scenario


def parse_free(items: list[str]) -> dict[str, tuple[float, float]]:
    """Parse ``NAME=LOW:HIGH`` bounds of free parameters.

    Args:
        items: The ``--free`` values.

    Returns:
        Name -> (low, high).

    Raises:
        UsageError: On a malformed item.
    """
    out = {}
    for item in items:
        name, sep, bounds = item.partition("=")
        low, colon, high = bounds.partition(":")
        try:
            if not (sep and colon):
                raise ValueError
            out[name.strip()] = (float(low), float(high))
        except ValueError:
            raise UsageError(f"--free {item!r} is invalid: expected NAME=LOW:HIGH, e.g. "
                             "police_conduct_init=0.7:0.99") from None
    return out


def parse_targets(items: list[str]) -> dict[str, float]:
    """Parse ``COLUMN=VALUE`` extra targets.

    Args:
        items: The ``--target`` values.

    Returns:
        Column -> target.

    Raises:
        UsageError: On a malformed item.
    """
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise UsageError(f"--target {item!r} is invalid: expected COLUMN=VALUE, e.g. "
                             "reporting_rate=0.45") from None
    return out


def main(args: argparse.Namespace) -> int:
    """Fit the free parameters and print (or write) the YAML fragment.

    Args:
        args: Parsed arguments.

    Returns:
        0 if the baseline holds within the tolerance, 2 otherwise.
    """
    scenario = load_scenario(find_scenario(args.scenario))
    free = parse_free(args.free)
    targets = parse_targets(args.target)
    with tqdm(total=args.max_evaluations, unit="fit", desc=f"calibrate {scenario.name}",
              disable=args.quiet) as bar:
        def advance(i: int, values: dict[str, float], objective: float) -> None:
            bar.set_postfix({k: f"{v:.4g}" for k, v in values.items()}
                            | {"objective": f"{objective:.2e}"})
            bar.update(1)

        result = calibrate(scenario, free, plan=args.plan, targets=targets,
                           months=args.months, n_replicates=args.replicates,
                           n_residents=args.residents, tolerance=args.tolerance,
                           max_evaluations=args.max_evaluations, on_evaluation=advance)
    fragment = result.yaml_fragment(scenario)
    if args.out is not None:
        Path(args.out).write_text(fragment)
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(fragment)
    if not result.ok:
        print(f"jsdsim: warning: the baseline moves up to {result.max_deviation:.3f} from "
              f"its target (tolerance {result.tolerance:g}); widen the bounds or free "
              "another parameter", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def add_parser(sub: Any) -> None:
    """Add ``calibrate`` to the command parser.

    Args:
        sub: The parser's subparsers.
    """
    p = add_command(
        sub, "calibrate", main, summary="fit parameters so the baseline sits still",
        description="Fit the free parameters you name so that the scenario's baseline "
                    "plan (the first, or --plan), run without its events, holds residents' "
                    "mean trust in police at the survey level (the mean of the starting "
                    "distribution whose share above 0.5 is trust_police_init) over the "
                    "horizon, and any --target you add. Runs use the same seeds for every "
                    "candidate; scipy.optimize searches within the bounds. Prints a YAML "
                    "fragment to review and paste under the file's `locality:`.",
        examples=["calibrate saaba --free police_conduct_init=0.8:0.99",
                  "calibrate scenarios/my_locality.yaml --free police_conduct_init=0.7:0.999 "
                  "--free hostility_weight=0:0.7 --free police_trust_community_init=0.3:0.95",
                  "calibrate saaba --free police_conduct_init=0.8:0.99 "
                  "--target reporting_rate=0.45",
                  "calibrate jos --free police_conduct_init=0.8:0.99 --residents 5000 "
                  "--out jos-calibration.yaml"],
        notes="exit status: 0 if the baseline holds within the tolerance, 2 otherwise "
              "(the fragment is still printed)")
    p.add_argument("scenario", help="scenario name (see 'jsdsim scenarios') or YAML file")
    p.add_argument("--free", action="append", default=[], metavar="NAME=LOW:HIGH",
                   required=True, help="a parameter to fit and its bounds (repeatable)")
    p.add_argument("--target", action="append", default=[], metavar="COLUMN=VALUE",
                   help="an extra monthly output to hold (e.g. reporting_rate=0.45)")
    p.add_argument("--plan", help="baseline plan (default: the scenario's first plan)")
    p.add_argument("--months", type=positive_int, help="months to hold (default: horizon)")
    p.add_argument("--replicates", type=positive_int, default=2,
                   help="replicates per evaluation (default: 2)")
    p.add_argument("--residents", type=positive_int,
                   help="resize the locality for speed (default: as written). "
                        "Neighbourhoods keep their number, so a smaller locality has "
                        "noisier neighbourhood crime and loses trust faster: confirm a "
                        "fit at full size")
    p.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                   help=f"allowed monthly deviation of trust (default: {DEFAULT_TOLERANCE})")
    p.add_argument("--max-evaluations", type=positive_int, default=DEFAULT_MAX_EVALUATIONS,
                   help="objective evaluations at most "
                        f"(default: {DEFAULT_MAX_EVALUATIONS})")
    p.add_argument("--out", type=Path, help="write the fragment here instead of stdout")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
