"""Admin services over a workspace's articles: list, show, remove, and restore an off-topic one."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from concurrent.futures import Executor

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.bounds import check_count, check_id, check_offset
from briefings.errors import BadInput, NotFound
from briefings.models import (
    Article,
    EventFact,
    EventSource,
    StatementFact,
    StatementSource,
    TroopCountFact,
    TroopCountSource,
)
from briefings.schemas import ArticleDetail, ArticleSummary, Event, Extraction, IngestResult, Statement, TroopCount
from briefings.store import article_fact_ids, delete_orphans

log = logging.getLogger(__name__)

#: Most articles one listing returns.
MAX_LIST = 1000


async def _counts(session: AsyncSession, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    out = {i: [0, 0, 0] for i in ids}
    for pos, link in enumerate((TroopCountSource, StatementSource, EventSource)):
        rows = await session.execute(
            select(link.article_id, func.count()).where(link.article_id.in_(ids)).group_by(link.article_id)
        )
        for article_id, n in rows:
            out[article_id][pos] = n
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


def _summary(a: Article, counts: tuple[int, int, int]) -> dict:
    return {
        "id": a.id, "title": a.title, "source": a.source, "url": a.url, "published": a.published.isoformat(),
        "published_basis": a.published_basis, "added_by": a.added_by,
        "added_at": a.added_at.isoformat(timespec="seconds"),
        "troop_counts": counts[0], "statements": counts[1], "events": counts[2], "off_topic": bool(a.off_topic),
    }


async def list_articles(
    *, session: AsyncSession, workspace: str, limit: int = 20, offset: int = 0, off_topic: bool = False
) -> list[ArticleSummary]:
    """The workspace's articles, newest added first, with how many facts each supports.

    ``off_topic`` lists the articles stored as off-topic instead (their facts are not used).
    """
    check_count(limit, MAX_LIST, "limit")
    check_offset(offset)
    rows = (
        await session.scalars(
            select(Article)
            .where(Article.workspace == workspace, Article.off_topic.is_(off_topic))
            .order_by(Article.added_at.desc(), Article.id.desc())
            .limit(limit)
            .offset(offset)
        )
    ).all()
    counts = await _counts(session, [a.id for a in rows])
    return [ArticleSummary(**_summary(a, counts[a.id])) for a in rows]


async def count_articles(*, session: AsyncSession, workspace: str, off_topic: bool | None = None) -> int:
    """How many articles the workspace holds (only the off-topic ones, or only the others, if asked)."""
    where = [Article.workspace == workspace]
    if off_topic is not None:
        where.append(Article.off_topic.is_(off_topic))
    return await session.scalar(select(func.count()).select_from(Article).where(*where)) or 0


async def _get(session: AsyncSession, workspace: str, article_id: int) -> Article:
    check_id(article_id, "article")
    article = await session.scalar(select(Article).where(Article.workspace == workspace, Article.id == article_id))
    if article is None:
        raise NotFound(f"no article with id {article_id}")
    return article


async def get_article(*, session: AsyncSession, workspace: str, article_id: int) -> ArticleDetail:
    """One article with its text and the facts it supports (as this article reported them)."""
    a = await _get(session, workspace, article_id)
    counts = await _counts(session, [a.id])
    troops = await session.execute(
        select(TroopCountFact, TroopCountSource.evidence, TroopCountSource.status)
        .join(TroopCountSource, TroopCountSource.fact_id == TroopCountFact.id)
        .where(TroopCountSource.article_id == a.id)
        .order_by(TroopCountSource.id)
    )
    statements = await session.execute(
        select(StatementFact, StatementSource.evidence)
        .join(StatementSource, StatementSource.fact_id == StatementFact.id)
        .where(StatementSource.article_id == a.id)
        .order_by(StatementSource.id)
    )
    events = await session.execute(
        select(EventFact, EventSource.evidence)
        .join(EventSource, EventSource.fact_id == EventFact.id)
        .where(EventSource.article_id == a.id)
        .order_by(EventSource.id)
    )
    facts = Extraction(
        published=a.published.isoformat(),
        troop_counts=[
            TroopCount(value=f.value, qualifier=f.qualifier, kind=f.kind, direction=f.direction, status=status,
                       date=f.date, country=f.country, force=f.force, evidence=ev)
            for f, ev, status in troops
        ],
        statements=[
            Statement(speaker=f.speaker, speaker_role=f.speaker_role, text=f.text, direct=f.direct, date=f.date,
                      evidence=ev)
            for f, ev in statements
        ],
        events=[Event(date=f.date, summary=f.summary, evidence=ev) for f, ev in events],
    )
    return ArticleDetail(**_summary(a, counts[a.id]), text=a.text, facts=facts)


async def remove_article(*, session: AsyncSession, workspace: str, article_id: int) -> ArticleSummary:
    """Remove an article: it stops being a source, and facts no other article supports go with it."""
    a = await _get(session, workspace, article_id)
    counts = await _counts(session, [a.id])
    summary = ArticleSummary(**_summary(a, counts[a.id]))
    # Only this article's facts can become orphans: note them before the links go.
    candidates = await article_fact_ids(session, a.id)
    await session.delete(a)
    await session.flush()
    # ON DELETE CASCADE removed the links; facts left without a source are deleted.
    orphans = await delete_orphans(session, workspace, fact_ids=candidates)
    log.info("removed article %s from %s; %d facts left with no source were deleted", article_id, workspace, orphans)
    return summary


async def restore_article(
    *, session: AsyncSession, workspace: str, article_id: int, executor: Executor | None = None
) -> IngestResult:
    """Use an off-topic article after all: extract its facts again and store them (alerts included).

    Raises:
        NotFound: no such article. BadInput: the article is not off-topic.
    """
    from briefings.ingest import analyse, store_article_facts

    a = await _get(session, workspace, article_id)
    if not a.off_topic:
        raise BadInput(f"article {article_id} is not off-topic: its facts are already used")
    today = dt.datetime.now(dt.UTC).date()
    analysis = await asyncio.get_running_loop().run_in_executor(executor, analyse, a.text, a.published, today)
    a.off_topic = False
    await session.flush()
    await store_article_facts(session, a, analysis.extraction)
    ex = analysis.extraction
    log.info("restored off-topic article %s in %s: %d troop counts, %d statements, %d events",
             a.id, workspace, len(ex.troop_counts), len(ex.statements), len(ex.events))
    return IngestResult(
        article_id=a.id, created=False, title=a.title, source=a.source, published=a.published.isoformat(),
        published_basis=a.published_basis, troop_counts=ex.troop_counts, statements=len(ex.statements),
        events=len(ex.events), warnings=[f"restored article {a.id}: its facts are now used"],
    )
