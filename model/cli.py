"""Command line interface: ``jsdsim validate | scenarios | run | demo | workshop``.

Each subcommand has one small handler. Known failures (invalid scenario files, bad
parameter values, unreadable files) are reported as ``jsdsim: error: ...`` on stderr
with exit code 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from model.app import command as workshop_command
from model.params import DAYS_PER_MONTH
from model.scenario import (
    ScenarioError,
    list_scenarios,
    load_scenario,
    scenario_dir,
)

EXIT_OK = 0
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


class UsageError(ValueError):
    """A command-line value that cannot be used (reported without a traceback)."""


# --------------------------------------------------------------------------------------
# Handlers
# --------------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
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
        except (ScenarioError, OSError, ValueError) as exc:
            print(exc, file=sys.stderr)
            status = EXIT_ERROR
            continue
        months = scenario.horizon_days // DAYS_PER_MONTH
        n = len(scenario.plans)
        print(f"ok {file} ({_count(n, 'plan')}, horizon {_count(months, 'month')})")
    return status


def cmd_scenarios(args: argparse.Namespace) -> int:
    """List the scenario files of a folder with their titles.

    Args:
        args: Parsed arguments with ``dir`` (None for the bundled scenarios/ folder).

    Returns:
        0, or 2 if the folder does not exist.
    """
    folder = Path(args.dir) if args.dir else scenario_dir()
    if not folder.is_dir():
        raise UsageError(f"no such folder: {folder}")
    listing = list_scenarios(folder)
    if not listing:
        print(f"no scenario files (*.yaml) in {folder}")
    width = max((len(p.name) for p, _ in listing), default=0)
    for path, title in listing:
        print(f"{path.name:<{width}}  {title}")
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    """Run one plan of a scenario and write or print its monthly table.

    Args:
        args: Parsed arguments with ``scenario``, ``plan``, ``seed``, ``months``,
            ``set`` and ``out``.

    Returns:
        0 on success.
    """
    scenario = load_scenario(resolve_scenario_path(args.scenario))
    overrides = parse_overrides(args.set or [])
    model = scenario.build_model(args.plan, rng=args.seed, **overrides)
    months = args.months if args.months is not None else scenario.horizon_days // DAYS_PER_MONTH
    run_months(model, months, desc=f"{scenario.name}/{scenario.plan(args.plan).name}")
    table = model.monthly_table()
    if args.out:
        write_csv(table, Path(args.out))
        print(f"wrote {args.out} ({len(table)} rows)")
    else:
        print_table(table)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the demonstration (delegates to :func:`model.demo.main`).

    Args:
        args: Parsed arguments with ``out`` (output folder).

    Returns:
        The demo's exit code (0 if it returns nothing).
    """
    from model import demo

    result = demo.main(args.out)
    return result if isinstance(result, int) else EXIT_OK


def cmd_figures(args: argparse.Namespace) -> int:
    """Rerun the validation experiments and write their figures.

    Args:
        args: Parsed arguments with ``out`` and ``replicates``.

    Returns:
        0.
    """
    from model import validation

    for path in validation.make_figures(args.out, n_replicates=args.replicates):
        print(f"wrote {path}")
    return EXIT_OK


def cmd_baselines(args: argparse.Namespace) -> int:
    """Check the golden baselines, or refresh them with ``--update``.

    Args:
        args: Parsed arguments with ``update``.

    Returns:
        0 if every case matches (or was updated), 1 if one moved.
    """
    from model import golden

    if args.update:
        for path in golden.update():
            print(f"wrote {path}")
        return EXIT_OK
    moved = [line for case in golden.CASES for line in golden.differences(case)]
    for line in moved:
        print(line)
    print("baselines match" if not moved else f"{len(moved)} values moved "
          "(refresh deliberately with 'jsdsim baselines --update')")
    return EXIT_OK if not moved else 1


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def resolve_scenario_path(name: str) -> Path:
    """Find a scenario file: a path, or the name of a file in the scenarios/ folder.

    Args:
        name: ``path/to/file.yaml``, or ``saaba`` for ``scenarios/saaba.yaml``.

    Returns:
        The path to load (the given path if nothing better is found, so that the
        loader reports it as missing).
    """
    path = Path(name)
    if path.exists():
        return path
    bundled = scenario_dir() / (name if name.endswith(".yaml") else f"{name}.yaml")
    return bundled if bundled.exists() else path


