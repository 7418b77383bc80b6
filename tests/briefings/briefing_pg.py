"""Two engines on one fresh PostgreSQL schema, as two bot processes would share one store."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from briefings.db import async_url, make_session_factory, migrate

PG_ENV = "BRIEFBOT_TEST_POSTGRES_URL"


@asynccontextmanager
async def open_pg_pair(tmp_path: Path) -> AsyncIterator[tuple[async_sessionmaker[AsyncSession], ...]]:
    """Skip (with the reason) unless PostgreSQL is configured; the schema is dropped afterwards."""
    del tmp_path
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    schema = f"brief_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(async_url(url))
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engines = [
        create_async_engine(async_url(url), connect_args={"server_settings": {"search_path": schema}})
        for _ in range(2)
    ]
    try:
        await migrate(engines[0])
        yield tuple(make_session_factory(e) for e in engines)
    finally:
        for e in engines:
            await e.dispose()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()
