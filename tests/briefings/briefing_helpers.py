"""Helpers of the briefing tests: a clock the test sets, facts stored at given times, and the
real bot logged in to a small fake of Discord's channel REST routes.

The fake serves 127.0.0.1 and ``discord.http.Route.BASE`` points at it, so
discord.py's own HTTP client (its 429 handling, its payloads) runs for real.
Message ids are snowflakes of the test clock, so "messages after" works the
way it does on Discord, and a nonce is remembered for a few minutes of that
clock, as Discord does. A channel can be scripted to answer with errors first.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import discord
from aiohttp import web
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import BriefBot
from bot.scheduler import BriefingScheduler, Pacer
from briefings.config import Settings
from briefings.models import (
    Article,
    EventFact,
    EventSource,
    StatementFact,
    StatementSource,
    TroopCountFact,
    TroopCountSource,
)
from briefings.schemas import Event, Statement, TroopCount
from briefings.store import content_hash, store_event, store_statement, store_troop_count
from tests.bot.bot_harness import serve_local

BOT_ID = 111_000_000_000_000_001
GUILD_ID = 222_000_000_000_000_001
SYSTEM_CHANNEL = 333_000_000_000_000_009


class Clock:
    """The time as the test says it is (UTC)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, now: dt.datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


# ------------------------------------------------------------------ facts at given times


async def add_article(
    factory: async_sessionmaker[AsyncSession],
    workspace: str,
    *,
    at: dt.datetime,
    source: str,
    published: dt.date | None = None,
    troops: Sequence[TroopCount] = (),
    statements: Sequence[Statement] = (),
    events: Sequence[Event] = (),
) -> int:
    """Store one article and its facts as if ingested at ``at`` (facts it creates first seen then)."""
    async with factory() as session, session.begin():
        marks = {}
        for model in (TroopCountFact, StatementFact, EventFact):
            marks[model] = await session.scalar(select(model.id).order_by(model.id.desc()).limit(1)) or 0
        text = f"{source} {at.isoformat()} {troops} {statements} {events}"
        article = Article(
            workspace=workspace, title=f"{source} report", source=source, url=f"https://{source.lower()}.test/{at:%s}",
            published=published or at.date(), published_basis="given", found_by="pasted", text=text,
            content_hash=content_hash(text), added_at=at,
        )
        session.add(article)
        await session.flush()
        for t in troops:
            await store_troop_count(session, article, t)
        for s in statements:
            await store_statement(session, article, s)
        for e in events:
            await store_event(session, article, e)
        for model, mark in marks.items():
            await session.execute(
                update(model)
                .where(model.workspace == workspace, model.id > mark)
                .values(first_seen_at=at, updated_at=at)
            )
        for link in (TroopCountSource, StatementSource, EventSource):
            await session.execute(update(link).where(link.article_id == article.id).values(added_at=at))
        return article.id


def level(value: int, date: str, **kw: Any) -> TroopCount:
    return TroopCount(value=value, date=date, evidence=f"There are {value:,} US troops in Syria.", **kw)


def said(speaker: str, text: str, date: str) -> Statement:
    return Statement(speaker=speaker, text=text, direct=True, date=date, evidence=f'"{text}," {speaker} said.')


def event(summary: str, date: str) -> Event:
    return Event(summary=summary, date=date, evidence=summary)


# ------------------------------------------------------------------ the fake Discord


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(body=json.dumps(data).encode(), status=status, content_type="application/json",
                        headers=headers)


def _user(user_id: int, name: str) -> dict:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": None, "avatar": None,
            "bot": True, "public_flags": 0}


@dataclass
class Posted:
    """One message the fake Discord stored."""

    id: int
    channel_id: int
    body: dict
    at: dt.datetime

    @property
    def footer(self) -> str:
        """The footer of the message (a briefing's is on its last embed)."""
        embeds = self.body.get("embeds") or []
        return ((embeds[-1].get("footer") or {}).get("text") or "") if embeds else ""

    @property
    def text(self) -> str:
        return json.dumps(self.body, ensure_ascii=False)


