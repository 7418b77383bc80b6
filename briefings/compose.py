"""The daily briefing: what is new in a workspace's fact store between two instants.

The watermark is time of storage, not the date a fact is about: a fact is new in
``(since, until]`` when it was first stored then (``first_seen_at``); an older fact
that another article reports again in the window (a ``*_sources`` row added then)
is a corroboration, listed apart and never news on its own; a new troop figure
for the same period (same date) as an older one of the same kind, with a
different number, is a revision of that figure. The troop level is the level as of ``until`` computed from what
was stored by then, compared with the level the store gave at ``since``.

Composition is shared: :func:`compose_many` composes each distinct
``(workspace, since, until, country)`` once however many subscriptions ask for it.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field
from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.answers import sources_for
from briefings.errors import BadInput
from briefings.models import (
    Article,
    EventFact,
    EventSource,
    StatementFact,
    StatementSource,
    Subscription,
    TroopCountFact,
    TroopCountSource,
)
from briefings.periods import precision_of as _precision_of
from briefings.schemas import EventFact as EventOut
from briefings.schemas import SourceRef, TroopFact
from briefings.schemas import StatementFact as StatementOut

log = logging.getLogger(__name__)

#: Items listed per section; the totals say how many there were in all.
MAX_ITEMS = 25
#: How far back a briefing without a previous one (or a preview of one) reaches.
FIRST_WINDOW = dt.timedelta(days=1)
_LEVEL_CANDIDATES = 25
_FAR_PAST = dt.date(1, 1, 1)


# A pure function of the date string, asked for the same few strings again and again.
precision_of = functools.lru_cache(maxsize=4096)(_precision_of)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TroopLevel(_Model):
    """The troop level at the end of the window and the one the store gave at its start."""

    current: TroopFact | None = None
    previous: TroopFact | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def changed(self) -> bool:
        """True when the level is new or its figure differs from the previous one."""
        if self.current is None:
            return False
        if self.previous is None:
            return True
        return (self.current.value, self.current.qualifier) != (self.previous.value, self.previous.qualifier)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def delta(self) -> int | None:
        """Current minus previous figure, when both are known."""
        if self.current is None or self.previous is None:
            return None
        return self.current.value - self.previous.value


class Revision(_Model):
    """A figure for a period that replaces an earlier figure for that period."""

    fact: TroopFact
    previous: TroopFact


class Corroboration(_Model):
    """An older fact that one or more new articles report again: not news, more sources."""

    kind: Literal["troop_count", "statement", "event"]
    fact_id: int
    summary: str
    date: str | None = None
    new_sources: list[SourceRef] = Field(default_factory=list)


class Briefing(_Model):
    """What is new in a workspace between ``since`` and ``until``; each item with its sources, newest first."""

    workspace: str
    country: str
    since: dt.datetime | None
    until: dt.datetime
    troops: TroopLevel = Field(default_factory=TroopLevel)
    figures: list[TroopFact] = Field(default_factory=list)
    revisions: list[Revision] = Field(default_factory=list)
    developments: list[EventOut] = Field(default_factory=list)
    statements: list[StatementOut] = Field(default_factory=list)
    corroborations: list[Corroboration] = Field(default_factory=list)
    figures_total: int = 0
    developments_total: int = 0
    statements_total: int = 0
    corroborations_total: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def is_empty(self) -> bool:
        """True when there is no news: nothing is posted. Corroborations alone are not news."""
        return not (self.figures or self.revisions or self.developments or self.statements or self.troops.changed)


class Preview(_Model):
    """The ``/briefing`` preview: the briefing and its lines (none when there is nothing new)."""

    briefing: Briefing
    lines: list[str] = Field(default_factory=list)


# ------------------------------------------------------------------ helpers


def _window(model: type, since: dt.datetime | None, until: dt.datetime) -> list:
    col = model.first_seen_at
    return [col <= until] if since is None else [col > since, col <= until]


def _norm_country(country: str) -> str:
    country = " ".join((country or "").split())
    if not country:
        raise BadInput("name a country, e.g. Syria")
    return country


def _check_window(since: dt.datetime | None, until: dt.datetime) -> None:
    if until.tzinfo is None or (since is not None and since.tzinfo is None):
        raise BadInput("give times with a time zone (e.g. 2025-04-18T08:00+00:00)")
    if since is not None and since >= until:
        raise BadInput(f"the briefing would start ({since.isoformat()}) after it ends ({until.isoformat()})")


def _troop_out(f: TroopCountFact, sources: list[SourceRef]) -> TroopFact:
    return TroopFact(
        id=f.id, value=f.value, qualifier=f.qualifier, kind=f.kind, direction=f.direction,  # type: ignore[arg-type]
        status=f.status, date=f.date, country=f.country, force=f.force,  # type: ignore[arg-type]
        evidence=(sources[0].evidence or "") if sources else "", precision=precision_of(f.date), sources=sources,
        confidence=f.confidence,
    )


def _newest_first(model: type) -> tuple:
    return (model.date_start.desc().nulls_last(), model.first_seen_at.desc(), model.id.desc())


def _level_key(f: TroopCountFact) -> tuple[dt.date, int]:
    precision = {"year": 0, "month": 1, "day": 2}.get(precision_of(f.date) or "", -1)
    return (f.date_start or _FAR_PAST), precision


async def _spellings(session: AsyncSession, workspace: str, country: str) -> list[str]:
    """How the workspace spells ``country`` in its troop figures (so the country index can be used)."""
    names = await session.scalars(
        select(TroopCountFact.country).where(TroopCountFact.workspace == workspace).distinct()
    )
    return [n for n in names if n.casefold() == country.casefold()]


async def _level_at(
    session: AsyncSession, workspace: str, country: str, as_of: dt.date, stored_by: dt.datetime
) -> TroopCountFact | None:
    """The level that held at ``as_of`` among the figures stored by ``stored_by`` (the rule of /troops)."""
    spellings = await _spellings(session, workspace, country)
    if not spellings:
        return None
    rows = (
        await session.scalars(
            select(TroopCountFact)
            .where(
                TroopCountFact.workspace == workspace,
                TroopCountFact.country.in_(spellings),
                TroopCountFact.kind == "level",
                TroopCountFact.status != "planned",
                TroopCountFact.date_start.is_not(None),
                TroopCountFact.date_start <= as_of,
                TroopCountFact.first_seen_at <= stored_by,
            )
            .order_by(TroopCountFact.date_start.desc(), TroopCountFact.id.desc())
            .limit(_LEVEL_CANDIDATES)
        )
    ).all()
    if not rows:
        return None
    best = max(_level_key(f) for f in rows)
    tied = [f for f in rows if _level_key(f) == best]
    if len(tied) == 1:
        return tied[0]
    # Several figures for one period: the one most sources report (by then), then the newest stored.
    counts = dict(
        (
            await session.execute(
                select(TroopCountSource.fact_id, func.count())
                .where(TroopCountSource.fact_id.in_([f.id for f in tied]), TroopCountSource.added_at <= stored_by)
                .group_by(TroopCountSource.fact_id)
            )
        ).all()
    )
    return max(tied, key=lambda f: (counts.get(f.id, 0), f.first_seen_at, f.id))


async def _revised(
    session: AsyncSession, workspace: str, new: Sequence[TroopCountFact], since: dt.datetime
) -> dict[int, TroopCountFact]:
    """For each new figure that replaces an older one for the same period, that older figure."""
    if not new:
        return {}
    spellings = {f.country for f in new}
    conditions = [
        TroopCountFact.workspace == workspace,
        TroopCountFact.country.in_(spellings),
        TroopCountFact.kind.in_({f.kind for f in new}),
        TroopCountFact.first_seen_at <= since,
    ]
    # Only figures for the very same period (same date, or both undated): an earlier figure for a
    # wider or narrower period is another reading, not the same fact with a changed number.
    starts = {f.date_start for f in new if f.date_start is not None}
    same_period = []
    if starts:
        dates = {f.date for f in new if f.date}
        same_period.append(TroopCountFact.date_start.in_(starts) & TroopCountFact.date.in_(dates))
    if any(f.date is None for f in new):
        same_period.append(TroopCountFact.date.is_(None))
    old = (await session.scalars(select(TroopCountFact).where(*conditions, or_(*same_period)))).all()
    return _match_revisions(new, old)


def _match_revisions(new: Sequence[TroopCountFact], old: Iterable[TroopCountFact]) -> dict[int, TroopCountFact]:
    """Pair each new figure with the older figure of the same shape and date it revises, if any."""
    by_shape: dict[tuple, list[TroopCountFact]] = defaultdict(list)
    for f in old:
        by_shape[_shape(f)].append(f)
    out: dict[int, TroopCountFact] = {}
    for f in new:
        matches = [
            o for o in by_shape.get(_shape(f), []) if o.value != f.value and o.date == f.date
        ]
        if matches:
            out[f.id] = max(matches, key=lambda o: (_level_key(o), o.first_seen_at, o.id))
    return out


def _shape(f: TroopCountFact) -> tuple:
    planned = f.status == "planned"
    return f.country.casefold(), f.force.casefold(), f.kind, f.direction, planned


async def _corroborated(
    session: AsyncSession, fact_model: type, link: type, workspace: str, since: dt.datetime, until: dt.datetime
) -> tuple[list, int]:
    """Facts stored before ``since`` that gained a source in the window, newest first (capped) and the total."""
    # Driven by the links added in the window (index on added_at), not by the workspace's many old facts.
    linked = select(link.fact_id).where(link.added_at > since, link.added_at <= until)
    rows = (
        await session.scalars(
            select(fact_model)
            .where(fact_model.id.in_(linked), fact_model.workspace == workspace, fact_model.first_seen_at <= since)
            .order_by(*_newest_first(fact_model))
        )
    ).all()
    return list(rows[:MAX_ITEMS]), len(rows)


async def _page(
    session: AsyncSession, model: type, conditions: Sequence, limit: int = MAX_ITEMS
) -> tuple[list, int]:
    rows = (await session.scalars(select(model).where(*conditions).order_by(*_newest_first(model)).limit(limit))).all()
    if len(rows) < limit:
        return list(rows), len(rows)
    total = await session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
    return list(rows), total


# ------------------------------------------------------------------ services


@dataclass
class _Parts:
    """What one window's briefing is made of, however it was loaded (per window or batched)."""

    current: TroopCountFact | None
    previous: TroopCountFact | None
    new_figs: list[TroopCountFact]
    figures_total: int
    revised: dict[int, TroopCountFact]
    events: list[EventFact]
    developments_total: int
    statements: list[StatementFact]
    statements_total: int
    # kind -> (facts newest first, capped; total), and each listed fact's sources added in the window.
    corr: dict[str, tuple[list, int]]
    fresh: dict[str, dict[int, list[SourceRef]]]
    tsrc: dict[int, list[SourceRef]]
    esrc: dict[int, list[SourceRef]]
    ssrc: dict[int, list[SourceRef]]


