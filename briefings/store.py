"""The store stage: write one article's facts, merging them with facts other articles reported.

A fact another article already reported gains a source instead of a new row, so
syndicated copies and rewrites of one story never look like two developments:

- a troop count is the same when its value, kind, direction, country, force, the
  family of its qualifier (about / below / above) and whether it is a plan agree,
  and its date is compatible (one period inside the other; undated only with undated);
- a statement is the same when its speaker has the same canonical key
  (:func:`briefings.speakers.speaker_key`), its date is compatible (or unknown) and
  its words are similar;
- an event is the same when its date is compatible and its summary similar.

Calendar periods (a year, a month, a day) either nest or are disjoint, so
"compatible" is tested in SQL as an overlap, read from the lookup indexes on
(workspace, fact_key, date_start). Each article costs a fixed number of round
trips whatever its number of facts: one candidate query per fact type, one
query for links the article already has, and two flushes; plus one load per
statement or event that merges with a stored one (candidates are plain rows
until chosen: a popular speaker or a busy year has thousands).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import and_, delete, exists, literal, or_, select, true, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.models import (
    Article,
    EventFact,
    EventSource,
    StatementFact,
    StatementSource,
    TroopCountFact,
    TroopCountSource,
    utcnow,
)
from briefings.periods import more_precise, nests, period
from briefings.schemas import Event, Extraction, Statement, TroopCount
from briefings.speakers import speaker_key

_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_STOP = frozenset(
    "a an the of to in on at for and or but by with from that this is was were be been are as it its "
    "has have had will would said says say told tells also than then there their they he she we our us "
    "his her not no so if into over about after before".split()
)
# Two statements by one speaker, or two events on one date, whose content words
# overlap this much (Dice coefficient, i.e. token F1) are one fact told twice:
# a rewritten wire story keeps most of its words.
SAME_TEXT = 0.6
# Dice(a, b) <= 2 * min / (min + max): below this size ratio it cannot reach SAME_TEXT.
_MIN_SIZE_RATIO = SAME_TEXT / (2 - SAME_TEXT)
_QUALIFIER_FAMILY = {
    "exact": "about",
    "approx": "about",
    "under": "below",
    "at_most": "below",
    "over": "above",
    "at_least": "above",
}
FactModel = type[TroopCountFact] | type[StatementFact] | type[EventFact]


def content_hash(text: str) -> str:
    """The hash that identifies an article's text, blind to spacing and case."""
    folded = " ".join(text.split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _key(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:64]


def _stem(word: str) -> str:
    # Just enough to make "withdraws", "withdrawing" and "withdrawal" one word.
    if len(word) > 5:
        for suffix in ("ings", "ing", "als", "al", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                return word[: -len(suffix)]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=65_536)
def content_words(text: str) -> frozenset[str]:
    """Lower-cased, lightly stemmed words of ``text`` without the most common function words."""
    # Cached: a stored fact's text is compared with every new fact of its key and period.
    return frozenset(_stem(w) for w in _WORD.findall(text.casefold().replace(",", "")) if w not in _STOP)


@lru_cache(maxsize=65_536)
def numbers(text: str) -> frozenset[str]:
    """The numbers written in ``text`` ("1,000" and "1000" are one number)."""
    return frozenset(n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text))


def similarity(a: str, b: str) -> float:
    """How alike two texts are: the Dice overlap of their content words (0..1).

    Texts that both give numbers but share none ("600 troops" and "900 troops")
    are different facts whatever their words, so they score 0.
    """
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    if min(len(wa), len(wb)) / max(len(wa), len(wb)) < _MIN_SIZE_RATIO:
        return 0.0  # too different in length to reach SAME_TEXT, whatever they share
    na, nb = numbers(a), numbers(b)
    if na and nb and not na & nb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


def troop_key(t: TroopCount) -> str:
    """Identity of a troop count without its date.

    "About 2,000" and "2,000" are one figure; "fewer than 1,000" is another claim
    than "about 1,000"; a planned level is never the same fact as a level that held.
    """
    return _key(
        "troop",
        t.value,
        t.kind,
        t.direction or "",
        _QUALIFIER_FAMILY.get(t.qualifier, t.qualifier),
        "planned" if t.status == "planned" else "held",
        t.country.strip().casefold(),
        t.force.strip().casefold(),
    )


def statement_key(skey: str) -> str:
    """Identity of a statement's speaker (the text is compared separately)."""
    return _key("statement", skey)


def event_key(date: str | None) -> str:
    """Events are looked up by year; the date and summary are compared separately."""
    return _key("event", date[:4] if date else "none")


