"""Who said it: the speaker phrase of a statement, read the way news English writes it.

Every sentence here is our own, written for one shape of attribution; none is taken from an article.
Each test asserts the speaker (and text) a reader of `/said` would see.
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


# ---------------------------------------------------------------- the subject phrase
@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        # a source described in plain lowercase words
        ("Local first responders said 12 people died in the raid on the farm.", "12 people died",
         "Local first responders"),
        ("A high-level source in the provincial government told the agency that the convoy left at dawn.",
         "the convoy left", "a high-level source in the provincial government"),
        ("Some US and European observers have cautioned that a smaller force could embolden the militants.",
         "a smaller force", "Some US and European observers"),
        # a relative clause or a reduced one between the subject and its verb
        ("An administration official who briefed reporters on condition of anonymity said the cargo planes "
         "were not fired on.", "the cargo planes", "an administration official"),
        ("US officials cited by the newspaper say they expect the engineers to arrive within days.",
         "they expect the engineers", "US officials"),
        # a capitalised title in apposition
        ("General Sam Okafor, Chairman of the Joint Staff, said the drill was designed to deter attacks.",
         "the drill was designed", "Sam Okafor"),
        # a subject that opens a subordinate clause
        ("The move comes a week after Defence Secretary Ann Lowe said the unit would stay until spring.",
         "the unit would stay", "Ann Lowe"),
    ],
)
def test_the_subject_before_a_verb_of_saying_is_the_speaker(text: str, start: str, speaker: str) -> None:
    assert _said(extract(text, PUB), start).speaker == speaker


def test_a_surname_that_is_also_a_word_of_a_place_name_is_a_name() -> None:
    # "White" opens "White House", but after a first name it is a surname, and "she" can mean her.
    x = extract(
        "Pentagon spokesperson Dana White told reporters the patrol was not fired on. "
        '"Any attack on our partners is a distraction from the mission," she said.',
        PUB,
    )
    assert _said(x, "the patrol was not fired on").speaker == "Dana White"
    assert _said(x, "Any attack on our partners").speaker == "Dana White"


def test_a_bare_title_in_a_standfirst_is_no_speaker() -> None:
    # Headline grammar ("President says ...") names nobody; a sentence that does ("The president said") still counts.
    x = extract("President says no more combat, but sends advisers to train the army.", PUB)
    assert x.statements == []


# ---------------------------------------------------------------- quotation marks
def test_a_straight_opening_mark_closed_by_a_curly_one_is_one_quotation() -> None:
    x = extract(
        "Foreign Minister Ayla Demir spoke in Ankara. "
        '"We have no quarrel with your soldiers in that country,” Demir told reporters on Monday.',
        PUB,
    )
    st = _said(x, "We have no quarrel")
    assert (st.speaker, st.direct) == ("Ayla Demir", True)


# ---------------------------------------------------------------- wire datelines
@pytest.mark.parametrize(
    "dateline",
    ["ATMEH, Syria -- ", "IRBIL, Iraq (AP) -- ", "(AP) -- ", "ERBIL (Kurdistan 24) – ", "(MENAFN) ", "(ABC News) – "],
)
def test_a_wire_dateline_is_no_part_of_a_statement_or_an_event(dateline: str) -> None:
    x = extract(
        "Syria withdrawal\n\nBy Staff\n\nThe story so far.\n\n"
        + dateline
        + "The militia commander was killed in the overnight raid, the army said on Tuesday.",
        PUB,
    )
    assert _said(x, "The militia commander was killed").speaker == "army"
    assert any(e.summary.startswith("The militia commander") for e in x.events), x.events


def test_a_dateline_glued_to_the_speaker_is_no_part_of_the_role() -> None:
    x = extract("WASHINGTON--Defense Secretary Jane Roe said the unit would stay in the country.", PUB)
    st = _said(x, "the unit would stay")
    assert (st.speaker, st.speaker_role) == ("Jane Roe", "Defense Secretary")


# ---------------------------------------------------------------- speakers resolved across sentences
def test_a_statement_from_a_body_is_that_bodys_and_the_statement_later_means_it_too() -> None:
    x = extract(
        '"An explosion on target wounded four service members," said a statement from the Joint Task Force. '
        '"They are being treated in a field hospital," the statement said. The drone was of foreign make, '
        "according to the statement.",
        PUB,
    )
    assert {s.speaker for s in x.statements} == {"Joint Task Force"}
    assert len(x.statements) == 3


def test_according_to_the_report_is_the_reports_author_once_the_text_names_it() -> None:
    x = extract(
        "The forces left three outposts in May, the latest quarterly report from the Inspector General said. "
        "The sites were handed over to local forces, according to the report.",
        PUB,
    )
    assert [s.speaker for s in x.statements] == ["Inspector General", "Inspector General"]


def test_according_to_figures_is_still_no_speaker() -> None:
    x = extract("About 900 troops are in the country, according to Pentagon figures.", PUB)
    assert x.statements == []


def test_according_to_a_source_in_a_body_keeps_the_whole_description() -> None:
    x = extract(
        "According to a high-level source in the provincial government, the order was issued on Sunday.", PUB
    )
    assert _said(x, "the order was issued").speaker == "a high-level source in the provincial government"


def test_a_clause_coordinated_by_and_may_open_with_its_speaker() -> None:
    x = extract(
        "The airdrop was preceded by strikes in the area and officials said the aircraft were not fired on.", PUB
    )
    assert _said(x, "the aircraft were not fired on").speaker == "officials"


def test_a_noun_after_said_is_no_speaker_unless_it_names_a_source() -> None:
    # "..., said the number of troops had doubled": the official said it; "the number" is the clause's subject.
    x = extract(
        "A US official, speaking on condition of anonymity, said the number of American troops had doubled.", PUB
    )
    assert [(s.speaker, s.text) for s in x.statements] == [
        ("a US official", "the number of American troops had doubled")
    ]


def test_a_speaker_named_by_role_is_the_person_named_earlier_with_that_role() -> None:
    x = extract(
        "Pentagon spokesman John Kirby said the teams had arrived. Later, the Pentagon spokesman said a third team "
        "would follow within days.",
        PUB,
    )
    st = _said(x, "a third team would follow")
    assert st.speaker == "John Kirby"
    assert st.confidence < _said(x, "the teams had arrived").confidence


def test_a_first_name_alone_is_the_person_the_article_named_in_full() -> None:
    x = extract(
        "The report came from the radio's correspondent Phil Ewing. These troops will bring the total to about "
        "900, Phil says.",
        PUB,
    )
    assert _said(x, "These troops will bring").speaker == "Phil Ewing"


def test_a_pronoun_is_never_the_speaker_shown() -> None:
    x = extract('"The base is quiet," he said.', PUB)
    assert x.statements == []


def test_the_statement_means_the_statement_a_body_was_said_to_make() -> None:
    x = extract(
        "Two drones hit the base on Thursday, the ministry said in a statement. The drones were of foreign make, "
        "according to the statement.",
        PUB,
    )
    assert [s.speaker for s in x.statements] == ["ministry", "ministry"]


def test_the_same_unnamed_source_named_again_with_the() -> None:
    x = extract(
        "A U.S. official said the wounded were part of a raiding force. Three of them are in stable condition, "
        "according to the U.S. official.",
        PUB,
    )
    assert [s.speaker for s in x.statements] == ["a U.S. official", "a U.S. official"]


def test_a_middle_initial_is_part_of_the_name_not_the_role() -> None:
    x = extract("Defense Secretary Dr. Mark T. Ester condemned the incursion, saying it endangers civilians.", PUB)
    st = _said(x, "it endangers civilians")
    assert (st.speaker, st.speaker_role) == ("Mark T. Ester", "Defense Secretary Dr.")


def test_a_long_opener_does_not_hide_the_subject_a_later_he_means() -> None:
    x = extract(
        "Given the pressure from his own party, President Ray Dolan had a clear message on Thursday. "
        "The fate of the region hangs in the balance, he said.",
        PUB,
    )
    assert _said(x, "The fate of the region").speaker == "Ray Dolan"


def test_first_before_the_verb_is_no_part_of_the_speaker() -> None:
    x = extract("The agency first reported that several soldiers were wounded in the attack.", PUB)
    assert _said(x, "several soldiers were wounded").speaker == "agency"


def test_a_role_with_no_name_is_a_weaker_attribution_than_a_named_body() -> None:
    x = extract(
        "The coalition said on Thursday that 400 marines were leaving. The spokesman said the unit's replacements "
        "were called off.",
        PUB,
    )
    assert _said(x, "400 marines were leaving").confidence > 0.9
    assert _said(x, "the unit's replacements").confidence <= 0.7


def test_an_initialism_ends_a_sentence_when_the_next_word_can_only_open_one() -> None:
    x = extract(
        "Senator Mia Ross spoke on Monday. She stressed that there is no solution led by the U.S. Sending more "
        "troops is not the answer, she said.",
        PUB,
    )
    assert _said(x, "there is no solution").text == "there is no solution led by the U.S."
    assert _said(x, "Sending more troops is not the answer").speaker == "Mia Ross"


def test_he_means_an_unnamed_source_introduced_as_a_sentence_subject() -> None:
    x = extract(
        "HOST: What are commanders saying?\n\n"
        "LARSEN: One senior military officer I spoke to, who asked not to be named, put it bluntly. He pointed "
        "out that the partner forces lost about 11,000 fighters.",
        PUB,
    )
    assert _said(x, "the partner forces lost").speaker == "one senior military officer"


@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        ("The guards will stay through the winter, according to a statement from the Kurdish-led Northern "
         "Forces.", "The guards will stay", "Kurdish-led Northern Forces"),
        ("State media quoted the defence minister as saying the withdrawal was a victory.",
         "the withdrawal was a victory", "defence minister"),
        ("The move was confirmed by a Pentagon spokesperson, who said the troops would be home by Christmas.",
         "the troops would be home", "a Pentagon spokesperson"),
        ("The spokesman for the prime minister, Basim al-Awadi, said the committee would meet again in June.",
         "the committee would meet", "Basim al-Awadi"),
        ("The Kremlin said the two presidents discussed the truce by phone, according to Tass.",
         "the two presidents discussed", "Kremlin"),
    ],
)
def test_the_speaker_is_who_said_it_not_who_carried_it(text: str, start: str, speaker: str) -> None:
    st = _said(extract(text, PUB), start)
    assert st.speaker == speaker and "according to" not in st.text


def test_a_fact_check_claim_names_the_post_that_made_it() -> None:
    x = extract(
        "Fact check: the last soldier\n\n"
        'Claim: A widely shared Facebook post says "the last soldier left the country on December 31," and credits '
        "the president with ending the war.\n\nVerdict: False. About 2,500 troops remain.",
        PUB,
    )
    st = _said(x, '"the last soldier left')
    assert st.speaker == "a widely shared Facebook post"


def test_a_plural_acronym_is_a_body_not_a_persons_name() -> None:
    x = extract("The shelling killed 18 civilians, according to international NGOs.", PUB)
    assert [(s.speaker, s.speaker_role) for s in x.statements] == [("international NGOs", None)]


def test_a_single_opening_mark_closed_by_a_double_one_is_one_quotation() -> None:
    x = extract("‘We keep debating trivia. This vote is one that matters,” Rep. Dana Cole said on Tuesday. "
                "He called the plan ‘a mess’ last week.", dt.date(2023, 3, 8))
    found = [(s.speaker, s.text, s.direct) for s in x.statements]
    assert ("Dana Cole", "We keep debating trivia. This vote is one that matters.", True) in found


def test_with_x_estimating_after_a_quotation_that_took_the_comma() -> None:
    x = extract("The larger presence has “been going on for a while,” with spokesman Maj. Gen. Lee Park estimating "
                "that the troops have been there “at least for months.”", dt.date(2024, 12, 20))
    assert [(s.speaker, s.text) for s in x.statements] == [
        ("Lee Park", "the troops have been there “at least for months.”")]


@pytest.mark.parametrize(
    ("sentence", "speaker", "text"),
    [
        ('"The mission goes on," the White House said last year.', "White House", "The mission goes on."),
        ("The force in Iraq has been cut to 2,500, according to a statement released by the Department of "
         "Defense on Friday.", "Department of Defense", "The force in Iraq has been cut to 2,500"),
        ("Once the handover is complete, the official said, the American presence will fall below 900.",
         "official", "Once the handover is complete the American presence will fall below 900"),
    ],
)
def test_more_attribution_frames(sentence: str, speaker: str, text: str) -> None:
    found = [(s.speaker, s.text) for s in extract(sentence, PUB).statements]
    assert found == [(speaker, text)]


def test_a_clause_without_its_subject_is_no_statement() -> None:
    x = extract("Washington agreed to hand over the base, a process US officials say is still under way.", PUB)
    assert x.statements == []