async def compose_briefing(
    *,
    session: AsyncSession,
    workspace: str,
    since: dt.datetime | None,
    until: dt.datetime | None = None,
    country: str = "Syria",
) -> Briefing:
    """The briefing of ``workspace`` for facts stored in ``(since, until]`` (``until`` defaults to now).

    ``since=None`` treats everything stored by ``until`` as new (a first briefing
    of a new store). Read-only.
    """
    until = until or dt.datetime.now(dt.UTC)
    _check_window(since, until)
    country = _norm_country(country)

    # The troop level: as of the end of the window, from what was stored by then.
    current = await _level_at(session, workspace, country, until.date(), until)
    previous = await _level_at(session, workspace, country, since.date(), since) if since is not None else None

    # New troop figures in the window, and the older figures some of them revise.
    fig_cond = [
        TroopCountFact.workspace == workspace,
        func.lower(TroopCountFact.country) == country.casefold(),
        *_window(TroopCountFact, since, until),
    ]
    new_figs, figures_total = await _page(session, TroopCountFact, fig_cond)
    revised = await _revised(session, workspace, new_figs, since) if since is not None else {}

    ev_cond = [EventFact.workspace == workspace, *_window(EventFact, since, until)]
    events, developments_total = await _page(session, EventFact, ev_cond)
    st_cond = [StatementFact.workspace == workspace, *_window(StatementFact, since, until)]
    statements, statements_total = await _page(session, StatementFact, st_cond)

    corr: dict[str, tuple[list, int]] = {}
    fresh: dict[str, dict[int, list[SourceRef]]] = {}
    if since is not None:
        corr["troop_count"] = await _corroborated(session, TroopCountFact, TroopCountSource, workspace, since, until)
        corr["statement"] = await _corroborated(session, StatementFact, StatementSource, workspace, since, until)
        corr["event"] = await _corroborated(session, EventFact, EventSource, workspace, since, until)
        for kind, (facts, _total) in corr.items():
            fresh[kind] = await sources_for(
                session, _LINKS[kind], [f.id for f in facts], added=(since, until), newest_first=True
            )

    troop_ids = {f.id for f in new_figs} | {o.id for o in revised.values()}
    troop_ids |= {f.id for f in (current, previous) if f is not None}
    troop_ids |= {f.id for f in corr.get("troop_count", ([], 0))[0]}
    parts = _Parts(
        current=current, previous=previous, new_figs=new_figs, figures_total=figures_total, revised=revised,
        events=events, developments_total=developments_total, statements=statements,
        statements_total=statements_total, corr=corr, fresh=fresh,
        tsrc=await sources_for(session, TroopCountSource, sorted(troop_ids)),
        esrc=await sources_for(session, EventSource, [e.id for e in events]),
        ssrc=await sources_for(session, StatementSource, [s.id for s in statements]),
    )
    return _assemble(workspace, country, since, until, parts)


