"""/help names every command the bot syncs, so a new command cannot be left out of it."""

from __future__ import annotations

from bot.app import command_payloads
from bot.render.help import HELP


def _names(payloads: list[dict]) -> set[str]:
    names: set[str] = set()
    for cmd in payloads:
        subs = [o for o in cmd.get("options", []) if o.get("type") == 1]  # 1: SUB_COMMAND
        if subs:
            names.update(f"/{cmd['name']} {s['name']}" for s in subs)
        else:
            names.add(f"/{cmd['name']}")
    return names


async def test_help_lists_every_synced_command() -> None:
    # "/article add [url]" documents "/article add"; "/troops [country]" documents "/troops".
    documented = {" ".join(entry.usage.split()[:2]) for entry in HELP} | {entry.usage.split()[0] for entry in HELP}
    missing = sorted(n for n in _names(await command_payloads()) if n not in documented)
    assert missing == []
