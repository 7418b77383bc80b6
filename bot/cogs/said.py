"""``/said``: who said what, newest first, with buttons to page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands, ui
from discord.ext import commands

from bot.errors import reply_ephemeral, report_error
from bot.render.embeds import said_embed
from bot.reply import defer, edit, send, workspace_of
from bot.transformers import choices_from
from briefings import answers
from briefings.schemas import SaidAnswer

if TYPE_CHECKING:
    from bot.app import BriefBot

# Five statements of up to ~800 characters each stay well inside 6,000 per message.
PAGE_SIZE = 5
PAGER_TIMEOUT = 600.0


class SaidQuery:
    """One ``/said`` search: its filters and the page shown."""

    def __init__(self, *, workspace: str, speaker: str | None, about: str | None, offset: int = 0) -> None:
        self.workspace = workspace
        self.speaker = speaker
        self.about = about
        self.offset = offset

    async def fetch(self, bot: BriefBot) -> SaidAnswer:
        """The current page from the store."""
        async with bot.session() as session:
            return await answers.said(
                session=session,
                workspace=self.workspace,
                speaker=self.speaker,
                about=self.about,
                limit=PAGE_SIZE,
                offset=self.offset,
            )

    def embed(self, answer: SaidAnswer) -> discord.Embed:
        """The page as an embed."""
        return said_embed(answer, offset=self.offset, speaker=self.speaker, about=self.about)


class SaidPager(ui.View):
    """Newer / Older buttons under a ``/said`` answer; only the person who asked can turn pages."""

    def __init__(self, bot: BriefBot, query: SaidQuery, *, owner_id: int, total: int) -> None:
        super().__init__(timeout=PAGER_TIMEOUT)
        self.bot = bot
        self.query = query
        self.owner_id = owner_id
        self.total = total
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.newer.disabled = self.query.offset <= 0
        self.older.disabled = self.query.offset + PAGE_SIZE >= self.total

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Pages change for everyone who sees the message, so only the asker may turn them."""
        if interaction.user.id != self.owner_id:
            await reply_ephemeral(interaction, "Only the person who asked can turn these pages; run /said yourself.")
            return False
        return True

    async def _show(self, interaction: discord.Interaction, offset: int) -> None:
        self.query.offset = max(0, offset)
        answer = await self.query.fetch(self.bot)
        self.total = answer.total
        self._update_buttons()
        await edit(interaction, embeds=[self.query.embed(answer)], view=self)

    @ui.button(label="Newer", emoji="◀", style=discord.ButtonStyle.secondary)
    async def newer(self, interaction: discord.Interaction, button: ui.Button) -> None:
        """The previous (newer) page."""
        await self._show(interaction, self.query.offset - PAGE_SIZE)

    @ui.button(label="Older", emoji="▶", style=discord.ButtonStyle.secondary)
    async def older(self, interaction: discord.Interaction, button: ui.Button) -> None:
        """The next (older) page."""
        await self._show(interaction, self.query.offset + PAGE_SIZE)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: ui.Item[Any], /) -> None:
        """Same wording as the command tree's errors."""
        await report_error(interaction, error)


class Said(commands.Cog):
    """Statements."""

    def __init__(self, bot: BriefBot) -> None:
        self.bot = bot

    @app_commands.command(name="said")
    @app_commands.guild_only()
    @app_commands.describe(
        speaker="Who said it (pick from the list or type a name)", about="Words the statement contains"
    )
    async def said(
        self,
        interaction: discord.Interaction,
        speaker: app_commands.Range[str, 1, 100] | None = None,
        about: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Statements, newest first: the words, the speaker, the date and the source."""
        # Before deferring: after a public deferral even an error reply would be public.
        answers.check_said_question(speaker, about, PAGE_SIZE)
        await defer(interaction)
        query = SaidQuery(workspace=workspace_of(interaction), speaker=speaker, about=about)
        answer = await query.fetch(self.bot)
        embed = query.embed(answer)
        if answer.total > PAGE_SIZE:
            pager = SaidPager(self.bot, query, owner_id=interaction.user.id, total=answer.total)
            await send(interaction, embeds=[embed], view=pager)
        else:
            await send(interaction, embeds=[embed])

    @said.autocomplete("speaker")
    async def speaker_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice]:
        """Speakers in the store whose name starts with what was typed."""
        return await choices_from(self.bot, interaction, answers.speaker_choices, current)


async def setup(bot: BriefBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Said(bot))
