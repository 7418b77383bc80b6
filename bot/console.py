"""The local console: the bot's commands typed at a prompt and answered as text from the same services.

Lines look like slash commands: ``/troops``, ``/troops as_of:2025-03-01``,
``/said speaker:Whitfield about:drawdown``, ``/latest count:5``, ``/article list``,
``/article show id:3``, ``/article add file:story.txt source:Reuters``. A value
runs until the next ``name:`` so it may contain spaces. ``/article add`` with
neither ``file:`` nor ``url:`` asks for the text to be pasted, as the bot opens its
form. The console user is the local operator, so admin commands need no permission.

The console is the bot without Discord: it reads the commands, their options and
their limits from the bot's own command tree (the cogs, loaded offline), reads each
value with the same transformers and :func:`bot.options.check_values`, calls the
same services, and words every refusal with the bot's :func:`bot.errors.user_message`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import re
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import httpx
from discord import app_commands
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import console_review
from bot import options as opts
from bot.charts import render_troop_chart
from bot.cogs import articles as articles_cog
from bot.cogs import said as said_cog
from bot.errors import GENERIC, user_message
from bot.render import text as render
from bot.render.help import ADMIN_NOTE, HELP, HelpEntry
from briefings import answers, articles, feeds, ingest, uploads, web
from briefings.config import Settings
from briefings.errors import BadInput
from briefings.schemas import IngestResult

log = logging.getLogger(__name__)

PROMPT = "briefbot> "
#: A line holding only this ends pasted text (as does the end of input, Ctrl-D).
END_OF_TEXT = "."
#: How the console answers a command that needs Discord's channels.
DISCORD_ONLY = (
    "Daily briefings and alerts go to Discord channels: use this command in the bot "
    "(or `briefbot alert` at the command line for alerts)."
)
_KEY = re.compile(r"(?:^|\s)([a-z_]+):")
#: Where the console logs on a terminal when LOG_FILE is not set.
CONSOLE_LOG = "data/console.log"

# The console's own options, beside those of the bot's commands (the bot shows a chart and turns pages itself).
EXTRA: dict[str, dict[str, tuple[str, str]]] = {
    "troops": {"chart": ("FILE.png", "(console) write the timeline chart to this PNG file")},
    "said": {"page": ("N", "(console) which page of 5 statements, newest first (default 1); Discord has buttons")},
}
# The bot's page sizes, so a page here is a page there.
SAID_PAGE = said_cog.PAGE_SIZE
LIST_PAGE = articles_cog.LIST_SIZE

LineReader = Callable[[], Awaitable[str | None]]
Handler = Callable[["Console", dict[str, Any]], Awaitable[str]]
HANDLERS: dict[str, Handler] = {}


def handles(*names: str) -> Callable[[Handler], Handler]:
    """Register the console's answer to the commands ``names`` (qualified: ``"article add"``)."""

    def register(fn: Handler) -> Handler:
        for name in names:
            HANDLERS[name] = fn
        return fn

    return register


def parse_line(line: str) -> tuple[list[str], dict[str, str]]:
    """``/article show id:3`` -> (["article", "show"], {"id": "3"})."""
    line = line.strip()
    if not line.startswith("/"):
        raise BadInput("Commands start with /, e.g. /troops or /help.")
    body = line[1:]
    keys = list(_KEY.finditer(body))
    head = body[: keys[0].start()] if keys else body
    args: dict[str, str] = {}
    for i, match in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(body)
        name = match.group(1)
        if name in args:
            raise BadInput(f"{name}: is given twice.")
        args[name] = body[match.end() : end].strip()
    return head.split(), args


async def _no_more_input() -> str | None:
    return None


