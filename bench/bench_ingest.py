"""Benchmark: ingestion into an empty store and into a store of M generated articles.

What is timed is what the service does for each article: ``ingest_text`` (checks,
duplicate lookup, extraction in a spawn worker process as the bot runs it, the
store stage) in a transaction of its own, one article after another, as
``briefbot ingest --manifest`` and the feed poller do. The same N articles go into
both stores, in chunks that alternate between them, so a change of the machine's
load during the run weighs on both alike. The big store comes from the shared
generator (``storegen.py``, the one ``bench_answers.py`` uses).

Printed: articles/s into each store, SQL statements per article, the extraction
alone (``analyse`` in this process) and the store stage alone (``store_facts`` with
ready facts) for comparison, the 1-minute load average, and as the last line
``ratio_full_vs_empty=X.XX`` (time per article into the big store / into the empty one).

Run:
    .venv/bin/python bench/bench_ingest.py [--articles 200] [--store-articles 100000]
        [--sqlite-path PATH] [--postgres URL] [--chunk 20]

With ``--sqlite-path`` the generated store is kept in that file and reused (migrated
to the head) when it exists. ``--postgres URL`` runs both stores in fresh PostgreSQL
schemas instead of SQLite files. Target: ratio <= 1.5, >= 100 articles/s into the
empty store on SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete, event, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from storegen import OUTLETS, WS, Data, article_texts, load_postgres, load_sqlite

from briefings.db import async_url, make_engine, make_session_factory, migrate
from briefings.ingest import analyse, ingest_text
from briefings.models import Article
from briefings.schemas import Extraction
from briefings.store import article_fact_ids, content_hash, delete_orphans, store_facts

TODAY = dt.date(2026, 11, 2)  # the generated story runs to 2026-11-01
BENCH = "bench-ingest"  # how this bench's articles are marked (found_by), apart from the generated ones


async def forget_earlier_runs(store: Store) -> int:
    """Remove the articles an earlier run stored in a kept store, and the facts only they supported.

    Else this run's articles, written from the same templates, would merge with them and write less.
    """
    async with store.factory() as session, session.begin():
        ids = (await session.scalars(select(Article.id).where(Article.found_by == BENCH))).all()
        facts: dict[type, list[int]] = {}
        for article_id in ids:
            for model, fact_ids in (await article_fact_ids(session, article_id)).items():
                facts.setdefault(model, []).extend(fact_ids)
        await session.execute(delete(Article).where(Article.found_by == BENCH))
        await delete_orphans(session, WS, fact_ids=facts)
    return len(ids)


@dataclass
class Store:
    """One store under test, with what was measured on it."""

    name: str
    engine: AsyncEngine
    factory: async_sessionmaker[AsyncSession]
    drop_schema: str | None = None
    seconds: float = 0.0
    articles: int = 0
    statements: int = 0
    store_seconds: float = 0.0
    counting: list[bool] = field(default_factory=lambda: [False])

    def count_statements(self) -> None:
        def tick(*_: Any) -> None:
            if self.counting[0]:
                self.statements += 1

        event.listen(self.engine.sync_engine, "before_cursor_execute", tick)


async def open_store(name: str, args: argparse.Namespace, data: Data | None) -> Store:
    """A migrated store: empty, or loaded with ``data`` (reused from --sqlite-path when it exists)."""
    if args.postgres:
        schema = f"bench_ingest_{uuid.uuid4().hex[:10]}"
        admin = create_async_engine(async_url(args.postgres))
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await admin.dispose()
        engine = create_async_engine(
            async_url(args.postgres), connect_args={"server_settings": {"search_path": schema}}
        )
        await migrate(engine)
        if data is not None:
            await load_postgres(engine, schema, data)
        store = Store(name, engine, make_session_factory(engine), drop_schema=schema)
    else:
        path = Path(args.sqlite_path) if name == "full" and args.sqlite_path else Path(args.tmp) / f"{name}.db"
        reuse = path.exists()
        engine = make_engine(f"sqlite:///{path}")
        await migrate(engine)
        await engine.dispose()
        if data is not None and not reuse:
            load_sqlite(path, data)
        engine = make_engine(f"sqlite:///{path}")
        store = Store(name, engine, make_session_factory(engine))
    store.count_statements()
    return store


async def close_store(store: Store, args: argparse.Namespace) -> None:
    await store.engine.dispose()
    if store.drop_schema:
        admin = create_async_engine(async_url(args.postgres))
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{store.drop_schema}" CASCADE'))
        await admin.dispose()


async def ingest(store: Store, docs: list[tuple[str, dt.date, Extraction]], executor: ProcessPoolExecutor) -> None:
    """``ingest_text`` for each article, one transaction each; adds to the store's totals."""
    store.counting[0] = True
    t0 = time.perf_counter()
    for i, (body, pub, _facts) in enumerate(docs):
        async with store.factory() as session, session.begin():
            result = await ingest_text(
                session=session, workspace=WS, text=body, source=OUTLETS[i % len(OUTLETS)], published=pub,
                executor=executor, today=TODAY, found_by=BENCH,
            )  # fmt: skip
        if not result.created:
            raise SystemExit(f"article {result.article_id} already stored: the bench must store new articles")
    store.seconds += time.perf_counter() - t0
    store.articles += len(docs)
    store.counting[0] = False


