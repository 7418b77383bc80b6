"""The daily briefing schedule: APScheduler jobs rebuilt from our tables, delivered exactly once.

:class:`BriefingScheduler` is started from the bot's ``setup_hook``. Our
``subscriptions`` table is the source of truth: at start (and every minute, to
pick up ``/subscribe`` and ``/unsubscribe`` from any process) one ``CronTrigger``
job per active subscription is added at its local time in its IANA zone. Jobs
live in APScheduler's memory store only; nothing is pickled.

Job options, chosen deliberately:

* ``misfire_grace_time`` = ``settings.briefing_grace_hours``: a run delayed while
  the process is alive (a blocked loop, a suspended host) is still made when it
  is less late than the grace, like a run missed while the bot was down.
* ``coalesce=True``: several missed runs of one job become one run; a briefing
  covers everything since the previous one anyway.
* ``max_instances=1``: a slow delivery is never run twice at once by one process.

At start, :meth:`BriefingScheduler.catch_up` looks at each subscription's latest
due fire: one less than the grace late is sent now; one later is recorded as
``skipped`` and logged (the next briefing then covers the skipped day too).
Exactly-once and crash recovery are described in :mod:`briefings.schedule`.

The same scheduler posts the alerts (:mod:`briefings.alerts`): every
``alert_seconds`` (and at once when this process stored an article, see
:meth:`BriefingScheduler.nudge_alerts`) it claims the pending alert deliveries and
posts them through the same sending path, and its recovery pass takes over stale
alert claims as it does briefings'.

Sending goes through a :class:`Sender`; :class:`DiscordSender` is discord.py's.
discord.py already waits out 429s and retries 500/502/504 a few times; what it
gives up on is retried here with exponential backoff in the delivery's own task,
so one slow channel never holds up the others. A :class:`Pacer` spaces all
posts to stay well inside Discord's global rate limit. A deleted channel (404)
or a missing permission (403) pauses the subscription and tells the guild.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

import aiohttp
import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import limits
from bot.render.alert import alert_embed
from bot.render.briefing import briefing_embeds
from briefings import alerts, schedule, subscriptions
from briefings.compose import Briefing, compose_briefing
from briefings.models import AlertDelivery
from briefings.subscriptions import SubscriptionOut

if TYPE_CHECKING:
    from bot.app import BriefBot

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
Sleep = Callable[[float], Awaitable[None]]

#: Deliveries tried this many times (takeovers included) are given up as failed.
MAX_ATTEMPTS = 5


# ------------------------------------------------------------------ sending


class SendError(Exception):
    """A message could not be posted and retrying will not help."""


class ChannelGone(SendError):
    """The channel no longer exists (404 Unknown Channel)."""


class NoAccess(SendError):
    """The bot may not view or post in the channel (403)."""


class TemporaryFailure(Exception):
    """A 5xx, a rate limit or a network error: worth retrying, after ``retry_after`` seconds if given."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LeftForLater(Exception):
    """Sending kept failing for a while: the claim stays open for the recovery pass."""


class Sender(Protocol):
    """Where briefings and alerts go. Raises :class:`SendError` subclasses or :class:`TemporaryFailure`."""

    async def send(self, channel_id: int, embeds: Sequence[discord.Embed], *, nonce: str) -> int:
        """Post one message of ``embeds`` in the channel; return the message id."""
        ...

    async def find_sent(self, channel_id: int, marker: str, *, after: dt.datetime) -> int | None:
        """The id of our message posted after ``after`` that carries ``marker``, or None."""
        ...

    async def tell_guild(self, workspace: str, text: str) -> bool:
        """Tell the guild's admins something (system channel); False when that is not possible."""
        ...


