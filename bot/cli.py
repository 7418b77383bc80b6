"""The ``briefbot`` command line: the verbs of ../shared/eval/SCHEMA.md and the admin verbs.

Output is JSON with ``--json`` (or whenever standard output is not a terminal,
unless ``--text`` is given), otherwise text for people. Exit codes: 0 ok,
1 an unexpected failure, 2 bad input (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from pydantic import BaseModel, ValidationError

from bot.cli_review import add_parsers as review_parsers
from bot.cli_review import cmd_review
from briefings.config import Settings
from briefings.errors import BadInput, BriefbotError

log = logging.getLogger(__name__)
T = TypeVar("T")

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see --help)\n")


def iso_date(value: str) -> dt.date:
    """Parse a ``YYYY-MM-DD`` argument."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad date {value!r}: use YYYY-MM-DD") from None


def iso_datetime(value: str) -> dt.datetime:
    """Parse an ISO date or date-time argument; one without an offset is taken as UTC."""
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad time {value!r}: use e.g. 2025-04-18T08:00+02:00 or 2025-04-18") from None
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when


def _not_future(day: dt.date | None, what: str) -> dt.date | None:
    if day is not None and day > dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1):
        raise BadInput(f"the {what} {day.isoformat()} is in the future")
    return day


def _output_group(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", dest="fmt", action="store_const", const="json", help="print JSON")
    g.add_argument("--text", dest="fmt", action="store_const", const="text", help="print text for people")


def build_parser() -> argparse.ArgumentParser:
    """The full ``briefbot`` argument parser."""
    # The global options are accepted before and after the verb; SUPPRESS keeps a
    # sub-parser from overwriting a value given before the verb with its default.
    common = argparse.ArgumentParser(add_help=False)
    for flag, metavar, text in (
        ("--db", "URL", "database URL (default: DATABASE_URL or ./data/briefbot.db)"),
        ("--workspace", "NAME", "workspace (default: DEFAULT_WORKSPACE, 'cli')"),
        ("--log-level", "LEVEL", "logging level (default: LOG_LEVEL)"),
    ):
        common.add_argument(flag, metavar=metavar, default=argparse.SUPPRESS, help=text)

    p = _Parser(
        prog="briefbot", description=__doc__, parents=[common], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)

    sub.add_parser("start", parents=[common], help="the main job: the bot with a token, else the console")
    sub.add_parser("run", parents=[common], help="run the Discord bot (needs DISCORD_TOKEN)")
    con = sub.add_parser("console", parents=[common], help="the slash commands at a local prompt, without Discord")
    con.add_argument("--no-samples", action="store_true", help="do not load the sample articles into an empty store")
    sub.add_parser("sync", parents=[common], help="sync slash commands with Discord (globally, or DEV_GUILD_ID)")
    cmds = sub.add_parser("commands", parents=[common], help="print the command tree as it would be synced")
    _output_group(cmds)
    sub.add_parser("migrate", parents=[common], help="apply database migrations and exit")
    inv = sub.add_parser("invite", parents=[common], help="print the link that adds the bot to a server")
    inv.add_argument("--application-id", type=int, metavar="ID", help="default: read from DISCORD_TOKEN")
    _output_group(inv)

    ex = sub.add_parser("extract", parents=[common], help="extract one article's facts; stores nothing")
    ex.add_argument("file", type=Path)
    ex.add_argument("--published", type=iso_date, required=True, metavar="YYYY-MM-DD")
    _output_group(ex)

    ing = sub.add_parser("ingest", parents=[common], help="store articles with their facts")
    ing.add_argument("file", type=Path, nargs="?", help="an article text file")
    ing.add_argument("--manifest", type=Path, help="a JSON list of {path, published, source, url}")
    ing.add_argument("--url", help="fetch an article from the web")
    ing.add_argument("--published", type=iso_date, metavar="YYYY-MM-DD")
    ing.add_argument("--source", help="the outlet's name, e.g. AP")
    ing.add_argument("--title")
    ing.add_argument("--stop-on-error", action="store_true", help="with --manifest: stop at the first bad entry")
    _output_group(ing)

    art = sub.add_parser("articles", parents=[common], help="list, show, remove or restore stored articles")
    art_sub = art.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    al = art_sub.add_parser("list", parents=[common])
    al.add_argument("--limit", type=int, default=50)
    al.add_argument("--offset", type=int, default=0)
    al.add_argument("--off-topic", action="store_true", help="the articles stored as off-topic (facts not used)")
    _output_group(al)
    for name in ("show", "remove", "restore"):
        a = art_sub.add_parser(name, parents=[common])
        a.add_argument("id", type=int)
        _output_group(a)

    fd = sub.add_parser("feed", parents=[common], help="follow RSS/Atom feeds: add, list, edit, pause, resume, ...")
    fd_sub = fd.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    fa = fd_sub.add_parser("add", parents=[common], help="follow a feed (it is fetched once to check it)")
    fa.add_argument("url")
    fa.add_argument("--source", help="the outlet's name for its articles (default: each page's site name)")
    fa.add_argument("--max-items", type=int, default=10, metavar="N", help="items fetched per check (default 10)")
    fe = fd_sub.add_parser("edit", parents=[common], help="change a feed's source, items per check or keywords")
    fe.add_argument("id", type=int)
    fe.add_argument("--source", help="the outlet's name for its articles (- for each page's site name)")
    fe.add_argument("--max-items", type=int, metavar="N", help="items fetched per check")
    for parser in (fa, fe):
        parser.add_argument("--include", metavar="WORDS", help="keep only items with one of these words, a,b,c")
        parser.add_argument("--exclude", metavar="WORDS", help="leave out items with any of these words")
        _output_group(parser)
    _output_group(fd_sub.add_parser("list", parents=[common], help="the feeds followed"))
    for name, text in (("remove", "stop following a feed"), ("pause", "stop checking a feed for now"),
                       ("resume", "check a paused feed again")):
        fr = fd_sub.add_parser(name, parents=[common], help=text)
        fr.add_argument("id", type=int)
        _output_group(fr)
    fp = fd_sub.add_parser("poll", parents=[common], help="check the due feeds now and ingest their new items")
    fp.add_argument("--force", action="store_true", help="check every feed, due or not")
    _output_group(fp)

    alert = sub.add_parser("alert", parents=[common], help="post in a channel when the troop figure moves")
    alert_sub = alert.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    aa = alert_sub.add_parser("add", parents=[common], help="alert a channel (the running bot posts)")
    aa.add_argument("--channel", type=int, required=True, metavar="CHANNEL_ID")
    aa.add_argument("--threshold", type=int, metavar="N", help="only when the figure crosses N troops")
    _output_group(aa)
    _output_group(alert_sub.add_parser("list", parents=[common], help="the alerts"))
    ar = alert_sub.add_parser("remove", parents=[common], help="stop an alert")
    ar.add_argument("id", type=int)
    _output_group(ar)

    ask = sub.add_parser("ask", parents=[common], help="answer from the fact store")
    ask_sub = ask.add_subparsers(dest="question", metavar="QUESTION", required=True, parser_class=_Parser)
    tr = ask_sub.add_parser("troops", parents=[common], help="troop level now (or as of a date) and timeline")
    tr.add_argument("--country", default="Syria")
    tr.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD")
    _output_group(tr)
    la = ask_sub.add_parser("latest", parents=[common], help="newest developments first")
    la.add_argument("--count", type=int, default=10)
    _output_group(la)
    sa = ask_sub.add_parser("said", parents=[common], help="who said what, newest first")
    sa.add_argument("--speaker")
    sa.add_argument("--about")
    sa.add_argument("--count", type=int, help="how many (default 10; with --json every match, up to 100)")
    sa.add_argument("--offset", type=int, default=0)
    _output_group(sa)

    br = sub.add_parser("brief", parents=[common], help="the daily briefing: what was stored since a time")
    br.add_argument("--since", type=iso_datetime, metavar="ISO-DATETIME",
                    help="start of the window (default: 24 hours ago); without an offset it is UTC")
    br.add_argument("--country", default="Syria")
    _output_group(br)
    review_parsers(sub, common, _output_group, _Parser)
    return p


# ------------------------------------------------------------------ output


def _wants_json(args: argparse.Namespace) -> bool:
    fmt = getattr(args, "fmt", None)
    if fmt is not None:
        return fmt == "json"
    return not sys.stdout.isatty()


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json", by_alias=True)
    if isinstance(obj, list):
        return [_jsonable(o) for o in obj]
    return obj


def emit(args: argparse.Namespace, obj: Any, text: Callable[[], str]) -> None:
    """Print ``obj`` as JSON, or ``text()`` for people."""
    if _wants_json(args):
        print(json.dumps(_jsonable(obj), ensure_ascii=False, indent=2))
    else:
        print(text())


def extraction_text(ex: Any) -> str:
    """One article's facts as text for people."""
    lines = [
        f"published {ex.published}: {len(ex.troop_counts)} troop counts, {len(ex.statements)} statements, "
        f"{len(ex.events)} events"
    ]
    for t in ex.troop_counts:
        lines.append(f"  troops  {t.kind} {t.qualifier} {t.value:,} {t.country} ({t.status}, {t.date or 'undated'})")
    for s in ex.statements:
        quote = f'"{s.text}"' if s.direct else s.text
        lines.append(f"  said    {s.speaker} ({s.date or 'undated'}): {quote}")
    for e in ex.events:
        lines.append(f"  event   {e.date or 'undated'}: {e.summary}")
    return "\n".join(lines)


def manifest_text(report: dict) -> str:
    """An ingestion manifest's outcome as text for people."""
    lines = [
        f"{report['stored']} stored, {report['duplicates']} already stored, {report['failed']} failed "
        f"of {report['entries']} entries in {report['manifest']}"
    ]
    for r in report["results"]:
        if not r.get("ok"):
            lines.append(f"  entry {r['entry']}: FAILED: {r['error']}")
        elif r.get("created"):
            lines.append(
                f"  entry {r['entry']}: article {r['article_id']}: {r['troop_counts']} troop counts, "
                f"{r['statements']} statements, {r['events']} events"
            )
        else:
            lines.append(f"  entry {r['entry']}: already stored as article {r['article_id']}")
    return "\n".join(lines)


# ------------------------------------------------------------------ running


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "db", None):
        overrides["database_url"] = args.db
    if getattr(args, "log_level", None):
        overrides["log_level"] = args.log_level
    if getattr(args, "workspace", None):
        overrides["default_workspace"] = args.workspace
    return Settings(**overrides)