_LINKS: dict[str, type] = {"troop_count": TroopCountSource, "statement": StatementSource, "event": EventSource}


def _assemble(
    workspace: str,
    country: str,
    since: dt.datetime | None,
    until: dt.datetime,
    p: _Parts,
    built: dict[tuple[str, int], BaseModel] | None = None,
) -> Briefing:
    """The briefing made of a window's parts (no I/O): shared by the per-window and the batched paths.

    ``built`` keeps each fact's output once for a batch of windows with the same
    sources (a fact listed in many windows is the same item in each): the briefings
    of a batch then share their items, which are read-only.
    """
    b = Briefing(
        workspace=workspace, country=country, since=since, until=until, figures_total=p.figures_total,
        developments_total=p.developments_total, statements_total=p.statements_total,
    )
    tsrc, esrc, ssrc = p.tsrc, p.esrc, p.ssrc
    memo: dict[tuple[str, int], BaseModel] = {} if built is None else built

    def troop(f: TroopCountFact) -> TroopFact:
        out = memo.get(("troop", f.id))
        if out is None:
            out = memo[("troop", f.id)] = _troop_out(f, tsrc[f.id])
        return out  # type: ignore[return-value]

    def development(e: EventFact) -> EventOut:
        out = memo.get(("event", e.id))
        if out is None:
            out = memo[("event", e.id)] = EventOut(
                id=e.id, date=e.date, summary=e.summary, precision=precision_of(e.date), sources=esrc[e.id],
                evidence=(esrc[e.id][0].evidence or "") if esrc[e.id] else "", confidence=e.confidence,
            )
        return out  # type: ignore[return-value]

    def statement(s: StatementFact) -> StatementOut:
        out = memo.get(("statement", s.id))
        if out is None:
            out = memo[("statement", s.id)] = StatementOut(
                id=s.id, speaker=s.speaker, speaker_key=s.speaker_key, speaker_role=s.speaker_role, text=s.text,
                direct=s.direct, date=s.date, sources=ssrc[s.id],
                evidence=(ssrc[s.id][0].evidence or "") if ssrc[s.id] else "", confidence=s.confidence,
            )
        return out  # type: ignore[return-value]

    current, previous = p.current, p.previous
    b.troops = TroopLevel(
        current=troop(current) if current is not None else None,
        previous=troop(previous) if previous is not None else None,
    )
    for f in p.new_figs:
        if f.id in p.revised:
            b.revisions.append(Revision(fact=troop(f), previous=troop(p.revised[f.id])))
        else:
            b.figures.append(troop(f))
    b.figures_total -= len(b.revisions)
    b.developments = [development(e) for e in p.events]
    b.statements = [statement(s) for s in p.statements]
    if since is not None:
        _fill_corroborations(b, p.corr, p.fresh)
    return b


