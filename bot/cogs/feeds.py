"""``/feed add|list|edit|pause|resume|remove``: the admins' feed commands (Manage Server), and the feed poll.

Like ``/article``, the group is hidden from other members with
``default_permissions`` and each command is checked at run time, since server
admins can change who sees a command. Every reply is ephemeral.

New items of the followed feeds are ingested by a poll every few minutes
(:func:`attach_feed_polling`, called from the bot's ``setup_hook``); each feed is
fetched only when its own next check is due (see :mod:`briefings.feeds`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.embeds import EmbedBuilder, esc
from bot.reply import actor_of, defer, send, workspace_of
from bot.scheduler import nudge_alerts
from briefings import feeds
from briefings.feeds import FeedInfo

if TYPE_CHECKING:
    from bot.app import BriefBot

log = logging.getLogger(__name__)

#: How often the bot looks for due feeds; each feed has its own, longer interval.
POLL_EVERY_S = 300
#: The first look waits this long after start, so a restart loop cannot hammer the sites.
FIRST_POLL_AFTER_S = 60
JOB_ID = "feeds-poll"


def _when(moment: dt.datetime | None) -> str:
    return discord.utils.format_dt(moment, "R") if moment is not None else "not yet"


def keywords_words(feed: FeedInfo) -> str:
    """The feed's keywords in words, or an empty string when it has none."""
    parts = []
    if feed.include:
        parts.append("only " + ", ".join(esc(w) for w in feed.include))
    if feed.exclude:
        parts.append("not " + ", ".join(esc(w) for w in feed.exclude))
    return "; ".join(parts)


def feed_line(feed: FeedInfo) -> str:
    """One feed as a line of an embed: number, title, link, health, keywords, items."""
    counts = ", ".join(f"{n} {status.replace('_', '-')}" for status, n in sorted(feed.items.items())) or "no items yet"
    state = f"⚠ failing ({feed.error_count}×): {esc(feed.last_error or '')}" if feed.error_count else "ok"
    title = esc(feed.title or "(untitled)")
    when = "paused (/feed resume)" if feed.paused else f"next check {_when(feed.next_check_at)}"
    words = keywords_words(feed)
    return f"**#{feed.id}** [{title}]({feed.url}) · {state} · {counts}{f' · {words}' if words else ''} · {when}"


