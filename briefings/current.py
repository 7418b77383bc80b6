"""The current troop figure: one choice among the stored levels, the same in every answer.

``/troops``, the console, ``ask troops``, the briefings and the alerts all ask this
module which stored level is the figure at a date, so a reader never sees two
answers to one question. The caller reads the candidate levels (dated on or before
``as_of``; never a rejected fact) and passes them here as plain :class:`Candidate`
values; everything here is pure.

How the figure is chosen (:func:`choose_current`):

1. Only levels that held (never a plan; changes never reach here) dated on or
   before ``as_of``, and never a doubtful one (:func:`doubts`) unless an admin
   approved it.
2. The newest dated evidence first: the levels whose period reaches within
   :data:`WINDOW_DAYS` of the newest one's start are weighed together; older
   ones only break ties within that front.
3. Within the front, each figure is weighed by the outlets that agree with it
   (their figures overlap once qualifiers are read as ranges, :func:`agree`),
   each outlet counting once, by the strongest confidence it gave and by how
   precise its date is. An approved figure is preferred to any unreviewed one.

A figure is doubtful (:func:`doubts`), and so kept out of the current figure and
the timeline and listed for review, when it is a level under :data:`MIN_LEVEL`
troops (a casualty count, a unit, a returning team), when it is said to hold now
yet dated years before the articles that report it, or when one outlet alone
gives it and it is a tenth or ten times the levels around it within a year.
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar

from briefings.periods import period as _period_of
from briefings.schemas import SourceRef

#: A level under this many troops for a whole country is a casualty count, a unit or a team.
MIN_LEVEL = 20
#: A level this many times above (or this fraction below) the levels around it is implausible.
IMPLAUSIBLE_RATIO = 10
#: How far (in days, between the middles of their periods) a level's neighbours may be.
NEIGHBOUR_DAYS = 365
#: At most this many neighbours on each side judge a level (the closest in time).
NEAREST = 12
#: Another outlet's agreeing figure this close (days between middles) corroborates a level.
CORROBORATION_DAYS = 62
#: Levels whose period reaches this close to the newest one's start are weighed together.
WINDOW_DAYS = 31
#: A level said to hold now but dated this long before the article that says it is misdated.
STALE_DAYS = 365
# How much a figure's date says: a day pins it, a year hardly does.
_PRECISION_WEIGHT = {10: 1.0, 7: 0.8, 4: 0.4}  # len("YYYY-MM-DD"), len("YYYY-MM"), len("YYYY")
_PRECISION_RANK = {4: 0, 7: 1, 10: 2}
# The spread a bare or "about" figure allows when compared with another outlet's figure.
_SPREAD = {"exact": 0.05, "approx": 0.1}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One stored level that could be the figure at a date, with what weighs for it.

    Only ``id``, ``value``, ``qualifier``, ``date``, ``date_start`` and ``status`` are
    required; the rest default to "one confident, unreviewed report".
    """

    id: int
    value: int
    qualifier: str
    date: str | None
    date_start: dt.date | None
    status: str  # "past", "current" or "planned" (plans are never chosen; they are neighbours of nothing)
    confidence: float = 1.0
    #: How many distinct outlets report it (used when ``sources`` is empty).
    outlets: int = 1
    #: The newest publication date among its sources.
    newest_published: dt.date | None = None
    #: An admin approved it in review (a rejected fact is never a candidate).
    approved: bool = False
    #: The outlets that report it (any case), so agreeing figures count each outlet once.
    sources: tuple[str, ...] = ()
    #: The outlets among ``sources`` that gave it as a figure that held before, not one that holds now.
    past_sources: tuple[str, ...] = ()
    #: The oldest publication date among its sources (a level said to hold now is not years older).
    oldest_published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """The chosen level and why, in a few words ("3 outlets agree, newest 2026-02-21")."""

    id: int
    reason: str


# ------------------------------------------------------------------ agreement