def _fill_corroborations(
    b: Briefing, corr: dict[str, tuple[list, int]], fresh: dict[str, dict[int, list[SourceRef]]]
) -> None:
    items: list[tuple[tuple, Corroboration]] = []
    for kind, (facts, total) in corr.items():
        b.corroborations_total += total
        new_sources = fresh[kind]
        for f in facts:
            if kind == "troop_count":
                summary = f"{f.value:,} {f.force} troops in {f.country} ({f.kind}, {f.status})"
            elif kind == "statement":
                summary = f"{f.speaker}: {f.text}"
            else:
                summary = f.summary
            key = (f.date_start or _FAR_PAST, f.first_seen_at)
            items.append(
                (key, Corroboration(kind=kind, fact_id=f.id, summary=summary, date=f.date,
                                    new_sources=new_sources.get(f.id, [])))
            )
    items.sort(key=lambda kv: kv[0], reverse=True)
    b.corroborations = [c for _, c in items[:MAX_ITEMS]]


Key = tuple[str, dt.datetime | None, dt.datetime]

#: The windows of one workspace lying within this span of each other are composed from one load.
#: A longer window, or a first briefing (no ``since``), is composed on its own with paged queries,
#: so one stale watermark never makes a batch load weeks of facts.
BATCH_SPAN = dt.timedelta(days=3)
#: Fact ids per ``IN (...)`` when loading sources (well under any driver's parameter limit).
_CHUNK = 500