def feeds_embed(found: Sequence[FeedInfo]) -> discord.Embed:
    """``/feed list``."""
    b = EmbedBuilder("Followed feeds")
    if not found:
        b.embed.description = "No feeds are followed yet. Add one with `/feed add url:`."
        return b.finish()
    b.describe((feed_line(f) for f in found), noun="more feeds")
    minutes = int(feeds.DEFAULT_INTERVAL.total_seconds() // 60)
    return b.finish(f"{len(found)} feed(s) · each is checked about every {minutes} min")


def feed_added_embed(feed: FeedInfo) -> discord.Embed:
    """The reply to ``/feed add``."""
    b = EmbedBuilder(f"Following feed #{feed.id}")
    lines = [
        f"**{esc(feed.title or '(untitled)')}**",
        feed.url,
        f"Up to {feed.max_items} new item(s) are stored per check; the first check runs within minutes.",
    ]
    if feed.source:
        lines.append(f"Source name for its articles: {esc(feed.source)}")
    if keywords_words(feed):
        lines.append(f"Keywords: {keywords_words(feed)}")
    b.describe(lines)
    return b.finish()


def feed_changed_embed(feed: FeedInfo, what: str) -> discord.Embed:
    """The reply to ``/feed edit``, ``/feed pause`` and ``/feed resume``."""
    b = EmbedBuilder(f"Feed #{feed.id} {what}")
    b.describe([feed_line(feed)])
    return b.finish()


def feed_removed_embed(feed: FeedInfo) -> discord.Embed:
    """The reply to ``/feed remove``."""
    b = EmbedBuilder(f"Stopped following feed #{feed.id}")
    b.describe([f"**{esc(feed.title or '(untitled)')}**", feed.url, "The articles it brought in stay stored."])
    return b.finish()


class Feeds(commands.Cog):
    """Feed administration."""

    feed = app_commands.Group(
        name="feed",
        description="Follow RSS or Atom feeds whose new articles are added automatically (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: BriefBot) -> None:
        self.bot = bot

    @feed.command(name="add")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        url="Link to the RSS or Atom feed",
        source="The outlet's name for its articles (default: each page's site name)",
        max_items="New items fetched per check (default 10)",
        include="Keep only items with one of these words, comma-separated (e.g. syria, pentagon)",
        exclude="Leave out items with any of these words, comma-separated (e.g. opinion, sport)",
    )
    async def add(
        self,
        interaction: discord.Interaction,
        url: app_commands.Range[str, 1, 2000],
        source: app_commands.Range[str, 1, 100] | None = None,
        max_items: app_commands.Range[int, 1, 50] = feeds.DEFAULT_MAX_ITEMS,
        include: app_commands.Range[str, 1, 1000] | None = None,
        exclude: app_commands.Range[str, 1, 1000] | None = None,
    ) -> None:
        """Follow a feed: it is checked now, and its new articles are added on a schedule."""
        # Bad keywords are refused before deferring, so the refusal is private and immediate.
        feeds.parse_keywords(include)
        feeds.parse_keywords(exclude)
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            info = await feeds.add_feed(
                session=session,
                workspace=workspace_of(interaction),
                url=url.strip(),
                settings=self.bot.settings,
                source=source,
                added_by=actor_of(interaction),
                max_items=max_items,
                include=include,
                exclude=exclude,
                client=self.bot.http_client,
                executor=self.bot.executor,
            )
        await send(interaction, embeds=[feed_added_embed(info)], ephemeral=True)

    @feed.command(name="list")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def list_(self, interaction: discord.Interaction) -> None:
        """The feeds this server follows, with their health."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            found = await feeds.list_feeds(session=session, workspace=workspace_of(interaction))
        await send(interaction, embeds=[feeds_embed(found)], ephemeral=True)

    @feed.command(name="edit")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        id="The feed's number, as in /feed list",
        source="The outlet's name for its articles (- for each page's site name)",
        max_items="New items fetched per check",
        include="Keep only items with one of these words, comma-separated (- for all items)",
        exclude="Leave out items with any of these words, comma-separated (- for none)",
    )
    async def edit(
        self,
        interaction: discord.Interaction,
        id: app_commands.Range[int, 1],
        source: app_commands.Range[str, 1, 100] | None = None,
        max_items: app_commands.Range[int, 1, 50] | None = None,
        include: app_commands.Range[str, 1, 1000] | None = None,
        exclude: app_commands.Range[str, 1, 1000] | None = None,
    ) -> None:
        """Change a feed's source name, items per check or keywords."""
        feeds.parse_keywords(include)
        feeds.parse_keywords(exclude)
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            info = await feeds.edit_feed(
                session=session, workspace=workspace_of(interaction), feed_id=id, source=source,
                max_items=max_items, include=include, exclude=exclude,
            )
        await send(interaction, embeds=[feed_changed_embed(info, "changed")], ephemeral=True)

    @feed.command(name="pause")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The feed's number, as in /feed list")
    async def pause(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        """Stop checking a feed for now; nothing is forgotten."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            info = await feeds.pause_feed(session=session, workspace=workspace_of(interaction), feed_id=id)
        await send(interaction, embeds=[feed_changed_embed(info, "paused")], ephemeral=True)

    @feed.command(name="resume")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The feed's number, as in /feed list")
    async def resume(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        """Check a paused feed again, from now."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            info = await feeds.resume_feed(session=session, workspace=workspace_of(interaction), feed_id=id)
        await send(interaction, embeds=[feed_changed_embed(info, "resumed")], ephemeral=True)

    @feed.command(name="remove")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The feed's number, as in /feed list")
    async def remove(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        """Stop following a feed; the articles it brought in stay."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            removed = await feeds.remove_feed(session=session, workspace=workspace_of(interaction), feed_id=id)
        await send(interaction, embeds=[feed_removed_embed(removed)], ephemeral=True)


# ------------------------------------------------------------------ the periodic poll


async def poll_once(bot: BriefBot) -> list[feeds.FeedPoll]:
    """Poll every due feed of every workspace now (what the periodic job runs)."""
    if bot.session_factory is None:
        return []
    polls = await feeds.poll_due_feeds(
        session_factory=bot.session_factory,
        settings=bot.settings,
        client=bot.http_client,
        executor=bot.executor,
        now=dt.datetime.now(dt.UTC),
    )
    if polls:
        stored = sum(len(p.ingested) for p in polls)
        log.info("feed poll: %d feed(s) checked, %d article(s) stored", len(polls), stored)
        if stored:
            nudge_alerts(bot)
    return polls


async def _poll_safely(bot: BriefBot) -> None:
    try:
        await poll_once(bot)
    except Exception:
        log.exception("feed poll failed")


async def _poll_loop(bot: BriefBot) -> None:
    await asyncio.sleep(FIRST_POLL_AFTER_S)
    while True:
        await _poll_safely(bot)
        await asyncio.sleep(POLL_EVERY_S)


async def attach_feed_polling(bot: BriefBot) -> None:
    """Poll the feeds periodically: a job on the briefing scheduler's APScheduler when it runs one,
    otherwise a task of our own (stopped by :func:`detach_feed_polling`)."""
    if bot.session_factory is None:
        return
    aps = getattr(getattr(bot, "briefings", None), "scheduler", None)
    if aps is not None:
        aps.add_job(
            _poll_safely,
            "interval",
            args=[bot],
            seconds=POLL_EVERY_S,
            next_run_time=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=FIRST_POLL_AFTER_S),
            id=JOB_ID,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=POLL_EVERY_S,
        )
        log.info("feed poll scheduled every %d s", POLL_EVERY_S)
        return
    task: asyncio.Task[None] | None = getattr(bot, "feed_poll_task", None)
    if task is None or task.done():
        bot.feed_poll_task = asyncio.get_running_loop().create_task(  # type: ignore[attr-defined]
            _poll_loop(bot), name=JOB_ID
        )
        log.info("feed poll task started, every %d s", POLL_EVERY_S)


async def detach_feed_polling(bot: BriefBot) -> None:
    """Stop the feed poll task if :func:`attach_feed_polling` started one (a scheduler job stops with its scheduler)."""
    task: asyncio.Task[None] | None = getattr(bot, "feed_poll_task", None)
    if task is not None and not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    bot.feed_poll_task = None  # type: ignore[attr-defined]


async def setup(bot: BriefBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Feeds(bot))
