"""``/article add url:`` and ``/feed ...`` through the real bot, driven by the fake Discord of tests/bot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from bot.app import BriefBot
from bot.cogs import feeds as feeds_cog
from briefings.models import Article, Feed
from tests.bot.bot_harness import MEMBER_ID, FakeDiscord, Harness, bot_settings, next_guild
from tests.web.web_sites import OUTPOST, RSS, Site, article_html, rss, running_site


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    async with running_site() as running:
        yield running


async def start_bot(fake: FakeDiscord, store: Any, **settings: Any) -> tuple[Harness, httpx.AsyncClient]:
    guild_id = next_guild()
    client = httpx.AsyncClient(trust_env=False)
    bot = BriefBot(settings=bot_settings(guild_id, **settings), session_factory=store.factory, http_client=client)
    await bot.login("fake-token")
    return Harness(bot, fake, guild_id), client


@pytest.fixture
async def harness(fake_discord: FakeDiscord, sqlite_store: Any) -> AsyncIterator[Harness]:
    """The bot with private hosts allowed, so it can fetch from the local site."""
    h, client = await start_bot(fake_discord, sqlite_store, allow_private_hosts=True)
    try:
        yield h
    finally:
        await h.bot.close()
        await client.aclose()


async def count(h: Harness, model: Any) -> int:
    assert h.bot.session_factory is not None
    async with h.bot.session_factory() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_article_add_by_url_fetches_and_stores(harness: Harness, site: Site) -> None:
    url = site.page("/story", article_html("Outpost shrinks", OUTPOST, published="2024-03-11"))
    ex = await harness.invoke("article add", url=url)
    assert ex.ephemeral()
    embed = ex.last()["embeds"][0]
    assert embed["title"] == "Stored article #1"
    assert "The Ridge Ledger" in embed["description"] and "2024-03-11 (page)" in embed["description"]

    again = await harness.invoke("article add", url=url + "?utm_source=discord")
    assert again.last()["embeds"][0]["title"] == "Already stored as article #1"
    assert await count(harness, Article) == 1


async def test_article_add_by_url_refuses_private_hosts_by_default(fake_discord, sqlite_store, site: Site) -> None:
    h, client = await start_bot(fake_discord, sqlite_store)
    try:
        url = site.page("/story", article_html("Outpost shrinks", OUTPOST, published="2024-03-11"))
        ex = await h.invoke("article add", url=url)
        assert ex.ephemeral()
        assert ex.last()["content"] == "refused: 127.0.0.1 is a loopback address (this machine)"
        assert site.hits == [] and await count(h, Article) == 0
    finally:
        await h.bot.close()
        await client.aclose()


async def test_feed_commands_add_list_remove(harness: Harness, site: Site) -> None:
    story = site.page("/news/1", article_html("Outpost shrinks", OUTPOST, published="2024-03-11"))
    feed_url = site.page("/feed.rss", rss("Ledger – Region", [("l-1", story, "Outpost", None)]), RSS)

    refused = await harness.invoke("feed add", user=MEMBER_ID, url=feed_url)
    assert refused.ephemeral() and "Manage Server" in refused.last()["content"]
    assert await count(harness, Feed) == 0

    added = await harness.invoke("feed add", url=feed_url, source="Ledger")
    assert added.ephemeral() and added.last()["embeds"][0]["title"] == "Following feed #1"
    twice = await harness.invoke("feed add", url=feed_url)
    assert twice.last()["content"] == "this feed is already followed as feed 1 (Ledger – Region)"

    polls = await feeds_cog.poll_once(harness.bot)
    assert [len(p.ingested) for p in polls] == [1]

    listed = (await harness.invoke("feed list")).last()["embeds"][0]
    assert "Ledger – Region" in listed["description"] and "1 ingested" in listed["description"]

    removed = await harness.invoke("feed remove", id=1)
    assert removed.last()["embeds"][0]["title"] == "Stopped following feed #1"
    missing = await harness.invoke("feed remove", id=1)
    assert missing.last()["content"] == "no feed with id 1"
    assert await count(harness, Article) == 1


async def test_the_feed_poll_runs_on_the_bots_schedule_and_stops_with_it(harness: Harness) -> None:
    aps = getattr(getattr(harness.bot, "briefings", None), "scheduler", None)
    if aps is not None:
        assert aps.get_job(feeds_cog.JOB_ID) is not None
    else:
        task = harness.bot.feed_poll_task  # type: ignore[attr-defined]
        assert isinstance(task, asyncio.Task) and not task.done()
        await feeds_cog.detach_feed_polling(harness.bot)
        assert task.cancelled()


async def test_feed_keywords_pause_resume_and_edit_through_the_bot(harness: Harness, site: Site) -> None:
    story = site.page("/news/1", article_html("Outpost shrinks", OUTPOST, published="2024-03-11"))
    feed_url = site.page("/feed.rss", rss("Ledger", [("l-1", story, "Outpost", None)]), RSS)
    bad = await harness.invoke("feed add", url=feed_url, include=",".join(f"w{n}" for n in range(30)))
    assert bad.callback_type == 4 and bad.ephemeral()  # refused before deferring
    assert bad.last()["content"] == "give at most 20 keywords (there are 30)"
    added = await harness.invoke("feed add", url=feed_url, include="syria, iraq", exclude="opinion")
    assert "Keywords: only syria, iraq; not opinion" in added.last()["embeds"][0]["description"]

    paused = (await harness.invoke("feed pause", id=1)).last()["embeds"][0]
    assert paused["title"] == "Feed #1 paused" and "paused (/feed resume)" in paused["description"]
    assert await feeds_cog.poll_once(harness.bot) == []
    resumed = (await harness.invoke("feed resume", id=1)).last()["embeds"][0]
    assert resumed["title"] == "Feed #1 resumed" and "next check" in resumed["description"]

    edited = (await harness.invoke("feed edit", id=1, exclude="-", max_items=5)).last()["embeds"][0]
    assert edited["title"] == "Feed #1 changed" and "only syria, iraq" in edited["description"]
    assert "not opinion" not in edited["description"]
    [result] = await feeds_cog.poll_once(harness.bot)
    assert len(result.ingested) == 1
    listed = (await harness.invoke("feed list")).last()["embeds"][0]["description"]
    assert "1 ingested" in listed and "only syria, iraq" in listed
    member = await harness.invoke("feed pause", user=MEMBER_ID, id=1)
    assert "Manage Server" in member.last()["content"]
