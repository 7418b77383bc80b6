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