def bounds(value: int, qualifier: str) -> tuple[float, float]:
    """The range of troop numbers a figure allows: "fewer than 1,000" is 0..999, "about 900" 810..990."""
    if qualifier == "under":
        return 0.0, value - 1.0
    if qualifier == "at_most":
        return 0.0, float(value)
    if qualifier == "over":
        return value + 1.0, float("inf")
    if qualifier == "at_least":
        return float(value), float("inf")
    spread = _SPREAD.get(qualifier, _SPREAD["exact"])
    return value * (1 - spread), value * (1 + spread)


def agree(a_value: int, a_qualifier: str, b_value: int, b_qualifier: str) -> bool:
    """Whether two figures can both be right: their ranges overlap once qualifiers are read.

    "fewer than 1,000" and "about 1,000" agree; "fewer than 1,000" and "about 1,200" do not.
    """
    lo_a, hi_a = bounds(a_value, a_qualifier)
    lo_b, hi_b = bounds(b_value, b_qualifier)
    return lo_a <= hi_b and lo_b <= hi_a


# ------------------------------------------------------------------ doubt

# The same few dates recur across candidates and answers.
period = lru_cache(maxsize=4096)(_period_of)


def _middle(c: Candidate) -> dt.date | None:
    p = period(c.date)
    if p is None:
        return c.date_start
    return p[0] + (p[1] - p[0]) / 2


def _end(c: Candidate) -> dt.date | None:
    p = period(c.date)
    return p[1] if p else c.date_start


def _outlet_names(c: Candidate) -> set[str]:
    names = {s.casefold() for s in c.sources}
    # Without names, each of its outlets is one of its own.
    return names or {f"#{c.id}/{i}" for i in range(max(c.outlets, 1))}


def figure_words(value: int, qualifier: str) -> str:
    """``about 1,000``, ``fewer than 1,000``: a figure with its qualifier in words."""
    words = {"approx": "about ", "under": "fewer than ", "over": "more than ", "at_most": "at most ",
             "at_least": "at least "}  # fmt: skip
    return f"{words.get(qualifier, '')}{value:,}"


def _backs(n: Candidate, c: Candidate) -> bool:
    """Whether ``n`` corroborates ``c``: the same kind of figure (a point, or a bound the same way), agreeing.

    "At most 1,500" agrees with 200 but says nothing for it.
    """
    kind = {"over": 1, "at_least": 1, "under": -1, "at_most": -1}
    return kind.get(n.qualifier, 0) == kind.get(c.qualifier, 0) and agree(c.value, c.qualifier, n.value, n.qualifier)


def _span(c: Candidate) -> tuple[float, float]:
    # A point figure is its value; "more than 100" is 100 and up, "fewer than 1,000" anything to 1,000.
    if c.qualifier in ("over", "at_least"):
        return float(c.value), float("inf")
    if c.qualifier in ("under", "at_most"):
        return 0.0, float(c.value)
    return float(c.value), float(c.value)


