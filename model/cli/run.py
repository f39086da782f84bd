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
)
from model.core.params import DAYS_PER_MONTH, PARAMS, resolve
from model.core.resources import estimate
from model.experiments import RunSpec, run
from model.experiments.output import check_target, write_table
from model.scenario import find_scenario, load_scenario
from model.scenario.resources import describe


def main(args: argparse.Namespace) -> int:
    """Run one plan of a scenario and write or print its monthly table.

    Everything that can be checked is checked before the simulation starts: the scenario,
    the plan and overrides, the output target (format and writability) and whether the
    run fits in the machine's memory.

    Args:
        args: Parsed arguments with ``scenario``, ``plan``, ``seed``, ``months``,
            ``scale``, ``set``, ``out`` and ``allow_path``.

    Returns:
        0 on success.
    """
    out = check_target(args.out) if args.out else None
    allowed = [Path(d).resolve() for d in args.allow_path or ()]
    scenario = load_scenario(find_scenario(args.scenario),
                             allow_edge_list=lambda p: any(p.is_relative_to(d) for d in allowed))
    overrides = parse_overrides(args.set or [])
    if args.scale is not None:
        overrides["n_residents"] = max(1, round(args.scale * scenario.params(
            args.plan).n_residents))
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    spec = RunSpec(scenario, args.plan, seed=seed, months=args.months, overrides=overrides)
    kwargs = spec.model_kwargs()  # plan, overrides and memory, before the progress bar
    est = estimate(resolve({k: v for k, v in kwargs.items() if k in PARAMS}),
                   graph_edges=None if kwargs["graph"] is None
                   else kwargs["graph"].number_of_edges())
    days = spec.n_months * DAYS_PER_MONTH
    print(f"{scenario.name}/{spec.plan_name}, seed {seed} "
          f"({describe(est, days)} expected)", file=sys.stderr)
    with tqdm(total=spec.n_months, unit="month", desc=f"{scenario.name}/{spec.plan_name}",
              disable=None, file=sys.stderr) as bar:
        table = run(spec, on_month=lambda _: bar.update(1))
    if out is not None:
        write_table(table, out)
        print(f"wrote {out} ({len(table)} rows, seed {seed})")
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
                    "month and write the monthly table (CSV or Parquet) or print it. "
                    "Every row carries the scenario, plan, seed and jsdsim version; "
                    "without --seed a seed is drawn, printed and recorded.",
        examples=["run saaba", "run saaba --plan dialogue_12m --seed 1 --out out/d12.csv",
                  "run scenarios/template.yaml --months 6 --scale 0.1 "
                  "--set negativity_weight=1",
                  "run saaba --plan dialogue_12m --set jsd.facilitation_quality=0.4",
                  "run saaba --out out/saaba.parquet"])
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
    p.add_argument("--out", metavar="FILE",
                   help="write the monthly table here: FILE.csv or FILE.parquet, written "
                        "atomically (default: print it)")
    p.add_argument("--allow-path", action="append", metavar="DIR",
                   help="allow the scenario's edge list to lie in DIR (repeatable); by "
                        "default only files in the scenario's folder are read")
