"""The local console: the bot's commands typed at a prompt and answered as text from the same services.

Lines look like slash commands: ``/troops``, ``/troops as_of:2025-03-01``,
``/said speaker:Whitfield about:ISIS``, ``/latest count:5``, ``/article list``,
``/article show id:3``, ``/article add file:story.txt source:Reuters``. A value
runs until the next ``name:`` so it may contain spaces. The console user is
the local operator, so admin commands need no permission.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
import sys
from concurrent.futures import Executor
from importlib import resources
from pathlib import Path, PurePath
from typing import TextIO

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.render import text as render
from briefings import answers, articles
from briefings.config import Settings
from briefings.errors import BadInput, BriefbotError, NotYet
from briefings.schemas import IngestResult

log = logging.getLogger(__name__)

PROMPT = "briefbot> "
SAID_PAGE = 5
LIST_PAGE = 20
_KEY = re.compile(r"(?:^|\s)([a-z_]+):")


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


def _int(args: dict[str, str], name: str, default: int | None = None) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        if default is None:
            raise BadInput(f"{name}: is required, e.g. {name}:3")
        return default
    try:
        return int(raw)
    except ValueError:
        raise BadInput(f"{name}: must be a whole number, not {raw!r}.") from None


def _no_extra(args: dict[str, str], allowed: set[str]) -> None:
    extra = sorted(set(args) - allowed)
    if extra:
        allowed_text = ", ".join(f"{a}:" for a in sorted(allowed)) or "none"
        raise BadInput(f"Unknown option {extra[0]}: (this command takes {allowed_text}).")


async def run_console_command(
    line: str,
    *,
    session_factory: async_sessionmaker[AsyncSession],
    workspace: str,
    executor: Executor | None = None,
) -> str:
    """Run one console line and return the text to print (domain errors become ``error: ...``)."""
    try:
        return await _dispatch(line, session_factory=session_factory, workspace=workspace, executor=executor)
    except BriefbotError as error:
        return f"error: {error}"


async def _dispatch(
    line: str, *, session_factory: async_sessionmaker[AsyncSession], workspace: str, executor: Executor | None
) -> str:
    words, args = parse_line(line)
    if not words:
        raise BadInput("Type a command after the /, e.g. /troops.")
    name, rest = words[0].lower(), [w.lower() for w in words[1:]]
    async with session_factory() as session:
        out = await _command(name, rest, args, session=session, workspace=workspace, executor=executor)
        await session.commit()
    return out


async def _command(
    name: str,
    rest: list[str],
    args: dict[str, str],
    *,
    session: AsyncSession,
    workspace: str,
    executor: Executor | None,
) -> str:
    if name == "help":
        return render.help_text()
    if name == "troops":
        _no_extra(args, {"country", "as_of", "chart"})
        as_of = _date(args["as_of"]) if args.get("as_of") else None
        answer = await answers.troops(
            session=session, workspace=workspace, country=args.get("country") or "Syria", as_of=as_of
        )
        chart_path = None
        if args.get("chart"):
            from bot.charts import render_troop_chart  # matplotlib: only to draw

            png = await asyncio.get_running_loop().run_in_executor(executor, render_troop_chart, answer)
            if png is not None:
                chart_path = args["chart"]
                await asyncio.to_thread(Path(chart_path).write_bytes, png)
        return render.troops_text(answer, chart_path=chart_path)
    if name == "latest":
        _no_extra(args, {"count"})
        answer = await answers.latest(session=session, workspace=workspace, limit=_int(args, "count", 10))
        return render.latest_text(answer)
    if name == "said":
        _no_extra(args, {"speaker", "about", "page"})
        offset = (max(_int(args, "page", 1), 1) - 1) * SAID_PAGE
        answer = await answers.said(
            session=session,
            workspace=workspace,
            speaker=args.get("speaker") or None,
            about=args.get("about") or None,
            limit=SAID_PAGE,
            offset=offset,
        )
        return render.said_text(answer, offset=offset)
    if name == "article":
        return await _article(rest, args, session=session, workspace=workspace, executor=executor)
    if name == "briefing":
        try:
            from briefings import compose  # type: ignore[attr-defined]
        except ImportError:
            raise NotYet("Briefing previews are not available in this build yet.") from None
        from bot.cogs.subscriptions import preview_lines

        lines = preview_lines(await compose.preview(session=session, workspace=workspace))
        return "\n".join(lines) or "Nothing new to report."
    if name in ("subscribe", "unsubscribe", "subscriptions"):
        raise BadInput("Daily briefings go to Discord channels: use this command in the bot.")
    raise BadInput(f"Unknown command /{name}. Type /help for the list.")


async def _article(
    rest: list[str], args: dict[str, str], *, session: AsyncSession, workspace: str, executor: Executor | None
) -> str:
    sub = rest[0] if rest else ""
    if sub == "list":
        _no_extra(args, {"page"})
        offset = (max(_int(args, "page", 1), 1) - 1) * LIST_PAGE
        found = await articles.list_articles(session=session, workspace=workspace, limit=LIST_PAGE, offset=offset)
        return render.articles_text(found)
    if sub == "show":
        _no_extra(args, {"id"})
        detail = await articles.get_article(session=session, workspace=workspace, article_id=_int(args, "id"))
        return render.article_text(detail)
    if sub == "remove":
        _no_extra(args, {"id"})
        removed = await articles.remove_article(session=session, workspace=workspace, article_id=_int(args, "id"))
        return "Removed " + render.article_line(removed)
    if sub == "add":
        _no_extra(args, {"url", "file", "source", "published", "title"})
        published = _date(args["published"]) if args.get("published") else None
        if args.get("file"):
            from briefings import ingest  # the extractor: only to add an article

            path = args["file"]
            text = await asyncio.to_thread(_read_file, path)
            result = await ingest.ingest_text(
                session=session,
                workspace=workspace,
                text=text,
                source=args.get("source") or PurePath(path).stem,
                published=published,
                title=args.get("title") or None,
                added_by="console",
                found_by="file",
                executor=executor,
            )
            return render.ingest_text(result)
        if args.get("url"):
            raise NotYet("Adding by link is for the bot and `briefbot ingest`; here use /article add file:PATH.")
        raise BadInput("Give file:PATH (and source:NAME), e.g. /article add file:story.txt source:Reuters")
    raise BadInput("Use /article list, /article show id:N, /article remove id:N or /article add file:PATH.")


def _date(value: str) -> dt.date:
    # bot.transformers brings discord.py (a fifth of a second): loaded when a date is typed, not at start.
    from bot.transformers import parse_date

    return parse_date(value)


def _read_file(path: str) -> str:
    from briefings import ingest

    return ingest.read_article_file(Path(path).expanduser())


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
        interactive = stdin.isatty()
        while True:
            if interactive:
                stdout.write(PROMPT)
                stdout.flush()
            # Reading stdin blocks; a thread keeps the loop free.
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line in ("/quit", "/exit", "quit", "exit"):
                break
            say(await run_console_command(line, session_factory=session_factory, workspace=workspace))
    finally:
        await engine.dispose()
    return 0