def _dates(value: str | None) -> dict[str, Any]:
    p = period(value)
    return {"date": value, "date_start": p[0] if p else None, "date_end": p[1] if p else None}


def _refine_date(fact: TroopCountFact | StatementFact | EventFact, new: str | None) -> None:
    best = more_precise(fact.date, new)
    if best != fact.date:
        for name, val in _dates(best).items():
            setattr(fact, name, val)
        fact.updated_at = utcnow()


def _strengthen(fact: TroopCountFact | StatementFact | EventFact, confidence: float) -> None:
    # A fact is as strong as its strongest source: a second outlet's clear sentence outweighs a weak one.
    if confidence > (fact.confidence if fact.confidence is not None else 0.0):
        fact.confidence = confidence


def _compatible(stored: str | None, new: str | None, *, unknown_matches: bool) -> bool:
    if stored is None or new is None:
        return (stored is None and new is None) or unknown_matches
    return _nests(stored, new)


# Each new fact is tested against every candidate of its key: the same pairs of dates recur.
_nests = lru_cache(maxsize=65_536)(nests)


def _date_conditions(model: FactModel, date: str | None, *, unknown_matches: bool) -> list[Any]:
    """SQL for "the stored date nests with ``date``" as alternatives, each an index range.

    A stored period that contains the new one starts on the new period's first
    day, month or year (point lookups on ``date_start``); one inside it starts
    and ends within it (a short range). Kept as a flat list so that, with the
    workspace and key in each, SQLite reads every alternative from the lookup index
    (it does not split an OR nested in an AND).
    """
    p = period(date)
    # An undated fact has neither date nor start; the start is in the lookup index (migration 0004).
    undated = and_(model.date_start.is_(None), model.date.is_(None))
    if p is None:
        return [true()] if unknown_matches else [undated]
    start, end, _ = p
    starts = {start, start.replace(day=1), start.replace(month=1, day=1)}
    nested = [
        and_(model.date_start.in_(sorted(starts)), model.date_end >= end),
        and_(model.date_start >= start, model.date_start <= end, model.date_end <= end),
    ]
    return [*nested, undated] if unknown_matches else nested


def _closeness(stored: str | None, new: str | None) -> int:
    """Prefer the stored fact with the same date, then the nearest precision."""
    if stored == new:
        return 0
    return 1 + abs(len(stored or "") - len(new or ""))


@dataclass
class Resolved:
    """One incoming fact resolved to its stored row (new or existing)."""

    fact: Any
    evidence: str
    extra: dict[str, Any]


async def _candidates(
    session: AsyncSession,
    model: FactModel,
    workspace: str,
    wanted: Iterable[tuple[str, str | None]],
    *,
    unknown_matches: bool,
    text_attr: str | None = None,
) -> list[Any]:
    """Stored facts of ``workspace`` that any (key, date) of ``wanted`` could merge with, in one query.

    With ``text_attr`` the candidates are plain rows of (id, fact_key, date, text):
    a speaker or a year can have thousands of them, and only the few that match
    become ORM objects (:func:`_loaded`).
    """
    conditions = [
        and_(model.workspace == workspace, model.fact_key == key, alternative)
        for key, date in dict.fromkeys(wanted)
        for alternative in _date_conditions(model, date, unknown_matches=unknown_matches)
    ]
    if not conditions:
        return []
    where = (or_(*conditions),)
    if text_attr is not None:
        columns = (model.id, model.fact_key, model.date, getattr(model, text_attr))
        rows = await session.execute(select(*columns).where(*where).order_by(model.id))
        return [_Candidate(*row) for row in rows]
    return list((await session.scalars(select(model).where(*where).order_by(model.id))).all())


class _Candidate(NamedTuple):
    """A stored statement or event as a merge candidate, before it is loaded."""

    id: int
    fact_key: str
    date: str | None
    text: str

    @property
    def summary(self) -> str:
        return self.text


async def _loaded(session: AsyncSession, model: FactModel, pool: list[Any], fact: Any) -> Any:
    """The ORM object of a chosen candidate, put back in ``pool`` so later items see its changes."""
    if not isinstance(fact, _Candidate):
        return fact
    obj = await session.get(model, fact.id)
    pool[pool.index(fact)] = obj
    return obj