@dataclass
class FakeChannels:
    """Discord's channel routes: post and read messages, with scripted failures per channel."""

    clock: Clock
    messages: list[Posted] = field(default_factory=list)
    attempts: list[tuple[int, int]] = field(default_factory=list)
    script: dict[int, list[tuple[int, dict]]] = field(default_factory=dict)
    gone: set[int] = field(default_factory=set)
    forbidden: set[int] = field(default_factory=set)
    system_channel: int | None = SYSTEM_CHANNEL
    #: How long a nonce sent with ``enforce_nonce`` is remembered. Discord checks uniqueness only "in the past
    #: few minutes", so a post repeated after a crash and a restart is a second message, and the scheduler must
    #: find the first by its marker.
    nonce_ttl: dt.timedelta = dt.timedelta(minutes=5)
    base: str = ""
    _seq: Any = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None

    def posted_in(self, channel_id: int) -> list[Posted]:
        return [m for m in self.messages if m.channel_id == channel_id]

    def fail_next(self, channel_id: int, *responses: tuple[int, dict]) -> None:
        """The next posts to ``channel_id`` get these (status, body) answers, then success."""
        self.script.setdefault(channel_id, []).extend(responses)

    async def start(self) -> None:
        self._runner, self.base = await serve_local(self.handle)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _message(self, channel_id: int, body: dict) -> dict:
        mid = discord.utils.time_snowflake(self.clock()) + next(self._seq)
        self.messages.append(Posted(mid, channel_id, body, self.clock()))
        return self._message_json(self.messages[-1])

    def _message_json(self, m: Posted) -> dict:
        return {
            "id": str(m.id), "channel_id": str(m.channel_id), "type": 0, "content": m.body.get("content") or "",
            "author": _user(BOT_ID, "briefbot"), "embeds": m.body.get("embeds") or [], "attachments": [],
            "components": [], "mentions": [], "mention_roles": [], "pinned": False, "mention_everyone": False,
            "tts": False, "timestamp": m.at.isoformat(), "edited_timestamp": None, "flags": 0,
            "nonce": m.body.get("nonce"),
        }

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path.removeprefix("/api/v10")
        parts = path.strip("/").split("/")
        if request.method == "GET" and path == "/users/@me":
            return _json(_user(BOT_ID, "briefbot"))
        if request.method == "GET" and path == "/oauth2/applications/@me":
            return _json({"id": str(BOT_ID), "name": "briefbot", "description": "", "icon": None,
                          "bot_public": False, "bot_require_code_grant": False, "owner": _user(1, "owner"),
                          "verify_key": "0" * 64, "flags": 0})
        if parts[0] == "guilds" and request.method == "GET":
            return _json({"id": parts[1], "name": "test guild",
                          "system_channel_id": str(self.system_channel) if self.system_channel else None})
        if parts[0] == "channels" and parts[-1] == "messages":
            channel_id = int(parts[1])
            if channel_id in self.gone:
                return _json({"message": "Unknown Channel", "code": 10003}, 404)
            if request.method == "GET":
                after = int(request.query.get("after", "0"))
                limit = int(request.query.get("limit", "50"))
                found = sorted((m for m in self.posted_in(channel_id) if m.id > after), key=lambda m: -m.id)
                return _json([self._message_json(m) for m in found[:limit]])
            body = await request.json()
            self.attempts.append((channel_id, len(self.attempts)))
            if channel_id in self.forbidden:
                return _json({"message": "Missing Permissions", "code": 50013}, 403)
            queued = self.script.get(channel_id)
            if queued:
                status, answer = queued.pop(0)
                # discord.py treats a 429 without Via as a Cloudflare ban; Discord's own 429s carry it.
                return _json(answer, status, headers={"Via": "1.1 google"} if status == 429 else None)
            nonce = body.get("nonce")
            if nonce and body.get("enforce_nonce"):
                for m in self.posted_in(channel_id):
                    if m.body.get("nonce") == nonce and self.clock() - m.at <= self.nonce_ttl:
                        return _json(self._message_json(m))
            return _json(self._message(channel_id, body))
        return _json({"message": f"no route {request.method} {path}", "code": 0}, 404)


class Sleeps:
    """A sleep that returns at once and remembers how long it was asked to wait."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@asynccontextmanager
async def running_bot(
    fake: FakeChannels,
    factory: async_sessionmaker[AsyncSession],
    *,
    grace_hours: float = 6.0,
    sleeps: Sleeps | None = None,
    **options: Any,
) -> AsyncIterator[BriefBot]:
    """The real bot, logged in to the fake (setup_hook runs: cogs load, the scheduler starts and catches up).

    The scheduler runs on the fake's clock; APScheduler is off so nothing fires on the wall clock: the
    tests call what a cron job calls (``run_job``) at the times they set.
    """
    settings = Settings(_env_file=None, discord_token="fake", dev_guild_id=None,  # type: ignore[call-arg]
                        database_url="sqlite://", briefing_grace_hours=grace_hours)
    bot = BriefBot(settings=settings, session_factory=factory, http_client=None)
    options.setdefault("use_apscheduler", False)
    bot.briefings = BriefingScheduler.for_bot(  # type: ignore[attr-defined]
        bot, clock=fake.clock, sleep=sleeps or Sleeps(), pacer=Pacer(per_second=0), **options
    )
    async with bot:
        await bot.login("fake")
        await bot.briefings.wait_idle()  # type: ignore[attr-defined]
        yield bot


@asynccontextmanager
async def discord_and_channels(clock: Clock) -> AsyncIterator[tuple[Any, FakeChannels]]:
    """One server that is both fakes: interactions (``bot_harness.FakeDiscord``) and channel posts (here).

    discord.py has one API base, so a test that invokes ``/briefing`` and lets the
    scheduler post needs both behind it; point ``discord.http.Route.BASE`` at ``.base``.
    """
    from tests.bot.bot_harness import FakeDiscord

    channels, interactions = FakeChannels(clock=clock), FakeDiscord()

    async def handle(request: web.Request) -> web.StreamResponse:
        path = request.path.removeprefix("/api/v10")
        if path.startswith(("/channels/", "/guilds/")):
            return await channels.handle(request)
        return await interactions.handle(request)

    runner, base = await serve_local(handle)
    channels.base = interactions.base = base
    try:
        yield interactions, channels
    finally:
        await runner.cleanup()