async def with_store(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    """Open the store (migrated), run ``work(session_factory)``, and dispose of the engine."""
    from briefings.db import make_engine, make_session_factory, migrate

    engine = make_engine(settings.database_url, pool_size=settings.db_pool_size)
    try:
        await migrate(engine)
        return await work(make_session_factory(engine))
    finally:
        await engine.dispose()


def _run_store(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    return asyncio.run(with_store(settings, work))


def call(settings: Settings, service: Callable[..., Awaitable[T]], /, **kwargs: Any) -> T:
    """Run one ``briefings`` service in one unit of work on the command line's workspace."""

    async def work(factory: Any) -> T:
        async with factory() as session, session.begin():
            return await service(session=session, workspace=settings.default_workspace, **kwargs)

    return _run_store(settings, work)


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from briefings.extract import extract
    from briefings.ingest import read_article_file

    text = read_article_file(args.file)
    _not_future(args.published, "publication date")
    result = extract(text, args.published)
    emit(args, result, lambda: extraction_text(result))
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.render import text as textout
    from briefings.ingest import ingest_in_transaction, read_article_file, read_manifest

    ws = settings.default_workspace
    chosen = [x for x in (args.file, args.manifest, args.url) if x]
    if len(chosen) != 1:
        raise BadInput("give exactly one of FILE, --manifest or --url")
    _not_future(args.published, "publication date")

    if args.url:
        from briefings import web

        result = call(settings, web.ingest_url, url=args.url, published=args.published, source=args.source,
                      added_by="cli", settings=settings)
        emit(args, result, lambda: textout.ingest_text(result))
        return EXIT_OK

    if args.file:
        if not args.source:
            raise BadInput("--source is required with FILE (e.g. --source AP)")
        text = read_article_file(args.file)

        result = _run_store(settings, lambda factory: ingest_in_transaction(
            session_factory=factory, workspace=ws, text=text, source=args.source, published=args.published,
            title=args.title, added_by="cli", found_by="file"))  # fmt: skip
        emit(args, result, lambda: textout.ingest_text(result))
        return EXIT_OK

    manifest: Path = args.manifest
    entries = read_manifest(manifest)

    async def many(factory: Any) -> list[dict]:
        report: list[dict] = []
        for i, entry in enumerate(entries):
            row: dict[str, Any] = {"entry": i}
            try:
                if isinstance(entry, BadInput):
                    raise entry
                row["path"] = entry.path
                text = read_article_file(manifest.parent / entry.path)
                _not_future(entry.published, "publication date")
                # One transaction per article: a failure stores nothing of that article.
                res = await ingest_in_transaction(
                    session_factory=factory,
                    workspace=ws,
                    text=text,
                    source=entry.source,
                    published=entry.published,
                    url=entry.url,
                    title=entry.title,
                    added_by="cli",
                    found_by="manifest",
                )
                row.update(
                    ok=True,
                    article_id=res.article_id,
                    created=res.created,
                    troop_counts=len(res.troop_counts),
                    statements=res.statements,
                    events=res.events,
                    warnings=res.warnings,
                )
            except BriefbotError as exc:
                row.update(ok=False, error=str(exc))
                print(f"briefbot: manifest entry {i}: {exc}", file=sys.stderr)
                if args.stop_on_error:
                    report.append(row)
                    break
            report.append(row)
        return report

    report = _run_store(settings, many)
    failed = sum(1 for r in report if not r.get("ok"))
    out = {
        "manifest": str(manifest),
        "entries": len(entries),
        "stored": sum(1 for r in report if r.get("created")),
        "duplicates": sum(1 for r in report if r.get("ok") and not r.get("created")),
        "failed": failed,
        "results": report,
    }
    emit(args, out, lambda: manifest_text(out))
    return EXIT_BAD_INPUT if failed else EXIT_OK


def cmd_articles(args: argparse.Namespace, settings: Settings) -> int:
    from bot.render import text as textout
    from briefings import articles

    if args.action == "list":
        result: Any = call(settings, articles.list_articles, limit=args.limit, offset=args.offset,
                           off_topic=args.off_topic)
    elif args.action == "show":
        result = call(settings, articles.get_article, article_id=args.id)
    elif args.action == "restore":
        result = call(settings, articles.restore_article, article_id=args.id)
    else:
        result = call(settings, articles.remove_article, article_id=args.id)
    render = {
        "list": lambda found: textout.articles_text(found, off_topic=args.off_topic),
        "show": textout.article_text,
        "restore": textout.restored_text,
        "remove": lambda a: f"removed article {a.id}: {a.title or '(untitled)'} ({a.source}, {a.published})",
    }
    emit(args, result, lambda: render[args.action](result))
    return EXIT_OK


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.render import text as textout
    from briefings import answers

    if args.question == "troops":
        result: Any = call(settings, answers.troops, country=args.country, as_of=args.as_of)
    elif args.question == "latest":
        result = call(settings, answers.latest, limit=args.count)
    else:
        # A program reading JSON gets every match (a speaker's statements, up to the cap), people a page.
        count = args.count if args.count is not None else answers.MAX_LIMIT if _wants_json(args) else 10
        result = call(settings, answers.said, speaker=args.speaker, about=args.about, limit=count,
                      offset=args.offset)
    render = {"troops": textout.troops_text, "latest": textout.latest_text, "said": textout.said_text}
    emit(args, result, lambda: render[args.question](result))
    return EXIT_OK


def feeds_text(found: Sequence[Any]) -> str:
    """Followed feeds as text for people."""
    if not found:
        return "no feeds followed"
    lines = []
    for f in found:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(f.items.items())) or "no items yet"
        state = f"failing ({f.error_count}x: {f.last_error})" if f.error_count else "ok"
        state += ", paused" if f.paused else ""
        words = "".join(
            f"; {label} {', '.join(ws)}" for label, ws in (("only", f.include), ("not", f.exclude)) if ws
        )
        lines.append(f"feed {f.id}: {f.title or '(untitled)'} <{f.url}> {state}; {counts}{words}")
    return "\n".join(lines)


def polls_text(polls: Sequence[Any]) -> str:
    """The outcome of a feed poll as text for people."""
    if not polls:
        return "no feed was due"
    lines = []
    for p in polls:
        if not p.ok:
            lines.append(f"feed {p.feed_id}: FAILED: {p.error} (next check {p.next_check_at:%Y-%m-%d %H:%M} UTC)")
            continue
        if p.not_modified:
            lines.append(f"feed {p.feed_id}: not modified since the last check")
        else:
            lines.append(
                f"feed {p.feed_id}: {p.new_items} new, {len(p.ingested)} stored, {len(p.off_topic)} off-topic, "
                f"{len(p.duplicates)} already stored, {len(p.filtered)} left out by keywords, {len(p.failed)} failed"
                + (f", {p.deferred} left for the next check" if p.deferred else "")
            )
        if p.retried:
            lines.append(f"  {p.retried} failed item(s) tried again")
        lines += [f"  failed: {f}" for f in p.failed]
    return "\n".join(lines)


def cmd_feed(args: argparse.Namespace, settings: Settings) -> int:
    from briefings import feeds

    ws = settings.default_workspace

    async def poll(factory: Any) -> Any:
        # Polling runs one transaction per feed item, so it takes the factory, not a session.
        return await feeds.poll_due_feeds(
            session_factory=factory, settings=settings, client=None, executor=None, now=dt.datetime.now(dt.UTC),
            workspace=ws, force=args.force,
        )  # fmt: skip

    if args.action == "poll":
        result: Any = _run_store(settings, poll)
    elif args.action == "add":
        result = call(settings, feeds.add_feed, url=args.url, settings=settings, source=args.source,
                      added_by="cli", max_items=args.max_items, include=args.include, exclude=args.exclude)
    elif args.action == "edit":
        result = call(settings, feeds.edit_feed, feed_id=args.id, source=args.source, max_items=args.max_items,
                      include=args.include, exclude=args.exclude)
    elif args.action == "list":
        result = call(settings, feeds.list_feeds)
    else:
        service = {"remove": feeds.remove_feed, "pause": feeds.pause_feed, "resume": feeds.resume_feed}
        result = call(settings, service[args.action], feed_id=args.id)
    render: dict[str, Callable[[Any], str]] = {
        "add": lambda f: f"following feed {f.id}: {f.title or '(untitled)'} <{f.url}>; `briefbot feed poll` checks it",
        "list": feeds_text,
        "edit": lambda f: feeds_text([f]),
        "pause": lambda f: f"paused feed {f.id}: {f.title or f.url} (`briefbot feed resume {f.id}` checks it again)",
        "resume": lambda f: f"resumed feed {f.id}: {f.title or f.url}",
        "remove": lambda f: f"stopped following feed {f.id}: {f.title or f.url} (its articles stay stored)",
        "poll": polls_text,
    }
    emit(args, result, lambda: render[args.action](result))
    if args.action == "poll" and any(not p.ok or p.failed for p in result):
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_alert(args: argparse.Namespace, settings: Settings) -> int:
    from bot.render.text import alerts_text
    from briefings import alerts

    if args.action == "add":
        result: Any = call(settings, alerts.add_alert, channel_id=args.channel, threshold=args.threshold,
                           created_by="cli")
    elif args.action == "list":
        result = call(settings, alerts.list_alerts)
    else:
        result = call(settings, alerts.remove_alert, alert_id=args.id)
    emit(args, result, lambda: alerts_text(result if isinstance(result, list) else [result]))
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    async def nothing(_factory: Any) -> None:
        return None

    _run_store(settings, nothing)
    print("database is up to date", file=sys.stderr)
    return EXIT_OK


def cmd_frontends(args: argparse.Namespace, settings: Settings) -> int:
    verb = args.verb or "start"
    if verb == "start":
        verb = "run" if settings.discord_token else "console"
    level = getattr(args, "log_level", None) or settings.log_level
    if verb != "console":
        from bot import app  # discord.py: not for the console

    if verb == "run":
        if not settings.discord_token:
            raise BadInput("DISCORD_TOKEN is not set (see .env.example); `briefbot console` runs without Discord")
        if settings.log_file:
            app.log_to_file(settings.log_file, level)
        app.run_bot(settings)
        return EXIT_OK
    if verb == "sync":
        if not settings.discord_token:
            raise BadInput("DISCORD_TOKEN is not set; syncing needs the bot's token")
        n = asyncio.run(app.sync_commands(settings))
        print(f"synced {n} commands", file=sys.stderr)
        return EXIT_OK
    if verb == "invite":
        app_id = args.application_id
        if app_id is None:
            if settings.discord_token is None:
                raise BadInput("give --application-id (the developer portal's General Information page)")
            app_id = app.application_id_of(settings.discord_token.get_secret_value())
        if app_id <= 0:
            raise BadInput("--application-id must be a positive number")
        url = app.invite_url(app_id)
        perms = app.bot_permissions()
        emit(args, {"url": url, "permissions": perms.value, "scopes": list(app.SCOPES)}, lambda: url)
        return EXIT_OK
    if verb == "commands":
        tree = app.command_tree_json()
        emit(args, tree, lambda: "\n".join(f"/{c['name']}: {c.get('description', '')}" for c in tree))
        return EXIT_OK
    from bot.console import configure_console_logging, run_console

    logged = configure_console_logging(settings, level)
    if logged is not None:
        print(f"briefbot console: the log goes to {logged}", file=sys.stderr)
    # None: the sample articles are loaded only into an empty workspace.
    load = False if getattr(args, "no_samples", False) else None
    return asyncio.run(run_console(settings, load_samples=load))


def cmd_brief(args: argparse.Namespace, settings: Settings) -> int:
    from bot.render.briefing import briefing_text
    from briefings.compose import FIRST_WINDOW, compose_briefing

    now = dt.datetime.now(dt.UTC)
    since = args.since or now - FIRST_WINDOW
    if since >= now:
        raise BadInput(f"--since {since.isoformat()} is not in the past")

    result = call(settings, compose_briefing, since=since, until=now, country=args.country)
    emit(args, result, lambda: briefing_text(result))
    return EXIT_OK


VERBS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "extract": cmd_extract,
    "ingest": cmd_ingest,
    "articles": cmd_articles,
    "ask": cmd_ask,
    "migrate": cmd_migrate,
    "brief": cmd_brief,
    "feed": cmd_feed,
    "alert": cmd_alert,
    "review": cmd_review,
    "fact": cmd_review,
}


