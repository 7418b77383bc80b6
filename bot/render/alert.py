"""Alerts: the post (the figure that moved or the change reported, the evidence and its source) and the
replies of ``/alert add|list|remove``.

Worded by the briefing's sentences (:mod:`bot.render.briefing`), so an alert and
the next morning's briefing say the same thing. The footer carries the delivery's
marker (``ref A<id>``), which the scheduler looks for after a crash.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot import limits
from bot.render.briefing import Words, figure_phrase, level_phrase
from bot.render.embeds import COLOUR, EmbedBuilder, esc, link
from briefings.alerts import AlertOut, AlertPost


def alert_lines(post: AlertPost) -> list[str]:
    """The alert's sentences: what moved, the evidence, the source."""
    w = Words(markdown=True)
    f = post.fact
    lines: list[str] = []
    if post.kind == "threshold" and post.threshold is not None:
        side = "below" if f.value < post.threshold else "at or above"
        lines.append(f"The troop figure is now {side} {post.threshold:,}.")
    if post.kind == "change":
        lines.append(figure_phrase(f, w) + ".")
    else:
        lines.append(level_phrase(f, post.previous, w) + ".")
    evidence = (post.source.evidence if post.source else None) or f.evidence
    if evidence:
        lines.append(f"> {esc(limits.truncate(' '.join(evidence.split()), 900))}")
    if post.source is not None:
        lines.append(f"Source: {link(post.source)}")
    return lines


def alert_embed(post: AlertPost, *, marker: str | None = None) -> discord.Embed:
    """The alert as one embed within Discord's limits."""
    title = {"change": "Troop movement reported", "threshold": "Troop figure crossed your threshold"}.get(
        post.kind, "New troop figure"
    )
    embed = discord.Embed(
        title=limits.truncate(f"{title}: US troops in {post.fact.country}", limits.EMBED_TITLE),
        description=limits.truncate("\n".join(alert_lines(post)), limits.EMBED_DESCRIPTION),
        colour=COLOUR,
    )
    footer = " · ".join(p for p in (marker, "/troops for the figure's history") if p)
    embed.set_footer(text=footer)
    limits.check_message(embeds=[embed])
    return embed


def alert_rule(threshold: int | None, country: str) -> str:
    """What an alert posts on, in words."""
    if threshold:
        return f"when the troop figure for {country} crosses {threshold:,}, either way"
    return f"when the troop figure for {country} moves, or a withdrawal or deployment is reported"


def alerts_embed(found: Sequence[AlertOut]) -> discord.Embed:
    """``/alert list``."""
    b = EmbedBuilder("Alerts")
    if not found:
        b.embed.description = "No channel gets alerts. Start them with `/alert add channel:`."
        return b.finish()
    lines = [f"**#{a.id}** <#{a.channel_id}>: {alert_rule(a.threshold, esc(a.country))} · {a.sent} posted"
             for a in found]
    b.describe(lines, noun="more alerts")
    return b.finish(f"{len(found)} alert(s) · /alert remove id: stops one")


def alert_added_embed(a: AlertOut) -> discord.Embed:
    """The reply to ``/alert add``."""
    b = EmbedBuilder(f"Alert #{a.id} for this server")
    b.describe([
        f"<#{a.channel_id}> gets a post at once {alert_rule(a.threshold, esc(a.country))}, "
        "with the evidence sentence and its source.",
        "Only articles stored from now on can move it.",
    ])
    return b.finish()


def alert_removed_embed(a: AlertOut) -> discord.Embed:
    """The reply to ``/alert remove``."""
    b = EmbedBuilder(f"Stopped alert #{a.id}")
    b.describe([f"<#{a.channel_id}> gets no more alerts."])
    return b.finish()
