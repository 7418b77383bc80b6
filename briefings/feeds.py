"""Follow RSS and Atom feeds: add, edit, pause, resume, list, remove, and poll the due ones.

Polling fetches each due feed with the same safe fetcher as ``/article add``,
and for every item not seen before (by a hash of its guid, unique per feed)
fetches the linked page and ingests it through :func:`briefings.web.ingest_url`.

* Each item is handled once: a :class:`~briefings.models.FeedItem` row records it
  as ``ingested``, ``off_topic`` (stored, its facts unused: see :mod:`briefings.topic`),
  ``duplicate``, ``filtered`` (by the feed's keywords) or ``failed`` (with the error).
* A failed item is tried again later and later (:func:`backoff`), at most
  :data:`MAX_ITEM_ATTEMPTS` times in all; every other item is never fetched again.
* Keywords (comma-separated, MonitoRSS-style): an item matching an ``exclude``
  keyword, or none of the ``include`` keywords when there are some, is left out. A
  keyword matches a word that starts with it, case aside ("troop" matches "Troops"),
  in the item's title or the article's text; an exclude keyword in the title spares
  the fetch.
* Conditional requests: the feed's ``ETag`` and ``Last-Modified`` are sent back as
  ``If-None-Match`` and ``If-Modified-Since``; a ``304 Not Modified`` stores nothing
  and is not an error. They are kept only after a poll that left no new item for later.
* A paused feed is not checked until it is resumed.
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
import re
from concurrent.futures import Executor
from dataclasses import dataclass

import httpx
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from briefings.bounds import check_id
from briefings.config import Settings
from briefings.errors import BadInput, BriefbotError, Duplicate, Filtered, NotFound
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
    "MAX_ITEM_ATTEMPTS",
    "FeedInfo",
    "FeedPoll",
    "add_feed",
    "backoff",
    "edit_feed",
    "guid_hash",
    "keyword_problem",
    "list_feeds",
    "parse_keywords",
    "pause_feed",
    "poll_due_feeds",
    "remove_feed",
    "resume_feed",
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
#: A failed item is tried this many times in all (the first try included) before it is given up.
MAX_ITEM_ATTEMPTS = 5
MAX_KEYWORDS = 20
MAX_KEYWORD_CHARS = 60
#: What clears a keyword list in ``/feed edit`` (a Discord option cannot be empty).
CLEAR = ("-", "none")


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
    paused: bool = False
    include: list[str] = []
    exclude: list[str] = []
    #: Items handled so far, by outcome: ingested, off_topic, duplicate, filtered, failed.
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
    #: Articles stored as off-topic (kept, their facts unused).
    off_topic: list[int] = []
    duplicates: list[int] = []
    #: Items the feed's keywords left out, with the reason.
    filtered: list[str] = []
    failed: list[str] = []
    #: Failed items of earlier polls tried again in this one.
    retried: int = 0
    #: New items left for the next poll because of the per-feed cap.
    deferred: int = 0
    #: The server answered 304 Not Modified to the validators sent.
    not_modified: bool = False
    next_check_at: dt.datetime | None = None


def guid_hash(guid: str) -> str:
    """The key an item is remembered by: guids can be long URLs, the column is fixed width."""
    return hashlib.sha256(guid.encode("utf-8")).hexdigest()


def parse_keywords(text: str | None) -> list[str]:
    """``"Syria, troops , Pentagon"`` -> ``["Syria", "troops", "Pentagon"]``; ``-`` or ``none`` -> ``[]``.

    Raises:
        BadInput: too many keywords, or one too long.
    """
    if text is None or text.strip().casefold() in CLEAR:
        return []
    words = list(dict.fromkeys(w for w in (" ".join(part.split()) for part in text.split(",")) if w))
    if len(words) > MAX_KEYWORDS:
        raise BadInput(f"give at most {MAX_KEYWORDS} keywords (there are {len(words)})")
    long = next((w for w in words if len(w) > MAX_KEYWORD_CHARS), None)
    if long is not None:
        raise BadInput(f"the keyword {long[:40]!r}... is longer than {MAX_KEYWORD_CHARS} characters")
    return words


def _stored(words: list[str]) -> str | None:
    return ", ".join(words) or None


def _matching(keywords: list[str], text: str) -> str | None:
    for word in keywords:
        # At the start of a word, case aside: "troop" matches "Troops", "war" does not match "award".
        if re.search(rf"(?<![\w]){re.escape(word.casefold())}", text):
            return word
    return None


def keyword_problem(include: list[str], exclude: list[str], *texts: str | None) -> str | None:
    """Why the feed's keywords leave an item out (its title, its text), or None when they keep it."""
    blob = " ".join(" ".join(t.split()) for t in texts if t).casefold()
    hit = _matching(exclude, blob)
    if hit is not None:
        return f"matches the exclude keyword {hit!r}"
    if include and _matching(include, blob) is None:
        return f"matches none of the include keywords ({', '.join(include)})"
    return None


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
        paused=bool(feed.paused),
        include=parse_keywords(feed.include_keywords),
        exclude=parse_keywords(feed.exclude_keywords),
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
    include: str | None = None,
    exclude: str | None = None,
    client: httpx.AsyncClient | None = None,
    executor: Executor | None = None,
    resolver: Resolver | None = None,
    now: dt.datetime | None = None,
) -> FeedInfo:
    """Follow the feed at ``url``: it is fetched once to check that it is a feed and to learn its title.

    ``include`` and ``exclude`` are comma-separated keywords (see the module docstring).

    The feed is due at once, so the next poll ingests its newest items.

    Raises:
        BadInput: not an http(s) URL, not an RSS or Atom feed, or too many feeds.
        Duplicate: the workspace already follows this feed (the message names it).
        FetchRefused, FetchFailed: as for :func:`briefings.fetch.fetch`.
    """
    canonical = canonical_url(url)
    _check_max_items(max_items)
    include_words, exclude_words = parse_keywords(include), parse_keywords(exclude)
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
        paused=False,
        include_keywords=_stored(include_words),
        exclude_keywords=_stored(exclude_words),
    )
    session.add(feed)
    await session.flush()
    log.info("workspace %s follows feed %s: %s (%d items)", workspace, feed.id, url, len(parsed.items))
    return _info(feed)


