"""``/subscribe`` without a zone uses the host's DEFAULT_TIMEZONE, and says so (in its option and its reply)."""

from __future__ import annotations

from typing import Any

import httpx

from bot.app import BriefBot
from tests.bot.bot_harness import CHANNEL_ID, FakeDiscord, Harness, bot_settings, next_guild


async def test_subscribe_names_the_hosts_default_zone(fake_discord: FakeDiscord, sqlite_store: Any) -> None:
    guild = next_guild()
    settings = bot_settings(guild, default_timezone="America/New_York")
    async with httpx.AsyncClient() as client, BriefBot(
        settings=settings, session_factory=sqlite_store.factory, http_client=client
    ) as bot:
        await bot.login("fake-token")
        h = Harness(bot, fake_discord, guild)
        [sync] = h.sync_requests()
        [subscribe] = [c for c in sync.json if c["name"] == "subscribe"]
        zone = {o["name"]: o for o in subscribe["options"]}["timezone"]
        assert zone["description"] == "Time zone, e.g. Europe/Berlin (default: America/New_York, this bot's " \
            "DEFAULT_TIMEZONE)"
        ex = await h.invoke("subscribe", time="07:00")
    assert ex.last()["content"] == (
        f"Subscribed: <#{CHANNEL_ID}> every day at 07:00 America/New_York. America/New_York is this bot's default "
        "time zone; give timezone: to choose another."
    )