def doubts(candidates: Iterable[Candidate]) -> dict[int, str]:
    """The doubtful candidates by id, each with the reason in a few words; approved ones never are.

    The neighbours of a level are the other levels that held (not plans), that are
    not doubtful for their own size or date, dated within :data:`NEIGHBOUR_DAYS`
    of it: a level from one outlet at a tenth or less, or ten times or more, of most of
    them is implausible ("more than 100" is never too low, "fewer than 1,000" never too high).
    One outlet: no other outlet gives it, nor an agreeing figure within
    :data:`CORROBORATION_DAYS` (two papers' "about 100" and "100" back each other).
    """
    items = [c for c in candidates if c.date_start is not None or c.value < MIN_LEVEL]
    out: dict[int, str] = {}
    for c in items:
        if c.approved:
            continue
        if c.value < MIN_LEVEL:
            out[c.id] = f"under {MIN_LEVEL} troops: a casualty count, a unit or a team, not the force"
            continue
        end = _end(c)
        if c.status == "current" and end is not None and c.oldest_published is not None:
            if (c.oldest_published - end).days > STALE_DAYS:
                out[c.id] = (
                    f"said to hold now, yet dated {c.date}, {c.oldest_published.year - end.year} year(s) before "
                    f"its source ({c.oldest_published.isoformat()})"
                )
    middles = {c.id: _middle(c) for c in items}
    names = {c.id: _outlet_names(c) for c in items}
    spans = {c.id: _span(c) for c in items}

    def implausible(excluded: set[int]) -> tuple[dict[int, str], set[int]]:
        # Neighbours: dated levels that held and are not doubtful themselves, by the middle of their period.
        neighbours = sorted(
            ((m, c) for c in items if c.status != "planned" and c.id not in excluded
             and (m := middles[c.id]) is not None),
            key=lambda mc: mc[0],
        )  # fmt: skip
        days = [m.toordinal() for m, _ in neighbours]
        found: dict[int, str] = {}
        alone: set[int] = set()  # no neighbour to judge by
        for c in items:
            middle = middles[c.id]
            if c.approved or c.id in out or len(names[c.id]) > 1 or middle is None:
                continue
            day = middle.toordinal()
            # The levels within a year, at most the NEAREST closest on each side (a busy story has thousands).
            at = bisect.bisect_left(days, day)
            lo = max(bisect.bisect_left(days, day - NEIGHBOUR_DAYS), at - NEAREST)
            hi = min(bisect.bisect_right(days, day + NEIGHBOUR_DAYS), at + NEAREST + 1)
            near = [n for _, n in neighbours[lo:hi] if n.id != c.id]
            if not near:
                alone.add(c.id)
                continue
            # An admin's approval of one figure (a real drawdown, say) casts no doubt on the others.
            c_lo, c_hi = spans[c.id]
            lines = []
            for n in near:
                n_lo, n_hi = spans[n.id]
                line = -1 if c_hi * IMPLAUSIBLE_RATIO <= n_lo else 1 if c_lo >= IMPLAUSIBLE_RATIO * n_hi else 0
                if not (line and n.approved):
                    lines.append((n, line))
            verdict = None
            for side, words in ((-1, "a tenth or less of"), (1, "ten times or more")):
                off = [n.value for n, line in lines if line == side]
                # Out of line with most of the levels around it.
                if 2 * len(off) > len(lines):
                    verdict = f"one outlet's figure, {words} the {statistics.median(off):,.0f} reported within a year"
            if verdict is None:
                continue
            own = names[c.id]
            backed = any(
                abs(days_n - day) <= CORROBORATION_DAYS and not names[n.id] <= own and _backs(n, c)
                for n in near
                if (days_n := middles[n.id].toordinal())  # type: ignore[union-attr]
            )
            if not backed:
                found[c.id] = verdict
        return found, alone

    # Twice: a country's level is far more often understated by a partial count (a team, one base, the
    # wounded) than overstated ten times over, so the figures found too low are set aside and the others
    # judged again: two stray small figures ("we had 28 troops", "people said 50") then do not make a sound
    # one look ten times too big. One left with nothing else to go by keeps its first verdict.
    first, _ = implausible(set(out))
    low = {i: why for i, why in first.items() if "a tenth or less" in why}
    second, alone = implausible(set(out) | set(low))
    out.update(low)
    out.update({i: why for i, why in second.items() if i not in low})
    out.update({i: why for i, why in first.items() if i in alone and i not in out})
    return out


# ------------------------------------------------------------------ the choice


