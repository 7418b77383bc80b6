"""Daily delivery through the real bot and discord.py against a fake Discord, on a clock the test sets.

Each test asserts what reached the channels and what the deliveries table holds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

import pytest
from briefing_helpers import FakeChannels, Sleeps, add_article, event, running_bot, utc
from sqlalchemy import select

from bot.scheduler import DiscordSender, trigger_for
from briefings import schedule, subscriptions
from briefings.models import Subscription

WS = "222000000000000001"
CH = 900_000_000_000_000_001


async def subscribe(factory: Any, channel: int, time: str, tz: str, now: dt.datetime) -> subscriptions.SubscriptionOut:
    async with factory() as session:
        sub = await subscriptions.subscribe(
            session=session, workspace=WS, channel_id=channel, time=time, timezone=tz, now=now
        )
        await session.commit()
    return sub


async def rows(factory: Any) -> list[schedule.DeliveryOut]:
    async with factory() as session:
        return await schedule.deliveries(session=session)


async def fire(bot: Any, sub_id: int) -> None:
    """What the cron job does at its time, then wait for the delivery task."""
    await bot.briefings.run_job(sub_id)
    await bot.briefings.wait_idle()


async def test_daily_at_local_time_across_the_spring_dst_change(fake: FakeChannels, sqlite_store: Any) -> None:
    clock, f = fake.clock, sqlite_store.factory
    clock.set(utc(2025, 3, 27, 12))
    sub = await subscribe(f, CH, "08:00", "Europe/Berlin", clock())
    trigger = trigger_for(sub)
    fired: list[dt.datetime] = []
    async with running_bot(fake, f) as bot:
        prev = None
        for n in range(5):
            await add_article(f, WS, at=clock() + dt.timedelta(hours=1), source="AP",
                              events=[event(f"Development number {n} reported by the wires.", "2025-03-27")])
            nxt = trigger.get_next_fire_time(prev, clock())
            assert nxt is not None
            clock.set(nxt.astimezone(dt.UTC))
            fired.append(clock())
            prev = nxt
            await fire(bot, sub.id)
    # 08:00 in Berlin: 07:00 UTC before the change on 30 March, 06:00 UTC after it.
    assert [t.hour for t in fired] == [7, 7, 6, 6, 6]
    posted = fake.posted_in(CH)
    assert len(posted) == 5
    for n, msg in enumerate(posted):
        assert f"Development number {n} reported" in msg.text
        assert f"Development number {n - 1} reported" not in msg.text
    got = await rows(f)
    assert [(r.local_day.isoformat(), r.status) for r in got] == [
        (f"2025-03-{d}", "sent") for d in (28, 29, 30, 31)
    ] + [("2025-04-01", "sent")]
    assert [r.message_id for r in got] == [m.id for m in posted]
    assert [r.until for r in got] == fired


async def test_a_time_repeated_by_the_autumn_change_posts_once(fake: FakeChannels, sqlite_store: Any) -> None:
    clock, f = fake.clock, sqlite_store.factory
    clock.set(utc(2025, 11, 1, 12))
    sub = await subscribe(f, CH, "01:30", "America/New_York", clock())
    await add_article(f, WS, at=clock(), source="AP", events=[event("Something happened.", "2025-11-01")])
    trigger = trigger_for(sub)
    async with running_bot(fake, f) as bot:
        first = trigger.get_next_fire_time(None, clock())
        assert first is not None
        second = trigger.get_next_fire_time(first, first)
        assert second is not None
        # CronTrigger fires at 01:30 EDT and again at 01:30 EST; both belong to 2 November.
        assert second.astimezone(dt.UTC) - first.astimezone(dt.UTC) == dt.timedelta(hours=1)
        for t in (first, second):
            clock.set(t.astimezone(dt.UTC))
            await fire(bot, sub.id)
    assert len(fake.posted_in(CH)) == 1
    assert [(r.local_day, r.status) for r in await rows(f)] == [(dt.date(2025, 11, 2), "sent")]


FIRE = utc(2025, 4, 18, 8)


async def _due_subscription(fake: FakeChannels, f: Any) -> subscriptions.SubscriptionOut:
    """A channel subscribed at 08:00 UTC with news stored the evening before; the clock a minute before 08:00."""
    fake.clock.set(utc(2025, 4, 17, 9))
    sub = await subscribe(f, CH, "08:00", "UTC", fake.clock())
    await add_article(f, WS, at=utc(2025, 4, 17, 20), source="AP",
                      events=[event("Troops left the Conoco base.", "2025-04-17")])
    fake.clock.set(FIRE - dt.timedelta(minutes=1))
    return sub


async def fire_at_eight(fake: FakeChannels, bot: Any, sub_id: int) -> None:
    fake.clock.set(FIRE)
    await fire(bot, sub_id)


async def test_restart_between_claim_and_send_posts_once(fake: FakeChannels, sqlite_store: Any) -> None:
    f = sqlite_store.factory
    sub = await _due_subscription(fake, f)
    fake.clock.set(FIRE)
    # A process claimed the day and died before posting.
    async with f() as session:
        await schedule.claim(session=session, subscription_id=sub.id, local_day=dt.date(2025, 4, 18),
                             since=utc(2025, 4, 17, 8), until=utc(2025, 4, 18, 8), worker="dead", now=fake.clock())
    fake.clock.advance(minutes=2)
    async with running_bot(fake, f) as bot:
        # The claim is fresh: its holder may still be working, so nothing is posted yet.
        assert fake.posted_in(CH) == []
        assert [r.status for r in await rows(f)] == ["claimed"]
        fake.clock.advance(minutes=15)
        await bot.briefings.recover()
        await bot.briefings.wait_idle()
        worker = bot.briefings.worker
    posted = fake.posted_in(CH)
    assert len(posted) == 1 and "Troops left the Conoco base." in posted[0].text
    (row,) = await rows(f)
    assert (row.status, row.message_id, row.claimed_by, row.attempts) == ("sent", posted[0].id, worker, 2)


class CrashingSender(DiscordSender):
    """Dies like a killed process: before the POST, or after it reached Discord."""

    def __init__(self, client: Any, *, after_post: bool) -> None:
        super().__init__(client)
        self.after_post = after_post

    async def send(self, channel_id: int, embeds: Any, *, nonce: str) -> int:
        if self.after_post:
            await super().send(channel_id, embeds, nonce=nonce)
        raise RuntimeError("process killed")


@pytest.mark.parametrize("after_post", [True, False], ids=["post-reached-discord", "post-never-left"])
async def test_restart_while_sending_neither_double_posts_nor_loses_the_day(
    fake: FakeChannels, sqlite_store: Any, after_post: bool, caplog: pytest.LogCaptureFixture
) -> None:
    f = sqlite_store.factory
    sub = await _due_subscription(fake, f)
    async with running_bot(fake, f) as bot:
        bot.briefings.sender = CrashingSender(bot, after_post=after_post)
        with caplog.at_level(logging.CRITICAL, logger="bot.scheduler"):
            await fire_at_eight(fake, bot, sub.id)
    (row,) = await rows(f)
    assert row.status == "sending"
    assert len(fake.posted_in(CH)) == (1 if after_post else 0)

    fake.clock.advance(minutes=20)  # the restarted process finds the claim stale
    async with running_bot(fake, f):
        pass
    posted = fake.posted_in(CH)
    assert len(posted) == 1
    (row,) = await rows(f)
    assert (row.status, row.message_id) == ("sent", posted[0].id)
    assert schedule.marker(row.id) in posted[0].footer


async def test_restart_after_send_posts_nothing_more(fake: FakeChannels, sqlite_store: Any) -> None:
    f = sqlite_store.factory
    sub = await _due_subscription(fake, f)
    async with running_bot(fake, f) as bot:
        await fire_at_eight(fake, bot, sub.id)
    before = await rows(f)
    fake.clock.advance(hours=1)
    async with running_bot(fake, f):
        pass
    assert len(fake.posted_in(CH)) == 1
    assert await rows(f) == before
    assert [r.status for r in before] == ["sent"]


async def test_outage_shorter_than_the_grace_sends_at_start(fake: FakeChannels, sqlite_store: Any) -> None:
    f = sqlite_store.factory
    await _due_subscription(fake, f)
    fake.clock.set(FIRE + dt.timedelta(hours=5, minutes=30))
    async with running_bot(fake, f, grace_hours=6):
        pass
    posted = fake.posted_in(CH)
    assert len(posted) == 1 and "Troops left the Conoco base." in posted[0].text
    (row,) = await rows(f)
    assert (row.status, row.local_day, row.until) == ("sent", dt.date(2025, 4, 18), utc(2025, 4, 18, 8))


async def test_outage_longer_than_the_grace_skips_and_the_next_briefing_covers_it(
    fake: FakeChannels, sqlite_store: Any, caplog: pytest.LogCaptureFixture
) -> None:
    f = sqlite_store.factory
    sub = await _due_subscription(fake, f)
    fake.clock.set(FIRE + dt.timedelta(hours=7))
    with caplog.at_level(logging.WARNING, logger="bot.scheduler"):
        async with running_bot(fake, f, grace_hours=6) as bot:
            assert fake.posted_in(CH) == []
            (row,) = await rows(f)
            assert (row.status, row.local_day) == ("skipped", dt.date(2025, 4, 18))
            assert "late" in (row.error or "")
            await add_article(f, WS, at=utc(2025, 4, 18, 18), source="BBC",
                              events=[event("A convoy crossed into Iraq.", "2025-04-18")])
            fake.clock.set(utc(2025, 4, 19, 8))
            await fire(bot, sub.id)
    assert any("skipped" in r.getMessage() for r in caplog.records)
    (msg,) = fake.posted_in(CH)
    # The skipped day's news is not lost: the next briefing starts where the last sent one ended.
    assert "Troops left the Conoco base." in msg.text and "A convoy crossed into Iraq." in msg.text
    got = await rows(f)
    assert [(r.local_day.isoformat(), r.status) for r in got] == [("2025-04-18", "skipped"), ("2025-04-19", "sent")]
    # Neither day had a briefing before it: both are the channel's first (the state of the story).
    assert got[0].since is None and got[1].since is None


async def test_nothing_new_posts_nothing(fake: FakeChannels, sqlite_store: Any) -> None:
    f = sqlite_store.factory
    fake.clock.set(utc(2025, 4, 17, 9))
    sub = await subscribe(f, CH, "08:00", "UTC", fake.clock())
    fake.clock.set(utc(2025, 4, 18, 8))
    async with running_bot(fake, f) as bot:
        await fire(bot, sub.id)
    assert fake.posted_in(CH) == []
    assert [r.status for r in await rows(f)] == ["empty"]


async def test_a_deleted_channel_pauses_and_tells_the_guild(fake: FakeChannels, sqlite_store: Any) -> None:
    f = sqlite_store.factory
    sub = await _due_subscription(fake, f)
    fake.gone.add(CH)
    async with running_bot(fake, f) as bot:
        await fire_at_eight(fake, bot, sub.id)
        fake.clock.advance(days=1)
        await fire(bot, sub.id)  # paused: the next day's job does nothing
    assert fake.posted_in(CH) == []
    (note,) = fake.messages
    assert note.channel_id == fake.system_channel and f"<#{CH}>" in note.body["content"]
    assert "paused" in note.body["content"]
    (row,) = await rows(f)
    assert row.status == "failed" and "gone" in (row.error or "")
    async with f() as session:
        stored = await session.scalar(select(Subscription).where(Subscription.id == sub.id))
    assert stored is not None and stored.paused and "gone" in (stored.paused_reason or "")


async def test_missing_permission_pauses_and_logs_when_the_guild_cannot_be_told(
    fake: FakeChannels, sqlite_store: Any, caplog: pytest.LogCaptureFixture
) -> None:
    f = sqlite_store.factory
    sub = await _due_subscription(fake, f)
    fake.forbidden.add(CH)
    fake.system_channel = None
    with caplog.at_level(logging.WARNING, logger="bot.scheduler"):
        async with running_bot(fake, f) as bot:
            await fire_at_eight(fake, bot, sub.id)
    assert fake.messages == []
    assert any("could not tell" in r.getMessage() for r in caplog.records)
    (row,) = await rows(f)
    assert row.status == "failed" and "permission" in (row.error or "")
    async with f() as session:
        assert (await subscriptions.list_subscriptions(session=session, workspace=WS))[0].paused


async def test_a_429_then_success_posts_once(fake: FakeChannels, sqlite_store: Any) -> None:
    f = sqlite_store.factory
    sub = await _due_subscription(fake, f)
    fake.fail_next(CH, (429, {"message": "You are being rate limited.", "retry_after": 0.05, "global": False}))
    async with running_bot(fake, f) as bot:
        await fire_at_eight(fake, bot, sub.id)
    assert [c for c, _ in fake.attempts] == [CH, CH]
    (msg,) = fake.posted_in(CH)
    (row,) = await rows(f)
    assert (row.status, row.message_id) == ("sent", msg.id)


async def test_server_errors_back_off_without_holding_up_other_channels(
    fake: FakeChannels, sqlite_store: Any
) -> None:
    f = sqlite_store.factory
    slow, other = CH, CH + 1
    sub = await _due_subscription(fake, f)
    sub2 = await subscribe(f, other, "08:00", "UTC", utc(2025, 4, 17, 9))
    gate = asyncio.Event()

    class GatedSleeps(Sleeps):
        async def __call__(self, seconds: float) -> None:
            await super().__call__(seconds)
            await gate.wait()

    sleeps = GatedSleeps()
    fake.fail_next(slow, *[(503, {"message": "upstream", "code": 0})] * 2)
    async with running_bot(fake, f, sleeps=sleeps) as bot:
        fake.clock.set(FIRE)
        await bot.briefings.run_job(sub.id)
        await bot.briefings.run_job(sub2.id)
        for _ in range(200):
            if fake.posted_in(other):
                break
            await asyncio.sleep(0.01)
        # The other channel got its briefing while the first waits out its backoff.
        assert len(fake.posted_in(other)) == 1 and fake.posted_in(slow) == []
        gate.set()
        await bot.briefings.wait_idle()
    assert sleeps.calls == [2.0, 4.0]
    assert len(fake.posted_in(slow)) == 1
    assert sorted(r.status for r in await rows(f)) == ["sent", "sent"]


async def test_a_channel_that_keeps_failing_is_left_for_recovery_then_sent(
    fake: FakeChannels, sqlite_store: Any
) -> None:
    f = sqlite_store.factory
    sub = await _due_subscription(fake, f)
    fake.fail_next(CH, *[(503, {"message": "upstream", "code": 0})] * 3)
    async with running_bot(fake, f, retries=2) as bot:
        await fire_at_eight(fake, bot, sub.id)
        (row,) = await rows(f)
        assert row.status == "sending" and "503" in (row.error or "")
        assert fake.posted_in(CH) == []
        fake.clock.advance(minutes=30)
        await bot.briefings.recover()
        await bot.briefings.wait_idle()
    (msg,) = fake.posted_in(CH)
    (row,) = await rows(f)
    assert (row.status, row.message_id, row.attempts) == ("sent", msg.id, 2)
