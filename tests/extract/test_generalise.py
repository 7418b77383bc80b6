"""Patterns found failing on our held-out corpus (tests/extract/corpus), one sentence each, in our own words."""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.extract import extract
from briefings.extract.numbers import find_numbers

PUB = dt.date(2025, 6, 13)  # a Friday


def facts(text: str):
    return extract(text, PUB)


def test_a_comma_after_a_number_is_punctuation():
    assert [n.value for n in find_numbers("to 4,087, up from 3,870.")] == [4087, 3870]
    assert [n.value for n in find_numbers("1,000,000 people")] == [1000000]


@pytest.mark.parametrize(
    ("para", "speaker", "text", "direct"),
    [
        # inverted attribution with an appositive, a title abbreviation, a home state
        ('"The bridge is safe," said Ola Brandt, a spokesman for the port authority.', "Ola Brandt",
         "The bridge is safe.", True),
        ('"Ten trucks is not a plan," said Sen. Rosa Kemp of Ohio.', "Rosa Kemp", "Ten trucks is not a plan.", True),
        # a trailing attribution with a prepositional adjunct after the verb
        ("The depot will close by March, Minister Ivo Dahl announced on Monday after talks in Oslo.", "Ivo Dahl",
         "The depot will close by March", False),
        ('"We will stay," he said in Tromso on Tuesday.', None, None, None),
        # "told" with any short object after a quote
        ('"The road is open," Ivo Dahl told a crowd at a rally in Bergen.', "Ivo Dahl", "The road is open.", True),
        # a lowercase appositive between the name and the verb
        ("Gen. Mia Roth, head of the northern command, told senators on Tuesday that the drills would go on.",
         "Mia Roth", "the drills would go on", False),
        # an adverb in -ly between subject and verb; plural heads; present-tense "say"
        ("The ministry initially said the convoy had turned back.", "ministry", "the convoy had turned back", False),
        ("Rescue workers said at least 40 people were pulled from the rubble.", "Rescue workers",
         "at least 40 people were pulled from the rubble", False),
        ("Defence analysts say the navy has four ships in the strait.", "Defence analysts",
         "the navy has four ships in the strait", False),
        # "for Human Rights" belongs to an organisation's name
        ("The Centre for Human Rights said the curfew was lifted.", "Centre for Human Rights",
         "the curfew was lifted", False),
        # participles: writing, telling someone that
        ("Mayor Ines Falk defended the plan, writing that it was the only option left.", "Ines Falk",
         "it was the only option left", False),
        ("Admiral Jon Holt signaled a shift, telling senators that the fleet would move west.", "Jon Holt",
         "the fleet would move west", False),
    ],
)  # fmt: skip
def test_attribution_shapes_from_other_outlets(para, speaker, text, direct):
    statements = facts(para).statements
    if speaker is None:
        assert statements == []  # a pronoun with no one to refer to names no speaker
        return
    assert [(s.speaker, s.text, s.direct) for s in statements] == [(speaker, text, direct)]


def test_an_opening_adverb_is_no_clause_to_attribute():
    x = facts("Separately, the ministry said on Monday it would take over security at the camp.")
    assert [(s.speaker, s.text) for s in x.statements] == [("ministry", "it would take over security at the camp")]


def test_said_colon_introduces_the_quote_after_it():
    x = facts('Press secretary Lia Moen said the talks were over. Asked about the convoy, she said: "I am not aware '
              'of it."')
    quote = [s for s in x.statements if s.direct]
    assert [(s.speaker, s.text) for s in quote] == [("Lia Moen", "I am not aware of it.")]
    assert not any(s.text.startswith("Asked") for s in x.statements)


def test_a_pronoun_after_a_clause_keeps_the_last_speaker_not_the_clause_opener():
    x = facts("Colonel Ada Berg said the base was hit twice. All have since returned to duty, she said.")
    assert {s.speaker for s in x.statements} == {"Ada Berg"}


def test_told_is_never_inverted():
    x = facts("Gen. Mia Roth, head of the northern command, told lawmakers that the drills would go on.")
    assert [s.speaker for s in x.statements] == ["Mia Roth"]


def counts_of(text: str, pub: dt.date = PUB) -> list[tuple]:
    return [(t.value, t.kind, t.direction, t.status, t.country) for t in extract(text, pub).troop_counts]


