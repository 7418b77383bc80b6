"""Alerts: a channel told at once when an ingested article moves the current troop figure.

An alert is a channel of a workspace, optionally with a threshold. When an article
is stored, :func:`watch` (before its facts are stored) and :meth:`Watch.after` (after)
compare the current figure, chosen by :func:`briefings.current.choose_current` as
``/troops`` and the briefings choose it, and record what changed:

* ``level``: the current figure is another number than before (a new level, or a
  confirmation that makes the chooser prefer another figure);
* ``change``: the article reports a withdrawal or deployment that happened (not a
  plan) dated on or after the current figure, first stored by this article;
* ``threshold``: for an alert with a threshold, only the figure crossing it, either
  way, is posted (and neither of the above).

A rejected figure (``review_state`` "rejected") is never a candidate, so it never
makes an alert, and a figure rejected after the alert was recorded is not posted.

Exactly once
    Each change is an ``alert_deliveries`` row per alert, unique per alert and change
    (``event_key``), inserted as ``pending`` in the ingestion's own transaction (so a
    failed ingestion records none). A bot process claims it with a compare-and-set
    (``pending`` -> ``claimed``: one process wins), marks it ``sending`` before the
    post and ``sent`` after, exactly as the daily briefings do
    (:mod:`briefings.schedule`); a claim left by a dead process is taken over, and a
    ``sending`` one is first looked for in the channel by its marker (``ref A<id>``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.answers import sources_for
from briefings.compose import troop_out
from briefings.errors import BadInput, NotFound
from briefings.levels import levels_at
from briefings.models import Alert, AlertDelivery, Article, TroopCountFact, TroopCountSource
from briefings.schedule import CLAIMED, FAILED, OPEN, SENDING, SENT, SKIPPED
from briefings.schemas import SourceRef, TroopFact

log = logging.getLogger(__name__)

PENDING = "pending"
#: Alerts one workspace may have.
MAX_ALERTS = 25
#: Largest threshold accepted (more troops than any deployment the story knows).
MAX_THRESHOLD = 10_000_000


class AlertOut(BaseModel):
    """An alert as admins see it."""

    model_config = ConfigDict(extra="forbid")

    id: int
    workspace: str
    channel_id: int
    country: str
    threshold: int | None = None
    created_by: str | None = None
    created_at: dt.datetime
    #: Posts made so far.
    sent: int = 0


class AlertPost(BaseModel):
    """What one alert post says: the figure (or change), the one before, and the article that moved it."""

    model_config = ConfigDict(extra="forbid")

    delivery_id: int
    alert_id: int
    workspace: str
    channel_id: int
    kind: str
    threshold: int | None = None
    fact: TroopFact
    previous: TroopFact | None = None
    #: The article that moved the figure, with its evidence sentence for it.
    source: SourceRef | None = None


@dataclass(frozen=True)
class AlertDeliveryOut:
    """An alert delivery row as the scheduler and tests see it."""

    id: int
    alert_id: int
    channel_id: int
    workspace: str
    event_key: str
    kind: str
    status: str
    claimed_by: str | None
    claimed_at: dt.datetime | None
    created_at: dt.datetime
    message_id: int | None
    attempts: int
    error: str | None


def marker(delivery_id: int) -> str:
    """The text in a posted alert that names its delivery, so a post can be found after a crash."""
    return f"ref A{delivery_id}"


def nonce(delivery_id: int) -> str:
    """The message nonce of an alert delivery (Discord drops a repeat within a few minutes)."""
    return f"alert-{delivery_id}"


# ------------------------------------------------------------------ admin services


def check_threshold(threshold: int | None) -> int | None:
    """A troop figure between 1 and :data:`MAX_THRESHOLD`, or None; a clear :class:`BadInput` otherwise."""
    if threshold is None:
        return None
    if not 1 <= threshold <= MAX_THRESHOLD:
        raise BadInput(f"the threshold must be a number of troops between 1 and {MAX_THRESHOLD:,}")
    return threshold


def _out(a: Alert, sent: int = 0) -> AlertOut:
    return AlertOut(
        id=a.id, workspace=a.workspace, channel_id=a.channel_id, country=a.country, threshold=a.threshold,
        created_by=a.created_by, created_at=a.created_at, sent=sent,
    )


async def add_alert(
    *,
    session: AsyncSession,
    workspace: str,
    channel_id: int,
    threshold: int | None = None,
    country: str = "Syria",
    created_by: str | None = None,
) -> AlertOut:
    """Alert ``channel_id`` when the figure moves (or, with ``threshold``, when it crosses it).

    A channel has one alert: adding it again changes its threshold.
    """
    threshold = check_threshold(threshold)
    if not isinstance(channel_id, int) or channel_id <= 0:
        raise BadInput("name a channel for the alerts")
    country = " ".join((country or "").split())
    if not country:
        raise BadInput("name a country, e.g. Syria")
    alert = await session.scalar(select(Alert).where(Alert.workspace == workspace, Alert.channel_id == channel_id))
    if alert is None:
        count = await session.scalar(select(func.count()).select_from(Alert).where(Alert.workspace == workspace)) or 0
        if count >= MAX_ALERTS:
            raise BadInput(f"this server already has {count} alerts, the most allowed; remove one first")
        alert = Alert(workspace=workspace, channel_id=channel_id, threshold=threshold, country=country,
                      created_by=created_by)
        session.add(alert)
    else:
        alert.threshold, alert.country = threshold, country
    await session.flush()
    log.info("workspace %s: alert %s for channel %s (threshold %s)", workspace, alert.id, channel_id, threshold)
    return _out(alert)


async def list_alerts(*, session: AsyncSession, workspace: str) -> list[AlertOut]:
    """The workspace's alerts, oldest first, with how many posts each has made."""
    rows = (await session.scalars(select(Alert).where(Alert.workspace == workspace).order_by(Alert.id))).all()
    sent = dict(
        (
            await session.execute(
                select(AlertDelivery.alert_id, func.count())
                .where(AlertDelivery.alert_id.in_([a.id for a in rows]), AlertDelivery.status == SENT)
                .group_by(AlertDelivery.alert_id)
            )
        ).all()
    ) if rows else {}
    return [_out(a, sent.get(a.id, 0)) for a in rows]


