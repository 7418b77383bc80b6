"""``/help``: what each command does, with examples."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.embeds import help_embed
from bot.reply import send

if TYPE_CHECKING:
    from bot.app import BriefBot


class Help(commands.Cog):
    """The command list."""

    def __init__(self, bot: BriefBot) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """What each briefbot command does, with examples."""
        await send(interaction, embeds=[help_embed()], ephemeral=True)


async def setup(bot: BriefBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Help(bot))
