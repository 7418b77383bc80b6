"""Attribution inside attribution: the words belong to the innermost speaker, never the carrier.

Every sentence here is our own; none is taken from an article.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.extract import extract

PUB = dt.date(2024, 5, 15)


@pytest.mark.parametrize(
    ("text", "speaker", "words"),
    [
        ("Officials said the governor told his advisers that he wanted the guards home by Christmas.",
         "governor", "he wanted the guards home by Christmas"),
        ("Officials said President Dale Hart told Ankara in a phone call that the US would not stand in the way.",
         "Dale Hart", "the US would not stand in the way"),
        ("According to the officials, Minister Ola Brekke told commanders the drawdown would be finished by May.",
         "Ola Brekke", "the drawdown would be finished by May"),
        ("State television reported that the prime minister said the coalition would leave by September.",
         "prime minister", "the coalition would leave by September"),
    ],
)
def test_the_innermost_speaker_owns_the_words(text: str, speaker: str, words: str) -> None:
    [st] = extract(text, PUB).statements
    assert (st.speaker, st.text) == (speaker, words)
    assert st.confidence <= 0.8 or speaker == "prime minister"  # heard second-hand


@pytest.mark.parametrize(
    "text",
    [
        "The Daily Courier reported that the ministry had drawn up plans to withdraw all troops, citing two "
        "officials.",
        "The Daily Courier reported on Tuesday, citing two officials, that the ministry had drawn up plans to "
        "withdraw all troops.",
    ],
)
def test_whom_an_outlet_cites_is_no_part_of_the_words(text: str) -> None:
    [st] = extract(text, PUB).statements
    assert (st.speaker, st.text) == ("Daily Courier", "the ministry had drawn up plans to withdraw all troops")
