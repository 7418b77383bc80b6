"""Parse an RSS or Atom feed that has already been fetched.

feedparser is only ever given an in-memory stream: handed a string it would
download it as a URL, and handed bytes it would try to open them as a file name.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import feedparser

from briefings.errors import BadInput

log = logging.getLogger(__name__)

__all__ = ["FeedItem", "ParsedFeed", "parse_feed"]


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed."""

    #: A stable identity: the entry's id/guid, else its link.
    guid: str
    link: str | None
    title: str | None
    #: Publication time in UTC (the update time when the entry has no publication time).
    published: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's title and entries, in the feed's order."""

    title: str | None
    link: str | None = None
    items: list[FeedItem] = field(default_factory=list)


_XML_DECL_ENCODING_RE = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")


def parse_feed(body: str | bytes, *, url: str | None = None) -> ParsedFeed:
    """Parse ``body`` (RSS 0.9x/1.0/2.0 or Atom) into a :class:`ParsedFeed`.

    ``url`` is where the feed came from; relative entry links are resolved
    against it. Entries with neither an id nor a link are skipped, since they
    could not be told apart from one poll to the next.

    Raises:
        BadInput: ``body`` is not an RSS or Atom feed.
    """
    headers: dict[str, str] = {}
    if isinstance(body, str):
        # The text is already decoded: an encoding named in the XML declaration no longer applies.
        data = _XML_DECL_ENCODING_RE.sub(r"\1\2utf-8\2", body, count=1).encode("utf-8")
        headers["content-type"] = "application/xml; charset=utf-8"
    else:
        data = bytes(body)
    if not data.strip():
        raise BadInput("the feed is empty")
    result = feedparser.parse(
        io.BytesIO(data), response_headers=headers, sanitize_html=True, resolve_relative_uris=False
    )
    if not result.get("version"):
        reason = result.get("bozo_exception")
        log.info("not a feed: %s", reason)
        raise BadInput("this is not an RSS or Atom feed")
    feed_info = result.get("feed", {})
    items: list[FeedItem] = []
    for entry in result.get("entries", []):
        link = _text(entry.get("link"))
        if link and url:
            # Resolved here rather than by feedparser, which would also rewrite relative guids.
            link = urljoin(url, link)
        guid = _text(entry.get("id")) or link
        if guid is None:
            continue
        items.append(FeedItem(guid=guid, link=link, title=_text(entry.get("title")), published=_published(entry)))
    return ParsedFeed(title=_text(feed_info.get("title")), link=_text(feed_info.get("link")), items=items)


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _published(entry: Any) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            # feedparser normalises to UTC; timegm reads the tuple as UTC.
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
    return None
