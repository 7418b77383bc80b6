"""``/subscribe``, ``/unsubscribe``, ``/subscriptions`` (Manage Server) and ``/briefing`` (preview).

The services live in ``briefings.subscriptions`` and ``briefings.compose``; until
a build has them, the commands answer with a clear "not yet".
"""

from __future__ import annotations

import importlib
import logging
import zoneinfo
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.embeds import lines_embed
from bot.reply import actor_of, defer, send, workspace_of
from bot.transformers import choices
from briefings.errors import NotYet

if TYPE_CHECKING:
    from bot.app import BriefBot

log = logging.getLogger(__name__)


def service(name: str) -> ModuleType:
    """``briefings.<name>``, or :class:`NotYet` when this build does not have it."""
    try:
        return importlib.import_module(f"briefings.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"briefings.{name}":
            raise
        raise NotYet("Daily briefings are not available in this build yet.") from None


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


def preview_lines(preview: Any) -> list[str]:
    """The lines of a briefing preview, whatever shape the compose service returns."""
    if preview is None:
        return []
    if isinstance(preview, str):
        return preview.splitlines()
    for attr in ("text", "markdown", "content"):
        value = _get(preview, attr)
        if isinstance(value, str):
            return value.splitlines()
    lines = _get(preview, "lines")
    return [str(x) for x in lines] if lines else str(preview).splitlines()


class Subscriptions(commands.Cog):
    """Daily briefings."""

    def __init__(self, bot: BriefBot) -> None:
        self.bot = bot

    @app_commands.command(name="subscribe")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        channel="Channel for the briefing (default: this one)",
        time="Time of day, HH:MM 24-hour (default 08:00)",
        timezone="Time zone, e.g. Europe/Berlin (default: the server's setting)",
    )
    async def subscribe(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | None = None,
        time: app_commands.Range[str, 1, 5] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        """Post a daily briefing of what is new in a channel."""
        subs = service("subscriptions")
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
        await send(interaction, content=f"Subscribed: {subscription_line(sub)}.", ephemeral=True)

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
        subs = service("subscriptions")
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
        subs = service("subscriptions")
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
        compose = service("compose")
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            preview = await compose.preview(session=session, workspace=workspace_of(interaction))
        embed = lines_embed("Next briefing (preview)", preview_lines(preview), empty="Nothing new to report.")
        await send(interaction, embeds=[embed], ephemeral=True)


async def setup(bot: BriefBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Subscriptions(bot))
