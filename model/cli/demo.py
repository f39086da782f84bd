"""``jsdsim demo``: the main job on a seed case, a plan comparison of Saaba (``make demo``).

The demo is ``jsdsim compare`` with the settings of :data:`DEMO_ARGUMENTS`: four plans of
Saaba (no dialogue, and dialogues of 6, 12 and 24 months), 8 replicates each, over the
scenario's 48 months, at a quarter of its population (5,000 residents with officers and
Koglweogo members at the same density): about 45 s of CPU time for the runs, so about half
a minute on two free cores (docs/performance.md).
"""

from __future__ import annotations

import argparse
import shlex
import sys
import textwrap
from typing import Any

from model.cli.common import EXIT_ERROR, add_command, positive_int

DEMO_ARGUMENTS: tuple[str, ...] = (
    "saaba", "--plans", "no_dialogue,dialogue_6m,dialogue_12m,dialogue_24m",
    "--replicates", "8", "--scale", "0.25",
)
"""The ``jsdsim compare`` arguments of the demo (without ``--out`` and ``--workers``)."""

DEMO_OUT = "out/demo"


def demo_argv(out: str = DEMO_OUT, workers: int | None = None) -> list[str]:
    """The full ``jsdsim compare`` command line of the demo.

    Args:
        out: Output folder.
        workers: Worker processes (default: the CPU count).

    Returns:
        Arguments after ``jsdsim``.
    """
    argv = ["compare", *DEMO_ARGUMENTS, "--out", out]
    if workers is not None:
        argv += ["--workers", str(workers)]
    return argv


def main(args: argparse.Namespace) -> int:
    """Run the demo comparison.

    Args:
        args: Parsed arguments with ``out`` and ``workers``.

    Returns:
        The exit code of ``jsdsim compare``.
    """
    from model.cli import build_parser
    from model.cli.compare import compare_command

    argv = demo_argv(args.out, args.workers)
    print(f"jsdsim demo = jsdsim {shlex.join(argv)}", file=sys.stderr)
    compare_args = build_parser().parse_args(argv)
    if not hasattr(compare_args, "handler"):  # pragma: no cover - the parser is ours
        return EXIT_ERROR
    return compare_command(compare_args, command="jsdsim " + shlex.join(argv))


def add_parser(sub: Any) -> None:
    """Add ``demo`` to the command parser.

    Args:
        sub: The parser's subparsers.
    """
    p = add_command(
        sub, "demo", main, summary="run the demonstration: compare four plans of Saaba",
        description=textwrap.fill(
            "Compare four plans of the Saaba seed case (no dialogue, and dialogues of 6, "
            "12 and 24 months) with 8 replicates each over 48 months, at a quarter of its "
            "population (5,000 residents): about 45 s of CPU in all, so about half a "
            "minute on two free cores (docs/performance.md). It is exactly:", 78)
        + "\n\n  jsdsim " + shlex.join(["compare", *DEMO_ARGUMENTS, "--out", DEMO_OUT])
        + "\n\n" + textwrap.fill(
            "It writes the tables, figures and report.html to the output folder (see "
            "'jsdsim compare --help'). Running it again reuses the finished runs.", 78),
        examples=["demo", "demo --out out/demo --workers 2"])
    p.add_argument("--out", metavar="DIR", default=DEMO_OUT,
                   help="output folder (default: %(default)s)")
    p.add_argument("--workers", type=positive_int, metavar="N",
                   help="worker processes (default: the number of CPUs)")