class DiscordSender:
    """A :class:`Sender` over a logged-in discord.py client (REST only: no gateway cache is needed)."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def send(self, channel_id: int, embeds: Sequence[discord.Embed], *, nonce: str) -> int:
        """Post through discord.py, mapping its errors to the scheduler's."""
        limits.check_message(embeds=embeds)
        channel = self.client.get_partial_messageable(channel_id)
        try:
            message = await channel.send(embeds=list(embeds), nonce=nonce)
        except discord.NotFound as exc:
            raise ChannelGone(f"the channel is gone ({exc.status} {exc.text or 'Unknown Channel'})") from exc
        except discord.Forbidden as exc:
            raise NoAccess(f"no permission to post there ({exc.status} {exc.text or 'Missing Access'})") from exc
        except discord.RateLimited as exc:
            raise TemporaryFailure(f"rate limited for {exc.retry_after:.1f} s", exc.retry_after) from exc
        except discord.DiscordServerError as exc:
            raise TemporaryFailure(f"Discord error {exc.status}") from exc
        except discord.HTTPException as exc:
            if exc.status >= 500 or exc.status == 429:
                raise TemporaryFailure(f"Discord error {exc.status}") from exc
            raise SendError(f"Discord refused the message ({exc.status} {exc.text})") from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise TemporaryFailure(f"network error: {type(exc).__name__}: {exc}") from exc
        return message.id

    async def find_sent(self, channel_id: int, marker: str, *, after: dt.datetime) -> int | None:
        """Search our recent messages in the channel for ``marker`` (footer or content)."""
        me = self.client.user.id if self.client.user else None
        channel = self.client.get_partial_messageable(channel_id)
        since = discord.Object(id=discord.utils.time_snowflake(after - dt.timedelta(minutes=1)))
        try:
            async for msg in channel.history(limit=200, after=since):
                if me is not None and msg.author.id != me:
                    continue
                texts = [msg.content or ""] + [e.footer.text or "" for e in msg.embeds if e.footer]
                if any(marker in t for t in texts):
                    return msg.id
        except discord.NotFound as exc:
            raise ChannelGone("the channel is gone") from exc
        except discord.HTTPException as exc:
            # Without Read Message History the post cannot be verified; the caller decides.
            raise TemporaryFailure(f"cannot read the channel's history ({exc.status})") from exc
        return None

    async def tell_guild(self, workspace: str, text: str) -> bool:
        """Post ``text`` in the guild's system channel."""
        try:
            guild_id = int(workspace)
        except ValueError:
            return False
        channel_id: int | None = None
        guild = self.client.get_guild(guild_id)
        if guild is not None and guild.system_channel is not None:
            channel_id = guild.system_channel.id
        else:
            try:
                data: Any = await self.client.http.get_guild(guild_id)
            except (discord.HTTPException, aiohttp.ClientError, OSError):
                return False
            raw = data.get("system_channel_id")
            channel_id = int(raw) if raw else None
        if channel_id is None:
            return False
        try:
            limits.check_message(content=text)
            await self.client.get_partial_messageable(channel_id).send(content=text)
        except (discord.HTTPException, aiohttp.ClientError, OSError):
            return False
        return True


class Pacer:
    """At most ``concurrency`` posts in flight, started at most ``per_second`` a second in all."""

    def __init__(self, per_second: float = 25.0, concurrency: int = 10) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self._slots = asyncio.Semaphore(concurrency)
        self._lock = asyncio.Lock()
        self._next = 0.0

    async def __aenter__(self) -> None:
        await self._slots.acquire()
        async with self._lock:
            now = time.monotonic()
            wait = self._next - now
            self._next = max(now, self._next) + self.interval
        if wait > 0:
            await asyncio.sleep(wait)

    async def __aexit__(self, *exc: object) -> None:
        self._slots.release()


# ------------------------------------------------------------------ the scheduler


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def nudge_alerts(bot: BriefBot) -> None:
    """Facts were just stored: post the alerts they call for now rather than at the next dispatch."""
    sched: BriefingScheduler | None = getattr(bot, "briefings", None)
    if sched is not None:
        sched.nudge_alerts()


def clock_of(bot: BriefBot) -> Clock:
    """The clock the bot's scheduler runs on (a test's clock in tests), so a preview is dated like a post."""
    sched: BriefingScheduler | None = getattr(bot, "briefings", None)
    return sched.clock if sched is not None else _utcnow


