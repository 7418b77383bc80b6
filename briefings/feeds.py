"""Follow RSS and Atom feeds: add, list, remove, and poll the due ones.

Polling fetches each due feed with the same safe fetcher as ``/article add``,
and for every item not seen before (by a hash of its guid, unique per feed)
fetches the linked page and ingests it through :func:`briefings.web.ingest_url`.

* Each item is handled once: a :class:`~briefings.models.FeedItem` row records it
  as ``ingested``, ``duplicate`` or ``failed`` (with the error), and an item with a
  row is never fetched again.
* Each item gets its own transaction, holding both its article and its row, so a
  failure part way stores nothing of that item and cannot block the others.
* At most ``feed.max_items`` items are fetched per poll, the newest first; the rest
  stay new and are taken by the next polls, so a feed with a long archive cannot
  flood the store or the sites in one go.
* A feed that cannot be fetched or parsed is retried later and later
  (:func:`backoff`), and is back on its normal interval after one good poll.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import logging
from concurrent.futures import Executor

import httpx
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from briefings.bounds import check_id
from briefings.config import Settings
from briefings.errors import BadInput, BriefbotError, Duplicate, NotFound
from briefings.feeds_parse import FeedItem as ParsedItem
from briefings.feeds_parse import ParsedFeed, parse_feed
from briefings.fetch import Resolver, fetch
from briefings.models import Feed, FeedItem
from briefings.urls import canonical_url
from briefings.web import ingest_url

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_INTERVAL",
    "DEFAULT_MAX_ITEMS",
    "MAX_BACKOFF",
    "FeedInfo",
    "FeedPoll",
    "add_feed",
    "backoff",
    "guid_hash",
    "list_feeds",
    "poll_due_feeds",
    "remove_feed",
]

#: How often a healthy feed is checked.
DEFAULT_INTERVAL = dt.timedelta(minutes=30)
#: The longest wait between checks of a failing feed.
MAX_BACKOFF = dt.timedelta(hours=24)
#: Items fetched per feed and poll, unless the feed says otherwise.
DEFAULT_MAX_ITEMS = 10
#: How many feeds one workspace may follow.
MAX_FEEDS_PER_WORKSPACE = 50
MAX_ERROR_CHARS = 500


class FeedInfo(BaseModel):
    """A followed feed as admins see it."""

    model_config = ConfigDict(extra="forbid")

    id: int
    url: str
    title: str | None
    source: str | None
    added_by: str | None
    added_at: dt.datetime
    last_checked_at: dt.datetime | None
    next_check_at: dt.datetime | None
    error_count: int
    last_error: str | None
    max_items: int
    #: Items handled so far, by outcome: ingested, duplicate, failed.
    items: dict[str, int] = {}


class FeedPoll(BaseModel):
    """What one poll of one feed did."""

    model_config = ConfigDict(extra="forbid")

    feed_id: int
    workspace: str
    title: str | None
    ok: bool
    error: str | None = None
    #: Items in the feed that had not been seen before this poll.
    new_items: int = 0
    ingested: list[int] = []
    duplicates: list[int] = []
    failed: list[str] = []
    #: New items left for the next poll because of the per-feed cap.
    deferred: int = 0
    next_check_at: dt.datetime | None = None


def guid_hash(guid: str) -> str:
    """The key an item is remembered by: guids can be long URLs, the column is fixed width."""
    return hashlib.sha256(guid.encode("utf-8")).hexdigest()


def backoff(error_count: int, interval: dt.timedelta = DEFAULT_INTERVAL) -> dt.timedelta:
    """The wait before checking a feed that failed ``error_count`` times in a row: doubling, at most a day."""
    if error_count <= 0:
        return interval
    # Capped before the power so a feed that failed for months cannot overflow timedelta.
    return min(interval * (2 ** min(error_count, 16)), MAX_BACKOFF)


async def _counts(session: AsyncSession, feed_ids: list[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {i: {} for i in feed_ids}
    if not feed_ids:
        return out
    rows = await session.execute(
        select(FeedItem.feed_id, FeedItem.status, func.count())
        .where(FeedItem.feed_id.in_(feed_ids))
        .group_by(FeedItem.feed_id, FeedItem.status)
    )
    for feed_id, status, n in rows:
        out[feed_id][status] = n
    return out


def _info(feed: Feed, items: dict[str, int] | None = None) -> FeedInfo:
    return FeedInfo(
        id=feed.id,
        url=feed.url,
        title=feed.title,
        source=feed.source,
        added_by=feed.added_by,
        added_at=feed.added_at,
        last_checked_at=feed.last_checked_at,
        next_check_at=feed.next_check_at,
        error_count=feed.error_count or 0,
        last_error=feed.last_error,
        max_items=feed.max_items,
        items=items or {},
    )


async def _parse(body: str, url: str, executor: Executor | None) -> ParsedFeed:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, functools.partial(parse_feed, body, url=url))


async def add_feed(
    *,
    session: AsyncSession,
    workspace: str,
    url: str,
    settings: Settings,
    source: str | None = None,
    added_by: str | None = None,
    max_items: int = DEFAULT_MAX_ITEMS,
    client: httpx.AsyncClient | None = None,
    executor: Executor | None = None,
    resolver: Resolver | None = None,
    now: dt.datetime | None = None,
) -> FeedInfo:
    """Follow the feed at ``url``: it is fetched once to check that it is a feed and to learn its title.

    The feed is due at once, so the next poll ingests its newest items.

    Raises:
        BadInput: not an http(s) URL, not an RSS or Atom feed, or too many feeds.
        Duplicate: the workspace already follows this feed (the message names it).
        FetchRefused, FetchFailed: as for :func:`briefings.fetch.fetch`.
    """
    canonical = canonical_url(url)
    if not 1 <= max_items <= 100:
        raise BadInput("the number of items per check must be between 1 and 100")
    existing = await session.scalar(select(Feed).where(Feed.workspace == workspace, Feed.url_canonical == canonical))
    if existing is not None:
        raise Duplicate(f"this feed is already followed as feed {existing.id} ({existing.title or existing.url})")
    count = await session.scalar(select(func.count()).select_from(Feed).where(Feed.workspace == workspace)) or 0
    if count >= MAX_FEEDS_PER_WORKSPACE:
        raise BadInput(f"this server already follows {count} feeds, the most allowed; remove one first")

    page = await fetch(
        url, client=client, allow_private=settings.allow_private_hosts, resolver=resolver, accept_feeds=True
    )
    try:
        parsed = await _parse(page.text, page.url, executor)
    except BadInput:
        raise BadInput(f"{url} is not an RSS or Atom feed (it is {page.content_type})") from None
    source = " ".join((source or "").split())[:200] or None
    now = now or dt.datetime.now(dt.UTC)
    feed = Feed(
        workspace=workspace,
        url=url.strip(),
        url_canonical=canonical,
        title=(parsed.title or "")[:500] or None,
        source=source,
        added_by=added_by,
        added_at=now,
        next_check_at=now,
        error_count=0,
        max_items=max_items,
    )
    session.add(feed)
    await session.flush()
    log.info("workspace %s follows feed %s: %s (%d items)", workspace, feed.id, url, len(parsed.items))
    return _info(feed)


async def list_feeds(*, session: AsyncSession, workspace: str) -> list[FeedInfo]:
    """The workspace's feeds, oldest first, with how many items each has given."""
    feeds = (await session.scalars(select(Feed).where(Feed.workspace == workspace).order_by(Feed.id))).all()
    counts = await _counts(session, [f.id for f in feeds])
    return [_info(f, counts[f.id]) for f in feeds]


