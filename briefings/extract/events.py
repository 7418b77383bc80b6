"""Events: the dated developments of an article, one sentence each.

The lede's development comes first, dated by its attribution ("a US official
said Thursday") or the publication month. Then every sentence that carries a
resolvable past date of its own ("In December 2024, ...", "last Friday",
"earlier that year"); sentences whose only dates are plans, vague spans
("in recent weeks"), back-references ("at the time") or "since ..." are states,
not developments, and are left out. Quotation-only sentences are statements,
not events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefings.dates import DateMatch, FactDate
from briefings.extract.sentences import Sentence

MAX_EVENTS = 12
_NOT_EVENT_DATE = re.compile(r"(?i)^(?:since|at the time|at that time|the same|that (?:week|month|year))")
_WORDS = re.compile(r"[a-z0-9]+")


@dataclass(slots=True)
class EventCandidate:
    """A dated development before serialisation."""

    date: FactDate | None
    summary: str
    evidence: str
    sentence: int


def event_date(dates: list[DateMatch], attribution: str = "") -> FactDate | None:
    """The first date in a sentence that dates a development (past, precise enough, not a back-reference).

    A date inside the attribution ("His office said on Tuesday that the handover was completed in late
    2025") dates the saying; the development takes the date of the reported clause when it has one.
    """
    usable = [d for d in dates if d.value is not None and not d.future and not d.vague
              and not _NOT_EVENT_DATE.match(d.text)]
    # A date inside a "since ..." phrase ("the lowest level since the war began in 2001") marks the start of a
    # state; it dates the development only when the sentence has no other date ("Since X fled last month, ...").
    usable = [d for d in usable if not d.since] or usable
    own = [d for d in usable if not (attribution and d.text in attribution)]
    chosen = own or usable
    return chosen[0].value if chosen else None


def _similar(a: str, b: str) -> bool:
    ta, tb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) > 0.8


def find_events(
    sentences: list[Sentence],
    lede_date: FactDate | None,
    summaries: dict[int, str],
    attributions: dict[int, str] | None = None,
) -> list[EventCandidate]:
    """Dated developments, the lede first. ``summaries`` maps sentence index to its main clause."""
    out: list[EventCandidate] = []
    for sent in sentences:
        if len(out) >= MAX_EVENTS:
            break
        if sent.frame.startswith("\ue000") or len(sent.text) > 1500 or len(sent.text.split()) < 5:
            continue
        date = event_date(sent.dates, (attributions or {}).get(sent.index, ""))
        is_lede = not out and sent.index <= 1
        if date is None and not is_lede:
            continue
        summary = summaries.get(sent.index) or sent.text
        if any(_similar(summary, e.summary) for e in out):
            continue
        out.append(EventCandidate(date or lede_date, summary, sent.text, sent.index))
    return out
