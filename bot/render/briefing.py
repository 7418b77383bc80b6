"""The daily briefing as a Discord embed and as text, within Discord's limits.

The embed's footer carries the delivery's marker (``ref D<id>``): after a crash
the scheduler searches the channel for it to tell a briefing that was posted
from one that was not (see :mod:`briefings.schedule`).
"""

from __future__ import annotations

import datetime as dt

import discord

from bot import limits
from bot.render.embeds import EmbedBuilder, esc, links
from bot.render.facts import date_words, figure, quote_words, speaker_words, troop_phrase
from bot.render.text import sources_text
from briefings.compose import Briefing, Revision
from briefings.schemas import TroopFact


def _window_words(b: Briefing) -> str:
    if b.since is None:
        return f"everything stored up to {b.until:%Y-%m-%d %H:%M} UTC"
    return f"stored {b.since:%Y-%m-%d %H:%M} – {b.until:%Y-%m-%d %H:%M} UTC"


def _level_lines(b: Briefing, *, markdown: bool) -> list[str]:
    cur, prev = b.troops.current, b.troops.previous
    if cur is None:
        return [f"No troop level is stored for {b.country} yet."]
    bold = "**" if markdown else ""
    line = f"{bold}{figure(cur)}{bold} {cur.force} troops in {cur.country} ({date_words(cur.date, cur.precision)})"
    if b.troops.changed and prev is not None:
        way = "down" if cur.value < prev.value else "up"
        line += f", {way} from {figure(prev)} ({date_words(prev.date, prev.precision)})"
    elif b.troops.changed:
        line += ", the first level on record"
    else:
        line += ", unchanged since the last briefing"
    src = links(cur.sources, 3) if markdown else sources_text(cur.sources)
    return [line, f"Sources: {src}"]


def _revision_line(r: Revision) -> str:
    return (
        f"**{date_words(r.fact.date, r.fact.precision)}**: now {figure(r.fact)} (was {figure(r.previous)}) — "
        f"{troop_phrase(r.fact)} ({links(r.fact.sources, 2)})"
    )


def _figure_line(f: TroopFact) -> str:
    plan = " (planned)" if f.status == "planned" else ""
    return f"**{date_words(f.date, f.precision)}**: {troop_phrase(f)}{plan} ({links(f.sources, 2)})"


def briefing_embed(b: Briefing, *, local_day: dt.date | None = None, marker: str | None = None) -> discord.Embed:
    """The briefing as one embed: troop level, revisions, new figures, developments, statements.

    Sections that do not fit are counted in the footer, which also carries ``marker``.
    """
    day = f" — {local_day.isoformat()}" if local_day else ""
    eb = EmbedBuilder(f"Daily briefing: US troops in {b.country}{day}")
    eb.describe(_level_lines(b, markdown=True))
    eb.field("Revised figures", (_revision_line(r) for r in b.revisions), noun="more revisions")
    eb.field("New troop figures", (_figure_line(f) for f in b.figures), noun="more figures")
    eb.field(
        "New developments",
        (
            f"**{date_words(e.date, e.precision)}**: {esc(limits.truncate(e.summary, 400))} ({links(e.sources, 2)})"
            for e in b.developments
        ),
        noun="more developments",
    )
    eb.field(
        "New statements",
        (
            f"**{esc(speaker_words(s))}** ({date_words(s.date)}): {esc(limits.truncate(quote_words(s), 300))} "
            f"({links(s.sources, 2)})"
            for s in b.statements
        ),
        noun="more statements",
    )
    # The marker goes first: the footer is cut at its end when it is long, and the marker must survive.
    parts = [marker] if marker else []
    parts.append(_window_words(b))
    if b.corroborations_total:
        parts.append(f"{b.corroborations_total} earlier item(s) confirmed by new sources")
    return eb.finish(" · ".join(parts))


def briefing_text(b: Briefing) -> str:
    """The briefing as text for people (``briefbot brief --text``)."""
    out = [f"Briefing for {b.workspace}: {_window_words(b)}"]
    if b.is_empty:
        out.append("Nothing new to report.")
    out += [f"Troop level: {line}" if i == 0 else f"  {line}" for i, line in enumerate(_level_lines(b, markdown=False))]
    if b.revisions:
        out.append("Revised figures:")
        out += [
            f"  - {date_words(r.fact.date, r.fact.precision)}: now {figure(r.fact)} (was {figure(r.previous)}) "
            f"[{sources_text(r.fact.sources)}]"
            for r in b.revisions
        ]
    if b.figures:
        out.append(f"New troop figures ({b.figures_total}):")
        out += [
            f"  - {date_words(f.date, f.precision)}: {troop_phrase(f)} ({f.status}) [{sources_text(f.sources)}]"
            for f in b.figures
        ]
    if b.developments:
        out.append(f"New developments ({b.developments_total}):")
        out += [
            f"  - {date_words(e.date, e.precision)}: {e.summary} [{sources_text(e.sources)}]" for e in b.developments
        ]
    if b.statements:
        out.append(f"New statements ({b.statements_total}):")
        out += [
            f"  - {speaker_words(s)} ({date_words(s.date)}): {quote_words(s)} [{sources_text(s.sources)}]"
            for s in b.statements
        ]
    if b.corroborations:
        out.append(f"Reported again by new sources ({b.corroborations_total}), not news:")
        out += [f"  - {c.summary} [{sources_text(c.new_sources)}]" for c in b.corroborations]
    return "\n".join(out)
