"""Events: which developments an article lists, and the date each one gets.

Every text here is our own; none is taken from an article.
"""

from __future__ import annotations

import datetime as dt

from briefings.extract import extract
from briefings.schemas import Event, Extraction

PUB = dt.date(2024, 1, 28)  # a Sunday


def _event(x: Extraction, words: str) -> Event:
    found = [e for e in x.events if words in e.summary]
    assert found, [(e.date, e.summary) for e in x.events]
    return found[0]


TIMELINE = """Attacks on the garrison since the autumn

The latest attack is the ninth on the garrison since October, the ministry said on Sunday.

Here is a timeline of the attacks:

OCT. 18 – Two drones target the garrison; one is shot down.

OCT. 26 – A rocket lands near the barracks but fails to explode.

NOV. 2 – A drone strikes the fuel depot and starts a fire.

NOV. 17 – Three rockets hit the perimeter wall; nobody is hurt.

NOV. 23 – Drones and rockets target the garrison four times in a day.

DEC. 5 – A drone injures two guards at the gate.

DEC. 25 – A one-way drone leaves one soldier in critical condition.

JAN. 9 – An air strike destroys a rocket launcher before it can fire.

JAN. 20 – Four rockets are intercepted over the garrison.
"""


def test_each_entry_of_a_timeline_is_an_event_dated_by_its_label() -> None:
    x = extract(TIMELINE, PUB)
    assert _event(x, "Two drones target the garrison").date == "2023-10-18"
    assert _event(x, "critical condition").date == "2023-12-25"
    assert _event(x, "rocket launcher").date == "2024-01-09"
    # Nine entries: a timeline is the outlet's own list of developments, so the usual cap does not cut it.
    assert sum(1 for e in x.events if e.summary.split()[0] in {"Two", "A", "Three", "Drones", "An", "Four"}) >= 9
    assert not any(e.summary.startswith(("OCT", "DEC", "JAN")) for e in x.events)


def test_a_photo_caption_is_no_lede_and_no_event() -> None:
    x = extract(
        "Guard unit returns\n\n"
        "Soldiers train at the garrison in December 2022. (Army photo by Sgt. Ann Poe)\n\n"
        "The Pentagon is sending 300 more troops to the region as attacks on its bases continue.",
        PUB,
    )
    assert x.events[0].summary.startswith("The Pentagon is sending 300 more troops")
    assert not any("December 2022" in e.evidence for e in x.events)


def test_a_quotation_that_reports_an_action_with_a_number_is_an_event() -> None:
    x = extract(
        "Secretary Lena Ortiz briefed reporters on Friday.\n\n"
        '"When we were warned of the operation, we relocated fewer than 50 soldiers out of the zone," Ortiz said.',
        PUB,
    )
    ev = _event(x, "we relocated fewer than 50 soldiers")
    assert ev.date == "2024-01" and ev.confidence < 0.7


def test_a_quoted_opinion_is_no_event() -> None:
    x = extract(
        "Secretary Lena Ortiz briefed reporters on Friday.\n\n"
        '"This is an intensification of a strategy the president announced more than a year ago," Ortiz said.',
        PUB,
    )
    assert not any("intensification" in e.summary for e in x.events)


def test_an_undated_action_is_an_event_of_the_publication_month_marked_doubtful() -> None:
    x = extract(
        "The ministry said on Sunday that the garrison had been attacked again.\n\n"
        "It was the ninth such attack on the garrison this winter.\n\n"
        "The Iranian-backed group claimed a drone attack on the garrison at the same time.\n\n"
        "The coalition has long resisted calls to leave the garrison.",
        PUB,
    )
    ev = _event(x, "claimed a drone attack")
    assert ev.date == "2024-01" and ev.confidence < 0.5
    assert not any("has long resisted" in e.summary for e in x.events)


