"""Following feeds: add, list, remove, and polls that ingest each new item once, against a local site."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from briefings import feeds
from briefings.config import Settings
from briefings.errors import BadInput, Duplicate, FetchRefused, NotFound
from briefings.models import Article, Feed, FeedItem
from tests.conftest import Store
from tests.web.web_sites import AIRSTRIP, OUTPOST, PATROLS, RSS, Site, article_html, rss, running_site

WS = "guild-7"
NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
PRIVATE_OK = Settings(_env_file=None, allow_private_hosts=True)


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    async with running_site() as running:
        yield running


def publish(site: Site, count: int, *, dated: bool = True) -> list[tuple[str, str, str, str | None]]:
    """Serve ``count`` distinct articles and return feed items for them, newest first."""
    bodies = [OUTPOST, PATROLS, AIRSTRIP]
    items = []
    for n in range(count):
        paragraphs = [*bodies[n % 3], f"This is dispatch number {n} from the Ledger's correspondent in the region."]
        day = dt.date(2024, 5, 1) + dt.timedelta(days=n)
        site.page(f"/news/{n}", article_html(f"Dispatch {n}", paragraphs, published=day.isoformat()))
        pub = f"{day.strftime('%a, %d %b %Y')} 09:00:00 GMT" if dated else None
        items.append((f"ledger-{n}", site.url(f"/news/{n}"), f"Dispatch {n}", pub))
    return items[::-1]


async def add(store: Store, url: str, **kwargs) -> feeds.FeedInfo:
    async with store.factory() as session, session.begin():
        return await feeds.add_feed(session=session, workspace=WS, url=url, settings=PRIVATE_OK, now=NOW, **kwargs)


async def poll(store: Store, now: dt.datetime = NOW, **kwargs) -> list[feeds.FeedPoll]:
    return await feeds.poll_due_feeds(
        session_factory=store.factory, settings=PRIVATE_OK, client=None, executor=None, now=now, **kwargs
    )


async def count(store: Store, model=Article, *where) -> int:
    async with store.factory() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def the_feed(store: Store, feed_id: int) -> Feed:
    async with store.factory() as session:
        feed = await session.get(Feed, feed_id)
        assert feed is not None
        return feed


async def test_a_new_feed_is_polled_once_per_item_and_new_items_are_picked_up(store: Store, site: Site) -> None:
    items = publish(site, 3)
    feed_url = site.page("/feed.rss", rss("Ledger – Region", items), RSS)
    info = await add(store, feed_url, source="Ridge Ledger", added_by="admin (9)")
    assert info.title == "Ledger – Region" and info.next_check_at == NOW

    [first] = await poll(store)
    assert first.ok and first.new_items == 3 and len(first.ingested) == 3 and first.failed == []
    assert await count(store, Article) == 3
    assert await count(store, Article, Article.found_by == "feed", Article.source == "Ridge Ledger") == 3

    # Not due again until the interval has passed.
    assert await poll(store, NOW + dt.timedelta(minutes=5)) == []
    later = NOW + feeds.DEFAULT_INTERVAL
    [second] = await poll(store, later)
    assert second.ok and second.new_items == 0 and second.ingested == []
    assert all(site.hits_of(f"/news/{n}") == 1 for n in range(3))

    new_page = site.page("/news/late", article_html("Late dispatch", [*PATROLS, "A late addition."], published=None))
    site.page("/feed.rss", rss("Ledger – Region", [("ledger-late", new_page, "Late", None), *items]), RSS)
    [third] = await poll(store, later + feeds.DEFAULT_INTERVAL)
    assert third.new_items == 1 and len(third.ingested) == 1
    assert await count(store, Article) == 4
    assert await count(store, FeedItem, FeedItem.status == "ingested") == 4


async def test_the_feed_items_date_is_used_when_the_page_has_none(sqlite_store: Store, site: Site) -> None:
    page = site.page("/news/undated", article_html("Undated", OUTPOST, published=None))
    site.page("/feed.rss", rss("Ledger", [("u-1", page, "Undated", "Thu, 02 May 2024 10:00:00 GMT")]), RSS)
    await add(sqlite_store, site.url("/feed.rss"))
    await poll(sqlite_store)
    async with sqlite_store.factory() as session:
        article = await session.scalar(select(Article))
    assert article is not None
    assert (article.published, article.published_basis) == (dt.date(2024, 5, 2), "feed")


async def test_at_most_max_items_per_poll_newest_first_and_the_rest_later(sqlite_store: Store, site: Site) -> None:
    items = publish(site, 5)
    site.page("/feed.rss", rss("Ledger", items), RSS)
    info = await add(sqlite_store, site.url("/feed.rss"), max_items=2)

    [first] = await poll(sqlite_store)
    assert first.new_items == 5 and len(first.ingested) == 2 and first.deferred == 3
    assert site.hits_of("/news/4") == 1 and site.hits_of("/news/3") == 1 and site.hits_of("/news/0") == 0
    [second] = await poll(sqlite_store, NOW + feeds.DEFAULT_INTERVAL)
    assert len(second.ingested) == 2 and second.deferred == 1
    assert await count(sqlite_store, FeedItem, FeedItem.feed_id == info.id) == 4


async def test_failed_items_are_recorded_once_and_do_not_stop_the_others(sqlite_store: Store, site: Site) -> None:
    good = publish(site, 1)
    broken = [("gone-1", site.url("/news/missing"), "Gone", None), ("nolink", "", "No link", None)]
    site.page("/feed.rss", rss("Ledger", [*broken, *good]), RSS)
    await add(sqlite_store, site.url("/feed.rss"))

    [result] = await poll(sqlite_store)
    assert len(result.ingested) == 1
    assert len(result.failed) == 2 and "404" in result.failed[0] and "no link" in result.failed[1]
    async with sqlite_store.factory() as session:
        failed = (await session.scalars(select(FeedItem).where(FeedItem.status == "failed"))).all()
    assert sorted((f.guid, f.article_id) for f in failed) == [("gone-1", None), ("nolink", None)]
    assert {f.guid: f.error for f in failed}["gone-1"] == "could not fetch: the site answered 404 Not Found"
    [again] = await poll(sqlite_store, NOW + feeds.DEFAULT_INTERVAL)
    assert again.new_items == 0 and site.hits_of("/news/missing") == 1


async def test_an_item_already_stored_by_hand_is_a_duplicate_not_a_second_article(sqlite_store, site: Site) -> None:
    from briefings.web import ingest_url

    items = publish(site, 1)
    async with sqlite_store.factory() as session, session.begin():
        by_hand = await ingest_url(
            session=session, workspace=WS, url=items[0][1] + "?utm_medium=rss", settings=PRIVATE_OK
        )
    site.page("/feed.rss", rss("Ledger", items), RSS)
    await add(sqlite_store, site.url("/feed.rss"))
    [result] = await poll(sqlite_store)
    assert result.duplicates == [by_hand.article_id] and result.ingested == []
    assert await count(sqlite_store, Article) == 1


async def test_a_failing_feed_backs_off_and_recovers(sqlite_store: Store, site: Site) -> None:
    site.page("/feed.rss", rss("Ledger", publish(site, 1)), RSS)
    info = await add(sqlite_store, site.url("/feed.rss"))
    site.page("/feed.rss", "down for maintenance", "text/plain", status=503)

    now = NOW
    waits = []
    for expected_errors in (1, 2, 3):
        [result] = await poll(sqlite_store, now)
        assert not result.ok and "503" in (result.error or "")
        feed = await the_feed(sqlite_store, info.id)
        assert feed.error_count == expected_errors and "503" in (feed.last_error or "")
        assert feed.next_check_at is not None
        waits.append(feed.next_check_at - now)
        assert await poll(sqlite_store, feed.next_check_at - dt.timedelta(seconds=1)) == []
        now = feed.next_check_at
    assert waits[0] < waits[1] < waits[2] <= feeds.MAX_BACKOFF
    assert await count(sqlite_store, FeedItem) == 0

    site.page("/feed.rss", rss("Ledger", publish(site, 1)), RSS)
    [ok] = await poll(sqlite_store, now)
    assert ok.ok and len(ok.ingested) == 1
    feed = await the_feed(sqlite_store, info.id)
    assert (feed.error_count, feed.last_error, feed.next_check_at) == (0, None, now + feeds.DEFAULT_INTERVAL)


def test_backoff_doubles_and_is_capped() -> None:
    assert feeds.backoff(0) == feeds.DEFAULT_INTERVAL
    assert feeds.backoff(1) == 2 * feeds.DEFAULT_INTERVAL
    assert feeds.backoff(3) == 8 * feeds.DEFAULT_INTERVAL
    assert feeds.backoff(10_000) == feeds.MAX_BACKOFF


async def test_adding_checks_the_feed_and_refuses_a_second_copy(sqlite_store: Store, site: Site) -> None:
    site.page("/feed.rss", rss("Ledger", publish(site, 1)), RSS)
    first = await add(sqlite_store, site.url("/feed.rss"))
    with pytest.raises(Duplicate, match=f"already followed as feed {first.id} \\(Ledger\\)"):
        await add(sqlite_store, site.url("/feed.rss?utm_source=x"))
    with pytest.raises(BadInput, match="is not an RSS or Atom feed"):
        await add(sqlite_store, site.page("/story", article_html("Story", OUTPOST)))
    with pytest.raises(FetchRefused, match="loopback"):
        async with sqlite_store.factory() as session, session.begin():
            await feeds.add_feed(
                session=session, workspace=WS, url=site.url("/other.rss"), settings=Settings(_env_file=None)
            )
    assert await count(sqlite_store, Feed) == 1


async def test_list_and_remove_are_per_workspace(sqlite_store: Store, site: Site) -> None:
    site.page("/feed.rss", rss("Ledger", publish(site, 2)), RSS)
    info = await add(sqlite_store, site.url("/feed.rss"))
    await poll(sqlite_store)
    async with sqlite_store.factory() as session:
        [listed] = await feeds.list_feeds(session=session, workspace=WS)
        assert await feeds.list_feeds(session=session, workspace="another") == []
    assert listed.id == info.id and listed.items == {"ingested": 2}

    async with sqlite_store.factory() as session, session.begin():
        with pytest.raises(NotFound):
            await feeds.remove_feed(session=session, workspace="another", feed_id=info.id)
    async with sqlite_store.factory() as session, session.begin():
        removed = await feeds.remove_feed(session=session, workspace=WS, feed_id=info.id)
    assert removed.id == info.id
    assert await count(sqlite_store, Feed) == 0 and await count(sqlite_store, FeedItem) == 0
    assert await count(sqlite_store, Article) == 2  # the articles it brought in stay
