"""Solara entry point of the workshop app (the server sets ``SOLARA_APP=model.app.page``).

The scenario named on the command line reaches the page through the environment variable
:data:`SCENARIO_ENV` (set by :func:`model.app.server.serve`); the locality picker also
offers every bundled scenario.
"""

from __future__ import annotations

import os
from pathlib import Path

import solara

from model.app.components import WorkshopPage
from model.app.session import bundled_scenarios

SCENARIO_ENV = "JSDSIM_WORKSHOP_SCENARIO"
"""Environment variable holding the path of the scenario shown first."""
DEFAULT_SCENARIO = "saaba"
"""Scenario shown first when none is given (falls back to the first bundled one)."""


def scenario_choice() -> tuple[dict[str, Path], str]:
    """The scenarios the page offers and the one it shows first.

    Returns:
        (name -> path, name of the first shown).
    """
    given = os.environ.get(SCENARIO_ENV)
    files = bundled_scenarios([given] if given else [])
    if given:
        first = next(name for name, path in files.items()
                     if path.resolve() == Path(given).resolve())
    else:
        first = DEFAULT_SCENARIO if DEFAULT_SCENARIO in files else next(iter(files))
    return files, first


@solara.component
def Page() -> None:
    """The page served at ``/``."""
    files, first = solara.use_memo(scenario_choice, dependencies=[])
    WorkshopPage(files, first)


@solara.component
def Layout(children: list | None = None) -> None:
    """A bare layout: no app bar or side bar from Solara's default layout.

    Args:
        children: The page.
    """
    solara.Column(children=children or [], style={"padding": "0"})
