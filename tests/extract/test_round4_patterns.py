"""Round 4: patterns a blind held-out set exposed (dates governed by their own clause, a second figure in one
sentence, count wordings, places named by their bases, statements).

Every article here is written in our own words for one pattern; none is copied from a corpus article.
Each test asserts what a reader of `/troops`, `/said` or `/latest` would see.
"""

from __future__ import annotations

import datetime as dt

from briefings.extract import extract
from briefings.schemas import Extraction, TroopCount

PUB = dt.date(2024, 5, 15)  # a Wednesday


def _one(x: Extraction, value: int) -> TroopCount:
    found = [c for c in x.troop_counts if c.value == value]
    assert len(found) == 1, [(c.value, c.kind, c.status, c.country) for c in x.troop_counts]
    return found[0]


# ---------------------------------------------------------------- regressions of round 3, generalised
def test_another_force_placed_elsewhere_is_a_level_not_a_deployment() -> None:
    x = extract(
        "About 700 American troops remain in Syria. Another 1,800 soldiers are in neighbouring Iraq, where they "
        "train local units.",
        PUB,
    )
    c = _one(x, 1800)
    assert (c.kind, c.country, c.direction) == ("level", "Iraq", None)


def test_another_force_sent_is_still_a_deployment() -> None:
    x = extract("Another 1,800 soldiers will be sent to Iraq next month, officials said.", PUB)
    c = _one(x, 1800)
    assert (c.kind, c.direction, c.status) == ("change", "increase", "planned")


def test_a_date_in_the_baseline_clause_does_not_date_the_planned_level() -> None:
    x = extract(
        "The new orders will raise the number of US advisers in Syria to about 420, up from the roughly 70 "
        "special operations troops first deployed last winter.",
        PUB,
    )
    planned, base = _one(x, 420), _one(x, 70)
    assert (planned.status, planned.date) == ("planned", "2024-05")
    # The 70 are there until the new orders take effect: the sending date is not the level's date.
    assert (base.status, base.date) == ("current", "2024-05")


def test_a_date_of_an_agreement_does_not_date_the_force_it_governs() -> None:
    x = extract(
        "A contingent of roughly 650 troops will stay in Iraq under the accord signed between the two "
        "governments last year.",
        PUB,
    )
    assert _one(x, 650).date == "2024-05"


def test_a_base_named_in_the_gazetteer_places_the_force() -> None:
    x = extract(
        "Under the new plan in Syria, a roughly 1,100-strong allied contingent will remain at Erbil airport "
        "until next spring.",
        PUB,
    )
    c = _one(x, 1100)
    assert (c.kind, c.country, c.qualifier) == ("level", "Iraq", "approx")
