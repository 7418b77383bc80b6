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

Finding the facts a new one could merge with reads a narrow, indexed key, so
storing an article costs the same in a small store and in a big one:

- troop counts by their key (value, kind, ... as above) and the year of the new
  date: a stored period that nests with the new one starts in that window;
- statements and events by their distinctive words (tables ``statement_words`` and
  ``event_words``, migration 0009): each fact has a row for the first words of
  its content words in one fixed order (rare before common, see
  :func:`index_words`), keyed by workspace, fact key (the speaker for a statement)
  and word, with the fact's period. Two texts similar enough to merge (Dice >=
  ``SAME_TEXT``) always share one of those first words (prefix filtering, as in
  set-similarity joins), so looking up the new text's first words in the year
  window finds every fact it can merge with, and common words ("troops", "Syria")
  are rarely among them. Then the dates and words are compared in Python, exactly
  as before.

Each article costs a fixed number of statements whatever its number of facts:
one candidate query per fact type, one load of the stored statements and events
it merges with, one query for links the article already has (only when it merged
with stored facts) and the batched writes of two flushes. The queries keep one
shape per article's number of date windows, so their compiled SQL is cached.

The word order, :data:`COMMON_WORDS` and :func:`content_words` decide which rows
a fact has: changing any of them needs a migration that rebuilds both word tables
(:func:`rebuild_word_index`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, delete, event, exists, insert, inspect, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, make_transient_to_detached

from briefings.models import (
    Article,
    EventFact,
    EventSource,
    EventWord,
    StatementFact,
    StatementSource,
    StatementWord,
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


# --- the word index of statements and events (tables statement_words, event_words) -------------------

#: The most frequent content words of this project's own articles (bot/samples, tests/extract), most
#: frequent first: they go last in the word order, so a fact's first words are its distinctive ones.
#: Changing this list changes which words a fact is indexed by: it needs a migration that rebuilds the
#: word tables (as migration 0009 builds them).
COMMON_WORDS: tuple[str, ...] = tuple(
    """troop s syria forc iraq u base more offici american attack al roughly pentagon group iraqi remain
    state personnel mission military soldier washington statement unit islamic number month air force
    two since last out region withdraw government fighter time iran year kill end who president
    coalition turkish stat miss member drone defense near all back syrian some week afghanistan country
    service against most northern trump operation strik now level addition secretary isi them baghdad
    combat biden deploy one announc day left struck first three drawdown security kurdish deployment
    could presence iranian bring between change war foreign thursday coming border house these support
    least turkey sunday defence wound centr accord which october guard adviser people target home
    condition plan take""".split()
)
_COMMON_RANK = {w: len(COMMON_WORDS) - i for i, w in enumerate(COMMON_WORDS)}


def _word_order(word: str) -> tuple[int, int, int]:
    # Any fixed total order keeps the index exact; this one puts rare words first: words off the
    # common list before those on it, longer before shorter, then a stable hash (never Python's hash()).
    return (_COMMON_RANK.get(word, 0), -len(word), zlib.crc32(word.encode("utf-8")))


@lru_cache(maxsize=65_536)
def index_words(text: str) -> tuple[str, ...]:
    """The content words a statement's text or an event's summary is indexed by, rarest first.

    Prefix filtering: of a text's ``n`` content words, one that is ``SAME_TEXT``-similar
    to another shares at least ``a = ceil(r * n)`` with it (r = SAME_TEXT / (2 - SAME_TEXT):
    the smaller text has at least ``r * n`` words, else :func:`similarity` is 0, and Dice
    >= SAME_TEXT needs an overlap of SAME_TEXT * (n + m) / 2 >= r * n). Then, in any fixed
    order, the first ``n - a + 1`` words of one and of the other share a word: the index
    holds those first words, and a lookup by them misses no fact that can merge.
    """
    words = sorted(content_words(text), key=_word_order)
    if not words:
        return ()
    # The slack keeps a product that is an integer (r * 7 = 3) from rounding up to the next one.
    overlap = max(1, math.ceil(_MIN_SIZE_RATIO * len(words) - 1e-9))
    return tuple(words[: len(words) - overlap + 1])


def word_key(workspace: str, fact_key: str, word: str) -> int:
    """The 64-bit key of one indexed word of a fact of ``fact_key`` in ``workspace`` (signed, for BIGINT)."""
    digest = hashlib.blake2b(f"{workspace}\x1f{fact_key}\x1f{word}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def word_keys(workspace: str, fact_key: str, text: str) -> list[int]:
    """The keys a fact with ``text`` is indexed by (and a new one is looked up by), without repeats."""
    return list(dict.fromkeys(word_key(workspace, fact_key, w) for w in index_words(text)))


_WORD_INDEX: dict[type, tuple[type[StatementWord] | type[EventWord], str]] = {
    StatementFact: (StatementWord, "text"),
    EventFact: (EventWord, "summary"),
}


def word_rows(fact: StatementFact | EventFact) -> list[dict[str, Any]]:
    """The word-index rows of a stored statement or event (its ``id`` set)."""
    _, attr = _WORD_INDEX[type(fact)]
    p = period(fact.date)
    start, end = (p[0], p[1]) if p else (None, None)
    return [
        {"fact_id": fact.id, "word_key": key, "date_start": start, "date_end": end}
        for key in word_keys(fact.workspace, fact.fact_key, getattr(fact, attr))
    ]


_INDEXED_ATTRS = ("workspace", "fact_key", "date", "text", "summary")


@event.listens_for(Session, "after_flush")
def _keep_word_index(session: Session, _context: object) -> None:
    """Write the word rows of the statements and events a flush added, and rewrite those it changed.

    A listener rather than a step of :func:`store_facts`, so that every change of a fact's
    words, date or key (an admin's edit too) keeps its rows true; one batch per table.
    The lists of new and dirty objects and their history still describe the flush here.
    """
    added: dict[type, list[Any]] = {}
    changed: dict[type, list[Any]] = {}
    for obj in session.new:
        if type(obj) in _WORD_INDEX:
            added.setdefault(type(obj), []).append(obj)
    for obj in session.dirty:
        if type(obj) in _WORD_INDEX:
            attrs = inspect(obj).attrs
            if any(name in attrs and attrs[name].history.has_changes() for name in _INDEXED_ATTRS):
                changed.setdefault(type(obj), []).append(obj)
    if not added and not changed:
        return
    connection = session.connection()
    for model, (table, _) in _WORD_INDEX.items():
        stale = changed.get(model, [])
        if stale:
            connection.execute(delete(table).where(table.fact_id.in_([f.id for f in stale])))
        rows = [row for fact in (*added.get(model, []), *stale) for row in word_rows(fact)]
        if rows:
            connection.execute(insert(table), rows)



def _dates(value: str | None) -> dict[str, Any]:
    p = period(value)
    return {"date": value, "date_start": p[0] if p else None, "date_end": p[1] if p else None}


def _stamps() -> dict[str, Any]:
    # A new fact is inserted by the store stage itself (_insert_new_facts), not by a flush: the
    # columns the ORM would default are set here.
    now = utcnow()
    return {"first_seen_at": now, "updated_at": now, "review_state": None}


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


# The date of an undated statement's lookup: it may merge with a statement of any date.
_ANY_DATE = "any"
Shape = tuple[str, ...]  # the kinds of condition of a lookup: "points", "range", "undated", "any"


def _lookup(wanted: Iterable[tuple[str | None, Iterable[Any]]]) -> tuple[Shape, dict[str, Any]]:
    """Which stored rows to read for new facts of these (date, keys): the lookup's shape and parameters.

    Calendar periods nest or are disjoint, so a stored period that nests with a new one
    either contains it, and then starts on the new period's first day, month or year
    (point lookups, one set for the whole article), or lies inside it, starting within
    it (a range: a month's or a year's; a day's is its own first day). Overlapping
    ranges are joined. An undated date reads the undated rows; :data:`_ANY_DATE`
    any row of the keys. The caller compares the dates exactly.
    """
    point_keys: dict[Any, None] = {}
    starts: set[dt.date] = set()
    ranges: list[tuple[dt.date, dt.date, dict[Any, None]]] = []
    undated: dict[Any, None] = {}
    any_date: dict[Any, None] = {}
    for date, keys in wanted:
        if date == _ANY_DATE:
            any_date.update(dict.fromkeys(keys))
            continue
        p = period(date)
        if p is None:
            undated.update(dict.fromkeys(keys))
            continue
        start, end, precision = p
        point_keys.update(dict.fromkeys(keys))
        starts.update((start, start.replace(day=1), start.replace(month=1, day=1)))
        if precision != "day":
            ranges.append((start, end, dict.fromkeys(keys)))
    ranges.sort(key=lambda r: r[0])
    joined: list[tuple[dt.date, dt.date, dict[Any, None]]] = []
    for lo, hi, keys in ranges:
        if joined and lo <= joined[-1][1]:
            last_lo, last_hi, last_keys = joined[-1]
            last_keys.update(keys)
            joined[-1] = (last_lo, max(last_hi, hi), last_keys)
        else:
            joined.append((lo, hi, keys))
    shape: list[str] = []
    params: dict[str, Any] = {}
    if point_keys:
        shape.append("points")
        params.update(pk=list(point_keys), ps=sorted(starts))
    for i, (lo, hi, keys) in enumerate(joined):
        shape.append("range")
        params.update({f"rk{i}": list(keys), f"lo{i}": lo, f"hi{i}": hi})
    if undated:
        shape.append("undated")
        params["uk"] = list(undated)
    if any_date:
        shape.append("any")
        params["ak"] = list(any_date)
    return tuple(shape), params


def _ids_looked_up(id_col: Any, key_col: Any, start_col: Any, shape: Shape, *extra: Any) -> Any:
    """The ids of the rows a lookup of ``shape`` reads (see :func:`_lookup`): a subquery for ``id IN (...)``.

    One SELECT per kind of condition, joined by UNION ALL: each is one conjunction that
    SQLite reads from the key's index (an OR of them it may read through the workspace
    alone, having no statistics). The caller's outer query filters on nothing else
    indexed, so it reads rows by primary key. Built once per shape (the callers cache
    it) and bound to parameters, so neither building nor compiling the SQL is paid per article.
    """
    parts = []
    ranges = 0
    for kind in shape:
        if kind == "points":
            where = [key_col.in_(bindparam("pk", expanding=True)), start_col.in_(bindparam("ps", expanding=True))]
        elif kind == "range":
            i, ranges = ranges, ranges + 1
            where = [
                key_col.in_(bindparam(f"rk{i}", expanding=True)),
                start_col >= bindparam(f"lo{i}"),
                start_col <= bindparam(f"hi{i}"),
            ]
        elif kind == "undated":
            where = [key_col.in_(bindparam("uk", expanding=True)), start_col.is_(None)]
        else:
            where = [key_col.in_(bindparam("ak", expanding=True))]
        parts.append(select(id_col).where(*extra, *where))
    return parts[0] if len(parts) == 1 else union_all(*parts)


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


@lru_cache(maxsize=64)
def _troop_query(shape: Shape) -> Any:
    m = TroopCountFact
    # An undated count merges only with an undated one (IS NULL on the start: migration 0004's index).
    ids = _ids_looked_up(m.id, m.fact_key, m.date_start, shape, m.workspace == bindparam("workspace"))
    return select(m).where(m.id.in_(ids)).order_by(m.id)


async def _troop_candidates(
    session: AsyncSession, workspace: str, wanted: Iterable[tuple[str, str | None]]
) -> list[TroopCountFact]:
    """Stored troop counts of ``workspace`` that any (key, date) of ``wanted`` could merge with: one query."""
    shape, params = _lookup((date, [key]) for key, date in wanted)
    if not shape:
        return []
    return list((await session.scalars(_troop_query(shape), {"workspace": workspace, **params})).all())


@lru_cache(maxsize=64)
def _words_query(model: type[StatementFact] | type[EventFact], shape: Shape) -> Any:
    words, _ = _WORD_INDEX[model]
    facts, w = model.__table__, words.__table__
    ids = _ids_looked_up(w.c.fact_id, w.c.word_key, w.c.date_start, shape)
    return select(facts).where(facts.c.id.in_(ids)).order_by(facts.c.id)


def _persistent(session: AsyncSession, model: type[StatementFact] | type[EventFact], row: Any) -> Any:
    """The session's object for a stored fact read as a Core row, made from the row (no second query)."""
    found = session.sync_session.identity_map.get(inspect(model).identity_key_from_primary_key((row["id"],)))
    if found is not None:
        return found
    fact = model(**row)
    make_transient_to_detached(fact)  # as if loaded: no pending changes, its identity known
    session.add(fact)
    return fact


async def _text_candidates(
    session: AsyncSession,
    model: type[StatementFact] | type[EventFact],
    workspace: str,
    items: Sequence[tuple[str, str | None, str]],
    *,
    unknown_matches: bool,
) -> list[Any]:
    """The stored statements or events that any new (key, date, text) of ``items`` can merge with: one query.

    The word index gives the facts that share an indexed word with a new one in its date
    window. They are read as Core rows and compared here as :func:`_best_text_match` will
    compare them; only those that can merge with some item become ORM objects (a popular
    speaker or a busy year shares common words with many, few of which merge).
    """
    _, attr = _WORD_INDEX[model]
    wanted: list[tuple[str | None, list[int]]] = []
    for key, date, text in items:
        keys = word_keys(workspace, key, text)
        if not keys:
            continue  # no content words: similar to nothing
        if date is None and unknown_matches:
            wanted.append((_ANY_DATE, keys))
            continue
        wanted.append((date, keys))
        if date is not None and unknown_matches:
            wanted.append((None, keys))  # a dated statement also merges with an undated one
    shape, params = _lookup(wanted)
    if not shape:
        return []
    by_key: dict[str, list[tuple[str | None, str]]] = {}
    for key, date, text in items:
        by_key.setdefault(key, []).append((date, text))
    rows = (await (await session.connection()).execute(_words_query(model, shape), params)).mappings()
    return [
        _persistent(session, model, row)
        for row in rows
        if row["workspace"] == workspace  # the word keys hash the workspace in; this makes it certain
        and any(
            _compatible(row["date"], new_date, unknown_matches=unknown_matches)
            and similarity(row[attr], new_text) >= SAME_TEXT
            for new_date, new_text in by_key.get(row["fact_key"], ())
        )
    ]


async def store_troop_counts(session: AsyncSession, article: Article, items: Sequence[TroopCount]) -> list[Resolved]:
    """Resolve an article's troop counts to stored facts (merged or new, not yet linked): one query."""
    keys = [troop_key(t) for t in items]
    pool = await _troop_candidates(session, article.workspace, zip(keys, (t.date for t in items), strict=True))
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
                **_stamps(),
            )
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
    """Resolve an article's statements to stored facts (merged or new, not yet linked): two queries at most."""
    skeys = [speaker_key(s.speaker) or s.speaker.strip().casefold() for s in items]
    keys = [statement_key(k) for k in skeys]
    pool = await _text_candidates(
        session,
        StatementFact,
        article.workspace,
        [(key, s.date, s.text) for key, s in zip(keys, items, strict=True)],
        unknown_matches=True,
    )
    out = []
    for s, key, skey in zip(items, keys, skeys, strict=True):
        fact = _best_text_match(pool, key, s.date, s.text, "text", unknown_matches=True)
        if fact is not None:
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
                **_stamps(),
            )
            pool.append(fact)
        out.append(Resolved(fact, s.evidence, {"confidence": s.confidence}))
    return out


async def store_events(session: AsyncSession, article: Article, items: Sequence[Event]) -> list[Resolved]:
    """Resolve an article's events to stored facts (merged or new, not yet linked): two queries at most."""
    keys = [event_key(e.date) for e in items]
    pool = await _text_candidates(
        session,
        EventFact,
        article.workspace,
        [(key, e.date, e.summary) for key, e in zip(keys, items, strict=True)],
        unknown_matches=False,
    )
    out = []
    for e, key in zip(items, keys, strict=True):
        fact = _best_text_match(pool, key, e.date, e.summary, "summary", unknown_matches=False)
        if fact is not None:
            _refine_date(fact, e.date)
            _strengthen(fact, e.confidence)
        else:
            fact = EventFact(
                workspace=article.workspace,
                fact_key=key,
                summary=e.summary,
                confidence=e.confidence,
                **_dates(e.date),
                **_stamps(),
            )
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
    # One flush for the stored facts the article changes, not one per candidate query.
    with session.no_autoflush:
        pending = {
            "troop": await store_troop_counts(session, article, extraction.troop_counts),
            "statement": await store_statements(session, article, extraction.statements),
            "event": await store_events(session, article, extraction.events),
        }
    decided.mark(pending)
    await _write(session, article, pending)


async def _write(session: AsyncSession, article: Article, pending: dict[str, list[Resolved]]) -> None:
    await session.flush()  # the stored facts the article merged with (their word rows: _keep_word_index)
    await _insert_new_facts(session, pending)  # new facts get their ids
    await _insert_links(session, article, pending)


_FACTS: tuple[tuple[str, type[TroopCountFact] | type[StatementFact] | type[EventFact]], ...] = (
    ("troop", TroopCountFact),
    ("statement", StatementFact),
    ("event", EventFact),
)


async def _insert_new_facts(session: AsyncSession, pending: dict[str, list[Resolved]]) -> None:
    """Insert the article's new facts and their word rows: one batched INSERT per table.

    The ORM would insert them one statement per row on SQLite (it cannot match the ids
    RETURNING gives to the rows it sent, in order), so they are inserted here and each
    gets its id by its values: two new facts of one article with the same values would
    have merged, or are alike in everything (then either id will do).
    """
    connection = await session.connection()
    for tag, model in _FACTS:
        new = list({id(item.fact): item.fact for item in pending[tag] if item.fact.id is None}.values())
        if not new:
            continue
        table = model.__table__
        columns = [c for c in table.columns if c.key != "id"]
        rows = [{c.key: getattr(fact, c.key) for c in columns} for fact in new]
        waiting: dict[tuple[Any, ...], list[Any]] = {}
        for fact, row in zip(new, rows, strict=True):
            waiting.setdefault(tuple(row.values()), []).append(fact)
        inserted = await connection.execute(insert(table).returning(table.c.id, *columns), rows)
        for fact_id, *values in inserted:
            waiting[tuple(values)].pop().id = fact_id
        if model in _WORD_INDEX:
            words = [row for fact in new for row in word_rows(fact)]
            if words:
                await connection.execute(insert(_WORD_INDEX[model][0]), words)


async def _insert_links(session: AsyncSession, article: Article, pending: dict[str, list[Resolved]]) -> None:
    connection = await session.connection()
    for link, tag in _LINKS:
        rows: dict[int, dict[str, Any]] = {}
        for item in pending[tag]:
            rows.setdefault(item.fact.id, {"fact_id": item.fact.id, "article_id": article.id,
                                           "evidence": item.evidence, **item.extra})  # fmt: skip
        if rows:
            # One batched INSERT per table; a link the article already has (stored twice) stays as it was.
            await connection.execute(_insert_new_links(connection.dialect.name, link), list(rows.values()))


def _insert_new_links(dialect: str, link: type) -> Any:
    """INSERT of links that skips a (fact, article) pair already stored (its unique constraint)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    table = link.__table__  # type: ignore[attr-defined]
    return dialect_insert(table).on_conflict_do_nothing(index_elements=[table.c.fact_id, table.c.article_id])


async def store_troop_count(session: AsyncSession, article: Article, t: TroopCount) -> TroopCountFact:
    """Store one troop count from ``article``, merged with an equal one already stored."""
    items = await store_troop_counts(session, article, [t])
    await _write(session, article, {"troop": items, "statement": [], "event": []})
    return items[0].fact  # type: ignore[no-any-return]


async def store_statement(session: AsyncSession, article: Article, s: Statement) -> StatementFact:
    """Store one statement from ``article``, merged with the same words of the same speaker."""
    items = await store_statements(session, article, [s])
    await _write(session, article, {"troop": [], "statement": items, "event": []})
    return items[0].fact  # type: ignore[no-any-return]


async def store_event(session: AsyncSession, article: Article, e: Event) -> EventFact:
    """Store one event from ``article``, merged with a like event on the same date."""
    items = await store_events(session, article, [e])
    await _write(session, article, {"troop": [], "statement": [], "event": items})
    return items[0].fact  # type: ignore[no-any-return]


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
