"""Benchmark: every ask over 100,000 articles' worth of facts, on SQLite and PostgreSQL; ingestion rate.

The store is generated (the extractor is not run) and bulk-inserted straight into
the migrated tables: per article about 3 troop figures, 5 statements and 4 events,
merged into facts with 1 to 4 sources each; about 200 speakers quoted with a
long-tailed frequency, several countries, dates spread over twelve years with day,
month and year precision and a few undated facts. Then each ask is timed over a
few hundred calls with varied arguments, each call in its own session as the bot
does it: troops (today), troops as of a date, latest, said by speaker, said about,
speaker autocomplete. Finally a few hundred generated articles go through the real
ingest path (``ingest_text``: clean, extract, store) and through the store stage
alone (``store_facts`` with ready facts), into the big store.

Run:
    .venv/bin/python bench/bench_answers.py [--articles 100000] [--calls 300] [--ingest 300]
        [--backends sqlite,postgresql] [--pg-url postgresql://postgres@127.0.0.1:5432/test] [--explain]
        [--sqlite-path PATH] [--pg-schema NAME] [--only ASK,ASK]

PostgreSQL runs in a schema of its own that is dropped afterwards. With ``--sqlite-path`` /
``--pg-schema`` the generated store is kept there (and reused, after migrating it to the head
revision, when it already holds articles), so before/after figures compare one store; each
ask line shows the client CPU time per call and the 1-minute load average, since wall-clock
figures on a shared machine swing with the load. Target: p99 < 20 ms per answer.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from briefings import answers
from briefings.db import async_url, make_engine, make_session_factory, migrate
from briefings.ingest import ingest_text
from briefings.models import Article
from briefings.periods import period
from briefings.schemas import Event, Extraction, Statement, TroopCount
from briefings.speakers import speaker_key
from briefings.store import content_hash, event_key, statement_key, store_facts, troop_key

WS = "bench"
FIRST_DAY = dt.date(2014, 11, 1)
LAST_DAY = dt.date(2026, 11, 1)
COUNTRIES = ["Syria"] * 14 + ["Iraq"] * 3 + ["Jordan"] * 2 + ["Niger"]
OUTLETS = ["AP", "Reuters", "AFP", "BBC", "Myind", "TRT World", "Al-Monitor", "Times of Israel", "CNN", "Politico"]
FIRST = [
    "Donald",
    "Sean",
    "Marco",
    "Pete",
    "Lindsey",
    "Benjamin",
    "Ahmed",
    "Tom",
    "Mazloum",
    "Recep",
    "Lloyd",
    "Mark",
    "James",
    "Asaad",
    "Hakan",
    "Sergei",
    "John",
    "Tulsi",
    "Karoline",
    "Michael",
]
LAST = [
    "Trump",
    "Parnell",
    "Rubio",
    "Hegseth",
    "Graham",
    "Netanyahu",
    "Sharaa",
    "Barrack",
    "Abdi",
    "Erdogan",
    "Austin",
    "Esper",
    "Mattis",
    "Shaibani",
    "Fidan",
    "Lavrov",
    "Kirby",
    "Gabbard",
    "Leavitt",
    "Kurilla",
]
TITLES = ["", "", "President ", "Secretary ", "Senator ", "spokesperson ", "Minister ", "General "]
BODIES = [
    "the Pentagon",
    "the White House",
    "a senior US official",
    "US officials",
    "the State Department",
    "Russian Foreign Ministry",
    "British Foreign Office",
    "the Syrian Democratic Forces",
    "US Central Command",
    "a senior Israeli official",
    "Turkish Defence Ministry",
    "the Kremlin",
    "Iraqi government",
    "NATO",
    "Syrian Observatory for Human Rights",
    "a Kurdish commander",
    "a senior White House official",
    "Pentagon officials",
    "Israel's Ynet news site",
    "the United Nations",
]
COMMON = (
    "troops withdrawal forces syria base border security attack government military president coalition "
    "forces operation region pullout drawdown islamic state kurdish allies threat ceasefire talks"
).split()


def _vocab(rng: random.Random, n: int = 4000) -> list[str]:
    letters = "abcdefghiklmnoprstuvwy"
    words = set(COMMON)
    while len(words) < n:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(4, 10))))
    return sorted(words, key=lambda w: (w not in COMMON, w))


def _zipf_index(rng: random.Random, n: int, s: float = 1.1) -> int:
    # Inverse-CDF draw from a truncated power law: few very frequent items, a long tail.
    return min(n - 1, int(n * rng.random() ** (1 + 2 * s)))


def _sentence(rng: random.Random, vocab: list[str], words: int) -> str:
    return " ".join(vocab[_zipf_index(rng, len(vocab))] for _ in range(words)).capitalize()


def _fact_date(rng: random.Random, published: dt.date) -> str | None:
    r = rng.random()
    if r < 0.05:
        return None
    day = published - dt.timedelta(days=int(rng.expovariate(1 / 20)))
    if r < 0.55:
        return day.isoformat()
    if r < 0.9:
        return day.isoformat()[:7]
    return day.isoformat()[:4]


def speakers(rng: random.Random) -> list[list[str]]:
    """About 200 speakers, each with the shapes of name articles use for them."""
    out: list[list[str]] = []
    for last in LAST:
        for first in rng.sample(FIRST, 9):
            full = f"{first} {last}" if len(out) % 9 else f"{FIRST[LAST.index(last)]} {last}"
            out.append([full, last, f"{rng.choice(TITLES)}{full}".strip()])
    seen: set[str] = set()
    unique = []
    for names in out + [[b] for b in BODIES]:
        key = speaker_key(names[0])
        if key not in seen:
            seen.add(key)
            unique.append(names)
    return unique


class Data:
    """Generated rows, identical for both backends."""

    def __init__(self, n_articles: int, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.rng = rng
        self.vocab = _vocab(rng)
        self.speakers = speakers(rng)
        now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        span = (LAST_DAY - FIRST_DAY).days
        pubs = sorted(FIRST_DAY + dt.timedelta(days=rng.randrange(span)) for _ in range(n_articles))
        self.articles = []
        for i, pub in enumerate(pubs, start=1):
            body = f"Generated article {i} from {pub}."
            self.articles.append(
                (
                    i,
                    WS,
                    None,
                    rng.choice(OUTLETS),
                    None,
                    None,
                    pub,
                    "given",
                    "manifest",
                    body,
                    content_hash(body),
                    "bench",
                    now,
                )
            )
        self.troops: list[tuple] = []
        self.statements: list[tuple] = []
        self.events: list[tuple] = []
        self.troop_links: list[tuple] = []
        self.statement_links: list[tuple] = []
        self.event_links: list[tuple] = []
        link_ids = [0, 0, 0]

        def sources(home: int) -> list[int]:
            k = rng.choices((1, 2, 3, 4), weights=(50, 25, 15, 10))[0]
            near = {home}
            while len(near) < k:
                near.add(max(1, min(n_articles, home + rng.randint(-40, 40))))
            return sorted(near)

        def dates(value: str | None) -> tuple[Any, Any]:
            p = period(value)
            return (p[0], p[1]) if p else (None, None)

        # Facts with 1-4 sources: fact rows = mentions / mean sources (about 1.85).
        mention_scale = 1 / 1.85
        for art in self.articles:
            aid, pub = art[0], art[6]
            for _ in range(self._draws(3 * mention_scale)):
                kind = rng.choices(("level", "change", "casualty"), weights=(6, 3, 1))[0]
                status = rng.choices(("past", "current", "planned"), weights=(4, 4, 2))[0]
                value = (
                    rng.choice((50, 200, 400, 600, 900, 1000, 1500, 2000, 2500, 3000, 5200))
                    if kind != "casualty"
                    else rng.randint(1, 12)
                )
                t = TroopCount(
                    value=value,
                    kind=kind,
                    qualifier=rng.choice(("approx", "exact", "under", "over")),
                    direction=None if kind == "level" else rng.choice(("increase", "decrease")),
                    status=status,
                    date=_fact_date(rng, pub),
                    country=rng.choice(COUNTRIES),
                    evidence="x",
                )
                fid = len(self.troops) + 1
                s, e = dates(t.date)
                self.troops.append(
                    (
                        fid,
                        WS,
                        troop_key(t),
                        t.date,
                        s,
                        e,
                        now,
                        now,
                        t.value,
                        t.qualifier,
                        t.kind,
                        t.direction,
                        t.status,
                        t.country,
                        t.force,
                    )
                )
                for src in sources(aid):
                    link_ids[0] += 1
                    self.troop_links.append(
                        (link_ids[0], fid, src, f"About {value:,} US troops in {t.country}.", now, t.status)
                    )
            for _ in range(self._draws(5 * mention_scale)):
                names = self.speakers[_zipf_index(rng, len(self.speakers), 0.6)]
                name = rng.choice(names)
                skey = speaker_key(name)
                words = _sentence(rng, self.vocab, rng.randint(8, 25))
                date = _fact_date(rng, pub)
                fid = len(self.statements) + 1
                s, e = dates(date)
                self.statements.append(
                    (
                        fid,
                        WS,
                        statement_key(skey),
                        date,
                        s,
                        e,
                        now,
                        now,
                        name,
                        skey,
                        None,
                        words,
                        words.casefold(),
                        rng.random() < 0.4,
                    )
                )
                for src in sources(aid):
                    link_ids[1] += 1
                    self.statement_links.append((link_ids[1], fid, src, f"{words}, {name} said.", now))
            for _ in range(self._draws(4 * mention_scale)):
                date = _fact_date(rng, pub)
                summary = _sentence(rng, self.vocab, rng.randint(8, 18)) + "."
                fid = len(self.events) + 1
                s, e = dates(date)
                self.events.append((fid, WS, event_key(date), date, s, e, now, now, summary))
                for src in sources(aid):
                    link_ids[2] += 1
                    self.event_links.append((link_ids[2], fid, src, summary, now))

    def _draws(self, mean: float) -> int:
        base = int(mean)
        return base + (1 if self.rng.random() < mean - base else 0)

    def tables(self) -> list[tuple[str, list[str], list[tuple]]]:
        fact = ["id", "workspace", "fact_key", "date", "date_start", "date_end", "first_seen_at", "updated_at"]
        link = ["id", "fact_id", "article_id", "evidence", "added_at"]
        return [
            (
                "articles",
                [
                    "id",
                    "workspace",
                    "title",
                    "source",
                    "url",
                    "url_canonical",
                    "published",
                    "published_basis",
                    "found_by",
                    "text",
                    "content_hash",
                    "added_by",
                    "added_at",
                ],
                self.articles,
            ),
            (
                "troop_counts",
                [*fact, "value", "qualifier", "kind", "direction", "status", "country", "force"],
                self.troops,
            ),
            (
                "statements",
                [*fact, "speaker", "speaker_key", "speaker_role", "text", "text_search", "direct"],
                self.statements,
            ),
            ("events", [*fact, "summary"], self.events),
            ("troop_count_sources", [*link, "status"], self.troop_links),
            ("statement_sources", link, self.statement_links),
            ("event_sources", link, self.event_links),
        ]


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def load_sqlite(path: Path, data: Data) -> None:
    """Bulk-insert the generated rows with the standard library driver."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    for table, cols, rows in data.tables():
        con.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            ([_sqlite_value(v) for v in row] for row in rows),
        )
    con.commit()
    con.close()


