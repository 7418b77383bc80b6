"""briefing indexes: sources by the time they were added

The daily briefing finds corroborations (an older fact reported again by a new
article) by the time each ``*_sources`` row was added; without these indexes
that is a scan of every link of every workspace per briefing.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 21:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TABLES = ("troop_count_sources", "statement_sources", "event_sources")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_added", ["added_at", "fact_id"], unique=False)


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_added")