@dataclass
class Console:
    """The console's state: the bot's command tree, the store, and where more input (pasted text) comes from."""

    tree: app_commands.CommandTree
    session_factory: async_sessionmaker[AsyncSession]
    workspace: str
    settings: Settings
    executor: Executor | None = None
    http_client: httpx.AsyncClient | None = None
    read_line: LineReader = _no_more_input
    say: Callable[[str], None] = field(default=lambda text: None)

    async def run(self, line: str) -> str:
        """Run one console line and return the text to print (refusals become ``error: ...``)."""
        try:
            return await self._dispatch(line)
        except Exception as error:
            message = user_message(error)
            if message is None:
                log.error("unhandled error in the console for %r", line, exc_info=error)
                message = GENERIC
            return f"error: {message}"

    async def _dispatch(self, line: str) -> str:
        words, raw = parse_line(line)
        if len(words) == 2 and words[0].lower() == "review" and words[1].lower() in console_review.VERBS:
            # Approve, reject and edit are buttons in Discord; at the prompt they are typed.
            return await console_review.verb(self, words[1].lower(), raw)
        command = opts.find_command(self.tree, words)
        handler = HANDLERS.get(command.qualified_name)
        if handler is None:
            if opts.discord_only(command):
                raise BadInput(DISCORD_ONLY)
            raise BadInput(f"/{command.qualified_name} is not in the console yet; use it in the bot.")
        values = await opts.read_values(command, raw, extra=EXTRA.get(command.qualified_name, {}))
        return await handler(self, values)

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """One unit of work, committed when the block succeeds."""
        async with self.session_factory() as session, session.begin():
            yield session

    def help_text(self) -> str:
        """``/help`` for the console: every command with the options typed here, what each is, and an example."""
        out = [
            "Commands (type them as in Discord; a value runs to the next name:, so it may contain spaces):",
        ]
        for command in sorted(_walk(self.tree), key=_help_order):
            name = command.qualified_name
            entry = help_entry(name)
            extra = EXTRA.get(name, {})
            flags = []
            if entry is not None and entry.admin:
                flags.append("admin")
            if HANDLERS.get(name) in (None, _discord_only):
                flags.append("in Discord only")
            out.append(f"  {opts.usage(command, extra)}" + (f"  ({', '.join(flags)})" if flags else ""))
            out.append(f"      {entry.what if entry else command.description}")
            for option, what in opts.option_lines(command, extra):
                if name == "article add" and option == "file:":
                    what = "a path to the article's file (.txt, .md or .html) on this machine"
                out.append(f"      {option:<12} {what}")
            if entry is not None:
                out.append(f"      e.g. {entry.example}")
        out += [
            ADMIN_NOTE + " Here, at the console, they are yours.",
            f"/article add with no file: or url: asks for the text: paste it, then a line with only {END_OF_TEXT}",
            "Leave with /quit, Ctrl-D or Ctrl-C.",
        ]
        return "\n".join(out)


def help_entry(name: str) -> HelpEntry | None:
    """The bot's ``/help`` entry of the command ``name`` (``"article add"``), if it has one."""
    return next((e for e in HELP if (e.usage + " ").startswith(f"/{name} ")), None)


def _help_order(command: app_commands.Command) -> int:
    entry = help_entry(command.qualified_name)
    return HELP.index(entry) if entry is not None else len(HELP)


def _walk(tree: app_commands.CommandTree) -> list[app_commands.Command]:
    out: list[app_commands.Command] = []
    for top in tree.get_commands():
        if isinstance(top, app_commands.Group):
            out += [c for c in top.walk_commands() if isinstance(c, app_commands.Command)]
        elif isinstance(top, app_commands.Command):
            out.append(top)
    return out


def _page(values: dict[str, Any], name: str = "page") -> int:
    raw = values.get(name)
    if raw is None or raw == "":
        return 1
    try:
        page = int(raw)
    except ValueError:
        raise BadInput(f"{name}: must be a whole number, not {raw!r}.") from None
    if page < 1:
        raise BadInput(f"{name} must be at least 1")
    return page


# ------------------------------------------------------------------ the commands


@handles("help")
async def _help(c: Console, v: dict[str, Any]) -> str:
    return c.help_text()


@handles("troops")
async def _troops(c: Console, v: dict[str, Any]) -> str:
    answers.check_troops_question(v["country"], v["as_of"])
    async with c.session() as session:
        answer = await answers.troops(session=session, workspace=c.workspace, country=v["country"], as_of=v["as_of"])
    chart_path = None
    if v.get("chart"):
        png = await asyncio.get_running_loop().run_in_executor(c.executor, render_troop_chart, answer)
        if png is not None:
            chart_path = v["chart"]
            await asyncio.to_thread(_write, chart_path, png)
    return render.troops_text(answer, chart_path=chart_path)


def _write(path: str, data: bytes) -> None:
    Path(path).expanduser().write_bytes(data)


@handles("latest")
async def _latest(c: Console, v: dict[str, Any]) -> str:
    async with c.session() as session:
        answer = await answers.latest(session=session, workspace=c.workspace, limit=v["count"])
    return render.latest_text(answer)


