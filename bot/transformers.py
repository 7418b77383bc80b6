"""Argument parsing for slash commands: bad values become a clear :class:`BadInput` message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import discord
from discord import app_commands

from briefings.errors import BadInput

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
