"""Plain-text rendering of the same answers, for the local console and the command line."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.facts import (
    date_words,
    figure,
    held_back_words,
    quote_words,
    source_name,
    speaker_words,
    troop_phrase,
)
from briefings.alerts import AlertOut
from briefings.schemas import (
    ArticleDetail,
    ArticleSummary,
    IngestResult,
    LatestAnswer,
    SaidAnswer,
    SourceRef,
    TroopFact,
    TroopsAnswer,
)


def source_text(ref: SourceRef) -> str:
    """``Outlet, 2025-04-18 <url>``."""
    return f"{source_name(ref)} <{ref.url}>" if ref.url else source_name(ref)


def sources_text(refs: Sequence[SourceRef]) -> str:
    """Every source of a fact, separated by semicolons."""
    return "; ".join(source_text(r) for r in refs) if refs else "no source recorded"


def _troop_line(fact: TroopFact) -> str:
    return f"  - {date_words(fact.date, fact.precision)}: {troop_phrase(fact)} [{sources_text(fact.sources)}]"


def troops_text(answer: TroopsAnswer, *, chart_path: str | None = None) -> str:
    """``/troops`` as text."""
    out = [f"US troops in {answer.country}, as of {answer.as_of}"]
    cur = answer.current
    if cur is None and answer.held_back:
        out.append(f"No troop figure for {answer.country} up to {answer.as_of} can be used yet.")
    elif cur is None:
        out.append(f"No troop figure is stored for {answer.country} up to {answer.as_of}.")
    else:
        out += [
            f"Current estimate: {figure(cur)} {cur.force} troops in {cur.country}",
            f"Date: {date_words(cur.date, cur.precision)}",
        ]
        if answer.current_reason:
            out.append(f"Why this figure: {answer.current_reason}")
        out += [f"Sources: {sources_text(cur.sources)}", f'Evidence: "{cur.evidence}"']
    casualties = [f for f in reversed(answer.timeline) if f.kind == "casualty"]
    sections = (
        ("Latest changes", list(reversed(answer.changes))),
        ("Announced plans", answer.plans),
        ("Casualties reported", casualties),
    )
    for title, facts in sections:
        if facts:
            out.append(f"{title}:")
            out += [_troop_line(f) for f in facts]
    if answer.conflicts:
        out.append("Conflicting figures:")
        for group in answer.conflicts:
            parts = [f"{figure(f)} ({sources_text(f.sources)}, {date_words(f.date, f.precision)})" for f in group]
            out.append("  - " + " vs ".join(parts))
    if answer.timeline:
        out.append("Timeline:")
        out += [_troop_line(f) for f in answer.timeline]
    if answer.held_back:
        out.append(held_back_words(answer.held_back).capitalize() + ".")
    if chart_path:
        out.append(f"Chart: {chart_path}")
    return "\n".join(out)


def latest_text(answer: LatestAnswer) -> str:
    """``/latest`` as text."""
    if not answer.events:
        return "Nothing stored yet."
    out = ["Latest developments:"]
    out += [f"  - {date_words(e.date, e.precision)}: {e.summary} [{sources_text(e.sources)}]" for e in answer.events]
    return "\n".join(out)


def said_text(answer: SaidAnswer, *, offset: int = 0, next_page: str | None = None) -> str:
    """``/said`` as text, with the range shown out of the total and, when there are more, how to see them.

    ``next_page`` is what to type for the next page (the console's ``/said ... page:2``).
    """
    if not answer.statements:
        return "No statements match."
    out = []
    for s in answer.statements:
        out.append(f"{speaker_words(s)}, {date_words(s.date, s.precision)}:")
        out.append(f"  {quote_words(s)}")
        out.append(f"  [{sources_text(s.sources)}]")
    last = offset + len(answer.statements)
    footer = f"Statements {offset + 1}-{last} of {answer.total_words if answer.total > last else last}"
    if answer.total > last and next_page:
        upto = min(last + len(answer.statements), answer.total)
        footer += f"; for {last + 1}" + (f"-{upto}" if upto > last + 1 else "") + f" type {next_page}"
    out.append(footer)
    return "\n".join(out)


def article_line(a: ArticleSummary) -> str:
    """One stored article on one line."""
    counts = f"{a.troop_counts} troop figure(s), {a.statements} statement(s), {a.events} event(s)"
    if a.off_topic:
        counts = f"off-topic, its facts not used (restore: articles restore {a.id})"
    return f"#{a.id} {a.title or '(untitled)'} | {a.source}, {a.published} ({a.published_basis}) | {counts}"


def articles_text(
    articles: Sequence[ArticleSummary], *, next_page: str | None = None, off_topic: bool = False
) -> str:
    """``/article list`` as text (``off_topic``: the articles stored as off-topic); ``next_page`` is what to
    type for the older ones, when there may be more."""
    if not articles:
        return "No article was stored as off-topic." if off_topic else "No articles stored yet."
    lines = [article_line(a) for a in articles]
    if next_page:
        lines.append(f"Older articles: type {next_page}")
    return "\n".join(lines)


def article_text(article: ArticleDetail) -> str:
    """``/article show`` as text."""
    out = [
        article_line(article),
        f"URL: {article.url or '-'}",
        f"Added by {article.added_by or 'unknown'} at {article.added_at}",
    ]
    if article.facts is not None:
        out += [f"  troops: {date_words(t.date)}: {troop_phrase(t)}" for t in article.facts.troop_counts]
        out += [f"  said: {s.speaker}: {quote_words(s)}" for s in article.facts.statements]
        out += [f"  event: {date_words(e.date)}: {e.summary}" for e in article.facts.events]
    out += ["", article.text]
    return "\n".join(out)


def ingest_text(result: IngestResult) -> str:
    """The reply to ``/article add`` as text."""
    if result.off_topic:
        head = f"Stored article #{result.article_id} as off-topic: {result.title or '(untitled)'}"
    elif result.created:
        head = f"Stored article #{result.article_id}: {result.title or '(untitled)'}"
    else:
        head = f"Already stored as article #{result.duplicate_of or result.article_id}: {result.title or '(untitled)'}"
    out = [
        head,
        f"Source: {result.source}, published {result.published} ({result.published_basis})",
        f"Extracted {len(result.troop_counts)} troop figure(s), {result.statements} statement(s), "
        f"{result.events} event(s).",
    ]
    out += [f"  - {date_words(t.date)}: {troop_phrase(t)} ({t.status})" for t in result.troop_counts]
    out += [f"Warning: {w}" for w in result.warnings]
    return "\n".join(out)


def restored_text(result: IngestResult) -> str:
    """The reply to restoring an off-topic article."""
    return (
        f"Restored article #{result.article_id}: {len(result.troop_counts)} troop figure(s), "
        f"{result.statements} statement(s), {result.events} event(s) now used."
    )


def alert_line(a: AlertOut) -> str:
    """One alert on one line."""
    when = f"when the figure crosses {a.threshold:,}" if a.threshold else "when the figure moves"
    return f"alert {a.id}: channel {a.channel_id}, {a.country}, {when}; {a.sent} posted"


def alerts_text(found: Sequence[AlertOut]) -> str:
    """Alerts as text for people."""
    return "\n".join(alert_line(a) for a in found) if found else "no alerts"

