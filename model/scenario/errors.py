"""Problems found in a scenario file, and how they are shown to the user.

Every problem is one :class:`Issue`, rendered as ``FILE: FIELD.PATH: problem (got VALUE;
expected WHAT)``; a :class:`ScenarioError` carries all the problems of one file.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from model.core.errors import InputError


@dataclass(frozen=True)
class Issue:
    """One problem found in a scenario file.

    Attributes:
        path: Dotted field path, e.g. ``plans.dialogue_12m.interventions[0].start_day``,
            or ``line L, column C`` for YAML syntax errors, or ``<file>``.
        problem: What is wrong, in a few words.
        got: The offending value as shown to the user, or None.
        expected: What would be accepted, or None.
    """

    path: str
    problem: str
    got: str | None = None
    expected: str | None = None

    def format(self, file: str) -> str:
        """Render as ``FILE: PATH: problem (got VALUE; expected WHAT)``.

        Args:
            file: The scenario file name as the user gave it.

        Returns:
            One line of text.
        """
        details = []
        if self.got is not None:
            details.append(f"got {self.got}")
        if self.expected is not None:
            details.append(f"expected {self.expected}")
        tail = f" ({'; '.join(details)})" if details else ""
        return f"{file}: {self.path}: {self.problem}{tail}"


class ScenarioError(InputError):
    """A scenario file could not be read or is invalid.

    ``str(error)`` is one line per problem, each naming the file, the field path, the
    offending value and what was expected.

    Attributes:
        file: The scenario file name as the user gave it.
        issues: The problems found, in file order where known.
    """

    def __init__(self, file: str | os.PathLike[str], issues: Sequence[Issue]) -> None:
        self.file = os.fspath(file)
        self.issues = tuple(issues)
        super().__init__("\n".join(i.format(self.file) for i in self.issues))


def show(value: Any) -> str:
    """Show a value from a YAML file the way the user wrote it, briefly.

    Args:
        value: The value.

    Returns:
        At most about 60 characters of text.
    """
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, list | tuple | dict):
        text = repr(list(value) if isinstance(value, tuple) else value)
        if len(text) <= 50:
            return text
        if isinstance(value, dict):
            return f"a mapping with keys {', '.join(map(str, list(value)[:5]))}"
        return f"a list of {len(value)} items"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def suggest(word: Any, choices: Iterable[str]) -> str:
    """Return "; did you mean 'x'?" for the closest choice, or an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def one_of(choices: Iterable[Any]) -> str:
    """Return "one of 'a', 'b', 'c'" for an expected-value message."""
    return "one of " + ", ".join(repr(c) for c in choices)

