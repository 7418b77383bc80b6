"""The daily briefing: what is new in a workspace's fact store between two instants.

The watermark is time of storage, not the date a fact is about: a fact is new in
``(since, until]`` when it was first stored then (``first_seen_at``); an older fact
that another article reports again in the window (a ``*_sources`` row added then)
is a corroboration, listed apart and never news on its own; a new troop figure
for the same period (same date) as an older one of the same kind, with a
different number, is a revision of that figure. The troop level is the level as of
``until`` from what was stored by then, compared with the level the store gave at
``since``; both are chosen by :func:`briefings.current.choose_current` (through
:func:`briefings.levels.levels_at`), as ``/troops`` and the alerts choose it.

A briefing without a watermark (``since=None``: a subscription's first) is not
"everything stored" but a short state of the story: the current figure with its
sources, the three latest developments and the three latest statements.

There is one composer: :func:`compose_many` composes each distinct
``(workspace, since, until)`` once however many subscriptions ask for it, and
:func:`compose_briefing` is the batch of one window. A rejected fact (review) is
never in a briefing.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field
from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.answers import sources_for
from briefings.errors import BadInput
from briefings.levels import levels_at, workspace_countries
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
#: Developments and statements in a first briefing (the state of the story).
STATE_ITEMS = 3
#: How far back ``briefbot brief`` reaches without ``--since``.
FIRST_WINDOW = dt.timedelta(days=1)
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
    """What is new in a workspace between ``since`` and ``until``; each item with its sources, newest first.

    Without ``since`` it is the state of the story at ``until`` (a first briefing).
    """

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
    def is_first(self) -> bool:
        """True for a first briefing: the state of the story, not what is new since a watermark."""
        return self.since is None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def is_empty(self) -> bool:
        """True when there is no news: nothing is posted. Corroborations alone are not news."""
        return not (self.figures or self.revisions or self.developments or self.statements or self.troops.changed)


class Preview(_Model):
    """The ``/briefing`` preview: the briefing a channel's next post would be, and how to date it."""

    briefing: Briefing
    #: The time zone its times are shown in: the channel's subscription's, else the host's default.
    timezone: str
    #: The local day of ``briefing.until`` in that zone (the post's title names it).
    local_day: dt.date
    #: The subscription previewed, when the channel has one.
    subscription_id: int | None = None


# ------------------------------------------------------------------ helpers


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


def troop_out(f: TroopCountFact, sources: list[SourceRef]) -> TroopFact:
    """A stored troop figure with its sources, as the answers show it."""
    return TroopFact(
        id=f.id, value=f.value, qualifier=f.qualifier, kind=f.kind, direction=f.direction,  # type: ignore[arg-type]
        status=f.status, date=f.date, country=f.country, force=f.force,  # type: ignore[arg-type]
        evidence=(sources[0].evidence or "") if sources else "", precision=precision_of(f.date), sources=sources,
        confidence=f.confidence,
    )


def _newest_first(model: type) -> tuple:
    return (model.date_start.desc().nulls_last(), model.first_seen_at.desc(), model.id.desc())


def _newest_key(f: TroopCountFact | EventFact | StatementFact) -> tuple:
    """The order of :func:`_newest_first` in Python (sort with ``reverse=True``): undated last."""
    return f.date_start is not None, f.date_start or _FAR_PAST, f.first_seen_at, f.id


def _level_key(f: TroopCountFact) -> tuple[dt.date, int]:
    precision = {"year": 0, "month": 1, "day": 2}.get(precision_of(f.date) or "", -1)
    return (f.date_start or _FAR_PAST), precision


def _shape(f: TroopCountFact) -> tuple:
    planned = f.status == "planned"
    return f.country.casefold(), f.force.casefold(), f.kind, f.direction, planned


def _not_rejected(model: type) -> object:
    # NULL (never reviewed) is not rejected.
    return model.review_state.is_distinct_from("rejected")


async def _page(
    session: AsyncSession, model: type, conditions: Sequence, limit: int = MAX_ITEMS
) -> tuple[list, int]:
    """The first ``limit`` rows newest first, and how many match in all."""
    rows = (await session.scalars(select(model).where(*conditions).order_by(*_newest_first(model)).limit(limit))).all()
    if len(rows) < limit:
        return list(rows), len(rows)
    total = await session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
    return list(rows), total


# ------------------------------------------------------------------ services

Key = tuple[str, dt.datetime | None, dt.datetime]

#: The windows of one workspace lying within this span of each other are composed from one load.
#: A longer window is composed alone with paged queries, so one stale watermark never makes a
#: batch load weeks of facts.
BATCH_SPAN = dt.timedelta(days=3)
#: Fact ids per ``IN (...)`` when loading sources (well under any driver's parameter limit).
_CHUNK = 500
_LINKS: dict[str, type] = {"troop_count": TroopCountSource, "statement": StatementSource, "event": EventSource}


