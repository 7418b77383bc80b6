"""Two bot processes sharing one PostgreSQL store never post the same briefing twice."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from briefing_helpers import FakeChannels, add_article, event, running_bot, utc
from briefing_pg import open_pg_pair
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from briefings import schedule, subscriptions

pytestmark = pytest.mark.postgres

WS = "222000000000000001"
CHANNELS = [910_000_000_000_000_000 + n for n in range(12)]
FIRE = utc(2025, 4, 18, 8)


@pytest.fixture
async def pg_pair(tmp_path: Path) -> AsyncIterator[tuple[async_sessionmaker[AsyncSession], ...]]:
    """Two engines (two "processes") on one fresh PostgreSQL schema."""
    async with open_pg_pair(tmp_path) as pair:
        yield pair


async def test_two_schedulers_on_one_postgres_store_post_each_briefing_once(
    fake: FakeChannels, pg_pair: tuple[Any, Any]
) -> None:
    f1, f2 = pg_pair
    fake.clock.set(utc(2025, 4, 17, 9))
    subs = []
    async with f1() as session:
        for ch in CHANNELS:
            subs.append(await subscriptions.subscribe(session=session, workspace=WS, channel_id=ch, time="08:00",
                                                      timezone="UTC", now=fake.clock()))
        await session.commit()
    await add_article(f1, WS, at=utc(2025, 4, 17, 20), source="AP",
                      events=[event("Troops left the Conoco base.", "2025-04-17")])
    fake.clock.set(FIRE - dt.timedelta(minutes=1))
    async with running_bot(fake, f1, worker="proc-1") as a, running_bot(fake, f2, worker="proc-2") as b:
        fake.clock.set(FIRE)
        # Both processes' cron jobs fire for every subscription at the same moment.
        await asyncio.gather(*(bot.briefings.run_job(s.id) for s in subs for bot in (a, b)))
        await asyncio.gather(a.briefings.wait_idle(), b.briefings.wait_idle())

        # A claim left by a third process that died; both survivors try to recover it at once.
        late_ch = 920_000_000_000_000_001
        async with f1() as session:
            extra = await subscriptions.subscribe(session=session, workspace=WS, channel_id=late_ch, time="08:00",
                                                  timezone="UTC", now=utc(2025, 4, 17, 9))
            await session.commit()
        async with f1() as session:
            await schedule.claim(session=session, subscription_id=extra.id, local_day=FIRE.date(),
                                 since=utc(2025, 4, 17, 8), until=FIRE, worker="dead", now=FIRE)
        fake.clock.advance(minutes=20)
        await asyncio.gather(a.briefings.recover(), b.briefings.recover())
        await asyncio.gather(a.briefings.wait_idle(), b.briefings.wait_idle())

    for ch in [*CHANNELS, late_ch]:
        assert len(fake.posted_in(ch)) == 1, f"channel {ch} got {len(fake.posted_in(ch))} posts"
    async with f2() as session:
        got = await schedule.deliveries(session=session)
    assert len(got) == len(CHANNELS) + 1
    assert {r.status for r in got} == {"sent"}
    assert {r.message_id for r in got} == {m.id for m in fake.messages}
    assert {r.claimed_by for r in got} <= {"proc-1", "proc-2"}