async def compose_many(
    *,
    session: AsyncSession,
    requests: Iterable[Key],
    country: str = "Syria",
) -> dict[Key, Briefing]:
    """Briefings for many ``(workspace, since, until)`` keys, each distinct key composed once.

    The windows of a workspace that lie within :data:`BATCH_SPAN` of each other are
    composed from one load of what was stored and linked in their span (about a dozen
    queries per workspace rather than about twenty per window), sliced per window in
    Python. Each key gets the same :class:`Briefing` :func:`compose_briefing` returns
    for it; a bad window or country raises the error it would raise. Read-only.
    """
    keys = list(dict.fromkeys(requests))
    if not keys:
        return {}
    # The errors compose_briefing would raise for the first bad key, in the same order.
    _check_window(keys[0][1], keys[0][2])
    country = _norm_country(country)
    for _, since, until in keys[1:]:
        _check_window(since, until)

    out: dict[Key, Briefing] = {}
    batched: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for workspace, since, until in keys:
        if since is None or until - since > BATCH_SPAN:
            out[(workspace, since, until)] = await compose_briefing(
                session=session, workspace=workspace, since=since, until=until, country=country
            )
        else:
            batched[workspace].append((since, until))
    for workspace, windows in batched.items():
        for cluster in _clusters(windows):
            composed = await _compose_cluster(session, workspace, country, cluster)
            out.update(((workspace, since, until), b) for (since, until), b in composed.items())
    return {key: out[key] for key in keys}


