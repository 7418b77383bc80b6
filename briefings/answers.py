"""Answers from the fact store: the services behind ``/troops``, ``/latest`` and ``/said``.

The Discord bot, the console, the command line and the briefings all call these,
so an answer is computed in one place only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.errors import BadInput
from briefings.models import (
    Article,
    EventFact,
    EventSource,
    StatementFact,
    StatementSource,
    TroopCountFact,
    TroopCountSource,
)
from briefings.periods import precision_of
from briefings.schemas import (
    EventFact as EventOut,
)
from briefings.schemas import (
    LatestAnswer,
    SaidAnswer,
    SourceRef,
    TroopFact,
    TroopsAnswer,
)
from briefings.schemas import (
    StatementFact as StatementOut,
)
from briefings.speakers import speaker_key

MAX_LIMIT = 100
_FAR_PAST = dt.date(1, 1, 1)


def _check_limit(limit: int, offset: int = 0) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"count must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise BadInput("offset must not be negative")


async def sources_for(
    session: AsyncSession, link: type, fact_ids: Sequence[int]
) -> dict[int, list[SourceRef]]:
    """Every source of each fact, earliest published first."""
    out: dict[int, list[SourceRef]] = defaultdict(list)
    if not fact_ids:
        return out
    rows = await session.execute(
        select(link.fact_id, link.evidence, Article.id, Article.source, Article.url, Article.published, Article.title)
        .join(Article, Article.id == link.article_id)
        .where(link.fact_id.in_(list(fact_ids)))
        .order_by(Article.published, Article.id)
    )
    for fact_id, evidence, aid, source, url, published, title in rows:
        out[fact_id].append(
            SourceRef(source=source, url=url, published=published.isoformat(), article_id=aid, title=title,
                      evidence=evidence)
        )
    return out


def _troop_out(f: TroopCountFact, sources: list[SourceRef]) -> TroopFact:
    evidence = sources[0].evidence if sources else ""
    return TroopFact(
        id=f.id, value=f.value, qualifier=f.qualifier, kind=f.kind, direction=f.direction,  # type: ignore[arg-type]
        status=f.status, date=f.date, country=f.country, force=f.force, evidence=evidence or "",  # type: ignore[arg-type]
        precision=precision_of(f.date), sources=sources,
    )


def _sort_date(f: TroopFact) -> tuple[dt.date, int]:
    precision = {"year": 0, "month": 1, "day": 2}.get(f.precision or "", -1)
    start = dt.date.fromisoformat(_pad(f.date)) if f.date else _FAR_PAST
    return start, precision


def _pad(date: str) -> str:
    return date + "-01" * (2 - date.count("-"))


async def troops(
    *, session: AsyncSession, workspace: str, country: str = "Syria", as_of: dt.date | None = None
) -> TroopsAnswer:
    """The troop level in ``country`` at ``as_of`` (default today) and the dated timeline.

    ``current`` is the latest level that held at ``as_of``: planned levels and
    changes are reported as plans, never as the level. Figures that disagree for
    the same period are kept side by side in ``conflicts``.
    """
    country = " ".join((country or "").split())
    if not country:
        raise BadInput("name a country, e.g. Syria")
    as_of = as_of or dt.datetime.now(dt.UTC).date()
    rows = (
        await session.scalars(
            select(TroopCountFact).where(
                TroopCountFact.workspace == workspace,
                func.lower(TroopCountFact.country) == country.casefold(),
                TroopCountFact.kind != "casualty",
            )
        )
    ).all()
    srcs = await sources_for(session, TroopCountSource, [f.id for f in rows])
    facts = [_troop_out(f, srcs[f.id]) for f in rows]
    timeline = sorted(facts, key=_sort_date)
    answer = TroopsAnswer(country=facts[0].country if facts else country, as_of=as_of.isoformat(), timeline=timeline)
    held = [f for f in answer.levels if f.date is not None and _sort_date(f)[0] <= as_of]
    if held:
        best = max(_sort_date(f) for f in held)
        tied = [f for f in held if _sort_date(f) == best]
        # Several figures for one period: the one most sources report, then the newest report.
        answer.current = max(
            tied, key=lambda f: (len(f.sources), max((s.published or "" for s in f.sources), default=""))
        )
    return answer


async def latest(*, session: AsyncSession, workspace: str, limit: int = 10) -> LatestAnswer:
    """The newest developments first (by event date, then publication), with sources."""
    _check_limit(limit)
    newest_pub = (
        select(EventSource.fact_id, func.max(Article.published).label("pub"))
        .join(Article, Article.id == EventSource.article_id)
        .group_by(EventSource.fact_id)
        .subquery()
    )
    rows = (
        await session.execute(
            select(EventFact)
            .join(newest_pub, newest_pub.c.fact_id == EventFact.id)
            .where(EventFact.workspace == workspace)
            .order_by(EventFact.date_start.desc().nulls_last(), newest_pub.c.pub.desc(), EventFact.id.desc())
            .limit(limit)
        )
    ).scalars().all()
    srcs = await sources_for(session, EventSource, [e.id for e in rows])
    return LatestAnswer(
        events=[
            EventOut(id=e.id, date=e.date, summary=e.summary, precision=precision_of(e.date), sources=srcs[e.id],
                     evidence=(srcs[e.id][0].evidence or "") if srcs[e.id] else "")
            for e in rows
        ]
    )


def _speaker_filter(speaker: str):  # type: ignore[no-untyped-def]
    key = speaker_key(speaker)
    if not key:
        raise BadInput("name a speaker, e.g. Trump")
    like = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(
        StatementFact.speaker_key == key,
        StatementFact.speaker_key.like(f"{like} %", escape="\\"),
        StatementFact.speaker_key.like(f"% {like}", escape="\\"),
        StatementFact.speaker_key.like(f"% {like} %", escape="\\"),
    )


async def said(
    *,
    session: AsyncSession,
    workspace: str,
    speaker: str | None = None,
    about: str | None = None,
    limit: int = 10,
    offset: int = 0,
) -> SaidAnswer:
    """Statements, newest first, optionally by one speaker and/or containing ``about``."""
    _check_limit(limit, offset)
    conditions = [StatementFact.workspace == workspace]
    if speaker is not None:
        if not speaker.strip():
            raise BadInput("the speaker is empty; leave it out to see everyone")
        conditions.append(_speaker_filter(speaker))
    if about is not None:
        words = about.casefold().split()
        if not words:
            raise BadInput("the search text is empty")
        for word in words:
            esc = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(StatementFact.text_search.like(f"%{esc}%", escape="\\"))
    total = await session.scalar(select(func.count()).select_from(StatementFact).where(*conditions)) or 0
    rows = (
        await session.scalars(
            select(StatementFact)
            .where(*conditions)
            .order_by(StatementFact.date_start.desc().nulls_last(), StatementFact.first_seen_at.desc(),
                      StatementFact.id.desc())
            .limit(limit)
            .offset(offset)
        )
    ).all()
    srcs = await sources_for(session, StatementSource, [s.id for s in rows])
    return SaidAnswer(
        total=total,
        statements=[
            StatementOut(id=s.id, speaker=s.speaker, speaker_key=s.speaker_key, speaker_role=s.speaker_role,
                         text=s.text, direct=s.direct, date=s.date,
                         evidence=(srcs[s.id][0].evidence or "") if srcs[s.id] else "", sources=srcs[s.id])
            for s in rows
        ],
    )


async def speaker_choices(*, session: AsyncSession, workspace: str, prefix: str = "", limit: int = 25) -> list[str]:
    """Speaker names for autocomplete: those matching ``prefix``, the most quoted first."""
    limit = max(1, min(limit, 25))
    q = (
        select(StatementFact.speaker, func.count().label("n"))
        .where(StatementFact.workspace == workspace)
        .group_by(StatementFact.speaker)
        .order_by(func.count().desc(), StatementFact.speaker)
        .limit(limit)
    )
    prefix = prefix.strip().casefold()
    if prefix:
        esc = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        q = q.where(func.lower(StatementFact.speaker).like(f"%{esc}%", escape="\\"))
    return [name for name, _ in await session.execute(q)]


async def country_choices(*, session: AsyncSession, workspace: str, prefix: str = "", limit: int = 25) -> list[str]:
    """Countries with troop figures, for autocomplete."""
    limit = max(1, min(limit, 25))
    q = (
        select(TroopCountFact.country)
        .where(TroopCountFact.workspace == workspace)
        .group_by(TroopCountFact.country)
        .order_by(func.count().desc(), TroopCountFact.country)
        .limit(limit)
    )
    prefix = prefix.strip().casefold()
    if prefix:
        esc = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        q = q.where(func.lower(TroopCountFact.country).like(f"{esc}%", escape="\\"))
    return list((await session.scalars(q)).all())
