"""``/alert add|list|remove``: a channel told at once when the troop figure moves (Manage Server).

Like ``/feed``, the group is hidden from other members with ``default_permissions``
and each command is checked at run time, since server admins can change who sees a
command. Every reply is ephemeral. The posts themselves are made by the scheduler
(:mod:`bot.scheduler`) from the deliveries ingestion records (:mod:`briefings.alerts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.alert import alert_added_embed, alert_removed_embed, alerts_embed
from bot.reply import actor_of, defer, send, workspace_of
from briefings import alerts

if TYPE_CHECKING:
    from bot.app import BriefBot


class Alerts(commands.Cog):
    """Alert administration."""

    alert = app_commands.Group(
        name="alert",
        description="Post in a channel at once when the troop figure moves (Manage Server)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: BriefBot) -> None:
        self.bot = bot

    @alert.command(name="add")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(
        channel="Channel for the alerts",
        threshold="Only post when the figure crosses this number of troops (default: every move)",
    )
    async def add(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        threshold: app_commands.Range[int, 1, alerts.MAX_THRESHOLD] | None = None,
    ) -> None:
        """Post in a channel when an article moves the troop figure (or crosses a threshold)."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            added = await alerts.add_alert(
                session=session, workspace=workspace_of(interaction), channel_id=channel.id, threshold=threshold,
                created_by=actor_of(interaction),
            )
        await send(interaction, embeds=[alert_added_embed(added)], ephemeral=True)

    @alert.command(name="list")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def list_(self, interaction: discord.Interaction) -> None:
        """The channels of this server that get alerts."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            found = await alerts.list_alerts(session=session, workspace=workspace_of(interaction))
        await send(interaction, embeds=[alerts_embed(found)], ephemeral=True)

    @alert.command(name="remove")
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.describe(id="The alert's number, as in /alert list")
    async def remove(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        """Stop an alert."""
        await defer(interaction, ephemeral=True)
        async with self.bot.session() as session:
            removed = await alerts.remove_alert(session=session, workspace=workspace_of(interaction), alert_id=id)
        await send(interaction, embeds=[alert_removed_embed(removed)], ephemeral=True)


async def setup(bot: BriefBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Alerts(bot))
