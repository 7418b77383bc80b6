"""Sending replies: every message is checked against Discord's limits before it leaves.

Cogs call :func:`send` and :func:`edit` instead of the interaction methods, so
:func:`bot.limits.check_message` runs before every send, and a deferred
interaction is answered with a followup without each cog tracking that.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from bot import limits
from briefings.errors import BadInput

log = logging.getLogger(__name__)


def workspace_of(interaction: discord.Interaction) -> str:
    """The workspace of an interaction: its guild id as text."""
    if interaction.guild_id is None:
        raise BadInput("This command works only in a server.")
    return str(interaction.guild_id)


def actor_of(interaction: discord.Interaction) -> str:
    """Who did it, as recorded with stored articles and subscriptions."""
    return f"{interaction.user.name} ({interaction.user.id})"


async def defer(interaction: discord.Interaction, *, ephemeral: bool = False) -> None:
    """Acknowledge within Discord's 3 s when the answer may take longer."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def send(
    interaction: discord.Interaction,
    *,
    content: str | None = None,
    embeds: Sequence[discord.Embed] = (),
    files: Sequence[discord.File] = (),
    view: discord.ui.View | None = None,
    ephemeral: bool = False,
) -> None:
    """Check the message against the limits, then send it as the response or as a followup."""
    limits.check_message(content=content, embeds=embeds)
    kwargs: dict = {"ephemeral": ephemeral}
    if embeds:
        kwargs["embeds"] = list(embeds)
    if files:
        kwargs["files"] = list(files)
    if content is not None:
        kwargs["content"] = content
    if view is not None:
        kwargs["view"] = view
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


async def edit(
    interaction: discord.Interaction,
    *,
    embeds: Sequence[discord.Embed],
    view: discord.ui.View | None = None,
) -> None:
    """Check, then replace the message a component belongs to (paging)."""
    limits.check_message(embeds=embeds)
    await interaction.response.edit_message(embeds=list(embeds), view=view)
