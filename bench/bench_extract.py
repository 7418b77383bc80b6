"""Extraction speed: words per second and p95 milliseconds per ~1,000-word article, on one core.

    .venv/bin/python bench/bench_extract.py [--articles 500]

Articles are built from our own test articles (tests/extract/articles), shuffled
into ~1,000-word texts with varied numbers so no two are alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from pathlib import Path

from briefings.extract import extract

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "extract" / "articles"


def build_corpus(n: int, words: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    paragraphs = [p.strip() for f in sorted(ARTICLES.glob("*.txt")) for p in f.read_text().splitlines() if p.strip()]
    out = []
    for _ in range(n):
        body: list[str] = []
        count = 0
        while count < words:
            p = rng.choice(paragraphs)
            p = p.replace("600", str(rng.randint(100, 999)))
            p = p.replace("2,000", f"{rng.randint(1, 9)},{rng.randint(100, 999)}")
            body.append(p)
            count += len(p.split())
        out.append("\n\n".join(body))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--words", type=int, default=1000)
    args = ap.parse_args()
    corpus = build_corpus(args.articles, args.words)
    published = dt.date(2025, 4, 18)
    extract(corpus[0], published)  # warm regex caches
    times: list[float] = []
    facts = 0
    for text in corpus:
        start = time.perf_counter()
        x = extract(text, published)
        times.append(time.perf_counter() - start)
        facts += len(x.troop_counts) + len(x.statements) + len(x.events)
    total_words = sum(len(t.split()) for t in corpus)
    total = sum(times)
    p95 = statistics.quantiles(times, n=20)[18] * 1000
    print(f"articles            {len(corpus)}")
    print(f"words per article   {total_words / len(corpus):.0f}")
    print(f"facts per article   {facts / len(corpus):.1f}")
    print(f"words per second    {total_words / total:,.0f}")
    print(f"mean ms per article {total / len(corpus) * 1000:.2f}")
    print(f"p95 ms per article  {p95:.2f}")


if __name__ == "__main__":
    main()