async def compose_briefing(
    *,
    session: AsyncSession,
    workspace: str,
    since: dt.datetime | None,
    until: dt.datetime | None = None,
    country: str = "Syria",
) -> Briefing:
    """The briefing of ``workspace`` for facts stored in ``(since, until]`` (``until`` defaults to now).

    ``since=None`` gives the state of the story at ``until`` (a first briefing).
    The batch of one window of :func:`compose_many`. Read-only.
    """
    key = (workspace, since, until or dt.datetime.now(dt.UTC))
    return (await compose_many(session=session, requests=[key], country=country))[key]


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
    Python; first briefings (``since`` None) of a workspace share one load of its
    levels. A bad window or country raises :class:`BadInput`. Read-only.
    """
    keys = list(dict.fromkeys(requests))
    if not keys:
        return {}
    for _, since, until in keys[:1]:
        _check_window(since, until)
    country = _norm_country(country)
    for _, since, until in keys[1:]:
        _check_window(since, until)

    out: dict[Key, Briefing] = {}
    firsts: dict[str, list[dt.datetime]] = defaultdict(list)
    windows: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for workspace, since, until in keys:
        if since is None:
            firsts[workspace].append(until)
        else:
            windows[workspace].append((since, until))
    for workspace, untils in firsts.items():
        states = await _compose_states(session, workspace, country, untils)
        out.update(((workspace, None, until), b) for until, b in states.items())
    for workspace, spans in windows.items():
        for cluster in _clusters(spans):
            composed = await _compose_cluster(session, workspace, country, cluster)
            out.update(((workspace, since, until), b) for (since, until), b in composed.items())
    return {key: out[key] for key in keys}


@dataclass
class _Parts:
    """What one window's briefing is made of, however it was loaded."""

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


async def _compose_states(
    session: AsyncSession, workspace: str, country: str, untils: Sequence[dt.datetime]
) -> dict[dt.datetime, Briefing]:
    """First briefings: the state of the story at each ``until`` (figure, latest developments and statements)."""
    moments = {(u.date(), u) for u in untils}
    levels = await levels_at(session=session, workspace=workspace, country=country, moments=moments)
    parts: dict[dt.datetime, _Parts] = {}
    for until in dict.fromkeys(untils):
        latest = {}
        for model in (EventFact, StatementFact):
            rows, _ = await _page(
                session, model,
                [model.workspace == workspace, model.first_seen_at <= until, _not_rejected(model)], STATE_ITEMS,
            )
            latest[model] = rows
        parts[until] = _Parts(
            current=levels[(until.date(), until)], previous=None, new_figs=[], figures_total=0, revised={},
            events=latest[EventFact], developments_total=len(latest[EventFact]),
            statements=latest[StatementFact], statements_total=len(latest[StatementFact]),
            corr={}, fresh={}, tsrc={}, esrc={}, ssrc={},
        )
    return {
        until: _assemble(workspace, country, None, until, p, built)
        for until, p, built in await _with_sources(session, parts)
    }


