"""The daily briefing post through the real bot: article text with markdown and mentions is shown as text, and
no post (the briefing, or the notice that one is paused) can ping anyone.

Discord parses mentions in content only, and only those ``allowed_mentions`` lets through; the bot sends
``{"parse": []}`` on every message. Markdown from articles is escaped so it shows as typed.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from briefing_helpers import SYSTEM_CHANNEL, FakeChannels, add_article, event, running_bot, said, utc

from briefings import subscriptions

WS = "222000000000000001"
CH = 900_000_000_000_000_002
NO_PINGS = {"parse": []}


async def _subscribed_with_news(fake: FakeChannels, factory: Any) -> int:
    fake.clock.set(utc(2025, 4, 17, 9))
    async with factory() as session:
        sub = await subscriptions.subscribe(
            session=session, workspace=WS, channel_id=CH, time="08:00", timezone="UTC", now=fake.clock()
        )
        await session.commit()
    await add_article(
        factory, WS, at=utc(2025, 4, 17, 20), source="**Wire** @everyone",
        events=[event("**Breaking**: troops _left_ the base, @everyone <@123456789012345678> told.", "2025-04-17")],
        statements=[said("@here Official", "**Leave** now, <@&987654321098765432> and ~~all~~ of you", "2025-04-17")],
    )  # fmt: skip
    return sub.id


async def test_a_briefing_with_markdown_and_mentions_in_its_articles_shows_them_as_text_and_pings_no_one(
    fake: FakeChannels, sqlite_store: Any
) -> None:
    f = sqlite_store.factory
    sub_id = await _subscribed_with_news(fake, f)
    async with running_bot(fake, f) as bot:
        fake.clock.set(utc(2025, 4, 18, 8))
        await bot.briefings.run_job(sub_id)
        await bot.briefings.wait_idle()
    (post,) = fake.posted_in(CH)
    assert post.body["allowed_mentions"] == NO_PINGS
    # One embed per section (developments, statements, ...), the footer on the last.
    sections = {e.get("title", ""): e.get("description", "") for e in post.body["embeds"]}
    development = next(text for title, text in sections.items() if "evelopment" in title or "Breaking" in text)
    # Shown as typed: the markdown escaped, the mentions as plain text (they cannot ping from an embed or here).
    assert r"\*\*Breaking\*\*: troops \_left\_ the base, @everyone <@123456789012345678> told." in development
    statement = next(text for title, text in sections.items() if "tatement" in title)
    assert r"\*\*Leave\*\* now, <@&987654321098765432> and \~\~all\~\~ of you" in statement
    assert "@here Official" in statement
    assert not post.body.get("content")  # nothing outside the embed, where a mention could ping
    assert "**Breaking**" not in json.dumps(post.body)


async def test_the_notice_that_a_briefing_is_paused_pings_no_one(fake: FakeChannels, sqlite_store: Any) -> None:
    f = sqlite_store.factory
    sub_id = await _subscribed_with_news(fake, f)
    fake.gone.add(CH)
    async with running_bot(fake, f) as bot:
        fake.clock.set(utc(2025, 4, 18, 8))
        await bot.briefings.run_job(sub_id)
        await bot.briefings.wait_idle()
    (notice,) = fake.posted_in(SYSTEM_CHANNEL)
    assert f"<#{CH}>" in notice.body["content"] and "paused" in notice.body["content"]
    assert notice.body["allowed_mentions"] == NO_PINGS
    assert notice.at == dt.datetime(2025, 4, 18, 8, tzinfo=dt.UTC)