async def load_postgres(engine: AsyncEngine, schema: str, data: Data) -> None:
    """Bulk-insert with COPY, then ANALYZE (autovacuum would do it in service)."""
    async with engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        for table, cols, rows in data.tables():
            await raw.copy_records_to_table(table, records=rows, columns=cols, schema_name=schema)
        for table, _, _ in data.tables():
            await raw.execute(f'ANALYZE "{schema}".{table}')
        for table, _, _ in data.tables():
            seq = f"{table}_id_seq"
            await raw.execute(f'SELECT setval(\'"{schema}".{seq}\', (SELECT max(id) FROM "{schema}".{table}))')


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


async def time_ask(
    factory: async_sessionmaker[AsyncSession], calls: int, make: Callable[[AsyncSession, int], Awaitable[Any]]
) -> tuple[float, float, float, float]:
    """p50, p99 and max in milliseconds of ``calls`` calls, each in a fresh session; and client CPU ms per call."""
    for i in range(5):  # warm the caches and the pool
        async with factory() as session:
            await make(session, i)
    times = []
    cpu0 = time.process_time()
    for i in range(calls):
        t0 = time.perf_counter()
        async with factory() as session:
            await make(session, i)
        times.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - cpu0) * 1000 / calls
    return statistics.median(times), _pct(times, 99), max(times), cpu


