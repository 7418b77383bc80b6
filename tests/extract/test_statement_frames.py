"""Where the reported words are: the frame an attribution makes around them.

A sentence may hold several attributions, an attribution may sit in the middle of the words it
attributes, and a verb of saying may come before, after or inside its clause. Every sentence here is
our own, written for one frame; none is taken from an article.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.extract import extract
from briefings.schemas import Extraction, Statement

PUB = dt.date(2024, 5, 15)  # a Wednesday


def _said(x: Extraction, start: str) -> Statement:
    found = [s for s in x.statements if s.text.startswith(start)]
    assert found, [(s.speaker, s.text) for s in x.statements]
    return found[0]


def _pairs(x: Extraction) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in x.statements]


# ---------------------------------------------------------------- several attributions in one sentence
def test_a_coordinated_second_attribution_is_a_statement_of_its_own() -> None:
    x = extract(
        "Some analysts have cautioned that a smaller force could embolden the militants, while others argue "
        "that the garrison was only ever a political signal.",
        PUB,
    )
    assert _pairs(x) == [
        ("Some analysts", "a smaller force could embolden the militants"),
        ("others", "the garrison was only ever a political signal"),
    ]


def test_and_a_named_speaker_added_that_starts_a_new_statement() -> None:
    x = extract(
        "The ministry says its 600 soldiers in the north are training local units, and Colonel Rafe Imrie "
        "added that the training would end in the spring.",
        PUB,
    )
    assert _said(x, "its 600 soldiers").text.endswith("training local units")
    assert _said(x, "the training would end").speaker == "Rafe Imrie"


def test_a_subordinate_attribution_ends_where_the_main_clause_starts() -> None:
    x = extract(
        "Chancellor Ilse Moor spoke in Berlin on Tuesday. While she announced that 150 more trainers would go, "
        "she stressed that the mission would stay small. While she said that the cost was modest, she gave no "
        "figure for it.",
        PUB,
    )
    assert _said(x, "150 more trainers would go").text == "150 more trainers would go"
    assert _said(x, "the mission would stay small").speaker == "Ilse Moor"
    assert _said(x, "the cost was modest").text == "the cost was modest"


def test_the_attribution_that_closes_a_sentence_owns_a_reported_saying_inside_it() -> None:
    x = extract(
        "At the meeting the alliance said it was ready to end the mission early, said Brigadier Omar Haddad, "
        "who attended the talks.",
        PUB,
    )
    st = _said(x, "At the meeting the alliance said")
    assert st.speaker == "Omar Haddad"


# ---------------------------------------------------------------- a verb that also takes a plain object
@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("The president announced he will bring home all 900 soldiers by the summer.", "he will bring home"),
        ("The defence ministry on Tuesday confirmed there are more soldiers in the country than reported.",
         "there are more soldiers"),
        ("Tehran has warned it would target the bases in retaliation for any strike.", "it would target"),
        ("But the general stressed the extra troops are supporting the training mission.",
         "the extra troops are supporting"),
    ],
)
def test_a_clause_with_a_subject_and_an_auxiliary_is_reported_without_that(text: str, start: str) -> None:
    assert _said(extract(text, PUB), start)


def test_a_plain_object_is_still_no_statement() -> None:
    x = extract("Another official confirmed the plan for a reduction in the spring.", PUB)
    assert x.statements == []


def test_a_bare_clause_in_a_temporal_clause_is_background_not_a_statement() -> None:
    x = extract("Norway will bring its trainers home after the alliance announced it would end the mission.", PUB)
    assert x.statements == []


def test_an_adjunct_between_the_verb_and_that_is_skipped() -> None:
    x = extract("A coalition source later confirmed to the local broadcaster that a drone was shot down.", PUB)
    assert _said(x, "a drone was shot down").speaker == "a coalition source"


# ---------------------------------------------------------------- the subject's second verb
def test_but_said_with_no_subject_is_the_subjects_statement() -> None:
    x = extract(
        "Another US official confirmed the plan for a reduction, but said there was no certainty on numbers.",
        PUB,
    )
    assert _said(x, "there was no certainty").speaker == "another US official"


@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        ("Monday, Governor Dale Hart backtracked on his order, saying a small number of guards would stay.",
         "a small number of guards", "Dale Hart"),
        ('"The column was shelled," Major Lena Ortiz told reporters at the base, claiming that 20 rounds landed '
         "near the camp.", "20 rounds landed", "Lena Ortiz"),
        ("He did so on Tuesday, declaring more than once: \u201cOur soldiers will not return to combat there.\u201d",
         "Our soldiers will not return", None),
        ("The increase has lasted for months, with press secretary Colonel Amy Dunn estimating that the troops "
         "have been there since the spring.", "the troops have been there", "Amy Dunn"),
    ],
)
def test_a_participle_of_saying_reports_a_statement(text: str, start: str, speaker: str | None) -> None:
    x = extract("Governor Dale Hart spoke on Monday. " + text if speaker is None else text, PUB)
    assert _said(x, start).speaker == (speaker or "Dale Hart")


# ---------------------------------------------------------------- the attribution inside the words
def test_a_parenthetical_attribution_joins_the_words_on_either_side() -> None:
    x = extract(
        "Colonel Jeff Adair briefed reporters. Moscow, he added, has kept us informed of its patrols in the town.",
        PUB,
    )
    assert _said(x, "Moscow has kept us informed").speaker == "Jeff Adair"


def test_an_inverted_parenthetical_attribution_joins_the_words_on_either_side() -> None:
    x = extract("That fighting, said the official, is allowing the militants to move more freely.", PUB)
    assert _said(x, "That fighting is allowing").speaker == "official"


def test_words_that_go_on_after_he_said_stay_in_the_statement() -> None:
    x = extract(
        "Senator Mia Ross spoke on Monday. Sending 10,000 more troops is not the answer, she said, especially "
        "given the cost of the last war.",
        PUB,
    )
    assert _said(x, "Sending 10,000 more troops").text.endswith("the cost of the last war")


def test_an_aside_after_the_attribution_is_no_part_of_the_statement() -> None:
    x = extract(
        "The unit will come home in June, the army said, though its equipment will stay behind.", PUB
    )
    assert _said(x, "The unit will come home").text == "The unit will come home in June"


def test_a_fronted_as_attribution_owns_the_clause_after_it() -> None:
    x = extract(
        "Senator Mia Ross spoke on Monday. Instead, as the senator said, the best hope is a unity government.",
        PUB,
    )
    assert _said(x, "the best hope is a unity government").speaker == "Mia Ross"


def test_an_outlet_credited_with_as_x_reports_is_not_the_speaker() -> None:
    x = extract(
        "The ministry says the new unit will fire artillery in support of local forces, as the Daily Courier "
        "reported.",
        PUB,
    )
    st = _said(x, "the new unit will fire artillery")
    assert st.speaker == "ministry" and not st.text.endswith("reported")


def test_a_dash_after_the_attribution_ends_it() -> None:
    x = extract(
        "The militia leader blew himself up during the raid, the army said -- the second such raid this year.",
        PUB,
    )
    assert _pairs(x) == [("army", "The militia leader blew himself up during the raid")]


# ---------------------------------------------------------------- quoted words as the object of a verb
@pytest.mark.parametrize(
    ("text", "speaker", "quote"),
    [
        ("The coalition's operations director, General Ana Bruck, called the move \u201ca real sign of "
         "progress\u201d as the militants lost ground.", "Ana Bruck", "a real sign of progress"),
        ('The president announced the raid, which officials called a "significant blow" to the group.',
         "officials", "significant blow"),
    ],
)
def test_quoted_words_a_speaker_calls_something_are_a_direct_statement(text: str, speaker: str, quote: str) -> None:
    st = _said(extract(text, PUB), quote)
    assert (st.speaker, st.text, st.direct) == (speaker, quote, True)


def test_quoted_words_cited_after_a_reported_clause_stand_alone() -> None:
    x = extract(
        "The spokesman said he had only learned of the figure on Thursday and cited \u201csensitivity from a "
        "diplomatic standpoint.\u201d",
        PUB,
    )
    assert _said(x, "he had only learned").text == "he had only learned of the figure on Thursday"
    assert _said(x, "sensitivity from a diplomatic standpoint").direct


# ---------------------------------------------------------------- adjuncts of the verb
@pytest.mark.parametrize(
    "adjunct", ["in the statement", "by phone today", "in testimony to Congress", "during a cabinet meeting"]
)
def test_an_adjunct_of_the_verb_is_no_statement(adjunct: str) -> None:
    x = extract(f'"We are drawing down where it makes sense," Colonel Ray Voss said {adjunct}.', PUB)
    assert _pairs(x) == [("Ray Voss", "We are drawing down where it makes sense.")]


def test_a_past_tense_verb_is_no_part_of_a_described_speaker() -> None:
    x = extract("His tweet followed a series of news reports that the army was preparing to leave.", PUB)
    assert x.statements == []


def test_said_a_and_confirmed_that_b_are_two_statements() -> None:
    x = extract(
        'The prime minister said it was "time to end the mission" and confirmed that the last 600 soldiers would '
        "leave by June.",
        PUB,
    )
    assert [s.text for s in x.statements] == [
        'it was "time to end the mission"',
        "the last 600 soldiers would leave by June",
    ]


def test_but_officials_insisted_starts_a_second_statement_without_that() -> None:
    x = extract(
        "The government spokesman initially said the attack happened across the border, but US officials "
        "insisted the drone struck inside the country.",
        PUB,
    )
    assert _pairs(x) == [
        ("government spokesman", "the attack happened across the border"),
        ("US officials", "the drone struck inside the country"),
    ]


def test_a_participle_after_a_quotation_joined_by_and() -> None:
    x = extract(
        'The militia spokesman welcomed the cut on Twitter, calling it "a useful step" and saying the group '
        "remained committed to the truce.",
        PUB,
    )
    assert _said(x, "the group remained committed").speaker == "militia spokesman"


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Officials tell me the troops will move out over the coming weeks.", "the troops will move out"),
        ("He spoke to reporters. Colonel Amy Dunn pointed out that the unit lost 40 vehicles.", "the unit lost"),
    ],
)
def test_more_verbs_of_saying(text: str, start: str) -> None:
    assert _said(extract(text, PUB), start)


def test_a_quantifier_is_no_first_name() -> None:
    # "No Americans were hurt" names nobody, so the "he" after it still means the officer quoted before.
    x = extract(
        "Colonel Amy Dunn described the shelling. No Americans were hurt. He pointed out that the unit had "
        "lost 40 vehicles.",
        PUB,
    )
    assert _said(x, "the unit had lost").speaker != "No Americans"