async def remove_alert(*, session: AsyncSession, workspace: str, alert_id: int) -> AlertOut:
    """Stop an alert; its delivery history goes with it.

    Raises:
        NotFound: the workspace has no alert with that id.
    """
    alert = await session.scalar(select(Alert).where(Alert.workspace == workspace, Alert.id == alert_id))
    if alert is None:
        raise NotFound(f"no alert with id {alert_id}; /alert list shows them")
    out = _out(alert)
    await session.execute(delete(Alert).where(Alert.id == alert.id))
    log.info("workspace %s: alert %s for channel %s removed", workspace, alert_id, alert.channel_id)
    return out


# ------------------------------------------------------------------ detection (in the ingestion's transaction)


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@dataclass
class Watch:
    """The current figure of each alerted country before an article's facts are stored."""

    workspace: str
    alerts: list[Alert]
    as_of: dt.date
    before: dict[str, TroopCountFact | None]

    async def after(self, *, session: AsyncSession, article: Article) -> list[int]:
        """Record an alert delivery for each alert the article's facts call for; their ids.

        Runs in the ingestion's transaction, after the facts were stored and flushed.
        """
        rows: list[dict] = []
        for country in {a.country for a in self.alerts}:
            before = self.before[country]
            now = (await _figures(session, self.workspace, [country], self.as_of))[country]
            events = _figure_events(before, now)
            changes = await _new_changes(session, article, country, now)
            for alert in (a for a in self.alerts if a.country == country):
                if alert.threshold is None:
                    chosen = [*events, *changes]
                else:
                    chosen = _crossing(before, now, alert.threshold)
                rows += [
                    {"alert_id": alert.id, "event_key": key, "kind": kind, "fact_id": fact.id,
                     "previous_fact_id": prev.id if prev is not None else None, "article_id": article.id,
                     "status": PENDING, "attempts": 0, "created_at": dt.datetime.now(dt.UTC)}
                    for kind, key, fact, prev in chosen
                ]
        if not rows:
            return []
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        # Two ingestions reporting the same change at once record it once.
        stmt = insert(AlertDelivery).values(rows).on_conflict_do_nothing(index_elements=["alert_id", "event_key"])
        await session.execute(stmt)
        keys = [(r["alert_id"], r["event_key"]) for r in rows]
        ids = list(
            await session.scalars(
                select(AlertDelivery.id).where(
                    AlertDelivery.alert_id.in_({k[0] for k in keys}),
                    AlertDelivery.event_key.in_({k[1] for k in keys}),
                    AlertDelivery.article_id == article.id,
                )
            )
        )
        log.info("article %s moved the figure: %d alert(s) to post", article.id, len(ids))
        return ids


Event = tuple[str, str, TroopCountFact, TroopCountFact | None]


def _same(a: TroopCountFact | None, b: TroopCountFact | None) -> bool:
    return a is not None and b is not None and (a.value, a.qualifier) == (b.value, b.qualifier)


def _figure_events(before: TroopCountFact | None, now: TroopCountFact | None) -> list[Event]:
    if now is None or _same(before, now):
        return []
    return [("level", f"level:{now.id}", now, before)]


def _crossing(before: TroopCountFact | None, now: TroopCountFact | None, threshold: int) -> list[Event]:
    if before is None or now is None or (before.value >= threshold) == (now.value >= threshold):
        return []
    return [("threshold", f"cross:{threshold}:{now.id}", now, before)]


async def _new_changes(
    session: AsyncSession, article: Article, country: str, now: TroopCountFact | None
) -> list[Event]:
    """Withdrawals and deployments that happened, first stored by this article, no older than the figure."""
    rows = await session.scalars(
        select(TroopCountFact)
        .join(TroopCountSource, TroopCountSource.fact_id == TroopCountFact.id)
        .where(
            TroopCountSource.article_id == article.id,
            TroopCountFact.kind == "change",
            TroopCountFact.status != "planned",
            TroopCountFact.review_state.is_distinct_from("rejected"),
            func.lower(TroopCountFact.country) == country.casefold(),
            TroopCountFact.first_seen_at >= article.added_at,
        )
        .order_by(TroopCountFact.id)
    )
    floor = now.date_start if now is not None else None
    return [
        ("change", f"change:{f.id}", f, now)
        for f in rows
        if f.date_start is not None and (floor is None or f.date_start >= floor)
    ]