def default_worker() -> str:
    """A name for this process in ``deliveries.claimed_by``: host, pid and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def trigger_for(sub: SubscriptionOut) -> CronTrigger:
    """The daily trigger of a subscription: its local time in its zone (DST handled by the zone)."""
    hour, minute = schedule.time_parts(sub.time)
    return CronTrigger(hour=hour, minute=minute, timezone=sub.timezone)


class BriefingScheduler:
    """Runs the daily briefings of every subscription in the store (see the module docstring)."""

    def __init__(
        self,
        *,
        session_factory: async_sessionmaker[AsyncSession],
        sender: Sender,
        grace: dt.timedelta = dt.timedelta(hours=6),
        clock: Clock = _utcnow,
        sleep: Sleep = asyncio.sleep,
        worker: str | None = None,
        claim_timeout: dt.timedelta = dt.timedelta(minutes=10),
        retries: int = 4,
        backoff: float = 2.0,
        pacer: Pacer | None = None,
        country: str = "Syria",
        use_apscheduler: bool = True,
        refresh_seconds: float = 60.0,
        alert_seconds: float = 15.0,
    ) -> None:
        self.session_factory = session_factory
        self.sender = sender
        self.grace = grace
        self.clock = clock
        self.sleep = sleep
        self.worker = worker or default_worker()
        self.claim_timeout = claim_timeout
        self.retries = retries
        self.backoff = backoff
        self.pacer = pacer or Pacer()
        self.country = country
        self.use_apscheduler = use_apscheduler
        self.refresh_seconds = refresh_seconds
        self.alert_seconds = alert_seconds
        self.scheduler: AsyncIOScheduler | None = None
        self._jobs: dict[int, tuple[str, str]] = {}
        self._tasks: set[asyncio.Task] = set()
        self._compositions: dict[tuple, tuple[float, asyncio.Task[Briefing]]] = {}
        self.started = False

    @classmethod
    def for_bot(cls, bot: BriefBot, **options: Any) -> BriefingScheduler:
        """A scheduler posting through ``bot`` on its store, with the grace from its settings."""
        if bot.session_factory is None:
            raise RuntimeError("the bot has no store")
        options.setdefault("grace", dt.timedelta(hours=bot.settings.briefing_grace_hours))
        return cls(session_factory=bot.session_factory, sender=DiscordSender(bot), **options)

    # ---------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Build the jobs from the store, then catch up and recover in the background."""
        if self.started:
            return
        self.started = True
        if self.use_apscheduler:
            grace_s = max(1, int(self.grace.total_seconds()))
            self.scheduler = AsyncIOScheduler(
                timezone=dt.UTC,
                job_defaults={"misfire_grace_time": grace_s, "coalesce": True, "max_instances": 1},
            )
            self.scheduler.start()
            await self.sync_jobs()
            jobs = (
                ("briefings-refresh", self.sync_jobs, self.refresh_seconds),
                ("briefings-recover", self.recover, self.refresh_seconds),
                ("alerts-dispatch", self.dispatch_alerts, self.alert_seconds),
            )
            for name, func, every in jobs:
                self.scheduler.add_job(
                    func, "interval", seconds=every, id=name, replace_existing=True,
                    misfire_grace_time=max(1, int(every)), coalesce=True, max_instances=1,
                )
        self.spawn(self.catch_up(), name="briefings-catch-up")
        log.info("briefing scheduler started as %s", self.worker)

    async def stop(self) -> None:
        """Stop firing; wait briefly for deliveries in flight, then cancel the rest."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            _done, still = await asyncio.wait(pending, timeout=5)
            for task in still:
                task.cancel()
            await asyncio.gather(*still, return_exceptions=True)
        self.started = False

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str | None = None) -> asyncio.Task:
        """Run ``coro`` as a tracked task whose failure is logged."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)

        def done(t: asyncio.Task) -> None:
            self._tasks.discard(t)
            if not t.cancelled() and t.exception() is not None:
                log.error("briefing task %s failed", t.get_name(), exc_info=t.exception())

        task.add_done_callback(done)
        return task

    async def wait_idle(self, limit_s: float = 30.0) -> None:
        """Wait until no delivery, catch-up or recovery task is running."""
        deadline = time.monotonic() + limit_s
        while True:
            pending = [t for t in self._tasks if not t.done()]
            if not pending:
                return
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"briefing tasks still running: {pending}")
            await asyncio.wait(pending, timeout=left)

    # ---------------------------------------------------------- jobs

    async def sync_jobs(self) -> None:
        """Make the jobs match the active subscriptions: add new, move changed, drop removed or paused."""
        if self.scheduler is None:
            return
        async with self.session_factory() as session:
            subs = await subscriptions.active_subscriptions(session=session)
        wanted = {s.id: s for s in subs}
        for sub_id in list(self._jobs):
            if sub_id not in wanted:
                if self.scheduler.get_job(f"briefing-{sub_id}") is not None:
                    self.scheduler.remove_job(f"briefing-{sub_id}")
                del self._jobs[sub_id]
        for sub in subs:
            spec = (sub.time, sub.timezone)
            if self._jobs.get(sub.id) == spec:
                continue
            self.scheduler.add_job(
                self.run_job, trigger_for(sub), args=[sub.id], id=f"briefing-{sub.id}", replace_existing=True,
                name=f"briefing of channel {sub.channel_id} at {sub.time} {sub.timezone}",
            )
            self._jobs[sub.id] = spec

    async def run_job(self, subscription_id: int) -> None:
        """What a subscription's cron job runs: its delivery, in a task of its own."""
        self.spawn(self.deliver(subscription_id), name=f"briefing-{subscription_id}")

    async def catch_up(self) -> None:
        """At start: send (or skip) each subscription's latest due briefing and the pending alerts,
        then recover stale claims."""
        async with self.session_factory() as session:
            subs = await subscriptions.active_subscriptions(session=session)
        results = await asyncio.gather(*(self.deliver(s.id) for s in subs), return_exceptions=True)
        for sub, res in zip(subs, results, strict=True):
            if isinstance(res, BaseException):
                log.error("catch-up of subscription %s failed", sub.id, exc_info=res)
        await self.dispatch_alerts()
        await self.recover()

    # ---------------------------------------------------------- one delivery

    async def deliver(self, subscription_id: int) -> str:
        """Deliver the subscription's latest due briefing unless it is done, taken, or too late.

        Returns what happened: sent, empty, skipped, failed, retry, taken, not-due or gone.
        """
        now = self.clock()
        async with self.session_factory() as session:
            sub = await subscriptions.get_subscription(session=session, subscription_id=subscription_id)
        if sub is None or sub.paused:
            return "gone"
        fire = schedule.last_fire(now, sub.time, sub.timezone)
        if fire.at < sub.created_at:
            return "not-due"
        late = now - fire.at
        async with self.session_factory() as session:
            if await schedule.get_delivery(session=session, subscription_id=sub.id, local_day=fire.local_day):
                return "taken"
            marks = await schedule.watermarks(session=session, subscription_ids=[sub.id])
        # No briefing delivered yet: the first is the state of the story (since=None).
        since = marks.get(sub.id)
        if late > self.grace:
            async with self.session_factory() as session:
                row = await schedule.claim(
                    session=session, subscription_id=sub.id, local_day=fire.local_day, since=since, until=fire.at,
                    worker=self.worker, now=now, status=schedule.SKIPPED,
                    error=f"{_hours(late)} late, more than the grace of {_hours(self.grace)}",
                )
            if row is None:
                return "taken"
            log.warning(
                "briefing of channel %s for %s skipped: %s late, more than the grace of %s",
                sub.channel_id, fire.local_day, _hours(late), _hours(self.grace),
            )
            return "skipped"
        async with self.session_factory() as session:
            claimed = await schedule.claim(
                session=session, subscription_id=sub.id, local_day=fire.local_day, since=since, until=fire.at,
                worker=self.worker, now=now,
            )
        if claimed is None:
            return "taken"
        return await self._compose_and_send(sub, claimed)

    async def recover(self) -> None:
        """Take over claims (briefings and alerts) left open by a process that died, and finish them."""
        now = self.clock()
        async with self.session_factory() as session:
            stale = await schedule.stale_claims(session=session, older_than=now - self.claim_timeout)
            stale_alerts = await alerts.stale_claims(session=session, older_than=now - self.claim_timeout)
        if stale or stale_alerts:
            await asyncio.gather(
                *(self._recover_one(d) for d in stale), *(self._recover_alert(a) for a in stale_alerts),
                return_exceptions=True,
            )

    async def _recover_one(self, d: schedule.DeliveryOut) -> str:
        now = self.clock()
        async with self.session_factory() as session:
            if not await schedule.take_over(session=session, delivery=d, worker=self.worker, now=now):
                return "taken"
        mine = replace(d, claimed_by=self.worker, claimed_at=now, attempts=d.attempts + 1)
        async with self.session_factory() as session:
            sub = await subscriptions.get_subscription(session=session, subscription_id=d.subscription_id)
        if sub is None or sub.paused:
            await self._close(mine, schedule.SKIPPED, "the subscription was paused")
            return "skipped"
        if d.status == schedule.SENDING:
            # The post may have reached Discord before the crash: look for it before posting again.
            try:
                found = await self.sender.find_sent(sub.channel_id, schedule.marker(d.id), after=d.claimed_at or now)
            except (ChannelGone, NoAccess) as exc:
                return await self._unreachable(sub, mine, exc)
            except TemporaryFailure as exc:
                log.warning("delivery %s: could not check for an earlier post (%s); posting", d.id, exc)
                found = None
            if found is not None:
                async with self.session_factory() as session:
                    await schedule.mark_sent(
                        session=session, delivery_id=d.id, worker=self.worker, message_id=found, now=now
                    )
                log.info("delivery %s had been posted before the crash (message %s)", d.id, found)
                return "sent"
        fire = schedule.fire_on(d.local_day, sub.time, sub.timezone)
        late = now - fire.at
        if late > self.grace:
            log.warning(
                "briefing of channel %s for %s skipped after recovery: %s late, more than the grace of %s",
                sub.channel_id, d.local_day, _hours(late), _hours(self.grace),
            )
            await self._close(mine, schedule.SKIPPED, f"{_hours(late)} late after a crash")
            return "skipped"
        if mine.attempts > MAX_ATTEMPTS:
            await self._close(mine, schedule.FAILED, f"gave up after {d.attempts} attempts: {d.error}")
            return "failed"
        return await self._compose_and_send(sub, mine)

    async def _compose_and_send(self, sub: SubscriptionOut, d: schedule.DeliveryOut) -> str:
        briefing = await self.compose(sub.workspace, d.since, d.until or self.clock())
        if briefing.is_empty:
            await self._close(d, schedule.EMPTY, None)
            log.info("nothing new for channel %s on %s: no post", sub.channel_id, d.local_day)
            return "empty"
        embeds = briefing_embeds(
            briefing, timezone=sub.timezone, local_day=d.local_day, marker=schedule.marker(d.id)
        )
        async with self.session_factory() as session:
            if not await schedule.mark_sending(session=session, delivery_id=d.id, worker=self.worker, now=self.clock()):
                return "taken"
        try:
            message_id = await self._post(sub.channel_id, embeds, nonce=schedule.nonce(d.id))
        except (ChannelGone, NoAccess) as exc:
            return await self._unreachable(sub, d, exc)
        except SendError as exc:
            await self._close(d, schedule.FAILED, str(exc))
            log.error("briefing of channel %s for %s failed: %s", sub.channel_id, d.local_day, exc)
            return "failed"
        except LeftForLater as exc:
            async with self.session_factory() as session:
                await schedule.note_error(session=session, delivery_id=d.id, worker=self.worker, error=str(exc))
            log.warning("briefing of channel %s for %s: %s; left for a later retry", sub.channel_id, d.local_day, exc)
            return "retry"
        async with self.session_factory() as session:
            await schedule.mark_sent(
                session=session, delivery_id=d.id, worker=self.worker, message_id=message_id, now=self.clock()
            )
        log.info("briefing posted in channel %s for %s (message %s)", sub.channel_id, d.local_day, message_id)
        return "sent"

    async def _post(self, channel_id: int, embeds: Sequence[discord.Embed], *, nonce: str) -> int:
        """Post one message, retrying temporary failures with backoff; the message id.

        Raises :class:`SendError` (and subclasses) when retrying cannot help, and
        :class:`LeftForLater` when it kept failing: it gives up well before another
        process may take the claim over, and leaves it to the recovery pass.
        """
        deadline = time.monotonic() + self.claim_timeout.total_seconds() / 2
        attempt = 0
        while True:
            try:
                async with self.pacer:
                    return await self.sender.send(channel_id, embeds, nonce=nonce)
            except TemporaryFailure as exc:
                attempt += 1
                delay = max(exc.retry_after or 0.0, self.backoff * 2 ** (attempt - 1))
                if attempt > self.retries or time.monotonic() + delay > deadline:
                    raise LeftForLater(str(exc)) from exc
                log.info("post in channel %s: %s; retrying in %.1f s", channel_id, exc, delay)
                await self.sleep(delay)

    async def _unreachable(self, sub: SubscriptionOut, d: schedule.DeliveryOut, exc: SendError) -> str:
        reason = str(exc)
        await self._close(d, schedule.FAILED, reason)
        async with self.session_factory() as session:
            await subscriptions.pause(
                session=session, workspace=sub.workspace, channel_id=sub.channel_id, reason=reason
            )
            await session.commit()
        text = (
            f"The daily briefing for <#{sub.channel_id}> is paused: {reason}. "
            "An admin can start it again with /subscribe in a channel I can post in."
        )
        if not await self.sender.tell_guild(sub.workspace, text):
            log.warning("could not tell workspace %s that channel %s's briefing is paused", sub.workspace,
                        sub.channel_id)
        return "failed"

    async def _close(self, d: schedule.DeliveryOut, status: str, error: str | None) -> None:
        async with self.session_factory() as session:
            await schedule.mark_done(session=session, delivery_id=d.id, worker=self.worker, status=status, error=error)

    # ---------------------------------------------------------- alerts

    def nudge_alerts(self) -> None:
        """Post pending alerts now (after this process stored an article), not at the next dispatch."""
        if self.started:
            self.spawn(self.dispatch_alerts(), name="alerts-nudge")

    async def dispatch_alerts(self) -> None:
        """Claim every pending alert delivery (one process wins each) and post it."""
        async with self.session_factory() as session:
            waiting = await alerts.pending(session=session)
        if waiting:
            results = await asyncio.gather(*(self._claim_alert(d) for d in waiting), return_exceptions=True)
            for d, res in zip(waiting, results, strict=True):
                if isinstance(res, BaseException):
                    log.error("alert delivery %s failed", d.id, exc_info=res)

    async def _claim_alert(self, d: alerts.AlertDeliveryOut) -> str:
        async with self.session_factory() as session:
            if not await alerts.claim(session=session, delivery_id=d.id, worker=self.worker, now=self.clock()):
                return "taken"
        return await self._send_alert(d)

    async def _recover_alert(self, d: alerts.AlertDeliveryOut) -> str:
        now = self.clock()
        async with self.session_factory() as session:
            if not await schedule.take_over(session=session, delivery=d, worker=self.worker, now=now,
                                            table=AlertDelivery):
                return "taken"
        if d.status == schedule.SENDING:
            try:
                found = await self.sender.find_sent(d.channel_id, alerts.marker(d.id), after=d.claimed_at or now)
            except SendError as exc:
                await self._close_alert(d, schedule.FAILED, str(exc))
                return "failed"
            except TemporaryFailure as exc:
                log.warning("alert %s: could not check for an earlier post (%s); posting", d.id, exc)
                found = None
            if found is not None:
                async with self.session_factory() as session:
                    await schedule.mark_sent(session=session, delivery_id=d.id, worker=self.worker, message_id=found,
                                             now=now, table=AlertDelivery)
                log.info("alert %s had been posted before the crash (message %s)", d.id, found)
                return "sent"
        if now - d.created_at > self.grace:
            await self._close_alert(d, schedule.SKIPPED, f"{_hours(now - d.created_at)} old after a crash")
            return "skipped"
        if d.attempts + 1 > MAX_ATTEMPTS:
            await self._close_alert(d, schedule.FAILED, f"gave up after {d.attempts} attempts: {d.error}")
            return "failed"
        return await self._send_alert(d)

    async def _send_alert(self, d: alerts.AlertDeliveryOut) -> str:
        """Post a claimed alert delivery; a figure rejected or removed since it was recorded posts nothing."""
        async with self.session_factory() as session:
            post = await alerts.post_for(session=session, delivery_id=d.id)
        if post is None:
            await self._close_alert(d, schedule.SKIPPED, "the figure was rejected or removed before it was posted")
            log.info("alert %s not posted: its figure was rejected or removed", d.id)
            return "skipped"
        embeds = [alert_embed(post, marker=alerts.marker(d.id))]
        async with self.session_factory() as session:
            if not await schedule.mark_sending(session=session, delivery_id=d.id, worker=self.worker, now=self.clock(),
                                               table=AlertDelivery):
                return "taken"
        try:
            message_id = await self._post(d.channel_id, embeds, nonce=alerts.nonce(d.id))
        except SendError as exc:
            await self._close_alert(d, schedule.FAILED, str(exc))
            text = (f"An alert for <#{d.channel_id}> could not be posted: {exc}. Give me access to the channel, "
                    "or stop the alert with /alert remove.")
            if not await self.sender.tell_guild(d.workspace, text):
                log.warning("alert %s failed (%s) and workspace %s could not be told", d.id, exc, d.workspace)
            return "failed"
        except LeftForLater as exc:
            async with self.session_factory() as session:
                await schedule.note_error(session=session, delivery_id=d.id, worker=self.worker, error=str(exc),
                                          table=AlertDelivery)
            return "retry"
        async with self.session_factory() as session:
            await schedule.mark_sent(session=session, delivery_id=d.id, worker=self.worker, message_id=message_id,
                                     now=self.clock(), table=AlertDelivery)
        log.info("alert %s posted in channel %s (message %s)", d.id, d.channel_id, message_id)
        return "sent"

    async def _close_alert(self, d: alerts.AlertDeliveryOut, status: str, error: str | None) -> None:
        async with self.session_factory() as session:
            await schedule.mark_done(session=session, delivery_id=d.id, worker=self.worker, status=status, error=error,
                                     table=AlertDelivery)

    # ---------------------------------------------------------- composition

    async def compose(self, workspace: str, since: dt.datetime | None, until: dt.datetime) -> Briefing:
        """The briefing for a window, composed once for every subscription that asks within a few minutes."""
        if since is not None and since >= until:
            return Briefing(workspace=workspace, country=self.country, since=None, until=until)
        key = (workspace, since, until)
        now = time.monotonic()
        for old in [k for k, (t, _) in self._compositions.items() if now - t > 300]:
            del self._compositions[old]
        hit = self._compositions.get(key)
        if hit is None:

            async def work() -> Briefing:
                async with self.session_factory() as session:
                    return await compose_briefing(
                        session=session, workspace=workspace, since=since, until=until, country=self.country
                    )

            hit = (now, asyncio.ensure_future(work()))
            self._compositions[key] = hit
        try:
            return await asyncio.shield(hit[1])
        except Exception:
            self._compositions.pop(key, None)
            raise


def _hours(delta: dt.timedelta) -> str:
    return f"{delta.total_seconds() / 3600:.1f} h"


async def attach_scheduler(bot: BriefBot) -> BriefingScheduler | None:
    """Start the bot's briefing scheduler (``bot.briefings``, made here unless a test set one)."""
    if bot.session_factory is None:
        return None
    sched: BriefingScheduler | None = getattr(bot, "briefings", None)
    if sched is None:
        sched = BriefingScheduler.for_bot(bot)
        bot.briefings = sched  # type: ignore[attr-defined]
    await sched.start()
    return sched


async def detach_scheduler(bot: BriefBot) -> None:
    """Stop the bot's briefing scheduler if it runs."""
    sched: BriefingScheduler | None = getattr(bot, "briefings", None)
    if sched is not None and sched.started:
        await sched.stop()