@handles("said")
async def _said(c: Console, v: dict[str, Any]) -> str:
    offset = (_page(v) - 1) * SAID_PAGE
    # The bot's check, before any work: an empty speaker: is refused here as in Discord.
    answers.check_said_question(v["speaker"], v["about"], SAID_PAGE, offset)
    async with c.session() as session:
        answer = await answers.said(
            session=session,
            workspace=c.workspace,
            speaker=v["speaker"],
            about=v["about"],
            limit=SAID_PAGE,
            offset=offset,
        )
    filters = "".join(f" {name}:{v[name]}" for name in ("speaker", "about") if v[name] is not None)
    return render.said_text(answer, offset=offset, next_page=f"/said{filters} page:{offset // SAID_PAGE + 2}")


@handles("article list")
async def _article_list(c: Console, v: dict[str, Any]) -> str:
    offset = (v["page"] - 1) * LIST_PAGE
    off_topic = bool(v.get("off_topic"))
    async with c.session() as session:
        found = await articles.list_articles(
            session=session, workspace=c.workspace, limit=LIST_PAGE, offset=offset, off_topic=off_topic
        )
    more = None
    if len(found) == LIST_PAGE:
        more = f"/article list page:{v['page'] + 1}" + (" off_topic:true" if off_topic else "")
    return render.articles_text(found, next_page=more, off_topic=off_topic)


@handles("article restore")
async def _article_restore(c: Console, v: dict[str, Any]) -> str:
    async with c.session() as session:
        result = await articles.restore_article(
            session=session, workspace=c.workspace, article_id=v["id"], executor=c.executor
        )
    return render.restored_text(result)


@handles("article show")
async def _article_show(c: Console, v: dict[str, Any]) -> str:
    async with c.session() as session:
        detail = await articles.get_article(session=session, workspace=c.workspace, article_id=v["id"])
    return render.article_text(detail)


@handles("article remove")
async def _article_remove(c: Console, v: dict[str, Any]) -> str:
    async with c.session() as session:
        removed = await articles.remove_article(session=session, workspace=c.workspace, article_id=v["id"])
    return "Removed " + render.article_line(removed)


@handles("article add")
async def _article_add(c: Console, v: dict[str, Any]) -> str:
    path: Path | None = v["file"]
    uploads.check_article_origin(v["url"], str(path) if path is not None else None)
    if path is not None:
        data = await asyncio.to_thread(_read_upload, path)
        async with c.session() as session:
            result = await uploads.ingest_upload(
                session=session, workspace=c.workspace, filename=path.name, data=data, source=v["source"],
                title=v["title"], published=v["published"], added_by="console", executor=c.executor,
            )
        return render.ingest_text(result)
    if v["url"] is not None:
        async with _client(c) as client, c.session() as session:
            result = await web.ingest_url(
                session=session, workspace=c.workspace, url=v["url"].strip(), source=v["source"], title=v["title"],
                published=v["published"], added_by="console", client=client, settings=c.settings, executor=c.executor,
            )
        return render.ingest_text(result)
    # As the bot opens its form, which asks for the outlet too: the text is pasted.
    if not (v["source"] or "").strip():
        raise BadInput("give the outlet with source:NAME, e.g. /article add source:Reuters, then paste the text")
    c.say(f"Paste the article's text, then a line with only {END_OF_TEXT} (or Ctrl-D):")
    text = await _pasted_text(c.read_line)
    if not text.strip():
        raise BadInput("no text was pasted; nothing was stored")
    async with c.session() as session:
        result = await ingest.ingest_text(
            session=session, workspace=c.workspace, text=text, source=v["source"], title=v["title"],
            published=v["published"], added_by="console", found_by="pasted", executor=c.executor,
        )
    return render.ingest_text(result)


async def _pasted_text(read_line: LineReader) -> str:
    lines = []
    while True:
        line = await read_line()
        if line is None or line.rstrip("\r\n") == END_OF_TEXT:
            # The line ends typed to close the paste are not part of the text.
            return "".join(lines).rstrip("\r\n")
        lines.append(line if line.endswith("\n") else line + "\n")


