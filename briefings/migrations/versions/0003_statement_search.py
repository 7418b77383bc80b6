"""statement search: a full-text index over statements.text_search

``ask said --about`` used ``LIKE '%word%'`` on every statement of the workspace;
over 100,000 articles that is a scan of a quarter of a million rows per ask.

- SQLite: an FTS5 external-content table ``statements_fts`` over
  ``statements.text_search`` (the text is not stored twice), kept in step by
  three triggers. ``remove_diacritics 0``: "cafe" does not find "café", as
  before; the text is already case-folded by the store stage.
- PostgreSQL: a GIN index on ``to_tsvector('simple', text_search)`` (the
  ``simple`` configuration: no stemming and no stop words, so every word of a
  search counts).

Neither object is in the models (the ORM never reads them); the migration test
leaves them out of its comparison.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 21:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: The name of the SQLite FTS5 table and of the PostgreSQL GIN index.
FTS_TABLE = "statements_fts"
PG_INDEX = "ix_statements_text_search"

_SQLITE_UP = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "text_search, content='statements', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON statements BEGIN"
    f" INSERT INTO {FTS_TABLE}(rowid, text_search) VALUES (new.id, new.text_search); END",
    f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON statements BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text_search) VALUES ('delete', old.id, old.text_search); END",
    f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE OF text_search ON statements BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text_search) VALUES ('delete', old.id, old.text_search);"
    f" INSERT INTO {FTS_TABLE}(rowid, text_search) VALUES (new.id, new.text_search); END",
    # Index the statements stored before this migration.
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)
_SQLITE_DOWN = (
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in _SQLITE_UP:
            op.execute(sql)
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX {PG_INDEX} ON statements USING gin (to_tsvector('simple'::regconfig, text_search))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in _SQLITE_DOWN:
            op.execute(sql)
    elif dialect == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