async def remove_feed(*, session: AsyncSession, workspace: str, feed_id: int) -> FeedInfo:
    """Stop following a feed. Articles it brought in stay stored.

    Raises:
        NotFound: the workspace has no feed with that id.
    """
    check_id(feed_id, "feed")
    feed = await session.scalar(select(Feed).where(Feed.workspace == workspace, Feed.id == feed_id))
    if feed is None:
        raise NotFound(f"no feed with id {feed_id}")
    info = _info(feed, (await _counts(session, [feed.id]))[feed.id])
    await session.delete(feed)
    await session.flush()
    log.info("workspace %s stopped following feed %s (%s)", workspace, feed_id, feed.url)
    return info


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def _newest_first(items: list[ParsedItem]) -> list[ParsedItem]:
    # Undated items go after dated ones; among themselves they keep the feed's order (newest first by convention).
    floor = dt.datetime.min.replace(tzinfo=dt.UTC)
    order = {id(item): i for i, item in enumerate(items)}
    return sorted(items, key=lambda item: (-(item.published or floor).timestamp(), order[id(item)]))


async def poll_due_feeds(
    *,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    client: httpx.AsyncClient | None,
    executor: Executor | None,
    now: dt.datetime,
    resolver: Resolver | None = None,
    workspace: str | None = None,
    force: bool = False,
    interval: dt.timedelta = DEFAULT_INTERVAL,
) -> list[FeedPoll]:
    """Poll every feed whose next check is due at ``now``, and ingest its new items.

    Args:
        session_factory: sessions are opened here, one transaction per feed update and per item.
        workspace: only the feeds of this workspace (the command line); all by default (the bot).
        force: poll the selected feeds even if they are not due.
        interval: the wait before the next check of a healthy feed.

    Returns:
        One :class:`FeedPoll` per feed polled. Errors are recorded on the feed and its
        items, never raised: one bad feed or page must not stop the others.
    """
    async with session_factory() as session:
        query = select(Feed.id).order_by(Feed.next_check_at, Feed.id)
        if workspace is not None:
            query = query.where(Feed.workspace == workspace)
        if not force:
            query = query.where(or_(Feed.next_check_at.is_(None), Feed.next_check_at <= now))
        due = list((await session.scalars(query)).all())
    polls: list[FeedPoll] = []
    for feed_id in due:
        try:
            poll = await _poll_feed(
                feed_id,
                session_factory=session_factory,
                settings=settings,
                client=client,
                executor=executor,
                now=now,
                resolver=resolver,
                interval=interval,
            )
        except Exception:
            # A bug or a lost database must not end the schedule; the next run tries again.
            log.exception("polling feed %s failed", feed_id)
            continue
        if poll is not None:
            polls.append(poll)
    return polls


