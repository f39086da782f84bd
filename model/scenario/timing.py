"""Dates and durations in the units people plan in: days, weeks and months.

The one place that turns what a scenario file says about time into model days. A month
is :data:`model.core.params.DAYS_PER_MONTH` (30) days; month 1 is days 0-29, so
``start_month: 4`` is day 90 (the first day of the fourth month) and ``end_month: 6``
is day 180 (the first day after the sixth month). A date may also be written as the time
elapsed since the start, e.g. ``start_day: "3 months"`` (day 90) or ``day: "10 weeks"``
(day 70); a length as ``length_months: "90 days"`` (3 months).
"""

from __future__ import annotations

import re

from model.core.params import DAYS_PER_MONTH

UNIT_DAYS: dict[str, int] = {"day": 1, "week": 7, "month": DAYS_PER_MONTH}
"""Days in each unit a duration may be written in."""

_DURATION = re.compile(r"\s*([0-9]{1,7}(?:\.[0-9]{1,6})?)\s*(day|week|month)s?\s*", re.I)

MONTH_FIELDS: dict[str, str] = {"start_day": "start_month", "day": "month",
                                "end_day": "end_month"}
"""For each day field of an event or dialogue, the field that gives it as a month number."""

DURATION_EXAMPLE = "e.g. '6 months', '10 weeks' or '45 days'"


def duration_days(text: str) -> float | None:
    """Days in a written duration such as ``"6 months"``.

    Args:
        text: A number followed by ``day(s)``, ``week(s)`` or ``month(s)``.

    Returns:
        The number of days (possibly fractional), or None if the text is not a duration.
    """
    match = _DURATION.fullmatch(text)
    if match is None:
        return None
    return float(match.group(1)) * UNIT_DAYS[match.group(2).lower()]


def month_to_day(field: str, month: int) -> int:
    """The day a month number stands for in a given day field.

    Args:
        field: The day field (``start_day``, ``day`` or ``end_day``).
        month: Month number, 1 for the first month.

    Returns:
        The month's first day for ``start_day`` and ``day``; the first day after it for
        ``end_day`` (so ``start_month: 3, end_month: 3`` is the third month, days 60-89).
    """
    return month * DAYS_PER_MONTH if field == "end_day" else (month - 1) * DAYS_PER_MONTH


def day_to_month_text(day: int) -> str:
    """Describe a day for messages: ``day 90 (start of month 4)``.

    Args:
        day: A day from 0.

    Returns:
        The day and the month it falls in.
    """
    month, into = divmod(day, DAYS_PER_MONTH)
    return f"day {day} ({'start of ' if into == 0 else ''}month {month + 1})"
