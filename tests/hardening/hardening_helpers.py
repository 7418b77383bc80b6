"""Helpers of the hardening tests: row counts, payload checks and the article form."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import limits
from briefings.models import Article, EventFact, StatementFact, TroopCountFact
from tests.bot.bot_harness import EPHEMERAL, FakeDiscord, Harness, Recorded

FORM_TITLE = "Title"
FORM_SOURCE = "Source (the outlet)"
FORM_DATE = "Publication date (YYYY-MM-DD)"
FORM_TEXT = "Article text"


async def row_counts(factory: async_sessionmaker[AsyncSession]) -> tuple[int, int, int, int]:
    """Rows in articles, troop counts, statements and events (every workspace)."""
    async with factory() as session:
        out = [
            await session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Article, TroopCountFact, StatementFact, EventFact)
        ]
    return out[0], out[1], out[2], out[3]


def message_bodies(requests: list[Recorded]) -> list[dict[str, Any]]:
    """Every message body in ``requests``: message responses, updates, followups, edits and channel posts."""
    out: list[dict[str, Any]] = []
    for r in requests:
        if r.path.endswith("/callback"):
            if r.json and r.json.get("type") in (4, 7) and r.json.get("data") is not None:
                out.append(r.json["data"])
        elif (
            r.method in ("POST", "PATCH")
            and r.json is not None
            and (r.path.startswith("/webhooks/") or r.path.endswith("/messages"))
        ):
            out.append(r.json)
    return out


def assert_sends_are_safe(fake: FakeDiscord) -> None:
    """Every message the bot ever sent to the fake: no mention can fire, and it is within Discord's limits."""
    bodies = message_bodies(fake.requests)
    assert bodies, "the bot sent no message at all"
    for body in bodies:
        assert body.get("allowed_mentions") == {"parse": []}, body
        limits.check_payload(body)


def is_ephemeral(body: dict[str, Any]) -> bool:
    """True when a message body carries the ephemeral flag."""
    return bool((body.get("flags") or 0) & EPHEMERAL)


async def open_form(h: Harness) -> dict[str, Any]:
    """Run ``/article add`` without a url and return the modal the bot opened."""
    ex = await h.invoke("article add")
    assert ex.callback_type == 9, ex.requests
    return ex.callbacks[0].json["data"]
