"""Helpers for the extractor tests: load our own articles and look facts up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefings.extract import extract
from briefings.schemas import Extraction, Statement, TroopCount

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="session")
def article():
    cache: dict[tuple[str, str], Extraction] = {}

    def load(name: str, published: str) -> Extraction:
        key = (name, published)
        if key not in cache:
            raw = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
            cache[key] = extract(raw, dt.date.fromisoformat(published))
        return cache[key]

    return load


def count(x: Extraction, value: int, kind: str = "level") -> TroopCount:
    found = [t for t in x.troop_counts if t.value == value and t.kind == kind]
    assert len(found) == 1, f"want one {kind} of {value}, got {x.troop_counts}"
    return found[0]


def said(x: Extraction, words: str) -> Statement:
    found = [s for s in x.statements if words.lower() in s.text.lower()]
    assert len(found) == 1, f"want one statement with {words!r}, got {[s.text for s in x.statements]}"
    return found[0]
