"""The Discord bot: the :class:`BriefBot` client and the entry points that own its resources.

:func:`main` makes the engine, the session factory and the HTTP client, hands
them to the bot and closes them when it stops. Cogs are loaded in
``setup_hook``; commands are synced to the development guild on start only when
one is configured, and otherwise only on request (:func:`sync_commands`).
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import asynccontextmanager
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import discord
import httpx
from discord.ext import commands
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import BriefTree
from briefings.config import Settings
from briefings.errors import BadInput

log = logging.getLogger(__name__)

EXTENSIONS: tuple[str, ...] = (
    "bot.cogs.troops",
    "bot.cogs.latest",
    "bot.cogs.said",
    "bot.cogs.articles",
    "bot.cogs.subscriptions",
    "bot.cogs.help",
    "bot.cogs.feeds",
    "bot.cogs.alerts",
    "bot.cogs.review",
)

USER_AGENT = "briefbot/0.1 (+https://github.com/briefbot)"

#: What the bot does with each permission it asks for in its invite link (``briefbot invite``). Replies to
#: slash commands go through the interaction and need none of these; the daily briefings are posted to
#: a channel by the bot itself.
PERMISSIONS: dict[str, str] = {
    "view_channel": "see the channels a briefing is subscribed to",
    "send_messages": "post the daily briefings there",
    "embed_links": "briefings and answers are embeds",
    "attach_files": "the /troops timeline chart is a PNG attached to the answer",
    "read_message_history": "after a crash between claiming and posting a briefing, look for its marker in the "
    "channel before posting again, so it is never posted twice",
}
#: The OAuth2 scopes of the invite: the bot user, and its slash commands.
SCOPES: tuple[str, ...] = ("bot", "applications.commands")


def bot_permissions() -> discord.Permissions:
    """The permissions the bot asks for when invited (see :data:`PERMISSIONS`)."""
    return discord.Permissions(**dict.fromkeys(PERMISSIONS, True))


def invite_url(application_id: int) -> str:
    """The link that adds the bot to a server with its slash commands and :func:`bot_permissions`."""
    return discord.utils.oauth_url(application_id, permissions=bot_permissions(), scopes=SCOPES)


def application_id_of(token: str) -> int:
    """The application id a bot token starts with (its first part is the id, base64-encoded)."""
    import base64

    first = token.split(".", 1)[0]
    try:
        return int(base64.b64decode(first + "=" * (-len(first) % 4), validate=True).decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        raise BadInput("DISCORD_TOKEN does not look like a bot token; give --application-id") from None


class BriefBot(commands.Bot):
    """The bot. Resources are made by the entry point and passed in; the bot only uses them."""

    def __init__(
        self,
        *,
        settings: Settings,
        session_factory: async_sessionmaker[AsyncSession] | None,
        http_client: httpx.AsyncClient | None,
        executor: Executor | None = None,
        sync_on_setup: bool = True,
        **options: Any,
    ) -> None:
        # No message-content intent: the bot works through slash commands only.
        intents = discord.Intents.default()
        # The bot never joins voice: the warning that PyNaCl (voice) is missing says nothing to a host.
        discord.VoiceClient.warn_nacl = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            tree_cls=BriefTree,
            # Article text is quoted back into channels: it must never ping anyone.
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.settings = settings
        self.session_factory = session_factory
        self.http_client = http_client
        self.executor = executor
        self.sync_on_setup = sync_on_setup

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A store session for one command: committed when the block succeeds, rolled back otherwise."""
        if self.session_factory is None:
            raise RuntimeError("the bot was built without a store (offline command tree only)")
        async with self.session_factory() as session:
            yield session
            await session.commit()

    async def load_cogs(self) -> None:
        """Load every feature cog (idempotent)."""
        for name in EXTENSIONS:
            if name not in self.extensions:
                await self.load_extension(name)

    async def setup_hook(self) -> None:
        """Load the cogs; sync to the development guild only when one is configured."""
        await self.load_cogs()
        guild_id = self.settings.dev_guild_id
        if self.sync_on_setup and guild_id:
            synced = await sync_tree(self, guild_id)
            log.info("synced %d commands to development guild %s", synced, guild_id)
        from bot.scheduler import attach_scheduler

        # Daily briefings: jobs rebuilt from the subscriptions table (no-op without a store).
        await attach_scheduler(self)
        from bot.cogs.feeds import attach_feed_polling

        # Feeds: a periodic poll on the scheduler above (or a task of its own without one).
        await attach_feed_polling(self)
        tune_garbage_collector()

    async def close(self) -> None:
        """Stop the feed poll and the briefing scheduler, then close the client."""
        from bot.cogs.feeds import detach_feed_polling
        from bot.scheduler import detach_scheduler

        await detach_feed_polling(self)
        await detach_scheduler(self)
        await super().close()

    async def on_ready(self) -> None:
        """Log who we are; nothing is synced here (ready fires again on every reconnect)."""
        log.info("ready as %s in %d guild(s)", self.user, len(self.guilds))


