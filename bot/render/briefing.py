"""The briefing as people read it: the one renderer of the daily post, the ``/briefing`` preview and the console.

:func:`briefing_sections` turns a :class:`~briefings.compose.Briefing` into
sections of items, each item one sentence with its date and its sources;
:func:`briefing_embeds` packs them into the embeds of one Discord message and
:func:`briefing_text` prints them. Both say the same words, so a preview is the
post and the console shows what a channel would read.

The message stays within Discord's limits (checked by :func:`bot.limits.check_message`):
each section is an embed of its own (at most 6 of the 10 a message may carry), and
the 6,000 characters a message may hold in all are shared out item by item across
the sections; an item that does not fit is left out whole, and its section ends with
"…and N more …" naming the command that shows the rest.

The footer of the last embed carries the delivery's marker (``ref D<id>``): after a
crash the scheduler searches the channel for it to tell a briefing that was posted
from one that was not (see :mod:`briefings.schedule`). Times are shown in the
subscription's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import discord

from bot import limits
from bot.render.embeds import COLOUR, esc, links
from bot.render.facts import figure, speaker_words
from bot.render.text import source_text
from briefings.compose import Briefing
from briefings.schemas import EventFact, SourceRef, StatementFact, TroopFact

#: Characters kept free of the 6,000 per message, for rounding and the markup Discord counts.
_SLACK = 40
_MONTHS = ("January February March April May June July August September October November December").split()


@dataclass
class Section:
    """One part of a briefing: a title, its items (one sentence each) and how many there are in all."""

    title: str
    items: list[str]
    total: int
    #: What "…and N more" names, with the command that shows them: "developments: /latest".
    more: str = ""

    def more_line(self, shown: int) -> str | None:
        """The line saying how many items were left out, or None when none was."""
        hidden = self.total - shown
        return f"…and {hidden} more {self.more}" if hidden > 0 and self.more else None

    def body(self, shown: int) -> str:
        """The first ``shown`` items and the line for the rest."""
        lines = self.items[:shown]
        more = self.more_line(shown)
        return "\n".join([*lines, more] if more else lines)

    def length(self, shown: int) -> int:
        """``len(self.body(shown))`` without building it."""
        more = self.more_line(shown)
        parts = shown + (1 if more else 0)
        return sum(len(line) for line in self.items[:shown]) + (len(more) if more else 0) + max(parts - 1, 0)


# ------------------------------------------------------------------ wording


def when(date: str | None) -> str:
    """A fact's date for people: ``2025-04-17``, ``April 2025``, ``2025`` or ``undated``."""
    if not date:
        return "undated"
    if len(date) == 7:
        return f"{_MONTHS[int(date[5:7]) - 1]} {date[:4]}"
    return date


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Words:
    """Article text and sources, as markdown (Discord) or as plain text (console, command line)."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown

    def esc(self, text: str) -> str:
        return esc(text) if self.markdown else text

    def bold(self, text: str) -> str:
        return f"**{text}**" if self.markdown else text

    def cite(self, refs: Sequence[SourceRef], most: int = 2) -> str:
        if self.markdown:
            return links(refs, most)
        if not refs:
            return "no source recorded"
        shown = "; ".join(source_text(r) for r in refs[:most])
        return shown if len(refs) <= most else f"{shown} +{len(refs) - most} more"


def _troops(w: Words, f: TroopFact) -> str:
    """``1,400 US troops in Syria`` with the article's words escaped."""
    return f"{figure(f)} {w.esc(f.force)} troops in {w.esc(f.country)}"


def level_phrase(cur: TroopFact, prev: TroopFact | None, w: Words) -> str:
    """``About 1,400 US troops are in Syria as of 2025-04-18`` and, with ``prev``, ``, down from 2,000 (...)``."""
    head = f"{w.bold(_cap(figure(cur)))} {w.esc(cur.force)} troops are in {w.esc(cur.country)} as of {when(cur.date)}"
    if prev is None:
        return head
    way = "down" if cur.value < prev.value else "up"
    return f"{head}, {way} from {figure(prev)} ({when(prev.date)})"


def level_sentence(b: Briefing, w: Words) -> str:
    """The troop figure at the end of the window, what it was before, and its sources."""
    cur, prev = b.troops.current, b.troops.previous
    if cur is None:
        return f"No troop figure for {w.esc(b.country)} is stored yet."
    if b.is_first:
        text = level_phrase(cur, None, w)
    elif b.troops.changed and prev is not None:
        text = level_phrase(cur, prev, w)
    elif b.troops.changed:
        text = level_phrase(cur, None, w) + ", the first figure on record"
    else:
        text = level_phrase(cur, None, w) + ", unchanged since the last briefing"
    return f"{text} — {w.cite(cur.sources, 3)}."


def figure_sentence(f: TroopFact, w: Words) -> str:
    """A new troop figure as news, with its sources."""
    return f"{figure_phrase(f, w)} — {w.cite(f.sources)}."


def figure_phrase(f: TroopFact, w: Words) -> str:
    """A troop figure as news: ``About 600 US troops withdrawn from Syria (announced 2025-08-20)``."""
    planned = f.status == "planned"
    force, country = w.esc(f.force), w.esc(f.country)
    if f.kind == "change":
        if f.direction in ("decrease", "increase"):
            verb = "withdrawn from" if f.direction == "decrease" else "sent to"
            text = f"{_cap(figure(f))} {force} troops {'to be ' if planned else ''}{verb} {country}"
        else:
            text = f"A {'planned ' if planned else ''}change of {figure(f)} {force} troops in {country}"
        text += f" (announced {when(f.date)})"
    elif f.kind == "casualty":
        text = f"{_cap(figure(f))} {force} service members killed or wounded in {country} ({when(f.date)})"
    elif planned:
        text = f"A planned level of {_troops(w, f)} (announced {when(f.date)})"
    else:
        text = f"{_cap(_troops(w, f))} as of {when(f.date)}"
    return text


