"""The command tree as synced, checked against Discord's limits for application commands."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from bot.app import command_payloads
from tests.bot.bot_harness import Harness, iter_option_tree

MAX_GLOBAL_COMMANDS = 100
MAX_OPTIONS = 25
MAX_CHOICES = 25
MAX_COMMAND_CHARS = 4000
SUBCOMMAND_TYPES = (1, 2)


def name_ok(name: str) -> bool:
    """Discord's ``^[-_\\p{L}\\p{N}]{1,32}$``, lowercase where the letter has a lowercase form."""
    if not 1 <= len(name) <= 32 or name != name.lower():
        return False
    return all(ch in "-_" or unicodedata.category(ch)[0] in ("L", "N") for ch in name)


def command_problems(command: dict) -> list[str]:
    """Everything in one command payload that Discord would reject."""
    problems = []
    total = 0
    for node in iter_option_tree(command):
        name, description = node.get("name", ""), node.get("description", "")
        where = f"/{command['name']} {name}" if node is not command else f"/{name}"
        if not name_ok(name):
            problems.append(f"{where}: bad name {name!r}")
        if not 1 <= len(description) <= 100:
            problems.append(f"{where}: description has {len(description)} characters (1-100)")
        options = node.get("options") or []
        if len(options) > MAX_OPTIONS:
            problems.append(f"{where}: {len(options)} options (limit {MAX_OPTIONS})")
        required = [bool(o.get("required")) for o in options if o.get("type") not in SUBCOMMAND_TYPES]
        if required != sorted(required, reverse=True):
            problems.append(f"{where}: a required option follows an optional one")
        names = [o["name"] for o in options]
        if len(set(names)) != len(names):
            problems.append(f"{where}: duplicate option names")
        choices = node.get("choices") or []
        if len(choices) > MAX_CHOICES:
            problems.append(f"{where}: {len(choices)} choices (limit {MAX_CHOICES})")
        if choices and node.get("autocomplete"):
            problems.append(f"{where}: choices and autocomplete together")
        total += len(name) + len(description)
        total += sum(len(c["name"]) + len(str(c["value"])) for c in choices)
    if total > MAX_COMMAND_CHARS:
        problems.append(f"/{command['name']}: {total} characters in all (limit {MAX_COMMAND_CHARS})")
    return problems


def tree_problems(commands: list[dict]) -> list[str]:
    """Problems in the whole tree, including the global command count and name clashes."""
    problems = [p for c in commands for p in command_problems(c)]
    if len(commands) > MAX_GLOBAL_COMMANDS:
        problems.append(f"{len(commands)} global commands (limit {MAX_GLOBAL_COMMANDS})")
    names = [c["name"] for c in commands]
    if len(set(names)) != len(names):
        problems.append("two top-level commands share a name")
    return problems


async def test_synced_tree_is_within_discords_limits(harness: Harness) -> None:
    [sync] = harness.sync_requests()
    assert tree_problems(sync.json) == []


async def test_offline_tree_equals_what_the_bot_syncs(harness: Harness) -> None:
    [sync] = harness.sync_requests()
    assert await command_payloads() == sync.json


async def test_admin_commands_are_hidden_from_members_and_everything_is_guild_only() -> None:
    tree = {c["name"]: c for c in await command_payloads()}
    for admin in ("article", "subscribe", "unsubscribe", "subscriptions", "feed", "alert"):
        # discord.py sends a string for commands and an int for groups; Discord takes both.
        assert str(tree[admin]["default_member_permissions"]) == "32", admin  # Manage Server
    for public in ("troops", "latest", "said", "briefing", "help"):
        assert tree[public]["default_member_permissions"] is None, public
    for name, command in tree.items():
        if name != "help":
            assert command["dm_permission"] is False, name
    assert [o["name"] for o in tree["article"]["options"]] == ["add", "list", "show", "remove", "restore"]


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        ({"name": "Troops", "description": "x"}, "bad name"),
        ({"name": "a b", "description": "x"}, "bad name"),
        ({"name": "x" * 33, "description": "x"}, "bad name"),
        ({"name": "ok", "description": ""}, "description has 0"),
        ({"name": "ok", "description": "d" * 101}, "description has 101"),
        (
            {
                "name": "ok",
                "description": "d",
                "options": [{"name": f"o{i}", "description": "d", "type": 3} for i in range(26)],
            },
            "26 options",
        ),
        (
            {
                "name": "ok",
                "description": "d",
                "options": [
                    {
                        "name": "o",
                        "description": "d",
                        "type": 3,
                        "choices": [{"name": str(i), "value": str(i)} for i in range(26)],
                    }
                ],
            },
            "26 choices",
        ),
        (
            {
                "name": "ok",
                "description": "d",
                "options": [
                    {"name": "a", "description": "d", "type": 3},
                    {"name": "b", "description": "d", "type": 3, "required": True},
                ],
            },
            "required option follows",
        ),
        (
            {
                "name": "ok",
                "description": "d",
                "options": [
                    {
                        "name": f"o{i}",
                        "description": "d" * 100,
                        "type": 3,
                        "choices": [{"name": "n" * 100, "value": "v" * 100} for _ in range(2)],
                    }
                    for i in range(10)
                ],
            },
            "characters in all",
        ),
    ],
)
def test_the_checker_catches_each_limit(command: dict[str, Any], problem: str) -> None:
    assert any(problem in p for p in command_problems(command)), command_problems(command)


def test_the_checker_accepts_unicode_letters_and_counts_commands() -> None:
    assert name_ok("größe") and name_ok("数字-2_x")
    assert any("101 global" in p for p in tree_problems([{"name": f"c{i}", "description": "d"} for i in range(101)]))
