"""Load: concurrent /troops, /said and /latest through the real bot against a store of 100,000 articles.

    .venv/bin/python bench/bench_load.py [--articles 100000] [--interactions 200]
        [--postgres postgresql://postgres@127.0.0.1:5432/test] [--executor process|thread]
        [--session-limit N]

The bot is the real one (login and setup_hook run, cogs loaded) talking to the
fake Discord of ``tests/bot/bot_harness.py`` on 127.0.0.1; the interactions are
injected at once, as a burst from the gateway. The store is generated with bulk
inserts (SQLite file in a temporary folder, or a fresh schema on PostgreSQL) with
about 1 troop figure, 2 statements and 1 event per article; generation is setup
and is printed but is not the figure.

Figures: time to first response (injection to the interaction callback, i.e. the
deferral, arriving at the fake; target p99 < 1 s), time to the complete answer,
event-loop lag (a ticker sleeping 10 ms and recording the overshoot; target max
< 100 ms) and errors (target 0). The fake Discord runs on the same loop, so its
work counts against the bot, a pessimistic setting. Charts render in a spawn
process pool as in production (``--executor thread`` to compare). The bot's
setup_hook freezes the start-up heap (``gc.freeze()``), as in production. One
experiment that is not the bot's code: ``--session-limit N`` (at most N store
sessions at once).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import asynccontextmanager
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "bot"), str(ROOT / "tests" / "hardening"), str(ROOT)]

import discord  # noqa: E402
from hardening_load import generate_store, mixed_commands, run_load  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine  # noqa: E402

from bot.app import BriefBot  # noqa: E402
from bot.charts import render_troop_chart  # noqa: E402
from briefings.db import async_url, make_engine, make_session_factory, migrate  # noqa: E402
from briefings.schemas import TroopsAnswer  # noqa: E402
from tests.bot.bot_harness import FakeDiscord, Harness, bot_settings, next_guild  # noqa: E402


async def open_engine(postgres: str | None, folder: Path) -> tuple[AsyncEngine, str | None]:
    """A migrated engine: a SQLite file, or a fresh PostgreSQL schema (returned for dropping)."""
    if not postgres:
        engine = make_engine(f"sqlite:///{folder / 'load.db'}")
        await migrate(engine)
        return engine, None
    schema = f"load_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(async_url(postgres))
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    await admin.dispose()
    engine = create_async_engine(
        async_url(postgres), pool_size=10, max_overflow=10, connect_args={"server_settings": {"search_path": schema}}
    )
    await migrate(engine)
    return engine, schema


async def drop_schema(postgres: str, schema: str) -> None:
    admin = create_async_engine(async_url(postgres))
    async with admin.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    await admin.dispose()


class LimitedSessions:
    """A session factory that lets at most ``n`` sessions exist at once (an experiment, not the bot's code).

    With SQLite every session is an aiosqlite connection with a thread of its own;
    bounding them shows how much of the loop lag is those threads contending for the GIL.
    """

    def __init__(self, factory: async_sessionmaker[AsyncSession], n: int) -> None:
        self.factory = factory
        self.gate = asyncio.Semaphore(n)

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[AsyncSession]:
        async with self.gate, self.factory() as session:
            yield session


def make_executor(kind: str) -> Executor:
    if kind == "thread":
        return ThreadPoolExecutor(max_workers=4)
    pool = ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn"))
    # Start the workers (and import matplotlib in them) before the clock runs, as a running bot has.
    list(pool.map(render_troop_chart, [TroopsAnswer(country="Syria", as_of="2025-01-01")] * 2))
    return pool


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine, schema = await open_engine(args.postgres, Path(tmp))
        backend = "postgresql" if args.postgres else "sqlite"
        guild = next_guild()
        executor = make_executor(args.executor)
        try:
            shape = await generate_store(engine, str(guild), args.articles)
            # Fresh statistics, as a store that grew by ingestion would have.
            async with engine.begin() as conn:
                await conn.execute(text("ANALYZE"))
            print(f"backend               {backend}")
            print(
                f"store                 {shape.articles:,} articles, {shape.troop_counts:,} troop figures, "
                f"{shape.statements:,} statements, {shape.events:,} events (generated in {shape.seconds:.1f} s)"
            )
            fake = FakeDiscord()
            await fake.start()
            discord.http.Route.BASE = fake.base
            try:
                factory: Any = make_session_factory(engine)
                if args.session_limit:
                    factory = LimitedSessions(factory, args.session_limit)
                settings = bot_settings(guild)
                bot = BriefBot(settings=settings, session_factory=factory, http_client=None, executor=executor)
                async with bot:
                    await bot.login("fake-token")
                    h = Harness(bot, fake, guild)
                    # One of each first, so lazy imports and statement caches are warm, as in a running bot.
                    await run_load(h, mixed_commands(3, seed=99))
                    print(f"python objects        {len(gc.get_objects()):,} tracked by the collector")
                    start = time.perf_counter()
                    result = await run_load(h, mixed_commands(args.interactions), limit=600)
                    limit = args.session_limit or "none (the bot as is)"
                    print(f"executor              {args.executor}; session limit {limit}")
                    print(f"load ran              {time.perf_counter() - start:.2f} s")
                    print(result.summary())
                    ok = (
                        not result.errors
                        and result.pct(result.first_response, 0.99) < 1.0
                        and max(result.lag, default=0) < 0.1
                    )
                    verdict = "met" if ok else "NOT met"
                    print(f"targets               {verdict} (0 errors, p99 < 1 s, lag < 100 ms)")
            finally:
                await fake.stop()
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
            await engine.dispose()
            if schema and args.postgres:
                await drop_schema(args.postgres, schema)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--interactions", type=int, default=200)
    ap.add_argument("--postgres", default=None, help="a PostgreSQL URL (a fresh schema is made and dropped)")
    ap.add_argument("--executor", choices=["process", "thread"], default="process")
    ap.add_argument(
        "--session-limit", type=int, default=0, help="experiment: at most N store sessions at once (default: no limit)"
    )
    args = ap.parse_args()
    os.environ.setdefault("MPLBACKEND", "Agg")
    print(f"load average          {os.getloadavg()[0]:.2f} (1 min)")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
