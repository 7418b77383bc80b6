"""The one error handler: domain errors become a short ephemeral reply; the rest is logged.

:class:`BriefTree` is the bot's :class:`~discord.app_commands.CommandTree`; its
``on_error`` and the ``on_error`` of the bot's views and modals all call
:func:`report_error`, so every failure is worded in one place.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.limits import CONTENT, truncate
from briefings.errors import BriefbotError

log = logging.getLogger(__name__)

GENERIC = "Something went wrong on our side. It has been logged; please try again later."
NEEDS_MANAGE_GUILD = "You need the Manage Server permission to use this command."


def _domain_error(error: BaseException) -> BriefbotError | None:
    """The :class:`BriefbotError` behind an app-command error (invoke or transformer), if any."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, BriefbotError):
            return current
        seen.add(id(current))
        current = getattr(current, "original", None) or current.__cause__
    return None


def user_message(error: BaseException) -> str | None:
    """The short message a user sees for ``error``; None when it is a bug to log."""
    domain = _domain_error(error)
    if domain is not None:
        return str(domain) or type(domain).__name__
    if isinstance(error, app_commands.MissingPermissions):
        if "manage_guild" in error.missing_permissions:
            return NEEDS_MANAGE_GUILD
        return "You lack a permission this command needs: " + ", ".join(error.missing_permissions)
    if isinstance(error, app_commands.BotMissingPermissions):
        return "I lack a permission this command needs: " + ", ".join(error.missing_permissions)
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works only in a server."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.CheckFailure):
        return "You are not allowed to use this command here."
    if isinstance(error, app_commands.TransformerError):
        return f"I could not read {error.value!r} as a {error.type.name}."
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return "This command is out of date. An admin can refresh the commands with `briefbot sync`."
    return None


async def reply_ephemeral(interaction: discord.Interaction, content: str) -> None:
    """Send ``content`` ephemerally, as the first response or as a followup after a deferral."""
    # Messages can quote what a user typed; Discord refuses content over its limit outright.
    content = truncate(content, CONTENT)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True)
        else:
            await interaction.response.send_message(content, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not send an error reply to interaction %s", interaction.id, exc_info=True)


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Answer a failed interaction: the domain message, or a generic one with the traceback logged."""
    message = user_message(error)
    if message is None:
        command = interaction.command.qualified_name if interaction.command else "?"
        original = getattr(error, "original", error)
        log.error(
            "unhandled error in /%s (interaction %s, guild %s)",
            command,
            interaction.id,
            interaction.guild_id,
            exc_info=(type(original), original, original.__traceback__),
        )
        message = GENERIC
    else:
        log.info("refused /%s: %s", interaction.command.qualified_name if interaction.command else "?", message)
    await reply_ephemeral(interaction, message)


class BadOption(app_commands.CheckFailure):
    """A value outside what its option allows; the :class:`BadInput` behind it is what the user reads."""


class BriefTree(app_commands.CommandTree):
    """The bot's command tree: one check of every command's values, one ``on_error`` for every command."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Check the values against the command's options (:func:`bot.options.check_values`) before it runs.

        Discord's client checks them too, against the schema last synced: this catches a schema synced by
        an older version, and words the refusal as the console does.
        """
        command = interaction.command
        if interaction.type is discord.InteractionType.application_command and isinstance(
            command, app_commands.Command
        ):
            from bot.options import check_values

            try:
                check_values(command, vars(interaction.namespace))
            except BriefbotError as error:
                raise BadOption(str(error)) from error
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        """Map the error to a short ephemeral reply (see :func:`report_error`)."""
        await report_error(interaction, error)
