"""Benchmark: every ask over 100,000 articles' worth of facts, on SQLite and PostgreSQL; ingestion rate.

The store is generated (the extractor is not run) and bulk-inserted straight into
the migrated tables: per article about 3 troop figures, 5 statements and 4 events,
merged into facts with 1 to 4 sources each; about 200 speakers quoted with a
long-tailed frequency, several countries, dates spread over twelve years with day,
month and year precision and a few undated facts. Then each ask is timed over a
few hundred calls with varied arguments, each call in its own session as the bot
does it: troops (today), troops as of a date, latest, said by speaker, said about,
speaker autocomplete. Finally a few hundred generated articles go through the real
ingest path (``ingest_text``: clean, extract, store) and through the store stage
alone (``store_facts`` with ready facts), into the big store.

Run:
    .venv/bin/python bench/bench_answers.py [--articles 100000] [--calls 300] [--ingest 300]
        [--backends sqlite,postgresql] [--pg-url postgresql://postgres@127.0.0.1:5432/test] [--explain]
        [--sqlite-path PATH] [--pg-schema NAME] [--only ASK,ASK]

PostgreSQL runs in a schema of its own that is dropped afterwards. With ``--sqlite-path`` /
``--pg-schema`` the generated store is kept there (and reused, after migrating it to the head
revision, when it already holds articles), so before/after figures compare one store; each
ask line shows the client CPU time per call and the 1-minute load average, since wall-clock
figures on a shared machine swing with the load. Target: p99 < 20 ms per answer.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

# The store generator shared with bench_ingest.py (this folder is on the path when a bench runs as a script).
from storegen import (
    COUNTRIES,
    FIRST_DAY,
    LAST_DAY,
    OUTLETS,
    WS,
    Data,
    article_texts,
    load_postgres,
    load_sqlite,
)

from briefings import answers
from briefings.db import async_url, make_engine, make_session_factory, migrate
from briefings.ingest import ingest_text
from briefings.models import Article
from briefings.store import content_hash, store_facts


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


async def time_ask(
    factory: async_sessionmaker[AsyncSession], calls: int, make: Callable[[AsyncSession, int], Awaitable[Any]]
) -> tuple[float, float, float, float]:
    """p50, p99 and max in milliseconds of ``calls`` calls, each in a fresh session; and client CPU ms per call."""
    for i in range(5):  # warm the caches and the pool
        async with factory() as session:
            await make(session, i)
    times = []
    cpu0 = time.process_time()
    for i in range(calls):
        t0 = time.perf_counter()
        async with factory() as session:
            await make(session, i)
        times.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - cpu0) * 1000 / calls
    return statistics.median(times), _pct(times, 99), max(times), cpu


def asks(data: Data, rng: random.Random) -> dict[str, Callable[[AsyncSession, int], Awaitable[Any]]]:
    """The asks to time, each with varied arguments."""
    names = [n for names in data.speakers for n in names]
    popular = [names[0] for names in data.speakers[:10]]
    span = (LAST_DAY - FIRST_DAY).days
    as_of = [FIRST_DAY + dt.timedelta(days=rng.randrange(span)) for _ in range(1000)]
    words = [w for w in data.vocab[:3000]]
    abouts = [
        rng.choice(words) if rng.random() < 0.6 else f"{rng.choice(words)} {rng.choice(words[:200])}"
        for _ in range(1000)
    ]
    prefixes = [rng.choice(names)[: rng.randint(1, 4)] for _ in range(1000)]

    return {
        "troops (today)": lambda s, i: answers.troops(session=s, workspace=WS, country=COUNTRIES[i % len(COUNTRIES)]),
        "troops --as-of": lambda s, i: answers.troops(session=s, workspace=WS, country="Syria", as_of=as_of[i]),
        "latest": lambda s, i: answers.latest(session=s, workspace=WS, limit=10),
        "said --speaker": lambda s, i: answers.said(
            session=s, workspace=WS, speaker=popular[i % 10] if i % 2 else names[i % len(names)]
        ),
        "said --about": lambda s, i: answers.said(session=s, workspace=WS, about=abouts[i]),
        "said (everyone)": lambda s, i: answers.said(session=s, workspace=WS, offset=10 * (i % 5)),
        "speaker autocomplete": lambda s, i: answers.speaker_choices(session=s, workspace=WS, prefix=prefixes[i]),
    }


async def bench_ingest(factory: async_sessionmaker[AsyncSession], rng: random.Random, n: int) -> tuple[float, float]:
    """Articles per second through ``ingest_text`` and through the store stage alone."""
    docs = article_texts(rng, 2 * n)
    # A kept store already holds the articles of earlier runs: mark this run's copies apart.
    nonce = uuid.uuid4().hex[:8]
    docs = [(f"{body}\n\nRun {nonce}.", pub, facts) for body, pub, facts in docs]
    t0 = time.perf_counter()
    for body, pub, _ in docs[:n]:
        async with factory() as session, session.begin():
            await ingest_text(session=session, workspace=WS, text=body, source=rng.choice(OUTLETS), published=pub)
    full = n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for body, pub, facts in docs[n:]:
        async with factory() as session, session.begin():
            art = Article(
                workspace=WS,
                source=rng.choice(OUTLETS),
                published=pub,
                published_basis="given",
                found_by="bench",
                text=body + " (store only)",
                content_hash=content_hash(body + " (s)"),
            )
            session.add(art)
            await session.flush()
            await store_facts(session, art, facts)
    store_only = n / (time.perf_counter() - t0)
    return full, store_only


EXPLAIN_SQL = {
    "said by speaker": "SELECT id FROM statements WHERE workspace = :w AND speaker_key IN ('trump') "
    "AND date_start IS NOT NULL ORDER BY date_start DESC, first_seen_at DESC, id DESC LIMIT 10",
    "latest": "SELECT id FROM events WHERE workspace = :w AND date_start IS NOT NULL "
    "ORDER BY date_start DESC LIMIT 1 OFFSET 9",
    "troops current": "SELECT id FROM troop_counts WHERE workspace = :w AND country IN ('Syria') AND kind = 'level' "
    "AND date_start <= '2020-01-01' AND status != 'planned' ORDER BY date_start DESC, id DESC LIMIT 20",
    "sources": "SELECT a.id FROM statement_sources s JOIN articles a ON a.id = s.article_id "
    "WHERE s.fact_id IN (1, 2, 3)",
}


async def explain(factory: async_sessionmaker[AsyncSession], backend: str) -> None:
    """Print the plans of the main queries."""
    async with factory() as session:
        for name, sql in EXPLAIN_SQL.items():
            prefix = "EXPLAIN QUERY PLAN " if backend == "sqlite" else "EXPLAIN "
            rows = (await session.execute(text(prefix + sql), {"w": WS})).all()
            print(f"    plan {name}:")
            for row in rows:
                print("      " + str(row[-1]))


async def run_backend(backend: str, data: Data, args: argparse.Namespace) -> None:
    """Load, time every ask, and time ingestion on one backend."""
    schema = None
    drop_schema = False
    tmp = tempfile.TemporaryDirectory()
    t0 = time.perf_counter()
    if backend == "sqlite":
        path = Path(args.sqlite_path) if args.sqlite_path else Path(tmp.name) / "bench.db"
        reuse = path.exists()
        engine = make_engine(f"sqlite:///{path}")
        await migrate(engine)
        await engine.dispose()
        if not reuse:
            load_sqlite(path, data)
        engine = make_engine(f"sqlite:///{path}")
    else:
        schema = args.pg_schema or f"bench_{uuid.uuid4().hex[:10]}"
        drop_schema = not args.pg_schema
        admin = create_async_engine(async_url(args.pg_url))
        async with admin.begin() as conn:
            reuse = bool(await conn.scalar(text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": schema}))
            if not reuse:
                await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await admin.dispose()
        engine = create_async_engine(
            async_url(args.pg_url), pool_size=5, connect_args={"server_settings": {"search_path": schema}}
        )
        await migrate(engine)
        if not reuse:
            await load_postgres(engine, schema, data)
    factory = make_session_factory(engine)
    print(
        f"{backend}: {'reused' if reuse else 'loaded'} {len(data.articles):,} articles, "
        f"{len(data.troops):,} troop figures, "
        f"{len(data.statements):,} statements, {len(data.events):,} events, "
        f"{len(data.troop_links) + len(data.statement_links) + len(data.event_links):,} source links "
        f"in {time.perf_counter() - t0:.0f} s"
    )
    try:
        if args.explain:
            await explain(factory, backend)
        rng = random.Random(11)
        only = {a.strip() for a in args.only.split(",")} if args.only else None
        for name, make in asks(data, rng).items():
            if only and name not in only:
                continue
            p50, p99, worst, cpu = await time_ask(factory, args.calls, make)
            flag = "" if p99 < 20 else "  <-- over the 20 ms target"
            print(
                f"  {name:22s} p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   max {worst:6.2f} ms   "
                f"cpu {cpu:5.2f} ms/call   load {os.getloadavg()[0]:.2f}{flag}",
                flush=True,
            )
        if args.ingest <= 0:
            return
        full, store_only = await bench_ingest(factory, rng, args.ingest)
        print(
            f"  ingest_text (clean+extract+store): {full:7.1f} articles/s   store stage alone: {store_only:7.1f} "
            f"articles/s   ({args.ingest} articles each)"
        )
    finally:
        await engine.dispose()
        if schema and drop_schema:
            admin = create_async_engine(async_url(args.pg_url))
            async with admin.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            await admin.dispose()
        tmp.cleanup()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--ingest", type=int, default=300)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument(
        "--pg-url", default=os.environ.get("BRIEFBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    )
    ap.add_argument("--explain", action="store_true", help="print the plans of the main queries")
    ap.add_argument("--sqlite-path", help="keep the SQLite store in this file (reused when it exists)")
    ap.add_argument("--pg-schema", help="keep the PostgreSQL store in this schema (reused when it exists)")
    ap.add_argument("--only", help="comma-separated names of the asks to time (default: all)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    data = Data(args.articles)
    print(f"generated {args.articles:,} articles' facts in {time.perf_counter() - t0:.0f} s")
    for backend in args.backends.split(","):
        asyncio.run(run_backend(backend.strip(), data, args))


if __name__ == "__main__":
    main()
