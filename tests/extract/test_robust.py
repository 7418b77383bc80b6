"""The extractor never raises and stays linear: random text, broken quotes, huge sentences."""

from __future__ import annotations

import datetime as dt
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract import extract
from briefings.schemas import Extraction

PUB = dt.date(2025, 4, 18)
_PIECES = st.sampled_from(
    ['"', "“", "”", "'", " said ", ", ", ". ", "\n\n", "600 troops", " about ", "Thursday", "U.S.", " the official",
     "according to ", ", saying ", "withdraw ", "in Syria", "\ue000", "\ue0011\ue001", "Gen.", "—", "(AP)", "2,000"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_random_unicode_never_raises(text):
    assert isinstance(extract(text, PUB), Extraction)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join))
def test_newsy_fragments_never_raise(text):
    x = extract(text, PUB)
    x.to_json_dict()  # every fact passes the schema's validators


def test_pathological_inputs_are_fast():
    cases = [
        "He said " + '"' * 20_000,
        "“" * 5_000 + "troops " * 5_000,
        "The US will withdraw " + "about 600 troops, " * 8_000 + "an official said.",
        ("word " * 50_000).strip(),
        "A" * 200_000,
    ]
    for text in cases:
        start = time.perf_counter()
        extract(text, PUB)
        assert time.perf_counter() - start < 2.0, text[:40]
