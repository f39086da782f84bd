"""Problems found in a scenario file, and how they are shown to the user.

Every problem is one :class:`Issue`, rendered as ``FILE:LINE:COLUMN: FIELD.PATH: problem
(got VALUE; expected WHAT)`` (``FILE: FIELD.PATH: ...`` where no line is known); a
:class:`ScenarioError` carries all the problems of one file, sorted by line.

Everything taken from a file is shown through :func:`show` or :func:`clean`: values are
truncated *before* they are rendered (a huge or self-referencing value costs no more than
a short one) and control characters are escaped, so nothing in a file can forge a line of
output or send escape sequences to a terminal.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from model.core.errors import InputError

SHOWN_CHARS = 60
"""Longest value shown in a message."""


@dataclass(frozen=True)
class Issue:
    """One problem found in a scenario file.

    Attributes:
        path: Dotted field path where the problem is written, e.g.
            ``plans.dialogue_12m.interventions[0].start_day``, or ``<file>``; empty for a
            YAML syntax error (the line and column say where).
        problem: What is wrong, in a few words.
        got: The offending value as shown to the user, or None.
        expected: What would be accepted, or None.
        line: 1-based line where the problem is written, or None if unknown.
        column: 1-based column, or None.
    """

    path: str
    problem: str
    got: str | None = None
    expected: str | None = None
    line: int | None = None
    column: int | None = None

    def format(self, file: str) -> str:
        """Render as ``FILE:LINE:COLUMN: PATH: problem (got VALUE; expected WHAT)``.

        Args:
            file: The scenario file name as the user gave it.

        Returns:
            One line of text (control characters escaped).
        """
        details = []
        if self.got is not None:
            details.append(f"got {self.got}")
        if self.expected is not None:
            details.append(f"expected {self.expected}")
        tail = f" ({'; '.join(details)})" if details else ""
        where = clean(file, 200)
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        path = f" {self.path}:" if self.path else ""
        return clean(f"{where}:{path} {self.problem}{tail}", 2000)

    def sort_key(self) -> tuple[float, float]:
        """Order by line, then column; problems without a line come last."""
        return (self.line if self.line is not None else math.inf,
                self.column if self.column is not None else 0)


def sorted_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Drop repeated problems and sort the rest by line (stable otherwise).

    Args:
        issues: Problems, possibly repeated.

    Returns:
        Each distinct problem once, by line and column.
    """
    return sorted(dict.fromkeys(issues), key=Issue.sort_key)


_IN_PLAN = re.compile(r"^(.*) in plans? ([a-z0-9_, ]+)$")


def merge_plans(issues: Iterable[Issue]) -> list[Issue]:
    """Merge problems that differ only in the plan they are found in.

    A date past the horizon in a dialogue shared by three plans is one problem, written
    once: ``date past the horizon in plans a, b, c``.

    Args:
        issues: Problems, each at its place.

    Returns:
        The problems, those ending "in plan NAME" merged when all else is equal.
    """
    merged: dict[Issue, list[str]] = {}
    for issue in issues:
        match = _IN_PLAN.match(issue.problem)
        key = replace(issue, problem=match.group(1)) if match else issue
        plans = merged.setdefault(key, [])
        if match:
            plans += [p for p in match.group(2).split(", ") if p not in plans]
    return [replace(key, problem=f"{key.problem} in plan{'s' if len(plans) > 1 else ''} "
                    f"{', '.join(plans)}") if plans else key for key, plans in merged.items()]


class ScenarioError(InputError):
    """A scenario file could not be read or is invalid.

    ``str(error)`` is one line per problem, each naming the file, the line, the field path,
    the offending value and what was expected.

    Attributes:
        file: The scenario file name as the user gave it.
        issues: The problems found, sorted by line where known.
    """

    def __init__(self, file: str | os.PathLike[str], issues: Sequence[Issue]) -> None:
        self.file = os.fspath(file)
        self.issues = tuple(sorted_issues(issues))
        super().__init__("\n".join(i.format(self.file) for i in self.issues))


_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str, limit: int = SHOWN_CHARS) -> str:
    r"""Escape control characters and cut text to at most ``limit`` characters.

    Args:
        text: Text taken from a file (a title, a key, a file name).
        limit: Longest result.

    Returns:
        Printable text on one line: ``\n``, escape sequences and bidirectional controls
        appear as ``\x..`` / ``\u....`` escapes; a cut text ends with ``...``.
    """
    text = text[: limit * 2]  # escaping at most quadruples what is kept below
    out = _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return out if len(out) <= limit else out[: max(limit - 3, 0)] + "..."


def show(value: Any, limit: int = SHOWN_CHARS) -> str:
    """Show a value from a YAML file the way the user wrote it, briefly.

    The value is rendered piece by piece within a budget, so a huge mapping (say, an alias
    bomb) is never rendered whole.

    Args:
        value: The value.
        limit: Longest result.

    Returns:
        At most ``limit`` characters of text, control characters escaped.
    """
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, Mapping):
        text = _bounded(value, limit + 1)
        if len(text) <= limit:
            return text
        keys = [clean(str(k), 20) for k, _ in zip(value, range(5), strict=False)]
        return clean(f"a mapping with keys {', '.join(keys)}", limit)
    if isinstance(value, list | tuple):
        text = _bounded(value, limit + 1)
        return text if len(text) <= limit else f"a list of {len(value)} items"
    return _bounded(value, limit)


def _bounded(value: Any, budget: int) -> str:
    """``repr``-like text of a value, stopping once ``budget`` characters are exceeded."""
    if isinstance(value, str):
        return clean(repr(value[: budget + 2]), budget)
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, int):
        if value.bit_length() > 200:
            return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
        return clean(str(value), budget)
    if isinstance(value, float):
        return clean(repr(value), budget)
    if isinstance(value, Mapping | list | tuple):
        is_map = isinstance(value, Mapping)
        parts, used = [], 2
        items = value.items() if is_map else value
        for item in items:
            if used > budget:
                parts.append("...")
                break
            if is_map:
                text = f"{_bounded(item[0], budget - used)}: {_bounded(item[1], budget - used)}"
            else:
                text = _bounded(item, budget - used)
            parts.append(text)
            used += len(text) + 2
        inner = ", ".join(parts)
        text = "{" + inner + "}" if is_map else "[" + inner + "]"
        return text if len(text) <= budget else text[: max(budget - 3, 0)] + "..."
    return clean(repr(value), budget)


def suggest(word: Any, choices: Iterable[str]) -> str:
    """Return "; did you mean 'x'?" for the closest choice, or an empty string."""
    close = difflib.get_close_matches(clean(str(word), 100), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def one_of(choices: Iterable[Any]) -> str:
    """Return "one of 'a', 'b', 'c'" for an expected-value message."""
    return "one of " + ", ".join(show(c) for c in choices)
