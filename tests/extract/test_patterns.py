"""Single sentences, one pattern each: sentences, numbers, troop counts and attributions."""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.extract import extract
from briefings.extract.numbers import find_numbers
from briefings.extract.sentences import split_paragraph

PUB = dt.date(2025, 6, 13)  # a Friday


def facts(text: str):
    return extract(text, PUB)


@pytest.mark.parametrize(
    ("para", "n"),
    [
        ("Sgt. Ana Ruiz and Gen. Tom Hale met U.S. officials on Oct. 7 in Amman. They left.", 2),
        ("He said: “We will stay. We will not leave.” Then he left.", 2),
        ("The talks ended at 5 p.m. on Monday. Officials were quiet.", 2),
        ('She said "this is "nested" and never closed. More text here.', 1),
    ],
)
def test_sentence_split(para, n):
    assert len(split_paragraph(para)) == n


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("about 600", 600, "approx"), ("fewer than 1,000", 1000, "under"), ("more than 2,000", 2000, "over"),
        ("up to 900", 900, "at_most"), ("as many as 40", 40, "at_most"), ("at least 21", 21, "at_least"),
        ("nearly 2,000", 2000, "approx"), ("three", 3, "exact"), ("two dozen", 24, "exact"),
        ("twenty-five", 25, "exact"), ("some 1,500", 1500, "approx"), ("a thousand", 1000, "exact"),
    ],
)  # fmt: skip
def test_numbers(text, value, qualifier):
    found = find_numbers(text + " troops")
    assert [(n.value, n.qualifier) for n in found] == [(value, qualifier)]


@pytest.mark.parametrize("text", ["thousands of troops", "a few hundred troops", "dozens of soldiers",
                                  "hundreds of marines"])
def test_vague_quantities_are_no_counts(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    ("sentence", "expect"),
    [
        ("The Army will withdraw 600 troops from Syria.", (600, "change", "decrease", "planned", "Syria")),
        ("The Pentagon will deploy 500 more troops to Iraq.", (500, "change", "increase", "planned", "Iraq")),
        ("The US will cut its force in Syria to 400 troops.", (400, "level", None, "planned", "Syria")),
        ("The US will cut its force in Syria by 400 troops.", (400, "change", "decrease", "planned", "Syria")),
        ("The US had maintained about 900 troops in Syria.", (900, "level", None, "past", "Syria")),
        ("The roughly 1,000 remaining troops in Syria guard oil fields.", (1000, "level", None, "current", "Syria")),
        ("Two soldiers were wounded in Iraq on Tuesday.", (2, "casualty", None, "past", "Iraq")),
        ("Troop levels in Syria rose to about 2,000 last year.", (2000, "level", None, "past", "Syria")),
        ("The plan leaves up to 1,500 Marines in Kuwait.", (1500, "level", None, "current", "Kuwait")),
    ],
)
def test_troop_sentences(sentence, expect):
    counts = facts(sentence).troop_counts
    got = [(t.value, t.kind, t.direction, t.status, t.country) for t in counts]
    assert expect in got, got


def test_all_of_the_troops_is_the_current_level_and_a_plan():
    counts = facts("The US will withdraw all of the approximately 2,000 American troops in Syria.").troop_counts
    got = {(t.kind, t.status) for t in counts if t.value == 2000}
    assert got == {("level", "current"), ("change", "planned")}


@pytest.mark.parametrize(
    "sentence",
    [
        "The convoy waited 60 days in Syria while troops rested.",
        "Some 3,000 militants attacked US troops in Syria.",
        "About 200 aircraft support the troops in Iraq.",
        "More than 500,000 people displaced in Syria returned home, troops said.",
        "In 2019 troops left Syria.",
    ],
)
def test_counts_of_other_things_are_not_troops(sentence):
    assert facts(sentence).troop_counts == []


def test_region_is_not_a_country():
    assert facts("The US sent 2,000 troops to the region after the attack in Syria.").troop_counts == []


def test_weekday_dates_the_plan_and_the_statement():
    x = facts("The US will withdraw 600 troops from Syria, an official said Thursday.")
    assert x.troop_counts[0].date == "2025-06-12"
    assert x.statements[0].date == "2025-06-12"
    assert x.statements[0].speaker == "an official"


@pytest.mark.parametrize(
    ("para", "speaker", "text", "direct"),
    [
        ('"We are ready," General Ana Ruiz said. "The plan is sound."', "Ana Ruiz",
         "We are ready. The plan is sound.", True),
        ("Foreign Minister Lena Vos said: “The border stays open.”", "Lena Vos", "The border stays open.", True),
        ("The ministry said in a statement that aid convoys would resume on Monday.", "ministry",
         "aid convoys would resume on Monday", False),
        ("Senator Dan Ortiz wrote on X that the deployment was illegal.", "Dan Ortiz",
         "the deployment was illegal", False),
        ("A senior official told Reuters the talks had stalled.", "a senior official", "the talks had stalled",
         False),
        ("The talks had stalled, according to two diplomats.", "two diplomats", "The talks had stalled", False),
        ("Convoys will resume next week, said the spokesperson for the agency.", "spokesperson for the agency",
         "Convoys will resume next week", False),
        ("Mayor Rita Kell criticised the plan, saying it ignored residents.", "Rita Kell",
         "it ignored residents", False),
        ('The minister warned of a "dangerous escalation" in the north.', None, None, None),
        ("The Kremlin announced a new offensive in the east.", None, None, None),
        ("The deal was first reported by The Times.", None, None, None),
    ],
)
def test_attribution_shapes(para, speaker, text, direct):
    statements = facts(para).statements
    if speaker is None:
        assert statements == []
        return
    assert [(s.speaker, s.text, s.direct) for s in statements] == [(speaker, text, direct)]


def test_pronouns_resolve_to_the_last_compatible_speaker():
    x = facts(
        "Defense Minister Karl Brandt said the brigade would stay in Lithuania. "
        "The Foreign Office said talks would continue. He added that no date had been set. "
        '"Our allies can rely on us," it said.'
    )
    by_text = {s.text: s.speaker for s in x.statements}
    assert by_text["no date had been set"] == "Karl Brandt"
    assert by_text["Our allies can rely on us."] == "Foreign Office"


def test_partial_quote_in_reported_speech_is_indirect():
    s = facts('The senator said a rapid pullout would be a "grave error" for the region.').statements[0]
    assert s.direct is False and "rapid pullout" in s.text


def test_quote_continued_in_next_paragraph_keeps_the_speaker():
    # A quotation left open at the end of a paragraph runs on into the next (SCHEMA.md: one statement).
    x = facts('Colonel Ida Marsh said: "The base is quiet.\n\n"We expect that to change."')
    assert [(s.speaker, s.direct, s.text) for s in x.statements] == [
        ("Ida Marsh", True, "The base is quiet. We expect that to change.")
    ]
    # A closed quotation followed by a paragraph that is only a quotation: a second statement, same speaker.
    x = facts('Colonel Ida Marsh said: "The base is quiet."\n\n"We expect that to change."')
    assert [(s.speaker, s.direct) for s in x.statements] == [("Ida Marsh", True), ("Ida Marsh", True)]


def test_past_dated_sentences_become_events_and_the_lede_leads():
    x = facts(
        "The US will withdraw 600 troops from Syria, an official said Thursday. "
        "In December 2024, Assad fled the country. Troops have been there since 2015."
    )
    assert [(e.date, e.summary.split()[0]) for e in x.events] == [("2025-06-12", "The"), ("2024-12", "In")]