def _check_max_items(max_items: int) -> None:
    if not 1 <= max_items <= 100:
        raise BadInput("the number of items per check must be between 1 and 100")


async def _feed(session: AsyncSession, workspace: str, feed_id: int) -> Feed:
    check_id(feed_id, "feed")
    feed = await session.scalar(select(Feed).where(Feed.workspace == workspace, Feed.id == feed_id))
    if feed is None:
        raise NotFound(f"no feed with id {feed_id}")
    return feed


async def edit_feed(
    *,
    session: AsyncSession,
    workspace: str,
    feed_id: int,
    source: str | None = None,
    max_items: int | None = None,
    include: str | None = None,
    exclude: str | None = None,
) -> FeedInfo:
    """Change what is given (None leaves it as it is): the source name, items per check, keywords.

    A source or a keyword list of ``-`` (or ``none``) clears it. Items already handled stay as they are.

    Raises:
        NotFound: the workspace has no feed with that id. BadInput: a bad value.
    """
    feed = await _feed(session, workspace, feed_id)
    if max_items is not None:
        _check_max_items(max_items)
        feed.max_items = max_items
    if source is not None:
        feed.source = None if source.strip().casefold() in CLEAR else (" ".join(source.split())[:200] or None)
    if include is not None:
        feed.include_keywords = _stored(parse_keywords(include))
    if exclude is not None:
        feed.exclude_keywords = _stored(parse_keywords(exclude))
    await session.flush()
    log.info("workspace %s edited feed %s", workspace, feed_id)
    return _info(feed, (await _counts(session, [feed.id]))[feed.id])


async def pause_feed(*, session: AsyncSession, workspace: str, feed_id: int) -> FeedInfo:
    """Stop checking a feed without forgetting it (its items and validators are kept)."""
    feed = await _feed(session, workspace, feed_id)
    feed.paused = True
    await session.flush()
    log.info("workspace %s paused feed %s", workspace, feed_id)
    return _info(feed, (await _counts(session, [feed.id]))[feed.id])


