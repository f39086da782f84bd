"""``jsdsim figures``: regenerate the validation figures."""

from __future__ import annotations

import argparse
from typing import Any

from model.cli.common import EXIT_OK, add_command, positive_int
from model.validation.figures import make_figures


def main(args: argparse.Namespace) -> int:
    """Rerun the validation experiments and write their figures.

    Args:
        args: Parsed arguments with ``out`` and ``replicates``.

    Returns:
        0.
    """
    for path in make_figures(args.out, n_replicates=args.replicates):
        print(f"wrote {path}")
    return EXIT_OK


def add_parser(sub: Any) -> None:
    """Add ``figures`` to the command parser.

    Args:
        sub: The parser's subparsers.
    """
    p = add_command(
        sub, "figures", main, summary="regenerate the validation figures",
        description="Rerun the pattern-oriented validation experiments (model brief, "
                    "section 7) and write one figure per pattern, as shown in "
                    "docs/validation.md. Takes several minutes.",
        examples=["figures", "figures --out /tmp/fig --replicates 3"])
    p.add_argument("--out", metavar="DIR", default="docs/figures",
                   help="output folder (default: %(default)s)")
    p.add_argument("--replicates", type=positive_int, default=6, metavar="N",
                   help="replicates per arm (default: %(default)s)")
