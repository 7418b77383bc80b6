"""Two processes opening one new SQLite file at the same moment both end up with a migrated store.

Each process migrates the way every front end does at start (``briefings.db.migrate``). The two wait at a
barrier before each file, so they start migrating within a millisecond of each other; without a lock,
both found no tables and one failed with "table articles already exists".
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sqlite3
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

RUNS = 20


def _migrate_each(paths: list[str], barrier: Barrier, results: Any) -> None:
    """In a child process: migrate each file in turn, at the same moment as the other child."""
    from briefings.db import make_engine, migrate

    async def one(path: str) -> None:
        engine = make_engine(f"sqlite:///{path}")
        try:
            await migrate(engine)
        finally:
            await engine.dispose()

    for path in paths:
        barrier.wait(timeout=60)
        try:
            asyncio.run(one(path))
            results.put((path, "ok"))
        except Exception as exc:
            results.put((path, f"{type(exc).__name__}: {exc}".splitlines()[0]))


def test_two_processes_migrating_one_new_sqlite_file_at_once_both_succeed(tmp_path: Path) -> None:
    paths = [str(tmp_path / f"new-{i}.db") for i in range(RUNS)]
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    children = [ctx.Process(target=_migrate_each, args=(paths, barrier, results)) for _ in range(2)]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=120) for _ in range(2 * RUNS)]
    for child in children:
        child.join(timeout=30)
        assert child.exitcode == 0
    failures = [(Path(p).name, what) for p, what in outcomes if what != "ok"]
    assert failures == [], f"{len(failures)} of {2 * RUNS} migrations failed: {failures[:3]}"
    for path in paths:
        with sqlite3.connect(path) as db:
            (version,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
            (articles,) = db.execute("SELECT count(*) FROM articles").fetchone()
        assert version and articles == 0
