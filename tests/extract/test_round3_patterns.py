"""Round 3: general patterns of news English (casualty wording, count wording, level vs change, events,
seasons, capitals as subjects).

Every article here is written in our own words for one pattern; none is copied from a corpus article.
Each test asserts what a reader of `/troops` or `/latest` would see.
"""

from __future__ import annotations

import datetime as dt

from briefings.extract import extract
from briefings.schemas import Extraction, TroopCount

PUB = dt.date(2024, 5, 15)  # a Wednesday


def _kind(x: Extraction, kind: str) -> list[tuple[int, str]]:
    return sorted((c.value, c.qualifier) for c in x.troop_counts if c.kind == kind)


def _one(x: Extraction, value: int) -> TroopCount:
    found = [c for c in x.troop_counts if c.value == value]
    assert len(found) == 1, [(c.value, c.kind, c.status) for c in x.troop_counts]
    return found[0]


# ---------------------------------------------------------------- casualties
def test_a_single_troop_killed_is_one_casualty_never_a_level() -> None:
    x = extract("A sailor was killed when a mortar round hit the port in Djibouti in April.", PUB)
    c = _one(x, 1)
    assert (c.kind, c.country, c.date) == ("casualty", "Djibouti", "2024-04")


def test_one_more_service_member_wounded_counts_one() -> None:
    x = extract("Shelling hit a second outpost in Iraq, wounding one more American service member.", PUB)
    assert _kind(x, "casualty") == [(1, "exact")]


def test_a_lone_a_or_one_is_no_count_outside_a_casualty() -> None:
    x = extract("One soldier told reporters that a Marine unit had moved to a base in Iraq.", PUB)
    assert x.troop_counts == []


def test_a_speaker_before_a_casualty_report_is_not_a_casualty() -> None:
    x = extract("A soldier said four troops were wounded in the blast in Syria.", PUB)
    assert _kind(x, "casualty") == [(4, "exact")]


def test_killed_and_wounded_others_are_two_counts_placed_where_the_attack_was() -> None:
    x = extract(
        "The rocket strike on an outpost in southern Lebanon killed two Italian soldiers and wounded more than "
        "15 others on Monday.",
        PUB,
    )
    assert _kind(x, "casualty") == [(2, "exact"), (15, "over")]
    assert {c.country for c in x.troop_counts} == {"Lebanon"}
    assert {c.force for c in x.troop_counts if c.value == 2} == {"Italy"}


def test_word_counts_of_other_personnel_wounded() -> None:
    x = extract("Seven other coalition personnel were wounded in the ambush in Syria.", PUB)
    assert _kind(x, "casualty") == [(7, "exact")]


def test_an_elided_second_casualty_count() -> None:
    x = extract("Over 300 French soldiers were killed in Mali, and about 700 have been wounded.", PUB)
    assert _kind(x, "casualty") == [(300, "over"), (700, "approx")]


def test_died_of_wounds_and_brain_injuries_are_casualties() -> None:
    x = extract("A Jordanian soldier died of wounds on Monday in Jordan.", PUB)
    assert [(c.value, c.kind, c.force) for c in x.troop_counts] == [(1, "casualty", "Jordan")]
    x = extract("Twelve US troops suffered traumatic brain injuries in the attack in Iraq.", PUB)
    assert _kind(x, "casualty") == [(12, "exact")]
    assert _kind(x, "level") == []


def test_a_us_and_a_british_soldier_killed_together_are_two_casualties() -> None:
    x = extract("On Monday, a US soldier and a British soldier were killed by a mine in Iraq.", PUB)
    assert sorted(c.force for c in x.troop_counts if c.kind == "casualty") == ["UK", "US"]
