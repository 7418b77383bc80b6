"""Alerts: an ingested article that moves the troop figure is posted at once, exactly once, in each alerted channel.

Articles go through the real ingestion (its extractor swapped for the facts each
test names); the real bot posts through discord.py to the fake channels.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from briefing_helpers import FakeChannels, running_bot
from briefing_pg import open_pg_pair
from sqlalchemy import func, select, update

import briefings.ingest
from bot import limits
from bot.scheduler import DiscordSender
from briefings import alerts, schedule, subscriptions
from briefings.ingest import ingest_text
from briefings.models import Article, TroopCountFact
from briefings.schemas import Extraction, TroopCount

WS = "222000000000000001"
CH1, CH2, CH3 = 940_000_000_000_000_001, 940_000_000_000_000_002, 940_000_000_000_000_003
_n = itertools.count(1)


@pytest.fixture(autouse=True)
def real_time(fake: FakeChannels) -> None:
    """Alerts are recorded at the time of ingestion: the scheduler's clock starts at the real time."""
    fake.clock.set(dt.datetime.now(dt.UTC))


@pytest.fixture
def extracting(monkeypatch: pytest.MonkeyPatch) -> list[Extraction]:
    """Ingestion finds the facts the test appends here, in order."""
    queue: list[Extraction] = []
    monkeypatch.setattr(briefings.ingest, "extract", lambda text, published: queue.pop(0))
    return queue


def troops(value: int, date: str, *, kind: str = "level", status: str = "current", **kw: Any) -> TroopCount:
    noun = {"level": "remain in", "change": "were withdrawn from"}.get(kind, "in")
    sentence = f"About {value:,} US troops {noun} Syria, officials said."
    return TroopCount(value=value, date=date, kind=kind, status=status, qualifier="approx", evidence=sentence,
                      **kw)  # type: ignore[arg-type]


async def ingest(factory: Any, extracting: list[Extraction], *facts: TroopCount, source: str = "AP") -> int:
    """Store one article (its own text) whose extraction gives ``facts``; its id."""
    n = next(_n)
    extracting.append(Extraction(published="2025-04-18", troop_counts=list(facts)))
    async with factory() as session, session.begin():
        result = await ingest_text(session=session, workspace=WS, text=f"US troops in Syria, report {n}.",
                                   source=source, published=dt.date(2025, 4, 18), url=f"https://{source}.test/{n}")
    return result.article_id


async def add_alert(factory: Any, channel: int, threshold: int | None = None) -> alerts.AlertOut:
    async with factory() as session, session.begin():
        return await alerts.add_alert(session=session, workspace=WS, channel_id=channel, threshold=threshold)


async def dispatch(bot: Any) -> None:
    await bot.briefings.dispatch_alerts()
    await bot.briefings.wait_idle()


async def rows(factory: Any) -> list[alerts.AlertDeliveryOut]:
    async with factory() as session:
        return await alerts.deliveries(session=session)


def descriptions(fake: FakeChannels, channel: int) -> list[str]:
    return [m.body["embeds"][0]["description"] for m in fake.posted_in(channel)]


async def test_an_article_that_moves_the_figure_posts_one_alert_in_each_alerted_channel(
    fake: FakeChannels, sqlite_store: Any, extracting: list[Extraction]
) -> None:
    f = sqlite_store.factory
    await add_alert(f, CH1)
    await add_alert(f, CH2)
    async with f() as session, session.begin():  # a channel with only the daily briefing gets no alert
        await subscriptions.subscribe(session=session, workspace=WS, channel_id=CH3, time="08:00", timezone="UTC")
    async with running_bot(fake, f) as bot:
        await ingest(f, extracting, troops(2000, "2025-04-10"))
        await dispatch(bot)
        first = await ingest(f, extracting, troops(1400, "2025-04-18"), source="Reuters")
        await dispatch(bot)
        # The same figure reported again, and an older one: the current figure does not move.
        await ingest(f, extracting, troops(1400, "2025-04-18"), source="BBC")
        await ingest(f, extracting, troops(2500, "2024-12"), source="AFP")
        await dispatch(bot)
    for channel in (CH1, CH2):
        assert len(fake.posted_in(channel)) == 2
        new, moved = descriptions(fake, channel)
        assert new.startswith("**About 2,000** US troops are in Syria as of 2025-04-10.")
        figure, evidence, source = moved.splitlines()
        assert figure == "**About 1,400** US troops are in Syria as of 2025-04-18, down from about 2,000 (2025-04-10)."
        assert evidence == "> About 1,400 US troops remain in Syria, officials said."
        assert source == f"Source: [Reuters, 2025-04-18](https://Reuters.test/{first})"
    assert fake.posted_in(CH3) == []
    for message in fake.messages:
        limits.check_payload(message.body)
        assert message.body["embeds"][0]["title"] == "New troop figure: US troops in Syria"
    got = await rows(f)
    assert len(got) == 4 and {r.status for r in got} == {"sent"}
    by_id = {m.id: m for m in fake.messages}
    assert set(by_id) == {r.message_id for r in got}
    assert all(by_id[r.message_id].footer.startswith(alerts.marker(r.id) + " · ") for r in got)