async def _poll_feed(
    feed_id: int,
    *,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    client: httpx.AsyncClient | None,
    executor: Executor | None,
    now: dt.datetime,
    resolver: Resolver | None,
    interval: dt.timedelta,
) -> FeedPoll | None:
    async with session_factory() as session, session.begin():
        feed = await session.get(Feed, feed_id)
        if feed is None:  # removed since the list was read
            return None
        workspace, url, title, source, cap = feed.workspace, feed.url, feed.title, feed.source, feed.max_items
        seen = set((await session.scalars(select(FeedItem.guid_hash).where(FeedItem.feed_id == feed_id))).all())

    try:
        page = await fetch(
            url, client=client, allow_private=settings.allow_private_hosts, resolver=resolver, accept_feeds=True
        )
        parsed = await _parse(page.text, page.url, executor)
    except BriefbotError as error:
        return await _feed_failed(session_factory, feed_id, workspace, title, error, now, interval)

    fresh: list[ParsedItem] = []
    hashes: set[str] = set()
    for item in parsed.items:
        key = guid_hash(item.guid)
        if key not in seen and key not in hashes:
            hashes.add(key)
            fresh.append(item)
    chosen = _newest_first(fresh)[: max(cap, 0)]
    poll = FeedPoll(
        feed_id=feed_id,
        workspace=workspace,
        title=parsed.title or title,
        ok=True,
        new_items=len(fresh),
        deferred=len(fresh) - len(chosen),
    )
    for item in chosen:
        await _take_item(
            item,
            poll,
            session_factory=session_factory,
            settings=settings,
            client=client,
            executor=executor,
            resolver=resolver,
            source=source,
        )

    next_check = now + interval
    async with session_factory() as session, session.begin():
        feed = await session.get(Feed, feed_id)
        if feed is not None:
            feed.title = (parsed.title or feed.title or "")[:500] or None
            feed.last_checked_at = now
            feed.next_check_at = next_check
            feed.error_count = 0
            feed.last_error = None
    log.info(
        "feed %s: %d new, %d ingested, %d duplicates, %d failed, %d left for later",
        feed_id, len(fresh), len(poll.ingested), len(poll.duplicates), len(poll.failed), poll.deferred,
    )  # fmt: skip
    poll.next_check_at = next_check
    return poll