async def _with_sources(session: AsyncSession, parts: dict) -> list[tuple]:
    """Every source of every fact listed in any of ``parts``, one load per kind; ``(key, parts, memo)`` each."""
    troop_ids: set[int] = set()
    for p in parts.values():
        troop_ids |= {f.id for f in p.new_figs} | {o.id for o in p.revised.values()}
        troop_ids |= {f.id for f in (p.current, p.previous) if f is not None}
        troop_ids |= {f.id for f in p.corr.get("troop_count", ([], 0))[0]}
    tsrc = await _all_sources(session, TroopCountSource, troop_ids)
    esrc = await _all_sources(session, EventSource, {e.id for p in parts.values() for e in p.events})
    ssrc = await _all_sources(session, StatementSource, {s.id for p in parts.values() for s in p.statements})
    built: dict[tuple[str, int], BaseModel] = {}
    out = []
    for key, p in parts.items():
        p.tsrc, p.esrc, p.ssrc = tsrc, esrc, ssrc
        out.append((key, p, built))
    return out


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
            out = memo[("troop", f.id)] = troop_out(f, tsrc[f.id])
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
                what = {"change": "troops moved, in", "casualty": "casualties in"}.get(f.kind, "troops in")
                summary = f"{f.value:,} {f.force} {what} {f.country}" + (" (planned)" if f.status == "planned" else "")
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

    Every load is a superset of what any window needs; each window then applies its
    own conditions, order and caps in Python. A cluster longer than :data:`BATCH_SPAN`
    (one long window) reads its new facts a page at a time instead.
    """
    lo = min(since for since, _ in windows)
    hi = max(until for _, until in windows)
    latest_since = max(since for since, _ in windows)

    moments = {(until.date(), until) for _, until in windows} | {(since.date(), since) for since, _ in windows}
    levels = await levels_at(session=session, workspace=workspace, country=country, moments=moments)

    conditions = {
        "figures": (TroopCountFact, [TroopCountFact.workspace == workspace,
                                     func.lower(TroopCountFact.country) == country.casefold()]),
        "events": (EventFact, [EventFact.workspace == workspace]),
        "statements": (StatementFact, [StatementFact.workspace == workspace]),
    }
    pages: dict[tuple[dt.datetime, dt.datetime], dict[str, tuple[list, int]]] = {w: {} for w in windows}
    for name, (model, where) in conditions.items():
        where = [*where, _not_rejected(model)]
        if hi - lo > BATCH_SPAN:
            for since, until in windows:
                in_window = [model.first_seen_at > since, model.first_seen_at <= until]
                pages[(since, until)][name] = await _page(session, model, [*where, *in_window])
            continue
        loaded: Select = select(model).where(*where, model.first_seen_at > lo, model.first_seen_at <= hi)
        rows = sorted((await session.scalars(loaded)).all(), key=_newest_key, reverse=True)
        for since, until in windows:
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
    return {
        (since, until): _assemble(workspace, country, since, until, p, built)
        for (since, until), p, built in await _with_sources(session, parts)
    }


class _Revisions:
    """Older figures new figures could revise, by shape and date, best first (latest period, then newest stored)."""

    def __init__(self, old: Iterable[TroopCountFact]) -> None:
        self._by: dict[tuple, list[TroopCountFact]] = defaultdict(list)
        for o in sorted(old, key=lambda o: (_level_key(o), o.first_seen_at, o.id), reverse=True):
            self._by[(_shape(o), o.date)].append(o)

    def match(self, new: Sequence[TroopCountFact], since: dt.datetime) -> dict[int, TroopCountFact]:
        """For each new figure that replaces an older one for the same period (stored by ``since``), that one."""
        out: dict[int, TroopCountFact] = {}
        for f in new:
            for o in self._by.get((_shape(f), f.date), ()):
                if o.value != f.value and o.first_seen_at <= since:
                    out[f.id] = o
                    break
        return out


async def _revision_candidates(
    session: AsyncSession, workspace: str, pages: Sequence[Sequence[TroopCountFact]], stored_by: dt.datetime
) -> list[TroopCountFact]:
    """Every older figure some window's new figures could revise: same countries, kinds and dates."""
    new = [f for page in pages if page for f in page]
    if not new:
        return []
    same_date = []
    dates = {f.date for f in new if f.date}
    if dates:
        same_date.append(TroopCountFact.date.in_(dates))
    if any(f.date is None for f in new):
        same_date.append(TroopCountFact.date.is_(None))
    # Every spelling of the countries ("syria" revises "Syria"), so a window reads the same alone or batched.
    folded = {f.country.casefold() for f in new}
    names = [n for n in await workspace_countries(session, workspace) if n.casefold() in folded]
    query = select(TroopCountFact).where(
        TroopCountFact.workspace == workspace,
        TroopCountFact.country.in_(names),
        TroopCountFact.kind.in_({f.kind for f in new}),
        TroopCountFact.first_seen_at <= stored_by,
        _not_rejected(TroopCountFact),
        or_(*same_date),
    )
    return list((await session.scalars(query)).all())


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


async def preview(
    *,
    session: AsyncSession,
    workspace: str,
    channel_id: int | None = None,
    now: dt.datetime | None = None,
    country: str = "Syria",
    timezone: str = "UTC",
) -> Preview:
    """What the next briefing would say if it were sent now.

    For a channel with a subscription it is exactly that subscription's next post:
    it starts at its watermark (a first briefing when it has none) and its times are
    in its zone. Otherwise it starts where the workspace's latest delivered briefing
    ended (a first briefing when none was), in ``timezone`` (the host's default).
    """
    from zoneinfo import ZoneInfo

    from briefings.schedule import watermarks

    now = now or dt.datetime.now(dt.UTC)
    subs = list((await session.execute(
        select(Subscription.id, Subscription.channel_id, Subscription.timezone)
        .where(Subscription.workspace == workspace)
    )).all())
    mine = next((s for s in subs if channel_id is not None and s.channel_id == channel_id), None)
    marks = await watermarks(session=session, subscription_ids=[mine.id] if mine else [s.id for s in subs])
    since = max(marks.values()) if marks else None
    zone = mine.timezone if mine else timezone
    if since is not None and since >= now:
        # Only a clock behind the last delivery's: nothing can be new yet.
        b = Briefing(workspace=workspace, country=_norm_country(country), since=now, until=now)
    else:
        b = await compose_briefing(session=session, workspace=workspace, since=since, until=now, country=country)
    return Preview(
        briefing=b, timezone=zone, local_day=now.astimezone(ZoneInfo(zone)).date(),
        subscription_id=mine.id if mine else None,
    )
