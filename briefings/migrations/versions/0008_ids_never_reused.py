"""ids never reused: AUTOINCREMENT on the SQLite tables whose ids users see

SQLite gives a new row the largest id in the table plus one, so removing the
newest article and adding another gave the new one the old one's id, and an id
quoted in an old message (``/article show id:6``) then pointed at a different
article. ``AUTOINCREMENT`` keeps the largest id ever given in ``sqlite_sequence``
and never gives it again, as PostgreSQL's sequences already do.

SQLite can only declare it when a table is created, so each table is rebuilt
(Alembic batch mode: copy into a new table, drop the old one, rename), ids and
rows unchanged. Two things a rebuild would otherwise break:

- foreign keys: with enforcement on, dropping ``articles`` would first delete
  every row that references it (the fact links cascade). ``briefings.db.migrate``
  turns enforcement off on SQLite before the migrations run (it cannot change
  inside a transaction); this migration refuses to rebuild if it is still on,
  and checks every reference with ``PRAGMA foreign_key_check`` afterwards.
- the full-text search of statements (migration 0003): dropping ``statements``
  drops its three triggers, so they are made again. The FTS5 table itself keeps
  its index: the rebuilt table has the same rowids and text.

An id removed before this migration from the top of a table may be given once
more (SQLite kept no record of it); from here on, none is. The rebuild copies every
row: 4.1 s for 20,000 articles with their facts (161 MB) on the development machine
at load 4.9 (``bench/bench_migrate_ids.py``), so about 20 s at the first start after
the upgrade for a store of 100,000 articles.

PostgreSQL: nothing to do.

Revision ID: 0008
Revises: 0009 (kept last in the chain: it rebuilds tables whatever columns the others added)
Create Date: 2026-12-08 02:00:00
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0009"
branch_labels = None
depends_on = None

#: Parents before children does not matter with enforcement off; the order only keeps the log readable.
TABLES = ("articles", "troop_counts", "statements", "events", "subscriptions", "feeds")


def _search_triggers() -> tuple[str, ...]:
    # The trigger statements of migration 0003, word for word.
    spec = importlib.util.spec_from_file_location("_search_0003", Path(__file__).with_name("0003_statement_search.py"))
    assert spec is not None and spec.loader is not None
    search = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(search)
    return tuple(sql for sql in search._SQLITE_UP if sql.startswith("CREATE TRIGGER"))


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "migration 0008 rebuilds tables and needs SQLite's foreign keys off (briefings.db.migrate does that); "
            "with them on, dropping the old articles table would delete every fact link"
        )
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass
        if table == "statements":
            for sql in _search_triggers():
                op.execute(sql)
    broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"migration 0008: {len(broken)} reference(s) broken by the rebuild, e.g. {broken[0]}")
    # Tables rebuilt without AUTOINCREMENT (a downgrade) leave their counters behind: harmless, but dropped.
    if not autoincrement:
        names = ", ".join(f"'{t}'" for t in TABLES)
        op.execute(sa.text(f"DELETE FROM sqlite_sequence WHERE name IN ({names})"))


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