async def _feed_failed(
    session_factory: async_sessionmaker[AsyncSession],
    feed_id: int,
    workspace: str,
    title: str | None,
    error: BriefbotError,
    now: dt.datetime,
    interval: dt.timedelta,
) -> FeedPoll:
    message = _short(error)
    next_check: dt.datetime | None = None
    async with session_factory() as session, session.begin():
        feed = await session.get(Feed, feed_id)
        if feed is not None:
            feed.error_count = (feed.error_count or 0) + 1
            feed.last_error = message
            feed.last_checked_at = now
            next_check = now + backoff(feed.error_count, interval)
            feed.next_check_at = next_check
            log.info("feed %s failed %d time(s): %s; next check %s", feed_id, feed.error_count, message, next_check)
    return FeedPoll(
        feed_id=feed_id, workspace=workspace, title=title, ok=False, error=message, next_check_at=next_check
    )


async def _take_item(
    item: ParsedItem,
    poll: FeedPoll,
    *,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    client: httpx.AsyncClient | None,
    executor: Executor | None,
    resolver: Resolver | None,
    source: str | None,
) -> None:
    """Fetch and ingest one item, recording it, all in one transaction; on failure record only the failure."""
    key = guid_hash(item.guid)
    try:
        if not item.link:
            raise BadInput("the item has no link")
        async with session_factory() as session, session.begin():
            result = await ingest_url(
                session=session,
                workspace=poll.workspace,
                url=item.link,
                source=source,
                added_by=f"feed {poll.feed_id}",
                settings=settings,
                client=client,
                executor=executor,
                resolver=resolver,
                found_by="feed",
                fallback_published=item.published.date() if item.published else None,
            )
            status = "ingested" if result.created else "duplicate"
            session.add(
                FeedItem(
                    feed_id=poll.feed_id,
                    guid_hash=key,
                    guid=item.guid,
                    url=item.link,
                    article_id=result.article_id,
                    status=status,
                )
            )
        (poll.ingested if result.created else poll.duplicates).append(result.article_id)
        return
    except BriefbotError as error:
        message = _short(error)
        log.info("feed %s item %s: %s", poll.feed_id, item.link or item.guid, message)
    except Exception as error:
        # Covers a unique-key race with another poller too: the item's row is then already there.
        log.exception("feed %s item %s failed", poll.feed_id, item.link or item.guid)
        message = f"unexpected error: {type(error).__name__}"
    poll.failed.append(f"{item.link or item.guid}: {message}")
    try:
        async with session_factory() as session, session.begin():
            session.add(
                FeedItem(
                    feed_id=poll.feed_id, guid_hash=key, guid=item.guid, url=item.link, status="failed", error=message
                )
            )
    except Exception:
        log.warning("could not record the failure of feed %s item %s", poll.feed_id, item.guid, exc_info=True)
