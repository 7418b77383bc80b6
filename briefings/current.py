"""The current troop figure: one choice among the stored levels, the same in every answer.

``/troops``, the console, ``ask troops``, the briefings and the alerts all ask this
module which stored level is the figure at a date, so a reader never sees two
answers to one question. The caller reads the candidate levels (levels only, never
a plan or a change; dated on or before ``as_of``; never a rejected fact) and passes
them here as plain :class:`Candidate` values; :func:`choose_current` is pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

_PRECISION_RANK = {4: 0, 7: 1, 10: 2}  # len("YYYY"), len("YYYY-MM"), len("YYYY-MM-DD")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One stored level that could be the figure at a date, with what weighs for it."""

    id: int
    value: int
    qualifier: str
    date: str | None
    date_start: dt.date | None
    status: str  # "past" or "current": plans never reach the chooser
    confidence: float = 1.0
    #: How many distinct outlets report it (by the time asked about).
    outlets: int = 1
    #: The newest publication date among its sources.
    newest_published: dt.date | None = None
    #: An admin approved it in review (a rejected fact is never a candidate).
    approved: bool = False


@dataclass(frozen=True, slots=True)
class Choice:
    """The chosen level and why, in a few words ("3 outlets agree, newest 2026-02-21")."""

    id: int
    reason: str


def choose_current(candidates: Sequence[Candidate], as_of: dt.date) -> Choice | None:
    """The level that holds at ``as_of`` among ``candidates``, or None when none is dated by then.

    Undated candidates and candidates dated after ``as_of`` never count.
    """
    dated = [c for c in candidates if c.date_start is not None and c.date_start <= as_of]
    if not dated:
        return None

    def rank(c: Candidate) -> tuple:
        return (
            c.date_start,
            _PRECISION_RANK.get(len(c.date or ""), -1),
            c.status == "current",
            c.outlets,
            c.newest_published or dt.date.min,
            c.id,
        )

    best = max(dated, key=rank)
    outlets = "1 outlet" if best.outlets == 1 else f"{best.outlets} outlets agree"
    newest = f", newest {best.newest_published.isoformat()}" if best.newest_published else ""
    return Choice(best.id, f"{outlets}{newest}")
