"""The fact store's tables (SQLAlchemy 2.0 typed ORM).

Every row belongs to a workspace (a Discord guild's id, or the command line's
default workspace), and every query of the services filters on it, so one
server's admins never read or change another's rows.

A fact (troop count, statement, event) is stored once per workspace and linked
to every article that reports it through a ``*_sources`` table that keeps the
evidence sentence: removing an article removes its links, and a fact that no
article supports any more is deleted with it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp that is always timezone-aware UTC in Python.

    SQLite keeps no offset, so values are normalised on the way in and out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


WORKSPACE = String(64)
#: Table options of every table whose ids users see (articles, facts, subscriptions, feeds): on SQLite,
#: AUTOINCREMENT, so a removed row's id is never given to a new one (migration 0008); PostgreSQL's
#: sequences never reuse one anyway.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class Article(Base):
    """One source article with its text and provenance."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(WORKSPACE)
    title: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    url_canonical: Mapped[str | None] = mapped_column(String(2048))
    published: Mapped[dt.date] = mapped_column(Date)
    # How the publication date was found: given, dateline, page, today.
    published_basis: Mapped[str] = mapped_column(String(32))
    # How the article reached us: pasted, file, manifest, url, feed.
    found_by: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    added_by: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Not about the story (briefings.topic): kept with its text, its facts not stored (migration 0007).
    off_topic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        UniqueConstraint("workspace", "content_hash", name="uq_articles_workspace_hash"),
        Index("ix_articles_workspace_url", "workspace", "url_canonical"),
        Index("ix_articles_workspace_added", "workspace", "added_at"),
        NEVER_REUSE_IDS,
    )


