"""The console refuses the same bad arguments as the bot, with the same words.

Each case runs once through the real bot (the fake Discord of ``bot_harness``), whose private reply is
the refusal, and once at the console on the same store, whose answer must be ``error: `` and that
reply. Values that Discord's client would not let through (a count out of range, a text too long) are
injected as a schema synced by an older version could let them through.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.console import run_console_command, sample_manifest
from briefings.models import Article
from tests.bot.bot_harness import Harness
from tests.bot.test_article_from_a_file import long_article

# (command, options); a value ("file", name, bytes) is an attachment in the bot and a path at the console.
CASES: list[tuple[str, dict[str, Any]]] = [
    ("troops", {"as_of": "yesterday"}),
    ("troops", {"as_of": "2999-01-01"}),
    ("troops", {"country": "   "}),
    ("said", {"speaker": ""}),
    ("said", {"speaker": "   "}),
    ("said", {"about": "!!!"}),
    ("said", {"speaker": "x" * 150}),
    ("latest", {"count": 500}),
    ("latest", {"count": 0}),
    ("article show", {"id": 999}),
    ("article remove", {"id": 999}),
    ("article list", {"page": 5000}),
    ("article add", {"url": "ftp://news.example.org/story"}),
    ("article add", {"url": "http://127.0.0.1:1/story"}),
    ("article add", {"file": ("file", "story.pdf", b"%PDF-1.7")}),
    ("article add", {"file": ("file", "huge.txt", b"x" * 1_000_001)}),
    ("article add", {"file": ("file", "empty.md", b"")}),
    ("article add", {"file": ("file", "latin1.txt", "Müller said so on Monday.".encode("latin-1"))}),
    ("article add", {"file": ("file", "story.txt", long_article(600).encode()), "url": "https://example.org/a"}),
    ("article add", {"file": ("file", "story.txt", long_article(600).encode()), "published": "2999-01-01"}),
    ("article add", {"file": ("file", "story.txt", long_article(600).encode()), "published": "31/12/2024"}),
    ("feed remove", {"id": 999}),
]


def _console_line(command: str, options: dict[str, Any], tmp_path: Path) -> str:
    parts = [f"/{command}"]
    for name, value in options.items():
        if isinstance(value, tuple):
            _, filename, data = value
            path = tmp_path / filename
            path.write_bytes(data)
            value = path
        parts.append(f"{name}:{value}")
    return " ".join(parts)


def _bot_options(harness: Harness, options: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in options.items():
        if isinstance(value, tuple):
            _, filename, data = value
            value = harness.fake.attachment(filename, data)
        out[name] = value
    return out


async def _articles(harness: Harness) -> int:
    assert harness.bot.session_factory is not None
    async with harness.bot.session_factory() as session:
        return await session.scalar(select(func.count()).select_from(Article)) or 0


@pytest.mark.parametrize(("command", "options"), CASES, ids=[f"{c}-{'-'.join(o)}" for c, o in CASES])
async def test_the_console_refuses_what_the_bot_refuses_in_the_same_words(
    loaded: Harness, tmp_path: Path, command: str, options: dict[str, Any]
) -> None:
    ex = await loaded.invoke(command, **_bot_options(loaded, options))
    assert ex.ephemeral(), f"/{command} answered a refusal in public"
    refusal = ex.last().get("content")
    assert refusal, f"/{command} {options} was not refused: {ex.last()}"

    line = _console_line(command, options, tmp_path)
    answer = await run_console_command(line, session_factory=loaded.bot.session_factory, workspace=loaded.workspace)

    assert answer == f"error: {refusal}"
    assert await _articles(loaded) == len(sample_manifest()), "a refused command stored something"