async def test_a_threshold_posts_only_when_the_figure_crosses_it(
    fake: FakeChannels, sqlite_store: Any, extracting: list[Extraction]
) -> None:
    f = sqlite_store.factory
    await add_alert(f, CH1, threshold=1000)
    async with running_bot(fake, f) as bot:
        for value, day in ((2000, "10"), (1400, "12"), (900, "14"), (800, "16"), (1100, "18")):
            await ingest(f, extracting, troops(value, f"2025-04-{day}"))
            await dispatch(bot)
    below, above = descriptions(fake, CH1)
    assert below.startswith("The troop figure is now below 1,000.\n**About 900** US troops are in Syria as of "
                            "2025-04-14, down from about 1,400 (2025-04-12).")
    assert above.startswith("The troop figure is now at or above 1,000.\n**About 1,100** US troops")
    assert [m.body["embeds"][0]["title"] for m in fake.posted_in(CH1)] == [
        "Troop figure crossed your threshold: US troops in Syria"
    ] * 2


async def test_a_withdrawal_that_happened_is_posted_and_a_plan_is_not(
    fake: FakeChannels, sqlite_store: Any, extracting: list[Extraction]
) -> None:
    f = sqlite_store.factory
    await ingest(f, extracting, troops(2000, "2025-04-10"))
    await add_alert(f, CH1)
    async with running_bot(fake, f) as bot:
        await ingest(f, extracting, troops(600, "2025-04-18", kind="change", direction="decrease", status="planned"))
        await ingest(f, extracting, troops(300, "2025-03-01", kind="change", direction="decrease"))  # history
        await dispatch(bot)
        assert fake.posted_in(CH1) == []
        await ingest(f, extracting, troops(600, "2025-04-18", kind="change", direction="decrease"))
        await dispatch(bot)
    (posted,) = fake.posted_in(CH1)
    assert posted.body["embeds"][0]["title"] == "Troop movement reported: US troops in Syria"
    assert descriptions(fake, CH1)[0].startswith(
        "About 600 US troops withdrawn from Syria (announced 2025-04-18).\n"
        "> About 600 US troops were withdrawn from Syria, officials said.\nSource: [AP, 2025-04-18]"
    )


async def test_a_rejected_figure_posts_nothing(
    fake: FakeChannels, sqlite_store: Any, extracting: list[Extraction], caplog: pytest.LogCaptureFixture
) -> None:
    f = sqlite_store.factory
    await ingest(f, extracting, troops(2000, "2025-04-10"))
    await add_alert(f, CH1)
    async with running_bot(fake, f) as bot:
        # Recorded, then rejected in review before it was posted.
        await ingest(f, extracting, troops(1400, "2025-04-18"))
        async with f() as session, session.begin():
            await session.execute(update(TroopCountFact).where(TroopCountFact.value == 1400)
                                  .values(review_state="rejected"))
        with caplog.at_level(logging.INFO, logger="bot.scheduler"):
            await dispatch(bot)
        # A rejected figure reported again by another outlet is no candidate: nothing is even recorded.
        await ingest(f, extracting, troops(1400, "2025-04-18"), source="BBC")
        await dispatch(bot)
        assert fake.posted_in(CH1) == []
        # A later article moves the figure from the last figure not rejected.
        await ingest(f, extracting, troops(1500, "2025-04-15"), source="NYT")
        await dispatch(bot)
    (posted,) = descriptions(fake, CH1)
    assert posted.startswith("**About 1,500** US troops are in Syria as of 2025-04-15, down from about 2,000 ")
    skipped, sent = await rows(f)
    assert (skipped.status, skipped.error) == ("skipped", "the figure was rejected or removed before it was posted")
    assert sent.status == "sent"