def parse_overrides(items: Sequence[str]) -> dict[str, Any]:
    """Parse ``NAME=VALUE`` strings; values are read as YAML scalars.

    ``0.5`` becomes a float, ``40`` an int, ``true`` a bool; ``1e3`` (which YAML 1.1
    reads as text) is also accepted as a number.

    Args:
        items: The ``--set`` values.

    Returns:
        Parameter overrides by name (validated later by the model builder).

    Raises:
        UsageError: If an item has no ``=``, an empty name, or an unreadable value.
    """
    overrides: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name or not text.strip():
            raise UsageError(f"--set {item!r}: expected NAME=VALUE, e.g. --set "
                             "trust_police_init=0.3")
        overrides[name] = _parse_value(name, text)
    return overrides


def _parse_value(name: str, text: str) -> Any:
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        raise UsageError(f"--set {name}={text}: not a plain value") from None
    if isinstance(value, str):
        for kind in (int, float):
            try:
                return kind(value)
            except ValueError:
                pass
    if isinstance(value, list | dict) or value is None:
        raise UsageError(f"--set {name}={text}: expected a single number, true/false or word")
    return value


def run_months(model: Any, months: int, desc: str = "") -> None:
    """Step a model through whole months with a progress bar (one tick per month).

    Args:
        model: Anything with a ``step()`` method advancing one day.
        months: Months to simulate.
        desc: Label shown on the progress bar.
    """
    from tqdm import tqdm

    with tqdm(total=months, unit="month", desc=desc or None, disable=None,
              file=sys.stderr) as bar:
        for _ in range(months):
            for _ in range(DAYS_PER_MONTH):
                model.step()
            bar.update(1)


def write_csv(table: Any, out: Path) -> None:
    """Write a pandas DataFrame as CSV, creating the folder if needed.

    Args:
        table: The DataFrame.
        out: Target file.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    named_index = any(n is not None for n in table.index.names)
    table.to_csv(out, index=named_index)


HEADLINE_COLUMNS = (
    "month", "incidents_per_1000", "reporting_rate", "cooperation_rate", "clearance_rate",
    "trust_police_mean", "trust_informal_mean", "trust_outgroup_mean", "joint_actions",
    "abuses", "clashes",
)
"""Columns printed by ``jsdsim run`` without ``--out`` (when the table has them)."""


def print_table(table: Any) -> None:
    """Print the headline columns of a monthly table compactly (3 decimals).

    Args:
        table: The DataFrame; columns missing from :data:`HEADLINE_COLUMNS` are skipped,
            and the whole table is printed if it has none of them.
    """
    import pandas as pd

    shown = [c for c in HEADLINE_COLUMNS if c in table.columns] or list(table.columns)
    with pd.option_context("display.width", 200, "display.max_columns", None,
                           "display.max_rows", 60, "display.precision", 3):
        print(table[shown].to_string(index=False))
    hidden = len(table.columns) - len(shown)
    if hidden:
        print(f"({_count(hidden, 'more column')}: use --out FILE.csv to get them all)")


def positive_int(text: str) -> int:
    """Argparse type: an integer >= 1.

    Args:
        text: The command-line text.

    Returns:
        The integer.

    Raises:
        argparse.ArgumentTypeError: If it is not a whole number >= 1.
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def seed_int(text: str) -> int:
    """Argparse type: a seed, an integer >= 0.

    Args:
        text: The command-line text.

    Returns:
        The seed.

    Raises:
        argparse.ArgumentTypeError: If it is not a whole number >= 0.
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a seed >= 0, got {value}")
    return value


def guarded(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a handler, turning known failures into ``jsdsim: error: ...`` and exit code 2.

    Args:
        handler: A subcommand handler.
        args: Its parsed arguments.

    Returns:
        The handler's exit code, 2 on a known failure, 130 on Ctrl-C.
    """
    try:
        return handler(args)
    except BrokenPipeError:  # e.g. `jsdsim scenarios | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except ScenarioError as exc:
        print(f"jsdsim: error: invalid scenario:\n{exc}", file=sys.stderr)
    except (ValueError, OSError) as exc:
        print(f"jsdsim: error: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("jsdsim: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_ERROR


# --------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------

class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Wraps descriptions to the terminal; keeps the examples in epilogs as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return super()._fill_text(text, width, indent)
        return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent)


_FORMATTER = _Formatter


def _add_validate(sub: Any) -> None:
    p = sub.add_parser(
        "validate", help="check scenario files", formatter_class=_FORMATTER,
        description="Check scenario files against the schema and the parameter ranges. "
                    "Prints 'ok FILE' for each valid file and one line per problem "
                    "(FILE: FIELD.PATH: problem (got ...; expected ...)) otherwise.",
        epilog="examples:\n  jsdsim validate scenarios/template.yaml\n"
               "  jsdsim validate scenarios/*.yaml\n\n"
               "exit status: 0 if every file is valid, 2 otherwise")
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
    p.set_defaults(handler=cmd_validate)


