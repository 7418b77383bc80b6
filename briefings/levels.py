"""The current troop figure as the store gave it at a moment: stored levels read as candidates of the chooser.

A briefing asks what the figure was at the end of its window (and at its start),
from what had been stored by then; an alert asks what it is now, before and after
an article is stored. Both read the stored levels here and let
:func:`briefings.current.choose_current` pick, so they say what ``/troops`` says.

A candidate is a level (never a change or a plan) dated on or before the date asked
about, first stored by the moment asked about, and not rejected by review (a
``review_state`` of NULL counts as not rejected). Its outlets and newest publication
are counted from the sources linked by that moment, so a later confirmation does not
change what an earlier briefing said.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from briefings.current import Candidate, choose_current, level_candidate
from briefings.models import Article, TroopCountFact, TroopCountSource
from briefings.schemas import SourceRef

#: Candidates per question: the newest levels by start date, as ``/troops`` reads them.
CANDIDATES = 20
#: Fact ids per ``IN (...)``.
_CHUNK = 500

#: ``(as_of, stored_by)``: the figure that held on ``as_of`` among the levels stored by
#: ``stored_by`` (None: everything stored so far, in this transaction too).
Moment = tuple[dt.date, dt.datetime | None]

_END = dt.datetime.max.replace(tzinfo=dt.UTC)


async def workspace_countries(session: AsyncSession, workspace: str) -> list[str]:
    """Every country name the workspace's troop figures use, as spelled."""
    return list(
        await session.scalars(select(TroopCountFact.country).where(TroopCountFact.workspace == workspace).distinct())
    )


async def spellings(session: AsyncSession, workspace: str, country: str) -> list[str]:
    """How the workspace spells ``country`` in its troop figures (so the country index can be used)."""
    return [n for n in await workspace_countries(session, workspace) if n.casefold() == country.casefold()]


async def levels_at(
    *, session: AsyncSession, workspace: str, country: str, moments: Iterable[Moment]
) -> dict[Moment, TroopCountFact | None]:
    """The chosen level for each moment (None when no level qualifies), from three loads for all of them.

    A moment's candidates are the first :data:`CANDIDATES` qualifying levels by start
    date, then id, descending. Those dated by the earliest ``as_of`` and stored by the
    earliest ``stored_by`` qualify for every moment, so the first ``CANDIDATES`` of them
    are all any moment can use; the rest (stored or dated later) are loaded in full.
    """
    wanted = list(dict.fromkeys(moments))
    if not wanted:
        return {}
    names = await spellings(session, workspace, country)
    if not names:
        return dict.fromkeys(wanted)
    first_as_of = min(a for a, _ in wanted)
    first_stored = min((s or _END) for _, s in wanted)
    last_stored = max((s or _END) for _, s in wanted)
    base = [
        TroopCountFact.workspace == workspace,
        TroopCountFact.country.in_(names),
        TroopCountFact.kind == "level",
        TroopCountFact.status != "planned",
        TroopCountFact.review_state.is_distinct_from("rejected"),
        TroopCountFact.date_start.is_not(None),
        TroopCountFact.date_start <= max(a for a, _ in wanted),
    ]
    if last_stored is not _END:
        base.append(TroopCountFact.first_seen_at <= last_stored)
    later_than_first = [TroopCountFact.date_start > first_as_of]
    common_cond = [TroopCountFact.date_start <= first_as_of]
    if first_stored is not _END:
        later_than_first.append(TroopCountFact.first_seen_at > first_stored)
        common_cond.append(TroopCountFact.first_seen_at <= first_stored)
    later = await session.scalars(select(TroopCountFact).where(*base, or_(*later_than_first)))
    common = await session.scalars(
        select(TroopCountFact)
        .where(*base, *common_cond)
        .order_by(TroopCountFact.date_start.desc(), TroopCountFact.id.desc())
        .limit(CANDIDATES)
    )
    ordered = sorted({f.id: f for f in [*later.all(), *common.all()]}.values(),
                     key=lambda f: (f.date_start, f.id), reverse=True)
    per_moment: dict[Moment, list[TroopCountFact]] = {}
    for as_of, stored_by in wanted:
        until = stored_by or _END
        per_moment[(as_of, stored_by)] = [
            f for f in ordered if f.date_start <= as_of and f.first_seen_at <= until
        ][:CANDIDATES]

    links = await _links(session, sorted({f.id for rows in per_moment.values() for f in rows}))
    out: dict[Moment, TroopCountFact | None] = {}
    for (as_of, stored_by), rows in per_moment.items():
        by_id = {f.id: f for f in rows}
        choice = choose_current([_candidate(f, links[f.id], stored_by) for f in rows], as_of)
        out[(as_of, stored_by)] = by_id[choice.id] if choice is not None else None
    return out


async def _links(session: AsyncSession, ids: list[int]) -> dict[int, list[tuple[dt.datetime, str, dt.date, str]]]:
    """Each fact's source links: when each was added, the outlet, the publication date, what it said of it."""
    out: dict[int, list[tuple[dt.datetime, str, dt.date, str]]] = defaultdict(list)
    for start in range(0, len(ids), _CHUNK):
        rows = await session.execute(
            select(TroopCountSource.fact_id, TroopCountSource.added_at, Article.source, Article.published,
                   TroopCountSource.status)
            .join(Article, Article.id == TroopCountSource.article_id)
            .where(TroopCountSource.fact_id.in_(ids[start : start + _CHUNK]))
        )
        for fact_id, added_at, source, published, status in rows:
            out[fact_id].append((added_at, source, published, status))
    return out


def _candidate(
    f: TroopCountFact, links: list[tuple[dt.datetime, str, dt.date, str]], stored_by: dt.datetime | None
) -> Candidate:
    # The sources linked by that moment, weighed as /troops weighs them (current.level_candidate).
    seen = [SourceRef(source=source, published=published.isoformat(), status=status)
            for added_at, source, published, status in links if stored_by is None or added_at <= stored_by]
    return level_candidate(
        id=f.id, value=f.value, qualifier=f.qualifier, status=f.status, date=f.date, date_start=f.date_start,
        confidence=f.confidence, review_state=f.review_state, sources=seen,
    )
