"""``jsdsim run``: run one plan of a scenario and print or write its monthly table."""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from model.cli.common import (
    EXIT_OK,
    add_command,
    parse_overrides,
    positive_float,
    positive_int,
    print_table,
    seed_int,
    write_csv,
)
from model.experiments import RunSpec, run
from model.scenario import find_scenario, load_scenario


def main(args: argparse.Namespace) -> int:
    """Run one plan of a scenario and write or print its monthly table.

    Args:
        args: Parsed arguments with ``scenario``, ``plan``, ``seed``, ``months``,
            ``scale``, ``set`` and ``out``.

    Returns:
        0 on success.
    """
    scenario = load_scenario(find_scenario(args.scenario))
    overrides = parse_overrides(args.set or [])
    if args.scale is not None:
        overrides["n_residents"] = max(1, round(args.scale * scenario.params(
            args.plan).n_residents))
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    spec = RunSpec(scenario, args.plan, seed=seed, months=args.months, overrides=overrides)
    spec.model_kwargs()  # check the plan and overrides before the progress bar starts
    print(f"{scenario.name}/{spec.plan_name}, seed {seed}", file=sys.stderr)
    with tqdm(total=spec.n_months, unit="month", desc=f"{scenario.name}/{spec.plan_name}",
              disable=None, file=sys.stderr) as bar:
        table = run(spec, on_month=lambda _: bar.update(1))
    if args.out:
        write_csv(table, Path(args.out))
        print(f"wrote {args.out} ({len(table)} rows)")
    else:
        print_table(table)
    return EXIT_OK


def add_parser(sub: Any) -> None:
    """Add ``run`` to the command parser.

    Args:
        sub: The parser's subparsers.
    """
    p = add_command(
        sub, "run", main, summary="run one plan of a scenario",
        description="Build the model of a scenario under one plan, simulate it month by "
                    "month and write the monthly table (CSV) or print it.",
        examples=["run saaba", "run saaba --plan dialogue_12m --seed 1 --out out/d12.csv",
                  "run scenarios/template.yaml --months 6 --scale 0.1 "
                  "--set negativity_weight=1",
                  "run saaba --plan dialogue_12m --set jsd.facilitation_quality=0.4"])
    p.add_argument("scenario", metavar="SCENARIO",
                   help="scenario file, or the name of a bundled scenario (e.g. saaba)")
    p.add_argument("--plan", metavar="NAME", help="plan to run (default: the first plan)")
    p.add_argument("--seed", type=seed_int, metavar="N",
                   help="random seed (default: a random one, printed)")
    p.add_argument("--months", type=positive_int, metavar="M",
                   help="months to simulate (default: the scenario's horizon_months)")
    p.add_argument("--scale", type=positive_float, metavar="F",
                   help="population scale: F times the scenario's residents, with officers "
                        "and informal members at the same density (e.g. 0.1 for a quick "
                        "run)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="override a parameter, or a dialogue field as DIALOGUE.FIELD "
                        "(repeatable); applied after the plan's")
    p.add_argument("--out", metavar="FILE.csv",
                   help="write the monthly table here as CSV (default: print it)")
