"""``jsdsim workshop``: start the trainers' live workshop app in the browser.

Importing this module does not import Solara (the server is imported when the command
runs), so ``jsdsim --help`` stays fast. Invalid input (unknown scenario, bad host, port in
use) raises InputError (ScenarioError is one) or OSError, which the command line reports
as ``jsdsim: error: ...`` (exit code 2).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

from model.app.server import DEFAULT_HOST, DEFAULT_PORT
from model.cli.common import UsageError
from model.scenario import find_scenario, list_scenarios, load_scenario

DESCRIPTION = (
    "Start the live workshop app: a page for a projector where a trainer picks a "
    "locality and a plan, plays the model, moves sliders (dialogue length, police "
    "conduct, officer rotation, outreach, ...), injects events (a misconduct scandal, a "
    "robbery wave, police withdrawal and return, a joint police-group action) and "
    "compares two plans side by side from the same seed. It needs no internet: every "
    "file of the page is served from this computer. Open the printed address in a "
    "browser; stop the app with Ctrl-C. Guide: docs/workshop.md.")
EPILOG = (
    "examples:\n"
    "  jsdsim workshop                      # saaba, at http://127.0.0.1:8765/\n"
    "  jsdsim workshop jos --port 8080\n"
    "  jsdsim workshop my_locality.yaml --port 0   # any free port\n"
    "  jsdsim workshop dakar --host 0.0.0.0 # let other computers of the room connect\n\n"
    "The page listens on this computer only (127.0.0.1) unless --host is given: an\n"
    "address reachable from other computers (e.g. 0.0.0.0, or this computer's network\n"
    "address) is used only when named with --host on the command line, never from a\n"
    "setting or an environment variable (SOLARA_HOST, HOST, ... are ignored). Anyone who\n"
    "can reach that address can then use the page: there is no password.\n\n"
    "exit status: 0 after Ctrl-C, 2 on invalid input (unknown scenario, bad host or\n"
    "port, port in use)")


def add_parser(subparsers: Any) -> None:
    """Add the ``workshop`` command to the ``jsdsim`` command line.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers``.
    """
    p = subparsers.add_parser(
        "workshop", help="start the live workshop app in the browser (works offline)",
        description=textwrap.fill(DESCRIPTION, 88), epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", nargs="?", default="saaba", metavar="SCENARIO",
                   help="scenario shown first: a file, or the name of a file in the "
                        "scenarios/ folder (default: %(default)s); the page offers the "
                        "bundled ones too")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                   help="port to listen on (default: %(default)s; 0: any free port)")
    p.add_argument("--host", default=None, metavar="ADDRESS",
                   help=f"address to listen on (default: {DEFAULT_HOST}, this computer "
                        "only); naming an address reachable from other computers here "
                        "is what allows it")
    p.set_defaults(handler=main)


def resolve_scenario(name: str) -> Path:
    """Find a scenario file: a path, or the name of a bundled file.

    Args:
        name: ``path/to/file.yaml``, or ``saaba`` for the bundled ``saaba.yaml``.

    Returns:
        The file, checked to load.

    Raises:
        UsageError: If there is no such file; the message lists the bundled names.
        model.ScenarioError: If the file is not a valid scenario.
    """
    path = find_scenario(name)
    if not path.exists():
        names = ", ".join(p.stem for p, _ in list_scenarios())
        raise UsageError(f"no scenario {name!r}: expected a scenario file or one of {names}")
    load_scenario(path)
    return path


def main(args: argparse.Namespace) -> int:
    """Run ``jsdsim workshop``: check the input, then serve until Ctrl-C.

    Args:
        args: Parsed arguments with ``scenario``, ``port`` and ``host`` (None when
            ``--host`` was not given).

    Returns:
        0 when the server stops.

    Raises:
        InputError: On an unknown scenario, a refused or invalid host, or a bad port.
        OSError: If the port is in use or the address cannot be used.
        model.ScenarioError: On an invalid scenario file.
    """
    from model.app.server import serve

    scenario = resolve_scenario(args.scenario)
    explicit = args.host is not None
    host = args.host if explicit else DEFAULT_HOST

    def announce(url: str) -> None:
        print(f"jsdsim workshop: {scenario.stem} at {url}  (Ctrl-C to stop)", flush=True)
        if explicit and not _loopback(host):
            print(f"jsdsim workshop: listening on {host}: other computers can open this "
                  "page at this computer's network address (no password)", flush=True)

    try:
        serve(scenario, host, args.port, allow_remote=explicit, announce=announce)
    except KeyboardInterrupt:
        pass
    print("jsdsim workshop: stopped", file=sys.stderr)
    return 0


def _loopback(host: str) -> bool:
    from model.app.server import is_loopback

    return is_loopback(host)