class _FactMixin:
    """Columns every fact has: its workspace, date period and when it was first stored.

    Each fact table's lookup index is (workspace, fact_key, date_start): the store
    stage reads merge candidates of one key by the start of their period (migration 0004).
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(WORKSPACE)
    # Identity of the fact without its date; merging also needs overlapping dates.
    fact_key: Mapped[str] = mapped_column(String(64))
    date: Mapped[str | None] = mapped_column(String(10))
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The strongest evidence any source gives (0..1; migration 0005).
    confidence: Mapped[float] = mapped_column(Float, default=1.0, server_default="1.0", nullable=False)
    # An admin's review of the fact: None (not reviewed), "approved" or "rejected" (migration 0005).
    # Answers, briefings and alerts never use a rejected fact and prefer an approved one.
    review_state: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


#: The condition of the partial indexes of rejected facts; a query must spell it so to use them.
REJECTED = "review_state = 'rejected'"


#: The same for the facts with weak evidence, which the review queue lists (``briefings.review.LOW_CONFIDENCE``).
WEAK = "confidence < 0.5"


def _partial_indexes(table: str) -> tuple[Index, Index]:
    # The few facts admins rejected, and the few with weak evidence, found without reading the rest (migration
    # 0006): answers leave the first out, the review queue lists the second.
    return (
        Index(f"ix_{table}_rejected", "workspace", sqlite_where=text(REJECTED), postgresql_where=text(REJECTED)),
        Index(f"ix_{table}_weak", "workspace", sqlite_where=text(WEAK), postgresql_where=text(WEAK)),
    )


class TroopCountFact(_FactMixin, Base):
    """A troop level, change or casualty count, merged across sources."""

    __tablename__ = "troop_counts"

    value: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    country: Mapped[str] = mapped_column(String(80))
    force: Mapped[str] = mapped_column(String(80))

    sources: Mapped[list[TroopCountSource]] = relationship(
        back_populates="fact", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_troop_counts_lookup", "workspace", "fact_key", "date_start"),
        Index("ix_troop_counts_country", "workspace", "country", "kind", "date_start"),
        Index("ix_troop_counts_seen", "workspace", "first_seen_at"),
        *_partial_indexes("troop_counts"),
        NEVER_REUSE_IDS,
    )


class StatementFact(_FactMixin, Base):
    """Who said what, merged across sources."""

    __tablename__ = "statements"

    speaker: Mapped[str] = mapped_column(String(300))
    # Canonical speaker: "Donald Trump", "President Trump" and "Trump" share one key.
    speaker_key: Mapped[str] = mapped_column(String(300))
    speaker_role: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    # Lower-cased text for --about searches.
    text_search: Mapped[str] = mapped_column(Text)
    direct: Mapped[bool] = mapped_column(Boolean)

    sources: Mapped[list[StatementSource]] = relationship(
        back_populates="fact", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_statements_lookup", "workspace", "fact_key", "date_start"),
        Index("ix_statements_speaker", "workspace", "speaker_key", "date_start"),
        Index("ix_statements_date", "workspace", "date_start"),
        Index("ix_statements_seen", "workspace", "first_seen_at"),
        *_partial_indexes("statements"),
        NEVER_REUSE_IDS,
    )


class EventFact(_FactMixin, Base):
    """A dated development, merged across sources."""

    __tablename__ = "events"

    summary: Mapped[str] = mapped_column(Text)

    sources: Mapped[list[EventSource]] = relationship(
        back_populates="fact", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_events_lookup", "workspace", "fact_key", "date_start"),
        Index("ix_events_date", "workspace", "date_start"),
        Index("ix_events_seen", "workspace", "first_seen_at"),
        *_partial_indexes("events"),
        NEVER_REUSE_IDS,
    )


class _WordMixin:
    """One distinctive content word of a statement or event, keyed for finding merge candidates.

    The store stage finds the stored facts a new statement or event could merge with
    through these rows: the same key (workspace, fact key and word, hashed to 64 bits)
    in the year of the new fact's date. Which words a fact has rows for, and why that
    finds every fact similar enough to merge, is in :mod:`briefings.store` (migration 0009).
    The rows follow their fact: written and rewritten by the store stage whenever a
    flush adds a fact or changes its words, date or key; deleted with it (ON DELETE CASCADE).
    """

    word_key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # The fact's period, copied here so a lookup reads a short range of one index.
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)


class StatementWord(_WordMixin, Base):
    __tablename__ = "statement_words"

    fact_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (
        Index("ix_statement_words_lookup", "word_key", "date_start"),
        # The primary key is the row: no rowid table and separate key index on SQLite.
        {"sqlite_with_rowid": False},
    )


class EventWord(_WordMixin, Base):
    __tablename__ = "event_words"

    fact_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (
        Index("ix_event_words_lookup", "word_key", "date_start"),
        {"sqlite_with_rowid": False},
    )


class _SourceMixin:
    """The link between a fact and one article that reports it, with the evidence."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    evidence: Mapped[str] = mapped_column(Text)
    # How strong this article's evidence for the fact is (0..1; migration 0005).
    confidence: Mapped[float] = mapped_column(Float, default=1.0, server_default="1.0", nullable=False)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class TroopCountSource(_SourceMixin, Base):
    __tablename__ = "troop_count_sources"

    fact_id: Mapped[int] = mapped_column(ForeignKey("troop_counts.id", ondelete="CASCADE"))
    # What this article said of the fact, kept so a revision can be told from a repeat.
    status: Mapped[str] = mapped_column(String(16))
    fact: Mapped[TroopCountFact] = relationship(back_populates="sources")
    article: Mapped[Article] = relationship()

    __table_args__ = (
        UniqueConstraint("fact_id", "article_id", name="uq_troop_count_sources_pair"),
        # The briefings find corroborations by when a source was added (migration 0002).
        Index("ix_troop_count_sources_added", "added_at", "fact_id"),
    )


class StatementSource(_SourceMixin, Base):
    __tablename__ = "statement_sources"

    fact_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    fact: Mapped[StatementFact] = relationship(back_populates="sources")
    article: Mapped[Article] = relationship()

    __table_args__ = (
        UniqueConstraint("fact_id", "article_id", name="uq_statement_sources_pair"),
        # The briefings find corroborations by when a source was added (migration 0002).
        Index("ix_statement_sources_added", "added_at", "fact_id"),
    )


class EventSource(_SourceMixin, Base):
    __tablename__ = "event_sources"

    fact_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    fact: Mapped[EventFact] = relationship(back_populates="sources")
    article: Mapped[Article] = relationship()

    __table_args__ = (
        UniqueConstraint("fact_id", "article_id", name="uq_event_sources_pair"),
        # The briefings find corroborations by when a source was added (migration 0002).
        Index("ix_event_sources_added", "added_at", "fact_id"),
    )