# Young collections every 50,000 allocations instead of 700, and full ones far more rarely: a burst of
# answers allocates many short-lived objects, and with the defaults the collector stalled the event loop
# for 110-160 ms at a time (bench/bench_load.py: loop lag max 114-160 ms with the defaults, 36-59 ms
# with these; reference counting still frees almost everything at once).
GC_THRESHOLDS = (50_000, 50, 1000)


def tune_garbage_collector() -> None:
    """Freeze the start-up heap and make collections rarer, so they do not stall the event loop."""
    # Everything loaded by now (discord.py, SQLAlchemy, matplotlib, the cogs) lives as long as the
    # process: frozen, full collections no longer walk it.
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


async def sync_tree(bot: BriefBot, guild_id: int | None) -> int:
    """Sync the tree: to one guild (global commands copied in) or globally. Returns the number synced."""
    if guild_id:
        guild = discord.Object(id=guild_id)
        bot.tree.copy_global_to(guild=guild)
        return len(await bot.tree.sync(guild=guild))
    return len(await bot.tree.sync())


async def build_offline_bot(settings: Settings | None = None) -> BriefBot:
    """A bot with every cog loaded and no token, store or network: for printing the tree."""
    bot = BriefBot(
        settings=settings or Settings(discord_token=None, dev_guild_id=None),
        session_factory=None,
        http_client=None,
        sync_on_setup=False,
    )
    await bot.load_cogs()
    return bot


async def command_payloads(settings: Settings | None = None) -> list[dict]:
    """Each global command's ``to_dict(tree)``: the JSON a global sync sends."""
    bot = await build_offline_bot(settings)
    try:
        return [cmd.to_dict(bot.tree) for cmd in bot.tree.get_commands()]
    finally:
        await bot.close()


def command_tree_json() -> list[dict]:
    """The command tree exactly as it would be synced, built offline (``briefbot commands --json``)."""
    return asyncio.run(command_payloads())


def make_http_client() -> httpx.AsyncClient:
    """The HTTP client for fetching articles (the fetcher applies its own safety checks)."""
    # No environment proxies and no automatic redirects: the fetcher checks every address and hop itself.
    return httpx.AsyncClient(
        timeout=httpx.Timeout(20.0), headers={"User-Agent": USER_AGENT}, trust_env=False, follow_redirects=False
    )


def _token(settings: Settings) -> str:
    if settings.discord_token is None:
        raise BadInput("DISCORD_TOKEN is not set; without it, use `briefbot console`.")
    return settings.discord_token.get_secret_value()


async def sync_commands(settings: Settings) -> int:
    """Log in (no gateway), sync the commands to the dev guild if set, else globally; return how many."""
    token = _token(settings)
    async with BriefBot(settings=settings, session_factory=None, http_client=None, sync_on_setup=False) as bot:
        await bot.login(token)
        synced = await sync_tree(bot, settings.dev_guild_id)
    where = f"guild {settings.dev_guild_id}" if settings.dev_guild_id else "all guilds (global)"
    log.info("synced %d commands to %s", synced, where)
    return synced


async def main(settings: Settings) -> None:
    """Run the bot until it is stopped: the entry point makes and closes every resource."""
    from briefings.db import make_engine, make_session_factory, migrate

    token = _token(settings)
    engine = make_engine(settings.database_url, pool_size=settings.db_pool_size)
    executor: ProcessPoolExecutor | None = None
    try:
        await migrate(engine)
        session_factory = make_session_factory(engine)
        # Extraction is CPU work: a separate process keeps it off the event loop and out of its GIL.
        # "spawn" because forking a process that runs an event loop and threads is unsafe.
        executor = ProcessPoolExecutor(max_workers=settings.extract_workers, mp_context=get_context("spawn"))
        async with (
            make_http_client() as http_client,
            BriefBot(
                settings=settings,
                session_factory=session_factory,
                http_client=http_client,
                executor=executor,
                # One process per shard: every process shares the store, and delivery claims keep
                # briefings exactly-once across them.
                shard_id=settings.shard_id,
                shard_count=settings.shard_count,
            ) as bot,
        ):
            await bot.start(token)
    finally:
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        await engine.dispose()


def setup_logging(settings: Settings) -> None:
    """Configure logging for the bot process, unless the caller already did."""
    if not logging.getLogger().handlers:
        discord.utils.setup_logging(level=logging.getLevelName(settings.log_level.upper()), root=True)


def log_to_file(path: str | Path, level: str) -> Path:
    """Send every log record to the file ``path`` instead of where the entry point first sent them."""
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    handler = logging.FileHandler(target, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    return target


def run_bot(settings: Settings) -> None:
    """Blocking entry point of ``briefbot run`` and ``python -m bot``."""
    setup_logging(settings)
    asyncio.run(main(settings))