def _read_upload(path: Path) -> bytes:
    """A file's bytes, its name and size checked first as an upload's are."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BadInput(f"file not found: {path}") from None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None
    if path.is_dir():
        raise BadInput(f"{path} is a directory, not an article file")
    uploads.check_upload(path.name, size)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None


@contextlib.asynccontextmanager
async def _client(c: Console) -> AsyncIterator[httpx.AsyncClient]:
    if c.http_client is not None:
        yield c.http_client
        return
    from bot.app import make_http_client

    async with make_http_client() as client:
        yield client


@handles("feed add")
async def _feed_add(c: Console, v: dict[str, Any]) -> str:
    async with _client(c) as client, c.session() as session:
        info = await feeds.add_feed(
            session=session, workspace=c.workspace, url=v["url"].strip(), settings=c.settings, source=v["source"],
            added_by="console", max_items=v["max_items"], client=client, executor=c.executor,
        )
    return f"Following feed #{info.id}: {info.title or '(untitled)'} <{info.url}>"


@handles("feed list")
async def _feed_list(c: Console, v: dict[str, Any]) -> str:
    from bot.cli import feeds_text

    async with c.session() as session:
        return feeds_text(await feeds.list_feeds(session=session, workspace=c.workspace))


@handles("feed remove")
async def _feed_remove(c: Console, v: dict[str, Any]) -> str:
    async with c.session() as session:
        info = await feeds.remove_feed(session=session, workspace=c.workspace, feed_id=v["id"])
    return f"Stopped following feed #{info.id}: {info.title or '(untitled)'} <{info.url}>; its articles stay."


@handles("feed edit")
async def _feed_edit(c: Console, v: dict[str, Any]) -> str:
    async with c.session() as session:
        info = await feeds.edit_feed(
            session=session, workspace=c.workspace, feed_id=v["id"], source=v.get("source"),
            max_items=v.get("max_items"), include=v.get("include"), exclude=v.get("exclude"),
        )
    return f"Feed #{info.id} now: " + _feed_words(info)


@handles("feed pause")
async def _feed_pause(c: Console, v: dict[str, Any]) -> str:
    async with c.session() as session:
        info = await feeds.pause_feed(session=session, workspace=c.workspace, feed_id=v["id"])
    return f"Paused feed #{info.id}: {info.title or info.url} (/feed resume id:{info.id} checks it again)."


@handles("feed resume")
async def _feed_resume(c: Console, v: dict[str, Any]) -> str:
    async with c.session() as session:
        info = await feeds.resume_feed(session=session, workspace=c.workspace, feed_id=v["id"])
    return f"Feed #{info.id} will be checked again: {info.title or info.url}."


def _feed_words(info: Any) -> str:
    from bot.cli import feeds_text

    return feeds_text([info])


@handles("review queue")
async def _review_queue(c: Console, v: dict[str, Any]) -> str:
    return await console_review.queue(c)


@handles("review log")
async def _review_log(c: Console, v: dict[str, Any]) -> str:
    return await console_review.log_text(c)


@handles("fact remove")
async def _fact_remove(c: Console, v: dict[str, Any]) -> str:
    return await console_review.remove(c, str(v["id"]))


@handles("subscribe", "unsubscribe", "subscriptions", "alert list", "alert remove")
async def _discord_only(c: Console, v: dict[str, Any]) -> str:
    raise BadInput(DISCORD_ONLY)


@handles("briefing")
async def _briefing(c: Console, v: dict[str, Any]) -> str:
    from bot.render.briefing import briefing_text
    from briefings import compose

    async with c.session() as session:
        preview = await compose.preview(session=session, workspace=c.workspace, timezone=c.settings.default_timezone)
    return briefing_text(preview.briefing, timezone=preview.timezone, local_day=preview.local_day)


# ------------------------------------------------------------------ running it


_TREE: app_commands.CommandTree | None = None


async def command_tree() -> app_commands.CommandTree:
    """The bot's command tree, built once offline (no token, store or network)."""
    global _TREE
    if _TREE is None:
        from bot.app import build_offline_bot

        bot = await build_offline_bot()
        _TREE = bot.tree
    return _TREE


async def run_console_command(
    line: str,
    *,
    session_factory: async_sessionmaker[AsyncSession],
    workspace: str,
    executor: Executor | None = None,
    settings: Settings | None = None,
    pasted: str | None = None,
) -> str:
    """Run one console line and return the text to print; ``pasted`` is what the user would paste after it."""
    lines = iter((pasted or "").splitlines(keepends=True))

    async def read_line() -> str | None:
        return next(lines, None)

    console = Console(
        tree=await command_tree(),
        session_factory=session_factory,
        workspace=workspace,
        settings=settings or Settings(_env_file=None),  # type: ignore[call-arg]
        executor=executor,
        read_line=read_line,
    )
    return await console.run(line)


def sample_manifest() -> list[dict]:
    """The packaged sample articles' manifest entries."""
    raw = resources.files("bot.samples").joinpath("manifest.json").read_text(encoding="utf-8")
    return json.loads(raw)


