"""The store stage: write one article and its facts, merging facts across sources.

A fact another article already reported (the same troop count of the same kind,
country and period; the same statement by the same speaker; the same event on
the same date) gains a source instead of a new row, so syndicated copies of one
story never look like two developments.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.models import (
    Article,
    EventFact,
    EventSource,
    StatementFact,
    StatementSource,
    TroopCountFact,
    TroopCountSource,
    utcnow,
)
from briefings.periods import more_precise, nests, period
from briefings.schemas import Event, Extraction, Statement, TroopCount
from briefings.speakers import speaker_key

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the of to in on at for and or but by with from that this is was were be been are as it its "
    "has have had will would said says say".split()
)
# Two statements by one speaker, or two events on one date, whose content words
# overlap this much are one fact told twice (e.g. a rewritten wire story).
SAME_TEXT = 0.6


def content_hash(text: str) -> str:
    """The hash that identifies an article's text, blind to spacing and case."""
    folded = " ".join(text.split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _key(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:64]


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of ``text`` without the most common function words."""
    return frozenset(w for w in _WORD.findall(text.casefold().replace(",", "")) if w not in _STOP)


def similarity(a: str, b: str) -> float:
    """Jaccard overlap of the content words of two texts (0..1)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def troop_key(t: TroopCount) -> str:
    """Identity of a troop count without its date."""
    return _key("troop", t.value, t.kind, t.direction, t.qualifier, t.country.casefold(), t.force.casefold())


def _dates(value: str | None) -> dict[str, object]:
    p = period(value)
    return {"date": value, "date_start": p[0] if p else None, "date_end": p[1] if p else None}


def _refine_date(fact: TroopCountFact | StatementFact | EventFact, new: str | None) -> None:
    best = more_precise(fact.date, new)
    if best != fact.date:
        for name, val in _dates(best).items():
            setattr(fact, name, val)
        fact.updated_at = utcnow()


async def _candidates(session: AsyncSession, model: type, workspace: str, key: str) -> Sequence:
    rows = await session.scalars(select(model).where(model.workspace == workspace, model.fact_key == key))
    return rows.all()


async def store_troop_count(session: AsyncSession, article: Article, t: TroopCount) -> TroopCountFact:
    """Store one troop count from ``article``, merged with an equal one already stored."""
    key = troop_key(t)
    for fact in await _candidates(session, TroopCountFact, article.workspace, key):
        if nests(fact.date, t.date):
            _refine_date(fact, t.date)
            await _link(session, TroopCountSource, fact, article, t.evidence, status=t.status)
            return fact
    fact = TroopCountFact(
        workspace=article.workspace, fact_key=key, value=t.value, qualifier=t.qualifier, kind=t.kind,
        direction=t.direction, status=t.status, country=t.country, force=t.force, **_dates(t.date),
    )
    session.add(fact)
    await session.flush()
    await _link(session, TroopCountSource, fact, article, t.evidence, status=t.status)
    return fact


async def store_statement(session: AsyncSession, article: Article, s: Statement) -> StatementFact:
    """Store one statement from ``article``, merged with the same words of the same speaker."""
    skey = speaker_key(s.speaker)
    key = _key("statement", skey)
    for fact in await _candidates(session, StatementFact, article.workspace, key):
        if (fact.date is None or s.date is None or nests(fact.date, s.date)) and similarity(
            fact.text, s.text
        ) >= SAME_TEXT:
            _refine_date(fact, s.date)
            if s.direct and not fact.direct:
                # Prefer the exact words over a paraphrase of them.
                fact.text, fact.text_search, fact.direct = s.text, s.text.casefold(), True
            if s.speaker_role and not fact.speaker_role:
                fact.speaker_role = s.speaker_role
            await _link(session, StatementSource, fact, article, s.evidence)
            return fact
    fact = StatementFact(
        workspace=article.workspace, fact_key=key, speaker=s.speaker, speaker_key=skey,
        speaker_role=s.speaker_role, text=s.text, text_search=s.text.casefold(), direct=s.direct,
        **_dates(s.date),
    )
    session.add(fact)
    await session.flush()
    await _link(session, StatementSource, fact, article, s.evidence)
    return fact


async def store_event(session: AsyncSession, article: Article, e: Event) -> EventFact:
    """Store one event from ``article``, merged with a like event on the same date."""
    year = e.date[:4] if e.date else "none"
    key = _key("event", year)
    for fact in await _candidates(session, EventFact, article.workspace, key):
        if nests(fact.date, e.date) and similarity(fact.summary, e.summary) >= SAME_TEXT:
            _refine_date(fact, e.date)
            await _link(session, EventSource, fact, article, e.evidence)
            return fact
    fact = EventFact(workspace=article.workspace, fact_key=key, summary=e.summary, **_dates(e.date))
    session.add(fact)
    await session.flush()
    await _link(session, EventSource, fact, article, e.evidence)
    return fact


async def _link(
    session: AsyncSession, model: type, fact: object, article: Article, evidence: str, **extra: object
) -> None:
    already = await session.scalar(
        select(model.id).where(model.fact_id == fact.id, model.article_id == article.id)  # type: ignore[attr-defined]
    )
    if already is None:
        session.add(model(fact_id=fact.id, article_id=article.id, evidence=evidence, **extra))  # type: ignore[attr-defined]
        await session.flush()


async def store_facts(session: AsyncSession, article: Article, extraction: Extraction) -> None:
    """Store every fact of one article's extraction, linked to ``article``."""
    for t in extraction.troop_counts:
        await store_troop_count(session, article, t)
    for s in extraction.statements:
        await store_statement(session, article, s)
    for e in extraction.events:
        await store_event(session, article, e)


async def delete_orphans(session: AsyncSession, workspace: str) -> int:
    """Delete the facts of ``workspace`` that no article supports any more; returns how many."""
    removed = 0
    pairs: Iterable[tuple[type, type]] = (
        (TroopCountFact, TroopCountSource),
        (StatementFact, StatementSource),
        (EventFact, EventSource),
    )
    for fact_model, link_model in pairs:
        result = await session.execute(
            delete(fact_model)
            .where(fact_model.workspace == workspace)
            .where(~exists().where(link_model.fact_id == fact_model.id))
            .execution_options(synchronize_session=False)
        )
        removed += result.rowcount or 0
    return removed
