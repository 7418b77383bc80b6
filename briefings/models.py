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

    __table_args__ = (
        UniqueConstraint("workspace", "content_hash", name="uq_articles_workspace_hash"),
        Index("ix_articles_workspace_url", "workspace", "url_canonical"),
        Index("ix_articles_workspace_added", "workspace", "added_at"),
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

    __table_args__ = (UniqueConstraint("workspace", "channel_id", name="uq_subscriptions_channel"),)


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

    __table_args__ = (
        UniqueConstraint("workspace", "url_canonical", name="uq_feeds_url"),
        Index("ix_feeds_due", "next_check_at"),
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
    # ingested, duplicate, failed
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("feed_id", "guid_hash", name="uq_feed_items_guid"),)
