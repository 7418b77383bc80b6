"""Shared fixtures: a fresh, migrated fact store on SQLite and on PostgreSQL.

PostgreSQL tests run when ``BRIEFBOT_TEST_POSTGRES_URL`` is set (``.ci/run``
sets it to the server at 127.0.0.1:5432, database ``test``) and are skipped
with that reason otherwise. Each PostgreSQL test gets a schema of its own, so
test runs sharing the server never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from briefings.db import async_url, make_engine, make_session_factory, migrate
from tests.bot.bot_harness import FakeDiscord, Harness, bot_settings, next_guild

PG_ENV = "BRIEFBOT_TEST_POSTGRES_URL"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@dataclass
class Store:
    """A migrated store for one test: its engine, session factory and backend name."""

    backend: str
    engine: AsyncEngine
    factory: async_sessionmaker[AsyncSession]


def postgres_url() -> str | None:
    """The PostgreSQL URL tests may use, or None."""
    return os.environ.get(PG_ENV) or None


async def open_store(backend: str, tmp_path: Path) -> tuple[Store, str | None]:
    """A fresh migrated store; for PostgreSQL also the schema to drop afterwards."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
        await migrate(engine)
        return Store("sqlite", engine, make_session_factory(engine)), None
    url = postgres_url()
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(async_url(url))
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    await admin.dispose()
    engine = create_async_engine(async_url(url), connect_args={"server_settings": {"search_path": schema}})
    await migrate(engine)
    return Store("postgresql", engine, make_session_factory(engine)), schema


async def close_store(store: Store, schema: str | None) -> None:
    """Dispose of the engine and drop a PostgreSQL test schema."""
    await store.engine.dispose()
    if schema:
        admin = create_async_engine(async_url(postgres_url() or ""))
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh migrated store, once on SQLite and once on PostgreSQL."""
    st, schema = await open_store(request.param, tmp_path)
    try:
        yield st
    finally:
        await close_store(st, schema)


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh migrated SQLite store, for tests that are about something other than the database."""
    st, _ = await open_store("sqlite", tmp_path)
    try:
        yield st
    finally:
        await st.engine.dispose()


@pytest.fixture
def shared_dir() -> Path:
    """``../shared`` beside the checkout (seeds and gold); skips when it is absent."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"{SHARED} is not beside the checkout")
    return SHARED


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A fake of Discord's REST API on 127.0.0.1, with discord.py pointed at it."""
    fake = FakeDiscord()
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.base)
    try:
        yield fake
    finally:
        await fake.stop()


async def logged_in_bot(fake: FakeDiscord, store: Store) -> AsyncIterator[Harness]:
    """The real bot logged in to the fake Discord (``setup_hook`` ran) on ``store``."""
    from bot.app import BriefBot

    guild_id = next_guild()
    async with httpx.AsyncClient() as client:
        bot = BriefBot(settings=bot_settings(guild_id), session_factory=store.factory, http_client=client)
        async with bot:
            await bot.login("fake-token")
            yield Harness(bot, fake, guild_id)


@pytest.fixture
async def harness(fake_discord: FakeDiscord, sqlite_store: Any) -> AsyncIterator[Harness]:
    """The real bot logged in to the fake Discord, on a fresh SQLite store."""
    async for h in logged_in_bot(fake_discord, sqlite_store):
        yield h


@pytest.fixture
async def store_harness(fake_discord: FakeDiscord, store: Any) -> AsyncIterator[Harness]:
    """The real bot on the parametrised store (SQLite, then PostgreSQL when configured)."""
    async for h in logged_in_bot(fake_discord, store):
        yield h
