"""Engines, sessions and migrations for SQLite and PostgreSQL.

The command line and the bot both work through async sessions (aiosqlite /
asyncpg), so the bot can use the store on its event loop. Plain
``sqlite:///`` and ``postgresql://`` URLs are accepted and given their async
driver here.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from briefings.errors import BadInput

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant will do; it only has to be the same for every process of the deployment.
_MIGRATION_LOCK = 74_215_003


def async_url(url: str) -> str:
    """Give a database URL its async driver: ``sqlite:///x.db`` -> ``sqlite+aiosqlite:///x.db``."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise BadInput(f"not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    elif backend in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    else:
        raise BadInput(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # Foreign keys are off by default in SQLite; cascades depend on them.
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets readers (the bot's answers) run while an ingestion writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_connector(database: str) -> Callable[[], Awaitable[Any]]:
    # One trip to aiosqlite's thread per statement instead of four (briefings.sqlite_async).
    from briefings import sqlite_async

    async def connect() -> Any:
        return await sqlite_async.connect(database, check_same_thread=False)

    return connect


def make_engine(url: str, *, pool_size: int = 5, echo: bool = False) -> AsyncEngine:
    """Create the async engine for ``url`` (SQLite file or PostgreSQL)."""
    full = async_url(url)
    if full.startswith("sqlite"):
        # A pool of open connections: opening SQLite (and its worker thread) costs 1-10 ms per answer.
        database = make_url(full).database
        in_memory = database in (None, "", ":memory:")
        opts: dict[str, Any] = {}
        if not in_memory:
            opts = {"pool_size": pool_size, "max_overflow": pool_size, "async_creator": _sqlite_connector(database)}
        engine = create_async_engine(full, echo=echo, **opts)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(full, echo=echo, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session factory whose objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(connection: Connection | None = None) -> Config:
    """The Alembic configuration of the packaged migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@contextlib.asynccontextmanager
async def sqlite_migration_lock(database: str | None) -> AsyncIterator[None]:
    """Hold ``<database>.migrate.lock`` exclusively while the block runs (nothing for an in-memory database).

    SQLite's counterpart of the PostgreSQL advisory lock in :func:`_upgrade`: two processes opening one new
    file at once would otherwise both find no tables and both create them. The lock file stays beside the
    database (removing it would let a third process lock a different file); the kernel frees the lock when
    its holder exits, however it ends.
    """
    if database in (None, "", ":memory:"):
        yield
        return
    fd = os.open(f"{database}.migrate.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                # Another process is migrating (a second or so): wait without holding the event loop.
                await asyncio.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


def _upgrade(connection: Connection) -> None:
    from alembic import command

    if connection.dialect.name == "postgresql":
        # Two bot processes starting together must not both run the migrations.
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
    command.upgrade(alembic_config(connection), "head")


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*=\s*(.+)$", re.M)


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The head of the packaged migrations, read from their files; None when there is not exactly one.

    Alembic takes about as long to import as the rest of a command: this lets the
    front ends skip it when the store is already at the head.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN_REVISION.search(source)
        if down is not None:
            parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


async def schema_is_current(engine: AsyncEngine) -> bool:
    """True when the store is at the packaged head revision: one query, and no Alembic import."""
    head = head_revision()
    if head is None:
        return False
    try:
        async with engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
    except DBAPIError:
        return False  # a new store: no alembic_version table yet
    return list(versions) == [head]


async def migrate(engine: AsyncEngine) -> None:
    """Apply every pending Alembic migration (run at start by every front end).

    Two processes opening one new SQLite file take turns through a file lock beside it (PostgreSQL takes
    an advisory lock in the migration environment). On SQLite the migrations run with foreign-key
    enforcement off, as SQLite's procedure for rebuilding a table asks (migration 0008): dropping a
    referenced table would otherwise cascade to its children. The pragma cannot change inside a
    transaction, so it is set before one begins and restored after it ends.
    """
    if await schema_is_current(engine):
        return  # one query, and Alembic is never imported
    sqlite = engine.dialect.name == "sqlite"
    async with sqlite_migration_lock(engine.url.database if sqlite else None), engine.connect() as conn:
        if sqlite:
            await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await conn.commit()
        try:
            async with conn.begin():
                await conn.run_sync(_upgrade)
        finally:
            if sqlite:
                await conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                await conn.commit()
