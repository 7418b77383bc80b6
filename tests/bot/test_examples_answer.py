"""Every example in ``/help`` and in the README gives a real answer on the sample articles.

The examples are read from where users read them (``bot.render.help.HELP``, whatever it lists, and the
``briefbot> /...`` lines of README.md) and run in that order, as a user going down the list would, on a
store holding the six sample articles (one off-topic), extracted for real: through the real bot (the fake Discord of
``bot_harness``) and at the console. An answer counts when it is not a refusal and not one of the
"nothing here" answers. Links in examples (``url:https://example.org/...``) are served by a small site
on 127.0.0.1: every host resolves there and the connection, pinned to that address, goes to its port.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import httpx
import pytest
from aiohttp import web

from bot.app import BriefBot
from bot.console import DISCORD_ONLY, Console, command_tree, parse_line, store_samples
from bot.options import find_command
from bot.render.help import HELP
from briefings.config import Settings
from tests.bot.bot_harness import FakeDiscord, Harness, bot_settings, next_guild, serve_local
from tests.conftest import Store
from tests.web.web_sites import OUTPOST, RSS, article_html, rss

README = Path(__file__).resolve().parents[2] / "README.md"
#: What the bot and the console answer when there is nothing to show: not a real answer.
NOTHING = (
    "no statements match",
    "no statements stored",
    "nothing stored yet",
    "no troop figure is stored",
    "no articles stored",
    "no feeds",
    "no channel gets a briefing",
    "nothing new to report",
    "nothing here",
)


def help_examples() -> list[str]:
    return [entry.example for entry in HELP]


def readme_examples() -> list[str]:
    return re.findall(r"^briefbot> (/.+)$", README.read_text(encoding="utf-8"), flags=re.MULTILINE)


def test_the_readme_has_console_examples() -> None:
    assert len(readme_examples()) >= 5


class LocalSite:
    """Any page asked for: an article (a feed for ``.xml``), on 127.0.0.1."""

    def __init__(self) -> None:
        self.port = 0
        self.runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.Response:
        if request.path.endswith(".xml"):
            link = f"http://{request.host}/news/outpost"
            body = rss("Example News", [("g-1", link, "Outpost shrinks", "Mon, 11 Mar 2024 08:00:00 GMT")])
            return web.Response(text=body, content_type=RSS.split(";")[0], charset="utf-8")
        page = article_html("Outpost shrinks", OUTPOST, published="2024-03-11")
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    async def __aenter__(self) -> LocalSite:
        self.runner, base = await serve_local(self.handle)
        self.port = int(base.split(":")[2].split("/")[0])
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


class ToLocalSite(httpx.AsyncBaseTransport):
    """Sends what the fetcher pinned to 127.0.0.1 (every host resolves there) to the local site's port, over http."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert request.url.host == "127.0.0.1", f"the fetcher connected to {request.url.host}"
        request.url = request.url.copy_with(scheme="http", port=self.port)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
async def site_client(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client whose every fetch reaches the local site."""
    import briefings.fetch

    async def resolve(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    monkeypatch.setattr(briefings.fetch, "system_resolver", resolve)
    async with LocalSite() as site, httpx.AsyncClient(transport=ToLocalSite(site.port), trust_env=False) as client:
        yield client


def _nothing(text: str) -> str | None:
    low = text.lower()
    return next((n for n in NOTHING if n in low), None)


async def _samples(store: Store, workspace: str) -> None:
    results = await store_samples(session_factory=store.factory, workspace=workspace)
    assert all(r.created for r in results)


@pytest.mark.parametrize("source", ["help", "readme"])
async def test_every_example_answers_at_the_console(
    source: str, sqlite_store: Store, site_client: httpx.AsyncClient
) -> None:
    workspace = str(next_guild())
    await _samples(sqlite_store, workspace)
    console = Console(
        tree=await command_tree(),
        session_factory=sqlite_store.factory,
        workspace=workspace,
        settings=Settings(_env_file=None, allow_private_hosts=True),  # type: ignore[call-arg]
        http_client=site_client,
    )
    examples = help_examples() if source == "help" else readme_examples()
    assert examples
    for example in examples:
        answer = await console.run(example)
        if answer == f"error: {DISCORD_ONLY}":
            continue  # a channel's briefing: the bot's test below runs it
        assert answer.strip() and not answer.startswith("error:"), f"{example} -> {answer}"
        assert _nothing(answer) is None, f"{example} answers nothing: {answer}"


def _options(harness: Harness, example: str) -> tuple[str, dict[str, Any]]:
    words, raw = parse_line(example)
    command = find_command(harness.bot.tree, words)
    types = {p.display_name: p.type for p in command.parameters}
    options: dict[str, Any] = {}
    for name, value in raw.items():
        assert name in types, f"{example}: /{command.qualified_name} has no option {name} in Discord"
        if types[name] is discord.AppCommandOptionType.integer:
            options[name] = int(value)
        elif types[name] is discord.AppCommandOptionType.channel:
            # "channel:#news": a text channel of the test guild (the harness puts it in the bot's cache).
            options[name] = 4242
        else:
            options[name] = value
    return command.qualified_name, options


@pytest.mark.parametrize("source", ["help", "readme"])
async def test_every_example_answers_in_discord(
    source: str,
    fake_discord: FakeDiscord,
    sqlite_store: Store,
    site_client: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    guild_id = next_guild()
    settings = bot_settings(guild_id, allow_private_hosts=True)
    async with BriefBot(settings=settings, session_factory=sqlite_store.factory, http_client=site_client) as bot:
        await bot.login("fake-token")
        harness = Harness(bot, fake_discord, guild_id)
        await _samples(sqlite_store, harness.workspace)
        examples = help_examples() if source == "help" else readme_examples()
        for example in examples:
            if example.startswith("/said") and "page:" in example:
                continue  # the console's option; Discord turns pages with buttons
            name, options = _options(harness, example)
            caplog.clear()
            with caplog.at_level("INFO", logger="bot.errors"):
                ex = await harness.invoke(name, **options)
            # Every refusal and failure of a command goes through bot.errors.report_error, which logs it.
            assert not caplog.records, f"{example} -> {[r.getMessage() for r in caplog.records]}"
            last = ex.last()
            shown = json.dumps([last.get("content"), last.get("embeds")], ensure_ascii=False)
            assert last.get("content") or last.get("embeds"), f"{example} sent an empty message"
            assert _nothing(shown) is None, f"{example} answers nothing: {shown[:500]}"