async def resume_feed(
    *, session: AsyncSession, workspace: str, feed_id: int, now: dt.datetime | None = None
) -> FeedInfo:
    """Check a paused feed again, from the next poll on."""
    feed = await _feed(session, workspace, feed_id)
    feed.paused = False
    feed.next_check_at = now or dt.datetime.now(dt.UTC)
    await session.flush()
    log.info("workspace %s resumed feed %s", workspace, feed_id)
    return _info(feed, (await _counts(session, [feed.id]))[feed.id])


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
    feed = await _feed(session, workspace, feed_id)
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
    """Poll every feed that is not paused and whose next check is due at ``now``, and ingest its new items.

    Args:
        session_factory: sessions are opened here, one transaction per feed update and per item.
        workspace: only the feeds of this workspace (the command line); all by default (the bot).
        force: poll the selected feeds even if they are not due (paused ones stay paused).
        interval: the wait before the next check of a healthy feed.

    Returns:
        One :class:`FeedPoll` per feed polled. Errors are recorded on the feed and its
        items, never raised: one bad feed or page must not stop the others.
    """
    async with session_factory() as session:
        query = select(Feed.id).where(Feed.paused.is_(False)).order_by(Feed.next_check_at, Feed.id)
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


@dataclass(frozen=True)
class _Setup:
    """What a poll needs of its feed, read once at the start."""

    workspace: str
    url: str
    title: str | None
    source: str | None
    cap: int
    include: list[str]
    exclude: list[str]
    conditional: dict[str, str]


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
        if feed is None or feed.paused:  # removed or paused since the list was read
            return None
        validators = (("If-None-Match", feed.etag), ("If-Modified-Since", feed.last_modified))
        setup = _Setup(
            workspace=feed.workspace, url=feed.url, title=feed.title, source=feed.source, cap=feed.max_items,
            include=parse_keywords(feed.include_keywords), exclude=parse_keywords(feed.exclude_keywords),
            conditional={name: value for name, value in validators if value},
        )
        seen = set((await session.scalars(select(FeedItem.guid_hash).where(FeedItem.feed_id == feed_id))).all())
        retry = list(
            (
                await session.scalars(
                    select(FeedItem)
                    .where(FeedItem.feed_id == feed_id, FeedItem.status == "failed",
                           FeedItem.next_attempt_at.is_not(None), FeedItem.next_attempt_at <= now)
                    .order_by(FeedItem.next_attempt_at, FeedItem.id)
                    .limit(max(setup.cap, 0))
                )
            ).all()
        )

    try:
        page = await fetch(
            setup.url, client=client, allow_private=settings.allow_private_hosts, resolver=resolver,
            accept_feeds=True, conditional=setup.conditional or None,
        )
        parsed = None if page.status == 304 else await _parse(page.text, page.url, executor)
    except BriefbotError as error:
        return await _feed_failed(session_factory, feed_id, setup.workspace, setup.title, error, now, interval)

    poll = FeedPoll(
        feed_id=feed_id, workspace=setup.workspace, title=(parsed.title if parsed else None) or setup.title, ok=True,
        not_modified=parsed is None,
    )
    take = functools.partial(
        _take_item, poll=poll, setup=setup, session_factory=session_factory, settings=settings, client=client,
        executor=executor, resolver=resolver, now=now,
    )
    if parsed is not None:
        fresh: list[ParsedItem] = []
        hashes: set[str] = set()
        for item in parsed.items:
            key = guid_hash(item.guid)
            if key not in seen and key not in hashes:
                hashes.add(key)
                fresh.append(item)
        chosen = _newest_first(fresh)[: max(setup.cap, 0)]
        poll.new_items, poll.deferred = len(fresh), len(fresh) - len(chosen)
        for item in chosen:
            await take(item)
    for row in retry:
        poll.retried += 1
        await take(
            ParsedItem(guid=row.guid, link=row.url, title=None, published=row.published_at),
            retry_of=(row.id, row.attempts),
        )

    next_check = now + interval
    async with session_factory() as session, session.begin():
        feed = await session.get(Feed, feed_id)
        if feed is not None:
            feed.last_checked_at = now
            feed.next_check_at = next_check
            feed.error_count = 0
            feed.last_error = None
            if parsed is not None:
                feed.title = (parsed.title or feed.title or "")[:500] or None
                # Validators say "all of this version was handled": not when items were left for later.
                keep = poll.deferred == 0
                feed.etag = (page.headers.get("etag") or "")[:500] or None if keep else None
                feed.last_modified = (page.headers.get("last-modified") or "")[:200] or None if keep else None
    log.info(
        "feed %s: %s, %d new, %d ingested, %d off-topic, %d duplicates, %d filtered, %d failed, %d retried, "
        "%d left for later",
        feed_id, "not modified" if poll.not_modified else "fetched", poll.new_items, len(poll.ingested),
        len(poll.off_topic), len(poll.duplicates), len(poll.filtered), len(poll.failed), poll.retried, poll.deferred,
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
    *,
    poll: FeedPoll,
    setup: _Setup,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    client: httpx.AsyncClient | None,
    executor: Executor | None,
    resolver: Resolver | None,
    now: dt.datetime,
    retry_of: tuple[int, int] | None = None,
) -> None:
    """Fetch and ingest one item, recording it, all in one transaction; on failure record only the failure.

    ``retry_of`` is ``(row id, attempts so far)`` of a failed item tried again.
    """
    key = guid_hash(item.guid)
    attempts = retry_of[1] + 1 if retry_of else 1

    async def record(session: AsyncSession, **values: object) -> None:
        values = {"attempts": attempts, "next_attempt_at": None, "error": None, **values}
        if retry_of is not None:
            await session.execute(update(FeedItem).where(FeedItem.id == retry_of[0]).values(**values))
        else:
            session.add(FeedItem(feed_id=poll.feed_id, guid_hash=key, guid=item.guid, url=item.link,
                                 published_at=item.published, **values))

    try:
        if not item.link:
            raise BadInput("the item has no link")
        # An exclude keyword in the title spares fetching the page.
        reason = keyword_problem([], setup.exclude, item.title)
        if reason is not None:
            raise Filtered(reason)
        async with session_factory() as session, session.begin():
            result = await ingest_url(
                session=session,
                workspace=poll.workspace,
                url=item.link,
                source=setup.source,
                added_by=f"feed {poll.feed_id}",
                settings=settings,
                client=client,
                executor=executor,
                resolver=resolver,
                found_by="feed",
                fallback_published=item.published.date() if item.published else None,
                keep=lambda title, text: keyword_problem(setup.include, setup.exclude, item.title, title, text),
            )
            status = "off_topic" if result.off_topic else "ingested" if result.created else "duplicate"
            await record(session, article_id=result.article_id, status=status)
        if not result.created:
            poll.duplicates.append(result.article_id)
        else:
            (poll.off_topic if result.off_topic else poll.ingested).append(result.article_id)
        return
    except Filtered as error:
        poll.filtered.append(f"{item.link or item.guid}: {error}")
        status, message, retry_at = "filtered", str(error), None
    except BriefbotError as error:
        message = _short(error)
        log.info("feed %s item %s: %s", poll.feed_id, item.link or item.guid, message)
        status, retry_at = "failed", _retry_at(attempts, now) if item.link else None
    except Exception as error:
        # Covers a unique-key race with another poller too: the item's row is then already there.
        log.exception("feed %s item %s failed", poll.feed_id, item.link or item.guid)
        status, message, retry_at = "failed", f"unexpected error: {type(error).__name__}", _retry_at(attempts, now)
    if status == "failed":
        poll.failed.append(f"{item.link or item.guid}: {message}")
    try:
        async with session_factory() as session, session.begin():
            await record(session, status=status, error=message, next_attempt_at=retry_at)
    except Exception:
        log.warning("could not record the outcome of feed %s item %s", poll.feed_id, item.guid, exc_info=True)


def _retry_at(attempts: int, now: dt.datetime) -> dt.datetime | None:
    """When a failed item is tried again: later after each failure, never after the last attempt."""
    return now + backoff(attempts) if attempts < MAX_ITEM_ATTEMPTS else None
