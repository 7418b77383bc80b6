"""Fire times across DST changes (agreeing with APScheduler's CronTrigger) and subscription input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from briefing_helpers import utc
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.scheduler import trigger_for
from briefings import schedule, subscriptions
from briefings.errors import BadInput


def sub(time: str, tz: str) -> subscriptions.SubscriptionOut:
    return subscriptions.SubscriptionOut(id=1, workspace="w", channel_id=1, time=time, timezone=tz,
                                         created_at=utc(2020, 1, 1))


@pytest.mark.parametrize(
    ("time", "tz", "start", "expect_utc"),
    [
        # Berlin springs forward on 30 March 2025: 08:00 local moves from 07:00 to 06:00 UTC.
        ("08:00", "Europe/Berlin", utc(2025, 3, 28, 12), ["03-29 07:00", "03-30 06:00", "03-31 06:00"]),
        # New York falls back on 2 November 2025: 08:00 local moves from 12:00 to 13:00 UTC.
        ("08:00", "America/New_York", utc(2025, 10, 31, 14), ["11-01 12:00", "11-02 13:00", "11-03 13:00"]),
        # 02:30 does not exist in New York on 9 March 2025: the briefing comes at 03:30 EDT.
        ("02:30", "America/New_York", utc(2025, 3, 7, 12), ["03-08 07:30", "03-09 07:30", "03-10 06:30"]),
        # Southern hemisphere: Sydney leaves DST early on 6 April 2025 (local), 07:15 goes from UTC+11 to +10.
        ("07:15", "Australia/Sydney", utc(2025, 4, 4, 0), ["04-04 20:15", "04-05 21:15", "04-06 21:15"]),
    ],
)
def test_daily_fire_times_across_dst(time: str, tz: str, start: dt.datetime, expect_utc: list[str]) -> None:
    fires = schedule.fires_between(start, start + dt.timedelta(days=3), time, tz)
    assert [f.at.strftime("%m-%d %H:%M") for f in fires] == expect_utc
    # Each fire is on its own local day, the day the briefing is for.
    assert len({f.local_day for f in fires}) == 3
    # APScheduler's CronTrigger fires at the same instants (its extra fall-back repeat aside).
    trigger = trigger_for(sub(time, tz))
    got: list[dt.datetime] = []
    prev = None
    now: Any = start
    while len(got) < 3:
        nxt = trigger.get_next_fire_time(prev, now)
        assert nxt is not None
        nxt_utc = nxt.astimezone(dt.UTC)
        day = schedule.last_fire(nxt_utc, time, tz).local_day
        if not got or day != schedule.last_fire(got[-1], time, tz).local_day:
            got.append(nxt_utc)
        prev, now = nxt, nxt
    assert got == [f.at for f in fires]


zones = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata",
                         "America/Santiago", "Pacific/Chatham"])
times = st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda hm: f"{hm[0]:02d}:{hm[1]:02d}")
instants = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 1, 1)).map(
    lambda d: d.replace(tzinfo=dt.UTC)
)


@settings(max_examples=300, deadline=None)
@given(instants, times, zones)
def test_next_and_last_fire_bracket_any_instant(now: dt.datetime, time: str, tz: str) -> None:
    last, nxt = schedule.last_fire(now, time, tz), schedule.next_fire(now, time, tz)
    assert last.at <= now < nxt.at
    assert nxt.local_day == last.local_day + dt.timedelta(days=1)
    # A day is 23 to 25 hours long (Lord Howe's 30-minute shift stays within this too).
    assert dt.timedelta(hours=22) <= nxt.at - last.at <= dt.timedelta(hours=26)


@pytest.mark.parametrize("bad", ["8", "24:00", "08:60", "8.30", "", "noon", "08:00:00"])
def test_bad_times_get_a_clear_message(bad: str) -> None:
    with pytest.raises(BadInput, match="HH:MM"):
        subscriptions.check_time(bad)


def test_times_are_normalised() -> None:
    assert subscriptions.check_time(" 8:05 ") == "08:05"


@pytest.mark.parametrize("bad", ["Mars/Olympus", "Berlin", "", "../etc/passwd", "x" * 80])
def test_bad_zones_get_a_clear_message(bad: str) -> None:
    with pytest.raises(BadInput, match="time zone"):
        subscriptions.check_timezone(bad)


async def test_subscribe_again_moves_and_resumes_and_unsubscribe_removes(sqlite_store: Any) -> None:
    f = sqlite_store.factory
    async with f() as s:
        a = await subscriptions.subscribe(session=s, workspace="w", channel_id=5, time="8:00", timezone="UTC")
        await subscriptions.pause(session=s, workspace="w", channel_id=5, reason="channel gone")
        b = await subscriptions.subscribe(session=s, workspace="w", channel_id=5, time="18:30",
                                          timezone="Europe/Berlin")
        await s.commit()
    assert a.id == b.id and (b.time, b.timezone, b.paused) == ("18:30", "Europe/Berlin", False)
    async with f() as s:
        assert [x.channel_id for x in await subscriptions.list_subscriptions(session=s, workspace="w")] == [5]
        assert await subscriptions.list_subscriptions(session=s, workspace="other") == []
        with pytest.raises(BadInput):
            await subscriptions.subscribe(session=s, workspace="w", channel_id=6, time="25:00", timezone="UTC")
        assert await subscriptions.unsubscribe(session=s, workspace="w", channel_id=5) is True
        assert await subscriptions.unsubscribe(session=s, workspace="w", channel_id=5) is False
        await s.commit()


async def test_only_one_claim_per_subscription_and_day(sqlite_store: Any) -> None:
    f = sqlite_store.factory
    async with f() as s:
        x = await subscriptions.subscribe(session=s, workspace="w", channel_id=5, time="08:00", timezone="UTC")
        await s.commit()
    args = {"subscription_id": x.id, "local_day": dt.date(2025, 4, 18), "since": None, "until": utc(2025, 4, 18, 8),
            "now": utc(2025, 4, 18, 8)}
    async with f() as s:
        first = await schedule.claim(session=s, worker="a", **args)
    async with f() as s:
        second = await schedule.claim(session=s, worker="b", **args)
    assert first is not None and second is None
    async with f() as s:
        # The holder may move it on; another worker may not.
        assert not await schedule.mark_sending(session=s, delivery_id=first.id, worker="b", now=utc(2025, 4, 18, 8))
        assert await schedule.mark_sending(session=s, delivery_id=first.id, worker="a", now=utc(2025, 4, 18, 8))
        stale = await schedule.stale_claims(session=s, older_than=utc(2025, 4, 18, 9))
        assert [d.id for d in stale] == [first.id]
        assert await schedule.take_over(session=s, delivery=stale[0], worker="b", now=utc(2025, 4, 18, 9))
        assert not await schedule.take_over(session=s, delivery=stale[0], worker="c", now=utc(2025, 4, 18, 9))
