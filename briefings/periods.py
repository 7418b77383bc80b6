"""Fact dates as periods: ``2024`` is all of 2024, ``2024-12`` all of December."""

from __future__ import annotations

import calendar
import datetime as dt

from briefings.schemas import Precision


def period(value: str | None) -> tuple[dt.date, dt.date, Precision] | None:
    """The first and last day a fact date covers, and its precision; None for no date."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), "year"
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last), "month"
    day = dt.date(parts[0], parts[1], parts[2])
    return day, day, "day"


def precision_of(value: str | None) -> Precision | None:
    """``day``, ``month`` or ``year`` for a fact date string."""
    p = period(value)
    return p[2] if p else None


def nests(a: str | None, b: str | None) -> bool:
    """True when one period lies inside the other (both None counts as the same)."""
    if a is None or b is None:
        return a is None and b is None
    pa, pb = period(a), period(b)
    assert pa and pb
    return (pa[0] <= pb[0] and pb[1] <= pa[1]) or (pb[0] <= pa[0] and pa[1] <= pb[1])


def more_precise(a: str | None, b: str | None) -> str | None:
    """The more precise of two nested fact dates."""
    if a is None:
        return b
    if b is None:
        return a
    return a if len(a) >= len(b) else b
