"""word index: statement_words and event_words, the merge candidates' narrow key

The store stage read every statement of a speaker in the new statement's period
(and every undated one), and every event of the year, to find the few a new one
merges with: at 100,000 articles about 2,100 statements and 16,000 events per
article, and more as the store grows. These tables key each statement and event
by its distinctive content words (``briefings.store.index_words``: the first
words of its content words, rare before common, which a similar text always
shares), with its period, so the lookup is a few short ranges of one index.

The rows of the facts already stored are built here, in batches, with the store
stage's own keying (``briefings.store.word_keys``). On SQLite the tables are
WITHOUT ROWID: the primary key (fact, word) is the row.

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-10 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from briefings.periods import period
from briefings.store import word_keys

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None

_TABLES = (("statement_words", "statements", "text"), ("event_words", "events", "summary"))
_BATCH = 5_000


def _backfill(word_table: str, fact_table: str, text_column: str) -> None:
    bind = op.get_bind()
    facts = sa.table(
        fact_table,
        sa.column("id", sa.Integer),
        sa.column("workspace", sa.String),
        sa.column("fact_key", sa.String),
        sa.column("date", sa.String),
        sa.column(text_column, sa.Text),
    )
    words = sa.table(
        word_table,
        sa.column("fact_id", sa.Integer),
        sa.column("word_key", sa.BigInteger),
        sa.column("date_start", sa.Date),
        sa.column("date_end", sa.Date),
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(facts.c.id, facts.c.workspace, facts.c.fact_key, facts.c.date, facts.c[text_column])
            .where(facts.c.id > last)
            .order_by(facts.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        last = rows[-1][0]
        out = []
        for fact_id, workspace, fact_key, date, text in rows:
            p = period(date)
            start, end = (p[0], p[1]) if p else (None, None)
            out += [
                {"fact_id": fact_id, "word_key": key, "date_start": start, "date_end": end}
                for key in word_keys(workspace, fact_key, text or "")
            ]
        if out:
            bind.execute(words.insert(), out)


def upgrade() -> None:
    for word_table, fact_table, text_column in _TABLES:
        op.create_table(
            word_table,
            sa.Column("fact_id", sa.Integer(), nullable=False),
            sa.Column("word_key", sa.BigInteger(), nullable=False),
            sa.Column("date_start", sa.Date(), nullable=True),
            sa.Column("date_end", sa.Date(), nullable=True),
            sa.ForeignKeyConstraint(
                ["fact_id"], [f"{fact_table}.id"], name=f"fk_{word_table}_fact_id_{fact_table}", ondelete="CASCADE"
            ),
            sa.PrimaryKeyConstraint("fact_id", "word_key", name=f"pk_{word_table}"),
            sqlite_with_rowid=False,
        )
        _backfill(word_table, fact_table, text_column)
        # After the backfill: one sorted build instead of an index updated row by row.
        op.create_index(f"ix_{word_table}_lookup", word_table, ["word_key", "date_start"], unique=False)


def downgrade() -> None:
    for word_table, _, _ in _TABLES:
        op.drop_index(f"ix_{word_table}_lookup", table_name=word_table)
        op.drop_table(word_table)