def asks(data: Data, rng: random.Random) -> dict[str, Callable[[AsyncSession, int], Awaitable[Any]]]:
    """The asks to time, each with varied arguments."""
    names = [n for names in data.speakers for n in names]
    popular = [names[0] for names in data.speakers[:10]]
    span = (LAST_DAY - FIRST_DAY).days
    as_of = [FIRST_DAY + dt.timedelta(days=rng.randrange(span)) for _ in range(1000)]
    words = [w for w in data.vocab[:3000]]
    abouts = [
        rng.choice(words) if rng.random() < 0.6 else f"{rng.choice(words)} {rng.choice(words[:200])}"
        for _ in range(1000)
    ]
    prefixes = [rng.choice(names)[: rng.randint(1, 4)] for _ in range(1000)]

    return {
        "troops (today)": lambda s, i: answers.troops(session=s, workspace=WS, country=COUNTRIES[i % len(COUNTRIES)]),
        "troops --as-of": lambda s, i: answers.troops(session=s, workspace=WS, country="Syria", as_of=as_of[i]),
        "latest": lambda s, i: answers.latest(session=s, workspace=WS, limit=10),
        "said --speaker": lambda s, i: answers.said(
            session=s, workspace=WS, speaker=popular[i % 10] if i % 2 else names[i % len(names)]
        ),
        "said --about": lambda s, i: answers.said(session=s, workspace=WS, about=abouts[i]),
        "said (everyone)": lambda s, i: answers.said(session=s, workspace=WS, offset=10 * (i % 5)),
        "speaker autocomplete": lambda s, i: answers.speaker_choices(session=s, workspace=WS, prefix=prefixes[i]),
    }


