"""Helpers for the answer tests: store an article with facts we construct, then ask.

The ``store`` fixture (a fresh migrated store on SQLite and on PostgreSQL) comes
from ``tests/conftest.py``.
"""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.ext.asyncio import AsyncSession

from briefings import store as store_stage
from briefings.models import Article
from briefings.schemas import Event, Extraction, Statement, TroopCount

_serial = itertools.count()


async def add_article(
    session: AsyncSession,
    *,
    source: str,
    published: str,
    troops: list[TroopCount] | None = None,
    statements: list[Statement] | None = None,
    events: list[Event] | None = None,
    workspace: str = "ws",
    text: str | None = None,
) -> Article:
    """Store one article with the given facts through the store stage; returns the article."""
    body = text or f"article {next(_serial)} by {source} on {published}"
    art = Article(
        workspace=workspace,
        title=None,
        source=source,
        url=f"https://news.example/{source.lower()}/{next(_serial)}",
        url_canonical=None,
        published=dt.date.fromisoformat(published),
        published_basis="given",
        found_by="file",
        text=body,
        content_hash=store_stage.content_hash(body),
        added_by="test",
    )
    session.add(art)
    await session.flush()
    facts = Extraction(published=published, troop_counts=troops or [], statements=statements or [], events=events or [])
    await store_stage.store_facts(session, art, facts)
    return art


def level(
    value: int,
    date: str | None,
    *,
    status: str = "current",
    qualifier: str = "approx",
    country: str = "Syria",
    evidence: str | None = None,
    confidence: float = 1.0,
) -> TroopCount:
    """A troop level."""
    return TroopCount(
        value=value,
        qualifier=qualifier,
        kind="level",
        status=status,
        date=date,  # type: ignore[arg-type]
        country=country,
        evidence=evidence or f"about {value:,} US troops are in {country}",
        confidence=confidence,
    )


def change(
    value: int, date: str | None, *, direction: str = "decrease", status: str = "planned", country: str = "Syria"
) -> TroopCount:
    """A troop change (a withdrawal by default)."""
    return TroopCount(
        value=value,
        qualifier="approx",
        kind="change",
        direction=direction,  # type: ignore[arg-type]
        status=status,
        date=date,
        country=country,  # type: ignore[arg-type]
        evidence=f"The US will withdraw about {value:,} troops from {country}",
    )


def said(speaker: str, text: str, date: str | None, *, direct: bool = False) -> Statement:
    """A statement with its sentence as evidence."""
    return Statement(speaker=speaker, text=text, direct=direct, date=date, evidence=f"{text}, {speaker} said.")


def event(summary: str, date: str | None) -> Event:
    """An event whose evidence is its summary."""
    return Event(date=date, summary=summary, evidence=summary)
