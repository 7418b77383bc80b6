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
            f"{date_words(fact.date, fact.precision)}: {troop_phrase(fact, earlier=False)} ({fact.kind}, {fact.status})"
        )
    if isinstance(fact, StatementFact):
        return f"{speaker_words(fact)}, {date_words(fact.date, fact.precision)}: {quote_words(fact)}"
    return f"{date_words(fact.date, fact.precision)}: {fact.summary}"


def item_sources(item: ReviewItem) -> list[str]:
    """Each source of the fact: ``Radio Iowa, 2026-03-13 <url>``."""
    return [f"{source_name(s)} <{s.url}>" if s.url else source_name(s) for s in item.fact.sources]


def _value(v: Any) -> str:
    if v is None:
        return "none"
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)


def changes_words(old: dict[str, Any], new: dict[str, Any] | None) -> str:
    """What an edit changed: ``value 100 → 1,000; date 2026-03 → 2026-03-12``."""
    if not new:
        return ""
    parts = [
        f"{k} {_value(old.get(k))} → {_value(v)}"
        for k, v in new.items()
        if k not in ("review_state", "merged_into") and old.get(k) != v
    ]
    if "merged_into" in new:
        parts.append(f"now one fact with {new['merged_into']}")
    return "; ".join(parts)


def _brief(d: Decision) -> str:
    """The fact as it was, in a few words."""
    old = d.old
    if d.type == "troop_count":
        word = {"approx": "about ", "under": "fewer than ", "over": "more than ", "at_most": "at most ",
                "at_least": "at least "}.get(old.get("qualifier") or "", "")  # fmt: skip
        figure = f"{word}{_value(old.get('value'))} troops in {old.get('country')}"
        return f"{figure}, {old.get('kind')}, {_value(old.get('date'))}"
    if d.type == "statement":
        text = str(old.get("text") or "")
        return f"{old.get('speaker')}: {text[:60]}{'…' if len(text) > 60 else ''}, {_value(old.get('date'))}"
    summary = str(old.get("summary") or "")
    return f"{summary[:60]}{'…' if len(summary) > 60 else ''}, {_value(old.get('date'))}"


def _when(stamp: str) -> str:
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp


def decision_line(d: Decision) -> str:
    """``#3 2026-12-08 01:02 UTC admin (1) rejected t12 (about 100 troops in Syria, level, 2026-03)``."""
    what = d.fact_id or d.type
    line = f"#{d.id} {_when(d.decided_at)} {d.decided_by} {_ACTIONS[d.action]} {what} ({_brief(d)})"
    changes = changes_words(d.old, d.new)
    return f"{line}: {changes}" if changes else line


def decision_summary(d: Decision) -> str:
    """The reply to one decision: ``Edited t12: value 100 → 1,000 (decision #3)``."""
    changes = changes_words(d.old, d.new)
    head = f"{_ACTIONS[d.action].capitalize()} {d.fact_id}"
    return f"{head}: {changes} (decision #{d.id})" if changes else f"{head} (decision #{d.id})"


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