def article_texts(rng: random.Random, n: int) -> list[tuple[str, dt.date, Extraction]]:
    """Generated news-like articles with the facts a reader would find in them."""
    out = []
    for i in range(n):
        pub = LAST_DAY - dt.timedelta(days=rng.randrange(60))
        value = rng.choice((400, 600, 900, 1000, 1500, 2000))
        cut = rng.choice((200, 300, 500))
        who = rng.choice(["Pentagon spokesperson Sean Parnell", "a senior US official", "President Donald Trump"])
        paras = [
            f"US to trim Syria force, officials say (story {i})",
            f"WASHINGTON - The United States will withdraw about {cut} troops from Syria over the coming months, "
            f"leaving roughly {value - cut:,} in the country, {who} said on {pub:%A}.",
            f"About {value:,} American troops are currently deployed in Syria, mostly in the northeast, where they "
            "work with Kurdish-led forces against remnants of the Islamic State group.",
            f'"This is a deliberate, conditions-based consolidation," {who} told reporters. "We will remain ready '
            'to respond to any threat in the region."',
            "In December, two US soldiers were killed in an ambush near Palmyra, the Pentagon said. The attack "
            "prompted a series of retaliatory strikes against militant hideouts.",
            f"Lawmakers from both parties questioned the timing of the drawdown in hearings on {pub:%B %d}.",
        ]
        facts = Extraction(
            published=pub.isoformat(),
            troop_counts=[
                TroopCount(
                    value=cut,
                    qualifier="approx",
                    kind="change",
                    direction="decrease",
                    status="planned",
                    date=pub.isoformat(),
                    evidence=paras[1],
                ),
                TroopCount(
                    value=value,
                    qualifier="approx",
                    kind="level",
                    status="current",
                    date=pub.isoformat(),
                    evidence=paras[2],
                ),
                TroopCount(value=2, kind="casualty", status="past", date=pub.isoformat()[:7], evidence=paras[4]),
            ],
            statements=[
                Statement(
                    speaker=who,
                    text=f"The United States will withdraw about {cut} troops from Syria",
                    direct=False,
                    date=pub.isoformat(),
                    evidence=paras[1],
                ),
                Statement(
                    speaker=who,
                    text="This is a deliberate, conditions-based consolidation",
                    direct=True,
                    date=pub.isoformat(),
                    evidence=paras[3],
                ),
                Statement(
                    speaker=who,
                    text="We will remain ready to respond to any threat in the region",
                    direct=True,
                    date=pub.isoformat(),
                    evidence=paras[3],
                ),
                Statement(
                    speaker="the Pentagon",
                    text="two US soldiers were killed in an ambush near Palmyra",
                    direct=False,
                    date=pub.isoformat()[:7],
                    evidence=paras[4],
                ),
                Statement(
                    speaker="lawmakers",
                    text=f"questioned the timing of the drawdown ({i})",
                    direct=False,
                    date=pub.isoformat(),
                    evidence=paras[5],
                ),
            ],
            events=[
                Event(
                    date=pub.isoformat(),
                    summary=f"The US will withdraw about {cut} troops from Syria.",
                    evidence=paras[1],
                ),
                Event(
                    date=pub.isoformat()[:7],
                    summary="Two US soldiers were killed in an ambush near Palmyra.",
                    evidence=paras[4],
                ),
                Event(
                    date=pub.isoformat(),
                    summary=f"Lawmakers questioned the drawdown in hearings ({i}).",
                    evidence=paras[5],
                ),
                Event(
                    date=pub.isoformat(), summary="Strikes hit militant hideouts after the ambush.", evidence=paras[4]
                ),
            ],
        )
        out.append(("\n\n".join(paras), pub, facts))
    return out


