"""Benchmark: compose the daily briefings of 10,000 subscriptions over 100,000 articles' worth of facts.

The store is generated straight into a SQLite file with bulk inserts (the
extractor is not run): 50 workspaces, 100,000 articles over 100 days, each
article with a troop figure, two statements and three events, about a third of
them repeats of facts already stored (corroborations, new links only). Every
subscription had yesterday's briefing; today's is composed for each. Subscriptions
whose windows are the same share one composition, and the windows of a workspace are
composed from one load (:func:`briefings.compose.compose_many`); ``--per-window`` composes
each window on its own with :func:`briefings.compose.compose_briefing` instead, for comparison,
and ``--check`` also does that and asserts both give the same briefings.

Run: ``.venv/bin/python bench/bench_briefings.py [--articles 100000] [--subscriptions 10000] [--per-window] [--check]``
Target: under 10 s for the whole daily run (subscriptions, watermarks, composition, embeds).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.render.briefing import briefing_embeds
from briefings import schedule, subscriptions
from briefings.compose import FIRST_WINDOW, Briefing, Key, compose_briefing, compose_many
from briefings.db import make_engine, make_session_factory, migrate

START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
DAYS = 100
WORKSPACES = 50
TIMES = ["08:00"] * 6 + ["07:00", "09:00", "12:00", "18:00"]
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Europe/London", "Asia/Kolkata"]
SPEAKERS = ["Sean Parnell", "Pete Hegseth", "Donald Trump", "Mazloum Abdi", "Tom Barrack", "Lindsey Graham"]
WORDS = ("convoy base withdrawal troops patrol drone strike Deir ez-Zor Hasakah Conoco Tanf Rmeilan Kurdish "
         "forces Pentagon official Iraq border Kobani airfield consolidation mission").split()


def ts(t: dt.datetime) -> str:
    """SQLAlchemy's SQLite storage format of a UTC timestamp."""
    return t.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def sentence(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(path: Path, articles: int, subs: int, rng: random.Random) -> dict[str, int]:
    """Fill a migrated SQLite file with articles, facts, links, subscriptions and yesterday's deliveries."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA journal_mode=OFF")
    step = DAYS * 86400 / articles
    art_rows, troop, troop_src, stmt, stmt_src, ev, ev_src = [], [], [], [], [], [], []
    pools: dict[tuple[str, str], list[int]] = {}
    ids = {"troop": 0, "stmt": 0, "ev": 0}

    def pick(ws: str, kind: str, used: set[tuple[str, int]]) -> tuple[int, bool]:
        """A fact for this article: about a third repeat a recent fact of the workspace, the rest are new."""
        pool = pools.setdefault((ws, kind), [])
        if pool and rng.random() < 0.33:
            fid = rng.choice(pool[-20:])
            if (kind, fid) not in used:
                used.add((kind, fid))
                return fid, False
        ids[kind] += 1
        pool.append(ids[kind])
        used.add((kind, ids[kind]))
        return ids[kind], True

    for a in range(1, articles + 1):
        ws = str(1000 + a % WORKSPACES)
        at = START + dt.timedelta(seconds=a * step)
        stamp, day = ts(at), at.date()
        art_rows.append((a, ws, f"Report {a}", f"Outlet {a % 40}", f"https://outlet{a % 40}.test/{a}", None,
                         day.isoformat(), "given", "manifest", f"text {a}",
                         hashlib.sha256(str(a).encode()).hexdigest(), "bench", stamp))
        if rng.random() < 0.7:
            date, start, end = day.isoformat(), day.isoformat(), day.isoformat()
        else:
            date, start, end = day.isoformat()[:7], day.replace(day=1).isoformat(), day.replace(day=28).isoformat()
        head = (ws, date, start, end, stamp, stamp)
        used: set[tuple[str, int]] = set()
        fid, new = pick(ws, "troop", used)
        if new:
            troop.append((fid, ws, f"k{fid}", *head[1:], rng.randrange(500, 3000, 100), "approx", "level", None,
                          "current", "Syria", "US"))
        troop_src.append((len(troop_src) + 1, a, fid, "There are about 2,000 US troops in Syria.", stamp, "current"))
        for _ in range(2):
            fid, new = pick(ws, "stmt", used)
            if new:
                speaker, words = rng.choice(SPEAKERS), sentence(rng)
                stmt.append((fid, ws, f"s{fid}", *head[1:], speaker, speaker.lower(), None, words, words.lower(),
                             True))
            stmt_src.append((len(stmt_src) + 1, a, fid, "quoted", stamp))
        for _ in range(3):
            fid, new = pick(ws, "ev", used)
            if new:
                ev.append((fid, ws, f"e{fid}", *head[1:], sentence(rng, 16)))
            ev_src.append((len(ev_src) + 1, a, fid, "sentence", stamp))
    fc = "id, workspace, fact_key, date, date_start, date_end, first_seen_at, updated_at"
    sc = "id, article_id, fact_id, evidence, added_at"
    with con:
        con.executemany("INSERT INTO articles (id, workspace, title, source, url, url_canonical, published, "
                        "published_basis, found_by, text, content_hash, added_by, added_at) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", art_rows)
        con.executemany(f"INSERT INTO troop_counts ({fc}, value, qualifier, kind, direction, status, country, force)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", troop)
        con.executemany(f"INSERT INTO troop_count_sources ({sc}, status) VALUES (?,?,?,?,?,?)", troop_src)
        con.executemany(f"INSERT INTO statements ({fc}, speaker, speaker_key, speaker_role, text, text_search, "
                        "direct) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", stmt)
        con.executemany(f"INSERT INTO statement_sources ({sc}) VALUES (?,?,?,?,?)", stmt_src)
        con.executemany(f"INSERT INTO events ({fc}, summary) VALUES (?,?,?,?,?,?,?,?,?)", ev)
        con.executemany(f"INSERT INTO event_sources ({sc}) VALUES (?,?,?,?,?)", ev_src)
        sub_rows, deliveries = [], []
        today = (START + dt.timedelta(days=DAYS)).date()
        for k in range(1, subs + 1):
            time_of_day, zone = rng.choice(TIMES), rng.choice(ZONES)
            sub_rows.append((k, str(1000 + k % WORKSPACES), 10**17 + k, time_of_day, zone, False, None, "bench",
                             ts(START)))
            prev = schedule.fire_on(today - dt.timedelta(days=1), time_of_day, zone)
            deliveries.append((k, k, prev.local_day.isoformat(), "sent", "bench", ts(prev.at), ts(prev.at), 1,
                               ts(prev.at - FIRST_WINDOW), ts(prev.at), 1))
        con.executemany("INSERT INTO subscriptions (id, workspace, channel_id, time_of_day, timezone, paused, "
                        "paused_reason, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)", sub_rows)
        con.executemany("INSERT INTO deliveries (id, subscription_id, local_day, status, claimed_by, claimed_at, "
                        "sent_at, message_id, since, until, attempts) VALUES (?,?,?,?,?,?,?,?,?,?,?)", deliveries)
    con.execute("ANALYZE")
    con.close()
    return {"articles": len(art_rows), "troop facts": len(troop), "statements": len(stmt), "events": len(ev),
            "links": len(troop_src) + len(stmt_src) + len(ev_src), "subscriptions": subs}


async def daily_run(
    url: str, now: dt.datetime, *, per_window: bool = False, check: bool = False
) -> dict[str, float]:
    """What the scheduler does for every subscription on one day, composition shared by window.

    ``check`` then composes every window on its own too (untimed) and asserts the
    briefings are the same.
    """
    engine = make_engine(url)
    factory = make_session_factory(engine)
    queries = [0]

    def count(*_args: object) -> None:
        queries[0] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    t0, c0 = time.perf_counter(), time.process_time()
    async with factory() as session:
        subs = await subscriptions.active_subscriptions(session=session)
        fires = {s.id: schedule.last_fire(now, s.time, s.timezone) for s in subs}
        marks = await schedule.watermarks(session=session, subscription_ids=list(fires))
        keys = [(s.workspace, marks.get(s.id, fires[s.id].at - FIRST_WINDOW), fires[s.id].at) for s in subs]
        t1 = time.perf_counter()
        q1 = queries[0]
        if per_window:
            composed = await one_by_one(session, keys)
        else:
            composed = await compose_many(session=session, requests=keys)
        t2 = time.perf_counter()
        q2 = queries[0]
        embeds = {key: briefing_embeds(b, marker="ref D0") for key, b in composed.items() if not b.is_empty}
        t3, c3 = time.perf_counter(), time.process_time()
        if check:
            alone = await one_by_one(session, keys)
            differ = [k for k in alone if alone[k] != composed[k]]
            assert not differ, f"{len(differ)} windows differ from composing them one by one, e.g. {differ[0]}"
    await engine.dispose()
    return dict(
        subscriptions=len(subs), windows=len(composed), workspaces=len({k[0] for k in composed}),
        with_news=len(embeds), load_and_watermarks=t1 - t0, compose=t2 - t1, queries=q2 - q1, embeds=t3 - t2,
        total=t3 - t0, cpu=c3 - c0, per_mean_ms=(t2 - t1) / max(len(composed), 1) * 1000,
        items=statistics.mean(len(b.developments) + len(b.statements) + len(b.figures) for b in composed.values()),
    )


async def one_by_one(session: AsyncSession, keys: list[Key]) -> dict[Key, Briefing]:
    """Each distinct window composed on its own with compose_briefing (the path before batching)."""
    out: dict[Key, Briefing] = {}
    for key in dict.fromkeys(keys):
        out[key] = await compose_briefing(session=session, workspace=key[0], since=key[1], until=key[2])
    return out


async def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=100_000)
    p.add_argument("--subscriptions", type=int, default=10_000)
    p.add_argument("--db", type=Path, help="keep the SQLite file here (default: a temporary directory)")
    p.add_argument("--reuse", action="store_true", help="use the store already in --db instead of generating one")
    p.add_argument("--per-window", action="store_true", help="compose each window on its own (before batching)")
    p.add_argument("--check", action="store_true", help="also compose each window on its own and compare")
    args = p.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        url = f"sqlite:///{path}"
        if not (args.reuse and args.db and path.exists()):
            path.unlink(missing_ok=True)
            engine = make_engine(url)
            await migrate(engine)
            await engine.dispose()
            g0 = time.perf_counter()
            counts = generate(path, args.articles, args.subscriptions, rng)
            gen = time.perf_counter() - g0
            print(f"store: {', '.join(f'{v:,} {k}' for k, v in counts.items())}; "
                  f"{path.stat().st_size / 1e6:.0f} MB, generated in {gen:.1f} s")
        now = START + dt.timedelta(days=DAYS, hours=23, minutes=59)
        r = await daily_run(url, now, per_window=args.per_window, check=args.check)
        how = "each window on its own" if args.per_window else "batched per workspace"
        print(f"daily run of {r['subscriptions']:,} subscriptions: {r['windows']:,} distinct windows in "
              f"{r['workspaces']:,} workspaces composed ({how}), {r['with_news']:,} with news, "
              f"{r['items']:.0f} new items per briefing on average")
        print(f"  subscriptions + watermarks {r['load_and_watermarks']:.2f} s")
        print(f"  composition                {r['compose']:.2f} s  "
              f"({r['queries']:,} queries, {r['per_mean_ms']:.1f} ms per window)")
        print(f"  embeds                     {r['embeds']:.2f} s")
        verdict = "OK" if r["total"] < 10 else "OVER TARGET"
        print(f"  total                      {r['total']:.2f} s  (target < 10 s: {verdict}); "
              f"CPU {r['cpu']:.2f} s (both threads), {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
        if args.check:
            print("  check: every window's briefing equals the one composed on its own")


if __name__ == "__main__":
    asyncio.run(main())
