"""Cleaning pasted article text: body kept, boilerplate dropped and listed."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from briefings.clean import clean_text

PASTE = """Army to shrink Baltic rotation next year
By Maria Lind
12:44 PM, Apr 18, 2025
Getty Images
Soldiers march past a row of armoured vehicles during an exercise near Tapa
The Army will shrink its rotation in Estonia to about 600 soldiers, officials said Thursday.
In this photo taken on March 3, 2025, soldiers unload a truck. (AP)
The decision follows a review of force posture in northern Europe that
began in January and ended last week.
Share
3 hours ago
Comments
Our correspondent Ann Berg has the latest from Tallinn.
Reuters contributed to this report.
Source: agencies
"""


def test_body_title_and_dateline():
    c = clean_text(PASTE)
    assert c.title == "Army to shrink Baltic rotation next year"
    assert c.dateline == dt.date(2025, 4, 18)
    assert c.paragraphs == [
        "The Army will shrink its rotation in Estonia to about 600 soldiers, officials said Thursday.",
        "The decision follows a review of force posture in northern Europe that began in January and ended last week.",
    ]
    assert c.text == "\n\n".join(c.paragraphs)


def test_everything_removed_is_listed():
    c = clean_text(PASTE)
    for gone in ("By Maria Lind", "Getty Images", "3 hours ago", "Comments", "Share", "Source: agencies",
                 "Reuters contributed to this report."):
        assert gone in c.dropped
    assert any(d.startswith("Soldiers march past") for d in c.dropped)  # the caption under a credit
    assert any(d.startswith("In this photo taken") for d in c.dropped)
    assert any("has the latest" in d for d in c.dropped)


def test_other_dateline_forms():
    assert clean_text("date 2025-04-18 The US will act, officials said.").dateline == dt.date(2025, 4, 18)
    assert clean_text("date 2025-04-18 The US will act, officials said.").paragraphs == [
        "The US will act, officials said."
    ]
    assert clean_text("Published 3 March 2024\nTroops left the base on Monday, the army said.").dateline == dt.date(
        2024, 3, 3
    )


def test_cleaning_is_idempotent_on_its_output():
    once = clean_text(PASTE)
    twice = clean_text(once.text)
    assert twice.paragraphs == once.paragraphs and twice.dropped == []


@given(st.text(max_size=500))
def test_never_raises_and_keeps_no_private_use_characters(raw):
    c = clean_text(raw)
    assert "\ue000" not in c.text and "\ue001" not in c.text


def test_a_wire_dateline_with_its_year_dates_the_article():
    c = clean_text("WASHINGTON, Nov. 20, 2025 — The Pentagon said on Thursday that about 1,000 troops remain.")
    assert c.dateline == dt.date(2025, 11, 20)
    assert c.paragraphs == ["The Pentagon said on Thursday that about 1,000 troops remain."]
    assert clean_text("BAGHDAD, 3 March 2024 (AP) — Iraq said so.").dateline == dt.date(2024, 3, 3)
    # without a year it dates nothing, but it is still no part of the lede
    c = clean_text("KYIV, Jan. 15 (Reuters) - Russia said so.")
    assert (c.dateline, c.paragraphs) == (None, ["Russia said so."])
    c = clean_text("IRBIL, Iraq (AP) -- Iraq and the coalition concluded their talks.")
    assert (c.dateline, c.paragraphs) == (None, ["Iraq and the coalition concluded their talks."])
