"""What every command shares: exit codes, error handling, argument types, tables.

Known failures (invalid scenario files, bad parameter values, unusable paths) are
reported as ``jsdsim: error: ...`` on stderr with exit code 2 and no traceback. Anything
else is a bug: it is reported with its traceback and exit code 1.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from model.core.errors import InputError
from model.scenario import ScenarioError
from model.scenario.errors import clean
from model.scenario.reading import scalar

EXIT_OK = 0
EXIT_BUG = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


class UsageError(InputError):
    """A command-line value that cannot be used (reported without a traceback)."""


# --- running a handler -----------------------------------------------------------------


def guarded(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a handler, turning known failures into ``jsdsim: error: ...`` and exit code 2.

    Args:
        handler: A command handler.
        args: Its parsed arguments.

    Returns:
        The handler's exit code; 2 on invalid input (:class:`model.core.errors.InputError`,
        which scenario, parameter and usage errors are) or an unusable file (OSError);
        130 on Ctrl-C; 1, with the traceback, on any other exception (a bug).
    """
    try:
        return handler(args)
    except BrokenPipeError:  # e.g. `jsdsim scenarios | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except ScenarioError as exc:  # each line escaped already
        print(f"jsdsim: error: invalid scenario:\n{exc}", file=sys.stderr)
    except InputError as exc:  # one problem per line: escape within lines, keep the lines
        lines = [clean(line, 4000) for line in str(exc).splitlines()[:200]]
        print("jsdsim: error: " + "\n".join(lines), file=sys.stderr)
    except OSError as exc:
        print(f"jsdsim: error: {clean(_os_message(exc), 400)}", file=sys.stderr)
    except KeyboardInterrupt:
        print("jsdsim: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:  # noqa: BLE001 - a bug: show it, with a distinct exit code
        traceback.print_exc()
        print("jsdsim: internal error (a bug in jsdsim): please report it with the "
              "traceback above", file=sys.stderr)
        return EXIT_BUG
    return EXIT_ERROR


def optional_packages(handler: Callable[[argparse.Namespace], int]
                      ) -> Callable[[argparse.Namespace], int]:
    """Wrap a handler that needs optional packages (SALib, Dask).

    If one is missing, the ImportError's message (which says how to install it) becomes a
    usage error (exit 2) instead of a traceback.

    Args:
        handler: A command handler.

    Returns:
        The wrapped handler.
    """
    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except ImportError as exc:
            raise UsageError(str(exc)) from None

    return run


def _os_message(exc: OSError) -> str:
    if exc.strerror and exc.filename:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)


# --- argument types ---------------------------------------------------------------------


def positive_int(text: str) -> int:
    """Argparse type: an integer >= 1.

    Args:
        text: The command-line text.

    Returns:
        The integer.

    Raises:
        argparse.ArgumentTypeError: If it is not a whole number >= 1.
    """
    value = _whole(text)
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
    value = _whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a seed >= 0, got {value}")
    return value


def positive_float(text: str) -> float:
    """Argparse type: a finite number > 0.

    Args:
        text: The command-line text.

    Returns:
        The number.

    Raises:
        argparse.ArgumentTypeError: If it is not a finite number > 0.
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (0 < value < float("inf")):
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text}")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def parse_overrides(items: Sequence[str]) -> dict[str, Any]:
    """Parse ``NAME=VALUE`` strings; values are read as YAML 1.2 plain scalars.

    ``0.5`` becomes a float, ``40`` an int, ``true`` a bool, ``1e3`` a float; ``1:00`` and
    ``yes`` stay text (no YAML 1.1 surprises). NAME is a parameter or ``DIALOGUE.FIELD``
    (see :meth:`model.scenario.Scenario.model_kwargs`).

    Args:
        items: The ``--set`` values.

    Returns:
        Overrides by name (validated later, when the model's arguments are built).

    Raises:
        UsageError: If an item has no ``=``, an empty name, or an unreadable value.
    """
    overrides: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name or not text.strip():
            raise UsageError(f"--set {clean(item, 80)!r}: expected NAME=VALUE, e.g. --set "
                             "trust_police_init=0.3")
        overrides[name] = _parse_value(name, text)
    return overrides


def _parse_value(name: str, text: str) -> Any:
    if text.strip()[:1] in ("[", "{", "&", "*", "!", "|", ">") or "\n" in text:
        raise UsageError(f"--set {clean(name, 60)}={clean(text, 60)}: expected a single "
                         "number, true/false or word")
    try:
        value = scalar(text)
    except ValueError:
        raise UsageError(f"--set {clean(name, 60)}={clean(text, 60)}: number too large"
                         ) from None
    if value is None:
        raise UsageError(f"--set {clean(name, 60)}={clean(text, 60)}: expected a single "
                         "number, true/false or word")
    return value


# --- help -------------------------------------------------------------------------------


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Wraps one-paragraph descriptions to the terminal; keeps multi-line text as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return super()._fill_text(text, width, indent)
        return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent)


def add_command(sub: Any, name: str, handler: Callable[[argparse.Namespace], int], *,
                summary: str, description: str, examples: Sequence[str],
                notes: str = "") -> argparse.ArgumentParser:
    """Add a command to the ``jsdsim`` parser with its help text and examples.

    Args:
        sub: The parser's subparsers.
        name: Command name.
        handler: Its handler.
        summary: One line for ``jsdsim --help``.
        description: A paragraph for ``jsdsim NAME --help``.
        examples: Example command lines (without the leading ``jsdsim``).
        notes: Text after the examples (e.g. the exit status).

    Returns:
        The command's parser, to add arguments to.
    """
    epilog = "examples:\n" + "\n".join(f"  jsdsim {e}" for e in examples)
    if notes:
        epilog += f"\n\n{notes}"
    parser = sub.add_parser(name, help=summary, description=description, epilog=epilog,
                            formatter_class=Formatter)
    parser.set_defaults(handler=handler)
    return parser


# --- output -----------------------------------------------------------------------------


def count(n: int, noun: str) -> str:
    """``"1 plan"``, ``"3 plans"``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


HEADLINE_COLUMNS = (
    "month", "incidents_per_1000", "reporting_rate", "cooperation_rate", "clearance_rate",
    "trust_police_mean", "trust_informal_mean", "trust_outgroup_mean", "joint_actions",
    "abuses", "clashes",
)
"""Columns printed by ``jsdsim run`` without ``--out`` (when the table has them)."""


def print_table(table: pd.DataFrame) -> None:
    """Print the headline columns of a monthly table compactly (3 decimals).

    Args:
        table: The table; columns missing from :data:`HEADLINE_COLUMNS` are skipped, and
            the whole table is printed if it has none of them.
    """
    shown = [c for c in HEADLINE_COLUMNS if c in table.columns] or list(table.columns)
    with pd.option_context("display.width", 200, "display.max_columns", None,
                           "display.max_rows", 60, "display.precision", 3):
        print(table[shown].to_string(index=False))
    hidden = len(table.columns) - len(shown)
    if hidden:
        print(f"({count(hidden, 'more column')}: use --out FILE.csv to get them all)")
