"""Time migration 0008 (the SQLite table rebuilds that give ids AUTOINCREMENT) on a store with data.

Run: ``.venv/bin/python bench/bench_migrate_ids.py [--articles 20000] [--path /tmp/bench-0008.db]``.
Prints figures; asserts nothing. The store is made at the revision before 0008 with plain inserts: each
article about 2.8 kB of text, with 2 troop figures, 2 events and 5 statements, each linked to it.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import time
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from briefings.db import alembic_config, make_engine, migrate

NOW = dt.datetime.now(dt.UTC).isoformat()
BODY = "The Pentagon said about 900 US troops remain in Syria. " * 50
# table, its link table, facts per article, extra columns and their values
FACTS = (
    ("troop_counts", "troop_count_sources", 2, ", value, qualifier, kind, status, country, force",
     ", 900, 'approx', 'level', 'current', 'Syria', 'US'"),
    ("events", "event_sources", 2, ", summary", ", 'the drawdown began'"),
    ("statements", "statement_sources", 5, ", speaker, speaker_key, text, text_search, direct",
     ", 'Reyes', 'reyes', 'we will stay', :words, 0"),
)


async def fill(conn: AsyncConnection, articles: int) -> None:
    await conn.execute(
        text(
            "INSERT INTO articles (id, workspace, source, published, published_basis, found_by, text, content_hash,"
            " added_at) VALUES (:id, 'w', 'Wire', '2025-01-01', 'given', 'file', :text, :hash, :at)"
        ),
        [{"id": i, "text": f"{i} {BODY}", "hash": f"{i:064d}", "at": NOW} for i in range(1, articles + 1)],
    )
    for table, link, per, columns, values in FACTS:
        rows = [{"id": i, "words": f"we will stay {i}"} for i in range(1, articles * per + 1)]
        await conn.execute(
            text(
                f"INSERT INTO {table} (id, workspace, fact_key, date, date_start, date_end, first_seen_at,"
                f" updated_at, confidence{columns}) VALUES (:id, 'w', 'k', '2025-01-01', '2025-01-01',"
                f" '2025-01-01', '{NOW}', '{NOW}', 1.0{values})"
            ),
            rows,
        )
        status = (", status", ", 'current'") if table == "troop_counts" else ("", "")
        await conn.execute(
            text(
                f"INSERT INTO {link} (fact_id, article_id, evidence, confidence, added_at{status[0]})"
                f" VALUES (:id, :article, 'e', 1.0, '{NOW}'{status[1]})"
            ),
            [{"id": i, "article": (i - 1) // per + 1} for i in range(1, articles * per + 1)],
        )


async def main(articles: int, path: Path) -> None:
    before = ScriptDirectory.from_config(alembic_config()).get_revision("0008").down_revision
    engine = make_engine(f"sqlite:///{path}")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: command.upgrade(alembic_config(c), str(before)))
            await fill(conn, articles)
        size = await asyncio.to_thread(lambda: path.stat().st_size / 1e6)
        start = time.perf_counter()
        await migrate(engine)
        took = time.perf_counter() - start
        async with engine.connect() as conn:
            found = (await conn.execute(text("SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'stay'")))
            hits = found.scalar()
    finally:
        await engine.dispose()
    print(
        f"{articles:,} articles, {articles * 5:,} statements, {articles * 2:,} troop figures and events "
        f"({size:.0f} MB): migration 0008 took {took:.1f} s; the full-text search still finds {hits:,} statements"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--path", type=Path, default=Path("/tmp/bench-0008.db"))
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.path}{suffix}").unlink(missing_ok=True)
    asyncio.run(main(args.articles, args.path))
