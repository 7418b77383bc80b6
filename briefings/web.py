"""Ingest an article from the web: canonical URL, safe fetch, page extraction, then the text pipeline.

The stages live in their own modules (:mod:`briefings.urls`, :mod:`briefings.fetch`,
:mod:`briefings.webpage`, :mod:`briefings.ingest`); this module only strings them
together and decides which publication date wins:

1. a date the admin gave;
2. the date the page states (its metadata, its address or, least reliably, its prose);
3. the date of the feed item that linked to the page (feeds only);
4. a dateline in the text, else today, which :func:`briefings.ingest.ingest_text` handles
   and warns about.

Nothing is fetched when the canonical URL is already stored; after the fetch the
final address (redirects followed) and then the text are checked again, so one
article is stored once however it is linked.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from urllib.parse import urlsplit

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.config import Settings
from briefings.errors import BadInput, Filtered
from briefings.fetch import FetchedPage, Resolver, fetch
from briefings.ingest import find_duplicate, ingest_text
from briefings.models import Article
from briefings.schemas import IngestResult
from briefings.urls import canonical_url
from briefings.webpage import WebArticle, extract_page

log = logging.getLogger(__name__)

__all__ = ["ingest_page", "ingest_url", "source_from_url"]

# A page may be stamped a day ahead of UTC by a site in an eastern time zone; more than that is wrong metadata.
_FUTURE_SLACK = dt.timedelta(days=1)
#: Fewer words than this is a menu, a paywall or a page drawn by JavaScript, not an article.
MIN_WORDS = 25


def source_from_url(url: str) -> str:
    """The host of ``url`` without ``www.``: the source name of last resort (``courier.example``)."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or "the web"


def _duplicate_result(existing: Article, why: str) -> IngestResult:
    return IngestResult(
        article_id=existing.id,
        created=False,
        duplicate_of=existing.id,
        title=existing.title,
        source=existing.source,
        published=existing.published.isoformat(),
        published_basis=existing.published_basis,
        warnings=[f"{why} already stored as article {existing.id} ({existing.source}, {existing.published})"],
    )


async def ingest_url(
    *,
    session: AsyncSession,
    workspace: str,
    url: str,
    published: dt.date | None = None,
    source: str | None = None,
    title: str | None = None,
    added_by: str | None = None,
    settings: Settings,
    client: httpx.AsyncClient | None = None,
    executor: Executor | None = None,
    resolver: Resolver | None = None,
    found_by: str = "url",
    fallback_published: dt.date | None = None,
    fallback_basis: str = "feed",
    today: dt.date | None = None,
    keep: Callable[[str | None, str], str | None] | None = None,
) -> IngestResult:
    """Fetch the article at ``url`` and store it with its facts, or report the article it duplicates.

    Runs in the caller's transaction; the caller commits. The fetch follows
    :func:`briefings.fetch.fetch` (private hosts only when
    ``settings.allow_private_hosts``); page extraction runs in ``executor``.

    Args:
        url: the link as given; stored as the article's address once redirects are followed.
        published: a date the admin gave; it wins over the page's.
        source: the outlet's name; by default the page's site name, else its host.
        title: the article's title; by default the page's.
        fallback_published: a date to use when the page states none (a feed item's date),
            recorded with ``fallback_basis``.
        today: the date used when no date is found at all (tests).
        keep: ``(title, text) -> reason`` to leave the page out once its text is known (a feed's
            keywords); a reason raises :class:`~briefings.errors.Filtered` and nothing is stored.

    Returns:
        The result; ``published_basis`` is ``given``, ``page``, ``dateline``, ``today`` or
        ``fallback_basis``, and ``warnings`` says when today's date had to be used.

    Raises:
        BadInput: the URL is not an http(s) address, or the page has no readable text (or too little for an article).
        FetchRefused: the safe fetcher refused the URL (the message says why).
        FetchFailed: the site could not be reached or answered with an error.
    """
    requested = canonical_url(url)
    existing = await find_duplicate(session=session, workspace=workspace, url_canonical=requested)
    if existing is not None:
        log.info("%s is already article %s", requested, existing.id)
        return _duplicate_result(existing, "this link is")

    page = await fetch(url, client=client, allow_private=settings.allow_private_hosts, resolver=resolver)
    final = canonical_url(page.url)
    if final != requested:
        existing = await find_duplicate(session=session, workspace=workspace, url_canonical=final)
        if existing is not None:
            log.info("%s redirects to %s, already article %s", requested, final, existing.id)
            return _duplicate_result(existing, f"this link leads to {final}, which is")

    article = await _extract(page, executor)
    return await ingest_page(
        session=session,
        workspace=workspace,
        article=article,
        url=page.url,
        url_canonical=final,
        published=published,
        source=source,
        fallback_source=source_from_url(page.url),
        title=title,
        added_by=added_by,
        found_by=found_by,
        executor=executor,
        fallback_published=fallback_published,
        fallback_basis=fallback_basis,
        today=today,
        keep=keep,
    )