def test_the_sentence_after_the_lede_may_date_the_ledes_development() -> None:
    x = extract(
        "The military is pulling roughly 1,000 troops out of the north. The defence secretary announced the move "
        "yesterday, saying the troops risked being caught between two armies.",
        PUB,
    )
    assert x.events[0].summary.startswith("The military is pulling") and x.events[0].date == "2024-01-27"


def test_a_dated_key_point_before_the_lede_is_still_an_event() -> None:
    x = extract(
        "Live: the north after the offensive\n\n"
        "Key points\n"
        "- Rebels entered the capital on Sunday and the president fled abroad\n\n"
        "The US will keep its roughly 900 troops in the east for now, a spokesperson said on Sunday.",
        PUB,
    )
    assert _event(x, "Rebels entered the capital").date == "2024-01-28"


def test_tonight_inside_a_quotation_counts_from_the_saying_not_the_publication() -> None:
    # Published the morning after: the minister's "tonight" is the day before, which the text does not say.
    x = extract(
        "A drone hit the base on Thursday, the ministry said.\n\n"
        "It was the ninth attack on the base this year.\n\n"
        'Defence Minister Ola Brekke said, "At the request of the government, I authorized strikes tonight on the '
        'launch sites used in the attack."',
        dt.date(2024, 1, 26),
    )
    ev = _event(x, "I authorized strikes tonight")
    assert ev.date == "2024-01"


def test_an_opinion_quoted_after_a_dated_attribution_is_no_event() -> None:
    x = extract(
        "The envoy spoke in the capital.\n\n"
        'On Dec. 11, the envoy said: "I think it is fair to say our people will remain on the ground for as long '
        'as it takes to finish the job."',
        PUB,
    )
    assert not any("fair to say" in e.summary for e in x.events)


def test_the_rest_of_a_timeline_entry_is_no_event_of_the_publication_month() -> None:
    x = extract(
        "The latest attack is the ninth on the garrison since October, the ministry said on Sunday.\n\n"
        "OCT. 18 – Two drones target the garrison. One of the drones is intercepted but still explodes, causing "
        "minor injuries.\n\n"
        "OCT. 26 – A rocket lands near the barracks but fails to explode.",
        PUB,
    )
    assert not any(e.summary.startswith("One of the drones") for e in x.events)
    assert "intercepted" in _event(x, "Two drones target").evidence


def test_an_undated_sentence_after_a_dated_one_is_not_given_the_publication_month() -> None:
    x = extract(
        "The ministry said on Sunday that the garrison had been attacked again.\n\n"
        "It was the ninth such attack on the garrison this winter.\n\n"
        "In March 2022, the militia mounted its largest assault. Hundreds of fighters attacked the prison and freed "
        "dozens of inmates.",
        PUB,
    )
    assert not any(e.summary.startswith("Hundreds of fighters") and e.date == "2024-01" for e in x.events)


def test_a_briefers_greeting_is_not_the_lede() -> None:
    x = extract(
        "Press briefing\n\nMAJOR GENERAL INGRID SOLBERG: Afternoon, everybody.\n\nQ: Hello.\n\n"
        "GEN. SOLBERG: The first two training teams have arrived in the capital this week to begin their work.",
        PUB,
    )
    assert "Afternoon, everybody" not in x.events[0].summary
    assert "The first two training teams" in x.events[0].summary


def test_a_dateline_that_lost_its_dash_is_no_part_of_the_summary() -> None:
    x = extract("BAGHDAD, During a visit on Monday, the secretary said 560 more troops would deploy.", PUB)
    assert x.events[0].summary.startswith("During a visit")


def test_a_plan_is_no_undated_event() -> None:
    x = extract(
        "The ministry said on Sunday that the garrison had been attacked again.\n\n"
        "It was the ninth such attack on the garrison this winter.\n\n"
        "Defence officials will brief senators on the attacks in a closed session next week.",
        PUB,
    )
    assert not any("brief senators" in e.summary for e in x.events)
