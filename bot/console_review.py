"""The review commands at the console prompt: the same services as ``/review`` and ``briefbot review``.

``/review list [page:N]``, ``/review approve id:t12``, ``/review reject id:t12``,
``/review edit id:t12 value:1000 date:2026-02 status:current kind:level qualifier:approx``,
``/review log`` and ``/fact remove id:t12``. The console user is the local operator:
decisions are recorded as made by ``console``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.render import review as words
from briefings import review
from briefings.errors import BadInput

ACTOR = "console"
PAGE = 10
EDITABLE = ("value", "qualifier", "kind", "direction", "status", "date", "country", "force", "speaker",
            "speaker_role", "text", "direct", "summary")  # fmt: skip


async def review_command(name: str, rest: list[str], args: dict[str, str], *, session: AsyncSession,
                         workspace: str) -> str:  # fmt: skip
    """Run ``/review ...`` or ``/fact remove``; return the text to print."""
    from bot.console import _int, _no_extra

    sub = rest[0] if rest else ""
    if name == "fact":
        if sub != "remove":
            raise BadInput("Use /fact remove id:t12 (the id as /review list shows it).")
        _no_extra(args, {"id"})
        decision = await review.remove_fact(session=session, workspace=workspace, fact_id=_id(args),
                                            decided_by=ACTOR)  # fmt: skip
        return words.decision_summary(decision)
    if sub in ("", "list", "queue"):
        _no_extra(args, {"page"})
        offset = (max(_int(args, "page", 1), 1) - 1) * PAGE
        queue = await review.review_queue(session=session, workspace=workspace, limit=PAGE, offset=offset)
        return words.queue_text(queue, offset=offset)
    if sub == "log":
        _no_extra(args, set())
        return words.log_text(await review.review_log(session=session, workspace=workspace))
    if sub in ("approve", "reject"):
        _no_extra(args, {"id"})
        service = review.approve if sub == "approve" else review.reject
        return words.decision_summary(await service(session=session, workspace=workspace, fact_id=_id(args),
                                                    decided_by=ACTOR))  # fmt: skip
    if sub == "edit":
        _no_extra(args, {"id", *EDITABLE})
        changes: dict[str, object] = {k: v for k, v in args.items() if k != "id"}
        if "direct" in changes:
            changes["direct"] = str(changes["direct"]).casefold() in ("yes", "true", "1", "direct")
        decision = await review.edit(session=session, workspace=workspace, fact_id=_id(args), changes=changes,
                                     decided_by=ACTOR)  # fmt: skip
        return words.decision_summary(decision)
    raise BadInput("Use /review list, /review approve id:ID, /review reject id:ID, /review edit id:ID, /review log.")


def _id(args: dict[str, str]) -> str:
    ref = (args.get("id") or "").strip()
    if not ref:
        raise BadInput("id: is required, e.g. id:t12 (the id as /review list shows it)")
    return ref
