"""The ``jsdsim`` command line: one module per command.

Each command module has ``main(args) -> int`` and ``add_parser(subparsers)``;
:func:`build_parser` collects them. Known failures exit with code 2 and a one-line
message, bugs with code 1 and a traceback (:func:`model.cli.common.guarded`).
"""

from __future__ import annotations

import argparse
import sys

from model.cli import (
    analyze,
    baselines,
    calibrate,
    compare,
    demo,
    figures,
    run,
    scenarios,
    sweep,
    validate,
    workshop,
)
from model.cli.common import EXIT_ERROR, Formatter, guarded

COMMANDS = (validate, scenarios, run, compare, sweep, analyze, calibrate, demo, workshop,
            figures, baselines)
"""Command modules, in the order ``jsdsim --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with its commands.

    Returns:
        The parser.
    """
    parser = argparse.ArgumentParser(
        prog="jsdsim", formatter_class=Formatter,
        description="Agent-based model of trust between residents, police and informal "
                    "security groups, and of Justice and Security Dialogues.",
        epilog="examples:\n  jsdsim scenarios\n  jsdsim validate scenarios/*.yaml\n"
               "  jsdsim run saaba --plan dialogue_12m --seed 1\n"
               "  jsdsim compare saaba --plans no_dialogue,dialogue_12m --replicates 20\n"
               "  jsdsim sweep experiments/dialogue_length.yaml\n"
               "  jsdsim analyze out/sweeps/dialogue_length\n  jsdsim demo\n\n"
               "'jsdsim COMMAND --help' explains each command.")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``jsdsim`` console script and of ``python -m model``.

    Args:
        argv: Arguments without the program name; None reads ``sys.argv``.

    Returns:
        The exit code: 0 on success, 2 on invalid input or usage, 1 on a bug.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed by argparse
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    if not hasattr(args, "handler"):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    args.argv = list(argv if argv is not None else sys.argv[1:])  # recorded by compare
    return guarded(args.handler, args)
