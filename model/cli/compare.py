"""``jsdsim compare``: compare the plans of a scenario and write a decision report."""

from __future__ import annotations

import argparse
import shlex
import sys
import textwrap
from pathlib import Path
from typing import Any

import pandas as pd

from model.cli.common import (
    EXIT_OK,
    add_command,
    count,
    parse_overrides,
    positive_float,
    positive_int,
    seed_int,
)
from model.experiments.comparison import (
    DEFAULT_REPLICATES,
    DEFAULT_SEED,
    LAST_MONTHS,
    LEVEL,
    ComparisonResult,
    Design,
    run_comparison,
    windows,
)
from model.experiments.comparison_report import REPORT_HTML, REPORT_MD, effects_text, summary_text
from model.experiments.store import RunStore

EXIT_RUNS_FAILED = 3
"""Exit code when the comparison finished but some of its runs failed."""


def design_from(args: argparse.Namespace) -> Design:
    """Check the command's arguments and build the comparison.

    Args:
        args: Parsed arguments of ``jsdsim compare``.

    Returns:
        The design.

    Raises:
        ScenarioError: If the scenario file is missing or invalid.
        InputError: On an unknown plan or baseline, or a bad ``--set``.
    """
    from model.scenario import find_scenario, load_scenario

    scenario = load_scenario(find_scenario(args.scenario))
    overrides = parse_overrides(args.set or [])
    if args.scale is not None:
        overrides["n_residents"] = max(10, round(args.scale * scenario.params().n_residents))
    return Design.of(scenario, args.plans, args.baseline, args.replicates, args.seed,
                     args.months, overrides)


def default_out(design: Design) -> Path:
    """The default results folder of a comparison: ``out/compare/SCENARIO``."""
    return Path("out") / "compare" / design.scenario.name


def compare_command(args: argparse.Namespace, command: str | None = None) -> int:
    """Run a comparison from parsed arguments: print where things stand, run, report.

    Args:
        args: Parsed arguments of ``jsdsim compare``.
        command: The command line to record (default: ``jsdsim`` and the arguments
            parsed, ``args.argv``).

    Returns:
        0 if every run finished, 3 if some failed (the report is written either way).
    """
    design = design_from(args)
    out = Path(args.out) if args.out else default_out(design)
    specs = design.specs()
    done = RunStore(out).done() if out.exists() else set()
    n_done = sum(s.key() in done for s in specs)
    print(f"{design.scenario.name}: {count(len(design.plans), 'plan')} x "
          f"{count(design.replicates, 'replicate')} = {count(len(specs), 'run')} of "
          f"{design.months} months, master seed {design.seed}; results in {out}",
          file=sys.stderr)
    if n_done:
        print(f"{count(n_done, 'run')} already done, {len(specs) - n_done} to run",
              file=sys.stderr)
    if command is None:
        command = shlex.join(["jsdsim", *getattr(args, "argv", sys.argv[1:])])
    result = run_comparison(design, out, workers=args.workers, progress=True,
                            command=command)
    print("writing the report ...", file=sys.stderr)
    html = result.write_report(out)
    print_result(result)
    print(f"\nreport: {html}\n        {out / REPORT_MD}")
    print(f"tables: {out}/summary.csv, effects.csv, ranking.csv (runs: {out}/runs.parquet)")
    if not result.failures.empty:
        print(f"jsdsim: {count(len(result.failures), 'run')} failed (plans: "
              f"{', '.join(dict.fromkeys(result.failures['plan']))}); the report uses the "
              f"others. First error: {result.failures['error'].iloc[0]}", file=sys.stderr)
        return EXIT_RUNS_FAILED
    return EXIT_OK