async def store_samples(
    *, session_factory: async_sessionmaker[AsyncSession], workspace: str, executor: Executor | None = None
) -> list[IngestResult]:
    """Store the packaged sample articles in ``workspace`` (already stored ones are reported, not doubled)."""
    from briefings import ingest

    folder = resources.files("bot.samples")
    results = []
    for entry in sample_manifest():
        text = folder.joinpath(entry["path"]).read_text(encoding="utf-8")
        async with session_factory() as session:
            results.append(
                await ingest.ingest_text(
                    session=session,
                    workspace=workspace,
                    text=text,
                    source=entry["source"],
                    published=dt.date.fromisoformat(entry["published"]),
                    url=entry.get("url"),
                    title=entry.get("title"),
                    added_by="samples",
                    found_by="sample",
                    executor=executor,
                )
            )
            await session.commit()
    return results


def _wake(ready: asyncio.Future[None]) -> None:
    if not ready.done():
        ready.set_result(None)


def line_reader(stdin: TextIO) -> LineReader:
    """Read lines without a thread where stdin is a real file or terminal, so Ctrl-C stops the console at once.

    A thread blocked in ``readline`` would hold the interpreter at exit until Enter is pressed; the
    event loop's reader wakes only when a line is there.
    """
    try:
        fd = stdin.fileno()
    except (AttributeError, OSError, ValueError):
        # A StringIO (tests) never blocks.
        async def read_plain() -> str | None:
            return stdin.readline() or None

        return read_plain

    buffer = bytearray()
    eof = False
    # Regular files and /dev/null cannot be waited on (epoll refuses them), and never block.
    pollable = True

    async def read_fd() -> str | None:
        nonlocal eof, pollable
        loop = asyncio.get_running_loop()
        while b"\n" not in buffer and not eof:
            if pollable:
                ready: asyncio.Future[None] = loop.create_future()
                try:
                    loop.add_reader(fd, _wake, ready)
                except OSError:
                    pollable = False
                else:
                    try:
                        await ready
                    finally:
                        loop.remove_reader(fd)
            chunk = os.read(fd, 65536)
            if chunk:
                buffer.extend(chunk)
            else:
                eof = True
        if not buffer:
            return None
        end = buffer.find(b"\n")
        end = len(buffer) if end < 0 else end + 1
        line = bytes(buffer[:end])
        del buffer[:end]
        return line.decode("utf-8", errors="replace")

    return read_fd


def configure_console_logging(settings: Settings, level: str, *, stderr: TextIO = sys.stderr) -> Path | None:
    """Keep the log out of the answers: to ``LOG_FILE``, or to data/console.log when standard error is a terminal.

    Returns the file logged to, or None when the log stays on a redirected standard error.
    """
    from bot.app import log_to_file

    if settings.log_file:
        return log_to_file(settings.log_file, level)
    if stderr.isatty():
        return log_to_file(CONSOLE_LOG, level)
    return None


async def run_console(
    settings: Settings,
    *,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    load_samples: bool | None = None,
) -> int:
    """The interactive console on ``settings.database_url``; returns an exit code.

    ``load_samples``: True stores the sample articles (those already stored are
    not doubled), False never does, None (the default) stores them when the
    workspace has no articles yet.
    """
    from briefings.db import make_engine, make_session_factory, migrate

    workspace = settings.default_workspace
    engine = make_engine(settings.database_url, pool_size=settings.db_pool_size)
    interactive = stdin.isatty()
    read_line = line_reader(stdin)

    def say(text: str) -> None:
        stdout.write(text + "\n")
        stdout.flush()

    try:
        await migrate(engine)
        session_factory = make_session_factory(engine)
        if load_samples is None:
            async with session_factory() as session:
                load_samples = not await articles.list_articles(session=session, workspace=workspace, limit=1)
        if load_samples:
            loaded = await store_samples(session_factory=session_factory, workspace=workspace)
            new = sum(r.created for r in loaded)
            say(f"Sample articles: {new} stored, {len(loaded) - new} already there (see /article list).")
        say("briefbot console: type /help for the commands, /quit to leave.")
        console = Console(
            tree=await command_tree(),
            session_factory=session_factory,
            workspace=workspace,
            settings=settings,
            read_line=read_line,
            say=say,
        )
        while True:
            if interactive:
                stdout.write(PROMPT)
                stdout.flush()
            line = await read_line()
            if line is None:
                break
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line in ("/quit", "/exit", "quit", "exit"):
                break
            say(await console.run(line))
    finally:
        await engine.dispose()
    return 0
