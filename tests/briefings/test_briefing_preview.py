"""The ``/briefing`` preview is the post: the same embeds, through the fake Discord, for the same window.

The bot is logged in to one server that is both fakes (interactions and channel
posts); the scheduler runs on the test's clock, which the preview also reads.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
from briefing_helpers import Clock, add_article, discord_and_channels, event, level, running_bot, said, utc

from bot import limits
from bot.console import store_samples
from briefings import schedule, subscriptions
from tests.bot.bot_harness import CHANNEL_ID, MEMBER_ID, Harness
from tests.bot.bot_sample_facts import known_extract

WS = "222000000000000001"
GUILD = int(WS)


@pytest.fixture
async def fakes(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[Any, Any]]:
    async with discord_and_channels(Clock(utc(2025, 4, 17, 9))) as pair:
        monkeypatch.setattr(discord.http.Route, "BASE", pair[1].base)
        yield pair


def without_marker(embeds: list[dict]) -> list[dict]:
    """The embeds with the delivery's marker taken out of the footer (a preview has no delivery)."""
    out = copy.deepcopy(embeds)
    footer = out[-1]["footer"]
    footer["text"] = re.sub(r"^ref D\d+ · ", "", footer["text"])
    return out


async def subscribe(factory: Any, channel: int, tz: str, now: dt.datetime, time: str = "08:00") -> Any:
    async with factory() as session:
        sub = await subscriptions.subscribe(session=session, workspace=WS, channel_id=channel, time=time,
                                            timezone=tz, now=now)
        await session.commit()
    return sub


async def preview_and_post(h: Harness, channels: Any, sub_id: int) -> tuple[list[dict], list[dict]]:
    """What /briefing shows in the channel now, then what the scheduled post at this moment sends."""
    ex = await h.invoke("briefing", user=MEMBER_ID)
    assert ex.ephemeral()
    shown = ex.last()["embeds"]
    before = len(channels.posted_in(CHANNEL_ID))
    await h.bot.briefings.run_job(sub_id)  # type: ignore[attr-defined]
    await h.bot.briefings.wait_idle()  # type: ignore[attr-defined]
    posts = channels.posted_in(CHANNEL_ID)
    assert len(posts) == before + 1
    return shown, posts[-1].body["embeds"]


async def test_the_preview_equals_the_scheduled_post_for_the_same_window(fakes: Any, sqlite_store: Any) -> None:
    interactions, channels = fakes
    f, clock = sqlite_store.factory, channels.clock
    sub = await subscribe(f, CHANNEL_ID, "Europe/Berlin", clock())
    await add_article(f, WS, at=utc(2025, 4, 17, 12), source="AP", troops=[level(2000, "2025-04-16")],
                      events=[event("The Pentagon disclosed the troop level.", "2025-04-16")],
                      statements=[said("Sean Parnell", "We are consolidating", "2025-04-16")])
    async with running_bot(channels, f) as bot:
        h = Harness(bot, interactions, GUILD)
        # 08:00 in Berlin on 18 April: the channel's first briefing, the state of the story.
        clock.set(utc(2025, 4, 18, 6))
        shown, posted = await preview_and_post(h, channels, sub.id)
        assert shown == without_marker(posted)
        assert posted[0]["title"] == "Daily briefing: US troops in Syria — 2025-04-18"
        assert posted[-1]["footer"]["text"].startswith("ref D")

        # The next day: what is new since then, a new figure among it.
        await add_article(f, WS, at=utc(2025, 4, 18, 15), source="Reuters", troops=[level(1400, "2025-04-18")],
                          events=[event("A convoy crossed into Iraq.", "2025-04-18")])
        clock.set(utc(2025, 4, 19, 6))
        shown, posted = await preview_and_post(h, channels, sub.id)
        assert shown == without_marker(posted)
        text = str(posted)
        assert "A convoy crossed into Iraq." in text and "Pentagon disclosed" not in text
        assert "down from about 2,000" not in text  # the level() figures are exact
        assert "**1,400** US troops are in Syria as of 2025-04-18, down from 2,000 (2025-04-16)" in text
    async with f() as session:
        got = await schedule.deliveries(session=session)
    assert [(d.since, d.status) for d in got] == [(None, "sent"), (utc(2025, 4, 18, 6), "sent")]


