"""Admin review of doubtful facts: the queue, the decisions and their log, and the store stage's hook.

The queue (:func:`review_queue`) lists the facts no admin has decided on yet that
are doubtful: troop levels the answers hold back (:func:`briefings.current.doubts`:
under 20 troops, said to hold now yet dated years before their article, or one
outlet's figure a tenth or ten times the levels around it), levels whose sources
disagree about one period (:func:`briefings.current.conflict_groups`), and any fact
whose evidence is weak (confidence under :data:`LOW_CONFIDENCE`).

A decision (:func:`approve`, :func:`reject`, :func:`edit`, :func:`remove_fact`)
changes the fact and is stored as a row of its own (:class:`FactDecision`): who,
when, the fact as it was and what it became. The row names the fact by its
identity (type, ``fact_key``, date and, for a statement or event, its words), not
its id, so :func:`decisions_for` (called by the store stage for every article it
stores) applies it again to a matching fact after the article is removed and
added back. Answers never show a rejected fact and prefer an approved one; a
decided fact is never in the queue again.

Facts are named ``t12`` (troop figure 12), ``s40`` (statement 40), ``e7`` (event 7).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import store as store_stage
from briefings.answers import level_candidate, not_rejected, sources_for
from briefings.current import conflict_groups, doubts, figure_words
from briefings.errors import BadInput, NotFound
from briefings.models import (
    WEAK,
    EventFact,
    EventSource,
    FactDecision,
    StatementFact,
    StatementSource,
    TroopCountFact,
    TroopCountSource,
    utcnow,
)
from briefings.periods import nests, period, precision_of
from briefings.schemas import Decision, Event, Extraction, ReviewItem, ReviewQueue, SourceRef, Statement, TroopCount
from briefings.schemas import EventFact as EventOut
from briefings.schemas import StatementFact as StatementOut
from briefings.schemas import TroopFact as TroopOut
from briefings.speakers import speaker_key

log = logging.getLogger(__name__)

#: A fact whose strongest evidence is weaker than this is listed for review (``models.WEAK`` says it in SQL).
LOW_CONFIDENCE = 0.5
#: How many of a workspace's newest troop levels the queue judges (each against its neighbours).
QUEUE_SCAN = 2000
_CHUNK = 500


@dataclass(frozen=True)
class _Kind:
    name: str  # the decision's fact_type
    out: str  # ReviewItem.type
    prefix: str
    noun: str
    model: Any
    link: Any
    fields: tuple[str, ...]  # what an edit may change


_TROOP = _Kind(
    "troop", "troop_count", "t", "troop figure", TroopCountFact, TroopCountSource,
    ("value", "qualifier", "kind", "direction", "status", "date", "country", "force"),
)  # fmt: skip
_STATEMENT = _Kind(
    "statement", "statement", "s", "statement", StatementFact, StatementSource,
    ("speaker", "speaker_role", "text", "direct", "date"),
)  # fmt: skip
_EVENT = _Kind("event", "event", "e", "event", EventFact, EventSource, ("summary", "date"))
_KINDS = {k.prefix: k for k in (_TROOP, _STATEMENT, _EVENT)}
_BY_NAME = {k.name: k for k in _KINDS.values()}
_REF = re.compile(r"\s*([tse])\s*[-:#]?\s*(\d{1,12})\s*", re.IGNORECASE)


def fact_ref(kind: str, fact_id: int) -> str:
    """The reference admins type for a fact: ``t12``, ``s40``, ``e7``."""
    return f"{_BY_NAME[kind].prefix}{fact_id}"


def parse_fact_ref(ref: str) -> tuple[str, int]:
    """``"t12"`` -> ``("troop", 12)``; a clear :class:`BadInput` for anything else."""
    m = _REF.fullmatch(ref or "")
    if m is None:
        raise BadInput(
            f"{ref.strip()[:40]!r} is not a fact id: use the id `review list` shows, "
            "t12 for a troop figure, s40 for a statement, e7 for an event"
        )
    return _KINDS[m.group(1).lower()].name, int(m.group(2))


# ------------------------------------------------------------------ facts as shown


def _troop_out(f: TroopCountFact, sources: list[SourceRef]) -> TroopOut:
    return TroopOut(
        id=f.id, value=f.value, qualifier=f.qualifier, kind=f.kind, direction=f.direction, status=f.status,
        date=f.date, country=f.country, force=f.force, evidence=(sources[0].evidence or "") if sources else "",
        precision=precision_of(f.date), sources=sources, confidence=f.confidence, review_state=f.review_state,
    )  # type: ignore[arg-type]  # fmt: skip


def _statement_out(f: StatementFact, sources: list[SourceRef]) -> StatementOut:
    return StatementOut(
        id=f.id, speaker=f.speaker, speaker_key=f.speaker_key, speaker_role=f.speaker_role, text=f.text,
        direct=f.direct, date=f.date, precision=precision_of(f.date),
        evidence=(sources[0].evidence or "") if sources else "", sources=sources, confidence=f.confidence,
        review_state=f.review_state,
    )  # type: ignore[arg-type]  # fmt: skip


def _event_out(f: EventFact, sources: list[SourceRef]) -> EventOut:
    return EventOut(
        id=f.id, date=f.date, summary=f.summary, precision=precision_of(f.date),
        evidence=(sources[0].evidence or "") if sources else "", sources=sources, confidence=f.confidence,
        review_state=f.review_state,
    )  # type: ignore[arg-type]  # fmt: skip


_OUT = {"troop": _troop_out, "statement": _statement_out, "event": _event_out}


def _snapshot(kind: _Kind, row: Any) -> dict[str, Any]:
    """The fields of a fact an admin sees and may change, with its review state."""
    out = {name: getattr(row, name) for name in kind.fields}
    out["review_state"] = row.review_state
    return out


async def _sources(session: AsyncSession, link: Any, ids: Sequence[int]) -> dict[int, list[SourceRef]]:
    out: dict[int, list[SourceRef]] = defaultdict(list)
    for start in range(0, len(ids), _CHUNK):
        out.update(await sources_for(session, link, ids[start : start + _CHUNK]))
    return out


# ------------------------------------------------------------------ the queue


_CANDIDATE_FIELDS = ("id", "value", "qualifier", "status", "date", "date_start", "confidence", "review_state")
_LEVEL_COLUMNS = [
    getattr(TroopCountFact, name)
    for name in ("id", "value", "qualifier", "status", "date", "date_start", "country", "confidence", "review_state")
]


async def _doubtful_troops(session: AsyncSession, workspace: str) -> tuple[dict[int, list[str]], dict[int, int]]:
    """Reasons for each undecided troop level the answers hold back or find in conflict; the newest first."""
    rows = (
        await session.execute(
            select(*_LEVEL_COLUMNS)
            .where(
                TroopCountFact.workspace == workspace,
                TroopCountFact.kind == "level",
                not_rejected(TroopCountFact),
            )
            .order_by(TroopCountFact.date_start.desc().nulls_last(), TroopCountFact.id.desc())
            .limit(QUEUE_SCAN)
        )
    ).all()
    srcs = await _sources(session, TroopCountSource, [r.id for r in rows])
    by_country: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        by_country[r.country.casefold()].append(r)
    reasons: dict[int, list[str]] = defaultdict(list)
    for levels in by_country.values():
        candidates = [
            level_candidate(**{k: getattr(r, k) for k in _CANDIDATE_FIELDS}, sources=srcs[r.id]) for r in levels
        ]
        held_back = doubts(candidates)
        for r in levels:
            if r.id in held_back and r.review_state is None:
                reasons[r.id].append(held_back[r.id])
        # As the answers show them: the levels that held (plans are no conflicting figure), oldest first.
        shown = [_Shown(r, srcs[r.id]) for r in reversed(levels) if r.id not in held_back and r.status != "planned"]
        for group in conflict_groups(shown, lambda s: {ref.article_id for ref in s.sources}):
            words = [o.words() for o in group]
            for n, s in enumerate(group):
                if s.row.review_state is None:
                    others = [w for m, w in enumerate(words) if m != n]
                    more = f" and {len(others) - 3} more" if len(others) > 3 else ""
                    reasons[s.row.id].append(f"sources disagree for {s.date}: {', '.join(others[:3])}{more}")
    return reasons, {r.id: n for n, r in enumerate(rows)}


class _Shown:
    """A level as the conflict rule reads it, with its sources."""

    def __init__(self, row: Any, sources: list[SourceRef]) -> None:
        self.row, self.sources = row, sources
        self.value, self.qualifier, self.date, self.status = row.value, row.qualifier, row.date, row.status

    def words(self) -> str:
        outlets = "; ".join(dict.fromkeys(s.source for s in self.sources)) or "no source"
        return f"{figure_words(self.value, self.qualifier)} ({outlets})"


async def _weak(session: AsyncSession, workspace: str, kind: _Kind, limit: int) -> dict[int, list[str]]:
    m = kind.model
    rows = await session.execute(
        # Spelled as the partial index of weak facts is (migration 0006), so it reads only those.
        select(m.id, m.confidence)
        .where(m.workspace == workspace, text(WEAK), m.review_state.is_(None))
        .order_by(m.date_start.desc().nulls_last(), m.id.desc())
        .limit(limit)
    )
    return {i: [f"weak evidence (confidence {c:.2f})"] for i, c in rows}


async def _queue_reasons(session: AsyncSession, workspace: str, limit: int) -> list[tuple[_Kind, int, str]]:
    troops, newest = await _doubtful_troops(session, workspace)
    for i, reasons in (await _weak(session, workspace, _TROOP, limit)).items():
        troops.setdefault(i, []).extend(reasons)
    ordered = sorted(troops, key=lambda i: (newest.get(i, len(newest)), -i))
    out = [(_TROOP, i, "; ".join(troops[i])) for i in ordered]
    for kind in (_STATEMENT, _EVENT):
        out += [(kind, i, "; ".join(r)) for i, r in (await _weak(session, workspace, kind, limit)).items()]
    return out


async def review_queue(*, session: AsyncSession, workspace: str, limit: int = 50, offset: int = 0) -> ReviewQueue:
    """The facts of ``workspace`` awaiting review, each with its evidence, sources and why it is doubtful.

    Troop figures come first (the newest first), then statements and events with weak evidence.
    """
    if not 1 <= limit <= 100 or offset < 0:
        raise BadInput("limit must be between 1 and 100, offset at least 0")
    flagged = await _queue_reasons(session, workspace, limit=offset + limit + QUEUE_SCAN)
    page = flagged[offset : offset + limit]
    items: list[ReviewItem] = []
    for kind in (_TROOP, _STATEMENT, _EVENT):
        ids = [i for k, i, _ in page if k is kind]
        if not ids:
            continue
        rows = {r.id: r for r in (await session.scalars(select(kind.model).where(kind.model.id.in_(ids)))).all()}
        srcs = await _sources(session, kind.link, ids)
        for k, i, reason in page:
            if k is kind and i in rows:
                fact = _OUT[kind.name](rows[i], srcs[i])
                items.append(ReviewItem(id=fact_ref(kind.name, i), type=kind.out, fact=fact, reason=reason))  # type: ignore[arg-type]
    order = {fact_ref(k.name, i): n for n, (k, i, _) in enumerate(page)}
    items.sort(key=lambda it: order[it.id])
    return ReviewQueue(items=items, total=len(flagged))


async def _reason_for(session: AsyncSession, workspace: str, kind: _Kind, fact_id: int) -> str | None:
    for k, i, reason in await _queue_reasons(session, workspace, limit=QUEUE_SCAN):
        if k is kind and i == fact_id:
            return reason
    return None


# ------------------------------------------------------------------ decisions


async def _load(session: AsyncSession, workspace: str, ref: str) -> tuple[_Kind, Any]:
    name, fact_id = parse_fact_ref(ref)
    kind = _BY_NAME[name]
    row = await session.scalar(select(kind.model).where(kind.model.workspace == workspace, kind.model.id == fact_id))
    if row is None:
        raise NotFound(f"no {kind.noun} {fact_ref(name, fact_id)} in this server's store")
    return kind, row


def _identity(kind: _Kind, row: Any) -> dict[str, Any]:
    text = row.text if kind is _STATEMENT else row.summary if kind is _EVENT else None
    return {"fact_type": kind.name, "fact_key": row.fact_key, "date": row.date, "match_text": text}


def _decision_out(d: FactDecision) -> Decision:
    return Decision(
        id=d.id,
        fact_id=fact_ref(d.fact_type, d.fact_id) if d.fact_id is not None else None,
        type=_BY_NAME[d.fact_type].out,  # type: ignore[arg-type]
        action=d.action,  # type: ignore[arg-type]
        reason=d.reason,
        old=d.old,
        new=d.new,
        decided_by=d.decided_by,
        decided_at=d.decided_at.isoformat(timespec="seconds"),
    )


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


async def _record(
    session: AsyncSession,
    workspace: str,
    kind: _Kind,
    row: Any,
    action: str,
    *,
    decided_by: str,
    reason: str | None,
    old: dict[str, Any],
    identity: dict[str, Any],
    new: dict[str, Any] | None,
) -> Decision:
    decision = FactDecision(
        workspace=workspace, fact_id=row.id, action=action, reason=reason, old=_jsonable(old),
        new=_jsonable(new) if new is not None else None, decided_by=decided_by, decided_at=utcnow(), **identity,
    )  # fmt: skip
    session.add(decision)
    await session.flush()
    log.info("%s %s %s in %s by %s", action, kind.noun, fact_ref(kind.name, row.id), workspace, decided_by)
    return _decision_out(decision)


async def _set_state(
    session: AsyncSession, workspace: str, ref: str, state: str, action: str, decided_by: str, reason: str | None
) -> Decision:
    kind, row = await _load(session, workspace, ref)
    old, identity = _snapshot(kind, row), _identity(kind, row)
    reason = reason or await _reason_for(session, workspace, kind, row.id)
    row.review_state = state
    row.updated_at = utcnow()
    return await _record(session, workspace, kind, row, action, decided_by=decided_by, reason=reason, old=old,
                         identity=identity, new={"review_state": state})  # fmt: skip


async def approve(
    *, session: AsyncSession, workspace: str, fact_id: str, decided_by: str, reason: str | None = None
) -> Decision:
    """Approve a fact as it stands: answers use it (and prefer it) and it leaves the queue for good."""
    return await _set_state(session, workspace, fact_id, "approved", "approve", decided_by, reason)


async def reject(
    *, session: AsyncSession, workspace: str, fact_id: str, decided_by: str, reason: str | None = None
) -> Decision:
    """Reject a fact: no answer, briefing or alert uses it, now or after its article is stored again."""
    return await _set_state(session, workspace, fact_id, "rejected", "reject", decided_by, reason)


async def remove_fact(*, session: AsyncSession, workspace: str, fact_id: str, decided_by: str) -> Decision:
    """Remove a fact and its links to articles; it is not stored again when its article is added again."""
    kind, row = await _load(session, workspace, fact_id)
    old, identity = _snapshot(kind, row), _identity(kind, row)
    reason = await _reason_for(session, workspace, kind, row.id)
    await session.delete(row)
    await session.flush()
    return await _record(session, workspace, kind, row, "remove", decided_by=decided_by, reason=reason, old=old,
                         identity=identity, new=None)  # fmt: skip


def edited(kind_name: str, current: dict[str, Any], changes: dict[str, Any]) -> TroopCount | Statement | Event:
    """The fact ``current`` with ``changes`` applied, checked as extraction's facts are (BadInput if not valid)."""
    kind = _BY_NAME[kind_name]
    unknown = sorted(set(changes) - set(kind.fields))
    if unknown:
        raise BadInput(f"a {kind.noun} has no {unknown[0]!r} to edit; it has {', '.join(kind.fields)}")
    if not changes:
        raise BadInput(f"nothing to change: give at least one of {', '.join(kind.fields)}")
    values = {k: current[k] for k in kind.fields}
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
            if name in ("date", "direction", "speaker_role") and value.casefold() in ("", "none", "-"):
                value = None
        values[name] = value
    if kind is _TROOP:
        if values["kind"] == "change" and not values.get("direction"):
            raise BadInput("a change needs a direction: increase or decrease")
        if values["kind"] != "change":
            values["direction"] = None
    model = {"troop": TroopCount, "statement": Statement, "event": Event}[kind_name]
    try:
        return model.model_validate({**values, "evidence": "-"})  # type: ignore[no-any-return]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {str(e['msg']).removeprefix('Value error, ')}" for e in exc.errors()
        )
        raise BadInput(f"cannot edit {kind.noun}: {problems}") from None


