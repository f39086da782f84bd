"""``jsdsim baselines``: check or refresh the golden baselines."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from model.cli.common import EXIT_OK, UsageError, add_command
from model.validation import golden

EXIT_MOVED = 1


def main(args: argparse.Namespace) -> int:
    """Check the golden baselines, or refresh them with ``--update``.

    Args:
        args: Parsed arguments with ``dir`` and ``update``.

    Returns:
        0 if every case matches (or was updated), 1 if one moved.

    Raises:
        UsageError: If the folder is missing when checking.
    """
    folder = Path(args.dir)
    if args.update:
        for path in golden.update(folder):
            print(f"wrote {path}")
        return EXIT_OK
    if not folder.is_dir():
        raise UsageError(f"no such folder: {folder} (create it with --update)")
    moved = [line for case in golden.CASES for line in golden.differences(case, folder)]
    for line in moved:
        print(line)
    print("baselines match" if not moved else f"{len(moved)} values moved "
          "(refresh deliberately with 'jsdsim baselines --update')")
    return EXIT_OK if not moved else EXIT_MOVED


def add_parser(sub: Any) -> None:
    """Add ``baselines`` to the command parser.

    Args:
        sub: The parser's subparsers.
    """
    p = add_command(
        sub, "baselines", main, summary="check or refresh the golden baselines",
        description="Rerun a small fixed run of each seed case and compare it with the "
                    "stored baseline in a folder; --update overwrites the baselines (do "
                    "this deliberately, after a model change you intend).",
        examples=["baselines", "baselines --update", "baselines --dir tests/baselines"],
        notes="exit status: 0 if all match (or were updated), 1 if a value moved")
    p.add_argument("--dir", metavar="DIR", default="tests/baselines",
                   help="baseline folder (default: %(default)s)")
    p.add_argument("--update", action="store_true", help="overwrite the stored baselines")