async def test_a_channel_without_a_subscription_previews_in_the_hosts_zone(fakes: Any, sqlite_store: Any) -> None:
    interactions, channels = fakes
    f, clock = sqlite_store.factory, channels.clock
    await add_article(f, WS, at=utc(2025, 4, 17, 12), source="AP", events=[event("Troops moved.", "2025-04-17")])
    clock.set(utc(2025, 4, 18, 6))
    async with running_bot(channels, f) as bot:
        h = Harness(bot, interactions, GUILD)
        ex = await h.invoke("briefing", user=MEMBER_ID)
    embeds = ex.last()["embeds"]
    limits.check_payload(ex.last())
    # running_bot's settings keep the default zone, UTC.
    assert embeds[-1]["footer"]["text"] == (
        "the story as stored by 2025-04-18 06:00 UTC · more with /troops, /latest and /said"
    )


async def test_footer_times_are_in_the_subscriptions_zone_across_a_dst_change(
    fakes: Any, sqlite_store: Any
) -> None:
    interactions, channels = fakes
    f, clock = sqlite_store.factory, channels.clock
    clock.set(utc(2025, 10, 31, 14))  # after that day's 08:00 EDT: the first fire is on 1 November
    sub = await subscribe(f, CHANNEL_ID, "America/New_York", clock())
    async with running_bot(channels, f) as bot:
        h = Harness(bot, interactions, GUILD)
        # 08:00 EDT on 1 November (12:00 UTC), then 08:00 EST on 2 November (13:00 UTC).
        for day, hour, summary in ((1, 12, "Troops moved."), (2, 13, "A convoy left.")):
            await add_article(f, WS, at=utc(2025, 11, day, hour - 3), source="AP",
                              events=[event(summary, f"2025-11-{day:02d}")])
            clock.set(utc(2025, 11, day, hour))
            shown, posted = await preview_and_post(h, channels, sub.id)
            assert shown == without_marker(posted)
    first, second = (p.footer for p in channels.posted_in(CHANNEL_ID))
    assert "the story as stored by 2025-11-01 08:00 EDT" in first
    assert "news stored 2025-11-01 08:00 EDT – 2025-11-02 08:00 EST" in second


async def test_the_first_briefing_on_the_sample_store_is_a_short_state_of_the_story(
    fakes: Any, sqlite_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefings.ingest

    monkeypatch.setattr(briefings.ingest, "extract", known_extract)
    interactions, channels = fakes
    f, clock = sqlite_store.factory, channels.clock
    results = await store_samples(session_factory=f, workspace=WS)
    assert [r.created for r in results] == [True] * 6
    now = dt.datetime.now(dt.UTC)
    clock.set(now)
    sub = await subscribe(f, CHANNEL_ID, "UTC", now, time=f"{(now + dt.timedelta(hours=1)).hour:02d}:00")
    async with running_bot(channels, f) as bot:
        h = Harness(bot, interactions, GUILD)
        clock.set(schedule.next_fire(now, sub.time, sub.timezone).at)
        shown, posted = await preview_and_post(h, channels, sub.id)
    assert shown == without_marker(posted)
    assert [e["title"] for e in posted] == [
        f"Daily briefing: US troops in Syria — {clock().date().isoformat()}", "Latest developments",
        "Latest statements",
    ]
    figure, developments, statements = (e["description"].splitlines() for e in posted)
    assert len(figure) == 1 and len(developments) == 3 and len(statements) == 3
    assert "US troops are in Syria as of" in figure[0]
    assert "not shown" not in str(posted) and "…and" not in str(posted)
    for line in developments + statements:
        assert re.match(r"^\*\*(\d{4}-\d{2}-\d{2}|[A-Z][a-z]+ \d{4}|\d{4})\*\*: ", line), line
        assert "](" in line, f"no linked source: {line}"
