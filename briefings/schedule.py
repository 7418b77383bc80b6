"""When a daily briefing is due, and the delivery rows that make each one go out exactly once.

Time
    A subscription fires once per local day at its local time of day in its IANA
    zone. Fire times are computed with :mod:`zoneinfo`, the same way APScheduler's
    ``CronTrigger`` does: a time that a spring-forward change skips is read with the
    offset before the change (02:30 on a day that jumps from 02:00 to 03:00 fires at
    03:30), and a time that a fall-back change repeats fires at its first occurrence.
    ``CronTrigger`` also fires at the repeat; that second run maps to the same local
    day and finds its delivery already claimed, so it posts nothing.

Exactly once
    Every briefing is a row of ``deliveries``, unique per subscription and local day.

    1. **claim**: INSERT the row as ``claimed`` in a transaction of its own. Of two
       processes sharing one database only one INSERT succeeds; the other sees the
       unique violation and does nothing.
    2. **sending**: just before the message is posted the row becomes ``sending``.
    3. **sent** (with the message id), or ``empty`` (nothing new, nothing posted),
       ``skipped`` (too late), ``failed`` (channel gone, no access).

    A process that dies leaves ``claimed`` or ``sending`` behind. Once such a row is
    older than the claim timeout (longer than any live sender may take: the sender
    gives up well before it) another pass takes it over with a compare-and-set on
    ``attempts``, so only one process wins, and then:

    * ``claimed``: nothing was posted yet, so it is sent now: the day is not lost;
    * ``sending``: the post may have reached Discord. The channel's recent messages
      are searched for the delivery's marker (``ref D<id>`` in the footer); when found
      the row is marked sent with that message's id and nothing is posted again.
      When it is not there, it is posted. Discord's own ``enforce_nonce`` (a nonce
      derived from the delivery id) covers retries within a few minutes as well.

    A taken-over briefing that is by then later than the grace is not posted but
    skipped (and logged), like a briefing missed during an outage.

    The alerts (:mod:`briefings.alerts`) go through the same states and the same
    functions here, on their own table: pass ``table=AlertDelivery``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.models import AlertDelivery, Delivery
from briefings.subscriptions import check_time, check_timezone

log = logging.getLogger(__name__)

CLAIMED, SENDING, SENT, EMPTY, SKIPPED, FAILED = "claimed", "sending", "sent", "empty", "skipped", "failed"
#: States a process holds while it works; a crash leaves one of these behind.
OPEN = (CLAIMED, SENDING)
#: States after which the next briefing starts where this one ended.
DONE = (SENT, EMPTY)


@dataclass(frozen=True)
class Fire:
    """One intended run: the instant (UTC) and the local day it belongs to."""

    at: dt.datetime
    local_day: dt.date


def time_parts(time_of_day: str) -> tuple[int, int]:
    """``"08:30"`` -> ``(8, 30)``."""
    hour, minute = check_time(time_of_day).split(":")
    return int(hour), int(minute)


def fire_on(day: dt.date, time_of_day: str, timezone: str) -> Fire:
    """The fire of ``day`` at ``time_of_day`` local time in ``timezone``."""
    hour, minute = time_parts(time_of_day)
    # fold=0: the first of a repeated time; for a skipped time zoneinfo applies the
    # offset before the change, i.e. the briefing comes as much later as the jump.
    local = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(check_timezone(timezone)))
    return Fire(local.astimezone(dt.UTC), day)


def _local_date(instant: dt.datetime, timezone: str) -> dt.date:
    if instant.tzinfo is None:
        raise ValueError("naive datetime: pass an aware time")
    return instant.astimezone(ZoneInfo(timezone)).date()


def next_fire(after: dt.datetime, time_of_day: str, timezone: str) -> Fire:
    """The first fire strictly after ``after``."""
    day = _local_date(after, timezone)
    for offset in range(-1, 3):
        fire = fire_on(day + dt.timedelta(days=offset), time_of_day, timezone)
        if fire.at > after:
            return fire
    raise AssertionError("no fire within three days")  # pragma: no cover - a day always has one


def last_fire(at_or_before: dt.datetime, time_of_day: str, timezone: str) -> Fire:
    """The latest fire at or before ``at_or_before``: the one a run at that time is for."""
    day = _local_date(at_or_before, timezone)
    for offset in range(1, -3, -1):
        fire = fire_on(day + dt.timedelta(days=offset), time_of_day, timezone)
        if fire.at <= at_or_before:
            return fire
    raise AssertionError("no fire within three days")  # pragma: no cover


def fires_between(start: dt.datetime, end: dt.datetime, time_of_day: str, timezone: str) -> list[Fire]:
    """Every fire in ``(start, end]``, oldest first."""
    out: list[Fire] = []
    fire = next_fire(start, time_of_day, timezone)
    while fire.at <= end:
        out.append(fire)
        fire = next_fire(fire.at, time_of_day, timezone)
    return out


def marker(delivery_id: int) -> str:
    """The text in a posted briefing that names its delivery, so a post can be found after a crash."""
    return f"ref D{delivery_id}"


def nonce(delivery_id: int) -> str:
    """The message nonce of a delivery (Discord drops a repeat within a few minutes)."""
    return f"brief-{delivery_id}"


@dataclass(frozen=True)
class DeliveryOut:
    """A delivery row as the scheduler and tests see it."""

    id: int
    subscription_id: int
    local_day: dt.date
    status: str
    claimed_by: str | None
    claimed_at: dt.datetime | None
    sent_at: dt.datetime | None
    message_id: int | None
    since: dt.datetime | None
    until: dt.datetime | None
    attempts: int
    error: str | None


def _out(row: Delivery) -> DeliveryOut:
    return DeliveryOut(
        id=row.id,
        subscription_id=row.subscription_id,
        local_day=row.local_day,
        status=row.status,
        claimed_by=row.claimed_by,
        claimed_at=row.claimed_at,
        sent_at=row.sent_at,
        message_id=row.message_id,
        since=row.since,
        until=row.until,
        attempts=row.attempts,
        error=row.error,
    )


async def watermarks(*, session: AsyncSession, subscription_ids: Iterable[int]) -> dict[int, dt.datetime]:
    """For each subscription, where its last delivered briefing ended (``until`` of the last sent/empty one).

    A skipped day leaves the watermark where it was, so the next briefing covers
    the skipped day too; a subscription that was never delivered but skipped
    starts where its first skipped briefing would have. Subscriptions with no
    delivery at all are absent.
    """
    ids = list(subscription_ids)
    out: dict[int, dt.datetime] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = await session.execute(
            select(Delivery.subscription_id, func.max(Delivery.until))
            .where(Delivery.subscription_id.in_(chunk), Delivery.status.in_(DONE))
            .group_by(Delivery.subscription_id)
        )
        for sub_id, until in rows:
            if until is not None:
                # func.max loses the column type on SQLite: normalise like the column does.
                out[sub_id] = _aware(until)
        # Never delivered, but days were skipped: start where the first skipped day would have.
        missing = [i for i in chunk if i not in out]
        if missing:
            rows = await session.execute(
                select(Delivery.subscription_id, func.min(Delivery.since))
                .where(Delivery.subscription_id.in_(missing), Delivery.since.is_not(None))
                .group_by(Delivery.subscription_id)
            )
            for sub_id, since in rows:
                if since is not None:
                    out[sub_id] = _aware(since)
    return out


def _aware(value: dt.datetime | str) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


async def claim(
    *,
    session: AsyncSession,
    subscription_id: int,
    local_day: dt.date,
    since: dt.datetime | None,
    until: dt.datetime,
    worker: str,
    now: dt.datetime,
    status: str = CLAIMED,
    error: str | None = None,
) -> DeliveryOut | None:
    """Insert the delivery of ``local_day`` in a transaction of its own; None when it already exists.

    Commits: give it a session of its own. ``status`` may be ``skipped`` to record
    a day that will not be sent (only when no process has claimed it).
    """
    row = Delivery(
        subscription_id=subscription_id,
        local_day=local_day,
        status=status,
        claimed_by=worker,
        claimed_at=now,
        since=since,
        until=until,
        attempts=1 if status == CLAIMED else 0,
        error=error,
    )
    session.add(row)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return None
    return _out(row)


async def get_delivery(*, session: AsyncSession, subscription_id: int, local_day: dt.date) -> DeliveryOut | None:
    """The delivery of one subscription and local day, if any."""
    row = await session.scalar(
        select(Delivery).where(Delivery.subscription_id == subscription_id, Delivery.local_day == local_day)
    )
    return _out(row) if row is not None else None


async def deliveries(*, session: AsyncSession, subscription_ids: Sequence[int] | None = None) -> list[DeliveryOut]:
    """Delivery rows, oldest day first (all, or those of some subscriptions)."""
    q = select(Delivery).order_by(Delivery.subscription_id, Delivery.local_day)
    if subscription_ids is not None:
        q = q.where(Delivery.subscription_id.in_(list(subscription_ids)))
    return [_out(r) for r in await session.scalars(q)]


async def stale_claims(*, session: AsyncSession, older_than: dt.datetime) -> list[DeliveryOut]:
    """Claims still open (``claimed``/``sending``) whose holder last touched them before ``older_than``."""
    rows = await session.scalars(
        select(Delivery)
        .where(Delivery.status.in_(OPEN), Delivery.claimed_at < older_than)
        .order_by(Delivery.claimed_at)
    )
    return [_out(r) for r in rows]


Table = type[Delivery] | type[AlertDelivery]


class _Claim(Protocol):
    id: int
    status: str
    attempts: int


async def take_over(
    *, session: AsyncSession, delivery: _Claim, worker: str, now: dt.datetime, table: Table = Delivery
) -> bool:
    """Take a stale claim over; True for exactly one of several processes trying at once. Commits."""
    result = await session.execute(
        update(table)
        .where(
            table.id == delivery.id,
            table.attempts == delivery.attempts,
            table.status == delivery.status,
        )
        .values(claimed_by=worker, claimed_at=now, attempts=table.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    won = result.rowcount == 1
    if won:
        log.info("%s %s (%s) taken over by %s", table.__tablename__, delivery.id, delivery.status, worker)
    return won


async def _transition(
    session: AsyncSession, table: Table, delivery_id: int, worker: str, from_states: Sequence[str], **values: object
) -> bool:
    result = await session.execute(
        update(table)
        .where(table.id == delivery_id, table.claimed_by == worker, table.status.in_(list(from_states)))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    if result.rowcount != 1:
        log.warning(
            "%s %s: %s no longer holds it; not marked %s",
            table.__tablename__, delivery_id, worker, values.get("status"),
        )
        return False
    return True


async def mark_sending(
    *, session: AsyncSession, delivery_id: int, worker: str, now: dt.datetime, table: Table = Delivery
) -> bool:
    """The message is about to be posted (refreshes the claim's age). False when the claim was lost."""
    return await _transition(session, table, delivery_id, worker, OPEN, status=SENDING, claimed_at=now)


async def mark_sent(
    *, session: AsyncSession, delivery_id: int, worker: str, message_id: int, now: dt.datetime,
    table: Table = Delivery,
) -> bool:
    """The message is in the channel."""
    return await _transition(
        session, table, delivery_id, worker, OPEN, status=SENT, message_id=message_id, sent_at=now, error=None
    )


async def mark_done(
    *, session: AsyncSession, delivery_id: int, worker: str, status: str, error: str | None = None,
    table: Table = Delivery,
) -> bool:
    """Close a claim without a message: ``empty``, ``skipped`` or ``failed`` (with the reason)."""
    if status not in (EMPTY, SKIPPED, FAILED):
        raise ValueError(f"not a closing status: {status}")
    return await _transition(session, table, delivery_id, worker, OPEN, status=status, error=error)


async def note_error(
    *, session: AsyncSession, delivery_id: int, worker: str, error: str, table: Table = Delivery
) -> bool:
    """Record a transient failure and leave the claim open for the recovery pass to retry."""
    return await _transition(session, table, delivery_id, worker, OPEN, error=error[:2000])
