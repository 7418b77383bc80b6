"""Where and when troops were hurt: the attack's place and day, not the article's.

Our own sentences for errors seen on real articles: casualties filed under another country the
sentence names, dated on the day their number was told, or missed in a timeline's dated entries.
"""

from __future__ import annotations

import datetime as dt

from briefings.extract import extract

PUB = dt.date(2024, 2, 2)  # a Friday


def casualties(text: str) -> list[tuple]:
    return [(c.value, c.country, c.date) for c in extract(text, PUB).troop_counts if c.kind == "casualty"]


def test_the_place_after_the_casualties_when_none_is_before() -> None:
    text = ("The drone strike that killed two U.S. soldiers and wounded dozens in eastern Jordan on Sunday was the "
            "latest of many by militias in Iraq and Syria.")
    assert casualties(text) == [(2, "Jordan", "2024-01-28")]


def test_the_place_nearest_before_the_casualties() -> None:
    text = "U.S. troops in Iraq and Syria came under fire; a rocket attack in Syria wounded four U.S. soldiers."
    assert [(v, c) for v, c, _ in casualties(text)] == [(4, "Syria")]


def test_a_single_soldier_left_in_critical_condition() -> None:
    text = "A drone attack in Iraq on Jan. 3 left one U.S. service member in critical condition."
    assert casualties(text) == [(1, "Iraq", "2024-01-03")]


def test_a_timeline_entry_dated_in_capitals() -> None:
    text = "JAN. 9 – A rocket attack on a base in Syria wounds three U.S. personnel."
    assert casualties(text) == [(3, "Syria", "2024-01-09")]


def test_later_casualty_counts_take_the_attack_day() -> None:
    text = ("Five U.S. soldiers were wounded in a raid in northern Syria on Tuesday night.\n\n"
            "A spokesman told reporters on Thursday that two of the soldiers had already returned to duty.\n\n"
            "Reports Friday said three of the soldiers were flown to a hospital in Germany.")
    found = casualties(text)
    assert (5, "Syria", "2024-01-30") in found
    assert (2, "Syria", "2024-01-30") in found  # not Thursday, when it was told
    assert (3, "Syria", "2024-01-30") in found  # not Friday, when it was reported


def test_a_country_named_as_the_site_of_the_attack() -> None:
    text = ("The US struck targets in Syria and Iraq after a drone attack on a Jordan military base that killed "
            "three US soldiers.")
    assert [(v, c) for v, c, _ in casualties(text)] == [(3, "Jordan")]
