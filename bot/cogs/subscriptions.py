"""``/subscribe``, ``/unsubscribe``, ``/subscriptions`` (Manage Server) and ``/briefing`` (preview).

The services live in ``briefings.subscriptions`` and ``briefings.compose``. The
preview is the post: the same composition for the same window, the same renderer
(:func:`bot.render.briefing.briefing_embeds`), the same time zone.
"""

from __future__ import annotations

import dataclasses
import logging
import zoneinfo
from functools import cache
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.briefing import briefing_embeds
from bot.render.embeds import lines_embed
from bot.reply import actor_of, defer, send, workspace_of
from bot.scheduler import clock_of
from bot.transformers import choices
from briefings import compose
from briefings import subscriptions as subs

if TYPE_CHECKING:
    from bot.app import BriefBot

log = logging.getLogger(__name__)

#: The description of /subscribe's timezone option; the default is filled in from the host's settings.
TIMEZONE_HELP = "Time zone, e.g. Europe/Berlin (default: {zone}, this bot's DEFAULT_TIMEZONE)"


@cache
def _zones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


def subscription_line(sub: Any) -> str:
    """A subscription as one line (works with a model or a dict)."""
    line = f"<#{_get(sub, 'channel_id')}> every day at {_get(sub, 'time')} {_get(sub, 'timezone')}"
    if _get(sub, "paused"):
        line += f" (paused: {_get(sub, 'paused_reason') or 'no reason given'})"
    return line


class Subscriptions(commands.Cog):
    """Daily briefings."""

    def __init__(self, bot: BriefBot) -> None:
        self.bot = bot
        # The synced description says which zone a /subscribe without one gets: the host's, not a guess.
        # The parameter objects are shared with the class's command: replace this copy's, never mutate.
        params = self.subscribe._params
        zone = TIMEZONE_HELP.format(zone=bot.settings.default_timezone)[:100]
        params["timezone"] = dataclasses.replace(params["timezone"], description=zone)

    @app_commands.command(name="subscribe")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        channel="Channel for the briefing (default: this one)",
        time="Time of day, HH:MM 24-hour (default 08:00)",
        timezone=TIMEZONE_HELP.format(zone="UTC"),
    )
    async def subscribe(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | None = None,
        time: app_commands.Range[str, 1, 5] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        """Post a daily briefing of what is new in a channel."""
        channel_id = channel.id if channel is not None else interaction.channel_id
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            sub = await subs.subscribe(
                session=session,
                workspace=workspace_of(interaction),
                channel_id=channel_id,
                time=time or self.bot.settings.default_briefing_time,
                timezone=timezone or self.bot.settings.default_timezone,
                created_by=actor_of(interaction),
            )
        text = f"Subscribed: {subscription_line(sub)}."
        if timezone is None:
            text += f" {sub.timezone} is this bot's default time zone; give timezone: to choose another."
        await send(interaction, content=text, ephemeral=True)

    @subscribe.autocomplete("timezone")
    async def timezone_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice]:
        """IANA zones containing what was typed."""
        needle = current.lower().replace(" ", "_")
        return choices(z for z in _zones() if needle in z.lower())

    @app_commands.command(name="unsubscribe")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(channel="Channel to stop (default: this one)")
    async def unsubscribe(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        """Stop a channel's daily briefing."""
        channel_id = channel.id if channel is not None else interaction.channel_id
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            removed = await subs.unsubscribe(
                session=session, workspace=workspace_of(interaction), channel_id=channel_id
            )
        text = f"<#{channel_id}> will get no more briefings." if removed else f"<#{channel_id}> had no briefing."
        await send(interaction, content=text, ephemeral=True)

    @app_commands.command(name="subscriptions")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def subscriptions(self, interaction: discord.Interaction) -> None:
        """The channels of this server that get a daily briefing."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            found = await subs.list_subscriptions(session=session, workspace=workspace_of(interaction))
        embed = lines_embed(
            "Daily briefings",
            [subscription_line(s) for s in found],
            empty="No channel gets a briefing. Start one with /subscribe.",
            escape=False,
        )
        await send(interaction, embeds=[embed], ephemeral=True)

    @app_commands.command(name="briefing")
    @app_commands.guild_only()
    async def briefing(self, interaction: discord.Interaction) -> None:
        """Preview what the next daily briefing would say."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            preview = await compose.preview(
                session=session,
                workspace=workspace_of(interaction),
                channel_id=interaction.channel_id,
                now=clock_of(self.bot)(),
                timezone=self.bot.settings.default_timezone,
            )
        embeds = briefing_embeds(preview.briefing, timezone=preview.timezone, local_day=preview.local_day)
        content = None
        if preview.briefing.is_empty:
            content = "Nothing new since the last briefing: none would be posted now."
        await send(interaction, content=content, embeds=embeds, ephemeral=True)


async def setup(bot: BriefBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Subscriptions(bot))
