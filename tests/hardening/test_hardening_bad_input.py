"""Bad arguments through the real bot: a clear private message, nothing stored, nothing mentioned.

Every test drives the bot logged in to the fake Discord of ``tests/bot`` and
checks what a user would see (the JSON the bot sends), what the store holds
afterwards (row counts read straight from the database), and that no message
the bot sent at any point could ping anyone (``allowed_mentions`` parses nothing).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from hardening_helpers import (
    FORM_DATE,
    FORM_SOURCE,
    FORM_TEXT,
    FORM_TITLE,
    assert_sends_are_safe,
    is_ephemeral,
    open_form,
    row_counts,
)

from bot import errors
from tests.bot.bot_harness import MEMBER_ID, Harness

NOTHING = (0, 0, 0, 0)
ARTICLE = (
    "WASHINGTON, March 3, 2025 — About 1,500 US troops remain in Syria, the **Pentagon** said on Monday.\n\n"
    '"Tell @everyone and @here that <@123> and <@&456> run the __show__ `now` ||spoiler||," Dana Whitfield, '
    "a Pentagon spokesperson, said.\n\n"
    "Officials said on Tuesday that the US would withdraw about 500 troops from ~~two~~ [bases](https://evil.example)."
)
# Markdown that would format a message if article text were sent unescaped.
RAW_MARKDOWN = ("**Pentagon**", "__show__", "`now`", "||spoiler||", "~~two~~", "[bases](https://evil.example)")


def bodies_text(ex: Any) -> str:
    return json.dumps(ex.messages(), ensure_ascii=False)


def shown_strings(ex: Any) -> list[str]:
    """The strings of an exchange's messages that carry article text: content, descriptions, fields, footers.

    Embed titles are left out: they echo an admin's title or the country typed as is (reported, minor).
    """
    out: list[str] = []
    for body in ex.messages():
        out.append(body.get("content") or "")
        for e in body.get("embeds") or []:
            out += [e.get("description") or "", (e.get("footer") or {}).get("text") or ""]
            out += [f.get("name", "") + "\n" + f.get("value", "") for f in e.get("fields") or []]
    return out


def unescaped(raw: str, strings: list[str]) -> bool:
    """True when ``raw`` markdown appears with its first character not escaped by a backslash."""
    pattern = re.compile(r"(?<!\\)" + re.escape(raw))
    return any(pattern.search(s) for s in strings)


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", ["2025-13-01", "18/04/2025", "2025-02-30", "0000-01-01", "yesterday", "", "   "])
async def test_malformed_dates_get_an_ephemeral_explanation(harness: Harness, sqlite_store: Any, as_of: str) -> None:
    ex = await harness.invoke("troops", user=MEMBER_ID, as_of=as_of)
    assert ex.callback_type == 4 and ex.ephemeral(), "a refusal is the private first response, not a deferral"
    content = ex.last()["content"]
    assert "not a date" in content and "YYYY-MM-DD" in content
    assert errors.GENERIC not in content
    assert await row_counts(sqlite_store.factory) == NOTHING
    assert_sends_are_safe(harness.fake)


async def test_a_6000_character_date_gets_a_short_ephemeral_explanation(harness: Harness) -> None:
    # as_of has no max_length in the synced command, so Discord delivers up to 6,000 characters.
    ex = await harness.invoke("troops", as_of="2025-01-01" * 600)
    assert ex.callback_type == 4 and ex.ephemeral()
    assert "YYYY-MM-DD" in ex.last()["content"]
    assert_sends_are_safe(harness.fake)


async def test_a_future_as_of_is_refused_privately(harness: Harness) -> None:
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    ex = await harness.invoke("troops", as_of=future)
    assert ex.ephemeral()
    assert "future" in ex.last()["content"]


async def test_a_future_publication_date_in_the_form_stores_nothing(harness: Harness, sqlite_store: Any) -> None:
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    modal = await open_form(harness)
    sub = await harness.submit_modal(modal, {FORM_SOURCE: "Wire", FORM_DATE: future, FORM_TEXT: ARTICLE})
    assert is_ephemeral(sub.last()) and "future" in sub.last()["content"]
    assert await row_counts(sqlite_store.factory) == NOTHING


# --- countries, speakers, topics ------------------------------------------------------------------


async def test_an_unknown_country_is_told_nothing_is_stored_for_it(harness: Harness, sqlite_store: Any) -> None:
    ex = await harness.invoke("troops", country="Narnia")
    description = ex.last()["embeds"][0]["description"]
    assert "No troop figure is stored for Narnia" in description
    assert ex.files() == []
    assert await row_counts(sqlite_store.factory) == NOTHING
    assert_sends_are_safe(harness.fake)


async def test_a_country_made_of_markdown_and_mentions_is_rendered_inert(harness: Harness) -> None:
    ex = await harness.invoke("troops", country="**@everyone** <@123>")
    embed = ex.last()["embeds"][0]
    # The description escapes what was typed (the title echoes it as is: Discord renders little markdown there).
    assert "**@everyone**" not in embed["description"] and "\\*\\*@everyone\\*\\*" in embed["description"]
    assert_sends_are_safe(harness.fake)


@pytest.mark.parametrize(("option", "value", "message"), [
    ("speaker", "   ", "the speaker is empty"),
    ("speaker", "", "the speaker is empty"),
    ("about", "   ", "the search text is empty"),
    ("about", "?!…", "the search text is empty"),
])  # fmt: skip
async def test_an_empty_speaker_or_topic_gets_a_clear_message(
    harness: Harness, sqlite_store: Any, option: str, value: str, message: str
) -> None:
    ex = await harness.invoke("said", **{option: value})
    body = ex.last()
    assert body["content"].startswith(message) and is_ephemeral(body)
    assert "embeds" not in body
    assert await row_counts(sqlite_store.factory) == NOTHING
    assert_sends_are_safe(harness.fake)


@pytest.mark.parametrize(("path", "options"), [("said", {"speaker": "   "}), ("said", {"about": "   "})])
async def test_a_refusal_after_a_deferral_stays_private(harness: Harness, path: str, options: dict[str, Any]) -> None:
    ex = await harness.invoke(path, **options)
    assert ex.ephemeral(), "the first response decides who sees the refusal"


# --- 6,000 characters -----------------------------------------------------------------------------


async def test_a_6000_character_topic_is_answered_within_limits(harness: Harness) -> None:
    # Discord enforces the option's max_length (100); a longer value must still not break the reply.
    ex = await harness.invoke("said", about="troops " * 857)
    assert ex.messages(), "no answer"
    assert errors.GENERIC not in bodies_text(ex)
    assert_sends_are_safe(harness.fake)


async def test_a_6000_character_source_in_the_form_is_refused_and_nothing_stored(
    harness: Harness, sqlite_store: Any
) -> None:
    modal = await open_form(harness)
    sub = await harness.submit_modal(modal, {FORM_SOURCE: "S" * 6000, FORM_TEXT: ARTICLE})
    body = sub.last()
    assert is_ephemeral(body) and sub.ephemeral()
    assert "source name is longer than" in body["content"] and "Nothing was stored" in body["content"]
    assert await row_counts(sqlite_store.factory) == NOTHING
    assert_sends_are_safe(harness.fake)


async def test_a_6000_character_title_and_text_are_stored_and_the_reply_fits(
    harness: Harness, sqlite_store: Any
) -> None:
    long_text = ARTICLE + "\n\n" + " ".join(f"Paragraph {i} adds nothing new about the mission." for i in range(120))
    assert len(long_text) > 6000
    modal = await open_form(harness)
    sub = await harness.submit_modal(
        modal, {FORM_TITLE: "T" * 6000, FORM_SOURCE: "Wire", FORM_DATE: "2025-03-03", FORM_TEXT: long_text}
    )
    body = sub.last()
    assert sub.ephemeral() and body["embeds"][0]["title"].startswith("Stored article #")
    articles, troops, statements, _ = await row_counts(sqlite_store.factory)
    assert articles == 1 and troops >= 1 and statements >= 1
    assert_sends_are_safe(harness.fake)


# --- article text with markdown and mentions --------------------------------------------------------


async def test_markdown_and_mentions_in_article_text_are_escaped_everywhere(harness: Harness) -> None:
    modal = await open_form(harness)
    sub = await harness.submit_modal(
        modal,
        {FORM_TITLE: "**Breaking** @everyone", FORM_SOURCE: "@here Wire", FORM_DATE: "2025-03-03", FORM_TEXT: ARTICLE},
    )
    assert sub.last()["embeds"][0]["title"].startswith("Stored article #"), sub.last()
    shown = [sub]
    shown.append(await harness.invoke("said", user=MEMBER_ID))
    shown.append(await harness.invoke("latest", user=MEMBER_ID))
    shown.append(await harness.invoke("troops", user=MEMBER_ID, as_of="2025-03-31"))
    shown.append(await harness.invoke("article list"))
    shown.append(await harness.invoke("article show", id=1))
    said = bodies_text(shown[1])
    assert "@everyone" in said and "<@123>" in said, "the statement is shown (mentions are off, not removed)"
    for ex in shown:
        strings = shown_strings(ex)
        for raw in (*RAW_MARKDOWN, "**Breaking**"):
            assert not unescaped(raw, strings), f"unescaped {raw!r} in {strings}"
    assert any("\\_\\_show\\_\\_" in s for s in shown_strings(shown[1]))
    assert_sends_are_safe(harness.fake)
