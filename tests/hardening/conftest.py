"""Fixtures of the hardening tests: the real bot on the fake Discord of ``tests/bot``.

The harness lives in ``tests/bot/bot_harness.py`` (owned by the bot tests); it is
imported from there rather than copied, so both suites drive the bot the same way.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bot"))

from bot_harness import FakeDiscord, Harness, bot_settings, next_guild

from bot.app import BriefBot


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """The fake REST API, with discord.py pointed at it."""
    fake = FakeDiscord()
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.base)
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def harness(fake_discord: FakeDiscord, sqlite_store: Any) -> AsyncIterator[Harness]:
    """The real bot logged in to the fake Discord (setup_hook ran), on a fresh SQLite store."""
    guild_id = next_guild()
    async with httpx.AsyncClient() as client:
        bot = BriefBot(settings=bot_settings(guild_id), session_factory=sqlite_store.factory, http_client=client)
        async with bot:
            await bot.login("fake-token")
            yield Harness(bot, fake_discord, guild_id)


@pytest.fixture
async def store_harness(fake_discord: FakeDiscord, store: Any) -> AsyncIterator[Harness]:
    """The real bot on the parametrised store (SQLite, then PostgreSQL when configured)."""
    guild_id = next_guild()
    async with httpx.AsyncClient() as client:
        bot = BriefBot(settings=bot_settings(guild_id), session_factory=store.factory, http_client=client)
        async with bot:
            await bot.login("fake-token")
            yield Harness(bot, fake_discord, guild_id)
