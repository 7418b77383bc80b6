"""Ingestion: turn an article's text into a stored article with its facts.

Extraction is CPU work, so it runs in the executor the caller gives (the bot
passes a process pool) and never on the event loop. The article and its facts
are written in the caller's transaction: a failure anywhere rolls all of it
back, and no partial article is ever stored.

Every article passes the on-topic check (:mod:`briefings.topic`) with its
extraction. An article about something else is stored with its text and marked
off-topic, but its facts are not stored, so it is in no answer, briefing or alert
until an admin restores it (:func:`briefings.articles.restore_article`). Storing
facts also records the alerts they call for (:mod:`briefings.alerts`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from briefings import alerts
from briefings.clean import clean_text
from briefings.errors import BadInput, Duplicate
from briefings.extract import extract
from briefings.models import Article
from briefings.schemas import Extraction, IngestResult
from briefings.store import content_hash, store_facts
from briefings.topic import Verdict, judge

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1_000_000
MAX_SOURCE_CHARS = 200
MAX_TITLE_CHARS = 500
#: A manifest is a list of short entries: this is tens of thousands of them.
MAX_MANIFEST_CHARS = 5_000_000


@dataclass
class Analysis:
    """What the worker found in one text: the date to use, a title, the facts."""

    published: dt.date
    published_basis: str
    title: str | None
    extraction: Extraction
    warnings: list[str] = field(default_factory=list)
    topic: Verdict = field(default_factory=lambda: Verdict(True, "not checked"))


def analyse(text: str, published: dt.date | None, today: dt.date) -> Analysis:
    """Clean and extract one article (CPU only; safe to run in a worker process).

    The publication date is the one given, else a dateline in the text, else today
    (with a warning, since relative dates like "Thursday" resolve against it).
    """
    warnings: list[str] = []
    if published is not None:
        basis = "given"
    else:
        # Only a dateline needs the text cleaned before extraction (which cleans it again itself).
        dateline = clean_text(text).dateline
        if dateline is not None:
            published, basis = dateline, "dateline"
        else:
            published, basis = today, "today"
            warnings.append(f"no publication date found; used today ({today.isoformat()})")
    extraction = extract(text, published)
    warnings.extend(extraction.warnings)
    return Analysis(published, basis, extraction.title, extraction, warnings, judge(text, extraction))


def _check_text(text: str, source: str) -> tuple[str, str]:
    if not isinstance(text, str) or not text.strip():
        raise BadInput("the article text is empty")
    if "\x00" in text:
        raise BadInput("the article text contains NUL bytes; is it a binary file?")
    if len(text) > MAX_TEXT_CHARS:
        raise BadInput(f"the article text is too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,})")
    source = " ".join((source or "").split())
    if not source:
        raise BadInput("a source name is required (e.g. AP, BBC)")
    if len(source) > MAX_SOURCE_CHARS:
        raise BadInput(f"the source name is longer than {MAX_SOURCE_CHARS} characters")
    return text, source


async def find_duplicate(
    *, session: AsyncSession, workspace: str, text: str | None = None, url_canonical: str | None = None
) -> Article | None:
    """The article of ``workspace`` with the same text or the same canonical URL, if any."""
    if text is not None:
        found = await session.scalar(
            select(Article).where(Article.workspace == workspace, Article.content_hash == content_hash(text))
        )
        if found is not None:
            return found
    if url_canonical:
        return await session.scalar(
            select(Article)
            .where(Article.workspace == workspace, Article.url_canonical == url_canonical)
            .order_by(Article.id)
            .limit(1)
        )
    return None


def duplicate_result(existing: Article) -> IngestResult:
    """The answer to an ingestion whose article is already stored as ``existing``."""
    return IngestResult(
        article_id=existing.id, created=False, duplicate_of=existing.id, title=existing.title,
        source=existing.source, published=existing.published.isoformat(),
        published_basis=existing.published_basis,
        warnings=[f"already stored as article {existing.id} ({existing.source}, {existing.published})"],
    )


async def ingest_text(
    *,
    session: AsyncSession,
    workspace: str,
    text: str,
    source: str,
    published: dt.date | None = None,
    url: str | None = None,
    url_canonical: str | None = None,
    title: str | None = None,
    added_by: str | None = None,
    found_by: str = "pasted",
    executor: Executor | None = None,
    today: dt.date | None = None,
) -> IngestResult:
    """Store one article and its facts, or report the stored article it duplicates.

    Runs inside the caller's transaction; the caller commits. ``published`` given
    by an admin wins over a dateline in the text.
    """
    text, source = _check_text(text, source)
    today = today or dt.datetime.now(dt.UTC).date()
    # A day of slack: a story dated by a publisher east of UTC can be "tomorrow" here.
    if published is not None and published > today + dt.timedelta(days=1):
        raise BadInput(f"the publication date {published.isoformat()} is in the future")
    if title is not None:
        title = " ".join(title.split())[:MAX_TITLE_CHARS] or None
    existing = await find_duplicate(session=session, workspace=workspace, text=text, url_canonical=url_canonical)
    if existing is not None:
        return duplicate_result(existing)
    loop = asyncio.get_running_loop()
    analysis = await loop.run_in_executor(executor, analyse, text, published, today)
    off_topic = not analysis.topic.on_topic
    article = Article(
        workspace=workspace, title=title or analysis.title, source=source, url=url, url_canonical=url_canonical,
        published=analysis.published, published_basis=analysis.published_basis, found_by=found_by,
        text=text, content_hash=content_hash(text), added_by=added_by, off_topic=off_topic,
    )
    session.add(article)
    try:
        await session.flush()
    except IntegrityError as exc:
        # Another request stored the same text between our check and our insert.
        raise Duplicate("this article was stored by another request a moment ago; see /article list") from exc
    if off_topic:
        log.info("article %s (%s) in %s is off-topic: %s", article.id, source, workspace, analysis.topic.reason)
        return IngestResult(
            article_id=article.id, created=True, title=article.title, source=source,
            published=article.published.isoformat(), published_basis=article.published_basis, off_topic=True,
            warnings=[
                f"stored as off-topic ({analysis.topic.reason}): its facts are not used; "
                f"/article restore id:{article.id} uses them",
                *analysis.warnings,
            ],
        )
    await store_article_facts(session, article, analysis.extraction)
    ex = analysis.extraction
    log.info("ingested article %s (%s) in %s: %d troop counts, %d statements, %d events",
             article.id, source, workspace, len(ex.troop_counts), len(ex.statements), len(ex.events))
    return IngestResult(
        article_id=article.id, created=True, title=article.title, source=source,
        published=article.published.isoformat(), published_basis=article.published_basis,
        troop_counts=ex.troop_counts, statements=len(ex.statements), events=len(ex.events),
        warnings=analysis.warnings,
    )


async def ingest_in_transaction(
    *, session_factory: async_sessionmaker[AsyncSession], workspace: str, text: str, **options: Any
) -> IngestResult:
    """:func:`ingest_text` (same arguments) in a transaction of its own, committed on success.

    When another request stores the same text between this one's duplicate check and its insert (two
    ingestions of one manifest at once), the insert fails and is rolled back; the article the other
    request stored is then reported as the duplicate it is, not as a failure.
    """
    try:
        async with session_factory() as session, session.begin():
            return await ingest_text(session=session, workspace=workspace, text=text, **options)
    except Duplicate:
        async with session_factory() as session:
            existing = await find_duplicate(session=session, workspace=workspace, text=text)
        if existing is None:
            raise
        log.info("article %s was stored by another request at the same moment", existing.id)
        return duplicate_result(existing)
async def store_article_facts(session: AsyncSession, article: Article, extraction: Extraction) -> list[int]:
    """Store an article's facts and record the alerts they call for; the alert deliveries' ids."""
    watch = await alerts.watch(session=session, workspace=article.workspace)
    await store_facts(session, article, extraction)
    return await watch.after(session=session, article=article) if watch is not None else []


class ManifestEntry(BaseModel):
    """One entry of an ingestion manifest (paths relative to the manifest file)."""

    model_config = ConfigDict(extra="allow")

    path: str
    published: dt.date | None = None
    source: str
    url: str | None = None
    title: str | None = None


def read_manifest(path: Path) -> list[ManifestEntry | BadInput]:
    """Parse a manifest: each entry, or the reason it cannot be used, in order."""
    try:
        content = _read_bounded(path, MAX_MANIFEST_CHARS)
        if len(content) > MAX_MANIFEST_CHARS:
            raise BadInput(f"manifest {path} is longer than {MAX_MANIFEST_CHARS:,} characters; split it")
        raw = json.loads(content)
    except FileNotFoundError as exc:
        raise BadInput(f"manifest not found: {path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"manifest {path} is not readable JSON: {exc}") from exc
    if not isinstance(raw, list):
        raise BadInput(f"manifest {path} must be a JSON list of entries")
    out: list[ManifestEntry | BadInput] = []
    for i, item in enumerate(raw):
        try:
            out.append(ManifestEntry.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "entry"
            out.append(BadInput(f"entry {i}: {where}: {first['msg']}"))
    return out


def _read_bounded(path: Path, limit: int) -> str:
    """At most ``limit`` + 1 characters of a UTF-8 file: enough to tell it is too long, never all of a
    huge file or of a device such as /dev/zero."""
    with path.open(encoding="utf-8") as f:
        return f.read(limit + 1)


def read_article_file(path: Path) -> str:
    """Read an article's text file (at most the article limit), with a clear error when it cannot be read."""
    try:
        text = _read_bounded(path, MAX_TEXT_CHARS)
        if len(text) > MAX_TEXT_CHARS:
            raise BadInput(f"{path} is longer than {MAX_TEXT_CHARS:,} characters, the limit for an article")
        return text
    except FileNotFoundError as exc:
        raise BadInput(f"file not found: {path}") from exc
    except IsADirectoryError as exc:
        raise BadInput(f"{path} is a directory, not an article file") from exc
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path} is not UTF-8 text") from exc
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from exc
