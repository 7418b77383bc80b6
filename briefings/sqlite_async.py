"""aiosqlite connections whose statements cost one trip to the connection's thread.

aiosqlite runs every call on a sqlite3 connection in a thread of its own, and
SQLAlchemy's async adapter makes four of them per statement: make a cursor, execute,
fetch the rows, close the cursor. Each trip hands work to the thread and back through
the event loop (about 30 µs on an idle machine, far more on a busy one); storing one
article runs about fifteen statements, so the trips cost more than the SQL. Here a
cursor does all four in one trip: ``execute`` runs the statement, reads every row and
closes the sqlite3 cursor in the thread, and the rest is answered from memory.

Used by :func:`briefings.db.make_engine` for SQLite files, through SQLAlchemy's
``async_creator`` (the aiosqlite dialect otherwise unchanged). Reading every row at
once is what SQLAlchemy's adapter does anyway for all but server-side cursors, which
the store never asks for.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite


class Cursor(aiosqlite.Cursor):
    """A cursor whose ``execute`` runs, reads and closes in one trip to the thread."""

    def __init__(self, conn: aiosqlite.Connection) -> None:  # no sqlite3 cursor until a statement runs
        self.iter_chunk_size = conn._iter_chunk_size
        self._conn = conn
        self._rows: deque[Any] = deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    def _run(self, many: bool, sql: str, parameters: Any) -> tuple[Any, int, int | None, list[Any]]:
        # In the connection's thread.
        cursor = self._conn._conn.cursor()
        try:
            if many:
                cursor.executemany(sql, parameters)
            else:
                cursor.execute(sql, parameters)
            rows = cursor.fetchall() if cursor.description else []
            return cursor.description, cursor.rowcount, cursor.lastrowid, rows
        finally:
            cursor.close()

    async def _go(self, many: bool, sql: str, parameters: Any) -> Cursor:
        description, rowcount, lastrowid, rows = await self._conn._execute(self._run, many, sql, parameters)
        self._description, self._rowcount, self._lastrowid = description, rowcount, lastrowid
        self._rows = deque(rows)
        return self

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> Cursor:
        return await self._go(False, sql, [] if parameters is None else parameters)

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> Cursor:
        return await self._go(True, sql, parameters)

    async def executescript(self, sql_script: str) -> Cursor:
        await self._conn._execute(self._conn._conn.executescript, sql_script)
        return self

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        n = self.iter_chunk_size if size is None else size
        return [self._rows.popleft() for _ in range(min(n, len(self._rows)))]

    async def fetchall(self) -> Sequence[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows

    async def close(self) -> None:
        self._rows.clear()  # the sqlite3 cursor was closed in the thread

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._lastrowid

    @property
    def description(self) -> Any:
        return self._description

    @property
    def arraysize(self) -> int:
        return self.iter_chunk_size

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self.iter_chunk_size = value


class _NewCursor:
    """What ``Connection.cursor()`` returns: awaitable and an async context, with no trip to the thread."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._cursor = Cursor(conn)

    def __await__(self) -> Any:
        return self._ready().__await__()

    async def _ready(self) -> Cursor:
        return self._cursor

    async def __aenter__(self) -> Cursor:
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        await self._cursor.close()


class Connection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors are :class:`Cursor`."""

    def cursor(self) -> Any:  # type: ignore[override]
        return _NewCursor(self)


def connect(database: str, **kwargs: Any) -> Connection:
    """Like ``aiosqlite.connect``: a connection to await, its thread a daemon as SQLAlchemy makes it."""

    def connector() -> sqlite3.Connection:
        return sqlite3.connect(database, **kwargs)

    conn = Connection(connector, 64)
    conn._thread.daemon = True
    return conn
