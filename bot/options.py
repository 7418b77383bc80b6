"""One check of a command's arguments, for the bot and the console alike.

A command's options are declared once, in its cog (``app_commands.Range``, the
transformers of :mod:`bot.transformers`), and discord.py turns them into the
schema synced to Discord and into :attr:`app_commands.Command.parameters`. Discord's
client enforces that schema before a command reaches the bot, but the console has
no client, and a schema synced by an older version of the bot can let through what
this one no longer accepts. So both front ends run :func:`check_values` on the
values a command receives, against the same parameters, and a refusal reads the
same wherever it came from. What the values mean (a country, a speaker, a date in
the future) is checked by the ``check_*`` functions of ``briefings``, which the
services call themselves.

The console reads its typed text with :func:`read_values`: the same parameters,
the same transformers (a date is read by :func:`bot.transformers.parse_date`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import discord
from discord import app_commands

from briefings.errors import BadInput

Option = app_commands.Parameter
#: The console's own options of a command: name -> (placeholder, what it is).
Extra = Mapping[str, tuple[str, str]]
NO_EXTRA: Extra = MappingProxyType({})
_DISCORD_ONLY_TYPES = (
    discord.AppCommandOptionType.channel,
    discord.AppCommandOptionType.user,
    discord.AppCommandOptionType.role,
    discord.AppCommandOptionType.mentionable,
)


def find_command(tree: app_commands.CommandTree, words: list[str]) -> app_commands.Command:
    """The command a line names (``["article", "show"]`` is ``/article show``), or a refusal naming the choices."""
    if not words:
        raise BadInput("Type a command after the /, e.g. /troops.")
    found: Any = tree.get_command(words[0].lower())
    if found is None:
        raise BadInput(f"Unknown command /{words[0]}. Type /help for the list.")
    for word in words[1:]:
        if not isinstance(found, app_commands.Group):
            raise BadInput(f"/{found.qualified_name} has no subcommand {word!r}; options are written name:value.")
        sub = found.get_command(word.lower())
        if sub is None:
            raise BadInput(f"/{found.qualified_name} has no subcommand {word!r}. {_subcommands(found)}")
        found = sub
    if isinstance(found, app_commands.Group):
        raise BadInput(_subcommands(found))
    return found


def _subcommands(group: app_commands.Group) -> str:
    names = ", ".join(f"/{c.qualified_name}" for c in group.commands)
    return f"Use {names}."


def _bounds(name: str, low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{name} must be between {low:g} and {high:g}"
    if low is not None:
        return f"{name} must be at least {low:g}"
    return f"{name} must be at most {high:g}"


def check_values(command: app_commands.Command, values: Mapping[str, Any]) -> None:
    """Refuse a value outside what the command's option allows (a number's range, a text's length).

    An empty text is left to the command's own check, which says what to do instead
    ("the speaker is empty; leave it out to see everyone").
    """
    for option in command.parameters:
        value = values.get(option.display_name)
        if value is None:
            continue
        low, high = option.min_value, option.max_value
        if option.type is discord.AppCommandOptionType.string and isinstance(value, str):
            if high is not None and len(value) > high:
                raise BadInput(f"{option.display_name} is too long ({len(value):,} characters; at most {high:,})")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if (low is not None and value < low) or (high is not None and value > high):
                raise BadInput(_bounds(option.display_name, low, high))


def _convert(option: Option, raw: str) -> Any:
    kind = option.type
    name = option.display_name
    if kind is discord.AppCommandOptionType.integer:
        try:
            return int(raw)
        except ValueError:
            raise BadInput(f"{name}: must be a whole number, not {raw!r}.") from None
    if kind is discord.AppCommandOptionType.number:
        try:
            return float(raw)
        except ValueError:
            raise BadInput(f"{name}: must be a number, not {raw!r}.") from None
    if kind is discord.AppCommandOptionType.boolean:
        if raw.lower() in ("true", "yes", "1"):
            return True
        if raw.lower() in ("false", "no", "0"):
            return False
        raise BadInput(f"{name}: must be true or false, not {raw!r}.")
    if kind is discord.AppCommandOptionType.attachment:
        # The console's stand-in for an upload: a path on this machine.
        return Path(raw).expanduser()
    if kind in _DISCORD_ONLY_TYPES:
        raise BadInput(f"{name}: is a Discord {kind.name}; use this command in the bot.")
    return raw


async def read_values(
    command: app_commands.Command, raw: Mapping[str, str], *, extra: Mapping[str, object] = NO_EXTRA
) -> dict[str, Any]:
    """Typed console text (``{"count": "5"}``) as the values the command's callback would receive.

    ``extra`` names the console's own options for this command (``chart:``) with a description;
    they are passed through as text. Options left out get their defaults; a required one left out,
    an unknown one, a value of the wrong type or out of range is refused.
    """
    options = {o.display_name: o for o in command.parameters}
    unknown = sorted(set(raw) - set(options) - set(extra))
    if unknown:
        known = ", ".join(f"{n}:" for n in [*options, *extra]) or "none"
        raise BadInput(f"Unknown option {unknown[0]}: (/{command.qualified_name} takes {known}).")
    values: dict[str, Any] = {name: raw[name] for name in extra if name in raw}
    for name, option in options.items():
        if name not in raw:
            if option.required:
                raise BadInput(f"{name}: is required, e.g. /{command.qualified_name} {name}:{_placeholder(option)}")
            values[name] = option.default
            continue
        value = _convert(option, raw[name])
        # The command's own transformer (a date) runs as it does for the bot, with no interaction behind it.
        parameter = command._params[option.name]
        if option.type is not discord.AppCommandOptionType.attachment:
            value = await parameter.transform(None, value)  # type: ignore[arg-type]
        values[name] = value
    check_values(command, values)
    return values


def _placeholder(option: Option) -> str:
    if option.type is discord.AppCommandOptionType.integer:
        return "N"
    if option.type is discord.AppCommandOptionType.attachment:
        return "PATH"
    if "YYYY-MM-DD" in option.description:
        return "YYYY-MM-DD"
    if "HH:MM" in option.description:
        return "HH:MM"
    return option.display_name.upper()




def usage(command: app_commands.Command, extra: Extra = NO_EXTRA) -> str:
    """``/said [speaker:SPEAKER] [about:ABOUT] [page:PAGE]``: how to type the command in the console."""
    parts = [f"/{command.qualified_name}"]
    for option in command.parameters:
        text = f"{option.display_name}:{_placeholder(option)}"
        parts.append(text if option.required else f"[{text}]")
    parts += [f"[{name}:{placeholder}]" for name, (placeholder, _what) in extra.items()]
    return " ".join(parts)


def option_lines(command: app_commands.Command, extra: Extra = NO_EXTRA) -> list[tuple[str, str]]:
    """Each option and what it is, as Discord shows it (the console's own ones after)."""
    out = [(f"{o.display_name}:", o.description) for o in command.parameters]
    out += [(f"{name}:", what) for name, (_placeholder, what) in extra.items()]
    return out


def discord_only(command: app_commands.Command) -> bool:
    """True when the command takes a channel, user or role, which only Discord can give."""
    return any(o.type in _DISCORD_ONLY_TYPES for o in command.parameters)
