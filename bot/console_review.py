"""The review commands at the console prompt: the same services as ``/review`` and ``briefbot review``.

``/review queue`` (or ``/review list [page:N]``), ``/review approve id:t12``, ``/review reject id:t12``,
``/review edit id:t12 value:1000 date:2026-02 status:current kind:level qualifier:approx``, ``/review log``
and ``/fact remove id:t12``. In Discord, approve, reject and edit are the buttons of ``/review queue``; at
the prompt they are typed. The console user is the local operator: decisions are recorded as made by
``console``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.render import review as words
from briefings import review
from briefings.errors import BadInput

if TYPE_CHECKING:
    from bot.console import Console

ACTOR = "console"
PAGE = 10
EDITABLE = ("value", "qualifier", "kind", "direction", "status", "date", "country", "force", "speaker",
            "speaker_role", "text", "direct", "summary")  # fmt: skip
#: The console's own review verbs (Discord has buttons for them).
VERBS = ("list", "approve", "reject", "edit")


def _only(args: dict[str, str], allowed: set[str]) -> None:
    extra = sorted(set(args) - allowed)
    if extra:
        allowed_text = ", ".join(f"{a}:" for a in sorted(allowed)) or "none"
        raise BadInput(f"Unknown option {extra[0]}: (this command takes {allowed_text}).")


def _id(args: dict[str, str]) -> str:
    ref = (args.get("id") or "").strip()
    if not ref:
        raise BadInput("id: is required, e.g. id:t12 (the id as /review list shows it)")
    return ref


def _page(args: dict[str, str]) -> int:
    raw = (args.get("page") or "1").strip()
    if not raw.isdigit() or int(raw) < 1:
        raise BadInput(f"page: must be a whole number from 1, not {raw!r}.")
    return int(raw)


async def queue(c: Console, page: int = 1) -> str:
    """The doubtful facts, a page at a time."""
    offset = (page - 1) * PAGE
    async with c.session() as session:
        found = await review.review_queue(session=session, workspace=c.workspace, limit=PAGE, offset=offset)
    return words.queue_text(found, offset=offset)


async def log_text(c: Console) -> str:
    """The recent decisions."""
    async with c.session() as session:
        return words.log_text(await review.review_log(session=session, workspace=c.workspace))


async def remove(c: Console, fact_id: str) -> str:
    """``/fact remove``."""
    async with c.session() as session:
        decision = await review.remove_fact(
            session=session, workspace=c.workspace, fact_id=fact_id.strip(), decided_by=ACTOR
        )
    return words.decision_summary(decision)


async def verb(c: Console, name: str, args: dict[str, str]) -> str:
    """``/review list|approve|reject|edit``: the console's own review verbs."""
    if name == "list":
        _only(args, {"page"})
        return await queue(c, _page(args))
    if name in ("approve", "reject"):
        _only(args, {"id"})
        service = review.approve if name == "approve" else review.reject
        async with c.session() as session:
            decision = await service(session=session, workspace=c.workspace, fact_id=_id(args), decided_by=ACTOR)
        return words.decision_summary(decision)
    _only(args, {"id", *EDITABLE})
    changes: dict[str, object] = {k: v for k, v in args.items() if k != "id"}
    if "direct" in changes:
        changes["direct"] = str(changes["direct"]).casefold() in ("yes", "true", "1", "direct")
    async with c.session() as session:
        decision = await review.edit(
            session=session, workspace=c.workspace, fact_id=_id(args), changes=changes, decided_by=ACTOR
        )
    return words.decision_summary(decision)