async def bench_ingest(factory: async_sessionmaker[AsyncSession], rng: random.Random, n: int) -> tuple[float, float]:
    """Articles per second through ``ingest_text`` and through the store stage alone."""
    docs = article_texts(rng, 2 * n)
    # A kept store already holds the articles of earlier runs: mark this run's copies apart.
    nonce = uuid.uuid4().hex[:8]
    docs = [(f"{body}\n\nRun {nonce}.", pub, facts) for body, pub, facts in docs]
    t0 = time.perf_counter()
    for body, pub, _ in docs[:n]:
        async with factory() as session, session.begin():
            await ingest_text(session=session, workspace=WS, text=body, source=rng.choice(OUTLETS), published=pub)
    full = n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for body, pub, facts in docs[n:]:
        async with factory() as session, session.begin():
            art = Article(
                workspace=WS,
                source=rng.choice(OUTLETS),
                published=pub,
                published_basis="given",
                found_by="bench",
                text=body + " (store only)",
                content_hash=content_hash(body + " (s)"),
            )
            session.add(art)
            await session.flush()
            await store_facts(session, art, facts)
    store_only = n / (time.perf_counter() - t0)
    return full, store_only


EXPLAIN_SQL = {
    "said by speaker": "SELECT id FROM statements WHERE workspace = :w AND speaker_key IN ('trump') "
    "AND date_start IS NOT NULL ORDER BY date_start DESC, first_seen_at DESC, id DESC LIMIT 10",
    "latest": "SELECT id FROM events WHERE workspace = :w AND date_start IS NOT NULL "
    "ORDER BY date_start DESC LIMIT 1 OFFSET 9",
    "troops current": "SELECT id FROM troop_counts WHERE workspace = :w AND country IN ('Syria') AND kind = 'level' "
    "AND date_start <= '2020-01-01' AND status != 'planned' ORDER BY date_start DESC, id DESC LIMIT 20",
    "sources": "SELECT a.id FROM statement_sources s JOIN articles a ON a.id = s.article_id "
    "WHERE s.fact_id IN (1, 2, 3)",
}


