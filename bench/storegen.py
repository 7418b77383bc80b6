"""A generated store for the benchmarks: 100,000 articles' worth of facts, bulk-inserted.

One generator for every benchmark that needs a big store (``bench_answers.py``,
``bench_ingest.py``): the extractor is not run, the rows go straight into the
migrated tables. Per article about 3 troop figures, 5 statements and 4 events,
merged into facts with 1 to 4 sources each; about 200 speakers quoted with a
long-tailed frequency, several countries, dates spread over twelve years with
day, month and year precision and a few undated facts. The facts carry the
store stage's real keys (``troop_key``, ``statement_key``, ``event_key``) and
word-index rows, so a new article merges with them as it would in service.

``article_texts`` writes news-like articles (with the facts a reader finds in
them) for the ingestion figures.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from briefings.periods import period
from briefings.schemas import Event, Extraction, Statement, TroopCount
from briefings.speakers import speaker_key
from briefings.store import content_hash, event_key, statement_key, troop_key, word_keys

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
        # The word index the store stage keeps (migration 0009), built as it builds it.
        self.statement_words: list[tuple] = []
        self.event_words: list[tuple] = []
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
                key = statement_key(skey)
                self.statement_words += [(fid, k, s, e) for k in word_keys(WS, key, words)]
                for src in sources(aid):
                    link_ids[1] += 1
                    self.statement_links.append((link_ids[1], fid, src, f"{words}, {name} said.", now))
            for _ in range(self._draws(4 * mention_scale)):
                date = _fact_date(rng, pub)
                summary = _sentence(rng, self.vocab, rng.randint(8, 18)) + "."
                fid = len(self.events) + 1
                s, e = dates(date)
                self.events.append((fid, WS, event_key(date), date, s, e, now, now, summary))
                self.event_words += [(fid, k, s, e) for k in word_keys(WS, event_key(date), summary)]
                for src in sources(aid):
                    link_ids[2] += 1
                    self.event_links.append((link_ids[2], fid, src, summary, now))

    def _draws(self, mean: float) -> int:
        base = int(mean)
        return base + (1 if self.rng.random() < mean - base else 0)

    def tables(self) -> list[tuple[str, list[str], list[tuple]]]:
        fact = ["id", "workspace", "fact_key", "date", "date_start", "date_end", "first_seen_at", "updated_at"]
        link = ["id", "fact_id", "article_id", "evidence", "added_at"]
        words = ["fact_id", "word_key", "date_start", "date_end"]
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
            ("statement_words", words, self.statement_words),
            ("event_words", words, self.event_words),
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
        for table, cols, _ in data.tables():
            if "id" not in cols:
                continue  # the word tables have no sequence
            seq = f"{table}_id_seq"
            await raw.execute(f'SELECT setval(\'"{schema}".{seq}\', (SELECT max(id) FROM "{schema}".{table}))')



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

