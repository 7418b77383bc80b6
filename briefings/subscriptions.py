"""Subscriptions to the daily briefing: a channel, a local time of day and an IANA time zone.

These rows are the source of truth of the schedule: the bot rebuilds its jobs
from them at start and whenever they change, so nothing about the schedule is
kept anywhere else (no pickled job store).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zoneinfo

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.errors import BadInput, NotFound
from briefings.models import Subscription

log = logging.getLogger(__name__)

_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
MAX_ZONE_CHARS = 64


class SubscriptionOut(BaseModel):
    """A subscription as the front ends show it."""

    model_config = ConfigDict(extra="forbid")

    id: int
    workspace: str
    channel_id: int
    time: str
    timezone: str
    paused: bool = False
    paused_reason: str | None = None
    created_by: str | None = None
    created_at: dt.datetime


def check_time(value: str) -> str:
    """``H:MM`` or ``HH:MM`` (24-hour) normalised to ``HH:MM``; a clear :class:`BadInput` otherwise."""
    text = (value or "").strip()
    match = _TIME_RE.match(text)
    if not match:
        raise BadInput(f"{value!r} is not a time of day: write it as HH:MM (24-hour), for example 08:00.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def check_timezone(name: str) -> str:
    """An IANA time zone name such as ``Europe/Berlin``; a clear :class:`BadInput` otherwise."""
    text = (name or "").strip()
    if not text or len(text) > MAX_ZONE_CHARS:
        raise BadInput(f"{name!r} is not a time zone: use a name like Europe/Berlin or America/New_York.")
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise BadInput(f"{name!r} is not a time zone: use a name like Europe/Berlin or America/New_York.") from None
    return text


def _out(sub: Subscription) -> SubscriptionOut:
    return SubscriptionOut(
        id=sub.id,
        workspace=sub.workspace,
        channel_id=sub.channel_id,
        time=sub.time_of_day,
        timezone=sub.timezone,
        paused=bool(sub.paused),
        paused_reason=sub.paused_reason,
        created_by=sub.created_by,
        created_at=sub.created_at,
    )


async def _find(session: AsyncSession, workspace: str, channel_id: int) -> Subscription | None:
    return await session.scalar(
        select(Subscription).where(Subscription.workspace == workspace, Subscription.channel_id == channel_id)
    )


async def subscribe(
    *,
    session: AsyncSession,
    workspace: str,
    channel_id: int,
    time: str,
    timezone: str,
    created_by: str | None = None,
    now: dt.datetime | None = None,
) -> SubscriptionOut:
    """Give ``channel_id`` a daily briefing at ``time`` in ``timezone``.

    Subscribing a channel again changes its time and zone and resumes it if it
    was paused; a channel never has two subscriptions.
    """
    when = check_time(time)
    zone = check_timezone(timezone)
    if not isinstance(channel_id, int) or channel_id <= 0:
        raise BadInput("name a channel for the briefing")
    sub = await _find(session, workspace, channel_id)
    if sub is None:
        sub = Subscription(
            workspace=workspace,
            channel_id=channel_id,
            time_of_day=when,
            timezone=zone,
            paused=False,
            created_by=created_by,
        )
        if now is not None:
            sub.created_at = now
        session.add(sub)
    else:
        sub.time_of_day, sub.timezone = when, zone
        sub.paused, sub.paused_reason = False, None
    await session.flush()
    log.info("workspace %s: channel %s subscribed at %s %s", workspace, channel_id, when, zone)
    return _out(sub)


async def unsubscribe(*, session: AsyncSession, workspace: str, channel_id: int) -> bool:
    """Stop a channel's briefing; False when it had none. Its delivery history goes with it."""
    result = await session.execute(
        delete(Subscription).where(Subscription.workspace == workspace, Subscription.channel_id == channel_id)
    )
    removed = bool(result.rowcount)
    if removed:
        log.info("workspace %s: channel %s unsubscribed", workspace, channel_id)
    return removed


async def list_subscriptions(*, session: AsyncSession, workspace: str) -> list[SubscriptionOut]:
    """The workspace's subscriptions, by time of day."""
    rows = await session.scalars(
        select(Subscription)
        .where(Subscription.workspace == workspace)
        .order_by(Subscription.time_of_day, Subscription.channel_id)
    )
    return [_out(s) for s in rows]


async def get_subscription(*, session: AsyncSession, subscription_id: int) -> SubscriptionOut | None:
    """One subscription by id (any workspace: the scheduler's view), or None when it is gone."""
    sub = await session.get(Subscription, subscription_id)
    return _out(sub) if sub is not None else None


async def active_subscriptions(*, session: AsyncSession) -> list[SubscriptionOut]:
    """Every subscription that is not paused, in all workspaces: what the scheduler runs."""
    rows = await session.scalars(
        select(Subscription).where(Subscription.paused.is_(False)).order_by(Subscription.id)
    )
    return [_out(s) for s in rows]


async def pause(
    *, session: AsyncSession, workspace: str, channel_id: int, reason: str | None = None
) -> SubscriptionOut:
    """Stop sending a channel's briefing without forgetting it (e.g. the channel is gone)."""
    sub = await _find(session, workspace, channel_id)
    if sub is None:
        raise NotFound(f"<#{channel_id}> has no briefing.")
    sub.paused, sub.paused_reason = True, reason
    await session.flush()
    log.warning("workspace %s: briefing of channel %s paused: %s", workspace, channel_id, reason or "by request")
    return _out(sub)


async def resume(*, session: AsyncSession, workspace: str, channel_id: int) -> SubscriptionOut:
    """Send a paused channel's briefing again from its next time of day."""
    sub = await _find(session, workspace, channel_id)
    if sub is None:
        raise NotFound(f"<#{channel_id}> has no briefing.")
    sub.paused, sub.paused_reason = False, None
    await session.flush()
    log.info("workspace %s: briefing of channel %s resumed", workspace, channel_id)
    return _out(sub)