async def ingest_page(
    *,
    session: AsyncSession,
    workspace: str,
    article: WebArticle,
    url: str | None,
    url_canonical: str | None,
    fallback_source: str,
    published: dt.date | None = None,
    source: str | None = None,
    title: str | None = None,
    added_by: str | None = None,
    found_by: str = "url",
    executor: Executor | None = None,
    fallback_published: dt.date | None = None,
    fallback_basis: str = "feed",
    today: dt.date | None = None,
    keep: Callable[[str | None, str], str | None] | None = None,
) -> IngestResult:
    """Store an extracted page (fetched, or an uploaded HTML file with ``url`` None) as :func:`ingest_url` does.

    The date is the one given, else the page's, else ``fallback_published``, else what
    :func:`briefings.ingest.ingest_text` finds; the source is the one given, else the page's
    site name, else ``fallback_source`` (a link's host, a file's name); the title is the one
    given, else the page's.

    Raises:
        BadInput: the page has too little text for an article.
    """
    words = len(article.text.split())
    if words < MIN_WORDS:
        raise BadInput(
            f"the page has only {words} word(s) of text, too little for an article: it may be a front page, "
            "behind a paywall or drawn by JavaScript; add the article by pasting its text instead"
        )
    if keep is not None and (reason := keep(article.title, article.text)):
        raise Filtered(reason)
    today = today or dt.datetime.now(dt.UTC).date()
    page_date = article.published
    if page_date is not None and page_date > today + _FUTURE_SLACK:
        log.info("ignoring the future date %s stated by %s", page_date, url or "an uploaded page")
        page_date = None

    if published is not None:
        date, basis = published, "given"
    elif page_date is not None:
        date, basis = page_date, "page"
    elif fallback_published is not None and fallback_published <= today + _FUTURE_SLACK:
        date, basis = fallback_published, fallback_basis
    else:
        date, basis = None, None

    result = await ingest_text(
        session=session,
        workspace=workspace,
        text=article.text,
        source=(source or "").strip() or article.site_name or fallback_source,
        published=date,
        url=url,
        url_canonical=url_canonical,
        title=(title or "").strip() or article.title,
        added_by=added_by,
        found_by=found_by,
        executor=executor,
        today=today,
    )
    if result.created and basis not in (None, "given"):
        # ingest_text records any date it is handed as "given"; say where this one came from.
        stored = await session.get(Article, result.article_id)
        if stored is not None:
            stored.published_basis = basis
            await session.flush()
        result = result.model_copy(update={"published_basis": basis})
    if not result.created and result.warnings:
        result = result.model_copy(update={"warnings": [f"the same text is {result.warnings[0]}"]})
    return result


async def _extract(page: FetchedPage, executor: Executor | None) -> WebArticle:
    """Extract the article from a fetched page in ``executor`` (trafilatura and htmldate are CPU work)."""
    loop = asyncio.get_running_loop()
    work = functools.partial(extract_page, page.text, page.url, content_type=page.content_type)
    return await loop.run_in_executor(executor, work)
