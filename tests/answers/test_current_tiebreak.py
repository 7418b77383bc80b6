"""On one date, the figure an article says holds now is the current level, not the one it says held before."""

from __future__ import annotations

import datetime as dt

from briefings import answers
from briefings.models import Article
from briefings.schemas import Extraction, TroopCount
from briefings.store import content_hash, store_facts
from tests.conftest import Store

# "The US now has about 1,800 troops in Syria, down from 2,000 in the spring, an official said on Monday."
FACTS = Extraction(
    published="2024-06-04",
    troop_counts=[
        TroopCount(value=1800, qualifier="approx", status="current", date="2024-06-03",
                   evidence="The US now has about 1,800 troops in Syria"),
        TroopCount(value=2000, qualifier="exact", status="past", date="2024-06-03",
                   evidence="down from 2,000 in the spring"),
    ],
)


async def test_current_beats_past_on_the_same_date(store: Store) -> None:
    async with store.factory() as session, session.begin():
        text = "The US now has about 1,800 troops in Syria, down from 2,000 in the spring."
        art = Article(workspace="w", source="Wire", published=dt.date(2024, 6, 4), published_basis="given",
                      found_by="file", text=text, content_hash=content_hash(text))
        session.add(art)
        await session.flush()
        # Store the past figure last, so "newest stored" alone would pick it.
        await store_facts(session, art, FACTS)
    async with store.factory() as session:
        answer = await answers.troops(session=session, workspace="w", as_of=dt.date(2024, 6, 10))
    assert answer.current is not None and answer.current.value == 1800
