"""Two engines on one fresh PostgreSQL schema, as two bot processes would share one store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from briefings.db import make_session_factory, migrate
from tests.conftest import pg_engine, pg_schema


@asynccontextmanager
async def open_pg_pair(tmp_path: Path) -> AsyncIterator[tuple[async_sessionmaker[AsyncSession], ...]]:
    """Skip (with the reason) unless PostgreSQL is configured; the schema is dropped afterwards."""
    del tmp_path
    async with pg_schema("brief") as schema:
        engines = [pg_engine(schema) for _ in range(2)]
        try:
            await migrate(engines[0])
            yield tuple(make_session_factory(e) for e in engines)
        finally:
            for e in engines:
                await e.dispose()
