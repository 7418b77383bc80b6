"""Answers from the fact store: the services behind ``/troops``, ``/latest`` and ``/said``.

The Discord bot, the console, the command line and the briefings all call these,
so an answer is computed in one place only.

Every query reads a bounded slice of an index, whatever the size of the store:
newest-first lists walk the date index from the top (dated rows first, then the
undated, so no backend has to sort NULLs), and speaker names are resolved to
canonical keys from the distinct keys of the workspace, which a loose index scan
lists without reading every statement.

``said --about`` reads a full-text index (migration 0003: an FTS5 table on
SQLite, a GIN index on PostgreSQL), and ``said`` counts its matches only up to
:data:`TOTAL_CAP`, so no ask reads every statement of a large workspace.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.types import Text

from briefings.bounds import check_count, check_offset
from briefings.current import Candidate, choose_current, doubts, level_candidate
from briefings.errors import BadInput
from briefings.models import (
    REJECTED,
    Article,
    EventFact,
    EventSource,
    StatementFact,
    StatementSource,
    TroopCountFact,
    TroopCountSource,
)
from briefings.periods import precision_of
from briefings.schemas import (
    EventFact as EventOut,
)
from briefings.schemas import (
    LatestAnswer,
    SaidAnswer,
    SourceRef,
    TroopFact,
    TroopsAnswer,
)
from briefings.schemas import (
    StatementFact as StatementOut,
)
from briefings.speakers import key_matches, speaker_key

MAX_LIMIT = 100
#: How many dated figures ``troops`` puts in its timeline (the newest up to ``as_of``).
TIMELINE_LIMIT = 60
#: How many undated figures the timeline adds after the dated ones.
UNDATED_LIMIT = 10
# Events sharing the boundary date of a page are ordered by publication in Python;
# a day with more developments than this is cut at the newest stored.
_TIE_LIMIT = 500
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
_SEARCH_WORD = re.compile(r"[^\W_][\w'’.,-]*[^\W_]|[^\W_]")
_TOKEN = re.compile(r"[^\W_]+")
#: ``said`` counts matching statements up to this many (or up to the end of the page
#: asked for, plus one): ``SaidAnswer.total`` is exact below it, and a total above
#: ``offset + limit`` always means there is an older page.
TOTAL_CAP = 1000
#: The same for ``--about`` searches, whose every counted row PostgreSQL re-reads to check the words.
SEARCH_TOTAL_CAP = 200
# SQLite, --about: a search matching fewer statements than this sorts its matches read
# from the full-text index; a commoner one walks the date index and checks the texts in
# Python (probing FTS5 row by row costs ~0.1 ms a row for a common word), which finds
# a page of matches within a few thousand rows.
_FTS_SORT_CAP = 3000
_FTS = table("statements_fts", column("rowid"))
_FTS_MATCH = text("statements_fts MATCH :fts")
# The expression of PostgreSQL's GIN index (migration 0003), spelled as the index spells it.
_PG_TSVECTOR = func.to_tsvector(literal_column("'simple'::regconfig"), StatementFact.text_search)


def _check_limit(limit: int, offset: int = 0) -> None:
    check_count(limit, MAX_LIMIT)
    check_offset(offset)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def sources_for(
    session: AsyncSession,
    link: type,
    fact_ids: Sequence[int],
    *,
    added: tuple[dt.datetime, dt.datetime] | None = None,
    newest_first: bool = False,
) -> dict[int, list[SourceRef]]:
    """Every source of each fact, earliest published first (or newest first).

    ``added=(since, until)`` keeps only the links stored in that window, as a briefing needs.
    """
    out: dict[int, list[SourceRef]] = defaultdict(list)
    if not fact_ids:
        return out
    # A troop figure's link keeps what that article said of it (holds now, held before).
    said = link.status if hasattr(link, "status") else literal(None)
    query = (
        select(link.fact_id, link.evidence, Article.id, Article.source, Article.url, Article.published, Article.title,
               said)
        .join(Article, Article.id == link.article_id)
        .where(link.fact_id.in_(list(fact_ids)))
    )
    if added is not None:
        query = query.where(link.added_at > added[0], link.added_at <= added[1])
    order = (Article.published.desc(), Article.id.desc()) if newest_first else (Article.published, Article.id)
    rows = await session.execute(query.order_by(*order))
    for fact_id, evidence, aid, source, url, published, title, status in rows:
        out[fact_id].append(
            SourceRef(
                source=source, url=url, published=published.isoformat(), article_id=aid, title=title,
                evidence=evidence, status=status,
            )
        )
    return out


def _newest_published(sources: Sequence[SourceRef]) -> str:
    return max((s.published or "" for s in sources), default="")


# ------------------------------------------------------------------ troops


class _TroopRow(NamedTuple):
    """The columns of a troop figure an answer shows (a plain row: no ORM object to build)."""

    id: int
    value: int
    qualifier: str
    kind: str
    direction: str | None
    status: str
    date: str | None
    date_start: dt.date | None
    country: str
    force: str
    confidence: float
    review_state: str | None


_TROOP_COLUMNS = [getattr(TroopCountFact, name) for name in _TroopRow._fields]


def not_rejected(model: Any) -> ColumnElement[bool]:
    """SQL for "an admin has not rejected this fact": answers never show a rejected one."""
    return or_(model.review_state.is_(None), model.review_state != "rejected")


# One alias per table, made once: a new alias per call would defeat SQLAlchemy's cache of compiled statements.
_REJECTED_ALIAS = {m: aliased(m, name=f"rejected_{m.__tablename__}") for m in (StatementFact, EventFact)}


def _not_rejected_by_id(model: Any, workspace: str) -> ColumnElement[bool]:
    """Like :func:`not_rejected`, by id: the ids come from the partial index of rejected facts, and every
    index holds the id, so a count or a walk of an index still need not read the rows."""
    rejected = _REJECTED_ALIAS[model]
    return model.id.not_in(select(rejected.id).where(rejected.workspace == workspace, text(REJECTED)))


def _troop_out(f: _TroopRow, sources: list[SourceRef]) -> TroopFact:
    evidence = sources[0].evidence if sources else ""
    return TroopFact(
        id=f.id,
        value=f.value,
        qualifier=f.qualifier,
        kind=f.kind,
        direction=f.direction,  # type: ignore[arg-type]
        status=f.status,
        date=f.date,
        country=f.country,
        force=f.force,
        evidence=evidence or "",  # type: ignore[arg-type]
        precision=precision_of(f.date),
        sources=sources,
        confidence=f.confidence,
        review_state=f.review_state,  # type: ignore[arg-type]
    )


def _candidate(f: _TroopRow, sources: Sequence[SourceRef]) -> Candidate:
    return level_candidate(
        id=f.id, value=f.value, qualifier=f.qualifier, status=f.status, date=f.date, date_start=f.date_start,
        confidence=f.confidence, review_state=f.review_state, sources=sources,
    )  # fmt: skip


def _timeline_key(f: _TroopRow) -> tuple[int, dt.date, int, int]:
    # Dated figures by start of their period, the coarser period first; undated last.
    if f.date_start is None:
        return 1, dt.date.max, 0, f.id
    return 0, f.date_start, _PRECISION_RANK.get(precision_of(f.date) or "", -1), f.id


async def _countries(session: AsyncSession, workspace: str) -> list[str]:
    """The distinct country names with troop figures (a loose scan of the country index)."""
    rows = await session.execute(
        text(
            "WITH RECURSIVE c(name) AS ("
            " SELECT min(country) FROM troop_counts WHERE workspace = :w"
            " UNION ALL"
            " SELECT (SELECT min(country) FROM troop_counts WHERE workspace = :w AND country > c.name)"
            " FROM c WHERE c.name IS NOT NULL"
            ") SELECT name FROM c WHERE name IS NOT NULL"
        ),
        {"w": workspace},
    )
    return [r[0] for r in rows]


def check_troops_question(country: str, as_of: dt.date | None, *, today: dt.date | None = None) -> tuple[str, dt.date]:
    """Validate the arguments of ``troops`` before any work: the country, and ``as_of`` (default today).

    Front ends call it before deferring, so that a refusal can still be private.
    """
    country = " ".join((country or "").split())
    if not country:
        raise BadInput("name a country, e.g. Syria")
    today = today or dt.datetime.now(dt.UTC).date()
    # A day of slack for users east of UTC, for whom tomorrow here is already today.
    if as_of is not None and as_of > today + dt.timedelta(days=1):
        raise BadInput(f"the as-of date {as_of.isoformat()} is in the future; leave it out for today")
    return country, as_of or today


def check_said_question(speaker: str | None, about: str | None, limit: int = 10, offset: int = 0) -> None:
    """Validate the arguments of ``said`` before any work (front ends call it before deferring)."""
    _check_limit(limit, offset)
    if speaker is not None and not speaker_key(speaker):
        raise BadInput("the speaker is empty; leave it out to see everyone")
    if about is not None and not search_words(about):
        raise BadInput("the search text is empty; use words the statement contains")


async def troops(
    *, session: AsyncSession, workspace: str, country: str = "Syria", as_of: dt.date | None = None
) -> TroopsAnswer:
    """The troop level in ``country`` at ``as_of`` (default today) and the dated timeline.

    ``current`` is chosen by :func:`briefings.current.choose_current` among the levels
    that held (never a plan or a change) dated on or before ``as_of``: the newest
    evidence first, weighed by the outlets that agree, their confidence and the
    precision of their dates; ``current_reason`` says why in a few words.
    The timeline holds the newest ``TIMELINE_LIMIT`` figures dated up to ``as_of``,
    oldest first, every figure of a date side by side; without ``as_of`` a few
    undated ones follow (an as-of answer never holds an undated figure).
    A rejected fact is never read; a doubtful level (under 20 troops, said to hold
    now yet dated years before its source, or one outlet's figure a tenth or ten
    times the levels around it) is in neither until an admin approves it.
    """
    with_undated = as_of is None
    country, as_of = check_troops_question(country, as_of)
    names = [c for c in await _countries(session, workspace) if c.casefold() == country.casefold()]
    if not names:
        return TroopsAnswer(country=country, as_of=as_of.isoformat())
    base = (TroopCountFact.workspace == workspace, TroopCountFact.country.in_(names), not_rejected(TroopCountFact))
    newest = (TroopCountFact.date_start.desc(), TroopCountFact.id.desc())

    def part(tag: str, *where: ColumnElement[bool], limit: int, order: Sequence[Any] = newest) -> Any:
        return select(literal(tag).label("part"), *_TROOP_COLUMNS).where(*base, *where).order_by(*order).limit(limit)

    # One round trip of plain rows (no ORM objects): each part reads the top of an index range.
    queries = [
        # The current level: the newest held levels up to as_of.
        part(
            "held",
            TroopCountFact.kind == "level",
            TroopCountFact.date_start <= as_of,
            TroopCountFact.status != "planned",
            limit=20,
        ),
        # The timeline: levels and changes by date, then undated figures.
        part("dated", TroopCountFact.kind == "level", TroopCountFact.date_start <= as_of, limit=TIMELINE_LIMIT),
        part("dated", TroopCountFact.kind == "change", TroopCountFact.date_start <= as_of, limit=TIMELINE_LIMIT),
    ]
    if with_undated:
        queries.append(
            part(
                "undated",
                TroopCountFact.kind.in_(("level", "change")),
                TroopCountFact.date_start.is_(None),
                limit=UNDATED_LIMIT,
                order=(TroopCountFact.id.desc(),),
            )
        )
    by_part: dict[str, list[_TroopRow]] = defaultdict(list)
    for row in await session.execute(union_all(*(select(q.subquery()) for q in queries))):
        by_part[row[0]].append(_TroopRow(*row[1:]))
    dated = sorted(by_part["dated"], key=lambda f: (f.date_start, f.id), reverse=True)
    if len(dated) > TIMELINE_LIMIT:
        # Never cut between figures of one date: they are the conflicts shown side by side.
        cut = dated[TIMELINE_LIMIT - 1].date_start
        dated = [f for f in dated if f.date_start >= cut]
    undated = by_part["undated"]
    rows = {f.id: f for f in [*dated, *undated, *by_part["held"]]}
    srcs = await sources_for(session, TroopCountSource, list(rows))
    # Every level read is a neighbour against which the others are judged, in the timeline as for current.
    candidates = [_candidate(f, srcs[f.id]) for f in rows.values() if f.kind == "level"]
    doubtful = doubts(candidates)
    shown = [f for f in sorted([*dated, *undated], key=_timeline_key) if f.id not in doubtful]
    answer = TroopsAnswer(
        country=names[0],
        as_of=as_of.isoformat(),
        timeline=[_troop_out(f, srcs[f.id]) for f in shown],
        held_back=sum(1 for f in [*dated, *undated] if f.id in doubtful),
    )
    choice = choose_current(candidates, as_of, doubtful=doubtful)
    if choice is not None:
        answer.current = _troop_out(rows[choice.id], srcs[choice.id])
        answer.current_reason = choice.reason
    return answer


# ------------------------------------------------------------------ latest


async def latest(*, session: AsyncSession, workspace: str, limit: int = 10) -> LatestAnswer:
    """The newest developments first, with sources.

    Ordered by the start of the event's date, then by the newest article that
    reports it, then by how many articles do, then in the order they were first
    stored (a story's lead development before its background). Undated events come last.
    """
    _check_limit(limit)
    ws = and_(EventFact.workspace == workspace, _not_rejected_by_id(EventFact, workspace))
    boundary = await session.scalar(
        select(EventFact.date_start)
        .where(ws, EventFact.date_start.is_not(None))
        .order_by(EventFact.date_start.desc())
        .limit(1)
        .offset(limit - 1)
    )
    dated_q = select(EventFact).where(ws, EventFact.date_start.is_not(None))
    if boundary is not None:
        dated_q = dated_q.where(EventFact.date_start >= boundary)
    rows = list(
        (await session.scalars(dated_q.order_by(EventFact.date_start.desc(), EventFact.id).limit(_TIE_LIMIT))).all()
    )
    if len(rows) < limit:
        rows += (
            await session.scalars(
                select(EventFact)
                .where(ws, EventFact.date_start.is_(None))
                .order_by(EventFact.id.desc())
                .limit(limit - len(rows))
            )
        ).all()
    srcs = await sources_for(session, EventSource, [e.id for e in rows])

    def order(e: EventFact) -> tuple[int, int, str, int, int]:
        start = e.date_start.toordinal() if e.date_start else 0
        return (e.date_start is not None, start, _newest_published(srcs[e.id]), len(srcs[e.id]), -e.id)

    rows.sort(key=order, reverse=True)
    return LatestAnswer(
        events=[
            EventOut(
                id=e.id,
                date=e.date,
                summary=e.summary,
                precision=precision_of(e.date),
                sources=srcs[e.id],
                evidence=(srcs[e.id][0].evidence or "") if srcs[e.id] else "",
                confidence=e.confidence,
                review_state=e.review_state,  # type: ignore[arg-type]
            )
            for e in rows[:limit]
        ]
    )


# ------------------------------------------------------------------ said


async def speaker_keys(session: AsyncSession, workspace: str) -> list[str]:
    """Every distinct canonical speaker key of ``workspace``.

    A recursive loose index scan: one index seek per distinct key instead of a
    read of every statement.
    """
    rows = await session.execute(
        text(
            "WITH RECURSIVE k(key) AS ("
            " SELECT min(speaker_key) FROM statements WHERE workspace = :w"
            " UNION ALL"
            " SELECT (SELECT min(speaker_key) FROM statements WHERE workspace = :w AND speaker_key > k.key)"
            " FROM k WHERE k.key IS NOT NULL"
            ") SELECT key FROM k WHERE key IS NOT NULL"
        ),
        {"w": workspace},
    )
    return [r[0] for r in rows]


async def _matching_keys(session: AsyncSession, workspace: str, speaker: str) -> list[str]:
    query = speaker_key(speaker)
    if not query:
        raise BadInput("name a speaker, e.g. Trump")
    return [k for k in await speaker_keys(session, workspace) if key_matches(query, k)]


def search_words(about: str) -> list[str]:
    """The words of an ``--about`` search, each to be found in a statement's text."""
    return [w.casefold().replace("’", "'") for w in _SEARCH_WORD.findall(about)]


def _about_conditions(words: Sequence[str], dialect: str) -> list[ColumnElement[bool]]:
    """SQL for "the text has every word": each word begins a word (or run of words) of the text.

    Each backend's full-text index decides the words: "withdraw" finds "withdrawal" but
    "draw" does not; "1,000" and "conditions-based" are phrases of their parts. The
    ``LIKE`` on each part is cheap and checked first on the rows a date-ordered walk reads.
    """
    parts = dict.fromkeys(t for w in words for t in _TOKEN.findall(w))
    out: list[ColumnElement[bool]] = [
        StatementFact.text_search.like(f"%{_escape_like(t)}%", escape="\\") for t in parts
    ]
    if dialect == "postgresql":
        query = None
        for w in words:
            # The backend's own parser splits the word as it split the text; the last part is a prefix.
            # A cast, not to_tsquery(), which would split 'conditions-based' into parts once more.
            part = (func.phraseto_tsquery(literal_column("'simple'::regconfig"), w).cast(Text) + ":*").cast(TSQUERY)
            query = part if query is None else query.op("&&")(part)
        out.append(_PG_TSVECTOR.op("@@")(query))
    return out


def _fts_query(words: Sequence[str]) -> str:
    """An FTS5 query: every word a quoted phrase (FTS5 splits it as it split the text), the last part a prefix."""
    return " AND ".join('"' + w.replace('"', '""') + '"*' for w in words)


async def _capped_count(session: AsyncSession, query: Select[Any], cap: int, params: dict[str, str]) -> int:
    """How many rows ``query`` returns, counting no further than ``cap``."""
    return await session.scalar(select(func.count()).select_from(query.limit(cap).subquery()), params) or 0


async def said(
    *,
    session: AsyncSession,
    workspace: str,
    speaker: str | None = None,
    about: str | None = None,
    limit: int = 10,
    offset: int = 0,
) -> SaidAnswer:
    """Statements, newest first, optionally by one speaker and/or containing ``about``.

    ``speaker`` is any way of naming the speaker ("Trump", "President Donald
    Trump", "the Pentagon"); it finds every statement whose canonical speaker
    contains it ("official" finds "a senior US official"). ``about`` finds
    statements whose text has every word of it, each as a word or the start of one
    ("withdraw" finds "withdrawal", "draw" does not). Dated statements come first,
    newest first; then undated ones, most recently stored first.

    ``total`` is exact up to :data:`TOTAL_CAP` matches (:data:`SEARCH_TOTAL_CAP` with
    ``about``), or up to the end of the page asked for; beyond, it is one more than
    that, so a pager still offers an older page.
    """
    check_said_question(speaker, about, limit, offset)
    dialect = session.get_bind().dialect.name
    conditions: list[ColumnElement[bool]] = [
        StatementFact.workspace == workspace,
        _not_rejected_by_id(StatementFact, workspace),
    ]
    if speaker is not None:
        keys = await _matching_keys(session, workspace, speaker)
        if not keys:
            return SaidAnswer()
        conditions.append(StatementFact.speaker_key.in_(keys))
    fts: dict[str, str] = {}
    if about is not None:
        words = search_words(about)
        conditions += _about_conditions(words, dialect)
        if dialect == "sqlite":
            fts = {"fts": _fts_query(words)}

    cap = max(TOTAL_CAP if about is None else SEARCH_TOTAL_CAP, offset + limit) + 1
    params: dict[str, str] = {}
    if fts:
        # Read from the full-text index outwards: "+" keeps SQLite from driving the join
        # from the workspace's index instead (a scan of every statement).
        params = {**fts, "ws": workspace}
        from_fts = [text("+statements.workspace = :ws"), *conditions[1:]]
        matches = select(literal(1)).select_from(_FTS.join(StatementFact, StatementFact.id == _FTS.c.rowid))
        total = await _capped_count(session, matches.where(_FTS_MATCH, *from_fts), cap, params)
        # How common the words are, from the index alone (every workspace): which plan reads less.
        common = _FTS_SORT_CAP <= await _capped_count(
            session, select(_FTS.c.rowid).where(_FTS_MATCH), _FTS_SORT_CAP, fts
        )
        if common:
            # A common word: walk the date index, reading the texts until a page of them has every word.
            ids = await _common_search(session, conditions, words, offset + limit)
            found = {
                f.id: f
                for f in (await session.scalars(select(StatementFact).where(StatementFact.id.in_(ids[offset:])))).all()
            }
            rows = [found[i] for i in ids[offset:] if i in found]
            return await _said_answer(session, rows, total, exact=total < cap)
        # A rare one: sort its few matches.
        conditions = [*from_fts, StatementFact.id.in_(select(_FTS.c.rowid).where(_FTS_MATCH))]  # type: ignore[list-item]
    else:
        total = await _capped_count(session, select(literal(1)).select_from(StatementFact).where(*conditions), cap, {})

    def page(*extra: ColumnElement[bool]) -> Select[tuple[StatementFact]]:
        return select(StatementFact).where(*conditions, *extra)

    rows: list[StatementFact] = []
    if offset < total:
        rows = list(
            (
                await session.scalars(
                    page(StatementFact.date_start.is_not(None)).order_by(*_NEWEST_SAID).limit(limit).offset(offset),
                    params,
                )
            ).all()
        )
        if len(rows) < limit:
            # The dated statements ran out on this page; continue with the undated ones.
            n_dated = (
                offset + len(rows)
                if rows
                else await session.scalar(
                    select(func.count()).select_from(page(StatementFact.date_start.is_not(None)).subquery()), params
                )
                or 0
            )
            rows += (
                await session.scalars(
                    page(StatementFact.date_start.is_(None))
                    .order_by(*_NEWEST_UNDATED)
                    .limit(limit - len(rows))
                    .offset(max(0, offset - n_dated)),
                    params,
                )
            ).all()
    return await _said_answer(session, rows, total, exact=total < cap)


_NEWEST_SAID = (StatementFact.date_start.desc(), StatementFact.first_seen_at.desc(), StatementFact.id.desc())
_NEWEST_UNDATED = (StatementFact.first_seen_at.desc(), StatementFact.id.desc())


def has_words(text: str, words: Sequence[str]) -> bool:
    """Whether ``text`` (case-folded) has every word, as the full-text index reads it.

    A word is a run of its letter-and-digit parts ("1,000" is "1" then "000"), the
    last of which may begin a longer part of the text.
    """
    tokens = _TOKEN.findall(text)
    for word in words:
        parts = _TOKEN.findall(word)
        n = len(parts)
        if not any(
            tokens[i : i + n - 1] == parts[:-1] and tokens[i + n - 1].startswith(parts[-1])
            for i in range(len(tokens) - n + 1)
        ):
            return False
    return True


async def _common_search(
    session: AsyncSession, conditions: Sequence[ColumnElement[bool]], words: Sequence[str], wanted: int
) -> list[int]:
    """The ids of the first ``wanted`` statements with every word, newest first (dated, then undated).

    For a word in thousands of statements, reading the newest texts that contain its
    letters (``LIKE``, in ``conditions``) finds a page of them after a few thousand rows.
    """
    ids: list[int] = []
    for extra, order in (
        (StatementFact.date_start.is_not(None), _NEWEST_SAID),
        (StatementFact.date_start.is_(None), _NEWEST_UNDATED),
    ):
        read = 0
        while len(ids) < wanted:
            chunk = (
                await session.execute(
                    select(StatementFact.id, StatementFact.text_search)
                    .where(*conditions, extra)
                    .order_by(*order)
                    # Most texts with the letters have the words: read a little more than is missing.
                    .limit(chunk_size := 2 * (wanted - len(ids)) + 10)
                    .offset(read)
                )
            ).all()
            ids += [i for i, txt in chunk if has_words(txt, words)]
            read += len(chunk)
            if len(chunk) < chunk_size:
                break
    return ids[:wanted]


async def _said_answer(
    session: AsyncSession, rows: Sequence[StatementFact], total: int, *, exact: bool
) -> SaidAnswer:
    srcs = await sources_for(session, StatementSource, [s.id for s in rows])
    names = _one_name_per_speaker(rows)
    return SaidAnswer(
        total=total,
        total_exact=exact,
        statements=[
            StatementOut(
                id=s.id,
                speaker=names[s.speaker_key][0],
                speaker_key=s.speaker_key,
                speaker_role=names[s.speaker_key][1],
                text=s.text,
                direct=s.direct,
                date=s.date,
                precision=precision_of(s.date),
                evidence=(srcs[s.id][0].evidence or "") if srcs[s.id] else "",
                sources=srcs[s.id],
                confidence=s.confidence,
                review_state=s.review_state,  # type: ignore[arg-type]
            )
            for s in rows
        ],
    )


def _one_name_per_speaker(rows: Sequence[StatementFact]) -> dict[str, tuple[str, str | None]]:
    """One name and role for each speaker of an answer, so nobody appears as two people.

    The name is the fullest one the statements use ("Dana Whitfield" over "Whitfield"),
    the role the one they give most often, the longer on a tie ("Pentagon spokesperson" over "Col.").
    """
    names: dict[str, Counter[str]] = defaultdict(Counter)
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    for s in rows:
        names[s.speaker_key][s.speaker] += 1
        if s.speaker_role:
            roles[s.speaker_key][s.speaker_role] += 1
    out: dict[str, tuple[str, str | None]] = {}
    for key, counts in names.items():
        name = max(counts, key=lambda n: (len(n.split()), counts[n], len(n), n))
        role = max(roles[key], key=lambda r: (roles[key][r], len(r), r)) if roles[key] else None
        out[key] = (name, role)
    return out


# ------------------------------------------------------------------ autocomplete


def _prefix_rank(prefix: str, key: str) -> int | None:
    """0 when the key starts with the prefix, 1 when a later word does, None when no word does."""
    if not prefix:
        return 0
    words = key.split()
    if key.startswith(prefix):
        return 0
    pwords = prefix.split()
    for i in range(1, len(words)):
        if " ".join(words[i:]).startswith(" ".join(pwords)):
            return 1
    return None


async def speaker_choices(*, session: AsyncSession, workspace: str, prefix: str = "", limit: int = 25) -> list[str]:
    """Speaker names for autocomplete: one name per canonical speaker, matching ``prefix``.

    Speakers whose key starts with the prefix come first, then the most recently
    quoted. Each is shown by the name its recent statements use most.
    """
    limit = max(1, min(limit, 25))
    folded = " ".join(speaker_key(prefix).split()) if prefix.strip() else ""
    raw = " ".join(prefix.casefold().split())
    ranked: list[tuple[int, str]] = []
    for key in await speaker_keys(session, workspace):
        ranks = [r for r in (_prefix_rank(folded, key), _prefix_rank(raw, key)) if r is not None]
        if ranks:
            ranked.append((min(ranks), key))
    if not ranked:
        return []
    newest = await _newest_by_key(session, workspace, [k for _, k in ranked])
    ranked.sort(key=lambda rk: (rk[0], -(newest.get(rk[1]) or dt.date.min).toordinal(), rk[1]))
    chosen = [k for _, k in ranked[:limit]]
    names = await _names_by_key(session, workspace, chosen)
    out: list[str] = []
    for key in chosen:
        name = names.get(key)
        if name and name not in out:
            out.append(name)
    return out


async def _newest_by_key(session: AsyncSession, workspace: str, keys: Sequence[str]) -> dict[str, dt.date | None]:
    """The date of each speaker's newest dated statement (one index seek each)."""
    out: dict[str, dt.date | None] = {}
    for start in range(0, len(keys), 200):
        chunk = keys[start : start + 200]
        parts = [
            select(func.max(StatementFact.date_start).label("d"), literal(k).label("k")).where(
                StatementFact.workspace == workspace, StatementFact.speaker_key == k
            )
            for k in chunk
        ]
        for d, k in await session.execute(union_all(*parts)):
            out[k] = d
    return out


async def _names_by_key(session: AsyncSession, workspace: str, keys: Sequence[str]) -> dict[str, str]:
    """The name most of each speaker's 20 newest statements use."""
    if not keys:
        return {}
    parts: list[Any] = [
        select(StatementFact.speaker_key, StatementFact.speaker)
        .where(StatementFact.workspace == workspace, StatementFact.speaker_key == k)
        .order_by(StatementFact.date_start.desc(), StatementFact.id.desc())
        .limit(20)
        .subquery()
        .select()
        for k in keys
    ]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for key, name in await session.execute(union_all(*parts)):
        counts[key][name] += 1
    return {k: max(c.items(), key=lambda kv: (kv[1], len(kv[0])))[0] for k, c in counts.items()}


async def country_choices(*, session: AsyncSession, workspace: str, prefix: str = "", limit: int = 25) -> list[str]:
    """Countries with troop figures, for autocomplete: those starting with ``prefix``, alphabetical."""
    limit = max(1, min(limit, 25))
    folded = prefix.strip().casefold()
    names = [c for c in await _countries(session, workspace) if c.casefold().startswith(folded)]
    return sorted(names, key=str.casefold)[:limit]
