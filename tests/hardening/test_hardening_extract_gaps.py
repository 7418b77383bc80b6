"""Gaps in the extractor that the hardening work found; strict xfails until the extractor's owner fixes them.

Each is a common pattern of news English, written here in our own words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.extract import extract

PUB = dt.date(2025, 3, 3)


@pytest.mark.parametrize("dateline", ["WASHINGTON, March 3, 2025 — ", "WASHINGTON (AP) — "])
def test_a_dateline_is_not_part_of_what_was_said(dateline: str) -> None:
    x = extract(dateline + "About 1,500 US troops remain in Syria, the Pentagon said on Monday.", PUB)
    assert x.statements and x.events
    assert all(s.text.startswith("About 1,500") for s in x.statements), [s.text for s in x.statements]
    assert all("WASHINGTON" not in e.summary for e in x.events), [e.summary for e in x.events]
