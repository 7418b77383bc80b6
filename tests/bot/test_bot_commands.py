"""The real bot, logged in to the fake Discord, answering injected interactions."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import httpx
import pytest

from bot import errors
from bot.app import EXTENSIONS, BriefBot, command_payloads, sync_commands
from bot.cogs.said import PAGE_SIZE
from bot.render.facts import figure
from briefings import answers, articles
from tests.bot.bot_harness import (
    ADMIN_ID,
    APP_ID,
    CHANNEL_ID,
    EPHEMERAL,
    MEMBER_ID,
    FakeDiscord,
    Harness,
    assert_within_limits,
    bot_settings,
    next_guild,
)
from tests.bot.bot_sample_facts import total_statements

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


async def stored_ids(h: Harness) -> list[int]:
    async with h.bot.session() as session:
        return [a.id for a in await articles.list_articles(session=session, workspace=h.workspace, limit=100)]


def embed(body: dict) -> dict:
    assert body.get("embeds"), f"no embed in {body}"
    return body["embeds"][0]


# --- start-up and sync --------------------------------------------------------------------------


async def test_login_runs_setup_hook_and_syncs_only_the_dev_guild(harness: Harness) -> None:
    syncs = harness.sync_requests()
    assert [(r.method, r.path) for r in syncs] == [
        ("PUT", f"/applications/{harness.bot.application_id}/guilds/{harness.guild_id}/commands")
    ]
    names = [c["name"] for c in syncs[0].json]
    assert names == [c["name"] for c in await command_payloads()]
    assert {
        "troops",
        "latest",
        "said",
        "article",
        "subscribe",
        "unsubscribe",
        "subscriptions",
        "briefing",
        "help",
    } <= set(names)


async def test_start_without_dev_guild_syncs_nothing(fake_discord: FakeDiscord, sqlite_store: Any) -> None:
    async with BriefBot(settings=bot_settings(None), session_factory=sqlite_store.factory, http_client=None) as bot:
        await bot.login("fake-token")
        assert sorted(bot.extensions) == sorted(EXTENSIONS)
    assert not [r for r in fake_discord.requests if r.method == "PUT"]


async def test_sync_on_request_is_global_without_dev_guild(fake_discord: FakeDiscord) -> None:
    synced = await sync_commands(bot_settings(None))
    puts = [r for r in fake_discord.requests if r.method == "PUT"]
    assert [r.path for r in puts] == [f"/applications/{APP_ID}/commands"]
    assert synced == len(puts[0].json) == len(await command_payloads())


# --- /troops ------------------------------------------------------------------------------------


async def test_troops_defers_then_sends_estimate_with_sources_and_chart(loaded: Harness) -> None:
    ex = await loaded.invoke("troops", user=MEMBER_ID, as_of="2025-07-01")
    assert ex.callback_type == 5 and not ex.ephemeral()
    body = ex.last()
    e = embed(body)
    assert "**about 1,400** US troops in Syria" in e["description"]
    assert (
        "[Levant Desk, 2025-06-27](https://levantdesk.example.net/2025/06/27/us-drawdown-syria-bases)"
        in (e["description"])
    )
    fields = {f["name"]: f["value"] for f in e["fields"]}
    assert "down by about 600" in fields["Latest changes"]
    # Which plans an as-of answer lists is the service's call; the embed shows exactly those.
    async with loaded.bot.session() as session:
        answer = await answers.troops(session=session, workspace=loaded.workspace, as_of=dt.date(2025, 7, 1))
    if answer.plans:
        assert all(figure(p) in fields["Announced plans"] for p in answer.plans)
    else:
        assert "Announced plans" not in fields
    assert e["image"]["url"] == "attachment://troops.png"
    [png] = ex.files()
    assert png["filename"] == "troops.png" and png["data"].startswith(PNG_MAGIC)
    assert body["allowed_mentions"] == {"parse": []}
    assert_within_limits(ex)


async def test_troops_shows_conflicting_figures_side_by_side(loaded: Harness) -> None:
    ex = await loaded.invoke("troops")
    fields = {f["name"]: f["value"] for f in embed(ex.last())["fields"]}
    conflict = fields["Conflicting figures"]
    assert conflict.startswith("fewer than 1,000 ([Capitol Ledger") and " vs about 1,200 (" in conflict


async def test_troops_as_of_answers_for_that_date(loaded: Harness) -> None:
    ex = await loaded.invoke("troops", as_of="2025-03-01")
    e = embed(ex.last())
    assert e["title"] == "US troops in Syria, as of 2025-03-01"
    assert "**about 2,000**" in e["description"] and "2025-02-11" in e["description"]


async def test_troops_bad_date_gets_an_ephemeral_explanation(loaded: Harness) -> None:
    ex = await loaded.invoke("troops", as_of="2025-13-01")
    assert ex.callback_type == 4 and ex.ephemeral()
    content = ex.last()["content"]
    assert "not a date" in content and "YYYY-MM-DD" in content
    assert "Traceback" not in ex.text()


async def test_troops_with_an_empty_store_says_so_without_a_chart(harness: Harness) -> None:
    ex = await harness.invoke("troops", country="Iraq")
    e = embed(ex.last())
    assert "No troop figure is stored for Iraq" in e["description"]
    assert "image" not in e and ex.files() == []


# --- /latest and /said ---------------------------------------------------------------------------


async def test_latest_lists_newest_first_with_dates_and_sources(loaded: Harness) -> None:
    ex = await loaded.invoke("latest", count=3)
    assert ex.callback_type == 5
    lines = embed(ex.last())["description"].splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("**2025-08-20**: A drone struck a base")
    assert "ledger.example.com" in lines[0]
    assert_within_limits(ex)


async def test_said_pages_with_buttons_for_the_asker_only(loaded: Harness) -> None:
    total = total_statements()
    ex = await loaded.invoke("said", user=ADMIN_ID)
    first = ex.last()
    e = embed(first)
    assert len(e["fields"]) == PAGE_SIZE
    # The footer says what the Older button shows.
    assert e["footer"]["text"] == f"Statements 1–{PAGE_SIZE} of {total} · Older ▶ for 6–10"
    buttons = {c["label"]: c for row in first["components"] for c in row["components"]}
    assert buttons["Newer"]["disabled"] is True and buttons["Older"]["disabled"] is False

    older = await loaded.click(first, "Older", user=ADMIN_ID)
    assert older.callback_type == 7
    page2 = older.last()
    assert embed(page2)["footer"]["text"] == f"Statements {PAGE_SIZE + 1}–{2 * PAGE_SIZE} of {total} · Older ▶ for 11"
    assert embed(page2)["fields"] != e["fields"]
    assert_within_limits(older)

    # The message now shows page 2 (an update edits it in place).
    stranger = await loaded.click(page2, "Older", user=MEMBER_ID)
    assert stranger.callback_type == 4 and stranger.ephemeral()
    assert "Only the person who asked" in stranger.last()["content"]


async def test_said_filters_by_speaker_and_topic(loaded: Harness) -> None:
    ex = await loaded.invoke("said", speaker="Whitfield")
    names = [f["name"] for f in embed(ex.last())["fields"]]
    assert names and all(n.startswith("Dana Whitfield") for n in names)
    assert names[0].endswith("2025-08-21")
    ex = await loaded.invoke("said", about="ISIS")
    fields = embed(ex.last())["fields"]
    assert len(fields) == 1 and "danger from ISIS" in fields[0]["value"]
    assert "components" not in ex.last() or not ex.last()["components"]


async def test_speaker_autocomplete_offers_stored_speakers(loaded: Harness) -> None:
    choices = await loaded.autocomplete("said", "speaker", "Whit")
    assert [(c["name"], c["value"]) for c in choices] == [("Dana Whitfield", "Dana Whitfield")]
    everyone = [c["name"] for c in await loaded.autocomplete("said", "speaker", "")]
    assert len(everyone) <= 25 and {"Dana Whitfield", "Rojhat Xelil", "Thomas Reyes"} <= set(everyone)


async def test_said_text_from_articles_cannot_ping(loaded: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefings.schemas import SaidAnswer, StatementFact

    async def said(**kw: Any) -> SaidAnswer:
        s = StatementFact(speaker="@everyone", text="ping @everyone <@123> **bold**", direct=True, evidence="x")
        return SaidAnswer(statements=[s], total=1)

    monkeypatch.setattr(answers, "said", said)
    ex = await loaded.invoke("said")
    body = ex.last()
    assert body["allowed_mentions"] == {"parse": []}
    assert "\\*\\*bold\\*\\*" in embed(body)["fields"][0]["value"]


# --- /article (admin) ---------------------------------------------------------------------------


async def test_article_add_without_url_opens_the_form_and_stores_the_text(harness: Harness, known_facts: None) -> None:
    ex = await harness.invoke("article add")
    assert ex.callback_type == 9
    modal = ex.callbacks[0].json["data"]
    text = "WASHINGTON, March 3, 2025 — About 1,800 US troops remain in Syria, an official said on Monday."
    sub = await harness.submit_modal(
        modal,
        {
            "Title": "A pasted one",
            "Source (the outlet)": "Test Wire",
            "Publication date (YYYY-MM-DD)": "",
            "Article text": text,
        },
    )
    assert sub.callback_type == 5 and sub.ephemeral()
    e = embed(sub.last())
    assert e["title"].startswith("Stored article #")
    assert "Test Wire" in e["description"] and "Extracted 0 troop figure(s)" in e["description"]
    assert sub.last()["flags"] & EPHEMERAL
    assert len(await stored_ids(harness)) == 1


async def test_article_form_with_a_bad_date_stores_nothing_and_keeps_the_text(harness: Harness) -> None:
    modal = (await harness.invoke("article add")).callbacks[0].json["data"]
    text = "Some article text that must not be lost."
    sub = await harness.submit_modal(
        modal, {"Source (the outlet)": "Test Wire", "Publication date (YYYY-MM-DD)": "18/04/2025", "Article text": text}
    )
    body = sub.last()
    assert sub.ephemeral() and "not a date" in body["content"] and "Nothing was stored" in body["content"]
    assert await stored_ids(harness) == []
    again = await harness.click(body, "Edit and try again")
    assert again.callback_type == 9
    refill = again.callbacks[0].json["data"]
    values = [c.get("value") for row in refill["components"] for c in row["components"]]
    assert text in values and "18/04/2025" in values


async def test_article_admin_commands_list_show_remove(loaded: Harness) -> None:
    ex = await loaded.invoke("article list")
    assert ex.callback_type == 5 and ex.ephemeral()
    lines = embed(ex.last())["description"].splitlines()
    assert len(lines) == 5 and lines[0].startswith("`#5`")
    ex = await loaded.invoke("article show", id=3)
    e = embed(ex.last())
    assert e["title"].startswith("#3 US to consolidate forces")
    assert "fewer than 1,000" in {f["name"]: f["value"] for f in e["fields"]}["Troop figures"]
    ex = await loaded.invoke("article remove", id=3)
    assert ex.ephemeral() and embed(ex.last())["title"] == "Removed article #3"
    assert 3 not in await stored_ids(loaded)
    ex = await loaded.invoke("article show", id=3)
    assert ex.ephemeral() and ex.callback_type == 5
    assert ex.last()["content"] == "no article with id 3" and "embeds" not in ex.last()


async def test_article_add_by_url_gives_a_clear_message_and_stores_nothing(harness: Harness) -> None:
    ex = await harness.invoke("article add", url="http://127.0.0.1:9/story")
    assert ex.ephemeral()
    body = ex.last()
    assert body.get("content"), body
    assert errors.GENERIC not in body["content"]
    assert await stored_ids(harness) == []


@pytest.mark.parametrize(
    ("path", "options"),
    [("article add", {}), ("article list", {}), ("article remove", {"id": 1}), ("subscriptions", {})],
)
async def test_members_without_manage_server_are_refused(loaded: Harness, path: str, options: dict[str, Any]) -> None:
    ex = await loaded.invoke(path, user=MEMBER_ID, **options)
    assert ex.callback_type == 4 and ex.ephemeral()
    assert ex.last()["content"] == errors.NEEDS_MANAGE_GUILD
    assert await stored_ids(loaded) == [5, 4, 3, 2, 1]


async def test_form_submitted_without_manage_server_stores_nothing(harness: Harness) -> None:
    modal = (await harness.invoke("article add")).callbacks[0].json["data"]
    sub = await harness.submit_modal(modal, {"Source (the outlet)": "X", "Article text": "Some text."}, user=MEMBER_ID)
    assert sub.ephemeral() and "Manage Server" in sub.last()["content"]
    assert await stored_ids(harness) == []


# --- errors, subscriptions, help ----------------------------------------------------------------


async def test_unexpected_errors_are_logged_and_answered_generically(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(**kw: Any) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(answers, "latest", broken)
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        ex = await harness.invoke("latest")
    assert ex.ephemeral() or ex.last()["flags"] & EPHEMERAL
    assert ex.last()["content"] == errors.GENERIC
    assert "database on fire" not in ex.text()
    [record] = [r for r in caplog.records if r.name == "bot.errors"]
    assert record.exc_info and "database on fire" in str(record.exc_info[1])


async def test_subscribe_list_and_unsubscribe(harness: Harness) -> None:
    ex = await harness.invoke("subscribe", time="7:30", timezone="Europe/Berlin")
    assert ex.callback_type == 5 and ex.ephemeral()
    assert ex.last()["content"] == f"Subscribed: <#{CHANNEL_ID}> every day at 07:30 Europe/Berlin."
    ex = await harness.invoke("subscriptions")
    assert embed(ex.last())["description"] == f"<#{CHANNEL_ID}> every day at 07:30 Europe/Berlin"
    ex = await harness.invoke("unsubscribe")
    assert ex.last()["content"] == f"<#{CHANNEL_ID}> will get no more briefings."
    ex = await harness.invoke("subscriptions")
    assert "No channel gets a briefing" in embed(ex.last())["description"]


async def test_subscribe_with_a_bad_time_or_zone_explains(harness: Harness) -> None:
    ex = await harness.invoke("subscribe", time="25:00")
    assert ex.ephemeral() and "HH:MM" in ex.last()["content"]
    ex = await harness.invoke("subscribe", timezone="Mars/Olympus")
    assert ex.ephemeral() and "is not a time zone" in ex.last()["content"]
    ex = await harness.invoke("subscriptions")
    assert "No channel gets a briefing" in embed(ex.last())["description"]


async def test_timezone_autocomplete(harness: Harness) -> None:
    choices = await harness.autocomplete("subscribe", "timezone", "berl")
    assert [c["value"] for c in choices] == ["Europe/Berlin"]
    assert len(await harness.autocomplete("subscribe", "timezone", "")) == 25


async def test_briefing_preview_answers_even_before_compose_exists(harness: Harness) -> None:
    ex = await harness.invoke("briefing", user=MEMBER_ID)
    assert ex.ephemeral()
    body = ex.last()
    assert body.get("embeds") or "not available" in body["content"]
    assert errors.GENERIC not in ex.text()


async def test_help_lists_every_command_ephemerally(harness: Harness) -> None:
    ex = await harness.invoke("help", user=MEMBER_ID)
    assert ex.callback_type == 4 and ex.ephemeral()
    names = " ".join(f["name"] for f in embed(ex.last())["fields"])
    for command in ("/troops", "/latest", "/said", "/article add", "/subscribe", "/briefing", "/help"):
        assert command in names
    assert_within_limits(ex)


async def test_a_second_bot_in_another_guild_sees_only_its_own_workspace(
    loaded: Harness, fake_discord: FakeDiscord, sqlite_store: Any
) -> None:
    other = next_guild()
    async with httpx.AsyncClient() as client:
        async with BriefBot(
            settings=bot_settings(other), session_factory=sqlite_store.factory, http_client=client
        ) as bot:
            await bot.login("fake-token")
            h = Harness(bot, fake_discord, other)
            ex = await h.invoke("latest")
    assert "Nothing stored yet" in embed(ex.last())["description"]
