"""The ``briefbot review`` and ``briefbot fact`` verbs: the review queue and decisions from the command line.

``review list`` prints the doubtful facts (``{"items": [{"id", "type", "fact", "reason"}], "total"}``
with ``--json``); ``review approve|reject ID``, ``review edit ID --value N --date D ...`` and
``fact remove ID`` decide on one (ids as ``review list`` shows them: ``t12``, ``s40``, ``e7``);
``review log`` lists the decisions. Decisions made here are recorded as made by ``cli``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from briefings.config import Settings

ACTOR = "cli"

# Edit options and the fact field each sets.
_EDITS: tuple[tuple[str, str, str], ...] = (
    ("--value", "value", "troop figure: the number"),
    ("--qualifier", "qualifier", "troop figure: exact, approx, under, over, at_most, at_least"),
    ("--kind", "kind", "troop figure: level, change, casualty"),
    ("--direction", "direction", "troop change: decrease, increase"),
    ("--status", "status", "troop figure: past, current, planned"),
    ("--date", "date", "YYYY, YYYY-MM or YYYY-MM-DD ('none' for undated)"),
    ("--country", "country", "troop figure: the country"),
    ("--force", "force", "troop figure: whose troops, e.g. US"),
    ("--speaker", "speaker", "statement: who said it"),
    ("--role", "speaker_role", "statement: the speaker's role ('none' for none)"),
    ("--words", "text", "statement: the words said"),
    ("--summary", "summary", "event: the one-sentence summary"),
)


def add_parsers(sub: Any, common: argparse.ArgumentParser, output_group: Callable[[Any], None], parser: type) -> None:
    """Add ``review`` and ``fact`` to the ``briefbot`` sub-parsers."""
    rv = sub.add_parser("review", parents=[common], help="doubtful facts: list, approve, reject, edit, log")
    rv_sub = rv.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser)
    ls = rv_sub.add_parser("list", parents=[common], help="the facts awaiting review, with evidence and reason")
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--offset", type=int, default=0)
    output_group(ls)
    for name, text in (("approve", "answers use the fact as it is"), ("reject", "no answer uses the fact")):
        p = rv_sub.add_parser(name, parents=[common], help=text)
        p.add_argument("id", help="the fact's id as `review list` shows it, e.g. t12")
        output_group(p)
    ed = rv_sub.add_parser("edit", parents=[common], help="correct a fact (it is then approved)")
    ed.add_argument("id", help="the fact's id as `review list` shows it, e.g. t12")
    for flag, dest, text in _EDITS:
        ed.add_argument(flag, dest=f"edit_{dest}", metavar=dest.upper(), help=text)
    direct = ed.add_mutually_exclusive_group()
    direct.add_argument("--direct", dest="edit_direct", action="store_const", const=True, help="statement: quoted")
    direct.add_argument("--reported", dest="edit_direct", action="store_const", const=False,
                        help="statement: reported speech")  # fmt: skip
    output_group(ed)
    lg = rv_sub.add_parser("log", parents=[common], help="recent decisions, newest first")
    lg.add_argument("--limit", type=int, default=20)
    output_group(lg)

    fc = sub.add_parser("fact", parents=[common], help="remove one fact")
    fc_sub = fc.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser)
    rm = fc_sub.add_parser("remove", parents=[common], help="remove a fact (it is not stored again)")
    rm.add_argument("id", help="the fact's id, e.g. t12")
    output_group(rm)


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for _flag, dest, _text in _EDITS:
        value = getattr(args, f"edit_{dest}", None)
        if value is not None:
            out[dest] = value
    if getattr(args, "edit_direct", None) is not None:
        out["direct"] = args.edit_direct
    return out


def cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    """``briefbot review ...`` and ``briefbot fact remove``."""
    from bot.cli import EXIT_OK, call, emit
    from bot.render import review as words
    from briefings import review

    result: Any
    if args.verb == "fact":
        result = call(settings, review.remove_fact, fact_id=args.id, decided_by=ACTOR)
    elif args.action == "list":
        result = call(settings, review.review_queue, limit=args.limit, offset=args.offset)
        emit(args, result, lambda: words.queue_text(result, offset=args.offset))
        return EXIT_OK
    elif args.action == "log":
        result = call(settings, review.review_log, limit=args.limit)
        emit(args, result, lambda: words.log_text(result))
        return EXIT_OK
    elif args.action == "edit":
        result = call(settings, review.edit, fact_id=args.id, changes=_changes(args), decided_by=ACTOR)
    else:
        service = review.approve if args.action == "approve" else review.reject
        result = call(settings, service, fact_id=args.id, decided_by=ACTOR)
    emit(args, result, lambda: words.decision_summary(result))
    return EXIT_OK
