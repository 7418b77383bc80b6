"""Patterns of news English that the held-out corpus showed the extractor missing.

Every article here is written in our own words for one pattern; none is taken from a corpus
article. Each test asserts what a reader of `/troops`, `/said` or `/latest` would see.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.clean import clean_text
from briefings.extract import extract
from briefings.schemas import Extraction, Statement, TroopCount

PUB = dt.date(2024, 5, 15)  # a Wednesday


def _said(x: Extraction, start: str) -> Statement:
    found = [s for s in x.statements if s.text.startswith(start)]
    assert found, [(s.speaker, s.text) for s in x.statements]
    return found[0]


def _counts(x: Extraction, value: int) -> list[TroopCount]:
    return [c for c in x.troop_counts if c.value == value]


# ---------------------------------------------------------------- datelines
@pytest.mark.parametrize(
    "dateline",
    ["ANKARA, May 14, 2024 — ", "BERLIN (AP) — ", "NICOSIA (Reuters) - ", "OSLO/STOCKHOLM, May 14 (Reuters) - "],
)
def test_a_wire_dateline_is_dropped_from_the_lede(dateline: str) -> None:
    x = extract(dateline + "Some 400 troops will leave Cyprus by June, the defence ministry said on Tuesday.", PUB)
    assert _said(x, "Some 400 troops").speaker == "defence ministry"
    assert x.events and x.events[0].summary.startswith("Some 400 troops")


def test_capitalised_prose_is_not_a_dateline() -> None:
    assert clean_text("NATO - the alliance - said it would stay.").paragraphs == [
        "NATO - the alliance - said it would stay."
    ]


def test_a_date_in_a_since_phrase_does_not_date_the_lede() -> None:
    x = extract(
        "OSLO (Reuters) - The army has brought home about 300 soldiers from Latvia, the smallest contingent since "
        "the mission began in 2017, the defence ministry said on Tuesday.",
        PUB,
    )
    assert x.events[0].date == "2024-05-14"
    change = _counts(x, 300)
    assert change and change[0].date == "2024-05-14"
