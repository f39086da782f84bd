"""``jsdsim scenarios``: list scenario files with their titles."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from model.cli.common import EXIT_OK, UsageError, add_command
from model.scenario import list_scenarios, scenario_dir
from model.scenario.errors import clean


def main(args: argparse.Namespace) -> int:
    """List the scenario files of a folder with their titles.

    Args:
        args: Parsed arguments with ``dir`` (None for the bundled folder).

    Returns:
        0.

    Raises:
        UsageError: If the folder does not exist.
    """
    folder = Path(args.dir) if args.dir else scenario_dir()
    if not folder.is_dir():
        raise UsageError(f"no such folder: {folder}")
    listing = list_scenarios(folder)
    if not listing:
        print(f"no scenario files (*.yaml) in {folder}")
    names = [clean(p.name, 60) for p, _ in listing]
    width = max(map(len, names), default=0)
    for name, (_, title) in zip(names, listing, strict=True):
        print(f"{name:<{width}}  {title}")
    return EXIT_OK


def add_parser(sub: Any) -> None:
    """Add ``scenarios`` to the command parser.

    Args:
        sub: The parser's subparsers.
    """
    p = add_command(
        sub, "scenarios", main, summary="list available scenario files",
        description="List the scenario files (*.yaml) of a folder with their titles; "
                    "invalid files are marked INVALID with their first problem.",
        examples=["scenarios", "scenarios --dir my_localities/"])
    p.add_argument("--dir", metavar="DIR",
                   help="folder to list (default: the bundled scenarios, "
                        "or $JSDSIM_SCENARIOS)")
