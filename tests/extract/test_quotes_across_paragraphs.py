"""Quotations that run over sentences and paragraphs, transcripts, and the edges of a paste.

Every text here is our own; none is taken from an article.
"""

from __future__ import annotations

import datetime as dt

from briefings.extract import extract
from briefings.schemas import Extraction

PUB = dt.date(2024, 5, 15)


def _pairs(x: Extraction) -> list[tuple[str, str]]:
    return [(s.speaker, s.text) for s in x.statements]


def test_a_quotation_left_open_runs_on_into_the_next_paragraph() -> None:
    x = extract(
        '"The convoy reached the crossing before dawn," Colonel Ada Brenner said. "Nobody was hurt.\n\n'
        '"The road is open again this morning."',
        PUB,
    )
    assert _pairs(x) == [
        ("Ada Brenner", "The convoy reached the crossing before dawn. Nobody was hurt. The road is open again "
                        "this morning.")
    ]


def test_a_closed_quotation_and_a_new_quoted_paragraph_are_two_statements() -> None:
    x = extract(
        '"The convoy reached the crossing before dawn," Colonel Ada Brenner said.\n\n'
        '"The road is open again this morning."',
        PUB,
    )
    assert [s.text for s in x.statements] == [
        "The convoy reached the crossing before dawn.",
        "The road is open again this morning.",
    ]
    assert x.statements[1].speaker == "Ada Brenner"
    assert x.statements[1].confidence < x.statements[0].confidence  # the speaker is carried over


def test_he_continued_joins_the_quotation_of_the_paragraph_before() -> None:
    x = extract(
        '"We have been briefing that there are about 900 troops," spokesman Lt. Col. Rob Hale told reporters.\n\n'
        '"We recently learned that the number is higher," he continued.',
        PUB,
    )
    assert _pairs(x) == [
        ("Rob Hale", "We have been briefing that there are about 900 troops. We recently learned that the number "
                     "is higher.")
    ]


def test_he_added_after_an_indirect_statement_is_a_statement_of_its_own() -> None:
    x = extract(
        'Colonel Rob Hale said the drill was a warning. "Our reinforcements are close by," he added.', PUB
    )
    assert [s.text for s in x.statements] == ["the drill was a warning", "Our reinforcements are close by."]


# ---------------------------------------------------------------- transcripts
TRANSCRIPT = """Press briefing

MAJOR GENERAL INGRID SOLBERG: Afternoon, everybody.

Q: Hello.

GEN. SOLBERG: Thank you all very much for coming out this afternoon. \
The first two training teams have arrived in the capital this week. \
A third team of about 40 people will follow within days. That is all for now.
"""


def test_a_short_transcript_answer_is_one_statement_of_the_labelled_speaker() -> None:
    # A turn of a few sentences is one sound bite; greetings and thanks are nobody's statement.
    x = extract(TRANSCRIPT, PUB)
    assert _pairs(x) == [
        ("Ingrid Solberg", "The first two training teams have arrived in the capital this week. A third team of "
         "about 40 people will follow within days. That is all for now."),
    ]


def test_each_sentence_of_a_long_transcript_answer_is_a_statement_of_the_labelled_speaker() -> None:
    long_answer = (
        "Press briefing\n\nGEN. SOLBERG: The first two training teams have arrived in the capital this week, "
        "and they have already met their counterparts at the ministry and at the two academies outside the city. "
        "A third team of about 40 people will follow within days, once the last of the equipment has cleared "
        "customs at the port. We expect the whole mission to be in place before the end of the month, and we "
        "will say more about its size when it is.\n"
    )
    texts = [t for _, t in _pairs(extract(long_answer, PUB))]
    assert len(texts) == 3 and texts[1].startswith("A third team of about 40 people will follow within days")


# ---------------------------------------------------------------- the edges of a paste
def test_a_quotation_cut_off_by_the_end_of_the_paste_is_dropped_when_short() -> None:
    x = extract(
        "The minister spoke on Monday.\n\n"
        'Speaking at the border crossing north of the town, Minister Jan Olsen said: "We are still working with',
        PUB,
    )
    assert x.statements == []


def test_a_long_quotation_cut_off_by_the_end_of_the_paste_is_kept_as_doubtful() -> None:
    x = extract(
        "The patrols met on the road north of the town on Tuesday morning.\n\n"
        'Minister Ola Brekke said: "Unsafe actions like this represent a breach of the protocols agreed by both',
        PUB,
    )
    assert [s.speaker for s in x.statements] == ["Ola Brekke"]
    assert x.statements[0].confidence < 0.7


def test_a_list_of_headlines_after_the_article_makes_no_statements() -> None:
    x = extract(
        "The army said two soldiers were hurt in the blast.\n\n"
        "Related\n\n"
        "Minister Jan Olsen told reporters the ceasefire talks would resume next week in the capital\n\n"
        "By STAFF\n\n"
        "Lowering tensions in the region starts with a border deal, Minister Jan Olsen says in Geneva\n\n"
        "Read more",
        PUB,
    )
    assert _pairs(x) == [("army", "two soldiers were hurt in the blast")]


def test_a_nickname_in_quotation_marks_is_part_of_the_name() -> None:
    x = extract(
        'Gen. Michael "Mad Dog" Durrell, commander of the task force, said in testimony on Tuesday that there '
        "have been 40 attacks on the bases since January.",
        PUB,
    )
    assert _pairs(x) == [('Michael "Mad Dog" Durrell', "there have been 40 attacks on the bases since January")]


def test_a_broadcast_hosts_and_correspondents_narrate_and_their_reports_are_found() -> None:
    text = (
        "Broadcast\n\n"
        "PRESIDENT JOHN DOE: We have done what we came to do. The job is finished. Now our troops come home.\n\n"
        "LANE: Some 900 U.S. troops are in Syria. Only last week, senior officials were saying the troops were "
        "still needed there.\n\n"
        "KAREN ROSS, BYLINE: Military officials told me they expected months more of fighting.\n"
    )
    found = _pairs(extract(text, PUB))
    assert ("John Doe", "We have done what we came to do. The job is finished. Now our troops come home.") in found
    assert ("senior officials", "the troops were still needed there") in found
    assert ("Military officials", "they expected months more of fighting") in found
    # The host's and the correspondent's own words are not statements of the president (nor theirs).
    assert not [t for who, t in found if "900" in t or (who == "John Doe" and "officials" in t)]