async def store_troop_counts(session: AsyncSession, article: Article, items: Sequence[TroopCount]) -> list[Resolved]:
    """Resolve an article's troop counts to stored facts (merged or new, not yet linked): one query."""
    keys = [troop_key(t) for t in items]
    pool = await _candidates(
        session,
        TroopCountFact,
        article.workspace,
        zip(keys, (t.date for t in items), strict=True),
        unknown_matches=False,
    )
    out = []
    for t, key in zip(items, keys, strict=True):
        matches = [f for f in pool if f.fact_key == key and _compatible(f.date, t.date, unknown_matches=False)]
        if matches:
            fact = min(matches, key=lambda f: (_closeness(f.date, t.date), f.id or 0))
            _refine_date(fact, t.date)
            if fact.qualifier == "exact" and t.qualifier == "approx":
                # A round figure one outlet printed bare is still a round figure.
                fact.qualifier = "approx"
            if t.status == "current" and fact.status == "past":
                fact.status = "current"
            _strengthen(fact, t.confidence)
        else:
            fact = TroopCountFact(
                workspace=article.workspace,
                fact_key=key,
                value=t.value,
                qualifier=t.qualifier,
                kind=t.kind,
                direction=t.direction,
                status=t.status,
                country=t.country,
                force=t.force,
                confidence=t.confidence,
                **_dates(t.date),
            )
            session.add(fact)
            pool.append(fact)
        out.append(Resolved(fact, t.evidence, {"status": t.status, "confidence": t.confidence}))
    return out


def _best_text_match(
    pool: Iterable[Any], key: str, date: str | None, text: str, attr: str, *, unknown_matches: bool
) -> Any | None:
    best, best_score = None, (SAME_TEXT, -1.0)
    for fact in pool:
        if fact.fact_key != key or not _compatible(fact.date, date, unknown_matches=unknown_matches):
            continue
        sim = similarity(getattr(fact, attr), text)
        score = (sim, -_closeness(fact.date, date))
        if sim >= SAME_TEXT and (best is None or score > best_score):
            best, best_score = fact, score
    return best


async def store_statements(session: AsyncSession, article: Article, items: Sequence[Statement]) -> list[Resolved]:
    """Resolve an article's statements to stored facts (merged or new, not yet linked): one query."""
    skeys = [speaker_key(s.speaker) or s.speaker.strip().casefold() for s in items]
    keys = [statement_key(k) for k in skeys]
    pool = await _candidates(
        session,
        StatementFact,
        article.workspace,
        zip(keys, (s.date for s in items), strict=True),
        unknown_matches=True,
        text_attr="text",
    )
    out = []
    for s, key, skey in zip(items, keys, skeys, strict=True):
        fact = _best_text_match(pool, key, s.date, s.text, "text", unknown_matches=True)
        if fact is not None:
            fact = await _loaded(session, StatementFact, pool, fact)
            _refine_date(fact, s.date)
            if s.direct and not fact.direct:
                # Prefer the exact words over a paraphrase of them.
                fact.text, fact.text_search, fact.direct = s.text, s.text.casefold(), True
            elif s.direct == fact.direct and len(s.text) > len(fact.text) and \
                    content_words(fact.text) <= content_words(s.text):
                # The whole quotation over a part of it ("There will be fewer than 1,000 ... But we're not
                # going into numbers" over "But we're not going into numbers").
                fact.text, fact.text_search = s.text, s.text.casefold()
            if s.speaker_role and not fact.speaker_role:
                fact.speaker_role = s.speaker_role
            if len(s.speaker.split()) > len(fact.speaker.split()) <= 1:
                # "Donald Trump" reads better than "Trump" in an answer.
                fact.speaker = s.speaker
            _strengthen(fact, s.confidence)
        else:
            fact = StatementFact(
                workspace=article.workspace,
                fact_key=key,
                speaker=s.speaker,
                speaker_key=skey,
                speaker_role=s.speaker_role,
                text=s.text,
                text_search=s.text.casefold(),
                direct=s.direct,
                confidence=s.confidence,
                **_dates(s.date),
            )
            session.add(fact)
            pool.append(fact)
        out.append(Resolved(fact, s.evidence, {"confidence": s.confidence}))
    return out


async def store_events(session: AsyncSession, article: Article, items: Sequence[Event]) -> list[Resolved]:
    """Resolve an article's events to stored facts (merged or new, not yet linked): one query."""
    keys = [event_key(e.date) for e in items]
    pool = await _candidates(
        session,
        EventFact,
        article.workspace,
        zip(keys, (e.date for e in items), strict=True),
        unknown_matches=False,
        text_attr="summary",
    )
    out = []
    for e, key in zip(items, keys, strict=True):
        fact = _best_text_match(pool, key, e.date, e.summary, "summary", unknown_matches=False)
        if fact is not None:
            fact = await _loaded(session, EventFact, pool, fact)
            _refine_date(fact, e.date)
            _strengthen(fact, e.confidence)
        else:
            fact = EventFact(
                workspace=article.workspace,
                fact_key=key,
                summary=e.summary,
                confidence=e.confidence,
                **_dates(e.date),
            )
            session.add(fact)
            pool.append(fact)
        out.append(Resolved(fact, e.evidence, {"confidence": e.confidence}))
    return out


