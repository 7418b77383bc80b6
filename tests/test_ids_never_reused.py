"""An id a user saw is never given to another row: not after a removal, not across the migration that made it so.

SQLite reused the largest id after the row holding it was removed (a removed article #6 and the next
article #6 were different articles); migration 0008 gives the tables whose ids users see AUTOINCREMENT.
PostgreSQL's sequences never reused one; both backends are checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.console import store_samples
from briefings import answers, articles, ingest, subscriptions
from briefings.db import alembic_config, make_engine, make_session_factory, migrate
from briefings.models import (
    Article,
    Delivery,
    EventFact,
    EventSource,
    Feed,
    FeedItem,
    StatementFact,
    StatementSource,
    Subscription,
    TroopCountFact,
    TroopCountSource,
)
from tests.conftest import Store, pg_engine, pg_schema

WS = "ids"
ALL_TABLES = (
    Article,
    TroopCountFact,
    StatementFact,
    EventFact,
    TroopCountSource,
    StatementSource,
    EventSource,
    Subscription,
    Delivery,
    Feed,
    FeedItem,
)
STORY = (
    "WASHINGTON — The Pentagon said on Tuesday that about 1,500 US troops remain in Syria.\n\n"
    '"We will keep a small force at al-Tanf," Defense Secretary Lena Okafor said on Tuesday.\n\n'
    "The drawdown began in March, officials said."
)


def story(n: int) -> str:
    """A short article with a troop figure, a statement and an event, different for each ``n``."""
    return STORY.replace("1,500", f"{1000 + n:,}").replace("al-Tanf", f"outpost {n}")


async def _add(factory, n: int) -> int:  # type: ignore[no-untyped-def]
    async with factory() as session, session.begin():
        result = await ingest.ingest_text(
            session=session, workspace=WS, text=story(n), source=f"Wire {n}", published=dt.date(2025, 4, 1)
        )
    assert result.created
    return result.article_id


async def _fact_ids(factory, article_id: int) -> dict[str, set[int]]:  # type: ignore[no-untyped-def]
    out = {}
    async with factory() as session:
        for name, link in (("troops", TroopCountSource), ("statements", StatementSource), ("events", EventSource)):
            rows = await session.scalars(select(link.fact_id).where(link.article_id == article_id))
            out[name] = set(rows)
    return out


async def test_a_removed_article_id_and_its_fact_ids_are_never_given_again(store: Store) -> None:
    first = await _add(store.factory, 1)
    newest = await _add(store.factory, 2)
    kept, linked = await _fact_ids(store.factory, first), await _fact_ids(store.factory, newest)
    # The facts only the newest article reports: removing it deletes them (the shared one stays).
    deleted = {kind: ids - kept[kind] for kind, ids in linked.items()}
    assert all(deleted.values()), deleted
    async with store.factory() as session, session.begin():
        await articles.remove_article(session=session, workspace=WS, article_id=newest)

    again = await _add(store.factory, 3)

    assert again > newest
    for kind, ids in (await _fact_ids(store.factory, again)).items():
        new = ids - kept[kind]
        assert new and min(new) > max(deleted[kind]), (kind, new, deleted[kind])
    async with store.factory() as session:
        with pytest.raises(Exception, match="no article"):
            await articles.get_article(session=session, workspace=WS, article_id=newest)


async def test_a_removed_subscription_and_feed_id_are_never_given_again(store: Store) -> None:
    async with store.factory() as session, session.begin():
        await subscriptions.subscribe(session=session, workspace=WS, channel_id=1, time="08:00", timezone="UTC")
        second = await subscriptions.subscribe(
            session=session, workspace=WS, channel_id=2, time="08:00", timezone="UTC"
        )
        session.add_all(
            Feed(workspace=WS, url=f"https://f.example/{i}", url_canonical=f"f.example/{i}") for i in (1, 2)
        )
    async with store.factory() as session, session.begin():
        newest_feed = await session.scalar(select(func.max(Feed.id)))
        await subscriptions.unsubscribe(session=session, workspace=WS, channel_id=2)
        await session.execute(Feed.__table__.delete().where(Feed.id == newest_feed))
    async with store.factory() as session, session.begin():
        third = await subscriptions.subscribe(session=session, workspace=WS, channel_id=3, time="08:00", timezone="UTC")
        feed = Feed(workspace=WS, url="https://f.example/3", url_canonical="f.example/3")
        session.add(feed)
        await session.flush()
    assert third.id > second.id
    assert feed.id > newest_feed


# --- the migration, on a store that holds data -----------------------------------------------------------


def _before_0008() -> str:
    """The revision 0008 upgrades from (0005 on this branch; whatever it is once the history is re-chained)."""
    previous = ScriptDirectory.from_config(alembic_config()).get_revision("0008").down_revision
    assert isinstance(previous, str)
    return previous


async def _upgrade_to(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(lambda c: command.upgrade(alembic_config(c), revision))


@asynccontextmanager
async def _engine(backend: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        try:
            yield engine
        finally:
            await engine.dispose()
        return
    async with pg_schema("ids") as schema:
        engine = pg_engine(schema)
        try:
            yield engine
        finally:
            await engine.dispose()


async def _counts(factory) -> dict[str, int]:  # type: ignore[no-untyped-def]
    async with factory() as session:
        return {t.__tablename__: await session.scalar(select(func.count()).select_from(t)) for t in ALL_TABLES}


async def _said_about(factory, about: str) -> list[str]:  # type: ignore[no-untyped-def]
    async with factory() as session:
        answer = await answers.said(session=session, workspace=WS, about=about, limit=20)
    return [s.text for s in answer.statements]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def test_the_migration_keeps_every_row_and_the_search_and_then_never_reuses_an_id(
    backend: str, tmp_path: Path
) -> None:
    async with _engine(backend, tmp_path) as engine:
        await _upgrade_to(engine, _before_0008())
        factory = make_session_factory(engine)
        # A store as a host has it before the upgrade: the samples, a few more articles, subscriptions with a
        # delivery, a feed with an item.
        await store_samples(session_factory=factory, workspace=WS)
        ids = [await _add(factory, n) for n in range(1, 4)]
        async with factory.begin() as session:
            sub = await subscriptions.subscribe(
                session=session, workspace=WS, channel_id=7, time="08:00", timezone="UTC"
            )
            session.add(Delivery(subscription_id=sub.id, local_day=dt.date(2025, 4, 2), status="sent"))
            feed = Feed(workspace=WS, url="https://f.example/rss", url_canonical="f.example/rss")
            session.add(feed)
            await session.flush()
            session.add(FeedItem(feed_id=feed.id, guid_hash="h", guid="g", article_id=ids[0], status="ingested"))
        # The newest article goes before the upgrade: SQLite kept no record of its id (see the migration).
        async with factory.begin() as session:
            await articles.remove_article(session=session, workspace=WS, article_id=ids[-1])
        before = await _counts(factory)
        outpost = await _said_about(factory, "outpost")
        withdrawal = await _said_about(factory, "withdrawal")
        assert len(outpost) == 2 and withdrawal, (outpost, withdrawal)

        await migrate(engine)

        assert await _counts(factory) == before
        assert await _said_about(factory, "outpost") == outpost
        assert await _said_about(factory, "withdrawal") == withdrawal
        if backend == "sqlite":
            async with engine.connect() as conn:
                sql = await conn.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'articles'"))
                # Enforcement is back on for the connections the store hands out after migrating.
                assert await conn.scalar(text("PRAGMA foreign_keys")) == 1
            assert "AUTOINCREMENT" in sql

        # Removing the newest article now: its links go with it (the foreign keys held), its id stays taken,
        # and the full-text index follows new statements and removals.
        newest = ids[-2]
        async with factory.begin() as session:
            await articles.remove_article(session=session, workspace=WS, article_id=newest)
        after_removal = await _counts(factory)
        assert after_removal["articles"] == before["articles"] - 1
        assert after_removal["statement_sources"] < before["statement_sources"]
        assert len(await _said_about(factory, "outpost")) == 1
        again = await _add(factory, 9)
        assert again > newest
        assert len(await _said_about(factory, "outpost")) == 2
        assert await _said_about(factory, "withdrawal") == withdrawal
