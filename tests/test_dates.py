"""Date expressions resolved against publication, and dates typed by users."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefings.dates import DateContext, find_dates, parse_user_date, resolve

PUB = dt.date(2025, 4, 18)  # a Friday


@pytest.mark.parametrize(
    ("expr", "want"),
    [
        ("Thursday", "2025-04-17"), ("on Friday", "2025-04-18"), ("last Friday", "2025-04-11"),
        ("in December", "2024-12"), ("in April", "2025-04"), ("last week", "2025-04-11"),
        ("last month", "2025-03"), ("earlier this year", "2025"), ("late 2024", "2024"), ("in 2019", "2019"),
        ("October 7, 2023", "2023-10-07"), ("7 October 2023", "2023-10-07"), ("2023-10-07", "2023-10-07"),
        ("Oct. 7", "2024-10-07"), ("April 2", "2025-04-02"), ("in December 2024", "2024-12"),
        ("in recent weeks", "2025-04"), ("this week", "2025-04"), ("next month", "2025-05"),
        ("two weeks ago", "2025-04-04"), ("yesterday", "2025-04-17"), ("in the coming months", None),
        ("the troops may leave", None), ("March on", None),
    ],
)  # fmt: skip
def test_resolve(expr, want):
    assert resolve(expr, PUB) == want


def test_earlier_that_year_uses_the_year_last_named():
    assert resolve("earlier that year", PUB, last_year=2024) == "2024"
    ctx = DateContext(published=PUB)
    found = find_dates("In December 2024 it said levels had doubled earlier that year.", ctx)
    assert [d.value for d in found] == ["2024-12", "2024"]


def test_at_the_time_is_the_date_last_established():
    ctx = DateContext(published=PUB)
    find_dates("Assad was overthrown in late 2024.", ctx)
    assert [d.value for d in find_dates("Trump wrote at the time.", ctx)] == ["2024"]


def test_future_expressions_are_flagged():
    ctx = DateContext(published=PUB)
    found = find_dates("strikes as soon as Saturday, by September 2026, within two months", ctx)
    assert all(d.future for d in found) and len(found) == 3


@pytest.mark.parametrize(
    ("typed", "want"),
    [("2025-04-18", dt.date(2025, 4, 18)), ("18 April 2025", dt.date(2025, 4, 18)),
     ("Apr 18 2025", dt.date(2025, 4, 18)), ("April 18, 2025", dt.date(2025, 4, 18)),
     ("yesterday", dt.date(2025, 4, 17)), (" today ", dt.date(2025, 4, 18))],
)  # fmt: skip
def test_parse_user_date(typed, want):
    assert parse_user_date(typed, today=PUB) == want


@pytest.mark.parametrize("bad", ["", "soon", "2025-02-30", "31 Foo 2025", "18/04"])
def test_parse_user_date_rejects_with_a_message(bad):
    with pytest.raises(ValueError, match="date"):
        parse_user_date(bad, today=PUB)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_user_date_round_trips(d):
    assert parse_user_date(d.isoformat()) == d
    assert parse_user_date(f"{d.day} {d.strftime('%B')} {d.year}") == d
    assert parse_user_date(f"{d.strftime('%b')} {d.day} {d.year}") == d


@given(st.text(max_size=60))
def test_parse_user_date_raises_only_value_error(s):
    try:
        parse_user_date(s, today=PUB)
    except ValueError:
        pass


@given(st.text(max_size=200), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 1, 1)))
def test_found_dates_are_valid_fact_dates_not_after_publication_unless_future(text, pub):
    for d in find_dates(text, DateContext(published=pub)):
        if d.value is not None and not d.future:
            assert d.value[:4] <= str(pub.year)


def test_patterns_from_the_held_out_corpus():
    """Weekends, a month after a year named in the same sentence, a year used as an adjective."""
    import datetime as _dt

    from briefings.dates import DateContext, find_dates

    def first(text: str, pub: _dt.date) -> tuple[str | None, bool]:
        found = find_dates(text, DateContext(published=pub))
        return found[-1].value, found[-1].future

    friday = _dt.date(2023, 3, 24)
    assert first("Rangers arrived last weekend", friday) == ("2023-03-18", False)
    assert first("the talks went on over the weekend", _dt.date(2023, 3, 27)) == ("2023-03-25", False)
    assert first("since 2021, when strikes were ordered in February", friday) == ("2021-02", False)
    assert first("In February, strikes were ordered", friday) == ("2023-02", False)
    assert first("the shift follows a 2021 agreement", friday) == ("2021", False)
    assert find_dates("the 2021 troops", DateContext(published=friday)) == []