async def _figures(
    session: AsyncSession, workspace: str, countries: Sequence[str], as_of: dt.date
) -> dict[str, TroopCountFact | None]:
    out = {}
    for country in countries:
        found = await levels_at(session=session, workspace=workspace, country=country, moments=[(as_of, None)])
        out[country] = found[(as_of, None)]
    return out


async def watch(*, session: AsyncSession, workspace: str, today: dt.date | None = None) -> Watch | None:
    """Before an article's facts are stored: the figures its alerts compare with; None without alerts."""
    alerts = list((await session.scalars(select(Alert).where(Alert.workspace == workspace))).all())
    if not alerts:
        return None
    as_of = today or _today()
    before = await _figures(session, workspace, sorted({a.country for a in alerts}), as_of)
    return Watch(workspace=workspace, alerts=alerts, as_of=as_of, before=before)


# ------------------------------------------------------------------ delivery (the scheduler's side)


def _delivery_out(d: AlertDelivery, a: Alert) -> AlertDeliveryOut:
    return AlertDeliveryOut(
        id=d.id, alert_id=d.alert_id, channel_id=a.channel_id, workspace=a.workspace, event_key=d.event_key,
        kind=d.kind, status=d.status, claimed_by=d.claimed_by, claimed_at=d.claimed_at, created_at=d.created_at,
        message_id=d.message_id, attempts=d.attempts, error=d.error,
    )


async def _select(session: AsyncSession, *where: object, limit: int | None = None) -> list[AlertDeliveryOut]:
    query = (
        select(AlertDelivery, Alert).join(Alert, Alert.id == AlertDelivery.alert_id).where(*where)
        .order_by(AlertDelivery.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [_delivery_out(d, a) for d, a in (await session.execute(query)).all()]


async def pending(*, session: AsyncSession, limit: int = 100) -> list[AlertDeliveryOut]:
    """Alert deliveries nobody has claimed yet, oldest first."""
    return await _select(session, AlertDelivery.status == PENDING, limit=limit)


async def deliveries(*, session: AsyncSession) -> list[AlertDeliveryOut]:
    """Every alert delivery, oldest first."""
    return await _select(session)


async def stale_claims(*, session: AsyncSession, older_than: dt.datetime) -> list[AlertDeliveryOut]:
    """Claims still open whose holder last touched them before ``older_than``."""
    return await _select(session, AlertDelivery.status.in_(OPEN), AlertDelivery.claimed_at < older_than)


async def claim(*, session: AsyncSession, delivery_id: int, worker: str, now: dt.datetime) -> bool:
    """Claim a pending delivery; True for exactly one of several processes trying at once. Commits."""
    result = await session.execute(
        update(AlertDelivery)
        .where(AlertDelivery.id == delivery_id, AlertDelivery.status == PENDING)
        .values(status=CLAIMED, claimed_by=worker, claimed_at=now, attempts=AlertDelivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return result.rowcount == 1


async def post_for(*, session: AsyncSession, delivery_id: int) -> AlertPost | None:
    """What the delivery's post says, read now; None when its figure was rejected or removed since."""
    row = (
        await session.execute(
            select(AlertDelivery, Alert).join(Alert, Alert.id == AlertDelivery.alert_id)
            .where(AlertDelivery.id == delivery_id)
        )
    ).first()
    if row is None:
        return None
    d, alert = row
    ids = [i for i in (d.fact_id, d.previous_fact_id) if i is not None]
    facts = {f.id: f for f in (await session.scalars(select(TroopCountFact).where(TroopCountFact.id.in_(ids))))}
    fact = facts.get(d.fact_id) if d.fact_id is not None else None
    if fact is None or fact.review_state == "rejected":
        return None
    srcs = await sources_for(session, TroopCountSource, list(facts))
    previous = facts.get(d.previous_fact_id) if d.previous_fact_id is not None else None
    if previous is not None and previous.review_state == "rejected":
        previous = None
    source = next((s for s in srcs[fact.id] if s.article_id == d.article_id), None)
    return AlertPost(
        delivery_id=d.id, alert_id=alert.id, workspace=alert.workspace, channel_id=alert.channel_id, kind=d.kind,
        threshold=alert.threshold, fact=troop_out(fact, srcs[fact.id]),
        previous=troop_out(previous, srcs[previous.id]) if previous is not None else None,
        source=source or (srcs[fact.id][0] if srcs[fact.id] else None),
    )


__all__ = [
    "CLAIMED", "FAILED", "PENDING", "SENDING", "SENT", "SKIPPED", "AlertDeliveryOut", "AlertOut", "AlertPost",
    "Watch", "add_alert", "claim", "deliveries", "list_alerts", "marker", "nonce", "pending", "post_for",
    "remove_alert", "stale_claims", "watch",
]
