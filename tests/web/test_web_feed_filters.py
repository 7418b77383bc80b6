"""Feeds that bring only the story: keywords, the on-topic check, conditional requests, retries, pause and edit.

Every page and feed is served from 127.0.0.1 by ``web_sites.running_site``; the
off-topic articles are ours (``tests/topic/articles``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from briefings import answers, feeds
from briefings.config import Settings
from briefings.errors import BadInput, NotFound
from briefings.models import Article, Feed, FeedItem
from tests.conftest import Store
from tests.web.test_web_feeds import publish
from tests.web.web_sites import OUTPOST, RSS, Site, article_html, rss, running_site

WS = "guild-9"
NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
PRIVATE_OK = Settings(_env_file=None, allow_private_hosts=True)
TOPIC = Path(__file__).parents[1] / "topic" / "articles"
ETAG, MODIFIED = '"ledger-v1"', "Sat, 01 Jun 2024 11:00:00 GMT"


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    async with running_site() as running:
        yield running


def off_topic_items(site: Site) -> list[tuple[str, str, str, str | None]]:
    """The football report, the recipe and the earnings story as pages of the site, with feed items."""
    items = []
    for n, path in enumerate(sorted(TOPIC.glob("*.txt"))):
        title, *paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        url = site.page(f"/other/{path.stem}", article_html(title, [" ".join(p.split()) for p in paragraphs],
                                                            published=f"2024-05-2{n}"))
        items.append((f"other-{n}", url, title, f"Tue, 2{n} May 2024 09:00:00 GMT"))
    return items


async def add(store: Store, url: str, **kwargs: object) -> feeds.FeedInfo:
    async with store.factory() as session, session.begin():
        return await feeds.add_feed(session=session, workspace=WS, url=url, settings=PRIVATE_OK, now=NOW,
                                    **kwargs)  # type: ignore[arg-type]


async def poll(store: Store, now: dt.datetime = NOW, **kwargs: object) -> list[feeds.FeedPoll]:
    return await feeds.poll_due_feeds(session_factory=store.factory, settings=PRIVATE_OK, client=None, executor=None,
                                      now=now, **kwargs)  # type: ignore[arg-type]


async def count(store: Store, model: type = Article, *where: object) -> int:
    async with store.factory() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def test_ten_items_three_off_topic_one_excluded_store_six_on_topic_then_a_304_stores_nothing(
    store: Store, site: Site
) -> None:
    story = publish(site, 6)
    opinion_url = site.page("/news/opinion", article_html("Opinion: bring them home", [*OUTPOST, "An op-ed."]))
    opinion = ("ledger-opinion", opinion_url, "Opinion: bring them home", "Fri, 31 May 2024 09:00:00 GMT")
    items = [*story, *off_topic_items(site), opinion]
    assert len(items) == 10
    site.page("/feed.rss", rss("Ledger", items), RSS)
    site.validators["/feed.rss"] = (ETAG, MODIFIED)
    info = await add(store, site.url("/feed.rss"), exclude="opinion, sport")
    assert info.exclude == ["opinion", "sport"] and info.include == []

    [first] = await poll(store)
    assert first.ok and first.new_items == 10 and first.failed == []
    assert len(first.ingested) == 6 and len(first.off_topic) == 3 and first.duplicates == []
    assert first.filtered == [f"{opinion_url}: matches the exclude keyword 'opinion'"]
    assert site.hits_of("/news/opinion") == 0  # excluded by its title: never fetched
    assert await count(store, Article, Article.off_topic.is_(False)) == 6
    assert await count(store, Article, Article.off_topic.is_(True)) == 3
    async with store.factory() as session:
        statuses = dict((await session.execute(
            select(FeedItem.status, func.count()).group_by(FeedItem.status))).all())
        latest = await answers.latest(session=session, workspace=WS, limit=100)
        feed = await session.get(Feed, info.id)
    assert statuses == {"ingested": 6, "off_topic": 3, "filtered": 1}
    off_topic_ids = set(first.off_topic)
    assert latest.events and not any(s.article_id in off_topic_ids for e in latest.events for s in e.sources)
    assert feed is not None and (feed.etag, feed.last_modified) == (ETAG, MODIFIED)

    site.requests.clear()
    [second] = await poll(store, NOW + feeds.DEFAULT_INTERVAL)
    [(path, headers)] = site.requests
    assert path == "/feed.rss"
    assert (headers.get("If-None-Match"), headers.get("If-Modified-Since")) == (ETAG, MODIFIED)
    assert second.ok and second.not_modified and second.error is None
    assert (second.new_items, second.ingested, second.off_topic, second.failed) == (0, [], [], [])
    assert await count(store, Article) == 9 and await count(store, FeedItem) == 10
    async with store.factory() as session:
        feed = await session.get(Feed, info.id)
    assert feed is not None and feed.error_count == 0
    assert feed.next_check_at == NOW + 2 * feeds.DEFAULT_INTERVAL


async def test_include_keywords_keep_only_the_items_that_name_them(sqlite_store: Store, site: Site) -> None:
    items = publish(site, 3)  # outpost (Syria), patrols, airstrip
    site.page("/feed.rss", rss("Ledger", items), RSS)
    await add(sqlite_store, site.url("/feed.rss"), include="Syria")
    [result] = await poll(sqlite_store)
    assert len(result.ingested) == 1 and len(result.filtered) == 2
    assert all(f.endswith("matches none of the include keywords (Syria)") for f in result.filtered)
    async with sqlite_store.factory() as session:
        [kept] = (await session.scalars(select(Article))).all()
    assert "Syria" in kept.text


async def test_a_validator_is_not_kept_while_items_wait_for_the_next_check(sqlite_store: Store, site: Site) -> None:
    site.page("/feed.rss", rss("Ledger", publish(site, 3)), RSS)
    site.validators["/feed.rss"] = (ETAG, MODIFIED)
    await add(sqlite_store, site.url("/feed.rss"), max_items=2)
    [first] = await poll(sqlite_store)
    assert first.deferred == 1
    site.requests.clear()
    [second] = await poll(sqlite_store, NOW + feeds.DEFAULT_INTERVAL)
    # No validators were sent: the feed was read in full and its last item taken.
    assert "If-None-Match" not in site.requests[0][1] and not second.not_modified
    assert len(second.ingested) == 1
    [third] = await poll(sqlite_store, NOW + 2 * feeds.DEFAULT_INTERVAL)
    assert third.not_modified


async def test_a_failed_item_is_retried_later_and_later_then_given_up(sqlite_store: Store, site: Site) -> None:
    items = publish(site, 2)
    flaky, dead = items[0][1].removeprefix(site.url("")), "/news/gone"
    site.page(flaky, "busy", "text/plain", status=503)
    broken = ("dead-1", site.url(dead), "Gone", None)
    site.page("/feed.rss", rss("Ledger", [*items, broken]), RSS)
    await add(sqlite_store, site.url("/feed.rss"))
    [first] = await poll(sqlite_store)
    assert len(first.ingested) == 1 and len(first.failed) == 2

    # The next check (30 min) is too early for a retry: the first waits an hour.
    [second] = await poll(sqlite_store, NOW + feeds.DEFAULT_INTERVAL)
    assert second.retried == 0 and site.hits_of(flaky) == 1
    site.page(flaky, article_html("Dispatch back", [*OUTPOST, "Dispatch number 1 is back."]))
    [third] = await poll(sqlite_store, NOW + 2 * feeds.DEFAULT_INTERVAL)
    assert third.retried == 2 and len(third.ingested) == 1 and site.hits_of(flaky) == 2
    async with sqlite_store.factory() as session:
        rows = {r.url: r for r in (await session.scalars(select(FeedItem))).all()}
    assert (rows[site.url(flaky)].status, rows[site.url(flaky)].attempts) == ("ingested", 2)
    assert rows[site.url(flaky)].next_attempt_at is None and rows[site.url(flaky)].article_id is not None
    gone = rows[site.url(dead)]
    assert (gone.status, gone.attempts) == ("failed", 2)
    assert gone.next_attempt_at == NOW + 2 * feeds.DEFAULT_INTERVAL + feeds.backoff(2)

    # Tried at most MAX_ITEM_ATTEMPTS times in all, then left alone.
    when = NOW + dt.timedelta(days=3)
    for _ in range(6):
        await poll(sqlite_store, when, force=True)
        when += dt.timedelta(days=2)
    async with sqlite_store.factory() as session:
        gone = await session.scalar(select(FeedItem).where(FeedItem.url == site.url(dead)))
    assert gone is not None and (gone.attempts, gone.next_attempt_at) == (feeds.MAX_ITEM_ATTEMPTS, None)
    assert site.hits_of(dead) == feeds.MAX_ITEM_ATTEMPTS


async def test_a_paused_feed_is_not_checked_until_resumed(sqlite_store: Store, site: Site) -> None:
    site.page("/feed.rss", rss("Ledger", publish(site, 1)), RSS)
    info = await add(sqlite_store, site.url("/feed.rss"))
    async with sqlite_store.factory() as session, session.begin():
        paused = await feeds.pause_feed(session=session, workspace=WS, feed_id=info.id)
    assert paused.paused
    assert await poll(sqlite_store) == [] and await poll(sqlite_store, force=True) == []
    assert site.hits_of("/feed.rss") == 1  # only the check when it was added
    later = NOW + dt.timedelta(hours=5)
    async with sqlite_store.factory() as session, session.begin():
        resumed = await feeds.resume_feed(session=session, workspace=WS, feed_id=info.id, now=later)
    assert not resumed.paused and resumed.next_check_at == later
    [result] = await poll(sqlite_store, later)
    assert len(result.ingested) == 1


async def test_editing_a_feed_changes_its_source_cap_and_keywords(sqlite_store: Store, site: Site) -> None:
    site.page("/feed.rss", rss("Ledger", publish(site, 1)), RSS)
    info = await add(sqlite_store, site.url("/feed.rss"), source="Ledger", include="syria")
    async with sqlite_store.factory() as session, session.begin():
        edited = await feeds.edit_feed(session=session, workspace=WS, feed_id=info.id, max_items=3,
                                       exclude=" Opinion ,sport,, opinion", include="-")
        assert (edited.source, edited.max_items, edited.include, edited.exclude) == (
            "Ledger", 3, [], ["Opinion", "sport", "opinion"]
        )
        cleared = await feeds.edit_feed(session=session, workspace=WS, feed_id=info.id, source="none")
        assert cleared.source is None and cleared.exclude == ["Opinion", "sport", "opinion"]
        with pytest.raises(BadInput, match="at most 20 keywords"):
            await feeds.edit_feed(session=session, workspace=WS, feed_id=info.id,
                                  include=",".join(f"w{n}" for n in range(21)))
        with pytest.raises(BadInput, match="between 1 and 100"):
            await feeds.edit_feed(session=session, workspace=WS, feed_id=info.id, max_items=0)
        with pytest.raises(NotFound):
            await feeds.edit_feed(session=session, workspace="another", feed_id=info.id, max_items=2)


def test_keywords_match_words_that_start_with_them_case_aside() -> None:
    assert feeds.keyword_problem([], ["troop"], "Troops leave") == "matches the exclude keyword 'troop'"
    assert feeds.keyword_problem([], ["war"], "An award for the Syria desk") is None
    assert feeds.keyword_problem(["syria"], [], "Syrian border crossing") is None
    assert feeds.keyword_problem(["syria", "iraq"], [], "Football") == (
        "matches none of the include keywords (syria, iraq)"
    )
    assert feeds.keyword_problem(["syria"], ["opinion"], "Opinion: Syria") == "matches the exclude keyword 'opinion'"
    assert feeds.parse_keywords("-") == [] and feeds.parse_keywords(None) == []
