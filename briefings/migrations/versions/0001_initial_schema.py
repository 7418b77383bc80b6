"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 20:25:13.641292
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("url_canonical", sa.String(length=2048), nullable=True),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("published_basis", sa.String(length=32), nullable=False),
        sa.Column("found_by", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("workspace", "content_hash", name="uq_articles_workspace_hash"),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index("ix_articles_workspace_added", ["workspace", "added_at"], unique=False)
        batch_op.create_index("ix_articles_workspace_url", ["workspace", "url_canonical"], unique=False)

    op.create_table(
        "events",
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("fact_key", sa.String(length=64), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_date", ["workspace", "date_start"], unique=False)
        batch_op.create_index("ix_events_lookup", ["workspace", "fact_key"], unique=False)
        batch_op.create_index("ix_events_seen", ["workspace", "first_seen_at"], unique=False)

    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_canonical", sa.String(length=2048), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("added_by", sa.String(length=200), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_check_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=200), nullable=True),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("max_items", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feeds")),
        sa.UniqueConstraint("workspace", "url_canonical", name="uq_feeds_url"),
    )
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.create_index("ix_feeds_due", ["next_check_at"], unique=False)

    op.create_table(
        "statements",
        sa.Column("speaker", sa.String(length=300), nullable=False),
        sa.Column("speaker_key", sa.String(length=300), nullable=False),
        sa.Column("speaker_role", sa.String(length=300), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_search", sa.Text(), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("fact_key", sa.String(length=64), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index("ix_statements_date", ["workspace", "date_start"], unique=False)
        batch_op.create_index("ix_statements_lookup", ["workspace", "fact_key"], unique=False)
        batch_op.create_index("ix_statements_seen", ["workspace", "first_seen_at"], unique=False)
        batch_op.create_index("ix_statements_speaker", ["workspace", "speaker_key", "date_start"], unique=False)

    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("time_of_day", sa.String(length=5), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("paused_reason", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("workspace", "channel_id", name="uq_subscriptions_channel"),
    )
    op.create_table(
        "troop_counts",
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=80), nullable=False),
        sa.Column("force", sa.String(length=80), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("fact_key", sa.String(length=64), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_troop_counts")),
    )
    with op.batch_alter_table("troop_counts", schema=None) as batch_op:
        batch_op.create_index("ix_troop_counts_country", ["workspace", "country", "kind", "date_start"], unique=False)
        batch_op.create_index("ix_troop_counts_lookup", ["workspace", "fact_key"], unique=False)
        batch_op.create_index("ix_troop_counts_seen", ["workspace", "first_seen_at"], unique=False)

    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_deliveries_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("subscription_id", "local_day", name="uq_deliveries_day"),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_deliveries_status", ["status", "claimed_at"], unique=False)

    op.create_table(
        "event_sources",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_event_sources_article_id_articles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["fact_id"], ["events.id"], name=op.f("fk_event_sources_fact_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_sources")),
        sa.UniqueConstraint("fact_id", "article_id", name="uq_event_sources_pair"),
    )
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_sources_article_id"), ["article_id"], unique=False)

    op.create_table(
        "feed_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("guid_hash", sa.String(length=64), nullable=False),
        sa.Column("guid", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_feed_items_article_id_articles"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["feed_id"], ["feeds.id"], name=op.f("fk_feed_items_feed_id_feeds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_items")),
        sa.UniqueConstraint("feed_id", "guid_hash", name="uq_feed_items_guid"),
    )
    op.create_table(
        "statement_sources",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_statement_sources_article_id_articles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["fact_id"], ["statements.id"], name=op.f("fk_statement_sources_fact_id_statements"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_sources")),
        sa.UniqueConstraint("fact_id", "article_id", name="uq_statement_sources_pair"),
    )
    with op.batch_alter_table("statement_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_sources_article_id"), ["article_id"], unique=False)

    op.create_table(
        "troop_count_sources",
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_troop_count_sources_article_id_articles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["fact_id"],
            ["troop_counts.id"],
            name=op.f("fk_troop_count_sources_fact_id_troop_counts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_troop_count_sources")),
        sa.UniqueConstraint("fact_id", "article_id", name="uq_troop_count_sources_pair"),
    )
    with op.batch_alter_table("troop_count_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_troop_count_sources_article_id"), ["article_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("troop_count_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_troop_count_sources_article_id"))

    op.drop_table("troop_count_sources")
    with op.batch_alter_table("statement_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_sources_article_id"))

    op.drop_table("statement_sources")
    op.drop_table("feed_items")
    with op.batch_alter_table("event_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_sources_article_id"))

    op.drop_table("event_sources")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_status")

    op.drop_table("deliveries")
    with op.batch_alter_table("troop_counts", schema=None) as batch_op:
        batch_op.drop_index("ix_troop_counts_seen")
        batch_op.drop_index("ix_troop_counts_lookup")
        batch_op.drop_index("ix_troop_counts_country")

    op.drop_table("troop_counts")
    op.drop_table("subscriptions")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index("ix_statements_speaker")
        batch_op.drop_index("ix_statements_seen")
        batch_op.drop_index("ix_statements_lookup")
        batch_op.drop_index("ix_statements_date")

    op.drop_table("statements")
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.drop_index("ix_feeds_due")

    op.drop_table("feeds")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_seen")
        batch_op.drop_index("ix_events_lookup")
        batch_op.drop_index("ix_events_date")

    op.drop_table("events")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_workspace_url")
        batch_op.drop_index("ix_articles_workspace_added")

    op.drop_table("articles")