def choose_current(
    candidates: Sequence[Candidate], as_of: dt.date, *, doubtful: Mapping[int, str] | None = None
) -> Choice | None:
    """The level that holds at ``as_of`` among ``candidates``, or None when none is dated by then.

    Undated candidates, plans, candidates dated after ``as_of`` and doubtful ones
    (unless approved) never count. ``candidates`` may hold other levels (plans,
    doubtful ones): they are the neighbours against which a figure is judged.
    ``doubtful`` is :func:`doubts` of the same candidates, when the caller has it already.
    """
    dated = [c for c in candidates if c.date_start is not None and c.date_start <= as_of]
    if doubtful is None:
        doubtful = doubts(dated)
    usable = [c for c in dated if c.status != "planned" and c.id not in doubtful]
    if not usable:
        return None
    newest = max(c.date_start for c in usable if c.date_start is not None)
    reach = newest - dt.timedelta(days=WINDOW_DAYS)
    front = [c for c in usable if (end := _end(c)) is not None and end >= reach]
    if any(c.approved for c in front):
        front = [c for c in front if c.approved]
    group, outlets = _consensus(front)
    best = max(group, key=_newest_first)
    return Choice(best.id, _reason(best, outlets, group, front, dated, doubtful))


def _weight(c: Candidate) -> float:
    return c.confidence * _PRECISION_WEIGHT.get(len(c.date or ""), 0.4)


def _is_point(c: Candidate) -> bool:
    return c.qualifier in ("exact", "approx")


def _newest_first(c: Candidate) -> tuple:
    # Among figures that agree: the newest, then a figure over a bound, the more precise date,
    # one said to hold now, the stronger evidence, the newest report.
    return (
        c.date_start,
        _is_point(c),
        _PRECISION_RANK.get(len(c.date or ""), -1),
        c.status == "current",
        c.confidence,
        c.newest_published or dt.date.min,
        c.id,
    )


def _consensus(front: Sequence[Candidate]) -> tuple[list[Candidate], set[str]]:
    """The largest body of agreement among ``front``: the figures whose ranges share one number.

    Ranges on a line that overlap pairwise share a point, so the agreeing groups are
    the figures covering each range end. A group weighs the sum, over its outlets
    (each once), of the best ``confidence x date precision`` among its figures; an
    outlet that gives a figure as holding now does not vouch for a disagreeing one
    it gives as having held before ("1,400 now, after 600 left" from "2,000").
    Ties go to a group with a figure over a bound only, then to the newest figure.
    """
    ranges = {c.id: bounds(c.value, c.qualifier) for c in front}
    names = {c.id: _outlet_names(c) for c in front}
    # An outlet that says the level is now X no longer vouches for the different figure it says held before.
    # A figure merged from several articles keeps what each said of it: an outlet that gave it only as having
    # held before ("we had been briefing 900") is no voice for it holding now.
    now_by: dict[str, list[Candidate]] = defaultdict(list)
    for c in front:
        if c.status == "current":
            for name in names[c.id] - set(c.past_sources):
                now_by[name].append(c)
    # Per figure: the outlets that vouch for it, with its weight, and its rank among agreeing figures.
    vouching = {
        c.id: [
            name for name in names[c.id]
            if (c.status != "past" and name not in c.past_sources)
            or all(agree(c.value, c.qualifier, n.value, n.qualifier) for n in now_by[name])
        ]
        for c in front
    }  # fmt: skip
    weight = {c.id: _weight(c) for c in front}
    rank = {c.id: _newest_first(c) for c in front}
    best_key: tuple | None = None
    best: tuple[list[Candidate], set[str]] = ([], set())
    for x in sorted({v for r in ranges.values() for v in r if v != float("inf")}):
        group = [c for c in front if ranges[c.id][0] <= x <= ranges[c.id][1]]
        if not group:
            continue
        weights: dict[str, float] = {}
        for c in group:
            for name in vouching[c.id]:
                weights[name] = max(weights.get(name, 0.0), weight[c.id])
        key = (round(sum(weights.values()), 6), any(_is_point(c) for c in group), max(rank[c.id] for c in group))
        if best_key is None or key > best_key:
            best_key, best = key, (group, set(weights))
    return best