async def store_only(store: Store, docs: list[tuple[str, dt.date, Extraction]]) -> None:
    """The store stage alone: ``store_facts`` with the facts ready, one transaction per article."""
    t0 = time.perf_counter()
    for i, (body, pub, facts) in enumerate(docs):
        text_ = body + "\n\n(stored with ready facts)"
        async with store.factory() as session, session.begin():
            art = Article(
                workspace=WS, source=OUTLETS[i % len(OUTLETS)], published=pub, published_basis="given",
                found_by=BENCH, text=text_, content_hash=content_hash(text_),
            )  # fmt: skip
            session.add(art)
            await session.flush()
            await store_facts(session, art, facts)
    store.store_seconds += time.perf_counter() - t0


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


async def run(args: argparse.Namespace, data: Data | None) -> None:
    t0 = time.perf_counter()
    empty = await open_store("empty", args, None)
    full = await open_store("full", args, data)
    if data is not None:
        # Loaded: drop the generated rows, else every collection of this process walks their millions of objects.
        data.__dict__.clear()
        gc.collect()
    forgotten = await forget_earlier_runs(full)
    async with full.factory() as session:
        n = await session.scalar(text("SELECT count(*) FROM articles"))
    print(f"{'postgresql' if args.postgres else 'sqlite'}: big store of {n:,} articles ready in "
          f"{time.perf_counter() - t0:.0f} s" + (f" ({forgotten} of an earlier run removed)" if forgotten else ""),
          flush=True)  # fmt: skip
    rng = random.Random(5)
    # A kept store holds the articles of earlier runs: this run's texts are its own.
    nonce = uuid.uuid4().hex[:8]
    warm = 10
    docs = [(f"{b}\n\nRun {nonce}.", p, f) for b, p, f in article_texts(rng, args.articles + warm)]
    executor = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
    try:
        # Warm-up (not timed): the worker's start and imports, each store's pool and statement cache.
        for store in (empty, full):
            await ingest(store, [(f"{b} (warm-up {store.name})", p, f) for b, p, f in docs[:warm]], executor)
            store.seconds = store.articles = store.statements = 0
        timed = docs[warm:]
        for start in range(0, len(timed), args.chunk):
            chunk = timed[start : start + args.chunk]
            for store in (empty, full) if (start // args.chunk) % 2 == 0 else (full, empty):
                await ingest(store, chunk, executor)
        t0 = time.perf_counter()
        for body, pub, _ in timed:
            analyse(body, pub, TODAY)
        extract_rate = len(timed) / (time.perf_counter() - t0)
        for store in (empty, full):
            await store_only(store, timed)
    finally:
        executor.shutdown()
    for store in (empty, full):
        print(
            f"  {store.name:5s} store: ingest_text {store.articles / store.seconds:6.1f} articles/s "
            f"({1000 * store.seconds / store.articles:5.2f} ms/article, "
            f"{store.statements / store.articles:.1f} SQL statements/article); "
            f"store stage alone {len(timed) / store.store_seconds:6.1f} articles/s   {load()}",
            flush=True,
        )
    print(f"  extraction alone (analyse, in process): {extract_rate:6.1f} articles/s "
          f"({1000 / extract_rate:5.2f} ms/article)   {load()}")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory {peak:.0f} MB (with the generated rows, when the big store was generated in this run)")
    for store in (empty, full):
        await close_store(store, args)
    ratio = (full.seconds / full.articles) / (empty.seconds / empty.articles)
    print(f"ratio_full_vs_empty={ratio:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200, help="articles to ingest into each store")
    ap.add_argument("--store-articles", type=int, default=100_000, help="generated articles in the big store")
    ap.add_argument("--sqlite-path", help="keep the big SQLite store in this file (reused when it exists)")
    ap.add_argument("--postgres", metavar="URL", help="run on PostgreSQL (fresh schemas) instead of SQLite")
    ap.add_argument("--chunk", type=int, default=20, help="articles per alternation between the stores")
    args = ap.parse_args()
    data = None
    if args.postgres or not (args.sqlite_path and Path(args.sqlite_path).exists()):
        t0 = time.perf_counter()
        data = Data(args.store_articles)
        print(f"generated {args.store_articles:,} articles' facts in {time.perf_counter() - t0:.0f} s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        args.tmp = tmp
        asyncio.run(run(args, data))


if __name__ == "__main__":
    main()
