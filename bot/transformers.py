"""Argument parsing for slash commands: bad values become a clear :class:`BadInput` message."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.reply import workspace_of
from briefings.errors import BadInput

if TYPE_CHECKING:
    from bot.app import BriefBot

log = logging.getLogger(__name__)

CHOICE_LIMIT = 25
CHOICE_CHARS = 100


class DateTransformer(app_commands.Transformer):
    """A ``YYYY-MM-DD`` date, or an explanation of how to write one."""

    async def transform(self, interaction: discord.Interaction, value: str, /) -> dt.date:
        """Parse the date; raise :class:`BadInput` with an example when it is not one."""
        return parse_date(value)


def parse_date(value: str) -> dt.date:
    """``YYYY-MM-DD`` to a date, with a message a user can act on."""
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        # Echo only the start: the option has no length limit and the reply must fit in one message.
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise BadInput(f"{shown!r} is not a date: write it as YYYY-MM-DD, for example 2025-04-18.") from None


DateArg = app_commands.Transform[dt.date, DateTransformer]


def choices(names: Iterable[str]) -> list[app_commands.Choice[str]]:
    """Autocomplete choices within Discord's limits (25 choices, 100 characters each)."""
    out: list[app_commands.Choice[str]] = []
    for name in names:
        if len(out) >= CHOICE_LIMIT:
            break
        short = name[:CHOICE_CHARS]
        out.append(app_commands.Choice(name=short, value=short))
    return out


async def choices_from(
    bot: BriefBot,
    interaction: discord.Interaction,
    service: Callable[..., Awaitable[list[str]]],
    current: str,
) -> list[app_commands.Choice[str]]:
    """Autocomplete choices from a ``briefings`` service called with the typed prefix."""
    try:
        async with bot.session() as session:
            names = await service(session=session, workspace=workspace_of(interaction), prefix=current)
    except Exception:
        # An autocomplete cannot show an error message; an empty list keeps the command usable.
        log.exception("autocomplete from %s failed", getattr(service, "__name__", service))
        return []
    return choices(names)