_LINKS: tuple[tuple[type, str], ...] = (
    (TroopCountSource, "troop"),
    (StatementSource, "statement"),
    (EventSource, "event"),
)


async def _linked(session: AsyncSession, article_id: int) -> set[tuple[str, int]]:
    """The facts ``article_id`` is already a source of (when an article is stored twice)."""
    query = union_all(
        *(select(literal(tag).label("tag"), link.fact_id).where(link.article_id == article_id) for link, tag in _LINKS)
    )
    return {(tag, fact_id) for tag, fact_id in await session.execute(query)}


async def store_facts(session: AsyncSession, article: Article, extraction: Extraction) -> None:
    """Store every fact of one article's extraction, each linked to ``article`` once."""
    # Admins' decisions on these facts (briefings.review) outlive the rows: removed, corrected, approved, rejected.
    from briefings.review import decisions_for

    if article.id is None:
        await session.flush()
    decided = await decisions_for(session, article.workspace, extraction)
    extraction = decided.extraction
    pending = {
        "troop": await store_troop_counts(session, article, extraction.troop_counts),
        "statement": await store_statements(session, article, extraction.statements),
        "event": await store_events(session, article, extraction.events),
    }
    decided.mark(pending)
    await session.flush()  # new facts get their ids
    seen = await _linked(session, article.id)
    for link, tag in _LINKS:
        for item in pending[tag]:
            if (tag, item.fact.id) in seen:
                continue
            seen.add((tag, item.fact.id))
            session.add(link(fact_id=item.fact.id, article_id=article.id, evidence=item.evidence, **item.extra))
    await session.flush()


async def store_troop_count(session: AsyncSession, article: Article, t: TroopCount) -> TroopCountFact:
    """Store one troop count from ``article``, merged with an equal one already stored."""
    items = await store_troop_counts(session, article, [t])
    await _link_one(session, TroopCountSource, "troop", article, items[0])
    return items[0].fact  # type: ignore[no-any-return]


async def store_statement(session: AsyncSession, article: Article, s: Statement) -> StatementFact:
    """Store one statement from ``article``, merged with the same words of the same speaker."""
    items = await store_statements(session, article, [s])
    await _link_one(session, StatementSource, "statement", article, items[0])
    return items[0].fact  # type: ignore[no-any-return]


async def store_event(session: AsyncSession, article: Article, e: Event) -> EventFact:
    """Store one event from ``article``, merged with a like event on the same date."""
    items = await store_events(session, article, [e])
    await _link_one(session, EventSource, "event", article, items[0])
    return items[0].fact  # type: ignore[no-any-return]


async def _link_one(session: AsyncSession, link: type, tag: str, article: Article, item: Resolved) -> None:
    await session.flush()
    if (tag, item.fact.id) not in await _linked(session, article.id):
        session.add(link(fact_id=item.fact.id, article_id=article.id, evidence=item.evidence, **item.extra))
        await session.flush()


async def article_fact_ids(session: AsyncSession, article_id: int) -> dict[type, list[int]]:
    """The facts (by fact model) that ``article_id`` is a source of; call before removing it."""
    pairs = {TroopCountSource: TroopCountFact, StatementSource: StatementFact, EventSource: EventFact}
    out: dict[type, list[int]] = {}
    tags = {tag: pairs[link] for link, tag in _LINKS}
    for tag, fact_id in await _linked(session, article_id):
        out.setdefault(tags[tag], []).append(fact_id)
    return out


async def delete_orphans(
    session: AsyncSession, workspace: str, *, fact_ids: dict[type, list[int]] | None = None
) -> int:
    """Delete the facts of ``workspace`` that no article supports any more; returns how many.

    With ``fact_ids`` (from :func:`article_fact_ids`, taken before the article was
    deleted) only those facts are checked, which keeps removal fast in a large store.
    """
    removed = 0
    pairs: Iterable[tuple[type, type]] = (
        (TroopCountFact, TroopCountSource),
        (StatementFact, StatementSource),
        (EventFact, EventSource),
    )
    for fact_model, link_model in pairs:
        query = (
            delete(fact_model)
            .where(fact_model.workspace == workspace)
            .where(~exists().where(link_model.fact_id == fact_model.id))
            .execution_options(synchronize_session=False)
        )
        if fact_ids is not None:
            ids = fact_ids.get(fact_model, [])
            if not ids:
                continue
            query = query.where(fact_model.id.in_(ids))
        result = await session.execute(query)
        removed += result.rowcount or 0  # type: ignore[attr-defined]
    return removed