def _reason(
    best: Candidate,
    outlets: set[str],
    agreeing: list[Candidate],
    front: list[Candidate],
    dated: list[Candidate],
    doubtful: Mapping[int, str],
) -> str:
    newest = max((o.newest_published for o in agreeing if o.newest_published), default=None)
    n = len(outlets)
    parts = [f"{n} outlets agree" if n > 1 else "1 outlet"]
    if newest is not None:
        parts[0] += f", newest {newest.isoformat()}" if n > 1 else f", {newest.isoformat()}"
    if best.approved:
        parts.insert(0, "approved in review")
    agreeing_ids = {o.id for o in agreeing}
    others = [o for o in front if o.id not in agreeing_ids]
    if others:
        parts.append("1 other figure disagrees" if len(others) == 1 else f"{len(others)} other figures disagree")
    set_aside = [
        c for c in dated if c.id in doubtful and c.status != "planned" and c.date_start and best.date_start
        and c.date_start > best.date_start
    ]  # fmt: skip
    if set_aside:
        c = max(set_aside, key=lambda c: (c.date_start, c.id))
        parts.append(f"a newer {figure_words(c.value, c.qualifier)} ({c.date}) awaits review")
    return "; ".join(parts)


# ------------------------------------------------------------------ conflicts


class _Level(Protocol):
    """What :func:`conflict_groups` reads of a level (a ``TroopFact`` or any object with these)."""

    value: int
    qualifier: str
    date: str | None
    status: str


T = TypeVar("T", bound=_Level)


def in_conflict(a: _Level, b: _Level, a_articles: set, b_articles: set) -> bool:
    """Whether two levels disagree about the same period.

    The same period: both dated to a month or a day, one period inside the other.
    Disagree: their ranges do not overlap once qualifiers are read (:func:`agree`).
    When one article reports both, they are a disagreement only when both are said
    to hold now; otherwise that article tells of a change ("up from 900 to 2,000").
    """
    if not a.date or not b.date or len(a.date) < 7 or len(b.date) < 7:
        return False
    if not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return False
    if agree(a.value, a.qualifier, b.value, b.qualifier):
        return False
    if a_articles & b_articles:
        return a.status == "current" and b.status == "current"
    return True


def conflict_groups(levels: Sequence[T], articles: Callable[[T], set]) -> list[list[T]]:
    """Levels that disagree about one period, grouped (each group in the order given)."""
    parent = list(range(len(levels)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    arts = [articles(f) for f in levels]
    in_any: set[int] = set()
    by_month: dict[str, list[int]] = {}
    for i, f in enumerate(levels):
        if f.date and len(f.date) >= 7:
            by_month.setdefault(f.date[:7], []).append(i)
    for group in by_month.values():
        for x, i in enumerate(group):
            for j in group[x + 1 :]:
                if in_conflict(levels[i], levels[j], arts[i], arts[j]):
                    parent[root(i)] = root(j)
                    in_any |= {i, j}
    groups: dict[int, list[T]] = {}
    for i in sorted(in_any):
        groups.setdefault(root(i), []).append(levels[i])
    return list(groups.values())


def level_candidate(
    *,
    id: int,
    value: int,
    qualifier: str,
    status: str,
    date: str | None,
    date_start: dt.date | None,
    confidence: float,
    review_state: str | None,
    sources: Sequence[SourceRef],
) -> Candidate:
    """A stored level as the current-figure chooser weighs it (its outlets and their publication dates)."""
    published = [dt.date.fromisoformat(s.published) for s in sources if s.published]
    outlets = tuple(dict.fromkeys(s.source.casefold() for s in sources))
    now = {s.source.casefold() for s in sources if s.status != "past"}
    return Candidate(
        id=id,
        value=value,
        qualifier=qualifier,
        date=date,
        date_start=date_start,
        status=status,
        confidence=confidence,
        outlets=len(outlets) or 1,
        newest_published=max(published, default=None),
        approved=review_state == "approved",
        sources=outlets,
        past_sources=tuple(o for o in outlets if o not in now),
        oldest_published=min(published, default=None),
    )
