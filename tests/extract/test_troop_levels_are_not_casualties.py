"""The wounded, the evacuated, a subset and one base's complement are never a country's troop level.

Each sentence is our own, written for one class of error seen on real articles: a count of hurt or
returned-to-duty troops, a part of a group already counted, or the troops of one base read as the
country's level becomes a wrong answer to ``/troops``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.extract import extract

PUB = dt.date(2025, 3, 14)  # a Friday


def counts(text: str) -> list[tuple]:
    return [(c.value, c.kind, c.status, c.country) for c in extract(text, PUB).troop_counts]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a participle right after the troops, past a coordinated second group
        ("A rocket struck the outpost in Syria, and seven U.S. service members and one interpreter wounded.",
         [(7, "casualty", "past", "Syria")]),
        ("Nine U.S. soldiers and a contractor were hurt when the drone hit a base in Syria on Tuesday.",
         [(9, "casualty", "past", "Syria")]),
        # "left N with injuries" is no "leaving N" level
        ('The salvo on the base in Iraq left 14 American personnel with "minor injuries," officials said.',
         [(14, "casualty", "past", "Iraq")]),
        # treated, diagnosed, flown to hospital, back on duty
        ("The Army treated 12 of its soldiers in Iraq for concussion symptoms after the strike.",
         [(12, "casualty", "past", "Iraq")]),
        ("Six troops diagnosed with traumatic brain injuries were flown to a hospital in Germany.", []),
        ("In Syria, five soldiers had already returned to duty by Wednesday, the spokesman said.",
         [(5, "casualty", "past", "Syria")]),
        ("Two U.S. service members in Syria remain in stable condition, the command said.",
         [(2, "casualty", "past", "Syria")]),
    ],
)
def test_hurt_and_evacuated_troops_are_casualties(sentence: str, expected: list[tuple]) -> None:
    found = counts(sentence)
    assert [c for c in found if c[1] != "casualty"] == [], found
    for item in expected:
        assert item in found, found


def test_a_subset_of_the_wounded_is_no_level() -> None:
    text = ("Eight U.S. troops were wounded in the attack in Syria on Monday.\n\n"
            "Three of the service members are in serious condition, an official said.")
    found = counts(text)
    assert (8, "casualty", "past", "Syria") in found
    assert [c for c in found if c[1] == "level"] == []


def test_a_subset_outside_any_casualty_talk_is_dropped() -> None:
    assert counts("Four of the U.S. advisers in Syria speak Arabic, the officer said.") == []


def test_an_anaphor_repeats_a_count_already_told() -> None:
    text = ("The Pentagon is sending about 300 Marines to Syria.\n\n"
            "These 300 troops will bring the number of U.S. forces in Syria to about 1,200.")
    found = counts(text)
    assert (300, "level", "current", "Syria") not in found
    assert (300, "change", "current", "Syria") in found
    assert (1200, "level", "planned", "Syria") in found


def test_the_additional_troops_are_an_increase_not_a_level() -> None:
    found = extract("The additional 700 troops in Syria are rotational forces, the spokesman said.", PUB).troop_counts
    assert [(c.value, c.kind, c.direction) for c in found] == [(700, "change", "increase")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Some 1,800 U.S. troops were at the air base in Iraq when the missiles landed.",
        "About 600 American soldiers are stationed at the Harir base, the ministry said.",
        "The outpost in Syria hosts roughly 200 U.S. troops and a few contractors.",
    ],
)
def test_one_base_complement_is_not_the_country_level(sentence: str) -> None:
    assert [c for c in counts(sentence) if c[1] == "level"] == []


def test_several_bases_still_give_the_country_level() -> None:
    found = counts("About 900 U.S. troops are assigned to the Conoco site and other bases in Syria.")
    assert found == [(900, "level", "current", "Syria")]


def test_abbreviation_stops_do_not_end_a_clause() -> None:
    # The "U.S." inside the clause used to cut the window that finds "were wounded".
    found = counts("A U.S. contractor died and four U.S. service members and one U.S. contractor were wounded "
                   "in Syria on Thursday.")
    assert (4, "casualty", "past", "Syria") in found
    assert [c for c in found if c[1] == "level"] == []


@pytest.mark.parametrize(
    "text",
    [
        "About 120 soldiers from the 1st Battalion of the Ohio National Guard got a warm welcome home on Friday "
        "after nine months in Syria.",
        "Twenty Soldiers from the Nevada Army National Guard's 422nd Signal Company were honored during a "
        "homecoming ceremony in Reno after serving in Syria.",
    ],
)
def test_a_units_homecoming_is_no_level_and_no_change(text: str) -> None:
    assert counts(text) == []


def test_a_unit_that_lost_members_counts_casualties() -> None:
    found = counts("She served in Syria with the 3rd Squadron, 2nd Cavalry Regiment, which lost three members in a "
                   "roadside bombing.")
    assert found == [(3, "casualty", "past", "Syria")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Fewer than 80 U.S. Army Rangers are in Manbij to keep the two sides apart.",
        "The Pentagon sent two teams with approximately 30 personnel to Baghdad's operations centre in Iraq.",
        "Trump said the 150 to 250 U.S. troops deployed to a desert outpost in Syria will stay there.",
    ],
)
def test_one_city_team_or_outpost_is_not_the_country_level(sentence: str) -> None:
    assert [c for c in counts(sentence) if c[1] == "level"] == []