class FactDecision(Base):
    """An admin's review of one fact, its own row: who, when, what the fact was and what it became.

    Keyed by the fact's identity (type, ``fact_key``, date and, for a statement or an
    event, its text), not by the fact's row, so the store stage applies the decision
    again to a matching fact after its article is removed and added (migration 0006).
    """

    __tablename__ = "fact_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(WORKSPACE)
    # troop, statement or event
    fact_type: Mapped[str] = mapped_column(String(16))
    fact_key: Mapped[str] = mapped_column(String(64))
    date: Mapped[str | None] = mapped_column(String(10))
    # A statement's words or an event's summary, compared as the store compares them.
    match_text: Mapped[str | None] = mapped_column(Text)
    # The row decided on (gone once removed, or once its article went): for the log only.
    fact_id: Mapped[int | None] = mapped_column(Integer)
    # approve, reject, edit or remove
    action: Mapped[str] = mapped_column(String(16))
    # Why the fact was in the review queue, if it was.
    reason: Mapped[str | None] = mapped_column(Text)
    old: Mapped[dict] = mapped_column(JSON)
    new: Mapped[dict | None] = mapped_column(JSON)
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_fact_decisions_identity", "workspace", "fact_type", "fact_key"),
        Index("ix_fact_decisions_log", "workspace", "decided_at"),
        # Ids are never reused: the log refers to decisions by number.
        {"sqlite_autoincrement": True},
    )


class Subscription(Base):
    """A channel's daily briefing at a local time in an IANA time zone."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(WORKSPACE)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    time_of_day: Mapped[str] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64))
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("workspace", "channel_id", name="uq_subscriptions_channel"), NEVER_REUSE_IDS)


class Delivery(Base):
    """One briefing for one subscription and local day: claimed before sending, marked sent after."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    local_day: Mapped[dt.date] = mapped_column(Date)
    # claimed -> sending -> sent | empty | skipped | failed (see briefings.schedule)
    status: Mapped[str] = mapped_column(String(16))
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("subscription_id", "local_day", name="uq_deliveries_day"),
        Index("ix_deliveries_status", "status", "claimed_at"),
    )


class Feed(Base):
    """An RSS or Atom feed followed by a workspace."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(WORKSPACE)
    url: Mapped[str] = mapped_column(Text)
    url_canonical: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str | None] = mapped_column(String(200))
    added_by: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_checked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    next_check_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(200))
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    max_items: Mapped[int] = mapped_column(Integer, default=10)
    # Migration 0007: a paused feed is not checked; keywords (comma-separated) filter its items.
    paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    include_keywords: Mapped[str | None] = mapped_column(Text)
    exclude_keywords: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("workspace", "url_canonical", name="uq_feeds_url"),
        Index("ix_feeds_due", "next_check_at"),
        NEVER_REUSE_IDS,
    )


class FeedItem(Base):
    """One item seen in a feed, so each is fetched and ingested once."""

    __tablename__ = "feed_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    guid_hash: Mapped[str] = mapped_column(String(64))
    guid: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    # ingested, duplicate, off_topic, filtered, failed (retried while next_attempt_at is set)
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Migration 0007: a failed item is tried again at next_attempt_at, later after each failure.
    attempts: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("feed_id", "guid_hash", name="uq_feed_items_guid"),
        Index("ix_feed_items_retry", "feed_id", "next_attempt_at"),
    )


class Alert(Base):
    """A channel told at once when an ingested article moves the current troop figure (migration 0007)."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace: Mapped[str] = mapped_column(WORKSPACE)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    country: Mapped[str] = mapped_column(String(80), default="Syria")
    # With a threshold only a crossing of it is posted; without one, every new figure and confirmed change.
    threshold: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("workspace", "channel_id", name="uq_alerts_channel"),
        {"sqlite_autoincrement": True},
    )


class AlertDelivery(Base):
    """One alert post for one channel and one change of the figure: pending, claimed, sent (see briefings.alerts)."""

    __tablename__ = "alert_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    # What changed, e.g. "level:41" or "cross:1000:41": one post per alert and key.
    event_key: Mapped[str] = mapped_column(String(64))
    # level (a new figure), change (a withdrawal or deployment that happened), threshold (a crossing)
    kind: Mapped[str] = mapped_column(String(16))
    fact_id: Mapped[int | None] = mapped_column(ForeignKey("troop_counts.id", ondelete="SET NULL"))
    previous_fact_id: Mapped[int | None] = mapped_column(ForeignKey("troop_counts.id", ondelete="SET NULL"))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    # pending -> claimed -> sending -> sent | skipped | failed (as briefings.schedule describes)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("alert_id", "event_key", name="uq_alert_deliveries_event"),
        Index("ix_alert_deliveries_status", "status", "claimed_at"),
        {"sqlite_autoincrement": True},
    )
