"""Extractor time per KB across hostile input families and sizes: is it linear, and what is slowest?

    .venv/bin/python bench/bench_fuzz.py [--sizes 1,10,100,1000] [--five-mb] [--repeat 3]

Families: random unicode, quote storms (straight and curly, unbalanced and
nested), long sentences without periods, repeated digits and number words, many
date expressions, dense news paragraphs, and (with ``--five-mb``) the dense news
family at 5 MB. Every block is generated fresh, so the cleaner's boilerplate
dedupe cannot shrink the input. Prints ms per KB for each family and size, the
slowest family per KB, and the growth ratio ms/KB at 1 MB over ms/KB at 10 KB
(about 1 means linear; a backtracking regex shows as a ratio far above 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable

from briefings.dates import DateContext, find_dates
from briefings.extract import extract

PUB = dt.date(2025, 4, 18)
QUOTES = ['"', "“", "”", "‘", "’", "'", "«", "»", "„"]
NUMBER_WORDS = ["600", "2,000", "1", "0", "999,999", "one", "two", "thousand", "hundreds", "dozens", "1.5 million",
                "3,4", "7 7 7", "a few", "several", "about", "roughly", "troops", "US", ","]  # fmt: skip
DATE_WORDS = ["in December", "last Friday", "on March 3, 2025", "2025-04-01", "earlier that year", "two weeks ago",
              "by the end of 2026", "next month", "at the time", "in 1999", "since Monday", "this week",
              "the following year", "mid-2024", "within the next few weeks", "Sept 12", "12th of May"]  # fmt: skip
NEWS = ["The Pentagon said on Thursday that about 2,000 US troops are in Syria.",
        '"We will stay as long as needed," Dana Whitfield, a Pentagon spokesperson, said.',
        "The US will withdraw about 600 troops by next month, officials said.",
        "Lawmakers debated the mission in December, according to two aides.",
        "A drone struck a base in eastern Syria last week, wounding three service members.",
        "Kurdish-led forces said the number had fallen to fewer than 1,000 earlier that year."]  # fmt: skip


def _unicode(rng: random.Random, n: int) -> str:
    # Code points from every plane we can encode, plus spaces and newlines so there are "words" and paragraphs.
    out = []
    while len(out) < n:
        cp = rng.randint(0x20, 0x2FFFF)
        if 0xD800 <= cp <= 0xDFFF:
            continue
        out.append(chr(cp) if rng.random() > 0.15 else rng.choice(" \n.,"))
    return "".join(out)


def _pieces(parts: list[str], sep: str) -> Callable[[random.Random, int], str]:
    def make(rng: random.Random, n: int) -> str:
        out: list[str] = []
        size = 0
        while size < n:
            p = rng.choice(parts)
            # A changing number keeps every stretch distinct.
            p = p.replace("600", str(rng.randint(100, 999)))
            out.append(p)
            size += len(p) + len(sep)
        return sep.join(out)[:n]

    return make


def _quote_storm(rng: random.Random, n: int) -> str:
    return _pieces([*QUOTES, " He said ", " she said. ", " troops ", "\n\n", ", ", "word"], "")(rng, n)


def _long_sentence(rng: random.Random, n: int) -> str:
    return _pieces(NEWS, " ")(rng, n).replace(".", "").replace("\n", " ")


FAMILIES: dict[str, Callable[[random.Random, int], str]] = {
    "random unicode": _unicode,
    "quote storm": _quote_storm,
    "long sentence, no periods": _long_sentence,
    "digits and number words": _pieces(NUMBER_WORDS, " "),
    "many date expressions": _pieces(DATE_WORDS, ", "),
    "dense news": _pieces(NEWS, " "),
}


def time_extract(text: str, repeat: int) -> float:
    """The best of ``repeat`` runs, in seconds (best: the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        extract(text, PUB)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,100,1000", help="sizes in KB (default 1,10,100,1000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per input below 1 MB (best is kept)")
    ap.add_argument("--five-mb", action="store_true", help="also time the dense news family at 5 MB")
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(args.seed)
    extract("warm up the regex caches", PUB)

    per_kb: dict[tuple[str, int], float] = {}
    print(f"{'family':28}" + "".join(f"{f'{s} KB':>12}" for s in sizes) + "   (ms per KB)")
    for name, make in FAMILIES.items():
        row = []
        for kb in sizes:
            text = make(rng, kb * 1000)
            seconds = time_extract(text, args.repeat if kb < 1000 else 1)
            per_kb[name, kb] = seconds * 1000 / kb
            row.append(per_kb[name, kb])
        print(f"{name:28}" + "".join(f"{v:12.3f}" for v in row), flush=True)

    # The date resolver alone, on the date family (it runs per sentence inside extract).
    dates_text = FAMILIES["many date expressions"](rng, 1_000_000)
    start = time.perf_counter()
    found = len(find_dates(dates_text, DateContext(published=PUB)))
    date_ms = (time.perf_counter() - start) * 1000
    print(f"\nfind_dates on 1 MB of date expressions: {date_ms:.0f} ms ({date_ms / 1000:.3f} ms/KB, {found} dates)")

    worst = max(per_kb, key=lambda k: per_kb[k])
    print(f"slowest input per KB: {worst[0]} at {worst[1]} KB, {per_kb[worst]:.3f} ms/KB")
    if 10 in sizes and 1000 in sizes:
        print("growth, ms/KB at 1 MB / ms/KB at 10 KB (1.0 = linear):")
        for name in FAMILIES:
            ratio = per_kb[name, 1000] / per_kb[name, 10] if per_kb[name, 10] else float("nan")
            print(f"  {name:28}{ratio:8.2f}")
        worst_ratio = max(per_kb[n, 1000] / per_kb[n, 10] for n in FAMILIES if per_kb[n, 10])
        print(f"worst growth ratio: {worst_ratio:.2f}")
    if args.five_mb:
        text = FAMILIES["dense news"](rng, 5_000_000)
        seconds = time_extract(text, 1)
        print(f"dense news, 5 MB: {seconds:.1f} s ({seconds * 1000 / 5000:.3f} ms/KB)")


if __name__ == "__main__":
    main()
