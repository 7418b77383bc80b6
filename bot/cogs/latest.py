"""``/latest``: the newest developments."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.embeds import latest_embed
from bot.reply import defer, send, workspace_of
from briefings import answers

if TYPE_CHECKING:
    from bot.app import BriefBot

log = logging.getLogger(__name__)


class Latest(commands.Cog):
    """The newest developments."""

    def __init__(self, bot: BriefBot) -> None:
        self.bot = bot

    @app_commands.command(name="latest")
    @app_commands.guild_only()
    @app_commands.describe(count="How many developments to show (1-25, default 10)")
    async def latest(self, interaction: discord.Interaction, count: app_commands.Range[int, 1, 25] = 10) -> None:
        """The newest developments, with dates and sources."""
        await defer(interaction)
        async with self.bot.session() as session:
            answer = await answers.latest(session=session, workspace=workspace_of(interaction), limit=count)
        await send(interaction, embeds=[latest_embed(answer)])


async def setup(bot: BriefBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Latest(bot))
