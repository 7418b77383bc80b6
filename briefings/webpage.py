"""Turn a fetched web page into an article: title, site, main text and publication date.

CPU-bound and synchronous: callers run :func:`extract_page` in a worker thread.
It never downloads anything. trafilatura and htmldate are handed an lxml tree
parsed here, never a string, because htmldate treats a string that starts with
"http" as a URL to download.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Literal

import htmldate
import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from briefings.errors import BadInput

log = logging.getLogger(__name__)

__all__ = ["PublishedSource", "WebArticle", "extract_page"]

#: Where a publication date came from, most reliable first.
PublishedSource = Literal["page metadata", "page address", "page text"]


@dataclass(frozen=True, slots=True)
class WebArticle:
    """The readable part of a web page."""

    title: str | None
    site_name: str | None
    #: The main text, paragraphs separated by blank lines.
    text: str
    published: dt.date | None
    published_source: PublishedSource | None
    url: str | None = None


# /2024/05/01/ or /2024-05-01- in a path: many news sites put the publication day there.
_URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
_COPYRIGHT_RE = re.compile(r"(?:©|\(c\)|copyright)\D{0,40}(?:\d{4}\s*[-–]\s*)?\d{4}", re.IGNORECASE)
_BLANK_RUN_RE = re.compile(r"\n\s*\n+")
_SPACES_RE = re.compile(r"[ \t\u00a0]+")


def extract_page(html: str, url: str | None = None, *, content_type: str = "text/html") -> WebArticle:
    """Extract the article from a page's HTML (or plain text when ``content_type`` is ``text/plain``).

    The date is looked for in the page's metadata and markup first (meta tags,
    JSON-LD, ``<time>``, date and byline elements, timestamps: htmldate's fast
    search), then in the URL (``/2024/05/01/``), then in the prose (htmldate's
    extensive search, least reliable; a bare copyright year is ignored), and
    ``published_source`` says which one answered.

    Raises:
        BadInput: the page has no readable text.
    """
    if content_type.split(";", 1)[0].strip().lower() == "text/plain":
        return _plain_text_article(html, url)
    tree = load_html(html) if html.strip() else None
    if tree is None:
        raise BadInput("the page is empty or is not HTML")

    published, source = _find_published(tree, url)
    meta = trafilatura.extract_metadata(tree, default_url=url, extensive=False)
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    raw = getattr(document, "text", None) if document is not None else None
    text = _paragraphs(raw or "")
    if not text:
        # trafilatura gives up on short pages; their paragraphs are still the article.
        text = _paragraphs("\n".join(p.text_content() for p in tree.iter("p")))
    if not text:
        raise BadInput("the page has no readable article text")
    title = _clean(meta.title) if meta is not None else None
    site = _clean(meta.sitename) if meta is not None else None
    return WebArticle(title=title, site_name=site, text=text, published=published, published_source=source, url=url)


def _find_published(tree: HtmlElement, url: str | None) -> tuple[dt.date | None, PublishedSource | None]:
    # Metadata alone first: it is both the fastest search and the most trustworthy answer.
    found = htmldate.find_date(tree, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    if found:
        return dt.date.fromisoformat(found), "page metadata"
    if url:
        match = _URL_DATE_RE.search(url)
        if match:
            try:
                day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                day = None
            if day is not None and day <= dt.date.today():
                return day, "page address"
    found = htmldate.find_date(tree, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    if found and not _is_copyright_year(found, tree):
        return dt.date.fromisoformat(found), "page text"
    return None, None


def _is_copyright_year(found: str, tree: HtmlElement) -> bool:
    """True when htmldate fell back to the year of a copyright notice, which says nothing about the article."""
    if not found.endswith("-01-01"):
        return False
    year = found[:4]
    return any(year in m.group(0) for m in _COPYRIGHT_RE.finditer(tree.text_content()))


def _plain_text_article(text: str, url: str | None) -> WebArticle:
    # Plain text is often hard-wrapped: a paragraph ends at a blank line, not at a line end.
    blocks = _BLANK_RUN_RE.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    body = "\n\n".join(p for p in (_SPACES_RE.sub(" ", " ".join(b.split("\n"))).strip() for b in blocks) if p)
    if not body:
        raise BadInput("the text is empty")
    first, _, rest = body.partition("\n\n")
    # A short first paragraph on its own line is the title of a plain-text article.
    title = first if rest and len(first) <= 150 and "\n" not in first else None
    return WebArticle(title=title, site_name=None, text=body, published=None, published_source=None, url=url)


def _paragraphs(text: str) -> str:
    """One paragraph per line of extracted text, separated by blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = _SPACES_RE.sub(" ", value).strip()
    return value or None
