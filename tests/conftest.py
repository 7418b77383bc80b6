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
from contextlib import asynccontextmanager
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


@asynccontextmanager
async def pg_schema(prefix: str = "t") -> AsyncIterator[str]:
    """A fresh PostgreSQL schema for one test, dropped afterwards; skips when PostgreSQL is not configured."""
    url = postgres_url()
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(async_url(url))
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield schema
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


def pg_engine(schema: str) -> AsyncEngine:
    """An engine whose connections work in ``schema``."""
    return create_async_engine(
        async_url(postgres_url() or ""), connect_args={"server_settings": {"search_path": schema}}
    )


@asynccontextmanager
async def open_store(backend: str, tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh migrated store on ``backend``, closed (and its PostgreSQL schema dropped) afterwards."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
        try:
            await migrate(engine)
            yield Store("sqlite", engine, make_session_factory(engine))
        finally:
            await engine.dispose()
        return
    async with pg_schema() as schema:
        engine = pg_engine(schema)
        try:
            await migrate(engine)
            yield Store("postgresql", engine, make_session_factory(engine))
        finally:
            await engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh migrated store, once on SQLite and once on PostgreSQL."""
    async with open_store(request.param, tmp_path) as st:
        yield st


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh migrated SQLite store, for tests that are about something other than the database."""
    async with open_store("sqlite", tmp_path) as st:
        yield st


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