def config_problem(exc: ValidationError) -> str:
    """One line naming each bad setting as its environment variable, with the reason."""
    parts = []
    for err in exc.errors():
        name = "_".join(str(p) for p in err["loc"]).upper()
        reason = str(err["msg"]).removeprefix("Value error, ")
        parts.append(f"{name}: {reason}" if name else reason)
    return "; ".join(parts)


def configure_logging(level: str) -> None:
    """Logging handlers are configured here, at the entry point, and nowhere else."""
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Library chatter would drown the one-line answers on a terminal.
    for noisy in ("alembic", "sqlalchemy", "discord.http", "httpx", "trafilatura", "htmldate", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``briefbot`` console script."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a bad argument already explained in one line
        return int(exc.code or 0)
    try:
        settings = _settings(args)
    except ValidationError as exc:  # a bad .env file or environment variable
        print(f"briefbot: bad configuration: {config_problem(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    is_query = args.verb in VERBS
    # Queries print answers on stdout; keep the log to warnings unless asked.
    configure_logging(getattr(args, "log_level", None) or ("WARNING" if is_query else settings.log_level))
    try:
        handler = VERBS.get(args.verb or "", cmd_frontends)
        code = handler(args, settings)
    except BriefbotError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        log.debug("unexpected failure", exc_info=True)
        print(
            f"briefbot: unexpected failure: {type(exc).__name__}: {exc}".splitlines()[0]
            + " (run with --log-level DEBUG for the traceback)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    sys.stdout.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
