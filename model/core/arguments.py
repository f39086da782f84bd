"""Checks of the TrustModel constructor's arguments other than the parameters.

Every bad argument raises :class:`~model.core.errors.InputError` naming the argument,
the value and what was expected: never a raw exception from deep inside the model.
Parameters themselves are checked by :func:`model.core.params.resolve`.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral
from typing import Any

import networkx as nx
import numpy as np

from model.core import interventions as iv
from model.core.errors import InputError
from model.core.params import Params


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the real problem
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(value: Any) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def check_rng(rng: Any) -> Any:
    """Check the ``rng`` argument.

    Args:
        rng: None (fresh entropy), a whole number >= 0, or a numpy Generator.

    Returns:
        The value to seed Mesa with (numpy integers become ``int``).

    Raises:
        InputError: On anything else (e.g. ``1.5``, ``-1``, ``"7"``).
    """
    if rng is None or isinstance(rng, np.random.Generator):
        return rng
    if _whole(rng) and rng >= 0:
        return int(rng)
    raise InputError(f"rng = {_short(rng)} is invalid: expected None, a whole number >= 0 "
                     "or a numpy.random.Generator")


def _items(name: str, values: Any, kinds: tuple[type, ...], what: str) -> tuple[Any, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence | np.ndarray):
        raise InputError(f"{name} = {_short(values)} is invalid: expected a list of {what}")
    for i, value in enumerate(values):
        if not isinstance(value, kinds):
            raise InputError(f"{name}[{i}] = {_short(value)} is invalid: expected {what}")
    return tuple(values)


def _neighbourhoods(name: str, values: Any, n_hoods: int) -> tuple[int, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence | np.ndarray):
        raise InputError(f"{name} = {_short(values)} is invalid: expected a list of "
                         "neighbourhood indices")
    for i, value in enumerate(values):
        if not _whole(value) or not 0 <= value < n_hoods:
            raise InputError(f"{name}[{i}] = {_short(value)} is invalid: expected a "
                             f"neighbourhood index in [0, {n_hoods - 1}] "
                             f"(n_neighbourhoods = {n_hoods})")
    return tuple(int(v) for v in values)


def check_plan(p: Params, interventions: Any, events: Any, hotspots: Any
               ) -> tuple[tuple[iv.Dialogue, ...], tuple[Any, ...], tuple[iv.Hotspot, ...]]:
    """Check the dialogues, events and hot spots against the resolved parameters.

    Args:
        p: Resolved parameters.
        interventions: Dialogues.
        events: Scheduled events.
        hotspots: Hot spots active from day 0.

    Returns:
        The three, as tuples.

    Raises:
        InputError: If an item has the wrong type or names a neighbourhood the model does
            not have.
    """
    dialogues = _items("interventions", interventions, (iv.Dialogue,), "Dialogue objects")
    event_kinds = tuple(iv.EVENT_TYPES.values())
    events = _items("events", events, event_kinds, "event objects (" + ", ".join(
        k.__name__ for k in event_kinds) + ")")
    spots = _items("hotspots", hotspots, (iv.Hotspot,), "Hotspot objects")
    n_hoods = p.n_neighbourhoods
    for i, spot in enumerate(spots):
        _neighbourhoods(f"hotspots[{i}].neighbourhood", (spot.neighbourhood,), n_hoods)
    for i, event in enumerate(events):
        if isinstance(event, iv.FlashpointAppears):
            _neighbourhoods(f"events[{i}].hotspot.neighbourhood",
                            (event.hotspot.neighbourhood,), n_hoods)
        if isinstance(event, iv.PoliceWithdrawal | iv.PoliceReturn):
            _neighbourhoods(f"events[{i}].neighbourhoods", event.neighbourhoods, n_hoods)
    return dialogues, events, spots


def check_placement(p: Params, police_posts: Any, group_homes: Any
                    ) -> tuple[tuple[int, ...] | None, tuple[tuple[int, ...], ...] | None]:
    """Check fixed placements of police posts and of the groups' home neighbourhoods.

    Args:
        p: Resolved parameters.
        police_posts: Neighbourhood indices with a post, or None to place
            ``police_post_share`` of them at random.
        group_homes: For each identity group, its home neighbourhoods (non-empty), or None
            for contiguous blocks in proportion to group size.

    Returns:
        The placements as tuples (None where not given).

    Raises:
        InputError: On an index out of range, or a group count that is not ``n_groups``.
    """
    posts = None
    if police_posts is not None:
        posts = _neighbourhoods("police_posts", police_posts, p.n_neighbourhoods)
    homes = None
    if group_homes is not None:
        if isinstance(group_homes, str | bytes) or not isinstance(group_homes, Sequence) \
                or len(group_homes) != p.n_groups:
            raise InputError(f"group_homes = {_short(group_homes)} is invalid: expected one "
                             f"list of neighbourhoods per group (n_groups = {p.n_groups})")
        homes = tuple(_neighbourhoods(f"group_homes[{g}]", h, p.n_neighbourhoods)
                      for g, h in enumerate(group_homes))
        empty = [g for g, h in enumerate(homes) if not h]
        if empty:
            raise InputError(f"group_homes[{empty[0]}] is empty: expected at least one "
                             "neighbourhood")
    return posts, homes


def check_graph(graph: Any) -> nx.Graph | None:
    """Check the ``graph`` argument's type (its nodes are checked when it is converted).

    Args:
        graph: None or a networkx graph.

    Returns:
        The graph.

    Raises:
        InputError: If it is not a networkx graph.
    """
    if graph is not None and not isinstance(graph, nx.Graph):
        raise InputError(f"graph = {_short(graph)} is invalid: expected None or a "
                         "networkx.Graph over residents 0..n_residents-1")
    return graph


MAX_DAYS_PER_CALL = iv.MAX_DAY
"""Most days one ``run_for`` call simulates (the longest horizon)."""


def check_days(days: Any) -> int:
    """Check the day count given to ``TrustModel.run_for``.

    Args:
        days: Days to simulate.

    Returns:
        The count as an int.

    Raises:
        InputError: Unless it is a whole number in [0, MAX_DAYS_PER_CALL] (3.0 counts
            as 3; negative, fractional, infinite, NaN and non-numbers are refused).
    """
    whole = _whole(days) or (isinstance(days, float | np.floating) and np.isfinite(days)
                             and float(days).is_integer())
    if not whole or not 0 <= days <= MAX_DAYS_PER_CALL:
        raise InputError(f"run_for(days={_short(days)}) is invalid: expected a whole number "
                         f"of days in [0, {MAX_DAYS_PER_CALL:,}]")
    return int(days)
