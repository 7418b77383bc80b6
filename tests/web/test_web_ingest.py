"""Ingesting an article by URL, end to end against a real server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from briefings.config import Settings
from briefings.errors import BadInput, FetchFailed, FetchRefused
from briefings.models import Article, TroopCountFact
from briefings.web import ingest_url
from tests.conftest import Store
from tests.web.web_sites import AIRSTRIP, OUTPOST, PATROLS, Site, article_html, running_site

WS = "guild-1"
TODAY = dt.date(2024, 6, 1)


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    async with running_site() as running:
        yield running


@pytest.fixture
def private_ok() -> Settings:
    """Settings that let the fetcher reach 127.0.0.1, where the test site runs."""
    return Settings(_env_file=None, allow_private_hosts=True)


async def add(store: Store, url: str, settings: Settings, **kwargs):
    async with store.factory() as session, session.begin():
        return await ingest_url(session=session, workspace=WS, url=url, settings=settings, today=TODAY, **kwargs)


async def count(store: Store, model=Article) -> int:
    async with store.factory() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def stored(store: Store, article_id: int) -> Article:
    async with store.factory() as session:
        article = await session.get(Article, article_id)
        assert article is not None
        return article


async def test_title_source_and_date_come_from_the_page(store: Store, site: Site, private_ok: Settings) -> None:
    url = site.page(
        "/region/outpost-shrinks",
        article_html("Outpost shrinks as engineers move in", OUTPOST, published="2024-03-11T07:30:00+00:00"),
    )
    result = await add(store, url, private_ok, added_by="admin (1)")

    assert result.created
    assert result.title == "Outpost shrinks as engineers move in"
    assert result.source == "The Ridge Ledger"
    assert (result.published, result.published_basis) == ("2024-03-11", "page")
    assert not any("used today" in w for w in result.warnings)
    assert {t.value for t in result.troop_counts} >= {1200}
    article = await stored(store, result.article_id)
    assert article.url == url and article.found_by == "url" and article.added_by == "admin (1)"
    assert article.published == dt.date(2024, 3, 11) and article.published_basis == "page"
    assert "engineers had begun dismantling" in article.text
    assert "Letters to the editor" not in article.text  # the footer is not the article
    assert await count(store, TroopCountFact) >= 1


async def test_a_date_given_by_the_admin_wins_over_the_page(sqlite_store: Store, site: Site, private_ok) -> None:
    url = site.page("/story", article_html("Patrols halted", PATROLS, published="2024-03-11T07:30:00+00:00"))
    result = await add(sqlite_store, url, private_ok, published=dt.date(2024, 3, 9), source="Ledger wire")
    assert (result.published, result.published_basis) == ("2024-03-09", "given")
    assert result.source == "Ledger wire"
    assert (await stored(sqlite_store, result.article_id)).published_basis == "given"


async def test_without_any_date_the_reply_names_todays_date(sqlite_store: Store, site: Site, private_ok) -> None:
    url = site.page("/undated", article_html("Runway lengthened", AIRSTRIP, site=None))
    result = await add(sqlite_store, url, private_ok)
    assert (result.published, result.published_basis) == ("2024-06-01", "today")
    assert "no publication date found; used today (2024-06-01)" in result.warnings
    # No site name on the page and none given: the host stands in for the source.
    assert result.source.startswith("127.0.0.1")


async def test_the_same_link_with_tracking_tags_is_not_fetched_again(sqlite_store: Store, site, private_ok) -> None:
    url = site.page("/region/outpost", article_html("Outpost shrinks", OUTPOST, published="2024-03-11"))
    first = await add(sqlite_store, url, private_ok)
    again = await add(sqlite_store, url + "?utm_source=chat&fbclid=abc#comments", private_ok)

    assert first.created and not again.created
    assert again.duplicate_of == first.article_id
    expected = f"this link is already stored as article {first.article_id} (The Ridge Ledger, 2024-03-11)"
    assert again.warnings == [expected]
    assert site.hits_of("/region/outpost") == 1
    assert await count(sqlite_store) == 1


async def test_the_same_text_at_another_link_is_stored_once(sqlite_store: Store, site: Site, private_ok) -> None:
    page = article_html("Patrols halted", PATROLS, published="2024-04-02")
    first = await add(sqlite_store, site.page("/a/patrols", page), private_ok)
    again = await add(sqlite_store, site.page("/syndicated/patrols-halted", page), private_ok)

    assert not again.created and again.duplicate_of == first.article_id
    assert f"already stored as article {first.article_id}" in again.warnings[0]
    assert again.warnings[0].startswith("the same text is")
    assert await count(sqlite_store) == 1


async def test_a_link_that_redirects_to_a_stored_article_is_a_duplicate(sqlite_store, site: Site, private_ok) -> None:
    url = site.page("/region/airstrip", article_html("Runway lengthened", AIRSTRIP, published="2024-05-05"))
    first = await add(sqlite_store, url, private_ok)
    again = await add(sqlite_store, site.url("/moved/region/airstrip"), private_ok)
    assert not again.created and again.duplicate_of == first.article_id
    assert "leads to" in again.warnings[0]
    assert site.hits_of("/region/airstrip") == 2  # the redirect had to be followed to know
    assert await count(sqlite_store) == 1


async def test_a_private_address_is_refused_by_default_and_nothing_is_stored(sqlite_store, site: Site) -> None:
    url = site.page("/story", article_html("Outpost shrinks", OUTPOST, published="2024-03-11"))
    with pytest.raises(FetchRefused) as err:
        await add(sqlite_store, url, Settings(_env_file=None))
    assert str(err.value) == "refused: 127.0.0.1 is a loopback address (this machine)"
    assert site.hits == []
    assert await count(sqlite_store) == 0


async def test_a_missing_page_is_reported_and_nothing_is_stored(sqlite_store, site: Site, private_ok) -> None:
    with pytest.raises(FetchFailed, match="404"):
        await add(sqlite_store, site.url("/gone"), private_ok)
    assert await count(sqlite_store) == 0


async def test_a_page_without_article_text_is_bad_input(sqlite_store, site: Site, private_ok) -> None:
    url = site.page("/empty", "<html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>")
    with pytest.raises(BadInput, match=r"no readable article text|too little for an article"):
        await add(sqlite_store, url, private_ok)
    teaser = article_html("Subscribe to read", ["Our reporters were at the outpost on Monday. Subscribe to read on."])
    with pytest.raises(BadInput, match=r"only 1\d word\(s\) of text, too little for an article"):
        await add(sqlite_store, site.page("/paywalled", teaser), private_ok)
    assert await count(sqlite_store) == 0


async def test_not_a_web_address_is_bad_input_before_any_fetch(sqlite_store, private_ok) -> None:
    with pytest.raises(BadInput, match="only http and https"):
        await add(sqlite_store, "ftp://ledger.example/story", private_ok)


async def test_plain_text_pages_are_ingested(sqlite_store: Store, site: Site, private_ok) -> None:
    body = "Briefing notes\n\n" + "\n\n".join(PATROLS)
    url = site.page("/notes.txt", body, content_type="text/plain; charset=utf-8")
    result = await add(sqlite_store, url, private_ok, source="Ledger notes", published=dt.date(2024, 4, 3))
    assert result.created and result.title == "Briefing notes"
    assert "roadside blast" in (await stored(sqlite_store, result.article_id)).text


async def test_extraction_runs_in_a_process_pool_as_the_bot_runs_it(
    sqlite_store: Store, site: Site, private_ok
) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    url = site.page("/pooled", article_html("Outpost shrinks", OUTPOST, published="2024-03-11"))
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        result = await add(sqlite_store, url, private_ok, executor=pool)
    assert result.created and (result.published, result.published_basis) == ("2024-03-11", "page")