def print_result(result: ComparisonResult) -> None:
    """Print the summary and effects of the last months as two text tables.

    Args:
        result: The comparison.
    """
    window, (first, last) = next(iter(windows(result.design.months).items()))
    with pd.option_context("display.width", 250, "display.max_columns", None,
                           "display.max_colwidth", 40):
        print(f"\nMean over replicates ({LEVEL:.0%} interval), months {first}-{last}:")
        print(summary_text(result, window).to_string())
        print(f"\nEffect against {result.design.baseline}, paired by replicate ({LEVEL:.0%} "
              "interval), and the month from which it stays distinguishable from zero:")
        print(effects_text(result, window).to_string())


def main(args: argparse.Namespace) -> int:
    """Compare the plans of a scenario.

    Args:
        args: Parsed arguments.

    Returns:
        The exit code.
    """
    return compare_command(args)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the comparison options (shared with ``jsdsim demo``'s help).

    Args:
        p: The parser.
    """
    p.add_argument("--plans", metavar="A,B,C",
                   help="plans to compare, comma-separated (default: every plan of the "
                        "scenario)")
    p.add_argument("--baseline", metavar="NAME",
                   help="plan the others are measured against (default: the first plan; "
                        "added to --plans if missing)")
    p.add_argument("--replicates", type=positive_int, metavar="N",
                   default=DEFAULT_REPLICATES,
                   help="replicates per plan, the same seeds for every plan (default: "
                        "%(default)s; at least 2)")
    p.add_argument("--seed", type=seed_int, metavar="N", default=DEFAULT_SEED,
                   help="master seed; replicate r uses run_seed(seed, r) (default: "
                        "%(default)s)")
    p.add_argument("--workers", type=positive_int, metavar="N",
                   help="worker processes (default: the number of CPUs; 1 runs in this "
                        "process)")
    p.add_argument("--months", type=positive_int, metavar="N",
                   help="months to simulate (default: the scenario's horizon_months)")
    p.add_argument("--scale", type=positive_float, metavar="F",
                   help="population scale: F times the scenario's residents, officers and "
                        "group members at the same density (e.g. 0.25 to run faster)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="override a parameter, or a dialogue field as DIALOGUE.FIELD, in "
                        "every plan (repeatable)")


def add_parser(sub: Any) -> None:
    """Add ``compare`` to the command parser.

    Args:
        sub: The parser's subparsers.
    """
    p = add_command(
        sub, "compare", main, summary="compare the plans of a scenario: tables and a report",
        description="Run every plan of a scenario with the same replicate seeds (common "
                    "random numbers), then write to the output folder: summary.csv (mean "
                    f"and {LEVEL:.0%} interval of each outcome per plan, for the last "
                    f"{LAST_MONTHS} months and the whole horizon), effects.csv (each "
                    "plan minus the baseline, paired by replicate, with the first month "
                    "from which the effect stays distinguishable from zero), ranking.csv, "
                    "figures, report.md and a self-contained report.html, runs.parquet "
                    "and manifest.json. The output folder keeps every finished run: "
                    "running the same command again (after Ctrl-C or a crash) only runs "
                    "what is missing.",
        examples=["compare saaba",
                  "compare saaba --plans no_dialogue,dialogue_6m,dialogue_12m "
                  "--replicates 20 --out out/saaba",
                  "compare dakar --baseline no_dialogue --scale 0.25 --workers 2",
                  "compare scenarios/my_locality.yaml --months 24 "
                  "--set jsd.facilitation_quality=0.6"],
        notes=textwrap.fill(
            f"{REPORT_HTML} opens in any browser, offline. Definitions of every number: "
            "docs/comparison.md. From Python: model.compare(...). Exit status: 0 when every "
            f"run finished, {EXIT_RUNS_FAILED} when some failed (their errors are in the "
            "report; the other plans are still compared), 2 on invalid input, 130 on "
            "Ctrl-C (finished runs are kept).", 78))
    p.add_argument("scenario", metavar="SCENARIO",
                   help="scenario file, or the name of a bundled scenario (e.g. saaba)")
    add_arguments(p)
    p.add_argument("--out", metavar="DIR",
                   help="output folder, also the store of finished runs (default: "
                        "out/compare/SCENARIO)")
