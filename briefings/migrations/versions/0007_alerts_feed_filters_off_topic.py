"""alerts, feed filters and retries, off-topic articles

- ``alerts``: a channel told at once when an ingested article moves the current
  troop figure, optionally only when it crosses a threshold; ``alert_deliveries``:
  one row per alert and change of the figure, claimed before it is posted and
  marked after (the exactly-once machinery of the daily briefings).
- ``feeds``: ``paused``, and include/exclude keywords for its items.
- ``feed_items``: a failed item is tried again (``attempts``, ``next_attempt_at``),
  with the feed's date for it (``published_at``).
- ``articles.off_topic``: an article about something else is kept with its text
  but its facts are not stored, so it is out of every answer until restored.

The new tables use AUTOINCREMENT on SQLite: their ids are shown to users and
must never be handed out again after a row is deleted.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-08 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("country", sa.String(length=80), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint("workspace", "channel_id", name="uq_alerts_channel"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=True),
        sa.Column("previous_fact_id", sa.Integer(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name=op.f("fk_alert_deliveries_alert_id_alerts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["fact_id"], ["troop_counts.id"], name=op.f("fk_alert_deliveries_fact_id_troop_counts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["previous_fact_id"], ["troop_counts.id"],
            name=op.f("fk_alert_deliveries_previous_fact_id_troop_counts"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_alert_deliveries_article_id_articles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_deliveries")),
        sa.UniqueConstraint("alert_id", "event_key", name="uq_alert_deliveries_event"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_alert_deliveries_status", "alert_deliveries", ["status", "claimed_at"], unique=False)

    # Plain ADD COLUMN (no table rebuild) on both backends.
    op.add_column("articles", sa.Column("off_topic", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("feeds", sa.Column("paused", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("feeds", sa.Column("include_keywords", sa.Text(), nullable=True))
    op.add_column("feeds", sa.Column("exclude_keywords", sa.Text(), nullable=True))
    op.add_column("feed_items", sa.Column("attempts", sa.Integer(), server_default="1", nullable=False))
    op.add_column("feed_items", sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("feed_items", sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_feed_items_retry", "feed_items", ["feed_id", "next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_feed_items_retry", table_name="feed_items")
    with op.batch_alter_table("feed_items") as batch:
        batch.drop_column("published_at")
        batch.drop_column("next_attempt_at")
        batch.drop_column("attempts")
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("exclude_keywords")
        batch.drop_column("include_keywords")
        batch.drop_column("paused")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("off_topic")
    op.drop_index("ix_alert_deliveries_status", table_name="alert_deliveries")
    op.drop_table("alert_deliveries")
    op.drop_table("alerts")
