"""fact confidence and review state

How strong each fact's evidence is, and what an admin's review decided of it.

The extractor now says how strong the evidence for each fact is (0..1): a troop
noun governed by a level verb is strong, a bare number read from a neighbouring
sentence is weak. The link of a fact to an article keeps that article's
confidence; the fact keeps the strongest of its sources, so answers can weigh
it and review can list the weak. Existing rows were stored without one and are
taken as confident (1.0), as before.

``review_state`` on the three fact tables is None (not reviewed), "approved" or
"rejected": answers, briefings and alerts never use a rejected fact.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 01:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TABLES = (
    "troop_counts",
    "statements",
    "events",
    "troop_count_sources",
    "statement_sources",
    "event_sources",
)


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): SQLite's full-text triggers on statements stay as they are.
    for table in _TABLES:
        op.add_column(table, sa.Column("confidence", sa.Float(), server_default="1.0", nullable=False))
    for table in _TABLES[:3]:
        op.add_column(table, sa.Column("review_state", sa.String(length=16), nullable=True))


def downgrade() -> None:
    for table in _TABLES[:3]:
        op.drop_column(table, "review_state")
    for table in _TABLES:
        op.drop_column(table, "confidence")
