"""``/troops``: the troop estimate with provenance and the timeline chart."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.charts import troop_chart
from bot.render.embeds import CHART_FILENAME, troops_embed
from bot.reply import defer, send, workspace_of
from bot.transformers import DateArg, choices_from
from briefings import answers

if TYPE_CHECKING:
    from bot.app import BriefBot


class Troops(commands.Cog):
    """The troop numbers."""

    def __init__(self, bot: BriefBot) -> None:
        self.bot = bot

    @app_commands.command(name="troops")
    @app_commands.guild_only()
    @app_commands.describe(
        country="Country of the deployment (default Syria)",
        as_of="Answer as of this date, YYYY-MM-DD (default today)",
    )
    async def troops(
        self,
        interaction: discord.Interaction,
        country: app_commands.Range[str, 1, 60] = "Syria",
        as_of: DateArg | None = None,
    ) -> None:
        """Current US troop estimate with sources, changes, plans and a chart."""
        # Before deferring: after a public deferral even an error reply would be public.
        answers.check_troops_question(country, as_of)
        await defer(interaction)
        async with self.bot.session() as session:
            answer = await answers.troops(
                session=session, workspace=workspace_of(interaction), country=country, as_of=as_of
            )
        png = await troop_chart(answer, executor=self.bot.executor)
        embed = troops_embed(answer, chart=png is not None)
        files = [discord.File(io.BytesIO(png), filename=CHART_FILENAME)] if png else []
        await send(interaction, embeds=[embed], files=files)

    @troops.autocomplete("country")
    async def country_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice]:
        """Countries the store has troop figures for."""
        return await choices_from(self.bot, interaction, answers.country_choices, current)


async def setup(bot: BriefBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Troops(bot))
