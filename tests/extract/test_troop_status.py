"""Whether a troop figure holds now, held before, or is a plan; and a withdrawal of the whole force.

Our own sentences, one per class of error seen on real articles: plans read as current levels, figures
the article reports as said before read as current, a whole force's withdrawal read as a change only.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.extract import extract

PUB = dt.date(2025, 3, 14)  # a Friday


def counts(text: str, pub: dt.date = PUB) -> list[tuple]:
    return [(c.value, c.kind, c.direction, c.status, c.country) for c in extract(text, pub).troop_counts]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a subject with will/would remain, stay or be kept
        ("A small force of 300 American troops would be kept in Syria, the spokeswoman said.",
         [(300, "level", None, "planned", "Syria")]),
        ("A 250-strong U.S. contingent — possibly including engineers — will be staying in Syria.",
         [(250, "level", None, "planned", "Syria")]),
        # "there will be", "commitment to keep"
        ('"There will be fewer than 800 U.S. troops in Syria by the summer," the general said.',
         [(800, "level", None, "planned", "Syria")]),
        ("The pledge to keep 4,000 troops in Iraq after next year still stands, he said.",
         [(4000, "level", None, "planned", "Iraq")]),
        # "increasing to N the number of ..."
        ("The Pentagon will send 150 more soldiers to Syria, increasing to 450 the number of U.S. troops there.",
         [(150, "change", "increase", "planned", "Syria"), (450, "level", None, "planned", "Syria")]),
        # the size of a deployment
        ("The new deployment will involve about 60 special operations advisers in northern Syria.",
         [(60, "change", "increase", "planned", "Syria")]),
        # a level the force is expected, or aims, to reach is a target
        ("She said the United States expected to reach a level of fewer than 700 troops in Syria by the autumn.",
         [(700, "level", None, "planned", "Syria")]),
        ("Commanders aim to get down to about 400 soldiers in Iraq before the winter.",
         [(400, "level", None, "planned", "Iraq")]),
        # a present perfect of growth holds now
        ("The American presence in Syria has swelled to around 1,400 in recent weeks.",
         [(1400, "level", None, "current", "Syria")]),
    ],
)
def test_plans_and_present_levels(sentence: str, expected: list[tuple]) -> None:
    assert counts(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        '"We have been telling reporters that there are about 700 U.S. troops in Syria," the spokesman said.',
        "The figure is well above the 600 troops in Syria that the Pentagon had acknowledged.",
    ],
)
def test_a_figure_reported_as_said_before_is_past(sentence: str) -> None:
    found = counts(sentence)
    assert found and all(status == "past" for _, _, _, status, _ in found), found
    assert extract(sentence, PUB).troop_counts[0].date == "2025-03"  # held in the run-up to the article


@pytest.mark.parametrize(
    ("sentence", "level_status", "change_status"),
    [
        ("Washington is preparing to withdraw its roughly 1,500 troops from Syria.", "current", "planned"),
        ("The president announced he will recall all 2,200 American troops from Syria.", "current", "planned"),
        ("Paris completed the withdrawal of its 900 soldiers from Mali in August.", "past", "past"),
        ("Last month the president ordered that all of the 1,200 U.S. troops be withdrawn from Syria.",
         "past", "past"),
    ],
)
def test_withdrawing_the_whole_force_is_the_level_and_its_change(
    sentence: str, level_status: str, change_status: str
) -> None:
    found = {c.kind: c for c in extract(sentence, PUB).troop_counts}
    assert set(found) == {"level", "change"}, found
    assert found["level"].status == level_status
    assert (found["change"].direction, found["change"].status) == ("decrease", change_status)
    assert found["level"].value == found["change"].value


def test_a_relocated_contingent_is_a_withdrawal() -> None:
    found = counts('"We relocated a small contingent of fewer than 40 special forces out of the zone," the '
                   "secretary said of northern Syria.")
    assert [(v, k, d, s) for v, k, d, s, _ in found] == [(40, "change", "decrease", "past")]


def test_the_month_may_is_no_modal() -> None:
    found = counts("Reporters learned in May that 600 troops had left bases in eastern Syria.")
    assert found == [(600, "change", "decrease", "past", "Syria")]


def test_troops_being_withdrawn_are_a_change_now() -> None:
    found = counts("More than 300 U.S. Marines fighting the group in Syria are being withdrawn, the coalition said.")
    assert found == [(300, "change", "decrease", "current", "Syria")]


def test_troops_that_flew_in_are_an_increase() -> None:
    found = counts("About 120 U.S. paratroopers flew into Syria late Friday for the exercise.")
    assert found == [(120, "change", "increase", "past", "Syria")]


def test_a_force_that_will_not_be_withdrawn_stays_at_its_level() -> None:
    found = counts("The president said he had no plans to withdraw the 3,100 U.S. troops in Iraq.")
    assert found == [(3100, "level", None, "current", "Iraq")]


def test_a_figure_the_level_is_down_from_is_past() -> None:
    text = ("About 2,000 U.S. troops are in Iraq today.\n\n"
            "That's down from about 150,000 in 2008, at the height of the war.")
    found = {c.value: (c.status, c.date) for c in extract(text, PUB).troop_counts}
    assert found[150000] == ("past", "2008")
    text = "The force in Iraq will fall below 1,800 troops, down from roughly 2,400 at the start of 2024."
    found = {c.value: (c.status, c.date) for c in extract(text, PUB).troop_counts}
    assert found[1800][0] == "planned"
    assert found[2400] == ("past", "2024-01")  # the start of 2024: its January


def test_a_participle_before_the_main_verb_does_not_move_troops() -> None:
    found = counts("The 250 U.S. soldiers deployed to the Tanf area in Syria will remain there, he said.")
    assert [c for c in found if c[1] == "change"] == []


def test_an_order_to_withdraw_is_a_plan_dated_by_its_announcement() -> None:
    found = extract("The general said Tuesday that the president did not consult him before announcing Dec. 19 that "
                    "he was ordering the withdrawal of the 2,000 U.S. troops in Syria.", dt.date(2019, 2, 5))
    change = next(c for c in found.troop_counts if c.kind == "change")
    assert (change.status, change.date) == ("planned", "2018-12-19")


def test_a_pronoun_counting_troops_on_the_move_is_their_change() -> None:
    text = ("The plan calls for all U.S. troops who are leaving Syria to go to western Iraq.\n\n"
            "They number more than 600.")
    assert counts(text) == [(600, "change", "decrease", "planned", "Syria")]


def test_a_date_of_another_nouns_making_does_not_date_a_level() -> None:
    found = extract("The US still has over 800 troops in Syria as part of the coalition formed in 2014.", PUB)
    assert [(c.value, c.status, c.date) for c in found.troop_counts] == [(800, "current", "2025-03-14")]


def test_troops_to_be_brought_home_are_a_planned_withdrawal() -> None:
    found = extract("The president declared victory over ISIS in Syria in December, announcing that the more than "
                    "1,800 U.S. troops in the country would be brought home.", dt.date(2019, 2, 18)).troop_counts
    change = [(c.value, c.direction, c.status, c.date) for c in found if c.kind == "change"]
    assert change == [(1800, "decrease", "planned", "2018-12")]


def test_could_remain_and_wants_to_remain_are_plans() -> None:
    assert counts("Up to 900 U.S. troops could remain in Syria, the newspaper reported.") == [
        (900, "level", None, "planned", "Syria")]
    assert counts("The commander wants as many as 1,200 U.S. service members to remain in Syria.") == [
        (1200, "level", None, "planned", "Syria")]


def test_sending_home_a_unit_last_week_is_a_past_withdrawal() -> None:
    found = counts("The coalition announced last week it was sending home more than 300 U.S. Marines who had "
                   "fought in Syria.")
    assert [(v, k, d, s) for v, k, d, s, _ in found] == [(300, "change", "decrease", "past")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spoken figures in an article about troops throughout
        ("Hearing on the mission in Syria\n\nSEN. ROE: How many troops are there? Are the troops safe? What do "
         "the troops need?\n\nGEN. DOE: Senator, it's about 700 on the ground in Syria on a typical day.",
         (700, "level", None, "current", "Syria")),
        ("Briefing on US troops\n\nQ: And the troops in Iraq? Will the troops stay? Are more troops going?\n\n"
         "GEN. DOE: In Iraq we have roughly 2,100, all of them advising.", (2100, "level", None, "current", "Iraq")),
        # "rather than the N listed before", "double the N officials had cited"
        ("The Pentagon put the number of U.S. troops in Iraq at about 5,300, rather than the 4,900 listed before.",
         (4900, "level", None, "past", "Iraq")),
        ("The Pentagon says about 1,800 U.S. troops are in Syria, double the roughly 900 officials had cited.",
         (900, "level", None, "past", "Syria")),
        # a condition of completion makes a plan
        ("When they are all in place, you are looking at roughly 350 U.S. troops in Syria.",
         (350, "level", None, "planned", "Syria")),
        # the existing force "could remain" still holds now
        ("The Pentagon said the roughly 1,700 American troops in Syria could remain there for years.",
         (1700, "level", None, "current", "Syria")),
        ("Last June the president ordered up to 275 military advisers to Iraq.",
         (275, "change", "increase", None, "Iraq")),
    ],
)
def test_more_level_frames(text: str, expected: tuple) -> None:
    found = counts(text)
    if expected[3] is None:  # status not asserted
        found = [(v, k, d, None, c) for v, k, d, _, c in found]
    assert expected in found, found


def test_another_nouns_place_does_not_scope_the_force() -> None:
    found = counts("Officials say the force in Syria will stay near 1,900 while the new authorities in Damascus "
                   "take control.")
    assert found == [(1900, "level", None, "planned", "Syria")]