@pytest.mark.parametrize(
    ("sentence", "expect"),
    [
        # levels on both sides of a change
        ("The army will reduce its force in Iraq from about 4,000 to 3,000 by spring.",
         [(4000, "level", None, "current", "Iraq"), (3000, "level", None, "planned", "Iraq")]),
        ("The number of soldiers in Syria has fallen from about 1,800 to roughly 1,200.",
         [(1800, "level", None, "past", "Syria"), (1200, "level", None, "current", "Syria")]),
        ("In Iraq, the force was already cut to about 2,800 this spring, down from roughly 4,100 in January.",
         [(2800, "level", None, "current", "Iraq"), (4100, "level", None, "past", "Iraq")]),
        # "by N" with the noun elided, and a place that belongs to another clause
        ("The US will reduce its troops in Kuwait from 700 to 400 and cut its troops in Qatar by 200 to 300.",
         [(700, "level", None, "current", "Kuwait"), (400, "level", None, "planned", "Kuwait"),
          (200, "change", "decrease", "planned", "Qatar"), (300, "level", None, "planned", "Qatar")]),
        # a bare number in a list after a first count
        ("The US keeps about 700 troops in Syria and roughly 2,200 in Iraq.",
         [(700, "level", None, "current", "Syria"), (2200, "level", None, "current", "Iraq")]),
        # the movement verb after the noun
        ("About 800 troops will leave Syria over the coming weeks.", [(800, "change", "decrease", "planned", "Syria")]),
        ("About three dozen Rangers arrived in Syria last weekend.", [(36, "change", "increase", "past", "Syria")]),
        # troop nouns: advisers; a sentence-opening place; a country with an adjective
        ("The president will send up to 250 military advisers to Iraq.",
         [(250, "change", "increase", "planned", "Iraq")]),
        ("In Iraq, where roughly four thousand American troops help local forces, the fighting goes on.",
         [(4000, "level", None, "current", "Iraq")]),
        ("About 4,000 U.S. troops remain in neighbouring Iraq.", [(4000, "level", None, "current", "Iraq")]),
        # statuses: a perfect that still holds, a past after the noun, a plan to keep a new garrison
        ("Russia has kept some 3,000 troops at two bases in Syria since 2016.",
         [(3000, "level", None, "current", "Syria")]),
        # one base's complement is not the country's level
        ("The army said about 300 Marines were stationed at the base in Iraq.", []),
        ("The army is expected to keep a small garrison of about 120 troops in Syria.",
         [(120, "level", None, "planned", "Syria")]),
        ("Officials said the next phase could bring the troop total below 800 in Syria.",
         [(800, "level", None, "planned", "Syria")]),
        # injuries are casualties, never levels
        ("Nineteen US personnel suffered minor injuries at a base in Iraq.",
         [(19, "casualty", None, "past", "Iraq")]),
    ],
)  # fmt: skip
def test_troop_patterns_from_other_outlets(sentence, expect):
    assert counts_of(sentence) == expect


def test_a_level_noun_or_pronoun_after_a_sentence_about_troops():
    text = "The US kept about 5,000 troops in Iraq last year. Officials have put the real figure at close to 6,000."
    assert (6000, "level", None, "current", "Iraq") in counts_of(text)
    text = "The Pentagon says 900 troops are in Syria. For most of 2017, officials had cited a number of about 400."
    assert (400, "level", None, "past", "Syria") in counts_of(text)
    assert counts_of("The storm lasted days. Officials have put the real figure at close to 6,000.") == []


def test_the_main_country_is_where_the_troops_are():
    text = ("US to pull troops from northern Syria as Turkey presses offensive\n\n"
            "Turkish forces pushed deeper. Turkey's president vowed to go on.\n\n"
            "About 1,000 troops will leave the north, an official said.")
    assert counts_of(text)[0][-1] == "Syria"


def test_the_base_of_the_sentence_before():
    text = ("A drone hit Tower 9, a small base in north-east Jordan, on Sunday.\n\n"
            "Three US soldiers at the base were wounded, the Pentagon said.")
    assert counts_of(text) == [(3, "casualty", None, "past", "Jordan")]


def test_a_base_complement_is_not_the_country_level():
    text = ("A drone hit Tower 9, a small base in north-east Jordan, on Sunday.\n\n"
            "The base hosts about 350 US Army and Air Force personnel, according to the Pentagon.")
    assert counts_of(text) == []


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        # a level that holds now is not dated by a date in another clause: it holds on the publication day
        ("The Pentagon says about 2,000 troops are in Syria, a figure it disclosed only in December.", "2025-06-13"),
        ("The US has about 900 troops in Syria, where the president ordered a pullout in October 2019.", "2025-06-13"),
        # "since last year" dates a state's start, not a plan
        ("The deployment will bring the number of troops in Syria to nearly 900, up from 500 since last year.",
         "2025-06-13"),
    ],
)
def test_dates_of_levels(sentence, date):
    found = extract(sentence, PUB).troop_counts
    assert found and found[0].date == date, found


def test_a_day_after_by_is_a_deadline():
    from briefings.dates import DateContext, find_dates

    (d,) = find_dates("the troops leave by Jan. 15", DateContext(published=dt.date(2020, 11, 18)))
    assert (d.value, d.future) == ("2021-01-15", True)
    (d,) = find_dates("the troops left on Jan. 15", DateContext(published=dt.date(2020, 11, 18)))
    assert (d.value, d.future) == ("2020-01-15", False)


def test_an_event_takes_the_date_of_what_happened_not_of_the_saying():
    x = extract("Officials met on Monday.\n\nHis office said on Tuesday that the handover of the base was completed "
                "in late 2024.", dt.date(2025, 6, 13))
    handover = [e for e in x.events if "handover" in e.evidence]
    assert [e.date for e in handover] == ["2024"]


def test_a_lone_attribution_date_still_dates_the_event():
    x = extract("Filler line here.\n\nThe army said on Tuesday that the bridge was rebuilt.", dt.date(2025, 6, 13))
    assert [e.date for e in x.events if "bridge" in e.evidence] == ["2025-06-10"]