def _add_scenarios(sub: Any) -> None:
    p = sub.add_parser(
        "scenarios", help="list available scenario files", formatter_class=_FORMATTER,
        description="List the scenario files (*.yaml) of a folder with their titles; "
                    "invalid files are marked INVALID with their first problem.",
        epilog="examples:\n  jsdsim scenarios\n  jsdsim scenarios --dir my_localities/")
    p.add_argument("--dir", metavar="DIR", help=f"folder to list (default: {scenario_dir()})")
    p.set_defaults(handler=cmd_scenarios)


def _add_run(sub: Any) -> None:
    p = sub.add_parser(
        "run", help="run one plan of a scenario", formatter_class=_FORMATTER,
        description="Build the model of a scenario under one plan, simulate it month by "
                    "month and write the monthly table (CSV) or print it.",
        epilog="examples:\n  jsdsim run scenarios/template.yaml\n"
               "  jsdsim run template --plan dialogue_12m --seed 1 --out out/d12.csv\n"
               "  jsdsim run template --months 6 --set n_residents=2000 "
               "--set negativity_weight=1")
    p.add_argument("scenario", metavar="SCENARIO",
                   help="scenario file, or the name of a file in the scenarios/ folder")
    p.add_argument("--plan", metavar="NAME", help="plan to run (default: the first plan)")
    p.add_argument("--seed", type=seed_int, metavar="N", help="random seed (default: random)")
    p.add_argument("--months", type=positive_int, metavar="M",
                   help="months to simulate (default: the scenario's horizon_months)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="override a parameter (repeatable); applied after the plan's")
    p.add_argument("--out", metavar="FILE.csv", help="write the monthly table here as CSV "
                   "(default: print it)")
    p.set_defaults(handler=cmd_run)


def _add_demo(sub: Any) -> None:
    p = sub.add_parser(
        "demo", help="run the demonstration", formatter_class=_FORMATTER,
        description="Run the default locality (no scenario, no dialogue) for three "
                    "years: print a yearly summary and write monthly.csv and "
                    "main_series.png to an output folder.",
        epilog="examples:\n  jsdsim demo\n  jsdsim demo --out out/demo")
    p.add_argument("--out", metavar="DIR", default="out/demo",
                   help="output folder (default: %(default)s)")
    p.set_defaults(handler=cmd_demo)


def _add_figures(sub: Any) -> None:
    p = sub.add_parser(
        "figures", help="regenerate the validation figures", formatter_class=_FORMATTER,
        description="Rerun the pattern-oriented validation experiments (model brief, "
                    "section 7) and write one figure per pattern, as shown in "
                    "docs/validation.md. Takes several minutes.",
        epilog="examples:\n  jsdsim figures\n  jsdsim figures --out /tmp/fig --replicates 3")
    p.add_argument("--out", metavar="DIR", default="docs/figures",
                   help="output folder (default: %(default)s)")
    p.add_argument("--replicates", type=positive_int, default=6, metavar="N",
                   help="replicates per arm (default: %(default)s)")
    p.set_defaults(handler=cmd_figures)


def _add_baselines(sub: Any) -> None:
    p = sub.add_parser(
        "baselines", help="check or refresh the golden baselines", formatter_class=_FORMATTER,
        description="Rerun a small fixed run of each seed case and compare it with the "
                    "stored summary in tests/baselines/; --update overwrites the summaries "
                    "(do this deliberately, after a model change you intend).",
        epilog="examples:\n  jsdsim baselines\n  jsdsim baselines --update\n\n"
               "exit status: 0 if all match (or were updated), 1 if a value moved")
    p.add_argument("--update", action="store_true", help="overwrite the stored summaries")
    p.set_defaults(handler=cmd_baselines)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with its subcommands.

    Returns:
        The parser.
    """
    parser = argparse.ArgumentParser(
        prog="jsdsim", formatter_class=_FORMATTER,
        description="Agent-based model of trust between residents, police and informal "
                    "security groups, and of Justice and Security Dialogues.",
        epilog="examples:\n  jsdsim scenarios\n  jsdsim validate scenarios/*.yaml\n"
               "  jsdsim run template --plan dialogue_12m --seed 1\n  jsdsim demo\n\n"
               "'jsdsim COMMAND --help' explains each command.")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for add in (_add_validate, _add_scenarios, _add_run, _add_demo, _add_figures,
                _add_baselines, workshop_command.add_parser):
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``jsdsim`` console script and of ``python -m model``.

    Args:
        argv: Arguments without the program name; None reads ``sys.argv``.

    Returns:
        The exit code: 0 on success, 2 on invalid input or usage.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed by argparse
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    if not hasattr(args, "handler"):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    return guarded(args.handler, args)
