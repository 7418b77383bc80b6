"""Discord embeds built from the answer models, always within Discord's limits.

Each builder packs whole lines until a limit is near and then says how many
items were left out, and every embed passes :func:`bot.limits.check_message`
before it is returned. Text that comes from articles is escaped, so an
article cannot format (or break) a message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import discord

from bot import limits
from bot.charts import chart_data
from bot.render.facts import (
    date_words,
    figure,
    held_back_words,
    quote_words,
    source_name,
    speaker_words,
    troop_phrase,
)
from bot.render.help import ADMIN_NOTE, HELP
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

COLOUR = discord.Colour.dark_teal()
CHART_FILENAME = "troops.png"
# Room kept for the footer when packing fields, so the footer never pushes the total over 6,000.
_FOOTER_RESERVE = 200
_MIN_FIELD = 60


def esc(text: str) -> str:
    """Article text made inert: markdown escaped (mentions are off client-wide)."""
    return discord.utils.escape_markdown(text)


def link(ref: SourceRef) -> str:
    """A source as a markdown link when it has a URL."""
    label = esc(source_name(ref)).replace("[", "(").replace("]", ")")
    if not ref.url:
        return label
    url = ref.url.replace(" ", "%20").replace(")", "%29").replace("(", "%28")
    return f"[{label}]({url})"


def links(refs: Sequence[SourceRef], most: int = 3) -> str:
    """Up to ``most`` source links, and how many more report the same fact."""
    shown = ", ".join(link(r) for r in refs[:most])
    if not refs:
        return "no source recorded"
    return shown if len(refs) <= most else f"{shown} +{len(refs) - most} more"


class EmbedBuilder:
    """An embed filled field by field while the per-field and per-message budgets allow."""

    def __init__(self, title: str, description: str = "", *, colour: discord.Colour = COLOUR) -> None:
        self.embed = discord.Embed(
            title=limits.truncate(title, limits.EMBED_TITLE),
            description=limits.truncate(description, limits.EMBED_DESCRIPTION) if description else None,
            colour=colour,
        )
        self.dropped = 0

    def remaining(self) -> int:
        """Characters still free in the 6,000 of the message, less the footer reserve."""
        return limits.EMBED_TOTAL - len(self.embed) - _FOOTER_RESERVE

    def describe(self, lines: Iterable[str], noun: str = "more") -> int:
        """Set the description to as many lines as fit; return how many were left out."""
        limit = min(limits.EMBED_DESCRIPTION, self.remaining())
        text, hidden = limits.pack_lines(lines, limit, noun=noun)
        self.embed.description = text or None
        return hidden

    def field(self, name: str, lines: Iterable[str], *, noun: str = "more", inline: bool = False) -> bool:
        """Add a field of as many lines as fit; False when the message is full."""
        items = [line for line in lines if line]
        if not items:
            return False
        name = limits.truncate(name, limits.FIELD_NAME)
        limit = min(limits.FIELD_VALUE, self.remaining() - len(name))
        if len(self.embed.fields) >= limits.EMBED_FIELDS or limit < _MIN_FIELD:
            self.dropped += 1
            return False
        value, _ = limits.pack_lines(items, limit, noun=noun)
        self.embed.add_field(name=name, value=value, inline=inline)
        return True

    def finish(self, footer: str | None = None) -> discord.Embed:
        """Set the footer (noting dropped sections) and check the embed against the limits."""
        parts = [footer] if footer else []
        if self.dropped:
            parts.append(f"{self.dropped} more section(s) did not fit")
        if parts:
            self.embed.set_footer(text=limits.truncate(" · ".join(parts), min(limits.FOOTER, _FOOTER_RESERVE)))
        limits.check_message(embeds=[self.embed])
        return self.embed


def _troop_line(fact: TroopFact) -> str:
    return f"**{date_words(fact.date, fact.precision)}**: {troop_phrase(fact)} ({links(fact.sources, 2)})"


def troops_embed(answer: TroopsAnswer, *, chart: bool = False) -> discord.Embed:
    """``/troops``: the current estimate with provenance, changes, plans, conflicts.

    With ``chart`` the embed shows the attached ``troops.png``.
    """
    b = EmbedBuilder(f"US troops in {answer.country}, as of {answer.as_of}")
    current = answer.current
    if current is None and answer.held_back:
        b.embed.description = (
            f"No troop figure for {esc(answer.country)} up to {answer.as_of} can be used yet: "
            f"{held_back_words(answer.held_back)} (admins: /review queue)."
        )
    elif current is None:
        b.embed.description = (
            f"No troop figure is stored for {esc(answer.country)} up to {answer.as_of}. "
            "Admins can add articles with /article add."
        )
    else:
        lines = [
            f"**{figure(current)}** {esc(current.force)} troops in {esc(current.country)}",
            f"Date: {date_words(current.date, current.precision)}",
        ]
        if answer.current_reason:
            lines.append(f"Why this figure: {esc(answer.current_reason)}")
        lines.append(f"Sources: {links(current.sources, 5)}")
        if current.evidence:
            lines.append(f"> {limits.truncate(esc(current.evidence), 600)}")
        b.describe(lines)
    b.field("Latest changes", (_troop_line(f) for f in reversed(answer.changes)), noun="more changes")
    b.field("Announced plans", (_troop_line(f) for f in answer.plans), noun="more plans")
    conflict_lines = [
        " vs ".join(f"{figure(f)} ({links(f.sources, 1)}, {date_words(f.date, f.precision)})" for f in group)
        for group in answer.conflicts
    ]
    b.field("Conflicting figures", conflict_lines, noun="more conflicts")
    casualties = [f for f in reversed(answer.timeline) if f.kind == "casualty"]
    b.field("Casualties reported", (_troop_line(f) for f in casualties), noun="more reports")
    footer = []
    data = chart_data(answer) if chart else None
    if data is not None:
        b.embed.set_image(url=f"attachment://{CHART_FILENAME}")
        # The chart's own count: the figures it draws, not the whole timeline.
        footer.append(f"Chart: {data.caption()}")
    if answer.held_back:
        footer.append(held_back_words(answer.held_back))
    return b.finish(" · ".join(footer) or None)


def latest_embed(answer: LatestAnswer) -> discord.Embed:
    """``/latest``: developments, newest first, each with date and sources."""
    b = EmbedBuilder("Latest developments")
    if not answer.events:
        b.embed.description = "Nothing stored yet. Admins can add articles with /article add."
        return b.finish()
    lines = [
        f"**{date_words(e.date, e.precision)}**: {esc(limits.truncate(e.summary, 500))} ({links(e.sources, 2)})"
        for e in answer.events
    ]
    hidden = b.describe(lines, noun="more developments")
    return b.finish(f"{len(answer.events) - hidden} of {len(answer.events)} shown")


def said_embed(
    answer: SaidAnswer, *, offset: int = 0, speaker: str | None = None, about: str | None = None
) -> discord.Embed:
    """``/said``: one page of statements, newest first; the footer says which page."""
    filters = " ".join(p for p in (f"by {speaker}" if speaker else "", f"about {about}" if about else "") if p)
    b = EmbedBuilder(f"What was said {filters}".strip())
    if not answer.statements:
        b.embed.description = "No statements match." if filters else "No statements stored yet."
        return b.finish()
    for s in answer.statements:
        name = f"{speaker_words(s)} · {date_words(s.date, s.precision)}"
        body = limits.truncate(esc(quote_words(s)), 700)
        b.field(name, [body, f"— {links(s.sources, 2)}"])
    shown = len(b.embed.fields)
    first = offset + 1
    last = offset + shown
    footer = f"Statements {first}–{last} of {answer.total_words if answer.total > last else last}"
    if answer.total > last:
        # The pager's button under the answer; the footer says what it shows.
        upto = min(last + shown, answer.total)
        footer += f" · Older ▶ for {last + 1}" + (f"–{upto}" if upto > last + 1 else "")
    return b.finish(footer)


def _summary_line(a: ArticleSummary) -> str:
    title = esc(limits.truncate(a.title or "(untitled)", 120))
    if a.off_topic:
        counts = f"off-topic: its facts are not used (/article restore id:{a.id})"
    else:
        counts = f"{a.troop_counts} troop figure(s), {a.statements} statement(s), {a.events} event(s)"
    return f"`#{a.id}` **{title}**: {esc(a.source)}, {a.published} · {counts}"


def articles_embed(
    articles: Sequence[ArticleSummary],
    *,
    offset: int = 0,
    next_page: int | None = None,
    off_topic: bool = False,
    off_topic_count: int = 0,
) -> discord.Embed:
    """``/article list``: stored articles with what was taken from each (or the off-topic ones)."""
    b = EmbedBuilder("Off-topic articles" if off_topic else "Stored articles")
    aside = f" · {off_topic_count} off-topic: /article list off_topic:true" if off_topic_count and not off_topic else ""
    if not articles:
        b.embed.description = (
            "No article was stored as off-topic." if off_topic else "No articles stored yet. Add one with /article add."
        )
        return b.finish(aside.removeprefix(" · ") or None)
    hidden = b.describe((_summary_line(a) for a in articles), noun="more articles")
    footer = f"Articles {offset + 1}–{offset + len(articles) - hidden}"
    if next_page is not None:
        footer += f" · older ones: /article list page:{next_page}{' off_topic:true' if off_topic else ''}"
    return b.finish(footer + aside)


def article_embed(article: ArticleDetail) -> discord.Embed:
    """``/article show``: one article, its provenance and the facts it supports."""
    b = EmbedBuilder(f"#{article.id} {article.title or '(untitled)'}")
    head = [
        f"Source: {link(SourceRef(source=article.source, url=article.url))}",
        f"Published: {article.published} ({article.published_basis})",
        f"Added by: {esc(article.added_by or 'unknown')} at {article.added_at}",
        *([f"Off-topic: its facts are not used; /article restore id:{article.id} uses them"]
          if article.off_topic else []),
        "",
        esc(limits.truncate(article.text, 1200)),
    ]
    b.describe(head)
    facts = article.facts
    if facts is not None:
        b.field("Troop figures", (f"**{date_words(t.date)}**: {troop_phrase(t)}" for t in facts.troop_counts))
        b.field(
            "Statements",
            (f"{esc(s.speaker)}: {esc(limits.truncate(quote_words(s), 200))}" for s in facts.statements),
        )
        b.field("Events", (f"**{date_words(e.date)}**: {esc(limits.truncate(e.summary, 200))}" for e in facts.events))
    return b.finish(
        f"{article.troop_counts} troop figure(s), {article.statements} statement(s), {article.events} event(s)"
    )


def removed_embed(article: ArticleSummary) -> discord.Embed:
    """The reply to ``/article remove``."""
    b = EmbedBuilder(f"Removed article #{article.id}")
    b.describe([_summary_line(article)])
    return b.finish()


def ingest_embed(result: IngestResult) -> discord.Embed:
    """The reply to ``/article add``: what was stored and what was extracted, with warnings."""
    if result.off_topic:
        title = f"Stored article #{result.article_id} as off-topic"
    elif result.created:
        title = f"Stored article #{result.article_id}"
    else:
        title = f"Already stored as article #{result.duplicate_of or result.article_id}"
    return _result_embed(title, result)


def restored_embed(result: IngestResult) -> discord.Embed:
    """The reply to ``/article restore``: the facts now used."""
    return _result_embed(f"Restored article #{result.article_id}", result)


def _result_embed(title: str, result: IngestResult) -> discord.Embed:
    b = EmbedBuilder(title)
    b.describe(
        [
            f"**{esc(result.title or '(untitled)')}**",
            f"Source: {esc(result.source)} · published {result.published} ({result.published_basis})",
            "Not about the story: it is kept, but nothing of it is used in answers, briefings or alerts."
            if result.off_topic
            else f"Extracted {len(result.troop_counts)} troop figure(s), {result.statements} statement(s), "
            f"{result.events} event(s).",
        ]
    )
    b.field(
        "Troop figures",
        (f"**{date_words(t.date)}**: {troop_phrase(t, earlier=False)} ({t.status})" for t in result.troop_counts),
        noun="more figures",
    )
    b.field("Warnings", (f"⚠ {esc(w)}" for w in result.warnings), noun="more warnings")
    return b.finish()


def help_embed() -> discord.Embed:
    """``/help``: every command with what it does and an example."""
    b = EmbedBuilder("briefbot commands", "Answers come from the articles admins have added; each cites its sources.")
    for entry in HELP:
        name = entry.usage + (" (admin)" if entry.admin else "")
        b.field(name, [entry.what, f"e.g. `{entry.example}`"])
    return b.finish(ADMIN_NOTE)


def lines_embed(
    title: str,
    lines: Sequence[str],
    *,
    empty: str = "Nothing here.",
    footer: str | None = None,
    escape: bool = True,
) -> discord.Embed:
    """A plain list (subscriptions, briefing preview) within the limits; ``escape`` for article text."""
    b = EmbedBuilder(title)
    if lines:
        b.describe([esc(line) for line in lines] if escape else list(lines))
    else:
        b.embed.description = empty
    return b.finish(footer)
