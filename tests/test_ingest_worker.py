"""Extraction runs in a worker process, as the bot runs it, and the facts arrive in the store."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from briefings import answers
from briefings.ingest import ingest_text
from tests.conftest import Store

ARTICLE = """Marines leave eastern outpost

The US will withdraw about 250 troops from Syria, a defense official said on Monday.
"""


async def test_ingestion_extracts_in_a_spawned_worker_process(sqlite_store: Store) -> None:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        async with sqlite_store.factory() as session, session.begin():
            result = await ingest_text(session=session, workspace="g", text=ARTICLE, source="Wire",
                                       published=dt.date(2025, 3, 4), executor=pool)
    assert result.created
    assert [t.value for t in result.troop_counts] == [250]
    async with sqlite_store.factory() as session:
        answer = await answers.troops(session=session, workspace="g", as_of=dt.date(2025, 3, 5))
    assert [(f.value, f.kind, f.direction) for f in answer.timeline] == [(250, "change", "decrease")]