def _clusters(windows: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[list[tuple[dt.datetime, dt.datetime]]]:
    """Windows grouped (oldest start first) so that each group spans at most :data:`BATCH_SPAN`."""
    groups: list[list[tuple[dt.datetime, dt.datetime]]] = []
    end = None
    for since, until in sorted(set(windows)):
        if groups and end is not None and max(end, until) - groups[-1][0][0] <= BATCH_SPAN:
            groups[-1].append((since, until))
            end = max(end, until)
        else:
            groups.append([(since, until)])
            end = until
    return groups


def _newest_key(f: TroopCountFact | EventFact | StatementFact) -> tuple:
    """The order of :func:`_newest_first` in Python (sort with ``reverse=True``): undated last."""
    return f.date_start is not None, f.date_start or _FAR_PAST, f.first_seen_at, f.id


async def _compose_cluster(
    session: AsyncSession, workspace: str, country: str, windows: Sequence[tuple[dt.datetime, dt.datetime]]
) -> dict[tuple[dt.datetime, dt.datetime], Briefing]:
    """The briefings of several windows of one workspace from one load of their span ``(lo, hi]``.

    Every load is a superset of what any window's own queries would read; each
    window then applies its own conditions, order and caps in Python.
    """
    lo = min(since for since, _ in windows)
    hi = max(until for _, until in windows)
    latest_since = max(since for since, _ in windows)

    pairs = {(until.date(), until) for _, until in windows} | {(since.date(), since) for since, _ in windows}
    levels = await _levels_at(session, workspace, country, pairs)

    def stored_between(model: type, *conditions: object) -> Select:
        return select(model).where(*conditions, model.first_seen_at > lo, model.first_seen_at <= hi)

    figs = await session.scalars(
        stored_between(
            TroopCountFact, TroopCountFact.workspace == workspace,
            func.lower(TroopCountFact.country) == country.casefold(),
        )
    )
    events = await session.scalars(stored_between(EventFact, EventFact.workspace == workspace))
    statements = await session.scalars(stored_between(StatementFact, StatementFact.workspace == workspace))
    new_in = {
        "figures": sorted(figs.all(), key=_newest_key, reverse=True),
        "events": sorted(events.all(), key=_newest_key, reverse=True),
        "statements": sorted(statements.all(), key=_newest_key, reverse=True),
    }

    pages: dict[tuple[dt.datetime, dt.datetime], dict[str, tuple[list, int]]] = {}
    for since, until in windows:
        pages[(since, until)] = {}
        for name, rows in new_in.items():
            new = [f for f in rows if since < f.first_seen_at <= until]
            pages[(since, until)][name] = (new[:MAX_ITEMS], len(new))

    revisions = _Revisions(
        await _revision_candidates(session, workspace, [page["figures"][0] for page in pages.values()], latest_since)
    )
    linked = {
        kind: await _linked_between(session, kind, workspace, lo, hi, latest_since)
        for kind in ("troop_count", "statement", "event")
    }

    parts: dict[tuple[dt.datetime, dt.datetime], _Parts] = {}
    for since, until in windows:
        page = pages[(since, until)]
        new_figs = page["figures"][0]
        corr: dict[str, tuple[list, int]] = {}
        fresh: dict[str, dict[int, list[SourceRef]]] = {}
        for kind, (facts, links) in linked.items():
            hits = [f for f in facts if f.first_seen_at <= since and any(since < at <= until for at, _ in links[f.id])]
            corr[kind] = (hits[:MAX_ITEMS], len(hits))
            fresh[kind] = {f.id: [ref for at, ref in links[f.id] if since < at <= until] for f in hits[:MAX_ITEMS]}
        parts[(since, until)] = _Parts(
            current=levels[(until.date(), until)], previous=levels[(since.date(), since)], new_figs=new_figs,
            figures_total=page["figures"][1], revised=revisions.match(new_figs, since),
            events=page["events"][0], developments_total=page["events"][1], statements=page["statements"][0],
            statements_total=page["statements"][1], corr=corr, fresh=fresh, tsrc={}, esrc={}, ssrc={},
        )

    # Every source of every fact listed in any window, one load per kind.
    troop_ids: set[int] = set()
    for p in parts.values():
        troop_ids |= {f.id for f in p.new_figs} | {o.id for o in p.revised.values()}
        troop_ids |= {f.id for f in (p.current, p.previous) if f is not None}
        troop_ids |= {f.id for f in p.corr["troop_count"][0]}
    tsrc = await _all_sources(session, TroopCountSource, troop_ids)
    esrc = await _all_sources(session, EventSource, {e.id for p in parts.values() for e in p.events})
    ssrc = await _all_sources(session, StatementSource, {s.id for p in parts.values() for s in p.statements})
    out: dict[tuple[dt.datetime, dt.datetime], Briefing] = {}
    built: dict[tuple[str, int], BaseModel] = {}
    for (since, until), p in parts.items():
        p.tsrc, p.esrc, p.ssrc = tsrc, esrc, ssrc
        out[(since, until)] = _assemble(workspace, country, since, until, p, built)
    return out


async def _levels_at(
    session: AsyncSession, workspace: str, country: str, pairs: set[tuple[dt.date, dt.datetime]]
) -> dict[tuple[dt.date, dt.datetime], TroopCountFact | None]:
    """:func:`_level_at` for many ``(as_of, stored_by)`` pairs from two loads (three with tied figures).

    A pair's candidates are the first :data:`_LEVEL_CANDIDATES` levels (by start
    date, then id, descending) dated by ``as_of`` and stored by ``stored_by``. Those
    dated by the earliest ``as_of`` and stored by the earliest ``stored_by`` qualify for
    every pair, so the first ``_LEVEL_CANDIDATES`` of them are all any pair can use;
    the rest (stored or dated later) are loaded in full.
    """
    spellings = await _spellings(session, workspace, country)
    if not spellings:
        return dict.fromkeys(pairs)
    first_as_of, first_stored = min(a for a, _ in pairs), min(s for _, s in pairs)
    base = [
        TroopCountFact.workspace == workspace,
        TroopCountFact.country.in_(spellings),
        TroopCountFact.kind == "level",
        TroopCountFact.status != "planned",
        TroopCountFact.date_start.is_not(None),
        TroopCountFact.date_start <= max(a for a, _ in pairs),
        TroopCountFact.first_seen_at <= max(s for _, s in pairs),
    ]
    later = await session.scalars(
        select(TroopCountFact).where(
            *base, or_(TroopCountFact.first_seen_at > first_stored, TroopCountFact.date_start > first_as_of)
        )
    )
    common = await session.scalars(
        select(TroopCountFact)
        .where(*base, TroopCountFact.first_seen_at <= first_stored, TroopCountFact.date_start <= first_as_of)
        .order_by(TroopCountFact.date_start.desc(), TroopCountFact.id.desc())
        .limit(_LEVEL_CANDIDATES)
    )
    ordered = sorted([*later.all(), *common.all()], key=lambda f: (f.date_start, f.id), reverse=True)
    out: dict[tuple[dt.date, dt.datetime], TroopCountFact | None] = {}
    tied_at: dict[tuple[dt.date, dt.datetime], list[TroopCountFact]] = {}
    for as_of, stored_by in pairs:
        rows = [f for f in ordered if f.date_start <= as_of and f.first_seen_at <= stored_by][:_LEVEL_CANDIDATES]
        if not rows:
            out[(as_of, stored_by)] = None
            continue
        best = max(_level_key(f) for f in rows)
        tied = [f for f in rows if _level_key(f) == best]
        if len(tied) == 1:
            out[(as_of, stored_by)] = tied[0]
        else:
            tied_at[(as_of, stored_by)] = tied
    if tied_at:
        # Several figures for one period: the one most sources report (by then), then the newest stored.
        ids = sorted({f.id for tied in tied_at.values() for f in tied})
        added: dict[int, list[dt.datetime]] = defaultdict(list)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            rows = await session.execute(
                select(TroopCountSource.fact_id, TroopCountSource.added_at).where(
                    TroopCountSource.fact_id.in_(chunk), TroopCountSource.added_at <= max(s for _, s in tied_at)
                )
            )
            for fact_id, at in rows:
                added[fact_id].append(at)
        for (as_of, stored_by), tied in tied_at.items():
            counts = {f.id: sum(at <= stored_by for at in added[f.id]) for f in tied}
            out[(as_of, stored_by)] = max(tied, key=lambda f: (counts[f.id], f.first_seen_at, f.id))
    return out


class _Revisions:
    """Older figures new figures could revise, by shape and date, best first (as :func:`_match_revisions` ranks)."""

    def __init__(self, old: Iterable[TroopCountFact]) -> None:
        self._by: dict[tuple, list[TroopCountFact]] = defaultdict(list)
        for o in sorted(old, key=lambda o: (_level_key(o), o.first_seen_at, o.id), reverse=True):
            self._by[(_shape(o), o.date)].append(o)

    def match(self, new: Sequence[TroopCountFact], since: dt.datetime) -> dict[int, TroopCountFact]:
        """What :func:`_revised` returns for ``new`` at ``since``: the best older figure each replaces."""
        same_period = _same_period_as(new)
        out: dict[int, TroopCountFact] = {}
        for f in new:
            for o in self._by.get((_shape(f), f.date), ()):
                if o.value != f.value and o.first_seen_at <= since and same_period(o):
                    out[f.id] = o
                    break
        return out


def _same_period_as(new: Sequence[TroopCountFact]) -> Callable[[TroopCountFact], bool]:
    """The period condition :func:`_revised` puts in SQL for ``new``, as a predicate.

    Like an empty ``or_()`` in SQLAlchemy, no condition at all (no figure has a
    start date or is undated) lets every period through.
    """
    spellings = {f.country for f in new}
    kinds = {f.kind for f in new}
    starts = {f.date_start for f in new if f.date_start is not None}
    dates = {f.date for f in new if f.date}
    undated = any(f.date is None for f in new)

    def test(o: TroopCountFact) -> bool:
        if o.country not in spellings or o.kind not in kinds:
            return False
        if not starts and not undated:
            return True
        return bool(starts and o.date_start in starts and o.date in dates) or (undated and o.date is None)

    return test


async def _revision_candidates(
    session: AsyncSession, workspace: str, pages: Sequence[Sequence[TroopCountFact]], stored_by: dt.datetime
) -> list[TroopCountFact]:
    """Every older figure some window's new figures could revise (a superset of each window's :func:`_revised`)."""
    new = [f for page in pages if page for f in page]
    if not new:
        return []
    conditions = [
        TroopCountFact.workspace == workspace,
        TroopCountFact.country.in_({f.country for f in new}),
        TroopCountFact.kind.in_({f.kind for f in new}),
        TroopCountFact.first_seen_at <= stored_by,
    ]
    same_period = []
    starts = {f.date_start for f in new if f.date_start is not None}
    if starts:
        same_period.append(
            TroopCountFact.date_start.in_(starts) & TroopCountFact.date.in_({f.date for f in new if f.date})
        )
    if any(f.date is None for f in new):
        same_period.append(TroopCountFact.date.is_(None))
    # A window with no period condition reads every period (see _same_period_as): so does the load then.
    if same_period and all(
        any(f.date_start is not None for f in page) or any(f.date is None for f in page) for page in pages if page
    ):
        conditions.append(or_(*same_period))
    return list((await session.scalars(select(TroopCountFact).where(*conditions))).all())


async def _linked_between(
    session: AsyncSession, kind: str, workspace: str, lo: dt.datetime, hi: dt.datetime, stored_by: dt.datetime
) -> tuple[list, dict[int, list[tuple[dt.datetime, SourceRef]]]]:
    """Facts stored by ``stored_by`` that gained a source in ``(lo, hi]``, newest first, and those sources.

    Each fact's sources in the span come with the time they were added, newest
    published first (the order of ``sources_for(..., newest_first=True)``); every fact has an entry.
    """
    fact_model = {"troop_count": TroopCountFact, "statement": StatementFact, "event": EventFact}[kind]
    link = _LINKS[kind]
    # Driven by the links added in the span (index on added_at), as _corroborated is.
    in_span = [link.added_at > lo, link.added_at <= hi]
    facts = (
        await session.scalars(
            select(fact_model).where(
                fact_model.id.in_(select(link.fact_id).where(*in_span)),
                fact_model.workspace == workspace,
                fact_model.first_seen_at <= stored_by,
            )
        )
    ).all()
    found: dict[int, list[tuple[tuple, dt.datetime, SourceRef]]] = {f.id: [] for f in facts}
    ids = sorted(found)
    for start in range(0, len(ids), _CHUNK):
        rows = await session.execute(
            select(link.fact_id, link.added_at, link.evidence, Article.id, Article.source, Article.url,
                   Article.published, Article.title)
            .join(Article, Article.id == link.article_id)
            .where(link.fact_id.in_(ids[start : start + _CHUNK]), *in_span)
        )
        for fact_id, at, evidence, aid, source, url, published, title in rows:
            ref = SourceRef(source=source, url=url, published=published.isoformat(), article_id=aid, title=title,
                            evidence=evidence)
            found[fact_id].append(((published, aid), at, ref))
    links: dict[int, list[tuple[dt.datetime, SourceRef]]] = {
        fid: [(at, ref) for _, at, ref in sorted(refs, key=lambda r: r[0], reverse=True)] for fid, refs in found.items()
    }
    return sorted(facts, key=_newest_key, reverse=True), links


async def _all_sources(session: AsyncSession, link: type, fact_ids: set[int]) -> dict[int, list[SourceRef]]:
    """:func:`briefings.answers.sources_for` in chunks of :data:`_CHUNK` ids."""
    out: dict[int, list[SourceRef]] = defaultdict(list)
    ids = sorted(fact_ids)
    for start in range(0, len(ids), _CHUNK):
        out.update(await sources_for(session, link, ids[start : start + _CHUNK]))
    return out


def briefing_lines(b: Briefing) -> list[str]:
    """The briefing as plain lines (the ``/briefing`` preview); empty when there is no news."""
    if b.is_empty:
        return []
    lines: list[str] = []
    cur, prev = b.troops.current, b.troops.previous
    if cur is not None:
        level = f"Troop level: {_fig(cur)} {cur.force} troops in {cur.country} ({cur.date or 'undated'})"
        if b.troops.changed and prev is not None:
            level += f", {'down' if cur.value < prev.value else 'up'} from {_fig(prev)} ({prev.date or 'undated'})"
        elif not b.troops.changed:
            level += ", unchanged"
        lines.append(level)
    for r in b.revisions:
        lines.append(
            f"Revised: {_fig(r.fact)} for {r.fact.date or 'undated'} (was {_fig(r.previous)}) - {_srcs(r.fact.sources)}"
        )
    for f in b.figures:
        lines.append(f"New figure: {_fig(f)} {f.kind} ({f.status}, {f.date or 'undated'}) - {_srcs(f.sources)}")
    for e in b.developments:
        lines.append(f"{e.date or 'undated'}: {e.summary} - {_srcs(e.sources)}")
    for s in b.statements:
        words = f"\u201c{s.text}\u201d" if s.direct else s.text
        lines.append(f"{s.speaker}: {words} - {_srcs(s.sources)}")
    if b.corroborations_total:
        lines.append(f"{b.corroborations_total} earlier item(s) reported again by new sources")
    return lines


_QUAL = {
    "approx": "about ", "under": "fewer than ", "over": "more than ", "at_most": "at most ", "at_least": "at least ",
}


def _fig(f: TroopFact) -> str:
    return f"{_QUAL.get(f.qualifier, '')}{f.value:,}"


def _srcs(refs: Sequence[SourceRef]) -> str:
    if not refs:
        return "no source recorded"
    names = ", ".join(r.source for r in refs[:3])
    return names if len(refs) <= 3 else f"{names} +{len(refs) - 3} more"


async def preview(
    *,
    session: AsyncSession,
    workspace: str,
    now: dt.datetime | None = None,
    country: str = "Syria",
) -> Preview:
    """What the workspace's next briefing would say if it were sent now.

    It starts where the workspace's latest delivered briefing ended, or a day ago
    when none was delivered yet.
    """
    from briefings.schedule import watermarks

    now = now or dt.datetime.now(dt.UTC)
    sub_ids = list(await session.scalars(select(Subscription.id).where(Subscription.workspace == workspace)))
    marks = await watermarks(session=session, subscription_ids=sub_ids)
    since = max(marks.values()) if marks else now - FIRST_WINDOW
    if since >= now:
        since = now - FIRST_WINDOW
    b = await compose_briefing(session=session, workspace=workspace, since=since, until=now, country=country)
    return Preview(briefing=b, lines=briefing_lines(b))