async def explain(factory: async_sessionmaker[AsyncSession], backend: str) -> None:
    """Print the plans of the main queries."""
    async with factory() as session:
        for name, sql in EXPLAIN_SQL.items():
            prefix = "EXPLAIN QUERY PLAN " if backend == "sqlite" else "EXPLAIN "
            rows = (await session.execute(text(prefix + sql), {"w": WS})).all()
            print(f"    plan {name}:")
            for row in rows:
                print("      " + str(row[-1]))


async def run_backend(backend: str, data: Data, args: argparse.Namespace) -> None:
    """Load, time every ask, and time ingestion on one backend."""
    schema = None
    drop_schema = False
    tmp = tempfile.TemporaryDirectory()
    t0 = time.perf_counter()
    if backend == "sqlite":
        path = Path(args.sqlite_path) if args.sqlite_path else Path(tmp.name) / "bench.db"
        reuse = path.exists()
        engine = make_engine(f"sqlite:///{path}")
        await migrate(engine)
        await engine.dispose()
        if not reuse:
            load_sqlite(path, data)
        engine = make_engine(f"sqlite:///{path}")
    else:
        schema = args.pg_schema or f"bench_{uuid.uuid4().hex[:10]}"
        drop_schema = not args.pg_schema
        admin = create_async_engine(async_url(args.pg_url))
        async with admin.begin() as conn:
            reuse = bool(await conn.scalar(text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": schema}))
            if not reuse:
                await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await admin.dispose()
        engine = create_async_engine(
            async_url(args.pg_url), pool_size=5, connect_args={"server_settings": {"search_path": schema}}
        )
        await migrate(engine)
        if not reuse:
            await load_postgres(engine, schema, data)
    factory = make_session_factory(engine)
    print(
        f"{backend}: {'reused' if reuse else 'loaded'} {len(data.articles):,} articles, "
        f"{len(data.troops):,} troop figures, "
        f"{len(data.statements):,} statements, {len(data.events):,} events, "
        f"{len(data.troop_links) + len(data.statement_links) + len(data.event_links):,} source links "
        f"in {time.perf_counter() - t0:.0f} s"
    )
    try:
        if args.explain:
            await explain(factory, backend)
        rng = random.Random(11)
        only = {a.strip() for a in args.only.split(",")} if args.only else None
        for name, make in asks(data, rng).items():
            if only and name not in only:
                continue
            p50, p99, worst, cpu = await time_ask(factory, args.calls, make)
            flag = "" if p99 < 20 else "  <-- over the 20 ms target"
            print(
                f"  {name:22s} p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   max {worst:6.2f} ms   "
                f"cpu {cpu:5.2f} ms/call   load {os.getloadavg()[0]:.2f}{flag}",
                flush=True,
            )
        if args.ingest <= 0:
            return
        full, store_only = await bench_ingest(factory, rng, args.ingest)
        print(
            f"  ingest_text (clean+extract+store): {full:7.1f} articles/s   store stage alone: {store_only:7.1f} "
            f"articles/s   ({args.ingest} articles each)"
        )
    finally:
        await engine.dispose()
        if schema and drop_schema:
            admin = create_async_engine(async_url(args.pg_url))
            async with admin.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            await admin.dispose()
        tmp.cleanup()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--ingest", type=int, default=300)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument(
        "--pg-url", default=os.environ.get("BRIEFBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    )
    ap.add_argument("--explain", action="store_true", help="print the plans of the main queries")
    ap.add_argument("--sqlite-path", help="keep the SQLite store in this file (reused when it exists)")
    ap.add_argument("--pg-schema", help="keep the PostgreSQL store in this schema (reused when it exists)")
    ap.add_argument("--only", help="comma-separated names of the asks to time (default: all)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    data = Data(args.articles)
    print(f"generated {args.articles:,} articles' facts in {time.perf_counter() - t0:.0f} s")
    for backend in args.backends.split(","):
        asyncio.run(run_backend(backend.strip(), data, args))


if __name__ == "__main__":
    main()
