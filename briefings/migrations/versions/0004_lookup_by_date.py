"""lookup indexes by date: (workspace, fact_key, date_start)

The store stage reads the facts a new one could merge with: those of its key
whose period nests with the new one's. With (workspace, fact_key) alone every
fact of the key was read: every event of a year (the event key is the year),
every statement of a speaker. With the start of the period in the index the
nesting test is a few point lookups and one short range.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 21:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TABLES = ("troop_counts", "statements", "events")


def upgrade() -> None:
    for table in _TABLES:
        op.drop_index(f"ix_{table}_lookup", table_name=table)
        op.create_index(f"ix_{table}_lookup", table, ["workspace", "fact_key", "date_start"], unique=False)


def downgrade() -> None:
    for table in _TABLES:
        op.drop_index(f"ix_{table}_lookup", table_name=table)
        op.create_index(f"ix_{table}_lookup", table, ["workspace", "fact_key"], unique=False)