def revision_sentence(fact: TroopFact, previous: TroopFact, w: Words) -> str:
    """A corrected figure: ``The figure for April 2025 is now 1,500 US troops in Syria, not 2,000``."""
    return (
        f"The figure for {when(fact.date)} is now {_troops(w, fact)}, not {figure(previous)} — {w.cite(fact.sources)}."
    )


def development_sentence(e: EventFact, w: Words) -> str:
    """``2025-04-17: Troops left the Conoco base. — AP``."""
    return f"{w.bold(when(e.date))}: {w.esc(limits.truncate(e.summary, 400))} — {w.cite(e.sources)}"


def statement_sentence(s: StatementFact, w: Words) -> str:
    """``2025-04-18: Sean Parnell said: “We are consolidating.” — Reuters``; reported speech without quotes."""
    words = limits.truncate(s.text, 300)
    said = f"said: “{w.esc(words)}”" if s.direct else f"said {w.esc(words)}"
    return f"{w.bold(when(s.date))}: {w.esc(_cap(speaker_words(s)))} {said} — {w.cite(s.sources)}"


def briefing_sections(b: Briefing, *, markdown: bool = True) -> list[Section]:
    """The briefing's sections, in the order they are read; the first is always the troop figure."""
    w = Words(markdown)
    first = b.is_first
    sections = [Section("Where things stand" if first else "The troop figure", [level_sentence(b, w)], 1)]
    if b.revisions:
        sections.append(Section(
            "Corrections", [revision_sentence(r.fact, r.previous, w) for r in b.revisions],
            len(b.revisions), "corrections: /troops",
        ))
    if b.figures:
        sections.append(Section(
            "What changed", [figure_sentence(f, w) for f in b.figures], b.figures_total, "figures: /troops",
        ))
    if b.developments:
        sections.append(Section(
            "Latest developments" if first else "Developments",
            [development_sentence(e, w) for e in b.developments], b.developments_total, "developments: /latest",
        ))
    if b.statements:
        sections.append(Section(
            "Latest statements" if first else "Statements",
            [statement_sentence(s, w) for s in b.statements], b.statements_total, "statements: /said",
        ))
    return sections


def _at(moment: dt.datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def briefing_footer(b: Briefing, *, timezone: str = "UTC", marker: str | None = None) -> str:
    """The marker first (a long footer is cut at its end, and the marker must survive), then the window."""
    parts = [marker] if marker else []
    if b.since is None:
        parts.append(f"the story as stored by {_at(b.until, timezone)}")
        parts.append("more with /troops, /latest and /said")
    else:
        parts.append(f"news stored {_at(b.since, timezone)} – {_at(b.until, timezone)}")
    if b.corroborations_total:
        parts.append(f"{b.corroborations_total} earlier item(s) reported again by new sources")
    return " · ".join(parts)


def briefing_title(b: Briefing, local_day: dt.date | None = None) -> str:
    """``Daily briefing: US troops in Syria — 2025-04-19``."""
    day = f" — {local_day.isoformat()}" if local_day else ""
    return limits.truncate(f"Daily briefing: US troops in {b.country}{day}", limits.EMBED_TITLE)


def _fit(sections: Sequence[Section], budget: int) -> list[int]:
    """How many items of each section fit in ``budget`` characters, shared out one item at a time.

    Sections take turns, so one long section cannot crowd out the others; a section
    stops at the first item that does not fit whole (its "…and N more" line is counted).
    """
    shown = [0] * len(sections)

    def cost(i: int, n: int) -> int:
        return sections[i].length(n)

    used = sum(cost(i, 0) for i in range(len(sections)))
    open_ = [i for i, s in enumerate(sections) if s.items]
    while open_:
        for i in list(open_):
            grown = cost(i, shown[i] + 1)
            if used - cost(i, shown[i]) + grown <= budget and grown <= limits.EMBED_DESCRIPTION:
                used += grown - cost(i, shown[i])
                shown[i] += 1
                if shown[i] == len(sections[i].items):
                    open_.remove(i)
            else:
                open_.remove(i)
    return shown


def briefing_embeds(
    b: Briefing, *, timezone: str = "UTC", local_day: dt.date | None = None, marker: str | None = None
) -> list[discord.Embed]:
    """The briefing as the embeds of one message: one per section, the footer (and marker) on the last."""
    sections = briefing_sections(b, markdown=True)
    title = briefing_title(b, local_day)
    footer = limits.truncate(briefing_footer(b, timezone=timezone, marker=marker), limits.FOOTER)
    titles = [title] + [s.title for s in sections[1:]]
    budget = limits.EMBED_TOTAL - _SLACK - len(footer) - sum(len(t) for t in titles)
    shown = _fit(sections, budget)
    embeds = []
    for section, embed_title, n in zip(sections, titles, shown, strict=True):
        body = section.body(n)
        if body:
            embeds.append(discord.Embed(title=embed_title, description=body, colour=COLOUR))
    embeds[-1].set_footer(text=footer)
    limits.check_message(embeds=embeds)
    return embeds


def briefing_text(b: Briefing, *, timezone: str = "UTC", local_day: dt.date | None = None) -> str:
    """The briefing as text for people (the console's ``/briefing``, ``briefbot brief --text``)."""
    out = [briefing_title(b, local_day)]
    if b.is_empty:
        out.append("Nothing new to report.")
    for section in briefing_sections(b, markdown=False):
        out.append(f"{section.title}:")
        out += [f"  - {line}" for line in section.body(len(section.items)).splitlines()]
    out.append(briefing_footer(b, timezone=timezone))
    return "\n".join(out)
