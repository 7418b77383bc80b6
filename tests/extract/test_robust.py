"""The extractor never fails and stays linear: random text, broken quotes, huge sentences.

``extract`` catches any internal error and returns an empty result with an "extraction failed" warning, so
"it returned an Extraction" proves nothing: each test checks that no such warning came back, and that a
real article among the inputs still yields its facts.
"""

from __future__ import annotations

import datetime as dt
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.extract import extract
from briefings.schemas import Extraction

PUB = dt.date(2025, 4, 18)
ARTICLE = (
    "US to withdraw troops from Syria\n\n"
    "The United States will withdraw about 600 troops from Syria, a Pentagon spokesperson said on Thursday.\n\n"
    '"We are confident in our partners," the spokesperson said.\n'
)


def _extracted(text: str) -> Extraction:
    """``extract(text)``, failing the test if the extractor hit an internal error."""
    x = extract(text, PUB)
    assert isinstance(x, Extraction)
    failures = [w for w in x.warnings if w.startswith("extraction failed")]
    assert failures == [], failures
    return x


def test_a_real_article_among_them_yields_its_facts():
    x = _extracted(ARTICLE)
    assert [(t.value, t.kind, t.country) for t in x.troop_counts] == [(600, "change", "Syria")]
    assert any("confident in our partners" in s.text for s in x.statements)
    assert x.events
_PIECES = st.sampled_from(
    ['"', "“", "”", "'", " said ", ", ", ". ", "\n\n", "600 troops", " about ", "Thursday", "U.S.", " the official",
     "according to ", ", saying ", "withdraw ", "in Syria", "\ue000", "\ue0011\ue001", "Gen.", "—", "(AP)", "2,000"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_random_unicode_never_fails(text):
    _extracted(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join))
def test_newsy_fragments_never_fail(text):
    x = _extracted(text)
    x.to_json_dict()  # every fact passes the schema's validators
    # The same fragments before a real article do not stop it being read.
    after = _extracted(text + "\n\n" + ARTICLE)
    assert any(t.value == 600 for t in after.troop_counts)


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
        _extracted(text)
        assert time.perf_counter() - start < 2.0, text[:40]
    # A pathological paragraph in front of a real article leaves the article's facts intact.
    x = _extracted(cases[0] + "\n\n" + ARTICLE)
    assert any(t.value == 600 and t.country == "Syria" for t in x.troop_counts)
