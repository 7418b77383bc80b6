"""Faults during ingestion: the database going away, and two ingestions of one text at once."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from briefings import store as store_stage
from briefings.errors import Duplicate
from briefings.ingest import ingest_text
from briefings.models import Article, EventFact, StatementFact, TroopCountFact
from tests.conftest import Store

ARTICLE = """Convoy leaves northeastern base

About 300 US troops left a base in northeastern Syria on Sunday, a military spokesperson said.
"The move was planned months ago," the spokesperson said.
"""


async def _counts(st: Store) -> tuple[int, ...]:
    async with st.factory() as session:
        return tuple(
            [await session.scalar(select(func.count()).select_from(m)) or 0
             for m in (Article, TroopCountFact, StatementFact, EventFact)]
        )


async def test_connection_killed_mid_ingestion_stores_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server ends our connection after the article row was written but before commit."""
    real = store_stage.store_facts

    async def store_then_lose_connection(session, article, extraction):  # type: ignore[no-untyped-def]
        await real(session, article, extraction)
        if store.backend == "postgresql":
            pid = await session.scalar(text("SELECT pg_backend_pid()"))
            async with store.engine.connect() as other:
                await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            await session.execute(text("SELECT 1"))  # the next statement finds the connection gone
        else:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr("briefings.ingest.store_facts", store_then_lose_connection)
    with pytest.raises(DBAPIError):
        async with store.factory() as session, session.begin():
            await ingest_text(session=session, workspace="g", text=ARTICLE, source="Wire",
                              published=dt.date(2025, 6, 1))
    assert await _counts(store) == (0, 0, 0, 0)
    monkeypatch.undo()
    # The store is usable afterwards and the same article can be ingested again.
    async with store.factory() as session, session.begin():
        result = await ingest_text(session=session, workspace="g", text=ARTICLE, source="Wire",
                                   published=dt.date(2025, 6, 1))
    assert result.created
    assert (await _counts(store))[0] == 1


async def test_two_ingestions_of_one_text_at_once_store_it_once(store: Store) -> None:
    async def one() -> object:
        try:
            async with store.factory() as session, session.begin():
                return await ingest_text(session=session, workspace="g", text=ARTICLE, source="Wire",
                                         published=dt.date(2025, 6, 1))
        except Duplicate as exc:
            return exc
        except OperationalError as exc:  # SQLite: the loser may time out on the write lock instead
            return exc

    results = await asyncio.gather(one(), one())
    created = [r for r in results if getattr(r, "created", False)]
    assert len(created) == 1, results
    assert (await _counts(store))[0] == 1