async def test_a_restart_between_claim_and_send_posts_once(
    fake: FakeChannels, sqlite_store: Any, extracting: list[Extraction]
) -> None:
    f = sqlite_store.factory
    await add_alert(f, CH1)
    await ingest(f, extracting, troops(1400, "2025-04-18"))
    (waiting,) = await rows(f)
    # A process claimed it and died before posting.
    async with f() as session:
        assert await alerts.claim(session=session, delivery_id=waiting.id, worker="dead", now=fake.clock())
    fake.clock.advance(minutes=2)
    async with running_bot(fake, f) as bot:
        assert fake.posted_in(CH1) == []  # the claim is fresh: its holder may still be working
        fake.clock.advance(minutes=15)
        await bot.briefings.recover()
        await bot.briefings.wait_idle()
        await dispatch(bot)
        worker = bot.briefings.worker
    (posted,) = fake.posted_in(CH1)
    (row,) = await rows(f)
    assert (row.status, row.message_id, row.claimed_by, row.attempts) == ("sent", posted.id, worker, 2)


class CrashingSender(DiscordSender):
    """Dies like a killed process after the POST reached Discord."""

    async def send(self, channel_id: int, embeds: Any, *, nonce: str) -> int:
        await super().send(channel_id, embeds, nonce=nonce)
        raise RuntimeError("process killed")


async def test_a_restart_after_the_post_reached_discord_finds_it_and_posts_nothing_more(
    fake: FakeChannels, sqlite_store: Any, extracting: list[Extraction], caplog: pytest.LogCaptureFixture
) -> None:
    f = sqlite_store.factory
    await add_alert(f, CH1)
    async with running_bot(fake, f) as bot:
        bot.briefings.sender = CrashingSender(bot)
        await ingest(f, extracting, troops(1400, "2025-04-18"))
        with caplog.at_level(logging.CRITICAL, logger="bot.scheduler"):
            await dispatch(bot)
    assert [r.status for r in await rows(f)] == ["sending"]
    fake.clock.advance(minutes=20)
    async with running_bot(fake, f):
        pass  # start-up recovery finds the stale claim and the post carrying its marker
    (posted,) = fake.posted_in(CH1)
    (row,) = await rows(f)
    assert (row.status, row.message_id) == ("sent", posted.id)


async def test_a_failed_ingestion_records_no_alert(
    fake: FakeChannels, sqlite_store: Any, extracting: list[Extraction], monkeypatch: pytest.MonkeyPatch
) -> None:
    f = sqlite_store.factory
    await add_alert(f, CH1)

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(alerts.Watch, "after", broken)
    with pytest.raises(RuntimeError):
        await ingest(f, extracting, troops(1400, "2025-04-18"))
    assert await rows(f) == []
    async with f() as session:
        assert await session.scalar(select(func.count()).select_from(Article)) == 0


@pytest.fixture
async def pg_pair(tmp_path: Path) -> AsyncIterator[tuple[Any, ...]]:
    async with open_pg_pair(tmp_path) as pair:
        yield pair


@pytest.mark.postgres
async def test_two_schedulers_on_one_postgres_store_post_each_alert_once(
    fake: FakeChannels, pg_pair: tuple[Any, Any], extracting: list[Extraction]
) -> None:
    f1, f2 = pg_pair
    channels = [950_000_000_000_000_000 + n for n in range(8)]
    for ch in channels:
        await add_alert(f1, ch)
    async with running_bot(fake, f1, worker="proc-1") as a, running_bot(fake, f2, worker="proc-2") as b:
        await ingest(f1, extracting, troops(1400, "2025-04-18"))
        # Both processes dispatch at the same moment, twice over.
        await asyncio.gather(*(bot.briefings.dispatch_alerts() for bot in (a, b, a, b)))
        await asyncio.gather(a.briefings.wait_idle(), b.briefings.wait_idle())
        await asyncio.gather(a.briefings.recover(), b.briefings.recover())
    for ch in channels:
        assert len(fake.posted_in(ch)) == 1, f"channel {ch} got {len(fake.posted_in(ch))} posts"
    got = await rows(f2)
    assert len(got) == len(channels) and {r.status for r in got} == {schedule.SENT}
    assert {r.claimed_by for r in got} <= {"proc-1", "proc-2"}
    # Each was claimed once: the second process never got as far as Discord's nonce check.
    assert [r.attempts for r in got] == [1] * len(channels)
    assert len(fake.attempts) == len(channels)
