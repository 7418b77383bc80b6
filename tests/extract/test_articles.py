"""Whole articles we wrote, one per group of patterns, checked fact by fact."""

from __future__ import annotations

from tests.extract.conftest import count, said


def test_iraq_levels_changes_and_dates(article):
    x = article("iraq_drawdown", "2024-03-08")
    planned = count(x, 2500)
    assert (planned.qualifier, planned.status, planned.country, planned.date) == ("approx", "planned", "Iraq",
                                                                                 "2024-03-06")
    home = count(x, 1200, "change")
    assert (home.direction, home.status, home.qualifier) == ("decrease", "planned", "approx")
    old = count(x, 5000)
    assert (old.qualifier, old.status, old.date) == ("over", "past", "2019")
    dead = count(x, 3, "casualty")
    assert (dead.country, dead.date, dead.status) == ("Jordan", "2024-01", "past")
    assert not [t for t in x.troop_counts if t.value in {34, 2019}]


def test_iraq_speakers_titles_and_back_references(article):
    x = article("iraq_drawdown", "2024-03-08")
    lede = said(x, "cut the number of US troops")
    assert (lede.speaker, lede.direct, lede.date) == ("two defense officials", False, "2024-03-06")
    assert said(x, "bring home roughly 1,200").speaker == "two defense officials"
    quote = said(x, "We are not leaving Iraq")
    assert quote.direct and quote.speaker == "Lloyd Austin" and quote.speaker_role == "Defense Secretary"
    assert "The mission against ISIS continues" in quote.text  # the quote split by its attribution, joined
    assert "told reporters" in quote.evidence and "continues" in quote.evidence
    assert said(x, "had asked for the change").speaker == "Lloyd Austin"
    assert said(x, "talks on the future").speaker == "Iraqi Foreign Ministry"
    pm = said(x, "no longer needs")
    assert (pm.speaker, pm.speaker_role, pm.direct) == ("Mohammed Shia al-Sudani", "Iraqi Prime Minister", False)
    assert said(x, "treat any delay").speaker == "Mohammed Shia al-Sudani"
    assert said(x, "reviewing security").date == "2024-03-05"


def test_iraq_events_are_dated_developments(article):
    x = article("iraq_drawdown", "2024-03-08")
    assert x.events[0].date == "2024-03-06" and "2,500" in x.events[0].summary
    dates = {e.date for e in x.events}
    assert {"2024-01", "2019"} <= dates
    assert x.title == "Pentagon to cut Iraq force as coalition mission winds down"
    assert not any("Erbil" in e.evidence or "Mizban" in e.evidence for e in x.events)


def test_syria_reinforcement(article):
    x = article("syria_reinforce", "2023-10-27")
    more = count(x, 300, "change")
    assert (more.direction, more.status, more.date, more.country) == ("increase", "planned", "2023-10-26", "Syria")
    now = count(x, 900)
    assert (now.qualifier, now.status, now.country) == ("approx", "current", "Syria")
    doubled = count(x, 2000)
    assert (doubled.qualifier, doubled.status, doubled.date) == ("approx", "past", "2017")
    wounded = count(x, 21, "casualty")
    assert wounded.qualifier == "at_least"
    # "up to 900 additional troops to the Middle East" is no Syria figure; "a few hundred" is no count.
    assert not [t for t in x.troop_counts if t.kind == "change" and t.value == 900]
    assert len(x.troop_counts) == 4


def test_syria_statements(article):
    x = article("syria_reinforce", "2023-10-27")
    ryder = said(x, "These attacks must stop")
    assert ryder.speaker == "Pat Ryder" and ryder.direct and "time and place" in ryder.text
    assert said(x, "doubled to nearly 2,000").speaker == "a US official"
    assert said(x, "presence was illegal").speaker == "Russia"
    assert said(x, "ordered up to 900").speaker == "Pentagon"
    assert said(x, "deserve better").speaker == "Mark Delaney"
    assert said(x, "We need a strategy").direct
    assert not any("armoured vehicle" in s.evidence for s in x.statements)


def test_jordan_casualties_and_according_to(article):
    x = article("jordan_base", "2024-01-29")
    killed = count(x, 3, "casualty")
    assert (killed.country, killed.date) == ("Jordan", "2024-01-28")
    assert count(x, 2, "casualty").country == "Syria"
    # "the base houses about 350": one base's complement, not Jordan's level
    assert not [t for t in x.troop_counts if t.value == 350 and t.kind == "level"]
    withdraw = count(x, 250, "change")
    assert (withdraw.status, withdraw.date, withdraw.direction) == ("planned", "2024-01-29", "decrease")
    assert not [t for t in x.troop_counts if t.value == 1500]  # "to the region"
    assert said(x, "houses about 350").speaker == "Pentagon"
    assert said(x, "does not direct").speaker == "Iran's foreign ministry"
    assert said(x, "flying low").speaker == "Sabrina Singh"
    assert said(x, "withdraw 250 troops").speaker == "a senior defense official"