def _dates(value: str | None) -> dict[str, Any]:
    p = period(value)
    return {"date": value, "date_start": p[0] if p else None, "date_end": p[1] if p else None}


async def _twin(session: AsyncSession, kind: _Kind, row: Any) -> Any | None:
    """Another stored fact of the same identity as ``row`` after an edit, to merge it into."""
    m = kind.model
    others = (
        await session.scalars(
            select(m).where(m.workspace == row.workspace, m.fact_key == row.fact_key, m.id != row.id).order_by(m.id)
        )
    ).all()
    for other in others:
        if not _dates_match(kind, other.date, row.date):
            continue
        if kind is _TROOP or store_stage.similarity(_text(kind, other), _text(kind, row)) >= store_stage.SAME_TEXT:
            return other
    return None


def _text(kind: _Kind, row: Any) -> str:
    return row.text if kind is _STATEMENT else row.summary


def _dates_match(kind: _Kind, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return (a is None and b is None) or kind is _STATEMENT
    return nests(a, b)


async def edit(
    *,
    session: AsyncSession,
    workspace: str,
    fact_id: str,
    changes: dict[str, Any],
    decided_by: str,
    reason: str | None = None,
) -> Decision:
    """Correct a fact (a troop figure's value, date, status, kind...; a statement's speaker or words).

    The corrected fact is approved. When it now equals another stored fact, the two
    become one, with the sources of both. When the article is stored again, its
    fact is corrected the same way.
    """
    kind, row = await _load(session, workspace, fact_id)
    old, identity = _snapshot(kind, row), _identity(kind, row)
    fact = edited(kind.name, old, changes)
    reason = reason or await _reason_for(session, workspace, kind, row.id)
    _apply_edit(kind, row, fact)
    row.review_state = "approved"
    row.updated_at = utcnow()
    await session.flush()
    new = _snapshot(kind, row)
    twin = await _twin(session, kind, row)
    if twin is not None:
        await _merge_into(session, kind, row, twin)
        new["merged_into"] = fact_ref(kind.name, twin.id)
    return await _record(session, workspace, kind, row, "edit", decided_by=decided_by, reason=reason, old=old,
                         identity=identity, new=new)  # fmt: skip


def _apply_edit(kind: _Kind, row: Any, fact: TroopCount | Statement | Event) -> None:
    for name in kind.fields:
        setattr(row, name, getattr(fact, name))
    for name, value in _dates(fact.date).items():
        setattr(row, name, value)
    if isinstance(fact, TroopCount):
        row.fact_key = store_stage.troop_key(fact)
    elif isinstance(fact, Statement):
        row.speaker_key = speaker_key(fact.speaker) or fact.speaker.strip().casefold()
        row.fact_key = store_stage.statement_key(row.speaker_key)
        row.text_search = fact.text.casefold()
    else:
        row.fact_key = store_stage.event_key(fact.date)


async def _merge_into(session: AsyncSession, kind: _Kind, row: Any, twin: Any) -> None:
    """Move ``row``'s sources to ``twin`` (an article links a fact once) and delete ``row``; ``twin`` is approved."""
    link = kind.link
    have = set((await session.scalars(select(link.article_id).where(link.fact_id == twin.id))).all())
    for source in (await session.scalars(select(link).where(link.fact_id == row.id))).all():
        if source.article_id in have:
            await session.delete(source)
        else:
            source.fact_id = twin.id
    twin.review_state = "approved"
    twin.confidence = max(twin.confidence, row.confidence)
    twin.updated_at = utcnow()
    await session.flush()
    gone = delete(kind.model).where(kind.model.id == row.id)
    await session.execute(gone.execution_options(synchronize_session=False))
    session.expunge(row)


async def review_log(*, session: AsyncSession, workspace: str, limit: int = 20, offset: int = 0) -> list[Decision]:
    """The workspace's decisions, the newest first."""
    if not 1 <= limit <= 100 or offset < 0:
        raise BadInput("limit must be between 1 and 100, offset at least 0")
    rows = await session.scalars(
        select(FactDecision)
        .where(FactDecision.workspace == workspace)
        .order_by(FactDecision.decided_at.desc(), FactDecision.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [_decision_out(d) for d in rows]


# ------------------------------------------------------------------ the store stage's hook


@dataclass
class Decided:
    """An article's extraction with the stored decisions applied, and the review state of each fact."""

    extraction: Extraction
    #: Per fact list ("troop", "statement", "event"), aligned with ``extraction``: the state to store.
    states: dict[str, list[str | None]]

    def mark(self, pending: dict[str, Sequence[Any]]) -> None:
        """Give each resolved fact (``store.Resolved``, aligned with the extraction) its decided state."""
        for tag, items in pending.items():
            for item, state in zip(items, self.states[tag], strict=True):
                if state is not None:
                    item.fact.review_state = state


def _incoming_key(tag: str, fact: Any) -> str:
    if tag == "troop":
        return store_stage.troop_key(fact)
    if tag == "statement":
        return store_stage.statement_key(speaker_key(fact.speaker) or fact.speaker.strip().casefold())
    return store_stage.event_key(fact.date)


def _matches(d: FactDecision, tag: str, fact: Any) -> bool:
    kind = _BY_NAME[tag]
    if not _dates_match(kind, d.date, fact.date):
        return False
    if kind is _TROOP:
        return True
    return store_stage.similarity(d.match_text or "", fact.text if tag == "statement" else fact.summary) >= (
        store_stage.SAME_TEXT
    )


_ROUNDS = 4  # an edit's result may itself have been decided on (edited, then rejected)


async def decisions_for(session: AsyncSession, workspace: str, extraction: Extraction) -> Decided:
    """The store stage's hook: ``extraction`` with every stored decision on its facts applied.

    A fact an admin removed is dropped, an edited one corrected (and approved), an
    approved or rejected one keeps that state; the latest decision on an identity
    wins. One query for the article (more only when an edit leads to another decided identity).
    """
    lists: dict[str, list[Any]] = {
        "troop": list(extraction.troop_counts),
        "statement": list(extraction.statements),
        "event": list(extraction.events),
    }
    states: dict[str, list[str | None]] = {tag: [None] * len(items) for tag, items in lists.items()}
    dropped: dict[str, set[int]] = {tag: set() for tag in lists}
    fetched: dict[str, list[FactDecision]] = {}
    todo = [(tag, i) for tag, items in lists.items() for i in range(len(items))]
    used: dict[tuple[str, int], set[int]] = defaultdict(set)
    for _ in range(_ROUNDS):
        if not todo:
            break
        keys = {(tag, i): _incoming_key(tag, lists[tag][i]) for tag, i in todo}
        missing = sorted(set(keys.values()) - set(fetched))
        if missing:
            found = (
                await session.scalars(
                    select(FactDecision)
                    .where(FactDecision.workspace == workspace, FactDecision.fact_key.in_(missing))
                    .order_by(FactDecision.id)
                )
            ).all()
            for key in missing:
                fetched[key] = []
            for d in found:
                fetched[d.fact_key].append(d)
        again = []
        for tag, i in todo:
            fact = lists[tag][i]
            matching = [
                d for d in fetched[keys[(tag, i)]]
                if d.fact_type == tag and d.id not in used[(tag, i)] and _matches(d, tag, fact)
            ]  # fmt: skip
            if not matching:
                continue
            d = matching[-1]
            used[(tag, i)].add(d.id)
            if d.action == "remove":
                dropped[tag].add(i)
            elif d.action == "edit" and d.new is not None:
                changes = {k: v for k, v in d.new.items() if k in _BY_NAME[tag].fields}
                values = fact.model_dump()
                lists[tag][i] = type(fact).model_validate({**values, **changes})
                states[tag][i] = "approved"
                again.append((tag, i))
            else:
                states[tag][i] = "approved" if d.action == "approve" else "rejected"
        todo = again
    keep = {tag: [i for i in range(len(items)) if i not in dropped[tag]] for tag, items in lists.items()}
    return Decided(
        extraction=extraction.model_copy(
            update={
                "troop_counts": [lists["troop"][i] for i in keep["troop"]],
                "statements": [lists["statement"][i] for i in keep["statement"]],
                "events": [lists["event"][i] for i in keep["event"]],
            }
        ),
        states={tag: [states[tag][i] for i in keep[tag]] for tag in lists},
    )
