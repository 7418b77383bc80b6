"""Load through the real bot: a big generated store, many concurrent interactions, latency and loop lag.

Used by ``test_hardening_load.py`` (a CI-sized run that asserts no errors) and by
``bench/bench_load.py`` (200 interactions on 100,000 articles' worth of facts,
with figures). The store is filled with bulk inserts straight into the tables:
generation is setup, not what is measured.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hardening_helpers import message_bodies
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import errors
from briefings.models import (
    Article,
    EventFact,
    EventSource,
    StatementFact,
    StatementSource,
    TroopCountFact,
    TroopCountSource,
)
from briefings.periods import period
from briefings.speakers import speaker_key
from tests.bot.bot_harness import MEMBER_ID, FakeDiscord, Harness

SOURCES = ["Levant Desk", "Capitol Ledger", "Wire One", "Gulf Courier", "Border Post", "Evening Standard-Times"]
SPEAKERS = [
    ("Dana Whitfield", "Pentagon spokesperson"), ("Thomas Reyes", "General"), ("Alicia Moreno", "Representative"),
    ("Rojhat Xelil", "SDF official"), ("Mark Hollis", "Senator"), ("Lena Farouk", "analyst"),
    ("Samuel Ortiz", "Defense Secretary"), ("Hana Kurt", "spokeswoman"),
]  # fmt: skip
TOPICS = ["ISIS", "the bases", "the drawdown", "the mission", "Congress", "the prisons", "Iran", "the border"]
COUNTRIES = ["Syria"] * 8 + ["Iraq", "Jordan"]
BATCH = 5_000


@dataclass
class StoreShape:
    """How much a generated store holds."""

    articles: int
    troop_counts: int
    statements: int
    events: int
    seconds: float


def _day(rng: random.Random) -> dt.date:
    return dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 3800))


async def generate_store(engine: AsyncEngine, workspace: str, articles: int, *, seed: int = 11) -> StoreShape:
    """Bulk-insert ``articles`` articles with about 1 troop figure, 2 statements and 1 event each, linked."""
    rng = random.Random(seed)
    start = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    keys = {name: speaker_key(name) for name, _ in SPEAKERS}
    troop_n = stmt_n = event_n = 0
    async with engine.begin() as conn:
        for first in range(1, articles + 1, BATCH):
            ids = range(first, min(first + BATCH, articles + 1))
            art_rows, troop_rows, troop_links, stmt_rows, stmt_links, event_rows, event_links = ([] for _ in range(7))
            for aid in ids:
                published = _day(rng)
                source = rng.choice(SOURCES)
                text = f"Article {aid}: about {rng.randint(200, 3000):,} US troops, {source} reported."
                art_rows.append({
                    "id": aid, "workspace": workspace, "title": f"Story {aid} on the mission", "source": source,
                    "url": f"https://news.example.org/{aid}", "url_canonical": f"https://news.example.org/{aid}",
                    "published": published, "published_basis": "given", "found_by": "pasted", "text": text,
                    "content_hash": hashlib.sha256(text.encode()).hexdigest(), "added_by": "load", "added_at": now,
                })  # fmt: skip
                # Most articles repeat a figure another reported (merged facts); one in three is new.
                if aid % 3 == 1 or troop_n == 0:
                    troop_n += 1
                    date = (published - dt.timedelta(days=rng.randint(0, 20))).isoformat()
                    start_d, end_d, _ = period(date) or (None, None, None)
                    troop_rows.append({
                        "id": troop_n, "workspace": workspace, "fact_key": f"t{troop_n}", "date": date,
                        "date_start": start_d, "date_end": end_d, "first_seen_at": now, "updated_at": now,
                        "value": rng.randint(200, 3000), "qualifier": rng.choice(["approx", "exact", "under"]),
                        "kind": rng.choice(["level", "level", "change"]), "direction": None,
                        "status": rng.choice(["current", "past", "planned"]), "country": rng.choice(COUNTRIES),
                        "force": "US",
                    })  # fmt: skip
                troop_links.append({"fact_id": troop_n, "article_id": aid, "evidence": text, "status": "current",
                                    "added_at": now})  # fmt: skip
                for _ in range(2):
                    stmt_n += 1
                    name, role = rng.choice(SPEAKERS)
                    words = f"We discussed {rng.choice(TOPICS)} and {rng.choice(TOPICS)} in meeting {stmt_n}"
                    date = published.isoformat()
                    stmt_rows.append({
                        "id": stmt_n, "workspace": workspace, "fact_key": f"s{stmt_n}", "date": date,
                        "date_start": published, "date_end": published, "first_seen_at": now, "updated_at": now,
                        "speaker": name, "speaker_key": keys[name], "speaker_role": role, "text": words,
                        "text_search": words.casefold(), "direct": True,
                    })  # fmt: skip
                    stmt_links.append({"fact_id": stmt_n, "article_id": aid, "evidence": words, "added_at": now})
                event_n += 1
                summary = f"Development {event_n}: a convoy moved near {rng.choice(TOPICS)}."
                event_rows.append({
                    "id": event_n, "workspace": workspace, "fact_key": f"e{event_n}", "date": published.isoformat(),
                    "date_start": published, "date_end": published, "first_seen_at": now, "updated_at": now,
                    "summary": summary,
                })  # fmt: skip
                event_links.append({"fact_id": event_n, "article_id": aid, "evidence": summary, "added_at": now})
            for model, rows in (
                (Article, art_rows), (TroopCountFact, troop_rows), (TroopCountSource, troop_links),
                (StatementFact, stmt_rows), (StatementSource, stmt_links), (EventFact, event_rows),
                (EventSource, event_links),
            ):  # fmt: skip
                if rows:
                    await conn.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]
    return StoreShape(articles, troop_n, stmt_n, event_n, time.perf_counter() - start)


# --- the load ---------------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    """Figures of one load run."""

    interactions: int
    first_response: list[float] = field(default_factory=list)  # seconds, injection to the callback's arrival
    complete: list[float] = field(default_factory=list)  # seconds, injection to the last message's arrival
    lag: list[float] = field(default_factory=list)  # seconds of sleep overshoot, sampled every 10 ms
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0

    @staticmethod
    def pct(values: Sequence[float], q: float) -> float:
        """The ``q`` quantile (0..1) of ``values``, nearest rank."""
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]

    def summary(self) -> str:
        """The figures as printed lines."""
        ms = 1000
        return "\n".join([
            f"interactions          {self.interactions} in {self.wall:.2f} s",
            f"errors                {len(self.errors)}" + (f"  e.g. {self.errors[0]}" if self.errors else ""),
            f"first response p50    {self.pct(self.first_response, 0.5) * ms:.0f} ms",
            f"first response p99    {self.pct(self.first_response, 0.99) * ms:.0f} ms",
            f"first response max    {max(self.first_response, default=float('nan')) * ms:.0f} ms",
            f"complete answer p50   {self.pct(self.complete, 0.5) * ms:.0f} ms",
            f"complete answer p99   {self.pct(self.complete, 0.99) * ms:.0f} ms",
            f"loop lag p50          {self.pct(self.lag, 0.5) * ms:.1f} ms",
            f"loop lag p99          {self.pct(self.lag, 0.99) * ms:.1f} ms",
            f"loop lag max          {max(self.lag, default=float('nan')) * ms:.1f} ms"
            f"  ({len(self.lag)} samples, mean {statistics.fmean(self.lag or [0]) * ms:.1f} ms)",
        ])  # fmt: skip


class ArrivalClock:
    """Wraps the fake Discord's request reader to note when each request for an interaction token arrives.

    The aiohttp route holds the bound ``handle``; ``handle`` looks ``_read`` up on
    the instance at every request, so that is where the clock goes.
    """

    def __init__(self, fake: FakeDiscord) -> None:
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        real = fake._read

        async def read(request: Any) -> Any:
            now = time.perf_counter()
            parts = request.path.split("/")
            for part in parts:
                if part.startswith("token-"):
                    self.first.setdefault(part, now)
                    self.last[part] = now
            return await real(request)

        fake._read = read  # type: ignore[method-assign]


def mixed_commands(n: int, seed: int = 3) -> list[tuple[str, dict[str, Any]]]:
    """``n`` commands, a third each of /troops, /said and /latest, with varied options."""
    rng = random.Random(seed)
    out: list[tuple[str, dict[str, Any]]] = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            options: dict[str, Any] = {}
            if rng.random() < 0.5:
                options["as_of"] = _day(rng).isoformat()
            if rng.random() < 0.3:
                options["country"] = rng.choice(["Iraq", "Jordan", "Narnia"])
            out.append(("troops", options))
        elif kind == 1:
            options = {}
            if rng.random() < 0.6:
                options["speaker"] = rng.choice([*(s.split()[-1] for s, _ in SPEAKERS), "Nobody Known"])
            if rng.random() < 0.3:
                options["about"] = rng.choice(TOPICS)
            out.append(("said", options))
        else:
            out.append(("latest", {"count": rng.randint(1, 25)}))
    return out


async def run_load(h: Harness, commands: list[tuple[str, dict[str, Any]]], *, limit: float = 120.0) -> LoadResult:
    """Inject every command at once, wait for all, and measure (the fake Discord shares the loop)."""
    clock = ArrivalClock(h.fake)
    result = LoadResult(len(commands))
    stop = asyncio.Event()

    async def ticker() -> None:
        while not stop.is_set():
            t = time.perf_counter()
            await asyncio.sleep(0.01)
            result.lag.append(max(0.0, time.perf_counter() - t - 0.01))

    tick = asyncio.create_task(ticker())
    await asyncio.sleep(0.05)
    before = asyncio.all_tasks()
    sent: dict[str, float] = {}
    start_requests = len(h.fake.requests)
    wall = time.perf_counter()
    for path, options in commands:
        payload = h._base(2, user_id=MEMBER_ID, perms=0x400 | 0x800 | 0x10000)
        payload["data"] = h.command_data(path, options)
        token = payload["token"]
        sent[token] = time.perf_counter()
        h.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        await asyncio.sleep(0)  # the gateway delivers events one by one
    await h.wait_idle(before, limit=limit)
    result.wall = time.perf_counter() - wall
    stop.set()
    await tick

    requests = h.fake.requests[start_requests:]
    for token, t0 in sent.items():
        mine = [r for r in requests if token in r.path]
        if token not in clock.first or not any(r.path.endswith("/callback") for r in mine):
            result.errors.append(f"{token}: no response")
            continue
        result.first_response.append(clock.first[token] - t0)
        result.complete.append(clock.last[token] - t0)
        bodies = message_bodies(mine)
        if not bodies:
            result.errors.append(f"{token}: deferred but never answered")
        for body in bodies:
            if body.get("content") == errors.GENERIC:
                result.errors.append(f"{token}: generic error")
            if body.get("allowed_mentions") != {"parse": []}:
                result.errors.append(f"{token}: mentions not disabled")
    return result
