"""Wording of the review queue and its decisions, shared by the embeds, the console and the command line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.render.facts import date_words, quote_words, source_name, speaker_words, troop_phrase
from briefings.schemas import Decision, EventFact, ReviewItem, ReviewQueue, StatementFact, TroopFact

_ACTIONS = {"approve": "approved", "reject": "rejected", "edit": "edited", "remove": "removed"}


def fact_words(fact: TroopFact | StatementFact | EventFact) -> str:
    """The fact in one line: ``2026-03 (month only): about 100 US troops in Syria (level, current)``."""
    if isinstance(fact, TroopFact):
        return (
            f"{date_words(fact.date, fact.precision)}: {troop_phrase(fact)} ({fact.kind}, {fact.status})"
        )
    if isinstance(fact, StatementFact):
        return f"{speaker_words(fact)}, {date_words(fact.date, fact.precision)}: {quote_words(fact)}"
    return f"{date_words(fact.date, fact.precision)}: {fact.summary}"


def item_sources(item: ReviewItem) -> list[str]:
    """Each source of the fact: ``Radio Iowa, 2026-03-13 <url>``."""
    return [f"{source_name(s)} <{s.url}>" if s.url else source_name(s) for s in item.fact.sources]


def _changes(old: dict[str, Any], new: dict[str, Any] | None) -> str:
    if new is None:
        return "fact removed"
    parts = [f"{k}: {old.get(k)!r} -> {v!r}" for k, v in new.items() if k != "review_state" and old.get(k) != v]
    if "merged_into" in new:
        parts = [p for p in parts if not p.startswith("merged_into")] + [f"merged into {new['merged_into']}"]
    return "; ".join(parts) or f"review state: {old.get('review_state')!r} -> {new.get('review_state')!r}"


def decision_line(d: Decision) -> str:
    """``#3 2026-12-08T01:02:03+00:00 admin (1) rejected t12: review state: None -> 'rejected'``."""
    what = d.fact_id or d.type
    return f"#{d.id} {d.decided_at} {d.decided_by} {_ACTIONS[d.action]} {what}: {_changes(d.old, d.new)}"


def decision_summary(d: Decision) -> str:
    """The reply to one decision."""
    return f"{_ACTIONS[d.action].capitalize()} {d.fact_id}: {_changes(d.old, d.new)} (decision #{d.id})"


def queue_text(queue: ReviewQueue, *, offset: int = 0) -> str:
    """The review queue as text for people."""
    if not queue.items:
        return "Nothing awaits review."
    out = [f"{queue.total} fact(s) await review:"]
    for n, item in enumerate(queue.items, start=offset + 1):
        out.append(f"{n}. [{item.id}] {fact_words(item.fact)}")
        out.append(f"   why: {item.reason}")
        if item.fact.evidence:
            out.append(f'   evidence: "{item.fact.evidence}"')
        out += [f"   source: {s}" for s in item_sources(item)]
    out.append("Decide with: review approve ID | review reject ID | review edit ID --value N --date YYYY-MM ...")
    return "\n".join(out)


def log_text(decisions: Sequence[Decision]) -> str:
    """Recent decisions as text for people."""
    if not decisions:
        return "No decisions yet."
    return "\n".join(decision_line(d) for d in decisions)
