"""``/article add file:``: an article too long for the form, attached as a file, through the real bot.

The fake Discord serves the attached bytes from 127.0.0.1 as Discord's CDN would, and the bot downloads
them with ``discord.Attachment.read``. The articles here are written for these tests.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from briefings.models import Article
from tests.bot.bot_harness import Harness
from tests.web.web_sites import OUTPOST, article_html

FORM_LIMIT = 4000


def long_article(chars: int) -> str:
    """A dispatch of at least ``chars`` characters: a dated lede with a figure, then many distinct paragraphs."""
    lede = (
        "QAMISHLI, Syria — About 1,100 US troops remain in Syria, Col. Dana Whitfield said on Monday, "
        "after two more bases were handed to local forces."
    )
    paragraphs = [lede]
    n = 0
    while sum(len(p) + 2 for p in paragraphs) < chars:
        n += 1
        paragraphs.append(
            f"Convoy {n} left the outpost at dawn with {n + 2} trucks of equipment, and the road to the border "
            f"crossing stayed open for {n % 7 + 1} hours, according to the district council's log for day {n}."
        )
    return "\n\n".join(paragraphs)


async def _articles(h: Harness) -> list[Article]:
    assert h.bot.session_factory is not None
    async with h.bot.session_factory() as session:
        return list(await session.scalars(select(Article).where(Article.workspace == h.workspace)))


async def _count(h: Harness) -> int:
    assert h.bot.session_factory is not None
    async with h.bot.session_factory() as session:
        return await session.scalar(select(func.count()).select_from(Article)) or 0


def _reply(ex: Any) -> str:
    return ex.last().get("content") or ""


async def test_a_20000_character_file_is_stored_whole(harness: Harness) -> None:
    text = long_article(20_000)
    assert len(text) >= 20_000 > FORM_LIMIT
    file = harness.fake.attachment("drawdown.txt", text.encode(), content_type="text/plain; charset=utf-8")

    ex = await harness.invoke("article add", file=file, source="Levant Desk", published="2025-06-30")

    assert ex.ephemeral()
    embed = ex.last()["embeds"][0]
    assert embed["title"] == "Stored article #1", embed
    assert "Levant Desk" in embed["description"] and "2025-06-30 (given)" in embed["description"]
    (stored,) = await _articles(harness)
    assert stored.text == text
    assert stored.found_by == "file"
    assert len(harness.fake.downloads()) == 1


async def test_a_markdown_file_without_a_source_is_named_after_the_file(harness: Harness) -> None:
    text = "# Bases handed over\n\n" + long_article(5_000)
    ex = await harness.invoke("article add", file=harness.fake.attachment("levant-desk.md", text.encode()))

    assert ex.last()["embeds"][0]["title"] == "Stored article #1"
    (stored,) = await _articles(harness)
    assert stored.source == "levant-desk"
    assert stored.text == text


async def test_a_saved_web_page_goes_through_the_page_extractor(harness: Harness) -> None:
    page = article_html("Outpost shrinks", OUTPOST, site="The Ridge Ledger", published="2024-03-11")
    ex = await harness.invoke("article add", file=harness.fake.attachment("outpost.html", page.encode()))

    embed = ex.last()["embeds"][0]
    assert embed["title"] == "Stored article #1", embed
    assert "The Ridge Ledger" in embed["description"] and "2024-03-11 (page)" in embed["description"]
    (stored,) = await _articles(harness)
    assert stored.title == "Outpost shrinks"
    assert "About 1,200 American soldiers remain in eastern Syria" in stored.text
    # The navigation and footer are not part of the article.
    assert "Weather" not in stored.text and "Letters to the editor" not in stored.text


async def test_a_file_too_large_is_refused_privately_before_it_is_downloaded(harness: Harness) -> None:
    big = b"x" * 1_000_001
    ex = await harness.invoke("article add", file=harness.fake.attachment("huge.txt", big), source="Wire")

    assert ex.ephemeral()
    assert _reply(ex) == "huge.txt is too large (1.0 MB; a text file may have at most 1.0 MB)"
    assert harness.fake.downloads() == []
    assert await _count(harness) == 0


async def test_a_file_of_another_type_is_refused_privately(harness: Harness) -> None:
    ex = await harness.invoke("article add", file=harness.fake.attachment("story.pdf", b"%PDF-1.7 ..."))

    assert ex.ephemeral()
    assert _reply(ex) == "story.pdf is not an article file: attach the article as .txt, .md, .html, .htm"
    assert harness.fake.downloads() == []
    assert await _count(harness) == 0


async def test_a_file_that_is_not_utf8_stores_nothing(harness: Harness) -> None:
    text = long_article(2_000).replace("—", "-").replace("Col.", "Colonel Müller,")
    ex = await harness.invoke("article add", file=harness.fake.attachment("latin1.txt", text.encode("latin-1")))

    assert ex.ephemeral()
    assert _reply(ex) == "latin1.txt is not UTF-8 text; save it as UTF-8 and attach it again"
    assert await _count(harness) == 0


async def test_a_link_and_a_file_together_are_refused(harness: Harness) -> None:
    file = harness.fake.attachment("story.txt", long_article(1_000).encode())
    ex = await harness.invoke("article add", url="https://news.example.org/story", file=file)

    assert ex.ephemeral()
    assert _reply(ex) == "give a link or a file, not both"
    assert harness.fake.downloads() == []


async def test_without_a_link_or_file_the_form_opens_with_what_was_given(harness: Harness) -> None:
    ex = await harness.invoke("article add", source="Levant Desk", published="2025-06-30")

    assert ex.callback_type == 9
    fields = {
        c["label"]: c.get("value") for row in ex.callbacks[0].json["data"]["components"] for c in row["components"]
    }
    assert fields["Source (the outlet)"] == "Levant Desk"
    assert fields["Publication date (YYYY-MM-DD)"] == "2025-06-30"
