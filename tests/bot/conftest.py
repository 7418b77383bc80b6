"""Fixtures of the bot tests: the fake Discord, the logged-in bot, stores with known facts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import discord
import httpx
import pytest
from bot_harness import FakeDiscord, Harness, bot_settings, next_guild
from bot_sample_facts import known_extract

from bot.app import BriefBot
from bot.console import store_samples


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
        bot = BriefBot(
            settings=bot_settings(guild_id),
            session_factory=sqlite_store.factory,
            http_client=client,
        )
        async with bot:
            await bot.login("fake-token")
            yield Harness(bot, fake_discord, guild_id)


@pytest.fixture
def known_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingestion finds exactly the facts of ``bot_sample_facts`` in the sample articles."""
    import briefings.ingest

    monkeypatch.setattr(briefings.ingest, "extract", known_extract)


@pytest.fixture
async def loaded(harness: Harness, known_facts: None) -> Harness:
    """The harness with the five sample articles stored in its guild's workspace."""
    results = await store_samples(session_factory=harness.bot.session_factory, workspace=harness.workspace)
    assert [r.created for r in results] == [True] * 5
    return harness
