"""The contract between layers: the JSON shapes of ``../shared/eval/SCHEMA.md``.

Extraction produces :class:`Extraction`; the store keeps its facts; the answer
services return :class:`TroopsAnswer`, :class:`LatestAnswer` and
:class:`SaidAnswer`. The Discord bot, the console and the command line render
these same objects, so one answer is never computed twice.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Qualifier = Literal["exact", "approx", "under", "over", "at_most", "at_least"]
Kind = Literal["level", "change", "casualty"]
Direction = Literal["decrease", "increase"]
Status = Literal["past", "current", "planned"]
Precision = Literal["year", "month", "day"]

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_fact_date(value: str | None) -> str | None:
    """Accept ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or None) and reject the rest."""
    if value is None:
        return None
    if not _DATE_RE.match(value):
        raise ValueError(f"date must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    parts = [int(p) for p in value.split("-")]
    # Validate month/day ranges by building the first day of the period.
    dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TroopCount(_Model):
    """A number of troops: a level, a change or casualties, with its date and evidence."""

    value: int = Field(ge=0)
    qualifier: Qualifier = "exact"
    kind: Kind = "level"
    direction: Direction | None = None
    status: Status = "current"
    date: str | None = None
    country: str = "Syria"
    force: str = "US"
    evidence: str
    # How strong the evidence is (0..1): a troop noun governed by a level verb is strong, a bare
    # number read from a neighbouring sentence is weak. Answers weigh it; review lists the weak.
    confidence: float = Field(1.0, ge=0, le=1)

    _check_date = field_validator("date")(classmethod(lambda cls, v: check_fact_date(v)))


class Statement(_Model):
    """Who said what: direct words in quotation marks or a reported clause."""

    speaker: str
    speaker_role: str | None = None
    text: str
    direct: bool
    date: str | None = None
    evidence: str
    confidence: float = Field(1.0, ge=0, le=1)

    _check_date = field_validator("date")(classmethod(lambda cls, v: check_fact_date(v)))


class Event(_Model):
    """A dated development, one sentence."""

    date: str | None = None
    summary: str
    evidence: str
    confidence: float = Field(1.0, ge=0, le=1)

    _check_date = field_validator("date")(classmethod(lambda cls, v: check_fact_date(v)))


class Extraction(_Model):
    """What one article says: the output of ``briefbot extract``."""

    schema_: int = Field(1, alias="schema")
    published: str
    troop_counts: list[TroopCount] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    title: str | None = Field(None, exclude=True)
    warnings: list[str] = Field(default_factory=list, exclude=True)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json_dict(self) -> dict:
        """The SCHEMA.md shape (``schema`` first, no internal fields)."""
        return self.model_dump(mode="json", by_alias=True)


class SourceRef(_Model):
    """One article that reports a fact: the provenance shown with every answer."""

    source: str
    url: str | None = None
    published: str | None = None
    article_id: int | None = None
    title: str | None = None
    evidence: str | None = None
    #: What this article said of a troop figure: that it holds now ("current"), held before ("past"), or a plan.
    status: str | None = None


ReviewState = Literal["approved", "rejected"]


class TroopFact(TroopCount):
    """A stored troop count with every source that reports it."""

    id: int | None = None
    precision: Precision | None = None
    sources: list[SourceRef] = Field(default_factory=list)
    #: An admin's review: None (not reviewed), "approved" (answers never show a rejected fact).
    review_state: ReviewState | None = None


class StatementFact(Statement):
    """A stored statement with every source that reports it."""

    id: int | None = None
    speaker_key: str | None = None
    precision: Precision | None = None
    sources: list[SourceRef] = Field(default_factory=list)
    review_state: ReviewState | None = None


class EventFact(Event):
    """A stored event with every source that reports it."""

    id: int | None = None
    precision: Precision | None = None
    sources: list[SourceRef] = Field(default_factory=list)
    review_state: ReviewState | None = None


class TroopsAnswer(_Model):
    """``ask troops``: the best estimate at ``as_of`` and every figure ordered by date.

    ``timeline`` holds levels, changes and plans alike (each says its kind and
    status); the views below split it for rendering. ``current_reason`` says in a
    few words why ``current`` was chosen ("3 outlets agree, newest 2026-02-21");
    ``held_back`` counts the doubtful figures of the period kept out of both until
    an admin reviews them (``/review``).
    """

    country: str
    as_of: str
    current: TroopFact | None = None
    current_reason: str | None = None
    timeline: list[TroopFact] = Field(default_factory=list)
    held_back: int = 0

    @property
    def levels(self) -> list[TroopFact]:
        """Levels that held (past or current), oldest first."""
        return [f for f in self.timeline if f.kind == "level" and f.status != "planned"]

    @property
    def changes(self) -> list[TroopFact]:
        """Withdrawals and deployments that happened, oldest first."""
        return [f for f in self.timeline if f.kind == "change" and f.status != "planned"]

    @property
    def plans(self) -> list[TroopFact]:
        """Announced levels and changes, oldest first."""
        return [f for f in self.timeline if f.status == "planned"]

    @property
    def conflicts(self) -> list[list[TroopFact]]:
        """Groups of levels for the same month or day whose figures disagree beyond their qualifiers.

        See :func:`briefings.current.in_conflict`: "fewer than 1,000" against "about 1,200"
        is a conflict, "about 900" against "900" is not, and one article's "up from 900
        to 2,000" is a change it reports, not a disagreement.
        """
        from briefings.current import conflict_groups

        return conflict_groups(self.levels, lambda f: {s.article_id for s in f.sources})


class LatestAnswer(_Model):
    """``ask latest``: developments, newest first."""

    events: list[EventFact] = Field(default_factory=list)


class SaidAnswer(_Model):
    """``ask said``: statements, newest first."""

    statements: list[StatementFact] = Field(default_factory=list)
    total: int = 0
    # False when counting stopped at a cap: there are at least ``total`` matches.
    total_exact: bool = True

    @property
    def total_words(self) -> str:
        """The number of matches for people: ``"37"``, or ``"1,000+"`` when counting stopped."""
        return f"{self.total:,}" if self.total_exact else f"{self.total - 1:,}+"


class ArticleSummary(_Model):
    """An article as listed to admins."""

    id: int
    title: str | None
    source: str
    url: str | None
    published: str
    published_basis: str
    added_by: str | None
    added_at: str
    troop_counts: int = 0
    statements: int = 0
    events: int = 0
    #: Not about the story: kept with its text, its facts not stored (``/article restore`` stores them).
    off_topic: bool = False


class ArticleDetail(ArticleSummary):
    """An article with its text and the facts it supports."""

    text: str
    facts: Extraction | None = None


class IngestResult(_Model):
    """What ingesting one article did: stored, or matched an existing one."""

    article_id: int
    created: bool
    duplicate_of: int | None = None
    title: str | None = None
    source: str
    published: str
    published_basis: str
    troop_counts: list[TroopCount] = Field(default_factory=list)
    statements: int = 0
    events: int = 0
    warnings: list[str] = Field(default_factory=list)
    #: Stored as off-topic: no fact of it was stored.
    off_topic: bool = False


FactType = Literal["troop_count", "statement", "event"]
ReviewAction = Literal["approve", "reject", "edit", "remove"]


class ReviewItem(_Model):
    """A doubtful fact awaiting an admin's review: ``id`` is its reference (``t12``, ``s40``, ``e7``)."""

    id: str
    type: FactType
    fact: TroopFact | StatementFact | EventFact
    reason: str


class ReviewQueue(_Model):
    """``review list``: the doubtful facts, the most recent troop figures first; ``total`` counts them all."""

    items: list[ReviewItem] = Field(default_factory=list)
    total: int = 0


class Decision(_Model):
    """One admin decision on a fact, as stored: who, when, what the fact was and what it became."""

    id: int
    fact_id: str | None = None
    type: FactType
    action: ReviewAction
    reason: str | None = None
    old: dict
    new: dict | None = None
    decided_by: str
    decided_at: str
