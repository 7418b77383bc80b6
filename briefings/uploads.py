"""Articles from a file: an upload to ``/article add file:`` or a path in the console.

A Discord form holds at most 4,000 characters and most articles are longer, so an
admin can attach the article as a file instead. Three kinds are read:

- ``.txt`` and ``.md``: the article's text (UTF-8), stored as pasted text is;
- ``.html`` and ``.htm``: a saved web page, read by the same page extractor as a
  link (:func:`briefings.webpage.extract_page`), so its title, site name and
  date are found the same way.

:func:`check_upload` looks at the name and the size only, so a front end calls it
before it downloads anything; :func:`ingest_upload` decodes and stores.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from concurrent.futures import Executor
from pathlib import PurePath
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from briefings.errors import BadInput
from briefings.fetch import decode_body
from briefings.ingest import MAX_TEXT_CHARS, ingest_text
from briefings.schemas import IngestResult
from briefings.web import ingest_page
from briefings.webpage import extract_page

__all__ = ["KINDS", "MAX_BYTES", "UploadKind", "check_article_origin", "check_upload", "ingest_upload"]

UploadKind = Literal["text", "html"]
#: The file types an article may come in, by extension.
KINDS: dict[str, UploadKind] = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html"}
#: The largest file of each kind: a text file of this many bytes has at most as many characters as an article
#: may have; a page may be as large as a fetched one (markup included).
MAX_BYTES: dict[UploadKind, int] = {"text": MAX_TEXT_CHARS, "html": 5_000_000}


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def check_article_origin(url: str | None, filename: str | None) -> None:
    """An article comes by link or in a file, not both (with neither, the front end asks for its text)."""
    if url is not None and filename is not None:
        raise BadInput("give a link or a file, not both")


def check_upload(filename: str, size: int) -> UploadKind:
    """The kind of an article file from its name and size, before it is read.

    Raises:
        BadInput: the type is not one of :data:`KINDS`, or the file is empty or larger than its kind allows.
    """
    name = PurePath(filename).name or "the file"
    kind = KINDS.get(PurePath(filename).suffix.lower())
    if kind is None:
        known = ", ".join(KINDS)
        raise BadInput(f"{name} is not an article file: attach the article as {known}")
    if size <= 0:
        raise BadInput(f"{name} is empty")
    if size > MAX_BYTES[kind]:
        raise BadInput(f"{name} is too large ({_size(size)}; a {kind} file may have at most {_size(MAX_BYTES[kind])})")
    return kind


def _text(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{name} is not UTF-8 text; save it as UTF-8 and attach it again") from None


async def ingest_upload(
    *,
    session: AsyncSession,
    workspace: str,
    filename: str,
    data: bytes,
    source: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    added_by: str | None = None,
    executor: Executor | None = None,
    today: dt.date | None = None,
) -> IngestResult:
    """Store the article in an uploaded file, or report the stored article it duplicates.

    Runs in the caller's transaction; the caller commits. The source is the one given,
    else (a page) its site name, else the file's name without its extension.

    Raises:
        BadInput: the file's type or size (see :func:`check_upload`), text that is not UTF-8,
            or the article checks of :func:`briefings.ingest.ingest_text`.
    """
    kind = check_upload(filename, len(data))
    name = PurePath(filename).name
    fallback = PurePath(filename).stem or name
    if kind == "text":
        return await ingest_text(
            session=session,
            workspace=workspace,
            text=_text(data, name),
            source=(source or "").strip() or fallback,
            published=published,
            title=title,
            added_by=added_by,
            found_by="file",
            executor=executor,
            today=today,
        )
    html, _codec = decode_body(data, None, "text/html")
    loop = asyncio.get_running_loop()
    # trafilatura and htmldate are CPU work: in the worker, as for a fetched page.
    page = await loop.run_in_executor(executor, functools.partial(extract_page, html, None, content_type="text/html"))
    return await ingest_page(
        session=session,
        workspace=workspace,
        article=page,
        url=None,
        url_canonical=None,
        published=published,
        source=source,
        fallback_source=fallback,
        title=title,
        added_by=added_by,
        found_by="file",
        executor=executor,
        today=today,
    )
