"""Fuzz of the extractor and the date resolver: any text, nothing raises, every output is valid and traceable.

``extract`` catches every exception itself (and turns it into a warning), so
"nothing raises" is checked as "no *extraction failed* warning": a crash hidden
by the catch-all would lose every fact of an article. Each fact's evidence must
be found in the input (after the whitespace and invisible characters that
cleaning removes; lines dropped as boilerplate may be skipped), so provenance
never points at text the article lacks.
Time per input is bounded in :mod:`bench.bench_fuzz`; here only the 5 MB input
is timed, generously, since a regex that backtracks would take minutes, not seconds.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings.dates import DateContext, find_dates, parse_user_date, resolve
from briefings.extract import extract
from briefings.schemas import Extraction, check_fact_date

PUB = dt.date(2025, 4, 18)
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")

QUOTES = ['"', "“", "”", "‘", "’", "'", "«", "»", "„"]
NEWS = [
    " said ", ", ", ". ", "\n\n", "\n", "about 600 troops", " about ", "Thursday", "U.S.", " the official",
    "according to ", ", saying ", "withdraw ", "in Syria", "Gen.", "—", "(AP)", "2,000", " US troops ",
    "last week", "in December", "on March 3, 2025", "earlier that year", "Pentagon spokesperson Dana Whitfield",
    "told reporters", "fewer than 1,000", "roughly", "by 500", "next month", "two years ago", "@everyone", "**",
    "\ue000", "\ue0011\ue001", "\u200b", "\t", "١٢٣", "ـ", "🇺🇸", "\r\n",
]  # fmt: skip
DATE_WORDS = [
    "in", "last", "next", "this", "on", "by", "until", "since", "early", "late", "mid", "the end of", "ago",
    "earlier", "that", "year", "month", "week", "day", "days", "Monday", "Sunday", "January", "May", "Sept",
    "Dec.", "2025", "1999", "2099", "1800", "0", "31", "29", "30", "12", "13", "99", "999", "-", ",", ".", " ",
    "one", "a few", "several", "a couple of", "within", "the next", "recently", "at the time", "a year earlier",
    "the following year", "yesterday", "today", "٣", "１２",
]  # fmt: skip

news_text = st.lists(st.one_of(st.sampled_from(NEWS + QUOTES), st.text(max_size=12)), max_size=80).map("".join)
quote_storm = st.lists(
    st.one_of(st.sampled_from(QUOTES), st.sampled_from(["He said ", "she said. ", " troops ", "\n\n", ", "])),
    max_size=200,
).map("".join)
date_text = st.lists(st.sampled_from(DATE_WORDS), max_size=30).map(" ".join)
published = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))


def _norm(text: str) -> str:
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def in_order(part: list[str], whole: list[str]) -> bool:
    """True when every item of ``part`` occurs in ``whole``, in the same order."""
    it = iter(whole)
    return all(any(w == p for w in it) for p in part)


def check_extraction(text: str, x: Extraction) -> None:
    """The properties every extraction has, whatever its input."""
    assert not [w for w in x.warnings if w.startswith("extraction failed")], x.warnings
    again = Extraction.model_validate(x.to_json_dict())
    assert again.to_json_dict() == x.to_json_dict()
    source = _norm(text)
    words = source.split(" ")
    for fact in [*x.troop_counts, *x.statements, *x.events]:
        evidence = _norm(fact.evidence)
        assert evidence, f"empty evidence for {fact!r}"
        # Cleaning drops boilerplate lines and joins the rest of a paragraph, so evidence may skip a line;
        # it never holds a word the input lacks, nor reorders them.
        assert evidence in source or in_order(evidence.split(" "), words), f"evidence not in the input: {evidence!r}"


@FUZZ
@given(st.text(max_size=400), published)
def test_extract_on_any_unicode(text: str, pub: dt.date) -> None:
    check_extraction(text, extract(text, pub))


@FUZZ
@given(news_text, published)
def test_extract_on_news_fragments(text: str, pub: dt.date) -> None:
    check_extraction(text, extract(text, pub))


@FUZZ
@given(quote_storm)
def test_extract_on_unbalanced_and_nested_quotes(text: str) -> None:
    check_extraction(text, extract(text, PUB))


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(NEWS), min_size=500, max_size=3000).map(lambda parts: " ".join(parts).replace(".", "")))
def test_extract_on_very_long_sentences(text: str) -> None:
    check_extraction(text, extract(text, PUB))


def five_mb_input(seed: int = 5) -> str:
    """5 MB of the fuzz families, no block repeated: unicode noise, quote storms, sentences without periods, facts."""
    rng = random.Random(seed)
    alphabet = "abcdefghij klmnop qrstuvwxyz ÄéßЖж中文ـ١٢٣🇺🇸 ,.;:—-()[]\n" + "".join(QUOTES)
    storm_parts = [*QUOTES, " said ", " troops ", "\n\n"]
    parts: list[str] = []
    size = 0
    while size < 5_000_000:
        kind = len(parts) % 3
        if kind == 0:
            block = "".join(rng.choices(alphabet, k=50_000))
        elif kind == 1:
            block = "".join(rng.choices(storm_parts, k=10_000))
        else:
            block = " ".join(rng.choices(NEWS, k=5_000)).replace(".", "")
        fact = (
            f'About {1000 + len(parts):,} US troops are in Syria, "we will stay," Dana Whitfield, a Pentagon '
            "spokesperson, said on Thursday.\n\n"
        )
        parts += [block, "\n\n", fact]
        size += len(block) + len(fact) + 2
    return "".join(parts)[:5_000_000]


def test_extract_on_5_mb_finishes_in_seconds() -> None:
    text = five_mb_input()
    start = time.perf_counter()
    x = extract(text, PUB)
    elapsed = time.perf_counter() - start
    check_extraction(text, x)
    assert x.troop_counts and x.statements, "the facts among the noise are found"
    # Seconds on a laptop; a regex that backtracked on any of these families would take minutes.
    assert elapsed < 15, f"5 MB took {elapsed:.1f} s"


# --- dates ---------------------------------------------------------------------------------------


def check_dates(text: str, pub: dt.date) -> None:
    ctx = DateContext(published=pub)
    for m in find_dates(text, ctx):
        assert text[m.start : m.end] == m.text
        check_fact_date(m.value)
    value = resolve(text, pub, last_year=pub.year - 3)
    check_fact_date(value)


@FUZZ
@given(st.text(max_size=300), published)
def test_dates_on_any_unicode(text: str, pub: dt.date) -> None:
    check_dates(text, pub)


@FUZZ
@given(date_text, published)
def test_dates_on_date_word_soup(text: str, pub: dt.date) -> None:
    check_dates(text, pub)


@FUZZ
@given(st.one_of(st.text(max_size=60), date_text, st.text(min_size=6000, max_size=6000, alphabet="9-/ ")))
def test_user_dates_parse_or_explain(text: str) -> None:
    try:
        parse_user_date(text, today=PUB)
    except ValueError as exc:
        assert len(str(exc)) < 600, "the message quotes at most 40 characters of the input"


@pytest.mark.parametrize(
    ("expr", "expected"),
    [("three years ago", "2022"), ("next year", "2026"), ("in December", "2024-12"), ("last Friday", "2025-04-11")],
)
def test_resolver_still_resolves(expr: str, expected: str) -> None:
    # Guards the fuzz above against passing on a resolver that returns None for everything.
    assert resolve(expr, PUB) == expected
