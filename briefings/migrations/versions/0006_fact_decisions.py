"""fact decisions: admins' reviews of doubtful facts, each its own row

``/review`` (and ``briefbot review``) lets an admin approve, reject, edit or
remove a fact. Each decision is kept as a row of its own: who, when, the fact
as it was and what it became. The row names the fact by its identity (type,
fact_key, date and, for a statement or event, its text) rather than by its id,
so that when the article is removed and added again the store stage finds the
decision and applies it to the fact it stores. Partial indexes on each fact table
hold the rejected facts, which answers leave out, and those with weak evidence.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0007"
branch_labels = None
depends_on = None

_FACTS = ("troop_counts", "statements", "events")
_REJECTED = "review_state = 'rejected'"
_WEAK = "confidence < 0.5"


def upgrade() -> None:
    op.create_table(
        "fact_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("fact_type", sa.String(length=16), nullable=False),
        sa.Column("fact_key", sa.String(length=64), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("match_text", sa.Text(), nullable=True),
        sa.Column("fact_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("old", sa.JSON(), nullable=False),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_decisions")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_fact_decisions_identity", "fact_decisions", ["workspace", "fact_type", "fact_key"], unique=False
    )
    op.create_index("ix_fact_decisions_log", "fact_decisions", ["workspace", "decided_at"], unique=False)
    # The few rejected facts of a workspace, read without the rest: answers leave them out by id, which
    # every index holds, so their counts and walks stay within the indexes. And the few with weak
    # evidence, which the review queue lists.
    for table in _FACTS:
        for name, where in (("rejected", _REJECTED), ("weak", _WEAK)):
            op.create_index(
                f"ix_{table}_{name}", table, ["workspace"], unique=False,
                sqlite_where=sa.text(where), postgresql_where=sa.text(where),
            )  # fmt: skip


def downgrade() -> None:
    for table in _FACTS:
        for name in ("rejected", "weak"):
            op.drop_index(f"ix_{table}_{name}", table_name=table)
    op.drop_index("ix_fact_decisions_log", table_name="fact_decisions")
    op.drop_index("ix_fact_decisions_identity", table_name="fact_decisions")
    op.drop_table("fact_decisions")
