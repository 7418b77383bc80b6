"""A store made before the word index (migration 0009): upgraded, its facts still merge with new articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from briefings import answers
from briefings.db import alembic_config, make_engine, make_session_factory, migrate, schema_is_current
from briefings.models import Article, EventFact, EventSource, StatementFact, StatementSource, StatementWord, utcnow
from briefings.periods import period
from briefings.store import content_hash, event_key, statement_key
from tests.answers.factories import add_article, event, said
from tests.conftest import pg_engine, pg_schema

OLD_QUOTE = "Our partners in the northeast are ready to take over the Hasakah detention facilities"
OLD_EVENT = "A convoy of 40 trucks left the Rmeilan airfield for Iraq."


@asynccontextmanager
async def store_at_0005(backend: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A store migrated only to 0005 (before the word index), holding one article with a statement and an event."""

    def upgrade_to_0005(connection) -> None:  # type: ignore[no-untyped-def]
        from alembic import command
        from alembic.script import ScriptDirectory

        # The revision 0009 upgrades from (0005 when it was written; the history has been re-chained since).
        config = alembic_config(connection)
        before = ScriptDirectory.from_config(config).get_revision("0009").down_revision
        command.upgrade(config, before)

    async def fill(engine: AsyncEngine) -> None:
        async with engine.begin() as conn:
            await conn.run_sync(upgrade_to_0005)
            now = utcnow()
            # Core inserts: the rows as the store stage of 0005 wrote them, with no word rows.
            art = await conn.execute(insert(Article.__table__).returning(Article.__table__.c.id), [{
                "workspace": "ws", "title": None, "source": "AP", "url": None, "url_canonical": None,
                "published": dt.date(2024, 5, 2), "published_basis": "given", "found_by": "file",
                "text": "old article", "content_hash": content_hash("old article"), "added_by": "t", "added_at": now,
            }])  # fmt: skip
            article_id = art.scalar_one()
            start, end, _ = period("2024-05-02") or (None, None, None)
            fact = {"workspace": "ws", "date": "2024-05-02", "date_start": start, "date_end": end,
                    "first_seen_at": now, "updated_at": now, "confidence": 1.0}  # fmt: skip
            sid = await conn.execute(insert(StatementFact.__table__).returning(StatementFact.__table__.c.id), [{
                **fact, "fact_key": statement_key("brooks"), "speaker": "Alan Brooks", "speaker_key": "brooks",
                "speaker_role": None, "text": OLD_QUOTE, "text_search": OLD_QUOTE.casefold(), "direct": True,
            }])  # fmt: skip
            eid = await conn.execute(insert(EventFact.__table__).returning(EventFact.__table__.c.id), [{
                **fact, "fact_key": event_key("2024-05-02"), "summary": OLD_EVENT,
            }])  # fmt: skip
            link = {"article_id": article_id, "evidence": "old", "confidence": 1.0, "added_at": now}
            await conn.execute(insert(StatementSource.__table__), [{**link, "fact_id": sid.scalar_one()}])
            await conn.execute(insert(EventSource.__table__), [{**link, "fact_id": eid.scalar_one()}])

    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        try:
            await fill(engine)
            yield engine
        finally:
            await engine.dispose()
        return
    async with pg_schema() as schema:
        engine = pg_engine(schema)
        try:
            await fill(engine)
            yield engine
        finally:
            await engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def test_facts_stored_before_the_word_index_merge_with_new_articles(backend: str, tmp_path: Path) -> None:
    async with store_at_0005(backend, tmp_path) as engine:
        assert not await schema_is_current(engine)
        await migrate(engine)
        assert await schema_is_current(engine)
        factory = make_session_factory(engine)
        async with factory() as session:
            assert await session.scalar(select(StatementWord.fact_id).limit(1)) is not None  # built by 0009
        async with factory() as session, session.begin():
            await add_article(
                session, source="Reuters", published="2024-05-03",
                statements=[said("Defense Secretary Alan Brooks", "our partners in the northeast are ready to take "
                                 "over the detention facilities in Hasakah", "2024-05")],
                events=[event("A convoy of 40 trucks left Rmeilan airfield for Iraq.", "2024-05-02")],
            )  # fmt: skip
        async with factory() as session:
            said_ = (await answers.said(session=session, workspace="ws", speaker="Brooks")).statements
            latest = (await answers.latest(session=session, workspace="ws")).events
    assert [(s.text, sorted(src.source for src in s.sources)) for s in said_] == [(OLD_QUOTE, ["AP", "Reuters"])]
    assert [(e.summary, sorted(src.source for src in e.sources)) for e in latest] == [(OLD_EVENT, ["AP", "Reuters"])]
