"""extract_page and parse_feed on pages and feeds we wrote."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.errors import BadInput
from briefings.feeds_parse import parse_feed
from briefings.webpage import extract_page

PAGES = Path(__file__).parent / "pages"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


# --- web pages ------------------------------------------------------------------------------


def test_dated_article_gives_title_site_text_and_date_from_metadata():
    article = extract_page(page("article_dated.html"), "https://courier.example/world/convoy")
    assert article.title == "Convoy leaves the hill base"
    assert article.site_name == "The Valley Courier"
    assert article.published == dt.date(2024, 3, 12)
    assert article.published_source == "page metadata"
    paragraphs = article.text.split("\n\n")
    assert any(p.startswith("A convoy of about forty trucks") for p in paragraphs)
    assert any("roughly 900 soldiers remained" in p for p in paragraphs)
    # Navigation and footer are not the article.
    assert "Sport" not in article.text
    assert "All rights reserved" not in article.text


def test_undated_article_has_no_date_and_the_copyright_year_is_not_taken_for_one():
    article = extract_page(page("article_undated.html"), "https://voices.example/farm/dry-spring")
    assert article.title == "Farmers count the cost of a dry spring"
    assert "smallest in a decade" in article.text
    assert article.published is None
    assert article.published_source is None


def test_date_in_the_address_is_used_when_the_page_has_none():
    article = extract_page(page("article_undated.html"), "https://voices.example/2024/05/01/dry-spring")
    assert article.published == dt.date(2024, 5, 1)
    assert article.published_source == "page address"


def test_metadata_date_wins_over_the_address():
    article = extract_page(page("article_dated.html"), "https://courier.example/2023/01/02/convoy")
    assert article.published == dt.date(2024, 3, 12)
    assert article.published_source == "page metadata"


def test_date_written_in_the_prose_is_found_last():
    html = page("article_undated.html").replace(
        "<p>Agronomists warn",
        "<p>The cooperative met on 14 February 2024 to draw up its request.</p><p>Agronomists warn",
    )
    article = extract_page(html)
    assert article.published == dt.date(2024, 2, 14)
    assert article.published_source == "page text"


def test_plain_text_passes_through_with_paragraphs_rejoined():
    article = extract_page(page("notes.txt"), content_type="text/plain; charset=utf-8")
    assert article.title == "Notes from the briefing"
    assert article.text.split("\n\n") == [
        "Notes from the briefing",
        "The spokesman said the patrols would continue through the winter and that no decision had been "
        "taken about the northern outposts.",
        "He did not take questions.",
    ]
    assert article.published is None


def test_short_page_still_gives_its_paragraph():
    html = "<html><head><title>Brief</title></head><body><p>Two patrols returned safely tonight.</p></body></html>"
    assert "Two patrols returned safely tonight." in extract_page(html).text


@pytest.mark.parametrize("html", ["", "   ", "<html><body><script>var x = 1;</script></body></html>"])
def test_page_without_text_is_bad_input(html):
    with pytest.raises(BadInput):
        extract_page(html)


def test_extract_page_never_downloads(monkeypatch):
    # htmldate downloads a string that looks like a URL; extract_page must never let it.
    import htmldate.utils
    import trafilatura.downloads

    def no_download(*args, **kwargs):
        raise AssertionError("a download was attempted")

    def no_socket(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(htmldate.utils, "fetch_url", no_download)
    monkeypatch.setattr(trafilatura.downloads, "fetch_url", no_download)
    monkeypatch.setattr(socket.socket, "connect", no_socket)
    monkeypatch.setattr(socket, "create_connection", no_socket)
    try:
        extract_page("https://courier.example/world/convoy", "https://courier.example/world/convoy")
    except BadInput:
        pass
    extract_page(page("article_dated.html"), "https://courier.example/world/convoy")


# --- feeds ----------------------------------------------------------------------------------


def test_rss_items_with_guid_link_title_and_utc_dates():
    feed = parse_feed(page("feed_rss.xml").encode("utf-8"), url="https://courier.example/world/rss")
    assert feed.title == "The Valley Courier – World"
    assert [item.title for item in feed.items] == [
        "Convoy leaves the hill base",
        "Council asks for a meeting",
        "Undated note",
    ]
    first, second, third = feed.items
    assert first.guid == "courier-2024-0312-convoy"
    assert first.link == "https://courier.example/world/convoy-leaves"
    assert first.published == dt.datetime(2024, 3, 12, 8, 15, tzinfo=dt.UTC)
    # No guid: the link stands in, resolved against the feed's address.
    assert second.guid == second.link == "https://courier.example/world/council-meeting"
    assert second.published == dt.datetime(2024, 3, 13, 17, 0, tzinfo=dt.UTC)
    assert third.published is None


def test_atom_entries_use_published_then_updated():
    feed = parse_feed(page("feed_atom.xml"))
    assert feed.title == "Plain Voices"
    first, second = feed.items
    assert first.guid == "tag:voices.example,2024:dry-spring"
    assert first.published == dt.datetime(2024, 5, 1, 10, 30, tzinfo=dt.UTC)
    assert second.published == dt.datetime(2024, 5, 2, 8, 0, tzinfo=dt.UTC)


def test_decoded_text_of_a_latin1_feed_keeps_its_accents():
    xml = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Caf\u00e9 news</title>'
        "<item><title>D\u00e9j\u00e0 vu</title><link>https://cafe.example/a</link></item></channel></rss>"
    )
    assert parse_feed(xml).items[0].title == "D\u00e9j\u00e0 vu"
    assert parse_feed(xml.encode("iso-8859-1")).items[0].title == "D\u00e9j\u00e0 vu"


@pytest.mark.parametrize(
    "body",
    [
        "",
        b"",
        "<html><body><p>Just a page</p></body></html>",
        "plain words, no markup",
        b"\x89PNG\r\n\x1a\n\0\0",
        # Given as a string, feedparser would download this; given as bytes, open it as a file.
        "https://courier.example/world/rss",
        b"/etc/hostname",
        "/etc/hostname",
    ],
)
def test_not_a_feed_is_bad_input(body):
    with pytest.raises(BadInput):
        parse_feed(body)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_parse_feed_raises_only_bad_input(body):
    try:
        feed = parse_feed(body)
    except BadInput:
        return
    assert all(item.guid for item in feed.items)
